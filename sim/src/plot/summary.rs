//! `summary`: for each policy point, horizontal bars of a metric's mean over seeds with
//! its 95% interval, named on the axis; four panels (drops, p99.9 latency, late hot
//! triggers, items processed).

use super::style::{DrawResult, FONT, Figure, W, axis_format, color, draw_both, msg, titled};
use super::{Data, PlotError};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

/// The panels: summary.csv metric, axis label, scale to the axis unit.
const PANELS: [(&str, &str, f64); 4] = [
    ("dropped", "items dropped", 1.0),
    ("latency_p999_ns", "p99.9 latency (us)", 1e-3),
    ("late_hot_triggers", "hot triggers after warm-up", 1.0),
    ("processed", "items processed", 1.0),
];

/// Height of one bar, pixels.
const BAR: u32 = 26;

struct Bars<'a> {
    data: &'a Data,
}

/// Draw summary.png and summary.svg.
pub(super) fn draw(data: &Data, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), PlotError> {
    let n = data.groups.len() as u32;
    let height = (2 * (110 + BAR * n) + 50).max(super::style::H);
    draw_both(dir, "summary", (W, height), out, &Bars { data })
}

impl Figure for Bars<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let root = titled(
            root,
            "Summary per policy (mean over seeds, 95% interval)",
            26,
        )?;
        for (area, panel) in root.split_evenly((2, 2)).iter().zip(PANELS.iter()) {
            self.panel(area, panel)?;
        }
        Ok(())
    }
}

impl Bars<'_> {
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        &(metric, label, scale): &(&str, &str, f64),
    ) -> DrawResult {
        let data = self.data;
        let n = data.groups.len() as u32;
        let top = data
            .groups
            .iter()
            .filter_map(|g| data.metric(g, metric))
            .map(|s| s.hi.max(s.mean) * scale)
            .fold(0.0f64, f64::max)
            .max(1.0)
            * 1.15;
        // The first group on top: segment n-1-i holds group i.
        let row = |i: usize| n - 1 - i as u32;
        let name = |seg: u32| data.groups[(n - 1 - seg) as usize].clone();
        let longest = data.groups.iter().map(|g| g.len()).max().unwrap_or(0) as u32;
        let mut chart = ChartBuilder::on(area)
            .caption(label, (FONT, 18))
            .margin(10)
            .x_label_area_size(35)
            .y_label_area_size((longest * 7 + 20).min(W / 4))
            .build_cartesian_2d(0f64..top, (0..n).into_segmented())
            .map_err(msg)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(n as usize)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(seg) if *seg < n => name(*seg),
                _ => String::new(),
            })
            .x_label_formatter(&axis_format(top))
            .x_desc(label)
            .label_style((FONT, 12))
            .draw()
            .map_err(msg)?;
        for (i, g) in data.groups.iter().enumerate() {
            let Some(s) = data.metric(g, metric) else {
                continue;
            };
            let seg = row(i);
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(seg)),
                    (s.mean * scale, SegmentValue::Exact(seg + 1)),
                ],
                color(i).filled(),
            );
            bar.set_margin(4, 4, 0, 0);
            chart.draw_series([bar]).map_err(msg)?;
            let interval = PathElement::new(
                vec![
                    (s.lo * scale, SegmentValue::CenterOf(seg)),
                    (s.hi * scale, SegmentValue::CenterOf(seg)),
                ],
                BLACK.stroke_width(2),
            );
            chart.draw_series([interval]).map_err(msg)?;
        }
        Ok(())
    }
}
