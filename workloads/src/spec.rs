//! Program workloads: a Lua program plus the event sources and timers that drive it,
//! declared in TOML (format in docs/workloads.md).
//!
//! ```toml
//! program = "programs/packet_pipeline.lua"   # relative to this file
//! duration = "10s"
//!
//! [[source]]
//! name = "rx"
//! process = "poisson"    # poisson | periodic | onoff | recorded
//! rate = 1e6             # items per second
//! ring = 1024            # ring capacity: an arrival that finds it full is dropped
//! batch = 128            # items taken per breath
//! handler = "rx"         # Lua global called as handler(n) with the batch size
//! payload = "count"      # or "table": handler(items), the items' arrival times
//!
//! [[source.rare]]        # a rare kind of item with its own Poisson stream: the
//! name = "icmp_error"    # handler's second argument maps positions in the batch to
//! rate = 0.05            # kinds (1 = the first [[source.rare]]), nil when none
//!
//! [[timer]]
//! name = "housekeeping"
//! period = "1s"
//! handler = "housekeeping"
//! ```

use crate::arrival::Process;
use hotsim_policies::{VTime, parse_duration};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Why a workload file cannot be used. Every variant names the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SpecError {
    /// The file (or a file it names) cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Malformed TOML or an unknown key; the message has line and column.
    #[error("{path}: {message}")]
    Toml {
        /// The file.
        path: String,
        /// The parser's message.
        message: String,
    },
    /// A value that parses but makes no sense.
    #[error("{path}: {what}: {reason}")]
    Invalid {
        /// The file.
        path: String,
        /// Where in the file (e.g. `source 'rx': rate`).
        what: String,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkload {
    program: Option<String>,
    recorded: Option<String>,
    duration: Option<String>,
    warmup: Option<String>,
    max_memory: Option<String>,
    #[serde(default)]
    source: Vec<RawSource>,
    #[serde(default)]
    timer: Vec<RawTimer>,
    #[serde(default)]
    site: Vec<crate::branch::RawSite>,
    engine: Option<RawEngine>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEngine {
    idle: Option<String>,
    maxsleep: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: String,
    process: String,
    rate: Option<f64>,
    period: Option<String>,
    jitter: Option<String>,
    on_mean: Option<String>,
    off_mean: Option<String>,
    file: Option<String>,
    ring: i64,
    batch: i64,
    handler: String,
    payload: Option<String>,
    #[serde(default)]
    rare: Vec<RawRare>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRare {
    name: String,
    rate: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimer {
    name: String,
    period: String,
    phase: Option<String>,
    handler: String,
}

/// An event source: arrivals into a ring drained by a Lua handler.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// Name in reports.
    pub name: String,
    /// When items arrive.
    pub process: Process,
    /// Ring capacity (items).
    pub ring: usize,
    /// Most items handed to the handler per breath.
    pub batch: usize,
    /// Lua global function called as `handler(n)` or `handler(items)`.
    pub handler: String,
    /// What the handler is given.
    pub payload: Payload,
    /// Rare kinds of item mixed into the stream (ICMP errors, fragments...), each
    /// arriving as its own Poisson process; kind `i + 1` is `rare[i]`.
    pub rare: Vec<Rare>,
}

/// A rare kind of item: its arrivals come from their own Poisson stream, independent of
/// the common one, and the handler is told which items are of this kind.
#[derive(Clone, Debug, PartialEq)]
pub struct Rare {
    /// Name in reports.
    pub name: String,
    /// Items per second.
    pub rate: f64,
}

/// What a source's handler receives each breath.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payload {
    /// The number of items taken: `handler(n)`.
    Count,
    /// A table of the items' arrival times in ns, oldest first: `handler(items)`.
    Table,
}

/// A periodic Lua callback.
#[derive(Clone, Debug, PartialEq)]
pub struct Timer {
    /// Name in reports.
    pub name: String,
    /// Time between firings.
    pub period: VTime,
    /// Time of the first firing.
    pub phase: VTime,
    /// Lua global function called as `handler()`.
    pub handler: String,
}

/// Where a workload's Lua program comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Program {
    /// A file (resolved against the workload file's folder).
    File(PathBuf),
    /// Generated from a branch-frequency workload's sites.
    Generated {
        /// The chunk name used in messages.
        name: String,
        /// The Lua source.
        source: String,
    },
}

impl Program {
    /// The chunk name: the file's path, or the generated program's name.
    pub fn chunk_name(&self) -> String {
        match self {
            Program::File(p) => p.display().to_string(),
            Program::Generated { name, .. } => name.clone(),
        }
    }
}

/// A checked program workload.
#[derive(Clone, Debug, PartialEq)]
pub struct Workload {
    /// The workload file, as given.
    pub path: PathBuf,
    /// The Lua program.
    pub program: Program,
    /// Default run length.
    pub duration: VTime,
    /// Compiles after this time count as late.
    pub warmup: VTime,
    /// Event sources, in file order.
    pub sources: Vec<Source>,
    /// Timers, in file order.
    pub timers: Vec<Timer>,
    /// What the core does when a breath finds no work.
    pub idle: Idle,
    /// The program's heap budget in bytes (`max_memory`; unset: the VM's default).
    pub max_memory: Option<u64>,
}

/// What the engine does when a breath finds no work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idle {
    /// Wake exactly at the next event (an ideal, interrupt-driven core).
    Exact,
    /// Snabb's pacing: sleep, doubling the sleep from 1 us up to `maxsleep` while
    /// breaths find nothing, halving it when they find work.
    Snabb {
        /// Longest sleep (Snabb's `maxsleep`, 100 us).
        maxsleep: VTime,
    },
}

impl Workload {
    /// Read and check a workload file.
    pub fn load(path: &Path) -> Result<Workload, SpecError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| SpecError::Io {
            path: shown.clone(),
            source,
        })?;
        Workload::parse(&text, path)
    }

    /// Check workload TOML `text` read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Workload, SpecError> {
        let shown = path.display().to_string();
        let raw: RawWorkload = toml::from_str(text).map_err(|e| SpecError::Toml {
            path: shown.clone(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let c = Check {
            shown: &shown,
            dir: path.parent().unwrap_or(Path::new(".")),
        };
        let duration = c.dur("duration", &raw.duration, VTime::from_secs(10))?;
        let warmup = c.dur("warmup", &raw.warmup, VTime::from_secs(1))?;
        let max_memory = match &raw.max_memory {
            None => None,
            Some(t) => Some(crate::parse_bytes(t).map_err(|e| c.invalid("max_memory", e))?),
        };
        let mut sources = raw
            .source
            .iter()
            .map(|s| c.source(s))
            .collect::<Result<Vec<_>, _>>()?;
        let timers = raw
            .timer
            .iter()
            .map(|t| c.timer(t))
            .collect::<Result<Vec<_>, _>>()?;
        let program = c.program(&raw, &mut sources)?;
        if sources.is_empty() && timers.is_empty() {
            return Err(c.invalid(
                "source/timer",
                "a workload needs at least one source or timer".into(),
            ));
        }
        Ok(Workload {
            idle: c.idle(raw.engine.as_ref())?,
            path: path.to_path_buf(),
            program,
            duration,
            warmup,
            sources,
            timers,
            max_memory,
        })
    }
}

/// Checks the parts of one workload file, naming the file in every error.
struct Check<'a> {
    /// The workload file as shown in messages.
    shown: &'a str,
    /// Its folder, against which the files it names are found.
    dir: &'a Path,
}

impl Check<'_> {
    fn invalid(&self, what: impl Into<String>, reason: String) -> SpecError {
        SpecError::Invalid {
            path: self.shown.to_string(),
            what: what.into(),
            reason,
        }
    }

    /// The duration `text` of key `what`, or `default` when absent.
    fn dur(&self, what: &str, text: &Option<String>, default: VTime) -> Result<VTime, SpecError> {
        match text {
            None => Ok(default),
            Some(t) => parse_duration(t).map_err(|e| self.invalid(what, e.to_string())),
        }
    }

    /// One `[[source]]` table.
    fn source(&self, s: &RawSource) -> Result<Source, SpecError> {
        let at = |key: &str| format!("source '{}': {key}", s.name);
        let process = self.process(s)?;
        if s.ring < 1 {
            return Err(self.invalid(
                at("ring"),
                format!("capacity must be at least 1, not {}", s.ring),
            ));
        }
        if s.batch < 1 {
            return Err(self.invalid(at("batch"), format!("must be at least 1, not {}", s.batch)));
        }
        let payload = match s.payload.as_deref() {
            None | Some("count") => Payload::Count,
            Some("table") => Payload::Table,
            Some(other) => {
                return Err(self.invalid(
                    at("payload"),
                    format!("'{other}' is not one of count, table"),
                ));
            }
        };
        let mut rare = Vec::new();
        for r in &s.rare {
            if !(r.rate.is_finite() && r.rate > 0.0) {
                return Err(self.invalid(
                    at(&format!("rare '{}': rate", r.name)),
                    format!("{} is not a positive number of items per second", r.rate),
                ));
            }
            rare.push(Rare {
                name: r.name.clone(),
                rate: r.rate,
            });
        }
        if rare.len() > 255 {
            return Err(self.invalid(at("rare"), "at most 255 rare kinds".into()));
        }
        Ok(Source {
            name: s.name.clone(),
            process,
            ring: s.ring as usize,
            batch: s.batch as usize,
            handler: s.handler.clone(),
            payload,
            rare,
        })
    }

    /// A source's arrival process and the keys it requires.
    fn process(&self, s: &RawSource) -> Result<Process, SpecError> {
        let at = |key: &str| format!("source '{}': {key}", s.name);
        let required = || format!("required by process '{}'", s.process);
        let rate = || match s.rate {
            Some(r) if r.is_finite() && r > 0.0 => Ok(r),
            Some(r) => Err(self.invalid(
                at("rate"),
                format!("{r} is not a positive number of items per second"),
            )),
            None => Err(self.invalid(at("rate"), required())),
        };
        let need = |key: &str, v: &Option<String>| match v {
            Some(t) => parse_duration(t).map_err(|e| self.invalid(at(key), e.to_string())),
            None => Err(self.invalid(at(key), required())),
        };
        let positive = |key: &str, t: VTime| {
            if t == VTime::ZERO {
                Err(self.invalid(at(key), "must be longer than zero".into()))
            } else {
                Ok(t)
            }
        };
        Ok(match s.process.as_str() {
            "poisson" => Process::Poisson { rate: rate()? },
            "periodic" => Process::Periodic {
                period: positive("period", need("period", &s.period)?)?,
                jitter: self.dur(&at("jitter"), &s.jitter, VTime::ZERO)?,
            },
            "onoff" => Process::OnOff {
                rate: rate()?,
                on_mean: positive("on_mean", need("on_mean", &s.on_mean)?)?,
                off_mean: positive("off_mean", need("off_mean", &s.off_mean)?)?,
            },
            "recorded" => {
                let Some(file) = &s.file else {
                    return Err(self.invalid(at("file"), required()));
                };
                // The arrival file's own errors name it; this names the workload too.
                let times = read_timestamps(&self.dir.join(file))
                    .map_err(|e| self.invalid(at("file"), e.to_string()))?;
                Process::Recorded { times }
            }
            other => {
                return Err(self.invalid(
                    at("process"),
                    format!(
                        "unknown process '{other}' (known: poisson, periodic, onoff, recorded)"
                    ),
                ));
            }
        })
    }

    /// One `[[timer]]` table.
    fn timer(&self, t: &RawTimer) -> Result<Timer, SpecError> {
        let at = |key: &str| format!("timer '{}': {key}", t.name);
        let period =
            parse_duration(&t.period).map_err(|e| self.invalid(at("period"), e.to_string()))?;
        if period == VTime::ZERO {
            return Err(self.invalid(at("period"), "must be longer than zero".into()));
        }
        Ok(Timer {
            name: t.name.clone(),
            period,
            phase: self.dur(&at("phase"), &t.phase, period)?,
            handler: t.handler.clone(),
        })
    }

    /// The program: a Lua file, or one generated from `[[site]]` tables or a recording
    /// (whose sources join `sources`).
    fn program(&self, raw: &RawWorkload, sources: &mut Vec<Source>) -> Result<Program, SpecError> {
        let given = [
            raw.program.is_some(),
            !raw.site.is_empty(),
            raw.recorded.is_some(),
        ];
        if given.iter().filter(|g| **g).count() != 1 {
            return Err(self.invalid(
                "program",
                "give exactly one of: program, [[site]] tables, recorded".into(),
            ));
        }
        if let Some(p) = &raw.program {
            return Ok(Program::File(self.dir.join(p)));
        }
        let sites = match &raw.recorded {
            Some(file) => {
                let rec = crate::recorded::Recording::read(&self.dir.join(file))
                    .map_err(|e| self.invalid("recorded", e.to_string()))?;
                crate::branch::from_recording(&rec)
            }
            None => crate::branch::expand(&raw.site)
                .map_err(|(what, reason)| self.invalid(what, reason))?,
        };
        sources.extend(crate::branch::sources(&sites));
        Ok(Program::Generated {
            name: format!("{}:generated", self.shown),
            source: crate::branch::program(&sites, self.shown),
        })
    }

    /// The `[engine]` table: how the engine idles.
    fn idle(&self, engine: Option<&RawEngine>) -> Result<Idle, SpecError> {
        let Some(e) = engine else {
            return Ok(Idle::Exact);
        };
        match e.idle.as_deref().unwrap_or("exact") {
            "exact" => Ok(Idle::Exact),
            "snabb" => {
                let maxsleep = self.dur("engine: maxsleep", &e.maxsleep, VTime::from_us(100))?;
                if maxsleep < VTime::from_us(1) {
                    return Err(self.invalid("engine: maxsleep", "must be at least 1us".into()));
                }
                Ok(Idle::Snabb { maxsleep })
            }
            other => Err(self.invalid(
                "engine: idle",
                format!("'{other}' is not one of exact, snabb"),
            )),
        }
    }
}

/// A recorded arrival file: one timestamp (integer ns) per line, non-decreasing; blank
/// lines and `#` comments are skipped.
pub fn read_timestamps(path: &Path) -> Result<Vec<VTime>, SpecError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| SpecError::Io {
        path: shown.clone(),
        source,
    })?;
    let mut times = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let t: u64 = line.parse().map_err(|_| SpecError::Invalid {
            path: shown.clone(),
            what: format!("line {}", i + 1),
            reason: format!("'{line}' is not a timestamp in integer ns"),
        })?;
        if times.last().is_some_and(|&p: &VTime| p.as_ns() > t) {
            return Err(SpecError::Invalid {
                path: shown.clone(),
                what: format!("line {}", i + 1),
                reason: "timestamps must not decrease".into(),
            });
        }
        times.push(VTime(t));
    }
    Ok(times)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Workload, SpecError> {
        Workload::parse(text, Path::new("w/test.toml"))
    }

    const OK: &str = r#"
program = "p.lua"
duration = "2s"
[[source]]
name = "rx"
process = "poisson"
rate = 1e6
ring = 1024
batch = 128
handler = "rx"
[[timer]]
name = "hk"
period = "1s"
handler = "hk"
"#;

    #[test]
    fn a_missing_arrival_file_is_named_with_its_workload() {
        let text = OK.replace(
            "process = \"poisson\"\nrate = 1e6",
            "process = \"recorded\"\nfile = \"gone.txt\"",
        );
        let e = parse(&text).unwrap_err().to_string();
        assert!(
            e.starts_with("w/test.toml: source 'rx': file: ") && e.contains("gone.txt"),
            "{e}"
        );
    }

    #[test]
    fn a_good_file_parses_with_defaults() {
        let w = parse(OK).unwrap();
        assert_eq!(w.program, Program::File(Path::new("w/p.lua").to_path_buf()));
        assert_eq!(w.duration, VTime::from_secs(2));
        assert_eq!(w.sources[0].process, Process::Poisson { rate: 1e6 });
        assert_eq!(w.timers[0].phase, VTime::from_secs(1));
    }

    #[test]
    fn rare_kinds_parse_in_order_and_bad_ones_are_named() {
        let rare = "handler = \"rx\"\n[[source.rare]]\nname = \"icmp\"\nrate = 0.05\n\
                    [[source.rare]]\nname = \"frag\"\nrate = 2\n";
        let w = parse(&OK.replace("handler = \"rx\"\n", rare)).unwrap();
        let names: Vec<_> = w.sources[0].rare.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["icmp", "frag"]);
        assert_eq!(w.sources[0].rare[1].rate, 2.0);
        let e = parse(&OK.replace("handler = \"rx\"\n", &rare.replace("0.05", "-1")))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("w/test.toml: source 'rx': rare 'icmp': rate: -1 is not a positive"),
            "{e}"
        );
        let e = parse(&OK.replace("handler = \"rx\"\n", &rare.replace("rate = 2", "rat = 2")))
            .unwrap_err()
            .to_string();
        assert!(e.contains("rat") && e.contains("line"), "{e}");
    }

    #[test]
    fn errors_name_file_place_and_problem() {
        let e = parse(&OK.replace("rate = 1e6", "rate = -5"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("w/test.toml: source 'rx': rate:"), "{e}");
        let e = parse(&OK.replace("ring = 1024", "ring = 0"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("ring") && e.contains("at least 1"), "{e}");
        let e = parse(&OK.replace("batch = 128", "batch = 128\nbogus = 1"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("w/test.toml") && e.contains("bogus") && e.contains("line"),
            "{e}"
        );
        let e = parse(&OK.replace("\"poisson\"", "\"gaussian\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown process 'gaussian'"), "{e}");
        let e = parse(&OK.replace("period = \"1s\"", "period = \"1\""))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("timer 'hk': period") && e.contains("no unit"),
            "{e}"
        );
    }
}
