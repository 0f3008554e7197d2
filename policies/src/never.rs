//! `never`: the interpreter-only baseline. No site is ever hot; nothing compiles.
//!
//! Origin: `luajit -joff`. Parameters: none.

use crate::params::ParamDef;
use crate::{Decision, HotKind, HotnessPolicy, ParamError, Params, Site, VTime};

/// `never` takes no parameters.
pub const PARAMS: &[ParamDef] = &[];

/// Never trigger.
#[derive(Clone, Copy, Debug, Default)]
pub struct Never;

impl Never {
    /// Build from user parameters (there are none; any key is an error).
    pub fn from_params(params: &Params) -> Result<Never, ParamError> {
        params.resolve("never", PARAMS)?;
        Ok(Never)
    }
}

impl HotnessPolicy for Never {
    fn name(&self) -> &'static str {
        "never"
    }
    fn hot_tick(&mut self, _site: Site, _kind: HotKind, _now: VTime) -> Decision {
        Decision::CONTINUE
    }
    fn set_counter(&mut self, _site: Site, _value: u16) {}
    fn wants_ticks(&self) -> bool {
        false
    }
}
