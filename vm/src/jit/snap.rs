//! Snapshots: the interpreter state a trace exit restores (LuaJIT's `lj_snap.c`).
//!
//! A snapshot names the bytecode to resume at, the frames inlined above the trace's
//! first frame, and, for every stack slot the trace has loaded or written, the IR value
//! the slot holds. Restoring writes those values back (boxed by their static type),
//! rebuilds the inlined frames and points the interpreter at the snapshot's pc.

use super::ir::Ref;
use crate::proto::Proto;
use crate::value::FuncId;
use std::rc::Rc;

/// A Lua frame inlined into a trace, relative to the trace's base.
#[derive(Clone, Debug)]
pub struct SnapFrame {
    /// The closure.
    pub func: FuncId,
    /// Its prototype.
    pub proto: Rc<Proto>,
    /// Register 0 of the frame, as a slot relative to the trace's base.
    pub base: u32,
    /// Where results go (the function's slot), relative to the trace's base.
    pub ret_slot: u32,
    /// Results the caller wants (-1: all).
    pub nresults: i32,
    /// Where the caller resumes (the instruction after its CALL).
    pub caller_pc: u32,
    /// Extra arguments of a vararg function, in the slots just below `base`.
    pub nvarargs: u32,
}

/// The frame a side trace returns into below its first frame (LuaJIT's `RETF` guard):
/// the caller's prototype and resume pc, and how its `CALL` placed the returning frame.
#[derive(Clone, Debug)]
pub struct RetTarget {
    /// The caller's prototype.
    pub proto: Rc<Proto>,
    /// Where the caller resumes (the instruction after its `CALL`).
    pub pc: u32,
    /// The call's function slot (where results go), relative to the caller's base.
    pub cbase: u32,
    /// Results the call wants.
    pub nresults: i32,
}

/// One exit's restore information.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The bytecode (of the innermost frame) to resume at.
    pub pc: u32,
    /// Frames inlined above the trace's first frame, outermost first.
    pub frames: Rc<[SnapFrame]>,
    /// `(slot, value)` pairs, slots relative to the trace's base, sorted by slot.
    pub entries: Vec<(u32, Ref)>,
    /// The function now running in the trace's first frame, when a tail call replaced
    /// the one the trace started in.
    pub base_func: Option<(FuncId, Rc<Proto>)>,
    /// The top a `CALLM` resumed at takes its arguments up to (relative to the trace's
    /// base), when the call before it was compiled.
    pub mret_top: Option<u32>,
}

/// An exit counter's value once a side trace (or stub) is attached: never counted again
/// (LuaJIT's `SNAPCOUNT_DONE`).
pub const COUNT_DONE: u8 = 255;
