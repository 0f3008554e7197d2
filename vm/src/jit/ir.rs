//! The trace IR: typed SSA instructions with guards (LuaJIT's `lj_ir.h`).
//!
//! Every instruction has a static [`Ty`]; values are unboxed 64-bit payloads (a number's
//! bits, or a heap id), so the executor never inspects a tag except in a guard. An
//! instruction is referred to by its index, [`Ref`]. Guards name the snapshot
//! ([`crate::jit::snap`]) that restores the interpreter when they fail.

use crate::interp::ArithOp;
use crate::value::{FuncId, StrId, TableId, Value};
use std::fmt;

/// Index of an IR instruction (and of its value's register).
pub type Ref = u32;

/// No operand.
pub const NONE: Ref = u32::MAX;

/// The static type of an IR value. `nil`, `false` and `true` are types of their own (as
/// LuaJIT's primitive tags are), so truthiness is a type question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Ty {
    /// `nil`.
    Nil,
    /// `false`.
    False,
    /// `true`.
    True,
    /// A number (payload: the f64's bits).
    Num,
    /// A string (payload: its id).
    Str,
    /// A table (payload: its id).
    Table,
    /// A function (payload: its id).
    Func,
}

impl Ty {
    /// The type of a value.
    #[inline]
    pub fn of(v: Value) -> Ty {
        match v {
            Value::Nil => Ty::Nil,
            Value::Bool(false) => Ty::False,
            Value::Bool(true) => Ty::True,
            Value::Num(_) => Ty::Num,
            Value::Str(_) => Ty::Str,
            Value::Table(_) => Ty::Table,
            Value::Func(_) => Ty::Func,
        }
    }

    /// A value's payload (0 for the primitive types).
    #[inline]
    pub fn payload(v: Value) -> u64 {
        match v {
            Value::Nil | Value::Bool(_) => 0,
            Value::Num(n) => n.to_bits(),
            Value::Str(s) => u64::from(s.0),
            Value::Table(t) => u64::from(t.0),
            Value::Func(f) => u64::from(f.0),
        }
    }

    /// The payload of `v` if it has this type.
    #[inline]
    pub fn unbox(self, v: Value) -> Option<u64> {
        match (self, v) {
            (Ty::Num, Value::Num(n)) => Some(n.to_bits()),
            (Ty::Str, Value::Str(s)) => Some(u64::from(s.0)),
            (Ty::Table, Value::Table(t)) => Some(u64::from(t.0)),
            (Ty::Func, Value::Func(f)) => Some(u64::from(f.0)),
            (Ty::Nil, Value::Nil)
            | (Ty::False, Value::Bool(false))
            | (Ty::True, Value::Bool(true)) => Some(0),
            _ => None,
        }
    }

    /// The value with this type and payload.
    #[inline]
    pub fn boxed(self, bits: u64) -> Value {
        match self {
            Ty::Nil => Value::Nil,
            Ty::False => Value::Bool(false),
            Ty::True => Value::Bool(true),
            Ty::Num => Value::Num(f64::from_bits(bits)),
            Ty::Str => Value::Str(StrId(bits as u32)),
            Ty::Table => Value::Table(TableId(bits as u32)),
            Ty::Func => Value::Func(FuncId(bits as u32)),
        }
    }

    /// Whether values of this type are true in a condition.
    pub fn truthy(self) -> bool {
        !matches!(self, Ty::Nil | Ty::False)
    }

    /// LuaJIT's short type names in IR dumps.
    pub fn short(self) -> &'static str {
        match self {
            Ty::Nil => "nil",
            Ty::False => "fal",
            Ty::True => "tru",
            Ty::Num => "num",
            Ty::Str => "str",
            Ty::Table => "tab",
            Ty::Func => "fun",
        }
    }
}

macro_rules! ir_ops {
    ($($name:ident $text:literal $flags:literal: $doc:literal,)*) => {
        /// An IR opcode. Flags: `g` guard (may exit), `s` side effect (never removed or
        /// merged), `p` pure (folded and CSE'd), `l` load (CSE'd until the next store).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum IrOp { $(#[doc = $doc] $name,)* }

        impl IrOp {
            /// The op's name in IR dumps.
            pub const fn name(self) -> &'static str {
                match self { $(IrOp::$name => $text,)* }
            }
            const fn flags(self) -> &'static str {
                match self { $(IrOp::$name => $flags,)* }
            }
        }
    };
}

ir_ops! {
    Nop "nop" "": "removed instruction",
    KNum "knum" "p": "number constant (k: bits)",
    KGc "kgc" "p": "string/table/function constant (k: id)",
    KPri "kpri" "p": "nil/false/true constant",
    SLoad "sload" "gl": "load stack slot a (relative to the trace base), guard its type",
    Add "add" "p": "a + b",
    Sub "sub" "p": "a - b",
    Mul "mul" "p": "a * b",
    Div "div" "p": "a / b",
    Mod "mod" "p": "a % b (Lua's floored modulo)",
    Pow "pow" "p": "a ^ b",
    Neg "neg" "p": "-a",
    Fn "fn" "p": "closure of the trace's first frame (fixed for a run)",
    UvSlot "uvslot" "g": "guard upvalue k is open at slot a (relative to the trace base)",
    Lt "lt" "g": "guard a < b",
    NotLt "nlt" "g": "guard not (a < b)",
    Le "le" "g": "guard a <= b",
    NotLe "nle" "g": "guard not (a <= b)",
    Eq "eq" "g": "guard a == b (same type)",
    Ne "ne" "g": "guard a ~= b (same type)",
    StrLt "slt" "g": "guard (a < b) == (k != 0), strings",
    StrLe "sle" "g": "guard (a <= b) == (k != 0), strings",
    TLen "tlen" "l": "#a of a table without __len",
    SLen "slen" "p": "#a of a string",
    TGet "tget" "gl": "a[b] raw, guard the result type; exits if nil and a has a metatable",
    TMeta "tmeta" "gl": "metatable of table a (table or nil), guard its type",
    TSet "tset" "gs": "a[b] = c raw; exits first if __newindex could apply or the key is bad",
    TNew "tnew" "s": "new table (k: array size hint << 32 | hash size hint)",
    UGet "uget" "gl": "upvalue k of the running closure, guard the type",
    USet "uset" "s": "upvalue k = a",
    UGetF "ugetf" "gl": "upvalue number k of the trace's first closure, whichever it is, guard the type",
    USetF "usetf" "s": "upvalue number k of the trace's first closure = a",
    CallN "calln" "gs": "call library function k with args[a..a+b] (args[a+b]: result slot), c results",
    Res "res" "s": "further result k of the CallN at a",
    Cat "cat" "gs": "concatenation of args[a..a+b] (strings and numbers)",
    RetF "retf" "gs": "return below the trace's first frame into caller k (`Trace::retf`), guarding it; later slots are relative to the caller",
    Loop "loop" "s": "start of the loop body (after the peeled first iteration)",
    Phi "phi" "s": "at the loop's end, a takes b's value",
}

impl IrOp {
    /// The IR op of an arithmetic operation.
    pub(crate) fn from_arith(op: ArithOp) -> IrOp {
        match op {
            ArithOp::Add => IrOp::Add,
            ArithOp::Sub => IrOp::Sub,
            ArithOp::Mul => IrOp::Mul,
            ArithOp::Div => IrOp::Div,
            ArithOp::Mod => IrOp::Mod,
            ArithOp::Pow => IrOp::Pow,
            ArithOp::Unm => IrOp::Neg,
        }
    }

    /// The arithmetic operation of a binary arithmetic op.
    pub(crate) fn binary_arith(self) -> Option<ArithOp> {
        Some(match self {
            IrOp::Add => ArithOp::Add,
            IrOp::Sub => ArithOp::Sub,
            IrOp::Mul => ArithOp::Mul,
            IrOp::Div => ArithOp::Div,
            IrOp::Mod => ArithOp::Mod,
            IrOp::Pow => ArithOp::Pow,
            _ => return None,
        })
    }

    /// May exit the trace.
    pub fn is_guard(self) -> bool {
        self.flags().contains('g')
    }
    /// Never removed or merged.
    pub fn has_side_effect(self) -> bool {
        self.flags().contains('s')
    }
    /// Pure: foldable and CSE-able.
    pub fn is_pure(self) -> bool {
        self.flags().contains('p')
    }
    /// A load: CSE-able until the next store.
    pub fn is_load(self) -> bool {
        self.flags().contains('l')
    }
}

/// One IR instruction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct IrIns {
    /// The opcode.
    pub op: IrOp,
    /// The result type (guarded for loads).
    pub ty: Ty,
    /// The snapshot restored if this guard fails.
    pub snap: u16,
    /// First operand.
    pub a: Ref,
    /// Second operand.
    pub b: Ref,
    /// Third operand.
    pub c: Ref,
    /// Immediate (constant bits, ids, counts).
    pub k: u64,
}

impl IrIns {
    /// An instruction with operands `a`, `b` and no immediate.
    pub fn new(op: IrOp, ty: Ty, a: Ref, b: Ref) -> IrIns {
        IrIns {
            op,
            ty,
            snap: 0,
            a,
            b,
            c: NONE,
            k: 0,
        }
    }

    /// Whether this is a constant.
    pub fn is_const(&self) -> bool {
        matches!(self.op, IrOp::KNum | IrOp::KGc | IrOp::KPri)
    }

    /// The constant number, if this is a `KNUM`.
    pub fn num(&self) -> Option<f64> {
        (self.op == IrOp::KNum).then(|| f64::from_bits(self.k))
    }

    /// Operands that are references.
    pub fn operands(&self) -> impl Iterator<Item = Ref> {
        let refs = match self.op {
            IrOp::Nop | IrOp::KNum | IrOp::KGc | IrOp::KPri | IrOp::SLoad | IrOp::TNew => [NONE; 3],
            IrOp::UGet
            | IrOp::UGetF
            | IrOp::Loop
            | IrOp::CallN
            | IrOp::Cat
            | IrOp::Fn
            | IrOp::UvSlot
            | IrOp::RetF => [NONE; 3],
            IrOp::Res => [self.a, NONE, NONE],
            _ => [self.a, self.b, self.c],
        };
        refs.into_iter().filter(|r| *r != NONE)
    }
}

impl fmt::Display for IrIns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = if self.op.is_guard() { '>' } else { ' ' };
        write!(f, "{g} {} {:<6}", self.ty.short(), self.op.name())?;
        match self.op {
            IrOp::KNum => write!(f, " {}", f64::from_bits(self.k)),
            IrOp::KGc | IrOp::UGet | IrOp::TNew | IrOp::RetF => write!(f, " #{}", self.k),
            IrOp::SLoad => write!(f, " #{}", self.a),
            IrOp::CallN | IrOp::Cat => write!(f, " args[{}..+{}] #{}", self.a, self.b, self.k),
            _ => {
                for r in self.operands() {
                    write!(f, " {r:04}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxing_roundtrips() {
        for v in [
            Value::Nil,
            Value::Bool(true),
            Value::Bool(false),
            Value::Num(-2.5),
            Value::Str(StrId(7)),
            Value::Table(TableId(3)),
            Value::Func(FuncId(9)),
        ] {
            let t = Ty::of(v);
            assert!(t.boxed(Ty::payload(v)).raw_eq(v) || v.is_nil());
            assert_eq!(t.unbox(v), Some(Ty::payload(v)));
        }
        assert_eq!(Ty::Num.unbox(Value::Nil), None);
    }

    #[test]
    fn flags() {
        assert!(IrOp::SLoad.is_guard() && IrOp::SLoad.is_load());
        assert!(IrOp::Add.is_pure() && !IrOp::Add.is_guard());
        assert!(IrOp::TSet.has_side_effect());
    }
}
