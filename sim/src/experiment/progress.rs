//! Progress of a sweep on stderr: a bar on a terminal, plain lines elsewhere (a log file,
//! CI), both with an ETA from the mean time per cell since the start, which moves less
//! than a recent-rate estimate when cells differ in cost.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Seconds between two plain progress lines.
const LINE_EVERY: Duration = Duration::from_secs(10);

/// Where progress goes.
enum Sink {
    /// Nowhere.
    Quiet,
    /// A bar on the terminal.
    Bar(ProgressBar),
    /// A line now and then; when the last one was printed.
    Lines(Mutex<Option<Instant>>),
}

/// Counts finished cells of one run and shows them.
pub(crate) struct Progress {
    sink: Sink,
    start: Instant,
    total: usize,
    state: Mutex<(usize, usize)>,
}

impl Progress {
    /// Progress over `total` cells: a bar if stderr is a terminal, lines otherwise, or
    /// nothing if `show` is false.
    pub(crate) fn new(total: usize, show: bool) -> Progress {
        let sink = if !show || total == 0 {
            Sink::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total as u64);
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} cells, {elapsed} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            Sink::Bar(bar)
        } else {
            Sink::Lines(Mutex::new(None))
        };
        Progress {
            sink,
            start: Instant::now(),
            total,
            state: Mutex::new((0, 0)),
        }
    }

    /// One more cell finished (`failed` if its run failed).
    pub(crate) fn cell_done(&self, failed: bool) {
        let (done, failures) = {
            let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            s.0 += 1;
            s.1 += usize::from(failed);
            *s
        };
        let eta = eta(self.start.elapsed(), done, self.total);
        let failed_note = if failures > 0 {
            format!(", {failures} failed")
        } else {
            String::new()
        };
        match &self.sink {
            Sink::Quiet => {}
            Sink::Bar(bar) => {
                bar.set_message(format!("{eta}{failed_note}"));
                bar.inc(1);
            }
            Sink::Lines(last) => {
                let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
                let due = last.is_none_or(|t| t.elapsed() >= LINE_EVERY);
                if due || done == self.total {
                    *last = Some(Instant::now());
                    eprintln!(
                        "hotsim: {done}/{} cells{failed_note}, {} elapsed, {eta}",
                        self.total,
                        clock(self.start.elapsed())
                    );
                }
            }
        }
    }

    /// Remove the bar (lines stay).
    pub(crate) fn finish(&self) {
        if let Sink::Bar(bar) = &self.sink {
            bar.finish_and_clear();
        }
    }
}

/// "about 3m20s left" from the mean time per cell so far, or "done".
fn eta(elapsed: Duration, done: usize, total: usize) -> String {
    if done >= total {
        return "done".into();
    }
    let left = elapsed.mul_f64((total - done) as f64 / done.max(1) as f64);
    format!("about {} left", clock(left))
}

/// A duration as `1h02m`, `3m20s` or `12s`.
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, s / 60 % 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eta_is_the_mean_time_per_cell_times_the_cells_left() {
        assert_eq!(eta(Duration::from_secs(60), 10, 40), "about 3m00s left");
        assert_eq!(eta(Duration::from_secs(5), 1, 2), "about 5s left");
        assert_eq!(eta(Duration::from_secs(5), 2, 2), "done");
        assert_eq!(clock(Duration::from_secs(3725)), "1h02m");
    }
}
