//! The one registry of policies: name -> constructor, summary and parameter table.
//!
//! `hotsim params`, `hotsim list` and docs/policies.md are all printed from [`POLICIES`].

use crate::params::{ParamDef, render_table};
use crate::{HotnessPolicy, ParamError, Params, cumulative, never};

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
}

/// Every policy hotsim knows, in display order.
pub const POLICIES: &[PolicyInfo] = &[
    PolicyInfo {
        name: "cumulative",
        summary: "LuaJIT 2.1: hashed 16-bit down-counters that never forget",
        params: cumulative::PARAMS,
        build: |p| Ok(Box::new(crate::Cumulative::from_params(p)?)),
    },
    PolicyInfo {
        name: "never",
        summary: "interpreter only (luajit -joff): nothing is ever hot",
        params: never::PARAMS,
        build: |p| Ok(Box::new(crate::Never::from_params(p)?)),
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
            e.contains("cumulativ") && e.contains("cumulative, never"),
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
