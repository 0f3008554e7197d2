//! hotsim-workloads: what the simulated system runs.
//!
//! For now: the bundled Lua programs under `workloads/programs/`, used by `hotsim exec`
//! examples, benchmarks and tests. Arrival processes and branch-frequency workloads join
//! them as the engine grows.

#![warn(missing_docs)]

/// A bundled Lua program.
#[derive(Clone, Copy, Debug)]
pub struct Program {
    /// File name under `workloads/programs/`.
    pub file: &'static str,
    /// What it models.
    pub summary: &'static str,
    /// Its source.
    pub source: &'static str,
}

/// Every bundled program.
pub const PROGRAMS: &[Program] = &[Program {
    file: "packet_loop.lua",
    summary: "a Snabb-like packet loop: batches, a lookup table, counters, rare paths, timers",
    source: include_str!("../programs/packet_loop.lua"),
}];

/// The directory holding the bundled programs in a source checkout.
pub fn programs_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
}

#[cfg(test)]
mod tests {
    #[test]
    fn programs_exist_on_disk_and_match() {
        for p in super::PROGRAMS {
            let on_disk = std::fs::read_to_string(super::programs_dir().join(p.file)).unwrap();
            assert_eq!(on_disk, p.source);
        }
    }
}
