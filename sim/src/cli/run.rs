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
    for (key, message) in &outcome.failures {
        eprintln!("hotsim: cell {key} failed: {message}");
    }
    let plots = crate::plot::plot_dir(&out, &exp.plots)?;
    eprintln!(
        "{}: {} cells ({} already done, {} run now, {} failed)",
        out.display(),
        outcome.cells,
        outcome.skipped,
        outcome.ran,
        outcome.failed,
    );
    eprintln!("{}", where_results_are(&out, &plots));
    Ok(Outcome::Code(if outcome.failed > 0 { 1 } else { 0 }))
}

/// The closing line of a run: which tables and plots to open.
fn where_results_are(out: &std::path::Path, plots: &[PathBuf]) -> String {
    let pngs: Vec<String> = plots
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
        .collect();
    let mut line = format!(
        "tables: {0}/summary.csv (per policy point), {0}/runs.csv (per cell), \
         {0}/compiles.csv (every compile)",
        out.display()
    );
    if !pngs.is_empty() {
        line += &format!(
            "; plots (PNG and SVG): {}/{{{}}}",
            out.display(),
            pngs.join(", ")
        );
    }
    line
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

/// Arguments of `hotsim verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// A results folder written by `hotsim run` (its manifest names the spec).
    dir: PathBuf,
    /// Re-run only K cells, chosen evenly over the experiment, and compare their rows.
    #[arg(long, value_name = "K")]
    sample: Option<usize>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

/// Run `hotsim verify`: re-run the experiment recorded in DIR and compare the CSVs.
pub fn verify(a: VerifyArgs) -> anyhow::Result<Outcome> {
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(a.dir.join("manifest.json"))
            .with_context(|| format!("{}: no manifest.json", a.dir.display()))?,
    )
    .with_context(|| format!("{}: manifest.json is not valid JSON", a.dir.display()))?;
    let spec_rel = manifest["spec"]
        .as_str()
        .context("manifest.json names no spec")?;
    let spec_path = a.dir.join(spec_rel);
    let spec = spec_path.display().to_string();
    let exp = Experiment::load(&spec_path)?;
    let want = format!(
        "{:016x}",
        crate::experiment::fnv64(&std::fs::read(&spec_path).unwrap_or_default())
    );
    if manifest["spec_hash"].as_str() != Some(want.as_str()) {
        bail!(
            "{spec} changed since {} was written (spec hash differs)",
            a.dir.display()
        );
    }
    let scratch = std::env::temp_dir().join(format!("hotsim-verify-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let threads = a
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let total = exp.cells().len();
    let shard = a.sample.map(|k| (0, (total / k.max(1)).max(1)));
    let rerun = shard.map_or(total, |(_, n)| total.div_ceil(n));
    eprintln!(
        "hotsim: re-running {rerun} of {total} cells of {spec} to compare with {}",
        a.dir.display()
    );
    experiment::run(
        &exp,
        &RunOptions {
            out: scratch.clone(),
            threads,
            shard,
            progress: true,
        },
    )?;
    let mut differences = 0;
    let files: &[&str] = if a.sample.is_some() {
        &["runs.csv"]
    } else {
        &["runs.csv", "summary.csv"]
    };
    for file in files {
        let old = std::fs::read_to_string(a.dir.join(file))
            .with_context(|| format!("{}/{file}", a.dir.display()))?;
        let new = std::fs::read_to_string(scratch.join(file))?;
        let lines = experiment::compare::diff_table(file, &old, &new, a.sample.is_some())
            .with_context(|| format!("{}/{file}", a.dir.display()))?;
        for line in &lines {
            println!("{line}");
        }
        differences += lines.len();
    }
    let _ = std::fs::remove_dir_all(&scratch);
    if differences == 0 {
        println!("{}: reproduced bit for bit", a.dir.display());
        Ok(Outcome::Code(0))
    } else {
        let rows = if differences == 1 {
            "row differs"
        } else {
            "rows differ"
        };
        println!("{}: {differences} {rows}", a.dir.display());
        Ok(Outcome::Code(1))
    }
}

/// Arguments of `hotsim plot`.
#[derive(Debug, clap::Args)]
pub struct PlotArgs {
    /// A results folder written by `hotsim run`.
    dir: PathBuf,
    /// Only this plot (repeatable); default: all.
    #[arg(long = "only", value_name = "KIND", value_parser = plot_kinds())]
    only: Vec<String>,
}

/// `--only`'s values: the plot kinds, each with what it shows (for `--help`).
fn plot_kinds() -> clap::builder::PossibleValuesParser {
    let kinds = crate::plot::KINDS.iter();
    clap::builder::PossibleValuesParser::new(
        kinds.map(|k| clap::builder::PossibleValue::new(k.name).help(k.about)),
    )
}

/// Run `hotsim plot`.
pub fn plot(a: PlotArgs) -> anyhow::Result<Outcome> {
    for f in crate::plot::plot_dir(&a.dir, &a.only)? {
        println!("{}", f.display());
    }
    Ok(Outcome::Code(0))
}
