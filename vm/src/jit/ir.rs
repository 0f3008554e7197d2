//! The trace IR: typed SSA instructions with guards (LuaJIT's `lj_ir.h`).
//!
//! Every instruction has a static [`Ty`]; values are unboxed 64-bit payloads (a number's
//! bits, or a heap id), so the executor never inspects a tag except in a guard. An
//! instruction is referred to by its index, [`Ref`]. Guards name the snapshot
//! ([`crate::jit::snap`]) that restores the interpreter when they fail.

use crate::interp::ArithOp;
use crate::value::{FuncId, StrId, TableId, ThreadId, Value};
use std::fmt;

/// Index of an IR instruction (and of its value's register).
pub type Ref = u32;

/// No operand.
pub const NONE: Ref = u32::MAX;

/// In a `CALLN`'s `k` beside the function id: the call is in tail position (`CALLT`) in
/// an inlined frame, so its results are returned from that frame to its caller, as the
/// interpreter's `CALLT` of a library function does.
pub const CALLN_TAIL: u64 = 1 << 32;

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
    /// A coroutine (payload: its id).
    Thread,
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
            Value::Thread(_) => Ty::Thread,
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
            Value::Thread(t) => u64::from(t.0),
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
            (Ty::Thread, Value::Thread(t)) => Some(u64::from(t.0)),
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
            Ty::Thread => Value::Thread(ThreadId(bits as u32)),
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
            Ty::Thread => "thr",
        }
    }
}

/// How an instruction uses one of its operand fields `a`, `b`, `c` (LuaJIT's `IRM*`
/// operand modes in `lj_ir.h`). The walks over an instruction's references
/// ([`IrIns::refs`], [`IrIns::map_refs`]) are generated from these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpMode {
    /// Unused: always [`NONE`].
    None,
    /// A reference to an earlier instruction.
    Ref,
    /// A literal: a stack slot, a count, a result count.
    Lit,
    /// The start of `b` references in [`IrBuf::args`](super::irbuf::IrBuf::args).
    Args,
    /// As [`OpMode::Args`], the list followed by one literal: the stack slot the results go
    /// to.
    ArgsSlot,
}

macro_rules! op_mode {
    (_) => {
        OpMode::None
    };
    (ref) => {
        OpMode::Ref
    };
    (lit) => {
        OpMode::Lit
    };
    (args) => {
        OpMode::Args
    };
    (args_slot) => {
        OpMode::ArgsSlot
    };
}

macro_rules! ir_ops {
    ($($name:ident $text:literal $flags:literal ($ma:tt $mb:tt $mc:tt): $doc:literal,)*) => {
        /// An IR opcode. Flags: `g` guard (may exit), `s` side effect (never removed or
        /// merged), `p` pure (folded and CSE'd), `l` load (CSE'd until the next store).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum IrOp { $(#[doc = $doc] $name,)* }

        impl IrOp {
            /// Every op, in table order.
            pub const ALL: &[IrOp] = &[$(IrOp::$name,)*];

            /// The op's name in IR dumps.
            pub const fn name(self) -> &'static str {
                match self { $(IrOp::$name => $text,)* }
            }
            const fn flags(self) -> &'static str {
                match self { $(IrOp::$name => $flags,)* }
            }
            /// How the op uses its operand fields `a`, `b` and `c`.
            pub const fn modes(self) -> [OpMode; 3] {
                match self { $(IrOp::$name => [op_mode!($ma), op_mode!($mb), op_mode!($mc)],)* }
            }
        }
    };
}

// Columns: name, dump text, flags, operand modes of a, b and c (`_` unused, `ref`,
// `lit`, `args`/`args_slot`: a list in `IrBuf::args`), what it does.
ir_ops! {
    Nop "nop" "" (_ _ _): "removed instruction",
    KNum "knum" "p" (_ _ _): "number constant (k: bits)",
    KGc "kgc" "p" (_ _ _): "string/table/function constant (k: id)",
    KPri "kpri" "p" (_ _ _): "nil/false/true constant",
    SLoad "sload" "gl" (lit _ _): "load stack slot a (relative to the trace base), guard its type",
    Add "add" "p" (ref ref _): "a + b",
    Sub "sub" "p" (ref ref _): "a - b",
    Mul "mul" "p" (ref ref _): "a * b",
    Div "div" "p" (ref ref _): "a / b",
    Mod "mod" "p" (ref ref _): "a % b (Lua's floored modulo)",
    Pow "pow" "p" (ref ref _): "a ^ b",
    Neg "neg" "p" (ref _ _): "-a",
    Fn "fn" "p" (_ _ _): "closure of the trace's first frame (fixed for a run)",
    UvSlot "uvslot" "g" (lit _ _): "guard upvalue k is open at slot a (relative to the trace base)",
    Lt "lt" "g" (ref ref _): "guard a < b",
    NotLt "nlt" "g" (ref ref _): "guard not (a < b)",
    Le "le" "g" (ref ref _): "guard a <= b",
    NotLe "nle" "g" (ref ref _): "guard not (a <= b)",
    Eq "eq" "g" (ref ref _): "guard a == b (same type)",
    Ne "ne" "g" (ref ref _): "guard a ~= b (same type)",
    StrLt "slt" "g" (ref ref _): "guard (a < b) == (k != 0), strings",
    StrLe "sle" "g" (ref ref _): "guard (a <= b) == (k != 0), strings",
    TLen "tlen" "l" (ref _ _): "#a of a table without __len",
    SLen "slen" "p" (ref _ _): "#a of a string",
    TGet "tget" "gl" (ref ref _): "a[b] raw, guard the result type; exits if nil and a has a metatable",
    TMeta "tmeta" "gl" (ref _ _): "metatable of table a (table or nil), guard its type",
    TSet "tset" "gs" (ref ref ref): "a[b] = c raw; exits first if __newindex could apply or the key is bad",
    TNew "tnew" "s" (_ _ _): "new table (k: TNEW's operand << 32)",
    TDup "tdup" "s" (_ _ _): "copy of a constructor's template table (k: its id)",
    UGet "uget" "gl" (_ _ _): "upvalue k of the running closure, guard the type",
    USet "uset" "s" (ref _ _): "upvalue k = a",
    UGetF "ugetf" "gl" (_ _ _): "upvalue number k of the trace's first closure, whichever it is, guard the type",
    USetF "usetf" "s" (ref _ _): "upvalue number k of the trace's first closure = a",
    CallN "calln" "gs" (args_slot lit lit): "call library function k with args[a..a+b] (args[a+b]: result slot), c results; with CALLN_TAIL in k, in tail position: then return from the frame",
    Res "res" "s" (ref _ _): "further result k of the CallN at a",
    Cat "cat" "gs" (args lit _): "concatenation of args[a..a+b] (strings and numbers)",
    RetF "retf" "gs" (_ _ _): "return below the trace's first frame into caller k (`Trace::retf`), guarding it; later slots are relative to the caller",
    Loop "loop" "s" (_ _ _): "start of the loop body (after the peeled first iteration)",
    Phi "phi" "s" (ref ref _): "at the loop's end, a takes b's value",
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

    /// Operand fields that are references (operand modes [`OpMode::Ref`]); an argument
    /// list's references are [`IrIns::refs`]'s.
    pub fn operands(&self) -> impl Iterator<Item = Ref> + use<> {
        let modes = self.op.modes();
        [self.a, self.b, self.c]
            .into_iter()
            .zip(modes)
            .filter(|&(r, m)| {
                debug_assert!(m != OpMode::None || r == NONE, "unused operand set");
                m == OpMode::Ref && r != NONE
            })
            .map(|(r, _)| r)
    }

    /// The argument list (`CALLN`, `CAT`) this instruction reads from `args`, if any.
    pub fn arg_refs<'a>(&self, args: &'a [Ref]) -> &'a [Ref] {
        match self.op.modes()[0] {
            OpMode::Args | OpMode::ArgsSlot => {
                &args[self.a as usize..self.a as usize + self.b as usize]
            }
            _ => &[],
        }
    }

    /// Every reference the instruction reads: its reference operands, then its argument
    /// list's entries (with `args`, the buffer's argument lists).
    pub fn refs<'a>(&self, args: &'a [Ref]) -> impl Iterator<Item = Ref> + use<'a> {
        self.operands()
            .chain(self.arg_refs(args).iter().copied())
            .filter(|&r| r != NONE)
    }

    /// The instruction with every reference it reads replaced by `f`'s: reference
    /// operands in place, an argument list copied to the end of `args` (a trailing
    /// result slot as it is).
    pub fn map_refs(&self, args: &mut Vec<Ref>, mut f: impl FnMut(Ref) -> Ref) -> IrIns {
        let mut new = *self;
        let modes = self.op.modes();
        for (field, mode) in [&mut new.a, &mut new.b, &mut new.c].into_iter().zip(modes) {
            match mode {
                OpMode::Ref if *field != NONE => *field = f(*field),
                OpMode::Args | OpMode::ArgsSlot => {
                    let (a, n) = (self.a as usize, self.b as usize);
                    let len = n + usize::from(mode == OpMode::ArgsSlot);
                    let start = args.len() as Ref;
                    for j in 0..len {
                        let r = args[a + j];
                        args.push(if j < n && r != NONE { f(r) } else { r });
                    }
                    *field = start;
                }
                _ => {}
            }
        }
        new
    }
}

impl fmt::Display for IrIns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = if self.op.is_guard() { '>' } else { ' ' };
        write!(f, "{g} {} {:<6}", self.ty.short(), self.op.name())?;
        match self.op {
            IrOp::KNum => write!(f, " {}", f64::from_bits(self.k)),
            IrOp::KGc | IrOp::UGet | IrOp::TNew | IrOp::TDup | IrOp::RetF => {
                write!(f, " #{}", self.k)
            }
            IrOp::SLoad => write!(f, " #{}", self.a),
            IrOp::CallN if self.k & CALLN_TAIL != 0 => {
                write!(f, " args[{}..+{}] #{} tail", self.a, self.b, self.k as u32)
            }
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
pub(crate) mod tests {
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

    /// An instruction of `op` with each operand field set as its mode says: field `i`
    /// a reference to `refs[i]`, a literal `lit`, an argument list at `args[0..lit]`.
    pub(crate) fn sample(op: IrOp, refs: [Ref; 3], lit: Ref) -> IrIns {
        let mut f = [NONE; 3];
        for (i, m) in op.modes().into_iter().enumerate() {
            f[i] = match m {
                OpMode::None => NONE,
                OpMode::Ref => refs[i],
                OpMode::Lit => lit,
                OpMode::Args | OpMode::ArgsSlot => 0,
            };
        }
        IrIns {
            c: f[2],
            ..IrIns::new(op, Ty::Nil, f[0], f[1])
        }
    }

    #[test]
    fn operand_modes_drive_the_walks() {
        // Argument lists of 3 references, then a result slot (a literal).
        let args: Vec<Ref> = vec![20, 21, 22, 7];
        for &op in IrOp::ALL {
            let modes = op.modes();
            let listed = matches!(modes[0], OpMode::Args | OpMode::ArgsSlot);
            assert!(
                !modes[1..]
                    .iter()
                    .any(|m| matches!(m, OpMode::Args | OpMode::ArgsSlot)),
                "{op:?}: only operand a starts an argument list"
            );
            if listed {
                assert_eq!(modes[1], OpMode::Lit, "{op:?}: b counts the arguments");
            }
            let ins = sample(op, [1, 2, 3], 3);
            let mut want: Vec<Ref> = (0..3)
                .filter(|&i| modes[i] == OpMode::Ref)
                .map(|i| i as Ref + 1)
                .collect();
            if listed {
                want.extend([20, 21, 22]);
            }
            assert_eq!(ins.refs(&args).collect::<Vec<_>>(), want, "{op:?}");
            // The copy replaces exactly those, and keeps literals and the result slot.
            let mut copy_args = args.clone();
            let copy = ins.map_refs(&mut copy_args, |r| r + 100);
            for (i, m) in modes.into_iter().enumerate() {
                let (old, new) = ([ins.a, ins.b, ins.c][i], [copy.a, copy.b, copy.c][i]);
                match m {
                    OpMode::Ref => assert_eq!(new, old + 100, "{op:?} operand {i}"),
                    OpMode::Args | OpMode::ArgsSlot => assert_eq!(new, 4, "{op:?}"),
                    OpMode::None | OpMode::Lit => assert_eq!(new, old, "{op:?} operand {i}"),
                }
            }
            let copied: &[Ref] = match modes[0] {
                OpMode::Args => &[120, 121, 122],
                OpMode::ArgsSlot => &[120, 121, 122, 7],
                _ => &[],
            };
            assert_eq!(&copy_args[4..], copied, "{op:?}");
        }
    }

    #[test]
    fn flags() {
        assert!(IrOp::SLoad.is_guard() && IrOp::SLoad.is_load());
        assert!(IrOp::Add.is_pure() && !IrOp::Add.is_guard());
        assert!(IrOp::TSet.has_side_effect());
    }
}
