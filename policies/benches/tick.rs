//! Per-tick cost of every registered policy, as a table relative to `cumulative`.
//!
//! `cargo bench -p hotsim-policies --bench tick` (add `-- N` to set the ticks per policy).
//! Each policy sees the same stream: 200 sites (loops and calls), 1 us of virtual time
//! apart, so time-based policies do their periodic work too. Best of 5 rounds.

use hotsim_policies::registry::POLICIES;
use hotsim_policies::{HotKind, Params, Site, VTime};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let ticks: u64 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5_000_000);
    let stream: Vec<(Site, HotKind)> = (0..4096u32)
        .map(|i| {
            let site = Site(0x10000 + 4 * ((i * 7919) % 200));
            let kind = if i % 3 == 0 {
                HotKind::Call
            } else {
                HotKind::Loop
            };
            (site, kind)
        })
        .collect();
    let mut results = Vec::new();
    for info in POLICIES {
        let mut best = f64::INFINITY;
        let mut triggers = 0u64;
        for _ in 0..5 {
            let mut p = (info.build)(&Params::new()).expect("defaults build");
            let start = Instant::now();
            triggers = 0;
            for t in 0..ticks {
                let (site, kind) = stream[(t % 4096) as usize];
                let d = p.hot_tick(black_box(site), kind, VTime::from_us(t));
                triggers += u64::from(d.is_trigger());
            }
            best = best.min(start.elapsed().as_secs_f64() * 1e9 / ticks as f64);
        }
        results.push((info.name, best, triggers));
    }
    let base = results
        .iter()
        .find(|r| r.0 == "cumulative")
        .map_or(1.0, |r| r.1);
    println!("{ticks} ticks per policy, best of 5");
    println!(
        "{:<12} {:>10} {:>14} {:>10}",
        "policy", "ns/tick", "vs cumulative", "triggers"
    );
    for (name, ns, trig) in results {
        println!("{name:<12} {ns:>10.2} {:>14.2} {trig:>10}", ns / base);
    }
}
