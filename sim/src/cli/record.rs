//! `hotsim record INPUT --out FILE.csv`: count every hot-point tick of a run per site and
//! time bucket, and write it in the recorded branch-frequency format.

use super::Outcome;
use crate::engine::Simulation;
use anyhow::{Context, bail};
use hotsim_policies::{VTime, parse_duration};
use hotsim_vm::{CostModel, ExecError, HitLog, Vm, VmConfig};
use hotsim_workloads::Workload;
use hotsim_workloads::recorded::Recording;
use std::path::PathBuf;

/// Arguments of `hotsim record`.
#[derive(Debug, clap::Args)]
pub struct RecordArgs {
    /// A Lua program (run as `hotsim exec` would) or a workload TOML (run as `hotsim
    /// simulate` would).
    input: PathBuf,
    /// Where to write the recording (CSV).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Length of a time bucket.
    #[arg(long, default_value = "100ms", value_name = "DUR")]
    bucket: String,
    /// Virtual time to run (default: a workload's duration; a program runs to its end).
    #[arg(long, value_name = "DUR")]
    duration: Option<String>,
    /// Hotness policy of the recorded run (`never` records the interpreter's ticks only).
    #[arg(long, default_value = "never")]
    policy: String,
    /// A policy parameter, KEY=VALUE (repeatable).
    #[arg(long = "param", value_name = "KEY=VALUE")]
    params: Vec<String>,
    /// Seed of the run.
    #[arg(long, default_value_t = super::DEFAULT_SEED)]
    seed: u64,
}

/// Run `hotsim record`.
pub fn run(a: RecordArgs) -> anyhow::Result<Outcome> {
    let bucket = parse_duration(&a.bucket).context("--bucket")?;
    if bucket == VTime::ZERO {
        bail!("--bucket must be longer than zero");
    }
    let policy = super::build_policy(&a.policy, &a.params)?;
    let duration = match &a.duration {
        Some(d) => Some(parse_duration(d).context("--duration")?),
        None => None,
    };
    let log = if a.input.extension().is_some_and(|e| e == "toml") {
        let w = Workload::load(&a.input)?;
        let end = duration.unwrap_or(w.duration);
        let sim = Simulation::with_recording(
            w,
            policy,
            CostModel::default(),
            a.seed,
            Some(bucket),
            super::jit_params(&a.params)?,
        )?;
        let (_, vm) = sim.run_keeping_vm(end)?;
        vm.hit_log().cloned()
    } else {
        let chunk = a.input.display().to_string();
        let source = std::fs::read(&a.input).with_context(|| format!("cannot open {chunk}"))?;
        let mut vm = Vm::new(VmConfig {
            policy,
            seed: a.seed,
            script_args: vec![chunk.clone()],
            script_dir: a.input.parent().map(|p| p.to_path_buf()),
            max_virtual_time: duration,
            hit_log_bucket: Some(bucket),
            jit: super::jit_params(&a.params)?,
            ..VmConfig::default()
        });
        match vm.run_chunk(&source, &chunk) {
            Ok(_) | Err(ExecError::Limit(_)) | Err(ExecError::Exit(0)) => {}
            Err(e) => bail!("{e}"),
        }
        vm.hit_log().cloned()
    };
    let rec = to_recording(&log.expect("recording was on"));
    rec.write(&a.out)?;
    let hits: u64 = rec.totals().values().sum();
    println!(
        "{}: {} sites, {hits} hits in buckets of {bucket}",
        a.out.display(),
        rec.sites.len()
    );
    Ok(Outcome::Code(0))
}

/// A VM's hit log as a recording.
pub fn to_recording(log: &HitLog) -> Recording {
    let mut rec = Recording::new(log.bucket);
    for (addr, s) in &log.sites {
        let kind = s.kind.map_or("loop", |k| k.name());
        for (b, n) in &s.hits {
            let t = VTime(b * log.bucket.as_ns());
            rec.hit(
                u64::from(*addr),
                kind,
                || format!("{}:{}", s.chunk, s.line),
                t,
                *n,
            );
        }
    }
    rec
}

/// Arguments of `hotsim record-luajit`.
#[derive(Debug, clap::Args)]
pub struct RecordLuajitArgs {
    /// The Lua program, run by the embedded LuaJIT.
    input: PathBuf,
    /// Where to write the recording (CSV).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Length of a bucket of real time.
    #[arg(long, default_value = "10ms", value_name = "DUR")]
    bucket: String,
}

/// Run `hotsim record-luajit`.
pub fn run_luajit(a: RecordLuajitArgs) -> anyhow::Result<Outcome> {
    let bucket = parse_duration(&a.bucket).context("--bucket")?;
    if bucket == VTime::ZERO {
        bail!("--bucket must be longer than zero");
    }
    let rec = crate::record_luajit::record(&a.input, bucket)?;
    rec.write(&a.out)?;
    let hits: u64 = rec.totals().values().sum();
    eprintln!(
        "{}: {} sites, {hits} hits in buckets of {bucket} (LuaJIT, real time)",
        a.out.display(),
        rec.sites.len()
    );
    Ok(Outcome::Code(0))
}
