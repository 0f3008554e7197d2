//! `hotsim list`: bundled programs and registered policies.

use super::Outcome;
use hotsim_policies::registry::POLICIES;

pub fn run() -> anyhow::Result<Outcome> {
    println!("policies:");
    for p in POLICIES {
        println!("  {:<12} {}", p.name, p.summary);
    }
    println!("programs (workloads/programs/):");
    for p in hotsim_workloads::PROGRAMS {
        println!("  {:<20} {}", p.file, p.summary);
    }
    println!("workloads (workloads/, for hotsim simulate):");
    for w in hotsim_workloads::WORKLOADS {
        println!("  {w}");
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../experiments");
    let mut specs: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    specs.sort();
    println!("experiments (experiments/, for hotsim run):");
    for s in specs {
        println!("  {s}");
    }
    Ok(Outcome::Code(0))
}
