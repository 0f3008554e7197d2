//! `latency`: the latency percentile distribution of each policy point (its first seed),
//! with percentiles on a log 1/(1-p) axis (90%, 99%, 99.9%, 99.99%, then the maximum), as
//! HdrHistogram's percentile plots draw it: the tail, where compile pauses show, gets as
//! much room as the body.

use super::style::{
    DrawResult, FONT, Figure, H, W, color, draw_both, labelled_line, legend, line_width, msg,
};
use super::{Data, PlotError, label_with_twin};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

/// Where the maximum is drawn: one decade past the last percentile (99.99%).
const MAX_AT: f64 = 5.0;

/// The x position of quantile `q`: log10(1/(1-q)), the maximum at [`MAX_AT`].
fn x_of(q: f64) -> f64 {
    if q >= 1.0 {
        MAX_AT
    } else {
        (-(1.0 - q).log10()).min(MAX_AT)
    }
}

/// The label of a decade on the x axis.
fn x_label(x: &f64) -> String {
    match x.round() as i32 {
        0 => "0%".into(),
        1 => "90%".into(),
        2 => "99%".into(),
        3 => "99.9%".into(),
        4 => "99.99%".into(),
        _ => "max".into(),
    }
}

struct Percentiles {
    /// Per group: its name and (x, latency us) points.
    series: Vec<(String, Vec<(f64, f64)>)>,
    /// The first group index of each series (its colour).
    index: Vec<usize>,
}

/// Draw latency.png and latency.svg.
pub(super) fn draw(data: &Data, dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), PlotError> {
    let mut fig = Percentiles {
        series: Vec::new(),
        index: Vec::new(),
    };
    for (i, r) in data.first_of_each() {
        let pts = r
            .latency
            .cdf
            .iter()
            .map(|&(q, ns)| (x_of(q), (ns as f64 / 1e3).max(1e-2)))
            .collect();
        fig.series.push((data.groups[i].clone(), pts));
        fig.index.push(i);
    }
    draw_both(dir, "latency", (W, H), out, &fig)
}

impl Figure for Percentiles {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult {
        let all = || self.series.iter().flat_map(|(_, p)| p.iter().map(|x| x.1));
        let hi = all().fold(1.0f64, f64::max) * 2.0;
        let lo = all().fold(f64::INFINITY, f64::min).min(hi / 10.0) / 2.0;
        let mut chart = ChartBuilder::on(root)
            .caption(
                "Latency by percentile (first seed of each point)",
                (FONT, 24),
            )
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(0f64..MAX_AT, (lo.max(1e-2)..hi).log_scale())
            .map_err(msg)?;
        chart
            .configure_mesh()
            .x_labels(MAX_AT as usize + 1)
            .x_label_formatter(&x_label)
            .x_desc("percentile (log scale of 1/(1-p))")
            .y_desc("latency (us, log scale)")
            .label_style((FONT, 14))
            .draw()
            .map_err(msg)?;
        let n = self.series.len();
        for (k, (_, pts)) in self.series.iter().enumerate() {
            let (c, w) = (color(self.index[k]), line_width(k, n));
            labelled_line!(chart, pts.clone(), c, w, label_with_twin(&self.series, k));
        }
        legend!(chart, SeriesLabelPosition::UpperLeft, 13);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_sit_on_their_decades() {
        assert!((x_of(0.9) - 1.0).abs() < 1e-9);
        assert!((x_of(0.999) - 3.0).abs() < 1e-9);
        assert_eq!(x_of(1.0), MAX_AT);
        assert_eq!(x_label(&3.0), "99.9%");
        assert_eq!(x_label(&MAX_AT), "max");
    }
}
