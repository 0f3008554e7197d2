//! The one registry of policies: name -> constructor, summary and parameter table.
//!
//! `hotsim params`, `hotsim list` and docs/policies.md are all printed from [`POLICIES`].

use crate::params::{ParamDef, render_table};
use crate::{
    HotnessPolicy, ParamError, Params, backoff, budget, cumulative, decay, eager, halving, never,
    pypy, sliding, windowed,
};

/// One registered policy.
#[derive(Clone, Copy)]
pub struct PolicyInfo {
    /// Name as used in CLI, TOML and CSV.
    pub name: &'static str,
    /// One line: origin and mechanism.
    pub summary: &'static str,
    /// Its parameters with defaults and origins.
    pub params: &'static [ParamDef],
    /// Build it from user parameters.
    pub build: fn(&Params) -> Result<Box<dyn HotnessPolicy>, ParamError>,
    /// The source of its module, whose `//!` header documents origin and mechanism.
    pub source: &'static str,
}

/// Every policy hotsim knows, in display order.
pub const POLICIES: &[PolicyInfo] = &[
    PolicyInfo {
        name: "cumulative",
        summary: "LuaJIT 2.1: hashed 16-bit down-counters that never forget",
        params: cumulative::PARAMS,
        build: |p| Ok(Box::new(crate::Cumulative::from_params(p)?)),
        source: include_str!("cumulative.rs"),
    },
    PolicyInfo {
        name: "windowed",
        summary: "RaptorJIT/Snabb: LuaJIT's counters reset when a hot event finds the window expired",
        params: windowed::PARAMS,
        build: |p| Ok(Box::new(crate::Windowed::from_params(p)?)),
        source: include_str!("windowed.rs"),
    },
    PolicyInfo {
        name: "decay",
        summary: "counters decay exponentially in continuous time (half-life)",
        params: decay::PARAMS,
        build: |p| Ok(Box::new(crate::Decay::from_params(p)?)),
        source: include_str!("decay.rs"),
    },
    PolicyInfo {
        name: "halving",
        summary: "HotSpot legacy: counters halved once per half-life, in slices",
        params: halving::PARAMS,
        build: |p| Ok(Box::new(crate::Halving::from_params(p)?)),
        source: include_str!("halving.rs"),
    },
    PolicyInfo {
        name: "pypy",
        summary: "RPython JitCounter: hashed float counters with multiplicative decay",
        params: pypy::PARAMS,
        build: |p| Ok(Box::new(crate::Pypy::from_params(p)?)),
        source: include_str!("pypy.rs"),
    },
    PolicyInfo {
        name: "sliding",
        summary: "exact rate: hot at hotloop*2 weight within a sliding window",
        params: sliding::PARAMS,
        build: |p| Ok(Box::new(crate::Sliding::from_params(p)?)),
        source: include_str!("sliding.rs"),
    },
    PolicyInfo {
        name: "backoff",
        summary: "CPython/JSC: a site's threshold doubles after each abort or flushed trace",
        params: backoff::PARAMS,
        build: |p| Ok(Box::new(crate::Backoff::from_params(p)?)),
        source: include_str!("backoff.rs"),
    },
    PolicyInfo {
        name: "budget",
        summary: "LuaJIT's counters with at most `budget` of compile time per period",
        params: budget::PARAMS,
        build: |p| Ok(Box::new(crate::Budget::from_params(p)?)),
        source: include_str!("budget.rs"),
    },
    PolicyInfo {
        name: "eager",
        summary: "every hot point is hot at once (threshold 1)",
        params: eager::PARAMS,
        build: |p| Ok(Box::new(crate::Eager::from_params(p)?)),
        source: include_str!("eager.rs"),
    },
    PolicyInfo {
        name: "never",
        summary: "interpreter only (luajit -joff): nothing is ever hot",
        params: never::PARAMS,
        build: |p| Ok(Box::new(crate::Never::from_params(p)?)),
        source: include_str!("never.rs"),
    },
];

/// The error for a policy name that is not registered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown policy '{name}' (known: {known})")]
pub struct UnknownPolicy {
    /// The name as given.
    pub name: String,
    /// Comma-separated registered names.
    pub known: String,
}

/// Why a policy could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BuildError {
    /// No such policy.
    #[error(transparent)]
    Unknown(#[from] UnknownPolicy),
    /// A parameter is wrong.
    #[error(transparent)]
    Param(#[from] ParamError),
}

/// Look a policy up by name.
pub fn find(name: &str) -> Result<&'static PolicyInfo, UnknownPolicy> {
    POLICIES
        .iter()
        .find(|p| p.name == name)
        .ok_or_else(|| UnknownPolicy {
            name: name.to_string(),
            known: POLICIES
                .iter()
                .map(|p| p.name)
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// Build the policy `name` with `params`.
pub fn build(name: &str, params: &Params) -> Result<Box<dyn HotnessPolicy>, BuildError> {
    Ok((find(name)?.build)(params)?)
}

/// Every policy and its parameters as text, for `hotsim params`.
pub fn render_all() -> String {
    let mut out = String::new();
    for p in POLICIES {
        render_table(
            &format!("policy {}: {}", p.name, p.summary),
            p.params,
            &mut out,
        );
        if p.params.is_empty() {
            out.push_str("  (no parameters)\n");
        }
        out.push('\n');
    }
    out
}

/// The `//!` header of a module's source, as Markdown.
fn module_doc(source: &str) -> String {
    source
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| {
            l.trim_start_matches("//!")
                .strip_prefix(' ')
                .unwrap_or(l.trim_start_matches("//!"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// docs/policies.md: every policy's documentation and parameter table, generated from
/// the registry (`hotsim params --markdown`). A test keeps the committed file in step.
pub fn render_markdown() -> String {
    let mut out = String::from(
        "# Policies\n\nGenerated by `hotsim params --markdown` from the policy registry \
         (`policies/src/registry.rs`) and each policy's module documentation; do not edit \
         by hand.\n\nParameters are given as `--param key=value` on the command line and \
         as the same keys in TOML. Durations take a unit (`500ms`, `1s`, `30s`, `5min`, \
         `1h`, `inf`).\n\nTrace exits (side traces) go through the same policy \
         (`HotnessPolicy::exit_tick`). Unless a policy says otherwise below, an exit asks for \
         a side trace when its 8-bit counter reaches the JIT's `hotexit` (10, LuaJIT's rule), \
         and the JIT compiles a stub instead once the count passes that plus `tryside`. \
         `windowed` applies its window to exits too; `budget` defers side traces over \
         budget; `pypy` uses its own `bridge_threshold`; `eager` asks at the first exit; \
         `never` has no traces.\n",
    );
    for p in POLICIES {
        out.push_str(&format!(
            "\n## `{}`\n\n{}\n\n",
            p.name,
            module_doc(p.source)
        ));
        if p.params.is_empty() {
            out.push_str("No parameters.\n");
            continue;
        }
        out.push_str("| parameter | default | values | meaning | origin of the default |\n");
        out.push_str("|---|---|---|---|---|\n");
        let cell = |s: &str| s.replace('|', "\\|");
        for d in p.params {
            out.push_str(&format!(
                "| `{}` | `{}` | {} | {} | {} |\n",
                d.name,
                d.default,
                cell(&d.kind.describe()),
                cell(d.help),
                cell(d.origin)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_policy_lists_known_ones() {
        let e = build("cumulativ", &Params::new())
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains("cumulativ") && e.contains("cumulative, windowed, decay"),
            "{e}"
        );
    }

    #[test]
    fn every_policy_builds_with_defaults_and_reports_its_name() {
        for p in POLICIES {
            let built = (p.build)(&Params::new()).unwrap();
            assert_eq!(built.name(), p.name);
        }
    }

    #[test]
    fn never_rejects_parameters() {
        let mut p = Params::new();
        p.set("hotloop", "5");
        assert!(build("never", &p).is_err());
    }
}
