//! hotsim-policies: the decision of WHEN a tracing JIT compiles, as pluggable policies.
//!
//! A VM calls a [`HotnessPolicy`] at every hot point it executes (a loop back-edge or the
//! entry of a function, see [`HotKind`]) and the policy answers with a [`Decision`]. The VM
//! owns everything else (recording, penalties, blacklisting, flushes); it tells the policy
//! when it writes a hot counter itself ([`HotnessPolicy::set_counter`]). Policies know
//! nothing of the VM: they see a [`Site`] (a stable virtual address), a kind and the
//! virtual time, exactly what a real VM sees.
//!
//! Main types: [`HotnessPolicy`], [`Site`], [`VTime`], the [`registry`] of named policies
//! and their parameters ([`ParamDef`], [`Params`]).
//!
//! ```
//! use hotsim_policies::{registry, Decision, HotKind, Params, Site, VTime};
//! let mut p = registry::build("cumulative", &Params::new()).unwrap();
//! let site = Site::new(0x1004);
//! // LuaJIT's default: a loop triggers at its 56th back-edge.
//! let fired: Vec<_> = (0..56)
//!     .map(|_| p.hot_tick(site, HotKind::Loop, VTime::ZERO))
//!     .collect();
//! assert!(fired[..55].iter().all(|d| *d == Decision::CONTINUE));
//! assert_eq!(fired[55], Decision::TRIGGER);
//! ```

#![warn(missing_docs)]

mod backoff;
mod budget;
mod counters;
mod cumulative;
mod decay;
mod eager;
mod halving;
mod never;
mod params;
mod policy;
mod pypy;
pub mod registry;
mod sliding;
mod time;
mod windowed;

pub use backoff::Backoff;
pub use budget::Budget;
pub use counters::{CounterMode, HOTCOUNT_SIZE, HotCounters};
pub use cumulative::Cumulative;
pub use decay::Decay;
pub use eager::Eager;
pub use halving::Halving;
pub use never::Never;
pub use params::{ParamDef, ParamError, ParamKind, Params, Resolved, render_table};
pub use policy::{Decision, HotKind, HotnessPolicy, Site};
pub use pypy::Pypy;
pub use sliding::Sliding;
pub use time::{DurationError, VTime, parse_duration};
pub use windowed::{WindowMode, Windowed};
