//! Why a recording stopped without a trace (LuaJIT's `lj_traceerr.h`, its wording).
//!
//! An abort is an outcome, not an error of the program: it is counted, printed by `--jv`
//! and penalised (root traces) by [`crate::jit::penalty`].

use std::fmt;

/// An abort reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AbortReason {
    /// More than `maxrecord` IR instructions.
    TraceTooLong,
    /// Inlined frames need more slots than a trace may use.
    TraceTooDeep,
    /// More than `maxsnap` snapshots.
    TooManySnapshots,
    /// The start pc is blacklisted.
    Blacklisted,
    /// A bytecode the recorder does not handle, by LuaJIT 2.1's number for it.
    NyiBytecode(u8),
    /// A root loop trace left its loop.
    LeavingLoop,
    /// A root trace ran into an inner loop.
    InnerLoop,
    /// A side trace unrolled inner loops more than `loopunroll` times.
    LoopUnroll,
    /// A call with argument types the recorder does not handle.
    BadArgType,
    /// Recursion deeper than `callunroll`.
    CallUnroll,
    /// A library function that is not compiled.
    NyiFastFunc(&'static str),
    /// A call of a vararg function, a multi-result call or a tail call.
    NyiCall(&'static str),
    /// A return below the trace's first frame.
    NyiReturnLower,
    /// `t[nil] = v` or `t[0/0] = v`.
    StoreNilNaN,
    /// A metamethod the recorder does not follow.
    Metamethod(&'static str),
    /// An `__index` chain longer than the recorder follows.
    LoopingIndex,
    /// The loop's slots change type from one iteration to the next.
    TypeInstability,
    /// The program raised an error while recording.
    RecordError,
    /// No machine-code area is left (the cache is flushed and the start retried).
    McodeFull,
}

/// LuaJIT 2.1's numbers of the bytecodes the recorder does not handle (its `BCDEF`
/// order), which its -jv output prints.
pub mod bc {
    /// `UCLO`.
    pub const UCLO: u8 = 50;
    /// `FNEW`.
    pub const FNEW: u8 = 51;
    /// `TSETM`.
    pub const TSETM: u8 = 63;
    /// `CALLM`.
    pub const CALLM: u8 = 65;
    /// `CALLMT`.
    pub const CALLMT: u8 = 67;
    /// `VARG`.
    pub const VARG: u8 = 71;
    /// `RETM`.
    pub const RETM: u8 = 73;
}

impl AbortReason {
    /// Whether the start pc is retried at once (its counter set to 1) instead of
    /// penalised.
    pub fn retries(&self) -> bool {
        matches!(self, AbortReason::McodeFull)
    }
}

impl fmt::Display for AbortReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use AbortReason::*;
        match self {
            TraceTooLong => f.write_str("trace too long"),
            TraceTooDeep => f.write_str("trace too deep"),
            TooManySnapshots => f.write_str("too many snapshots"),
            Blacklisted => f.write_str("blacklisted"),
            NyiBytecode(op) => write!(f, "NYI: bytecode {op}"),
            LeavingLoop => f.write_str("leaving loop in root trace"),
            InnerLoop => f.write_str("inner loop in root trace"),
            LoopUnroll => f.write_str("loop unroll limit reached"),
            BadArgType => f.write_str("bad argument type"),
            CallUnroll => f.write_str("call unroll limit reached"),
            NyiFastFunc(name) => write!(f, "NYI: FastFunc {name}"),
            NyiCall(what) => write!(f, "NYI: {what}"),
            NyiReturnLower => f.write_str("NYI: return to lower frame"),
            StoreNilNaN => f.write_str("store with nil or NaN key"),
            Metamethod(mm) => write!(f, "NYI: metamethod {mm}"),
            LoopingIndex => f.write_str("looping index lookup"),
            TypeInstability => f.write_str("persistent type instability"),
            RecordError => f.write_str("error thrown or hook called during recording"),
            McodeFull => f.write_str("failed to allocate mcode memory"),
        }
    }
}
