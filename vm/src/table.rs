//! Lua tables laid out as LuaJIT 2.1 lays them out (`lj_tab.c`): an array part for the
//! integer keys `0..asize` and a hash part of `2^hbits` nodes, chained from each key's
//! main position with Brent's variation, free nodes taken from the top down. When no
//! node is free, the table is rehashed: integer keys are counted in power-of-two bins,
//! the array part gets the largest size that stays more than half full
//! (`rehashtab`, `countint`, `bestasize`), and everything else goes to a hash part
//! sized for it.
//!
//! So `next`/`pairs` visit the array part in index order (0 first), then the nodes in
//! node order, as LuaJIT does: for number and boolean keys the order is LuaJIT's. Strings
//! hash by their interned id, as LuaJIT 2.1 hashes them by the order they were interned
//! (`GCstr.sid`); hotsim interns a different set of strings before a program runs, so
//! string-key order follows the same rule without being the same order (and Debian's
//! 2.1.0-beta3 seeds its string hash at random, so it varies from run to run there).
//! Tables, functions and coroutines hash by their id where LuaJIT hashes an address.
//!
//! Assigning `nil` keeps the key in its node (a dead key) until the next rehash, so
//! traversal with `next` keeps working while fields are cleared, as Lua allows.

use crate::value::{TableId, Value};

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

/// Why a key cannot be stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadKey {
    /// `t[nil] = v`.
    Nil,
    /// `t[0/0] = v`.
    NaN,
    /// The array or hash part would pass LuaJIT's limits ("table overflow").
    Overflow,
}

/// `next` was given a key the table does not have ("invalid key to 'next'").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAKey;

/// No next node.
const NONE: u32 = u32::MAX;

/// Most array slots (LuaJIT's `LJ_MAX_ASIZE`).
const MAX_ASIZE: usize = (1 << 27) + 1;
/// Most hash bits (LuaJIT's `LJ_MAX_HBITS`).
const MAX_HBITS: u32 = 26;
/// Bins of integer keys counted at a rehash (LuaJIT's `LJ_MAX_ABITS`).
const MAX_ABITS: usize = 28;

/// One hash node: a key, its value and the next node of its chain.
#[derive(Clone, Copy, Debug)]
struct Node {
    key: Value,
    val: Value,
    next: u32,
}

const FREE_NODE: Node = Node {
    key: Value::Nil,
    val: Value::Nil,
    next: NONE,
};

/// A Lua table.
#[derive(Debug)]
pub struct Table {
    /// The array part: `arr[i]` is key `i`, for `0 <= i < asize`.
    pub(crate) arr: Vec<Value>,
    /// The hash part: `2^hbits` nodes, or none.
    node: Vec<Node>,
    /// Free nodes are searched below this index.
    freetop: u32,
    /// The metatable, if any.
    pub meta: Option<TableId>,
}

/// LuaJIT's `hashrot` (its x86 variant): scrambles the two halves of a number or an
/// address into a hash.
#[inline]
fn hashrot(lo: u32, hi: u32) -> u32 {
    let lo = lo ^ hi;
    let hi = hi.rotate_left(14);
    let lo = lo.wrapping_sub(hi);
    let hi = hi.rotate_left(5);
    let hi = hi ^ lo;
    hi.wrapping_sub(lo.rotate_left(13))
}

/// LuaJIT's `HASH_BIAS`, mixed into 32-bit addresses.
const HASH_BIAS: u32 = (-0x04c1_1db7i32) as u32;

/// The hash of a key (before masking), as `hashkey` in `lj_tab.c` computes it.
#[inline]
fn hash_of(key: Value) -> u32 {
    match key {
        Value::Str(s) => s.0,
        Value::Num(n) => {
            let bits = n.to_bits();
            hashrot(bits as u32, ((bits >> 32) as u32) << 1)
        }
        Value::Bool(b) => u32::from(b),
        // The ids stand for addresses, as `tostring` shows them.
        Value::Table(t) => hash_addr(0x4000_0000 + 64 * t.0),
        Value::Func(f) => hash_addr(0x4100_0000 + 64 * f.0),
        Value::Thread(t) => hash_addr(0x4200_0000 + 64 * t.0),
        Value::Nil => 0,
    }
}

#[inline]
fn hash_addr(a: u32) -> u32 {
    hashrot(a, a.wrapping_add(HASH_BIAS))
}

/// Raw key equality (numbers by value, so `-0` finds `0`).
#[inline]
fn key_eq(a: Value, b: Value) -> bool {
    a.raw_eq(b)
}

/// The integer `n` is, if it is one that fits an `i32` (LuaJIT's `lj_num2int_check`).
#[inline]
fn int_key(n: f64) -> Option<i32> {
    let i = n as i32;
    (f64::from(i) == n).then_some(i)
}

/// LuaJIT's `hsize2hbits`: hash bits for `s` entries.
pub(crate) fn hsize2hbits(s: u32) -> u32 {
    match s {
        0 => 0,
        1 => 1,
        s => 1 + (31 - (s - 1).leading_zeros()),
    }
}

/// Bytes a hash node takes.
const NODE_BYTES: usize = std::mem::size_of::<Node>();
/// Bytes of a table besides its parts: the struct in its heap slot, and the allocator's
/// headers of its parts.
const TABLE_HEADER_BYTES: usize = std::mem::size_of::<Table>() + 8 + 32;

impl Clone for Table {
    fn clone(&self) -> Table {
        let t = Table {
            arr: self.arr.clone(),
            node: self.node.clone(),
            freetop: self.freetop,
            meta: self.meta,
        };
        crate::memory::tables_grew(t.footprint() as i64);
        t
    }
}

impl Default for Table {
    fn default() -> Table {
        Table::sized(0, 0)
    }
}

impl Drop for Table {
    fn drop(&mut self) {
        crate::memory::tables_grew(-(self.footprint() as i64));
    }
}

impl Table {
    /// A table with an array part of `asize` slots (keys `0..asize`) and a hash part of
    /// `2^hbits` nodes (none for 0), as LuaJIT's `lj_tab_new`.
    #[inline(never)]
    pub fn sized(asize: usize, hbits: u32) -> Table {
        let nodes = if hbits > 0 { 1usize << hbits } else { 0 };
        let t = Table {
            arr: vec![Value::Nil; asize],
            node: vec![FREE_NODE; nodes],
            freetop: nodes as u32,
            meta: None,
        };
        crate::memory::tables_grew(t.footprint() as i64);
        t
    }

    /// An empty table with room for keys `1..=narr` in its array part and `nhash` other
    /// keys in its hash part (LuaJIT's `lj_tab_new_ah`, the C API's `lua_createtable`).
    pub fn with_capacity(narr: usize, nhash: usize) -> Table {
        Table::sized(
            if narr > 0 { narr + 1 } else { 0 },
            hsize2hbits(nhash as u32),
        )
    }

    /// The table a `TNEW` with operand `d` makes: array size in the low 11 bits, hash
    /// bits above them, as LuaJIT's parser encodes them. The largest size, 0x7ff, stands
    /// for 0x801 slots (LuaJIT's `BC_TNEW` in vm_x64.dasc, and `rec_tnew`).
    pub fn from_tnew(d: u32) -> Table {
        let asize = match d & 0x7ff {
            0x7ff => 0x801,
            a => a,
        };
        Table::sized(asize as usize, d >> 11)
    }

    /// A copy of a constructor's template (LuaJIT's `lj_tab_dup`): the same layout, with
    /// the template's placeholders (a table value keeps a key whose value the
    /// constructor stores at run time) turned into `nil`.
    #[inline(never)]
    pub fn dup(&self) -> Table {
        let mut t = self.clone();
        for n in &mut t.node {
            if matches!(n.val, Value::Table(_)) {
                n.val = Value::Nil;
            }
        }
        t
    }

    /// Grow the array part to `narr` slots, keeping the hash part's size (LuaJIT's
    /// `lj_tab_reasize`).
    pub fn reasize(&mut self, narr: usize) -> Result<(), BadKey> {
        let hbits = if self.node.is_empty() {
            0
        } else {
            self.node.len().trailing_zeros()
        };
        self.resize(narr, hbits)
    }

    /// Bytes of the table: its header and its array and hash parts, as allocated.
    fn footprint(&self) -> usize {
        TABLE_HEADER_BYTES
            + self.arr.capacity() * std::mem::size_of::<Value>()
            + self.node.capacity() * NODE_BYTES
    }

    /// The node holding `key`, if any (dead keys included).
    #[inline]
    fn find(&self, key: Value) -> Option<usize> {
        if self.node.is_empty() {
            return None;
        }
        let mask = self.node.len() - 1;
        let mut n = hash_of(key) as usize & mask;
        loop {
            let node = &self.node[n];
            if key_eq(node.key, key) {
                return Some(n);
            }
            if node.next == NONE {
                return None;
            }
            n = node.next as usize;
        }
    }

    /// `rawget(t, k)`.
    #[inline]
    pub fn get(&self, k: Value) -> Value {
        match k {
            Value::Num(n) => match int_key(n) {
                Some(i) => self.get_i32(i),
                None => self.get_hashed(k),
            },
            Value::Nil => Value::Nil,
            _ => self.get_hashed(k),
        }
    }

    #[inline]
    fn get_hashed(&self, k: Value) -> Value {
        self.find(k).map_or(Value::Nil, |n| self.node[n].val)
    }

    #[inline]
    fn get_i32(&self, i: i32) -> Value {
        match self.arr.get(i as u32 as usize) {
            Some(v) => *v,
            None => self.get_hashed(Value::Num(f64::from(i))),
        }
    }

    /// `rawget(t, i)` for an integer index.
    #[inline]
    pub fn get_int(&self, i: i64) -> Value {
        match i32::try_from(i) {
            Ok(i) => self.get_i32(i),
            Err(_) => self.get_hashed(Value::Num(i as f64)),
        }
    }

    /// `rawget(t, s)` for a string key.
    #[inline]
    pub fn get_str(&self, s: crate::StrId) -> Value {
        self.get_hashed(Value::Str(s))
    }

    /// `rawget(t, s)` through an inline cache: `slot` remembers which node held the key
    /// last time (in this or another table built the same way), which saves the chain
    /// walk when the guess is right.
    #[inline]
    pub fn get_str_cached(&self, s: crate::StrId, slot: &std::cell::Cell<u32>) -> Value {
        if let Some(node) = self.node.get(slot.get() as usize)
            && matches!(node.key, Value::Str(x) if x == s)
        {
            return node.val;
        }
        match self.find(Value::Str(s)) {
            Some(n) => {
                slot.set(n as u32);
                self.node[n].val
            }
            None => Value::Nil,
        }
    }

    /// `rawset(t, s, v)` through an inline cache (see [`Table::get_str_cached`]).
    #[inline]
    pub fn set_str_cached(&mut self, s: crate::StrId, v: Value, slot: &std::cell::Cell<u32>) {
        let i = slot.get() as usize;
        if let Some(node) = self.node.get_mut(i)
            && matches!(node.key, Value::Str(x) if x == s)
        {
            node.val = v;
            return;
        }
        match self.find(Value::Str(s)) {
            Some(n) => {
                slot.set(n as u32);
                self.node[n].val = v;
            }
            None => {
                // String keys never overflow: a new node or a rehash always has room.
                let _ = self.set_new(Value::Str(s), v);
            }
        }
    }

    /// `rawset(t, k, v)` (LuaJIT's `lj_tab_set` and a store).
    pub fn set(&mut self, k: Value, v: Value) -> Result<(), BadKey> {
        let key = match k {
            Value::Num(n) => match int_key(n) {
                Some(i) => return self.set_i32(i, v),
                None if n.is_nan() => return Err(BadKey::NaN),
                None => k,
            },
            Value::Nil => return Err(BadKey::Nil),
            _ => k,
        };
        match self.find(key) {
            Some(n) => {
                self.node[n].val = v;
                Ok(())
            }
            None => self.set_new(key, v),
        }
    }

    #[inline]
    fn set_i32(&mut self, i: i32, v: Value) -> Result<(), BadKey> {
        if let Some(slot) = self.arr.get_mut(i as u32 as usize) {
            *slot = v;
            return Ok(());
        }
        let key = Value::Num(f64::from(i));
        match self.find(key) {
            Some(n) => {
                self.node[n].val = v;
                Ok(())
            }
            None => self.set_new(key, v),
        }
    }

    /// Set an integer key.
    pub fn set_int(&mut self, i: i64, v: Value) {
        // Integer keys only overflow a table past LuaJIT's limits; the caller's own
        // checks (table.insert, the VM's stores) report that.
        let _ = match i32::try_from(i) {
            Ok(i) => self.set_i32(i, v),
            Err(_) => self.set(Value::Num(i as f64), v),
        };
    }

    /// Store `v` under a key the table does not have (LuaJIT stores even `nil`: the key
    /// then holds a node until the next rehash).
    #[inline(never)]
    fn set_new(&mut self, key: Value, v: Value) -> Result<(), BadKey> {
        match self.newkey(key) {
            Some(n) => {
                self.node[n].val = v;
                Ok(())
            }
            None => {
                self.rehash(key)?;
                self.set(key, v)
            }
        }
    }

    /// LuaJIT's `lj_tab_newkey`: a node for `key` (not in the table), using Brent's
    /// variation; `None` if no node is free (the table must be rehashed).
    fn newkey(&mut self, key: Value) -> Option<usize> {
        if self.node.is_empty() {
            return None;
        }
        let mask = self.node.len() - 1;
        let mut n = hash_of(key) as usize & mask;
        if !self.node[n].val.is_nil() {
            // Find a free node: one whose key was never set.
            let mut free = self.freetop as usize;
            loop {
                if free == 0 {
                    return None;
                }
                free -= 1;
                if self.node[free].key.is_nil() {
                    break;
                }
            }
            self.freetop = free as u32;
            let mut collide = hash_of(self.node[n].key) as usize & mask;
            if collide != n {
                // The occupant is not in its main position: move it to the free node.
                while self.node[collide].next as usize != n {
                    collide = self.node[collide].next as usize;
                }
                self.node[collide].next = free as u32;
                self.node[free] = self.node[n];
                self.node[n].next = NONE;
                self.node[n].val = Value::Nil;
                self.rechain(free, n, mask);
            } else {
                // The occupant is in its main position: the new key goes to the free node,
                // second in the chain.
                self.node[free].next = self.node[n].next;
                self.node[n].next = free as u32;
                n = free;
            }
        }
        // -0 is stored as 0.
        self.node[n].key = match key {
            Value::Num(0.0) => Value::Num(0.0),
            k => k,
        };
        Some(n)
    }

    /// After `newkey` moved a node from main position `n` to `free`: keys down the moved
    /// chain whose main position is `n` (dead keys brought back) are chained from `n`
    /// again, and then every live key off its main position is rechained to it, as
    /// `lj_tab_newkey` does.
    fn rechain(&mut self, free: usize, n: usize, mask: usize) {
        let main = |t: &Table, i: usize| hash_of(t.node[i].key) as usize & mask;
        let mut f = free;
        while self.node[f].next != NONE {
            let nn = self.node[f].next as usize;
            if self.node[nn].val.is_nil() || main(self, nn) != n {
                f = nn;
                continue;
            }
            self.node[f].next = self.node[nn].next;
            self.node[nn].next = self.node[n].next;
            self.node[n].next = nn as u32;
            while self.node[f].next != NONE {
                let nn = self.node[f].next as usize;
                let mn = main(self, nn);
                if !self.node[nn].val.is_nil() && mn != f && mn != nn {
                    self.node[f].next = self.node[nn].next;
                    self.node[nn].next = self.node[mn].next;
                    self.node[mn].next = nn as u32;
                } else {
                    f = nn;
                }
            }
            return;
        }
    }

    /// LuaJIT's `rehashtab`: size the parts for the keys in use plus `extra`.
    fn rehash(&mut self, extra: Value) -> Result<(), BadKey> {
        let mut bins = [0u32; MAX_ABITS];
        let mut na = self.count_array(&mut bins);
        let mut total = 1 + na;
        for node in &self.node {
            if !node.val.is_nil() {
                na += count_int(node.key, &mut bins);
                total += 1;
            }
        }
        na += count_int(extra, &mut bins);
        let (asize, in_array) = best_asize(&bins, na);
        total -= in_array;
        self.resize(asize as usize, hsize2hbits(total))
    }

    /// LuaJIT's `countarray`: non-nil array slots per power-of-two bin.
    fn count_array(&self, bins: &mut [u32; MAX_ABITS]) -> u32 {
        let asize = self.arr.len();
        if asize == 0 {
            return 0;
        }
        let mut na = 0;
        let mut i = 0usize;
        for (b, bin) in bins.iter_mut().enumerate() {
            let mut top = 2usize << b;
            if top >= asize {
                top = asize - 1;
                if i > top {
                    break;
                }
            }
            let mut n = 0;
            while i <= top {
                if !self.arr[i].is_nil() {
                    n += 1;
                }
                i += 1;
            }
            *bin += n;
            na += n;
        }
        na
    }

    /// LuaJIT's `lj_tab_resize`: new part sizes, everything reinserted.
    #[inline(never)]
    fn resize(&mut self, asize: usize, hbits: u32) -> Result<(), BadKey> {
        if asize > MAX_ASIZE || hbits > MAX_HBITS {
            return Err(BadKey::Overflow);
        }
        let before = self.footprint();
        let old_asize = self.arr.len();
        if asize > old_asize {
            self.arr.resize(asize, Value::Nil);
        }
        let nodes = if hbits > 0 { 1usize << hbits } else { 0 };
        let old_node = std::mem::replace(&mut self.node, vec![FREE_NODE; nodes]);
        self.freetop = nodes as u32;
        if asize < old_asize {
            let moved: Vec<(usize, Value)> = (asize..old_asize)
                .filter(|&i| !self.arr[i].is_nil())
                .map(|i| (i, self.arr[i]))
                .collect();
            self.arr.truncate(asize);
            self.arr.shrink_to_fit();
            for (i, v) in moved {
                self.set_i32(i as i32, v)?;
            }
        }
        for n in &old_node {
            if !n.val.is_nil() {
                self.set(n.key, n.val)?;
            }
        }
        drop(old_node);
        let after = self.footprint();
        crate::memory::tables_grew(after as i64 - before as i64);
        Ok(())
    }

    /// The length operator `#t` (without metamethods): a border, found as LuaJIT's
    /// `lj_tab_len` finds it.
    pub fn len(&self) -> usize {
        let mut hi = self.arr.len();
        hi = hi.saturating_sub(1);
        if hi > 0 && self.arr[hi].is_nil() {
            // A growing array: binary search for a non-nil to nil transition.
            let mut lo = 0;
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if self.arr[mid].is_nil() {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            return lo;
        }
        if self.node.is_empty() {
            return hi;
        }
        self.len_slow(hi)
    }

    /// LuaJIT's `tab_len_slow`: an unbounded search through the hash part.
    fn len_slow(&self, start: usize) -> usize {
        let mut lo = start;
        let mut hi = start + 1;
        while !self.get_int(hi as i64).is_nil() {
            lo = hi;
            hi += hi;
            if hi > 0x7fff_ffff - 2 {
                let mut k = 1;
                while !self.get_int(k).is_nil() {
                    k += 1;
                }
                return k as usize - 1;
            }
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if self.get_int(mid as i64).is_nil() {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        lo
    }

    /// Whether the table has no entries (dead keys aside).
    pub fn is_empty(&self) -> bool {
        self.arr.iter().all(|v| v.is_nil()) && self.node.iter().all(|n| n.val.is_nil())
    }

    /// `next(t, k)`: the entry after `k` (`nil` starts), or `None` at the end.
    /// `Err(NotAKey)` if `k` is not a key of the table (LuaJIT's `lj_tab_next`).
    pub fn next(&self, k: Value) -> Result<Option<(Value, Value)>, NotAKey> {
        let asize = self.arr.len();
        let mut idx = match k {
            Value::Nil => 0,
            Value::Num(n) if int_key(n).is_some_and(|i| (i as u32 as usize) < asize) => {
                int_key(n).unwrap_or(0) as u32 as usize + 1
            }
            _ => {
                let key = Key::new(k).ok_or(NotAKey)?;
                asize + self.find(key.0).ok_or(NotAKey)? + 1
            }
        };
        while idx < asize {
            if !self.arr[idx].is_nil() {
                return Ok(Some((Value::Num(idx as f64), self.arr[idx])));
            }
            idx += 1;
        }
        for n in &self.node[idx - asize..] {
            if !n.val.is_nil() {
                return Ok(Some((n.key, n.val)));
            }
        }
        Ok(None)
    }

    /// Every value and live key, for the garbage collector.
    pub(crate) fn for_each_ref(&self, mut f: impl FnMut(Value)) {
        for v in &self.arr {
            f(*v);
        }
        for n in &self.node {
            if !n.val.is_nil() {
                f(n.key);
                f(n.val);
            }
        }
        if let Some(m) = self.meta {
            f(Value::Table(m));
        }
    }

    /// Insert at position `pos` (1-based) shifting up, as `table.insert(t, pos, v)`
    /// (LuaJIT's `lj_cf_table_insert`: one store per moved element).
    pub fn insert(&mut self, pos: usize, v: Value, len: usize) {
        let mut i = len + 1;
        while i > pos {
            let x = self.get_int(i as i64 - 1);
            self.set_int(i as i64, x);
            i -= 1;
        }
        self.set_int(pos as i64, v);
    }

    /// Remove position `pos` (1-based) shifting down, as `table.remove(t, pos)`.
    pub fn remove(&mut self, pos: usize, len: usize) -> Value {
        let v = self.get_int(pos as i64);
        for i in pos..len {
            let x = self.get_int(i as i64 + 1);
            self.set_int(i as i64, x);
        }
        self.set_int(len as i64, Value::Nil);
        v
    }
}

/// LuaJIT's `countint`: count `key` in its bin if it is an array candidate.
fn count_int(key: Value, bins: &mut [u32; MAX_ABITS]) -> u32 {
    if let Value::Num(n) = key
        && let Some(k) = int_key(n)
        && (k as u32 as usize) < MAX_ASIZE
    {
        let k = k as u32;
        let b = if k > 2 {
            31 - (k - 1).leading_zeros()
        } else {
            0
        };
        bins[b as usize] += 1;
        return 1;
    }
    0
}

/// LuaJIT's `bestasize`: the array size (slots `0..size`) for integer keys counted in
/// `bins`, `nn` of them, and how many keys it takes.
fn best_asize(bins: &[u32; MAX_ABITS], nn: u32) -> (u32, u32) {
    let (mut sum, mut na, mut sz) = (0u32, 0u32, 0u32);
    let mut b = 0;
    while b < MAX_ABITS && 2 * u64::from(nn) > (1u64 << b) && sum != nn {
        if bins[b] > 0 {
            sum += bins[b];
            if 2 * u64::from(sum) > (1u64 << b) {
                sz = (2u32 << b) + 1;
                na = sum;
            }
        }
        b += 1;
    }
    (sz, na)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(x: f64) -> Value {
        Value::Num(x)
    }

    fn keys(t: &Table) -> Vec<f64> {
        let mut out = Vec::new();
        let mut k = Value::Nil;
        while let Some((nk, _)) = t.next(k).unwrap() {
            if let Value::Num(x) = nk {
                out.push(x);
            }
            k = nk;
        }
        out
    }

    #[test]
    fn keys_from_two_move_to_the_array_part() {
        let mut t = Table::default();
        for i in 2..=100 {
            t.set_int(i, Value::Bool(true));
        }
        assert!(t.arr.len() >= 101, "{}", t.arr.len());
        assert!(t.node.iter().all(|n| n.val.is_nil()));
        // luajit -e 'local t={} for i=2,100 do t[i]=true end print(#t)' prints 100.
        assert_eq!(t.len(), 100);
    }

    #[test]
    fn number_keys_iterate_in_luajits_order() {
        // luajit -e 'local u = {} for i = 1, 10 do u[i * 1.5] = i end u[-3] = 1
        //   u[100] = 2 for k in pairs(u) do io.write(k, " ") end'
        let mut t = Table::default();
        for i in 1..=10 {
            t.set(n(f64::from(i) * 1.5), n(f64::from(i))).unwrap();
        }
        t.set(n(-3.0), n(1.0)).unwrap();
        t.set(n(100.0), n(2.0)).unwrap();
        assert_eq!(
            keys(&t),
            [
                13.5, 12.0, 10.5, 9.0, 100.0, -3.0, 7.5, 3.0, 1.5, 4.5, 15.0, 6.0
            ]
        );
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
        let mut u = Table::default();
        u.set(n(0.5), n(1.0)).unwrap();
        u.set(n(-0.0), n(5.0)).unwrap();
        assert!(u.get(n(0.0)).raw_eq(n(5.0)));
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

    #[test]
    fn tnew_operands_decode_as_luajits() {
        let t = Table::from_tnew(5 | 2 << 11);
        assert_eq!((t.arr.len(), t.node.len()), (5, 4));
        assert_eq!(Table::from_tnew(0x7ff).arr.len(), 0x801);
    }

    #[test]
    fn sizes_follow_hsize2hbits() {
        assert_eq!(hsize2hbits(0), 0);
        assert_eq!(hsize2hbits(1), 1);
        assert_eq!(hsize2hbits(2), 1);
        assert_eq!(hsize2hbits(3), 2);
        assert_eq!(hsize2hbits(5), 3);
    }
}
