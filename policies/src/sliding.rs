//! `sliding`: an exact rate threshold over a sliding window.
//!
//! Origin: the rate test that the seed's windowed reset approximates: a site is hot when
//! it was hit at least `hotloop*2` LuaJIT weight units (56 loop iterations or 112 calls)
//! within the last `window` of virtual time, measured at every hit, not from a reset.
//! Each site keeps the times and weights of its recent hits in a ring of at most
//! `hotloop*2` entries (memory per site is bounded), so the test is exact. After a
//! trigger the site's history is cleared. A penalty written by the VM after an aborted
//! trace makes the site wait for that many weight units before its history counts again.
//!
//! Parameters: `window` (1s, as the patch's window), `hotloop` (56, LuaJIT). One history
//! per site (no hashing: this is the idealised rate, not a VM's counter table).

use crate::params::{ParamDef, ParamKind};
use crate::{Decision, HotKind, HotnessPolicy, ParamError, Params, Site, VTime, cumulative};
use rustc_hash::FxHashMap;
use std::collections::VecDeque;

/// The parameters of `sliding`.
pub const PARAMS: &[ParamDef] = &[
    ParamDef {
        name: "window",
        kind: ParamKind::Duration,
        default: "1s",
        help: "a site is hot when it collects hotloop*2 weight within this much time",
        origin: "the 1 s of the RaptorJIT window patch, as an exact sliding rate",
    },
    cumulative::HOTLOOP,
];

#[derive(Clone, Debug, Default)]
struct History {
    hits: VecDeque<(VTime, u16)>,
    weight: u32,
    /// Weight still to wait for after a penalty.
    penalty: u32,
}

/// Exact sliding-window rate threshold.
#[derive(Clone, Debug)]
pub struct Sliding {
    window: VTime,
    threshold: u32,
    sites: FxHashMap<Site, History>,
}

impl Sliding {
    /// Build from user parameters.
    pub fn from_params(params: &Params) -> Result<Sliding, ParamError> {
        let r = params.resolve("sliding", PARAMS)?;
        let window = r.duration("window");
        if window == VTime::ZERO {
            return Err(ParamError::BadValue {
                owner: "sliding".into(),
                key: "window".into(),
                value: "0".into(),
                reason: "the window must be longer than zero".into(),
            });
        }
        Ok(Sliding::new(r.int("hotloop") as u16, window))
    }

    /// Hot at `hotloop*2` weight within `window`.
    pub fn new(hotloop: u16, window: VTime) -> Sliding {
        Sliding {
            window,
            threshold: u32::from(hotloop) * 2,
            sites: FxHashMap::default(),
        }
    }
}

impl HotnessPolicy for Sliding {
    fn name(&self) -> &'static str {
        "sliding"
    }

    fn hot_tick(&mut self, site: Site, kind: HotKind, now: VTime) -> Decision {
        let h = self.sites.entry(site).or_default();
        let w = u32::from(kind.weight());
        if h.penalty > 0 {
            h.penalty = h.penalty.saturating_sub(w);
            return Decision::CONTINUE;
        }
        // Forget hits that left the window. The history never holds more than the
        // threshold's worth of weight: reaching it triggers and clears.
        while let Some(&(t, old)) = h.hits.front() {
            if now.saturating_sub(t) < self.window {
                break;
            }
            h.hits.pop_front();
            h.weight -= u32::from(old);
        }
        h.hits.push_back((now, kind.weight()));
        h.weight += w;
        if h.weight >= self.threshold {
            h.hits.clear();
            h.weight = 0;
            Decision::TRIGGER
        } else {
            Decision::CONTINUE
        }
    }

    fn set_counter(&mut self, site: Site, value: u16) {
        let h = self.sites.entry(site).or_default();
        h.hits.clear();
        h.weight = 0;
        h.penalty = u32::from(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Site = Site(0x20);

    fn count(p: &mut Sliding, times: impl Iterator<Item = VTime>) -> usize {
        times
            .filter(|&t| p.hot_tick(S, HotKind::Call, t).is_trigger())
            .count()
    }

    #[test]
    fn triggers_on_rate_not_on_total() {
        let mut p = Sliding::new(56, VTime::from_secs(1));
        // 112 calls spread over 10 s: never 112 within 1 s.
        assert_eq!(count(&mut p, (0..1120).map(|i| VTime::from_ms(i * 10))), 0);
        // 112 calls within 1 s: one trigger, at the 112th.
        let mut p = Sliding::new(56, VTime::from_secs(1));
        let fired: Vec<u64> = (0..112)
            .filter(|&i| {
                p.hot_tick(S, HotKind::Call, VTime::from_ms(i * 8))
                    .is_trigger()
            })
            .collect();
        assert_eq!(fired, vec![111]);
    }

    #[test]
    fn the_window_slides() {
        // 100 calls in the first 100 ms, 12 more just before the first is 1 s old: hot.
        let mut p = Sliding::new(56, VTime::from_secs(1));
        let mut times: Vec<VTime> = (0..100).map(VTime::from_ms).collect();
        times.extend((0..12).map(|i| VTime::from_ms(950 + i)));
        let fired: Vec<VTime> = times
            .into_iter()
            .filter(|&t| p.hot_tick(S, HotKind::Call, t).is_trigger())
            .collect();
        assert_eq!(fired, vec![VTime::from_ms(961)]);
        // The same 12 a little later: the oldest calls have slid out, not hot.
        let mut p = Sliding::new(56, VTime::from_secs(1));
        let mut times: Vec<VTime> = (0..100).map(VTime::from_ms).collect();
        times.extend((0..12).map(|i| VTime::from_ms(1050 + i)));
        assert_eq!(count(&mut p, times.into_iter()), 0);
    }

    #[test]
    fn history_is_bounded() {
        let mut p = Sliding::new(56, VTime::MAX);
        for i in 0..10_000 {
            p.hot_tick(S, HotKind::Call, VTime(i));
            assert!(p.sites[&S].hits.len() <= 112);
        }
    }
}
