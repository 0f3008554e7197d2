//! The `hotsim` command line: argument parsing, dispatch and exit codes.

mod calibrate;
mod exec;
mod fidelity;
mod list;
mod luajit;
mod params;
pub mod record;
mod run;
mod simulate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// The exit statuses, as `--help` prints them.
const EXIT_STATUS: &str = "Exit status: 0 success; 1 the run failed (the Lua program raised an \
error or does not compile, a run bound was reached, a cell of `run` failed, `verify` found \
differences, `merge` lacks cells); 2 hotsim could not run it (usage, unknown policy or \
parameter, a missing or malformed workload, experiment, cost or CSV file, I/O). A \
program's own os.exit(n) exits with n.";

/// A discrete-event simulator of JIT hotness policies.
#[derive(Debug, Parser)]
#[command(name = "hotsim", version, about, long_about = None, after_help = EXIT_STATUS)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a Lua program on the virtual clock under a hotness policy.
    Exec(exec::ExecArgs),
    /// Run a program workload (sources, rings, timers) under load and report.
    Simulate(simulate::SimulateArgs),
    /// Run an experiment: every cell in parallel, results in results/NAME.
    Run(run::RunArgs),
    /// Combine shard results folders into one, as an unsharded run would have written.
    Merge(run::MergeArgs),
    /// Re-run the experiment of a results folder and report any byte difference.
    Verify(run::VerifyArgs),
    /// Draw the plots of a results folder (PNG and SVG).
    Plot(run::PlotArgs),
    /// Record a run's hot-point hits per site and time bucket as CSV.
    Record(record::RecordArgs),
    /// Record a program's loop back-edges and calls per site under real LuaJIT.
    #[command(name = "record-luajit")]
    RecordLuajit(record::RecordLuajitArgs),
    /// Compare a program's trace events under real LuaJIT and under hotsim, with scores.
    Luajit(luajit::LuajitArgs),
    /// Run a folder of programs under real LuaJIT and hotsim; write the agreement report.
    Fidelity(fidelity::FidelityArgs),
    /// Measure the cost model on this machine with the embedded LuaJIT; write it as TOML.
    Calibrate(calibrate::CalibrateArgs),
    /// List every policy, JIT and cost-model parameter with its default and origin.
    Params(params::ParamsArgs),
    /// List bundled programs and policies.
    List,
}

/// The seed of every command that takes `--seed` (exec, simulate, record) when none is
/// given.
pub const DEFAULT_SEED: u64 = 1;

/// A count given on the command line: an integer, or a whole number in exponent
/// notation (`1e9`, `2.5e6`).
fn parse_count(s: &str) -> Result<u64, String> {
    let s = s.trim();
    if let Ok(n) = s.parse::<u64>() {
        return Ok(n);
    }
    let bad = || format!("'{s}' is not a count (an integer such as 1000000 or 1e6)");
    if !s.contains(['e', 'E']) {
        return Err(bad());
    }
    let x: f64 = s.parse().map_err(|_| bad())?;
    if x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < u64::MAX as f64 {
        Ok(x as u64)
    } else {
        Err(bad())
    }
}

/// The policy `name` with `--param KEY=VALUE` settings.
fn build_policy(
    name: &str,
    kvs: &[String],
) -> anyhow::Result<Box<dyn hotsim_policies::HotnessPolicy>> {
    let mut params = hotsim_policies::Params::new();
    for kv in kvs {
        let key = kv.split('=').next().unwrap_or("").trim();
        if !hotsim_vm::JitParams::is_param(key) {
            params.push_kv(kv)?;
        }
    }
    Ok(hotsim_policies::registry::build(name, &params)?)
}

/// The JIT parameters among `--param KEY=VALUE` arguments (LuaJIT's `-O` names:
/// maxtrace, hotexit, ...); the others belong to the policy.
fn jit_params(kvs: &[String]) -> anyhow::Result<hotsim_vm::JitParams> {
    let mut p = hotsim_vm::JitParams::default();
    for kv in kvs {
        let Some((key, value)) = kv.split_once('=') else {
            continue;
        };
        if hotsim_vm::JitParams::is_param(key.trim()) {
            p.set(key.trim(), value.trim())?;
        }
    }
    Ok(p)
}

/// The cost model of `--cost FILE`, or the defaults.
fn load_cost(path: Option<&std::path::Path>) -> anyhow::Result<hotsim_vm::CostModel> {
    Ok(match path {
        Some(p) => hotsim_vm::CostModel::load(p)?,
        None => hotsim_vm::CostModel::default(),
    })
}

/// How a command ended.
pub enum Outcome {
    /// Exit with this code.
    Code(u8),
}

/// Parse the command line, run, and map failures to exit codes ([`EXIT_STATUS`]: 1 the
/// run failed, 2 it could not run).
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Exec(args) => exec::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Run(args) => run::run(args),
        Command::Merge(args) => run::merge(args),
        Command::Verify(args) => run::verify(args),
        Command::Plot(args) => run::plot(args),
        Command::Record(args) => record::run(args),
        Command::RecordLuajit(args) => record::run_luajit(args),
        Command::Luajit(args) => luajit::run(args),
        Command::Calibrate(args) => calibrate::run(args),
        Command::Fidelity(args) => fidelity::run(args),
        Command::Params(args) => params::run(args),
        Command::List => list::run(),
    };
    match result {
        Ok(Outcome::Code(c)) => ExitCode::from(c),
        Err(e) => {
            eprintln!("hotsim: {}", error_message(&e));
            ExitCode::from(if program_failed(&e) { 1 } else { 2 })
        }
    }
}

/// Whether an error is the Lua program's own failure (exit 1) rather than hotsim's
/// inability to run it (exit 2).
fn program_failed(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<crate::engine::SimError>()
            .is_some_and(crate::engine::SimError::is_program_failure)
    })
}

/// An error with its causes, each cause left out when the message already ends with it
/// (library errors such as `path: OS error` name their source themselves).
fn error_message(e: &anyhow::Error) -> String {
    let mut msg = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !msg.ends_with(&c) {
            msg = format!("{msg}: {c}");
        }
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_integers_and_exponents() {
        assert_eq!(parse_count("1000"), Ok(1000));
        assert_eq!(parse_count("1e9"), Ok(1_000_000_000));
        assert_eq!(parse_count("2.5E3"), Ok(2500));
        for bad in ["1.5", "1e-3", "-1e3", "x", "1e30", "NaN"] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        let e = anyhow::Error::new(hotsim_workloads::SpecError::Io {
            path: "w.toml".into(),
            source: io,
        });
        assert_eq!(error_message(&e), "w.toml: gone");
        let e = anyhow::anyhow!("inner").context("outer");
        assert_eq!(error_message(&e), "outer: inner");
    }
}
