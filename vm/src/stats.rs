//! Counters a run reports (`hotsim exec --stats`), and the log of hot-point triggers.

use hotsim_policies::{HotKind, Site, VTime};
use serde::Serialize;

/// What a run did, as written by `--stats`. JIT counters stay zero while the VM runs
/// without a trace compiler.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Virtual time consumed, in ns.
    pub virtual_ns: u64,
    /// Bytecodes interpreted.
    pub bytecodes: u64,
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
    /// Trace exits taken.
    pub exits_taken: u64,
    /// Calls of library (native) functions.
    pub native_calls: u64,
    /// Garbage collections run.
    pub gc_collections: u64,
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

/// Every hot-point tick, counted per site and time bucket (`VmConfig::record_hits`): the
/// raw material of a recorded branch-frequency workload.
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
