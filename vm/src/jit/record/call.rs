//! Recording calls and returns (LuaJIT's `lj_record_call`, `lj_record_tailcall` and
//! `lj_record_ret` in `lj_record.c`): calls of Lua functions are inlined as frames of the
//! trace, tail calls replace a frame, returns pop one (or, in a side trace, return below
//! its first frame with `RETF`). Library functions go to [`super::ffrecord`].

use super::{Bc, MAX_SLOTS, R, Recorder, Step};
use crate::heap::Function;
use crate::interp::{Frame, Vm};
use crate::jit::ir::{IrOp, NONE, Ref, Ty};
use crate::jit::reason::AbortReason;
use crate::jit::snap::{RetTarget, SnapFrame};
use crate::jit::{Link, StartKind};
use crate::op::{Ins, Op};
use crate::proto::Proto;
use crate::value::{FuncId, Value};
use std::rc::Rc;

/// The Lua frame below frame `fi` and the `CALL` (or `CALLM`) it is executing, if that
/// is how frame `fi` was entered from it.
fn caller_call(vm: &Vm, fi: usize) -> Option<(&Frame, Ins)> {
    let c = vm.frames.get(fi.checked_sub(1)?)?;
    let call = *c.proto.code.get(c.pc.checked_sub(1)?)?;
    matches!(call.op, Op::Call | Op::Callm).then_some((c, call))
}

impl Recorder {
    /// `CALL`, `CALLM`, `CALLT` and `ITERC`.
    pub(super) fn record_call_op(&mut self, vm: &Vm, bc: Bc, multret: Option<u32>) -> R<Step> {
        let (ins, pc, ra) = (bc.ins, bc.pc, bc.ra());
        match ins.op {
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
                self.record_call(vm, pc, f, ra, ins.c as u32 - 1, ins.b as i32 - 1, false)
            }
            Op::Callm => {
                // Arguments up to the top the previous call left, if it was recorded
                // with a fixed number of results.
                let Some(top) = multret.filter(|&t| self.b0 + t as usize == vm.mret_top) else {
                    return Err(AbortReason::NyiBytecode(crate::jit::reason::bc::CALLM));
                };
                if ins.b == 0 || top <= ra {
                    return Err(AbortReason::NyiCall("call with multiple results"));
                }
                let f = self.val(vm, ra);
                self.snap_mret = Some(top);
                let step = self.record_call(vm, pc, f, ra, top - ra - 1, ins.b as i32 - 1, false);
                self.snap_mret = None;
                step
            }
            Op::Callt => {
                let f = self.val(vm, ra);
                self.record_call(vm, pc, f, ra, ins.d() as u32 - 1, -1, true)
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
                self.record_call(vm, pc, f, ra, 2, ins.b as i32 - 1, false)
            }
            _ => unreachable!("record_call_op: {:?}", ins.op),
        }
    }

    /// `VARG`: only in an inlined frame, whose varargs the trace knows.
    pub(super) fn record_varg(&mut self, vm: &Vm, bc: Bc) -> R<()> {
        let (ins, pc, ra) = (bc.ins, bc.pc, bc.ra());
        // Only in an inlined frame, whose varargs the trace knows.
        let Some(f) = self.frames.last() else {
            return Err(AbortReason::NyiBytecode(crate::jit::reason::bc::VARG));
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
        Ok(())
    }

    /// `FUNCF`: the entry of a function recorded into.
    pub(super) fn record_funcf(&mut self, vm: &Vm, proto: &Proto, pc: usize) -> R<Step> {
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
        Ok(Step::Continue)
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

    /// Leave the innermost inlined frame: its slots, from `ret_slot` (where its function
    /// was) up, no longer hold anything the trace knows.
    pub(super) fn pop_frame(&mut self, ret_slot: u32) {
        self.frames.pop();
        let top = self.slots.len() as u32;
        for s in ret_slot..top {
            self.slots[s as usize] = NONE;
        }
    }

    pub(super) fn record_ret(&mut self, vm: &Vm, pc: usize, ra: u32, n: u32) -> R<Step> {
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
        self.pop_frame(frame.ret_slot);
        let want = if frame.nresults < 0 {
            n
        } else {
            frame.nresults as u32
        };
        let nil = self.buf.kval(Ty::Nil, 0);
        for i in 0..want {
            self.set_abs(
                frame.ret_slot + i,
                vals.get(i as usize).copied().unwrap_or(nil),
            );
        }
        Ok(Step::Continue)
    }
}
