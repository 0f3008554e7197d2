//! Snapshots: the interpreter state a trace exit restores (LuaJIT's `lj_snap.c`).
//!
//! A snapshot names the bytecode to resume at, the frames inlined above the trace's
//! first frame, and, for every stack slot the trace has loaded or written, the IR value
//! the slot holds. The recorder takes them (`Recorder::snapshot_at` and the functions
//! beside it); `restore` writes those values back (boxed by their static type),
//! rebuilds the inlined frames and points the interpreter at the snapshot's pc.

use super::exec::boxed;
use super::ir::{IrOp, NONE, Ref};
use super::reason::AbortReason;
use super::record::Recorder;
use super::trace::Trace;
use crate::interp::{Frame, Vm};
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

// ---- taking snapshots (while recording) ----

impl Recorder {
    /// The snapshot a guard of the current bytecode exits through: the last one if
    /// nothing changed since (re-running the pure bytecodes in between is harmless, as
    /// in LuaJIT), else a new one of the state before this bytecode.
    pub(super) fn snap(&mut self, pc: usize) -> Result<u16, AbortReason> {
        if !self.dirty {
            return Ok((self.buf.snaps.len() - 1) as u16);
        }
        self.take_snapshot(pc)
    }

    /// Add a snapshot resuming at `pc`; one no instruction uses yet is replaced (LuaJIT's
    /// snapshot merging), except the entry snapshot 0.
    pub(super) fn take_snapshot(&mut self, pc: usize) -> Result<u16, AbortReason> {
        if self.buf.snaps.len() > 1 && self.snap_nins == self.buf.ins.len() {
            let snap = self.snapshot_at(pc);
            *self.buf.snaps.last_mut().expect("non-empty") = snap;
            self.dirty = false;
            return Ok((self.buf.snaps.len() - 1) as u16);
        }
        self.take_fresh_snapshot(pc)
    }

    /// A new snapshot at `pc`, never shared with an earlier guard.
    pub(super) fn take_fresh_snapshot(&mut self, pc: usize) -> Result<u16, AbortReason> {
        if self.buf.snaps.len() as u32 >= self.params.maxsnap {
            return Err(AbortReason::TooManySnapshots);
        }
        let snap = self.snapshot_at(pc);
        self.buf.snaps.push(snap);
        self.snap_nins = self.buf.ins.len();
        self.dirty = false;
        Ok((self.buf.snaps.len() - 1) as u16)
    }

    /// A snapshot of the current slot map and frames, resuming at `pc`.
    pub fn snapshot_at(&mut self, pc: usize) -> Snapshot {
        if self.frames_rc.len() != self.frames.len()
            || self
                .frames_rc
                .iter()
                .zip(&self.frames)
                .any(|(a, b)| a.base != b.base || a.func != b.func || a.caller_pc != b.caller_pc)
        {
            self.frames_rc = self.frames.clone().into();
        }
        Snapshot {
            pc: pc as u32,
            base_func: self.base_override.clone(),
            mret_top: self.snap_mret,
            frames: self.frames_rc.clone(),
            // A slot still holding the value loaded from it needs no restoring (a load
            // before a `RETF` was from another frame's slot).
            entries: self
                .slots
                .iter()
                .enumerate()
                .filter(|&(s, &r)| {
                    r != NONE && {
                        let i = &self.buf.ins[r as usize];
                        !(i.op == IrOp::SLoad
                            && i.a == s as u32
                            && self.retf_at.is_none_or(|x| r > x))
                    }
                })
                .map(|(s, r)| (s as u32, *r))
                .collect(),
        }
    }

    /// A snapshot of the current state resuming at `pc` (the branch a guard's failure
    /// takes instead of the recorded one, as LuaJIT's `rec_comp_fixup` does).
    pub(super) fn branch_snap(&mut self, pc: usize) -> Result<u16, AbortReason> {
        let s = self.take_snapshot(pc)?;
        // The next guard must not reuse a snapshot with the fixed-up pc.
        self.dirty = true;
        Ok(s)
    }
}

// ---- restoring a snapshot (at a trace exit) ----

/// Write snapshot `s` of trace `t` back into the interpreter: slots, inlined frames and
/// the pc to resume at.
pub(crate) fn restore(vm: &mut Vm, t: &Trace, s: u16, b0: usize, fi0: usize, regs: &[u64]) {
    let snap = &t.snaps[s as usize];
    for &(slot, r) in &snap.entries {
        vm.stack[b0 + slot as usize] = boxed(t, regs, r);
    }
    if let Some(top) = snap.mret_top {
        vm.mret_top = b0 + top as usize;
    }
    vm.frames.truncate(fi0 + 1);
    if let Some((func, proto)) = &snap.base_func {
        let f = &mut vm.frames[fi0];
        f.func = *func;
        f.proto = proto.clone();
        f.nvarargs = 0;
    }
    let frames = &snap.frames;
    if frames.is_empty() {
        vm.frames[fi0].pc = snap.pc as usize;
        return;
    }
    vm.frames[fi0].pc = frames[0].caller_pc as usize;
    for (j, f) in frames.iter().enumerate() {
        let pc = match frames.get(j + 1) {
            Some(next) => next.caller_pc as usize,
            None => snap.pc as usize,
        };
        vm.frames.push(Frame {
            proto: f.proto.clone(),
            func: f.func,
            pc,
            base: b0 + f.base as usize,
            ret_slot: b0 + f.ret_slot as usize,
            nresults: f.nresults,
            nvarargs: f.nvarargs as usize,
            from_lua: true,
        });
    }
}
