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

/// The instruction being verified, and the rules its operands must keep.
struct Rules<'a> {
    p: &'a Proto,
    pc: usize,
    ins: Ins,
}

impl Rules<'_> {
    /// Operands A, B, C and D.
    fn fields(&self) -> (usize, usize, usize, usize) {
        let i = self.ins;
        (i.a as usize, i.b as usize, i.c as usize, i.d() as usize)
    }

    fn reg(&self, r: usize) -> Result<(), &'static str> {
        if r < self.p.max_stack as usize {
            Ok(())
        } else {
            Err("register out of range")
        }
    }

    fn num(&self, k: usize) -> Result<(), &'static str> {
        if k < self.p.nums.len() {
            Ok(())
        } else {
            Err("number constant out of range")
        }
    }

    fn str_(&self, k: usize) -> Result<(), &'static str> {
        if k < self.p.strs.len() {
            Ok(())
        } else {
            Err("string constant out of range")
        }
    }

    fn jump(&self) -> Result<(), &'static str> {
        let t = self.pc as i64 + 1 + self.ins.jump() as i64;
        if t >= 0 && (t as usize) < self.p.code.len() {
            Ok(())
        } else {
            Err("jump out of range")
        }
    }

    fn then_jmp(&self) -> Result<(), &'static str> {
        match self.p.code.get(self.pc + 1) {
            Some(j) if j.op == Op::Jmp => Ok(()),
            _ => Err("a comparison must be followed by JMP"),
        }
    }
}

/// Check one instruction's operands: the data ops here, calls, returns and control
/// flow in [`check_control`].
fn check(p: &Proto, pc: usize, ins: Ins) -> Result<(), &'static str> {
    let k = Rules { p, pc, ins };
    let slots = p.max_stack as usize;
    let (a, b, c, d) = k.fields();
    match ins.op {
        Op::Islt | Op::Isge | Op::Isle | Op::Isgt | Op::Iseqv | Op::Isnev | Op::Istc | Op::Isfc => {
            k.reg(a)?;
            k.reg(d)?;
            k.then_jmp()
        }
        Op::Iseqs | Op::Isnes => {
            k.reg(a)?;
            k.str_(d)?;
            k.then_jmp()
        }
        Op::Iseqn | Op::Isnen => {
            k.reg(a)?;
            k.num(d)?;
            k.then_jmp()
        }
        Op::Iseqp | Op::Isnep => {
            k.reg(a)?;
            if d > 2 {
                return Err("primitive out of range");
            }
            k.then_jmp()
        }
        Op::Ist | Op::Isf => {
            k.reg(d)?;
            k.then_jmp()
        }
        Op::Mov | Op::Not | Op::Unm | Op::Len => {
            k.reg(a)?;
            k.reg(d)
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
            k.reg(a)?;
            k.reg(b)?;
            k.num(c)
        }
        Op::Addvv
        | Op::Subvv
        | Op::Mulvv
        | Op::Divvv
        | Op::Modvv
        | Op::Pow
        | Op::Tgetv
        | Op::Tsetv => {
            k.reg(a)?;
            k.reg(b)?;
            k.reg(c)
        }
        Op::Cat => {
            k.reg(a)?;
            k.reg(c)?;
            if b > c {
                Err("empty concatenation range")
            } else {
                Ok(())
            }
        }
        Op::Kstr | Op::Gget | Op::Gset => {
            k.reg(a)?;
            k.str_(d)
        }
        Op::Knum => {
            k.reg(a)?;
            k.num(d)
        }
        Op::Kpri => {
            k.reg(a)?;
            if d > 2 {
                Err("primitive out of range")
            } else {
                Ok(())
            }
        }
        Op::Knil => {
            k.reg(d)?;
            if a > d {
                Err("empty nil range")
            } else {
                Ok(())
            }
        }
        Op::Uget => {
            k.reg(a)?;
            if d < p.upvals.len() {
                Ok(())
            } else {
                Err("upvalue out of range")
            }
        }
        Op::Uset => {
            k.reg(d)?;
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
            k.jump()
        }
        Op::Fnew => {
            k.reg(a)?;
            if d < p.children.len() {
                Ok(())
            } else {
                Err("prototype out of range")
            }
        }
        Op::Tnew => k.reg(a),
        Op::Tdup => {
            k.reg(a)?;
            if d < p.tabs.len() {
                Ok(())
            } else {
                Err("template table out of range")
            }
        }
        Op::Tgets | Op::Tsets => {
            k.reg(a)?;
            k.reg(b)?;
            k.str_(c)
        }
        Op::Tgetb | Op::Tsetb => {
            k.reg(a)?;
            k.reg(b)
        }
        Op::Tsetm => {
            if a == 0 {
                Err("TSETM needs its table below A")
            } else {
                k.reg(a)
            }
        }
        Op::Call
        | Op::Callm
        | Op::Callt
        | Op::Callmt
        | Op::Iterc
        | Op::Varg
        | Op::Retm
        | Op::Ret
        | Op::Ret1
        | Op::Ret0
        | Op::Funcf
        | Op::Funcv
        | Op::Fori
        | Op::Forl
        | Op::Iterl
        | Op::Loop
        | Op::Jmp => check_control(&k),
    }
}

/// Check the operands of a call, return, function header, loop or jump.
fn check_control(k: &Rules) -> Result<(), &'static str> {
    let (a, b, c, d) = k.fields();
    match k.ins.op {
        Op::Call | Op::Callm => {
            k.reg(a)?;
            if c == 0 {
                return Err("argument count out of range");
            }
            k.reg(a + c - 1)?;
            if b > 0 {
                k.reg((a + b).saturating_sub(2).max(a))
            } else {
                Ok(())
            }
        }
        Op::Callt | Op::Callmt => {
            if d == 0 {
                return Err("argument count out of range");
            }
            k.reg(a + d - 1)
        }
        Op::Iterc => {
            if a < 3 {
                return Err("ITERC needs its generator below A");
            }
            k.reg(a + 2)?;
            if b > 0 {
                k.reg((a + b).saturating_sub(2).max(a))
            } else {
                Err("ITERC needs a result count")
            }
        }
        Op::Varg => {
            k.reg(a)?;
            if b > 0 {
                k.reg((a + b).saturating_sub(2).max(a))
            } else {
                Ok(())
            }
        }
        Op::Retm => k.reg(a + d.saturating_sub(1)).or(if d == 0 {
            k.reg(a)
        } else {
            Err("register out of range")
        }),
        Op::Ret => {
            if d == 0 {
                return Err("result count out of range");
            }
            k.reg((a + d).saturating_sub(2).max(a))
        }
        Op::Ret1 => k.reg(a),
        Op::Ret0 | Op::Funcf | Op::Funcv => Ok(()),
        Op::Fori | Op::Forl => {
            k.reg(a + 3)?;
            k.jump()
        }
        Op::Iterl => {
            if a == 0 {
                return Err("ITERL needs its control variable below A");
            }
            k.reg(a)?;
            k.jump()
        }
        Op::Loop => k.jump(),
        Op::Jmp => k.jump(),
        op => unreachable!("check_control: {}", op.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op::JUMP_BIAS;
    use crate::value::StrId;
    use std::rc::Rc;

    /// A fixed-argument prototype with 8 registers, one number and one string constant,
    /// no upvalues and no children, running `code` as is.
    fn proto(code: Vec<Ins>) -> Proto {
        Proto {
            lines: vec![1; code.len()],
            ic: code.iter().map(|_| std::cell::Cell::new(0)).collect(),
            code,
            nums: vec![1.0],
            strs: vec![StrId(0)],
            tabs: Vec::new(),
            children: Vec::new(),
            upvals: Vec::new(),
            locals: Vec::new(),
            num_params: 0,
            is_vararg: false,
            max_stack: 8,
            chunk: Rc::from("t"),
            line_defined: 0,
            addr: 0,
            closures: std::cell::Cell::new(0),
        }
    }

    /// `body` between a `FUNCF` header and a `RET0`, verified.
    fn verify_body(body: &[Ins]) -> Result<(), VerifyError> {
        let mut code = vec![Ins::ad(Op::Funcf, 0, 0)];
        code.extend_from_slice(body);
        code.push(Ins::ad(Op::Ret0, 0, 1));
        verify(&proto(code))
    }

    /// The rule `body`'s first instruction (at pc 1) breaks.
    fn broken(body: &[Ins]) -> &'static str {
        let e = verify_body(body).expect_err("must be rejected");
        assert_eq!(e.pc, 1, "{e}");
        assert_eq!(e.op, body[0].op.name(), "{e}");
        e.what
    }

    /// Each body's first instruction breaks the rule named beside it.
    fn rejects(cases: &[(&[Ins], &str)]) {
        for (body, want) in cases {
            assert_eq!(broken(body), *want, "{}", body[0].op.name());
        }
    }

    /// A jump by `off` instructions (relative to the next one).
    fn jmp(off: i32) -> Ins {
        Ins::ad(Op::Jmp, 0, (JUMP_BIAS + off) as u16)
    }

    #[test]
    fn accepts_well_formed_code() {
        assert_eq!(verify_body(&[]), Ok(()));
        assert_eq!(
            verify_body(&[
                Ins::ad(Op::Knum, 0, 0),
                Ins::ad(Op::Kstr, 1, 0),
                Ins::ad(Op::Islt, 0, 0),
                jmp(0),
                Ins::abc(Op::Addvv, 2, 0, 0),
            ]),
            Ok(())
        );
    }

    #[test]
    fn jumps_to_either_end_of_the_code_are_accepted() {
        // Code is FUNCF, the jump, RET0: targets 0..=2 are inside.
        assert_eq!(verify_body(&[jmp(-2)]), Ok(()));
        assert_eq!(verify_body(&[jmp(0)]), Ok(()));
    }

    /// Every operand and control rule, each shown to fire on bytecode that breaks it.
    #[test]
    fn each_rule_fires() {
        let no_jmp = "a comparison must be followed by JMP";
        rejects(&[
            // register out of frame
            (&[Ins::ad(Op::Mov, 8, 0)], "register out of range"),
            (&[Ins::ad(Op::Mov, 0, 8)], "register out of range"),
            (&[Ins::abc(Op::Addvv, 0, 1, 9)], "register out of range"),
            // The last argument of a call, the top of a numeric for's registers.
            (&[Ins::abc(Op::Call, 6, 1, 3)], "register out of range"),
            (&[Ins::ad(Op::Fori, 5, 0)], "register out of range"),
            (&[Ins::ad(Op::Ret, 7, 3)], "register out of range"),
            (&[Ins::ad(Op::Retm, 7, 2)], "register out of range"),
            (&[Ins::ad(Op::Uclo, 9, 0)], "register out of range"),
            // constant out of range
            (&[Ins::ad(Op::Knum, 0, 1)], "number constant out of range"),
            (
                &[Ins::abc(Op::Addvn, 0, 0, 1)],
                "number constant out of range",
            ),
            (&[Ins::ad(Op::Kstr, 0, 1)], "string constant out of range"),
            (&[Ins::ad(Op::Gget, 0, 1)], "string constant out of range"),
            (
                &[Ins::abc(Op::Tgets, 0, 1, 1)],
                "string constant out of range",
            ),
            (&[Ins::ad(Op::Kpri, 0, 3)], "primitive out of range"),
            // jump target out of range
            (&[jmp(-3)], "jump out of range"),
            (&[jmp(1)], "jump out of range"),
            (
                &[Ins::ad(Op::Loop, 0, (JUMP_BIAS + 5) as u16)],
                "jump out of range",
            ),
            // comparison without jmp
            (&[Ins::ad(Op::Islt, 0, 1)], no_jmp),
            (&[Ins::ad(Op::Iseqs, 0, 0)], no_jmp),
            (&[Ins::ad(Op::Iseqn, 0, 0)], no_jmp),
            (&[Ins::ad(Op::Iseqp, 0, 0)], no_jmp),
            (&[Ins::ad(Op::Ist, 0, 0)], no_jmp),
            // Checked operands first.
            (
                &[Ins::ad(Op::Iseqs, 0, 1), jmp(0)],
                "string constant out of range",
            ),
            (
                &[Ins::ad(Op::Iseqp, 0, 3), jmp(0)],
                "primitive out of range",
            ),
            // empty ranges
            (&[Ins::abc(Op::Cat, 0, 2, 1)], "empty concatenation range"),
            (&[Ins::ad(Op::Knil, 2, 1)], "empty nil range"),
            // upvalue and prototype out of range
            (&[Ins::ad(Op::Uget, 0, 0)], "upvalue out of range"),
            (&[Ins::ad(Op::Uset, 0, 0)], "upvalue out of range"),
            (&[Ins::ad(Op::Fnew, 0, 0)], "prototype out of range"),
            // operands below a
            (&[Ins::ad(Op::Tsetm, 0, 0)], "TSETM needs its table below A"),
            (
                &[Ins::abc(Op::Iterc, 2, 2, 3)],
                "ITERC needs its generator below A",
            ),
            (
                &[Ins::ad(Op::Iterl, 0, JUMP_BIAS as u16)],
                "ITERL needs its control variable below A",
            ),
            // counts out of range
            (
                &[Ins::abc(Op::Call, 0, 1, 0)],
                "argument count out of range",
            ),
            (
                &[Ins::abc(Op::Callm, 0, 1, 0)],
                "argument count out of range",
            ),
            (&[Ins::ad(Op::Callt, 0, 0)], "argument count out of range"),
            (
                &[Ins::abc(Op::Iterc, 3, 0, 3)],
                "ITERC needs a result count",
            ),
            (&[Ins::ad(Op::Ret, 0, 0)], "result count out of range"),
        ]);
    }

    #[test]
    fn code_running_off_its_end() {
        let e = verify(&proto(vec![
            Ins::ad(Op::Funcf, 0, 0),
            Ins::ad(Op::Mov, 0, 1),
        ]))
        .expect_err("must be rejected");
        assert_eq!((e.pc, e.op, e.what), (1, "end", "code can run off its end"));
    }

    #[test]
    fn missing_function_header() {
        let e = verify(&proto(vec![Ins::ad(Op::Ret0, 0, 1)])).expect_err("must be rejected");
        assert_eq!(
            (e.pc, e.op, e.what),
            (0, "start", "missing function header")
        );
        // A vararg function starts with FUNCV.
        let mut p = proto(vec![Ins::ad(Op::Funcf, 0, 0), Ins::ad(Op::Ret0, 0, 1)]);
        p.is_vararg = true;
        let e = verify(&p).expect_err("must be rejected");
        assert_eq!(e.what, "missing function header");
    }

    #[test]
    fn nested_prototypes_are_verified() {
        let bad = proto(vec![
            Ins::ad(Op::Funcf, 0, 0),
            Ins::ad(Op::Mov, 8, 0),
            Ins::ad(Op::Ret0, 0, 1),
        ]);
        let mut p = proto(vec![
            Ins::ad(Op::Funcf, 0, 0),
            Ins::ad(Op::Fnew, 0, 0),
            Ins::ad(Op::Ret0, 0, 1),
        ]);
        p.children.push(Rc::new(bad));
        let e = verify(&p).expect_err("must be rejected");
        assert_eq!((e.pc, e.what), (1, "register out of range"));
    }
}
