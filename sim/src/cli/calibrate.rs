//! `hotsim calibrate`: measure the cost model on this machine (see [`crate::calibrate`]).

use super::Outcome;
use crate::calibrate::{Options, calibrate};
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `hotsim calibrate`.
#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// Write the cost-model TOML to FILE (default: standard output); use it with
    /// `--cost FILE`.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Repetitions of every measurement (the value written is the fastest).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    runs: u32,
    /// Short timed runs and 2 repetitions: a noisier calibration in a few seconds.
    #[arg(long, conflicts_with = "runs")]
    quick: bool,
}

pub fn run(a: CalibrateArgs) -> anyhow::Result<Outcome> {
    let opts = if a.quick {
        Options::quick()
    } else {
        Options {
            runs: a.runs as usize,
            ..Options::default()
        }
    };
    let progress = |what: &str| eprintln!("calibrating {what}");
    let cal = calibrate(&opts, &progress)?;
    let text = cal.to_toml();
    match &a.out {
        Some(path) => {
            hotsim_workloads::write_atomic(path, text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(Outcome::Code(0))
}
