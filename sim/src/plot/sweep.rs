//! `sweep`: for each policy whose points vary in exactly one parameter, p99.9 latency and
//! drops against that parameter (a log axis when it spans more than a factor of 20), one
//! file per workload, policy and parameter.

use super::style::{
    DrawResult, FONT, Figure, H, W, axis_format, color, draw_both, labelled_line, legend, msg,
    titled,
};
use super::{Data, PlotError};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One point of a parameter sweep: the value, p99.9 latency (us) and drops.
type SweepPoint = (f64, f64, f64);

struct Sweep {
    workload: String,
    policy: String,
    key: String,
    /// By parameter value.
    pts: Vec<SweepPoint>,
}

/// Draw `sweep-WORKLOAD-POLICY-PARAM.{png,svg}` for each swept parameter.
pub(super) fn draw(data: &Data, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), PlotError> {
    // (workload, policy, parameter) -> points.
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
        let lat = data
            .metric(g, "latency_p999_ns")
            .map_or(f64::NAN, |s| s.mean / 1e3);
        let dr = data.metric(g, "dropped").map_or(f64::NAN, |s| s.mean);
        sweeps
            .entry((parts[0].to_string(), parts[1].to_string(), k.to_string()))
            .or_default()
            .push((x, lat, dr));
    }
    for ((workload, policy, key), mut pts) in sweeps.into_iter().filter(|(_, p)| p.len() >= 2) {
        pts.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        let name = format!("sweep-{workload}-{policy}-{key}");
        let fig = Sweep {
            workload,
            policy,
            key,
            pts,
        };
        draw_both(dir, &name, (W, H), out, &fig)?;
    }
    Ok(())
}

impl Figure for Sweep {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let title = format!(
            "{}, {}: sweep over {}",
            self.workload, self.policy, self.key
        );
        let root = titled(root, &title, 24)?;
        let halves = root.split_evenly((1, 2));
        let (xmin, xmax) = (self.pts[0].0, self.pts[self.pts.len() - 1].0);
        for (area, (label, pick)) in halves.iter().zip([
            (
                "p99.9 latency (us)",
                (|p: &SweepPoint| p.1) as fn(&SweepPoint) -> f64,
            ),
            ("items dropped", |p: &SweepPoint| p.2),
        ]) {
            let series: Vec<(f64, f64)> = self.pts.iter().map(|p| (p.0, pick(p))).collect();
            let top = series.iter().map(|p| p.1).fold(0.0f64, f64::max).max(1.0) * 1.15;
            let builder = || {
                let mut b = ChartBuilder::on(area);
                b.margin(15).x_label_area_size(50).y_label_area_size(80);
                b
            };
            if xmin > 0.0 && xmax / xmin > 20.0 {
                let chart = builder()
                    .build_cartesian_2d((xmin * 0.8..xmax * 1.25).log_scale(), 0f64..top)
                    .map_err(msg)?;
                self.line(chart, label, &series, top)?;
            } else {
                let pad = ((xmax - xmin) * 0.05).max(1e-9);
                let chart = builder()
                    .build_cartesian_2d(xmin - pad..xmax + pad, 0f64..top)
                    .map_err(msg)?;
                self.line(chart, label, &series, top)?;
            }
        }
        Ok(())
    }
}

impl Sweep {
    /// The parameter's unit, for the axis label.
    fn unit(&self) -> &'static str {
        let k = &self.key;
        let timed = ["life", "window", "interval", "period"];
        if timed.iter().any(|t| k.contains(t)) {
            " (s)"
        } else {
            ""
        }
    }

    fn line<'a, DB: DrawingBackend + 'a, X>(
        &self,
        mut chart: ChartContext<'a, DB, Cartesian2d<X, plotters::coord::types::RangedCoordf64>>,
        label: &str,
        series: &[(f64, f64)],
        top: f64,
    ) -> DrawResult
    where
        X: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
    {
        chart
            .configure_mesh()
            .x_desc(format!("{}{}", self.key, self.unit()))
            .y_desc(label)
            .y_label_formatter(&axis_format(top))
            .label_style((FONT, 14))
            .draw()
            .map_err(msg)?;
        let c = color(0);
        labelled_line!(chart, series.to_vec(), c, 2, self.policy.clone());
        chart
            .draw_series(series.iter().map(|p| Circle::new(*p, 4, c.filled())))
            .map_err(msg)?;
        legend!(chart, SeriesLabelPosition::MiddleRight, 13);
        Ok(())
    }
}
