//! `budget`: a compile-time budget per period, to cap the pauses that drop packets.
//!
//! Origin: hotsim's policy for the seed's question; the mechanism is the rate limit of
//! HotSpot's compile broker and V8's concurrent-compile budget, applied to a VM that
//! compiles on its only core. LuaJIT's counters decide what is hot (as `cumulative`);
//! a trigger is granted only while the virtual time spent recording and compiling in
//! the current period (`period`-long windows from time zero) is below `budget`. A
//! trigger over budget is deferred: the counter stays where it fired, so the site asks
//! again at its next hot event and compiles once a new period gives room. The VM
//! reports each compile's cost (`on_compiled`).
//!
//! Parameters: `budget` (1ms), `period` (1s), `hotloop` (56), `counters` (hashed).
//! Without a JIT there are no compile costs and `budget` is `cumulative`.

use crate::params::{ParamDef, ParamKind};
use crate::{
    CounterMode, Decision, HotCounters, HotKind, HotnessPolicy, ParamError, Params, Site, VTime,
    cumulative,
};

/// The parameters of `budget`.
pub const PARAMS: &[ParamDef] = &[
    ParamDef {
        name: "budget",
        kind: ParamKind::Duration,
        default: "1ms",
        help: "most virtual time spent recording and compiling per period",
        origin: "hotsim's choice: a Snabb breath budget (100 us of 1 ms sleeps) scaled to 1 s",
    },
    ParamDef {
        name: "period",
        kind: ParamKind::Duration,
        default: "1s",
        help: "length of a budget period",
        origin: "hotsim's choice: the RaptorJIT window",
    },
    cumulative::HOTLOOP,
    cumulative::COUNTERS,
];

/// LuaJIT's counters with a compile-time budget.
#[derive(Clone, Debug)]
pub struct Budget {
    counters: HotCounters,
    restart: u16,
    budget: VTime,
    period: VTime,
    /// Index of the current period and the compile time spent in it.
    current: u64,
    spent: VTime,
}

impl Budget {
    /// Build from user parameters.
    pub fn from_params(params: &Params) -> Result<Budget, ParamError> {
        let r = params.resolve("budget", PARAMS)?;
        let period = r.duration("period");
        if period == VTime::ZERO {
            return Err(ParamError::BadValue {
                owner: "budget".into(),
                key: "period".into(),
                value: "0".into(),
                reason: "must be longer than zero".into(),
            });
        }
        let mode = CounterMode::parse(r.choice("counters")).expect("choice is checked");
        Ok(Budget::new(
            r.int("hotloop") as u16,
            mode,
            r.duration("budget"),
            period,
        ))
    }

    /// `budget` of compile time per `period`.
    pub fn new(hotloop: u16, mode: CounterMode, budget: VTime, period: VTime) -> Budget {
        let restart = hotloop.saturating_mul(2);
        Budget {
            counters: HotCounters::new(mode, restart - 1),
            restart,
            budget,
            period,
            current: 0,
            spent: VTime::ZERO,
        }
    }

    fn roll(&mut self, now: VTime) {
        let p = if self.period == VTime::MAX {
            u64::MAX
        } else {
            self.period.as_ns()
        };
        let k = now.as_ns() / p;
        if k != self.current {
            self.current = k;
            self.spent = VTime::ZERO;
        }
    }
}

impl HotnessPolicy for Budget {
    fn name(&self) -> &'static str {
        "budget"
    }

    fn hot_tick(&mut self, site: Site, kind: HotKind, now: VTime) -> Decision {
        if !self.counters.tick(site, kind.weight()) {
            return Decision::CONTINUE;
        }
        self.roll(now);
        if self.spent >= self.budget {
            // Deferred: the counter stays below the weight, so the next tick asks again.
            return Decision::CONTINUE;
        }
        self.counters.set(site, self.restart);
        Decision::TRIGGER
    }

    fn set_counter(&mut self, site: Site, value: u16) {
        self.counters.set(site, value);
    }

    fn reset_counters(&mut self) {
        self.counters.reset_all();
    }

    fn exit_tick(&mut self, count: u8, hotexit: u8, now: VTime) -> Decision {
        if count.saturating_add(1) < hotexit {
            return Decision::CONTINUE;
        }
        self.roll(now);
        if self.spent >= self.budget {
            // Deferred like a hot loop: the exit keeps counting and asks again.
            Decision::CONTINUE
        } else {
            Decision::TRIGGER
        }
    }

    fn on_compiled(&mut self, _site: Site, cost: VTime, now: VTime) {
        self.roll(now);
        self.spent = VTime(self.spent.as_ns().saturating_add(cost.as_ns()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cumulative;

    #[test]
    fn triggers_over_budget_wait_for_the_next_period() {
        let mut p = Budget::new(
            56,
            CounterMode::Exact,
            VTime::from_ms(1),
            VTime::from_secs(1),
        );
        let (a, b) = (Site(0x10), Site(0x20));
        let at = |ms| VTime::from_ms(ms);
        // a gets hot and compiles for 1 ms: the budget of this second is spent.
        assert!((0..56).any(|_| p.hot_tick(a, HotKind::Loop, at(10)).is_trigger()));
        p.on_compiled(a, VTime::from_ms(1), at(11));
        // b gets hot in the same second: deferred, on every later tick too...
        let fired: Vec<bool> = (0..100)
            .map(|i| p.hot_tick(b, HotKind::Loop, at(20 + i)).is_trigger())
            .collect();
        assert!(fired.iter().all(|f| !f));
        // ...until the next period, where its very next tick triggers.
        assert!(p.hot_tick(b, HotKind::Loop, at(1000)).is_trigger());
    }

    #[test]
    fn without_compile_costs_it_is_cumulative() {
        let mut b = Budget::new(
            56,
            CounterMode::Hashed,
            VTime::from_ms(1),
            VTime::from_secs(1),
        );
        let mut c = Cumulative::new(56, CounterMode::Hashed);
        for i in 0..100_000u64 {
            let s = Site(4 * (i as u32 % 97));
            let k = if i % 3 == 0 {
                HotKind::Call
            } else {
                HotKind::Loop
            };
            assert_eq!(
                b.hot_tick(s, k, VTime(i * 1000)),
                c.hot_tick(s, k, VTime(i * 1000))
            );
        }
    }
}
