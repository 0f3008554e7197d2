//! Experiments: a spec ([`Experiment`]) expands into cells (workload x policy x
//! parameter point x seed); [`run`] runs them in parallel, persists each finished cell
//! atomically, resumes from what is on disk, and writes the results folder.
//!
//! Outputs depend only on the spec: cells are independent single-threaded simulations,
//! and every file is assembled from the cells in their canonical order, so any thread
//! count or shard split gives the same bytes.

pub mod compare;
mod output;
mod progress;
mod runner;
mod spec;

pub use output::{PROVENANCE, SUMMARY_METRICS, write_outputs};
pub use runner::{CellError, CellResult, RunOptions, RunOutcome, merge, run};
pub use spec::{Experiment, ExperimentError, PolicyGrid, WorkloadRef};

/// One cell of an experiment.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// Position in canonical order.
    pub index: usize,
    /// Workload name.
    pub workload: String,
    /// Index into the experiment's workloads.
    pub workload_index: usize,
    /// Policy name.
    pub policy: String,
    /// Parameter point, `(key, value)` in key order.
    pub params: Vec<(String, String)>,
    /// The seed.
    pub seed: u64,
}

impl Cell {
    /// The parameters as `k=v;k=v` (empty for defaults).
    pub fn params_text(&self) -> String {
        self.params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// A key naming the cell, stable across runs of the same spec.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            self.workload,
            self.policy,
            self.params_text(),
            self.seed
        )
    }
}

impl Experiment {
    /// Every cell, in canonical order: workloads, then policies, then parameter points,
    /// then seeds, each in spec order.
    pub fn cells(&self) -> Vec<Cell> {
        let mut cells = Vec::new();
        for (wi, w) in self.workloads.iter().enumerate() {
            for p in &self.policies {
                for point in &p.points {
                    for &seed in &self.seeds {
                        cells.push(Cell {
                            index: cells.len(),
                            workload: w.name.clone(),
                            workload_index: wi,
                            policy: p.name.clone(),
                            params: point.clone(),
                            seed,
                        });
                    }
                }
            }
        }
        cells
    }
}

/// FNV-1a, 64 bits: names cell files and fingerprints specs (not for security).
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
