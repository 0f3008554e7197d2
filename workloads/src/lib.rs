//! hotsim-workloads: what the simulated system runs.
//!
//! - [`spec`]: program workloads, a Lua program with its event sources and timers, read
//!   from TOML ([`Workload`]);
//! - [`arrival`]: arrival processes (Poisson, periodic with jitter, on/off, phased,
//!   recorded);
//! - [`branch`]: branch-frequency workloads, sites with a code shape and an activity,
//!   turned into a generated program and its schedule;
//! - [`recorded`]: recorded hits per site per time bucket, as CSV;
//! - [`atomic`]: atomic file replacement, for every file hotsim writes;
//! - [`size`]: byte sizes as users write them (`512MiB`);
//! - [`PROGRAMS`]: the bundled Lua programs under `workloads/programs/`.

#![warn(missing_docs)]

pub mod arrival;
pub mod atomic;
pub mod branch;
pub mod recorded;
pub mod size;
pub mod spec;

pub use arrival::{Arrivals, Process};
pub use atomic::{write_atomic, write_atomic_with};
pub use size::parse_bytes;
pub use spec::{Idle, Payload, Program, Rare, Source, SpecError, Timer, Workload};

/// A bundled Lua program.
#[derive(Clone, Copy, Debug)]
pub struct BundledProgram {
    /// File name under `workloads/programs/`.
    pub file: &'static str,
    /// What it models.
    pub summary: &'static str,
    /// Its source.
    pub source: &'static str,
}

/// Every bundled program.
pub const PROGRAMS: &[BundledProgram] = &[
    BundledProgram {
        file: "packet_loop.lua",
        summary: "a self-driving packet loop for `hotsim exec`: batches, lookups, rare paths, a timer",
        source: include_str!("../programs/packet_loop.lua"),
    },
    BundledProgram {
        file: "pipeline.lua",
        summary: "a Snabb-like app chain with housekeeping timers (workloads/pipeline.toml)",
        source: include_str!("../programs/pipeline.lua"),
    },
    BundledProgram {
        file: "lwaftr.lua",
        summary: "a Snabb lwAFTR: app chain, binding table, rare packets, housekeeping (workloads/lwaftr.toml)",
        source: include_str!("../programs/lwaftr.lua"),
    },
    BundledProgram {
        file: "server.lua",
        summary: "a request/response server fed bursts, with a cache (workloads/server.toml)",
        source: include_str!("../programs/server.lua"),
    },
    BundledProgram {
        file: "batch.lua",
        summary: "a batch job of matrix products arriving periodically (workloads/batch.toml)",
        source: include_str!("../programs/batch.lua"),
    },
];

/// The bundled workload files under `workloads/`, by name.
pub const WORKLOADS: &[&str] = &[
    "pipeline.toml",
    "lwaftr.toml",
    "server.toml",
    "batch.toml",
    "recorded/sieve.toml",
    "recorded/packet_proc.toml",
];

/// The directory holding the bundled workloads in a source checkout.
pub fn workloads_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The directory holding the bundled programs in a source checkout.
pub fn programs_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
}

#[cfg(test)]
mod tests {
    #[test]
    fn bundled_workloads_load() {
        for w in super::WORKLOADS {
            let path = super::workloads_dir().join(w);
            let wl = super::Workload::load(&path).unwrap_or_else(|e| panic!("{e}"));
            match wl.program {
                super::Program::File(p) => assert!(p.is_file(), "{}", p.display()),
                super::Program::Generated { .. } => {}
            }
        }
    }

    #[test]
    fn programs_exist_on_disk_and_match() {
        for p in super::PROGRAMS {
            let on_disk = std::fs::read_to_string(super::programs_dir().join(p.file)).unwrap();
            assert_eq!(on_disk, p.source);
        }
    }
}
