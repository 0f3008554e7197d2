//! `timeline`: every trace compiled during the run (first seed of each policy point), at
//! its virtual time, with its pause (recording, compiling and page-protection changes) as
//! a stem. One panel per point on a shared time axis and a shared pause scale, so no
//! point's compiles hide another's.

use super::style::{DrawResult, FONT, Figure, W, axis_format, color, draw_both, msg, titled};
use super::{Data, PlotError, label_with_twin};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

/// Height of one panel, pixels.
const PANEL: u32 = 120;

struct Timeline {
    /// Per group: its name and (time s, pause us) of each compiled trace.
    series: Vec<(String, Vec<(f64, f64)>)>,
    /// Per series: its group index (its colour).
    index: Vec<usize>,
    /// The end of the longest run, s.
    end: f64,
}

/// Draw timeline.png and timeline.svg.
pub(super) fn draw(data: &Data, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), PlotError> {
    let mut fig = Timeline {
        series: Vec::new(),
        index: Vec::new(),
        end: data
            .cells
            .iter()
            .map(|(_, r)| r.duration_ns as f64 / 1e9)
            .fold(1e-9, f64::max),
    };
    for (i, r) in data.first_of_each() {
        let pts = r
            .compiles
            .iter()
            .filter(|c| c.event == "trace")
            .map(|c| {
                (
                    c.time_ns as f64 / 1e9,
                    (c.record_ns + c.compile_ns) as f64 / 1e3,
                )
            })
            .collect();
        fig.series.push((data.groups[i].clone(), pts));
        fig.index.push(i);
    }
    let height = 60 + PANEL * fig.series.len().max(1) as u32 + 40;
    draw_both(dir, "timeline", (W, height), out, &fig)
}

impl Figure for Timeline {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let title = "Trace compiles over time and their pauses (first seed of each point)";
        let root = titled(root, title, 24)?;
        let top = self
            .series
            .iter()
            .flat_map(|(_, p)| p.iter().map(|x| x.1))
            .fold(1.0f64, f64::max)
            * 1.2;
        let n = self.series.len();
        let (panels, axis) = root.split_vertically(PANEL * n as u32);
        for (k, area) in panels
            .split_evenly((n.max(1), 1))
            .iter()
            .enumerate()
            .take(n)
        {
            self.panel(area, k, top)?;
        }
        // The time axis once, under the last panel.
        let mut chart = ChartBuilder::on(&axis)
            .margin_left(15)
            .margin_right(15)
            .x_label_area_size(40)
            .y_label_area_size(80)
            .build_cartesian_2d(0f64..self.end, 0f64..1.0)
            .map_err(msg)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_y_axis()
            .x_desc("virtual time (s)")
            .x_label_formatter(&axis_format(self.end))
            .label_style((FONT, 14))
            .draw()
            .map_err(msg)?;
        Ok(())
    }
}

impl Timeline {
    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        k: usize,
        top: f64,
    ) -> DrawResult {
        let (_, pts) = &self.series[k];
        let c = color(self.index[k]);
        let mut chart = ChartBuilder::on(area)
            .caption(
                format!(
                    "{} ({} trace{})",
                    label_with_twin(&self.series, k),
                    pts.len(),
                    if pts.len() == 1 { "" } else { "s" }
                ),
                (FONT, 15),
            )
            .margin_left(15)
            .margin_right(15)
            .y_label_area_size(80)
            .build_cartesian_2d(0f64..self.end, 0f64..top)
            .map_err(msg)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(3)
            .y_desc("compile pause (us)")
            .y_label_formatter(&axis_format(top))
            .label_style((FONT, 11))
            .draw()
            .map_err(msg)?;
        // A stem per compile, so single late ones stand out.
        let stems = pts
            .iter()
            .map(|&(t, p)| PathElement::new(vec![(t, 0.0), (t, p)], c.stroke_width(1)));
        chart.draw_series(stems).map_err(msg)?;
        let heads = pts.iter().map(|&(t, p)| Circle::new((t, p), 3, c.filled()));
        chart.draw_series(heads).map_err(msg)?;
        Ok(())
    }
}
