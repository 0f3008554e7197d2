//! What a run measures: per-source counts, latency quantiles, drops over time, how the
//! virtual time was spent, and the VM's counters.

use hdrhistogram::Histogram;
use hotsim_policies::VTime;
use hotsim_vm::Stats;
use serde::Serialize;

/// Counts of one source.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SourceReport {
    /// The source's name.
    pub name: String,
    /// Items that arrived.
    pub arrived: u64,
    /// Items handed to the handler.
    pub processed: u64,
    /// Items that found the ring full.
    pub dropped: u64,
    /// Items still in the ring at the end.
    pub queued_at_end: u64,
}

/// Latency from arrival to the end of the handler call that processed the item.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Latency {
    /// Items measured.
    pub count: u64,
    /// Mean, ns.
    pub mean_ns: f64,
    /// Median, ns.
    pub p50_ns: u64,
    /// 90th percentile, ns.
    pub p90_ns: u64,
    /// 99th percentile, ns.
    pub p99_ns: u64,
    /// 99.9th percentile, ns.
    pub p999_ns: u64,
    /// Largest, ns.
    pub max_ns: u64,
    /// The distribution: `(quantile, ns)` at fixed quantiles from 0.01 to 1.
    pub cdf: Vec<(f64, u64)>,
}

/// Quantiles at which [`Latency::cdf`] is sampled.
pub const CDF_QUANTILES: &[f64] = &[
    0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999,
    0.9995, 0.9999, 1.0,
];

/// Everything one run measured.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// The workload file.
    pub workload: String,
    /// The policy.
    pub policy: String,
    /// The seed.
    pub seed: u64,
    /// Virtual time simulated (the run's end), ns.
    pub duration_ns: u64,
    /// Virtual time the core spent running handlers and timers, ns.
    pub busy_ns: u64,
    /// Virtual time the core spent idle, ns.
    pub idle_ns: u64,
    /// Breaths (engine loop iterations that found work).
    pub breaths: u64,
    /// Handler calls, all sources.
    pub handler_calls: u64,
    /// Timer firings.
    pub timer_calls: u64,
    /// The longest single handler or timer call: the largest pause the core took before
    /// looking at its rings again, ns.
    pub longest_call_ns: u64,
    /// Per source.
    pub sources: Vec<SourceReport>,
    /// Latency over every source's items.
    pub latency: Latency,
    /// Items dropped in each virtual second (all sources).
    pub drops_per_second: Vec<u64>,
    /// Hot-point triggers after the warm-up time.
    pub late_hot_triggers: u64,
    /// The warm-up time, ns.
    pub warmup_ns: u64,
    /// The VM's counters.
    pub vm: Stats,
}

/// Accumulates latencies and drops during a run.
pub struct Recorder {
    pub(crate) latency: Histogram<u64>,
    pub(crate) sum_ns: u128,
    pub(crate) drops_per_second: Vec<u64>,
}

/// Largest latency the histogram keeps exactly (one hour); longer ones are clamped.
const MAX_LATENCY_NS: u64 = 3_600_000_000_000;

impl Recorder {
    /// An empty recorder.
    pub fn new() -> Recorder {
        Recorder {
            latency: Histogram::new_with_bounds(1, MAX_LATENCY_NS, 3).expect("valid bounds"),
            sum_ns: 0,
            drops_per_second: Vec::new(),
        }
    }

    /// An item waited `ns` from arrival to the end of its processing.
    #[inline]
    pub fn latency(&mut self, ns: u64) {
        self.sum_ns += u128::from(ns);
        self.latency.saturating_record(ns.clamp(1, MAX_LATENCY_NS));
    }

    /// An item arriving at `t` was dropped.
    pub fn drop_at(&mut self, t: VTime) {
        let s = (t.as_ns() / 1_000_000_000) as usize;
        if self.drops_per_second.len() <= s {
            self.drops_per_second.resize(s + 1, 0);
        }
        self.drops_per_second[s] += 1;
    }

    /// The latency summary.
    pub fn summary(&self) -> Latency {
        let h = &self.latency;
        let count = h.len();
        if count == 0 {
            return Latency::default();
        }
        Latency {
            count,
            mean_ns: self.sum_ns as f64 / count as f64,
            p50_ns: h.value_at_quantile(0.5),
            p90_ns: h.value_at_quantile(0.9),
            p99_ns: h.value_at_quantile(0.99),
            p999_ns: h.value_at_quantile(0.999),
            max_ns: h.max(),
            cdf: CDF_QUANTILES
                .iter()
                .map(|&q| (q, h.value_at_quantile(q)))
                .collect(),
        }
    }
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder::new()
    }
}
