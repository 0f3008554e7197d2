//! Recording comparisons and loops (LuaJIT's `rec_comp`, `rec_for` and `rec_loop` in
//! `lj_record.c`): a guard on the direction the recorded run took, whose snapshot resumes
//! on the other branch, and the loop events that close or unroll a trace.

use super::{Bc, R, Recorder, Step};
use crate::interp::Vm;
use crate::jit::ir::{IrIns, IrOp, NONE, Ref, Ty};
use crate::jit::reason::AbortReason;
use crate::jit::{Link, StartKind};
use crate::op::Op;
use crate::proto::Proto;
use crate::value::Value;
use std::rc::Rc;

impl Recorder {
    /// Comparisons and tests: a guard on the outcome seen, exiting to the other branch.
    pub(super) fn record_comp(&mut self, vm: &Vm, proto: &Proto, bc: Bc) -> R<()> {
        let (ins, pc, ra, rd) = (bc.ins, bc.pc, bc.ra(), bc.rd());
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
            _ => unreachable!("record_comp: {:?}", ins.op),
        }
        Ok(())
    }

    /// The instruction a comparison at `pc` goes to when its outcome is not `taken`.
    fn other_branch(proto: &Proto, pc: usize, taken: bool) -> usize {
        if taken {
            pc + 2
        } else {
            (pc as isize + 2 + proto.code[pc + 1].jump() as isize) as usize
        }
    }

    /// Numeric for, iterator and while/repeat loop ops.
    pub(super) fn record_loop_op(&mut self, vm: &Vm, proto: &Rc<Proto>, bc: Bc) -> R<Step> {
        let (ins, pc, ra) = (bc.ins, bc.pc, bc.ra());
        match ins.op {
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
            _ => unreachable!("record_loop_op: {:?}", ins.op),
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
}
