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
        match ins.op {
            IrOp::CallN | IrOp::Cat => {
                for j in 0..ins.b as usize {
                    let r = buf.args[ins.a as usize + j];
                    mark(&mut live, r);
                }
            }
            _ => ins.operands().for_each(|r| mark(&mut live, r)),
        }
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
