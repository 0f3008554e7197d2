//! The Lua corpus, run differentially: every `vm/tests/lua/NN_*.lua` program must print
//! exactly what real LuaJIT prints and exit with the same status, under `never` (the
//! interpreter alone) and under `cumulative` with LuaJIT's defaults and with stress
//! parameters. One test per program and policy, so one failure hides nothing.
//!
//! LuaJIT's output is produced at test time by the `luajit` binary (`apt-get install
//! luajit`), run with the corpus folder as working directory, as the programs expect.

use hotsim_policies::{Params, registry};
use hotsim_vm::{ExecError, Vm, VmConfig};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::Capture;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lua")
}

/// Output and exit status of one run.
#[derive(Debug, PartialEq)]
struct Run {
    stdout: String,
    status: i32,
}

fn run_luajit(file: &str) -> Result<Run, Failed> {
    let out = Command::new("luajit")
        .arg(file)
        .current_dir(corpus_dir())
        .output()
        .map_err(|e| format!("cannot run luajit (apt-get install luajit): {e}"))?;
    Ok(Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        status: out.status.code().unwrap_or(-1),
    })
}

fn run_hotsim(file: &str, policy: &str, params: &[(&str, &str)]) -> Result<Run, Failed> {
    let dir = corpus_dir();
    let source = std::fs::read(dir.join(file)).map_err(|e| e.to_string())?;
    let mut p = Params::new();
    let mut jit = hotsim_vm::JitParams::default();
    for (k, v) in params {
        if hotsim_vm::JitParams::is_param(k) {
            jit.set(k, v).map_err(|e| e.to_string())?;
        } else {
            p.set(*k, *v);
        }
    }
    let policy = registry::build(policy, &p).map_err(|e| e.to_string())?;
    let out = Capture::default();
    let mut vm = Vm::new(VmConfig {
        policy,
        stdout: Box::new(out.clone()),
        script_args: vec![file.to_string()],
        script_dir: Some(dir),
        max_instructions: Some(2_000_000_000),
        jit,
        ..VmConfig::default()
    });
    let status = match vm.run_chunk(&source, file) {
        Ok(_) => 0,
        Err(ExecError::Exit(c)) => c,
        Err(ExecError::Limit(l)) => return Err(format!("run bound hit: {l:?}").into()),
        Err(_) => 1,
    };
    vm.flush_output();
    let stdout = String::from_utf8_lossy(&out.0.borrow()).into_owned();
    Ok(Run { stdout, status })
}

fn compare(file: &str, policy: &str, params: &[(&str, &str)]) -> Result<(), Failed> {
    let want = run_luajit(file)?;
    let got = run_hotsim(file, policy, params)?;
    if want == got {
        return Ok(());
    }
    let mut msg = format!("{file} under {policy} {params:?} differs from luajit\n");
    if want.status != got.status {
        msg += &format!(
            "exit status: luajit {} hotsim {}\n",
            want.status, got.status
        );
    }
    let (w, g): (Vec<_>, Vec<_>) = (want.stdout.lines().collect(), got.stdout.lines().collect());
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i), g.get(i));
        if a != b {
            msg += &format!(
                "first difference at line {}:\n  luajit: {:?}\n  hotsim: {:?}\n",
                i + 1,
                a,
                b
            );
            break;
        }
    }
    Err(msg.into())
}

fn main() {
    let args = Arguments::from_args();
    let mut files: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("corpus folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            // NN_name.lua, NNN_name.lua, ...: numbered programs (helpers have no number).
            let digits = n.bytes().take_while(u8::is_ascii_digit).count();
            n.ends_with(".lua") && digits >= 2 && n.as_bytes().get(digits) == Some(&b'_')
        })
        .collect();
    files.sort();
    assert!(files.len() >= 60, "the corpus has {} programs", files.len());
    let mut trials = Vec::new();
    for f in &files {
        let stem = f.trim_end_matches(".lua").to_string();
        for (mode, policy, params) in [
            ("never", "never", &[][..]),
            ("cumulative", "cumulative", &[][..]),
            // Stress: everything compiles at once, every exit grows a side trace.
            (
                "hot1",
                "cumulative",
                &[("hotloop", "1"), ("hotexit", "1")][..],
            ),
            // Stress: a tiny trace cache flushes over and over.
            (
                "flush",
                "cumulative",
                &[
                    ("hotloop", "1"),
                    ("hotexit", "1"),
                    ("maxtrace", "4"),
                    ("sizemcode", "4096"),
                    ("maxmcode", "8192"),
                ][..],
            ),
        ] {
            let f = f.clone();
            trials.push(Trial::test(format!("{mode}::{stem}"), move || {
                compare(&f, policy, params)
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
