//! Counters a run reports (`hotsim exec --stats`), and the log of hot-point triggers.

use hotsim_policies::{HotKind, Site, VTime};
use serde::{Deserialize, Serialize};

/// What a run did, as written by `--stats`. JIT counters stay zero while the VM runs
/// without a trace compiler.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Virtual time consumed, in ns.
    pub virtual_ns: u64,
    /// Bytecodes interpreted.
    pub bytecodes: u64,
    /// Hot-point ticks counted through the policy (interpreted loops and calls).
    pub hot_ticks: u64,
    /// Hot points that the policy declared hot.
    pub hot_triggers: u64,
    /// Traces compiled.
    pub traces: u64,
    /// Trace recordings aborted.
    pub aborts: u64,
    /// Side traces compiled.
    pub side_traces: u64,
    /// Sites blacklisted.
    pub blacklisted: u64,
    /// Trace cache flushes.
    pub flushes: u64,
    /// Trace exits taken back to the interpreter (exits into linked side traces are
    /// jumps and not counted).
    pub exits_taken: u64,
    /// Trace exits counted through the policy (exits whose counter is not done).
    pub exit_ticks: u64,
    /// Side traces that are stubs falling back to the interpreter.
    pub stub_traces: u64,
    /// IR instructions of all compiled traces.
    pub ir_instructions: u64,
    /// Modelled machine-code bytes of all compiled traces.
    pub mcode_bytes: u64,
    /// Page-protection changes (two per trace, two more per cross-area link).
    pub mprotects: u64,
    /// Trace IR instructions executed.
    pub trace_ins: u64,
    /// Virtual time interpreting (including library calls and idle waits), in ns.
    pub interp_ns: u64,
    /// Virtual time recording traces, in ns.
    pub record_ns: u64,
    /// Virtual time compiling traces (including page-protection changes), in ns.
    pub compile_ns: u64,
    /// Virtual time running compiled traces (including exits), in ns.
    pub trace_ns: u64,
    /// Calls of library (native) functions.
    pub native_calls: u64,
    /// Garbage collections run.
    pub gc_collections: u64,
}

/// Where virtual time went, in picoseconds (the VM's running totals).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TimeSplit {
    pub record: u64,
    pub compile: u64,
    pub trace: u64,
}

/// One hot-point trigger: when, where and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HotEvent {
    /// Virtual time of the trigger.
    pub time: VTime,
    /// The site (virtual address after the hot op).
    pub site: Site,
    /// Loop or call.
    pub kind: HotKind,
    /// Chunk of the hot op.
    pub chunk: std::rc::Rc<str>,
    /// Source line of the hot op.
    pub line: u32,
}

impl HotEvent {
    /// `chunk:line` of the hot op, as LuaJIT prints positions.
    pub fn location(&self) -> String {
        format!("{}:{}", self.chunk, self.line)
    }
}

/// Every hot-point tick, counted per site and time bucket (`VmConfig::hit_log_bucket`): the
/// raw material of a workload replayed from hit counts (the `hotsim record` command).
#[derive(Clone, Debug, Default)]
pub struct HitLog {
    /// Bucket length.
    pub bucket: VTime,
    /// Per site address: what it is and its ticks per bucket index.
    pub sites: std::collections::BTreeMap<u32, SiteHits>,
}

/// One site's ticks in a [`HitLog`].
#[derive(Clone, Debug, Default)]
pub struct SiteHits {
    /// Loop or call (`None` only before the first tick).
    pub kind: Option<HotKind>,
    /// Chunk of the hot op.
    pub chunk: std::rc::Rc<str>,
    /// Line of the hot op.
    pub line: u32,
    /// Ticks per bucket index.
    pub hits: std::collections::BTreeMap<u64, u64>,
}
