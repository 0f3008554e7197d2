//! The heap: arenas of strings, tables, functions and upvalue cells, with a deterministic
//! stop-the-world mark-and-sweep collector.
//!
//! Objects are named by `u32` ids, so a [`Value`] is `Copy` and the interpreter never
//! touches a reference count. Strings are interned once: equal strings have equal ids.
//! Collection runs only when the VM asks for it at a safe point; its timing depends only on
//! the number of allocations, so runs stay reproducible.

use crate::interp::{NativeFn, Thread};
use crate::proto::Proto;
use crate::table::Table;
use crate::value::{FuncId, StrId, TableId, ThreadId, UpvalId, Value};
use rustc_hash::FxHashMap;
use std::rc::Rc;

/// A function object.
#[derive(Clone, Debug)]
pub enum Function {
    /// A Lua closure: a prototype and its upvalue cells.
    Lua {
        /// The compiled function.
        proto: Rc<Proto>,
        /// One cell per upvalue of the prototype.
        upvals: Box<[UpvalId]>,
    },
    /// A native (Rust) function with optional bound values.
    Native {
        /// The implementation.
        f: NativeFn,
        /// Name for error messages (`bad argument #1 to 'name'`).
        name: &'static str,
        /// Values bound to this instance (e.g. a `gmatch` iterator's state).
        upvals: Box<[Value]>,
    },
}

/// An upvalue cell: open while its variable lives in a stack slot, closed afterwards.
#[derive(Clone, Copy, Debug)]
pub enum Upval {
    /// The variable is the stack slot at this absolute index of the running thread.
    Open(usize),
    /// The variable is a stack slot of a thread that is not running (a suspended
    /// coroutine, or a resumer waiting for one): `thread` is a
    /// [`ThreadId`]'s number or the main thread's. Its cells turn back into
    /// [`Upval::Open`] when the thread runs again.
    Parked {
        /// The stack slot.
        slot: usize,
        /// Whose stack.
        thread: u32,
    },
    /// The variable has left the stack; the cell holds it.
    Closed(Value),
}

struct Arena<T> {
    slots: Vec<Option<T>>,
    free: Vec<u32>,
    marks: Vec<bool>,
}

impl<T> Arena<T> {
    fn new() -> Self {
        Arena {
            slots: Vec::new(),
            free: Vec::new(),
            marks: Vec::new(),
        }
    }
    fn alloc(&mut self, x: T) -> u32 {
        match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(x);
                i
            }
            None => {
                self.slots.push(Some(x));
                self.marks.push(false);
                (self.slots.len() - 1) as u32
            }
        }
    }
    #[inline]
    fn get(&self, i: u32) -> &T {
        self.slots[i as usize].as_ref().expect("live object")
    }
    #[inline]
    fn get_mut(&mut self, i: u32) -> &mut T {
        self.slots[i as usize].as_mut().expect("live object")
    }
    /// Mark `i`; true if it was not marked before.
    fn mark(&mut self, i: u32) -> bool {
        !std::mem::replace(&mut self.marks[i as usize], true)
    }
    fn live(&self) -> usize {
        self.slots.len() - self.free.len()
    }
    /// Free every unmarked live object; clear marks. Calls `on_free` with each freed one.
    fn sweep(&mut self, mut on_free: impl FnMut(T)) -> usize {
        let mut freed = 0;
        for i in 0..self.slots.len() {
            if self.marks[i] {
                self.marks[i] = false;
            } else if let Some(x) = self.slots[i].take() {
                on_free(x);
                self.free.push(i as u32);
                freed += 1;
            }
        }
        // Reuse low ids first, so ids (and thus hash order of tables keyed by them) depend
        // only on the program.
        self.free.sort_unstable_by(|a, b| b.cmp(a));
        freed
    }
}

/// Bytes counted per upvalue cell.
const UPVAL_BYTES: usize = std::mem::size_of::<Option<Upval>>() + 8;

/// Bytes counted for a function object: its slot and its upvalue list.
fn func_bytes(f: &Function) -> usize {
    let n = match f {
        Function::Lua { upvals, .. } => upvals.len() * 4,
        Function::Native { upvals, .. } => upvals.len() * 16,
    };
    std::mem::size_of::<Option<Function>>() + n + 16
}

/// Counts reported by the collector.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GcStats {
    /// Full collections run.
    pub collections: u64,
    /// Objects freed in total.
    pub freed: u64,
}

/// All heap objects of one VM.
pub struct Heap {
    strings: Arena<Rc<[u8]>>,
    interned: FxHashMap<Rc<[u8]>, u32>,
    tables: Arena<Table>,
    funcs: Arena<Function>,
    upvals: Arena<Upval>,
    threads: Arena<Thread>,
    allocs_since_gc: usize,
    gc_threshold: usize,
    /// Bytes of the live strings and coroutines (see [`crate::memory`]).
    own_bytes: usize,
    /// This thread's table bytes when the heap was made.
    table_base: i64,
    /// Collector statistics.
    pub gc_stats: GcStats,
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

/// Allocations between collections at least (the threshold grows with the live heap).
const GC_MIN_THRESHOLD: usize = 200_000;

impl Heap {
    /// An empty heap.
    pub fn new() -> Heap {
        Heap {
            strings: Arena::new(),
            interned: FxHashMap::default(),
            tables: Arena::new(),
            funcs: Arena::new(),
            upvals: Arena::new(),
            threads: Arena::new(),
            allocs_since_gc: 0,
            gc_threshold: GC_MIN_THRESHOLD,
            own_bytes: 0,
            table_base: crate::memory::table_bytes(),
            gc_stats: GcStats::default(),
        }
    }

    /// Intern `bytes`, returning the id of the one string with that content.
    pub fn intern(&mut self, bytes: &[u8]) -> StrId {
        if let Some(&id) = self.interned.get(bytes) {
            return StrId(id);
        }
        self.allocs_since_gc += 1;
        self.own_bytes += bytes.len() + crate::memory::STRING_OVERHEAD;
        let rc: Rc<[u8]> = Rc::from(bytes);
        let id = self.strings.alloc(rc.clone());
        self.interned.insert(rc, id);
        StrId(id)
    }

    /// Intern and wrap as a value.
    pub fn str_value(&mut self, bytes: &[u8]) -> Value {
        Value::Str(self.intern(bytes))
    }

    /// The bytes of a string.
    #[inline]
    pub fn str(&self, id: StrId) -> &[u8] {
        self.strings.get(id.0)
    }

    /// The bytes of a string, as a shared handle that outlives borrows of the heap.
    pub fn str_rc(&self, id: StrId) -> Rc<[u8]> {
        self.strings.get(id.0).clone()
    }

    /// Allocate a table.
    pub fn new_table(&mut self, t: Table) -> TableId {
        self.allocs_since_gc += 1;
        TableId(self.tables.alloc(t))
    }

    /// A table.
    #[inline]
    pub fn table(&self, id: TableId) -> &Table {
        self.tables.get(id.0)
    }

    /// A table, mutably.
    #[inline]
    pub fn table_mut(&mut self, id: TableId) -> &mut Table {
        self.tables.get_mut(id.0)
    }

    /// Allocate a function.
    pub fn new_func(&mut self, f: Function) -> FuncId {
        self.allocs_since_gc += 1;
        self.own_bytes += func_bytes(&f);
        FuncId(self.funcs.alloc(f))
    }

    /// A function.
    #[inline]
    pub fn func(&self, id: FuncId) -> &Function {
        self.funcs.get(id.0)
    }

    /// A function, mutably (natives update their bound state).
    pub fn func_mut(&mut self, id: FuncId) -> &mut Function {
        self.funcs.get_mut(id.0)
    }

    /// Allocate an upvalue cell.
    pub fn new_upval(&mut self, u: Upval) -> UpvalId {
        self.allocs_since_gc += 1;
        self.own_bytes += UPVAL_BYTES;
        UpvalId(self.upvals.alloc(u))
    }

    /// An upvalue cell.
    #[inline]
    pub fn upval(&self, id: UpvalId) -> Upval {
        *self.upvals.get(id.0)
    }

    /// An upvalue cell, mutably.
    #[inline]
    pub fn upval_mut(&mut self, id: UpvalId) -> &mut Upval {
        self.upvals.get_mut(id.0)
    }

    /// Allocate a coroutine.
    pub(crate) fn new_thread(&mut self, t: Thread) -> ThreadId {
        self.allocs_since_gc += 1;
        self.own_bytes += crate::memory::THREAD_BYTES;
        ThreadId(self.threads.alloc(t))
    }

    /// A coroutine.
    #[inline]
    pub(crate) fn thread(&self, id: ThreadId) -> &Thread {
        self.threads.get(id.0)
    }

    /// A coroutine, mutably.
    #[inline]
    pub(crate) fn thread_mut(&mut self, id: ThreadId) -> &mut Thread {
        self.threads.get_mut(id.0)
    }

    /// Whether enough has been allocated since the last collection to run one.
    #[inline]
    pub fn wants_gc(&self) -> bool {
        self.allocs_since_gc >= self.gc_threshold
    }

    /// Bytes the heap's objects take, as [`crate::memory`] counts them.
    pub fn memory_used(&self) -> u64 {
        let tables = crate::memory::table_bytes() - self.table_base;
        (self.own_bytes as i64 + tables).max(0) as u64
    }

    /// Live objects of every kind.
    pub fn live_objects(&self) -> usize {
        self.strings.live()
            + self.tables.live()
            + self.funcs.live()
            + self.upvals.live()
            + self.threads.live()
    }

    /// Mark from `roots` and free everything unreachable. `protos` are the prototypes whose
    /// constants must survive (all that were ever loaded). Freed coroutines are returned
    /// rather than dropped: one still suspended unwinds its native stack when dropped, which
    /// the caller does once the heap is consistent again.
    #[must_use]
    pub(crate) fn collect(
        &mut self,
        roots: impl Iterator<Item = Value>,
        protos: &[Rc<Proto>],
        open_upvals: &[UpvalId],
    ) -> Vec<Thread> {
        let mut work: Vec<Value> = roots.collect();
        for u in open_upvals {
            self.upvals.mark(u.0);
        }
        for p in protos {
            for s in &p.strs {
                self.strings.mark(s.0);
            }
            work.extend(p.tabs.iter().map(|&t| Value::Table(t)));
        }
        while let Some(v) = work.pop() {
            match v {
                Value::Str(s) => {
                    self.strings.mark(s.0);
                }
                Value::Table(t) => {
                    if self.tables.mark(t.0) {
                        self.tables.get(t.0).for_each_ref(|x| {
                            if !matches!(x, Value::Nil | Value::Bool(_) | Value::Num(_)) {
                                work.push(x)
                            }
                        });
                    }
                }
                Value::Func(f) => {
                    if self.funcs.mark(f.0) {
                        match self.funcs.get(f.0) {
                            Function::Lua { upvals, .. } => {
                                for u in upvals.iter() {
                                    if self.upvals.mark(u.0)
                                        && let Upval::Closed(x) = self.upvals.get(u.0)
                                    {
                                        work.push(*x);
                                    }
                                }
                            }
                            Function::Native { upvals, .. } => work.extend(upvals.iter()),
                        }
                    }
                }
                Value::Thread(t) => {
                    if self.threads.mark(t.0) {
                        let upvals = &mut self.upvals;
                        self.threads.get(t.0).for_each_ref(
                            |x| {
                                if !matches!(x, Value::Nil | Value::Bool(_) | Value::Num(_)) {
                                    work.push(x)
                                }
                            },
                            // An open cell's value is in the stack just marked.
                            |u| {
                                upvals.mark(u.0);
                            },
                        );
                    }
                }
                Value::Nil | Value::Bool(_) | Value::Num(_) => {}
            }
        }
        let interned = &mut self.interned;
        let mut str_freed = 0;
        let mut freed = self.strings.sweep(|s| {
            str_freed += s.len() + crate::memory::STRING_OVERHEAD;
            interned.remove(&s);
        });
        self.own_bytes -= str_freed;
        freed += self.tables.sweep(drop);
        let mut other_freed = 0;
        freed += self.funcs.sweep(|f| other_freed += func_bytes(&f));
        let upvals_freed = self.upvals.sweep(drop);
        freed += upvals_freed;
        self.own_bytes -= other_freed + upvals_freed * UPVAL_BYTES;
        let mut dead_threads = Vec::new();
        freed += self.threads.sweep(|t| dead_threads.push(t));
        self.own_bytes -= dead_threads.len() * crate::memory::THREAD_BYTES;
        self.gc_stats.collections += 1;
        self.gc_stats.freed += freed as u64;
        self.allocs_since_gc = 0;
        self.gc_threshold = GC_MIN_THRESHOLD.max(self.live_objects());
        dead_threads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_gives_equal_ids() {
        let mut h = Heap::new();
        let a = h.intern(b"hello");
        let b = h.intern(b"hello");
        let c = h.intern(b"world");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(h.str(c), b"world");
    }

    #[test]
    fn collect_frees_unreachable_and_keeps_reachable() {
        let mut h = Heap::new();
        let keep = h.new_table(Table::default());
        let k = h.str_value(b"k");
        let v = h.str_value(b"v");
        h.table_mut(keep).set(k, v).unwrap();
        let _garbage = h.new_table(Table::default());
        let _gs = h.intern(b"garbage");
        let _ = h.collect([Value::Table(keep)].into_iter(), &[], &[]);
        assert_eq!(h.gc_stats.freed, 2);
        let k_again = h.intern(b"k");
        assert_eq!(h.str(k_again), b"k");
        assert!(h.table(keep).get(k).raw_eq(v));
        // The garbage string's slot is reused, the interner forgot it.
        let again = h.intern(b"garbage");
        assert_eq!(h.str(again), b"garbage");
    }
}
