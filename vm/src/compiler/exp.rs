//! Expressions: LuaJIT-style expression descriptors (`ExpDesc` in lj_parse.c) that delay
//! code emission until the destination register is known.

use super::CompileError;
use super::Compiler;
use super::lex;
use crate::op::Op;
use crate::table::{Table, hsize2hbits};
use crate::value::{StrId, Value};
use full_moon::ast::{
    BinOp, Call, Expression, Field, FunctionArgs, Index, Prefix, Suffix, TableConstructor, UnOp,
    Var,
};
use full_moon::node::Node;
use full_moon::tokenizer::{Symbol, TokenType};

type R<T> = Result<T, CompileError>;

/// Where a table key lives.
#[derive(Clone, Copy, Debug)]
pub enum Key {
    /// In a register.
    Reg(u8),
    /// A string constant (interned id).
    Str(StrId),
    /// A small integer literal 0..=255.
    Int(u8),
}

/// An expression whose code is (partly) not yet emitted.
#[derive(Clone, Copy, Debug)]
pub enum Exp {
    Nil,
    True,
    False,
    Num(f64),
    Str(StrId),
    /// A local variable's register.
    Local(u8),
    Upval(u8),
    Global(StrId),
    /// `obj[key]`.
    Index(u8, Key),
    /// A call at this pc; results start at its A register.
    Call(usize),
    /// A VARG at this pc.
    Vararg(usize),
    /// An instruction at this pc whose A register is still to be chosen.
    Reloc(usize),
    /// A value in a fixed register.
    NonReloc(u8),
}

impl Exp {
    pub fn is_multi(self) -> bool {
        matches!(self, Exp::Call(_) | Exp::Vararg(_))
    }
}

/// Line of any AST node.
pub fn node_line(n: &impl Node) -> u32 {
    n.start_position().map_or(0, |p| p.line() as u32)
}

impl Compiler<'_> {
    // ---- discharging ----

    /// Free `r` if it is the topmost temporary.
    pub(crate) fn free_reg(&mut self, r: u8) {
        let fs = self.fs();
        if r as usize >= fs.nactive_regs() && r as usize + 1 == fs.free_reg {
            fs.free_reg -= 1;
        }
    }

    pub(crate) fn free_exp(&mut self, e: Exp) {
        if let Exp::NonReloc(r) = e {
            self.free_reg(r);
        }
    }

    /// Turn variable references into instructions (or plain registers).
    pub(crate) fn discharge_vars(&mut self, e: Exp) -> Exp {
        match e {
            Exp::Local(r) => Exp::NonReloc(r),
            Exp::Upval(u) => Exp::Reloc(self.fs().ad(Op::Uget, 0, u as usize)),
            Exp::Global(s) => {
                let k = self.fs().str_const(s);
                Exp::Reloc(self.fs().ad(Op::Gget, 0, k))
            }
            Exp::Index(obj, key) => {
                if let Key::Reg(k) = key {
                    self.free_reg(k);
                }
                self.free_reg(obj);
                let pc = match key {
                    Key::Reg(k) => self.fs().abc(Op::Tgetv, 0, obj as usize, k as usize),
                    Key::Int(i) => self.fs().abc(Op::Tgetb, 0, obj as usize, i as usize),
                    Key::Str(s) => {
                        let k = self.fs().str_const(s);
                        if k <= 255 {
                            self.fs().abc(Op::Tgets, 0, obj as usize, k)
                        } else {
                            let tmp = self.fs().reserve(1);
                            self.fs().ad(Op::Kstr, tmp, k);
                            self.fs().free_reg -= 1;
                            self.fs().abc(Op::Tgetv, 0, obj as usize, tmp)
                        }
                    }
                };
                Exp::Reloc(pc)
            }
            Exp::Call(pc) => {
                let fs = self.fs();
                let ins = &mut fs.code[pc];
                ins.b = 2;
                Exp::NonReloc(ins.a)
            }
            Exp::Vararg(pc) => {
                self.fs().code[pc].b = 2;
                Exp::Reloc(pc)
            }
            e => e,
        }
    }

    /// Emit code putting `e` into register `reg`.
    pub(crate) fn discharge_to(&mut self, e: Exp, reg: usize) {
        let e = self.discharge_vars(e);
        let fs = self.fs();
        match e {
            Exp::Nil => {
                fs.ad(Op::Kpri, reg, 0);
            }
            Exp::False => {
                fs.ad(Op::Kpri, reg, 1);
            }
            Exp::True => {
                fs.ad(Op::Kpri, reg, 2);
            }
            Exp::Num(n) => {
                let k = fs.num_const(n);
                fs.ad(Op::Knum, reg, k);
            }
            Exp::Str(s) => {
                let k = fs.str_const(s);
                fs.ad(Op::Kstr, reg, k);
            }
            Exp::Reloc(pc) => fs.code[pc].a = reg as u8,
            Exp::NonReloc(r) => {
                if r as usize != reg {
                    fs.ad(Op::Mov, reg, r as usize);
                }
            }
            _ => unreachable!("discharged"),
        }
    }

    /// Put `e` into the next free register.
    pub(crate) fn exp_to_next_reg(&mut self, e: Exp) -> u8 {
        let e = self.discharge_vars(e);
        self.free_exp(e);
        let r = self.fs().reserve(1);
        self.discharge_to(e, r);
        r as u8
    }

    /// Put `e` into some register (a local's own register if it is one).
    pub(crate) fn exp_to_any_reg(&mut self, e: Exp) -> u8 {
        match self.discharge_vars(e) {
            Exp::NonReloc(r) => r,
            e => self.exp_to_next_reg(e),
        }
    }

    /// Adjust a call or vararg to `n` results (`None`: all of them).
    pub(crate) fn set_returns(&mut self, e: Exp, n: Option<usize>) {
        let b = n.map_or(0, |n| n + 1) as u8;
        match e {
            Exp::Call(pc) => self.fs().code[pc].b = b,
            Exp::Vararg(pc) => {
                let fs = self.fs();
                fs.code[pc].b = b;
                fs.code[pc].a = fs.free_reg as u8;
                fs.reserve(1);
            }
            _ => {}
        }
    }

    // ---- expressions ----

    /// Compile an expression into a descriptor.
    pub(crate) fn expr(&mut self, e: &Expression) -> R<Exp> {
        match e {
            Expression::Number(tok) => {
                let text = tok.token().to_string();
                lex::number(&text).map(Exp::Num).ok_or_else(|| {
                    self.err(lex::line_of(tok), format!("malformed number near '{text}'"))
                })
            }
            Expression::String(tok) => {
                let bytes = lex::string_bytes(tok).map_err(|e| self.err(lex::line_of(tok), e.0))?;
                Ok(Exp::Str(self.heap.intern(&bytes)))
            }
            Expression::Symbol(tok) => match tok.token_type() {
                TokenType::Symbol { symbol } => match symbol {
                    Symbol::Nil => Ok(Exp::Nil),
                    Symbol::True => Ok(Exp::True),
                    Symbol::False => Ok(Exp::False),
                    Symbol::Ellipsis => {
                        if !self.fs().is_vararg {
                            return Err(self.err(
                                lex::line_of(tok),
                                "cannot use '...' outside a vararg function near '...'",
                            ));
                        }
                        Ok(Exp::Vararg(self.fs().abc(Op::Varg, 0, 2, 0)))
                    }
                    _ => {
                        Err(self.err(lex::line_of(tok), format!("unexpected symbol near '{tok}'")))
                    }
                },
                _ => Err(self.err(lex::line_of(tok), format!("unexpected symbol near '{tok}'"))),
            },
            Expression::Parentheses { expression, .. } => {
                let e = self.expr(expression)?;
                // Parentheses truncate to one value.
                Ok(self.discharge_vars(e))
            }
            Expression::Var(v) => self.var_expr(v),
            Expression::FunctionCall(call) => {
                self.fs().line = node_line(call);
                let mut e = self.prefix(call.prefix())?;
                for s in call.suffixes() {
                    e = self.suffix(e, s)?;
                }
                Ok(e)
            }
            Expression::Function(f) => {
                let line = node_line(f.function_token());
                let idx = self.function_body(f.body(), false, line)?;
                Ok(Exp::Reloc(self.fs().ad(Op::Fnew, 0, idx)))
            }
            Expression::TableConstructor(t) => self.table(t),
            Expression::UnaryOperator { unop, expression } => self.unary(unop, expression),
            Expression::BinaryOperator { lhs, binop, rhs } => self.binary(e, lhs, binop, rhs),
            _ => Err(self.err(node_line(e), "unsupported expression")),
        }
    }

    /// Resolve a name to a local, upvalue or global.
    pub(crate) fn name(&mut self, name: &str) -> Exp {
        let level = self.funcs.len() - 1;
        match self.find_var(level, name) {
            VarRef::Local(i) => Exp::Local(self.funcs[level].actives[i].reg),
            VarRef::Upval(u) => Exp::Upval(u as u8),
            VarRef::Global => Exp::Global(self.heap.intern(name.as_bytes())),
        }
    }

    fn find_var(&mut self, level: usize, name: &str) -> VarRef {
        if let Some(i) = self.funcs[level].find_local(name) {
            return VarRef::Local(i);
        }
        if let Some(u) = self.funcs[level]
            .upvals
            .iter()
            .position(|(_, n)| &**n == name)
        {
            return VarRef::Upval(u);
        }
        if level == 0 {
            return VarRef::Global;
        }
        use crate::proto::UpvalSource;
        let source = match self.find_var(level - 1, name) {
            VarRef::Local(i) => {
                self.funcs[level - 1].mark_captured(i);
                UpvalSource::Local(self.funcs[level - 1].actives[i].reg)
            }
            VarRef::Upval(u) => UpvalSource::Upval(u as u8),
            VarRef::Global => return VarRef::Global,
        };
        let fs = &mut self.funcs[level];
        if fs.upvals.len() >= 60 {
            fs.overflow = Some("too many upvalues");
        }
        fs.upvals.push((source, name.into()));
        VarRef::Upval(fs.upvals.len() - 1)
    }

    pub(crate) fn var_expr(&mut self, v: &Var) -> R<Exp> {
        match v {
            Var::Name(tok) => Ok(self.name(lex::ident(tok))),
            Var::Expression(ve) => {
                let mut e = self.prefix(ve.prefix())?;
                for s in ve.suffixes() {
                    e = self.suffix(e, s)?;
                }
                Ok(e)
            }
            _ => Err(self.err(node_line(v), "unsupported variable")),
        }
    }

    pub(crate) fn prefix(&mut self, p: &Prefix) -> R<Exp> {
        match p {
            Prefix::Name(tok) => Ok(self.name(lex::ident(tok))),
            Prefix::Expression(e) => self.expr(e),
            _ => Err(self.err(node_line(p), "unsupported prefix")),
        }
    }

    /// Apply an index or call suffix to `e`.
    pub(crate) fn suffix(&mut self, e: Exp, s: &Suffix) -> R<Exp> {
        match s {
            Suffix::Index(idx) => self.index(e, idx),
            Suffix::Call(Call::AnonymousCall(args)) => {
                let base = self.exp_to_next_reg(e);
                self.call(base as usize, 0, args)
            }
            Suffix::Call(Call::MethodCall(m)) => {
                self.fs().line = lex::line_of(m.name());
                let obj = self.exp_to_any_reg(e);
                self.free_reg(obj);
                let base = self.fs().reserve(2);
                self.fs().ad(Op::Mov, base + 1, obj as usize);
                let name = self.heap.intern(lex::ident(m.name()).as_bytes());
                let k = self.fs().str_const(name);
                if k <= 255 {
                    self.fs().abc(Op::Tgets, base, base + 1, k);
                } else {
                    self.fs().ad(Op::Kstr, base, k);
                    self.fs().abc(Op::Tgetv, base, base + 1, base);
                }
                self.call(base, 1, m.args())
            }
            _ => Err(self.err(node_line(s), "unsupported suffix")),
        }
    }

    fn index(&mut self, e: Exp, idx: &Index) -> R<Exp> {
        let obj = self.exp_to_any_reg(e);
        let key = match idx {
            Index::Dot { name, .. } => Key::Str(self.heap.intern(lex::ident(name).as_bytes())),
            Index::Brackets { expression, .. } => {
                let k = self.expr(expression)?;
                self.key(k)
            }
            _ => return Err(self.err(node_line(idx), "unsupported index")),
        };
        Ok(Exp::Index(obj, key))
    }

    /// A key descriptor for an already compiled key expression.
    pub(crate) fn key(&mut self, k: Exp) -> Key {
        match k {
            Exp::Str(s) => Key::Str(s),
            Exp::Num(n) if (0.0..=255.0).contains(&n) && n.fract() == 0.0 => Key::Int(n as u8),
            k => Key::Reg(self.exp_to_any_reg(k)),
        }
    }

    /// Emit a call of the function in `base` with `nself` implicit args already placed.
    fn call(&mut self, base: usize, nself: usize, args: &FunctionArgs) -> R<Exp> {
        let line = self.fs().line;
        let mut nargs = nself;
        let mut multi = false;
        match args {
            FunctionArgs::Parentheses { arguments, .. } => {
                let n = arguments.len();
                for (i, a) in arguments.iter().enumerate() {
                    let e = self.expr(a)?;
                    if i + 1 == n && e.is_multi() {
                        self.set_returns(e, None);
                        multi = true;
                    } else {
                        self.exp_to_next_reg(e);
                        nargs += 1;
                    }
                }
            }
            FunctionArgs::String(tok) => {
                let bytes = lex::string_bytes(tok).map_err(|e| self.err(lex::line_of(tok), e.0))?;
                let s = self.heap.intern(&bytes);
                self.exp_to_next_reg(Exp::Str(s));
                nargs += 1;
            }
            FunctionArgs::TableConstructor(t) => {
                let e = self.table(t)?;
                self.exp_to_next_reg(e);
                nargs += 1;
            }
            _ => return Err(self.err(line, "unsupported call arguments")),
        }
        let fs = self.fs();
        fs.line = line;
        let op = if multi { Op::Callm } else { Op::Call };
        let pc = fs.abc(op, base, 2, nargs + 1);
        fs.free_reg = base + 1;
        Ok(Exp::Call(pc))
    }

    // ---- operators ----

    fn unary(&mut self, op: &UnOp, operand: &Expression) -> R<Exp> {
        let e = self.expr(operand)?;
        self.fs().line = lex::line_of(op.token());
        match op {
            UnOp::Minus(_) => {
                if let Exp::Num(n) = e {
                    return Ok(Exp::Num(-n));
                }
                let r = self.exp_to_any_reg(e);
                self.free_reg(r);
                Ok(Exp::Reloc(self.fs().ad(Op::Unm, 0, r as usize)))
            }
            UnOp::Not(_) => match e {
                Exp::Nil | Exp::False => Ok(Exp::True),
                Exp::True | Exp::Num(_) | Exp::Str(_) => Ok(Exp::False),
                e => {
                    let r = self.exp_to_any_reg(e);
                    self.free_reg(r);
                    Ok(Exp::Reloc(self.fs().ad(Op::Not, 0, r as usize)))
                }
            },
            UnOp::Hash(_) => {
                let r = self.exp_to_any_reg(e);
                self.free_reg(r);
                Ok(Exp::Reloc(self.fs().ad(Op::Len, 0, r as usize)))
            }
            _ => Err(self.err(node_line(operand), "unsupported unary operator")),
        }
    }

    fn binary(
        &mut self,
        whole: &Expression,
        lhs: &Expression,
        op: &BinOp,
        rhs: &Expression,
    ) -> R<Exp> {
        let line = lex::line_of(op.token());
        match op {
            BinOp::And(_) | BinOp::Or(_) => self.and_or(lhs, matches!(op, BinOp::And(_)), rhs),
            BinOp::TwoEqual(_)
            | BinOp::TildeEqual(_)
            | BinOp::LessThan(_)
            | BinOp::LessThanEqual(_)
            | BinOp::GreaterThan(_)
            | BinOp::GreaterThanEqual(_) => {
                let jt = self.cond_jump(whole, true)?;
                let fs = self.fs();
                let dst = fs.reserve(1);
                fs.ad(Op::Kpri, dst, 1);
                let skip = fs.emit_jump(Op::Jmp, 0);
                fs.patch_here(&jt);
                fs.ad(Op::Kpri, dst, 2);
                fs.patch_here(&[skip]);
                Ok(Exp::NonReloc(dst as u8))
            }
            BinOp::TwoDots(_) => self.concat(whole),
            _ => {
                let l = self.expr(lhs)?;
                let l = if matches!(l, Exp::Num(_)) {
                    l
                } else {
                    Exp::NonReloc(self.exp_to_any_reg(l))
                };
                let r = self.expr(rhs)?;
                self.fs().line = line;
                self.arith(op, l, r, line)
            }
        }
    }

    fn arith(&mut self, op: &BinOp, l: Exp, r: Exp, line: u32) -> R<Exp> {
        let ops = match op {
            BinOp::Plus(_) => [Op::Addvv, Op::Addvn, Op::Addnv],
            BinOp::Minus(_) => [Op::Subvv, Op::Subvn, Op::Subnv],
            BinOp::Star(_) => [Op::Mulvv, Op::Mulvn, Op::Mulnv],
            BinOp::Slash(_) => [Op::Divvv, Op::Divvn, Op::Divnv],
            BinOp::Percent(_) => [Op::Modvv, Op::Modvn, Op::Modnv],
            BinOp::Caret(_) => [Op::Pow, Op::Pow, Op::Pow],
            _ => return Err(self.err(line, "unsupported binary operator")),
        };
        if let (Exp::Num(a), Exp::Num(b)) = (l, r) {
            let v = crate::interp::arith_num(ops[0], a, b);
            // As LuaJIT: never fold to NaN or -0.
            if !(v.is_nan() || v == 0.0 && v.is_sign_negative()) {
                return Ok(Exp::Num(v));
            }
        }
        let pow = ops[0] == Op::Pow;
        if let (false, Exp::Num(b)) = (pow, r) {
            let k = self.fs().num_const(b);
            if k <= 255 {
                let lr = self.exp_to_any_reg(l);
                self.free_reg(lr);
                return Ok(Exp::Reloc(self.fs().abc(ops[1], 0, lr as usize, k)));
            }
        }
        if let (false, Exp::Num(a)) = (pow, l) {
            let k = self.fs().num_const(a);
            if k <= 255 {
                let rr = self.exp_to_any_reg(r);
                self.free_reg(rr);
                return Ok(Exp::Reloc(self.fs().abc(ops[2], 0, rr as usize, k)));
            }
        }
        let lr = self.exp_to_any_reg(l);
        let rr = self.exp_to_any_reg(r);
        self.free_reg(lr.max(rr));
        self.free_reg(lr.min(rr));
        Ok(Exp::Reloc(self.fs().abc(
            ops[0],
            0,
            lr as usize,
            rr as usize,
        )))
    }

    /// `a .. b .. c`: operands into consecutive registers, one CAT.
    fn concat(&mut self, e: &Expression) -> R<Exp> {
        let mut operands = Vec::new();
        let mut cur = e;
        let line = node_line(e);
        while let Expression::BinaryOperator {
            lhs,
            binop: BinOp::TwoDots(_),
            rhs,
        } = cur
        {
            operands.push(&**lhs);
            cur = rhs;
        }
        operands.push(cur);
        let base = self.fs().free_reg;
        for o in operands.iter() {
            let x = self.expr(o)?;
            self.exp_to_next_reg(x);
        }
        let fs = self.fs();
        fs.line = line;
        let last = fs.free_reg - 1;
        fs.free_reg = base;
        Ok(Exp::Reloc(fs.abc(Op::Cat, 0, base, last)))
    }

    fn and_or(&mut self, lhs: &Expression, is_and: bool, rhs: &Expression) -> R<Exp> {
        let dst = self.fs().reserve(1);
        let l = self.expr(lhs)?;
        let l = self.discharge_vars(l);
        self.free_exp(l);
        self.discharge_to(l, dst);
        let test = if is_and { Op::Isf } else { Op::Ist };
        self.fs().ad(test, 0, dst);
        let j = self.fs().emit_jump(Op::Jmp, 0);
        let r = self.expr(rhs)?;
        let r = self.discharge_vars(r);
        self.free_exp(r);
        self.discharge_to(r, dst);
        self.fs().patch_here(&[j]);
        Ok(Exp::NonReloc(dst as u8))
    }

    /// Emit a conditional jump taken when `e`'s truth equals `jump_if`. Returns the jumps
    /// to patch; falls through otherwise.
    pub(crate) fn cond_jump(&mut self, e: &Expression, jump_if: bool) -> R<Vec<usize>> {
        match e {
            Expression::Parentheses { expression, .. } => self.cond_jump(expression, jump_if),
            Expression::UnaryOperator {
                unop: UnOp::Not(_),
                expression,
            } => self.cond_jump(expression, !jump_if),
            Expression::BinaryOperator { lhs, binop, rhs } => match binop {
                BinOp::And(_) | BinOp::Or(_) => {
                    let is_and = matches!(binop, BinOp::And(_));
                    if is_and != jump_if {
                        // and/false, or/true: either side decides.
                        let mut a = self.cond_jump(lhs, jump_if)?;
                        a.extend(self.cond_jump(rhs, jump_if)?);
                        Ok(a)
                    } else {
                        let skip = self.cond_jump(lhs, !jump_if)?;
                        let j = self.cond_jump(rhs, jump_if)?;
                        self.fs().patch_here(&skip);
                        Ok(j)
                    }
                }
                BinOp::TwoEqual(_)
                | BinOp::TildeEqual(_)
                | BinOp::LessThan(_)
                | BinOp::LessThanEqual(_)
                | BinOp::GreaterThan(_)
                | BinOp::GreaterThanEqual(_) => self.compare(lhs, binop, rhs, jump_if),
                _ => self.test_jump(e, jump_if),
            },
            _ => self.test_jump(e, jump_if),
        }
    }

    fn test_jump(&mut self, e: &Expression, jump_if: bool) -> R<Vec<usize>> {
        let x = self.expr(e)?;
        let truth = match x {
            Exp::Nil | Exp::False => Some(false),
            Exp::True | Exp::Num(_) | Exp::Str(_) => Some(true),
            _ => None,
        };
        if let Some(t) = truth {
            return Ok(if t == jump_if {
                vec![self.fs().emit_jump(Op::Jmp, 0)]
            } else {
                vec![]
            });
        }
        let r = self.exp_to_any_reg(x);
        self.free_reg(r);
        let fs = self.fs();
        fs.ad(if jump_if { Op::Ist } else { Op::Isf }, 0, r as usize);
        Ok(vec![fs.emit_jump(Op::Jmp, 0)])
    }

    fn compare(
        &mut self,
        lhs: &Expression,
        op: &BinOp,
        rhs: &Expression,
        jump_if: bool,
    ) -> R<Vec<usize>> {
        let line = lex::line_of(op.token());
        let l = self.expr(lhs)?;
        let l = match l {
            Exp::Nil | Exp::True | Exp::False | Exp::Num(_) | Exp::Str(_) => l,
            _ => Exp::NonReloc(self.exp_to_any_reg(l)),
        };
        let r = self.expr(rhs)?;
        let is_eq = matches!(op, BinOp::TwoEqual(_) | BinOp::TildeEqual(_));
        if is_eq {
            let want_eq = matches!(op, BinOp::TwoEqual(_)) == jump_if;
            // A constant operand goes into D.
            let (var, konst) = match (l, r) {
                (_, Exp::Nil | Exp::True | Exp::False | Exp::Num(_) | Exp::Str(_)) => (l, Some(r)),
                (Exp::Nil | Exp::True | Exp::False | Exp::Num(_) | Exp::Str(_), _) => (r, Some(l)),
                _ => (l, None),
            };
            if let Some(k) = konst {
                let a = self.exp_to_any_reg(var);
                self.free_reg(a);
                self.fs().line = line;
                let (op, d) = match k {
                    Exp::Str(s) => (
                        if want_eq { Op::Iseqs } else { Op::Isnes },
                        self.fs().str_const(s),
                    ),
                    Exp::Num(n) => (
                        if want_eq { Op::Iseqn } else { Op::Isnen },
                        self.fs().num_const(n),
                    ),
                    Exp::Nil => (if want_eq { Op::Iseqp } else { Op::Isnep }, 0),
                    Exp::False => (if want_eq { Op::Iseqp } else { Op::Isnep }, 1),
                    _ => (if want_eq { Op::Iseqp } else { Op::Isnep }, 2),
                };
                self.fs().ad(op, a as usize, d);
                return Ok(vec![self.fs().emit_jump(Op::Jmp, 0)]);
            }
        }
        let lr = self.exp_to_any_reg(l);
        let rr = self.exp_to_any_reg(r);
        self.free_reg(lr.max(rr));
        self.free_reg(lr.min(rr));
        let (op, a, d) = match op {
            BinOp::TwoEqual(_) => (if jump_if { Op::Iseqv } else { Op::Isnev }, lr, rr),
            BinOp::TildeEqual(_) => (if jump_if { Op::Isnev } else { Op::Iseqv }, lr, rr),
            BinOp::LessThan(_) => (if jump_if { Op::Islt } else { Op::Isge }, lr, rr),
            BinOp::LessThanEqual(_) => (if jump_if { Op::Isle } else { Op::Isgt }, lr, rr),
            BinOp::GreaterThan(_) => (if jump_if { Op::Islt } else { Op::Isge }, rr, lr),
            _ => (if jump_if { Op::Isle } else { Op::Isgt }, rr, lr),
        };
        let fs = self.fs();
        fs.line = line;
        fs.ad(op, a as usize, d as usize);
        Ok(vec![fs.emit_jump(Op::Jmp, 0)])
    }

    // ---- table constructor ----

    /// A table constructor, built as LuaJIT's parser builds it (`expr_table`): the
    /// constant part (constant keys with constant values, and the keys of string-keyed
    /// fields) goes into a template table made at compile time, field by field, which
    /// `TDUP` copies; everything else is stored at run time. Without a template, `TNEW`
    /// gets LuaJIT's sizes: array slots for the positional fields (slot 0 included, at
    /// least 3, at most 0x7ff) if there are any or a `[0]` key, and hash bits for the
    /// keyed fields.
    pub(crate) fn table(&mut self, t: &TableConstructor) -> R<Exp> {
        let line = node_line(t);
        let fields = t.fields();
        let fs = self.fs();
        fs.line = line;
        let dst = fs.reserve(1);
        let tnew_pc = fs.ad(Op::Tnew, dst, 0);
        let mut narr = 1u32;
        let mut nhash = 0u32;
        let mut needarr = false;
        let mut template: Option<crate::value::TableId> = None;
        let n = fields.len();
        for (i, f) in fields.iter().enumerate() {
            // The key (a boolean constant key also as its value, since it is put in a
            // register before the value is compiled) and the value.
            let mut bool_key = None;
            let (key, x) = match f {
                Field::NoKey(e) => {
                    let key = Exp::Num(f64::from(narr));
                    narr += 1;
                    needarr = true;
                    let x = self.expr(e)?;
                    if i + 1 == n && x.is_multi() {
                        self.set_returns(x, None);
                        let fs = self.fs();
                        fs.ad(Op::Tsetm, dst + 1, narr as usize - 1);
                        fs.free_reg = dst + 1;
                        continue;
                    }
                    (key, x)
                }
                Field::NameKey { key, value, .. } => {
                    let s = self.heap.intern(lex::ident(key).as_bytes());
                    nhash += 1;
                    (Exp::Str(s), self.expr(value)?)
                }
                Field::ExpressionKey { key, value, .. } => {
                    let k = self.expr(key)?;
                    bool_key = match k {
                        Exp::True => Some(Value::Bool(true)),
                        Exp::False => Some(Value::Bool(false)),
                        _ => None,
                    };
                    let k = match k {
                        Exp::Str(_) | Exp::Num(_) => k,
                        k => Exp::NonReloc(self.exp_to_any_reg(k)),
                    };
                    if matches!(k, Exp::Num(z) if z == 0.0) {
                        needarr = true;
                    } else {
                        nhash += 1;
                    }
                    (k, self.expr(value)?)
                }
                _ => return Err(self.err(line, "unsupported table field")),
            };
            let kval = const_value(&key)
                .or(bool_key)
                .filter(|k| !matches!(k, Value::Num(x) if x.is_nan()));
            let xval = const_value(&x).or(matches!(x, Exp::Nil).then_some(Value::Nil));
            match kval {
                Some(k) if matches!(k, Value::Str(_)) || xval.is_some() => {
                    let tab = match template {
                        Some(tab) => tab,
                        None => {
                            let asize = if needarr { narr as usize } else { 0 };
                            let tab = self.heap.new_table(Table::sized(asize, hsize2hbits(nhash)));
                            let fs = self.fs();
                            fs.tabs.push(tab);
                            let index = fs.tabs.len() - 1;
                            fs.code[tnew_pc] =
                                crate::op::Ins::ad(Op::Tdup, dst as u8, index as u16);
                            template = Some(tab);
                            tab
                        }
                    };
                    // A nil value under a string key, or a value stored at run time, is
                    // marked by the template itself, so that the key keeps its node.
                    let stored = match xval {
                        Some(Value::Nil) if matches!(k, Value::Str(_)) => Value::Table(tab),
                        Some(v) => v,
                        None => Value::Table(tab),
                    };
                    let _ = self.heap.table_mut(tab).set(k, stored);
                    if xval.is_none() {
                        self.store_field(dst, key, x)?;
                    }
                }
                _ => self.store_field(dst, key, x)?,
            }
            self.fs().free_reg = dst + 1;
        }
        match template {
            Some(tab) => {
                if needarr && self.heap.table(tab).arr.len() < narr as usize {
                    let _ = self.heap.table_mut(tab).reasize(narr as usize);
                }
            }
            None => {
                let narr = if !needarr { 0 } else { narr.clamp(3, 0x7ff) };
                let d = narr | hsize2hbits(nhash) << 11;
                let fs = self.fs();
                fs.code[tnew_pc] = crate::op::Ins::ad(Op::Tnew, dst as u8, d as u16);
            }
        }
        Ok(Exp::NonReloc(dst as u8))
    }

    fn store_field(&mut self, table: usize, key: Exp, value: Exp) -> R<()> {
        let key = self.key(key);
        let v = self.exp_to_any_reg(value);
        self.store_index(table as u8, key, v);
        Ok(())
    }

    /// Emit `obj[key] = value register`.
    pub(crate) fn store_index(&mut self, obj: u8, key: Key, v: u8) {
        let (obj, v) = (obj as usize, v as usize);
        match key {
            Key::Reg(k) => {
                self.fs().abc(Op::Tsetv, v, obj, k as usize);
            }
            Key::Int(i) => {
                self.fs().abc(Op::Tsetb, v, obj, i as usize);
            }
            Key::Str(s) => {
                let k = self.fs().str_const(s);
                if k <= 255 {
                    self.fs().abc(Op::Tsets, v, obj, k);
                } else {
                    let fs = self.fs();
                    let tmp = fs.reserve(1);
                    fs.ad(Op::Kstr, tmp, k);
                    fs.abc(Op::Tsetv, v, obj, tmp);
                    fs.free_reg -= 1;
                }
            }
        }
    }
}

enum VarRef {
    Local(usize),
    Upval(usize),
    Global,
}

/// The value of a constant expression (`nil` excluded: it is no key).
fn const_value(e: &Exp) -> Option<Value> {
    match *e {
        Exp::Num(n) => Some(Value::Num(n)),
        Exp::Str(s) => Some(Value::Str(s)),
        Exp::True => Some(Value::Bool(true)),
        Exp::False => Some(Value::Bool(false)),
        _ => None,
    }
}
