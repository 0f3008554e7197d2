//! The scaled engine's steady-state sample (docs/scaling.md).
//!
//! In scaled mode the engine still runs every timer, every rare item and every breath
//! near them in the VM, but it fast-forwards the stretches in between, where only common
//! items flow and nothing touches the JIT's counters. What such a stretch would have
//! measured is taken from a [`Steady`] sample: the breaths actually simulated since the
//! JIT last changed, scaled to the stretch's length.

use hdrhistogram::Histogram;

use super::metrics::{LOG_BUCKETS, MAX_LATENCY_NS, log_bucket};

/// How the scaled engine decides what to fast-forward.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScaleConfig {
    /// Steady time, ns, that must have been simulated since the JIT last changed (a trace
    /// event, or a steady breath touching a counter) before a stretch may be
    /// fast-forwarded.
    pub learn_ns: u64,
    /// Steady time, ns, to learn after a steady breath touched a counter: the common path
    /// is warming something up, and what is hit less often than once per this time is
    /// slowed down by fast-forwarding (docs/scaling.md).
    pub warm_ns: u64,
    /// A fast-forward stops this long (ns) before the next timer or rare item, so the
    /// rings and the pacing meet that event as they would in a simulated run.
    pub margin_ns: u64,
    /// Shortest stretch worth fast-forwarding, ns.
    pub min_skip_ns: u64,
    /// For this long (ns) after a trace event, once a steady breath has touched a
    /// counter, nothing is fast-forwarded: a side exit the common path takes now and then
    /// is counted as it is hit, and compiles when it would in exact mode, instead of
    /// being fast-forwarded past (docs/scaling.md).
    pub settle_ns: u64,
}

impl Default for ScaleConfig {
    fn default() -> Self {
        ScaleConfig {
            learn_ns: 100_000_000,
            warm_ns: 100_000_000,
            margin_ns: 100_000,
            min_skip_ns: 1_000_000,
            settle_ns: 5_000_000_000,
        }
    }
}

/// What the simulated steady breaths measured since the JIT's state last changed.
pub(crate) struct Steady {
    /// The VM's count of trace events when the sample started.
    pub epoch: u64,
    /// A steady breath touched a counter since the last trace event.
    pub warming: bool,
    /// When the epoch began (the last trace event), ns.
    pub since_ns: u64,
    /// Virtual time the sample covers, ns.
    pub duration_ns: u64,
    pub busy_ns: u64,
    pub breaths: u64,
    pub handler_calls: u64,
    /// Items processed, per source.
    pub processed: Vec<u64>,
    pub latency: Histogram<u64>,
    pub sum_ns: u128,
    pub log_hist: [u64; LOG_BUCKETS],
}

impl Steady {
    /// An empty sample for `sources` sources at JIT epoch `epoch`.
    pub fn new(sources: usize, epoch: u64) -> Steady {
        Steady {
            epoch,
            warming: false,
            since_ns: 0,
            duration_ns: 0,
            busy_ns: 0,
            breaths: 0,
            handler_calls: 0,
            processed: vec![0; sources],
            latency: Histogram::new_with_bounds(1, MAX_LATENCY_NS, 3).expect("valid bounds"),
            sum_ns: 0,
            log_hist: [0; LOG_BUCKETS],
        }
    }

    /// Forget the sample at `now_ns`: the JIT moved to epoch `epoch` (a trace event), or,
    /// at the same epoch, a steady breath touched a counter (see [`Steady::ticked`]).
    pub fn reset(&mut self, epoch: u64, now_ns: u64) {
        let same = self.epoch == epoch;
        let (warming, since) = (self.warming, self.since_ns);
        *self = Steady::new(self.processed.len(), epoch);
        (self.warming, self.since_ns) = if same {
            (warming, since)
        } else {
            (false, now_ns)
        };
    }

    /// A steady breath touched a counter at `now_ns`: the common path is warming
    /// something up. The sample starts again.
    pub fn ticked(&mut self, now_ns: u64) {
        self.warming = true;
        self.reset(self.epoch, now_ns);
    }

    /// Add one item's latency.
    pub fn latency(&mut self, ns: u64) {
        self.sum_ns += u128::from(ns);
        self.latency.saturating_record(ns.clamp(1, MAX_LATENCY_NS));
        self.log_hist[log_bucket(ns)] += 1;
    }

    /// Whether the sample can stand for a stretch at `now_ns` while the VM's trace events
    /// number `epoch`: the same epoch, not warming within `settle_ns` of the trace event,
    /// and long enough (`warm_ns` while warming, else `learn_ns`).
    pub fn ready(&self, epoch: u64, now_ns: u64, config: &ScaleConfig) -> bool {
        let need = if !self.warming {
            config.learn_ns
        } else if now_ns.saturating_sub(self.since_ns) < config.settle_ns {
            return false;
        } else {
            config.warm_ns
        };
        self.epoch == epoch && self.duration_ns >= need.max(1)
    }
}

/// Scales counts by `num / den` with the remainder carried from one count to the next, so
/// that a list of counts keeps its total (to within one) and the result is exact integer
/// arithmetic: the same on every machine.
pub(crate) struct Scaler {
    num: u128,
    den: u128,
    carry: u128,
}

impl Scaler {
    /// Scale by `num / den` (`den > 0`).
    pub fn new(num: u64, den: u64) -> Scaler {
        Scaler {
            num: u128::from(num),
            den: u128::from(den.max(1)),
            carry: 0,
        }
    }

    /// `x * num / den`, carrying the remainder to the next call.
    pub fn scale(&mut self, x: u64) -> u64 {
        let v = u128::from(x) * self.num + self.carry;
        self.carry = v % self.den;
        (v / self.den) as u64
    }

    /// [`Scaler::scale`] for a wide value.
    pub fn scale_wide(&mut self, x: u128) -> u128 {
        let v = x * self.num + self.carry;
        self.carry = v % self.den;
        v / self.den
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_keeps_totals() {
        let mut s = Scaler::new(7, 3);
        let parts: Vec<u64> = [1, 1, 1, 1, 1, 1].iter().map(|&x| s.scale(x)).collect();
        assert_eq!(parts.iter().sum::<u64>(), 14);
        assert!(parts.iter().all(|&p| p == 2 || p == 3));
        let mut big = Scaler::new(3_600_000_000_000, 20_000_000);
        assert_eq!(big.scale(1_000), 180_000_000);
    }

    #[test]
    fn a_sample_is_ready_only_at_its_epoch_and_length() {
        let c = ScaleConfig {
            learn_ns: 10,
            warm_ns: 100,
            settle_ns: 0,
            ..ScaleConfig::default()
        };
        let mut s = Steady::new(1, 5);
        assert!(!s.ready(5, 0, &c));
        s.duration_ns = 10;
        assert!(s.ready(5, 0, &c));
        assert!(!s.ready(6, 0, &c));
        s.warming = true;
        assert!(!s.ready(5, 0, &c));
        s.duration_ns = 100;
        assert!(s.ready(5, 0, &c));
        s.latency(1500);
        s.reset(6, 0);
        assert_eq!((s.duration_ns, s.latency.len(), s.epoch), (0, 0, 6));
    }

    #[test]
    fn a_counter_touched_soon_after_a_trace_event_holds_fast_forwards_back() {
        let c = ScaleConfig {
            warm_ns: 100,
            settle_ns: 10_000,
            ..ScaleConfig::default()
        };
        let mut s = Steady::new(1, 1);
        s.reset(2, 1_000);
        s.ticked(1_100);
        s.duration_ns = 5_000;
        // Within settle_ns of the trace event: never.
        assert!(!s.ready(2, 10_999, &c));
        // Later, warm_ns is enough again.
        assert!(s.ready(2, 11_000, &c));
        // A trace event starts a new epoch, not warming.
        s.reset(3, 12_000);
        assert_eq!((s.warming, s.since_ns), (false, 12_000));
    }
}
