//! Measuring with the embedded LuaJIT and with hotsim: micro-programs timed under
//! LuaJIT (`jit.off`) and counted per cost class under hotsim, traces timed with
//! `jit.attach`, and `mprotect` timed on a private mapping.

use super::fit::{line, per_bytecode, pick, solve_interpreter};
use super::programs::{KEYS, MICROS, Micro, source};
use super::{CalibrateError, Measured, Options};
use hotsim_vm::{CostModel, JitParams, Value, Vm, VmConfig};
use mlua::{Lua, LuaOptions, StdLib};
use std::time::Instant;

/// A LuaJIT state with `now()` (monotonic ns) and output sent to /dev/null.
pub(super) fn luajit() -> Result<Lua, String> {
    // SAFETY: the `jit` library is needed for jit.on/off and jit.attach; only the
    // calibration's own programs run in this state.
    let lua = unsafe { Lua::unsafe_new_with(StdLib::ALL, LuaOptions::default()) };
    let start = Instant::now();
    let now = lua
        .create_function(move |_, ()| Ok(start.elapsed().as_nanos() as f64))
        .map_err(|e| e.to_string())?;
    lua.globals().set("now", now).map_err(|e| e.to_string())?;
    lua.load("io.output('/dev/null')")
        .exec()
        .map_err(|e| e.to_string())?;
    Ok(lua)
}

/// ns per iteration of `m` under LuaJIT's interpreter: from the fastest, the median and
/// the slowest runs. Each is the difference of runs of N and 2N iterations (so start-up
/// cancels), the two taken at the same rank among their own repetitions.
pub(super) fn time_luajit(lua: &Lua, m: &Micro, opts: &Options) -> Result<[f64; 3], String> {
    lua.load("jit.off() jit.flush()")
        .exec()
        .map_err(|e| e.to_string())?;
    let run: mlua::Function = lua
        .load(source(m))
        .set_name(m.name)
        .eval()
        .map_err(|e| e.to_string())?;
    let time = |n: f64| -> Result<f64, String> { run.call::<f64>(n).map_err(|e| e.to_string()) };
    // Grow N until a run takes long enough to time.
    let mut n = 1000.0;
    while time(n)? < opts.min_time_ns && n < 1e9 {
        n *= 2.0;
    }
    let (mut short, mut long) = (Vec::new(), Vec::new());
    for _ in 0..opts.runs {
        short.push(time(n)?);
        long.push(time(2.0 * n)?);
    }
    Ok([0, 1, 2].map(|which| ((pick(&long, which) - pick(&short, which)) / n).max(0.0)))
}

/// What one iteration of `m` executes in hotsim, per key of [`KEYS`].
pub(super) fn counts_hotsim(m: &Micro) -> Result<Vec<f64>, String> {
    let mut zero = CostModel::default();
    for k in KEYS.iter().chain(&["ret"]) {
        zero.set(k, 0.0);
    }
    let mut counts = Vec::new();
    for key in KEYS {
        let mut cost = zero.clone();
        cost.set(key, 1.0);
        if *key == "call" {
            cost.set("ret", 1.0);
        }
        let mut vm = Vm::new(VmConfig {
            policy: hotsim_policies::registry::build("never", &Default::default())
                .map_err(|e| e.to_string())?,
            cost,
            jit: JitParams::default(),
            ..VmConfig::default()
        });
        vm.run_chunk(b"now = hotsim.now", "calibrate")
            .map_err(|e| e.to_string())?;
        let r = vm
            .run_chunk(source(m).as_bytes(), m.name)
            .map_err(|e| e.to_string())?;
        let Some(Value::Func(f)) = r.first().copied() else {
            return Err("the program does not return its run function".into());
        };
        let mut t = |n: f64| -> Result<f64, String> {
            match vm.call_function(f, &[Value::Num(n)]) {
                Ok(v) => match v.first() {
                    Some(Value::Num(x)) => Ok(*x),
                    _ => Err("the run function returned no number".into()),
                },
                Err(e) => Err(e.to_string()),
            }
        };
        let (a, b) = (t(100.0)?, t(200.0)?);
        counts.push((b - a) / 100.0);
    }
    Ok(counts)
}

/// Interpreter costs: every micro-program timed under LuaJIT and counted under hotsim.
pub(super) fn interpreter(
    lua: &Lua,
    opts: &Options,
    progress: &dyn Fn(&str),
) -> Result<Vec<Measured>, CalibrateError> {
    let mut rows = Vec::new();
    for m in MICROS {
        progress(&format!("interpreter: {}", m.name));
        let err = |vm, message| CalibrateError::Program {
            name: m.name.into(),
            vm,
            message,
        };
        let times = time_luajit(lua, m, opts).map_err(|e| err("LuaJIT", e))?;
        let counts = counts_hotsim(m).map_err(|e| err("hotsim", e))?;
        rows.push((counts, times));
    }
    let solutions: Vec<Vec<Option<f64>>> = (0..3)
        .map(|which| {
            let picked: Vec<(Vec<f64>, f64)> =
                rows.iter().map(|(x, t)| (x.clone(), t[which])).collect();
            solve_interpreter(&picked)
        })
        .collect();
    let mut out = Vec::new();
    for (i, key) in KEYS.iter().enumerate() {
        let Some(value) = solutions[0][i] else {
            continue;
        };
        let mut method =
            "LuaJIT jit.off micro-programs, counts from hotsim, least squares".to_string();
        if per_bytecode(key) {
            method += ", at least move_op";
        }
        let at = |s: usize| solutions[s][i].unwrap_or(value);
        let keys: &[&'static str] = if *key == "call" {
            method += " (call and ret share one unknown)";
            &["call", "ret"]
        } else {
            std::slice::from_ref(key)
        };
        for k in keys {
            out.push(Measured::new(k, [value, at(1), at(2)], method.clone()));
        }
    }
    Ok(out)
}

/// A trace compiled, or a recording aborted: start-to-end time and size.
pub(super) struct TraceTiming {
    ns: f64,
    nins: f64,
    aborted: bool,
}

/// The trace events the `jit.attach` hook of [`jit`] collected since the last call.
pub(super) fn take_events(lua: &Lua) -> mlua::Result<Vec<TraceTiming>> {
    let events: mlua::Table = lua.globals().get("cal_events")?;
    let out = events
        .sequence_values::<mlua::Table>()
        .map(|e| {
            let e = e?;
            Ok(TraceTiming {
                ns: e.get(1)?,
                nins: e.get(2)?,
                aborted: e.get(3)?,
            })
        })
        .collect();
    lua.load("cal_events = {}").exec()?;
    out
}

/// Trace execution, compile and recording costs from the JIT.
pub(super) fn jit(
    lua: &Lua,
    opts: &Options,
    progress: &dyn Fn(&str),
) -> Result<Vec<Measured>, CalibrateError> {
    let lerr = |e: mlua::Error| CalibrateError::Fit(e.to_string());
    lua.load(
        "jit.on() jit.flush()\n\
         local jutil = require('jit.util')\n\
         cal_events, cal_t0 = {}, {}\n\
         jit.attach(function(what, tr)\n\
           if what == 'start' then cal_t0[tr] = now()\n\
           elseif what == 'stop' or what == 'abort' then\n\
             local info = jutil.traceinfo(tr)\n\
             cal_events[#cal_events + 1] = { now() - (cal_t0[tr] or now()),\n\
               what == 'stop' and info and info.nins or 0, what == 'abort' }\n\
           end\n\
         end, 'trace')",
    )
    .exec()
    .map_err(lerr)?;
    // Per body size k: the loop's trace is compiled during the first call; later calls
    // run it.
    let mut exec_points: Vec<Vec<(f64, f64)>> = vec![Vec::new(); 3];
    let mut compile_points: Vec<Vec<(f64, f64)>> = vec![Vec::new(); 3];
    let mut aborts: Vec<(f64, f64)> = Vec::new();
    for k in 1..=32usize {
        if k % 8 == 1 {
            progress(&format!("JIT: loop bodies of {k}.. statements"));
        }
        let mut body = String::new();
        for j in 1..=k {
            body += &format!("s = s + (i * {j}) % 7 ");
        }
        let src = format!(
            "return function(N) local s = 0 local t0 = now() for i = 1, N do {body} end return now() - t0 end"
        );
        let f: mlua::Function = lua.load(&src).eval().map_err(lerr)?;
        // The loop's trace is compiled `runs` times (flushed in between): one compile
        // point per run, the fastest, median and slowest of them fitted separately.
        let mut times = Vec::new();
        let mut nins = 0.0;
        for _ in 0..opts.runs {
            lua.load("jit.flush() cal_events = {}")
                .exec()
                .map_err(lerr)?;
            f.call::<f64>(1000.0).map_err(lerr)?;
            for t in take_events(lua).map_err(lerr)? {
                if !t.aborted && t.nins > 0.0 {
                    nins = t.nins;
                    times.push(t.ns);
                }
            }
        }
        if !times.is_empty() {
            for (which, points) in compile_points.iter_mut().enumerate() {
                points.push((nins, pick(&times, which)));
            }
        }
        // Steady state: time per iteration on the compiled trace.
        let mut n = 10_000.0;
        while f.call::<f64>(n).map_err(lerr)? < opts.min_time_ns / 4.0 && n < 1e9 {
            n *= 2.0;
        }
        let per: Vec<f64> = (0..opts.runs)
            .map(|_| -> Result<f64, CalibrateError> {
                let (a, b) = (
                    f.call::<f64>(n).map_err(lerr)?,
                    f.call::<f64>(2.0 * n).map_err(lerr)?,
                );
                Ok(((b - a) / n).max(0.0))
            })
            .collect::<Result<_, _>>()?;
        if nins > 0.0 {
            for (which, points) in exec_points.iter_mut().enumerate() {
                points.push((nins, pick(&per, which)));
            }
        }
        // An aborted recording of the same body: the loop creates a closure (FNEW, not
        // compiled), after the k statements it records first.
        let abort_src = format!(
            "return function(N) local s, f = 0 for i = 1, N do {body} f = function() end end return s end"
        );
        let g: mlua::Function = lua.load(&abort_src).eval().map_err(lerr)?;
        lua.load("cal_events = {}").exec().map_err(lerr)?;
        g.call::<f64>(300.0).map_err(lerr)?;
        for t in take_events(lua).map_err(lerr)? {
            if t.aborted {
                // Three bytecodes per statement (MULVN, MODVN, ADDVV) plus the loop's.
                aborts.push((3.0 * k as f64 + 2.0, t.ns));
            }
        }
    }
    lua.load("jit.attach(function() end)")
        .exec()
        .map_err(lerr)?;
    if exec_points[0].len() < 2 {
        return Err(CalibrateError::Fit(
            "no loop compiled into a trace (is the JIT available?)".into(),
        ));
    }
    let exec = [0, 1, 2].map(|w| line(&exec_points[w]).map_or(0.0, |(_, slope)| slope.max(0.0)));
    let mut out = vec![Measured::new(
        "trace_ins",
        exec,
        format!(
            "slope of time per loop iteration against trace IR size, {} traces",
            exec_points[0].len()
        ),
    )];
    // Compiles: one fit each over the fastest, the median and the slowest compile of
    // every loop.
    let fits: Vec<(f64, f64)> = compile_points
        .iter()
        .map(|p| line(p).map(|(b, s)| (b.max(0.0), s.max(0.0))))
        .collect::<Option<_>>()
        .ok_or_else(|| CalibrateError::Fit("fewer than two traces compiled".into()))?;
    let what = format!(
        "trace start to stop (jit.attach) against IR size, {} traces compiled {} times",
        compile_points[0].len(),
        opts.runs
    );
    out.push(Measured::new(
        "compile_base",
        [0, 1, 2].map(|w| fits[w].0),
        format!("intercept of {what}"),
    ));
    out.push(Measured::new(
        "compile_per_ins",
        [0, 1, 2].map(|w| fits[w].1),
        format!("slope of {what}"),
    ));
    if let Some((_, per_bc)) = line(&aborts) {
        out.push(Measured::new(
            "record_ins",
            [per_bc.max(0.0); 3],
            format!(
                "slope of trace start to abort against bytecodes recorded, {} aborts",
                aborts.len()
            ),
        ));
    }
    Ok(out)
}

/// One `mprotect` of a 64 KB area, ns, once per run.
pub(super) fn mprotect(opts: &Options) -> Result<Vec<f64>, CalibrateError> {
    const LEN: usize = 64 * 1024;
    const CALLS: usize = 20_000;
    // SAFETY: a private anonymous mapping, only passed to mprotect and unmapped at the
    // end; nothing reads or writes it.
    unsafe {
        let p = libc::mmap(
            std::ptr::null_mut(),
            LEN,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if p == libc::MAP_FAILED {
            return Err(CalibrateError::Os(std::io::Error::last_os_error()));
        }
        let mut out = Vec::new();
        for _ in 0..opts.runs {
            let t = Instant::now();
            for i in 0..CALLS {
                let prot = if i % 2 == 0 {
                    libc::PROT_READ | libc::PROT_EXEC
                } else {
                    libc::PROT_READ | libc::PROT_WRITE
                };
                if libc::mprotect(p, LEN, prot) != 0 {
                    let e = std::io::Error::last_os_error();
                    libc::munmap(p, LEN);
                    return Err(CalibrateError::Os(e));
                }
            }
            out.push(t.elapsed().as_nanos() as f64 / CALLS as f64);
        }
        libc::munmap(p, LEN);
        Ok(out)
    }
}
