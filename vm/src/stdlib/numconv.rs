//! Number <-> string conversion as LuaJIT 2.1 performs it.
//!
//! LuaJIT uses IEEE doubles only and has its own formatter and scanner, which
//! differ from C's `printf`/`strtod` in a few observable ways:
//!
//! * Decimal rounding of the *exact* binary value is half-away-from-zero
//!   (`%.14g` of `123456789012345` is `1.2345678901235e+14`, and
//!   `string.format("%.0f", 2.5)` is `3`), whereas glibc rounds ties to even.
//! * A NaN is always printed as `nan`, never `-nan`.
//! * The string scanner accepts `inf`, `infinity` and `nan` (any case, with a
//!   sign), hexadecimal numbers with fractions and binary exponents
//!   (`0x1.8p3`), binary integers (`0b101`), and rejects any exponent whose
//!   literal value is at least 2^20.
//!
//! The digit-generation helpers ([`sci_digits`], [`fixed_digits`]) and the
//! `%g` layout ([`fmt_g`]) are shared with the `string.format` implementation.

/// C `isspace` in the "C" locale: space, `\t`, `\n`, `\v`, `\f`, `\r`.
pub fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Number of extra digits requested from Rust's (correctly rounded) formatter
/// so that half-way cases can be detected before re-rounding.
const EXTRA: usize = 20;

/// Decides whether a digit string must be rounded up, given the digits that
/// follow the kept ones (`tail`, already rounded by Rust at its last digit).
/// `exact_tail` is only called in the ambiguous case and must return the exact
/// (unrounded) digits following the kept ones.
fn round_up(tail: &[u8], exact_tail: impl FnOnce() -> Vec<u8>) -> bool {
    match tail.first() {
        None => false,
        Some(&d) if d != b'5' => d > b'5',
        Some(_) => {
            if tail[1..].iter().any(|&d| d != b'0') {
                return true;
            }
            // Rounded tail is exactly "5000...": either a true tie (rounded up
            // by LuaJIT) or something just below/above the half-way point.
            let exact = exact_tail();
            match exact.first() {
                Some(&d) => d >= b'5',
                None => false,
            }
        }
    }
}

/// Adds one unit in the last place to an ASCII digit string.
/// Returns `true` if the carry overflowed (all digits were `9`); in that case
/// the digits have become all `0` and the caller must prepend a `1`.
fn increment(digits: &mut [u8]) -> bool {
    for d in digits.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return false;
        }
    }
    true
}

/// Splits Rust's `{:e}` output (`"d.ddddde-5"`) into ASCII digits and exponent.
fn split_sci(s: &str) -> (Vec<u8>, i32) {
    let (mant, exp) = s.split_once('e').expect("exponent present");
    let digits = mant.bytes().filter(u8::is_ascii_digit).collect();
    (digits, exp.parse().expect("valid exponent"))
}

/// Returns exactly `nd` (>= 1) significant decimal digits of the finite,
/// non-negative `v`, rounded half-away-from-zero on the exact binary value, and
/// the decimal exponent of the first digit (`v ~ d.ddd * 10^exp`).
/// Zero yields `nd` zeros and exponent 0.
pub fn sci_digits(v: f64, nd: usize) -> (Vec<u8>, i32) {
    debug_assert!(nd >= 1 && v.is_finite() && v >= 0.0);
    if v == 0.0 {
        return (vec![b'0'; nd], 0);
    }
    let (mut digits, mut exp) = split_sci(&format!("{:.*e}", nd - 1 + EXTRA, v));
    let up = round_up(&digits[nd..], || {
        // 800 significant digits are more than any double's exact expansion.
        let (exact, _) = split_sci(&format!("{:.800e}", v));
        exact[nd..].to_vec()
    });
    digits.truncate(nd);
    if up && increment(&mut digits) {
        digits[0] = b'1';
        exp += 1;
    }
    (digits, exp)
}

/// Returns the digits of the finite, non-negative `v` printed with `prec`
/// digits after the decimal point (integer digits followed by `prec` fraction
/// digits, no point), rounded half-away-from-zero on the exact value.
/// The integer part has at least one digit.
pub fn fixed_digits(v: f64, prec: usize) -> Vec<u8> {
    debug_assert!(v.is_finite() && v >= 0.0);
    let s = format!("{:.*}", prec + EXTRA, v);
    let mut digits: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
    let keep = digits.len() - EXTRA;
    let up = round_up(&digits[keep..], || {
        // A double has at most 1074 fraction digits.
        let exact = format!("{:.1100}", v);
        let frac = exact.split_once('.').map_or("", |(_, f)| f);
        frac.as_bytes()[prec..].to_vec()
    });
    digits.truncate(keep);
    if up && increment(&mut digits) {
        digits.insert(0, b'1');
    }
    digits
}

/// Appends `%e`-style text for the finite, non-negative `v`:
/// `d.ddde+XX` with `prec` fraction digits (point kept if `alt`).
pub fn fmt_e(v: f64, prec: usize, alt: bool, upper: bool, out: &mut Vec<u8>) {
    let (digits, exp) = sci_digits(v, prec + 1);
    push_e_layout(&digits, exp, alt, upper, out);
}

fn push_e_layout(digits: &[u8], exp: i32, alt: bool, upper: bool, out: &mut Vec<u8>) {
    out.push(digits[0]);
    if digits.len() > 1 || alt {
        out.push(b'.');
    }
    out.extend_from_slice(&digits[1..]);
    out.push(if upper { b'E' } else { b'e' });
    out.push(if exp < 0 { b'-' } else { b'+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        out.push(b'0');
    }
    out.extend_from_slice(e.to_string().as_bytes());
}

/// Appends `%f`-style text for the finite, non-negative `v` with `prec`
/// fraction digits (point kept if `alt`).
pub fn fmt_f(v: f64, prec: usize, alt: bool, out: &mut Vec<u8>) {
    let digits = fixed_digits(v, prec);
    let int_len = digits.len() - prec;
    out.extend_from_slice(&digits[..int_len]);
    if prec > 0 || alt {
        out.push(b'.');
    }
    out.extend_from_slice(&digits[int_len..]);
}

/// Appends `%g`-style text for the finite, non-negative `v`: `prec`
/// significant digits (0 means 1), fixed or exponential layout per C's rule,
/// trailing zeros removed unless `alt` (`#` flag).
pub fn fmt_g(v: f64, prec: usize, alt: bool, upper: bool, out: &mut Vec<u8>) {
    let p = prec.max(1);
    let (mut digits, exp) = sci_digits(v, p);
    let use_fixed = exp >= -4 && (exp as i64) < p as i64;
    if !alt {
        // Strip trailing zeros of the significant digits (keep at least one).
        while digits.len() > 1 && digits.last() == Some(&b'0') {
            digits.pop();
        }
    }
    if !use_fixed {
        push_e_layout(&digits, exp, alt, upper, out);
        return;
    }
    if exp < 0 {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', (-exp - 1) as usize));
        out.extend_from_slice(&digits);
        return;
    }
    let int_len = exp as usize + 1;
    if digits.len() <= int_len {
        out.extend_from_slice(&digits);
        out.extend(std::iter::repeat_n(b'0', int_len - digits.len()));
        if alt {
            out.push(b'.');
        }
    } else {
        out.extend_from_slice(&digits[..int_len]);
        out.push(b'.');
        out.extend_from_slice(&digits[int_len..]);
    }
}

/// Appends the text `tostring()`/`print` produce for a number (LuaJIT's
/// `%.14g`, with `nan`, `inf`, `-inf` and `-0` spelled as LuaJIT does).
pub fn fmt_number(n: f64, out: &mut Vec<u8>) {
    if n.is_nan() {
        out.extend_from_slice(b"nan");
        return;
    }
    if n.is_sign_negative() {
        out.push(b'-');
    }
    let a = n.abs();
    if a.is_infinite() {
        out.extend_from_slice(b"inf");
    } else if a < 1e15 && a.fract() == 0.0 {
        // Fast path: integers below 10^15 have at most 15 digits and print
        // exactly (anything >= 10^14 with 15 digits still needs %g rounding).
        if a < 1e14 {
            out.extend_from_slice((a as u64).to_string().as_bytes());
        } else {
            fmt_g(a, 14, false, false, out);
        }
    } else {
        fmt_g(a, 14, false, false, out);
    }
}

/// Returns the text `tostring()` produces for a number; see [`fmt_number`].
pub fn number_to_string(n: f64) -> String {
    let mut out = Vec::new();
    fmt_number(n, &mut out);
    String::from_utf8(out).expect("number text is ASCII")
}

/// Largest exponent literal (after `e` or `p`) LuaJIT's scanner accepts, plus one.
const EXP_LIMIT: u32 = 1 << 20;

/// Builds the double nearest to `mant * 2^exp2` (plus a tiny amount if
/// `sticky`, meaning nonzero bits were dropped below `mant`), rounding to
/// nearest-even and handling subnormals, overflow and underflow.
fn compose(mant: u64, sticky: bool, exp2: i64) -> f64 {
    if mant == 0 {
        return 0.0;
    }
    let lz = mant.leading_zeros();
    let m = mant << lz;
    // Value is m * 2^(e - 63) with m in [2^63, 2^64), i.e. in [2^e, 2^(e+1)).
    let e = exp2 - i64::from(lz) + 63;
    if e > 1023 {
        return f64::INFINITY;
    }
    let keep: i64 = if e >= -1022 { 53 } else { 53 - (-1022 - e) };
    if keep < 0 {
        return 0.0;
    }
    if keep == 0 {
        // Value in [2^-1075, 2^-1074): round to 0 or the smallest subnormal.
        let above_half = m > 1 << 63 || sticky;
        return if above_half { pow2(-1074) } else { 0.0 };
    }
    let shift = (64 - keep) as u32;
    let mut q = m >> shift;
    let rem = m & ((1u64 << shift) - 1);
    let half = 1u64 << (shift - 1);
    if rem > half || (rem == half && (sticky || q & 1 == 1)) {
        q += 1;
    }
    q as f64 * pow2(e + 1 - keep)
}

/// Exact power of two for exponents in the double range [-1074, 1023].
fn pow2(k: i64) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (k + 1074))
    }
}

/// Parses an exponent's digits (after the optional sign) at `s[i..]`.
/// Returns the signed value and the index after it, or `None` if there are no
/// digits or the literal value reaches [`EXP_LIMIT`].
fn scan_exponent(s: &[u8], mut i: usize) -> Option<(i64, usize)> {
    let neg = match s.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let start = i;
    let mut v: u32 = 0;
    while let Some(&c) = s.get(i).filter(|c| c.is_ascii_digit()) {
        if v < EXP_LIMIT {
            v = v * 10 + u32::from(c - b'0');
        }
        i += 1;
    }
    if i == start || v >= EXP_LIMIT {
        return None;
    }
    Some((if neg { -i64::from(v) } else { i64::from(v) }, i))
}

/// Scans a hexadecimal number body (after `0x`): digits, optional `.` and
/// fraction digits, optional `p` exponent. Returns the value and end index.
fn scan_hex(s: &[u8], mut i: usize) -> Option<(f64, usize)> {
    let (mut mant, mut sig, mut sticky, mut exp2, mut any) = (0u64, 0u32, false, 0i64, false);
    let mut frac = false;
    loop {
        match s.get(i) {
            Some(&c) if c.is_ascii_hexdigit() => {
                let d = (c as char).to_digit(16).expect("hex digit") as u64;
                any = true;
                if sig < 15 {
                    mant = mant * 16 + d;
                    if mant != 0 {
                        sig += 1;
                    }
                    if frac {
                        exp2 -= 4;
                    }
                } else {
                    sticky |= d != 0;
                    if !frac {
                        exp2 += 4;
                    }
                }
            }
            Some(b'.') if !frac => frac = true,
            _ => break,
        }
        i += 1;
    }
    if !any {
        return None;
    }
    if matches!(s.get(i), Some(b'p' | b'P')) {
        let (e, next) = scan_exponent(s, i + 1)?;
        exp2 += e;
        i = next;
    }
    Some((compose(mant, sticky, exp2), i))
}

/// Scans a binary integer body (after `0b`). Returns the value and end index.
/// LuaJIT rejects binary literals with more than 64 significant bits.
fn scan_bin(s: &[u8], mut i: usize) -> Option<(f64, usize)> {
    let (mut mant, mut sig, start) = (0u64, 0u32, i);
    while let Some(&c) = s.get(i).filter(|c| matches!(c, b'0' | b'1')) {
        if mant != 0 || c == b'1' {
            sig += 1;
            if sig > 64 {
                return None;
            }
        }
        mant = (mant << 1) | u64::from(c - b'0');
        i += 1;
    }
    (i > start).then(|| (compose(mant, false, 0), i))
}

/// Scans a decimal number (digits, optional fraction, optional exponent).
fn scan_dec(s: &[u8], mut i: usize) -> Option<(f64, usize)> {
    let mut text = String::new();
    let mut any = false;
    let mut frac = false;
    loop {
        match s.get(i) {
            Some(&c) if c.is_ascii_digit() => {
                any = true;
                text.push(c as char);
            }
            Some(b'.') if !frac => {
                frac = true;
                text.push('.');
            }
            _ => break,
        }
        i += 1;
    }
    if !any {
        return None;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let (e, next) = scan_exponent(s, i + 1)?;
        text.push('e');
        text.push_str(&e.to_string());
        i = next;
    }
    // Rust's parser is correctly rounded (ties to even), like LuaJIT's.
    Some((text.parse().ok()?, i))
}

/// Matches `inf`, `infinity` or `nan` (ASCII case-insensitive) at `s[i..]`.
fn scan_special(s: &[u8], i: usize) -> Option<(f64, usize)> {
    let rest = &s[i..];
    let starts = |w: &[u8]| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w);
    if starts(b"infinity") {
        Some((f64::INFINITY, i + 8))
    } else if starts(b"inf") {
        Some((f64::INFINITY, i + 3))
    } else if starts(b"nan") {
        Some((f64::NAN, i + 3))
    } else {
        None
    }
}

/// Skips leading whitespace and one optional sign; returns the offset after them and
/// whether the sign was `-`.
fn skip_space_and_sign(s: &[u8]) -> (usize, bool) {
    let mut i = 0;
    while s.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    match s.get(i) {
        Some(b'-') => (i + 1, true),
        Some(b'+') => (i + 1, false),
        _ => (i, false),
    }
}

/// Converts a string to a number as LuaJIT's `tonumber(s)` and arithmetic
/// coercion do. Surrounding whitespace and one sign are allowed; accepted
/// bodies are decimal (`1`, `.5`, `5.`, `1e5`), hexadecimal (`0x1F`, `0x1.8p3`),
/// binary (`0b101`) and `inf`/`infinity`/`nan`. Returns `None` otherwise
/// (including for the empty string, `1e`, `0x`, and embedded NULs).
pub fn str_to_number(s: &[u8]) -> Option<f64> {
    let (i, neg) = skip_space_and_sign(s);
    let (v, mut end) = if s.get(i) == Some(&b'0') && matches!(s.get(i + 1), Some(b'x' | b'X')) {
        scan_hex(s, i + 2)?
    } else if s.get(i) == Some(&b'0') && matches!(s.get(i + 1), Some(b'b' | b'B')) {
        scan_bin(s, i + 2)?
    } else if s.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        scan_special(s, i)?
    } else {
        scan_dec(s, i)?
    };
    while s.get(end).is_some_and(|&c| is_space(c)) {
        end += 1;
    }
    if end != s.len() {
        return None;
    }
    Some(if neg { -v } else { v })
}

/// Converts a string to a number in `base` (2..=36) as LuaJIT's
/// `tonumber(s, base)` does; base 10 behaves exactly like [`str_to_number`].
///
/// LuaJIT treats the string as a C string (it ends at the first NUL), skips
/// whitespace, takes one optional `-`/`+`, requires an alphanumeric character,
/// then parses like C `strtoul` (so base 16 accepts a `0x` prefix and values
/// saturate at 2^64-1) and allows only trailing whitespace. The unsigned
/// result is rounded to a double and negated if a `-` was present.
///
/// # Panics
/// Panics if `base` is outside 2..=36 (the caller reports "base out of range").
pub fn str_to_number_base(s: &[u8], base: u32) -> Option<f64> {
    assert!((2..=36).contains(&base), "base out of range");
    if base == 10 {
        return str_to_number(s);
    }
    let s = &s[..s.iter().position(|&c| c == 0).unwrap_or(s.len())];
    let (mut i, neg) = skip_space_and_sign(s);
    if !s.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let digit = |c: Option<&u8>| {
        c.and_then(|&c| (c as char).to_digit(36))
            .filter(|&d| d < base)
    };
    if base == 16
        && s.get(i) == Some(&b'0')
        && matches!(s.get(i + 1), Some(b'x' | b'X'))
        && digit(s.get(i + 2)).is_some()
    {
        i += 2;
    }
    let start = i;
    let mut v: u64 = 0;
    while let Some(d) = digit(s.get(i)) {
        v = v
            .checked_mul(u64::from(base))
            .and_then(|x| x.checked_add(u64::from(d)))
            .unwrap_or(u64::MAX);
        i += 1;
    }
    if i == start {
        return None;
    }
    while s.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    if i != s.len() {
        return None;
    }
    let n = v as f64;
    Some(if neg { -n } else { n })
}

#[cfg(test)]
#[path = "numconv_tests.rs"]
mod tests;
