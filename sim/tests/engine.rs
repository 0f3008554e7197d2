//! The discrete-event engine against queueing theory and hand-computed cases.

use hotsim::engine::{Report, Simulation};
use hotsim_policies::{Params, VTime, registry};
use hotsim_vm::CostModel;
use hotsim_workloads::Workload;
use std::path::Path;

fn run(file: &str, policy: &str, seed: u64, duration: Option<VTime>) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/workloads")
        .join(file);
    let w = Workload::load(&path).unwrap();
    let d = duration.unwrap_or(w.duration);
    let p = registry::build(policy, &Params::new()).unwrap();
    Simulation::new(w, p, CostModel::default(), seed)
        .unwrap()
        .run(d)
        .unwrap()
}

#[test]
fn md1_mean_latency_matches_pollaczek_khinchine() {
    let r = run("md1.toml", "never", 1, None);
    let calls = r.handler_calls as f64;
    // Service time: the handler's whole virtual cost per item (work + bytecodes).
    let d = r.busy_ns as f64 / calls;
    let lambda = r.sources[0].arrived as f64 / (r.duration_ns as f64);
    let rho = lambda * d;
    assert!(rho > 0.7 && rho < 0.95, "utilisation {rho}");
    // Pollaczek-Khinchine for deterministic service: Wq = rho * D / (2 (1 - rho)).
    let expected = rho * d / (2.0 * (1.0 - rho)) + d;
    let measured = r.latency.mean_ns;
    let err = (measured - expected).abs() / expected;
    assert!(
        err < 0.05,
        "mean latency {measured:.0} ns vs M/D/1 {expected:.0} ns ({:.1}%)",
        err * 100.0
    );
    assert_eq!(r.sources[0].dropped, 0);
}

#[test]
fn a_ring_fed_faster_than_it_drains_drops_exactly_the_excess() {
    let r = run("overflow.toml", "never", 1, None);
    let s = &r.sources[0];
    assert_eq!(s.arrived, s.processed + s.dropped + s.queued_at_end);
    assert_eq!(s.queued_at_end, 64);
    // 100 ms at 1 item/us offered, one item per ~10 us served.
    let per_item = r.busy_ns as f64 / s.processed as f64;
    let served = (r.duration_ns as f64 / per_item).floor() as u64;
    assert!(
        s.processed.abs_diff(served) <= 1,
        "{} vs {served}",
        s.processed
    );
    assert_eq!(s.dropped, s.arrived - s.processed - 64);
}

#[test]
fn a_pause_drops_what_the_ring_cannot_hold() {
    let r = run("pause.toml", "never", 1, None);
    let s = &r.sources[0];
    // 500 us stall, one item per us, ring of 100: 500 arrive during the stall, the ring
    // takes 100 of them and drops the other 400 (give or take the item in flight).
    assert!((399..=401).contains(&s.dropped), "dropped {}", s.dropped);
    assert_eq!(r.drops_per_second, vec![s.dropped]);
    // The first item to arrive after the stall began waited for all of it.
    assert!(
        r.latency.max_ns >= 490_000 && r.latency.max_ns <= 501_000,
        "{:?}",
        r.latency
    );
}

#[test]
fn same_workload_and_seed_give_identical_reports() {
    let a = serde_json::to_string(&run("md1.toml", "cumulative", 7, Some(VTime::from_ms(200))))
        .unwrap();
    let b = serde_json::to_string(&run("md1.toml", "cumulative", 7, Some(VTime::from_ms(200))))
        .unwrap();
    assert_eq!(a, b);
    let c = serde_json::to_string(&run("md1.toml", "cumulative", 8, Some(VTime::from_ms(200))))
        .unwrap();
    assert_ne!(a, c);
}

#[test]
fn snabb_pacing_trades_latency_for_idle_polls() {
    let exact = run("slow_exact.toml", "never", 1, None);
    let snabb = run("slow_snabb.toml", "never", 1, None);
    // Woken exactly at each arrival, an item waits only for its handler.
    assert!(exact.latency.p99_ns < 2_000, "{:?}", exact.latency);
    // Sleeping up to 100 us between polls, an item waits up to a sleep.
    assert!(snabb.latency.max_ns <= 101_000, "{:?}", snabb.latency);
    assert!(snabb.latency.p50_ns > 20_000, "{:?}", snabb.latency);
    assert_eq!(exact.sources[0].processed, snabb.sources[0].processed);
}

#[test]
fn the_bundled_workloads_run() {
    for w in hotsim_workloads::WORKLOADS {
        let path = hotsim_workloads::workloads_dir().join(w);
        let wl = Workload::load(&path).unwrap();
        let p = registry::build("cumulative", &Params::new()).unwrap();
        let r = Simulation::new(wl, p, CostModel::default(), 1)
            .unwrap()
            .run(VTime::from_ms(100))
            .unwrap_or_else(|e| panic!("{w}: {e}"));
        assert!(
            r.sources.iter().map(|s| s.processed).sum::<u64>() > 0,
            "{w} processed nothing"
        );
    }
}

/// The seed in miniature: a timer's function compiles late under LuaJIT's counters, and
/// the compile pause drops packets; a 1 s window never lets it get hot.
#[test]
fn a_late_compile_pauses_the_core_and_drops_packets() {
    let c = run("late.toml", "cumulative", 1, None);
    let late: Vec<_> = c
        .compiles
        .iter()
        .filter(|e| e.event == "trace" && e.time_ns >= c.warmup_ns)
        .collect();
    assert!(!late.is_empty(), "{:#?}", c.compiles);
    // The timer's function (line 8) triggers at its 112th call: after 11 s.
    let hk = late
        .iter()
        .find(|e| e.location.ends_with("late.lua:8"))
        .expect("housekeeping traced late");
    assert!(
        hk.time_ns > 11_000_000_000 && hk.time_ns < 12_000_000_000,
        "{hk:?}"
    );
    assert_eq!(c.late_compiles, late.len() as u64);
    assert!(c.largest_compile_ns >= hk.record_ns + hk.compile_ns);
    // 2 slots at one packet per 5 us hold 10 us; a compile of more than that drops.
    assert!(c.largest_compile_ns > 10_000, "{}", c.largest_compile_ns);
    let dropped: u64 = c.sources.iter().map(|s| s.dropped).sum();
    assert!(dropped > 0, "no drops");
    // The drops fall in the second of the late compile.
    let sec = (hk.time_ns / 1_000_000_000) as usize;
    assert!(
        c.timeline[sec].dropped > 0 && c.timeline[sec].traces >= 1,
        "{:?}",
        c.timeline[sec]
    );
    let w = run("late.toml", "windowed", 1, None);
    assert_eq!(w.late_compiles, 0, "{:#?}", w.compiles);
    assert!(
        w.compiles
            .iter()
            .all(|e| !e.location.ends_with("late.lua:8"))
    );
}

/// A compile pause of known length drops what the ring cannot hold, as a stall does.
#[test]
fn a_compile_pause_drops_what_the_ring_cannot_hold() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workloads/compile_pause.toml");
    let w = Workload::load(&path).unwrap();
    // Recording free, the compile exactly 500 us, no protection-change cost.
    let cost = CostModel {
        record_ins: 0.0,
        compile_base: 500_000.0,
        compile_per_ins: 0.0,
        mprotect: 0.0,
        ..CostModel::default()
    };
    let p = registry::build("cumulative", &Params::new()).unwrap();
    let r = Simulation::new(w, p, cost, 1)
        .unwrap()
        .run(VTime::from_ms(10))
        .unwrap();
    assert_eq!(r.vm.traces, 1, "{:?}", r.compiles);
    assert_eq!(r.largest_compile_ns, 500_000);
    let s = &r.sources[0];
    // 500 arrive during the pause; the ring takes 100 and the other 400 drop (give or
    // take the item in flight and the loop's own few hundred ns).
    assert!((399..=401).contains(&s.dropped), "dropped {}", s.dropped);
    let c = &r.compiles[0];
    assert!(c.time_ns > 5_000_000 && c.time_ns < 5_600_000, "{c:?}");
}
