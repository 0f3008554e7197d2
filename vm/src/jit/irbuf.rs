//! The IR buffer a trace is recorded into: every emitted instruction passes through
//! constant folding and common-subexpression elimination ([`super::opt::fold`]) first,
//! as LuaJIT's `lj_ir_emit` passes through `lj_opt_fold`.

use super::ir::{IrIns, IrOp, NONE, Ref, Ty};
use super::snap::{RetTarget, Snapshot};
use rustc_hash::FxHashMap;

/// Key of an instruction for CSE: op, type, operands, immediate, and for loads the
/// store epoch (a load is only equal to an earlier one if no store came between).
type CseKey = (IrOp, Ty, Ref, Ref, Ref, u64, u32);

/// A trace's IR under construction.
#[derive(Clone, Debug, Default)]
pub struct IrBuf {
    /// The instructions; a [`Ref`] indexes this.
    pub ins: Vec<IrIns>,
    /// The snapshots guards refer to.
    pub snaps: Vec<Snapshot>,
    /// Argument lists of `CALLN` and `CAT`.
    pub args: Vec<Ref>,
    /// The frames `RETF` instructions return into.
    pub retf: Vec<RetTarget>,
    cse: FxHashMap<CseKey, Ref>,
    /// Bumped by every store; loads only merge within one epoch.
    pub epoch: u32,
}

/// What emitting an instruction produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emitted {
    /// A value (new or an existing equal one).
    Value(Ref),
    /// A guard that always holds: nothing was emitted.
    Redundant,
    /// A guard that can never hold on the recorded path.
    AlwaysFails,
}

impl IrBuf {
    /// Append `ins` without folding (for instructions that must stay as they are).
    pub fn push(&mut self, ins: IrIns) -> Ref {
        if matches!(ins.op, IrOp::TSet | IrOp::USet | IrOp::USetF | IrOp::CallN) {
            self.epoch += 1;
        }
        self.ins.push(ins);
        (self.ins.len() - 1) as Ref
    }

    /// Append a `RETF` into `target` exiting through snapshot `snap`. Slots, the first
    /// frame's closure and open-upvalue positions mean something else after it, so no
    /// instruction before it is merged with one after.
    pub fn push_retf(&mut self, snap: u16, target: RetTarget) -> Ref {
        self.retf.push(target);
        let r = self.push(IrIns {
            snap,
            k: (self.retf.len() - 1) as u64,
            ..IrIns::new(IrOp::RetF, Ty::Nil, NONE, NONE)
        });
        // Slot loads are keyed by the store epoch; the rest must go.
        self.epoch += 1;
        self.cse
            .retain(|k, _| !matches!(k.0, IrOp::Fn | IrOp::UvSlot));
        r
    }

    /// Emit `ins` through folding and CSE.
    pub fn emit(&mut self, ins: IrIns) -> Emitted {
        let ins = match super::opt::fold::fold(self, ins) {
            super::opt::fold::Folded::Ins(ins) => ins,
            super::opt::fold::Folded::Const(c) => {
                return Emitted::Value(self.konst(c));
            }
            super::opt::fold::Folded::Ref(r) => {
                return Emitted::Value(r);
            }
            super::opt::fold::Folded::True => {
                return Emitted::Redundant;
            }
            super::opt::fold::Folded::False => return Emitted::AlwaysFails,
        };
        let cseable = ins.op.is_pure()
            || ins.op.is_load()
            || (ins.op.is_guard() && !ins.op.has_side_effect());
        if cseable {
            let epoch = if ins.op.is_load() { self.epoch } else { 0 };
            let key = (ins.op, ins.ty, ins.a, ins.b, ins.c, ins.k, epoch);
            if let Some(&r) = self.cse.get(&key) {
                return if ins.op.is_guard() && !ins.op.is_load() {
                    Emitted::Redundant
                } else {
                    Emitted::Value(r)
                };
            }
            let r = self.push(ins);
            self.cse.insert(key, r);
            return Emitted::Value(r);
        }
        Emitted::Value(self.push(ins))
    }

    /// A constant (deduplicated).
    pub fn konst(&mut self, ins: IrIns) -> Ref {
        let key = (ins.op, ins.ty, NONE, NONE, NONE, ins.k, 0);
        if let Some(&r) = self.cse.get(&key) {
            return r;
        }
        let r = self.push(IrIns {
            a: NONE,
            b: NONE,
            c: NONE,
            ..ins
        });
        self.cse.insert(key, r);
        r
    }

    /// A number constant.
    pub fn knum(&mut self, n: f64) -> Ref {
        self.konst(IrIns {
            k: n.to_bits(),
            ..IrIns::new(IrOp::KNum, Ty::Num, NONE, NONE)
        })
    }

    /// A constant of type `ty` with payload `k` (string, table, function or primitive).
    pub fn kval(&mut self, ty: Ty, k: u64) -> Ref {
        match ty {
            Ty::Num => self.knum(f64::from_bits(k)),
            Ty::Nil | Ty::False | Ty::True => self.konst(IrIns::new(IrOp::KPri, ty, NONE, NONE)),
            _ => self.konst(IrIns {
                k,
                ..IrIns::new(IrOp::KGc, ty, NONE, NONE)
            }),
        }
    }

    /// The instruction at `r`.
    #[inline]
    pub fn get(&self, r: Ref) -> &IrIns {
        &self.ins[r as usize]
    }

    /// The type of the value at `r`.
    #[inline]
    pub fn ty(&self, r: Ref) -> Ty {
        self.ins[r as usize].ty
    }
}
