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
    Ok(Outcome::Code(0))
}
