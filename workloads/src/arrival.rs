//! Arrival processes: when items (packets, requests) reach a ring.
//!
//! Each process draws from its own ChaCha8 generator, seeded from the run's seed and the
//! source's index, so a source's arrivals do not change when another source is added.

use hotsim_policies::VTime;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp};

/// How items arrive.
#[derive(Clone, Debug, PartialEq)]
pub enum Process {
    /// Exponential inter-arrival times with this mean rate (items per second).
    Poisson {
        /// Items per second.
        rate: f64,
    },
    /// One item every `period`, each moved by a uniform offset in `[-jitter, +jitter]`.
    Periodic {
        /// Time between items.
        period: VTime,
        /// Largest displacement of an item from its slot.
        jitter: VTime,
    },
    /// A two-state Markov-modulated Poisson process: Poisson at `rate` while on; on and
    /// off periods are exponential with the given means.
    OnOff {
        /// Items per second while on.
        rate: f64,
        /// Mean length of an on period.
        on_mean: VTime,
        /// Mean length of an off period.
        off_mean: VTime,
    },
    /// Poisson with a rate that changes at given times: `phases[i] = (start, rate)`,
    /// starts increasing from zero; a rate of 0 means silence.
    Phased {
        /// Start time and rate (items per second) of each phase.
        phases: Vec<(VTime, f64)>,
    },
    /// Hit counts per time bucket (a recording): each bucket's hits are spread uniformly
    /// over the bucket by the process's generator.
    Buckets {
        /// Bucket length.
        bucket: VTime,
        /// `(bucket index, hits)`, increasing by index.
        hits: Vec<(u64, u64)>,
    },
    /// Exactly these arrival times (sorted).
    Recorded {
        /// The times.
        times: Vec<VTime>,
    },
}

/// A running arrival process.
#[derive(Clone, Debug)]
pub struct Arrivals {
    process: Process,
    rng: ChaCha8Rng,
    /// Time of the previous arrival (or of the last state change).
    clock: f64,
    /// Periodic: index of the next slot. Recorded: index of the next time.
    index: u64,
    /// On/off: whether on, and when the current state ends (ns).
    on: bool,
    state_end: f64,
    /// Buckets: the current bucket's spread times, in reverse order.
    pending: Vec<VTime>,
}

/// Seed of source `index`'s generator for a run seeded `seed`.
pub fn stream_seed(seed: u64, index: usize) -> u64 {
    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (index as u64)
            .wrapping_add(1)
            .wrapping_mul(0xD1B5_4A32_D192_ED03)
}

impl Arrivals {
    /// Start `process` at time zero with the generator for `seed`.
    pub fn new(process: Process, seed: u64) -> Arrivals {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (on, state_end) = match &process {
            Process::OnOff { on_mean, .. } => (true, exp_sample(&mut rng, on_mean.as_ns() as f64)),
            _ => (false, 0.0),
        };
        Arrivals {
            process,
            rng,
            clock: 0.0,
            index: 0,
            on,
            state_end,
            pending: Vec::new(),
        }
    }

    /// The next arrival time, or `None` when a recorded process is exhausted.
    pub fn next_arrival(&mut self) -> Option<VTime> {
        match &self.process {
            Process::Poisson { rate } => {
                self.clock += exp_sample(&mut self.rng, 1e9 / rate);
                Some(to_vtime(self.clock))
            }
            Process::Periodic { period, jitter } => {
                let slot = (self.index + 1) as f64 * period.as_ns() as f64;
                self.index += 1;
                let j = jitter.as_ns() as f64;
                let offset = if j > 0.0 {
                    self.rng.random_range(-j..=j)
                } else {
                    0.0
                };
                // Keep arrivals in order even when jitter exceeds half a period.
                self.clock = (slot + offset).max(self.clock);
                Some(to_vtime(self.clock))
            }
            Process::OnOff {
                rate,
                on_mean,
                off_mean,
            } => {
                let (rate, on_mean, off_mean) =
                    (*rate, on_mean.as_ns() as f64, off_mean.as_ns() as f64);
                loop {
                    if self.on {
                        let t = self.clock + exp_sample(&mut self.rng, 1e9 / rate);
                        if t < self.state_end {
                            self.clock = t;
                            return Some(to_vtime(t));
                        }
                        // Memoryless: the on period ends first; continue from its end.
                        self.clock = self.state_end;
                        self.on = false;
                        self.state_end = self.clock + exp_sample(&mut self.rng, off_mean);
                    } else {
                        self.clock = self.state_end;
                        self.on = true;
                        self.state_end = self.clock + exp_sample(&mut self.rng, on_mean);
                    }
                }
            }
            Process::Phased { phases } => loop {
                let i = self.index as usize;
                let (_, rate) = *phases.get(i)?;
                let end = phases
                    .get(i + 1)
                    .map_or(f64::INFINITY, |p| p.0.as_ns() as f64);
                if rate > 0.0 {
                    let t = self.clock + exp_sample(&mut self.rng, 1e9 / rate);
                    if t < end {
                        self.clock = t;
                        return Some(to_vtime(t));
                    }
                }
                if end.is_infinite() {
                    return None;
                }
                // Memoryless: restart the draw at the phase boundary.
                self.clock = end;
                self.index += 1;
            },
            Process::Buckets { bucket, hits } => {
                while self.pending.is_empty() {
                    let &(b, n) = hits.get(self.index as usize)?;
                    self.index += 1;
                    let (start, len) = (b * bucket.as_ns(), bucket.as_ns());
                    let mut times: Vec<VTime> = (0..n)
                        .map(|_| VTime(start + self.rng.random_range(0..len)))
                        .collect();
                    times.sort_unstable_by(|a, b| b.cmp(a));
                    self.pending = times;
                }
                self.pending.pop()
            }
            Process::Recorded { times } => {
                let t = times.get(self.index as usize).copied();
                self.index += 1;
                t
            }
        }
    }

    /// The expected number of arrivals in `[from, to)`: what the scaled engine credits to
    /// a fast-forwarded stretch (the mean for random processes, the count for recorded
    /// ones).
    pub fn expected_between(&self, from: VTime, to: VTime) -> f64 {
        let (a, b) = (from.as_ns() as f64, to.as_ns().max(from.as_ns()) as f64);
        match &self.process {
            Process::Poisson { rate } => rate * (b - a) / 1e9,
            Process::Periodic { period, .. } => (b - a) / period.as_ns().max(1) as f64,
            Process::OnOff {
                rate,
                on_mean,
                off_mean,
            } => {
                let (on, off) = (on_mean.as_ns() as f64, off_mean.as_ns() as f64);
                rate * on / (on + off) * (b - a) / 1e9
            }
            Process::Phased { phases } => {
                let mut n = 0.0;
                for (i, &(start, rate)) in phases.iter().enumerate() {
                    let start = start.as_ns() as f64;
                    let end = phases
                        .get(i + 1)
                        .map_or(f64::INFINITY, |p| p.0.as_ns() as f64);
                    let overlap = b.min(end) - a.max(start);
                    if overlap > 0.0 {
                        n += rate * overlap / 1e9;
                    }
                }
                n
            }
            Process::Buckets { bucket, hits } => {
                let len = bucket.as_ns().max(1) as f64;
                hits.iter()
                    .map(|&(i, n)| {
                        let start = i as f64 * len;
                        let overlap = b.min(start + len) - a.max(start);
                        if overlap > 0.0 {
                            n as f64 * overlap / len
                        } else {
                            0.0
                        }
                    })
                    .sum()
            }
            Process::Recorded { times } => {
                let lo = times.partition_point(|t| *t < from);
                let hi = times.partition_point(|t| *t < to);
                hi.saturating_sub(lo) as f64
            }
        }
    }

    /// Skip to time `t`: forget the arrivals before `t` without drawing them one by one
    /// where the process allows (Poisson-like processes are memoryless, so restarting
    /// the draw at `t` gives the same distribution), and return the first arrival at or
    /// after `t`. Used by the scaled engine to fast-forward a steady state.
    pub fn skip_to(&mut self, t: VTime) -> Option<VTime> {
        let tn = t.as_ns() as f64;
        match &self.process {
            Process::Poisson { .. } => self.clock = self.clock.max(tn),
            Process::Periodic { period, .. } => {
                // The next slot at or after `t` (the slot `index + 1` comes next).
                let slot = t.as_ns().div_ceil(period.as_ns().max(1));
                self.index = self.index.max(slot.saturating_sub(1));
                self.clock = self.clock.max(tn - period.as_ns() as f64);
            }
            Process::OnOff {
                on_mean, off_mean, ..
            } => {
                let (on_mean, off_mean) = (on_mean.as_ns() as f64, off_mean.as_ns() as f64);
                while self.state_end <= tn {
                    self.on = !self.on;
                    let mean = if self.on { on_mean } else { off_mean };
                    self.state_end += exp_sample(&mut self.rng, mean);
                }
                self.clock = self.clock.max(tn);
            }
            Process::Phased { phases } => {
                while phases
                    .get(self.index as usize + 1)
                    .is_some_and(|p| p.0.as_ns() as f64 <= tn)
                {
                    self.index += 1;
                }
                self.clock = self.clock.max(tn);
            }
            Process::Buckets { .. } | Process::Recorded { .. } => {}
        }
        loop {
            let a = self.next_arrival()?;
            if a >= t {
                return Some(a);
            }
        }
    }
}

fn exp_sample(rng: &mut ChaCha8Rng, mean: f64) -> f64 {
    Exp::new(1.0 / mean).expect("positive rate").sample(rng)
}

fn to_vtime(ns: f64) -> VTime {
    VTime(ns.round().min(u64::MAX as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_until(a: &mut Arrivals, end: VTime) -> usize {
        std::iter::from_fn(|| a.next_arrival())
            .take_while(|&t| t < end)
            .count()
    }

    #[test]
    fn poisson_rate_is_as_specified() {
        let mut a = Arrivals::new(Process::Poisson { rate: 100_000.0 }, 1);
        let n = count_until(&mut a, VTime::from_secs(10)) as f64;
        // 1e6 expected, standard deviation 1000: within 0.5%.
        assert!((n - 1e6).abs() < 5_000.0, "{n}");
    }

    #[test]
    fn periodic_with_jitter_keeps_its_rate_and_order() {
        let mut a = Arrivals::new(
            Process::Periodic {
                period: VTime::from_ms(1),
                jitter: VTime::from_us(300),
            },
            2,
        );
        let times: Vec<VTime> = std::iter::from_fn(|| a.next_arrival())
            .take(10_000)
            .collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        let last = times.last().unwrap().as_ns() as f64;
        assert!((last - 10_000e6).abs() <= 300e3, "{last}");
    }

    #[test]
    fn on_off_averages_rate_times_duty_cycle() {
        let p = Process::OnOff {
            rate: 1e5,
            on_mean: VTime::from_ms(10),
            off_mean: VTime::from_ms(30),
        };
        let mut a = Arrivals::new(p, 3);
        let n = count_until(&mut a, VTime::from_secs(200)) as f64;
        // Duty cycle 1/4: 5e6 expected. 5000 on periods of exponential length: the total
        // on time has a standard deviation of about 1.4%; allow 5%.
        assert!((n - 5e6).abs() < 0.05 * 5e6, "{n}");
    }

    #[test]
    fn phased_rates_switch_at_their_times() {
        let p = Process::Phased {
            phases: vec![
                (VTime::ZERO, 1e5),
                (VTime::from_secs(10), 1e3),
                (VTime::from_secs(20), 0.0),
            ],
        };
        let mut a = Arrivals::new(p, 4);
        let times: Vec<VTime> = std::iter::from_fn(|| a.next_arrival()).collect();
        let first = times.iter().filter(|t| **t < VTime::from_secs(10)).count() as f64;
        let second = times.len() as f64 - first;
        assert!((first - 1e6).abs() < 5_000.0, "{first}");
        assert!((second - 1e4).abs() < 500.0, "{second}");
        assert!(times.last().unwrap() < &VTime::from_secs(20));
    }

    #[test]
    fn buckets_keep_their_counts_and_spread_within_the_bucket() {
        let p = Process::Buckets {
            bucket: VTime::from_ms(100),
            hits: vec![(0, 5), (3, 2), (4, 0), (7, 1)],
        };
        let mut a = Arrivals::new(p, 9);
        let times: Vec<VTime> = std::iter::from_fn(|| a.next_arrival()).collect();
        let per = |b: u64| {
            times
                .iter()
                .filter(|t| t.as_ns() / 100_000_000 == b)
                .count()
        };
        assert_eq!(
            (per(0), per(3), per(4), per(7), times.len()),
            (5, 2, 0, 1, 8)
        );
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn recorded_replays_exactly_then_ends() {
        let times = vec![VTime(5), VTime(7), VTime(7), VTime(100)];
        let mut a = Arrivals::new(
            Process::Recorded {
                times: times.clone(),
            },
            0,
        );
        let got: Vec<VTime> = std::iter::from_fn(|| a.next_arrival()).collect();
        assert_eq!(got, times);
    }

    #[test]
    fn skipping_keeps_the_rate_after_the_skip() {
        let mut a = Arrivals::new(Process::Poisson { rate: 100_000.0 }, 5);
        let first = a.skip_to(VTime::from_secs(100)).unwrap();
        assert!(first >= VTime::from_secs(100) && first < VTime::from_secs(101));
        let n = count_until(&mut a, VTime::from_secs(110)) as f64;
        assert!((n - 1e6).abs() < 5_000.0, "{n}");
        let mut p = Arrivals::new(
            Process::Periodic {
                period: VTime::from_ms(1),
                jitter: VTime::ZERO,
            },
            6,
        );
        assert_eq!(p.skip_to(VTime(2_500_000)), Some(VTime(3_000_000)));
        assert_eq!(p.next_arrival(), Some(VTime(4_000_000)));
        let mut r = Arrivals::new(
            Process::Recorded {
                times: vec![VTime(1), VTime(5), VTime(9)],
            },
            0,
        );
        assert_eq!(r.skip_to(VTime(5)), Some(VTime(5)));
        assert_eq!(r.skip_to(VTime(10)), None);
    }

    #[test]
    fn expected_counts_follow_the_rates() {
        let a = Arrivals::new(Process::Poisson { rate: 1e6 }, 1);
        assert_eq!(
            a.expected_between(VTime::from_ms(1), VTime::from_ms(3)),
            2000.0
        );
        let phased = Arrivals::new(
            Process::Phased {
                phases: vec![(VTime::ZERO, 1e3), (VTime::from_secs(1), 0.0)],
            },
            1,
        );
        let n = phased.expected_between(VTime::from_ms(500), VTime::from_secs(2));
        assert!((n - 500.0).abs() < 1e-9, "{n}");
        let rec = Arrivals::new(
            Process::Recorded {
                times: vec![VTime(1), VTime(5), VTime(9)],
            },
            0,
        );
        assert_eq!(rec.expected_between(VTime(2), VTime(9)), 1.0);
    }

    #[test]
    fn same_seed_same_stream() {
        let mut a = Arrivals::new(Process::Poisson { rate: 1e6 }, stream_seed(7, 0));
        let mut b = Arrivals::new(Process::Poisson { rate: 1e6 }, stream_seed(7, 0));
        for _ in 0..1000 {
            assert_eq!(a.next_arrival(), b.next_arrival());
        }
        assert_ne!(stream_seed(7, 0), stream_seed(7, 1));
    }
}
