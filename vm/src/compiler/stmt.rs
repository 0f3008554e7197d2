//! Statements, blocks, loops (with their explicit hot-point ops), gotos and function bodies.

use super::exp::{Exp, Key, node_line};
use super::func::{FuncState, PendingGoto};
use super::lex;
use super::{CompileError, Compiler};
use crate::op::Op;
use full_moon::ast::punctuated::Punctuated;
use full_moon::ast::{
    Assignment, Block, Expression, FunctionBody, FunctionDeclaration, GenericFor, If, LastStmt,
    LocalAssignment, NumericFor, Parameter, Repeat, Stmt, Var, While,
};
use std::rc::Rc;

type R<T> = Result<T, CompileError>;

/// Where an assignment stores.
#[derive(Clone, Copy, Debug)]
enum Target {
    Local(u8),
    Upval(u8),
    Global(crate::value::StrId),
    Index(u8, Key),
}

impl Compiler<'_> {
    /// Compile a block's statements (the caller manages the scope).
    pub(crate) fn block(&mut self, b: &Block) -> R<()> {
        let stmts: Vec<&Stmt> = b.stmts().collect();
        for (i, s) in stmts.iter().enumerate() {
            self.fs().line = node_line(*s);
            // A label followed only by labels (or nothing) up to the block's end counts as
            // the block's end for the "jumps into the scope of a local" rule.
            let at_end =
                b.last_stmt().is_none() && stmts[i..].iter().all(|s| matches!(s, Stmt::Label(_)));
            self.stmt(s, at_end)?;
            self.check_limits()?;
            let fs = self.fs();
            fs.free_reg = fs.nactive_regs();
        }
        if let Some(last) = b.last_stmt() {
            self.fs().line = node_line(last);
            match last {
                LastStmt::Return(r) => self.ret(r.returns())?,
                LastStmt::Break(tok) => self.brk(lex::line_of(tok))?,
                _ => return Err(self.err(node_line(last), "unsupported statement")),
            }
            self.check_limits()?;
        }
        Ok(())
    }

    fn check_limits(&mut self) -> R<()> {
        match self.fs().overflow {
            Some(msg) => {
                let line = self.fs().line;
                Err(self.err(line, msg))
            }
            None => Ok(()),
        }
    }

    /// A nested block with its own scope.
    fn scoped_block(&mut self, b: &Block) -> R<()> {
        self.fs().enter_block(false);
        self.block(b)?;
        self.fs().leave_block();
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt, label_at_end: bool) -> R<()> {
        match s {
            Stmt::LocalAssignment(l) => self.local(l),
            Stmt::Assignment(a) => self.assign(a),
            Stmt::FunctionCall(call) => {
                let e = self.expr(&Expression::FunctionCall(call.clone()))?;
                self.set_returns(e, Some(0));
                Ok(())
            }
            Stmt::Do(d) => self.scoped_block(d.block()),
            Stmt::If(i) => self.if_stmt(i),
            Stmt::While(w) => self.while_stmt(w),
            Stmt::Repeat(r) => self.repeat(r),
            Stmt::NumericFor(f) => self.numeric_for(f),
            Stmt::GenericFor(f) => self.generic_for(f),
            Stmt::LocalFunction(f) => {
                let fs = self.fs();
                let reg = fs.reserve(1);
                fs.add_local(lex::ident(f.name()).into(), reg);
                let idx = self.function_body(f.body(), false, node_line(f))?;
                self.fs().ad(Op::Fnew, reg, idx);
                Ok(())
            }
            Stmt::FunctionDeclaration(f) => self.function_decl(f),
            Stmt::Goto(g) => self.goto(lex::ident(g.label_name()), lex::line_of(g.goto_token())),
            Stmt::Label(l) => {
                self.label(lex::ident(l.name()), lex::line_of(l.name()), label_at_end)
            }
            _ => Err(self.err(node_line(s), "unsupported statement")),
        }
    }

    // ---- locals and assignment ----

    fn local(&mut self, l: &LocalAssignment) -> R<()> {
        let names: Vec<Rc<str>> = l.names().iter().map(|n| Rc::from(lex::ident(n))).collect();
        let base = self.fs().free_reg;
        self.explist_to_regs(l.expressions(), names.len())?;
        let fs = self.fs();
        for (i, name) in names.into_iter().enumerate() {
            fs.add_local(name, base + i);
        }
        fs.free_reg = base + l.names().len();
        Ok(())
    }

    /// Evaluate `exprs` into `want` consecutive new registers.
    fn explist_to_regs(&mut self, exprs: &Punctuated<Expression>, want: usize) -> R<()> {
        let base = self.fs().free_reg;
        let n = exprs.len();
        for (i, e) in exprs.iter().enumerate() {
            let x = self.expr(e)?;
            if i + 1 == n && x.is_multi() && want > i {
                let extra = want - i;
                self.set_returns(x, Some(extra));
                // The results start at the call's base (or the VARG's A), i.e. base + i.
                let fs = self.fs();
                fs.free_reg = base + i + 1;
                fs.reserve(extra - 1);
            } else {
                if i >= want {
                    // Surplus value: evaluated for its effects, then dropped.
                    if x.is_multi() {
                        self.set_returns(x, Some(0));
                    } else {
                        self.exp_to_next_reg(x);
                    }
                    continue;
                }
                self.exp_to_next_reg(x);
            }
        }
        let fs = self.fs();
        let have = fs.free_reg - base;
        if have < want {
            let first = fs.reserve(want - have);
            fs.ad(Op::Knil, first, base + want - 1);
        }
        fs.free_reg = base + want;
        Ok(())
    }

    fn target(&mut self, v: &Var) -> R<Target> {
        match v {
            Var::Name(tok) => Ok(match self.name(lex::ident(tok)) {
                Exp::Local(r) => Target::Local(r),
                Exp::Upval(u) => Target::Upval(u),
                Exp::Global(s) => Target::Global(s),
                _ => unreachable!("names resolve to variables"),
            }),
            Var::Expression(ve) => {
                let mut e = self.prefix(ve.prefix())?;
                for s in ve.suffixes() {
                    e = self.suffix(e, s)?;
                }
                match e {
                    Exp::Index(obj, key) => Ok(Target::Index(obj, key)),
                    _ => Err(self.err(node_line(v), "syntax error: cannot assign to a call")),
                }
            }
            _ => Err(self.err(node_line(v), "unsupported assignment target")),
        }
    }

    fn assign(&mut self, a: &Assignment) -> R<()> {
        let mut targets = Vec::new();
        for v in a.variables().iter() {
            let t = self.target(v)?;
            if let Target::Local(r) = t {
                // A local assigned here but used as a table or key by an earlier target:
                // those targets keep the old value (LuaJIT's assign_hazard).
                let hazard = targets.iter().any(|t| matches!(t, Target::Index(o, k) if *o == r || matches!(k, Key::Reg(x) if *x == r)));
                if hazard {
                    let tmp = self.fs().reserve(1) as u8;
                    self.fs().ad(Op::Mov, tmp as usize, r as usize);
                    for t in targets.iter_mut() {
                        if let Target::Index(o, k) = t {
                            if *o == r {
                                *o = tmp;
                            }
                            if matches!(k, Key::Reg(x) if *x == r) {
                                *k = Key::Reg(tmp);
                            }
                        }
                    }
                }
            }
            targets.push(t);
        }
        let exprs = a.expressions();
        if targets.len() == 1 && exprs.len() == 1 {
            let e = self.expr(exprs.iter().next().expect("one expression"))?;
            self.store(targets[0], e);
            return Ok(());
        }
        let base = self.fs().free_reg;
        self.explist_to_regs(exprs, targets.len())?;
        for (i, t) in targets.iter().enumerate().rev() {
            self.store(*t, Exp::NonReloc((base + i) as u8));
        }
        Ok(())
    }

    fn store(&mut self, t: Target, e: Exp) {
        match t {
            Target::Local(r) => {
                let e = self.discharge_vars(e);
                self.free_exp(e);
                self.discharge_to(e, r as usize);
            }
            Target::Upval(u) => {
                let v = self.exp_to_any_reg(e);
                self.fs().ad(Op::Uset, u as usize, v as usize);
            }
            Target::Global(s) => {
                let v = self.exp_to_any_reg(e);
                let k = self.fs().str_const(s);
                self.fs().ad(Op::Gset, v as usize, k);
            }
            Target::Index(obj, key) => {
                let v = self.exp_to_any_reg(e);
                self.store_index(obj, key, v);
            }
        }
    }

    // ---- control flow ----

    fn if_stmt(&mut self, i: &If) -> R<()> {
        let mut ends = Vec::new();
        let mut jf = self.cond_jump(i.condition(), false)?;
        self.scoped_block(i.block())?;
        for ei in i.else_if().map(|v| v.as_slice()).unwrap_or(&[]) {
            ends.push(self.fs().emit_jump(Op::Jmp, 0));
            self.fs().patch_here(&jf);
            self.fs().line = node_line(ei);
            jf = self.cond_jump(ei.condition(), false)?;
            self.scoped_block(ei.block())?;
        }
        if let Some(eb) = i.else_block() {
            ends.push(self.fs().emit_jump(Op::Jmp, 0));
            self.fs().patch_here(&jf);
            self.scoped_block(eb)?;
        } else {
            self.fs().patch_here(&jf);
        }
        self.fs().patch_here(&ends);
        Ok(())
    }

    fn while_stmt(&mut self, w: &While) -> R<()> {
        let fs = self.fs();
        fs.enter_block(true);
        let start = fs.pc();
        let exit = self.cond_jump(w.condition(), false)?;
        let fs = self.fs();
        let lp = fs.emit_jump(Op::Loop, fs.free_reg);
        self.scoped_block(w.block())?;
        let fs = self.fs();
        fs.line = node_line(w.end_token());
        let back = fs.emit_jump(Op::Jmp, 0);
        fs.patch(back, start);
        fs.patch_here(&exit);
        fs.patch_here(&[lp]);
        fs.leave_block();
        Ok(())
    }

    fn repeat(&mut self, r: &Repeat) -> R<()> {
        let fs = self.fs();
        fs.enter_block(true);
        let start = fs.pc();
        let lp = fs.emit_jump(Op::Loop, fs.free_reg);
        fs.enter_block(false);
        self.block(r.block())?;
        self.fs().line = node_line(r.until());
        // The condition sees the body's locals.
        let captured = self.fs().blocks.last().is_some_and(|b| b.has_upval);
        if captured {
            let jt = self.cond_jump(r.until(), true)?;
            let fs = self.fs();
            let base = fs
                .actives
                .get(fs.blocks.last().unwrap().nactive)
                .map_or(fs.free_reg, |v| v.reg as usize);
            let back = fs.emit_jump(Op::Uclo, base);
            fs.patch(back, start);
            fs.patch_here(&jt);
        } else {
            let jf = self.cond_jump(r.until(), false)?;
            let fs = self.fs();
            for j in jf {
                fs.patch(j, start);
            }
        }
        let fs = self.fs();
        fs.leave_block();
        fs.patch_here(&[lp]);
        fs.leave_block();
        Ok(())
    }

    fn numeric_for(&mut self, f: &NumericFor) -> R<()> {
        self.fs().enter_block(true);
        let base = self.fs().free_reg;
        let e = self.expr(f.start())?;
        self.exp_to_next_reg(e);
        let e = self.expr(f.end())?;
        self.exp_to_next_reg(e);
        match f.step() {
            Some(s) => {
                let e = self.expr(s)?;
                self.exp_to_next_reg(e);
            }
            None => {
                self.exp_to_next_reg(Exp::Num(1.0));
            }
        }
        let fs = self.fs();
        for (i, n) in ["(for index)", "(for limit)", "(for step)"]
            .iter()
            .enumerate()
        {
            fs.add_local(Rc::from(*n), base + i);
        }
        fs.line = node_line(f.for_token());
        let fori = fs.emit_jump(Op::Fori, base);
        fs.enter_block(false);
        let v = fs.reserve(1);
        fs.add_local(lex::ident(f.index_variable()).into(), v);
        let body = fs.pc();
        self.block(f.block())?;
        let fs = self.fs();
        fs.leave_block();
        // The loop control op carries the `for` line, as in LuaJIT.
        fs.line = node_line(f.for_token());
        let forl = fs.emit_jump(Op::Forl, base);
        fs.patch(forl, body);
        fs.patch(fori, forl + 1);
        fs.leave_block();
        Ok(())
    }

    fn generic_for(&mut self, f: &GenericFor) -> R<()> {
        self.fs().enter_block(true);
        let base = self.fs().free_reg;
        self.explist_to_regs(f.expressions(), 3)?;
        let fs = self.fs();
        for (i, n) in ["(for generator)", "(for state)", "(for control)"]
            .iter()
            .enumerate()
        {
            fs.add_local(Rc::from(*n), base + i);
        }
        fs.line = node_line(f.for_token());
        let to_call = fs.emit_jump(Op::Jmp, base + 3);
        fs.enter_block(false);
        let nvars = f.names().len();
        let first = fs.reserve(nvars);
        for (i, n) in f.names().iter().enumerate() {
            fs.add_local(lex::ident(n).into(), first + i);
        }
        let body = fs.pc();
        self.block(f.block())?;
        let fs = self.fs();
        fs.leave_block();
        fs.max_stack = fs.max_stack.max(base + 3 + nvars.max(3));
        fs.line = node_line(f.for_token());
        fs.patch_here(&[to_call]);
        fs.abc(Op::Iterc, base + 3, nvars + 1, 3);
        let iterl = fs.emit_jump(Op::Iterl, base + 3);
        fs.patch(iterl, body);
        fs.leave_block();
        Ok(())
    }

    fn brk(&mut self, line: u32) -> R<()> {
        let fs = self.fs();
        let Some(bi) = fs.blocks.iter().rposition(|b| b.breaks.is_some()) else {
            return Err(self.err(line, "no loop to break"));
        };
        let j = fs.emit_jump(Op::Jmp, 0);
        fs.blocks[bi].breaks.as_mut().expect("loop block").push(j);
        Ok(())
    }

    fn goto(&mut self, name: &str, line: u32) -> R<()> {
        let fs = self.fs();
        let nactive = fs.actives.len();
        // A backward jump to a visible label.
        for b in fs.blocks.iter().rev() {
            if let Some(&(_, pc, label_nactive)) = b.labels.iter().find(|(n, _, _)| &**n == name) {
                let level = fs
                    .actives
                    .get(label_nactive)
                    .map_or(fs.free_reg, |v| v.reg as usize);
                let op = if nactive > label_nactive {
                    Op::Uclo
                } else {
                    Op::Jmp
                };
                let j = fs.emit_jump(op, level);
                fs.patch(j, pc);
                return Ok(());
            }
        }
        let j = fs.emit_jump(Op::Jmp, 0);
        let depth = fs.blocks.len();
        fs.gotos.push(PendingGoto {
            name: name.into(),
            pc: j,
            line,
            nactive,
            depth,
        });
        Ok(())
    }

    fn label(&mut self, name: &str, line: u32, at_block_end: bool) -> R<()> {
        let fs = self.fs();
        if fs
            .blocks
            .iter()
            .any(|b| b.labels.iter().any(|(n, _, _)| &**n == name))
        {
            return Err(self.err(line, format!("duplicate label '{name}'")));
        }
        let depth = fs.blocks.len();
        let here = fs.pc();
        let nactive = if at_block_end {
            fs.blocks.last().unwrap().nactive
        } else {
            fs.actives.len()
        };
        fs.blocks
            .last_mut()
            .unwrap()
            .labels
            .push((name.into(), here, nactive));
        let mut i = 0;
        while i < fs.gotos.len() {
            let g = &fs.gotos[i];
            if &*g.name == name && g.depth == depth {
                if g.nactive < nactive {
                    let local = fs.actives[g.nactive].name.clone();
                    let gline = g.line;
                    return Err(self.err(
                        gline,
                        format!(
                            "<goto {name}> at line {gline} jumps into the scope of local '{local}'"
                        ),
                    ));
                }
                let g = fs.gotos.remove(i);
                fs.patch(g.pc, here);
            } else {
                i += 1;
            }
        }
        Ok(())
    }

    fn ret(&mut self, exprs: &Punctuated<Expression>) -> R<()> {
        let n = exprs.len();
        if n == 0 {
            self.fs().emit_ret0();
            return Ok(());
        }
        if n == 1 {
            let only = exprs.iter().next().expect("one");
            let e = self.expr(only)?;
            if let (Exp::Call(pc), Expression::FunctionCall(_)) = (e, only) {
                // A proper tail call.
                let fs = self.fs();
                let ins = fs.code[pc];
                let op = if ins.op == Op::Callm {
                    Op::Callmt
                } else {
                    Op::Callt
                };
                fs.code[pc] = crate::op::Ins::ad(op, ins.a, ins.c as u16);
                return Ok(());
            }
            if e.is_multi() {
                let base = self.fs().free_reg;
                let base = if let Exp::Call(pc) = e {
                    self.fs().code[pc].a as usize
                } else {
                    base
                };
                self.set_returns(e, None);
                self.fs().ad(Op::Retm, base, 0);
                return Ok(());
            }
            let r = self.exp_to_any_reg(e);
            self.fs().ad(Op::Ret1, r as usize, 2);
            return Ok(());
        }
        let base = self.fs().free_reg;
        for (i, x) in exprs.iter().enumerate() {
            let e = self.expr(x)?;
            if i + 1 == n && e.is_multi() {
                self.set_returns(e, None);
                self.fs().ad(Op::Retm, base, n - 1);
                return Ok(());
            }
            self.exp_to_next_reg(e);
        }
        self.fs().ad(Op::Ret, base, n + 1);
        Ok(())
    }

    // ---- functions ----

    fn function_decl(&mut self, f: &FunctionDeclaration) -> R<()> {
        let line = node_line(f);
        let name = f.name();
        let mut parts = name.names().iter();
        let first = parts.next().expect("a function name");
        let mut e = self.name(lex::ident(first));
        let rest: Vec<_> = parts.collect();
        let method = name.method_name();
        let mut keys: Vec<&str> = rest.iter().map(|t| lex::ident(t)).collect();
        if let Some(m) = method {
            keys.push(lex::ident(m));
        }
        let target = if let Some((last, init)) = keys.split_last() {
            for k in init {
                let obj = self.exp_to_any_reg(e);
                e = Exp::Index(obj, Key::Str(self.heap.intern(k.as_bytes())));
            }
            let obj = self.exp_to_any_reg(e);
            Target::Index(obj, Key::Str(self.heap.intern(last.as_bytes())))
        } else {
            match e {
                Exp::Local(r) => Target::Local(r),
                Exp::Upval(u) => Target::Upval(u),
                Exp::Global(s) => Target::Global(s),
                _ => unreachable!("names resolve to variables"),
            }
        };
        let idx = self.function_body(f.body(), method.is_some(), line)?;
        let pc = self.fs().ad(Op::Fnew, 0, idx);
        self.fs().line = line;
        self.store(target, Exp::Reloc(pc));
        Ok(())
    }

    /// Compile a function body as a child of the current function; returns its index.
    pub(crate) fn function_body(
        &mut self,
        body: &FunctionBody,
        is_method: bool,
        line: u32,
    ) -> R<usize> {
        let mut names: Vec<Rc<str>> = Vec::new();
        if is_method {
            names.push(Rc::from("self"));
        }
        let mut vararg = false;
        for p in body.parameters().iter() {
            match p {
                Parameter::Name(t) => names.push(lex::ident(t).into()),
                Parameter::Ellipsis(_) => vararg = true,
                _ => return Err(self.err(line, "unsupported parameter")),
            }
        }
        let mut fs = FuncState::new(names.len() as u8, vararg, line);
        for (i, n) in names.into_iter().enumerate() {
            fs.add_local(n, i);
        }
        fs.free_reg = fs.actives.len();
        fs.max_stack = fs.max_stack.max(fs.free_reg);
        fs.emit_header();
        self.funcs.push(fs);
        self.block(body.block())?;
        let proto = self.finish_function(node_line(body.end_token()))?;
        let parent = self.fs();
        parent.children.push(proto);
        Ok(parent.children.len() - 1)
    }
}
