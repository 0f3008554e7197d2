//! The policy trait: what a VM asks at a hot point, and what it may answer.

use crate::VTime;
use std::fmt;

/// A hot point, identified the way LuaJIT identifies it: by the virtual byte address of the
/// instruction AFTER the hot op (LuaJIT's interpreter has already advanced its pc).
///
/// The VM lays out all bytecode in one virtual address space, so the address is stable
/// run to run, and hashing it reproduces LuaJIT's counter sharing deterministically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Site(pub u32);

impl Site {
    /// The site at virtual address `addr` (a multiple of 4).
    pub const fn new(addr: u32) -> Site {
        Site(addr)
    }
    /// The virtual byte address.
    pub const fn addr(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{:#x}", self.0)
    }
}

/// What kind of hot point ticked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HotKind {
    /// A loop back-edge (FORL, ITERL, LOOP): LuaJIT subtracts `HOTCOUNT_LOOP` = 2.
    Loop,
    /// Entry of a non-vararg function (FUNCF): LuaJIT subtracts `HOTCOUNT_CALL` = 1.
    Call,
}

impl HotKind {
    /// LuaJIT's counter decrement for this kind (`HOTCOUNT_LOOP` / `HOTCOUNT_CALL`).
    pub const fn weight(self) -> u16 {
        match self {
            HotKind::Loop => 2,
            HotKind::Call => 1,
        }
    }
    /// `loop` or `call`, as printed in logs and CSV.
    pub const fn name(self) -> &'static str {
        match self {
            HotKind::Loop => "loop",
            HotKind::Call => "call",
        }
    }
}

/// A policy's answer at a hot point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Keep interpreting.
    Continue,
    /// The site is hot: start recording a trace here.
    Trigger,
    /// Drop this event (no recording, nothing counted) and clear every exit counter that is
    /// not done, as RaptorJIT's time-window patch does when it finds its window expired.
    DiscardAndClearExits,
}

/// A hotness policy: decides at each hot point whether the site is hot.
///
/// The VM calls [`hot_tick`](HotnessPolicy::hot_tick) for every hot op it interprets (never
/// while recording, never for blacklisted or already compiled sites). Implementations must
/// be deterministic: no wall clock, no iteration over hash maps in decisions.
pub trait HotnessPolicy: Send {
    /// The policy's registry name (`cumulative`, `never`, ...).
    fn name(&self) -> &'static str;

    /// A hot op executed at `site` at virtual time `now`.
    fn hot_tick(&mut self, site: Site, kind: HotKind, now: VTime) -> Decision;

    /// The VM wrote the hot counter of `site` itself: a penalty after an aborted trace, or
    /// 1 after an abort that wants a quick retry (LuaJIT's `hotcount_set`). Counter-less
    /// policies map the value onto their own state as their docs say.
    fn set_counter(&mut self, site: Site, value: u16);

    /// Whether the VM should report hot points at all. `never` says no, which is how
    /// LuaJIT behaves with the JIT off: nothing ticks.
    fn wants_ticks(&self) -> bool {
        true
    }

    /// The trace cache was flushed at `now` (every trace thrown away).
    fn on_flush(&mut self, _now: VTime) {}
}
