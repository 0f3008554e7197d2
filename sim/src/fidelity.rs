//! The fidelity corpus (`hotsim fidelity DIR`): every program of a folder run under the
//! embedded LuaJIT and under hotsim (hashed and exact counters), scored with
//! [`crate::luajit::agreement`], and written up as a report: per program and overall,
//! with each difference shown and its cause, from the folder's `causes.toml`.

use crate::luajit::{self, Agreement, JvEvent, Run, Score};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// Why the corpus could not be run or its report read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A file or folder cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// A program failed under one of the VMs.
    #[error("{path}: {message}")]
    Program {
        /// The program.
        path: String,
        /// What failed.
        message: String,
    },
    /// `causes.toml` or a summary is malformed.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong (with the line for TOML).
        message: String,
    },
}

/// One program's runs and scores.
#[derive(Clone, Debug, Serialize)]
pub struct ProgramResult {
    /// The file name.
    pub program: String,
    /// Trace events under LuaJIT.
    pub luajit: Run,
    /// Whether LuaJIT gave the same events in every one of its runs of the program (its
    /// hot counters share slots keyed by memory address, so some programs vary).
    pub luajit_stable: bool,
    /// Under hotsim with LuaJIT's 64 hashed counters.
    pub hashed: Run,
    /// Under hotsim with one exact counter per site.
    pub exact: Run,
    /// Agreement of the hashed run.
    pub hashed_score: Agreement,
    /// Agreement of the exact run.
    pub exact_score: Agreement,
}

impl ProgramResult {
    /// Whether the (hashed) run differs from LuaJIT in any scored way.
    pub fn differs(&self) -> bool {
        let a = &self.hashed_score;
        [&a.roots, &a.sides, &a.aborts]
            .iter()
            .any(|s| s.of_luajit < 1.0 || s.of_hotsim < 1.0)
            || !a.same_output
    }
}

/// Sums over the corpus: LuaJIT's events, how many hotsim matched in order (LCS), and
/// the fraction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Total {
    /// LuaJIT's events.
    pub luajit: usize,
    /// hotsim's events.
    pub hotsim: usize,
    /// Matched in order (the sum of the per-program longest common subsequences).
    pub matched: usize,
}

impl Total {
    fn add(&mut self, s: &Score) {
        self.luajit += s.luajit;
        self.hotsim += s.hotsim;
        self.matched += (s.of_luajit * s.luajit as f64).round() as usize;
    }

    /// Matched over LuaJIT's count (1 when LuaJIT had none).
    pub fn of_luajit(&self) -> f64 {
        if self.luajit == 0 {
            1.0
        } else {
            self.matched as f64 / self.luajit as f64
        }
    }
}

/// The corpus's overall agreement for one counter mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Overall {
    /// Root traces.
    pub roots: Total,
    /// Side traces.
    pub sides: Total,
    /// Aborts.
    pub aborts: Total,
    /// Programs with the same output.
    pub same_output: usize,
    /// Programs.
    pub programs: usize,
}

/// Every program of a corpus, run and scored.
#[derive(Clone, Debug, Serialize)]
pub struct Corpus {
    /// The results, by file name.
    pub programs: Vec<ProgramResult>,
}

impl Corpus {
    /// Run every `*.lua` file of `dir` (by name) under LuaJIT and hotsim.
    pub fn run(dir: &Path, progress: &dyn Fn(&str)) -> Result<Corpus, CorpusError> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(|source| io_error(dir, source))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "lua"))
            .collect();
        files.sort();
        let known_varying = read_varying(dir)?;
        let mut programs = Vec::new();
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            progress(&name);
            let fail = |message: String| CorpusError::Program {
                path: path.display().to_string(),
                message,
            };
            let luajit = luajit::run_luajit(&path, &[], &[]).map_err(|e| fail(e.to_string()))?;
            let mut luajit_stable = !known_varying.contains(&name);
            for _ in 1..LUAJIT_RUNS {
                let again = luajit::run_luajit(&path, &[], &[]).map_err(|e| fail(e.to_string()))?;
                luajit_stable &= again.events == luajit.events;
            }
            let hashed = luajit::run_hotsim(&path, &[], &[]).map_err(|e| fail(e.to_string()))?;
            let exact = luajit::run_hotsim(&path, &[], &[("counters".into(), "exact".into())])
                .map_err(|e| fail(e.to_string()))?;
            programs.push(ProgramResult {
                program: name,
                hashed_score: luajit::agreement(&luajit, &hashed),
                exact_score: luajit::agreement(&luajit, &exact),
                luajit,
                luajit_stable,
                hashed,
                exact,
            });
        }
        Ok(Corpus { programs })
    }

    /// The overall agreement, hashed or exact counters, over every program or only over
    /// those LuaJIT ran the same way every time (`stable_only`).
    pub fn overall_of(&self, exact: bool, stable_only: bool) -> Overall {
        let mut o = Overall::default();
        for p in self
            .programs
            .iter()
            .filter(|p| p.luajit_stable || !stable_only)
        {
            o.programs += 1;
            let a = if exact {
                &p.exact_score
            } else {
                &p.hashed_score
            };
            o.roots.add(&a.roots);
            o.sides.add(&a.sides);
            o.aborts.add(&a.aborts);
            o.same_output += usize::from(a.same_output);
        }
        o
    }

    /// The overall agreement over every program, hashed or exact counters.
    pub fn overall(&self, exact: bool) -> Overall {
        self.overall_of(exact, false)
    }

    /// One row per program: its scores under both counter modes.
    pub fn csv(&self) -> String {
        let mut s = String::from(
            "program,mode,roots_luajit,roots_hotsim,roots_of_luajit,roots_of_hotsim,\
             sides_luajit,sides_hotsim,sides_of_luajit,sides_of_hotsim,\
             aborts_luajit,aborts_hotsim,aborts_of_luajit,aborts_of_hotsim,same_output\n",
        );
        for p in &self.programs {
            for (mode, a) in [("hashed", &p.hashed_score), ("exact", &p.exact_score)] {
                let _ = write!(s, "{},{mode}", p.program);
                for sc in [&a.roots, &a.sides, &a.aborts] {
                    let _ = write!(
                        s,
                        ",{},{},{:.4},{:.4}",
                        sc.luajit, sc.hotsim, sc.of_luajit, sc.of_hotsim
                    );
                }
                let _ = writeln!(s, ",{}", a.same_output);
            }
        }
        s
    }

    /// The stated overall numbers, which the CI test holds the corpus to.
    pub fn summary_toml(&self) -> String {
        let (h, e) = (self.overall(false), self.overall(true));
        let st = self.overall_of(false, true);
        format!(
            "# Overall agreement of the fidelity corpus with LuaJIT (hotsim fidelity).\n\
             # The CI test fails if root- or side-trace agreement over the programs LuaJIT\n\
             # runs the same way every time drops below root_agreement_stable or\n\
             # side_agreement_stable.\n\
             programs = {}\n\
             stable_programs = {}\n\
             root_agreement_stable = {:.4}\n\
             side_agreement_stable = {:.4}\n\
             root_agreement = {:.4}\n\
             side_agreement = {:.4}\n\
             abort_agreement = {:.4}\n\
             same_output = {}\n\
             root_agreement_exact = {:.4}\n\
             side_agreement_exact = {:.4}\n",
            h.programs,
            st.programs,
            st.roots.of_luajit(),
            st.sides.of_luajit(),
            h.roots.of_luajit(),
            h.sides.of_luajit(),
            h.aborts.of_luajit(),
            h.same_output,
            e.roots.of_luajit(),
            e.sides.of_luajit(),
        )
    }

    /// The report: overall numbers, a table per program, and every difference with
    /// the trace events side by side and its cause from `causes`.
    pub fn markdown(&self, corpus: &str, causes: &BTreeMap<String, String>) -> String {
        let (h, e) = (self.overall(false), self.overall(true));
        let st = self.overall_of(false, true);
        let pct = |t: &Total| {
            format!(
                "{:.1}% ({} of {})",
                100.0 * t.of_luajit(),
                t.matched,
                t.luajit
            )
        };
        let mut s = format!(
            "# Fidelity: hotsim against LuaJIT\n\n\
             `hotsim fidelity {corpus}` ran {} programs under the embedded LuaJIT (mlua's \
             vendored 2.1) and under hotsim with `cumulative` and LuaJIT's default \
             parameters. A score is the longest common subsequence of the two event \
             lists over LuaJIT's count: root traces keyed by start and kind, side traces \
             by parent's start and own start, aborts by start and reason class.\n\n\
             | | hashed counters (LuaJIT's 64 slots) | exact counters |\n|---|---|---|\n\
             | root traces | {} | {} |\n| side traces | {} | {} |\n| aborts | {} | {} |\n\
             | same output | {} of {} | {} of {} |\n\n\
             LuaJIT's hot counters share 64 slots keyed by bytecode address, so its own \
             events can change from run to run when two hot sites collide. Each program \
             ran {LUAJIT_RUNS} times under LuaJIT; over the {} programs whose events were \
             the same every time (and not listed in the corpus's varies.toml), hotsim \
             (hashed counters) matches {} of LuaJIT's root traces and {} of its side \
             traces. Those are the numbers the CI test guards.\n\n\
             ## Per program (hashed counters)\n\n\
             | program | roots (LuaJIT / hotsim / matched) | sides | aborts | output |\n|---|---|---|---|---|\n",
            self.programs.len(),
            pct(&h.roots),
            pct(&e.roots),
            pct(&h.sides),
            pct(&e.sides),
            pct(&h.aborts),
            pct(&e.aborts),
            h.same_output,
            h.programs,
            e.same_output,
            e.programs,
            st.programs,
            pct(&st.roots),
            pct(&st.sides),
        );
        let cell = |sc: &Score| {
            format!(
                "{} / {} / {}",
                sc.luajit,
                sc.hotsim,
                (sc.of_luajit * sc.luajit as f64).round()
            )
        };
        for p in &self.programs {
            let a = &p.hashed_score;
            let _ = writeln!(
                s,
                "| {}{} | {} | {} | {} | {} |",
                p.program,
                if p.luajit_stable {
                    ""
                } else {
                    " (varies under LuaJIT)"
                },
                cell(&a.roots),
                cell(&a.sides),
                cell(&a.aborts),
                if a.same_output { "same" } else { "differs" }
            );
        }
        s += "\n## Differences and their causes\n\n";
        let mut any = false;
        for p in self.programs.iter().filter(|p| p.differs()) {
            any = true;
            let _ = writeln!(s, "### {}\n", p.program);
            let cause = causes
                .get(&p.program)
                .map_or("Cause not analysed yet.", String::as_str);
            let _ = writeln!(s, "{cause}\n");
            s += "```text\n";
            s += &side_by_side(&p.luajit.events, &p.hashed.events);
            s += "```\n\n";
        }
        if !any {
            s += "None: every program agrees in every score.\n";
        }
        s
    }
}

/// Runs of each program under LuaJIT, to tell the programs whose events vary.
pub const LUAJIT_RUNS: usize = 3;

/// Two `-jv` logs in columns, `|` marking lines that differ.
fn side_by_side(lj: &[JvEvent], hs: &[JvEvent]) -> String {
    let l: Vec<String> = lj.iter().map(JvEvent::jv).collect();
    let h: Vec<String> = hs.iter().map(JvEvent::jv).collect();
    let width = l.iter().map(String::len).max().unwrap_or(0).max(10);
    let mut s = format!("{:<width$}   hotsim\n", "LuaJIT");
    for i in 0..l.len().max(h.len()) {
        let a = l.get(i).map_or("", String::as_str);
        let b = h.get(i).map_or("", String::as_str);
        let mark = if a == b { ' ' } else { '|' };
        let _ = writeln!(s, "{a:<width$} {mark} {b}");
    }
    s
}

/// The causes of known differences: `causes.toml` in the corpus folder, a table of
/// program file name to explanation (none when the file is absent).
pub fn read_causes(dir: &Path) -> Result<BTreeMap<String, String>, CorpusError> {
    Ok(read_optional_toml(&dir.join("causes.toml"))?.unwrap_or_default())
}

/// Programs whose LuaJIT events are known to vary from run to run (`varies.toml` in the
/// corpus folder: `programs = [...]`), left out of the guarded agreement even when
/// three runs happen to agree.
pub fn read_varying(dir: &Path) -> Result<Vec<String>, CorpusError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Varies {
        programs: Vec<String>,
    }
    let v: Option<Varies> = read_optional_toml(&dir.join("varies.toml"))?;
    Ok(v.map(|v| v.programs).unwrap_or_default())
}

/// The agreement a report's `summary.toml` states over the programs LuaJIT runs the
/// same way every time.
#[derive(Clone, Copy, Debug, serde::Deserialize)]
pub struct Stated {
    /// Root traces.
    #[serde(rename = "root_agreement_stable")]
    pub roots: f64,
    /// Side traces.
    #[serde(rename = "side_agreement_stable")]
    pub sides: f64,
}

/// Read the [`Stated`] agreement from a report's `summary.toml`.
pub fn stated_agreement(path: &Path) -> Result<Stated, CorpusError> {
    let text = std::fs::read_to_string(path).map_err(|source| io_error(path, source))?;
    parse_toml(path, &text)
}

/// The TOML file `path` parsed, or `None` when there is no such file.
fn read_optional_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
) -> Result<Option<T>, CorpusError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_toml(path, &text).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(io_error(path, source)),
    }
}

fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, CorpusError> {
    toml::from_str(text).map_err(|e| CorpusError::Format {
        path: path.display().to_string(),
        message: e.to_string().trim_end().to_string(),
    })
}

fn io_error(path: &Path, source: std::io::Error) -> CorpusError {
    CorpusError::Io {
        path: path.display().to_string(),
        source,
    }
}
