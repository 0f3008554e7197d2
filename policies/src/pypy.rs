//! `pypy`: RPython's `JitCounter` (rpython/jit/metainterp/counter.py, warmstate.py).
//!
//! Origin: PyPy and every RPython-built VM. A hashed time table of 2048 buckets x 5
//! entries; each entry holds a 16-bit sub-hash and a single-precision float counter.
//! A tick adds `1 / (threshold - 0.001)` (in double precision, stored back as single) to
//! the site's entry; reaching 1.0 is hot, and
//! resets the entry to 0. A site missing from its bucket takes the last entry not in use
//! (or the last one), and an entry that is ticked moves one place toward the front of
//! its bucket when its count is at least its neighbour's, so cold sites are evicted
//! first. Every counter is multiplied by `1 - decay/1000` periodically and each time a
//! counter reaches its threshold.
//!
//! hotsim: a site's hash is its address times Knuth's multiplicative constant (32 bits);
//! the bucket is the top 11 bits, the sub-hash the low 16. Loops and function entries
//! tick once per event with their own thresholds (`threshold`, `function_threshold`:
//! PyPy's 1039 and 1619, or LuaJIT's 56 and 112 with `thresholds = "luajit"`, to compare
//! at equal thresholds). PyPy decays every 32 minor collections; hotsim has no allocation
//! clock, so the periodic decay runs every `decay_period` of virtual time. A penalty
//! written by the VM after an aborted trace (`set_counter`, in LuaJIT units: a loop waits
//! `value/2` iterations) lowers the counter by that many loop increments.
//!
//! Parameters: `decay` (40), `decay_period` (1s: hotsim's choice), `thresholds` (pypy),
//! `threshold` (1039), `function_threshold` (1619), `bridge_threshold` (200: a guard
//! failing this often gets a bridge, PyPy's `trace_eagerness`; with `thresholds =
//! "luajit"` the JIT's `hotexit`). Exit counts are the VM's per-exit counters (RPython
//! keeps them in the same decaying table; hotsim does not decay them).

use crate::params::{ParamDef, ParamKind};
use crate::{Decision, HotKind, HotnessPolicy, ParamError, Params, Site, VTime};

/// The parameters of `pypy`.
pub const PARAMS: &[ParamDef] = &[
    ParamDef {
        name: "decay",
        kind: ParamKind::Int { min: 0, max: 1000 },
        default: "40",
        help: "counters are multiplied by 1 - decay/1000 at each decay",
        origin: "PyPy --jit decay=40 (rpython/rlib/jit.py PARAMETERS)",
    },
    ParamDef {
        name: "decay_period",
        kind: ParamKind::Duration,
        default: "1s",
        help: "virtual time between periodic decays",
        origin: "hotsim's choice: PyPy decays every 32 minor GCs, an allocation clock hotsim does not model",
    },
    ParamDef {
        name: "thresholds",
        kind: ParamKind::Choice(&["pypy", "luajit"]),
        default: "pypy",
        help: "pypy: threshold/function_threshold as given; luajit: 56 loop iterations, 112 calls",
        origin: "PyPy defaults, or LuaJIT's hotloop 56 for comparisons at equal thresholds",
    },
    ParamDef {
        name: "threshold",
        kind: ParamKind::Int {
            min: 2,
            max: 1_000_000,
        },
        default: "1039",
        help: "loop iterations to become hot",
        origin: "PyPy --jit threshold=1039",
    },
    ParamDef {
        name: "function_threshold",
        kind: ParamKind::Int {
            min: 2,
            max: 1_000_000,
        },
        default: "1619",
        help: "function calls to become hot",
        origin: "PyPy --jit function_threshold=1619",
    },
    ParamDef {
        name: "bridge_threshold",
        kind: ParamKind::Int { min: 1, max: 250 },
        default: "200",
        help: "taken exits (guard failures) before a side trace (bridge) is recorded",
        origin: "PyPy --jit trace_eagerness=200",
    },
];

const BUCKETS: usize = 2048;
const WAYS: usize = 5;
/// Periodic decays applied at once at most; by then every counter is 0 in f32.
const MAX_CATCH_UP_DECAYS: u64 = 4000;

#[derive(Clone, Copy, Debug, Default)]
struct Bucket {
    subhashes: [u16; WAYS],
    times: [f32; WAYS],
}

/// RPython's hashed, decaying float counters.
#[derive(Clone, Debug)]
pub struct Pypy {
    table: Vec<Bucket>,
    loop_increment: f64,
    call_increment: f64,
    decay_mult: f64,
    period: VTime,
    next_decay: VTime,
    /// Exits before a bridge; `None`: the JIT's `hotexit`.
    bridge: Option<u8>,
}

fn increment(threshold: i64) -> f64 {
    // RPython's compute_threshold: 1.0 / (threshold - 0.001), a double.
    1.0 / (threshold as f64 - 0.001)
}

impl Pypy {
    /// Build from user parameters.
    pub fn from_params(params: &Params) -> Result<Pypy, ParamError> {
        let r = params.resolve("pypy", PARAMS)?;
        let (loops, calls) = match r.choice("thresholds") {
            "luajit" => (56, 112),
            _ => (r.int("threshold"), r.int("function_threshold")),
        };
        let period = r.duration("decay_period");
        if period == VTime::ZERO {
            return Err(ParamError::BadValue {
                owner: "pypy".into(),
                key: "decay_period".into(),
                value: "0".into(),
                reason: "must be longer than zero".into(),
            });
        }
        let mut p = Pypy::new(loops, calls, r.int("decay"), period);
        p.bridge = match r.choice("thresholds") {
            "luajit" => None,
            _ => Some(r.int("bridge_threshold") as u8),
        };
        Ok(p)
    }

    /// A counter table with the given thresholds and decay.
    pub fn new(loop_threshold: i64, function_threshold: i64, decay: i64, period: VTime) -> Pypy {
        Pypy {
            table: vec![Bucket::default(); BUCKETS],
            loop_increment: increment(loop_threshold),
            call_increment: increment(function_threshold),
            decay_mult: 1.0 - decay as f64 * 0.001,
            period,
            next_decay: period,
            bridge: Some(200),
        }
    }

    fn hash(site: Site) -> u32 {
        site.addr().wrapping_mul(0x9E37_79B1)
    }

    /// Find (or make room for) the site's entry; returns bucket and way.
    fn entry(&mut self, site: Site) -> (usize, usize) {
        let h = Self::hash(site);
        let b = (h >> (32 - BUCKETS.trailing_zeros())) as usize;
        let sub = h as u16;
        let bucket = &mut self.table[b];
        if let Some(n) = bucket.subhashes.iter().position(|&s| s == sub) {
            return (b, n);
        }
        // Take the last free entry, or evict the last one.
        let mut n = WAYS - 1;
        while n > 0 && bucket.times[n - 1] == 0.0 {
            n -= 1;
        }
        bucket.subhashes[n] = sub;
        bucket.times[n] = 0.0;
        (b, n)
    }

    /// Move entry `n` one place forward if it counts at least as much as its neighbour.
    fn promote(&mut self, b: usize, n: usize) -> usize {
        let bucket = &mut self.table[b];
        if n > 0 && bucket.times[n] >= bucket.times[n - 1] {
            bucket.times.swap(n, n - 1);
            bucket.subhashes.swap(n, n - 1);
            return n - 1;
        }
        n
    }

    fn decay_all(&mut self) {
        for bucket in &mut self.table {
            for t in &mut bucket.times {
                *t = (f64::from(*t) * self.decay_mult) as f32;
            }
        }
    }
}

impl HotnessPolicy for Pypy {
    fn name(&self) -> &'static str {
        "pypy"
    }

    fn exit_threshold(&self, hotexit: u8) -> u8 {
        self.bridge.unwrap_or(hotexit)
    }

    fn hot_tick(&mut self, site: Site, kind: HotKind, now: VTime) -> Decision {
        if now >= self.next_decay {
            let due = (now.as_ns() - self.next_decay.as_ns()) / self.period.as_ns() + 1;
            for _ in 0..due.min(MAX_CATCH_UP_DECAYS) {
                self.decay_all();
            }
            self.next_decay = VTime(
                self.next_decay
                    .as_ns()
                    .saturating_add(due.saturating_mul(self.period.as_ns())),
            );
        }
        let (b, n) = self.entry(site);
        let inc = match kind {
            HotKind::Loop => self.loop_increment,
            HotKind::Call => self.call_increment,
        };
        // As RPython: the stored single-precision count is widened, the double increment
        // added, and the sum stored back as single precision.
        let counter = f64::from(self.table[b].times[n]) + inc;
        if counter < 1.0 {
            self.table[b].times[n] = counter as f32;
            self.promote(b, n);
            Decision::CONTINUE
        } else {
            self.table[b].times[n] = 0.0;
            self.decay_all();
            Decision::TRIGGER
        }
    }

    fn set_counter(&mut self, site: Site, value: u16) {
        let (b, n) = self.entry(site);
        self.table[b].times[n] = (-(f64::from(value) / 2.0) * self.loop_increment) as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticks_to_trigger(p: &mut Pypy, site: Site, kind: HotKind) -> usize {
        (1..10_000_000)
            .find(|_| p.hot_tick(site, kind, VTime::ZERO).is_trigger())
            .unwrap()
    }

    #[test]
    fn thresholds_count_loops_and_calls_separately() {
        let mut p = Pypy::new(1039, 1619, 40, VTime::MAX);
        // Single-precision storage loses a little on each add: 1039 needs 1040 ticks (as
        // a float32 model of RPython's arithmetic computes), 1619 and 56 are exact.
        assert_eq!(ticks_to_trigger(&mut p, Site(0x100), HotKind::Loop), 1040);
        assert_eq!(ticks_to_trigger(&mut p, Site(0x200), HotKind::Call), 1619);
        let mut l = Pypy::new(56, 112, 40, VTime::MAX);
        assert_eq!(ticks_to_trigger(&mut l, Site(0x100), HotKind::Loop), 56);
    }

    #[test]
    fn a_trigger_decays_every_other_counter() {
        let mut p = Pypy::new(1039, 1619, 40, VTime::MAX);
        let (a, b) = (Site(0x100), Site(0x104));
        for _ in 0..1000 {
            p.hot_tick(a, HotKind::Loop, VTime::ZERO);
        }
        // b becomes hot: a's count of 1000 ticks is multiplied by 0.96, so a needs 80 more
        // (a float32 model of RPython's arithmetic gives 80), not 40.
        ticks_to_trigger(&mut p, b, HotKind::Loop);
        assert_eq!(ticks_to_trigger(&mut p, a, HotKind::Loop), 80);
    }

    #[test]
    fn periodic_decay_keeps_a_slow_site_cold() {
        let mut p = Pypy::new(56, 112, 40, VTime::from_secs(1));
        let s = Site(0x300);
        // One call a second against 0.96 per second: the count levels off near
        // 1/0.04 = 25 calls' worth, below the 112-call threshold.
        let hot = (0..10_000)
            .filter(|&i| {
                p.hot_tick(s, HotKind::Call, VTime::from_secs(i))
                    .is_trigger()
            })
            .count();
        assert_eq!(hot, 0);
    }

    #[test]
    fn a_bucket_holds_five_sites_and_evicts_cold_ones() {
        let mut p = Pypy::new(1039, 1619, 40, VTime::MAX);
        // Find six sites in one bucket.
        let bucket = |s: Site| Pypy::hash(s) >> 21;
        let target = bucket(Site(0));
        let same: Vec<Site> = (0..1_000_000u32)
            .map(|i| Site(i * 4))
            .filter(|&s| bucket(s) == target)
            .take(6)
            .collect();
        for (k, &s) in same.iter().enumerate().take(5) {
            for _ in 0..(10 * (k + 1)) {
                p.hot_tick(s, HotKind::Loop, VTime::ZERO);
            }
        }
        // The sixth site evicts the coldest entry (the one in the last place).
        p.hot_tick(same[5], HotKind::Loop, VTime::ZERO);
        let b = &p.table[target as usize];
        assert!(b.subhashes.contains(&(Pypy::hash(same[5]) as u16)));
        assert_eq!(b.times.iter().filter(|&&t| t > 0.0).count(), 5);
    }

    #[test]
    fn bridges_follow_pypys_trace_eagerness_or_luajits_hotexit() {
        let p = Pypy::from_params(&Params::new()).unwrap();
        assert_eq!(p.exit_threshold(10), 200);
        let mut q = Params::new();
        q.set("thresholds", "luajit");
        let mut p = Pypy::from_params(&q).unwrap();
        assert_eq!(p.exit_threshold(10), 10);
        assert_eq!(p.exit_tick(9, 10, VTime::ZERO), Decision::TRIGGER);
        assert_eq!(p.exit_tick(8, 10, VTime::ZERO), Decision::CONTINUE);
    }
}
