//! The results folder: `runs.csv` (one row per cell), `summary.csv` (mean and 95%
//! interval over seeds, one row per cell group and metric), `timeline.csv` (per cell and
//! second), `compiles.csv` (every cell's compile log), `warmup_stats.csv` and
//! `manifest.json`.

use super::{Cell, CellResult, Experiment, fnv64};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Columns of runs.csv taken from a report, after the cell's own columns.
const RUN_METRICS: &[(&str, &str)] = &[
    ("duration_ns", "/duration_ns"),
    ("busy_ns", "/busy_ns"),
    ("idle_ns", "/idle_ns"),
    ("breaths", "/breaths"),
    ("handler_calls", "/handler_calls"),
    ("timer_calls", "/timer_calls"),
    ("longest_call_ns", "/longest_call_ns"),
    ("latency_mean_ns", "/latency/mean_ns"),
    ("latency_p50_ns", "/latency/p50_ns"),
    ("latency_p90_ns", "/latency/p90_ns"),
    ("latency_p99_ns", "/latency/p99_ns"),
    ("latency_p999_ns", "/latency/p999_ns"),
    ("latency_max_ns", "/latency/max_ns"),
    ("hot_triggers", "/vm/hot_triggers"),
    ("late_hot_triggers", "/late_hot_triggers"),
    ("bytecodes", "/vm/bytecodes"),
    ("traces", "/vm/traces"),
    ("aborts", "/vm/aborts"),
    ("side_traces", "/vm/side_traces"),
    ("blacklisted", "/vm/blacklisted"),
    ("flushes", "/vm/flushes"),
    ("exits_taken", "/vm/exits_taken"),
    ("late_compiles", "/late_compiles"),
    ("largest_compile_ns", "/largest_compile_ns"),
    ("ir_instructions", "/vm/ir_instructions"),
    ("mcode_bytes", "/vm/mcode_bytes"),
    ("interp_ns", "/vm/interp_ns"),
    ("record_ns", "/vm/record_ns"),
    ("compile_ns", "/vm/compile_ns"),
    ("trace_ns", "/vm/trace_ns"),
];

/// Metrics summarised over seeds in summary.csv.
pub const SUMMARY_METRICS: &[&str] = &[
    "processed",
    "dropped",
    "latency_p99_ns",
    "latency_p999_ns",
    "longest_call_ns",
    "late_hot_triggers",
    "late_compiles",
    "largest_compile_ns",
    "busy_ns",
];

/// A cell's metrics by column name.
type Metrics = BTreeMap<&'static str, f64>;
/// Workload, policy and parameters: the cells that differ only by seed.
type GroupKey = (String, String, String);

/// A cell's metrics by column name (sources summed).
fn metrics(report: &Value) -> Metrics {
    let mut m = BTreeMap::new();
    let sum = |key: &str| -> f64 {
        report["sources"].as_array().map_or(0.0, |a| {
            a.iter().map(|s| s[key].as_f64().unwrap_or(0.0)).sum()
        })
    };
    m.insert("arrived", sum("arrived"));
    m.insert("processed", sum("processed"));
    m.insert("dropped", sum("dropped"));
    for (name, ptr) in RUN_METRICS {
        m.insert(
            *name,
            report.pointer(ptr).and_then(Value::as_f64).unwrap_or(0.0),
        );
    }
    m
}

fn fmt(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Two-sided 95% Student t quantile for `df` degrees of freedom.
fn t95(df: usize) -> f64 {
    const T: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    if df == 0 {
        f64::NAN
    } else if df <= 30 {
        T[df - 1]
    } else {
        1.96
    }
}

/// Write runs.csv, summary.csv and manifest.json for the finished `cells`.
pub fn write_outputs(
    exp: &Experiment,
    out: &Path,
    cells: &[(Cell, CellResult)],
) -> std::io::Result<()> {
    let err = std::io::Error::other;
    // runs.csv
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "workload",
        "policy",
        "params",
        "seed",
        "status",
        "message",
        "arrived",
        "processed",
        "dropped",
    ];
    header.extend(RUN_METRICS.iter().map(|(n, _)| *n));
    w.write_record(&header).map_err(err)?;
    for (cell, r) in cells {
        let mut row = vec![
            cell.workload.clone(),
            cell.policy.clone(),
            cell.params_text(),
            cell.seed.to_string(),
            r.status.clone(),
            r.message.clone(),
        ];
        match &r.report {
            Some(rep) => {
                let m = metrics(rep);
                row.extend(header[6..].iter().map(|k| fmt(m[k])));
            }
            None => row.extend(header[6..].iter().map(|_| String::new())),
        }
        w.write_record(&row).map_err(err)?;
    }
    write_file(
        &out.join("runs.csv"),
        &w.into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?,
    )?;

    // summary.csv: per (workload, policy, params), over the seeds that ran.
    let mut groups: Vec<(GroupKey, Vec<Metrics>)> = Vec::new();
    for (cell, r) in cells {
        let key = (
            cell.workload.clone(),
            cell.policy.clone(),
            cell.params_text(),
        );
        let Some(rep) = &r.report else { continue };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(metrics(rep)),
            None => groups.push((key, vec![metrics(rep)])),
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "workload",
        "policy",
        "params",
        "metric",
        "n",
        "mean",
        "ci95_low",
        "ci95_high",
    ])
    .map_err(err)?;
    for ((wl, pol, params), runs) in &groups {
        for metric in SUMMARY_METRICS {
            let xs: Vec<f64> = runs.iter().map(|m| m[metric]).collect();
            let n = xs.len();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let (lo, hi) = if n > 1 {
                let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
                let half = t95(n - 1) * (var / n as f64).sqrt();
                (mean - half, mean + half)
            } else {
                (mean, mean)
            };
            w.write_record([
                wl.clone(),
                pol.clone(),
                params.clone(),
                metric.to_string(),
                n.to_string(),
                fmt(mean),
                fmt(lo),
                fmt(hi),
            ])
            .map_err(err)?;
        }
    }
    write_file(
        &out.join("summary.csv"),
        &w.into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?,
    )?;

    // timeline.csv: per cell and virtual second.
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "workload",
        "policy",
        "params",
        "seed",
        "time_s",
        "processed_per_s",
        "dropped",
        "latency_mean_ns",
        "latency_p50_ns",
        "latency_p99_ns",
        "hot_triggers",
        "traces",
    ])
    .map_err(err)?;
    // compiles.csv: the compile log of every cell, one row per trace event.
    let mut wc = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["workload", "policy", "params", "seed"];
    header.extend_from_slice(crate::engine::Compile::COLUMNS);
    wc.write_record(&header).map_err(err)?;
    // warmup_stats.csv: one row per run, one column per second (mean latency in s).
    let mut ws = csv::Writer::from_writer(Vec::new());
    let width = cells
        .iter()
        .filter_map(|(_, r)| r.report.as_ref()?["timeline"].as_array().map(Vec::len))
        .max()
        .unwrap_or(0);
    let mut wheader = vec![
        "process_exec_num".to_string(),
        "bench_name".to_string(),
        "vm_name".to_string(),
    ];
    wheader.extend((0..width).map(|i| i.to_string()));
    ws.write_record(&wheader).map_err(err)?;
    let mut exec_num: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (cell, r) in cells {
        let Some(rep) = &r.report else { continue };
        let seconds = rep["timeline"].as_array().cloned().unwrap_or_default();
        for sec in &seconds {
            let g = |k: &str| sec[k].as_u64().unwrap_or(0).to_string();
            w.write_record([
                cell.workload.clone(),
                cell.policy.clone(),
                cell.params_text(),
                cell.seed.to_string(),
                g("time_s"),
                g("processed"),
                g("dropped"),
                g("latency_mean_ns"),
                g("latency_p50_ns"),
                g("latency_p99_ns"),
                g("hot_triggers"),
                g("traces"),
            ])
            .map_err(err)?;
        }
        for c in rep["compiles"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
            let g = |k: &str| match &c[k] {
                Value::String(s) => s.clone(),
                v => v.as_u64().unwrap_or(0).to_string(),
            };
            let mut row = vec![
                cell.workload.clone(),
                cell.policy.clone(),
                cell.params_text(),
                cell.seed.to_string(),
            ];
            row.extend(crate::engine::Compile::COLUMNS.iter().map(|k| g(k)));
            wc.write_record(&row).map_err(err)?;
        }
        let vm = if cell.params.is_empty() {
            format!("hotsim-{}", cell.policy)
        } else {
            format!("hotsim-{}[{}]", cell.policy, cell.params_text())
        };
        let n = exec_num
            .entry((cell.workload.clone(), vm.clone()))
            .or_insert(0);
        let mut row = vec![n.to_string(), cell.workload.clone(), vm];
        *n += 1;
        row.extend((0..width).map(|i| {
            seconds.get(i).map_or(String::new(), |s| {
                fmt(s["latency_mean_ns"].as_f64().unwrap_or(0.0) / 1e9)
            })
        }));
        ws.write_record(&row).map_err(err)?;
    }
    write_file(
        &out.join("timeline.csv"),
        &w.into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?,
    )?;
    write_file(
        &out.join("compiles.csv"),
        &wc.into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?,
    )?;
    write_file(
        &out.join("warmup_stats.csv"),
        &ws.into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))?,
    )?;

    // manifest.json: what produced the data; the host is kept apart under "host".
    let spec_bytes = std::fs::read(&exp.path).unwrap_or_default();
    let git = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(
            exp.path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        )
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let cost: BTreeMap<&str, f64> = hotsim_vm::CostModel::FIELDS
        .iter()
        .map(|(name, _, _)| {
            (
                *name,
                toml::from_str::<toml::Table>(&exp.cost.to_toml())
                    .ok()
                    .and_then(|t| t.get(*name).and_then(|v| v.as_float()))
                    .unwrap_or(f64::NAN),
            )
        })
        .collect();
    let manifest = serde_json::json!({
        "hotsim_version": env!("CARGO_PKG_VERSION"),
        "git_commit": git,
        "experiment": exp.name,
        "spec": spec_relative_to(out, &exp.path),
        "spec_hash": format!("{:016x}", fnv64(&spec_bytes)),
        "seeds": exp.seeds,
        "cells_total": exp.cells().len(),
        "cells_done": cells.len(),
        "cost_model_ns": cost,
        "host": { "os": std::env::consts::OS, "arch": std::env::consts::ARCH },
    });
    write_file(
        &out.join("manifest.json"),
        &serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?,
    )
}

/// The spec's path as seen from the results folder, so `hotsim verify DIR` finds it from
/// anywhere as long as the two keep their places (e.g. both in one repository).
fn spec_relative_to(out: &Path, spec: &Path) -> String {
    let (Ok(out), Ok(spec)) = (out.canonicalize(), spec.canonicalize()) else {
        return spec.display().to_string();
    };
    let (o, s): (Vec<_>, Vec<_>) = (out.components().collect(), spec.components().collect());
    let common = o.iter().zip(&s).take_while(|(a, b)| a == b).count();
    let mut rel = std::path::PathBuf::new();
    for _ in common..o.len() {
        rel.push("..");
    }
    for c in &s[common..] {
        rel.push(c);
    }
    rel.display().to_string()
}

fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
