//! Constant folding and algebraic simplification (LuaJIT's `lj_opt_fold.c`, a small
//! subset): arithmetic on constants, identities that hold for every double, and guards
//! whose outcome is known.

use crate::jit::ir::{IrIns, IrOp, Ref};
use crate::jit::irbuf::IrBuf;

/// The result of folding one instruction.
#[derive(Clone, Copy, Debug)]
pub enum Folded {
    /// Emit this (possibly rewritten) instruction.
    Ins(IrIns),
    /// The instruction is this constant.
    Const(IrIns),
    /// The instruction is equal to an existing value.
    Ref(Ref),
    /// A guard that always holds.
    True,
    /// A guard that never holds.
    False,
}

/// Fold `ins` against the constants already in `buf`.
// `not (x < y)` is meant: it holds for NaN operands.
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub fn fold(buf: &IrBuf, ins: IrIns) -> Folded {
    let num = |r: Ref| -> Option<f64> {
        if r == crate::jit::ir::NONE {
            None
        } else {
            buf.get(r).num()
        }
    };
    if !matches!(
        ins.op,
        IrOp::Add
            | IrOp::Sub
            | IrOp::Mul
            | IrOp::Div
            | IrOp::Mod
            | IrOp::Pow
            | IrOp::Neg
            | IrOp::Lt
            | IrOp::NotLt
            | IrOp::Le
            | IrOp::NotLe
            | IrOp::Eq
            | IrOp::Ne
    ) {
        // Other operands may be slots or counts, not references.
        return Folded::Ins(ins);
    }
    let (ka, kb) = (num(ins.a), num(ins.b));
    if let Some(op) = ins.op.binary_arith() {
        if let (Some(x), Some(y)) = (ka, kb) {
            return Folded::Const(konst(op.apply(x, y)));
        }
        // x * 1 and x / 1 are x for every double (NaN, infinities and -0 included).
        if matches!(ins.op, IrOp::Mul | IrOp::Div) && kb == Some(1.0) {
            return Folded::Ref(ins.a);
        }
        if ins.op == IrOp::Mul && ka == Some(1.0) {
            return Folded::Ref(ins.b);
        }
        // x - 0 is x (but x + 0 is not: -0 + 0 = 0).
        if ins.op == IrOp::Sub && kb == Some(0.0) {
            return Folded::Ref(ins.a);
        }
        return Folded::Ins(ins);
    }
    match ins.op {
        IrOp::Neg => match ka {
            Some(x) => Folded::Const(konst(-x)),
            None if buf.get(ins.a).op == IrOp::Neg => Folded::Ref(buf.get(ins.a).a),
            None => Folded::Ins(ins),
        },
        IrOp::Lt | IrOp::NotLt | IrOp::Le | IrOp::NotLe => match (ka, kb) {
            (Some(x), Some(y)) => {
                let holds = match ins.op {
                    IrOp::Lt => x < y,
                    IrOp::NotLt => !(x < y),
                    IrOp::Le => x <= y,
                    _ => !(x <= y),
                };
                if holds { Folded::True } else { Folded::False }
            }
            _ => Folded::Ins(ins),
        },
        IrOp::Eq | IrOp::Ne => {
            let (a, b) = (buf.get(ins.a), buf.get(ins.b));
            if a.is_const() && b.is_const() {
                let eq = match (a.num(), b.num()) {
                    (Some(x), Some(y)) => x == y,
                    _ => a.k == b.k && a.ty == b.ty,
                };
                if eq == (ins.op == IrOp::Eq) {
                    Folded::True
                } else {
                    Folded::False
                }
            } else if ins.a == ins.b && a.ty != crate::jit::ir::Ty::Num {
                // The same non-number value is equal to itself (NaN is not).
                if ins.op == IrOp::Eq {
                    Folded::True
                } else {
                    Folded::False
                }
            } else {
                Folded::Ins(ins)
            }
        }
        _ => Folded::Ins(ins),
    }
}

fn konst(n: f64) -> IrIns {
    IrIns {
        k: n.to_bits(),
        ..IrIns::new(
            IrOp::KNum,
            crate::jit::ir::Ty::Num,
            crate::jit::ir::NONE,
            crate::jit::ir::NONE,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jit::ir::{NONE, Ty};
    use crate::jit::irbuf::Emitted;

    #[test]
    fn folds_constants_and_identities() {
        let mut b = IrBuf::default();
        let two = b.knum(2.0);
        let three = b.knum(3.0);
        let x = b.push(IrIns::new(IrOp::SLoad, Ty::Num, 0, NONE));
        let Emitted::Value(r) = b.emit(IrIns::new(IrOp::Add, Ty::Num, two, three)) else {
            panic!()
        };
        assert_eq!(b.get(r).num(), Some(5.0));
        let one = b.knum(1.0);
        assert_eq!(
            b.emit(IrIns::new(IrOp::Mul, Ty::Num, x, one)),
            Emitted::Value(x)
        );
        assert_eq!(
            b.emit(IrIns::new(IrOp::Lt, Ty::Nil, two, three)),
            Emitted::Redundant
        );
        assert_eq!(
            b.emit(IrIns::new(IrOp::Lt, Ty::Nil, three, two)),
            Emitted::AlwaysFails
        );
    }

    #[test]
    fn cse_merges_pure_ops_and_guards() {
        let mut b = IrBuf::default();
        let x = b.push(IrIns::new(IrOp::SLoad, Ty::Num, 0, NONE));
        let y = b.push(IrIns::new(IrOp::SLoad, Ty::Num, 1, NONE));
        let s1 = b.emit(IrIns::new(IrOp::Add, Ty::Num, x, y));
        let s2 = b.emit(IrIns::new(IrOp::Add, Ty::Num, x, y));
        assert_eq!(s1, s2);
        assert!(matches!(
            b.emit(IrIns::new(IrOp::Lt, Ty::Nil, x, y)),
            Emitted::Value(_)
        ));
        assert_eq!(
            b.emit(IrIns::new(IrOp::Lt, Ty::Nil, x, y)),
            Emitted::Redundant
        );
    }
}
