//! `cumulative`: LuaJIT 2.1's hot counting (`lj_dispatch.h`, `vm_*.dasc` `hotloop`/`hotcall`).
//!
//! Origin: LuaJIT 2.1 and RaptorJIT before 2019 (also the rule of YJIT, .NET, CPython 3.14).
//!
//! Mechanism: 16-bit down-counters, by default LuaJIT's 64 hashed slots indexed by
//! `(address of the instruction after the hot op / 4) mod 64`. Every slot starts at
//! `hotloop*2 - 1` (111). A loop op subtracts 2, a function entry 1; a tick that would
//! borrow triggers and sets the slot to `hotloop*2` (112). So a loop triggers at its 56th
//! back-edge, then every 57th; a function at its 112th call, then every 113th. Counters
//! never forget: rare code becomes hot eventually.
//!
//! Parameters: `hotloop` (56, LuaJIT `JIT_P_hotloop`), `counters` (`hashed` as LuaJIT, or
//! `exact`: one counter per site, no aliasing).
//!
//! Differences from the origin: none in the counting itself. LuaJIT's slot of a site
//! depends on its allocator's addresses; hotsim lays bytecode out in one deterministic
//! virtual address space, so collisions are reproducible.

use crate::params::{ParamDef, ParamKind};
use crate::{
    CounterMode, Decision, HotCounters, HotKind, HotnessPolicy, ParamError, Params, Site, VTime,
};

/// `hotloop`: LuaJIT's hot-loop threshold, shared by the policies built on its counters.
pub const HOTLOOP: ParamDef = ParamDef {
    name: "hotloop",
    kind: ParamKind::Int { min: 1, max: 32767 },
    default: "56",
    help: "loop iterations to detect a hot loop (calls: 2x)",
    origin: "LuaJIT 2.1 lj_jit.h JIT_P_hotloop = 56 (RaptorJIT: 56)",
};

/// `counters`: hashed (LuaJIT's 64 slots) or exact counters, shared by the policies
/// built on LuaJIT's counters.
pub const COUNTERS: ParamDef = ParamDef {
    name: "counters",
    kind: ParamKind::Choice(&["hashed", "exact"]),
    default: "hashed",
    help: "hashed: 64 shared slots keyed by address; exact: one counter per site",
    origin: "LuaJIT 2.1 lj_dispatch.h HOTCOUNT_SIZE = 64",
};

/// The parameters of `cumulative`.
pub const PARAMS: &[ParamDef] = &[HOTLOOP, COUNTERS];

/// LuaJIT's cumulative hot counting.
#[derive(Clone, Debug)]
pub struct Cumulative {
    counters: HotCounters,
    /// Value written after a trigger: `hotloop * 2`.
    restart: u16,
}

impl Cumulative {
    /// Build from user parameters.
    pub fn from_params(params: &Params) -> Result<Cumulative, ParamError> {
        let r = params.resolve("cumulative", PARAMS)?;
        let mode = CounterMode::parse(r.choice("counters")).expect("choice is checked");
        Ok(Cumulative::new(r.int("hotloop") as u16, mode))
    }

    /// `hotloop` as in LuaJIT's `-Ohotloop=N`, with the given counter mode.
    pub fn new(hotloop: u16, mode: CounterMode) -> Cumulative {
        let restart = hotloop.saturating_mul(2);
        Cumulative {
            counters: HotCounters::new(mode, restart - 1),
            restart,
        }
    }

    /// The counters, for inspection in tests and reports.
    pub fn counters(&self) -> &HotCounters {
        &self.counters
    }
}

impl HotnessPolicy for Cumulative {
    fn name(&self) -> &'static str {
        "cumulative"
    }

    #[inline]
    fn hot_tick(&mut self, site: Site, kind: HotKind, _now: VTime) -> Decision {
        if self.counters.tick(site, kind.weight()) {
            self.counters.set(site, self.restart);
            Decision::TRIGGER
        } else {
            Decision::CONTINUE
        }
    }

    fn set_counter(&mut self, site: Site, value: u16) {
        self.counters.set(site, value);
    }

    fn reset_counters(&mut self) {
        self.counters.reset_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticks_until_trigger(p: &mut Cumulative, site: Site, kind: HotKind) -> usize {
        (1..100_000)
            .find(|_| p.hot_tick(site, kind, VTime::ZERO) == Decision::TRIGGER)
            .unwrap()
    }

    #[test]
    fn loop_triggers_at_56th_then_every_57th() {
        let mut p = Cumulative::new(56, CounterMode::Hashed);
        let s = Site(0x100);
        assert_eq!(ticks_until_trigger(&mut p, s, HotKind::Loop), 56);
        assert_eq!(ticks_until_trigger(&mut p, s, HotKind::Loop), 57);
        assert_eq!(ticks_until_trigger(&mut p, s, HotKind::Loop), 57);
    }

    #[test]
    fn call_triggers_at_112th_then_every_113th() {
        let mut p = Cumulative::new(56, CounterMode::Exact);
        let s = Site(0x104);
        assert_eq!(ticks_until_trigger(&mut p, s, HotKind::Call), 112);
        assert_eq!(ticks_until_trigger(&mut p, s, HotKind::Call), 113);
    }

    #[test]
    fn penalty_value_delays_next_trigger() {
        let mut p = Cumulative::new(56, CounterMode::Hashed);
        let s = Site(0x200);
        p.set_counter(s, 72);
        // 72 / 2 = 36 ticks down to 0, the 37th borrows.
        assert_eq!(ticks_until_trigger(&mut p, s, HotKind::Loop), 37);
    }
}
