//! Token-level helpers: identifier text, number literals and string literal escapes,
//! as LuaJIT's lexer (`lj_lex.c`) reads them.

use full_moon::tokenizer::{StringLiteralQuoteType, TokenReference, TokenType};

/// The source line of a token.
pub fn line_of(tok: &TokenReference) -> u32 {
    tok.token().start_position().line() as u32
}

/// The text of an identifier token.
pub fn ident(tok: &TokenReference) -> &str {
    match tok.token_type() {
        TokenType::Identifier { identifier } => identifier.as_str(),
        _ => "?",
    }
}

/// The value of a number literal (decimal, or hex with optional fraction and `p` exponent).
pub fn number(text: &str) -> Option<f64> {
    let t = text.trim_end_matches(['u', 'U', 'l', 'L', 'i', 'I']);
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return hex_float(hex);
    }
    t.parse::<f64>().ok()
}

/// A number literal as [`prescan`] found it in the source, and the text full_moon gets in
/// its place (same value, same line).
pub type Rewrite = (std::ops::Range<usize>, String);

/// `text` with each literal at the [`Rewrite`]s' ranges replaced.
pub fn apply_rewrites(text: &str, rewrites: &[Rewrite]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, with) in rewrites {
        out.push_str(&text[at..r.start]);
        out.push_str(with);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A hex float literal (with an optional `i` suffix) as a decimal literal of the same
/// value: `{:e}` is the shortest text that reads back as the same double.
fn decimal_of(lit: &str) -> String {
    let trimmed = lit.trim_end_matches(['i', 'I']);
    let v = number(trimmed).unwrap_or(f64::NAN);
    let mut out = if v.is_infinite() {
        "1e999".to_string()
    } else {
        format!("{v:e}")
    };
    out.push_str(&lit[trimmed.len()..]);
    out
}

/// Whether LuaJIT's lexer takes `text` (a run of number characters) as a number:
/// decimal or hex, with the FFI's `LL`, `ULL` and `i` suffixes (`lj_strscan.c`).
fn luajit_number_ok(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let hex = lower.starts_with("0x");
    let body = ["ull", "llu", "ll", "i"]
        .iter()
        .find_map(|suf| lower.strip_suffix(suf))
        // An `i` ending hex digits is not a suffix ("0xfi" is malformed either way).
        .filter(|b| !(b.is_empty() || hex && b.len() <= 2))
        .unwrap_or(&lower);
    if body.ends_with(['u', 'l', 'i']) {
        return false;
    }
    number(body).is_some()
}

/// A hex number's digits after `0x`: `ff`, `1.8`, `1p4`, `.8p-1`.
pub fn hex_float(hex: &str) -> Option<f64> {
    let (mant, exp) = match hex.find(['p', 'P']) {
        Some(i) => (&hex[..i], Some(&hex[i + 1..])),
        None => (hex, None),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0.0f64;
    for c in int.chars() {
        v = v * 16.0 + c.to_digit(16)? as f64;
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += c.to_digit(16)? as f64 * scale;
        scale /= 16.0;
    }
    if let Some(e) = exp {
        let mut e: i32 = e.parse().ok()?;
        // In steps, so that 2^e itself never leaves the double range (0x1p-1074).
        while e != 0 {
            let step = e.clamp(-1000, 1000);
            v *= 2f64.powi(step);
            e -= step;
        }
    }
    Some(v)
}

/// Where bytes of a source that are not UTF-8 go: Lua sources are bytes, and a string
/// literal may hold any byte (a Latin-1 `é`), but the parser takes text. Each such byte
/// `b` is carried through the parser as the private-use character `RAW_BYTE_BASE + b`
/// ([`decode_source`]) and turned back into `b` in string literals ([`text_bytes`]).
const RAW_BYTE_BASE: u32 = 0x10_FF00;

/// The source as text: valid UTF-8 as it is, any other byte as a private-use character
/// standing for it.
pub fn decode_source(source: &[u8]) -> std::borrow::Cow<'_, str> {
    let first = match std::str::from_utf8(source) {
        Ok(text) => return std::borrow::Cow::Borrowed(text),
        Err(e) => e,
    };
    let mut text = String::with_capacity(source.len() + 8);
    let mut rest = source;
    let mut err = Some(first);
    while let Some(e) = err {
        let (valid, after) = rest.split_at(e.valid_up_to());
        text.push_str(std::str::from_utf8(valid).unwrap_or_default());
        let bad = e.error_len().unwrap_or(after.len());
        for &b in &after[..bad] {
            text.push(char::from_u32(RAW_BYTE_BASE + u32::from(b)).unwrap_or('\u{fffd}'));
        }
        rest = &after[bad..];
        err = std::str::from_utf8(rest).err();
    }
    text.push_str(std::str::from_utf8(rest).unwrap_or_default());
    std::borrow::Cow::Owned(text)
}

/// The bytes `text` stands for in the source: its UTF-8, with each character that
/// [`decode_source`] made of a raw byte turned back into that byte.
pub fn text_bytes(text: &str) -> std::borrow::Cow<'_, [u8]> {
    // Those characters encode as F4 8F BC..BF xx: no F4 byte, nothing to do.
    if !text.as_bytes().contains(&0xF4) {
        return std::borrow::Cow::Borrowed(text.as_bytes());
    }
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match u32::from(c).checked_sub(RAW_BYTE_BASE) {
            Some(b) if b <= 0xFF => out.push(b as u8),
            _ => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Why a string literal is malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscapeError(pub &'static str);

/// The bytes of a string literal token, escapes decoded.
pub fn string_bytes(tok: &TokenReference) -> Result<Vec<u8>, EscapeError> {
    match tok.token_type() {
        TokenType::StringLiteral {
            literal,
            quote_type,
            ..
        } => {
            let raw = text_bytes(literal.as_str());
            let raw = &raw[..];
            if *quote_type == StringLiteralQuoteType::Brackets {
                // A newline right after the opening bracket is skipped.
                let body = raw
                    .strip_prefix(b"\r\n")
                    .or_else(|| raw.strip_prefix(b"\n\r"))
                    .or_else(|| raw.strip_prefix(b"\n"))
                    .or_else(|| raw.strip_prefix(b"\r"))
                    .unwrap_or(raw);
                Ok(body.to_vec())
            } else {
                unescape(raw)
            }
        }
        _ => Err(EscapeError("string expected")),
    }
}

/// Decode Lua escapes: `\n \t \\ \" \ddd \xXX \z` and escaped newlines.
pub fn unescape(raw: &[u8]) -> Result<Vec<u8>, EscapeError> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        let Some(&e) = raw.get(i) else {
            return Err(EscapeError("unfinished string"));
        };
        i += 1;
        match e {
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'\\' | b'"' | b'\'' => out.push(e),
            b'\n' | b'\r' => {
                out.push(b'\n');
                // \r\n or \n\r count as one newline.
                if let Some(&n) = raw.get(i)
                    && (n == b'\n' || n == b'\r')
                    && n != e
                {
                    i += 1;
                }
            }
            b'x' => {
                let hex = raw
                    .get(i..i + 2)
                    .ok_or(EscapeError("invalid escape sequence"))?;
                let s =
                    std::str::from_utf8(hex).map_err(|_| EscapeError("invalid escape sequence"))?;
                out.push(
                    u8::from_str_radix(s, 16)
                        .map_err(|_| EscapeError("invalid escape sequence"))?,
                );
                i += 2;
            }
            b'z' => {
                while i < raw.len() && raw[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
            b'0'..=b'9' => {
                let mut v: u32 = (e - b'0') as u32;
                for _ in 0..2 {
                    match raw.get(i) {
                        Some(d @ b'0'..=b'9') => {
                            v = v * 10 + (d - b'0') as u32;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                if v > 255 {
                    return Err(EscapeError("invalid escape sequence"));
                }
                out.push(v as u8);
            }
            _ => return Err(EscapeError("invalid escape sequence")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_cut_by_a_carriage_return_ends_there() {
        // full_moon would take the backtick after it as a string quote and panic.
        assert!(prescan(b"x = \"a\r`").is_err());
        assert!(prescan(b"x = \"a\\\r\"").is_ok());
    }

    #[test]
    fn every_byte_survives_the_parser_text() {
        // Each byte alone, after ASCII, inside valid UTF-8, and a truncated sequence.
        let mut src: Vec<u8> = (0u8..=255).collect();
        src.extend_from_slice("é€".as_bytes());
        src.extend_from_slice(&[0xE2, 0x82, b'x', 0xF4]);
        let text = decode_source(&src);
        assert_eq!(&text_bytes(&text)[..], &src[..]);
        // Valid UTF-8 is borrowed as it is.
        assert!(matches!(
            decode_source("ok é".as_bytes()),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn malformed_numbers_are_found_before_parsing() {
        let msg = |src: &[u8]| prescan(src).err().map(|e| e.message);
        assert_eq!(
            msg(b"0U\"\t`").as_deref(),
            Some("malformed number near '0U'")
        );
        assert_eq!(
            msg(b"x = 1..2").as_deref(),
            Some("malformed number near '1..2'")
        );
        // The embedded LuaJIT skips digit separators (Debian's 2.1.0-beta3 does not).
        assert_eq!(msg(b"x = 1_000"), None);
        assert_eq!(
            msg(b"x = 1_g").as_deref(),
            Some("malformed number near '1g'")
        );
        assert_eq!(
            msg(b"x = 0x").as_deref(),
            Some("malformed number near '0x'")
        );
        for ok in [
            "1", "1e5", "1e-5", ".5", "5.", "0x1F", "0x1p4", "1LL", "2ULL", "3i",
        ] {
            assert_eq!(msg(ok.as_bytes()), None, "{ok}");
        }
    }

    #[test]
    fn hex_floats_and_separators_are_rewritten_for_full_moon() {
        let src = "x = 0x1p4 + 0x.8 -- 0x1p4\ny = 0xA.8P-1 + 1_000 + 0x_f_f + 0xe-1";
        let rewrites = prescan(src.as_bytes()).unwrap();
        assert_eq!(rewrites.len(), 5);
        let text = apply_rewrites(src, &rewrites);
        assert_eq!(
            text,
            "x = 1.6e1 + 5e-1 -- 0x1p4\ny = 5.25e0 + 1000 + 0xff + 0xe-1"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(number("10"), Some(10.0));
        assert_eq!(number("0x1F"), Some(31.0));
        assert_eq!(number("0x.8p1"), Some(1.0));
        assert_eq!(number("1e3"), Some(1000.0));
        assert_eq!(number(".5"), Some(0.5));
        assert_eq!(number("3."), Some(3.0));
    }

    #[test]
    fn escapes() {
        assert_eq!(unescape(br"a\n\065\x41\\").unwrap(), b"a\nAA\\");
        assert_eq!(unescape(b"a\\z  \n  b").unwrap(), b"ab");
        assert!(unescape(br"\q").is_err());
        assert!(unescape(br"\300").is_err());
    }
}

/// Most nested syntax levels in a chunk (LuaJIT's `LJ_MAX_XLEVEL`).
pub const MAX_SYNTAX_LEVELS: usize = 200;

/// A problem found before parsing, and its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrescanError {
    /// The line.
    pub line: u32,
    /// LuaJIT's message for it.
    pub message: String,
}

/// Scan a chunk once, outside strings and comments, for what must be rejected before
/// full_moon sees it:
/// - a backtick: never valid Lua, but full_moon 3's lexer panics on one unless its
///   CfxLua dialect is enabled;
/// - nesting deeper than [`MAX_SYNTAX_LEVELS`] (brackets, blocks, chains of unary
///   operators): LuaJIT refuses it ("chunk has too many syntax levels"), and a
///   recursive-descent parser would overflow the Rust stack on it.
pub fn prescan(src: &[u8]) -> Result<Vec<Rewrite>, PrescanError> {
    // Number literals full_moon cannot read, with what to hand it instead: hex numbers
    // with a fraction or a binary exponent (`0x1p4`, `0x.8`; full_moon reads them only in
    // its Lua 5.2 mode) and numbers with digit separators (`1_000`).
    let mut rewrites = Vec::new();
    let mut line = 1u32;
    let mut i = 0;
    let mut depth = 0usize;
    let mut unary_run = 0usize;
    // Whether the previous token ends an operand (so a '-' after it is binary).
    let mut after_operand = false;
    let too_deep = |line| PrescanError {
        line,
        message: "chunk has too many syntax levels".to_string(),
    };
    // Length of a long bracket opener `[==[` at `i`, as the number of '='.
    let long_open = |i: usize| -> Option<usize> {
        if src.get(i) != Some(&b'[') {
            return None;
        }
        let mut j = i + 1;
        while src.get(j) == Some(&b'=') {
            j += 1;
        }
        (src.get(j) == Some(&b'[')).then(|| j - i - 1)
    };
    let skip_long = |mut j: usize, level: usize, line: &mut u32| -> usize {
        while j < src.len() {
            if src[j] == b'\n' {
                *line += 1;
            }
            if src[j] == b']'
                && src[j + 1..].iter().take(level).all(|&c| c == b'=')
                && src.get(j + 1 + level) == Some(&b']')
            {
                return j + level + 2;
            }
            j += 1;
        }
        j
    };
    while i < src.len() {
        let c = src[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'`' => {
                return Err(PrescanError {
                    line,
                    message: "unexpected symbol near '`'".to_string(),
                });
            }
            b'-' if src.get(i + 1) == Some(&b'-') => {
                if let Some(level) = long_open(i + 2) {
                    i = skip_long(i + 4 + level, level, &mut line);
                } else {
                    while i < src.len() && src[i] != b'\n' {
                        i += 1;
                    }
                }
                continue;
            }
            _ => {}
        }
        // One token.
        let mut operand = false;
        let mut unary = false;
        if c == b'[' && long_open(i).is_some() {
            let level = long_open(i).unwrap_or(0);
            i = skip_long(i + 2 + level, level, &mut line);
            operand = true;
        } else if c == b'"' || c == b'\'' {
            i += 1;
            // A string ends at its quote or, unfinished, at a line break of either kind
            // (what follows is tokens again, for full_moon as for LuaJIT's lexer).
            while i < src.len() && src[i] != c && src[i] != b'\n' && src[i] != b'\r' {
                if src[i] == b'\\' {
                    if src.get(i + 1) == Some(&b'\n') {
                        line += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            operand = true;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < src.len() && (src[i].is_ascii_alphanumeric() || src[i] == b'_') {
                i += 1;
            }
            match &src[start..i] {
                b"function" | b"if" | b"do" | b"repeat" => depth += 1,
                b"end" | b"until" => depth = depth.saturating_sub(1),
                b"not" => unary = true,
                b"and" | b"or" | b"return" | b"then" | b"else" | b"elseif" | b"local"
                | b"while" | b"for" | b"in" => {}
                _ => operand = true,
            }
        } else if c.is_ascii_digit()
            || (c == b'.' && src.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            // LuaJIT 2.1's `lex_number`: identifier characters and dots, a sign after the
            // exponent letter (`e`, or `p` in hex), underscores skipped as digit
            // separators, then one conversion of the whole. Checked here because
            // full_moon reads malformed numbers differently (up to the next space,
            // quotes included), and neither separators nor hex floats.
            let start = i;
            let mut text: Vec<u8> = Vec::new();
            if c == b'.' {
                text.push(b'.');
                i += 1;
            }
            let mut xp = b'e';
            let mut last = src[i];
            if src[i] == b'0' {
                text.push(b'0');
                i += 1;
                while src.get(i) == Some(&b'_') {
                    i += 1;
                }
                last = src.get(i).copied().unwrap_or(0);
                if last | 0x20 == b'x' {
                    xp = b'p';
                }
            }
            while let Some(&ch) = src.get(i) {
                let ident = ch.is_ascii_alphanumeric() || ch == b'_' || ch >= 0x80;
                let sign = (ch == b'-' || ch == b'+') && (last | 0x20) == xp;
                if !(ident || ch == b'.' || sign) {
                    break;
                }
                if ch != b'_' {
                    last = ch;
                    text.push(ch);
                }
                i += 1;
            }
            let text = String::from_utf8_lossy(&text).into_owned();
            if !luajit_number_ok(&text) {
                return Err(PrescanError {
                    line,
                    message: format!("malformed number near '{text}'"),
                });
            }
            let lower = text.to_ascii_lowercase();
            let hex_float = lower.starts_with("0x") && lower.contains(['.', 'p']);
            if hex_float {
                rewrites.push((start..i, decimal_of(&text)));
            } else if src[start..i] != *text.as_bytes() {
                rewrites.push((start..i, text));
            }
            operand = true;
        } else {
            match c {
                b'(' | b'{' | b'[' => depth += 1,
                b')' | b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    operand = true;
                }
                b'-' | b'#' if !after_operand => unary = true,
                _ => {}
            }
            i += 1;
        }
        unary_run = if unary { unary_run + 1 } else { 0 };
        after_operand = operand;
        if depth + unary_run > MAX_SYNTAX_LEVELS {
            return Err(too_deep(line));
        }
    }
    Ok(rewrites)
}

#[cfg(test)]
mod prescan_tests {
    use super::{MAX_SYNTAX_LEVELS, prescan};

    fn line_of(src: &[u8]) -> Option<u32> {
        prescan(src).err().map(|e| e.line)
    }

    #[test]
    fn finds_backticks_outside_strings_and_comments_only() {
        assert_eq!(line_of(b"x = 1\ny = `"), Some(2));
        assert_eq!(line_of(b"x = '`' -- `\n--[[ ` ]] y = [==[`]==]"), None);
        assert_eq!(line_of(b"s = \"a\\\"`\""), None);
    }

    #[test]
    fn refuses_deep_nesting_of_brackets_blocks_and_unary_chains() {
        let n = MAX_SYNTAX_LEVELS;
        let ok = format!("x = {}1{}", "(".repeat(n - 1), ")".repeat(n - 1));
        assert!(prescan(ok.as_bytes()).is_ok());
        let deep = format!("x = {}1{}", "(".repeat(n + 1), ")".repeat(n + 1));
        let e = prescan(deep.as_bytes()).unwrap_err();
        assert_eq!(e.message, "chunk has too many syntax levels");
        let blocks = format!("{}{}", "if x then ".repeat(n + 1), "end ".repeat(n + 1));
        assert!(prescan(blocks.as_bytes()).is_err());
        let unary = format!("x = {}1", "- ".repeat(n + 1));
        assert!(prescan(unary.as_bytes()).is_err());
        let nots = format!("x = {}y", "not ".repeat(n + 1));
        assert!(prescan(nots.as_bytes()).is_err());
        // Long flat code is fine, and binary minus is not unary.
        let flat = format!("x = 1{}", " - 1".repeat(50_000));
        assert!(prescan(flat.as_bytes()).is_ok());
        let seq = "do end ".repeat(10_000);
        assert!(prescan(seq.as_bytes()).is_ok());
    }
}
