//! The penalty cache and blacklisting (LuaJIT's `penalty_pc` in `lj_trace.c`).
//!
//! A root trace that aborts penalises its start pc: the first time with
//! [`PENALTY_MIN`], then doubling plus a random 0..15 each time, in a cache of
//! [`PENALTY_SLOTS`] slots used round-robin. Above `penaltymax` the pc is blacklisted
//! instead. The penalty becomes the site's hot counter, so the next attempt waits.

use super::reason::AbortReason;
use rand::Rng;

/// Slots in the cache (LuaJIT's `PENALTY_SLOTS`).
pub const PENALTY_SLOTS: usize = 64;
/// The first penalty (LuaJIT's `PENALTY_MIN` = 36*2).
pub const PENALTY_MIN: u32 = 72;
/// Random bits added to each doubled penalty (`PENALTY_RNDBITS`).
pub const PENALTY_RNDBITS: u32 = 4;

/// One cache slot.
#[derive(Clone, Debug, Default)]
struct Slot {
    /// The start site's address (0: empty).
    site: u32,
    value: u32,
    reason: Option<AbortReason>,
}

/// What to do with an aborted start pc.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Penalty {
    /// Set its hot counter to this value.
    Wait(u32),
    /// Blacklist it.
    Blacklist,
}

/// The penalty cache.
#[derive(Clone, Debug)]
pub struct PenaltyCache {
    slots: Vec<Slot>,
    next: usize,
}

impl Default for PenaltyCache {
    fn default() -> Self {
        PenaltyCache {
            slots: vec![Slot::default(); PENALTY_SLOTS],
            next: 0,
        }
    }
}

impl PenaltyCache {
    /// Penalise `site` for `reason`, with `max` as the blacklisting bound.
    pub fn penalise(
        &mut self,
        site: u32,
        reason: &AbortReason,
        max: u32,
        rng: &mut impl Rng,
    ) -> Penalty {
        let value = match self.slots.iter().position(|s| s.site == site) {
            Some(i) => {
                let v =
                    (self.slots[i].value << 1) + (rng.next_u32() & ((1 << PENALTY_RNDBITS) - 1));
                if v > max {
                    return Penalty::Blacklist;
                }
                self.slots[i].value = v;
                self.slots[i].reason = Some(reason.clone());
                v
            }
            None => {
                let i = self.next;
                self.next = (self.next + 1) % PENALTY_SLOTS;
                self.slots[i] = Slot {
                    site,
                    value: PENALTY_MIN,
                    reason: Some(reason.clone()),
                };
                PENALTY_MIN
            }
        };
        Penalty::Wait(value)
    }

    /// The current penalty of `site`, if cached.
    pub fn get(&self, site: u32) -> Option<u32> {
        self.slots.iter().find(|s| s.site == site).map(|s| s.value)
    }

    /// Forget `site` (RaptorJIT, after a successful trace).
    pub fn forget(&mut self, site: u32) {
        if let Some(s) = self.slots.iter_mut().find(|s| s.site == site) {
            *s = Slot::default();
        }
    }

    /// Empty the cache (a flush).
    pub fn clear(&mut self) {
        *self = PenaltyCache::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn doubles_until_blacklisted() {
        let mut c = PenaltyCache::default();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let r = AbortReason::LeavingLoop;
        let mut values = Vec::new();
        let mut n = 0;
        loop {
            n += 1;
            match c.penalise(0x40, &r, 60000, &mut rng) {
                Penalty::Wait(v) => values.push(v),
                Penalty::Blacklist => break,
            }
        }
        assert_eq!(values[0], 72);
        for w in values.windows(2) {
            assert!(w[1] >= w[0] * 2 && w[1] <= w[0] * 2 + 15, "{values:?}");
        }
        // 72 * 2^9 = 36864 fits, the next doubling exceeds 60000: blacklisted on the 11th.
        assert_eq!(n, 11);
    }

    #[test]
    fn round_robin_reuses_the_oldest_slot() {
        let mut c = PenaltyCache::default();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for site in 1..=PENALTY_SLOTS as u32 + 1 {
            c.penalise(site * 4, &AbortReason::InnerLoop, 60000, &mut rng);
        }
        assert_eq!(c.get(4), None);
        assert_eq!(c.get(8), Some(72));
    }
}
