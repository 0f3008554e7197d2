//! Plots of a results folder, each as PNG and SVG (plotters; text drawn with the DejaVu
//! font embedded in the binary, so no system fonts are needed).
//!
//! - `summary`: per policy and parameter point, bars of the mean over seeds with their
//!   95% interval: drops, p99.9 latency, late hot triggers, throughput;
//! - `latency`: the latency distribution (CDF, log time axis), one line per point;
//! - `drops`: drops per second over virtual time, one line per point (mean over seeds);
//! - `pareto`: throughput against p99.9 latency, one dot per cell, the frontier marked;
//! - `sweep`: for each policy swept over one parameter, p99.9 latency and drops against
//!   the parameter.

use plotters::prelude::*;
use plotters::style::FontStyle;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// Why plotting failed.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// A results file is missing or unreadable.
    #[error("{path}: {message}")]
    Input {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Drawing or writing a plot failed.
    #[error("{path}: {message}")]
    Draw {
        /// The plot file.
        path: String,
        /// The backend's message.
        message: String,
    },
}

const W: u32 = 1200;
const H: u32 = 700;
const FONT: &str = "sans-serif";

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// One summary row.
#[derive(Clone, Debug)]
struct Summary {
    mean: f64,
    lo: f64,
    hi: f64,
}

/// A group of cells that differ only by seed: "workload policy params".
type Group = String;

struct Data {
    /// Group -> metric -> summary.
    summary: BTreeMap<Group, BTreeMap<String, Summary>>,
    /// Group order as in the results.
    groups: Vec<Group>,
    /// Per cell: group, report.
    cells: Vec<(Group, Value)>,
}

fn group_name(workload: &str, policy: &str, params: &str) -> String {
    let mut g = format!("{workload} {policy}");
    if !params.is_empty() {
        g.push(' ');
        g.push_str(params);
    }
    g
}

fn load(dir: &Path) -> Result<Data, PlotError> {
    let input = |path: &Path, message: String| PlotError::Input {
        path: path.display().to_string(),
        message,
    };
    let sp = dir.join("summary.csv");
    let mut rdr = csv::Reader::from_path(&sp).map_err(|e| input(&sp, e.to_string()))?;
    let mut summary: BTreeMap<Group, BTreeMap<String, Summary>> = BTreeMap::new();
    let mut groups = Vec::new();
    for rec in rdr.records() {
        let r = rec.map_err(|e| input(&sp, e.to_string()))?;
        let g = group_name(&r[0], &r[1], &r[2]);
        let num = |i: usize| r[i].parse::<f64>().unwrap_or(f64::NAN);
        if !groups.contains(&g) {
            groups.push(g.clone());
        }
        summary.entry(g).or_default().insert(
            r[3].to_string(),
            Summary {
                mean: num(5),
                lo: num(6),
                hi: num(7),
            },
        );
    }
    let mut cells = Vec::new();
    let cdir = dir.join("cells");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&cdir)
        .map_err(|e| input(&cdir, e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for f in files {
        let v: Value =
            serde_json::from_slice(&std::fs::read(&f).map_err(|e| input(&f, e.to_string()))?)
                .map_err(|e| input(&f, e.to_string()))?;
        let key = v["key"].as_str().unwrap_or("").to_string();
        let parts: Vec<&str> = key.split('|').collect();
        if parts.len() != 4 || v["report"].is_null() {
            continue;
        }
        cells.push((
            group_name(parts[0], parts[1], parts[2]),
            v["report"].clone(),
        ));
    }
    Ok(Data {
        summary,
        groups,
        cells,
    })
}

fn color(i: usize) -> RGBColor {
    const C: [RGBColor; 10] = [
        RGBColor(31, 119, 180),
        RGBColor(255, 127, 14),
        RGBColor(44, 160, 44),
        RGBColor(214, 39, 40),
        RGBColor(148, 103, 189),
        RGBColor(140, 86, 75),
        RGBColor(227, 119, 194),
        RGBColor(127, 127, 127),
        RGBColor(188, 189, 34),
        RGBColor(23, 190, 207),
    ];
    C[i % C.len()]
}

type DrawResult = Result<(), String>;

/// One point of a parameter sweep: the value, p99.9 latency (us) and drops.
type SweepPoint = (f64, f64, f64);

/// Axis numbers: short, with k/M/G for large values.
fn short(v: &f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{:.3}G", v / 1e9)
    } else if a >= 1e7 {
        format!("{:.3}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.1}k", v / 1e3)
    } else if a >= 10.0 || *v == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// Draw a chart's legend: `position`, font `size`, on a light box.
macro_rules! legend {
    ($chart:expr, $position:expr, $size:expr) => {
        $chart
            .configure_series_labels()
            .position($position)
            .label_font((FONT, $size))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(|x| x.to_string())?
    };
}

/// Draw the body once into `name`.png and once into `name`.svg in `dir`.
macro_rules! draw_both {
    ($dir:expr, $name:expr, $out:expr, |$root:ident| $body:block) => {{
        let png = $dir.join(format!("{}.png", $name));
        let svg = $dir.join(format!("{}.svg", $name));
        let draw_err = |p: &Path, e: String| PlotError::Draw {
            path: p.display().to_string(),
            message: e,
        };
        {
            let $root = BitMapBackend::new(&png, (W, H)).into_drawing_area();
            let r: DrawResult = (|| $body)();
            r.map_err(|e| draw_err(&png, e))?;
            $root.present().map_err(|e| draw_err(&png, e.to_string()))?;
        }
        {
            let $root = SVGBackend::new(&svg, (W, H)).into_drawing_area();
            let r: DrawResult = (|| $body)();
            r.map_err(|e| draw_err(&svg, e))?;
            $root.present().map_err(|e| draw_err(&svg, e.to_string()))?;
        }
        $out.push(png);
        $out.push(svg);
    }};
}

/// Every plot kind, as named in experiment specs.
pub const KINDS: &[&str] = &["summary", "latency", "drops", "pareto", "sweep"];

/// Draw the plots for the results in `dir` (those in `only`, or all when it is empty);
/// returns the files written.
pub fn plot_dir(dir: &Path, only: &[String]) -> Result<Vec<PathBuf>, PlotError> {
    let wants = |k: &str| only.is_empty() || only.iter().any(|o| o == k);
    register_font();
    let data = load(dir)?;
    let mut out = Vec::new();
    if data.groups.is_empty() {
        return Ok(out);
    }
    let e = |e: &dyn std::fmt::Display| e.to_string();

    // Summary bars with 95% intervals.
    let panels: [(&str, &str, f64); 4] = [
        ("dropped", "items dropped", 1.0),
        ("latency_p999_ns", "p99.9 latency (us)", 1e-3),
        ("late_hot_triggers", "hot triggers after warm-up", 1.0),
        ("processed", "items processed", 1.0),
    ];
    if wants("summary") {
        draw_both!(dir, "summary", out, |root| {
            root.fill(&WHITE).map_err(|x| e(&x))?;
            let root = root
                .titled(
                    "Summary per policy (mean over seeds, 95% interval)",
                    (FONT, 26),
                )
                .map_err(|x| e(&x))?;
            let areas = root.split_evenly((2, 2));
            for (area, (metric, label, scale)) in areas.iter().zip(panels.iter()) {
                let vals: Vec<&Summary> = data
                    .groups
                    .iter()
                    .filter_map(|g| data.summary[g].get(*metric))
                    .collect();
                let top = vals
                    .iter()
                    .map(|s| s.hi.max(s.mean) * scale)
                    .fold(0.0f64, f64::max)
                    .max(1.0)
                    * 1.15;
                let n = data.groups.len();
                let mut chart = ChartBuilder::on(area)
                    .caption(*label, (FONT, 18))
                    .margin(10)
                    .x_label_area_size(30)
                    .y_label_area_size(80)
                    .build_cartesian_2d(0f64..n as f64, 0f64..top)
                    .map_err(|x| e(&x))?;
                chart
                    .configure_mesh()
                    .disable_x_mesh()
                    .x_labels(0)
                    .y_label_formatter(&short)
                    .y_desc(*label)
                    .label_style((FONT, 13))
                    .draw()
                    .map_err(|x| e(&x))?;
                for (i, g) in data.groups.iter().enumerate() {
                    let Some(s) = data.summary[g].get(*metric) else {
                        continue;
                    };
                    let (x0, x1) = (i as f64 + 0.15, i as f64 + 0.85);
                    let c = color(i);
                    chart
                        .draw_series([Rectangle::new(
                            [(x0, 0.0), (x1, s.mean * scale)],
                            c.filled(),
                        )])
                        .map_err(|x| e(&x))?
                        .label(g.clone())
                        .legend(move |(x, y)| {
                            Rectangle::new([(x, y - 5), (x + 14, y + 5)], c.filled())
                        });
                    let mid = i as f64 + 0.5;
                    chart
                        .draw_series([PathElement::new(
                            vec![(mid, s.lo * scale), (mid, s.hi * scale)],
                            BLACK.stroke_width(2),
                        )])
                        .map_err(|x| e(&x))?;
                }
                if *metric == "dropped" {
                    legend!(chart, SeriesLabelPosition::MiddleRight, 12);
                }
            }
            Ok(())
        });
    }

    // Latency CDFs (first cell of each group).
    let mut first: BTreeMap<&str, &Value> = BTreeMap::new();
    for (g, r) in &data.cells {
        first.entry(g.as_str()).or_insert(r);
    }
    if wants("latency") {
        draw_both!(dir, "latency", out, |root| {
            root.fill(&WHITE).map_err(|x| e(&x))?;
            let max_ns = data
                .cells
                .iter()
                .filter_map(|(_, r)| r["latency"]["max_ns"].as_f64())
                .fold(1.0f64, f64::max);
            let mut chart = ChartBuilder::on(&root)
                .caption(
                    "Latency distribution (first seed of each point)",
                    (FONT, 24),
                )
                .margin(15)
                .x_label_area_size(50)
                .y_label_area_size(80)
                .build_cartesian_2d(
                    (1e-2f64..(max_ns / 1e3).max(1.0) * 2.0).log_scale(),
                    0f64..1.0,
                )
                .map_err(|x| e(&x))?;
            chart
                .configure_mesh()
                .x_desc("latency (us, log scale)")
                .y_desc("fraction of items")
                .label_style((FONT, 14))
                .draw()
                .map_err(|x| e(&x))?;
            for (i, g) in data.groups.iter().enumerate() {
                let Some(r) = first.get(g.as_str()) else {
                    continue;
                };
                let pts: Vec<(f64, f64)> = r["latency"]["cdf"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|p| {
                                Some(((p[1].as_f64()? / 1e3).max(1e-2), p[0].as_f64()?))
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let c = color(i);
                chart
                    .draw_series(LineSeries::new(pts, c.stroke_width(2)))
                    .map_err(|x| e(&x))?
                    .label(g.clone())
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2))
                    });
            }
            legend!(chart, SeriesLabelPosition::LowerRight, 13);
            Ok(())
        });
    }

    // Drops per second, mean over seeds.
    let mut drops: Vec<(String, Vec<f64>)> = Vec::new();
    for g in &data.groups {
        let series: Vec<Vec<f64>> = data
            .cells
            .iter()
            .filter(|(cg, _)| cg == g)
            .map(|(_, r)| {
                r["drops_per_second"]
                    .as_array()
                    .map(|a| a.iter().map(|x| x.as_f64().unwrap_or(0.0)).collect())
                    .unwrap_or_default()
            })
            .collect();
        let len = series.iter().map(Vec::len).max().unwrap_or(0);
        let mean: Vec<f64> = (0..len)
            .map(|i| {
                series
                    .iter()
                    .map(|s| s.get(i).copied().unwrap_or(0.0))
                    .sum::<f64>()
                    / series.len().max(1) as f64
            })
            .collect();
        drops.push((g.clone(), mean));
    }
    if wants("drops") {
        draw_both!(dir, "drops", out, |root| {
            root.fill(&WHITE).map_err(|x| e(&x))?;
            let secs = drops.iter().map(|(_, s)| s.len()).max().unwrap_or(1).max(1) as f64;
            let top = drops
                .iter()
                .flat_map(|(_, s)| s.iter().copied())
                .fold(0.0f64, f64::max)
                .max(1.0)
                * 1.1;
            let mut chart = ChartBuilder::on(&root)
                .caption("Drops per second over time (mean over seeds)", (FONT, 24))
                .margin(15)
                .x_label_area_size(50)
                .y_label_area_size(80)
                .build_cartesian_2d(0f64..secs, 0f64..top)
                .map_err(|x| e(&x))?;
            chart
                .configure_mesh()
                .x_desc("virtual time (s)")
                .y_desc("items dropped per second")
                .y_label_formatter(&short)
                .label_style((FONT, 14))
                .draw()
                .map_err(|x| e(&x))?;
            for (i, (g, s)) in drops.iter().enumerate() {
                let c = color(i);
                chart
                    .draw_series(LineSeries::new(
                        s.iter().enumerate().map(|(t, d)| (t as f64 + 0.5, *d)),
                        c.stroke_width(2),
                    ))
                    .map_err(|x| e(&x))?
                    .label(g.clone())
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2))
                    });
            }
            legend!(chart, SeriesLabelPosition::MiddleRight, 13);
            Ok(())
        });
    }

    // Compile timeline: every trace compiled (first seed of each point), at its virtual
    // time, its pause (recording + compiling + page-protection changes) on the y axis.
    let mut compiles: Vec<(Group, Vec<(f64, f64)>)> = Vec::new();
    for (g, r) in &first {
        let pts: Vec<(f64, f64)> = r["compiles"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter(|c| c["event"] == "trace")
            .map(|c| {
                let t = c["time_ns"].as_f64().unwrap_or(0.0) / 1e9;
                let pause = (c["record_ns"].as_f64().unwrap_or(0.0)
                    + c["compile_ns"].as_f64().unwrap_or(0.0))
                    / 1e3;
                (t, pause)
            })
            .collect();
        compiles.push((g.to_string(), pts));
    }
    compiles.sort_by_key(|(g, _)| data.groups.iter().position(|x| x == g));
    if wants("timeline") {
        draw_both!(dir, "timeline", out, |root| {
            root.fill(&WHITE).map_err(|x| e(&x))?;
            let end = data
                .cells
                .iter()
                .filter_map(|(_, r)| r["duration_ns"].as_f64())
                .fold(1.0f64, f64::max)
                / 1e9;
            let top = compiles
                .iter()
                .flat_map(|(_, p)| p.iter().map(|x| x.1))
                .fold(1.0f64, f64::max)
                * 1.2;
            let mut chart = ChartBuilder::on(&root)
                .caption(
                    "Trace compiles over time and their pauses (first seed of each point)",
                    (FONT, 24),
                )
                .margin(15)
                .x_label_area_size(50)
                .y_label_area_size(80)
                .build_cartesian_2d(0f64..end, 0f64..top)
                .map_err(|x| e(&x))?;
            chart
                .configure_mesh()
                .x_desc("virtual time (s)")
                .y_desc("compile pause (us)")
                .y_label_formatter(&short)
                .label_style((FONT, 14))
                .draw()
                .map_err(|x| e(&x))?;
            for (i, (g, pts)) in compiles.iter().enumerate() {
                let c = color(i);
                // A stem per compile, so single late ones stand out.
                for &(t, p) in pts {
                    chart
                        .draw_series([PathElement::new(vec![(t, 0.0), (t, p)], c.stroke_width(1))])
                        .map_err(|x| e(&x))?;
                }
                chart
                    .draw_series(pts.iter().map(|&(t, p)| Circle::new((t, p), 4, c.filled())))
                    .map_err(|x| e(&x))?
                    .label(format!("{g} ({} traces)", pts.len()))
                    .legend(move |(x, y)| Circle::new((x + 10, y), 4, c.filled()));
            }
            legend!(chart, SeriesLabelPosition::UpperRight, 13);
            Ok(())
        });
    }

    // Pareto: throughput against p99.9 latency.
    let points: Vec<(usize, f64, f64)> = data
        .cells
        .iter()
        .map(|(g, r)| {
            let processed: f64 = r["sources"].as_array().map_or(0.0, |a| {
                a.iter()
                    .map(|s| s["processed"].as_f64().unwrap_or(0.0))
                    .sum()
            });
            let secs = r["duration_ns"].as_f64().unwrap_or(1.0) / 1e9;
            let gi = data.groups.iter().position(|x| x == g).unwrap_or(0);
            (
                gi,
                processed / secs,
                r["latency"]["p999_ns"].as_f64().unwrap_or(0.0) / 1e3,
            )
        })
        .collect();
    // The frontier: no other point has both more throughput and less latency.
    let mut frontier: Vec<(f64, f64)> = points
        .iter()
        .filter(|(_, t, l)| {
            !points
                .iter()
                .any(|(_, t2, l2)| (t2 >= t && l2 < l) || (t2 > t && l2 <= l))
        })
        .map(|(_, t, l)| (*l, *t))
        .collect();
    frontier.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    if wants("pareto") {
        draw_both!(dir, "pareto", out, |root| {
            root.fill(&WHITE).map_err(|x| e(&x))?;
            let xmax = points.iter().map(|p| p.2).fold(1.0f64, f64::max) * 1.1;
            let (ymin, ymax) = points.iter().fold((f64::INFINITY, 0.0f64), |(a, b), p| {
                (a.min(p.1), b.max(p.1))
            });
            // At least +-0.5% around the points: cells that all keep up with the offered
            // load differ by a few items per second, which is not worth a full axis.
            let pad = ((ymax - ymin) * 0.1).max(ymax * 0.005).max(1.0);
            let mut chart = ChartBuilder::on(&root)
                .caption(
                    "Throughput against tail latency (one dot per cell; line: Pareto frontier)",
                    (FONT, 22),
                )
                .margin(15)
                .x_label_area_size(50)
                .y_label_area_size(80)
                .build_cartesian_2d(0f64..xmax, (ymin - pad).max(0.0)..ymax + pad)
                .map_err(|x| e(&x))?;
            chart
                .configure_mesh()
                .x_desc("p99.9 latency (us)")
                .y_desc("throughput (items/s)")
                .y_label_formatter(&short)
                .label_style((FONT, 14))
                .draw()
                .map_err(|x| e(&x))?;
            for (i, g) in data.groups.iter().enumerate() {
                let c = color(i);
                chart
                    .draw_series(
                        points
                            .iter()
                            .filter(|p| p.0 == i)
                            .map(|p| Circle::new((p.2, p.1), 5, c.filled())),
                    )
                    .map_err(|x| e(&x))?
                    .label(g.clone())
                    .legend(move |(x, y)| Circle::new((x + 7, y), 5, c.filled()));
            }
            chart
                .draw_series(LineSeries::new(frontier.clone(), BLACK.stroke_width(2)))
                .map_err(|x| e(&x))?
                .label("Pareto frontier")
                .legend(|(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2))
                });
            legend!(chart, SeriesLabelPosition::MiddleRight, 13);
            Ok(())
        });
    }

    // Sweeps: policies whose points vary in exactly one parameter.
    // (workload, policy, parameter) -> (value, p99.9 latency us, drops) per point.
    let mut sweeps: BTreeMap<(String, String, String), Vec<SweepPoint>> = BTreeMap::new();
    for g in &data.groups {
        let parts: Vec<&str> = g.splitn(3, ' ').collect();
        if parts.len() != 3 || parts[2].contains(';') {
            continue;
        }
        let Some((k, v)) = parts[2].split_once('=') else {
            continue;
        };
        let x = match hotsim_policies::parse_duration(v) {
            Ok(t) => t.as_secs_f64(),
            Err(_) => match v.parse::<f64>() {
                Ok(x) => x,
                Err(_) => continue,
            },
        };
        let m = &data.summary[g];
        let lat = m.get("latency_p999_ns").map_or(f64::NAN, |s| s.mean / 1e3);
        let dr = m.get("dropped").map_or(f64::NAN, |s| s.mean);
        sweeps
            .entry((parts[0].to_string(), parts[1].to_string(), k.to_string()))
            .or_default()
            .push((x, lat, dr));
    }
    for ((workload, policy, key), mut pts) in sweeps
        .into_iter()
        .filter(|(_, p)| p.len() >= 2 && wants("sweep"))
    {
        pts.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        let name = format!("sweep-{workload}-{policy}-{key}");
        draw_both!(dir, name, out, |root| {
            root.fill(&WHITE).map_err(|x| e(&x))?;
            let root = root
                .titled(
                    &format!("{workload}, {policy}: sweep over {key}"),
                    (FONT, 24),
                )
                .map_err(|x| e(&x))?;
            let halves = root.split_evenly((1, 2));
            let (xmin, xmax) = (pts[0].0, pts[pts.len() - 1].0);
            let xr = if xmin > 0.0 && xmax / xmin > 20.0 {
                (xmin * 0.8, xmax * 1.25, true)
            } else {
                (xmin, xmax, false)
            };
            for (area, (label, sel)) in halves
                .iter()
                .zip([("p99.9 latency (us)", 1usize), ("items dropped", 2)])
            {
                let ys: Vec<f64> = pts
                    .iter()
                    .map(|p| if sel == 1 { p.1 } else { p.2 })
                    .collect();
                let top = ys.iter().copied().fold(0.0f64, f64::max).max(1.0) * 1.15;
                let unit = if key.contains("life")
                    || key.contains("window")
                    || key.contains("interval")
                    || key.contains("period")
                {
                    " (s)"
                } else {
                    ""
                };
                macro_rules! draw_line {
                    ($chart:expr) => {{
                        let mut chart = $chart;
                        chart
                            .configure_mesh()
                            .x_desc(format!("{key}{unit}"))
                            .y_desc(label)
                            .y_label_formatter(&short)
                            .label_style((FONT, 14))
                            .draw()
                            .map_err(|x| e(&x))?;
                        let series: Vec<(f64, f64)> =
                            pts.iter().map(|p| p.0).zip(ys.iter().copied()).collect();
                        chart
                            .draw_series(LineSeries::new(series.clone(), color(0).stroke_width(2)))
                            .map_err(|x| e(&x))?
                            .label(policy.clone())
                            .legend(|(x, y)| {
                                PathElement::new(
                                    vec![(x, y), (x + 20, y)],
                                    color(0).stroke_width(2),
                                )
                            });
                        chart
                            .draw_series(
                                series.iter().map(|p| Circle::new(*p, 4, color(0).filled())),
                            )
                            .map_err(|x| e(&x))?;
                        legend!(chart, SeriesLabelPosition::MiddleRight, 13);
                    }};
                }
                if xr.2 {
                    draw_line!(
                        ChartBuilder::on(area)
                            .margin(15)
                            .x_label_area_size(50)
                            .y_label_area_size(80)
                            .build_cartesian_2d((xr.0..xr.1).log_scale(), 0f64..top)
                            .map_err(|x| e(&x))?
                    );
                } else {
                    let pad = ((xr.1 - xr.0) * 0.05).max(1e-9);
                    draw_line!(
                        ChartBuilder::on(area)
                            .margin(15)
                            .x_label_area_size(50)
                            .y_label_area_size(80)
                            .build_cartesian_2d(xr.0 - pad..xr.1 + pad, 0f64..top)
                            .map_err(|x| e(&x))?
                    );
                }
            }
            Ok(())
        });
    }
    Ok(out)
}
