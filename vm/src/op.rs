//! The bytecode: a LuaJIT-style register machine with 32-bit instructions.
//!
//! An instruction is an opcode and operands A, B, C (8 bits each) or A and D (16 bits,
//! `D = B << 8 | C`). Jumps store `D` biased by 0x8000. Comparisons are followed by a
//! `JMP` taken when the comparison holds. LuaJIT's hot points are explicit ops:
//! [`Op::Forl`], [`Op::Iterl`], [`Op::Loop`] (loop weight) and [`Op::Funcf`] (call weight).
//!
//! The table in [`ops!`] is the single source of each op's name and cost class.

use crate::cost::CostClass;

macro_rules! ops {
    ($($name:ident $text:literal $class:ident: $doc:literal,)*) => {
        /// A bytecode opcode.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Op { $(#[doc = $doc] $name,)* }

        impl Op {
            /// Every opcode, in encoding order.
            pub const ALL: &'static [Op] = &[$(Op::$name,)*];
            /// The op's mnemonic as printed in listings.
            pub const fn name(self) -> &'static str {
                match self { $(Op::$name => $text,)* }
            }
            /// The cost class charged for executing this op in the interpreter.
            pub const fn cost_class(self) -> CostClass {
                match self { $(Op::$name => CostClass::$class,)* }
            }
        }
    };
}

ops! {
    Islt "ISLT" Compare: "A < D (registers); jump if true",
    Isge "ISGE" Compare: "not (A < D); jump if true",
    Isle "ISLE" Compare: "A <= D; jump if true",
    Isgt "ISGT" Compare: "not (A <= D); jump if true",
    Iseqv "ISEQV" Compare: "A == D (registers)",
    Isnev "ISNEV" Compare: "A ~= D (registers)",
    Iseqs "ISEQS" Compare: "A == string constant D",
    Isnes "ISNES" Compare: "A ~= string constant D",
    Iseqn "ISEQN" Compare: "A == number constant D",
    Isnen "ISNEN" Compare: "A ~= number constant D",
    Iseqp "ISEQP" Compare: "A == primitive D (0 nil, 1 false, 2 true)",
    Isnep "ISNEP" Compare: "A ~= primitive D",
    Istc "ISTC" Compare: "if D is true: A = D and jump",
    Isfc "ISFC" Compare: "if D is false: A = D and jump",
    Ist "IST" Compare: "jump if D is true",
    Isf "ISF" Compare: "jump if D is false",
    Mov "MOV" Move: "A = D",
    Not "NOT" Arith: "A = not D",
    Unm "UNM" Arith: "A = -D",
    Len "LEN" Len: "A = #D",
    Addvn "ADDVN" Arith: "A = B + number constant C",
    Subvn "SUBVN" Arith: "A = B - number constant C",
    Mulvn "MULVN" Arith: "A = B * number constant C",
    Divvn "DIVVN" Arith: "A = B / number constant C",
    Modvn "MODVN" Arith: "A = B % number constant C",
    Addnv "ADDNV" Arith: "A = number constant C + B",
    Subnv "SUBNV" Arith: "A = number constant C - B",
    Mulnv "MULNV" Arith: "A = number constant C * B",
    Divnv "DIVNV" Arith: "A = number constant C / B",
    Modnv "MODNV" Arith: "A = number constant C % B",
    Addvv "ADDVV" Arith: "A = B + C",
    Subvv "SUBVV" Arith: "A = B - C",
    Mulvv "MULVV" Arith: "A = B * C",
    Divvv "DIVVV" Arith: "A = B / C",
    Modvv "MODVV" Arith: "A = B % C",
    Pow "POW" Pow: "A = B ^ C",
    Cat "CAT" Concat: "A = B .. ... .. C",
    Kstr "KSTR" Move: "A = string constant D",
    Knum "KNUM" Move: "A = number constant D",
    Kpri "KPRI" Move: "A = primitive D",
    Knil "KNIL" Move: "A..D = nil",
    Uget "UGET" Upvalue: "A = upvalue D",
    Uset "USET" Upvalue: "upvalue A = D",
    Uclo "UCLO" Move: "close upvalues from slot A, then jump D",
    Fnew "FNEW" Closure: "A = closure of child prototype D",
    Tnew "TNEW" TableNew: "A = {} (D = array size | hash bits << 11, as LuaJIT's)",
    Tdup "TDUP" TableNew: "A = copy of template table D (a constructor's constant part)",
    Gget "GGET" Global: "A = _G[string constant D]",
    Gset "GSET" Global: "_G[string constant D] = A",
    Tgetv "TGETV" TableGet: "A = B[C]",
    Tgets "TGETS" TableGet: "A = B[string constant C]",
    Tgetb "TGETB" TableGet: "A = B[C] (C a literal integer)",
    Tsetv "TSETV" TableSet: "B[C] = A",
    Tsets "TSETS" TableSet: "B[string constant C] = A",
    Tsetb "TSETB" TableSet: "B[C] = A (C a literal integer)",
    Tsetm "TSETM" TableSet: "(A-1)[D], (A-1)[D+1], ... = A .. top (multiple results)",
    Callm "CALLM" Call: "call A with C-1 fixed args plus multiple results; B-1 results",
    Call "CALL" Call: "call A with C-1 args; B-1 results (B = 0: multiple)",
    Callmt "CALLMT" Call: "tail call A with D-1 fixed args plus multiple results",
    Callt "CALLT" Call: "tail call A with D-1 args",
    Iterc "ITERC" Call: "A, A+1, A+2 = A-3, A-2, A-1; call A with 2 args; B-1 results",
    Varg "VARG" Vararg: "A.. = ...; B-1 values (B = 0: all)",
    Retm "RETM" Return: "return A .. A+D-1 plus multiple results",
    Ret "RET" Return: "return A .. A+D-2",
    Ret0 "RET0" Return: "return nothing",
    Ret1 "RET1" Return: "return A",
    Fori "FORI" Loop: "numeric for: check and start, or jump D past the loop",
    Forl "FORL" Loop: "numeric for back-edge (hot point, loop weight)",
    Iterl "ITERL" Loop: "generic for back-edge: if A ~= nil then A-1 = A, jump D (hot point)",
    Loop "LOOP" Loop: "while/repeat loop head (hot point, loop weight)",
    Jmp "JMP" Jump: "jump D",
    Funcf "FUNCF" Call: "entry of a fixed-argument function (hot point, call weight)",
    Funcv "FUNCV" Call: "entry of a vararg function (never hot, as in LuaJIT)",
}

/// One instruction: opcode and operands, 4 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ins {
    /// The opcode.
    pub op: Op,
    /// Operand A (usually the destination register).
    pub a: u8,
    /// Operand B.
    pub b: u8,
    /// Operand C.
    pub c: u8,
}

/// Bias of signed jump offsets stored in D.
pub const JUMP_BIAS: i32 = 0x8000;

impl Ins {
    /// An ABC instruction.
    pub const fn abc(op: Op, a: u8, b: u8, c: u8) -> Ins {
        Ins { op, a, b, c }
    }
    /// An AD instruction.
    pub const fn ad(op: Op, a: u8, d: u16) -> Ins {
        Ins {
            op,
            a,
            b: (d >> 8) as u8,
            c: d as u8,
        }
    }
    /// Operand D.
    #[inline(always)]
    pub const fn d(self) -> u16 {
        (self.b as u16) << 8 | self.c as u16
    }
    /// Operand D as a signed jump offset, relative to the next instruction.
    #[inline(always)]
    pub const fn jump(self) -> i32 {
        self.d() as i32 - JUMP_BIAS
    }
    /// Whether this op is one of LuaJIT's hot points.
    pub const fn is_hot_point(self) -> bool {
        matches!(self.op, Op::Forl | Op::Iterl | Op::Loop | Op::Funcf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ins_is_four_bytes_and_d_roundtrips() {
        assert_eq!(std::mem::size_of::<Ins>(), 4);
        let i = Ins::ad(Op::Jmp, 0, (JUMP_BIAS - 3) as u16);
        assert_eq!(i.jump(), -3);
        assert_eq!(Ins::ad(Op::Knum, 1, 0x1234).d(), 0x1234);
    }
}
