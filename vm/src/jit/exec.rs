//! The trace executor: runs a compiled trace's instructions on unboxed registers
//! (LuaJIT runs machine code here, `lj_asm` + `lj_vm` exit handling).
//!
//! Registers are 64-bit payloads indexed by IR reference; the static type of each value
//! is known, so only guards look at tags. A failing guard stops execution and names
//! its snapshot; `snap::restore` writes the snapshot back into the interpreter's stack and
//! frames. A looping trace runs its body until a guard fails, moving PHI values at the
//! back edge and checking the run's limits there.

use super::ir::{IrIns, IrOp, Ref, Ty};
use super::trace::Trace;
use crate::interp::{ArithOp, Vm};
use crate::table::Table;
use crate::value::{FuncId, StrId, TableId, UpvalId, Value};
use std::cell::Cell;

/// Why a trace stopped.
#[derive(Debug)]
pub(crate) enum Stop {
    /// A guard failed: restore this snapshot.
    Guard(u16),
    /// A library call returned results of unexpected types: restore the snapshot (taken
    /// before the call), place these results in this slot and resume after the call (for
    /// a call in tail position, [`ir::CALLN_TAIL`], return them from the frame).
    CallResults(u16, u32, Vec<Value>, bool),
    /// The trace ran to its end (link, return or stub).
    End,
    /// A loop's back edge found a run limit reached or garbage to collect: restore the
    /// back-edge snapshot, uncounted.
    BackEdge,
}

/// How a run ended, and what it did.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub stop: Stop,
    /// IR instructions executed.
    pub executed: u64,
    /// The trace's first frame when it stopped: stack index of register 0 and frame
    /// index (lower than at entry after a `RETF`).
    pub b0: usize,
    pub fi0: usize,
}

#[inline(always)]
fn num(regs: &[u64], r: Ref) -> f64 {
    // SAFETY: `lower::lower` checked every operand against the register count.
    f64::from_bits(unsafe { *regs.get_unchecked(r as usize) })
}

#[inline(always)]
pub(super) fn boxed(t: &Trace, regs: &[u64], r: Ref) -> Value {
    t.ins[r as usize].ty.boxed(regs[r as usize])
}

/// Upvalue `idx` of the closure running in frame `fi0` (a Lua closure: the trace's first
/// frame).
fn first_closure_upval(vm: &Vm, fi0: usize, idx: usize) -> UpvalId {
    match vm.heap.func(vm.frames[fi0].func) {
        crate::heap::Function::Lua { upvals, .. } => upvals[idx],
        crate::heap::Function::Native { .. } => unreachable!("a trace's first frame is Lua"),
    }
}

/// Whether the first frame (index `fi0`) may return into its caller as `RETF` target
/// `r` expects: the caller is the Lua frame below, at the recorded call, and the frame
/// has no open upvalues to close.
fn returns_into(vm: &Vm, fi0: usize, r: &super::snap::RetTarget) -> bool {
    if fi0 == 0 {
        return false;
    }
    let (f, c) = (&vm.frames[fi0], &vm.frames[fi0 - 1]);
    f.from_lua
        && f.nvarargs == 0
        && f.nresults == r.nresults
        && c.pc == r.pc as usize
        && std::rc::Rc::ptr_eq(&c.proto, &r.proto)
        && f.ret_slot == c.base + r.cbase as usize
        && vm.open_upvals.last().is_none_or(|&(s, _)| s < f.ret_slot)
}

/// Run trace `t` with its first frame at stack index `b0` (frame index `fi0`).
// The guards negate comparisons on purpose: `not (a < b)` must hold for NaN operands.
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub(crate) fn run(vm: &mut Vm, t: &Trace, mut b0: usize, mut fi0: usize) -> Outcome {
    let mut regs_cell = t.regs.borrow_mut();
    let regs = &mut regs_cell[..];
    let code = &t.code[..];
    // Instructions executed = `done` + (position - `seg`): counted from positions, not
    // per instruction.
    let mut done: u64 = 0;
    let mut iterations: u32 = 0;
    let mut seg = 0usize;
    let mut i = 0usize;
    macro_rules! executed {
        () => {
            done + (i - seg) as u64
        };
    }
    macro_rules! set {
        ($dst:expr, $v:expr) => {{
            let v: u64 = $v;
            // SAFETY: as in `num`.
            unsafe { *regs.get_unchecked_mut($dst as usize) = v }
        }};
    }
    macro_rules! exit {
        ($ins:expr) => {
            return Outcome {
                stop: Stop::Guard($ins.snap),
                executed: executed!(),
                b0,
                fi0,
            }
        };
    }
    loop {
        // SAFETY: `code` ends with a LOOP sentinel (see `lower::lower`), which leaves the
        // loop or jumps back before `i` can pass the end.
        let (dst, ins, hint): (Ref, &IrIns, &Cell<u32>) = {
            let e = unsafe { code.get_unchecked(i) };
            (e.dst, &e.ins, &e.hint)
        };
        i += 1;
        match ins.op {
            IrOp::Loop => {
                // The sentinel: the end of the trace, or its loop's back edge.
                let Some(body) = t.loop_at else {
                    return Outcome {
                        stop: Stop::End,
                        executed: executed!() - 1,
                        b0,
                        fi0,
                    };
                };
                // Parallel PHI moves, then the run's bounds.
                move_phis(vm, t, regs);
                // The PHI moves and the back-edge jump itself count.
                done = executed!() + t.phis.len() as u64;
                seg = body;
                i = body;
                iterations = iterations.wrapping_add(1);
                if vm.trace_bounds_hit(done)
                    || vm.heap.wants_gc()
                    || (iterations.is_multiple_of(4096) && vm.memory_over())
                {
                    return Outcome {
                        stop: Stop::BackEdge,
                        executed: done,
                        b0,
                        fi0,
                    };
                }
            }
            IrOp::SLoad => match ins.ty.unbox(vm.stack[b0 + ins.a as usize]) {
                Some(bits) => set!(dst, bits),
                None => exit!(ins),
            },
            IrOp::Add => set!(dst, (num(regs, ins.a) + num(regs, ins.b)).to_bits()),
            IrOp::Sub => set!(dst, (num(regs, ins.a) - num(regs, ins.b)).to_bits()),
            IrOp::Mul => set!(dst, (num(regs, ins.a) * num(regs, ins.b)).to_bits()),
            IrOp::Div => set!(dst, (num(regs, ins.a) / num(regs, ins.b)).to_bits()),
            IrOp::Mod => set!(
                dst,
                ArithOp::Mod
                    .apply(num(regs, ins.a), num(regs, ins.b))
                    .to_bits()
            ),
            IrOp::Pow => set!(
                dst,
                ArithOp::Pow
                    .apply(num(regs, ins.a), num(regs, ins.b))
                    .to_bits()
            ),
            IrOp::Neg => set!(dst, (-num(regs, ins.a)).to_bits()),
            IrOp::Lt => {
                if !(num(regs, ins.a) < num(regs, ins.b)) {
                    exit!(ins)
                }
            }
            IrOp::NotLt => {
                if num(regs, ins.a) < num(regs, ins.b) {
                    exit!(ins)
                }
            }
            IrOp::Le => {
                if !(num(regs, ins.a) <= num(regs, ins.b)) {
                    exit!(ins)
                }
            }
            IrOp::NotLe => {
                if num(regs, ins.a) <= num(regs, ins.b) {
                    exit!(ins)
                }
            }
            IrOp::Eq | IrOp::Ne => {
                if equal(regs, ins) != (ins.op == IrOp::Eq) {
                    exit!(ins)
                }
            }
            IrOp::StrLt | IrOp::StrLe => {
                if str_order(vm, regs, ins) != (ins.k != 0) {
                    exit!(ins)
                }
            }
            IrOp::TLen => {
                let n = vm.heap.table(TableId(regs[ins.a as usize] as u32)).len();
                set!(dst, (n as f64).to_bits())
            }
            IrOp::SLen => {
                let n = vm.heap.str(StrId(regs[ins.a as usize] as u32)).len();
                set!(dst, (n as f64).to_bits())
            }
            IrOp::TGet => match ins.ty.unbox(table_get(vm, t, regs, ins, hint)) {
                Some(bits) => set!(dst, bits),
                None => exit!(ins),
            },
            IrOp::TMeta => {
                let meta = vm.heap.table(TableId(regs[ins.a as usize] as u32)).meta;
                match (meta, ins.ty) {
                    (Some(m), Ty::Table) => set!(dst, u64::from(m.0)),
                    (None, Ty::Nil) => {}
                    _ => exit!(ins),
                }
            }
            IrOp::TSet => {
                if !table_set(vm, t, regs, ins, hint) {
                    exit!(ins)
                }
            }
            IrOp::TNew => {
                let id = vm.heap.new_table(Table::from_tnew((ins.k >> 32) as u32));
                set!(dst, u64::from(id.0))
            }
            IrOp::TDup => {
                let copy = vm.heap.table(TableId(ins.k as u32)).dup();
                let id = vm.heap.new_table(copy);
                set!(dst, u64::from(id.0))
            }
            IrOp::UGet => match ins.ty.unbox(vm.upval_get(UpvalId(ins.k as u32))) {
                Some(bits) => set!(dst, bits),
                None => exit!(ins),
            },
            IrOp::USet => {
                let v = boxed(t, regs, ins.a);
                vm.upval_set(UpvalId(ins.k as u32), v);
            }
            IrOp::UGetF => {
                let uv = first_closure_upval(vm, fi0, ins.k as usize);
                match ins.ty.unbox(vm.upval_get(uv)) {
                    Some(bits) => set!(dst, bits),
                    None => exit!(ins),
                }
            }
            IrOp::USetF => {
                let v = boxed(t, regs, ins.a);
                let uv = first_closure_upval(vm, fi0, ins.k as usize);
                vm.upval_set(uv, v);
            }
            IrOp::UvSlot => {
                if vm.open_slot(UpvalId(ins.k as u32)) != Some(b0 + ins.a as usize) {
                    exit!(ins)
                }
            }
            IrOp::Fn => set!(dst, u64::from(vm.frames[fi0].func.0)),
            IrOp::CallN => {
                if let Some(stop) = call_native(vm, t, regs, ins, dst, b0) {
                    return Outcome {
                        stop,
                        executed: executed!(),
                        b0,
                        fi0,
                    };
                }
            }
            IrOp::Cat => set!(dst, concat(vm, t, regs, ins)),
            IrOp::RetF => {
                if !returns_into(vm, fi0, &t.retf[ins.k as usize]) {
                    exit!(ins)
                }
                // The first frame is gone; the caller is the trace's first frame now.
                vm.frames.truncate(fi0);
                fi0 -= 1;
                b0 = vm.frames[fi0].base;
            }
            IrOp::Res | IrOp::Nop | IrOp::KNum | IrOp::KGc | IrOp::KPri | IrOp::Phi => {}
        }
    }
}

/// Parallel PHI moves at a loop's back edge.
#[inline]
fn move_phis(vm: &mut Vm, t: &Trace, regs: &mut [u64]) {
    let tmp = &mut vm.jit.phi_tmp;
    tmp.clear();
    tmp.extend(t.phis.iter().map(|&(_, src)| regs[src as usize]));
    for (k, &(dst, _)) in t.phis.iter().enumerate() {
        regs[dst as usize] = tmp[k];
    }
}

/// Whether `a` and `b` are equal: numbers by value, other types by payload (the
/// instruction's type is its operands', set when lowering).
#[inline(always)]
fn equal(regs: &[u64], ins: &IrIns) -> bool {
    if ins.ty == Ty::Num {
        num(regs, ins.a) == num(regs, ins.b)
    } else {
        regs[ins.a as usize] == regs[ins.b as usize]
    }
}

/// Whether string `a` is below (`SLT`) or at most (`SLE`) string `b`.
#[inline]
fn str_order(vm: &Vm, regs: &[u64], ins: &IrIns) -> bool {
    let x = vm.heap.str(StrId(regs[ins.a as usize] as u32));
    let y = vm.heap.str(StrId(regs[ins.b as usize] as u32));
    if ins.op == IrOp::StrLt { x < y } else { x <= y }
}

/// `TGET`'s raw lookup of `a[b]` (a string key through the inline cache `hint`).
#[inline]
fn table_get(vm: &Vm, t: &Trace, regs: &[u64], ins: &IrIns, hint: &Cell<u32>) -> Value {
    let tab = vm.heap.table(TableId(regs[ins.a as usize] as u32));
    match t.ins[ins.b as usize].ty {
        Ty::Str => tab.get_str_cached(StrId(regs[ins.b as usize] as u32), hint),
        Ty::Num => tab.get(Value::Num(num(regs, ins.b))),
        _ => tab.get(boxed(t, regs, ins.b)),
    }
}

/// `TSET`'s raw store `a[b] = c`; false (nothing stored) when the key is nil or NaN or
/// `__newindex` could apply: the guard fails.
#[inline]
fn table_set(vm: &mut Vm, t: &Trace, regs: &[u64], ins: &IrIns, hint: &Cell<u32>) -> bool {
    let tid = TableId(regs[ins.a as usize] as u32);
    let key = boxed(t, regs, ins.b);
    let val = boxed(t, regs, ins.c);
    if matches!(key, Value::Num(n) if n.is_nan()) || key.is_nil() {
        return false;
    }
    let tab = vm.heap.table(tid);
    if let Some(mt) = tab.meta
        && tab.get(key).is_nil()
        && !vm.heap.table(mt).get_str(vm.names.newindex).is_nil()
    {
        return false;
    }
    match key {
        Value::Str(s) => vm.heap.table_mut(tid).set_str_cached(s, val, hint),
        _ => {
            let _ = vm.heap.table_mut(tid).set(key, val);
        }
    }
    true
}

/// `CALLN`: call the library function with the boxed arguments above the trace's slots
/// and unbox its results into registers `dst..`. `Some` stops the trace: the call failed
/// (the guard's exit; the interpreter re-executes it and raises the error), or a result's
/// type is not the recorded one (the results go back to the interpreter).
#[inline]
fn call_native(
    vm: &mut Vm,
    t: &Trace,
    regs: &mut [u64],
    ins: &IrIns,
    dst: Ref,
    b0: usize,
) -> Option<Stop> {
    let scratch = b0 + t.max_slot as usize + 1;
    let nargs = ins.b as usize;
    vm.stack[scratch] = Value::Func(FuncId(ins.k as u32));
    for j in 0..nargs {
        let r = t.args[ins.a as usize + j];
        vm.stack[scratch + 1 + j] = boxed(t, regs, r);
    }
    let res = vm.call_native_in_trace(FuncId(ins.k as u32), scratch + 1, nargs);
    let n = match res {
        Ok(n) => n,
        // Re-executed by the interpreter, which raises the error properly.
        Err(()) => return Some(Stop::Guard(ins.snap)),
    };
    let want = ins.c as usize;
    let mut ok = true;
    for j in 0..want {
        let v = if j < n {
            vm.stack[scratch + 1 + j]
        } else {
            Value::Nil
        };
        match t.ins[dst as usize + j].ty.unbox(v) {
            Some(bits) => regs[dst as usize + j] = bits,
            None => ok = false,
        }
    }
    if !ok {
        let vals = (0..want)
            .map(|j| {
                if j < n {
                    vm.stack[scratch + 1 + j]
                } else {
                    Value::Nil
                }
            })
            .collect();
        let slot = t.args[ins.a as usize + nargs];
        let tail = ins.k & crate::jit::ir::CALLN_TAIL != 0;
        return Some(Stop::CallResults(ins.snap, slot, vals, tail));
    }
    None
}

/// `CAT`: concatenate the argument list's strings and numbers, charging the concatenation;
/// the result's payload.
#[inline]
fn concat(vm: &mut Vm, t: &Trace, regs: &[u64], ins: &IrIns) -> u64 {
    let mut buf = std::mem::take(&mut vm.jit.cat_buf);
    buf.clear();
    for j in 0..ins.b as usize {
        let v = boxed(t, regs, t.args[ins.a as usize + j]);
        vm.append_concat(v, &mut buf);
    }
    vm.charge_concat(ins.b as usize, buf.len());
    let s = vm.heap.str_value(&buf);
    vm.jit.cat_buf = buf;
    Ty::payload(s)
}
