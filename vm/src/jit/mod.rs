//! The tracing JIT: hot points -> record -> IR + snapshots -> optimise -> lower ->
//! execute -> side exits -> side traces, with LuaJIT's trace cache, penalties,
//! blacklisting and flushes.
//!
//! One file per pipeline stage, named as in LuaJIT, in pipeline order:
//!
//! | module | LuaJIT | holds |
//! |---|---|---|
//! | `hotpoint` | `lj_dispatch.c` hotloop/hotcall | counter tick -> policy -> start of a recording |
//! | [`record`] | `lj_record.c` | the recorder: bytecode -> IR; `record/branch.rs` comparisons and loops, `record/call.rs` calls and returns, `record/index.rs` tables |
//! | `record::ffrecord` | `lj_ffrecord.c` | the table of library functions a trace may call, and their recording |
//! | [`ir`] | `lj_ir.h` | IR ops (with operand modes), instructions, types |
//! | [`irbuf`] | `lj_ir.c` | the IR buffer being recorded into (emit through fold and CSE) |
//! | [`snap`] | `lj_snap.c` | snapshots: taken while recording, restored at exits |
//! | [`opt`] | `lj_opt_*.c` | folding, loop copying, dead-code removal |
//! | `lower` | `lj_asm.c` (in place of) | optimised IR -> the executor's [`trace::Trace`] |
//! | [`exec`] | the machine code, `lj_vm` exit handling | the IR executor |
//! | [`trace`] | `lj_trace.c` | the life cycle: start, stop, abort, side traces, flushes |
//! | [`dump`] | `jit/dump.lua`, `jit/v.lua` | `-jdump` and `-jv` text |
//! | [`penalty`] | `lj_trace.c` penalties | the penalty cache |
//! | [`mcode`] | `lj_mcode.c` | machine-code areas |
//! | [`params`] | `lj_jit.h` | parameters |
//! | [`reason`] | `lj_traceerr.h` | abort reasons |
//!
//! What decides WHEN something compiles follows LuaJIT exactly; how a trace runs is
//! hotsim's own (an IR executor), its cost charged from the cost model.

pub mod dump;
pub mod exec;
mod hotpoint;
pub mod ir;
pub mod irbuf;
mod lower;
pub mod mcode;
pub mod opt;
pub mod params;
pub mod penalty;
pub mod reason;
pub mod record;
pub mod snap;
pub mod trace;

pub use params::{FlushMode, JitParamError, JitParams, render_params};
pub use reason::AbortReason;
pub use trace::{TraceEvent, TraceEventKind};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::rc::Rc;

/// A trace number (1-based, as LuaJIT's).
pub type TraceNo = u16;

/// How a trace starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartKind {
    /// A hot loop (FORL, ITERL, LOOP).
    Loop,
    /// A hot function entry (FUNCF).
    Call,
    /// A hot exit of `parent`.
    Side {
        /// The parent trace.
        parent: TraceNo,
        /// The parent's exit (snapshot) number.
        exit: u16,
        /// The root trace of the tree.
        root: TraceNo,
    },
}

impl StartKind {
    /// `loop`, `call` or `side`, as logs and CSV print it.
    pub fn name(self) -> &'static str {
        match self {
            StartKind::Loop => "loop",
            StartKind::Call => "call",
            StartKind::Side { .. } => "side",
        }
    }

    /// Parent trace and exit of a side trace; `(0, 0)` for a root.
    pub fn parent(self) -> (TraceNo, u16) {
        match self {
            StartKind::Side { parent, exit, .. } => (parent, exit),
            _ => (0, 0),
        }
    }
}

/// How a trace ends (LuaJIT's link types).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    /// Loops back to its own start.
    Loop,
    /// Returns to the interpreter at a function return.
    Return,
    /// Jumps into another trace.
    Trace(TraceNo),
    /// Calls its own function again and re-enters itself one frame deeper (a function
    /// trace through recursion that is not a tail call).
    UpRec,
    /// Falls back to the interpreter (a stub side trace).
    Interp,
}

/// Site-table entry of a blacklisted hot op.
pub(crate) const BLACKLISTED: u16 = u16::MAX;

/// The JIT's state inside a VM.
pub(crate) struct Jit {
    /// Parameters.
    pub params: JitParams,
    /// Compiled traces by number (index 0 unused).
    pub traces: Vec<Option<Rc<trace::Trace>>>,
    /// Per hot-op site (virtual address / 4): trace number, [`BLACKLISTED`], or 0.
    pub sites: Vec<u16>,
    /// The penalty cache.
    pub penalty: penalty::PenaltyCache,
    /// Machine-code areas.
    pub mcode: mcode::Mcode,
    /// The recording in progress.
    pub rec: Option<Box<record::Recorder>>,
    /// The JIT's own random numbers (penalties), apart from `math.random`'s.
    pub rng: ChaCha8Rng,
    /// Trace events (start, stop, abort, flush), the first [`TRACE_EVENT_LOG_MAX`].
    pub events: Vec<TraceEvent>,
    /// Library functions a trace may call.
    pub fast_funcs: Rc<record::FastFuncs>,
    /// Scratch for PHI moves.
    pub phi_tmp: Vec<u64>,
    /// Scratch for concatenation.
    pub cat_buf: Vec<u8>,
    /// Side-trace counts per root trace.
    pub nchild: Vec<u16>,
}

/// Trace events kept in the log; later ones are counted but not logged.
pub const TRACE_EVENT_LOG_MAX: usize = 100_000;

impl Jit {
    /// A JIT with no traces.
    pub fn new(params: JitParams, seed: u64) -> Jit {
        Jit {
            params,
            traces: vec![None],
            sites: Vec::new(),
            penalty: Default::default(),
            mcode: Default::default(),
            rec: None,
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x6a69_745f_7072_6e67),
            events: Vec::new(),
            fast_funcs: Rc::default(),
            phi_tmp: Vec::new(),
            cat_buf: Vec::new(),
            nchild: vec![0],
        }
    }

    /// The trace attached to the hot op whose site address is `addr`.
    #[inline]
    pub fn trace_at(&self, addr: u32) -> Option<TraceNo> {
        match self.sites.get((addr / 4) as usize) {
            Some(&t) if t != 0 && t != BLACKLISTED => Some(t),
            _ => None,
        }
    }

    /// The site-table entry of `addr` (0, a trace, or [`BLACKLISTED`]).
    #[inline]
    pub fn site(&self, addr: u32) -> u16 {
        self.sites.get((addr / 4) as usize).copied().unwrap_or(0)
    }

    pub(crate) fn set_site(&mut self, addr: u32, v: u16) {
        let i = (addr / 4) as usize;
        if i >= self.sites.len() {
            self.sites.resize(i + 1, 0);
        }
        self.sites[i] = v;
    }

    /// Whether a recording is in progress.
    #[inline]
    pub fn recording(&self) -> bool {
        self.rec.is_some()
    }
}
