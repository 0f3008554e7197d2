//! Experiment specs: workloads x policies with parameter grids x seeds (docs/experiments.md).

use hotsim_policies::{VTime, parse_duration, registry};
use hotsim_vm::CostModel;
use hotsim_workloads::{Program, Workload};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why an experiment spec cannot be used. Every variant names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExperimentError {
    /// A file cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Malformed TOML or an unknown key (the message has line and column).
    #[error("{path}: {message}")]
    Toml {
        /// The file.
        path: String,
        /// The parser's message.
        message: String,
    },
    /// A value that makes no sense.
    #[error("{path}: {what}: {reason}")]
    Invalid {
        /// The file.
        path: String,
        /// Where.
        what: String,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExperiment {
    name: String,
    duration: Option<String>,
    warmup: Option<String>,
    max_memory: Option<String>,
    seeds: Option<toml::Value>,
    #[serde(default)]
    workload: Vec<RawWorkloadRef>,
    #[serde(default)]
    policy: Vec<toml::Table>,
    cost: Option<toml::Table>,
    #[serde(default)]
    plots: Vec<String>,
    #[serde(default)]
    scaled: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkloadRef {
    name: String,
    file: String,
}

/// A workload of an experiment.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadRef {
    /// Name in results.
    pub name: String,
    /// The workload TOML, resolved against the experiment file's folder.
    pub file: PathBuf,
}

/// A policy with every point of its parameter grid.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyGrid {
    /// Registry name.
    pub name: String,
    /// Parameter points: each a list of `(key, value)` in key order.
    pub points: Vec<Vec<(String, String)>>,
}

/// A checked experiment.
#[derive(Clone, Debug, PartialEq)]
pub struct Experiment {
    /// The spec file.
    pub path: PathBuf,
    /// The experiment's name (its results folder).
    pub name: String,
    /// Simulated time per cell (default: each workload's duration).
    pub duration: Option<VTime>,
    /// Warm-up cut-off (default: each workload's).
    pub warmup: Option<VTime>,
    /// Heap budget of each cell's program in bytes (default: each workload's).
    pub max_memory: Option<u64>,
    /// The seeds.
    pub seeds: Vec<u64>,
    /// The workloads.
    pub workloads: Vec<WorkloadRef>,
    /// The policies and their grids.
    pub policies: Vec<PolicyGrid>,
    /// The cost model (defaults with the spec's overrides).
    pub cost: CostModel,
    /// Which plots to draw.
    pub plots: Vec<String>,
    /// Run every cell in scaled mode (docs/scaling.md).
    pub scaled: bool,
    /// FNV-1a of the spec and of every workload file it names: finished cells are reused
    /// only by a run of the same experiment.
    pub fingerprint: u64,
}

fn workloads_list(raw: &[RawWorkloadRef], dir: &Path) -> Vec<PathBuf> {
    raw.iter().map(|w| dir.join(&w.file)).collect()
}

/// Expand one parameter's value into its grid: a scalar, a list, or a range.
fn grid_values(key: &str, v: &toml::Value) -> Result<Vec<String>, String> {
    let scalar = |v: &toml::Value| -> Result<String, String> {
        match v {
            toml::Value::String(s) => Ok(s.clone()),
            toml::Value::Integer(i) => Ok(i.to_string()),
            toml::Value::Float(f) => Ok(f.to_string()),
            toml::Value::Boolean(b) => Ok(b.to_string()),
            other => Err(format!(
                "'{key}' = {other}: expected a value, a list or a range"
            )),
        }
    };
    match v {
        toml::Value::Array(items) => {
            if items.is_empty() {
                return Err(format!("'{key}': the grid is empty"));
            }
            items.iter().map(scalar).collect()
        }
        toml::Value::Table(t) => {
            let steps = t
                .get("steps")
                .and_then(|s| s.as_integer())
                .ok_or(format!("'{key}': a range needs steps"))?;
            if steps < 1 {
                return Err(format!("'{key}': steps must be at least 1"));
            }
            let (kind, ends) = if let Some(e) = t.get("log_range") {
                ("log", e)
            } else if let Some(e) = t.get("range") {
                ("lin", e)
            } else {
                return Err(format!(
                    "'{key}': a range is {{ range = [a, b], steps = n }} or {{ log_range = ... }}"
                ));
            };
            let ends = ends
                .as_array()
                .filter(|a| a.len() == 2)
                .ok_or(format!("'{key}': a range has two ends"))?;
            // Durations keep their unit: ends given as durations give durations in ns.
            let as_num = |v: &toml::Value| -> Result<(f64, bool), String> {
                match v {
                    toml::Value::String(s) => parse_duration(s)
                        .map(|t| (t.as_ns() as f64, true))
                        .map_err(|e| format!("'{key}': {e}")),
                    toml::Value::Integer(i) => Ok((*i as f64, false)),
                    toml::Value::Float(f) => Ok((*f, false)),
                    _ => Err(format!("'{key}': range ends must be numbers or durations")),
                }
            };
            let ((a, dur_a), (b, dur_b)) = (as_num(&ends[0])?, as_num(&ends[1])?);
            if dur_a != dur_b {
                return Err(format!(
                    "'{key}': both ends must be durations, or both numbers"
                ));
            }
            if kind == "log" && (a <= 0.0 || b <= 0.0) {
                return Err(format!("'{key}': a log range needs positive ends"));
            }
            let n = steps as usize;
            Ok((0..n)
                .map(|i| {
                    let f = if n == 1 {
                        0.0
                    } else {
                        i as f64 / (n - 1) as f64
                    };
                    let x = if kind == "log" {
                        a * (b / a).powf(f)
                    } else {
                        a + (b - a) * f
                    };
                    if dur_a {
                        VTime(x.round() as u64).to_string()
                    } else {
                        format!("{x}")
                    }
                })
                .collect())
        }
        v => Ok(vec![scalar(v)?]),
    }
}

impl Experiment {
    /// Read and check an experiment spec.
    pub fn load(path: &Path) -> Result<Experiment, ExperimentError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ExperimentError::Io {
            path: shown.clone(),
            source,
        })?;
        Experiment::parse(&text, path)
    }

    /// Check spec text read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Experiment, ExperimentError> {
        let shown = path.display().to_string();
        let raw: RawExperiment = toml::from_str(text).map_err(|e| ExperimentError::Toml {
            path: shown.clone(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let invalid = |what: &str, reason: String| ExperimentError::Invalid {
            path: shown.clone(),
            what: what.to_string(),
            reason,
        };
        let dur = |what: &str, v: &Option<String>| -> Result<Option<VTime>, ExperimentError> {
            v.as_ref()
                .map(|t| parse_duration(t).map_err(|e| invalid(what, e.to_string())))
                .transpose()
        };
        let seeds = match &raw.seeds {
            None => vec![1],
            Some(toml::Value::Integer(n)) if *n >= 1 && *n <= 10_000 => (1..=*n as u64).collect(),
            Some(toml::Value::Array(a)) if !a.is_empty() => a
                .iter()
                .map(|s| s.as_integer().filter(|i| *i >= 0).map(|i| i as u64))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    invalid(
                        "seeds",
                        "a list of seeds holds non-negative integers".into(),
                    )
                })?,
            Some(other) => {
                return Err(invalid(
                    "seeds",
                    format!("{other} is neither a count (1..10000) nor a list of seeds"),
                ));
            }
        };
        if raw.workload.is_empty() {
            return Err(invalid(
                "workload",
                "an experiment needs at least one [[workload]]".into(),
            ));
        }
        if raw.policy.is_empty() {
            return Err(invalid(
                "policy",
                "an experiment needs at least one [[policy]]".into(),
            ));
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let workloads = raw
            .workload
            .iter()
            .map(|w| WorkloadRef {
                name: w.name.clone(),
                file: dir.join(&w.file),
            })
            .collect();
        let mut policies = Vec::new();
        for t in &raw.policy {
            let name = t
                .get("name")
                .and_then(|n| n.as_str())
                .ok_or_else(|| invalid("policy", "each [[policy]] needs a name".into()))?
                .to_string();
            let info = registry::find(&name).map_err(|e| invalid("policy", e.to_string()))?;
            // The grid: the cartesian product of every parameter's values, keys in order.
            let mut axes: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (k, v) in t.iter().filter(|(k, _)| k.as_str() != "name") {
                let values =
                    grid_values(k, v).map_err(|e| invalid(&format!("policy '{name}'"), e))?;
                axes.insert(k.clone(), values);
            }
            let mut points: Vec<Vec<(String, String)>> = vec![vec![]];
            for (k, values) in &axes {
                points = points
                    .into_iter()
                    .flat_map(|p| {
                        values.iter().map(move |v| {
                            let mut q = p.clone();
                            q.push((k.clone(), v.clone()));
                            q
                        })
                    })
                    .collect();
            }
            // Every point must build: unknown keys and bad values are errors now.
            for p in &points {
                let (params, _) =
                    crate::engine::split_params(p.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                        .map_err(|e| invalid(&format!("policy '{name}'"), e.to_string()))?;
                (info.build)(&params)
                    .map_err(|e| invalid(&format!("policy '{name}'"), e.to_string()))?;
            }
            policies.push(PolicyGrid { name, points });
        }
        let cost = match &raw.cost {
            None => CostModel::default(),
            Some(t) => CostModel::from_toml(
                &toml::to_string(t).unwrap_or_default(),
                &format!("{shown} [cost]"),
            )
            .map_err(|e| invalid("cost", e.to_string()))?,
        };
        crate::plot::check_kinds(&raw.plots).map_err(|e| invalid("plots", e.to_string()))?;
        // The fingerprint covers what the cells' results depend on outside hotsim: the
        // spec, each workload file, its program's source and its arrival processes
        // (recorded times included). A workload that does not load fails in its cells.
        let mut bytes = text.as_bytes().to_vec();
        for w in &workloads_list(&raw.workload, dir) {
            bytes.extend(std::fs::read(w).unwrap_or_default());
            if let Ok(loaded) = Workload::load(w) {
                match &loaded.program {
                    Program::File(p) => bytes.extend(std::fs::read(p).unwrap_or_default()),
                    Program::Generated { source, .. } => bytes.extend(source.as_bytes()),
                }
                bytes.extend(format!("{:?}", loaded.sources).as_bytes());
            }
        }
        let fingerprint = super::fnv64(&bytes);
        Ok(Experiment {
            fingerprint,
            path: path.to_path_buf(),
            name: raw.name,
            duration: dur("duration", &raw.duration)?,
            warmup: dur("warmup", &raw.warmup)?,
            max_memory: raw
                .max_memory
                .as_deref()
                .map(|t| hotsim_workloads::parse_bytes(t).map_err(|e| invalid("max_memory", e)))
                .transpose()?,
            seeds,
            workloads,
            policies,
            cost,
            plots: raw.plots,
            scaled: raw.scaled,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Result<Experiment, ExperimentError> {
        Experiment::parse(t, Path::new("e/x.toml"))
    }

    const OK: &str = r#"
name = "demo"
seeds = 3
[[workload]]
name = "w"
file = "w.toml"
[[policy]]
name = "cumulative"
[[policy]]
name = "windowed"
window = ["100ms", "1s", "10s"]
mode = ["lazy", "eager"]
[[policy]]
name = "decay"
half_life = { log_range = ["1s", "1h"], steps = 7 }
"#;

    #[test]
    fn grids_expand_to_cartesian_products() {
        let e = parse(OK).unwrap();
        assert_eq!(e.seeds, vec![1, 2, 3]);
        assert_eq!(e.policies[0].points, vec![Vec::<(String, String)>::new()]);
        assert_eq!(e.policies[1].points.len(), 6);
        let hl: Vec<&str> = e.policies[2]
            .points
            .iter()
            .map(|p| p[0].1.as_str())
            .collect();
        assert_eq!(hl.first(), Some(&"1s"));
        assert_eq!(hl.last(), Some(&"3600s"));
        assert_eq!(hl.len(), 7);
    }

    #[test]
    fn bad_specs_are_clear_errors() {
        let e = parse(&OK.replace("\"cumulative\"", "\"cumulativ\""))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("e/x.toml: policy: unknown policy 'cumulativ'"),
            "{e}"
        );
        let e = parse(&OK.replace("mode = [\"lazy\", \"eager\"]", "mode = []"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("the grid is empty"), "{e}");
        let e = parse(&OK.replace("window = ", "windw = "))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown parameter 'windw'"), "{e}");
        let e = parse(&OK.replace("\"100ms\"", "\"100\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("no unit"), "{e}");
        let e = parse(&format!("plots = [\"pie\"]\n{OK}"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown plot 'pie'"), "{e}");
    }
}
