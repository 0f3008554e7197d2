//! Runtime errors: the Lua error value being thrown, and LuaJIT-style descriptions of the
//! variable an error is about ("local 'x'", "global 'f'", "field 'k'", "method 'm'").

use crate::heap::Heap;
use crate::op::Op;
use crate::proto::Proto;
use crate::value::Value;

/// How a bounded run was stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// `--max-instructions` was reached.
    Instructions(u64),
    /// `--max-virtual-time` was reached (ns).
    VirtualTime(u64),
}

/// A Lua error in flight. `pcall` catches [`LuaError::Error`]; limits are not catchable.
#[derive(Clone, Copy, Debug)]
pub enum LuaError {
    /// `error(value)` or a runtime error (the value is then a `chunk:line: message` string).
    Error(Value),
    /// A run bound was hit: the program is stopped, not in error.
    Limit(Limit),
    /// `os.exit(code)`.
    Exit(i32),
}

/// Describe register `reg` as LuaJIT names it in error messages, from the bytecode that
/// last wrote it before `pc` (the erroring instruction).
pub fn describe_reg(heap: &Heap, proto: &Proto, pc: usize, reg: u8) -> Option<String> {
    if let Some(name) = proto.local_name(reg, pc) {
        if !name.starts_with('(') {
            return Some(format!("local '{name}'"));
        }
        return None;
    }
    // Find the last straight-line write of `reg` before pc.
    let mut i = pc;
    while i > 0 {
        i -= 1;
        let ins = proto.code[i];
        if writes_reg(ins.op) && ins.a == reg {
            return match ins.op {
                Op::Gget => Some(format!(
                    "global '{}'",
                    str_const(heap, proto, ins.d() as usize)?
                )),
                Op::Uget => proto
                    .upvals
                    .get(ins.d() as usize)
                    .map(|(_, n)| format!("upvalue '{n}'")),
                Op::Tgets => {
                    let name = str_const(heap, proto, ins.c as usize)?;
                    let is_method = ins.b == ins.a.wrapping_add(1)
                        && i > 0
                        && proto.code[i - 1].op == Op::Mov
                        && proto.code[i - 1].a == ins.b;
                    Some(if is_method {
                        format!("method '{name}'")
                    } else {
                        format!("field '{name}'")
                    })
                }
                Op::Mov => {
                    let src = ins.d() as u8;
                    proto
                        .local_name(src, i)
                        .filter(|n| !n.starts_with('('))
                        .map(|n| format!("local '{n}'"))
                }
                _ => None,
            };
        }
        if matches!(
            ins.op,
            Op::Jmp | Op::Fori | Op::Forl | Op::Iterl | Op::Loop | Op::Uclo
        ) {
            // Control flow merges here: give up rather than guess.
            if !matches!(ins.op, Op::Loop) {
                return None;
            }
        }
    }
    None
}

fn str_const(heap: &Heap, proto: &Proto, k: usize) -> Option<String> {
    let id = *proto.strs.get(k)?;
    Some(String::from_utf8_lossy(heap.str(id)).into_owned())
}

fn writes_reg(op: Op) -> bool {
    !matches!(
        op,
        Op::Islt
            | Op::Isge
            | Op::Isle
            | Op::Isgt
            | Op::Iseqv
            | Op::Isnev
            | Op::Iseqs
            | Op::Isnes
            | Op::Iseqn
            | Op::Isnen
            | Op::Iseqp
            | Op::Isnep
            | Op::Ist
            | Op::Isf
            | Op::Uset
            | Op::Gset
            | Op::Tsetv
            | Op::Tsets
            | Op::Tsetb
            | Op::Tsetm
            | Op::Ret
            | Op::Ret0
            | Op::Ret1
            | Op::Retm
            | Op::Jmp
            | Op::Uclo
            | Op::Loop
            | Op::Funcf
            | Op::Funcv
    )
}
