//! Lua tables: an array part for keys `1..=n` and an insertion-ordered hash part.
//!
//! Iteration order (`next`) is deterministic: the array part in index order, then hash keys
//! in insertion order. Assigning `nil` to a hash key leaves a tombstone so that traversal
//! with `next` keeps working while fields are cleared, as Lua allows.

use crate::value::{TableId, Value};
use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;
use std::hash::{Hash, Hasher};

/// A hashable table key: any value but `nil` and NaN, with `-0` folded into `0`.
#[derive(Clone, Copy, Debug)]
pub struct Key(Value);

impl Key {
    /// The key for `v`; `None` for `nil` and NaN, which cannot be keys.
    #[inline]
    pub fn new(v: Value) -> Option<Key> {
        match v {
            Value::Nil => None,
            Value::Num(n) if n.is_nan() => None,
            Value::Num(0.0) => Some(Key(Value::Num(0.0))),
            v => Some(Key(v)),
        }
    }
    /// The key as a value.
    pub fn value(self) -> Value {
        self.0
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        match (self.0, other.0) {
            (Value::Num(a), Value::Num(b)) => a.to_bits() == b.to_bits(),
            (a, b) => a.raw_eq(b),
        }
    }
}
impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self.0 {
            Value::Nil => 0u64.hash(h),
            Value::Bool(b) => (1 + b as u64).hash(h),
            Value::Num(n) => n.to_bits().hash(h),
            Value::Str(s) => (u64::from(s.0) | 1 << 40).hash(h),
            Value::Table(t) => (u64::from(t.0) | 2 << 40).hash(h),
            Value::Func(f) => (u64::from(f.0) | 3 << 40).hash(h),
            Value::Thread(t) => (u64::from(t.0) | 4 << 40).hash(h),
        }
    }
}

/// Why a key cannot be stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadKey {
    /// `t[nil] = v`.
    Nil,
    /// `t[0/0] = v`.
    NaN,
}

/// `next` was given a key the table does not have ("invalid key to 'next'").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAKey;

/// A Lua table.
#[derive(Debug)]
pub struct Table {
    /// `t[1]..t[n]`.
    pub(crate) arr: Vec<Value>,
    pub(crate) hash: IndexMap<Key, Value, FxBuildHasher>,
    tombstones: usize,
    /// The metatable, if any.
    pub meta: Option<TableId>,
}

/// The array index of `n` if it is an integer >= 1 (as an offset into `arr`).
#[inline]
fn array_index(n: f64) -> Option<usize> {
    let i = n as usize;
    (i as f64 == n && i >= 1).then(|| i - 1)
}

/// Bytes a hash entry takes (key, value, and the index's slot).
const HASH_ENTRY_BYTES: usize = 16 + 16 + 16;
/// Bytes of a table besides its parts: the struct in its heap slot, and the allocator's
/// headers of its parts.
const TABLE_HEADER_BYTES: usize = std::mem::size_of::<Table>() + 8 + 32;

impl Clone for Table {
    fn clone(&self) -> Table {
        let t = Table {
            arr: self.arr.clone(),
            hash: self.hash.clone(),
            tombstones: self.tombstones,
            meta: self.meta,
        };
        crate::memory::tables_grew(t.footprint() as i64);
        t
    }
}

impl Default for Table {
    fn default() -> Table {
        Table::with_capacity(0, 0)
    }
}

impl Drop for Table {
    fn drop(&mut self) {
        crate::memory::tables_grew(-(self.footprint() as i64));
    }
}

impl Table {
    /// An empty table with room for `narr` array and `nhash` hash entries.
    #[inline(never)]
    pub fn with_capacity(narr: usize, nhash: usize) -> Table {
        let t = Table {
            arr: Vec::with_capacity(narr),
            hash: IndexMap::with_capacity_and_hasher(nhash, FxBuildHasher),
            tombstones: 0,
            meta: None,
        };
        crate::memory::tables_grew(t.footprint() as i64);
        t
    }

    /// Bytes of the table: its header (and its heap slot) and its array and hash
    /// parts, as allocated.
    fn footprint(&self) -> usize {
        TABLE_HEADER_BYTES
            + self.arr.capacity() * std::mem::size_of::<Value>()
            + self.hash.capacity() * HASH_ENTRY_BYTES
    }

    /// Report a change of footprint from `before` (a reallocation).
    #[inline(never)]
    fn regrown(&self, before: usize) {
        let after = self.footprint();
        if after != before {
            crate::memory::tables_grew(after as i64 - before as i64);
        }
    }

    /// `rawget(t, k)`.
    #[inline]
    pub fn get(&self, k: Value) -> Value {
        if let Value::Num(n) = k
            && let Some(i) = array_index(n)
            && let Some(v) = self.arr.get(i)
        {
            return *v;
        }
        match Key::new(k) {
            Some(key) => self.hash.get(&key).copied().unwrap_or(Value::Nil),
            None => Value::Nil,
        }
    }

    /// `rawget(t, i)` for an integer index.
    #[inline]
    pub fn get_int(&self, i: i64) -> Value {
        if i >= 1 && (i as usize) <= self.arr.len() {
            self.arr[i as usize - 1]
        } else {
            self.get(Value::Num(i as f64))
        }
    }

    /// `rawget(t, s)` for a string key.
    #[inline]
    pub fn get_str(&self, s: crate::StrId) -> Value {
        self.hash
            .get(&Key(Value::Str(s)))
            .copied()
            .unwrap_or(Value::Nil)
    }

    /// `rawget(t, s)` through an inline cache: `slot` remembers where the key was found
    /// last time (in this or another table built the same way), which saves hashing
    /// when the guess is right.
    #[inline]
    pub fn get_str_cached(&self, s: crate::StrId, slot: &std::cell::Cell<u32>) -> Value {
        if let Some((k, v)) = self.hash.get_index(slot.get() as usize)
            && matches!(k.0, Value::Str(x) if x == s)
        {
            return *v;
        }
        match self.hash.get_full(&Key(Value::Str(s))) {
            Some((i, _, v)) => {
                slot.set(i as u32);
                *v
            }
            None => Value::Nil,
        }
    }

    /// `rawset(t, s, v)` through an inline cache (see [`Table::get_str_cached`]).
    #[inline]
    pub fn set_str_cached(&mut self, s: crate::StrId, v: Value, slot: &std::cell::Cell<u32>) {
        let i = slot.get() as usize;
        if let Some((k, _)) = self.hash.get_index(i)
            && matches!(k.0, Value::Str(x) if x == s)
        {
            self.replace_at(i, v);
            return;
        }
        match self.hash.get_index_of(&Key(Value::Str(s))) {
            Some(i) => {
                slot.set(i as u32);
                self.replace_at(i, v);
            }
            None => self.set_hash(Key(Value::Str(s)), v),
        }
    }

    /// Overwrite the value of hash entry `i`, keeping the tombstone count.
    #[inline]
    fn replace_at(&mut self, i: usize, v: Value) {
        let slot = &mut self.hash[i];
        if slot.is_nil() != v.is_nil() {
            if v.is_nil() {
                self.tombstones += 1;
            } else {
                self.tombstones -= 1;
            }
        }
        *slot = v;
    }

    /// `rawset(t, k, v)`.
    pub fn set(&mut self, k: Value, v: Value) -> Result<(), BadKey> {
        if let Value::Num(n) = k
            && let Some(i) = array_index(n)
        {
            if i < self.arr.len() {
                self.arr[i] = v;
                return Ok(());
            }
            if i == self.arr.len() && !v.is_nil() {
                self.push_array(v);
                return Ok(());
            }
        }
        let key = match Key::new(k) {
            Some(key) => key,
            None if k.is_nil() => return Err(BadKey::Nil),
            None => return Err(BadKey::NaN),
        };
        self.set_hash(key, v);
        Ok(())
    }

    /// Set an integer key.
    pub fn set_int(&mut self, i: i64, v: Value) {
        self.set(Value::Num(i as f64), v)
            .expect("integer keys are valid");
    }

    #[inline(never)]
    fn set_hash(&mut self, key: Key, v: Value) {
        match self.hash.get_index_of(&key) {
            Some(idx) => {
                let slot = &mut self.hash[idx];
                if slot.is_nil() && !v.is_nil() {
                    self.tombstones -= 1;
                } else if !slot.is_nil() && v.is_nil() {
                    self.tombstones += 1;
                }
                *slot = v;
            }
            None if v.is_nil() => {}
            None => {
                if self.tombstones > 8 && self.tombstones * 2 > self.hash.len() {
                    self.hash.retain(|_, v| !v.is_nil());
                    self.tombstones = 0;
                }
                let before = self.footprint();
                self.hash.insert(key, v);
                self.regrown(before);
            }
        }
    }

    /// Append to the array part, then move following integer keys over from the hash part.
    #[inline(never)]
    fn push_array(&mut self, v: Value) {
        let before = self.footprint();
        self.arr.push(v);
        self.regrown(before);
        if self.hash.len() > self.tombstones {
            loop {
                let next = Key(Value::Num((self.arr.len() + 1) as f64));
                match self.hash.get_index_of(&next) {
                    Some(idx) if !self.hash[idx].is_nil() => {
                        let moved = std::mem::take(&mut self.hash[idx]);
                        self.tombstones += 1;
                        let before = self.footprint();
                        self.arr.push(moved);
                        self.regrown(before);
                    }
                    _ => break,
                }
            }
        }
    }

    /// The length operator `#t` (without metamethods): a border, found as LuaJIT does
    /// (binary search in the array part if it ends in nil, else probe the hash part).
    pub fn len(&self) -> usize {
        let mut j = self.arr.len();
        if j > 0 && self.arr[j - 1].is_nil() {
            let mut i = 0;
            while j - i > 1 {
                let m = (i + j) / 2;
                if self.arr[m - 1].is_nil() {
                    j = m;
                } else {
                    i = m;
                }
            }
            return i;
        }
        if self.hash.len() == self.tombstones {
            return j;
        }
        // Unbound search in the hash part.
        let mut i = j;
        j += 1;
        while !self.get_int(j as i64).is_nil() {
            i = j;
            if j > usize::MAX / 4 {
                let mut k = 1;
                while !self.get_int(k).is_nil() {
                    k += 1;
                }
                return k as usize - 1;
            }
            j *= 2;
        }
        while j - i > 1 {
            let m = (i + j) / 2;
            if self.get_int(m as i64).is_nil() {
                j = m;
            } else {
                i = m;
            }
        }
        i
    }

    /// Whether the table has no array or hash entries (tombstones aside).
    pub fn is_empty(&self) -> bool {
        self.arr.iter().all(|v| v.is_nil()) && self.hash.len() == self.tombstones
    }

    /// `next(t, k)`: the entry after `k` (`nil` starts), or `None` at the end.
    /// `Err(NotAKey)` if `k` is not a key of the table.
    pub fn next(&self, k: Value) -> Result<Option<(Value, Value)>, NotAKey> {
        let mut start_arr = 0;
        let mut start_hash = 0;
        match k {
            Value::Nil => {}
            Value::Num(n) if array_index(n).is_some_and(|i| i < self.arr.len()) => {
                start_arr = array_index(n).unwrap() + 1;
            }
            _ => {
                let key = Key::new(k).ok_or(NotAKey)?;
                start_arr = self.arr.len();
                start_hash = self.hash.get_index_of(&key).ok_or(NotAKey)? + 1;
            }
        }
        for i in start_arr..self.arr.len() {
            if !self.arr[i].is_nil() {
                return Ok(Some((Value::Num((i + 1) as f64), self.arr[i])));
            }
        }
        for idx in start_hash..self.hash.len() {
            let (key, v) = self.hash.get_index(idx).unwrap();
            if !v.is_nil() {
                return Ok(Some((key.0, *v)));
            }
        }
        Ok(None)
    }

    /// Every value and key, for the garbage collector.
    pub(crate) fn for_each_ref(&self, mut f: impl FnMut(Value)) {
        for v in &self.arr {
            f(*v);
        }
        for (k, v) in &self.hash {
            if !v.is_nil() {
                f(k.0);
                f(*v);
            }
        }
        if let Some(m) = self.meta {
            f(Value::Table(m));
        }
    }

    /// Insert at position `pos` (1-based) shifting up, as `table.insert(t, pos, v)`.
    pub fn insert(&mut self, pos: usize, v: Value, len: usize) {
        if len == self.arr.len() && pos >= 1 && pos <= len + 1 {
            let before = self.footprint();
            self.arr.insert(pos - 1, v);
            self.regrown(before);
            return;
        }
        let mut i = len;
        while i >= pos {
            let x = self.get_int(i as i64);
            self.set_int(i as i64 + 1, x);
            i -= 1;
        }
        self.set_int(pos as i64, v);
    }

    /// Remove position `pos` (1-based) shifting down, as `table.remove(t, pos)`.
    pub fn remove(&mut self, pos: usize, len: usize) -> Value {
        if len == self.arr.len() && pos >= 1 && pos <= len {
            return self.arr.remove(pos - 1);
        }
        let v = self.get_int(pos as i64);
        for i in pos..len {
            let x = self.get_int(i as i64 + 1);
            self.set_int(i as i64, x);
        }
        self.set_int(len as i64, Value::Nil);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(x: f64) -> Value {
        Value::Num(x)
    }

    #[test]
    fn array_grows_and_migrates() {
        let mut t = Table::default();
        t.set(n(2.0), n(20.0)).unwrap();
        t.set(n(3.0), n(30.0)).unwrap();
        assert_eq!(t.arr.len(), 0);
        t.set(n(1.0), n(10.0)).unwrap();
        assert_eq!(t.arr.len(), 3);
        assert_eq!(t.len(), 3);
        assert!(t.get(n(3.0)).raw_eq(n(30.0)));
    }

    #[test]
    fn next_walks_array_then_hash_and_survives_clearing() {
        let mut t = Table::default();
        t.set_int(1, n(1.0));
        t.set(n(1.5), n(2.0)).unwrap();
        t.set(Value::Bool(true), n(3.0)).unwrap();
        let mut seen = vec![];
        let mut k = Value::Nil;
        while let Some((nk, v)) = t.next(k).unwrap() {
            seen.push(v);
            t.set(nk, Value::Nil).unwrap();
            k = nk;
        }
        assert_eq!(seen.len(), 3);
        assert!(t.is_empty());
    }

    #[test]
    fn bad_keys() {
        let mut t = Table::default();
        assert_eq!(t.set(Value::Nil, n(1.0)), Err(BadKey::Nil));
        assert_eq!(t.set(n(f64::NAN), n(1.0)), Err(BadKey::NaN));
        assert!(t.get(Value::Nil).is_nil());
    }

    #[test]
    fn negative_zero_is_zero() {
        let mut t = Table::default();
        t.set(n(-0.0), n(5.0)).unwrap();
        assert!(t.get(n(0.0)).raw_eq(n(5.0)));
    }

    #[test]
    fn border_with_trailing_nil() {
        let mut t = Table::default();
        for i in 1..=8 {
            t.set_int(i, n(i as f64));
        }
        t.set_int(8, Value::Nil);
        assert_eq!(t.len(), 7);
    }
}
