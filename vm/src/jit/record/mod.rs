//! The trace recorder: bytecodes as the interpreter executes them -> SSA IR with guards
//! and snapshots (LuaJIT's `lj_record.c`).
//!
//! The interpreter calls [`Recorder::step`] before executing each bytecode while a
//! recording is active. The recorder reads the live values (it never changes VM state),
//! emits IR that computes the same thing under guards on what it saw (types, branch
//! directions, function identities, metatables), and tells the interpreter whether to go
//! on, stop with a link, or abort with a reason. Calls of Lua functions are inlined;
//! library functions a trace may call become `CALLN` (`ffrecord.rs`).

use super::ir::{IrIns, IrOp, NONE, Ref, Ty};
use super::irbuf::{Emitted, IrBuf};
use super::reason::AbortReason;
use super::snap::{SnapFrame, Snapshot};
use super::{JitParams, Link, StartKind, TraceNo};
use crate::heap::Function;
use crate::interp::{ArithOp, Vm};
use crate::op::{Ins, Op};
use crate::proto::Proto;
use crate::value::{FuncId, Value};
use std::rc::Rc;

mod branch;
mod call;
pub(crate) mod ffrecord;
mod index;

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
    /// The inlined frames as the last snapshot shared them.
    pub(super) frames_rc: Rc<[SnapFrame]>,
    /// Results of the last `CALLN` whose types are seen at the next step:
    /// (first result ref, count, first slot).
    pending: Option<(Ref, u32, u32)>,
    /// After a call recorded for all its results (`f(g(x))`'s inner call) whose count is
    /// fixed: the slot above its results, which the next `CALLM` takes as its top.
    multret: Option<u32>,
    /// While recording such a `CALLM`: that top, kept in its snapshots.
    pub(super) snap_mret: Option<u32>,
    /// Whether a side effect (store, library call) happened since the last snapshot, so
    /// exits cannot re-run the bytecodes since it (LuaJIT's `needsnap`).
    pub(super) dirty: bool,
    /// IR length when the last snapshot was taken (an unused one is replaced).
    pub(super) snap_nins: usize,
    /// Whether the first frame's closure identity is guarded yet.
    func_guarded: bool,
    /// The function a tail call put in the trace's first frame.
    pub(super) base_override: Option<(FuncId, Rc<Proto>)>,
    /// After a return below the first frame (`RETF`): the caller now in that place.
    returned_to: Option<(FuncId, Rc<Proto>)>,
    /// The last `RETF`: slot loads before it name slots of another frame.
    pub(super) retf_at: Option<Ref>,
    /// A call into the function trace's own start went `recunroll` deep: the trace
    /// ends at the callee's entry, re-entering itself (up-recursion).
    uprec: bool,
    /// A function whose trace only returns was called too deep: its trace is unpatched
    /// when this recording aborts (LuaJIT's `check_call_unroll`), at this site.
    pub flush_on_abort: Option<u32>,
    loopunroll: u32,
    /// The JIT parameters the recording runs under.
    pub(super) params: JitParams,
    /// Slot map when the loop closed (root loop traces).
    pub final_slots: Vec<Ref>,
    /// Where the interpreter resumes after the trace's last instruction (its final
    /// snapshot's pc).
    pub final_pc: usize,
    /// Library functions a trace may call.
    fast_funcs: Rc<FastFuncs>,
}

type R<T> = Result<T, AbortReason>;

/// The bytecode being recorded: the instruction, its pc, and its frame's base (a slot
/// relative to the trace's base).
#[derive(Clone, Copy, Debug)]
struct Bc {
    ins: Ins,
    pc: usize,
    base: u32,
}

impl Bc {
    /// The slot of register A.
    fn ra(self) -> u32 {
        self.base + self.ins.a as u32
    }
    /// The slot of register B.
    fn rb(self) -> u32 {
        self.base + self.ins.b as u32
    }
    /// The slot of register C.
    fn rc(self) -> u32 {
        self.base + self.ins.c as u32
    }
    /// The slot of register D.
    fn rd(self) -> u32 {
        self.base + self.ins.d() as u32
    }
}

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
        self.record_ins(vm, &proto, Bc { ins, pc, base })
    }

    // ---- slots and constants (snapshots: `jit/snap.rs`) ----

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

    /// Emit a guard exiting through snapshot `snap`.
    fn guard_at(&mut self, snap: u16, ins: IrIns) -> R<()> {
        match self.buf.emit(IrIns { snap, ..ins }) {
            Emitted::AlwaysFails => Err(AbortReason::RecordError),
            _ => Ok(()),
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

    /// Record one bytecode: each group of ops has its function, in this file or the
    /// one named for the group.
    #[rustfmt::skip]
    fn record_ins(&mut self, vm: &Vm, proto: &Rc<Proto>, bc: Bc) -> R<Step> {
        use crate::jit::reason::bc::{CALLMT, FNEW, RETM, TSETM, UCLO};
        let multret = self.multret.take();
        match bc.ins.op {
            // Comparisons and tests (branch.rs).
            Op::Islt | Op::Isge | Op::Isle | Op::Isgt | Op::Iseqv | Op::Isnev | Op::Iseqs
            | Op::Isnes | Op::Iseqn | Op::Isnen | Op::Iseqp | Op::Isnep | Op::Ist | Op::Isf
            | Op::Istc | Op::Isfc => self.record_comp(vm, proto, bc)?,
            Op::Mov | Op::Not | Op::Unm | Op::Len => self.record_unary(vm, bc)?,
            Op::Addvn | Op::Subvn | Op::Mulvn | Op::Divvn | Op::Modvn | Op::Addnv | Op::Subnv
            | Op::Mulnv | Op::Divnv | Op::Modnv | Op::Addvv | Op::Subvv | Op::Mulvv
            | Op::Divvv | Op::Modvv | Op::Pow => self.record_arith(vm, proto, bc)?,
            Op::Cat => self.record_cat(vm, bc)?,
            Op::Kstr | Op::Knum | Op::Kpri | Op::Knil => self.record_const(proto, bc)?,
            Op::Uget | Op::Uset => self.record_upval(vm, bc)?,
            Op::Uclo => return Err(AbortReason::NyiBytecode(UCLO)),
            Op::Fnew => return Err(AbortReason::NyiBytecode(FNEW)),
            // Tables (index.rs).
            Op::Tnew | Op::Tdup | Op::Gget | Op::Gset | Op::Tgetv | Op::Tgets | Op::Tgetb | Op::Tsetv
            | Op::Tsets | Op::Tsetb => self.record_table(vm, proto, bc)?,
            Op::Tsetm => return Err(AbortReason::NyiBytecode(TSETM)),
            // Calls, varargs, returns and function entries (call.rs).
            Op::Call | Op::Callm | Op::Callt | Op::Iterc => return self.record_call_op(vm, bc, multret),
            Op::Callmt => return Err(AbortReason::NyiBytecode(CALLMT)),
            Op::Varg => self.record_varg(vm, bc)?,
            Op::Retm => return Err(AbortReason::NyiBytecode(RETM)),
            Op::Ret0 => return self.record_ret(vm, bc.pc, bc.ra(), 0),
            Op::Ret1 => return self.record_ret(vm, bc.pc, bc.ra(), 1),
            Op::Ret => return self.record_ret(vm, bc.pc, bc.ra(), bc.ins.d() as u32 - 1),
            Op::Funcf => return self.record_funcf(vm, proto, bc.pc),
            // A vararg function entered from an inlined call (it is never a hot point).
            Op::Funcv => {}
            // Loops (branch.rs).
            Op::Fori | Op::Forl | Op::Iterl | Op::Loop => return self.record_loop_op(vm, proto, bc),
            Op::Jmp => {}
        }
        Ok(Step::Continue)
    }

    /// Moves, `not`, unary minus and length.
    fn record_unary(&mut self, vm: &Vm, bc: Bc) -> R<()> {
        let (ins, pc, ra, rd) = (bc.ins, bc.pc, bc.ra(), bc.rd());
        match ins.op {
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
            _ => unreachable!("record_unary: {:?}", ins.op),
        }
        Ok(())
    }

    /// Arithmetic on numbers (`__arith` metamethods abort).
    fn record_arith(&mut self, vm: &Vm, proto: &Proto, bc: Bc) -> R<()> {
        let (ins, pc, ra, rb, rc) = (bc.ins, bc.pc, bc.ra(), bc.rb(), bc.rc());
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
        Ok(())
    }

    /// Concatenation of strings and numbers (`__concat` metamethods abort).
    fn record_cat(&mut self, vm: &Vm, bc: Bc) -> R<()> {
        let (ins, pc, base, ra) = (bc.ins, bc.pc, bc.base, bc.ra());
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
        Ok(())
    }

    /// Constants into registers.
    fn record_const(&mut self, proto: &Proto, bc: Bc) -> R<()> {
        let (ins, ra, rd) = (bc.ins, bc.ra(), bc.rd());
        match ins.op {
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
            _ => unreachable!("record_const: {:?}", ins.op),
        }
        Ok(())
    }

    /// Upvalue reads and writes.
    fn record_upval(&mut self, vm: &Vm, bc: Bc) -> R<()> {
        let (ins, pc, ra, rd) = (bc.ins, bc.pc, bc.ra(), bc.rd());
        match ins.op {
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
                let in_trace = matches!(vm.open_slot(uv), Some(abs) if abs >= self.b0);
                // Many closures of this function exist: read the upvalue through the running
                // closure, without guarding on one (LuaJIT's PROTO_CLC_POLY).
                let poly = first && !in_trace && self.cur().1.is_poly() && !self.func_guarded;
                if !poly && self.frames.is_empty() && !self.func_guarded {
                    self.guard_first_func(pc)?;
                }
                if let (false, Some(abs)) = (poly, vm.open_slot(uv))
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
            _ => unreachable!("record_upval: {:?}", ins.op),
        }
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
}
