//! Experiments: byte-identical results whatever the threads or shards, resume after a
//! kill, failed cells recorded, bad specs refused.

use std::path::{Path, PathBuf};
use std::process::Command;

fn spec(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/experiments")
        .join(name)
        .display()
        .to_string()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("hotsim-exp-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn hotsim(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hotsim"))
        .args(args)
        .output()
        .expect("run hotsim")
}

/// `hotsim run SPEC --out OUT`.
fn run_into(spec: &Path, out: &Path) -> std::process::Output {
    hotsim(&[
        "run",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()))
}

#[test]
fn results_are_byte_identical_across_threads_and_shards() {
    let s = spec("small.toml");
    let one = tmp("t1");
    let two = tmp("t2");
    assert!(
        hotsim(&["run", &s, "--out", one.to_str().unwrap(), "--threads", "1"])
            .status
            .success()
    );
    assert!(
        hotsim(&["run", &s, "--out", two.to_str().unwrap(), "--threads", "2"])
            .status
            .success()
    );
    let (a, b, merged) = (tmp("s0"), tmp("s1"), tmp("merged"));
    assert!(
        hotsim(&["run", &s, "--out", a.to_str().unwrap(), "--shard", "0/2"])
            .status
            .success()
    );
    assert!(
        hotsim(&["run", &s, "--out", b.to_str().unwrap(), "--shard", "1/2"])
            .status
            .success()
    );
    let o = hotsim(&[
        "merge",
        &s,
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "runs.csv",
        "summary.csv",
        "timeline.csv",
        "compiles.csv",
        "warmup_stats.csv",
    ] {
        assert_eq!(read(&one, f), read(&two, f), "{f}: 1 vs 2 threads");
        assert_eq!(
            read(&one, f),
            read(&merged, f),
            "{f}: unsharded vs merged shards"
        );
    }
    // Every file of a results folder, plots and manifest included, reproduces byte for
    // byte (so re-running committed results leaves the tree clean), but for the
    // untracked provenance.json, which names the checkout and host.
    let mut files: Vec<String> = std::fs::read_dir(&one)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "cells" && n != hotsim::experiment::PROVENANCE)
        .collect();
    files.sort();
    assert!(files.len() > 12, "{files:?}");
    for f in &files {
        assert_eq!(read(&one, f), read(&two, f), "{f}: 1 vs 2 threads");
    }
    let provenance = String::from_utf8(read(&one, "provenance.json")).unwrap();
    assert!(provenance.contains("git_commit"), "{provenance}");
    let manifest = String::from_utf8(read(&one, "manifest.json")).unwrap();
    assert!(!manifest.contains("git_commit"), "{manifest}");
    // 2 workloads x (1 + 2 parameter points) x 3 seeds, plus a header.
    assert_eq!(
        String::from_utf8(read(&one, "runs.csv"))
            .unwrap()
            .lines()
            .count(),
        1 + 18
    );
}

#[test]
fn a_killed_run_resumes_without_losing_or_redoing_cells() {
    let s = spec("small.toml");
    let clean = tmp("clean");
    assert!(
        hotsim(&[
            "run",
            &s,
            "--out",
            clean.to_str().unwrap(),
            "--threads",
            "1"
        ])
        .status
        .success()
    );
    let out = tmp("killed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hotsim"))
        .args(["run", &s, "--out", out.to_str().unwrap(), "--threads", "1"])
        .spawn()
        .unwrap();
    // Kill it once some, but not all, cells are on disk.
    let cells = out.join("cells");
    let done = || {
        std::fs::read_dir(&cells)
            .map(|d| {
                d.filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .path()
                        .extension()
                        .is_some_and(|x| x == "json")
                })
                .count()
            })
            .unwrap_or(0)
    };
    let start = std::time::Instant::now();
    while done() < 3 && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before = done();
    assert!(before >= 3, "{before} cells before the kill");
    let o = hotsim(&["run", &s, "--out", out.to_str().unwrap(), "--resume"]);
    assert!(o.status.success());
    let msg = String::from_utf8_lossy(&o.stderr);
    assert!(
        msg.contains(&format!("{before} already done")) || before == 18,
        "{msg}"
    );
    for f in ["runs.csv", "summary.csv"] {
        assert_eq!(read(&clean, f), read(&out, f), "{f}");
    }
}

#[test]
fn a_failed_cell_is_a_row_with_status_error_and_the_exit_status_says_so() {
    let out = tmp("failing");
    let o = hotsim(&["run", &spec("failing.toml"), "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let runs = String::from_utf8(read(&out, "runs.csv")).unwrap();
    let fails: Vec<&str> = runs.lines().filter(|l| l.starts_with("fails,")).collect();
    assert_eq!(fails.len(), 1);
    assert!(
        fails[0].contains(",error,") && fails[0].contains("cell failure"),
        "{}",
        fails[0]
    );
    assert!(runs.lines().any(|l| l.starts_with("md1,never,,1,ok,")));
    // A program over the experiment's heap budget fails its cell alone.
    let hoards: Vec<&str> = runs.lines().filter(|l| l.starts_with("hoards,")).collect();
    assert_eq!(hoards.len(), 1);
    assert!(
        hoards[0].contains(",error,") && hoards[0].contains("not enough memory"),
        "{}",
        hoards[0]
    );
    // The reason is on stderr too, not only in runs.csv; the last line says where to look.
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.lines()
            .any(|l| l.starts_with("hotsim: cell fails|") && l.contains("cell failure")),
        "{err}"
    );
    let last = err.trim_end().lines().last().unwrap_or("");
    assert!(last.starts_with("tables: "), "{err}");
    // A workload file that is not there is named with the spec that refers to it.
    let dir = tmp("gone");
    std::fs::create_dir_all(&dir).unwrap();
    let gone = dir.join("gone.toml");
    std::fs::write(
        &gone,
        "name = \"gone\"\nseeds = [1]\n[[workload]]\nname = \"w\"\nfile = \"no/such.toml\"\n[[policy]]\nname = \"never\"\n",
    )
    .unwrap();
    let o = run_into(&gone, &dir.join("out"));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("gone.toml: workload 'w': ") && err.contains("no/such.toml"),
        "{err}"
    );
    // Without a terminal, progress comes as plain lines.
    assert!(
        err.lines()
            .any(|l| l.contains(" cells") && l.contains(" elapsed, ")),
        "{err}"
    );
}

#[test]
fn bad_specs_are_refused_with_exit_2() {
    let dir = tmp("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let w = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/workloads/md1.toml")
        .display()
        .to_string();
    for (body, needle) in [
        ("[[policy]]\nname = \"nope\"", "unknown policy 'nope'"),
        (
            "[[policy]]\nname = \"windowed\"\nwindo = \"1s\"",
            "unknown parameter 'windo'",
        ),
        (
            "[[policy]]\nname = \"windowed\"\nwindow = []",
            "the grid is empty",
        ),
        (
            "[[policy]]\nname = \"windowed\"\nwindow = \"1 sec\"",
            "unknown unit",
        ),
    ] {
        let path = dir.join("bad.toml");
        std::fs::write(
            &path,
            format!("name = \"bad\"\n[[workload]]\nname = \"w\"\nfile = \"{w}\"\n{body}\n"),
        )
        .unwrap();
        let o = run_into(&path, &dir.join("out"));
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("bad.toml") && err.contains(needle), "{err}");
    }
}

#[test]
fn verify_reproduces_a_results_folder_and_catches_a_change() {
    let s = spec("small.toml");
    let out = tmp("verify");
    assert!(
        hotsim(&["run", &s, "--out", out.to_str().unwrap()])
            .status
            .success()
    );
    let o = hotsim(&["verify", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("reproduced bit for bit"));
    let o = hotsim(&["verify", out.to_str().unwrap(), "--sample", "4"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    // Tamper with one number: verify reports it and exits 1.
    let runs = out.join("runs.csv");
    let text = std::fs::read_to_string(&runs).unwrap();
    let line = text.lines().nth(1).unwrap();
    let tampered_line = line.replacen(",ok,,", ",ok,,9", 1);
    std::fs::write(&runs, text.replacen(line, &tampered_line, 1)).unwrap();
    let o = hotsim(&["verify", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("1 row differs"), "{stdout}");
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("runs.csv: "))
            .count(),
        1,
        "{stdout}"
    );
}

#[test]
fn the_shard_script_gives_the_unsharded_results() {
    let s = spec("small.toml");
    let clean = tmp("script-clean");
    assert!(
        hotsim(&["run", &s, "--out", clean.to_str().unwrap()])
            .status
            .success()
    );
    let out = tmp("script");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/run-shards.sh");
    let o = Command::new("bash")
        .arg(&script)
        .args([s.as_str(), "3", out.to_str().unwrap()])
        .env("HOTSIM", env!("CARGO_BIN_EXE_hotsim"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["runs.csv", "summary.csv"] {
        assert_eq!(read(&clean, f), read(&out, f), "{f}");
    }
}

#[test]
fn a_run_draws_its_plots_as_png_and_svg_with_every_series() {
    let out = tmp("plots");
    assert!(
        hotsim(&["run", &spec("small.toml"), "--out", out.to_str().unwrap()])
            .status
            .success()
    );
    for kind in [
        "summary",
        "latency",
        "drops",
        "pareto",
        "timeline",
        "sweep-md1-windowed-window",
    ] {
        let png = read(&out, &format!("{kind}.png"));
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{kind}.png");
        let svg = String::from_utf8(read(&out, &format!("{kind}.svg"))).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{kind}.svg"
        );
    }
    // The texts each plot must show: series names, axis labels, percentile ticks.
    for (file, texts) in [
        (
            "summary.svg",
            &[
                "md1 cumulative",
                "md1 windowed window=10ms",
                "branch windowed window=1s",
                "p99.9 latency (us)",
            ][..],
        ),
        (
            "latency.svg",
            &[
                "90%",
                "99.9%",
                "99.99%",
                "max",
                "percentile (log scale of 1/(1-p))",
            ][..],
        ),
    ] {
        let svg = String::from_utf8(read(&out, file)).unwrap();
        for text in texts {
            assert!(svg.contains(text), "{file} lacks {text}");
        }
    }
    let pareto = String::from_utf8(read(&out, "pareto.svg")).unwrap();
    assert!(pareto.contains("Pareto frontier") && pareto.contains("throughput (items/s)"));
    let timeline = String::from_utf8(read(&out, "timeline.svg")).unwrap();
    assert!(
        timeline.contains("compile pause (us)") && timeline.contains("md1 cumulative (1 trace)"),
        "timeline.svg"
    );
    // `hotsim plot` redraws a subset.
    let o = hotsim(&["plot", out.to_str().unwrap(), "--only", "drops"]);
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 2);
    // Every kind a spec may name can be drawn alone (timeline once could not).
    let o = hotsim(&["plot", out.to_str().unwrap(), "--only", "timeline"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        files.contains("timeline.png") && files.contains("timeline.svg"),
        "{files}"
    );
    let o = hotsim(&["plot", out.to_str().unwrap(), "--only", "pie"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("timeline"));
    // A folder that is not a results folder says so.
    let o = hotsim(&["plot", out.join("cells").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is not a results folder"), "{err}");
}

#[test]
fn cells_are_not_reused_once_a_workload_program_changes() {
    let dir = tmp("edited");
    std::fs::create_dir_all(&dir).unwrap();
    let workloads = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workloads");
    for f in ["md1.toml", "md1.lua"] {
        std::fs::copy(workloads.join(f), dir.join(f)).unwrap();
    }
    std::fs::write(
        dir.join("exp.toml"),
        "name = \"edited\"\nduration = \"20ms\"\nseeds = 2\n\
         [[workload]]\nname = \"md1\"\nfile = \"md1.toml\"\n\
         [[policy]]\nname = \"cumulative\"\n",
    )
    .unwrap();
    let (s, out) = (dir.join("exp.toml"), dir.join("out"));
    let run = || {
        let o = hotsim(&["run", s.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    assert!(run().contains("0 already done"));
    assert!(run().contains("2 already done"));
    // The same spec and workload file, but the program says something else.
    let mut program = std::fs::read_to_string(dir.join("md1.lua")).unwrap();
    program.push_str("\n-- edited\n");
    std::fs::write(dir.join("md1.lua"), program).unwrap();
    assert!(run().contains("0 already done"));
    std::fs::remove_dir_all(&dir).unwrap();
}
