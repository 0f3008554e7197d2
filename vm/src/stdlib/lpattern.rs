//! Lua 5.1 pattern matching (as in LuaJIT 2.1) on byte strings.
//!
//! Supports single-character classes (`.`, `%a %c %d %g %l %p %s %u %w %x %z`
//! and their uppercase complements, ASCII/"C" locale), sets `[...]` with
//! ranges, negation and classes, `%` escapes, the quantifiers `* + - ?`,
//! anchors, captures and position captures, back-references `%1`..`%9`,
//! `%bxy` and the frontier `%f[set]`.
//!
//! LuaJIT-specific details reproduced here:
//! * `%g` (printable except space, from Lua 5.2) is a class, as in LuaJIT.
//! * The matcher treats the pattern as a C string: everything from the first
//!   NUL byte on is ignored (`%z` is the way to match a NUL).
//!   [`has_specials`], however, looks at the whole pattern.
//! * Matching recursion is limited to [`MAX_DEPTH`] nested calls; deeper
//!   patterns fail with "pattern too complex" instead of overflowing the stack.
//! * An unclosed capture is only an error when its value is needed, so
//!   matches can carry [`Capture::Unfinished`].

use std::fmt;

/// Maximum number of captures in one pattern (`LUA_MAXCAPTURES`).
pub const MAX_CAPTURES: usize = 32;

/// Maximum nesting of the recursive matcher (LuaJIT's `LJ_MAX_XLEVEL`).
pub const MAX_DEPTH: usize = 200;

/// Bytes whose presence makes `string.find` use pattern matching.
const SPECIALS: &[u8] = b"^$*+?.([%-";

/// One capture of a successful match. Offsets are 0-based byte offsets.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Capture {
    /// A substring capture `(...)`: `s[start..end]`.
    Range {
        /// Offset of the first captured byte.
        start: usize,
        /// Offset one past the last captured byte.
        end: usize,
    },
    /// A position capture `()`: the 0-based offset (Lua code sees offset + 1).
    Position(usize),
    /// A capture whose `(` was never closed. Using its value is an error
    /// ("unfinished capture"); see [`Match::check_captures`].
    Unfinished {
        /// Offset where the capture started.
        start: usize,
    },
}

/// A successful match of a whole pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Offset of the first matched byte.
    pub start: usize,
    /// Offset one past the last matched byte.
    pub end: usize,
    /// The pattern's captures, in order of their opening parenthesis.
    pub captures: Vec<Capture>,
}

impl Match {
    /// Fails with "unfinished capture" if any capture was left open.
    /// `string.find`, `string.match`, `string.gmatch` and `string.gsub` with
    /// a function or table replacement push all captures, so they call this.
    pub fn check_captures(&self) -> Result<(), PatternError> {
        match self
            .captures
            .iter()
            .any(|c| matches!(c, Capture::Unfinished { .. }))
        {
            true => Err(PatternError::UnfinishedCapture),
            false => Ok(()),
        }
    }

    /// The values Lua pushes for this match: the captures, or the whole match
    /// as a single range when the pattern has no captures.
    pub fn values(&self) -> Result<Vec<Capture>, PatternError> {
        self.check_captures()?;
        if self.captures.is_empty() {
            Ok(vec![Capture::Range {
                start: self.start,
                end: self.end,
            }])
        } else {
            Ok(self.captures.clone())
        }
    }
}

/// Errors raised while matching; texts are Lua 5.1's / LuaJIT's messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// The pattern ends with a lone `%`.
    EndsWithPercent,
    /// A `[` set is not closed.
    MissingBracket,
    /// `%f` is not followed by `[`.
    MissingFrontierSet,
    /// `%b` lacks its two delimiter characters.
    Unbalanced,
    /// A back-reference or replacement `%n` names a missing/open capture.
    InvalidCaptureIndex,
    /// A `)` with no open capture.
    InvalidPatternCapture,
    /// A capture value was requested for an unclosed capture.
    UnfinishedCapture,
    /// More than [`MAX_CAPTURES`] captures.
    TooManyCaptures,
    /// Matcher recursion exceeded [`MAX_DEPTH`].
    TooComplex,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::EndsWithPercent => "malformed pattern (ends with '%')",
            Self::MissingBracket => "malformed pattern (missing ']')",
            Self::MissingFrontierSet => "missing '[' after '%f' in pattern",
            Self::Unbalanced => "unbalanced pattern",
            Self::InvalidCaptureIndex => "invalid capture index",
            Self::InvalidPatternCapture => "invalid pattern capture",
            Self::UnfinishedCapture => "unfinished capture",
            Self::TooManyCaptures => "too many captures",
            Self::TooComplex => "pattern too complex",
        })
    }
}

impl std::error::Error for PatternError {}

type PResult<T> = Result<T, PatternError>;

/// Lua 5.1's test deciding whether `string.find` must use patterns: true if
/// the pattern contains any of `^$*+?.([%-` (anywhere, even after a NUL).
pub fn has_specials(pat: &[u8]) -> bool {
    pat.iter().any(|c| SPECIALS.contains(c))
}

/// Plain substring search from offset `init` (<= `s.len()`); returns the
/// 0-based offset of the first occurrence. An empty needle matches at `init`.
pub fn plain_find(s: &[u8], needle: &[u8], init: usize) -> Option<usize> {
    let hay = s.get(init..)?;
    if needle.is_empty() {
        return Some(init);
    }
    let (first, rest) = (needle[0], &needle[1..]);
    let last_start = hay.len().checked_sub(needle.len())?;
    (0..=last_start)
        .find(|&i| hay[i] == first && &hay[i + 1..i + needle.len()] == rest)
        .map(|i| i + init)
}

/// Tests `c` against a class letter (`a`, `D`, ...); other letters match
/// themselves literally.
fn match_class(c: u8, cl: u8) -> bool {
    let res = match cl.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'g' => c.is_ascii_graphic(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => super::numconv::is_space(c),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0,
        _ => return cl == c,
    };
    if cl.is_ascii_uppercase() { !res } else { res }
}

/// Capture slot state while matching.
#[derive(Clone, Copy)]
enum Slot {
    Open,
    Position,
    Len(usize),
}

struct Matcher<'a> {
    src: &'a [u8],
    pat: &'a [u8],
    level: usize,
    caps: [(usize, Slot); MAX_CAPTURES],
    depth: usize,
}

impl<'a> Matcher<'a> {
    fn new(src: &'a [u8], pat: &'a [u8]) -> Self {
        // The pattern is a C string for the matcher: it ends at the first NUL.
        let pat = &pat[..pat.iter().position(|&c| c == 0).unwrap_or(pat.len())];
        Matcher {
            src,
            pat,
            level: 0,
            caps: [(0, Slot::Open); MAX_CAPTURES],
            depth: 0,
        }
    }

    /// Index just past the single-character item starting at `p`.
    fn class_end(&self, p: usize) -> PResult<usize> {
        let pat = self.pat;
        match pat[p] {
            b'%' if p + 1 >= pat.len() => Err(PatternError::EndsWithPercent),
            b'%' => Ok(p + 2),
            b'[' => {
                let mut q = p + 1;
                if pat.get(q) == Some(&b'^') {
                    q += 1;
                }
                // The first set member is always consumed, so `[]]` is a set.
                loop {
                    if q >= pat.len() {
                        return Err(PatternError::MissingBracket);
                    }
                    let c = pat[q];
                    q += 1;
                    if c == b'%' && q < pat.len() {
                        q += 1;
                    }
                    if pat.get(q) == Some(&b']') {
                        return Ok(q + 1);
                    }
                }
            }
            _ => Ok(p + 1),
        }
    }

    /// Tests `c` against the set whose `[` is at `p` and `]` at `ec`.
    fn match_bracket(&self, c: u8, mut p: usize, ec: usize) -> bool {
        let pat = self.pat;
        let mut sig = true;
        if pat[p + 1] == b'^' {
            sig = false;
            p += 1;
        }
        p += 1;
        while p < ec {
            if pat[p] == b'%' {
                p += 1;
                if match_class(c, pat[p]) {
                    return sig;
                }
            } else if pat[p + 1] == b'-' && p + 2 < ec {
                if pat[p] <= c && c <= pat[p + 2] {
                    return sig;
                }
                p += 2;
            } else if pat[p] == c {
                return sig;
            }
            p += 1;
        }
        !sig
    }

    /// Tests the byte at `s` (if any) against the item `pat[p..ep]`.
    fn single_match(&self, s: usize, p: usize, ep: usize) -> bool {
        let Some(&c) = self.src.get(s) else {
            return false;
        };
        match self.pat[p] {
            b'.' => true,
            b'%' => match_class(c, self.pat[p + 1]),
            b'[' => self.match_bracket(c, p, ep - 1),
            pc => pc == c,
        }
    }

    /// Matches the pattern from `p` against the subject from `s`; returns the
    /// end of the match. Counts recursion depth.
    fn do_match(&mut self, s: usize, p: usize) -> PResult<Option<usize>> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(PatternError::TooComplex);
        }
        let r = self.match_inner(s, p);
        self.depth -= 1;
        r
    }

    fn match_inner(&mut self, mut s: usize, mut p: usize) -> PResult<Option<usize>> {
        let plen = self.pat.len();
        loop {
            if p == plen {
                return Ok(Some(s));
            }
            let next = self.pat.get(p + 1).copied();
            match self.pat[p] {
                b'(' if next == Some(b')') => return self.start_capture(s, p + 2, Slot::Position),
                b'(' => return self.start_capture(s, p + 1, Slot::Open),
                b')' => return self.end_capture(s, p + 1),
                b'$' if p + 1 == plen => return Ok((s == self.src.len()).then_some(s)),
                b'%' if next == Some(b'b') => match self.match_balance(s, p + 2)? {
                    Some(e) => {
                        s = e;
                        p += 4;
                    }
                    None => return Ok(None),
                },
                b'%' if next == Some(b'f') => {
                    p += 2;
                    if self.pat.get(p) != Some(&b'[') {
                        return Err(PatternError::MissingFrontierSet);
                    }
                    let ep = self.class_end(p)?;
                    let prev = if s == 0 { 0 } else { self.src[s - 1] };
                    let cur = self.src.get(s).copied().unwrap_or(0);
                    if self.match_bracket(prev, p, ep - 1) || !self.match_bracket(cur, p, ep - 1) {
                        return Ok(None);
                    }
                    p = ep;
                }
                b'%' if next.is_some_and(|c| c.is_ascii_digit()) => {
                    match self.match_backref(s, next.unwrap_or(b'0'))? {
                        Some(e) => {
                            s = e;
                            p += 2;
                        }
                        None => return Ok(None),
                    }
                }
                _ => {
                    let ep = self.class_end(p)?;
                    let m = self.single_match(s, p, ep);
                    match self.pat.get(ep) {
                        Some(b'?') => {
                            if m && let Some(e) = self.do_match(s + 1, ep + 1)? {
                                return Ok(Some(e));
                            }
                            p = ep + 1;
                        }
                        Some(b'*') => return self.max_expand(s, p, ep),
                        Some(b'+') if m => return self.max_expand(s + 1, p, ep),
                        Some(b'+') => return Ok(None),
                        Some(b'-') => return self.min_expand(s, p, ep),
                        _ if m => {
                            s += 1;
                            p = ep;
                        }
                        _ => return Ok(None),
                    }
                }
            }
        }
    }

    fn max_expand(&mut self, s: usize, p: usize, ep: usize) -> PResult<Option<usize>> {
        let mut i = 0;
        while self.single_match(s + i, p, ep) {
            i += 1;
        }
        loop {
            if let Some(e) = self.do_match(s + i, ep + 1)? {
                return Ok(Some(e));
            }
            if i == 0 {
                return Ok(None);
            }
            i -= 1;
        }
    }

    fn min_expand(&mut self, mut s: usize, p: usize, ep: usize) -> PResult<Option<usize>> {
        loop {
            if let Some(e) = self.do_match(s, ep + 1)? {
                return Ok(Some(e));
            }
            if !self.single_match(s, p, ep) {
                return Ok(None);
            }
            s += 1;
        }
    }

    fn start_capture(&mut self, s: usize, p: usize, slot: Slot) -> PResult<Option<usize>> {
        if self.level >= MAX_CAPTURES {
            return Err(PatternError::TooManyCaptures);
        }
        self.caps[self.level] = (s, slot);
        self.level += 1;
        let r = self.do_match(s, p)?;
        if r.is_none() {
            self.level -= 1;
        }
        Ok(r)
    }

    fn end_capture(&mut self, s: usize, p: usize) -> PResult<Option<usize>> {
        let l = (0..self.level)
            .rev()
            .find(|&l| matches!(self.caps[l].1, Slot::Open))
            .ok_or(PatternError::InvalidPatternCapture)?;
        self.caps[l].1 = Slot::Len(s - self.caps[l].0);
        let r = self.do_match(s, p)?;
        if r.is_none() {
            self.caps[l].1 = Slot::Open;
        }
        Ok(r)
    }

    /// `%bxy` with `x` at `pat[p]`.
    fn match_balance(&self, s: usize, p: usize) -> PResult<Option<usize>> {
        if p + 1 >= self.pat.len() {
            return Err(PatternError::Unbalanced);
        }
        let (open, close) = (self.pat[p], self.pat[p + 1]);
        if self.src.get(s) != Some(&open) {
            return Ok(None);
        }
        let mut depth = 1;
        for (i, &c) in self.src.iter().enumerate().skip(s + 1) {
            if c == close {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(i + 1));
                }
            } else if c == open {
                depth += 1;
            }
        }
        Ok(None)
    }

    /// Back-reference `%d`: matches a copy of a closed capture.
    fn match_backref(&self, s: usize, digit: u8) -> PResult<Option<usize>> {
        let l = (digit as usize).wrapping_sub(b'1' as usize);
        if l >= self.level {
            return Err(PatternError::InvalidCaptureIndex);
        }
        let (start, len) = match self.caps[l] {
            (start, Slot::Len(len)) => (start, len),
            (_, Slot::Open) => return Err(PatternError::InvalidCaptureIndex),
            // Lua 5.1 compares with the position marker as a huge length, so a
            // back-reference to a position capture never matches.
            (_, Slot::Position) => return Ok(None),
        };
        let cap = &self.src[start..start + len];
        Ok(self.src[s..].starts_with(cap).then_some(s + len))
    }

    fn captures(&self) -> Vec<Capture> {
        self.caps[..self.level]
            .iter()
            .map(|&(start, slot)| match slot {
                Slot::Open => Capture::Unfinished { start },
                Slot::Position => Capture::Position(start),
                Slot::Len(len) => Capture::Range {
                    start,
                    end: start + len,
                },
            })
            .collect()
    }

    fn try_at(&mut self, start: usize, p: usize) -> PResult<Option<Match>> {
        self.level = 0;
        self.depth = 0;
        Ok(self.do_match(start, p)?.map(|end| Match {
            start,
            end,
            captures: self.captures(),
        }))
    }
}

/// Try to match `pat` (without a leading '^'; the caller strips it) at
/// exactly offset `start` (<= `s.len()`).
pub fn match_at(s: &[u8], pat: &[u8], start: usize) -> Result<Option<Match>, PatternError> {
    Matcher::new(s, pat).try_at(start, 0)
}

/// `string.find`/`string.match` semantics: handles a leading '^' anchor and
/// scans from `init` (0-based, already clamped by the caller to `0..=s.len()`).
pub fn find(s: &[u8], pat: &[u8], init: usize) -> Result<Option<Match>, PatternError> {
    let (anchored, pat) = strip_anchor(pat);
    let mut m = Matcher::new(s, pat);
    for start in init..=s.len() {
        if let Some(found) = m.try_at(start, 0)? {
            return Ok(Some(found));
        }
        if anchored {
            break;
        }
    }
    Ok(None)
}

/// Splits a leading `^` off a pattern: `(anchored, rest)`.
pub fn strip_anchor(pat: &[u8]) -> (bool, &[u8]) {
    match pat.split_first() {
        Some((b'^', rest)) => (true, rest),
        _ => (false, pat),
    }
}

/// Iterator state for `string.gmatch` and `string.gsub`: yields successive
/// non-overlapping matches as Lua 5.1 does (after an empty match the scan
/// moves on by one byte; an anchored iterator tries only its start offset).
#[derive(Clone, Debug)]
pub struct MatchIter {
    pos: usize,
    anchored: bool,
    done: bool,
}

impl MatchIter {
    /// An iterator starting at offset `init`. With `anchored`, only a match at
    /// `init` is tried, once. The pattern passed to [`Self::next_match`] must
    /// not contain the anchor.
    pub fn new(init: usize, anchored: bool) -> Self {
        MatchIter {
            pos: init,
            anchored,
            done: false,
        }
    }

    /// State for `string.gmatch`: in Lua 5.1/LuaJIT, `^` is *not* an anchor
    /// there (it matches a literal `^`), so pass the pattern unchanged.
    pub fn gmatch() -> Self {
        Self::new(0, false)
    }

    /// State for `string.gsub`: strips an anchor and returns the pattern to
    /// pass to [`Self::next_match`].
    pub fn gsub(pat: &[u8]) -> (Self, &[u8]) {
        let (anchored, pat) = strip_anchor(pat);
        (Self::new(0, anchored), pat)
    }

    /// Returns the next match of `pat` in `s`, or `None` when exhausted.
    /// `s` and `pat` must be the same on every call.
    pub fn next_match(&mut self, s: &[u8], pat: &[u8]) -> Result<Option<Match>, PatternError> {
        if self.done {
            return Ok(None);
        }
        let mut m = Matcher::new(s, pat);
        while self.pos <= s.len() {
            let start = self.pos;
            if let Some(found) = m.try_at(start, 0)? {
                self.pos = if found.end == start {
                    start + 1
                } else {
                    found.end
                };
                self.done = self.anchored;
                return Ok(Some(found));
            }
            if self.anchored {
                break;
            }
            self.pos += 1;
        }
        self.done = true;
        Ok(None)
    }
}

/// Expands a `string.gsub` replacement string for match `m` of subject `s`:
/// `%0` is the whole match, `%1`..`%9` captures (position captures as their
/// 1-based decimal offset; `%1` is the whole match if the pattern has no
/// captures), and `%` before any other byte inserts that byte (a `%` at the
/// very end inserts a NUL byte, as LuaJIT reads the C string terminator).
pub fn expand_replacement(
    repl: &[u8],
    s: &[u8],
    m: &Match,
    out: &mut Vec<u8>,
) -> Result<(), PatternError> {
    let mut i = 0;
    while i < repl.len() {
        let c = repl[i];
        i += 1;
        if c != b'%' {
            out.push(c);
            continue;
        }
        let d = repl.get(i).copied().unwrap_or(0);
        i += 1;
        if !d.is_ascii_digit() {
            out.push(d);
        } else if d == b'0' || (d == b'1' && m.captures.is_empty()) {
            out.extend_from_slice(&s[m.start..m.end]);
        } else {
            match m.captures.get(usize::from(d - b'1')) {
                None => return Err(PatternError::InvalidCaptureIndex),
                Some(Capture::Unfinished { .. }) => return Err(PatternError::UnfinishedCapture),
                Some(&Capture::Range { start, end }) => out.extend_from_slice(&s[start..end]),
                Some(&Capture::Position(p)) => {
                    out.extend_from_slice((p + 1).to_string().as_bytes())
                }
            }
        }
    }
    Ok(())
}

/// `string.gsub(s, pat, repl)` for a string `repl`, replacing at most
/// `max_n` matches (`None` = all). Returns the new string and match count.
pub fn gsub(
    s: &[u8],
    pat: &[u8],
    repl: &[u8],
    max_n: Option<usize>,
) -> Result<(Vec<u8>, usize), PatternError> {
    let (mut it, pat) = MatchIter::gsub(pat);
    let (mut out, mut n, mut copied) = (Vec::with_capacity(s.len()), 0, 0);
    while max_n.is_none_or(|max| n < max) {
        let Some(m) = it.next_match(s, pat)? else {
            break;
        };
        out.extend_from_slice(&s[copied..m.start]);
        expand_replacement(repl, s, &m, &mut out)?;
        copied = m.end;
        n += 1;
    }
    out.extend_from_slice(&s[copied..]);
    Ok((out, n))
}

#[cfg(test)]
#[path = "lpattern_tests.rs"]
mod tests;
