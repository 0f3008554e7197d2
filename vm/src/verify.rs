//! The bytecode verifier: proves every operand of every instruction in range before a
//! prototype may run, so the interpreter can address registers and code without bounds
//! checks. A failure is a compiler bug, reported as an error rather than trusted.

use crate::op::{Ins, Op};
use crate::proto::Proto;

/// What is wrong with an instruction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bytecode verification failed at pc {pc} ({op}): {what}")]
pub struct VerifyError {
    /// The instruction index.
    pub pc: usize,
    /// Its mnemonic.
    pub op: &'static str,
    /// The broken rule.
    pub what: &'static str,
}

/// Verify `proto` and all prototypes nested in it.
pub fn verify(proto: &Proto) -> Result<(), VerifyError> {
    for (pc, ins) in proto.code.iter().enumerate() {
        check(proto, pc, *ins).map_err(|what| VerifyError {
            pc,
            op: ins.op.name(),
            what,
        })?;
    }
    match proto.code.last().map(|i| i.op) {
        Some(Op::Ret0 | Op::Ret1 | Op::Ret | Op::Retm | Op::Callt | Op::Callmt | Op::Jmp) => {}
        _ => {
            return Err(VerifyError {
                pc: proto.code.len().saturating_sub(1),
                op: "end",
                what: "code can run off its end",
            });
        }
    }
    if proto.code.first().map(|i| i.op)
        != Some(if proto.is_vararg {
            Op::Funcv
        } else {
            Op::Funcf
        })
    {
        return Err(VerifyError {
            pc: 0,
            op: "start",
            what: "missing function header",
        });
    }
    proto.children.iter().try_for_each(|c| verify(c))
}

fn check(p: &Proto, pc: usize, ins: Ins) -> Result<(), &'static str> {
    let slots = p.max_stack as usize;
    let (a, b, c, d) = (
        ins.a as usize,
        ins.b as usize,
        ins.c as usize,
        ins.d() as usize,
    );
    let reg = |r: usize| {
        if r < slots {
            Ok(())
        } else {
            Err("register out of range")
        }
    };
    let num = |k: usize| {
        if k < p.nums.len() {
            Ok(())
        } else {
            Err("number constant out of range")
        }
    };
    let str_ = |k: usize| {
        if k < p.strs.len() {
            Ok(())
        } else {
            Err("string constant out of range")
        }
    };
    let jump = || {
        let t = pc as i64 + 1 + ins.jump() as i64;
        if t >= 0 && (t as usize) < p.code.len() {
            Ok(())
        } else {
            Err("jump out of range")
        }
    };
    let then_jmp = || match p.code.get(pc + 1) {
        Some(j) if j.op == Op::Jmp => Ok(()),
        _ => Err("a comparison must be followed by JMP"),
    };
    match ins.op {
        Op::Islt | Op::Isge | Op::Isle | Op::Isgt | Op::Iseqv | Op::Isnev | Op::Istc | Op::Isfc => {
            reg(a)?;
            reg(d)?;
            then_jmp()
        }
        Op::Iseqs | Op::Isnes => {
            reg(a)?;
            str_(d)?;
            then_jmp()
        }
        Op::Iseqn | Op::Isnen => {
            reg(a)?;
            num(d)?;
            then_jmp()
        }
        Op::Iseqp | Op::Isnep => {
            reg(a)?;
            if d > 2 {
                return Err("primitive out of range");
            }
            then_jmp()
        }
        Op::Ist | Op::Isf => {
            reg(d)?;
            then_jmp()
        }
        Op::Mov | Op::Not | Op::Unm | Op::Len => {
            reg(a)?;
            reg(d)
        }
        Op::Addvn
        | Op::Subvn
        | Op::Mulvn
        | Op::Divvn
        | Op::Modvn
        | Op::Addnv
        | Op::Subnv
        | Op::Mulnv
        | Op::Divnv
        | Op::Modnv => {
            reg(a)?;
            reg(b)?;
            num(c)
        }
        Op::Addvv
        | Op::Subvv
        | Op::Mulvv
        | Op::Divvv
        | Op::Modvv
        | Op::Pow
        | Op::Tgetv
        | Op::Tsetv => {
            reg(a)?;
            reg(b)?;
            reg(c)
        }
        Op::Cat => {
            reg(a)?;
            reg(c)?;
            if b > c {
                Err("empty concatenation range")
            } else {
                Ok(())
            }
        }
        Op::Kstr | Op::Gget | Op::Gset => {
            reg(a)?;
            str_(d)
        }
        Op::Knum => {
            reg(a)?;
            num(d)
        }
        Op::Kpri => {
            reg(a)?;
            if d > 2 {
                Err("primitive out of range")
            } else {
                Ok(())
            }
        }
        Op::Knil => {
            reg(d)?;
            if a > d {
                Err("empty nil range")
            } else {
                Ok(())
            }
        }
        Op::Uget => {
            reg(a)?;
            if d < p.upvals.len() {
                Ok(())
            } else {
                Err("upvalue out of range")
            }
        }
        Op::Uset => {
            reg(d)?;
            if a < p.upvals.len() {
                Ok(())
            } else {
                Err("upvalue out of range")
            }
        }
        Op::Uclo => {
            if a > slots {
                return Err("register out of range");
            }
            jump()
        }
        Op::Fnew => {
            reg(a)?;
            if d < p.children.len() {
                Ok(())
            } else {
                Err("prototype out of range")
            }
        }
        Op::Tnew => reg(a),
        Op::Tgets | Op::Tsets => {
            reg(a)?;
            reg(b)?;
            str_(c)
        }
        Op::Tgetb | Op::Tsetb => {
            reg(a)?;
            reg(b)
        }
        Op::Tsetm => {
            if a == 0 {
                Err("TSETM needs its table below A")
            } else {
                reg(a)
            }
        }
        Op::Call | Op::Callm => {
            reg(a)?;
            if c == 0 {
                return Err("argument count out of range");
            }
            reg(a + c - 1)?;
            if b > 0 {
                reg((a + b).saturating_sub(2).max(a))
            } else {
                Ok(())
            }
        }
        Op::Callt | Op::Callmt => {
            if d == 0 {
                return Err("argument count out of range");
            }
            reg(a + d - 1)
        }
        Op::Iterc => {
            if a < 3 {
                return Err("ITERC needs its generator below A");
            }
            reg(a + 2)?;
            if b > 0 {
                reg((a + b).saturating_sub(2).max(a))
            } else {
                Err("ITERC needs a result count")
            }
        }
        Op::Varg => {
            reg(a)?;
            if b > 0 {
                reg((a + b).saturating_sub(2).max(a))
            } else {
                Ok(())
            }
        }
        Op::Retm => reg(a + d.saturating_sub(1)).or(if d == 0 {
            reg(a)
        } else {
            Err("register out of range")
        }),
        Op::Ret => {
            if d == 0 {
                return Err("result count out of range");
            }
            reg((a + d).saturating_sub(2).max(a))
        }
        Op::Ret1 => reg(a),
        Op::Ret0 | Op::Funcf | Op::Funcv => Ok(()),
        Op::Fori | Op::Forl => {
            reg(a + 3)?;
            jump()
        }
        Op::Iterl => {
            if a == 0 {
                return Err("ITERL needs its control variable below A");
            }
            reg(a)?;
            jump()
        }
        Op::Loop => jump(),
        Op::Jmp => jump(),
    }
}
