//! Loop optimisation by copy-substitution (LuaJIT's `lj_opt_loop.c`).
//!
//! The recorded iteration becomes the peeled first iteration. It is then emitted again
//! as the loop body, every reference replaced by its counterpart from the previous
//! iteration: a slot load becomes the value the slot held at the end of the iteration.
//! Emitting through folding and CSE merges every instruction whose operands did not
//! change into the peeled copy: loop-invariant code is hoisted for free. Values that do
//! change from one iteration to the next get a PHI, moved at the back edge.

use crate::jit::ir::{IrIns, IrOp, NONE, Ref};
use crate::jit::irbuf::{Emitted, IrBuf};
use crate::jit::reason::AbortReason;
use crate::jit::snap::Snapshot;

/// The loop structure `peel` produced.
#[derive(Clone, Debug)]
pub struct Peeled {
    /// Index of the `LOOP` instruction.
    pub loop_ref: Ref,
    /// `(target, source)` moves at the back edge.
    pub phis: Vec<(Ref, Ref)>,
    /// Slot map at the back edge (end of a body iteration).
    pub back_slots: Vec<(u32, Ref)>,
}

/// Peel the recorded iteration in `buf` whose slot map at the loop's end is `final_slots`.
pub fn peel(buf: &mut IrBuf, final_slots: &[Ref]) -> Result<Peeled, AbortReason> {
    let n = buf.ins.len();
    let loop_ref = buf.push(IrIns::new(IrOp::Loop, crate::jit::ir::Ty::Nil, NONE, NONE));
    let mut subst: Vec<Ref> = (0..n as Ref).collect();
    let mut snap_map: Vec<Option<u16>> = vec![None; buf.snaps.len()];
    let final_entries: Vec<(u32, Ref)> = final_slots
        .iter()
        .enumerate()
        .filter(|(_, r)| **r != NONE)
        .map(|(s, r)| (s as u32, *r))
        .collect();
    for i in 0..n {
        let ins = buf.ins[i];
        if ins.is_const() || ins.op == IrOp::Nop {
            continue;
        }
        if ins.op == IrOp::SLoad {
            let slot = ins.a as usize;
            let m = final_slots.get(slot).copied().unwrap_or(NONE);
            if m != NONE {
                if buf.ty(m) != ins.ty {
                    return Err(AbortReason::TypeInstability);
                }
                subst[i] = m;
            }
            continue;
        }
        let mut new = ins.map_refs(&mut buf.args, |r| subst[r as usize]);
        if ins.op.is_guard() {
            new.snap = match snap_map[ins.snap as usize] {
                Some(x) => x,
                None => {
                    let old = &buf.snaps[ins.snap as usize];
                    let snap = subst_snap(old, &final_entries, &subst);
                    buf.snaps.push(snap);
                    let x = (buf.snaps.len() - 1) as u16;
                    snap_map[ins.snap as usize] = Some(x);
                    x
                }
            };
        }
        let r = if ins.op.has_side_effect() {
            buf.push(new)
        } else {
            match buf.emit(new) {
                Emitted::Value(r) => r,
                Emitted::Redundant => continue,
                Emitted::AlwaysFails => return Err(AbortReason::TypeInstability),
            }
        };
        subst[i] = r;
    }
    // The body's values as of the back edge.
    let back_slots: Vec<(u32, Ref)> = final_entries
        .iter()
        .map(|&(slot, r)| (slot, subst[r as usize]))
        .collect();
    // Every peeled value the body reads (or that stays live across the back edge) and
    // that changes per iteration gets a PHI.
    let mut used = vec![false; n];
    let mut mark = |r: Ref| {
        if r != NONE && (r as usize) < n {
            used[r as usize] = true;
        }
    };
    for ins in &buf.ins[loop_ref as usize + 1..] {
        ins.refs(&buf.args).for_each(&mut mark);
    }
    for snap in &buf.snaps[snap_map.len()..] {
        snap.entries.iter().for_each(|&(_, r)| mark(r));
    }
    for &(_, r) in &final_entries {
        mark(r);
    }
    let phis: Vec<(Ref, Ref)> = (0..n)
        .filter(|&r| used[r] && subst[r] != r as Ref && !buf.ins[r].is_const())
        .map(|r| (r as Ref, subst[r]))
        .collect();
    if phis.len() > 255 {
        return Err(AbortReason::TraceTooLong);
    }
    Ok(Peeled {
        loop_ref,
        phis,
        back_slots,
    })
}

/// A peeled snapshot translated into the body: the loop-carried slot values, overlaid
/// with the snapshot's own (substituted) entries.
fn subst_snap(old: &Snapshot, carried: &[(u32, Ref)], subst: &[Ref]) -> Snapshot {
    let mut entries: Vec<(u32, Ref)> = carried.to_vec();
    for &(slot, r) in &old.entries {
        let r = subst[r as usize];
        match entries.binary_search_by_key(&slot, |e| e.0) {
            Ok(i) => entries[i].1 = r,
            Err(i) => entries.insert(i, (slot, r)),
        }
    }
    Snapshot {
        pc: old.pc,
        frames: old.frames.clone(),
        entries,
        base_func: old.base_func.clone(),
        mret_top: old.mret_top,
    }
}
