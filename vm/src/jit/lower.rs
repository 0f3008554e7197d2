//! Lowering: an optimised IR buffer -> the executor's form, a [`Trace`] (where LuaJIT
//! assembles machine code, `lj_asm.c`): live instructions in order with their
//! destination registers, the loop body's start, constants preloaded into registers,
//! the stack slots the trace touches, and per-exit counters and links.

use super::Link;
use super::StartKind;
use super::ir::{IrIns, IrOp, NONE, Ref, Ty};
use super::irbuf::IrBuf;
use super::record::Recorder;
use super::trace::{ExecIns, Trace};
use std::cell::Cell;

/// Turn an optimised IR buffer into an executable trace.
pub(super) fn lower(
    rec: &Recorder,
    buf: IrBuf,
    link: Link,
    phis: Vec<(Ref, Ref)>,
    final_snap: u16,
    loop_ref: Option<Ref>,
) -> Trace {
    let no = rec.no;
    let mut code = Vec::new();
    let mut consts = Vec::new();
    let mut loop_at = None;
    let mut max_slot = 0u32;
    for (i, ins) in buf.ins.iter().enumerate() {
        let r = i as Ref;
        if ins.is_const() {
            consts.push((r, ins.k));
            continue;
        }
        if Some(r) == loop_ref {
            loop_at = Some(code.len());
            continue;
        }
        if ins.op == IrOp::Nop {
            continue;
        }
        if ins.op == IrOp::SLoad {
            max_slot = max_slot.max(ins.a);
        }
        let mut ins = *ins;
        if matches!(ins.op, IrOp::Eq | IrOp::Ne) {
            ins.ty = buf.ins[ins.a as usize].ty;
        }
        code.push(ExecIns {
            dst: r,
            ins,
            hint: Cell::new(0),
        });
    }
    // The sentinel: end of the trace or the loop's back edge.
    code.push(ExecIns {
        dst: 0,
        ins: IrIns::new(IrOp::Loop, Ty::Nil, NONE, NONE),
        hint: Cell::new(0),
    });
    for s in &buf.snaps {
        if let Some(&(slot, _)) = s.entries.last() {
            max_slot = max_slot.max(slot);
        }
        for f in s.frames.iter() {
            max_slot = max_slot.max(f.base + u32::from(f.proto.max_stack));
        }
    }
    let nsnaps = buf.snaps.len();
    let root = match rec.kind {
        StartKind::Side { root, .. } => root,
        _ => no,
    };
    let site = match rec.kind {
        StartKind::Side { .. } => 0,
        _ => rec.proto0.pc_addr(rec.start_pc + 1),
    };
    let mut regs = vec![0u64; buf.ins.len()];
    for &(r, bits) in &consts {
        regs[r as usize] = bits;
    }
    Trace {
        no,
        kind: rec.kind,
        link: if link == Link::Loop { Link::Loop } else { link },
        proto: rec.proto0.clone(),
        start_pc: rec.start_pc,
        site,
        ins: buf.ins,
        code,
        loop_at,
        phis,
        snaps: buf.snaps,
        args: buf.args,
        retf: buf.retf,
        consts,
        final_snap,
        max_slot: max_slot + 1,
        counts: (0..nsnaps).map(|_| Cell::new(0)).collect(),
        links: (0..nsnaps).map(|_| Cell::new(0)).collect(),
        area: 0,
        mcode_bytes: 0,
        root,
        regs: std::cell::RefCell::new(regs),
    }
}
