//! `hotsim run EXPERIMENT.toml` and `hotsim merge DIR...`.

use super::Outcome;
use crate::experiment::{self, Experiment, RunOptions};
use anyhow::{Context, bail};
use std::path::PathBuf;

/// Arguments of `hotsim run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The experiment spec (docs/experiments.md).
    experiment: PathBuf,
    /// The results folder (default: results/NAME).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Run only shard I of N (cells with index % N == I), e.g. 0/4.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// Reuse finished cells in the results folder (this is always done; the flag says so).
    #[arg(long)]
    resume: bool,
}

/// Run `hotsim run`.
pub fn run(a: RunArgs) -> anyhow::Result<Outcome> {
    let exp = Experiment::load(&a.experiment)?;
    let shard = match &a.shard {
        None => None,
        Some(s) => {
            let (i, n) = s.split_once('/').context("--shard is I/N, e.g. 0/4")?;
            let (i, n): (usize, usize) = (
                i.trim().parse().context("--shard I")?,
                n.trim().parse().context("--shard N")?,
            );
            if n == 0 || i >= n {
                bail!("--shard {i}/{n}: I must be below N");
            }
            Some((i, n))
        }
    };
    let out = a
        .out
        .unwrap_or_else(|| PathBuf::from("results").join(&exp.name));
    let threads = a
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let _ = a.resume;
    let outcome = experiment::run(
        &exp,
        &RunOptions {
            out: out.clone(),
            threads,
            shard,
            progress: true,
        },
    )
    .with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "{}: {} cells ({} already done, {} run now, {} failed)",
        out.display(),
        outcome.cells,
        outcome.skipped,
        outcome.ran,
        outcome.failed
    );
    Ok(Outcome::Code(if outcome.failed > 0 { 1 } else { 0 }))
}

/// Arguments of `hotsim merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The experiment spec the shards ran.
    experiment: PathBuf,
    /// Shard results folders.
    #[arg(required = true)]
    shards: Vec<PathBuf>,
    /// Where to write the merged results (default: results/NAME).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// Run `hotsim merge`.
pub fn merge(a: MergeArgs) -> anyhow::Result<Outcome> {
    let exp = Experiment::load(&a.experiment)?;
    let out = a
        .out
        .unwrap_or_else(|| PathBuf::from("results").join(&exp.name));
    let n = experiment::merge(&exp, &a.shards, &out)
        .with_context(|| format!("writing {}", out.display()))?;
    let total = exp.cells().len();
    eprintln!("{}: {n} of {total} cells", out.display());
    Ok(Outcome::Code(if n == total { 0 } else { 1 }))
}
