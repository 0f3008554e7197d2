//! `hotsim simulate WORKLOAD.toml`: one run of a program workload under load.

use super::Outcome;
use crate::engine::{Report, SimOptions, Simulation};
use anyhow::Context;
use hotsim_policies::parse_duration;
use hotsim_workloads::Workload;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `hotsim simulate`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// The workload TOML (program, sources, timers).
    workload: PathBuf,
    /// Hotness policy (see `hotsim params`).
    #[arg(long, default_value = "cumulative")]
    policy: String,
    /// A policy parameter, KEY=VALUE (repeatable).
    #[arg(long = "param", value_name = "KEY=VALUE")]
    params: Vec<String>,
    /// Virtual time to simulate (default: the workload's `duration`).
    #[arg(long, value_name = "DUR")]
    duration: Option<String>,
    /// The program's heap budget (e.g. 512MiB; default: the workload's `max_memory`,
    /// else 4GiB); past it, allocation raises LuaJIT's "not enough memory".
    #[arg(long, value_name = "SIZE", value_parser = hotsim_workloads::parse_bytes)]
    max_memory: Option<u64>,
    /// Seed of the arrival processes and of math.random.
    #[arg(long, default_value_t = super::DEFAULT_SEED)]
    seed: u64,
    /// A cost-model TOML overriding the default costs.
    #[arg(long, value_name = "FILE")]
    cost: Option<PathBuf>,
    /// Write every metric as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Write the compile log (every trace compiled or aborted, blacklisting, flushes) as
    /// CSV to FILE.
    #[arg(long, value_name = "FILE")]
    compiles: Option<PathBuf>,
    /// Scaled mode: fast-forward the steady stretches between timers and rare items,
    /// scaling what the simulated steady breaths measured (docs/scaling.md).
    #[arg(long)]
    scaled: bool,
    /// Print JIT events to stderr in LuaJIT's -jv style, with the program's loading.
    #[arg(long)]
    jv: bool,
    /// Print the IR of every compiled trace to stderr (LuaJIT's -jdump, hotsim's IR).
    #[arg(long)]
    jdump: bool,
}

pub fn run(a: SimulateArgs) -> anyhow::Result<Outcome> {
    let policy = super::build_policy(&a.policy, &a.params)?;
    let cost = super::load_cost(a.cost.as_deref())?;
    let mut workload = Workload::load(&a.workload)?;
    if a.max_memory.is_some() {
        workload.max_memory = a.max_memory;
    }
    let duration = match &a.duration {
        Some(d) => parse_duration(d).context("--duration")?,
        None => workload.duration,
    };
    let jit = super::jit_params(&a.params)?;
    let stderr = || Box::new(std::io::stderr()) as Box<dyn Write>;
    let options = SimOptions {
        jit,
        jv: a.jv.then(stderr),
        jdump: a.jdump.then(stderr),
        ..SimOptions::default()
    };
    let mut sim = Simulation::with_options(workload, policy, cost, a.seed, options)?;
    if a.scaled {
        sim = sim.scaled(crate::engine::ScaleConfig::default());
    }
    let report = sim.run(duration)?;
    if let Some(path) = &a.compiles {
        write_atomically(path, &compiles_csv(&report.compiles)?)?;
    }
    if let Some(path) = &a.json {
        write_atomically(path, &serde_json::to_vec_pretty(&report)?)?;
    }
    print!("{}", summary(&report));
    Ok(Outcome::Code(0))
}

/// Write `bytes` to `path` through a temporary file and a rename, so a reader never sees
/// a half-written file.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    hotsim_workloads::write_atomic(path, bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The compile log as CSV, one row per event, columns as [`crate::engine::Compile`].
pub fn compiles_csv(log: &[crate::engine::Compile]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for c in log {
        w.serialize(c)?;
    }
    if log.is_empty() {
        w.write_record(crate::engine::Compile::COLUMNS)?;
    }
    Ok(w.into_inner()?)
}

/// A readable summary of a run.
pub fn summary(r: &Report) -> String {
    let ms = |ns: u64| ns as f64 / 1e6;
    let us = |ns: u64| ns as f64 / 1e3;
    let mut s = format!(
        "{} under {} (seed {}): {:.3} s simulated, core busy {:.1}%\n",
        r.workload,
        r.policy,
        r.seed,
        r.duration_ns as f64 / 1e9,
        100.0 * r.busy_ns as f64 / r.duration_ns.max(1) as f64
    );
    for src in &r.sources {
        s += &format!(
            "  source {:<12} arrived {:>10}  processed {:>10}  dropped {:>8}\n",
            src.name, src.arrived, src.processed, src.dropped
        );
    }
    let l = &r.latency;
    s += &format!(
        "  latency us: p50 {:.1}  p90 {:.1}  p99 {:.1}  p99.9 {:.1}  max {:.1}\n",
        us(l.p50_ns),
        us(l.p90_ns),
        us(l.p99_ns),
        us(l.p999_ns),
        us(l.max_ns)
    );
    s += &format!(
        "  handler calls {}  timer calls {}  bytecodes {}  hot triggers {} ({} after the {:.0} ms warm-up)\n",
        r.handler_calls,
        r.timer_calls,
        r.vm.bytecodes,
        r.vm.hot_triggers,
        r.late_hot_triggers,
        ms(r.warmup_ns)
    );
    let v = &r.vm;
    s += &format!(
        "  traces {} ({} side, {} after warm-up)  aborts {}  blacklisted {}  flushes {}  largest compile {:.1} us\n",
        v.traces,
        v.side_traces,
        r.late_compiles,
        v.aborts,
        v.blacklisted,
        v.flushes,
        us(r.largest_compile_ns)
    );
    // Shares of the core's simulated busy time (idle waits excluded).
    let simulated = r.busy_ns.saturating_sub(r.skipped_busy_ns);
    let pct = |ns: u64| 100.0 * ns as f64 / simulated.max(1) as f64;
    let interp = simulated.saturating_sub(v.record_ns + v.compile_ns + v.trace_ns);
    s += &format!(
        "  busy time: interpreter {:.1}%  recording {:.2}%  compiling {:.2}%  traces {:.1}%\n",
        pct(interp),
        pct(v.record_ns),
        pct(v.compile_ns),
        pct(v.trace_ns)
    );
    if r.fast_forwards > 0 {
        s += &format!(
            "  scaled: {} steady stretches fast-forwarded, {:.3} s ({:.1}% of the run)\n",
            r.fast_forwards,
            r.skipped_ns as f64 / 1e9,
            100.0 * r.skipped_ns as f64 / r.duration_ns.max(1) as f64
        );
    }
    s
}
