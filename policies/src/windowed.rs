//! `windowed`: RaptorJIT's time-window reset of the hot counters (RaptorJIT PR 260,
//! Snabb 2019, merged in RaptorJIT 2023; `hotcount_decay` and `trace_clearsnapcounts`).
//!
//! Origin: a Snabb lwAFTR dropped packets because timers and rare branches became hot
//! minutes to an hour after start. The patch makes code hot only if it is hit often
//! *within* a window.
//!
//! Mechanism (`mode = "lazy"`, the patch): LuaJIT's counters count as in `cumulative`.
//! Only when a counter triggers (the hot-loop/hot-call handler runs; with the JIT, also
//! the hot-exit handler) does the patch look at the clock: if more than `window` has
//! passed since the last reset, it resets all 64 counters to `hotloop*2 - 1`, clears
//! every exit counter that is not done, stores the time, and discards the triggering
//! event. Otherwise the event proceeds. There is no timer and the window does not slide.
//! The reset time also moves on a trace-cache flush. Penalties are left alone (they live
//! in the VM). The stored time starts at the monotonic clock's zero, which at process
//! start is always more than a window ago, so the first hot event of a run is always
//! discarded; hotsim reproduces that (with `window = "inf"` nothing ever expires, and the
//! policy is `cumulative` exactly).
//!
//! `mode = "eager"`: the counters (and exit counters) reset at every multiple of `window`
//! whether or not anything triggers, and no event is discarded: the variant the patch
//! did not choose, kept to measure the difference.
//!
//! Parameters: `window` (1s, the patch), `mode` (lazy), `hotloop` (56), `counters`
//! (hashed). Differences from the origin: none known.

use crate::params::{ParamDef, ParamKind};
use crate::{
    CounterMode, Decision, HotCounters, HotKind, HotnessPolicy, ParamError, Params, Site, VTime,
    cumulative,
};

/// The parameters of `windowed`.
pub const PARAMS: &[ParamDef] = &[
    ParamDef {
        name: "window",
        kind: ParamKind::Duration,
        default: "1s",
        help: "counters reset when a hot event finds this much time passed since the last reset",
        origin: "RaptorJIT PR 260 / Snabb lwAFTR patch: 1 s (hotcount_decay)",
    },
    ParamDef {
        name: "mode",
        kind: ParamKind::Choice(&["lazy", "eager"]),
        default: "lazy",
        help: "lazy: check only at hot events, discard the event (the patch); eager: reset at every window boundary",
        origin: "lazy is the patch as merged; eager is hotsim's comparison variant",
    },
    cumulative::HOTLOOP,
    cumulative::COUNTERS,
];

/// How the window is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowMode {
    /// Checked at hot events only; the event that finds the window expired is discarded.
    Lazy,
    /// Reset at every window boundary.
    Eager,
}

/// LuaJIT's counters with RaptorJIT's time-window reset.
#[derive(Clone, Debug)]
pub struct Windowed {
    counters: HotCounters,
    restart: u16,
    window: VTime,
    mode: WindowMode,
    /// Lazy: time of the last reset (`None`: the clock's zero, long ago).
    last_reset: Option<VTime>,
    /// Eager: the next boundary.
    next_boundary: VTime,
}

impl Windowed {
    /// Build from user parameters.
    pub fn from_params(params: &Params) -> Result<Windowed, ParamError> {
        let r = params.resolve("windowed", PARAMS)?;
        let counters = CounterMode::parse(r.choice("counters")).expect("choice is checked");
        let mode = match r.choice("mode") {
            "eager" => WindowMode::Eager,
            _ => WindowMode::Lazy,
        };
        let window = r.duration("window");
        if window == VTime::ZERO {
            return Err(ParamError::BadValue {
                owner: "windowed".into(),
                key: "window".into(),
                value: "0".into(),
                reason: "the window must be longer than zero".into(),
            });
        }
        Ok(Windowed::new(
            r.int("hotloop") as u16,
            counters,
            window,
            mode,
        ))
    }

    /// A windowed policy with LuaJIT's `hotloop` and the given window.
    pub fn new(hotloop: u16, counters: CounterMode, window: VTime, mode: WindowMode) -> Windowed {
        let restart = hotloop.saturating_mul(2);
        Windowed {
            counters: HotCounters::new(counters, restart - 1),
            restart,
            window,
            mode,
            last_reset: None,
            next_boundary: window,
        }
    }

    /// Eager mode: reset the counters if `now` passed a window boundary; whether it did.
    fn eager_boundary(&mut self, now: VTime) -> bool {
        if self.mode != WindowMode::Eager || now < self.next_boundary {
            return false;
        }
        self.counters.reset_all();
        let w = self.window.as_ns();
        self.next_boundary = VTime((now.as_ns() / w + 1).saturating_mul(w));
        true
    }

    /// Lazy mode (the patch): if the window expired, reset the counters and restart it;
    /// whether it did (the event is then discarded).
    fn lazy_reset(&mut self, now: VTime) -> bool {
        if self.mode != WindowMode::Lazy || !self.expired(now) {
            return false;
        }
        self.counters.reset_all();
        self.last_reset = Some(now);
        true
    }

    fn expired(&self, now: VTime) -> bool {
        match self.last_reset {
            // The clock's zero is longer ago than any finite window.
            None => self.window != VTime::MAX,
            Some(t) => self.window != VTime::MAX && now.saturating_sub(t) > self.window,
        }
    }
}

/// `decision`, also clearing the exit counters if a window boundary was crossed.
fn with_crossing(decision: Decision, crossed: bool) -> Decision {
    if crossed {
        decision.with_clear_exits()
    } else {
        decision
    }
}

impl HotnessPolicy for Windowed {
    fn name(&self) -> &'static str {
        "windowed"
    }

    fn hot_tick(&mut self, site: Site, kind: HotKind, now: VTime) -> Decision {
        let crossed = self.eager_boundary(now);
        let decision = if !self.counters.tick(site, kind.weight()) {
            Decision::CONTINUE
        } else if self.lazy_reset(now) {
            return Decision::DISCARD_AND_CLEAR_EXITS;
        } else {
            self.counters.set(site, self.restart);
            Decision::TRIGGER
        };
        with_crossing(decision, crossed)
    }

    fn exit_tick(&mut self, count: u8, hotexit: u8, now: VTime) -> Decision {
        let crossed = self.eager_boundary(now);
        // The patch's check at the top of the hot-exit handler.
        if self.lazy_reset(now) {
            return Decision::DISCARD_AND_CLEAR_EXITS;
        }
        // A boundary cleared this exit's counter too: it counts from zero.
        let count = if crossed { 0 } else { count };
        let decision = if count.saturating_add(1) >= hotexit {
            Decision::TRIGGER
        } else {
            Decision::CONTINUE
        };
        with_crossing(decision, crossed)
    }

    fn set_counter(&mut self, site: Site, value: u16) {
        self.counters.set(site, value);
    }

    fn reset_counters(&mut self) {
        self.counters.reset_all();
    }

    fn on_flush(&mut self, now: VTime) {
        self.last_reset = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cumulative;

    const SITE: Site = Site(0x1000);

    fn lazy(window: VTime) -> Windowed {
        Windowed::new(56, CounterMode::Hashed, window, WindowMode::Lazy)
    }

    /// Hit `site` once at each of `times`; return the decisions that were not CONTINUE.
    fn run(
        p: &mut dyn HotnessPolicy,
        times: impl Iterator<Item = VTime>,
    ) -> Vec<(VTime, Decision)> {
        times
            .map(|t| (t, p.hot_tick(SITE, HotKind::Call, t)))
            .filter(|(_, d)| *d != Decision::CONTINUE)
            .collect()
    }

    #[test]
    fn a_site_hit_once_per_second_never_triggers() {
        let mut p = lazy(VTime::from_secs(1));
        let events = run(&mut p, (0..100_000).map(VTime::from_secs));
        assert!(events.iter().all(|(_, d)| !d.is_trigger()), "{events:?}");
        // The counter does fill up (every 112 calls) and each time finds the window
        // expired: the event is discarded and the counters reset.
        assert_eq!(events.len(), 100_000 / 112);
    }

    #[test]
    fn a_site_hit_112_times_within_a_second_triggers() {
        let mut p = lazy(VTime::from_secs(1));
        // The first hot event of a run is always discarded (the reset clock starts at 0).
        let first = run(&mut p, (0..112).map(VTime::from_ms));
        assert_eq!(
            first,
            vec![(VTime::from_ms(111), Decision::DISCARD_AND_CLEAR_EXITS)]
        );
        // After that reset, 112 calls within the window trigger.
        let second = run(&mut p, (112..224).map(VTime::from_ms));
        assert_eq!(second, vec![(VTime::from_ms(223), Decision::TRIGGER)]);
    }

    #[test]
    fn discards_exactly_the_event_that_found_the_window_expired() {
        let mut p = lazy(VTime::from_secs(1));
        run(&mut p, (0..112).map(VTime::from_ms)); // reset at 111 ms
        // 111 more calls early, then the 112th after the window: discarded, not triggered.
        let late = run(
            &mut p,
            (0..111)
                .map(|i| VTime::from_ms(200 + i))
                .chain([VTime::from_ms(1112)]),
        );
        assert_eq!(
            late,
            vec![(VTime::from_ms(1112), Decision::DISCARD_AND_CLEAR_EXITS)]
        );
        // The discarding event reset the counter: 111 more calls are not enough...
        assert!(run(&mut p, (0..111).map(|i| VTime::from_ms(1113 + i))).is_empty());
        // ...and the 112th triggers, inside the new window.
        assert_eq!(
            run(&mut p, [VTime::from_ms(1300)].into_iter()),
            vec![(VTime::from_ms(1300), Decision::TRIGGER)]
        );
    }

    #[test]
    fn exactly_one_window_is_not_yet_expired() {
        let mut p = lazy(VTime::from_secs(1));
        run(&mut p, (0..112).map(VTime::from_ms)); // reset at 111 ms
        let at_edge = run(
            &mut p,
            (0..112).map(|i| VTime::from_ms(111 + i * 1000 / 111)),
        );
        assert_eq!(at_edge, vec![(VTime::from_ms(1111), Decision::TRIGGER)]);
    }

    #[test]
    fn flush_moves_the_reset_time() {
        let mut p = lazy(VTime::from_secs(1));
        p.on_flush(VTime::from_secs(5));
        let d = run(&mut p, (0..112).map(|i| VTime::from_ms(5000 + i)));
        assert_eq!(d.len(), 1);
        assert!(d[0].1.is_trigger());
    }

    #[test]
    fn eager_resets_at_boundaries_without_discarding() {
        let mut p = Windowed::new(
            56,
            CounterMode::Hashed,
            VTime::from_secs(1),
            WindowMode::Eager,
        );
        // 112 calls in the first second: trigger (no discard in eager mode).
        let d = run(&mut p, (0..112).map(VTime::from_ms));
        assert_eq!(d, vec![(VTime::from_ms(111), Decision::TRIGGER)]);
        // 60 calls before the boundary and 60 after: the boundary reset loses the first 60.
        assert!(run(&mut p, (0..60).map(|i| VTime::from_ms(900 + i))).is_empty());
        let after = run(&mut p, (0..60).map(|i| VTime::from_ms(1000 + i)));
        assert_eq!(
            after,
            vec![(VTime::from_ms(1000), Decision::CONTINUE.with_clear_exits())]
        );
    }

    #[test]
    fn lazy_and_eager_differ_on_a_constructed_stream() {
        // 100 calls late in window 1, then 12 early in window 2. Eager has reset at the
        // boundary: no trigger. Lazy still holds the 100 and its 112th call finds the last
        // reset (at its first, discarded event) within a window: it triggers.
        let mut stream: Vec<VTime> = (0..112).map(VTime::from_ms).collect(); // lazy's first reset
        stream.extend((0..100).map(|i| VTime::from_ms(950 + i / 4)));
        stream.extend((0..12).map(|i| VTime::from_ms(1020 + i)));
        let mut l = lazy(VTime::from_secs(1));
        let mut e = Windowed::new(
            56,
            CounterMode::Hashed,
            VTime::from_secs(1),
            WindowMode::Eager,
        );
        let lt: Vec<_> = run(&mut l, stream.iter().copied())
            .into_iter()
            .filter(|(_, d)| d.is_trigger())
            .collect();
        let et: Vec<_> = run(&mut e, stream.iter().copied())
            .into_iter()
            .filter(|(_, d)| d.is_trigger())
            .collect();
        assert_eq!(lt.len(), 1);
        assert_eq!(
            et.len(),
            1,
            "eager triggers only in the first window: {et:?}"
        );
        assert_eq!(et[0].0, VTime::from_ms(111));
        assert_eq!(lt[0].0, VTime::from_ms(1031));
    }

    proptest::proptest! {
        #[test]
        fn an_infinite_window_equals_cumulative_event_for_event(
            events in proptest::collection::vec((0u32..300, proptest::bool::ANY, 0u64..5_000_000), 1..3000),
        ) {
            let mut w = lazy(VTime::MAX);
            let mut c = Cumulative::new(56, CounterMode::Hashed);
            let mut now = 0u64;
            for (slot, is_loop, dt) in events {
                now += dt;
                let site = Site(0x1000 + 4 * slot);
                let kind = if is_loop { HotKind::Loop } else { HotKind::Call };
                proptest::prop_assert_eq!(
                    w.hot_tick(site, kind, VTime(now)),
                    c.hot_tick(site, kind, VTime(now))
                );
            }
        }
    }

    #[test]
    fn a_hot_exit_finding_the_window_expired_clears_exits_and_is_discarded() {
        let mut p = lazy(VTime::from_secs(1));
        // The first hot event of a run always finds the window expired.
        let d = p.exit_tick(0, 10, VTime::from_ms(5));
        assert_eq!(d, Decision::DISCARD_AND_CLEAR_EXITS);
        assert!(d.discards() && d.clears_exits() && !d.is_trigger());
        // Within the window exits count as LuaJIT's: the 10th triggers.
        assert_eq!(p.exit_tick(3, 10, VTime::from_ms(500)), Decision::CONTINUE);
        assert_eq!(p.exit_tick(9, 10, VTime::from_ms(900)), Decision::TRIGGER);
        // More than a window later: reset, discard.
        assert_eq!(
            p.exit_tick(9, 10, VTime::from_ms(2000)),
            Decision::DISCARD_AND_CLEAR_EXITS
        );
    }

    #[test]
    fn eager_windows_clear_exits_at_boundaries_without_discarding() {
        let mut p = Windowed::new(
            56,
            CounterMode::Hashed,
            VTime::from_secs(1),
            WindowMode::Eager,
        );
        assert_eq!(p.exit_tick(4, 10, VTime::from_ms(500)), Decision::CONTINUE);
        let d = p.exit_tick(9, 10, VTime::from_ms(1500));
        // The boundary cleared this exit's count too: it counts from zero again.
        assert!(
            d.clears_exits() && !d.discards() && !d.is_trigger(),
            "{d:?}"
        );
        // An infinite window is LuaJIT's rule.
        let mut inf = lazy(VTime::MAX);
        assert_eq!(
            inf.exit_tick(9, 10, VTime::from_secs(100)),
            Decision::TRIGGER
        );
    }
}
