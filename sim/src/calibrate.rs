//! `hotsim calibrate`: the cost model measured on this machine, with the embedded LuaJIT
//! (mlua's vendored LuaJIT 2.1) and the kernel (docs/cost-model.md, "Calibrating").
//!
//! - **Interpreter costs** (`jit.off`): micro-programs each run a loop whose body
//!   exercises one kind of bytecode. LuaJIT times them; hotsim's own compiler counts what
//!   one iteration executes per cost class, by running the same program on a cost model
//!   that charges 1 ns for that class and nothing else. The costs then solve
//!   time = sum(count x cost) over all programs, a non-negative least-squares fit with
//!   relative errors (a call and its return share one unknown).
//! - **Trace execution** (JIT on): loops of growing bodies, each compiled into one trace.
//!   The time per iteration against the trace's IR size (`jit.util.traceinfo`) gives the
//!   cost of an IR instruction (the slope).
//! - **Recording and compiling**: for the same traces, `jit.attach` start and stop
//!   events are timed. The time from start to stop against IR size gives
//!   `compile_base + compile_per_ins x nins`; recording is inside that time. So
//!   `record_ins` is fitted from aborted recordings: start to abort against the
//!   bytecodes recorded before the abort.
//! - **Page protection**: `mprotect` of a 64 KB mapping, alternately RW and RX.
//!
//! Every measurement is repeated (`runs`). The written value comes from the fastest run
//! of each program, the least disturbed; the solution from the median and slowest runs
//! is written beside it as its spread.

use hotsim_vm::{CostModel, JitParams, Value, Vm, VmConfig};
use mlua::{Lua, LuaOptions, StdLib};
use std::time::Instant;

/// Why a calibration could not finish.
#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    /// A micro-program failed under LuaJIT or under hotsim.
    #[error("calibration program '{name}' under {vm}: {message}")]
    Program {
        /// The program.
        name: String,
        /// `LuaJIT` or `hotsim`.
        vm: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The JIT produced no usable traces to fit.
    #[error("calibration: {0}")]
    Fit(String),
    /// A system call failed.
    #[error("mprotect: {0}")]
    Os(std::io::Error),
}

/// How long and how often to measure.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Repetitions of every measurement.
    pub runs: usize,
    /// Shortest timed run of a micro-program, ns (longer runs are less noisy).
    pub min_time_ns: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runs: 5,
            min_time_ns: 20e6,
        }
    }
}

impl Options {
    /// A fast, noisier calibration (tests, a first look).
    pub fn quick() -> Options {
        Options {
            runs: 2,
            min_time_ns: 2e6,
        }
    }
}

/// One measured cost.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    /// The cost-model key.
    pub key: &'static str,
    /// The value written, ns (from the fastest runs).
    pub value: f64,
    /// The same from the median runs.
    pub median: f64,
    /// The same from the slowest runs.
    pub slowest: f64,
    /// How it was measured.
    pub method: String,
}

impl Measured {
    /// Cost `key` as measured from the fastest, the median and the slowest runs.
    fn new(key: &'static str, [value, median, slowest]: [f64; 3], method: String) -> Measured {
        Measured {
            key,
            value,
            median,
            slowest,
            method,
        }
    }
}

/// A finished calibration.
#[derive(Clone, Debug)]
pub struct Calibration {
    /// The measured costs, in cost-model order.
    pub measured: Vec<Measured>,
    /// The defaults with every measured cost replaced.
    pub model: CostModel,
    /// Repetitions used.
    pub runs: usize,
}

impl Calibration {
    /// The model as a cost TOML (`--cost`): every key, each measured one with its spread
    /// and method in a comment, the others marked as defaults.
    pub fn to_toml(&self) -> String {
        let mut s = format!(
            "# hotsim cost model measured by `hotsim calibrate` ({} runs of each measurement).\n\
             # Values in ns, from the fastest runs; the comments give the same from the\n\
             # median and the slowest runs, and the method (docs/cost-model.md).\n",
            self.runs
        );
        let text = self.model.to_toml();
        for line in text.lines() {
            let key = line.split(" = ").next().unwrap_or("");
            match self.measured.iter().find(|m| m.key == key) {
                Some(m) => {
                    s += &format!(
                        "{key} = {}  # median {}, slowest {}; {}\n",
                        round3(m.value),
                        round3(m.median),
                        round3(m.slowest),
                        m.method
                    )
                }
                None => s += &format!("{line}  # not measured: hotsim's default\n"),
            }
        }
        s
    }
}

fn round3(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let digits = 3 - x.abs().log10().ceil() as i32;
    let f = 10f64.powi(digits.max(0));
    (x * f).round() / f
}

/// A micro-program: `outer` runs once (upvalues, helpers); `inner` once per timed run
/// (locals); `body` once per loop iteration, with the loop variable `i`.
struct Micro {
    name: &'static str,
    outer: &'static str,
    inner: &'static str,
    body: &'static str,
}

const fn micro(
    name: &'static str,
    outer: &'static str,
    inner: &'static str,
    body: &'static str,
) -> Micro {
    Micro {
        name,
        outer,
        inner,
        body,
    }
}

/// The interpreter micro-programs: together they pin down every interpreter cost.
#[rustfmt::skip]
const MICROS: &[Micro] = &[
    micro("loop", "", "", ""),
    micro("move", "", "local a, b = 1, 2", "a = b b = a a = b b = a"),
    micro("move_const", "", "local a, b", "a = 1 b = 2 a = 3 b = 4"),
    micro("arith", "", "local a = 1", "a = a + 1 a = a - 1 a = a * i a = a / i"),
    micro("arith_mod", "", "local a = 1", "a = i % 7 a = -a a = a + i"),
    micro("pow", "", "local a", "a = i ^ 2"),
    micro("len_str", "", "local s, a = 'abcdef', 0", "a = #s a = #s"),
    micro("len_tab", "", "local t, a = {1, 2, 3}, 0", "a = #t a = #t"),
    micro("concat", "", "local x, y, a = 'ab', 'cd'", "a = x .. y"),
    micro("concat3", "", "local x, y, a = 'ab', 'cd'", "a = x .. y .. x"),
    micro("compare", "", "local a, b = 1, 2", "if a > b then end if a == b then end if b < a then end"),
    micro("branch", "", "local a, b = 1, 2", "if a < b then a = 1 else a = 2 end"),
    micro("upvalue", "local u = 0", "", "u = u + 1"),
    micro("closure", "", "local f", "f = function() end"),
    micro("table_new", "", "local t", "t = {}"),
    micro("global", "g = 0", "", "g = g + 1"),
    micro("table_get", "", "local t, a = {1, 2, 3, x = 4}", "a = t[1] a = t.x a = t[i % 3 + 1]"),
    micro("table_set", "", "local t = {1, 2, 3, x = 4}", "t[1] = i t.x = i t[i % 3 + 1] = i"),
    micro("call", "local function f() end", "local g = f", "g() g()"),
    micro("call_arg", "local function f(x) return x end", "local g, a = f", "a = g(i)"),
    micro("vararg", "local function f(...) local a, b = ... end", "", "f(1, 2)"),
    micro("native", "local abs = math.abs", "local a", "a = abs(i) a = abs(-i)"),
    micro("native_bytes", "local rep = string.rep", "local s", "s = rep('x', 512)"),
    micro("io", "local w = io.write", "", "w('0123456789abcdef0123456789abcdef')"),
];

/// The unknowns of the interpreter fit: cost-model keys, `call` standing for both
/// `call` and `ret`.
const KEYS: &[&str] = &[
    "move_op",
    "arith",
    "pow",
    "len",
    "concat",
    "compare",
    "jump",
    "upvalue",
    "closure",
    "table_new",
    "global",
    "table_get",
    "table_set",
    "call",
    "vararg",
    "loop_op",
    "native_call",
    "native_per_byte",
    "io_per_byte",
];

/// Times a micro-program's body is repeated inside its loop, so that the loop's own
/// control is a small part of an iteration and each program's time is mostly its class.
const UNROLL: usize = 8;

fn source(m: &Micro) -> String {
    let body = if m.body.is_empty() {
        String::new()
    } else {
        [m.body; UNROLL].join("\n    ")
    };
    format!(
        "{}\nreturn function(N)\n  {}\n  local t0 = now()\n  for i = 1, N do\n    {body}\n  end\n  return now() - t0\nend\n",
        m.outer, m.inner
    )
}

/// A LuaJIT state with `now()` (monotonic ns) and output sent to /dev/null.
fn luajit() -> Result<Lua, String> {
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
fn time_luajit(lua: &Lua, m: &Micro, opts: &Options) -> Result<[f64; 3], String> {
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
fn counts_hotsim(m: &Micro) -> Result<Vec<f64>, String> {
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

/// Least squares with relative errors and a lower bound per key, by projected coordinate
/// descent on the normal equations (deterministic; the design is well conditioned: each
/// program leans on one or two keys). Keys no program exercises come out as `None`.
fn solve(rows: &[(Vec<f64>, f64)], lower: &[f64]) -> Vec<Option<f64>> {
    let k = KEYS.len();
    let mut a = vec![vec![0.0; k]; k];
    let mut b = vec![0.0; k];
    for (x, y) in rows {
        let w = 1.0 / (y * y).max(1e-6);
        for i in 0..k {
            b[i] += w * x[i] * y;
            for j in 0..k {
                a[i][j] += w * x[i] * x[j];
            }
        }
    }
    let mut c = lower.to_vec();
    for _ in 0..20_000 {
        for i in 0..k {
            if a[i][i] <= 0.0 {
                continue;
            }
            let rest: f64 = (0..k).filter(|&j| j != i).map(|j| a[i][j] * c[j]).sum();
            c[i] = ((b[i] - rest) / a[i][i]).max(lower[i]);
        }
    }
    (0..k).map(|i| (a[i][i] > 0.0).then_some(c[i])).collect()
}

/// Keys charged per bytecode executed; every one costs at least a dispatch.
fn per_bytecode(key: &str) -> bool {
    !matches!(key, "native_per_byte" | "io_per_byte")
}

/// The interpreter fit in two steps. An additive model lets a cheap bytecode whose work
/// overlaps its neighbours' come out at zero, which no bytecode costs: each one is at
/// least a dispatch. So the first, unbounded fit gives the register move's cost (the
/// dispatch and little else, pinned by the move programs), and the second fit bounds
/// every other per-bytecode cost below by it.
fn solve_interpreter(rows: &[(Vec<f64>, f64)]) -> Vec<Option<f64>> {
    let free = solve(rows, &vec![0.0; KEYS.len()]);
    let dispatch = KEYS
        .iter()
        .position(|k| *k == "move_op")
        .and_then(|i| free[i])
        .unwrap_or(0.0);
    let lower: Vec<f64> = KEYS
        .iter()
        .map(|k| if per_bytecode(k) { dispatch } else { 0.0 })
        .collect();
    solve(rows, &lower)
}

/// Median of a non-empty list.
fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn pick(xs: &[f64], which: usize) -> f64 {
    match which {
        0 => xs.iter().copied().fold(f64::INFINITY, f64::min),
        1 => median(xs),
        _ => xs.iter().copied().fold(0.0, f64::max),
    }
}

/// A line through `(x, y)` points, `(intercept, slope)`, robust to outliers (a compile
/// interrupted by the OS, a run that shared its core): Theil and Sen's estimator, the
/// median of the slopes between all pairs of points, with the median intercept.
fn line(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let mut slopes = Vec::new();
    for (i, p) in points.iter().enumerate() {
        for q in &points[i + 1..] {
            if q.0 != p.0 {
                slopes.push((q.1 - p.1) / (q.0 - p.0));
            }
        }
    }
    if slopes.is_empty() {
        return None;
    }
    let slope = median(&slopes);
    let intercepts: Vec<f64> = points.iter().map(|p| p.1 - slope * p.0).collect();
    Some((median(&intercepts), slope))
}

/// Interpreter costs: every micro-program timed under LuaJIT and counted under hotsim.
fn interpreter(
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
struct TraceTiming {
    ns: f64,
    nins: f64,
    aborted: bool,
}

/// The trace events the `jit.attach` hook of [`jit`] collected since the last call.
fn take_events(lua: &Lua) -> mlua::Result<Vec<TraceTiming>> {
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
fn jit(
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
fn mprotect(opts: &Options) -> Result<Vec<f64>, CalibrateError> {
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

/// Measure the cost model on this machine; `progress` hears what is being measured.
pub fn calibrate(opts: &Options, progress: &dyn Fn(&str)) -> Result<Calibration, CalibrateError> {
    let lua = luajit().map_err(CalibrateError::Fit)?;
    let mut measured = interpreter(&lua, opts, progress)?;
    measured.extend(jit(&lua, opts, progress)?);
    progress("mprotect");
    let m = mprotect(opts)?;
    measured.push(Measured::new(
        "mprotect",
        [0, 1, 2].map(|w| pick(&m, w)),
        "mprotect of a 64 KB mapping, alternately RX and RW".into(),
    ));
    let mut model = CostModel::default();
    for m in &measured {
        model.set(m.key, m.value);
    }
    // Keep the written order: the cost model's.
    let order: Vec<&str> = CostModel::FIELDS.iter().map(|f| f.0).collect();
    measured.sort_by_key(|m| order.iter().position(|k| *k == m.key));
    Ok(Calibration {
        measured,
        model,
        runs: opts.runs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_solver_recovers_known_costs() {
        let k = KEYS.len();
        let truth: Vec<f64> = (0..k).map(|i| 1.0 + i as f64).collect();
        let rows: Vec<(Vec<f64>, f64)> = (0..k)
            .map(|p| {
                let mut x = vec![0.0; k];
                x[p] = 2.0;
                x[(p + 1) % k] = 1.0;
                let y = x.iter().zip(&truth).map(|(a, b)| a * b).sum();
                (x, y)
            })
            .collect();
        let c = solve(&rows, &vec![0.0; k]);
        for (got, want) in c.iter().zip(&truth) {
            assert!((got.unwrap() - want).abs() < 1e-6, "{got:?} vs {want}");
        }
    }

    #[test]
    fn hotsim_counts_what_an_iteration_executes() {
        let m = MICROS.iter().find(|m| m.name == "arith").unwrap();
        let counts = counts_hotsim(m).unwrap();
        let at = |k: &str| counts[KEYS.iter().position(|x| *x == k).unwrap()];
        assert_eq!(at("arith"), 4.0 * UNROLL as f64);
        assert_eq!(at("loop_op"), 1.0);
        assert_eq!(at("table_get"), 0.0);
    }

    #[test]
    fn lines_fit_exactly_through_exact_points() {
        let (a, b) = line(&[(1.0, 5.0), (2.0, 7.0), (4.0, 11.0)]).unwrap();
        assert!((a - 3.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12);
        assert_eq!(round3(0.123456), 0.123);
        assert_eq!(round3(21567.0), 21567.0);
    }
}
