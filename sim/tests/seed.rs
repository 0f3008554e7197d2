//! The seed experiment (experiments/seed-lwaftr.toml, README), shortened to five virtual
//! minutes in scaled mode: the guard of its headline result.

use hotsim::engine::{Report, ScaleConfig, Simulation};
use hotsim::experiment::Experiment;
use hotsim_policies::{Params, VTime, registry};
use hotsim_vm::{CostModel, JitParams};
use hotsim_workloads::Workload;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(policy: &str, params: &[(&str, &str)]) -> Report {
    let w = Workload::load(&root().join("workloads/lwaftr.toml")).unwrap();
    let mut p = Params::new();
    for (k, v) in params {
        p.set(*k, *v);
    }
    let policy = registry::build(policy, &p).unwrap();
    Simulation::with_recording(
        w,
        policy,
        CostModel::default(),
        1,
        None,
        JitParams::default(),
    )
    .unwrap()
    .scaled(ScaleConfig::default())
    .run(VTime::from_secs(300))
    .unwrap()
}

#[test]
fn the_spec_is_the_experiment_the_readme_describes() {
    let exp = Experiment::load(&root().join("experiments/seed-lwaftr.toml")).unwrap();
    assert!(exp.scaled);
    assert_eq!(exp.duration, Some(VTime::from_secs(3600)));
    assert!(exp.seeds.len() >= 5);
    let names: Vec<&str> = exp.policies.iter().map(|p| p.name.as_str()).collect();
    for name in [
        "cumulative",
        "windowed",
        "decay",
        "sliding",
        "budget",
        "never",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let decay = exp.policies.iter().find(|p| p.name == "decay").unwrap();
    assert!(decay.points.len() >= 3, "a half-life sweep");
}

#[test]
fn housekeeping_compiles_late_under_cumulative_not_under_the_window() {
    let cumulative = run("cumulative", &[]);
    let windowed = run("windowed", &[("window", "1s"), ("mode", "lazy")]);
    // LuaJIT's counters make housekeeping code hot minutes after start: root traces
    // (timer functions and their loops) compile after the 10 s warm-up. The 1 s window
    // compiles nothing after it in these five minutes (its first late trace in the
    // hour-long runs is the binding reload at 900 s).
    let late = |r: &Report, roots_only: bool| {
        r.compiles
            .iter()
            .filter(|c| c.event == "trace" && c.time_ns >= r.warmup_ns)
            .filter(|c| !roots_only || c.start != "side")
            .count()
    };
    assert!(late(&cumulative, true) > 0, "{:?}", cumulative.compiles);
    assert_eq!(late(&windowed, true), 0, "{:?}", windowed.compiles);
    assert_eq!(late(&cumulative, false) as u64, cumulative.late_compiles);
    assert_eq!(windowed.late_compiles, 0, "{:?}", windowed.compiles);
    let dropped = |r: &Report| r.sources.iter().map(|s| s.dropped).sum::<u64>();
    assert!(dropped(&cumulative) >= dropped(&windowed));
    // Steady-state throughput within 1%.
    let processed = |r: &Report| r.sources.iter().map(|s| s.processed).sum::<u64>() as f64;
    let (c, w) = (processed(&cumulative), processed(&windowed));
    assert!((c - w).abs() <= 0.01 * w, "{c} vs {w}");
}

#[test]
fn the_committed_results_reproduce() {
    // One cell of the committed hour-long experiment, re-run and compared byte for byte
    // with its rows in results/seed-lwaftr (`hotsim verify --sample 1`).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hotsim"))
        .current_dir(root())
        .args(["verify", "results/seed-lwaftr", "--sample", "1"])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("reproduced bit for bit"), "{text}");
}
