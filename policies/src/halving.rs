//! `halving`: HotSpot's legacy (non-tiered) counter decay.
//!
//! Origin: HotSpot's `CounterDecay` (JDK <= 16, removed with the legacy policy): every
//! method's invocation counter is halved about once per `CounterHalfLifeTime` (30 s).
//! The work is done in slices at safepoints, no more often than every
//! `CounterDecayMinIntervalLength` (500 ms); each slice halves the counters of
//! `sites * min_interval / half_life` sites (rounded up), walking them round robin, so
//! every site is halved once per half-life. Backedge counters are not decayed.
//!
//! hotsim: counters count up in LuaJIT weight units, one per site, and a site is hot where
//! `cumulative` would borrow (`hotloop*2 - 1`; restarting one below zero after a
//! trigger), so the policies compare at equal thresholds. A slice is due when a hot event
//! finds `min_interval` elapsed since the last one (the safepoint); sites are walked in
//! address order. `decay = "invocation"` halves function-entry counters only (HotSpot);
//! `"all"` halves loop counters too.
//!
//! Parameters: `half_life` (30s), `min_interval` (500ms), `decay` (invocation), `hotloop`
//! (56). Differences from the origin: HotSpot walks classes, not methods, per slice.

use crate::params::{ParamDef, ParamKind};
use crate::{Decision, HotKind, HotnessPolicy, ParamError, Params, Site, VTime, cumulative};
use std::collections::BTreeMap;

/// The parameters of `halving`.
pub const PARAMS: &[ParamDef] = &[
    ParamDef {
        name: "half_life",
        kind: ParamKind::Duration,
        default: "30s",
        help: "every counter is halved once per this period",
        origin: "HotSpot CounterHalfLifeTime = 30 (s)",
    },
    ParamDef {
        name: "min_interval",
        kind: ParamKind::Duration,
        default: "500ms",
        help: "decay slices run no more often than this",
        origin: "HotSpot CounterDecayMinIntervalLength = 500 (ms)",
    },
    ParamDef {
        name: "decay",
        kind: ParamKind::Choice(&["invocation", "all"]),
        default: "invocation",
        help: "which counters decay: function entries only (HotSpot), or loops too",
        origin: "HotSpot decays invocation counters, not backedge counters",
    },
    cumulative::HOTLOOP,
];

#[derive(Clone, Copy, Debug)]
struct Counter {
    heat: i32,
    kind: HotKind,
}

/// HotSpot-style periodic halving.
#[derive(Clone, Debug)]
pub struct Halving {
    sites: BTreeMap<Site, Counter>,
    half_life: VTime,
    min_interval: VTime,
    decay_loops: bool,
    start: i32,
    restart: i32,
    last_slice: VTime,
    /// The last site halved; the next slice continues after it.
    cursor: Option<Site>,
}

impl Halving {
    /// Build from user parameters.
    pub fn from_params(params: &Params) -> Result<Halving, ParamError> {
        let r = params.resolve("halving", PARAMS)?;
        let (half_life, min_interval) = (r.duration("half_life"), r.duration("min_interval"));
        if half_life == VTime::ZERO || min_interval == VTime::ZERO {
            return Err(ParamError::BadValue {
                owner: "halving".into(),
                key: if half_life == VTime::ZERO {
                    "half_life"
                } else {
                    "min_interval"
                }
                .into(),
                value: "0".into(),
                reason: "must be longer than zero".into(),
            });
        }
        Ok(Halving::new(
            r.int("hotloop") as u16,
            half_life,
            min_interval,
            r.choice("decay") == "all",
        ))
    }

    /// HotSpot halving with LuaJIT-scale thresholds.
    pub fn new(hotloop: u16, half_life: VTime, min_interval: VTime, decay_loops: bool) -> Halving {
        let restart = i32::from(hotloop) * 2;
        Halving {
            sites: BTreeMap::new(),
            half_life,
            min_interval,
            decay_loops,
            start: restart - 1,
            restart,
            last_slice: VTime::ZERO,
            cursor: None,
        }
    }

    /// Halve the next slice of sites.
    fn slice(&mut self) {
        let n = self.sites.len() as u128;
        if n == 0 || self.half_life == VTime::MAX {
            return;
        }
        let per_slice = (n * u128::from(self.min_interval.as_ns()))
            .div_ceil(u128::from(self.half_life.as_ns()))
            .min(n) as usize;
        for _ in 0..per_slice {
            let next = match self.cursor {
                Some(c) => self
                    .sites
                    .range((std::ops::Bound::Excluded(c), std::ops::Bound::Unbounded))
                    .next()
                    .or_else(|| self.sites.iter().next()),
                None => self.sites.iter().next(),
            }
            .map(|(s, _)| *s);
            let Some(site) = next else { return };
            let c = self.sites.get_mut(&site).expect("listed site");
            if self.decay_loops || c.kind == HotKind::Call {
                c.heat /= 2;
            }
            self.cursor = Some(site);
        }
    }
}

impl HotnessPolicy for Halving {
    fn name(&self) -> &'static str {
        "halving"
    }

    fn hot_tick(&mut self, site: Site, kind: HotKind, now: VTime) -> Decision {
        if now.saturating_sub(self.last_slice) > self.min_interval {
            self.slice();
            self.last_slice = now;
        }
        let (start, restart) = (self.start, self.restart);
        let c = self.sites.entry(site).or_insert(Counter { heat: 0, kind });
        c.heat += i32::from(kind.weight());
        if c.heat > start {
            c.heat = start - restart;
            Decision::TRIGGER
        } else {
            Decision::CONTINUE
        }
    }

    fn set_counter(&mut self, site: Site, value: u16) {
        let start = self.start;
        let c = self.sites.entry(site).or_insert(Counter {
            heat: 0,
            kind: HotKind::Loop,
        });
        c.heat = start - i32::from(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CounterMode, Cumulative};

    #[test]
    fn a_slowly_called_function_is_halved_and_never_gets_hot() {
        let mut p = Halving::new(56, VTime::from_secs(30), VTime::from_ms(500), false);
        let s = Site(0x100);
        // One call a second for an hour: each half-life halves the counter before it
        // reaches 112.
        let hot = (0..3600)
            .filter(|&i| {
                p.hot_tick(s, HotKind::Call, VTime::from_secs(i))
                    .is_trigger()
            })
            .count();
        assert_eq!(hot, 0);
        // The same under cumulative: hot every 113 calls after the 112th.
        let mut c = Cumulative::new(56, CounterMode::Exact);
        let hot = (0..3600)
            .filter(|&i| {
                c.hot_tick(s, HotKind::Call, VTime::from_secs(i))
                    .is_trigger()
            })
            .count();
        assert_eq!(hot, 1 + (3600 - 112) / 113);
    }

    #[test]
    fn loops_are_not_decayed_unless_asked() {
        let s = Site(0x200);
        let count = |decay_loops| {
            let mut p = Halving::new(56, VTime::from_secs(30), VTime::from_ms(500), decay_loops);
            (0..3600)
                .filter(|&i| {
                    p.hot_tick(s, HotKind::Loop, VTime::from_secs(i))
                        .is_trigger()
                })
                .count()
        };
        assert_eq!(count(false), 1 + (3600 - 56) / 57);
        assert_eq!(count(true), 0);
    }

    #[test]
    fn slices_walk_all_sites_once_per_half_life() {
        let mut p = Halving::new(56, VTime::from_secs(30), VTime::from_ms(500), true);
        for i in 0..120 {
            p.hot_tick(Site(4 * i), HotKind::Loop, VTime::ZERO);
        }
        // 120 sites, 500 ms / 30 s: 2 sites per slice, 60 slices per half-life.
        for k in 1..=60u64 {
            p.hot_tick(Site(0), HotKind::Loop, VTime::from_ms(501 * k));
        }
        let halved = p.sites.values().filter(|c| c.heat == 1).count();
        assert_eq!(halved, 119, "all but site 0, which kept ticking");
    }

    #[test]
    fn an_infinite_half_life_equals_cumulative() {
        let mut p = Halving::new(56, VTime::MAX, VTime::from_ms(500), true);
        let mut c = Cumulative::new(56, CounterMode::Exact);
        for i in 0..50_000u32 {
            let s = Site(4 * (i % 37));
            let k = if i % 3 == 0 {
                HotKind::Call
            } else {
                HotKind::Loop
            };
            let t = VTime::from_ms(u64::from(i));
            assert_eq!(p.hot_tick(s, k, t), c.hot_tick(s, k, t));
        }
    }
}
