//! The results folder: `runs.csv` (one row per cell), `summary.csv` (mean and 95%
//! interval over seeds, one row per cell group and metric), `timeline.csv` (per cell and
//! second), `compiles.csv` (every cell's compile log), `warmup_stats.csv`,
//! `manifest.json` (what produced them) and `provenance.json` (the checkout and host that
//! did). [`RESULTS_FILES`] lists them, each with the function that writes it.

use super::{Cell, CellResult, Experiment, fnv64};
use crate::engine::{Compile, Report};
use std::collections::BTreeMap;
use std::path::Path;

/// A report's value for one runs.csv column.
type Column = fn(&Report) -> f64;

/// A table of runs.csv columns: `name = path` reads the report's field at `path`
/// (integers and floats alike, as f64); `name = sources.field` sums that field over the
/// sources.
macro_rules! columns {
    ($($name:ident = $($path:ident).+),* $(,)?) => {
        &[$((stringify!($name), (|r: &Report| columns!(@get r $($path).+)) as Column)),*]
    };
    (@get $r:ident sources.$field:ident) => {
        $r.sources.iter().map(|s| s.$field as f64).sum::<f64>()
    };
    (@get $r:ident $($path:ident).+) => {
        $r.$($path).+ as f64
    };
}

/// Columns of runs.csv taken from a report, after the cell's own columns, in order.
#[rustfmt::skip]
const RUN_METRICS: &[(&str, Column)] = columns![
    arrived = sources.arrived, processed = sources.processed, dropped = sources.dropped,
    duration_ns = duration_ns, busy_ns = busy_ns, idle_ns = idle_ns, breaths = breaths,
    handler_calls = handler_calls, timer_calls = timer_calls,
    longest_call_ns = longest_call_ns,
    latency_mean_ns = latency.mean_ns, latency_p50_ns = latency.p50_ns,
    latency_p90_ns = latency.p90_ns, latency_p99_ns = latency.p99_ns,
    latency_p999_ns = latency.p999_ns, latency_max_ns = latency.max_ns,
    hot_triggers = vm.hot_triggers, late_hot_triggers = late_hot_triggers,
    bytecodes = vm.bytecodes, traces = vm.traces, aborts = vm.aborts,
    side_traces = vm.side_traces, blacklisted = vm.blacklisted, flushes = vm.flushes,
    exits_taken = vm.exits_taken, late_compiles = late_compiles,
    largest_compile_ns = largest_compile_ns, ir_instructions = vm.ir_instructions,
    mcode_bytes = vm.mcode_bytes, interp_ns = vm.interp_ns, record_ns = vm.record_ns,
    compile_ns = vm.compile_ns, trace_ns = vm.trace_ns,
];

/// Metrics summarised over seeds in summary.csv (names of [`RUN_METRICS`] columns).
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

/// The value of the runs.csv column `name`.
fn metric(report: &Report, name: &str) -> f64 {
    RUN_METRICS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(f64::NAN, |(_, f)| f(report))
}

/// The cells' own columns: which workload, policy, parameters and seed.
const CELL_COLUMNS: [&str; 4] = ["workload", "policy", "params", "seed"];

fn cell_columns(cell: &Cell) -> Vec<String> {
    vec![
        cell.workload.clone(),
        cell.policy.clone(),
        cell.params_text(),
        cell.seed.to_string(),
    ]
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

/// What a results file is made from: the experiment, the results folder and the finished
/// cells in canonical order.
struct Inputs<'a> {
    exp: &'a Experiment,
    out: &'a Path,
    cells: &'a [(Cell, CellResult)],
}

/// A results file's contents.
type Writer = fn(&Inputs) -> std::io::Result<Vec<u8>>;

/// The results file that changes with the checkout and the host (git
/// commit, OS, architecture) rather than with the experiment; results folders in a
/// repository leave it untracked, so reproducing them leaves the tree clean.
pub const PROVENANCE: &str = "provenance.json";

/// Every results file, in the order they are written, with the function that writes it.
const RESULTS_FILES: [(&str, Writer); 7] = [
    ("runs.csv", runs_csv),
    ("summary.csv", summary_csv),
    ("timeline.csv", timeline_csv),
    ("compiles.csv", compiles_csv),
    ("warmup_stats.csv", warmup_stats_csv),
    ("manifest.json", manifest_json),
    (PROVENANCE, provenance_json),
];

/// Write every results file for the finished `cells` (each atomically).
pub fn write_outputs(
    exp: &Experiment,
    out: &Path,
    cells: &[(Cell, CellResult)],
) -> std::io::Result<()> {
    let inputs = Inputs { exp, out, cells };
    for (name, write) in RESULTS_FILES {
        hotsim_workloads::write_atomic(&out.join(name), &write(&inputs)?)?;
    }
    Ok(())
}

/// A CSV writer's bytes.
fn csv_bytes(w: csv::Writer<Vec<u8>>) -> std::io::Result<Vec<u8>> {
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// runs.csv: one row per cell, with its status, message and every [`RUN_METRICS`] column.
fn runs_csv(i: &Inputs) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = CELL_COLUMNS.to_vec();
    header.extend(["status", "message"]);
    header.extend(RUN_METRICS.iter().map(|(n, _)| *n));
    w.write_record(&header)?;
    for (cell, r) in i.cells {
        let mut row = cell_columns(cell);
        row.extend([r.status.clone(), r.message.clone()]);
        row.extend(RUN_METRICS.iter().map(|(_, f)| match &r.report {
            Some(rep) => fmt(f(rep)),
            None => String::new(),
        }));
        w.write_record(&row)?;
    }
    csv_bytes(w)
}

/// summary.csv: per (workload, policy, params) and metric of [`SUMMARY_METRICS`], the
/// mean over the seeds that ran and its 95% interval.
fn summary_csv(i: &Inputs) -> std::io::Result<Vec<u8>> {
    let mut groups: Vec<(&Cell, Vec<&Report>)> = Vec::new();
    for (cell, r) in i.cells {
        let Some(rep) = &r.report else { continue };
        match groups.iter_mut().find(|(c, _)| same_group(c, cell)) {
            Some((_, v)) => v.push(rep),
            None => groups.push((cell, vec![rep])),
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
    ])?;
    for (cell, runs) in &groups {
        for name in SUMMARY_METRICS {
            let xs: Vec<f64> = runs.iter().map(|r| metric(r, name)).collect();
            let (mean, lo, hi) = mean_ci95(&xs);
            w.write_record([
                cell.workload.clone(),
                cell.policy.clone(),
                cell.params_text(),
                name.to_string(),
                xs.len().to_string(),
                fmt(mean),
                fmt(lo),
                fmt(hi),
            ])?;
        }
    }
    csv_bytes(w)
}

/// Whether two cells differ only by seed.
fn same_group(a: &Cell, b: &Cell) -> bool {
    a.workload == b.workload && a.policy == b.policy && a.params == b.params
}

/// Mean and 95% Student t interval of `xs` (the mean twice for fewer than two values).
fn mean_ci95(xs: &[f64]) -> (f64, f64, f64) {
    let n = xs.len();
    let mean = xs.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, mean, mean);
    }
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let half = t95(n - 1) * (var / n as f64).sqrt();
    (mean, mean - half, mean + half)
}

/// timeline.csv: per cell and virtual second.
fn timeline_csv(i: &Inputs) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = CELL_COLUMNS.to_vec();
    header.extend([
        "time_s",
        "processed_per_s",
        "dropped",
        "latency_mean_ns",
        "latency_p50_ns",
        "latency_p99_ns",
        "hot_triggers",
        "traces",
    ]);
    w.write_record(&header)?;
    for (cell, rep) in ran(i.cells) {
        for s in &rep.timeline {
            let mut row = cell_columns(cell);
            row.extend(
                [
                    s.time_s,
                    s.processed,
                    s.dropped,
                    s.latency_mean_ns,
                    s.latency_p50_ns,
                    s.latency_p99_ns,
                    s.hot_triggers,
                    s.traces,
                ]
                .map(|x| x.to_string()),
            );
            w.write_record(&row)?;
        }
    }
    csv_bytes(w)
}

/// The cells that ran, with their reports.
fn ran(cells: &[(Cell, CellResult)]) -> impl Iterator<Item = (&Cell, &Report)> {
    cells
        .iter()
        .filter_map(|(c, r)| Some((c, r.report.as_ref()?)))
}

/// compiles.csv: the compile log of every cell, one row per trace event.
fn compiles_csv(i: &Inputs) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = CELL_COLUMNS.to_vec();
    header.extend_from_slice(Compile::COLUMNS);
    w.write_record(&header)?;
    for (cell, rep) in ran(i.cells) {
        for c in &rep.compiles {
            let mut row = cell_columns(cell);
            row.extend([
                c.time_ns.to_string(),
                c.event.clone(),
                c.trace.to_string(),
                c.parent.to_string(),
                c.exit.to_string(),
                c.start.clone(),
                c.location.clone(),
                c.detail.clone(),
                c.ir_ins.to_string(),
                c.record_ns.to_string(),
                c.compile_ns.to_string(),
            ]);
            w.write_record(&row)?;
        }
    }
    csv_bytes(w)
}

/// warmup_stats.csv: one row per run, one column per second (mean latency in s), in the
/// layout of the warm-up analysis tools of Barrett et al. (process_exec_num, bench_name,
/// vm_name).
fn warmup_stats_csv(i: &Inputs) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let width = ran(i.cells)
        .map(|(_, r)| r.timeline.len())
        .max()
        .unwrap_or(0);
    let mut header = vec![
        "process_exec_num".to_string(),
        "bench_name".to_string(),
        "vm_name".to_string(),
    ];
    header.extend((0..width).map(|i| i.to_string()));
    w.write_record(&header)?;
    let mut exec_num: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (cell, rep) in ran(i.cells) {
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
            rep.timeline
                .get(i)
                .map_or(String::new(), |s| fmt(s.latency_mean_ns as f64 / 1e9))
        }));
        w.write_record(&row)?;
    }
    csv_bytes(w)
}

/// manifest.json: what produced the data, the same on every checkout and host that
/// reproduces it.
fn manifest_json(i: &Inputs) -> std::io::Result<Vec<u8>> {
    let exp = i.exp;
    let spec_bytes = std::fs::read(&exp.path).unwrap_or_default();
    let costs = toml::from_str::<toml::Table>(&exp.cost.to_toml()).unwrap_or_default();
    let cost: BTreeMap<&str, f64> = hotsim_vm::CostModel::FIELDS
        .iter()
        .map(|(name, _, _)| {
            let v = costs.get(*name).and_then(|v| v.as_float());
            (*name, v.unwrap_or(f64::NAN))
        })
        .collect();
    let manifest = serde_json::json!({
        "hotsim_version": env!("CARGO_PKG_VERSION"),
        "experiment": exp.name,
        "spec": spec_relative_to(i.out, &exp.path),
        "spec_hash": format!("{:016x}", fnv64(&spec_bytes)),
        "seeds": exp.seeds,
        "cells_total": exp.cells().len(),
        "cells_done": i.cells.len(),
        "cost_model_ns": cost,
    });
    serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)
}

/// provenance.json ([`PROVENANCE`]): the git commit of the spec's checkout (if any) and
/// the host.
fn provenance_json(i: &Inputs) -> std::io::Result<Vec<u8>> {
    let dir = i.exp.path.parent().filter(|p| !p.as_os_str().is_empty());
    let git = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(dir.unwrap_or(Path::new(".")))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let provenance = serde_json::json!({
        "git_commit": git,
        "host": { "os": std::env::consts::OS, "arch": std::env::consts::ARCH },
    });
    serde_json::to_vec_pretty(&provenance).map_err(std::io::Error::other)
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
