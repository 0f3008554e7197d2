//! Agreement with real LuaJIT: the same program's trace events under the embedded
//! LuaJIT (`jit.attach`) and under hotsim's VM with `cumulative`, aligned and scored
//! (`hotsim luajit`).
//!
//! Events are compared by what both systems can name: where a trace starts
//! (`chunk:line`), whether it is a loop or a function trace, a side trace's parent (by
//! the parent's start) and an abort's reason class. Scores are longest common
//! subsequences over LuaJIT's sequence (and the reverse), so an extra or missing event
//! costs one, not everything after it.

use hotsim_policies::{Params, registry};
use hotsim_vm::{JitParams, TraceEventKind, Vm, VmConfig};
use mlua::{Lua, LuaOptions, StdLib, Value as LuaValue};
use serde::Serialize;
use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

/// Why a program could not be run under LuaJIT or hotsim for a comparison or a
/// recording.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LuajitError {
    /// The program cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The program.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// LuaJIT reported an error.
    #[error("{0}")]
    Lua(String),
    /// A JIT parameter for hotsim's side is unknown or out of range.
    #[error(transparent)]
    Params(#[from] hotsim_vm::jit::JitParamError),
    /// A policy parameter for hotsim's side is unknown or out of range.
    #[error(transparent)]
    Policy(#[from] hotsim_policies::registry::BuildError),
    /// hotsim's VM failed to run the program.
    #[error("{0}")]
    Hotsim(hotsim_vm::ExecError),
}

/// The exit number of a stitched trace's start: LuaJIT 2.1 reports -1 for a trace that
/// continues its parent after a library call it does not compile (`-jv` prints
/// `(N/stitch)`).
pub const STITCH: u32 = u32::MAX;

/// A trace event as both systems report it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JvEvent {
    /// `trace` (compiled), `abort` or `flush`.
    pub event: &'static str,
    /// Trace number (0 for aborts and flushes).
    pub trace: u32,
    /// Parent trace and exit of a side trace (0, 0 for roots; the exit is [`STITCH`]
    /// for a stitched trace).
    pub parent: (u32, u32),
    /// Where the trace starts, `chunk:line`.
    pub location: String,
    /// The link (`loop`, `return`, `-> N`, ...) or the abort reason.
    pub detail: String,
}

impl JvEvent {
    /// The event as LuaJIT's `-jv` prints it.
    pub fn jv(&self) -> String {
        let ex = match self.parent {
            (0, _) => String::new(),
            (p, STITCH) => format!("({p}/stitch) "),
            (p, e) => format!("({p}/{e}) "),
        };
        match self.event {
            "trace" => format!(
                "[TRACE {:>3} {ex}{} {}]",
                self.trace, self.location, self.detail
            ),
            "abort" => format!("[TRACE --- {ex}{} -- {}]", self.location, self.detail),
            _ => "[TRACE flush]".to_string(),
        }
    }
}

/// `chunk:line` with the chunk's folders dropped: LuaJIT shortens long chunk names, so
/// locations are compared by file name and line.
pub fn short_location(loc: &str) -> String {
    loc.rsplit('/').next().unwrap_or(loc).to_string()
}

/// A short class of an abort reason, the same for both systems' wording.
pub fn reason_class(reason: &str) -> &'static str {
    if reason.contains("loop in root trace") {
        "loop"
    } else if reason.starts_with("NYI") {
        "nyi"
    } else if reason.contains("unroll")
        || reason.contains("too long")
        || reason.contains("too deep")
        || reason.contains("snapshots")
    {
        "limit"
    } else if reason.contains("recursion") {
        "recursion"
    } else {
        "other"
    }
}

/// LuaJIT's trace error messages by number (the vendored LuaJIT 2.1's `lj_traceerr.h`
/// order).
const TRACE_ERRORS: &[&str] = &[
    "error thrown or hook called during recording",
    "trace too short",
    "trace too long",
    "trace too deep",
    "too many snapshots",
    "blacklisted",
    "retry recording",
    "NYI: bytecode %s",
    "leaving loop in root trace",
    "inner loop in root trace",
    "loop unroll limit reached",
    "bad argument type",
    "JIT compilation disabled for function",
    "call unroll limit reached",
    "down-recursion, restarting",
    "NYI: unsupported variant of FastFunc %s",
    "NYI: return to lower frame",
    "store with nil or NaN key",
    "missing metamethod",
    "looping index lookup",
    "NYI: mixed sparse/dense table",
    "symbol not in cache",
    "NYI: unsupported C type conversion",
    "NYI: unsupported C function type",
    "guard would always fail",
    "too many PHIs",
    "persistent type instability",
    "failed to allocate mcode memory",
    "machine code too long",
    "hit mcode limit (retrying)",
    "too many spill slots",
    "inconsistent register allocation",
    "NYI: cannot assemble IR instruction %d",
    "NYI: PHI shuffling too complex",
    "NYI: register coalescing too complex",
];

/// The error `os.exit` raises inside the embedded LuaJIT to end the program.
const EXIT_MARK: &str = "hotsim: os.exit called";

/// A run's trace events and output.
#[derive(Clone, Debug, Serialize)]
pub struct Run {
    /// Trace events in order.
    pub events: Vec<JvEvent>,
    /// What the program printed.
    pub stdout: String,
}

/// A program's chunk name (its path as given) and source.
pub(crate) fn read_program(path: &Path) -> Result<(String, Vec<u8>), LuajitError> {
    let chunk = path.display().to_string();
    let source = std::fs::read(path).map_err(|source| LuajitError::Io {
        path: chunk.clone(),
        source,
    })?;
    Ok((chunk, source))
}

/// Run `path` under the embedded LuaJIT with `-O` parameters from `jit` (hotloop,
/// hotexit, ...), capturing trace events and output.
pub fn run_luajit(
    path: &Path,
    args: &[String],
    opts: &[(String, String)],
) -> Result<Run, LuajitError> {
    let (chunk, source) = read_program(path)?;
    let lua_err = |e: mlua::Error| LuajitError::Lua(e.to_string());
    // SAFETY: the `jit` library is needed for `jit.attach`; only this program runs in
    // the state, and it is dropped before returning.
    let lua = unsafe { Lua::unsafe_new_with(StdLib::ALL, LuaOptions::default()) };
    let out = Rc::new(RefCell::new(String::new()));
    // Output goes through C functions, as LuaJIT's own print and io.write are.
    let o = out.clone();
    let print = lua
        .create_function(move |lua, args: mlua::MultiValue| {
            let tostring: mlua::Function = lua.globals().get("tostring")?;
            let mut parts = Vec::new();
            for v in args {
                parts.push(tostring.call::<String>(v)?);
            }
            let mut o = o.borrow_mut();
            o.push_str(&parts.join("\t"));
            o.push('\n');
            Ok(())
        })
        .map_err(lua_err)?;
    let o = out.clone();
    let write = lua
        .create_function(move |_, args: mlua::MultiValue| {
            for v in args {
                match v {
                    LuaValue::String(s) => o.borrow_mut().push_str(&s.to_string_lossy()),
                    LuaValue::Integer(i) => o
                        .borrow_mut()
                        .push_str(&hotsim_vm::stdlib::numconv::number_to_string(i as f64)),
                    LuaValue::Number(n) => o
                        .borrow_mut()
                        .push_str(&hotsim_vm::stdlib::numconv::number_to_string(n)),
                    _ => {}
                }
            }
            // LuaJIT 2.1 beta3's io.write returns true.
            Ok(true)
        })
        .map_err(lua_err)?;
    lua.globals().set("print", print).map_err(lua_err)?;
    // os.exit would end hotsim itself: it ends the program instead.
    let exit = lua
        .create_function(|_, _: mlua::MultiValue| -> mlua::Result<()> {
            Err(mlua::Error::RuntimeError(EXIT_MARK.into()))
        })
        .map_err(lua_err)?;
    let os: mlua::Table = lua.globals().get("os").map_err(lua_err)?;
    os.set("exit", exit).map_err(lua_err)?;
    let io: mlua::Table = lua.globals().get("io").map_err(lua_err)?;
    io.set("write", write).map_err(lua_err)?;
    // io.stdout writes through the same capture: a stand-in with the standard file's
    // methods and results (write returns true, close refuses), printing as a file.
    lua.load(
        r#"
local write = io.write
local methods = {
  write = function(_, ...) return write(...) end,
  flush = function() return true end,
  setvbuf = function() return true end,
  close = function() return nil, "cannot close standard file" end,
}
io.stdout = setmetatable({}, {
  __index = methods,
  __tostring = function() return "file (0x00000000)" end,
})
"#,
    )
    .set_name("=hotsim-stdout")
    .exec()
    .map_err(lua_err)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let pkg: mlua::Table = lua.globals().get("package").map_err(lua_err)?;
        pkg.set("path", format!("{}/?.lua;./?.lua", dir.display()))
            .map_err(lua_err)?;
    }
    let mut setup = String::from("local jit = require('jit')\njit.opt.start(");
    setup += &opts
        .iter()
        .map(|(k, v)| format!("'{k}={v}'"))
        .collect::<Vec<_>>()
        .join(", ");
    setup += r#")
local ju = require('jit.util')
local ev = {}
__hotsim_events = ev
local function loc(func, pc)
  local i = ju.funcinfo(func, pc)
  return i.loc or '?'
end
jit.attach(function(what, tr, func, pc, otr, oex)
  if what == 'start' then
    ev[#ev + 1] = { 'start', tr, loc(func, pc), otr or 0, oex or 0 }
  elseif what == 'stop' then
    local i = ju.traceinfo(tr)
    ev[#ev + 1] = { 'stop', tr, i.link, i.linktype }
  elseif what == 'abort' then
    ev[#ev + 1] = { 'abort', tr, loc(func, pc), otr, tostring(oex) }
  elseif what == 'flush' then
    ev[#ev + 1] = { 'flush' }
  end
end, 'trace')
"#;
    lua.load(&setup)
        .set_name("=hotsim-setup")
        .exec()
        .map_err(lua_err)?;
    // As the luajit command does: `arg[0]` the script, `arg[1..]` and `...` its arguments.
    let arg = lua.create_table().map_err(lua_err)?;
    arg.set(0, chunk.as_str()).map_err(lua_err)?;
    for (i, a) in args.iter().enumerate() {
        arg.set(i + 1, a.as_str()).map_err(lua_err)?;
    }
    lua.globals().set("arg", arg).map_err(lua_err)?;
    let varargs = mlua::MultiValue::from_iter(
        args.iter()
            .map(|a| lua.create_string(a).map(LuaValue::String))
            .collect::<mlua::Result<Vec<_>>>()
            .map_err(lua_err)?,
    );
    let result = lua
        .load(&source[..])
        .set_name(format!("@{chunk}"))
        .call::<()>(varargs);
    lua.load("require('jit').attach(function() end)")
        .exec()
        .map_err(lua_err)?;
    if let Err(e) = result
        && !e.to_string().contains(EXIT_MARK)
    {
        return Err(LuajitError::Lua(e.to_string()));
    }
    let raw: mlua::Table = lua.globals().get("__hotsim_events").map_err(lua_err)?;
    let mut events = Vec::new();
    let mut starts: std::collections::HashMap<i64, (String, u32, u32)> = Default::default();
    // A parent or exit that is no trace or exit number (a stitch's -1) is a stitch.
    let number = |n: i64| u32::try_from(n).unwrap_or(STITCH);
    for row in raw.sequence_values::<mlua::Table>() {
        let row = row.map_err(lua_err)?;
        let what: String = row.get(1).map_err(lua_err)?;
        match what.as_str() {
            "start" => {
                let tr: i64 = row.get(2).map_err(lua_err)?;
                let (parent, exit): (i64, i64) =
                    (row.get(4).map_err(lua_err)?, row.get(5).map_err(lua_err)?);
                let location = row.get(3).map_err(lua_err)?;
                starts.insert(tr, (location, number(parent), number(exit)));
            }
            "stop" => {
                let tr: i64 = row.get(2).map_err(lua_err)?;
                let link: i64 = row.get(3).map_err(lua_err)?;
                let ltype: String = row.get(4).map_err(lua_err)?;
                let (location, p, e) = starts.remove(&tr).unwrap_or_default();
                let detail = if link == tr || link == 0 {
                    ltype
                } else if ltype == "root" {
                    format!("-> {link}")
                } else {
                    format!("-> {link} {ltype}")
                };
                events.push(JvEvent {
                    event: "trace",
                    trace: tr as u32,
                    parent: (p, e),
                    location,
                    detail,
                });
            }
            "abort" => {
                let tr: i64 = row.get(2).map_err(lua_err)?;
                let code: i64 = row.get(4).map_err(lua_err)?;
                let extra: String = row.get(5).map_err(lua_err)?;
                let (location, p, e) = starts.remove(&tr).unwrap_or_default();
                let msg = TRACE_ERRORS.get(code as usize).copied().unwrap_or("?");
                let detail = msg.replace("%s", &extra).replace("%d", &extra);
                events.push(JvEvent {
                    event: "abort",
                    trace: 0,
                    parent: (p, e),
                    location,
                    detail,
                });
            }
            _ => events.push(JvEvent {
                event: "flush",
                trace: 0,
                parent: (0, 0),
                location: String::new(),
                detail: String::new(),
            }),
        }
    }
    let stdout = out.borrow().clone();
    Ok(Run { events, stdout })
}

/// Run `path` under hotsim's VM with `cumulative` and `params` (policy and JIT keys).
pub fn run_hotsim(
    path: &Path,
    args: &[String],
    params: &[(String, String)],
) -> Result<Run, LuajitError> {
    let (chunk, source) = read_program(path)?;
    let (p, jit): (Params, JitParams) =
        crate::engine::split_params(params.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let out = Rc::new(RefCell::new(Vec::new()));
    let mut vm = Vm::new(VmConfig {
        policy: registry::build("cumulative", &p)?,
        stdout: Box::new(SharedBuf(out.clone())),
        script_args: std::iter::once(chunk.clone())
            .chain(args.iter().cloned())
            .collect(),
        script_dir: path.parent().map(|d| d.to_path_buf()),
        max_instructions: Some(20_000_000_000),
        jit,
        ..VmConfig::default()
    });
    match vm.run_script(&source, &chunk) {
        // Like the LuaJIT side, os.exit ends the program.
        Ok(_) | Err(hotsim_vm::ExecError::Exit(_)) => {}
        Err(e) => return Err(LuajitError::Hotsim(e)),
    }
    vm.flush_output();
    let events = vm
        .trace_events()
        .iter()
        .filter(|e| e.kind != TraceEventKind::Blacklist)
        .map(|e| JvEvent {
            event: match e.kind {
                TraceEventKind::Stop => "trace",
                TraceEventKind::Abort => "abort",
                _ => "flush",
            },
            trace: u32::from(e.trace),
            parent: (u32::from(e.parent.0), u32::from(e.parent.1)),
            location: short_location(&e.location),
            detail: e.detail.clone(),
        })
        .collect();
    let stdout = String::from_utf8_lossy(&out.borrow()).into_owned();
    Ok(Run { events, stdout })
}

struct SharedBuf(Rc<RefCell<Vec<u8>>>);

impl std::io::Write for SharedBuf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One score: the longest common subsequence over each side's length.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    /// Events of this kind LuaJIT had.
    pub luajit: usize,
    /// Events of this kind hotsim had.
    pub hotsim: usize,
    /// Of LuaJIT's, in order, how many hotsim also has (LCS / LuaJIT's count; 1 if none).
    pub of_luajit: f64,
    /// The reverse (LCS / hotsim's count).
    pub of_hotsim: f64,
}

fn lcs<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        prev = cur;
    }
    prev[b.len()]
}

fn score<T: PartialEq>(a: &[T], b: &[T]) -> Score {
    let l = lcs(a, b) as f64;
    let ratio = |n: usize| if n == 0 { 1.0 } else { l / n as f64 };
    Score {
        luajit: a.len(),
        hotsim: b.len(),
        of_luajit: ratio(a.len()),
        of_hotsim: ratio(b.len()),
    }
}

/// How well a hotsim run agrees with a LuaJIT run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    /// Root traces keyed by (start, loop or function).
    pub roots: Score,
    /// Side traces keyed by (parent's start, own start).
    pub sides: Score,
    /// Aborts keyed by (start, reason class).
    pub aborts: Score,
    /// Whether both compiled the same number of traces.
    pub same_trace_count: bool,
    /// Whether both printed the same output.
    pub same_output: bool,
}

/// Score `hs` against `lj`.
pub fn agreement(lj: &Run, hs: &Run) -> Agreement {
    let kind = |e: &JvEvent| {
        if e.detail.contains("return") || e.detail.contains("recursion") {
            "call"
        } else {
            "loop"
        }
    };
    let start_of = |run: &Run, t: u32| {
        run.events
            .iter()
            .find(|e| e.event == "trace" && e.trace == t)
            .map(|e| e.location.clone())
            .unwrap_or_default()
    };
    let roots = |r: &Run| -> Vec<(String, &'static str)> {
        r.events
            .iter()
            .filter(|e| e.event == "trace" && e.parent.0 == 0)
            .map(|e| (e.location.clone(), kind(e)))
            .collect()
    };
    let sides = |r: &Run| -> Vec<(String, String)> {
        r.events
            .iter()
            .filter(|e| e.event == "trace" && e.parent.0 != 0)
            .map(|e| (start_of(r, e.parent.0), e.location.clone()))
            .collect()
    };
    let aborts = |r: &Run| -> Vec<(String, &'static str)> {
        r.events
            .iter()
            .filter(|e| e.event == "abort")
            .map(|e| (e.location.clone(), reason_class(&e.detail)))
            .collect()
    };
    let count = |r: &Run| r.events.iter().filter(|e| e.event == "trace").count();
    Agreement {
        roots: score(&roots(lj), &roots(hs)),
        sides: score(&sides(lj), &sides(hs)),
        aborts: score(&aborts(lj), &aborts(hs)),
        same_trace_count: count(lj) == count(hs),
        same_output: lj.stdout == hs.stdout,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(event: &'static str, trace: u32, parent: u32, loc: &str, detail: &str) -> JvEvent {
        JvEvent {
            event,
            trace,
            parent: (parent, 1),
            location: loc.into(),
            detail: detail.into(),
        }
    }

    #[test]
    fn lcs_scores_count_missing_and_extra_events_once() {
        let a = Run {
            events: vec![
                ev("trace", 1, 0, "p:1", "loop"),
                ev("trace", 2, 0, "p:5", "loop"),
                ev("trace", 3, 1, "p:2", "-> 1"),
            ],
            stdout: "x\n".into(),
        };
        let mut b = a.clone();
        b.events.remove(1);
        b.events[1].trace = 2;
        let s = agreement(&a, &b);
        assert_eq!(s.roots.of_luajit, 0.5);
        assert_eq!(s.roots.of_hotsim, 1.0);
        assert_eq!(s.sides.of_luajit, 1.0);
        assert!(!s.same_trace_count && s.same_output);
        assert_eq!(reason_class("NYI: bytecode 51"), "nyi");
        assert_eq!(reason_class("leaving loop in root trace"), "loop");
    }
}
