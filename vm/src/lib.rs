//! hotsim-vm: a Lua 5.1 virtual machine (LuaJIT's dialect) with a tracing JIT, running
//! on a virtual clock, that asks a pluggable [`HotnessPolicy`] when code is hot.
//!
//! The pipeline: source -> [`compiler`] (full_moon syntax tree -> register bytecode,
//! [`op`]) -> [`Proto`] -> [`Vm`] interpreter. Every executed bytecode is charged to the
//! virtual clock by its [`CostModel`] class; at each hot point (FORL, ITERL, LOOP, FUNCF)
//! the VM asks the policy whether the site is hot, and a hot site is recorded, optimised
//! and run as a trace by the [`jit`] (with LuaJIT's side exits, side traces, penalties,
//! blacklisting and flushes; [`JitParams`] holds its limits).
//!
//! ```
//! use hotsim_vm::{Vm, VmConfig};
//! use hotsim_policies::{registry, Params};
//!
//! let policy = registry::build("cumulative", &Params::new()).unwrap();
//! let mut vm = Vm::new(VmConfig { policy, ..VmConfig::default() });
//! vm.run_chunk(b"local s = 0 for i = 1, 100 do s = s + i end", "sum.lua").unwrap();
//! // The loop's 56th back-edge is LuaJIT's trigger point; the loop then runs as a trace.
//! assert_eq!(vm.stats().hot_triggers, 1);
//! assert_eq!(vm.stats().traces, 1);
//! assert!(vm.now().as_ns() > 0);
//! ```

#![warn(missing_docs)]

pub mod compiler;
pub mod cost;
pub mod heap;
mod interp;
pub mod jit;
pub mod memory;
pub mod op;
pub mod proto;
pub mod stats;
pub mod stdlib;
pub mod table;
pub mod value;
pub mod verify;

pub use compiler::{CompileError, compile};
pub use cost::{CostClass, CostError, CostModel};
pub use heap::Heap;
pub use hotsim_policies::{HotnessPolicy, VTime};
pub use interp::{ExecError, Limit, LuaError, NativeFn, Vm, VmConfig};
pub use jit::{AbortReason, JitParams, TraceEvent, TraceEventKind};
pub use memory::DEFAULT_MAX_MEMORY;
pub use proto::{AddrSpace, Proto};
pub use stats::{HitLog, HotEvent, SiteHits, Stats};
pub use value::{FuncId, StrId, TableId, Value};
