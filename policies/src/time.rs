//! Virtual time: integer nanoseconds, and the duration syntax used everywhere (`500ms`, `1s`).

use std::fmt;

/// A point in (or a span of) virtual time, in integer nanoseconds.
///
/// Nothing in a simulation reads the wall clock; every timestamp is a `VTime`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VTime(pub u64);

impl VTime {
    /// Time zero, the start of every run.
    pub const ZERO: VTime = VTime(0);
    /// The largest representable time, used as "never" / "infinite".
    pub const MAX: VTime = VTime(u64::MAX);

    /// `n` nanoseconds.
    pub const fn from_ns(n: u64) -> VTime {
        VTime(n)
    }
    /// `n` microseconds.
    pub const fn from_us(n: u64) -> VTime {
        VTime(n * 1_000)
    }
    /// `n` milliseconds.
    pub const fn from_ms(n: u64) -> VTime {
        VTime(n * 1_000_000)
    }
    /// `n` seconds.
    pub const fn from_secs(n: u64) -> VTime {
        VTime(n * 1_000_000_000)
    }
    /// The time in nanoseconds.
    pub const fn as_ns(self) -> u64 {
        self.0
    }
    /// The time in seconds, as a float (for display and rates).
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1e9
    }
    /// `self - earlier`, or zero if `earlier` is later.
    pub fn saturating_sub(self, earlier: VTime) -> VTime {
        VTime(self.0.saturating_sub(earlier.0))
    }
}

impl fmt::Display for VTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ns = self.0;
        if ns == u64::MAX {
            f.write_str("inf")
        } else if ns.is_multiple_of(1_000_000_000) {
            write!(f, "{}s", ns / 1_000_000_000)
        } else if ns.is_multiple_of(1_000_000) {
            write!(f, "{}ms", ns / 1_000_000)
        } else if ns.is_multiple_of(1_000) {
            write!(f, "{}us", ns / 1_000)
        } else {
            write!(f, "{ns}ns")
        }
    }
}

/// Why a duration string did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// No number at the start, e.g. `ms`.
    #[error(
        "'{0}' is not a duration: expected a number followed by a unit (ns, us, ms, s, min, h), e.g. 500ms"
    )]
    NotANumber(String),
    /// A number without a unit, e.g. `500`.
    #[error("'{0}' has no unit: write e.g. 500ms, 1s, 30s, 5min, 1h")]
    MissingUnit(String),
    /// A unit we do not know, e.g. `5sec`.
    #[error("'{0}' has an unknown unit '{1}': use ns, us, ms, s, min or h")]
    UnknownUnit(String, String),
    /// Negative, NaN or too large to represent.
    #[error("'{0}' is out of range: durations are between 0 and about 584 years")]
    OutOfRange(String),
}

/// Parse a duration such as `500ms`, `1s`, `2.5s`, `5min`, `1h`, `100us`, `250ns`, or `inf`.
///
/// Fractions are allowed and rounded to the nearest nanosecond.
pub fn parse_duration(text: &str) -> Result<VTime, DurationError> {
    let s = text.trim();
    if s == "inf" || s == "infinite" || s == "never" {
        return Ok(VTime::MAX);
    }
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+' || c == 'e'))
        .unwrap_or(s.len());
    // Let an exponent like 1e3ms through, but not the 'e' of nothing.
    let (num, unit) = s.split_at(split);
    if num.is_empty() {
        return Err(DurationError::NotANumber(text.to_string()));
    }
    let value: f64 = num
        .parse()
        .map_err(|_| DurationError::NotANumber(text.to_string()))?;
    let unit = unit.trim();
    let scale = match unit {
        "" => return Err(DurationError::MissingUnit(text.to_string())),
        "ns" => 1.0,
        "us" | "µs" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        "min" | "m" => 60e9,
        "h" => 3600e9,
        other => {
            return Err(DurationError::UnknownUnit(
                text.to_string(),
                other.to_string(),
            ));
        }
    };
    let ns = value * scale;
    if !ns.is_finite() || ns < 0.0 || ns >= u64::MAX as f64 {
        return Err(DurationError::OutOfRange(text.to_string()));
    }
    Ok(VTime(ns.round() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(parse_duration("500ms"), Ok(VTime::from_ms(500)));
        assert_eq!(parse_duration("1s"), Ok(VTime::from_secs(1)));
        assert_eq!(parse_duration("2.5s"), Ok(VTime::from_ms(2500)));
        assert_eq!(parse_duration("5min"), Ok(VTime::from_secs(300)));
        assert_eq!(parse_duration("1h"), Ok(VTime::from_secs(3600)));
        assert_eq!(parse_duration("100us"), Ok(VTime::from_ns(100_000)));
        assert_eq!(parse_duration("7ns"), Ok(VTime::from_ns(7)));
        assert_eq!(parse_duration("inf"), Ok(VTime::MAX));
    }

    #[test]
    fn rejects_nonsense() {
        assert!(matches!(
            parse_duration("500"),
            Err(DurationError::MissingUnit(_))
        ));
        assert!(matches!(
            parse_duration("ms"),
            Err(DurationError::NotANumber(_))
        ));
        assert!(matches!(
            parse_duration("5sec"),
            Err(DurationError::UnknownUnit(..))
        ));
        assert!(matches!(
            parse_duration("-1s"),
            Err(DurationError::OutOfRange(_))
        ));
    }

    #[test]
    fn displays_compactly() {
        assert_eq!(VTime::from_ms(1500).to_string(), "1500ms");
        assert_eq!(VTime::from_secs(2).to_string(), "2s");
        assert_eq!(VTime::from_ns(12).to_string(), "12ns");
    }
}
