//! Parameters: one table of definitions per owner (a policy, or the JIT), and the user's
//! `key=value` settings checked against it.
//!
//! The same strings are used on the command line (`--param hotloop=56`), in TOML tables and
//! in CSV columns, so a parameter has exactly one name everywhere.

use crate::{VTime, parse_duration};
use std::fmt::Write as _;

/// The type and valid range of a parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    /// An integer in `min..=max`.
    Int {
        /// Smallest valid value.
        min: i64,
        /// Largest valid value.
        max: i64,
    },
    /// A float in `min..=max`.
    Float {
        /// Smallest valid value.
        min: f64,
        /// Largest valid value.
        max: f64,
    },
    /// A duration with a unit (`500ms`, `1s`, `inf`).
    Duration,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
}

impl ParamKind {
    /// A short description of the valid values, for help text and errors.
    pub fn describe(&self) -> String {
        match self {
            ParamKind::Int { min, max } => format!("integer {min}..{max}"),
            ParamKind::Float { min, max } => format!("number {min}..{max}"),
            ParamKind::Duration => "duration (e.g. 500ms, 1s, inf)".to_string(),
            ParamKind::Choice(words) => words.join("|"),
        }
    }
}

/// The definition of one parameter: name, type, default and where the default comes from.
#[derive(Clone, Copy, Debug)]
pub struct ParamDef {
    /// The name used in CLI, TOML, CSV and docs (snake_case).
    pub name: &'static str,
    /// Type and range.
    pub kind: ParamKind,
    /// The default, written as a user would write it.
    pub default: &'static str,
    /// What the parameter does.
    pub help: &'static str,
    /// The real-world origin of the default (file, constant, paper).
    pub origin: &'static str,
}

/// A parameter setting that does not fit its definition.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ParamError {
    /// `key=value` syntax was not followed.
    #[error("'{0}' is not of the form key=value")]
    Syntax(String),
    /// The owner has no parameter of that name.
    #[error("{owner}: unknown parameter '{key}' (known: {known})")]
    Unknown {
        /// Policy or table name.
        owner: String,
        /// The key as given.
        key: String,
        /// Comma-separated known keys.
        known: String,
    },
    /// The value does not parse or is out of range.
    #[error("{owner}: parameter '{key}' = '{value}': {reason}")]
    BadValue {
        /// Policy or table name.
        owner: String,
        /// The key.
        key: String,
        /// The value as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// A user's parameter settings: ordered `key=value` pairs, later ones overriding earlier ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    entries: Vec<(String, String)>,
}

impl Params {
    /// No settings: every parameter takes its default.
    pub fn new() -> Params {
        Params::default()
    }

    /// Set `key` to `value` (as text, checked later against the owner's table).
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Params {
        let key = key.into();
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, value.into()));
        self
    }

    /// Parse and add one `key=value` string, as given to `--param`.
    pub fn push_kv(&mut self, kv: &str) -> Result<(), ParamError> {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| ParamError::Syntax(kv.to_string()))?;
        let (k, v) = (k.trim(), v.trim());
        if k.is_empty() || v.is_empty() {
            return Err(ParamError::Syntax(kv.to_string()));
        }
        self.set(k, v);
        Ok(())
    }

    /// The raw value of `key`, if set.
    pub fn raw(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// All settings in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Split off the settings whose keys `defs` defines; the rest stay in `self`.
    pub fn take_known(&mut self, defs: &[ParamDef]) -> Params {
        let (known, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.entries)
            .into_iter()
            .partition(|(k, _)| defs.iter().any(|d| d.name == k));
        self.entries = rest;
        Params { entries: known }
    }

    /// Check every setting against `defs` (owned by `owner`) and return the resolved values.
    pub fn resolve<'a>(
        &self,
        owner: &str,
        defs: &'a [ParamDef],
    ) -> Result<Resolved<'a>, ParamError> {
        for (k, v) in &self.entries {
            let def = defs.iter().find(|d| d.name == k).ok_or_else(|| {
                let known = defs.iter().map(|d| d.name).collect::<Vec<_>>();
                ParamError::Unknown {
                    owner: owner.to_string(),
                    key: k.clone(),
                    known: if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    },
                }
            })?;
            check(owner, def, v)?;
        }
        let values = defs
            .iter()
            .map(|d| {
                let text = self.raw(d.name).unwrap_or(d.default);
                check(owner, d, text).map(|v| (d.name, v))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Resolved { values })
    }
}

/// A checked parameter value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A duration.
    Duration(VTime),
    /// One of a set of words.
    Choice(&'static str),
}

fn check(owner: &str, def: &ParamDef, text: &str) -> Result<Value, ParamError> {
    let bad = |reason: String| ParamError::BadValue {
        owner: owner.to_string(),
        key: def.name.to_string(),
        value: text.to_string(),
        reason,
    };
    match def.kind {
        ParamKind::Int { min, max } => {
            let n: i64 = parse_int(text).ok_or_else(|| bad("not an integer".into()))?;
            if n < min || n > max {
                return Err(bad(format!("out of range {min}..{max}")));
            }
            Ok(Value::Int(n))
        }
        ParamKind::Float { min, max } => {
            let x: f64 = text.parse().map_err(|_| bad("not a number".to_string()))?;
            if !(min..=max).contains(&x) {
                return Err(bad(format!("out of range {min}..{max}")));
            }
            Ok(Value::Float(x))
        }
        ParamKind::Duration => parse_duration(text)
            .map(Value::Duration)
            .map_err(|e| bad(e.to_string())),
        ParamKind::Choice(words) => words
            .iter()
            .find(|w| **w == text)
            .map(|w| Value::Choice(w))
            .ok_or_else(|| bad(format!("expected one of {}", words.join(", ")))),
    }
}

/// Integers may be written with `_` separators or as `1e6`.
fn parse_int(text: &str) -> Option<i64> {
    let t = text.replace('_', "");
    if let Ok(n) = t.parse::<i64>() {
        return Some(n);
    }
    let x: f64 = t.parse().ok()?;
    (x.fract() == 0.0 && x.abs() < 9.0e18).then_some(x as i64)
}

/// Every parameter of one owner, checked, with defaults filled in.
#[derive(Clone, Debug)]
pub struct Resolved<'a> {
    values: Vec<(&'a str, Value)>,
}

impl Resolved<'_> {
    fn get(&self, name: &str) -> &Value {
        &self
            .values
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("parameter '{name}' is not in its table"))
            .1
    }
    /// An integer parameter. Panics if `name` is not an integer parameter of the table
    /// (a bug in the owner, not a user error).
    pub fn int(&self, name: &str) -> i64 {
        match self.get(name) {
            Value::Int(n) => *n,
            v => panic!("parameter '{name}' is {v:?}, not an integer"),
        }
    }
    /// A float parameter (integers are accepted).
    pub fn float(&self, name: &str) -> f64 {
        match self.get(name) {
            Value::Float(x) => *x,
            Value::Int(n) => *n as f64,
            v => panic!("parameter '{name}' is {v:?}, not a number"),
        }
    }
    /// A duration parameter.
    pub fn duration(&self, name: &str) -> VTime {
        match self.get(name) {
            Value::Duration(t) => *t,
            v => panic!("parameter '{name}' is {v:?}, not a duration"),
        }
    }
    /// A choice parameter.
    pub fn choice(&self, name: &str) -> &'static str {
        match self.get(name) {
            Value::Choice(w) => w,
            v => panic!("parameter '{name}' is {v:?}, not a choice"),
        }
    }
}

/// Render a parameter table as aligned text (for `hotsim params`).
pub fn render_table(title: &str, defs: &[ParamDef], out: &mut String) {
    let _ = writeln!(out, "{title}");
    for d in defs {
        let _ = writeln!(
            out,
            "  {:<12} {:<10} {}  [{}]\n  {:<12} {:<10} origin: {}",
            d.name,
            d.default,
            d.help,
            d.kind.describe(),
            "",
            "",
            d.origin
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFS: &[ParamDef] = &[
        ParamDef {
            name: "hotloop",
            kind: ParamKind::Int { min: 1, max: 32767 },
            default: "56",
            help: "",
            origin: "",
        },
        ParamDef {
            name: "window",
            kind: ParamKind::Duration,
            default: "1s",
            help: "",
            origin: "",
        },
    ];

    #[test]
    fn defaults_and_overrides() {
        let mut p = Params::new();
        p.push_kv("window=500ms").unwrap();
        let r = p.resolve("windowed", DEFS).unwrap();
        assert_eq!(r.int("hotloop"), 56);
        assert_eq!(r.duration("window"), VTime::from_ms(500));
    }

    #[test]
    fn errors_name_owner_and_key() {
        let mut p = Params::new();
        p.push_kv("hotlop=5").unwrap();
        let e = p.resolve("cumulative", DEFS).unwrap_err().to_string();
        assert!(
            e.contains("cumulative") && e.contains("hotlop") && e.contains("hotloop"),
            "{e}"
        );
        let mut p = Params::new();
        p.push_kv("hotloop=0").unwrap();
        let e = p.resolve("cumulative", DEFS).unwrap_err().to_string();
        assert!(e.contains("out of range"), "{e}");
        let mut p = Params::new();
        p.push_kv("window=5").unwrap();
        assert!(
            p.resolve("w", DEFS)
                .unwrap_err()
                .to_string()
                .contains("no unit")
        );
        assert!(Params::new().push_kv("novalue").is_err());
    }

    #[test]
    fn take_known_splits() {
        let mut p = Params::new();
        p.push_kv("hotloop=3").unwrap();
        p.push_kv("maxtrace=9").unwrap();
        let known = p.take_known(DEFS);
        assert_eq!(known.raw("hotloop"), Some("3"));
        assert_eq!(p.raw("maxtrace"), Some("9"));
        assert_eq!(p.raw("hotloop"), None);
    }
}
