//! Recording table accesses (LuaJIT's `lj_record_idx` in `lj_record.c`): new tables,
//! global and table reads (following `__index` tables through whatever metatable each
//! object has, as LuaJIT's `lj_record_idx` and `lj_record_mm_lookup`)
//! and raw writes.

use super::{Bc, R, Recorder};
use crate::interp::Vm;
use crate::jit::ir::{IrIns, IrOp, NONE, Ref, Ty};
use crate::jit::reason::AbortReason;
use crate::op::Op;
use crate::proto::Proto;
use crate::value::{TableId, Value};

impl Recorder {
    /// Table creation, global and table reads and writes.
    pub(super) fn record_table(&mut self, vm: &Vm, proto: &Proto, bc: Bc) -> R<()> {
        let (ins, pc, ra, rb, rc) = (bc.ins, bc.pc, bc.ra(), bc.rb(), bc.rc());
        match ins.op {
            Op::Tnew => {
                let r = self.buf.push(IrIns {
                    k: u64::from(ins.d()) << 32,
                    ..IrIns::new(IrOp::TNew, Ty::Table, NONE, NONE)
                });
                self.set_abs(ra, r);
            }
            Op::Tdup => {
                let r = self.buf.push(IrIns {
                    k: u64::from(proto.tabs[ins.d() as usize].0),
                    ..IrIns::new(IrOp::TDup, Ty::Table, NONE, NONE)
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
            _ => unreachable!("record_table: {:?}", ins.op),
        }
        Ok(())
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
            // As LuaJIT's lj_record_mm_lookup: the metatable is the one the object has
            // (TMETA guards only that there is one), `__index` is looked up in it, and an
            // `__index` table is searched as it is found (lj_record_idx's retry with the
            // metaobject). No guard on either table's identity, so one trace serves
            // objects that each have their own metatable.
            let kidx = self.kvalue(Value::Str(vm.names.index));
            let h = vm.heap.table(mt).get_str(vm.names.index);
            let xh = self.value(pc, IrIns::new(IrOp::TGet, Ty::of(h), xm, kidx))?;
            match h {
                Value::Nil => return Ok(r),
                Value::Table(next) => {
                    t = next;
                    xt = xh;
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
}
