//! `pareto`: throughput against p99.9 latency, one dot per cell, with the Pareto
//! frontier (the cells no other cell beats on both).

use super::style::{DrawResult, FONT, Figure, H, W, axis_format, color, draw_both, legend, msg};
use super::{Data, PlotError};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

struct Pareto<'a> {
    groups: &'a [String],
    /// Per cell: group index, throughput (items/s), p99.9 latency (us).
    points: Vec<(usize, f64, f64)>,
    /// The frontier as (latency, throughput), by latency.
    frontier: Vec<(f64, f64)>,
}

/// Draw pareto.png and pareto.svg.
pub(super) fn draw(data: &Data, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), PlotError> {
    let points: Vec<(usize, f64, f64)> = data
        .cells
        .iter()
        .filter_map(|(g, r)| {
            let processed: u64 = r.sources.iter().map(|s| s.processed).sum();
            let secs = (r.duration_ns as f64 / 1e9).max(1e-9);
            let gi = data.group_index(g)?;
            Some((gi, processed as f64 / secs, r.latency.p999_ns as f64 / 1e3))
        })
        .collect();
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
    let fig = Pareto {
        groups: &data.groups,
        points,
        frontier,
    };
    draw_both(dir, "pareto", (W, H), out, &fig)
}

impl Figure for Pareto<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let xmax = self.points.iter().map(|p| p.2).fold(1.0f64, f64::max) * 1.1;
        let (ymin, ymax) = self
            .points
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(a, b), p| {
                (a.min(p.1), b.max(p.1))
            });
        // At least +-0.5% around the points: cells that all keep up with the offered
        // load differ by a few items per second, which is not worth a full axis.
        let pad = ((ymax - ymin) * 0.1).max(ymax * 0.005).max(1.0);
        let mut chart = ChartBuilder::on(root)
            .caption(
                "Throughput against tail latency (one dot per cell; line: Pareto frontier)",
                (FONT, 22),
            )
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(0f64..xmax, (ymin - pad).max(0.0)..ymax + pad)
            .map_err(msg)?;
        chart
            .configure_mesh()
            .x_desc("p99.9 latency (us)")
            .y_desc("throughput (items/s)")
            .x_label_formatter(&axis_format(xmax))
            .y_label_formatter(&axis_format(ymax + pad))
            .label_style((FONT, 14))
            .draw()
            .map_err(msg)?;
        let n = self.groups.len();
        for (i, g) in self.groups.iter().enumerate() {
            let c = color(i);
            // Earlier groups get larger dots, so a later group on the same spot leaves a
            // ring of the earlier one's colour.
            let r = 4 + 2 * (n - 1 - i).min(5) as u32;
            let dots = self.points.iter().filter(|p| p.0 == i);
            chart
                .draw_series(dots.map(move |p| Circle::new((p.2, p.1), r, c.filled())))
                .map_err(msg)?
                .label(g.clone())
                .legend(move |(x, y)| Circle::new((x + 7, y), 5, c.filled()));
        }
        chart
            .draw_series(LineSeries::new(
                self.frontier.clone(),
                BLACK.stroke_width(2),
            ))
            .map_err(msg)?
            .label("Pareto frontier")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
        legend!(chart, SeriesLabelPosition::MiddleRight, 13);
        Ok(())
    }
}
