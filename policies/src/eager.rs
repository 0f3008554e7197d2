//! `eager`: every hot point is hot at once (threshold 1).
//!
//! Origin: the compile-everything baseline (`luajit -Ohotloop=1` comes close: loops then
//! trigger on their first back-edge, functions on their second call). Here every tick of
//! a site that is not compiled triggers: one counter per site, starting at 0, so any
//! weight borrows. A penalty written by the VM after an aborted trace still delays the
//! site's next attempt, as in LuaJIT. Trace exits ask for a side trace at their first
//! taken exit. Parameters: none.

use crate::params::ParamDef;
use crate::{
    CounterMode, Decision, HotCounters, HotKind, HotnessPolicy, ParamError, Params, Site, VTime,
};

/// `eager` takes no parameters.
pub const PARAMS: &[ParamDef] = &[];

/// Trigger at every hot point.
#[derive(Clone, Debug)]
pub struct Eager {
    counters: HotCounters,
}

impl Default for Eager {
    fn default() -> Self {
        Eager {
            counters: HotCounters::new(CounterMode::Exact, 0),
        }
    }
}

impl Eager {
    /// Build from user parameters (there are none; any key is an error).
    pub fn from_params(params: &Params) -> Result<Eager, ParamError> {
        params.resolve("eager", PARAMS)?;
        Ok(Eager::default())
    }
}

impl HotnessPolicy for Eager {
    fn name(&self) -> &'static str {
        "eager"
    }
    fn hot_tick(&mut self, site: Site, kind: HotKind, _now: VTime) -> Decision {
        if self.counters.tick(site, kind.weight()) {
            self.counters.set(site, 0);
            Decision::TRIGGER
        } else {
            Decision::CONTINUE
        }
    }
    fn exit_threshold(&self, _hotexit: u8) -> u8 {
        1
    }

    fn set_counter(&mut self, site: Site, value: u16) {
        self.counters.set(site, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tick_triggers_unless_a_penalty_waits() {
        let mut p = Eager::default();
        let s = Site(0x10);
        assert!((0..10).all(|_| p.hot_tick(s, HotKind::Call, VTime::ZERO).is_trigger()));
        p.set_counter(s, 72);
        let waited = (1..100).find(|_| p.hot_tick(s, HotKind::Loop, VTime::ZERO).is_trigger());
        assert_eq!(waited, Some(37));
    }
}
