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

/// A policy's answer at a hot point: whether the site is hot, and whether every trace
/// exit counter that is not done must be cleared (RaptorJIT's `trace_clearsnapcounts`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decision {
    bits: u8,
}

impl Decision {
    /// Keep interpreting.
    pub const CONTINUE: Decision = Decision { bits: 0 };
    /// The site is hot: start recording a trace here.
    pub const TRIGGER: Decision = Decision { bits: 1 };
    /// Trigger, after clearing the exit counters (a window boundary passed first).
    pub const CLEAR_EXITS_THEN_TRIGGER: Decision = Decision { bits: 3 };
    /// Drop this event and clear the exit counters, as RaptorJIT's time-window patch does
    /// when it finds its window expired. For a trace exit, the exit is not counted.
    pub const DISCARD_AND_CLEAR_EXITS: Decision = Decision { bits: 6 };

    /// Whether the site is hot.
    #[inline]
    pub const fn is_trigger(self) -> bool {
        self.bits & 1 != 0
    }

    /// Whether the exit counters must be cleared.
    #[inline]
    pub const fn clears_exits(self) -> bool {
        self.bits & 2 != 0
    }

    /// Whether the event is dropped: a trace exit taken is not counted.
    #[inline]
    pub const fn discards(self) -> bool {
        self.bits & 4 != 0
    }

    /// This decision, also clearing the exit counters.
    pub const fn with_clear_exits(self) -> Decision {
        Decision {
            bits: self.bits | 2,
        }
    }
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

    /// A trace exit that is not done was taken at `now` (LuaJIT's `trace_hotside`).
    /// `count` is the exit's 8-bit counter before this exit and `hotexit` the JIT's
    /// threshold. The VM clears the exit counters if asked, then, unless the decision
    /// discards the event, increments the counter and records a side trace on a trigger.
    /// The default is LuaJIT's rule: trigger once the incremented count reaches `hotexit`.
    fn exit_tick(&mut self, count: u8, hotexit: u8, _now: VTime) -> Decision {
        if count.saturating_add(1) >= self.exit_threshold(hotexit) {
            Decision::TRIGGER
        } else {
            Decision::CONTINUE
        }
    }

    /// The exit count at which this policy first asks for a side trace, given the JIT's
    /// `hotexit`. The VM gives up (a stub) at this plus `tryside`, as LuaJIT does at
    /// `hotexit + tryside`.
    fn exit_threshold(&self, hotexit: u8) -> u8 {
        hotexit
    }

    /// Reset every hot counter to its initial value (RaptorJIT's flush, which also
    /// forgets counts; LuaJIT's flush keeps them).
    fn reset_counters(&mut self) {}

    /// The trace cache was flushed at `now` (every trace thrown away).
    fn on_flush(&mut self, _now: VTime) {}

    /// A root trace recorded from `site` aborted at `now`.
    fn on_abort(&mut self, _site: Site, _now: VTime) {}

    /// The trace started at `site` was thrown away (by a flush) at `now`.
    fn on_trace_flushed(&mut self, _site: Site, _now: VTime) {}

    /// A trace from `site` was recorded and compiled at `now`, costing `cost` of virtual
    /// time (recording plus compiling plus page-protection changes).
    fn on_compiled(&mut self, _site: Site, _cost: VTime, _now: VTime) {}

    /// Whether the policy handles failed recordings itself (`on_abort`), in place of the
    /// VM's LuaJIT penalty cache.
    fn replaces_penalties(&self) -> bool {
        false
    }
}
