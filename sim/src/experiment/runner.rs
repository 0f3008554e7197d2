//! Running cells in parallel, persisting each as it finishes, resuming, sharding, merging.

use super::progress::Progress;
use super::{Cell, Experiment, fnv64, write_outputs};
use crate::engine::{Report, Simulation};
use hotsim_policies::registry;
use hotsim_workloads::Workload;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The outcome of one cell, as persisted in `cells/`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellResult {
    /// The experiment's fingerprint.
    pub fingerprint: String,
    /// The cell's key (see [`Cell::key`]).
    pub key: String,
    /// Its canonical index.
    pub index: usize,
    /// `ok` or `error`.
    pub status: String,
    /// The error, for a failed cell.
    pub message: String,
    /// The report, for a cell that ran.
    pub report: Option<Report>,
}

/// How to run an experiment.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The results folder.
    pub out: PathBuf,
    /// Worker threads (each cell runs on one).
    pub threads: usize,
    /// Run only cells with `index % n == i`.
    pub shard: Option<(usize, usize)>,
    /// Show progress on stderr: a bar on a terminal, a line every 10 s otherwise.
    pub progress: bool,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunOutcome {
    /// Cells in this run (or shard).
    pub cells: usize,
    /// Cells found finished on disk and skipped.
    pub skipped: usize,
    /// Cells run now.
    pub ran: usize,
    /// Cells whose run failed (recorded with status=error).
    pub failed: usize,
    /// The failed cells' keys and messages, in canonical order.
    pub failures: Vec<(String, String)>,
}

fn cell_path(out: &Path, cell: &Cell) -> PathBuf {
    out.join("cells").join(format!(
        "{:06}-{:016x}.json",
        cell.index,
        fnv64(cell.key().as_bytes())
    ))
}

/// Read a persisted cell if it is there, whole and for this cell.
fn load_cell(path: &Path, cell: &Cell, fingerprint: &str) -> Option<CellResult> {
    let bytes = std::fs::read(path).ok()?;
    let r: CellResult = serde_json::from_slice(&bytes).ok()?;
    (r.key == cell.key() && r.fingerprint == fingerprint).then_some(r)
}

/// Why one cell could not run. The sweep goes on: the cell is recorded with status
/// `error` and this message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CellError {
    /// The workload file named by the experiment does not load.
    #[error("{experiment}: workload '{name}': {source}")]
    Workload {
        /// The experiment spec that names the workload.
        experiment: String,
        /// The workload's name in the spec.
        name: String,
        /// Why it does not load (naming its file).
        source: hotsim_workloads::SpecError,
    },
    /// A JIT parameter of the cell's point is invalid.
    #[error(transparent)]
    Jit(#[from] hotsim_vm::jit::JitParamError),
    /// The policy does not build with the cell's point.
    #[error(transparent)]
    Policy(#[from] hotsim_policies::registry::BuildError),
    /// The simulation failed.
    #[error(transparent)]
    Simulation(#[from] crate::engine::SimError),
}

fn run_cell(exp: &Experiment, cell: &Cell) -> Result<Report, CellError> {
    let w = &exp.workloads[cell.workload_index];
    let mut workload = Workload::load(&w.file).map_err(|source| CellError::Workload {
        experiment: exp.path.display().to_string(),
        name: w.name.clone(),
        source,
    })?;
    if let Some(warmup) = exp.warmup {
        workload.warmup = warmup;
    }
    if exp.max_memory.is_some() {
        workload.max_memory = exp.max_memory;
    }
    let duration = exp.duration.unwrap_or(workload.duration);
    let (params, jit) =
        crate::engine::split_params(cell.params.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let policy = registry::build(&cell.policy, &params)?;
    let mut sim =
        Simulation::with_recording(workload, policy, exp.cost.clone(), cell.seed, None, jit)?;
    if exp.scaled {
        sim = sim.scaled(crate::engine::ScaleConfig::default());
    }
    Ok(sim.run(duration)?)
}

/// Run `exp`'s cells (or a shard of them) into `opts.out`, skipping cells already
/// finished there, then write the results files from every cell on disk.
pub fn run(exp: &Experiment, opts: &RunOptions) -> std::io::Result<RunOutcome> {
    std::fs::create_dir_all(opts.out.join("cells"))?;
    let fp = format!("{:016x}", exp.fingerprint);
    let cells: Vec<Cell> = exp
        .cells()
        .into_iter()
        .filter(|c| opts.shard.is_none_or(|(i, n)| c.index % n == i))
        .collect();
    let todo: Vec<&Cell> = cells
        .iter()
        .filter(|c| load_cell(&cell_path(&opts.out, c), c, &fp).is_none())
        .collect();
    let outcome = RunOutcome {
        cells: cells.len(),
        skipped: cells.len() - todo.len(),
        ..RunOutcome::default()
    };
    let progress = Progress::new(todo.len(), opts.progress);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.max(1))
        .build()
        .map_err(std::io::Error::other)?;
    let results: Vec<std::io::Result<bool>> = pool.install(|| {
        todo.par_iter()
            .map(|cell| {
                let r = run_cell(exp, cell);
                let failed = r.is_err();
                let result = match r {
                    Ok(report) => CellResult {
                        fingerprint: fp.clone(),
                        key: cell.key(),
                        index: cell.index,
                        status: "ok".into(),
                        message: String::new(),
                        report: Some(report),
                    },
                    Err(e) => CellResult {
                        fingerprint: fp.clone(),
                        key: cell.key(),
                        index: cell.index,
                        status: "error".into(),
                        message: e.to_string(),
                        report: None,
                    },
                };
                let bytes = serde_json::to_vec(&result).map_err(std::io::Error::other)?;
                hotsim_workloads::write_atomic(&cell_path(&opts.out, cell), &bytes)?;
                progress.cell_done(failed);
                Ok(failed)
            })
            .collect()
    });
    progress.finish();
    let mut outcome = outcome;
    for r in results {
        outcome.ran += 1;
        if r? {
            outcome.failed += 1;
        }
    }
    // Cells of earlier runs that failed count too.
    outcome.failures = cells
        .iter()
        .filter_map(|c| load_cell(&cell_path(&opts.out, c), c, &fp))
        .filter(|r| r.status != "ok")
        .map(|r| (r.key, r.message))
        .collect();
    outcome.failed = outcome.failures.len();
    write_outputs(
        exp,
        &opts.out,
        &collect(exp, std::slice::from_ref(&opts.out)),
    )?;
    Ok(outcome)
}

/// Every finished cell found in `dirs`, in canonical order (one per cell).
pub fn collect(exp: &Experiment, dirs: &[PathBuf]) -> Vec<(Cell, CellResult)> {
    let fp = format!("{:016x}", exp.fingerprint);
    exp.cells()
        .into_iter()
        .filter_map(|c| {
            let r = dirs
                .iter()
                .find_map(|d| load_cell(&cell_path(d, &c), &c, &fp))?;
            Some((c, r))
        })
        .collect()
}

/// Combine shard folders into `out`, as if the whole experiment had run there.
pub fn merge(exp: &Experiment, shards: &[PathBuf], out: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(out.join("cells"))?;
    let found = collect(exp, shards);
    for (cell, result) in &found {
        let bytes = serde_json::to_vec(result).map_err(std::io::Error::other)?;
        hotsim_workloads::write_atomic(&cell_path(out, cell), &bytes)?;
    }
    write_outputs(exp, out, &found)?;
    Ok(found.len())
}
