//! `string.format` as LuaJIT 2.1 implements it.
//!
//! Conversions: `%d %i %u %c %x %X %o %e %E %f %F %g %G %a %A %q %s %p %%`
//! with flags `- + space # 0` (repeatable), a width and a precision of at
//! most two digits each. LuaJIT's own formatter differs from C's in ways
//! reproduced here:
//!
//! * Integer conversions truncate the double like x86-64 `cvttsd2si`:
//!   NaN and out-of-range values become `i64::MIN` (`%d`) or, for `%c`,
//!   `i32::MIN`; `%u %x %X %o` map values >= 2^63 through `n - 2^64`.
//! * Decimal rounding is half-away-from-zero on the exact value (`%.0f` of
//!   `2.5` is `3`); hex-float (`%a`) rounding also rounds ties up and a carry
//!   may produce a leading `2` (`%.0a` of `1.5` is `0x2p+0`).
//! * NaN never shows a `-` or `+`, only the space flag (`% f` gives ` nan`);
//!   infinities and NaN are never zero-padded.
//! * `%q` ignores width and precision and also quotes non-strings using their
//!   `tostring` text; `%p` ignores all flags.

use super::numconv::{fmt_e, fmt_f, fmt_g, fmt_number, str_to_number};
use std::fmt;

/// One argument of `string.format` (the format string itself is argument #1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FmtArg<'a> {
    /// A number.
    Num(f64),
    /// A string (coerced to a number by the numeric conversions if possible).
    Str(&'a [u8]),
    /// Any other value (nil, boolean, table, function, ...).
    Other {
        /// Lua type name used in error messages, e.g. `"nil"`, `"table"`.
        type_name: &'static str,
        /// Its `tostring()` text, used by `%s` and `%q`; `%p` prints the
        /// part after `": "` when it starts with `0x` (e.g. `table: 0x55..`),
        /// otherwise `NULL`.
        tostring: &'a [u8],
    },
}

/// Errors of `string.format`, worded as LuaJIT words them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// A conversion has no argument: `bad argument #N to 'format' (value expected)`.
    NoValue {
        /// 1-based Lua argument number (args\[0\] is #2).
        arg: usize,
    },
    /// A numeric conversion got a non-number:
    /// `bad argument #N to 'format' (number expected, got T)`.
    NumberExpected {
        /// 1-based Lua argument number (args\[0\] is #2).
        arg: usize,
        /// Lua type name of the offending value.
        got: &'static str,
    },
    /// A malformed specification: `invalid option '%...' to 'format'`, holding
    /// the specification text up to and including the offending byte.
    InvalidOption(Vec<u8>),
}

impl FormatError {
    /// The message as bytes (exact even if the option text is not UTF-8).
    pub fn message(&self) -> Vec<u8> {
        match self {
            Self::InvalidOption(spec) => {
                [&b"invalid option '"[..], spec, b"' to 'format'"].concat()
            }
            other => other.to_string().into_bytes(),
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoValue { arg } => write!(f, "bad argument #{arg} to 'format' (value expected)"),
            Self::NumberExpected { arg, got } => {
                write!(
                    f,
                    "bad argument #{arg} to 'format' (number expected, got {got})"
                )
            }
            Self::InvalidOption(spec) => {
                write!(
                    f,
                    "invalid option '{}' to 'format'",
                    String::from_utf8_lossy(spec)
                )
            }
        }
    }
}

impl std::error::Error for FormatError {}

/// A parsed conversion specification.
#[derive(Default)]
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
    width: usize,
    prec: Option<usize>,
    conv: u8,
}

const CONVERSIONS: &[u8] = b"diucxXoeEfFgGaAqsp";

/// Parses the specification starting at the `%` at `fmt[i]`; returns it and
/// the index after the conversion character.
fn parse_spec(fmt: &[u8], i: usize) -> Result<(Spec, usize), FormatError> {
    let mut sp = Spec::default();
    let mut j = i + 1;
    let bad = |j: usize| FormatError::InvalidOption(fmt[i..(j + 1).min(fmt.len())].to_vec());
    while let Some(&c) = fmt.get(j) {
        match c {
            b'-' => sp.minus = true,
            b'+' => sp.plus = true,
            b' ' => sp.space = true,
            b'#' => sp.alt = true,
            b'0' => sp.zero = true,
            _ => break,
        }
        j += 1;
    }
    let digits = |j: &mut usize| -> Result<usize, FormatError> {
        let mut v = 0;
        for n in 0.. {
            match fmt.get(*j) {
                Some(&c) if c.is_ascii_digit() => {
                    if n == 2 {
                        return Err(bad(*j));
                    }
                    v = v * 10 + usize::from(c - b'0');
                    *j += 1;
                }
                _ => break,
            }
        }
        Ok(v)
    };
    sp.width = digits(&mut j)?;
    if fmt.get(j) == Some(&b'.') {
        j += 1;
        sp.prec = Some(digits(&mut j)?);
    }
    match fmt.get(j) {
        Some(&c) if CONVERSIONS.contains(&c) => {
            sp.conv = c;
            Ok((sp, j + 1))
        }
        _ => Err(bad(j)),
    }
}

/// 2^63 as a double.
const TWO_63: f64 = (1u64 << 63) as f64;

/// Truncates like x86-64 `cvttsd2si` (64-bit): NaN/out of range -> `i64::MIN`.
fn to_i64(v: f64) -> i64 {
    if v.is_nan() || !(-TWO_63..TWO_63).contains(&v) {
        i64::MIN
    } else {
        v as i64
    }
}

/// LuaJIT's double -> uint64 conversion for `%u %x %X %o`.
fn to_u64(v: f64) -> u64 {
    if v >= TWO_63 {
        to_i64(v - 2.0 * TWO_63) as u64
    } else {
        to_i64(v) as u64
    }
}

/// Truncates like 32-bit `cvttsd2si`: NaN/out of range -> `i32::MIN`.
fn to_i32(v: f64) -> i32 {
    if v.is_nan() || !(-2_147_483_648.0..2_147_483_648.0).contains(&v) {
        i32::MIN
    } else {
        v as i32
    }
}

/// Appends `prefix` + `body` padded to the width; zeros go between prefix and
/// body when `zero_pad`.
fn emit(out: &mut Vec<u8>, sp: &Spec, prefix: &[u8], body: &[u8], zero_pad: bool) {
    let fill = sp.width.saturating_sub(prefix.len() + body.len());
    if sp.minus {
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        out.extend(std::iter::repeat_n(b' ', fill));
    } else if zero_pad {
        out.extend_from_slice(prefix);
        out.extend(std::iter::repeat_n(b'0', fill));
        out.extend_from_slice(body);
    } else {
        out.extend(std::iter::repeat_n(b' ', fill));
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
    }
}

/// Formats an integer magnitude with C's precision rules and emits it.
fn emit_int(out: &mut Vec<u8>, sp: &Spec, prefix: &[u8], digits: String, alt_octal: bool) {
    let mut body = match sp.prec {
        Some(0) if digits == "0" => Vec::new(),
        Some(p) if p > digits.len() => {
            let mut b = vec![b'0'; p - digits.len()];
            b.extend_from_slice(digits.as_bytes());
            b
        }
        _ => digits.into_bytes(),
    };
    if alt_octal && body.first() != Some(&b'0') {
        body.insert(0, b'0');
    }
    emit(out, sp, prefix, &body, sp.zero && sp.prec.is_none());
}

/// Appends the hexadecimal mantissa and exponent of finite `v >= 0` for `%a`
/// (without the `0x` prefix).
fn fmt_a(v: f64, sp: &Spec, upper: bool, out: &mut Vec<u8>) {
    const MASK: u64 = (1 << 52) - 1;
    let bits = v.to_bits();
    let exp_bits = (bits >> 52) as i64;
    let (mut lead, frac, exp) = if v == 0.0 {
        (0u64, 0u64, 0i64)
    } else if exp_bits == 0 {
        // Subnormals are printed normalized, e.g. 0x1p-1074.
        let shift = (bits & MASK).leading_zeros() - 11;
        (1, (bits << shift) & MASK, -1022 - i64::from(shift))
    } else {
        (1, bits & MASK, exp_bits - 1023)
    };
    let hex = |x: u64, n: usize| {
        let s = format!("{x:0n$x}");
        if upper { s.to_ascii_uppercase() } else { s }
    };
    let digits = match sp.prec {
        None => hex(frac, 13).trim_end_matches('0').to_string(),
        Some(p) if p >= 13 => hex(frac, 13) + &"0".repeat(p - 13),
        Some(p) => {
            let drop = 52 - 4 * p as u32;
            let mut q = frac >> drop;
            if frac & ((1u64 << drop) - 1) >= 1u64 << (drop - 1) {
                q += 1;
            }
            if q >> (4 * p) != 0 {
                lead += 1;
                q &= (1u64 << (4 * p)) - 1;
            }
            if p == 0 { String::new() } else { hex(q, p) }
        }
    };
    out.push(b'0' + lead as u8);
    if !digits.is_empty() || sp.alt {
        out.push(b'.');
    }
    out.extend_from_slice(digits.as_bytes());
    out.push(if upper { b'P' } else { b'p' });
    out.extend_from_slice(format!("{exp:+}").as_bytes());
}

/// Floating-point conversions `%e %E %f %F %g %G %a %A`.
fn emit_float(out: &mut Vec<u8>, sp: &Spec, v: f64) {
    let upper = sp.conv.is_ascii_uppercase();
    let mut prefix: Vec<u8> = if v.is_nan() {
        if sp.space { b" ".to_vec() } else { Vec::new() }
    } else if v.is_sign_negative() {
        b"-".to_vec()
    } else if sp.plus {
        b"+".to_vec()
    } else if sp.space {
        b" ".to_vec()
    } else {
        Vec::new()
    };
    let a = v.abs();
    let mut body = Vec::new();
    if !v.is_finite() {
        body.extend_from_slice(match (v.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        });
        return emit(out, sp, &prefix, &body, false);
    }
    let prec = sp.prec.unwrap_or(6);
    match sp.conv.to_ascii_lowercase() {
        b'e' => fmt_e(a, prec, sp.alt, upper, &mut body),
        b'f' => fmt_f(a, prec, sp.alt, &mut body),
        b'g' => fmt_g(a, prec, sp.alt, upper, &mut body),
        _ => {
            prefix.extend_from_slice(if upper { b"0X" } else { b"0x" });
            fmt_a(a, sp, upper, &mut body);
        }
    }
    emit(out, sp, &prefix, &body, sp.zero);
}

/// Appends `s` quoted the way LuaJIT's `%q` does.
fn quote(s: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for (k, &c) in s.iter().enumerate() {
        match c {
            b'"' | b'\\' | b'\n' => out.extend_from_slice(&[b'\\', c]),
            c if c < 0x20 || c == 0x7f => {
                let next_digit = s.get(k + 1).is_some_and(u8::is_ascii_digit);
                let esc = if next_digit {
                    format!("\\{c:03}")
                } else {
                    format!("\\{c}")
                };
                out.extend_from_slice(esc.as_bytes());
            }
            c => out.push(c),
        }
    }
    out.push(b'"');
}

/// The `%p` text for an argument; see [`FmtArg::Other`].
fn pointer_text(arg: &FmtArg) -> Vec<u8> {
    if let FmtArg::Other { tostring, .. } = arg
        && let Some(pos) = tostring.windows(2).rposition(|w| w == b": ")
        && tostring[pos + 2..].starts_with(b"0x")
    {
        return tostring[pos + 2..].to_vec();
    }
    b"NULL".to_vec()
}

/// Formats `fmt` with `args` like LuaJIT's `string.format(fmt, ...)`.
/// Extra arguments are ignored.
pub fn format(fmt: &[u8], args: &[FmtArg]) -> Result<Vec<u8>, FormatError> {
    let mut out = Vec::with_capacity(fmt.len() + 16);
    let (mut i, mut argi) = (0, 0);
    while i < fmt.len() {
        let Some(off) = fmt[i..].iter().position(|&c| c == b'%') else {
            out.extend_from_slice(&fmt[i..]);
            break;
        };
        out.extend_from_slice(&fmt[i..i + off]);
        i += off;
        if fmt.get(i + 1) == Some(&b'%') {
            out.push(b'%');
            i += 2;
            continue;
        }
        let (sp, next) = parse_spec(fmt, i)?;
        i = next;
        let argno = argi + 2;
        let arg = args.get(argi).ok_or(FormatError::NoValue { arg: argno })?;
        argi += 1;
        let num = || match *arg {
            FmtArg::Num(n) => Ok(n),
            FmtArg::Str(s) => str_to_number(s).ok_or(FormatError::NumberExpected {
                arg: argno,
                got: "string",
            }),
            FmtArg::Other { type_name, .. } => Err(FormatError::NumberExpected {
                arg: argno,
                got: type_name,
            }),
        };
        match sp.conv {
            b'd' | b'i' => {
                let n = to_i64(num()?);
                let prefix: &[u8] = if n < 0 {
                    b"-"
                } else if sp.plus {
                    b"+"
                } else if sp.space {
                    b" "
                } else {
                    b""
                };
                emit_int(&mut out, &sp, prefix, n.unsigned_abs().to_string(), false);
            }
            b'u' => emit_int(&mut out, &sp, b"", to_u64(num()?).to_string(), false),
            b'x' | b'X' => {
                let n = to_u64(num()?);
                let (digits, prefix): (String, &[u8]) = match (sp.conv == b'X', sp.alt && n != 0) {
                    (false, alt) => (format!("{n:x}"), if alt { b"0x" } else { b"" }),
                    (true, alt) => (format!("{n:X}"), if alt { b"0X" } else { b"" }),
                };
                emit_int(&mut out, &sp, prefix, digits, false);
            }
            b'o' => emit_int(&mut out, &sp, b"", format!("{:o}", to_u64(num()?)), sp.alt),
            b'c' => emit(&mut out, &sp, b"", &[to_i32(num()?) as u8], false),
            b's' => {
                let mut text = Vec::new();
                let bytes: &[u8] = match *arg {
                    FmtArg::Num(n) => {
                        fmt_number(n, &mut text);
                        &text
                    }
                    FmtArg::Str(s) => s,
                    FmtArg::Other { tostring, .. } => tostring,
                };
                let bytes = &bytes[..sp.prec.map_or(bytes.len(), |p| p.min(bytes.len()))];
                emit(&mut out, &sp, b"", bytes, false);
            }
            b'q' => match *arg {
                FmtArg::Num(n) => {
                    let mut text = Vec::new();
                    fmt_number(n, &mut text);
                    quote(&text, &mut out);
                }
                FmtArg::Str(s) => quote(s, &mut out),
                FmtArg::Other { tostring, .. } => quote(tostring, &mut out),
            },
            b'p' => out.extend_from_slice(&pointer_text(arg)),
            _ => emit_float(&mut out, &sp, num()?),
        }
    }
    Ok(out)
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
