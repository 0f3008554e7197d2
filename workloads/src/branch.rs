//! Branch-frequency workloads: sites with a code shape and an activity over time, turned
//! into a generated Lua program plus a schedule that the real VM runs.
//!
//! ```toml
//! duration = "60s"
//! [[site]]
//! name = "hot_loop"
//! shape = "loop"          # loop (n iterations) | function (n bytecodes) | branch
//! size = 100
//! activity = "constant"   # constant | periodic | bursty | phase | rare | zipf
//! rate = 1000             # hits per second
//! ```
//!
//! Each site becomes a global Lua function `site_K` of its shape, and a source whose
//! arrivals are the site's hits (batch 1, so a hit is exactly one call). The generated
//! program has no hot points but the sites': loops live in vararg functions, whose entry
//! never ticks. Format: docs/workloads.md.

use crate::arrival::Process;
use crate::spec::{Payload, Source};
use hotsim_policies::{VTime, parse_duration};
use serde::Deserialize;
use std::fmt::Write as _;

/// One `[[site]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSite {
    name: String,
    shape: String,
    size: Option<i64>,
    probability: Option<f64>,
    activity: String,
    rate: Option<f64>,
    period: Option<String>,
    on_mean: Option<String>,
    off_mean: Option<String>,
    rates: Option<Vec<f64>>,
    switch_at: Option<Vec<String>>,
    count: Option<i64>,
    zipf_s: Option<f64>,
}

/// The code shape of a site.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    /// A numeric for loop of `n` iterations (a FORL hot point).
    Loop(u32),
    /// A fixed-argument function whose body is `n` bytecodes (a FUNCF hot point).
    Function(u32),
    /// A loop of `n` iterations with a branch taken with probability `p`.
    Branch(u32, f64),
}

/// A generated site: its name, shape and activity.
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    /// Name in reports (`name` or `name#k` for the k-th of a Zipf group).
    pub name: String,
    /// Code shape.
    pub shape: Shape,
    /// Hits over time.
    pub process: Process,
}

/// Expand the `[[site]]` tables into sites; errors are `(what, reason)`.
pub(crate) fn expand(raw: &[RawSite]) -> Result<Vec<Site>, (String, String)> {
    let mut sites = Vec::new();
    for r in raw {
        let at = |key: &str| format!("site '{}': {key}", r.name);
        let size = |default: i64| -> Result<u32, (String, String)> {
            match r.size.unwrap_or(default) {
                n @ 1..=1_000_000 => Ok(n as u32),
                n => Err((at("size"), format!("{n} is not in 1..1000000"))),
            }
        };
        let shape = match r.shape.as_str() {
            "loop" => Shape::Loop(size(100)?),
            "function" => Shape::Function(size(20)?.max(3)),
            "branch" => {
                let p = r
                    .probability
                    .ok_or_else(|| (at("probability"), "required by shape 'branch'".to_string()))?;
                if !(0.0..=1.0).contains(&p) {
                    return Err((at("probability"), format!("{p} is not in 0..1")));
                }
                Shape::Branch(size(100)?, p)
            }
            other => {
                return Err((
                    at("shape"),
                    format!("unknown shape '{other}' (known: loop, function, branch)"),
                ));
            }
        };
        let rate = || -> Result<f64, (String, String)> {
            match r.rate {
                Some(x) if x.is_finite() && x > 0.0 => Ok(x),
                Some(x) => Err((
                    at("rate"),
                    format!("{x} is not a positive number of hits per second"),
                )),
                None => Err((at("rate"), format!("required by activity '{}'", r.activity))),
            }
        };
        let dur = |key: &str, v: &Option<String>| -> Result<VTime, (String, String)> {
            let t = v
                .as_ref()
                .ok_or_else(|| (at(key), format!("required by activity '{}'", r.activity)))?;
            let d = parse_duration(t).map_err(|e| (at(key), e.to_string()))?;
            if d == VTime::ZERO {
                return Err((at(key), "must be longer than zero".into()));
            }
            Ok(d)
        };
        let one = |process| Site {
            name: r.name.clone(),
            shape,
            process,
        };
        match r.activity.as_str() {
            "constant" => sites.push(one(Process::Poisson { rate: rate()? })),
            "periodic" | "rare" => sites.push(one(Process::Periodic {
                period: dur("period", &r.period)?,
                jitter: VTime::ZERO,
            })),
            "bursty" => sites.push(one(Process::OnOff {
                rate: rate()?,
                on_mean: dur("on_mean", &r.on_mean)?,
                off_mean: dur("off_mean", &r.off_mean)?,
            })),
            "phase" => {
                let rates = r
                    .rates
                    .as_ref()
                    .ok_or_else(|| (at("rates"), "required by activity 'phase'".to_string()))?;
                let switch = r.switch_at.as_deref().unwrap_or(&[]);
                if rates.len() != switch.len() + 1 {
                    return Err((
                        at("switch_at"),
                        format!(
                            "{} rates need {} switch times",
                            rates.len(),
                            rates.len().saturating_sub(1)
                        ),
                    ));
                }
                let mut phases = vec![(VTime::ZERO, 0.0)];
                for (i, &x) in rates.iter().enumerate() {
                    if !(x.is_finite() && x >= 0.0) {
                        return Err((at("rates"), format!("{x} is not a rate")));
                    }
                    let start = if i == 0 {
                        VTime::ZERO
                    } else {
                        parse_duration(&switch[i - 1])
                            .map_err(|e| (at("switch_at"), e.to_string()))?
                    };
                    if i > 0 && start <= phases[i - 1].0 {
                        return Err((at("switch_at"), "switch times must increase".into()));
                    }
                    if i == 0 {
                        phases[0] = (start, x);
                    } else {
                        phases.push((start, x));
                    }
                }
                sites.push(one(Process::Phased { phases }));
            }
            "zipf" => {
                let count = match r.count {
                    Some(n @ 1..=100_000) => n as usize,
                    Some(n) => return Err((at("count"), format!("{n} is not in 1..100000"))),
                    None => return Err((at("count"), "required by activity 'zipf'".into())),
                };
                let s = r.zipf_s.unwrap_or(1.0);
                if !(s.is_finite() && s >= 0.0) {
                    return Err((at("zipf_s"), format!("{s} is not an exponent >= 0")));
                }
                let total = rate()?;
                let h: f64 = (1..=count).map(|k| (k as f64).powf(-s)).sum();
                for k in 1..=count {
                    let rate = total * (k as f64).powf(-s) / h;
                    sites.push(Site {
                        name: format!("{}#{k}", r.name),
                        shape,
                        process: Process::Poisson { rate },
                    });
                }
            }
            other => {
                return Err((
                    at("activity"),
                    format!(
                        "unknown activity '{other}' (known: constant, periodic, bursty, phase, rare, zipf)"
                    ),
                ));
            }
        }
    }
    Ok(sites)
}

/// Sites that replay a recording: each recorded hit becomes one hot-point tick of the
/// same kind (a one-iteration loop, or a call of a three-bytecode function), spread over
/// its bucket. Sites are named by their recorded id and location.
pub fn from_recording(rec: &crate::recorded::Recording) -> Vec<Site> {
    rec.sites
        .iter()
        .map(|(id, s)| Site {
            name: format!("{id}@{}", s.location),
            shape: if s.kind == "loop" {
                Shape::Loop(1)
            } else {
                Shape::Function(3)
            },
            process: Process::Buckets {
                bucket: rec.bucket,
                hits: s.hits.iter().map(|(b, n)| (*b, *n)).collect(),
            },
        })
        .collect()
}

/// The generated Lua program: one global function per site.
pub fn program(sites: &[Site], origin: &str) -> String {
    // Loop and branch sites are vararg functions (FUNCV never ticks), so their only hot
    // point is the loop; function sites are fixed-argument (FUNCF ticks). The branch's
    // generator is inlined, so the program has no hot points but the sites'.
    let mut s =
        format!("-- Generated by hotsim from {origin}: one function per site.\nlocal seed = 1\n");
    for (k, site) in sites.iter().enumerate() {
        let _ = writeln!(s, "\n-- {}", site.name);
        match site.shape {
            Shape::Loop(n) => {
                let _ = writeln!(
                    s,
                    "function site_{k}(...)\n  local s = 0\n  for i = 1, {n} do s = s + i end\n  return s\nend"
                );
            }
            Shape::Function(n) => {
                // FUNCF, the constant, n - 3 additions, the return: n bytecodes.
                let _ = writeln!(s, "function site_{k}()\n  local a = 0");
                for _ in 0..n - 3 {
                    s.push_str("  a = a + 1\n");
                }
                s.push_str("  return a\nend\n");
            }
            Shape::Branch(n, p) => {
                let threshold = (p * 2_147_483_647.0).round();
                let _ = writeln!(
                    s,
                    "function site_{k}(...)\n  local s = 0\n  for i = 1, {n} do\n    seed = seed * 16807 % 2147483647\n    if seed < {threshold} then s = s + 1 else s = s - 1 end\n  end\n  return s\nend"
                );
            }
        }
    }
    s
}

/// The sources that drive the sites: one per site, batch 1, a large ring.
pub fn sources(sites: &[Site]) -> Vec<Source> {
    sites
        .iter()
        .enumerate()
        .map(|(k, site)| Source {
            name: site.name.clone(),
            process: site.process.clone(),
            ring: 1 << 20,
            batch: 1,
            handler: format!("site_{k}"),
            payload: Payload::Count,
            rare: Vec::new(),
        })
        .collect()
}
