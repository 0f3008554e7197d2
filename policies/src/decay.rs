//! `decay`: hot counters that decay exponentially in continuous time.
//!
//! Origin: the textbook alternative to the seed's windowed reset ("frequency is about
//! both number of hits and length of time"); no VM ships it as such. Each site's heat
//! halves every `half_life` of virtual time; a hot op adds its LuaJIT weight (loop 2,
//! call 1), and the site is hot when its heat would pass LuaJIT's counter start
//! (`hotloop*2 - 1`), exactly where `cumulative` would borrow. After a trigger the heat
//! drops by LuaJIT's restart distance, so with `half_life = "inf"` the policy is
//! `cumulative` event for event.
//!
//! The decay is applied lazily, per counter, from its last touch time, with libm's
//! portable `exp2`, so results are deterministic on every platform. Counters are LuaJIT's
//! 64 hashed slots or one per site (`counters`), as in `cumulative`. A penalty written by
//! the VM (`set_counter`) sets the heat to the distance it leaves to the trigger.
//!
//! Parameters: `half_life` (1s: hotsim's choice, the seed's window length), `hotloop` (56),
//! `counters` (hashed).

use crate::params::{ParamDef, ParamKind};
use crate::{
    CounterMode, Decision, HOTCOUNT_SIZE, HotCounters, HotKind, HotnessPolicy, ParamError, Params,
    Site, VTime, cumulative,
};
use rustc_hash::FxHashMap;

/// The parameters of `decay`.
pub const PARAMS: &[ParamDef] = &[
    ParamDef {
        name: "half_life",
        kind: ParamKind::Duration,
        default: "1s",
        help: "time for a site's heat to halve (inf: never forget, = cumulative)",
        origin: "hotsim's choice: the 1 s of the RaptorJIT window patch",
    },
    cumulative::HOTLOOP,
    cumulative::COUNTERS,
];

#[derive(Clone, Copy, Debug, Default)]
struct Heat {
    value: f64,
    touched: VTime,
}

/// Exponentially decaying hot counters.
#[derive(Clone, Debug)]
pub struct Decay {
    mode: CounterMode,
    slots: Vec<Heat>,
    exact: FxHashMap<Site, Heat>,
    half_life: VTime,
    /// Heat at which a tick triggers: LuaJIT's counter start (`hotloop*2 - 1`).
    start: f64,
    /// Heat removed by a trigger, relative to `start`: LuaJIT restarts at `hotloop*2`.
    restart: f64,
}

impl Decay {
    /// Build from user parameters.
    pub fn from_params(params: &Params) -> Result<Decay, ParamError> {
        let r = params.resolve("decay", PARAMS)?;
        let mode = CounterMode::parse(r.choice("counters")).expect("choice is checked");
        let half_life = r.duration("half_life");
        if half_life == VTime::ZERO {
            return Err(ParamError::BadValue {
                owner: "decay".into(),
                key: "half_life".into(),
                value: "0".into(),
                reason: "the half-life must be longer than zero".into(),
            });
        }
        Ok(Decay::new(r.int("hotloop") as u16, mode, half_life))
    }

    /// A decaying policy with LuaJIT's `hotloop` thresholds.
    pub fn new(hotloop: u16, mode: CounterMode, half_life: VTime) -> Decay {
        let restart = f64::from(hotloop.saturating_mul(2));
        Decay {
            mode,
            slots: vec![Heat::default(); HOTCOUNT_SIZE],
            exact: FxHashMap::default(),
            half_life,
            start: restart - 1.0,
            restart,
        }
    }

    fn heat(&mut self, site: Site) -> &mut Heat {
        match self.mode {
            CounterMode::Hashed => &mut self.slots[HotCounters::slot(site)],
            CounterMode::Exact => self.exact.entry(site).or_default(),
        }
    }

    /// `value` decayed from `from` to `now`.
    fn decayed(&self, value: f64, from: VTime, now: VTime) -> f64 {
        if self.half_life == VTime::MAX || now <= from || value == 0.0 {
            return value;
        }
        let halvings = now.saturating_sub(from).as_ns() as f64 / self.half_life.as_ns() as f64;
        value * libm::exp2(-halvings)
    }
}

impl HotnessPolicy for Decay {
    fn name(&self) -> &'static str {
        "decay"
    }

    fn hot_tick(&mut self, site: Site, kind: HotKind, now: VTime) -> Decision {
        let (start, restart) = (self.start, self.restart);
        let h = *self.heat(site);
        let mut value = self.decayed(h.value, h.touched, now) + f64::from(kind.weight());
        let hot = value > start;
        if hot {
            // LuaJIT: the counter borrows and restarts at hotloop*2, i.e. one below zero
            // in heat terms.
            value = start - restart;
        }
        *self.heat(site) = Heat {
            value,
            touched: now,
        };
        if hot {
            Decision::TRIGGER
        } else {
            Decision::CONTINUE
        }
    }

    fn set_counter(&mut self, site: Site, value: u16) {
        let start = self.start;
        let h = self.heat(site);
        h.value = start - f64::from(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cumulative;

    #[test]
    fn heat_halves_every_half_life() {
        let p = Decay::new(56, CounterMode::Exact, VTime::from_secs(1));
        assert_eq!(p.decayed(64.0, VTime::ZERO, VTime::from_secs(3)), 8.0);
        assert_eq!(
            p.decayed(64.0, VTime::from_secs(3), VTime::from_secs(3)),
            64.0
        );
    }

    #[test]
    fn a_loop_run_steadily_triggers_but_one_hit_a_second_never_does() {
        let site = Site(0x40);
        let mut p = Decay::new(56, CounterMode::Exact, VTime::from_secs(1));
        let steady: Vec<bool> = (0..56)
            .map(|i| {
                p.hot_tick(site, HotKind::Loop, VTime::from_us(i))
                    .is_trigger()
            })
            .collect();
        assert_eq!(steady.iter().filter(|t| **t).count(), 1);
        let mut p = Decay::new(56, CounterMode::Exact, VTime::from_secs(1));
        assert!((0..100_000).all(|i| {
            !p.hot_tick(site, HotKind::Call, VTime::from_secs(i))
                .is_trigger()
        }));
    }

    proptest::proptest! {
        #[test]
        fn an_infinite_half_life_equals_cumulative_event_for_event(
            events in proptest::collection::vec((0u32..300, proptest::bool::ANY, 0u64..5_000_000), 1..3000),
            exact in proptest::bool::ANY,
        ) {
            let mode = if exact { CounterMode::Exact } else { CounterMode::Hashed };
            let mut d = Decay::new(56, mode, VTime::MAX);
            let mut c = Cumulative::new(56, mode);
            let mut now = 0u64;
            for (i, (slot, is_loop, dt)) in events.into_iter().enumerate() {
                now += dt;
                let site = Site(0x1000 + 4 * slot);
                if i % 97 == 0 {
                    d.set_counter(site, 72);
                    c.set_counter(site, 72);
                }
                let kind = if is_loop { HotKind::Loop } else { HotKind::Call };
                proptest::prop_assert_eq!(
                    d.hot_tick(site, kind, VTime(now)),
                    c.hot_tick(site, kind, VTime(now))
                );
            }
        }
    }
}
