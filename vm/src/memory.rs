//! The heap budget: how many bytes a VM's objects take, as far as hotsim counts them,
//! and LuaJIT's limits on single objects.
//!
//! Strings and coroutines are counted by the [`Heap`](crate::Heap) itself. Tables grow
//! behind `&mut Table`, so each table reports its growth to a per-thread counter, and the
//! VM reads it at its checks (every 1024 bytecodes, every 4096 trace iterations, and
//! after allocations). A VM runs on one thread; the count is exact while one VM at a time
//! keeps tables on a thread, as `hotsim` does.

use std::cell::Cell;

thread_local! {
    static TABLE_BYTES: Cell<i64> = const { Cell::new(0) };
}

/// Record that tables on this thread grew (or, negative, shrank) by `delta` bytes.
#[inline]
pub(crate) fn tables_grew(delta: i64) {
    TABLE_BYTES.with(|c| c.set(c.get() + delta));
}

/// Bytes held by the tables alive on this thread.
#[inline]
pub(crate) fn table_bytes() -> i64 {
    TABLE_BYTES.with(Cell::get)
}

/// The longest string LuaJIT makes (`LJ_MAX_STR`); longer is "string length overflow".
pub const MAX_STRING_LEN: usize = 0x7fff_ff00;

/// Bytes counted per string besides its contents (LuaJIT's `GCstr` header is 24 bytes;
/// hotsim's interning adds a map entry).
pub(crate) const STRING_OVERHEAD: usize = 48;

/// Bytes counted per coroutine: an initial Lua stack of 1024 slots and the pages of its
/// native stack that a resume touches.
pub(crate) const THREAD_BYTES: usize = 1024 * 16 + 16 * 1024;

/// The default budget: 4 GiB. LuaJIT 2.1 without GC64 (Debian's 2.1.0-beta3 on x86-64)
/// cannot address more than 2 GB of objects, and hotsim's values take twice the bytes of
/// LuaJIT's (16 against 8), so 4 GiB here is about that ceiling; a GC64 LuaJIT (the
/// embedded one) is bounded only by the machine.
pub const DEFAULT_MAX_MEMORY: u64 = 4 << 30;
