//! What a run measures: per-source counts, latency quantiles, drops over time, how the
//! virtual time was spent, and the VM's counters.

use hdrhistogram::Histogram;
use hotsim_policies::VTime;
use hotsim_vm::Stats;
use serde::{Deserialize, Serialize};

use super::scaled::{Scaler, Steady};

/// Counts of one source.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    /// Per virtual second: throughput, latency and hot triggers.
    pub timeline: Vec<Second>,
    /// Hot-point triggers after the warm-up time.
    pub late_hot_triggers: u64,
    /// Traces compiled after the warm-up time (side traces included).
    pub late_compiles: u64,
    /// The longest single trace compile (recording, compiling and page-protection
    /// changes of one trace), ns.
    pub largest_compile_ns: u64,
    /// The compile log: every trace compiled or aborted, blacklisting and flush, in time
    /// order (the first 100000).
    pub compiles: Vec<Compile>,
    /// The warm-up time, ns.
    pub warmup_ns: u64,
    /// Virtual time fast-forwarded by the scaled engine, ns (0 in exact mode): steady
    /// stretches whose measurements were scaled from the simulated ones.
    pub skipped_ns: u64,
    /// Stretches fast-forwarded.
    pub fast_forwards: u64,
    /// The part of `busy_ns` that was scaled from the steady sample, not simulated, ns.
    pub skipped_busy_ns: u64,
    /// The VM's counters.
    pub vm: Stats,
}

/// One entry of the compile log (a trace event of the VM).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Compile {
    /// Virtual time the event finished, ns.
    pub time_ns: u64,
    /// `trace` (compiled), `abort`, `blacklist` or `flush`.
    pub event: String,
    /// Trace number (0 for the others).
    pub trace: u16,
    /// Parent trace of a side trace (0 for roots).
    pub parent: u16,
    /// The parent's exit a side trace starts from.
    pub exit: u16,
    /// `loop`, `call` or `side`.
    pub start: String,
    /// Where it starts, `chunk:line`.
    pub location: String,
    /// How a trace links (`loop`, `return`, `-> N`, `interpreter`) or why it aborted.
    pub detail: String,
    /// IR instructions of a compiled trace.
    pub ir_ins: u32,
    /// Virtual time recording, ns.
    pub record_ns: u64,
    /// Virtual time compiling with page-protection changes, ns.
    pub compile_ns: u64,
}

impl Compile {
    /// The CSV columns, in field order (compiles.csv, `--compiles`).
    pub const COLUMNS: &'static [&'static str] = &[
        "time_ns",
        "event",
        "trace",
        "parent",
        "exit",
        "start",
        "location",
        "detail",
        "ir_ins",
        "record_ns",
        "compile_ns",
    ];

    /// The log entry of a VM trace event.
    pub fn from_event(e: &hotsim_vm::TraceEvent) -> Compile {
        use hotsim_vm::TraceEventKind as K;
        Compile {
            time_ns: e.time.as_ns(),
            event: match e.kind {
                K::Stop => "trace",
                K::Abort => "abort",
                K::Blacklist => "blacklist",
                K::Flush => "flush",
            }
            .to_string(),
            trace: e.trace,
            parent: e.parent.0,
            exit: e.parent.1,
            start: e.start.to_string(),
            location: e.location.clone(),
            detail: e.detail.clone(),
            ir_ins: e.ir_ins,
            record_ns: e.record_ns,
            compile_ns: e.compile_ns,
        }
    }
}

/// One virtual second of a run (items by the second their processing ended).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Second {
    /// Start of the second, s.
    pub time_s: u64,
    /// Items processed.
    pub processed: u64,
    /// Items dropped (by arrival time).
    pub dropped: u64,
    /// Mean latency, ns (0 without items).
    pub latency_mean_ns: u64,
    /// Median latency, ns (to within a factor of sqrt(2): a log-bucketed histogram).
    pub latency_p50_ns: u64,
    /// 99th percentile latency, ns (to within a factor of sqrt(2)).
    pub latency_p99_ns: u64,
    /// Hot-point triggers during the second.
    pub hot_triggers: u64,
    /// Traces compiled during the second.
    pub traces: u64,
}

/// Half-power-of-two latency buckets: bucket i holds latencies up to 2^((i+1)/2) ns.
pub(crate) const LOG_BUCKETS: usize = 96;

/// The half-power-of-two bucket of a latency.
#[inline]
pub(crate) fn log_bucket(ns: u64) -> usize {
    let b = if ns <= 1 {
        0
    } else {
        ((ns as f64).log2() * 2.0) as usize
    };
    b.min(LOG_BUCKETS - 1)
}

#[derive(Clone)]
struct SecondAcc {
    processed: u64,
    sum_ns: u64,
    hist: [u32; LOG_BUCKETS],
    hot_triggers: u64,
}

impl Default for SecondAcc {
    fn default() -> Self {
        SecondAcc {
            processed: 0,
            sum_ns: 0,
            hist: [0; LOG_BUCKETS],
            hot_triggers: 0,
        }
    }
}

impl SecondAcc {
    fn quantile(&self, q: f64) -> u64 {
        let target = (q * self.processed as f64).ceil().max(1.0) as u64;
        let mut seen = 0u64;
        for (i, &n) in self.hist.iter().enumerate() {
            seen += u64::from(n);
            if seen >= target {
                return 2f64.powf((i as f64 + 1.0) / 2.0).round() as u64;
            }
        }
        0
    }
}

/// Accumulates latencies and drops during a run.
pub struct Meter {
    pub(crate) latency: Histogram<u64>,
    pub(crate) sum_ns: u128,
    pub(crate) drops_per_second: Vec<u64>,
    seconds: Vec<SecondAcc>,
}

/// Largest latency the histogram keeps exactly (one hour); longer ones are clamped.
pub(crate) const MAX_LATENCY_NS: u64 = 3_600_000_000_000;

impl Meter {
    /// An empty meter.
    pub fn new() -> Meter {
        Meter {
            latency: Histogram::new_with_bounds(1, MAX_LATENCY_NS, 3).expect("valid bounds"),
            sum_ns: 0,
            drops_per_second: Vec::new(),
            seconds: Vec::new(),
        }
    }

    /// An item waited `ns` from arrival to the end of its processing at `done`.
    #[inline]
    pub fn latency(&mut self, ns: u64, done: VTime) {
        self.sum_ns += u128::from(ns);
        self.latency.saturating_record(ns.clamp(1, MAX_LATENCY_NS));
        let acc = self.second(done);
        acc.processed += 1;
        acc.sum_ns += ns;
        acc.hist[log_bucket(ns)] += 1;
    }

    /// Add what `steady` measured, scaled to the fast-forwarded stretch `[from, to)` in
    /// which `items` items were processed: its latency distribution to the run's
    /// histogram, and to each second the stretch covers its share of the items.
    pub(crate) fn add_steady(&mut self, steady: &Steady, from: VTime, to: VTime, items: u64) {
        let sampled: u64 = steady.processed.iter().sum();
        let mut all = Scaler::new(items, sampled);
        for v in steady.latency.iter_recorded() {
            let n = all.scale(v.count_at_value());
            if n > 0 {
                let _ = self.latency.record_n(v.value_iterated_to(), n);
            }
        }
        self.sum_ns += Scaler::new(items, sampled).scale_wide(steady.sum_ns);
        let len = to.as_ns().saturating_sub(from.as_ns());
        let mut share = Scaler::new(items, len);
        let mut t = from.as_ns();
        while t < to.as_ns() {
            let second_end = (t / 1_000_000_000 + 1) * 1_000_000_000;
            let piece = second_end.min(to.as_ns()) - t;
            let piece_items = share.scale(piece);
            let acc = self.second(VTime(t));
            let mut sc = Scaler::new(piece_items, sampled);
            let mut processed = 0;
            for (b, &n) in steady.log_hist.iter().enumerate() {
                let k = sc.scale(n);
                acc.hist[b] += k as u32;
                processed += k;
            }
            acc.processed += processed;
            acc.sum_ns += Scaler::new(piece_items, sampled).scale_wide(steady.sum_ns) as u64;
            t += piece;
        }
    }

    /// `n` hot-point triggers happened in the second of `t`.
    pub fn hot_triggers(&mut self, t: VTime, n: u64) {
        self.second(t).hot_triggers += n;
    }

    fn second(&mut self, t: VTime) -> &mut SecondAcc {
        let s = (t.as_ns() / 1_000_000_000) as usize;
        if self.seconds.len() <= s {
            self.seconds.resize(s + 1, SecondAcc::default());
        }
        &mut self.seconds[s]
    }

    /// The per-second timeline over `seconds` seconds.
    pub fn timeline(&self, seconds: usize, drops: &[u64]) -> Vec<Second> {
        (0..seconds)
            .map(|s| {
                let acc = self.seconds.get(s).cloned().unwrap_or_default();
                Second {
                    time_s: s as u64,
                    processed: acc.processed,
                    dropped: drops.get(s).copied().unwrap_or(0),
                    latency_mean_ns: acc.sum_ns.checked_div(acc.processed).unwrap_or(0),
                    latency_p50_ns: acc.quantile(0.5),
                    latency_p99_ns: acc.quantile(0.99),
                    hot_triggers: acc.hot_triggers,
                    traces: 0,
                }
            })
            .collect()
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

impl Default for Meter {
    fn default() -> Self {
        Meter::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compile_columns_are_the_fields_in_order() {
        let c = Compile {
            time_ns: 1,
            event: "trace".into(),
            trace: 1,
            parent: 0,
            exit: 0,
            start: "loop".into(),
            location: "p.lua:1".into(),
            detail: "loop".into(),
            ir_ins: 3,
            record_ns: 4,
            compile_ns: 5,
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(&c).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(
            text.lines().next(),
            Some(Compile::COLUMNS.join(",").as_str())
        );
    }
}
