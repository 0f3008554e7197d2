//! The tracing JIT's mechanisms, exactly as `reference/luajit-hotness.md` states them,
//! and its trace events against real LuaJIT's `-jv` output.
//!
//! Every program in `vm/tests/jit/` runs under the `luajit` binary with `-jv` and under
//! hotsim with `--jv`; the `[TRACE ...]` lines must be identical (one test per program).
//! The other tests check one mechanism each through the VM's API.

use hotsim_policies::{Params, VTime, registry};
use hotsim_vm::{JitParams, Stats, TraceEvent, TraceEventKind, Vm, VmConfig};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::PathBuf;
use std::process::Command;

mod common;
use common::Capture;

fn jit_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/jit")
}

struct Run {
    stdout: String,
    jv: String,
    stats: Stats,
    events: Vec<TraceEvent>,
    vm_hits: Vec<(u32, u64)>,
}

fn run(src: &str, chunk: &str, policy: &str, params: &[(&str, &str)]) -> Run {
    let mut p = Params::new();
    let mut jit = JitParams::default();
    for (k, v) in params {
        if JitParams::is_param(k) {
            jit.set(k, v).unwrap();
        } else {
            p.set(*k, *v);
        }
    }
    let (out, jv) = (Capture::default(), Capture::default());
    let mut vm = Vm::new(VmConfig {
        policy: registry::build(policy, &p).unwrap(),
        stdout: Box::new(out.clone()),
        jv: Some(Box::new(jv.clone())),
        max_instructions: Some(500_000_000),
        hit_log_bucket: Some(VTime::from_secs(1000)),
        jit,
        ..VmConfig::default()
    });
    vm.run_chunk(src.as_bytes(), chunk).unwrap();
    vm.flush_output();
    let vm_hits = vm
        .hit_log()
        .map(|h| {
            h.sites
                .values()
                .map(|s| (s.line, s.hits.values().sum::<u64>()))
                .collect()
        })
        .unwrap_or_default();
    Run {
        stdout: String::from_utf8_lossy(&out.0.borrow()).into_owned(),
        jv: String::from_utf8_lossy(&jv.0.borrow()).into_owned(),
        stats: vm.stats(),
        events: vm.trace_events().to_vec(),
        vm_hits,
    }
}

fn trace_lines(s: &str) -> Vec<String> {
    s.lines()
        .filter(|l| l.starts_with("[TRACE"))
        .map(str::to_string)
        .collect()
}

/// `luajit -jv FILE` and `hotsim --jv FILE` print the same trace events and output.
fn agrees_with_luajit(file: &str) -> Result<(), Failed> {
    let dir = jit_dir();
    let out = Command::new("luajit")
        .arg("-jv")
        .arg(file)
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("cannot run luajit ({e}); install it: apt-get install luajit"))?;
    let want = trace_lines(&String::from_utf8_lossy(&out.stderr));
    let src = std::fs::read_to_string(dir.join(file)).map_err(|e| e.to_string())?;
    let got = run(&src, file, "cumulative", &[]);
    if got.stdout != String::from_utf8_lossy(&out.stdout) {
        return Err(format!("{file}: output differs from luajit's").into());
    }
    let have = trace_lines(&got.jv);
    if want != have {
        return Err(format!(
            "{file}: trace events differ\nluajit:\n{}\nhotsim:\n{}",
            want.join("\n"),
            have.join("\n")
        )
        .into());
    }
    Ok(())
}

fn kinds(r: &Run) -> Vec<(TraceEventKind, String)> {
    r.events
        .iter()
        .map(|e| (e.kind, e.detail.clone()))
        .collect()
}

fn loop_with_closure() -> &'static str {
    "local n = 0\nfor i = 1, 1000000 do\n  local f = function() return i end\n  n = n + 1\nend\nprint(n)\n"
}

/// A named mechanism test.
type Test = (&'static str, fn() -> Result<(), Failed>);

/// Every mechanism test.
fn mechanism_tests() -> Vec<Test> {
    let mut tests = penalty_and_side_trace_tests();
    tests.extend(cache_recursion_and_cost_tests());
    tests
}

/// Penalties, blacklisting, side traces and stubs.
fn penalty_and_side_trace_tests() -> Vec<Test> {
    vec![
        ("penalties_blacklist_on_the_11th_consecutive_abort", || {
            let r = run(loop_with_closure(), "t.lua", "cumulative", &[]);
            assert_eq!(r.stdout, "1000000\n");
            assert_eq!(r.stats.aborts, 11, "{:?}", kinds(&r));
            assert_eq!(r.stats.blacklisted, 1);
            assert_eq!(r.events.last().unwrap().kind, TraceEventKind::Blacklist);
            // RaptorJIT's PENALTY_MAX of 6e6 allows seven more doublings.
            let r = run(
                loop_with_closure(),
                "t.lua",
                "cumulative",
                &[("penaltymax", "6000000")],
            );
            assert_eq!(r.stats.aborts, 18);
            Ok(())
        }),
        ("penalty_waits_grow_by_doubling", || {
            // The back-edge of each abort: a penalty P makes the loop wait P/2 more.
            let src = "local n = 0\nfor i = 1, 1000000 do\n  local f = function() return i end\n  n = n + 1\n  if hotsim then hotsim.work(1) end\nend\n";
            let r = run(src, "t.lua", "cumulative", &[]);
            let t: Vec<u64> = r
                .events
                .iter()
                .filter(|e| e.kind == TraceEventKind::Abort)
                .map(|e| e.time.as_ns())
                .collect();
            // Eleven aborts (the last one blacklists) give nine ratios of gaps to check.
            assert_eq!(t.len(), 11, "abort times {t:?}");
            let gaps: Vec<u64> = t.windows(2).map(|w| w[1] - w[0]).collect();
            for g in gaps.windows(2) {
                let ratio = g[1] as f64 / g[0] as f64;
                assert!((1.7..2.3).contains(&ratio), "gaps {gaps:?}");
            }
            Ok(())
        }),
        ("a_side_trace_grows_after_hotexit_exits", || {
            // The branch is taken on exactly `n` iterations, after the loop compiled.
            let src = |n: u32| {
                format!(
                    "local hit = {{}}\nfor k = 1, {n} do hit[600 + 7 * k] = true end\nlocal x = 0\nfor i = 1, 1000 do\n  if hit[i] then\n    x = x + 1\n  end\nend\nprint(x)\n"
                )
            };
            let sides =
                |n, p: &[(&str, &str)]| run(&src(n), "t.lua", "cumulative", p).stats.side_traces;
            assert_eq!(sides(9, &[]), 0);
            assert_eq!(sides(10, &[]), 1);
            assert_eq!(sides(2, &[("hotexit", "3")]), 0);
            assert_eq!(sides(3, &[("hotexit", "3")]), 1);
            Ok(())
        }),
        (
            "a_stub_falls_back_to_the_interpreter_after_tryside_attempts",
            || {
                // The turned branch writes output, which no trace compiles: every attempt at
                // a side trace aborts, and after `tryside` of them a stub is compiled.
                let src = "local x = 0\nfor i = 1, 2000 do\n  if i > 1000 then\n    io.write('')\n  end\n  x = x + 1\nend\nprint(x)\n";
                let r = run(src, "t.lua", "cumulative", &[]);
                let side: Vec<_> = r
                    .events
                    .iter()
                    .filter(|e| e.parent.0 == 1)
                    .map(|e| (e.kind, e.detail.clone()))
                    .collect();
                assert_eq!(side.len(), 5, "{side:?}");
                assert!(
                    side[..4]
                        .iter()
                        .all(|(k, d)| *k == TraceEventKind::Abort && d == "NYI: FastFunc write"),
                    "{side:?}"
                );
                assert_eq!(side[4], (TraceEventKind::Stop, "interpreter".to_string()));
                assert!(r.jv.contains("[TRACE   2 (1/"), "{}", r.jv);
                assert_eq!(r.stats.stub_traces, 1);
                // With tryside = 0 the first hot exit gets the stub.
                let r = run(src, "t.lua", "cumulative", &[("tryside", "0")]);
                assert_eq!(r.stats.aborts, 0);
                assert_eq!(r.stats.stub_traces, 1);
                // maxside = 0: no real side trace either.
                let r = run(src, "t.lua", "cumulative", &[("maxside", "0")]);
                assert_eq!((r.stats.aborts, r.stats.stub_traces), (0, 1));
                Ok(())
            },
        ),
    ]
}

/// Flushes, what ticks, recursion, vararg and pcall frames, and the costs charged.
fn cache_recursion_and_cost_tests() -> Vec<Test> {
    vec![
        ("a_full_trace_cache_flushes_everything", || {
            let mut src = String::from("local s = 0\n");
            for k in 0..12 {
                src += &format!("for i = 1, 200 do s = s + i * {k} end\n");
            }
            src += "print(s)\n";
            let base = run(&src, "t.lua", "cumulative", &[]);
            assert_eq!((base.stats.traces, base.stats.flushes), (12, 0));
            let r = run(&src, "t.lua", "cumulative", &[("maxtrace", "3")]);
            assert_eq!(r.stdout, base.stdout);
            assert!(
                r.stats.flushes >= 1 && r.jv.contains("[TRACE flush]"),
                "{}",
                r.jv
            );
            // After a flush numbering starts again at 1.
            let after = r.jv.split("[TRACE flush]").nth(1).unwrap();
            assert!(after.contains("[TRACE   1 "), "{}", r.jv);
            // Machine code: one 4 KB area in all fills up too.
            let r = run(
                &src,
                "t.lua",
                "cumulative",
                &[("sizemcode", "4096"), ("maxmcode", "4096")],
            );
            assert_eq!(r.stdout, base.stdout);
            assert!(r.stats.flushes >= 1, "{:?}", r.stats);
            Ok(())
        }),
        ("raptorjit_flushes_also_forget_blacklisting", || {
            let src = "local function g(n)\n  local c = 0\n  for i = 1, n do\n    local f = function() return i end\n    c = c + 1\n  end\n  return c\nend\nprint(g(200000))\nlocal s = 0\nfor i = 1, 100 do s = s + i end\nfor i = 1, 100 do s = s + 2 * i end\nprint(g(200000))\n";
            // LuaJIT: the flush keeps the blacklisting, so g's loop never records again.
            let lj = run(src, "t.lua", "cumulative", &[("maxtrace", "2")]);
            assert!(lj.stats.flushes >= 1);
            assert_eq!((lj.stats.aborts, lj.stats.blacklisted), (11, 1));
            // RaptorJIT: the flush un-blacklists; the second call goes through it all again.
            let rj = run(
                src,
                "t.lua",
                "cumulative",
                &[("maxtrace", "2"), ("flush", "raptorjit")],
            );
            assert_eq!((rj.stats.aborts, rj.stats.blacklisted), (22, 2));
            Ok(())
        }),
        ("nothing_ticks_while_recording_or_once_compiled", || {
            let src = "local function f() end\nfor i = 1, 100 do\n  f()\nend\n";
            let never = run(src, "t.lua", "never", &[]);
            let jit = run(src, "t.lua", "cumulative", &[]);
            let hits = |r: &Run, line: u32| {
                r.vm_hits
                    .iter()
                    .filter(|(l, _)| *l == line)
                    .map(|(_, h)| h)
                    .sum::<u64>()
            };
            assert_eq!((hits(&never, 1), hits(&never, 2)), (100, 100));
            // 56 iterations tick; the 57th is recorded (f's entry does not tick); then
            // the trace runs.
            assert_eq!((hits(&jit, 1), hits(&jit, 2)), (56, 56));
            Ok(())
        }),
        (
            "windowed_clears_exit_counters_when_its_window_expires",
            || {
                // Six exits, two seconds of sleep, six more: LuaJIT's counters reach 10 and
                // grow a side trace; the window patch clears them at the first exit after
                // the sleep (and discards that exit), so only 5 more count.
                let src = "local hit = {}\nfor k = 1, 6 do hit[600 + 7 * k] = true end\nlocal function run()\n  local x = 0\n  for i = 1, 1000 do\n    if hit[i] then x = x + 1 end\n  end\n  return x\nend\nprint(run())\nhotsim.sleep(2e9)\nprint(run())\n";
                let c = run(src, "t.lua", "cumulative", &[]);
                assert_eq!(c.stdout, "6\n6\n");
                assert_eq!(c.stats.side_traces, 1, "{}", c.jv);
                let w = run(src, "t.lua", "windowed", &[]);
                assert_eq!(w.stdout, "6\n6\n");
                assert_eq!(w.stats.traces, 1, "{}", w.jv);
                assert_eq!(w.stats.side_traces, 0, "{}", w.jv);
                // Without a sleep the window never expires after the first reset.
                let quick = src.replace("hotsim.sleep(2e9)", "");
                let w = run(&quick, "t.lua", "windowed", &[]);
                assert_eq!(w.stats.side_traces, 1, "{}", w.jv);
                Ok(())
            },
        ),
        (
            "recursion_closes_up_recursion_and_side_traces_return_into_callers",
            || {
                // The numbers of LuaJIT 2.1's own run (its events: an up-recursion root,
                // three side traces from the base case back into it, the loop's root).
                let src = "local function sum(n)\n  if n == 0 then return 0 end\n  return n + sum(n - 1)\nend\nlocal t = 0\nfor i = 1, 300 do t = t + sum(i % 7 + 5) end\nprint(t)\n";
                let r = run(src, "t.lua", "cumulative", &[]);
                assert_eq!(r.stdout, "11423\n");
                let lines = trace_lines(&r.jv);
                assert_eq!(lines[0], "[TRACE   1 t.lua:1 up-recursion]", "{}", r.jv);
                // Side traces start at the base case's return and come back to trace 1
                // through the callers' frames (RETF), then call sum again.
                let back = lines
                    .iter()
                    .filter(|l| l.contains("(1/") && l.ends_with("-> 1]"));
                assert_eq!(back.count(), 3, "{}", r.jv);
                assert_eq!(r.stats.aborts, 0, "{}", r.jv);
                Ok(())
            },
        ),
        (
            "a_function_trace_that_only_returns_is_flushed_when_called_too_deep",
            || {
                // fib's first trace is its base case (`return`); recording fib(n - 1)
                // through it unrolls too deep, which unpatches it for a quick retry until
                // a recording closes the up-recursion trace.
                let src = "local function fib(n)\n  if n < 2 then return n end\n  return fib(n - 1) + fib(n - 2)\nend\nprint(fib(20))\n";
                let r = run(src, "t.lua", "cumulative", &[]);
                assert_eq!(r.stdout, "6765\n");
                let lines = trace_lines(&r.jv);
                assert_eq!(lines[0], "[TRACE   1 t.lua:1 return]", "{}", r.jv);
                assert!(lines[1].ends_with("call unroll limit reached]"), "{}", r.jv);
                assert!(
                    lines.iter().any(|l| l.ends_with("up-recursion]")),
                    "{}",
                    r.jv
                );
                Ok(())
            },
        ),
        (
            "vararg_functions_are_inlined_and_pcall_returns_are_not",
            || {
                let src = "local function sum(...)\n  local a, b, c = ...\n  return a + b + c\nend\nlocal s = 0\nfor i = 1, 1000 do s = s + sum(i, 1, 2) end\nprint(s)\n";
                let r = run(src, "t.lua", "cumulative", &[]);
                assert_eq!(r.stdout, "503500\n");
                assert_eq!(trace_lines(&r.jv), ["[TRACE   1 t.lua:6 loop]"]);
                let src = "local n = 0\nfor i = 1, 500 do\n  local ok = pcall(function(x) return x + 1 end, i)\n  if ok then n = n + 1 end\nend\nprint(n)\n";
                let r = run(src, "t.lua", "cumulative", &[]);
                assert_eq!(r.stdout, "500\n");
                assert_eq!(r.stats.traces, 0, "{}", r.jv);
                assert!(
                    r.jv.contains("t.lua:3 -- NYI: return to lower frame]"),
                    "{}",
                    r.jv
                );
                Ok(())
            },
        ),
        ("compile_costs_and_protection_changes_are_charged", || {
            let src = "local s = 0\nfor i = 1, 1000 do s = s + i end\n";
            let r = run(src, "t.lua", "cumulative", &[]);
            assert_eq!(r.stats.mprotects, 2);
            let cost = hotsim_vm::CostModel::default();
            let want = cost.compile_base
                + cost.compile_per_ins * r.stats.ir_instructions as f64
                + 2.0 * cost.mprotect;
            assert_eq!(r.stats.compile_ns, want as u64);
            assert!(r.stats.record_ns > 0 && r.stats.trace_ns > 0);
            assert_eq!(r.events[0].compile_ns, want as u64);
            Ok(())
        }),
    ]
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    let mut files: Vec<String> = std::fs::read_dir(jit_dir())
        .expect("tests/jit")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".lua"))
        .collect();
    files.sort();
    for f in files {
        trials.push(Trial::test(
            format!("luajit::{}", f.trim_end_matches(".lua")),
            move || agrees_with_luajit(&f),
        ));
    }
    for (name, t) in mechanism_tests() {
        trials.push(Trial::test(name, t));
    }
    libtest_mimic::run(&args, trials).exit();
}
