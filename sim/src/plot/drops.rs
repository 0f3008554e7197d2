//! `drops`: items dropped per second over virtual time, one line per policy point (the
//! mean over its seeds).

use super::style::{
    DrawResult, FONT, Figure, H, W, axis_format, color, draw_both, labelled_line, legend,
    line_width, msg,
};
use super::{Data, PlotError, label_with_twin};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

struct Drops {
    /// Per group: its name and mean drops in each second.
    series: Vec<(String, Vec<f64>)>,
}

/// Draw drops.png and drops.svg.
pub(super) fn draw(data: &Data, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), PlotError> {
    let mut series = Vec::new();
    for g in &data.groups {
        let runs: Vec<&Vec<u64>> = data
            .cells
            .iter()
            .filter(|(cg, _)| cg == g)
            .map(|(_, r)| &r.drops_per_second)
            .collect();
        let len = runs.iter().map(|s| s.len()).max().unwrap_or(0);
        let mean: Vec<f64> = (0..len)
            .map(|i| {
                let sum: u64 = runs.iter().map(|s| s.get(i).copied().unwrap_or(0)).sum();
                sum as f64 / runs.len().max(1) as f64
            })
            .collect();
        series.push((g.clone(), mean));
    }
    draw_both(dir, "drops", (W, H), out, &Drops { series })
}

impl Figure for Drops {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let secs = self
            .series
            .iter()
            .map(|(_, s)| s.len())
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let top = self
            .series
            .iter()
            .flat_map(|(_, s)| s.iter().copied())
            .fold(0.0f64, f64::max)
            .max(1.0)
            * 1.1;
        let mut chart = ChartBuilder::on(root)
            .caption("Drops per second over time (mean over seeds)", (FONT, 24))
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(0f64..secs, 0f64..top)
            .map_err(msg)?;
        chart
            .configure_mesh()
            .x_desc("virtual time (s)")
            .y_desc("items dropped per second")
            .x_label_formatter(&axis_format(secs))
            .y_label_formatter(&axis_format(top))
            .label_style((FONT, 14))
            .draw()
            .map_err(msg)?;
        let n = self.series.len();
        for (i, (_, s)) in self.series.iter().enumerate() {
            let c = color(i);
            let pts = s.iter().enumerate().map(|(t, d)| (t as f64 + 0.5, *d));
            labelled_line!(
                chart,
                pts,
                c,
                line_width(i, n),
                label_with_twin(&self.series, i)
            );
        }
        legend!(chart, SeriesLabelPosition::MiddleRight, 13);
        Ok(())
    }
}
