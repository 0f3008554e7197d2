//! `backoff`: exponential backoff of a site's threshold after failures (CPython's
//! specializer and JIT, JavaScriptCore).
//!
//! Origin: CPython 3.13+'s adaptive counters and JIT warm-up, JSC's tier-up counters:
//! after a failed compile (an aborted recording) or the loss of compiled code (here: a
//! trace thrown away by a flush), the site's threshold doubles, up to a cap; the policy
//! does this instead of LuaJIT's penalty cache (`replaces_penalties`), so the two can be
//! compared.
//!
//! Mechanism: one counter per site, counting up in LuaJIT weight units; a site is hot
//! when its count passes its threshold (initially LuaJIT's `hotloop*2 - 1`, where
//! `cumulative` would borrow), and the count restarts after a trigger. Each abort or
//! flushed trace doubles that site's threshold (`2t + 1`, as CPython's backoff of
//! `2^k - 1`), at most `max_backoff` doublings; the count restarts too.
//!
//! Parameters: `hotloop` (56, LuaJIT), `max_backoff` (12: CPython's 12-bit backoff
//! counter). With no aborts and no flushes, `backoff` is `cumulative` with one counter
//! per site.

use crate::params::{ParamDef, ParamKind};
use crate::{Decision, HotKind, HotnessPolicy, ParamError, Params, Site, VTime, cumulative};
use rustc_hash::FxHashMap;

/// The parameters of `backoff`.
pub const PARAMS: &[ParamDef] = &[
    cumulative::HOTLOOP,
    ParamDef {
        name: "max_backoff",
        kind: ParamKind::Int { min: 0, max: 16 },
        default: "12",
        help: "most doublings of a site's threshold",
        origin: "CPython Include/internal/pycore_backoff.h: 12-bit backoff value",
    },
];

#[derive(Clone, Copy, Debug)]
struct SiteState {
    count: i64,
    threshold: i64,
    doublings: u32,
}

/// Per-site thresholds that double after failures.
#[derive(Clone, Debug)]
pub struct Backoff {
    base: i64,
    max_backoff: u32,
    sites: FxHashMap<Site, SiteState>,
}

impl Backoff {
    /// Build from user parameters.
    pub fn from_params(params: &Params) -> Result<Backoff, ParamError> {
        let r = params.resolve("backoff", PARAMS)?;
        Ok(Backoff::new(
            r.int("hotloop") as u16,
            r.int("max_backoff") as u32,
        ))
    }

    /// Thresholds starting where LuaJIT's `hotloop` triggers.
    pub fn new(hotloop: u16, max_backoff: u32) -> Backoff {
        Backoff {
            base: i64::from(hotloop) * 2 - 1,
            max_backoff,
            sites: FxHashMap::default(),
        }
    }

    fn state(&mut self, site: Site) -> &mut SiteState {
        let base = self.base;
        self.sites.entry(site).or_insert(SiteState {
            count: 0,
            threshold: base,
            doublings: 0,
        })
    }

    fn back_off(&mut self, site: Site) {
        let max = self.max_backoff;
        let s = self.state(site);
        if s.doublings < max {
            s.threshold = s.threshold * 2 + 1;
            s.doublings += 1;
        }
        s.count = 0;
    }

    /// The current threshold of `site`.
    pub fn threshold(&self, site: Site) -> i64 {
        self.sites.get(&site).map_or(self.base, |s| s.threshold)
    }
}

impl HotnessPolicy for Backoff {
    fn name(&self) -> &'static str {
        "backoff"
    }

    fn hot_tick(&mut self, site: Site, kind: HotKind, _now: VTime) -> Decision {
        let s = self.state(site);
        s.count += i64::from(kind.weight());
        if s.count > s.threshold {
            // LuaJIT restarts one below zero in these units; keep that, so that without
            // failures this is cumulative's rhythm exactly (56, then every 57 loops).
            s.count = -1;
            Decision::TRIGGER
        } else {
            Decision::CONTINUE
        }
    }

    fn set_counter(&mut self, site: Site, value: u16) {
        // The VM's own writes (a retry after an abort that wants one): honour them.
        let s = self.state(site);
        s.count = s.threshold - i64::from(value);
    }

    fn on_abort(&mut self, site: Site, _now: VTime) {
        self.back_off(site);
    }

    fn on_trace_flushed(&mut self, site: Site, _now: VTime) {
        self.back_off(site);
    }

    fn replaces_penalties(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CounterMode, Cumulative};

    fn ticks(p: &mut Backoff, s: Site) -> usize {
        (1..1_000_000)
            .find(|_| p.hot_tick(s, HotKind::Loop, VTime::ZERO).is_trigger())
            .unwrap()
    }

    #[test]
    fn thresholds_double_after_each_failure_up_to_the_cap() {
        let s = Site(0x40);
        let mut p = Backoff::new(56, 3);
        assert_eq!(ticks(&mut p, s), 56);
        p.on_abort(s, VTime::ZERO);
        assert_eq!(p.threshold(s), 223);
        assert_eq!(ticks(&mut p, s), 112);
        p.on_trace_flushed(s, VTime::ZERO);
        p.on_abort(s, VTime::ZERO);
        p.on_abort(s, VTime::ZERO); // the cap: 3 doublings
        assert_eq!(p.threshold(s), 111 * 8 + 7);
        assert_eq!(p.threshold(Site(0x44)), 111, "other sites keep theirs");
        assert!(p.replaces_penalties());
    }

    #[test]
    fn without_failures_it_is_cumulative_with_exact_counters() {
        let mut b = Backoff::new(56, 12);
        let mut c = Cumulative::new(56, CounterMode::Exact);
        for i in 0..100_000u32 {
            let s = Site(4 * (i % 53));
            let k = if i % 5 == 0 {
                HotKind::Call
            } else {
                HotKind::Loop
            };
            assert_eq!(
                b.hot_tick(s, k, VTime::ZERO),
                c.hot_tick(s, k, VTime::ZERO),
                "tick {i}"
            );
        }
    }
}
