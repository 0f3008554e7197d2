//! The trace recorder: bytecodes as the interpreter executes them -> SSA IR with guards
//! and snapshots (LuaJIT's `lj_record.c`).
//!
//! The interpreter calls [`Recorder::step`] before executing each bytecode while a
//! recording is active. The recorder reads the live values (it never changes VM state),
//! emits IR that computes the same thing under guards on what it saw (types, branch
//! directions, function identities, metatables), and tells the interpreter whether to go
//! on, stop with a link, or abort with a reason. Calls of Lua functions are inlined;
//! library functions a trace may call become `CALLN` ([`ffrecord`]).

use super::ir::{IrIns, IrOp, NONE, Ref, Ty};
use super::irbuf::{Emitted, IrBuf};
use super::reason::AbortReason;
use super::snap::{RetTarget, SnapFrame, Snapshot};
use super::{JitParams, Link, StartKind, TraceNo};
use crate::heap::{Function, Upval};
use crate::interp::{ArithOp, Frame, Vm};
use crate::op::{Ins, Op};
use crate::proto::Proto;
use crate::value::{FuncId, TableId, Value};
use std::rc::Rc;

pub(crate) mod ffrecord;

/// The library functions a trace may call, by function id (see [`ffrecord::FAST_FUNCS`]).
pub(crate) type FastFuncs = rustc_hash::FxHashMap<u32, &'static ffrecord::FastFunc>;

/// Most stack slots a trace may span (LuaJIT's `LJ_MAX_JSLOTS`).
pub const MAX_SLOTS: u32 = 250;

/// What the interpreter should do after a recording step.
#[derive(Debug)]
pub(crate) enum Step {
    /// Execute the bytecode and call again before the next one.
    Continue,
    /// The trace is complete.
    Stop(Link),
    /// The recording failed.
    Abort(AbortReason),
}

/// The Lua frame below frame `fi` and the `CALL` (or `CALLM`) it is executing, if that
/// is how frame `fi` was entered from it.
fn caller_call(vm: &Vm, fi: usize) -> Option<(&Frame, Ins)> {
    let c = vm.frames.get(fi.checked_sub(1)?)?;
    let call = *c.proto.code.get(c.pc.checked_sub(1)?)?;
    matches!(call.op, Op::Call | Op::Callm).then_some((c, call))
}

/// A recording in progress.
pub(crate) struct Recorder {
    /// The number the trace will get.
    pub no: TraceNo,
    /// Root (loop or call) or side trace.
    pub kind: StartKind,
    /// Prototype of the trace's first frame.
    pub proto0: Rc<Proto>,
    /// Closure of the trace's first frame.
    pub func0: FuncId,
    /// Index of the trace's first frame in the VM's frame stack.
    pub fi0: usize,
    /// Absolute stack index of the first frame's register 0.
    pub b0: usize,
    /// The hot op (root) or exit pc (side) the trace starts at.
    pub start_pc: usize,
    /// The prototype `start_pc` belongs to.
    pub start_proto: Rc<Proto>,
    /// The pc of the first recorded bytecode (where an entry lands).
    pub entry_pc: usize,
    /// Bytecode range a root loop trace must stay in, at depth 0.
    range: Option<(usize, usize)>,
    /// The IR.
    pub buf: IrBuf,
    /// Value of each slot (relative to `b0`), `NONE` if not loaded.
    pub slots: Vec<Ref>,
    /// Inlined frames.
    pub frames: Vec<SnapFrame>,
    frames_rc: Rc<[SnapFrame]>,
    /// Results of the last `CALLN` whose types are seen at the next step:
    /// (first result ref, count, first slot).
    pending: Option<(Ref, u32, u32)>,
    /// After a call recorded for all its results (`f(g(x))`'s inner call) whose count is
    /// fixed: the slot above its results, which the next `CALLM` takes as its top.
    multret: Option<u32>,
    /// While recording such a `CALLM`: that top, kept in its snapshots.
    snap_mret: Option<u32>,
    /// Whether a side effect (store, library call) happened since the last snapshot, so
    /// exits cannot re-run the bytecodes since it (LuaJIT's `needsnap`).
    dirty: bool,
    /// IR length when the last snapshot was taken (an unused one is replaced).
    snap_nins: usize,
    /// Whether the first frame's closure identity is guarded yet.
    func_guarded: bool,
    /// The function a tail call put in the trace's first frame.
    base_override: Option<(FuncId, Rc<Proto>)>,
    /// After a return below the first frame (`RETF`): the caller now in that place.
    returned_to: Option<(FuncId, Rc<Proto>)>,
    /// The last `RETF`: slot loads before it name slots of another frame.
    retf_at: Option<Ref>,
    /// A call into the function trace's own start went `recunroll` deep: the trace
    /// ends at the callee's entry, re-entering itself (up-recursion).
    uprec: bool,
    /// A function whose trace only returns was called too deep: its trace is unpatched
    /// when this recording aborts (LuaJIT's `check_call_unroll`), at this site.
    pub flush_on_abort: Option<u32>,
    loopunroll: u32,
    params: JitParams,
    /// Slot map when the loop closed (root loop traces).
    pub final_slots: Vec<Ref>,
    /// Where the interpreter resumes after the trace's last instruction (its final
    /// snapshot's pc).
    pub final_pc: usize,
    /// Library functions a trace may call.
    fast_funcs: Rc<FastFuncs>,
}

type R<T> = Result<T, AbortReason>;

impl Recorder {
    /// Start recording. `frames` are the inlined frames a side trace inherits.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        no: TraceNo,
        kind: StartKind,
        proto0: Rc<Proto>,
        func0: FuncId,
        fi0: usize,
        b0: usize,
        start_pc: usize,
        frames: Vec<SnapFrame>,
        params: &JitParams,
        fast_funcs: Rc<FastFuncs>,
    ) -> Recorder {
        let code = &proto0.code;
        let (range, entry_pc) = match kind {
            StartKind::Loop => {
                let ins = code[start_pc];
                match ins.op {
                    Op::Forl | Op::Iterl => {
                        let target = (start_pc as isize + 1 + ins.jump() as isize) as usize;
                        (Some((target, start_pc)), target)
                    }
                    _ => {
                        // LOOP jumps past the loop's back JMP; the loop starts where
                        // that JMP goes.
                        let exit = (start_pc as isize + 1 + ins.jump() as isize) as usize;
                        let back = code[exit - 1];
                        let range = (back.op == Op::Jmp && back.jump() < 0)
                            .then(|| ((exit as isize + back.jump() as isize) as usize, exit - 1));
                        (range, start_pc + 1)
                    }
                }
            }
            StartKind::Call => (None, start_pc + 1),
            StartKind::Side { .. } => (None, start_pc),
        };
        let frames_rc: Rc<[SnapFrame]> = frames.clone().into();
        // Snapshot 0 is the state at entry (as in LuaJIT, so exit numbers agree).
        let mut buf = IrBuf::default();
        buf.snaps.push(Snapshot {
            pc: entry_pc as u32,
            frames: frames_rc.clone(),
            entries: Vec::new(),
            base_func: None,
            mret_top: None,
        });
        let start_proto = frames
            .last()
            .map_or_else(|| proto0.clone(), |f| f.proto.clone());
        Recorder {
            no,
            start_proto,
            kind,
            proto0,
            func0,
            fi0,
            b0,
            start_pc,
            entry_pc,
            range,
            buf,
            slots: Vec::new(),
            frames,
            frames_rc,
            pending: None,
            multret: None,
            snap_mret: None,
            dirty: false,
            snap_nins: 0,
            func_guarded: false,
            base_override: None,
            returned_to: None,
            retf_at: None,
            uprec: false,
            flush_on_abort: None,
            loopunroll: params.loopunroll,
            params: params.clone(),
            final_slots: Vec::new(),
            final_pc: entry_pc,
            fast_funcs,
        }
    }

    /// The prototype the trace starts in.
    pub fn proto_at_start(&self) -> &Proto {
        &self.start_proto
    }

    fn is_root(&self) -> bool {
        !matches!(self.kind, StartKind::Side { .. })
    }

    /// Base (relative to `b0`) and prototype of the innermost frame.
    fn cur(&self) -> (u32, &Rc<Proto>) {
        match self.frames.last() {
            Some(f) => (f.base, &f.proto),
            None => (0, self.base_proto()),
        }
    }

    /// The prototype running in the trace's first frame (changed by tail calls).
    fn base_proto(&self) -> &Rc<Proto> {
        match (&self.base_override, &self.returned_to) {
            (Some((_, p)), _) | (None, Some((_, p))) => p,
            (None, None) => &self.proto0,
        }
    }

    /// Record the bytecode at `pc` of the VM's top frame, before it executes.
    pub fn step(&mut self, vm: &Vm, pc: usize) -> Step {
        match self.step_inner(vm, pc) {
            Ok(s) => s,
            Err(e) => Step::Abort(e),
        }
    }

    fn step_inner(&mut self, vm: &Vm, pc: usize) -> R<Step> {
        // The VM must be where the recording expects it: an error that unwound frames or
        // a native that re-entered Lua ends the recording.
        let depth = self.frames.len();
        if vm.frames.len() != self.fi0 + 1 + depth
            || vm.frames[self.fi0].base != self.b0
            || !Rc::ptr_eq(&vm.frames[vm.frames.len() - 1].proto, self.cur().1)
        {
            return Err(AbortReason::RecordError);
        }
        if let Some((r, n, slot)) = self.pending.take() {
            for i in 0..n {
                let v = vm.stack[self.b0 + (slot + i) as usize];
                self.buf.ins[(r + i) as usize].ty = Ty::of(v);
                self.set_abs(slot + i, r + i);
            }
        }
        if let Some((lo, hi)) = self.range
            && depth == 0
            && (pc < lo || pc > hi)
        {
            return Err(AbortReason::LeavingLoop);
        }
        if self.buf.ins.len() as u32 > self.params.maxrecord {
            return Err(AbortReason::TraceTooLong);
        }
        let (base, proto) = self.cur();
        let proto = proto.clone();
        let ins = proto.code[pc];
        self.record_ins(vm, &proto, base, pc, ins)
    }

    // ---- slots, constants, snapshots ----

    fn val(&self, vm: &Vm, abs: u32) -> Value {
        vm.stack[self.b0 + abs as usize]
    }

    fn set_abs(&mut self, abs: u32, r: Ref) {
        // A slot write needs no new snapshot: an exit through an older one re-runs the
        // (side-effect free) bytecodes since, which recompute the slot.
        self.set_loaded(abs, r);
    }

    /// Record that slot `abs` holds `r` as loaded (not a modification).
    fn set_loaded(&mut self, abs: u32, r: Ref) {
        let i = abs as usize;
        if i >= self.slots.len() {
            self.slots.resize(i + 1, NONE);
        }
        self.slots[i] = r;
    }

    /// The value of slot `abs`, loading (and type-guarding) it first if needed.
    fn slot(&mut self, vm: &Vm, pc: usize, abs: u32) -> R<Ref> {
        if let Some(&r) = self.slots.get(abs as usize)
            && r != NONE
        {
            return Ok(r);
        }
        let ty = Ty::of(self.val(vm, abs));
        let snap = self.snap(pc)?;
        let r = self.buf.push(IrIns {
            snap,
            ..IrIns::new(IrOp::SLoad, ty, abs, NONE)
        });
        self.set_loaded(abs, r);
        Ok(r)
    }

    /// The snapshot a guard of the current bytecode exits through: the last one if
    /// nothing changed since (re-running the pure bytecodes in between is harmless, as
    /// in LuaJIT), else a new one of the state before this bytecode.
    fn snap(&mut self, pc: usize) -> R<u16> {
        if !self.dirty {
            return Ok((self.buf.snaps.len() - 1) as u16);
        }
        self.take_snapshot(pc)
    }

    /// Add a snapshot resuming at `pc`; one no instruction uses yet is replaced (LuaJIT's
    /// snapshot merging), except the entry snapshot 0.
    fn take_snapshot(&mut self, pc: usize) -> R<u16> {
        if self.buf.snaps.len() > 1 && self.snap_nins == self.buf.ins.len() {
            let snap = self.snapshot_at(pc);
            *self.buf.snaps.last_mut().expect("non-empty") = snap;
            self.dirty = false;
            return Ok((self.buf.snaps.len() - 1) as u16);
        }
        self.take_fresh_snapshot(pc)
    }

    /// A new snapshot at `pc`, never shared with an earlier guard.
    fn take_fresh_snapshot(&mut self, pc: usize) -> R<u16> {
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
    fn branch_snap(&mut self, pc: usize) -> R<u16> {
        let s = self.take_snapshot(pc)?;
        // The next guard must not reuse a snapshot with the fixed-up pc.
        self.dirty = true;
        Ok(s)
    }

    /// Emit a guard exiting through snapshot `snap`.
    fn guard_at(&mut self, snap: u16, ins: IrIns) -> R<()> {
        match self.buf.emit(IrIns { snap, ..ins }) {
            Emitted::AlwaysFails => Err(AbortReason::RecordError),
            _ => Ok(()),
        }
    }

    /// The instruction a comparison at `pc` goes to when its outcome is not `taken`.
    fn other_branch(proto: &Proto, pc: usize, taken: bool) -> usize {
        if taken {
            pc + 2
        } else {
            (pc as isize + 2 + proto.code[pc + 1].jump() as isize) as usize
        }
    }

    /// Emit a guard (with the current snapshot) or a value.
    fn emit(&mut self, pc: usize, mut ins: IrIns) -> R<Option<Ref>> {
        if ins.op.is_guard() {
            ins.snap = self.snap(pc)?;
        }
        match self.buf.emit(ins) {
            Emitted::Value(r) => Ok(Some(r)),
            Emitted::Redundant => Ok(None),
            Emitted::AlwaysFails => Err(AbortReason::RecordError),
        }
    }

    fn value(&mut self, pc: usize, ins: IrIns) -> R<Ref> {
        Ok(self.emit(pc, ins)?.expect("values are never redundant"))
    }

    fn guard(&mut self, pc: usize, op: IrOp, a: Ref, b: Ref) -> R<()> {
        self.emit(pc, IrIns::new(op, Ty::Nil, a, b)).map(|_| ())
    }

    fn kvalue(&mut self, v: Value) -> Ref {
        self.buf.kval(Ty::of(v), Ty::payload(v))
    }

    // ---- the bytecodes ----

    fn record_ins(
        &mut self,
        vm: &Vm,
        proto: &Rc<Proto>,
        base: u32,
        pc: usize,
        ins: Ins,
    ) -> R<Step> {
        let a = ins.a as u32;
        let ra = base + a;
        let rd = base + ins.d() as u32;
        let (rb, rc) = (base + ins.b as u32, base + ins.c as u32);
        let multret = self.multret.take();
        match ins.op {
            Op::Islt | Op::Isge | Op::Isle | Op::Isgt => {
                let (va, vd) = (self.val(vm, ra), self.val(vm, rd));
                let (xa, xd) = (self.slot(vm, pc, ra)?, self.slot(vm, pc, rd)?);
                let le = matches!(ins.op, Op::Isle | Op::Isgt);
                match (va, vd) {
                    (Value::Num(x), Value::Num(y)) => {
                        let holds = if le { x <= y } else { x < y };
                        let op = match (le, holds) {
                            (false, true) => IrOp::Lt,
                            (false, false) => IrOp::NotLt,
                            (true, true) => IrOp::Le,
                            (true, false) => IrOp::NotLe,
                        };
                        let taken = holds == matches!(ins.op, Op::Islt | Op::Isle);
                        let snap = self.branch_snap(Self::other_branch(proto, pc, taken))?;
                        self.guard_at(snap, IrIns::new(op, Ty::Nil, xa, xd))?;
                    }
                    (Value::Str(x), Value::Str(y)) => {
                        let (sx, sy) = (vm.heap.str(x), vm.heap.str(y));
                        let holds = if le { sx <= sy } else { sx < sy };
                        let op = if le { IrOp::StrLe } else { IrOp::StrLt };
                        let taken = holds == matches!(ins.op, Op::Islt | Op::Isle);
                        let snap = self.branch_snap(Self::other_branch(proto, pc, taken))?;
                        self.guard_at(
                            snap,
                            IrIns {
                                k: holds as u64,
                                ..IrIns::new(op, Ty::Nil, xa, xd)
                            },
                        )?;
                    }
                    _ => return Err(AbortReason::Metamethod(if le { "__le" } else { "__lt" })),
                }
            }
            Op::Iseqv | Op::Isnev => {
                let (va, vd) = (self.val(vm, ra), self.val(vm, rd));
                let (xa, xd) = (self.slot(vm, pc, ra)?, self.slot(vm, pc, rd)?);
                let taken = va.raw_eq(vd) == (ins.op == Op::Iseqv);
                let other = Self::other_branch(proto, pc, taken);
                self.record_eq(vm, pc, other, va, vd, xa, xd)?;
            }
            Op::Iseqs | Op::Isnes | Op::Iseqn | Op::Isnen => {
                let va = self.val(vm, ra);
                let xa = self.slot(vm, pc, ra)?;
                let kv = if matches!(ins.op, Op::Iseqs | Op::Isnes) {
                    Value::Str(proto.strs[ins.d() as usize])
                } else {
                    Value::Num(proto.nums[ins.d() as usize])
                };
                let xk = self.kvalue(kv);
                let taken = va.raw_eq(kv) == matches!(ins.op, Op::Iseqs | Op::Iseqn);
                let other = Self::other_branch(proto, pc, taken);
                self.record_eq(vm, pc, other, va, kv, xa, xk)?;
            }
            Op::Iseqp | Op::Isnep | Op::Ist | Op::Isf => {
                // The type guard of the load decides.
                let r = if matches!(ins.op, Op::Ist | Op::Isf) {
                    rd
                } else {
                    ra
                };
                self.slot(vm, pc, r)?;
            }
            Op::Istc | Op::Isfc => {
                let v = self.val(vm, rd);
                let x = self.slot(vm, pc, rd)?;
                if v.truthy() == (ins.op == Op::Istc) {
                    self.set_abs(ra, x);
                }
            }
            Op::Mov => {
                let x = self.slot(vm, pc, rd)?;
                self.set_abs(ra, x);
            }
            Op::Not => {
                let x = self.slot(vm, pc, rd)?;
                let t = if self.buf.ty(x).truthy() {
                    Ty::False
                } else {
                    Ty::True
                };
                let k = self.buf.kval(t, 0);
                self.set_abs(ra, k);
            }
            Op::Unm => {
                if !matches!(self.val(vm, rd), Value::Num(_)) {
                    return Err(AbortReason::Metamethod("__unm"));
                }
                let x = self.slot(vm, pc, rd)?;
                let r = self.value(pc, IrIns::new(IrOp::Neg, Ty::Num, x, NONE))?;
                self.set_abs(ra, r);
            }
            Op::Len => {
                let v = self.val(vm, rd);
                let x = self.slot(vm, pc, rd)?;
                let op = match v {
                    Value::Str(_) => IrOp::SLen,
                    Value::Table(_) => IrOp::TLen,
                    _ => return Err(AbortReason::Metamethod("__len")),
                };
                let r = self.value(pc, IrIns::new(op, Ty::Num, x, NONE))?;
                self.set_abs(ra, r);
            }
            Op::Addvn
            | Op::Subvn
            | Op::Mulvn
            | Op::Divvn
            | Op::Modvn
            | Op::Addnv
            | Op::Subnv
            | Op::Mulnv
            | Op::Divnv
            | Op::Modnv
            | Op::Addvv
            | Op::Subvv
            | Op::Mulvv
            | Op::Divvv
            | Op::Modvv
            | Op::Pow => {
                let vn = matches!(
                    ins.op,
                    Op::Addvn | Op::Subvn | Op::Mulvn | Op::Divvn | Op::Modvn
                );
                let nv = matches!(
                    ins.op,
                    Op::Addnv | Op::Subnv | Op::Mulnv | Op::Divnv | Op::Modnv
                );
                let vb = self.val(vm, rb);
                let vc = if vn || nv {
                    Value::Num(proto.nums[ins.c as usize])
                } else {
                    self.val(vm, rc)
                };
                if !matches!((vb, vc), (Value::Num(_), Value::Num(_))) {
                    return Err(AbortReason::Metamethod("__arith"));
                }
                let xb = self.slot(vm, pc, rb)?;
                let xc = if vn || nv {
                    self.buf.knum(proto.nums[ins.c as usize])
                } else {
                    self.slot(vm, pc, rc)?
                };
                let (x, y) = if nv { (xc, xb) } else { (xb, xc) };
                let op = IrOp::from_arith(ArithOp::of(ins.op));
                let r = self.value(pc, IrIns::new(op, Ty::Num, x, y))?;
                self.set_abs(ra, r);
            }
            Op::Cat => {
                let mut args = Vec::new();
                for r in ins.b as u32..=ins.c as u32 {
                    if !matches!(self.val(vm, base + r), Value::Str(_) | Value::Num(_)) {
                        return Err(AbortReason::Metamethod("__concat"));
                    }
                    args.push(self.slot(vm, pc, base + r)?);
                }
                let start = self.buf.args.len() as u32;
                self.buf.args.extend(&args);
                let snap = self.snap(pc)?;
                let r = self.buf.push(IrIns {
                    snap,
                    ..IrIns::new(IrOp::Cat, Ty::Str, start, args.len() as u32)
                });
                self.set_abs(ra, r);
            }
            Op::Kstr => {
                let k = self.kvalue(Value::Str(proto.strs[ins.d() as usize]));
                self.set_abs(ra, k);
            }
            Op::Knum => {
                let k = self.buf.knum(proto.nums[ins.d() as usize]);
                self.set_abs(ra, k);
            }
            Op::Kpri => {
                let t = match ins.d() {
                    0 => Ty::Nil,
                    1 => Ty::False,
                    _ => Ty::True,
                };
                let k = self.buf.kval(t, 0);
                self.set_abs(ra, k);
            }
            Op::Knil => {
                let k = self.buf.kval(Ty::Nil, 0);
                for r in ra..=rd {
                    self.set_abs(r, k);
                }
            }
            Op::Uget | Op::Uset => {
                let (idx, dst) = if ins.op == Op::Uget {
                    (ins.d() as usize, ra)
                } else {
                    (ins.a as usize, rd)
                };
                let func = self.cur_func();
                let uv = match vm.heap.func(func) {
                    Function::Lua { upvals, .. } => upvals[idx],
                    Function::Native { .. } => unreachable!("a Lua frame"),
                };
                let first = self.frames.is_empty() && self.base_override.is_none();
                let in_trace = matches!(vm.heap.upval(uv), Upval::Open(abs) if abs >= self.b0);
                // Many closures of this function exist: read the upvalue through the running
                // closure, without guarding on one (LuaJIT's PROTO_CLC_POLY).
                let poly = first && !in_trace && self.cur().1.is_poly() && !self.func_guarded;
                if !poly && self.frames.is_empty() && !self.func_guarded {
                    self.guard_first_func(pc)?;
                }
                if let (false, Upval::Open(abs)) = (poly, vm.heap.upval(uv))
                    && abs >= self.b0
                {
                    // The variable lives in a slot of this trace: use the slot map.
                    let rel = (abs - self.b0) as u32;
                    self.emit(
                        pc,
                        IrIns {
                            k: u64::from(uv.0),
                            ..IrIns::new(IrOp::UvSlot, Ty::Nil, rel, NONE)
                        },
                    )?;
                    if ins.op == Op::Uget {
                        let x = self.slot(vm, pc, rel)?;
                        self.set_abs(dst, x);
                    } else {
                        let x = self.slot(vm, pc, dst)?;
                        self.set_abs(rel, x);
                    }
                } else {
                    let (get, set, k) = if poly {
                        (IrOp::UGetF, IrOp::USetF, idx as u64)
                    } else {
                        (IrOp::UGet, IrOp::USet, u64::from(uv.0))
                    };
                    if ins.op == Op::Uget {
                        let ty = Ty::of(vm.upval_get(uv));
                        let r = self.value(
                            pc,
                            IrIns {
                                k,
                                ..IrIns::new(get, ty, NONE, NONE)
                            },
                        )?;
                        self.set_abs(dst, r);
                    } else {
                        let x = self.slot(vm, pc, dst)?;
                        self.buf.push(IrIns {
                            k,
                            ..IrIns::new(set, Ty::Nil, x, NONE)
                        });
                        self.dirty = true;
                    }
                }
            }
            Op::Uclo => return Err(AbortReason::NyiBytecode(super::reason::bc::UCLO)),
            Op::Fnew => return Err(AbortReason::NyiBytecode(super::reason::bc::FNEW)),
            Op::Tnew => {
                let r = self.buf.push(IrIns {
                    k: u64::from(ins.d()) << 32,
                    ..IrIns::new(IrOp::TNew, Ty::Table, NONE, NONE)
                });
                self.set_abs(ra, r);
            }
            Op::Gget | Op::Gset => {
                let key = Value::Str(proto.strs[ins.d() as usize]);
                let xt = self.kvalue(Value::Table(vm.globals));
                let xk = self.kvalue(key);
                if ins.op == Op::Gget {
                    let r = self.index(vm, pc, vm.globals, xt, key, xk)?;
                    self.set_abs(ra, r);
                } else {
                    let xv = self.slot(vm, pc, ra)?;
                    self.newindex(vm, pc, vm.globals, xt, key, xk, xv)?;
                }
            }
            Op::Tgetv | Op::Tgets | Op::Tgetb | Op::Tsetv | Op::Tsets | Op::Tsetb => {
                let (key, xk) = match ins.op {
                    Op::Tgetv | Op::Tsetv => (self.val(vm, rc), self.slot(vm, pc, rc)?),
                    Op::Tgets | Op::Tsets => {
                        let k = Value::Str(proto.strs[ins.c as usize]);
                        (k, self.kvalue(k))
                    }
                    _ => {
                        let k = Value::Num(ins.c as f64);
                        (k, self.kvalue(k))
                    }
                };
                let obj = self.val(vm, rb);
                let xo = self.slot(vm, pc, rb)?;
                let get = matches!(ins.op, Op::Tgetv | Op::Tgets | Op::Tgetb);
                match obj {
                    Value::Table(t) if get => {
                        let r = self.index(vm, pc, t, xo, key, xk)?;
                        self.set_abs(ra, r);
                    }
                    Value::Table(t) => {
                        let xv = self.slot(vm, pc, ra)?;
                        self.newindex(vm, pc, t, xo, key, xk, xv)?;
                    }
                    Value::Str(_) if get => {
                        // Method lookup on a string: the string metatable's __index.
                        let Some(mt) = vm.registry.string_meta else {
                            return Err(AbortReason::Metamethod("__index"));
                        };
                        let Value::Table(lib) = vm.heap.table(mt).get_str(vm.names.index) else {
                            return Err(AbortReason::Metamethod("__index"));
                        };
                        let xl = self.kvalue(Value::Table(lib));
                        let r = self.index(vm, pc, lib, xl, key, xk)?;
                        self.set_abs(ra, r);
                    }
                    _ => {
                        return Err(AbortReason::Metamethod(if get {
                            "__index"
                        } else {
                            "__newindex"
                        }));
                    }
                }
            }
            Op::Tsetm => return Err(AbortReason::NyiBytecode(super::reason::bc::TSETM)),
            Op::Call => {
                let f = self.val(vm, ra);
                if ins.b == 0 {
                    // All results wanted (the last argument of another call): recorded
                    // when the callee is a library function with exactly one result.
                    let single = matches!(f, Value::Func(fid)
                        if matches!(vm.heap.func(fid), Function::Native { .. })
                            && self.fast_func(fid).is_some_and(|ff| ff.one_result));
                    if !single {
                        return Err(AbortReason::NyiCall("call with multiple results"));
                    }
                    let step = self.record_call(vm, pc, f, ra, ins.c as u32 - 1, 1, false)?;
                    self.multret = Some(ra + 1);
                    return Ok(step);
                }
                return self.record_call(vm, pc, f, ra, ins.c as u32 - 1, ins.b as i32 - 1, false);
            }
            Op::Callm => {
                // Arguments up to the top the previous call left, if it was recorded
                // with a fixed number of results.
                let Some(top) = multret.filter(|&t| self.b0 + t as usize == vm.mret_top) else {
                    return Err(AbortReason::NyiBytecode(super::reason::bc::CALLM));
                };
                if ins.b == 0 || top <= ra {
                    return Err(AbortReason::NyiCall("call with multiple results"));
                }
                let f = self.val(vm, ra);
                self.snap_mret = Some(top);
                let step = self.record_call(vm, pc, f, ra, top - ra - 1, ins.b as i32 - 1, false);
                self.snap_mret = None;
                return step;
            }
            Op::Callmt => return Err(AbortReason::NyiBytecode(super::reason::bc::CALLMT)),
            Op::Callt => {
                let f = self.val(vm, ra);
                return self.record_call(vm, pc, f, ra, ins.d() as u32 - 1, -1, true);
            }
            Op::Iterc => {
                // A, A+1, A+2 = A-3, A-2, A-1; call A with 2 args.
                let f = self.val(vm, ra - 3);
                for i in 0..3 {
                    let x = self.slot(vm, pc, ra - 3 + i)?;
                    self.set_abs(ra + i, x);
                }
                if ins.b == 0 {
                    return Err(AbortReason::NyiCall("call with multiple results"));
                }
                return self.record_call(vm, pc, f, ra, 2, ins.b as i32 - 1, false);
            }
            Op::Varg => {
                // Only in an inlined frame, whose varargs the trace knows.
                let Some(f) = self.frames.last() else {
                    return Err(AbortReason::NyiBytecode(super::reason::bc::VARG));
                };
                let (from, nvar) = (f.base - f.nvarargs, f.nvarargs);
                // All of them (b = 0): a fixed count here, so the next CALLM's top is known.
                let want = if ins.b == 0 {
                    self.multret = Some(ra + nvar);
                    nvar
                } else {
                    ins.b as u32 - 1
                };
                // The varargs sit below the frame's base, the destination above it.
                let nil = self.buf.kval(Ty::Nil, 0);
                for i in 0..want {
                    let x = if i < nvar {
                        self.slot(vm, pc, from + i)?
                    } else {
                        nil
                    };
                    self.set_abs(ra + i, x);
                }
            }
            Op::Ret0 | Op::Ret1 | Op::Ret | Op::Retm => {
                if ins.op == Op::Retm {
                    return Err(AbortReason::NyiBytecode(super::reason::bc::RETM));
                }
                let n = match ins.op {
                    Op::Ret0 => 0,
                    Op::Ret1 => 1,
                    _ => ins.d() as u32 - 1,
                };
                return self.record_ret(vm, pc, ra, n);
            }
            Op::Fori => {
                let ([i, s, st], [xi, xs, xst]) = self.for_operands(vm, pc, ra)?;
                let up = self.guard_step(pc, st, xst)?;
                let enter = if up { i <= s } else { s <= i };
                let (x, y) = if up { (xi, xs) } else { (xs, xi) };
                self.guard(pc, if enter { IrOp::Le } else { IrOp::NotLe }, x, y)?;
                if enter {
                    self.set_abs(ra + 3, xi);
                }
            }
            Op::Forl => {
                let ([i, s, st], [xi, xs, xst]) = self.for_operands(vm, pc, ra)?;
                let up = self.guard_step(pc, st, xst)?;
                let next = i + st;
                let looping = if up { next <= s } else { s <= next };
                let xn = self.value(pc, IrIns::new(IrOp::Add, Ty::Num, xi, xst))?;
                let (x, y) = if up { (xn, xs) } else { (xs, xn) };
                // Leaving the root loop aborts at the next bytecode, outside the loop's
                // range (where LuaJIT reports it).
                // A failing guard resumes on the other side of the loop test, with the
                // index already stepped (the loop variable is only set when looping).
                self.set_abs(ra, xn);
                let other = if looping {
                    pc + 1
                } else {
                    self.set_abs(ra + 3, xn);
                    (pc as isize + 1 + ins.jump() as isize) as usize
                };
                let snap = self.branch_snap(other)?;
                self.guard_at(
                    snap,
                    IrIns::new(if looping { IrOp::Le } else { IrOp::NotLe }, Ty::Nil, x, y),
                )?;
                if looping {
                    self.set_abs(ra + 3, xn);
                    let target = (pc as isize + 1 + ins.jump() as isize) as usize;
                    return self.loop_event(vm, proto, pc, target);
                }
            }
            Op::Iterl => {
                let v = self.val(vm, ra);
                let x = self.slot(vm, pc, ra)?;
                if !v.is_nil() {
                    self.set_abs(ra - 1, x);
                    let target = (pc as isize + 1 + ins.jump() as isize) as usize;
                    return self.loop_event(vm, proto, pc, target);
                }
            }
            Op::Loop => return self.loop_event(vm, proto, pc, pc + 1),
            Op::Jmp => {}
            Op::Funcf => {
                if self.uprec {
                    // The recursive call's entry: the trace goes on as itself, one
                    // frame deeper.
                    self.final_pc = pc + 1;
                    return Ok(Step::Stop(Link::UpRec));
                }
                // Entering a function whose trace loops (tail or up-recursion): link to
                // it, as LuaJIT does at a JFUNCF whose trace does not just return.
                let site = proto.pc_addr(pc + 1);
                if let Some(t) = vm.jit.trace_at(site)
                    && vm.jit.traces[t as usize]
                        .as_ref()
                        .is_some_and(|x| matches!(x.link, Link::Loop | Link::UpRec))
                {
                    self.final_pc = pc + 1;
                    return Ok(Step::Stop(Link::Trace(t)));
                }
            }
            // A vararg function entered from an inlined call (it is never a hot point).
            Op::Funcv => {}
        }
        Ok(Step::Continue)
    }

    /// Whether `pc` is the root loop's own hot op, in the trace's first frame.
    fn at_start(&self, pc: usize) -> bool {
        self.frames.is_empty() && self.kind == StartKind::Loop && pc == self.start_pc
    }

    /// A loop op is about to go back to `target`.
    fn loop_event(&mut self, vm: &Vm, proto: &Rc<Proto>, pc: usize, target: usize) -> R<Step> {
        if self.at_start(pc) {
            self.final_slots = self.slots.clone();
            self.final_pc = self.entry_pc;
            return Ok(Step::Stop(Link::Loop));
        }
        // A compiled loop: side traces link to it, root traces wait for it to call us.
        let site = proto.pc_addr(pc + 1);
        if let Some(t) = vm.jit.trace_at(site) {
            if !self.is_root() {
                self.final_pc = target;
                return Ok(Step::Stop(Link::Trace(t)));
            }
            return Err(AbortReason::InnerLoop);
        }
        if self.is_root() {
            return Err(AbortReason::InnerLoop);
        }
        if self.loopunroll == 0 {
            return Err(AbortReason::LoopUnroll);
        }
        self.loopunroll -= 1;
        Ok(Step::Continue)
    }

    /// A numeric for loop's index, limit and step (values and refs); the interpreter
    /// raises the error if one is not a number.
    fn for_operands(&mut self, vm: &Vm, pc: usize, ra: u32) -> R<([f64; 3], [Ref; 3])> {
        let [Value::Num(i), Value::Num(s), Value::Num(st)] =
            [self.val(vm, ra), self.val(vm, ra + 1), self.val(vm, ra + 2)]
        else {
            return Err(AbortReason::BadArgType);
        };
        let refs = [
            self.slot(vm, pc, ra)?,
            self.slot(vm, pc, ra + 1)?,
            self.slot(vm, pc, ra + 2)?,
        ];
        Ok(([i, s, st], refs))
    }

    /// Guard the sign of a loop step (unless it is a constant); returns whether it counts up.
    fn guard_step(&mut self, pc: usize, st: f64, xst: Ref) -> R<bool> {
        let zero = self.buf.knum(0.0);
        let up = st > 0.0;
        self.guard(pc, if up { IrOp::Lt } else { IrOp::NotLt }, zero, xst)?;
        Ok(up)
    }

    #[allow(clippy::too_many_arguments)]
    fn record_eq(
        &mut self,
        vm: &Vm,
        pc: usize,
        other: usize,
        va: Value,
        vb: Value,
        xa: Ref,
        xb: Ref,
    ) -> R<()> {
        let (ta, tb) = (Ty::of(va), Ty::of(vb));
        if ta != tb || matches!(ta, Ty::Nil | Ty::False | Ty::True) {
            // The types (already guarded) decide.
            return Ok(());
        }
        let eq = va.raw_eq(vb);
        if let (Value::Table(x), Value::Table(y)) = (va, vb) {
            let (mx, my) = (vm.heap.table(x).meta, vm.heap.table(y).meta);
            if !eq && mx.is_some() && my.is_some() {
                return Err(AbortReason::Metamethod("__eq"));
            }
            if !eq {
                // Tables without metatables now must still have none (no __eq).
                for (t, xt) in [(x, xa), (y, xb)] {
                    if vm.heap.table(t).meta.is_none() {
                        self.value(pc, IrIns::new(IrOp::TMeta, Ty::Nil, xt, NONE))?;
                    }
                }
            }
        }
        let snap = self.branch_snap(other)?;
        self.guard_at(
            snap,
            IrIns::new(if eq { IrOp::Eq } else { IrOp::Ne }, Ty::Nil, xa, xb),
        )
    }

    /// `t[key]` with `__index` tables followed; returns the result's ref.
    fn index(
        &mut self,
        vm: &Vm,
        pc: usize,
        mut t: TableId,
        mut xt: Ref,
        key: Value,
        xk: Ref,
    ) -> R<Ref> {
        for _ in 0..100 {
            let tab = vm.heap.table(t);
            let v = tab.get(key);
            let r = self.value(pc, IrIns::new(IrOp::TGet, Ty::of(v), xt, xk))?;
            if !v.is_nil() {
                return Ok(r);
            }
            let mt = tab.meta;
            let xm = self.value(
                pc,
                IrIns::new(
                    IrOp::TMeta,
                    if mt.is_some() { Ty::Table } else { Ty::Nil },
                    xt,
                    NONE,
                ),
            )?;
            let Some(mt) = mt else { return Ok(r) };
            let kmt = self.kvalue(Value::Table(mt));
            self.guard(pc, IrOp::Eq, xm, kmt)?;
            let kidx = self.kvalue(Value::Str(vm.names.index));
            let h = vm.heap.table(mt).get_str(vm.names.index);
            let xh = self.value(pc, IrIns::new(IrOp::TGet, Ty::of(h), kmt, kidx))?;
            match h {
                Value::Nil => return Ok(r),
                Value::Table(next) => {
                    let kn = self.kvalue(h);
                    self.guard(pc, IrOp::Eq, xh, kn)?;
                    t = next;
                    xt = kn;
                }
                _ => return Err(AbortReason::Metamethod("__index")),
            }
        }
        Err(AbortReason::LoopingIndex)
    }

    /// `t[key] = v`, raw; `__newindex` is not followed.
    #[allow(clippy::too_many_arguments)]
    fn newindex(
        &mut self,
        vm: &Vm,
        pc: usize,
        t: TableId,
        xt: Ref,
        key: Value,
        xk: Ref,
        xv: Ref,
    ) -> R<()> {
        match key {
            Value::Nil => return Err(AbortReason::StoreNilNaN),
            Value::Num(n) if n.is_nan() => return Err(AbortReason::StoreNilNaN),
            _ => {}
        }
        let tab = vm.heap.table(t);
        if let Some(mt) = tab.meta
            && tab.get(key).is_nil()
            && !vm.heap.table(mt).get_str(vm.names.newindex).is_nil()
        {
            return Err(AbortReason::Metamethod("__newindex"));
        }
        let snap = self.snap(pc)?;
        self.buf.push(IrIns {
            snap,
            c: xv,
            ..IrIns::new(IrOp::TSet, Ty::Nil, xt, xk)
        });
        self.dirty = true;
        Ok(())
    }

    fn cur_func(&self) -> FuncId {
        match (self.frames.last(), &self.base_override, &self.returned_to) {
            (Some(f), _, _) => f.func,
            (None, Some((f, _)), _) | (None, None, Some((f, _))) => *f,
            (None, None, None) => self.func0,
        }
    }

    /// Guard that the trace runs with the closure it was recorded with (its upvalues).
    fn guard_first_func(&mut self, pc: usize) -> R<()> {
        let f = self.value(pc, IrIns::new(IrOp::Fn, Ty::Func, NONE, NONE))?;
        let k = self.kvalue(Value::Func(self.cur_func()));
        self.guard(pc, IrOp::Eq, f, k)?;
        self.func_guarded = true;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn record_call(
        &mut self,
        vm: &Vm,
        pc: usize,
        f: Value,
        slot: u32,
        nargs: u32,
        nres: i32,
        tail: bool,
    ) -> R<Step> {
        let Value::Func(fid) = f else {
            return Err(AbortReason::Metamethod("__call"));
        };
        let xf = self.slot(vm, pc, slot)?;
        let kf = self.kvalue(f);
        self.guard(pc, IrOp::Eq, xf, kf)?;
        match vm.heap.func(fid) {
            Function::Lua { proto, .. } => {
                if proto.is_vararg && tail && self.frames.is_empty() {
                    return Err(AbortReason::NyiCall("vararg function"));
                }
                let same = self
                    .frames
                    .iter()
                    .filter(|fr| Rc::ptr_eq(&fr.proto, proto))
                    .count()
                    + usize::from(Rc::ptr_eq(self.base_proto(), proto));
                // True recursion into a function trace's own start: LuaJIT unrolls it
                // `recunroll` times, then closes an up-recursion trace at the callee's
                // entry (see `Op::Funcf`).
                let self_tail = tail && self.frames.is_empty();
                if self.kind == StartKind::Call && Rc::ptr_eq(&self.proto0, proto) && !self_tail {
                    if same as u32 > self.params.recunroll {
                        self.uprec = true;
                    }
                } else if same as u32 > self.params.callunroll {
                    // A function whose trace only returns is recorded across. Called this
                    // deep, that trace is in the way: LuaJIT flushes it and retries soon.
                    let site = proto.pc_addr(1);
                    if let Some(t) = vm.jit.trace_at(site)
                        && vm.jit.traces[t as usize]
                            .as_ref()
                            .is_some_and(|x| x.link == Link::Return)
                    {
                        self.flush_on_abort = Some(site);
                    }
                    return Err(AbortReason::CallUnroll);
                }
                let proto = proto.clone();
                let mut args = Vec::with_capacity(nargs as usize);
                for i in 0..nargs {
                    args.push(self.slot(vm, pc, slot + 1 + i)?);
                }
                if tail && self.frames.is_empty() {
                    let step = self.tail_call_base(fid, proto.clone(), &args)?;
                    if self.kind == StartKind::Call && Rc::ptr_eq(&self.proto0, &proto) {
                        // Tail recursion into the trace's own start: the trace loops
                        // (LuaJIT's `tail-recursion` link).
                        self.base_override = None;
                        self.final_slots = self.slots.clone();
                        self.final_pc = self.entry_pc;
                        return Ok(Step::Stop(Link::Loop));
                    }
                    return Ok(step);
                }
                let (ret_slot, nresults, caller_pc) = if tail {
                    let cur = self.frames.pop().expect("checked above");
                    (cur.ret_slot, cur.nresults, cur.caller_pc)
                } else {
                    (slot, nres, pc as u32 + 1)
                };
                // A vararg function's frame starts above all its arguments; the extra
                // ones stay below it, where `VARG` finds them.
                let (nbase, nvarargs) = if proto.is_vararg {
                    (
                        ret_slot + 1 + nargs,
                        nargs.saturating_sub(u32::from(proto.num_params)),
                    )
                } else {
                    (ret_slot + 1, 0)
                };
                if nbase + u32::from(proto.max_stack) > MAX_SLOTS {
                    return Err(AbortReason::TraceTooDeep);
                }
                self.set_abs(ret_slot, kf);
                if proto.is_vararg {
                    for (i, &x) in args.iter().enumerate() {
                        self.set_abs(ret_slot + 1 + i as u32, x);
                    }
                }
                let nil = self.buf.kval(Ty::Nil, 0);
                for i in 0..u32::from(proto.num_params) {
                    let x = args.get(i as usize).copied().unwrap_or(nil);
                    self.set_abs(nbase + i, x);
                }
                // Slots above the parameters belong to the new frame: forget old values.
                let top = (nbase + u32::from(proto.max_stack)) as usize;
                for s in (nbase + u32::from(proto.num_params)) as usize..top.min(self.slots.len()) {
                    self.slots[s] = NONE;
                }
                self.frames.push(SnapFrame {
                    func: fid,
                    proto,
                    base: nbase,
                    ret_slot,
                    nresults,
                    caller_pc,
                    nvarargs,
                });
                Ok(Step::Continue)
            }
            Function::Native { name, .. } => {
                self.record_fast_call(vm, pc, fid, name, slot, nargs, nres, tail)
            }
        }
    }

    /// A tail call from the trace's first frame: the callee takes over that frame (same
    /// base, the caller's results), as the interpreter's CALLT does.
    fn tail_call_base(&mut self, fid: FuncId, proto: Rc<Proto>, args: &[Ref]) -> R<Step> {
        if self.kind == StartKind::Loop || self.base_proto().is_vararg || proto.is_vararg {
            // A loop trace's range belongs to its function; a vararg frame's base moves.
            return Err(AbortReason::NyiCall(
                "tail call from the trace's first frame",
            ));
        }
        if u32::from(proto.max_stack) > MAX_SLOTS {
            return Err(AbortReason::TraceTooDeep);
        }
        let nil = self.buf.kval(Ty::Nil, 0);
        for i in 0..u32::from(proto.num_params) {
            let x = args.get(i as usize).copied().unwrap_or(nil);
            self.set_abs(i, x);
        }
        let top = usize::from(proto.max_stack);
        for s in usize::from(proto.num_params)..top.min(self.slots.len()) {
            self.slots[s] = NONE;
        }
        // The callee's identity was guarded at the call: its upvalues are known.
        self.func_guarded = true;
        self.base_override = Some((fid, proto));
        Ok(Step::Continue)
    }

    /// Whether the trace's first frame was called by `pcall` or `xpcall` (from the Lua
    /// frame below, whose current `CALL` holds the library function).
    fn called_by_pcall(&self, vm: &Vm) -> bool {
        if vm.frames[self.fi0].from_lua || self.base_override.is_some() {
            return false;
        }
        caller_call(vm, self.fi0).is_some_and(|(c, call)| {
            matches!(vm.stack[c.base + call.a as usize], Value::Func(f)
                if matches!(vm.heap.func(f), Function::Native { name, .. }
                    if *name == "pcall" || *name == "xpcall"))
        })
    }

    /// A side trace returns from its first frame (LuaJIT's return to a lower frame): if
    /// the caller is a Lua frame that called it with a `CALL` for a fixed number of
    /// results, guard that (`RETF`) and record on in the caller, which becomes the
    /// trace's first frame; otherwise the trace ends and the interpreter returns.
    fn return_lower(&mut self, vm: &Vm, pc: usize, ra: u32, n: u32) -> R<Step> {
        let fi = self.fi0;
        let f = &vm.frames[fi];
        let returnable = f.from_lua
            && f.nvarargs == 0
            && f.nresults >= 0
            && self.base_override.is_none()
            && vm.open_upvals.last().is_none_or(|&(s, _)| s < f.ret_slot);
        let target = caller_call(vm, fi)
            .filter(|(c, call)| returnable && f.ret_slot == c.base + call.a as usize);
        let Some((caller, call)) = target else {
            return Ok(Step::Stop(Link::Return));
        };
        let cbase = call.a as u32;
        let nresults = f.nresults as u32;
        let vals = (0..n)
            .map(|i| self.slot(vm, pc, ra + i))
            .collect::<R<Vec<Ref>>>()?;
        let snap = self.snap(pc)?;
        let r = self.buf.push_retf(
            snap,
            RetTarget {
                proto: caller.proto.clone(),
                pc: caller.pc as u32,
                cbase,
                nresults: f.nresults,
            },
        );
        self.retf_at = Some(r);
        let nil = self.buf.kval(Ty::Nil, 0);
        self.slots = vec![NONE; cbase as usize];
        for i in 0..nresults {
            self.slots
                .push(vals.get(i as usize).copied().unwrap_or(nil));
        }
        self.fi0 = fi - 1;
        self.b0 = caller.base;
        self.returned_to = Some((caller.func, caller.proto.clone()));
        self.func_guarded = false;
        // The next guard needs a snapshot of the caller's state (LuaJIT's needsnap).
        self.dirty = true;
        Ok(Step::Continue)
    }

    fn record_ret(&mut self, vm: &Vm, pc: usize, ra: u32, n: u32) -> R<Step> {
        let Some(frame) = self.frames.last().cloned() else {
            self.final_pc = pc;
            if self.called_by_pcall(vm) {
                // LuaJIT does not record a return into `pcall`'s frame.
                return Err(AbortReason::NyiReturnLower);
            }
            // A function trace ends at its return. A side trace returning from its
            // first frame goes on in the caller when it can (`RETF`), else it hands
            // the return to the interpreter.
            return match self.kind {
                StartKind::Call => Ok(Step::Stop(Link::Return)),
                StartKind::Side { .. } => self.return_lower(vm, pc, ra, n),
                StartKind::Loop => Err(AbortReason::NyiReturnLower),
            };
        };
        if frame.nresults < 0 {
            return Err(AbortReason::NyiCall("return of multiple results"));
        }
        let mut vals = Vec::with_capacity(n as usize);
        for i in 0..n {
            vals.push(self.slot(vm, pc, ra + i)?);
        }
        self.frames.pop();
        let want = if frame.nresults < 0 {
            n
        } else {
            frame.nresults as u32
        };
        let nil = self.buf.kval(Ty::Nil, 0);
        let top = self.slots.len() as u32;
        for s in frame.ret_slot..top {
            self.slots[s as usize] = NONE;
        }
        for i in 0..want {
            self.set_abs(
                frame.ret_slot + i,
                vals.get(i as usize).copied().unwrap_or(nil),
            );
        }
        Ok(Step::Continue)
    }
}
