//! LuaJIT's hot counters (`lj_dispatch.h`: `GG_State.hotcount`), hashed or exact.

use crate::Site;
use rustc_hash::FxHashMap;

/// Number of hashed counter slots (`HOTCOUNT_SIZE` in lj_dispatch.h).
pub const HOTCOUNT_SIZE: usize = 64;

/// How sites map to counters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CounterMode {
    /// LuaJIT's 64 shared slots, indexed by `(address / 4) mod 64`: colliding sites share.
    Hashed,
    /// One counter per site, no aliasing (an idealised LuaJIT).
    Exact,
}

impl CounterMode {
    /// Parse `hashed` or `exact`.
    pub fn parse(s: &str) -> Option<CounterMode> {
        match s {
            "hashed" => Some(CounterMode::Hashed),
            "exact" => Some(CounterMode::Exact),
            _ => None,
        }
    }
}

/// A table of 16-bit down-counters, as LuaJIT keeps them.
///
/// Counters start at `start` (LuaJIT: `hotloop*2 - 1` = 111) and a tick subtracts the
/// kind's weight; the tick fires on unsigned borrow (old value < weight).
#[derive(Clone, Debug)]
pub struct HotCounters {
    mode: CounterMode,
    start: u16,
    slots: [u16; HOTCOUNT_SIZE],
    exact: FxHashMap<Site, u16>,
}

impl HotCounters {
    /// A table with every counter at `start`.
    pub fn new(mode: CounterMode, start: u16) -> HotCounters {
        HotCounters {
            mode,
            start,
            slots: [start; HOTCOUNT_SIZE],
            exact: FxHashMap::default(),
        }
    }

    /// The slot index LuaJIT uses for `site`: `(addr >> 2) & (HOTCOUNT_SIZE - 1)`.
    pub const fn slot(site: Site) -> usize {
        (site.0 as usize >> 2) & (HOTCOUNT_SIZE - 1)
    }

    /// Subtract `weight`; returns true on borrow, i.e. when the site is hot. The counter
    /// is left as it was on a borrow: the caller decides what to write (LuaJIT: `hotloop*2`).
    #[inline]
    pub fn tick(&mut self, site: Site, weight: u16) -> bool {
        let c = self.counter_mut(site);
        if *c < weight {
            true
        } else {
            *c -= weight;
            false
        }
    }

    /// Read the counter of `site`.
    pub fn get(&self, site: Site) -> u16 {
        match self.mode {
            CounterMode::Hashed => self.slots[Self::slot(site)],
            CounterMode::Exact => self.exact.get(&site).copied().unwrap_or(self.start),
        }
    }

    /// Write the counter of `site`.
    #[inline]
    pub fn set(&mut self, site: Site, value: u16) {
        *self.counter_mut(site) = value;
    }

    /// Reset every counter to the start value (LuaJIT's `lj_dispatch_init_hotcount`).
    pub fn reset_all(&mut self) {
        self.slots = [self.start; HOTCOUNT_SIZE];
        self.exact.clear();
    }

    /// The counter mode.
    pub fn mode(&self) -> CounterMode {
        self.mode
    }

    #[inline]
    fn counter_mut(&mut self, site: Site) -> &mut u16 {
        match self.mode {
            CounterMode::Hashed => &mut self.slots[Self::slot(site)],
            CounterMode::Exact => self.exact.entry(site).or_insert(self.start),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_sites_share_a_slot_exact_ones_do_not() {
        let a = Site(0x1000);
        let b = Site(0x1000 + 4 * HOTCOUNT_SIZE as u32);
        assert_eq!(HotCounters::slot(a), HotCounters::slot(b));
        let mut h = HotCounters::new(CounterMode::Hashed, 111);
        h.tick(a, 2);
        assert_eq!(h.get(b), 109);
        let mut e = HotCounters::new(CounterMode::Exact, 111);
        e.tick(a, 2);
        assert_eq!(e.get(b), 111);
        assert_eq!(e.get(a), 109);
    }

    #[test]
    fn fires_on_borrow_only() {
        let mut h = HotCounters::new(CounterMode::Hashed, 3);
        let s = Site(8);
        assert!(!h.tick(s, 2)); // 3 -> 1
        assert!(h.tick(s, 2)); // 1 < 2: borrow
        assert_eq!(h.get(s), 1);
    }
}
