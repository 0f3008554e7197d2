//! Dead-code elimination (LuaJIT's `lj_opt_dce.c`): pure instructions whose values no
//! guard, store, snapshot or PHI needs are removed.

use crate::jit::ir::{IrOp, NONE, Ref};
use crate::jit::irbuf::IrBuf;

/// Remove dead instructions (turned into `NOP`); returns how many.
pub fn dce(buf: &mut IrBuf, phis: &[(Ref, Ref)], extra_roots: &[Ref]) -> usize {
    let n = buf.ins.len();
    let mut live = vec![false; n];
    let mark = |live: &mut Vec<bool>, r: Ref| {
        if r != NONE {
            live[r as usize] = true;
        }
    };
    for snap in &buf.snaps {
        for &(_, r) in &snap.entries {
            mark(&mut live, r);
        }
    }
    for &(a, b) in phis {
        mark(&mut live, a);
        mark(&mut live, b);
    }
    for &r in extra_roots {
        mark(&mut live, r);
    }
    for i in (0..n).rev() {
        let ins = buf.ins[i];
        if ins.op.is_guard() || ins.op.has_side_effect() {
            live[i] = true;
        }
        if !live[i] {
            continue;
        }
        ins.refs(&buf.args).for_each(|r| mark(&mut live, r));
    }
    let mut removed = 0;
    for (i, ins) in buf.ins.iter_mut().enumerate() {
        if !live[i] && !ins.is_const() && ins.op != IrOp::Nop {
            ins.op = IrOp::Nop;
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jit::ir::{IrIns, Ty, tests::sample};

    #[test]
    fn every_reference_an_op_reads_stays_live() {
        for &op in IrOp::ALL {
            // Four removable values; the op reads some of them as its modes say (operand
            // fields 0, 1, 2, the argument list [3], its result slot 2), and is a root.
            let mut buf = IrBuf::default();
            for _ in 0..4 {
                buf.ins.push(IrIns::new(IrOp::Fn, Ty::Func, NONE, NONE));
            }
            buf.args = vec![3, 2];
            let ins = sample(op, [0, 1, 2], 1);
            buf.ins.push(ins);
            let read: Vec<Ref> = ins.refs(&buf.args).collect();
            dce(&mut buf, &[], &[4]);
            for r in 0..4 {
                let kept = buf.ins[r as usize].op != IrOp::Nop;
                assert_eq!(kept, read.contains(&r), "{op:?}: value {r}");
            }
        }
    }
}
