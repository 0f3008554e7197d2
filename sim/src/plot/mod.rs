//! Plots of a results folder, each as PNG and SVG (plotters; text drawn with the DejaVu
//! font embedded in the binary, so no system fonts are needed). [`KINDS`] is the one list
//! of plot kinds: `hotsim plot --only`, the experiment spec's `plots` and [`plot_dir`]
//! all read it, and each kind is drawn by one module:
//!
//! - [`summary`]: per policy point, horizontal bars of the mean over seeds with its 95%
//!   interval;
//! - [`latency`]: the latency percentile distribution, percentiles on a log 1/(1-p) axis;
//! - [`drops`]: drops per second over virtual time (mean over seeds);
//! - [`timeline`]: every trace compiled and its pause, one panel per policy point;
//! - [`pareto`]: throughput against p99.9 latency, one dot per cell, the frontier marked;
//! - [`sweep`]: for each policy swept over one parameter, p99.9 latency and drops against
//!   the parameter.

mod drops;
mod latency;
mod pareto;
mod style;
mod summary;
mod sweep;
mod timeline;

use crate::engine::Report;
use crate::experiment::CellResult;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why plotting failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlotError {
    /// The folder is not a results folder of `hotsim run`.
    #[error("{dir} is not a results folder of `hotsim run` (it has no {missing})")]
    NotResults {
        /// The folder.
        dir: String,
        /// The results file it lacks.
        missing: &'static str,
    },
    /// A results file is unreadable or malformed.
    #[error("{path}: {message}")]
    Input {
        /// The file (with its line for a CSV row).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A plot kind that does not exist.
    #[error("unknown plot '{0}' (known: {known})", known = names().join(", "))]
    UnknownKind(String),
    /// Drawing or writing a plot failed.
    #[error("{path}: {message}")]
    Draw {
        /// The plot file.
        path: String,
        /// The backend's message.
        message: String,
    },
}

/// Draws one plot kind from a results folder's data into `dir`, adding the files written.
type DrawFn = fn(&Data, &Path, &mut Vec<PathBuf>) -> Result<(), PlotError>;

/// A plot kind: its name (as in `--only` and specs), what it shows, and how it is drawn.
pub struct Kind {
    /// The name.
    pub name: &'static str,
    /// What it shows, one line.
    pub about: &'static str,
    draw: DrawFn,
}

/// Every plot kind, in the order they are drawn.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "summary",
        about: "bars per policy point: drops, p99.9 latency, late hot triggers, items",
        draw: summary::draw,
    },
    Kind {
        name: "latency",
        about: "latency percentiles on a log 1/(1-p) axis, one line per point",
        draw: latency::draw,
    },
    Kind {
        name: "drops",
        about: "drops per second over virtual time, one line per point",
        draw: drops::draw,
    },
    Kind {
        name: "timeline",
        about: "every trace compiled and its pause, one panel per point",
        draw: timeline::draw,
    },
    Kind {
        name: "pareto",
        about: "throughput against p99.9 latency, one dot per cell, with the frontier",
        draw: pareto::draw,
    },
    Kind {
        name: "sweep",
        about: "per policy swept over one parameter: p99.9 latency and drops against it",
        draw: sweep::draw,
    },
];

/// The names of [`KINDS`].
pub fn names() -> Vec<&'static str> {
    KINDS.iter().map(|k| k.name).collect()
}

/// Check that every name in `only` is a plot kind.
pub fn check_kinds(only: &[String]) -> Result<(), PlotError> {
    match only
        .iter()
        .find(|o| !KINDS.iter().any(|k| k.name == o.as_str()))
    {
        Some(bad) => Err(PlotError::UnknownKind(bad.clone())),
        None => Ok(()),
    }
}

/// Draw the plots for the results in `dir` (those in `only`, or all when it is empty);
/// returns the files written.
pub fn plot_dir(dir: &Path, only: &[String]) -> Result<Vec<PathBuf>, PlotError> {
    check_kinds(only)?;
    style::register_font();
    let data = Data::load(dir)?;
    let mut out = Vec::new();
    if data.groups.is_empty() {
        return Ok(out);
    }
    for kind in KINDS {
        if only.is_empty() || only.iter().any(|o| o == kind.name) {
            (kind.draw)(&data, dir, &mut out)?;
        }
    }
    Ok(out)
}

/// One metric of summary.csv for one group: the mean over seeds and its 95% interval.
#[derive(Clone, Debug)]
struct Summary {
    mean: f64,
    lo: f64,
    hi: f64,
}

/// A group of cells that differ only by seed: "workload policy params".
type Group = String;

/// What the plots are drawn from: summary.csv and the cells' reports.
struct Data {
    /// Group -> metric -> summary.
    summary: BTreeMap<Group, BTreeMap<String, Summary>>,
    /// Group order as in the results.
    groups: Vec<Group>,
    /// Per cell that ran, in canonical order: its group and report.
    cells: Vec<(Group, Report)>,
}

fn group_name(workload: &str, policy: &str, params: &str) -> String {
    let mut g = format!("{workload} {policy}");
    if !params.is_empty() {
        g.push(' ');
        g.push_str(params);
    }
    g
}

impl Data {
    /// Read summary.csv and cells/*.json of the results folder `dir`.
    fn load(dir: &Path) -> Result<Data, PlotError> {
        let shown = dir.display().to_string();
        for missing in ["manifest.json", "summary.csv"] {
            if !dir.join(missing).is_file() {
                return Err(PlotError::NotResults {
                    dir: shown,
                    missing,
                });
            }
        }
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
            let line = r.position().map_or(0, |p| p.line());
            let at = |m: String| input(&sp, format!("line {line}: {m}"));
            if r.len() != 8 {
                return Err(at(format!("{} fields, expected 8", r.len())));
            }
            let num = |i: usize| {
                r[i].parse::<f64>()
                    .map_err(|_| at(format!("'{}' is not a number", &r[i])))
            };
            let g = group_name(&r[0], &r[1], &r[2]);
            if !groups.contains(&g) {
                groups.push(g.clone());
            }
            let s = Summary {
                mean: num(5)?,
                lo: num(6)?,
                hi: num(7)?,
            };
            summary.entry(g).or_default().insert(r[3].to_string(), s);
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
            let bytes = std::fs::read(&f).map_err(|e| input(&f, e.to_string()))?;
            let cell: CellResult =
                serde_json::from_slice(&bytes).map_err(|e| input(&f, e.to_string()))?;
            let parts: Vec<&str> = cell.key.split('|').collect();
            let (4, Some(report)) = (parts.len(), cell.report) else {
                continue;
            };
            cells.push((group_name(parts[0], parts[1], parts[2]), report));
        }
        Ok(Data {
            summary,
            groups,
            cells,
        })
    }

    /// The index of group `g` in [`Data::groups`].
    fn group_index(&self, g: &str) -> Option<usize> {
        self.groups.iter().position(|x| x == g)
    }

    /// The first cell (lowest seed) of each group, in group order.
    fn first_of_each(&self) -> Vec<(usize, &Report)> {
        let mut first: Vec<Option<&Report>> = vec![None; self.groups.len()];
        for (g, r) in &self.cells {
            if let Some(i) = self.group_index(g) {
                first[i].get_or_insert(r);
            }
        }
        first
            .into_iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r?)))
            .collect()
    }

    /// The summary of `metric` for group `g`, if summary.csv has it.
    fn metric(&self, g: &str, metric: &str) -> Option<&Summary> {
        self.summary.get(g)?.get(metric)
    }
}

/// The legend label of series `i` of `series`: its name, and the name of the first
/// earlier series it is identical to, which it hides on the plot.
fn label_with_twin<T: PartialEq>(series: &[(String, T)], i: usize) -> String {
    let (name, s) = &series[i];
    match series[..i].iter().find(|(_, t)| t == s) {
        Some((twin, _)) => format!("{name} (= {twin})"),
        None => name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_known_and_unknown_ones_are_refused() {
        assert!(check_kinds(&names().iter().map(|s| s.to_string()).collect::<Vec<_>>()).is_ok());
        let e = check_kinds(&["timeline".into(), "pie".into()]).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("unknown plot 'pie' (known: summary"),
            "{e}"
        );
    }

    #[test]
    fn an_identical_series_names_its_twin() {
        let s = vec![
            ("a".to_string(), 1),
            ("b".to_string(), 2),
            ("c".to_string(), 1),
        ];
        assert_eq!(label_with_twin(&s, 0), "a");
        assert_eq!(label_with_twin(&s, 1), "b");
        assert_eq!(label_with_twin(&s, 2), "c (= a)");
    }

    #[test]
    fn a_folder_without_results_says_so() {
        let dir = std::env::temp_dir().join(format!("hotsim-notresults-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let e = plot_dir(&dir, &[]).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("is not a results folder of `hotsim run` (it has no manifest.json)"),
            "{e}"
        );
    }
}
