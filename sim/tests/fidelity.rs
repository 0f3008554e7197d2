//! hotsim against real LuaJIT: the fidelity corpus (vm/tests/fidelity) holds the
//! agreement stated in results/fidelity/summary.toml, and `hotsim calibrate` writes a
//! cost model that hotsim accepts.

use hotsim::fidelity::{Corpus, stated_agreement};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The guarded numbers cover only programs LuaJIT ran the same way three times, but a
/// collision of hot-counter slots can persist over all three runs of a program (seen
/// about once in 70 test runs): one root trace of the ~33 is 0.03, one side trace of the
/// ~9 is 0.11, so this much slack.
const ROOT_NOISE: f64 = 0.04;
const SIDE_NOISE: f64 = 0.12;

#[test]
fn the_corpus_keeps_its_stated_trace_agreement() {
    let stated = stated_agreement(&root().join("results/fidelity/summary.toml")).unwrap();
    let corpus = Corpus::run(&root().join("vm/tests/fidelity"), &|_| {}).unwrap();
    assert!(corpus.programs.len() >= 25);
    let o = corpus.overall(false);
    let stable = corpus.overall_of(false, true);
    assert!(stable.programs >= 20, "{} stable programs", stable.programs);
    for (what, got, stated, noise) in [
        ("root", stable.roots.of_luajit(), stated.roots, ROOT_NOISE),
        ("side", stable.sides.of_luajit(), stated.sides, SIDE_NOISE),
    ] {
        assert!(
            got >= stated - noise,
            "{what}-trace agreement {got:.3} is below the stated {stated:.3}\n{}",
            corpus.csv()
        );
    }
    assert_eq!(o.same_output, o.programs, "every program prints the same");
}

#[test]
fn calibrate_writes_a_cost_model_hotsim_accepts() {
    let dir = std::env::temp_dir().join(format!("hotsim-cal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("cost.toml");
    let run = Command::new(env!("CARGO_BIN_EXE_hotsim"))
        .args(["calibrate", "--quick", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let model = hotsim_vm::CostModel::from_toml(&text, "cost.toml").unwrap();
    // Measured, so machine-dependent: only sanity bounds.
    for (key, lo, hi) in [
        ("arith", 0.01, 100.0),
        ("table_get", 0.01, 200.0),
        ("call", 0.01, 500.0),
        ("trace_ins", 0.001, 100.0),
        ("compile_per_ins", 1.0, 100_000.0),
        ("mprotect", 10.0, 1_000_000.0),
    ] {
        let v = text
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key} = ")))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or_else(|| panic!("{key} missing in\n{text}"));
        assert!((lo..=hi).contains(&v), "{key} = {v}");
        assert!(
            text.contains(&format!("{key} = {v}  # median")),
            "{key} is measured"
        );
    }
    assert!(model.mprotect > 0.0);
    // The file works as --cost.
    let exec = Command::new(env!("CARGO_BIN_EXE_hotsim"))
        .current_dir(root().join("vm/tests/fidelity"))
        .args(["exec", "--cost"])
        .arg(&out)
        .arg("01_for_sum.lua")
        .output()
        .unwrap();
    assert!(exec.status.success());
    assert_eq!(String::from_utf8_lossy(&exec.stdout), "500500\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_default_costs_are_the_committed_calibration() {
    let path = root().join("results/calibration/cost.toml");
    let calibrated = hotsim_vm::CostModel::load(&path).unwrap();
    assert_eq!(
        hotsim_vm::CostModel::default(),
        calibrated,
        "vm/src/cost.rs's defaults differ from {}",
        path.display()
    );
}
