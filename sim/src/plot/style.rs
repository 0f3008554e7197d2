//! What every plot shares: the embedded font, the palette, axis numbers, legends and
//! drawing one body into both a PNG and an SVG.

use super::PlotError;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use std::path::{Path, PathBuf};
use std::sync::Once;

/// Width of every plot, pixels.
pub(super) const W: u32 = 1200;
/// Height of a single-panel plot, pixels.
pub(super) const H: u32 = 700;
/// The font family, registered from the DejaVu font compiled into the binary.
pub(super) const FONT: &str = "sans-serif";

/// Register the embedded DejaVu font under [`FONT`] (once per process).
pub(super) fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// The `i`th series colour (a ten-colour palette, repeating).
pub(super) fn color(i: usize) -> RGBColor {
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

/// Line width of series `i` of `n` drawn on one axis: the first widest, the last 2 px,
/// so a series drawn over an identical earlier one leaves it showing as a band.
pub(super) fn line_width(i: usize, n: usize) -> u32 {
    let steps = n.saturating_sub(1).max(1) as u32;
    2 + 8 * (n.saturating_sub(1).saturating_sub(i)) as u32 / steps
}

/// The result of drawing into one backend; the message is the backend's.
pub(super) type DrawResult = Result<(), String>;

/// A backend error as a message.
pub(super) fn msg(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A formatter for axis numbers up to `top`: one scale for the whole axis (k, M or G
/// when `top` is large) and as many decimals as a tenth of the axis needs, so ticks
/// read 0, 2.5, 5, 7.5 or 0, 10, 20, never 8.00 beside 10.
pub(super) fn axis_format(top: f64) -> impl Fn(&f64) -> String {
    let top = top.abs();
    let (div, suffix) = if top >= 1e9 {
        (1e9, "G")
    } else if top >= 1e6 {
        (1e6, "M")
    } else if top >= 1e4 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    let step = top / div / 10.0;
    let decimals = if step > 0.0 && step < 1.0 {
        (-step.log10().floor()) as usize
    } else {
        0
    };
    move |v: &f64| {
        if *v == 0.0 {
            return "0".to_string();
        }
        let x = v / div;
        format!("{x:.decimals$}{suffix}")
    }
}

/// Draw a chart's legend at `position` with font `size`, on a light box.
macro_rules! legend {
    ($chart:expr, $position:expr, $size:expr) => {
        $chart
            .configure_series_labels()
            .position($position)
            .label_font((FONT, $size))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .draw()
            .map_err(msg)?
    };
}
pub(super) use legend;

/// Draw `$pts` as a line of colour `$c` and width `$w` on `$chart`, with `$label` and a
/// short line of that colour in the legend.
macro_rules! labelled_line {
    ($chart:expr, $pts:expr, $c:expr, $w:expr, $label:expr) => {{
        let c = $c;
        $chart
            .draw_series(LineSeries::new($pts, c.stroke_width($w)))
            .map_err(msg)?
            .label($label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(3)));
    }};
}
pub(super) use labelled_line;

/// `root` with `title` on top; returns the area below it.
pub(super) fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    size: u32,
) -> Result<DrawingArea<DB, Shift>, String> {
    root.titled(title, (FONT, size)).map_err(msg)
}

/// A figure that can draw itself on any backend (a bitmap for PNG, SVG).
pub(super) trait Figure {
    /// Draw onto `root`, already filled white.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult;
}

/// Draw `figure` once into `dir/name.png` and once into `dir/name.svg` (`size` pixels),
/// and add both files to `out`.
pub(super) fn draw_both(
    dir: &Path,
    name: &str,
    size: (u32, u32),
    out: &mut Vec<PathBuf>,
    figure: &impl Figure,
) -> Result<(), PlotError> {
    let png = dir.join(format!("{name}.png"));
    let svg = dir.join(format!("{name}.svg"));
    let draw_err = |p: &Path, message: String| PlotError::Draw {
        path: p.display().to_string(),
        message,
    };
    {
        let root = BitMapBackend::new(&png, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| draw_err(&png, msg(e)))?;
        figure.draw(&root).map_err(|e| draw_err(&png, e))?;
        root.present().map_err(|e| draw_err(&png, msg(e)))?;
    }
    {
        let root = SVGBackend::new(&svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| draw_err(&svg, msg(e)))?;
        figure.draw(&root).map_err(|e| draw_err(&svg, e))?;
        root.present().map_err(|e| draw_err(&svg, msg(e)))?;
    }
    out.push(png);
    out.push(svg);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_numbers_share_one_format() {
        let f = axis_format(14.0);
        assert_eq!(
            [8.0, 10.0, 12.0, 14.0].map(|v| f(&v)),
            ["8", "10", "12", "14"]
        );
        let f = axis_format(5.0);
        assert_eq!([0.0, 2.5].map(|v| f(&v)), ["0", "2.5"]);
        let f = axis_format(2.5e6);
        assert_eq!([0.0, 1.5e6].map(|v| f(&v)), ["0", "1.5M"]);
    }

    #[test]
    fn earlier_series_are_drawn_wider() {
        assert_eq!(line_width(0, 1), 2);
        assert!(line_width(0, 9) > line_width(4, 9));
        assert_eq!(line_width(8, 9), 2);
    }
}
