//! Branch-frequency workloads: generated sites hit at the specified rates, and their
//! generated code really runs in the VM.

use hotsim::engine::{Report, Simulation};
use hotsim_policies::{Params, VTime, registry};
use hotsim_vm::CostModel;
use hotsim_workloads::{Program, Workload};
use std::path::Path;

fn load() -> Workload {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workloads/branch.toml");
    Workload::load(&path).unwrap()
}

fn run(policy: &str) -> Report {
    let p = registry::build(policy, &Params::new()).unwrap();
    Simulation::new(load(), p, CostModel::default(), 3)
        .unwrap()
        .run(VTime::from_secs(20))
        .unwrap()
}

fn hits(r: &Report, name: &str) -> f64 {
    r.sources.iter().find(|s| s.name == name).unwrap().processed as f64
}

fn within(got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol * want,
        "{got} vs {want} (tolerance {}%)",
        tol * 100.0
    );
}

#[test]
fn sites_are_hit_at_their_specified_rates() {
    let r = run("never");
    within(hits(&r, "steady_loop"), 20_000.0, 0.03);
    within(hits(&r, "periodic_fn"), 2_000.0, 0.001);
    // Bursty: duty cycle 1/4 of 2000/s over 20 s, about 50 on periods: wide tolerance.
    within(hits(&r, "bursty_branch"), 10_000.0, 0.3);
    within(hits(&r, "phase"), 500.0 * 10.0 + 50.0 * 10.0, 0.05);
    // Zipf with s = 1 over 20 sites: the first gets 1/H(20) of the total.
    let h20: f64 = (1..=20).map(|k| 1.0 / k as f64).sum();
    within(hits(&r, "popular#1"), 40_000.0 / h20, 0.05);
    within(hits(&r, "popular#2"), 40_000.0 / h20 / 2.0, 0.05);
    let all: f64 = (1..=20).map(|k| hits(&r, &format!("popular#{k}"))).sum();
    within(all, 40_000.0, 0.03);
    assert_eq!(hits(&r, "housekeeping"), 19.0);
    assert!(r.sources.iter().all(|s| s.dropped == 0));
}

#[test]
fn the_generated_program_has_one_function_per_site_and_runs() {
    let w = load();
    let Program::Generated { source, .. } = &w.program else {
        panic!("generated")
    };
    assert_eq!(source.matches("\nfunction site_").count(), w.sources.len());
    // Under LuaJIT's counters the steady loop becomes hot and compiles; the work is
    // counted in bytecodes interpreted plus trace instructions executed.
    let r = run("cumulative");
    assert!(r.vm.hot_triggers > 0 && r.vm.traces > 0, "{:?}", r.vm);
    assert!(r.vm.bytecodes + r.vm.trace_ins > 1_000_000, "{:?}", r.vm);
}

#[test]
fn bad_sites_are_named_in_errors() {
    let bad = |toml: &str| {
        Workload::parse(toml, Path::new("b.toml"))
            .unwrap_err()
            .to_string()
    };
    let e = bad("[[site]]\nname = \"x\"\nshape = \"spiral\"\nactivity = \"constant\"\nrate = 1\n");
    assert!(
        e.contains("b.toml: site 'x': shape: unknown shape 'spiral'"),
        "{e}"
    );
    let e = bad("[[site]]\nname = \"x\"\nshape = \"branch\"\nactivity = \"constant\"\nrate = 1\n");
    assert!(e.contains("probability"), "{e}");
    let e = bad("[[site]]\nname = \"x\"\nshape = \"loop\"\nactivity = \"phase\"\nrates = [1, 2]\n");
    assert!(e.contains("switch_at"), "{e}");
    let e = bad(
        "program = \"p.lua\"\n[[site]]\nname = \"x\"\nshape = \"loop\"\nactivity = \"rare\"\nperiod = \"1s\"\n",
    );
    assert!(
        e.contains("exactly one of: program, [[site]] tables, recorded"),
        "{e}"
    );
}

#[test]
fn replaying_a_recording_reproduces_its_per_site_counts() {
    use hotsim::cli::record::to_recording;
    let dir = std::env::temp_dir().join(format!("hotsim-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let record = |w: Workload| {
        let p = registry::build("never", &Params::new()).unwrap();
        let sim = Simulation::with_recording(
            w,
            p,
            CostModel::default(),
            5,
            Some(VTime::from_ms(100)),
            Default::default(),
        )
        .unwrap();
        let (_, vm) = sim.run_keeping_vm(VTime::from_secs(5)).unwrap();
        to_recording(vm.hit_log().unwrap())
    };
    let original = record(load());
    let csv = dir.join("rec.csv");
    original.write(&csv).unwrap();
    // The CSV round-trips.
    assert_eq!(
        hotsim_workloads::recorded::Recording::read(&csv).unwrap(),
        original
    );
    let toml = dir.join("replay.toml");
    std::fs::write(&toml, "recorded = \"rec.csv\"\nduration = \"5s\"\n").unwrap();
    let replayed = record(Workload::load(&toml).unwrap());
    let shape = |r: &hotsim_workloads::recorded::Recording| -> Vec<(String, Vec<(u64, u64)>)> {
        r.sites
            .values()
            .map(|s| {
                (
                    s.kind.clone(),
                    s.hits.iter().map(|(b, n)| (*b, *n)).collect(),
                )
            })
            .collect()
    };
    assert_eq!(shape(&replayed), shape(&original));
}
