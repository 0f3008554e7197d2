//! `hotsim record-luajit`: a program's hot-point hits under real LuaJIT (embedded, mlua
//! with its vendored LuaJIT 2.1), as a recorded branch-frequency workload.
//!
//! [`record`] runs a program under LuaJIT with debug hooks and counts, per site and per
//! bucket of real time, the loop back-edges it takes and the Lua functions it enters,
//! in the recorded branch-frequency format. A back-edge is a line event that does not
//! move forward within the same activation (LuaJIT fires one on every backward jump;
//! the line event on resuming after a call is not one); a loop's site is `chunk:line`
//! where the line number stops increasing (its `for` line, where FORL sits, or the line
//! its back-edge lands on), a function's is its definition line.
//!
//! Differences from LuaJIT's own hot counting: hooks see the back-edges taken, so a loop
//! run n times counts n - 1 (FORL ticks n times, once more as it exits); vararg
//! functions are counted though LuaJIT never ticks them; with hooks active LuaJIT's JIT
//! does not compile, so the times are the interpreter's.

use crate::luajit::LuajitError;
use hotsim_policies::VTime;
use hotsim_workloads::recorded::Recording;
use mlua::debug::HookTriggers;
use mlua::{Lua, VmState};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;
use std::time::Instant;

#[derive(Default)]
struct HookState {
    /// Last line seen per stack depth (the activation at that depth).
    last_line: Vec<Option<usize>>,
    /// (location, kind) -> hits per bucket.
    hits: BTreeMap<(String, &'static str), BTreeMap<u64, u64>>,
}

/// The depth of the running function's frame (level 0 is the running function).
fn stack_depth(lua: &Lua) -> usize {
    let exists = |level: usize| lua.inspect_stack(level, |_| ()).is_some();
    let mut hi = 1;
    while exists(hi) {
        hi *= 2;
    }
    let mut lo = hi / 2;
    // Invariant: level lo exists, level hi does not.
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if exists(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Run `path` under real LuaJIT and record its hot-point hits in buckets of `bucket` of
/// real time.
pub fn record(path: &Path, bucket: VTime) -> Result<Recording, LuajitError> {
    let (chunk, source) = crate::luajit::read_program(path)?;
    let lua = Lua::new();
    let state = Rc::new(RefCell::new(HookState::default()));
    let start = Instant::now();
    let st = state.clone();
    let bucket_ns = bucket.as_ns().max(1);
    lua.set_hook(
        HookTriggers::new().on_calls().on_returns().every_line(),
        move |lua, d| {
            let src = d.source();
            let short = src.short_src.as_deref().unwrap_or("?");
            let event = d.event();
            let depth = stack_depth(lua);
            let mut s = st.borrow_mut();
            s.last_line.truncate(depth + 1);
            s.last_line.resize(depth + 1, None);
            if short == "[C]" {
                // Library functions are not sites, and LuaJIT reports no return from them:
                // the caller's next line event is its resumption, not a back-edge.
                if depth > 0 {
                    s.last_line[depth - 1] = None;
                }
                return Ok(VmState::Continue);
            }
            let b = start.elapsed().as_nanos() as u64 / bucket_ns;
            match event {
                mlua::debug::DebugEvent::Call => {
                    s.last_line[depth] = None;
                    // The main chunk is a vararg function: it never ticks.
                    if let Some(def) = src.line_defined.filter(|&l| l > 0) {
                        *s.hits
                            .entry((format!("{short}:{def}"), "call"))
                            .or_default()
                            .entry(b)
                            .or_insert(0) += 1;
                    }
                }
                mlua::debug::DebugEvent::Ret | mlua::debug::DebugEvent::TailCall
                    // LuaJIT fires a line event when execution resumes in the caller; it is
                    // not a back-edge.
                    if depth > 0 => {
                        s.last_line[depth - 1] = None;
                    }
                mlua::debug::DebugEvent::Line => {
                    let line = d.current_line().unwrap_or(0);
                    if s.last_line[depth].is_some_and(|prev| line <= prev) {
                        *s.hits
                            .entry((format!("{short}:{line}"), "loop"))
                            .or_default()
                            .entry(b)
                            .or_insert(0) += 1;
                    }
                    s.last_line[depth] = Some(line);
                }
                _ => {}
            }
            Ok(VmState::Continue)
        },
    )
    .map_err(|e| LuajitError::Lua(e.to_string()))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // Let `require` find modules next to the program, as `luajit prog.lua` run from
        // the program's folder would.
        let pkg: mlua::Table = lua
            .globals()
            .get("package")
            .map_err(|e| LuajitError::Lua(e.to_string()))?;
        let path_str = format!("{}/?.lua;./?.lua", dir.display());
        pkg.set("path", path_str)
            .map_err(|e| LuajitError::Lua(e.to_string()))?;
    }
    lua.load(&source[..])
        .set_name(format!("@{chunk}"))
        .exec()
        .map_err(|e| LuajitError::Lua(e.to_string()))?;
    lua.remove_hook();
    let state = state.borrow();
    let mut rec = Recording::new(bucket);
    // Site ids: 1, 2, ... in order of location, then kind.
    for (id, ((location, kind), hits)) in state.hits.iter().enumerate() {
        for (b, n) in hits {
            rec.hit(
                id as u64 + 1,
                kind,
                || location.clone(),
                VTime(b * bucket_ns),
                *n,
            );
        }
    }
    Ok(rec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_back_edges_and_calls_per_site() {
        let dir = std::env::temp_dir().join(format!("hotsim-lj-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let prog = dir.join("p.lua");
        std::fs::write(
            &prog,
            "local function f(x) return x + 1 end\n\
             local function t(n) if n == 0 then return 0 end return t(n - 1) end\n\
             local s = 0\n\
             for i = 1, 1000 do s = f(s) end\n\
             t(30)\n\
             local i = 0\n\
             while i < 10 do\n  i = i + 1\nend\n\
             for a = 1, 5 do\n  for b = 1, 4 do s = s + b end\nend\n\
             for _, v in ipairs({1, 2, 3, 4, 5, 6}) do\n  s = s + v\nend\n\
             repeat\n  i = i - 1\nuntil i == 0\n",
        )
        .unwrap();
        let rec = record(&prog, VTime::from_secs(3600)).unwrap();
        let total = |loc: &str, kind: &str| -> u64 {
            rec.sites
                .values()
                .filter(|s| s.location.ends_with(loc) && s.kind == kind)
                .map(|s| s.hits.values().sum::<u64>())
                .sum()
        };
        assert_eq!(total("p.lua:1", "call"), 1000);
        assert_eq!(total("p.lua:4", "loop"), 999);
        assert_eq!(total("p.lua:2", "call"), 31);
        // The while loop jumps back from line 8 to its test on line 7, 10 times.
        assert_eq!(total("p.lua:7", "loop"), 10);
        // Nested loops on lines 10-12: the outer FORL sits on the `for` line and runs 5
        // times (the last one exits); the one-line inner loop jumps back 3 times per run.
        assert_eq!(total("p.lua:10", "loop"), 5);
        assert_eq!(total("p.lua:11", "loop"), 15);
        // ipairs over 6 items (lines 13-15): back on the `for` line after each item.
        assert_eq!(total("p.lua:13", "loop"), 6);
        // Calls of library functions (ipairs and its iterator) are not sites.
        assert!(rec.sites.values().all(|s| !s.location.contains("[C]")));
        // repeat (lines 16-18): 10 iterations, 9 jumps back to the `repeat` line.
        assert_eq!(total("p.lua:16", "loop"), 9);
    }
}
