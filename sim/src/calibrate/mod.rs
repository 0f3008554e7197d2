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

mod fit;
mod measure;
mod programs;

use fit::pick;
use hotsim_vm::CostModel;
use measure::{interpreter, jit, luajit, mprotect};

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
    use super::fit::{line, solve};
    use super::measure::counts_hotsim;
    use super::programs::{KEYS, MICROS, UNROLL};
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
