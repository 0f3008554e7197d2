//! The dispatch loop: one `match` per bytecode, registers addressed from the frame base,
//! every instruction charged to the virtual clock, hot points reported to the JIT
//! (`Vm::hot_point`, in `jit/hotpoint.rs`, which ticks the policy).

use super::call::Called;
use super::error::describe_reg;
use super::meta::ArithOp;
use super::{LuaError, Vm};
use crate::heap::Function;
use crate::op::{Ins, Op};
use crate::proto::{Proto, UpvalSource};
use crate::table::Table;
use crate::value::{FuncId, Value};
use hotsim_policies::HotKind;
use std::rc::Rc;

impl Vm {
    /// Run Lua frames until the frame count drops to `stop_depth`.
    // `flush!` zeroes the pending counters even right before a return, where the zeroing
    // is not read again; keeping the macro uniform is worth the allowance.
    #[allow(unused_assignments)]
    pub(crate) fn execute(&mut self, stop_depth: usize) -> Result<(), LuaError> {
        'frame: loop {
            let fi = self.frames.len() - 1;
            // SAFETY: every prototype is also owned by `self.protos`, which only grows and
            // lives as long as the VM, so this reference stays valid for the whole call
            // even when the frame that led here is popped. Borrowing it this way (instead
            // of cloning the Rc) keeps reference counting off the call path.
            let proto: &Proto = unsafe { &*Rc::as_ptr(&self.frames[fi].proto) };
            let func: FuncId = self.frames[fi].func;
            let base = self.frames[fi].base;
            let mut pc = self.frames[fi].pc;
            let code: &[Ins] = &proto.code;
            // SAFETY: `op_cost` is set once in `Vm::new` and never replaced or mutated.
            let op_cost: &[u64; 256] = unsafe { &*Rc::as_ptr(&self.op_cost) };
            // Clock and bytecode count accumulate locally and are flushed into `self`
            // before anything that can observe or advance them (calls, slow paths,
            // hot points, returns, errors).
            let mut pend_ps: u64 = 0;
            let mut pend_n: u64 = 0;
            let mut budget = self.check_at.saturating_sub(self.stats.bytecodes);

            // SAFETY (both unchecked accesses below): the verifier proved every register
            // operand < max_stack and every jump target inside the code, and
            // push_lua_frame made the stack at least base + max_stack long; the stack
            // never shrinks.
            macro_rules! reg {
                ($r:expr) => {
                    *unsafe { self.stack.get_unchecked_mut(base + $r as usize) }
                };
            }
            macro_rules! flush {
                () => {{
                    self.clock_ps += pend_ps;
                    self.stats.bytecodes += pend_n;
                    pend_ps = 0;
                    pend_n = 0;
                    budget = self.check_at.saturating_sub(self.stats.bytecodes);
                }};
            }
            macro_rules! save_pc {
                () => {{
                    self.frames[fi].pc = pc;
                    flush!();
                }};
            }
            macro_rules! jump {
                ($ins:expr) => {
                    pc = (pc as isize + $ins.jump() as isize) as usize
                };
            }
            // Take the JMP that follows a comparison if `$cond`, else skip it.
            macro_rules! cond_jump {
                ($cond:expr) => {{
                    if $cond {
                        let j = code[pc];
                        pc += 1;
                        jump!(j);
                    } else {
                        pc += 1;
                    }
                }};
            }
            macro_rules! describe {
                ($r:expr) => {
                    describe_reg(&self.heap, proto, pc - 1, $r as u8)
                };
            }
            macro_rules! type_error {
                ($what:expr, $r:expr, $v:expr) => {{
                    save_pc!();
                    let v: Value = $v;
                    let msg = match describe!($r) {
                        Some(name) => {
                            format!("attempt to {} {} (a {} value)", $what, name, v.type_name())
                        }
                        None => format!("attempt to {} a {} value", $what, v.type_name()),
                    };
                    return Err(self.rt_error_at(proto, pc - 1, &msg));
                }};
            }
            macro_rules! arith {
                ($ins:expr, $x:expr, $y:expr, $rb:expr, $rc:expr) => {{
                    let (x, y): (Value, Value) = ($x, $y);
                    let v = if let (Value::Num(a), Value::Num(b)) = (x, y) {
                        Value::Num(ArithOp::of($ins.op).apply(a, b))
                    } else {
                        save_pc!();
                        match self.arith_slow(ArithOp::of($ins.op), x, y) {
                            Ok(v) => v,
                            Err(Err(e)) => return Err(e),
                            Err(Ok(_)) => {
                                // Blame the first operand that is not a number.
                                let (blame, r) = if self.to_number(x).is_none() {
                                    (x, $rb)
                                } else {
                                    (y, $rc)
                                };
                                type_error!("perform arithmetic on", r, blame)
                            }
                        }
                    };
                    reg!($ins.a) = v;
                }};
            }

            loop {
                let ins = *unsafe { code.get_unchecked(pc) };
                pc += 1;
                pend_ps += op_cost[ins.op as usize];
                pend_n += 1;
                if pend_n >= budget {
                    save_pc!();
                    self.check_bounds()?;
                    if self.jit.recording() {
                        self.record_step(pc - 1);
                    }
                    budget = self.check_at.saturating_sub(self.stats.bytecodes);
                }
                match ins.op {
                    // ---- comparisons ----
                    Op::Islt | Op::Isge | Op::Isle | Op::Isgt => {
                        let (a, d) = (reg!(ins.a), reg!(ins.d()));
                        let le = matches!(ins.op, Op::Isle | Op::Isgt);
                        let r = if let (Value::Num(x), Value::Num(y)) = (a, d) {
                            if le { x <= y } else { x < y }
                        } else {
                            save_pc!();
                            self.less(a, d, le)?
                        };
                        cond_jump!(r == matches!(ins.op, Op::Islt | Op::Isle));
                    }
                    Op::Iseqv | Op::Isnev => {
                        let (a, d) = (reg!(ins.a), reg!(ins.d()));
                        let eq = if let (Value::Table(_), Value::Table(_)) = (a, d) {
                            save_pc!();
                            self.equals(a, d)?
                        } else {
                            a.raw_eq(d)
                        };
                        cond_jump!(eq == (ins.op == Op::Iseqv));
                    }
                    Op::Iseqs | Op::Isnes => {
                        let eq = matches!(reg!(ins.a), Value::Str(s) if s == proto.strs[ins.d() as usize]);
                        cond_jump!(eq == (ins.op == Op::Iseqs));
                    }
                    Op::Iseqn | Op::Isnen => {
                        let eq = matches!(reg!(ins.a), Value::Num(n) if n == proto.nums[ins.d() as usize]);
                        cond_jump!(eq == (ins.op == Op::Iseqn));
                    }
                    Op::Iseqp | Op::Isnep => {
                        let eq = match (reg!(ins.a), ins.d()) {
                            (Value::Nil, 0) => true,
                            (Value::Bool(b), 1) => !b,
                            (Value::Bool(b), 2) => b,
                            _ => false,
                        };
                        cond_jump!(eq == (ins.op == Op::Iseqp));
                    }
                    Op::Istc | Op::Isfc => {
                        let v = reg!(ins.d());
                        if v.truthy() == (ins.op == Op::Istc) {
                            reg!(ins.a) = v;
                            cond_jump!(true);
                        } else {
                            pc += 1;
                        }
                    }
                    Op::Ist | Op::Isf => {
                        cond_jump!(reg!(ins.d()).truthy() == (ins.op == Op::Ist));
                    }

                    // ---- unary ----
                    Op::Mov => reg!(ins.a) = reg!(ins.d()),
                    Op::Not => reg!(ins.a) = Value::Bool(!reg!(ins.d()).truthy()),
                    Op::Unm => {
                        let v = reg!(ins.d());
                        let r = match v {
                            Value::Num(n) => Value::Num(-n),
                            _ => {
                                save_pc!();
                                match self.arith_slow(ArithOp::Unm, v, v) {
                                    Ok(r) => r,
                                    Err(Err(e)) => return Err(e),
                                    Err(Ok(_)) => type_error!("perform arithmetic on", ins.d(), v),
                                }
                            }
                        };
                        reg!(ins.a) = r;
                    }
                    Op::Len => {
                        let v = reg!(ins.d());
                        let r = match v {
                            Value::Str(s) => self.heap.str(s).len() as f64,
                            Value::Table(t) => self.heap.table(t).len() as f64,
                            _ => {
                                save_pc!();
                                let mm = self.metamethod(v, self.names.len);
                                if mm.is_nil() {
                                    type_error!("get length of", ins.d(), v);
                                }
                                let r = self.call_meta(mm, &[v])?;
                                reg!(ins.a) = r;
                                continue;
                            }
                        };
                        reg!(ins.a) = Value::Num(r);
                    }

                    // ---- arithmetic ----
                    Op::Addvn | Op::Subvn | Op::Mulvn | Op::Divvn | Op::Modvn => {
                        let k = Value::Num(proto.nums[ins.c as usize]);
                        arith!(ins, reg!(ins.b), k, ins.b, 255u8);
                    }
                    Op::Addnv | Op::Subnv | Op::Mulnv | Op::Divnv | Op::Modnv => {
                        let k = Value::Num(proto.nums[ins.c as usize]);
                        arith!(ins, k, reg!(ins.b), 255u8, ins.b);
                    }
                    Op::Addvv | Op::Subvv | Op::Mulvv | Op::Divvv | Op::Modvv | Op::Pow => {
                        arith!(ins, reg!(ins.b), reg!(ins.c), ins.b, ins.c);
                    }
                    Op::Cat => {
                        save_pc!();
                        let (b, c) = (ins.b as usize, ins.c as usize);
                        let r = self.concat_regs(proto, pc - 1, base, b, c)?;
                        reg!(ins.a) = r;
                        self.maybe_gc();
                    }

                    // ---- constants ----
                    Op::Kstr => reg!(ins.a) = Value::Str(proto.strs[ins.d() as usize]),
                    Op::Knum => reg!(ins.a) = Value::Num(proto.nums[ins.d() as usize]),
                    Op::Kpri => {
                        reg!(ins.a) = match ins.d() {
                            0 => Value::Nil,
                            1 => Value::Bool(false),
                            _ => Value::Bool(true),
                        }
                    }
                    Op::Knil => {
                        for r in ins.a as usize..=ins.d() as usize {
                            reg!(r) = Value::Nil;
                        }
                    }

                    // ---- upvalues and closures ----
                    Op::Uget => {
                        let id = self.closure_upval(func, ins.d() as usize);
                        reg!(ins.a) = self.upval_get(id);
                    }
                    Op::Uset => {
                        let id = self.closure_upval(func, ins.a as usize);
                        let v = reg!(ins.d());
                        self.upval_set(id, v);
                    }
                    Op::Uclo => {
                        self.close_upvals(base + ins.a as usize);
                        jump!(ins);
                    }
                    Op::Fnew => {
                        let child = proto.children[ins.d() as usize].clone();
                        child
                            .closures
                            .set((child.closures.get() + 1).min(Proto::CLOSURES_POLY));
                        let upvals: Box<[_]> = child
                            .upvals
                            .iter()
                            .map(|(src, _)| match *src {
                                UpvalSource::Local(r) => self.find_upval(base + r as usize),
                                UpvalSource::Upval(u) => self.closure_upval(func, u as usize),
                            })
                            .collect();
                        let f = self.heap.new_func(Function::Lua {
                            proto: child,
                            upvals,
                        });
                        reg!(ins.a) = Value::Func(f);
                        self.maybe_gc();
                    }

                    // ---- tables ----
                    Op::Tnew => {
                        let t = self.heap.new_table(Table::from_tnew(u32::from(ins.d())));
                        reg!(ins.a) = Value::Table(t);
                        self.maybe_gc();
                    }
                    Op::Tdup => {
                        let template = proto.tabs[ins.d() as usize];
                        let copy = self.heap.table(template).dup();
                        let t = self.heap.new_table(copy);
                        reg!(ins.a) = Value::Table(t);
                        self.maybe_gc();
                    }
                    Op::Gget => {
                        let k = proto.strs[ins.d() as usize];
                        let g = self.heap.table(self.globals);
                        let v = g.get_str_cached(k, &proto.ic[pc - 1]);
                        reg!(ins.a) = if v.is_nil() && g.meta.is_some() {
                            save_pc!();
                            match self.index_slow(Value::Table(self.globals), Value::Str(k)) {
                                Ok(v) => v,
                                Err(Err(e)) => return Err(e),
                                Err(Ok(_)) => Value::Nil,
                            }
                        } else {
                            v
                        };
                    }
                    Op::Gset => {
                        let k = Value::Str(proto.strs[ins.d() as usize]);
                        let v = reg!(ins.a);
                        let g = self.heap.table_mut(self.globals);
                        if g.meta.is_none() {
                            let Value::Str(ks) = k else {
                                unreachable!("string key")
                            };
                            g.set_str_cached(ks, v, &proto.ic[pc - 1]);
                        } else {
                            save_pc!();
                            match self.set_index_slow(Value::Table(self.globals), k, v) {
                                Ok(()) => {}
                                Err(Err(e)) => return Err(e),
                                Err(Ok(_)) => unreachable!("globals is a table"),
                            }
                        }
                    }
                    Op::Tgetv | Op::Tgets | Op::Tgetb => {
                        let obj = reg!(ins.b);
                        let key = match ins.op {
                            Op::Tgetv => reg!(ins.c),
                            Op::Tgets => Value::Str(proto.strs[ins.c as usize]),
                            _ => Value::Num(ins.c as f64),
                        };
                        let fast = match obj {
                            Value::Table(t) => {
                                let tab = self.heap.table(t);
                                let v = match ins.op {
                                    Op::Tgets => tab.get_str_cached(
                                        proto.strs[ins.c as usize],
                                        &proto.ic[pc - 1],
                                    ),
                                    _ => tab.get(key),
                                };
                                (!v.is_nil() || tab.meta.is_none()).then_some(v)
                            }
                            _ => None,
                        };
                        reg!(ins.a) = match fast {
                            Some(v) => v,
                            None => {
                                save_pc!();
                                match self.index_slow(obj, key) {
                                    Ok(v) => v,
                                    Err(Err(e)) => return Err(e),
                                    Err(Ok(bad)) => {
                                        if bad.raw_eq(obj) {
                                            type_error!("index", ins.b, obj)
                                        }
                                        type_error!("index", 255u8, bad)
                                    }
                                }
                            }
                        };
                    }
                    Op::Tsetv | Op::Tsets | Op::Tsetb => {
                        let obj = reg!(ins.b);
                        let key = match ins.op {
                            Op::Tsetv => reg!(ins.c),
                            Op::Tsets => Value::Str(proto.strs[ins.c as usize]),
                            _ => Value::Num(ins.c as f64),
                        };
                        let v = reg!(ins.a);
                        let done = match obj {
                            Value::Table(t) => {
                                let tab = self.heap.table_mut(t);
                                if tab.meta.is_none() {
                                    if ins.op == Op::Tsets {
                                        tab.set_str_cached(
                                            proto.strs[ins.c as usize],
                                            v,
                                            &proto.ic[pc - 1],
                                        );
                                    } else if tab.set(key, v).is_err() {
                                        save_pc!();
                                        self.raw_set(t, key, v)?;
                                    }
                                    true
                                } else {
                                    false
                                }
                            }
                            _ => false,
                        };
                        if !done {
                            save_pc!();
                            match self.set_index_slow(obj, key, v) {
                                Ok(()) => {}
                                Err(Err(e)) => return Err(e),
                                Err(Ok(bad)) => {
                                    if bad.raw_eq(obj) {
                                        type_error!("index", ins.b, obj)
                                    }
                                    type_error!("index", 255u8, bad)
                                }
                            }
                        }
                    }
                    Op::Tsetm => {
                        let Value::Table(t) = reg!(ins.a - 1) else {
                            unreachable!("TSETM targets a fresh table")
                        };
                        let start = ins.d() as i64;
                        let from = base + ins.a as usize;
                        for (i, slot) in (from..self.mret_top).enumerate() {
                            let v = self.stack[slot];
                            self.heap.table_mut(t).set_int(start + i as i64, v);
                        }
                    }

                    // ---- calls ----
                    Op::Call | Op::Callm => {
                        let slot = base + ins.a as usize;
                        let nargs = if ins.op == Op::Call {
                            ins.c as usize - 1
                        } else {
                            self.mret_top - slot - 1
                        };
                        save_pc!();
                        // Fast path: a Lua closure gets its frame here, without the
                        // general call dispatch.
                        if let Value::Func(fid) = self.stack[slot] {
                            if let Function::Lua { proto: callee, .. } = self.heap.func(fid) {
                                let callee = callee.clone();
                                self.push_lua_frame(
                                    callee,
                                    fid,
                                    slot,
                                    nargs,
                                    ins.b as i32 - 1,
                                    true,
                                )?;
                                continue 'frame;
                            }
                        } else {
                            let f = self.stack[slot];
                            if self.metamethod(f, self.names.call).is_nil() {
                                type_error!("call", ins.a, f);
                            }
                        }
                        match self.precall(slot, nargs, ins.b as i32 - 1, true)? {
                            Called::Lua => continue 'frame,
                            Called::Native(n) => {
                                self.finish_native_results(slot, n, ins.b as i32 - 1);
                                self.maybe_gc();
                            }
                        }
                    }
                    Op::Callt | Op::Callmt => {
                        let slot = base + ins.a as usize;
                        let nargs = if ins.op == Op::Callt {
                            ins.d() as usize - 1
                        } else {
                            self.mret_top - slot - 1
                        };
                        save_pc!();
                        let mut f = self.stack[slot];
                        let mut nargs = nargs;
                        if !matches!(f, Value::Func(_)) {
                            let mm = self.metamethod(f, self.names.call);
                            if mm.is_nil() {
                                type_error!("call", ins.a, f);
                            }
                            // Call the handler with the object as its first argument.
                            self.ensure_stack(slot + nargs + 2)?;
                            self.stack.copy_within(slot..slot + nargs + 1, slot + 1);
                            self.stack[slot] = mm;
                            nargs += 1;
                            f = mm;
                        }
                        let is_lua = matches!(f, Value::Func(id) if matches!(self.heap.func(id), Function::Lua { .. }));
                        if is_lua {
                            // Replace this frame: move callee and args down to our slot.
                            let frame = self.frames.pop().expect("frame");
                            self.close_upvals(frame.ret_slot);
                            let dst = frame.ret_slot;
                            self.stack.copy_within(slot..slot + nargs + 1, dst);
                            self.precall(dst, nargs, frame.nresults, frame.from_lua)?;
                            continue 'frame;
                        }
                        // A native in tail position has no Lua caller left (LuaJIT drops
                        // the frame), so its errors carry no position.
                        let n = match self.precall(slot, nargs, -1, false)? {
                            Called::Native(n) => n,
                            Called::Lua => unreachable!("checked above"),
                        };
                        self.maybe_gc();
                        if self.post_call(slot, n, stop_depth) {
                            return Ok(());
                        }
                        continue 'frame;
                    }
                    Op::Iterc => {
                        let a = base + ins.a as usize;
                        self.stack.copy_within(a - 3..a, a);
                        save_pc!();
                        let f = self.stack[a];
                        if !matches!(f, Value::Func(_))
                            && self.metamethod(f, self.names.call).is_nil()
                        {
                            type_error!("call", ins.a, f);
                        }
                        match self.precall(a, 2, ins.b as i32 - 1, true)? {
                            Called::Lua => continue 'frame,
                            Called::Native(n) => self.finish_native_results(a, n, ins.b as i32 - 1),
                        }
                    }
                    Op::Varg => {
                        let nvar = self.frames[fi].nvarargs;
                        let src = base - nvar;
                        let dst = base + ins.a as usize;
                        if ins.b == 0 {
                            save_pc!();
                            self.ensure_stack(dst + nvar + 1)?;
                            self.stack.copy_within(src..src + nvar, dst);
                            self.mret_top = dst + nvar;
                        } else {
                            let want = ins.b as usize - 1;
                            for i in 0..want {
                                reg!(ins.a as usize + i) = if i < nvar {
                                    self.stack[src + i]
                                } else {
                                    Value::Nil
                                };
                            }
                        }
                    }

                    // ---- returns ----
                    Op::Ret0 => {
                        flush!();
                        if self.post_call(base, 0, stop_depth) {
                            return Ok(());
                        }
                        continue 'frame;
                    }
                    Op::Ret1 => {
                        flush!();
                        if self.post_call(base + ins.a as usize, 1, stop_depth) {
                            return Ok(());
                        }
                        continue 'frame;
                    }
                    Op::Ret => {
                        flush!();
                        if self.post_call(base + ins.a as usize, ins.d() as usize - 1, stop_depth) {
                            return Ok(());
                        }
                        continue 'frame;
                    }
                    Op::Retm => {
                        flush!();
                        let from = base + ins.a as usize;
                        let n = self.mret_top - from;
                        if self.post_call(from, n, stop_depth) {
                            return Ok(());
                        }
                        continue 'frame;
                    }

                    // ---- loops and hot points ----
                    Op::Fori => {
                        let a = ins.a as usize;
                        let (idx, stop, step) = (reg!(a), reg!(a + 1), reg!(a + 2));
                        let (Value::Num(i), Value::Num(s), Value::Num(st)) = (idx, stop, step)
                        else {
                            save_pc!();
                            let what = if !matches!(idx, Value::Num(_)) {
                                "'for' initial value must be a number"
                            } else if !matches!(stop, Value::Num(_)) {
                                "'for' limit must be a number"
                            } else {
                                "'for' step must be a number"
                            };
                            return Err(self.rt_error_at(proto, pc - 1, what));
                        };
                        if if st > 0.0 { i <= s } else { s <= i } {
                            reg!(a + 3) = Value::Num(i);
                        } else {
                            jump!(ins);
                        }
                    }
                    Op::Forl => {
                        let mut enter = None;
                        if self.ticking {
                            save_pc!();
                            enter = self.hot_point(proto, pc, HotKind::Loop);
                            budget = self.check_at.saturating_sub(self.stats.bytecodes);
                        }
                        let a = ins.a as usize;
                        let (Value::Num(i), Value::Num(s), Value::Num(st)) =
                            (reg!(a), reg!(a + 1), reg!(a + 2))
                        else {
                            unreachable!("FORI checked the loop variables")
                        };
                        let i = i + st;
                        reg!(a) = Value::Num(i);
                        if if st > 0.0 { i <= s } else { s <= i } {
                            reg!(a + 3) = Value::Num(i);
                            jump!(ins);
                            if let Some(t) = enter {
                                self.frames[fi].pc = pc;
                                self.enter_trace(t, fi);
                                continue 'frame;
                            }
                        }
                    }
                    Op::Iterl => {
                        let mut enter = None;
                        if self.ticking {
                            save_pc!();
                            enter = self.hot_point(proto, pc, HotKind::Loop);
                            budget = self.check_at.saturating_sub(self.stats.bytecodes);
                        }
                        let v = reg!(ins.a);
                        if !v.is_nil() {
                            reg!(ins.a - 1) = v;
                            jump!(ins);
                            if let Some(t) = enter {
                                self.frames[fi].pc = pc;
                                self.enter_trace(t, fi);
                                continue 'frame;
                            }
                        }
                    }
                    Op::Loop => {
                        if self.ticking {
                            save_pc!();
                            let enter = self.hot_point(proto, pc, HotKind::Loop);
                            budget = self.check_at.saturating_sub(self.stats.bytecodes);
                            if let Some(t) = enter {
                                self.enter_trace(t, fi);
                                continue 'frame;
                            }
                        }
                    }
                    Op::Jmp => jump!(ins),
                    Op::Funcf => {
                        if self.ticking {
                            save_pc!();
                            let enter = self.hot_point(proto, pc, HotKind::Call);
                            budget = self.check_at.saturating_sub(self.stats.bytecodes);
                            if let Some(t) = enter {
                                self.enter_trace(t, fi);
                                continue 'frame;
                            }
                        }
                    }
                    Op::Funcv => {}
                }
            }
        }
    }

    /// Move a native's results (already at `slot`) into place for the caller.
    #[inline]
    fn finish_native_results(&mut self, slot: usize, n: usize, want: i32) {
        if want < 0 {
            self.mret_top = slot + n;
        } else {
            for v in &mut self.stack[slot + n..slot + (want as usize).max(n)] {
                *v = Value::Nil;
            }
        }
    }

    #[inline]
    fn closure_upval(&self, func: FuncId, idx: usize) -> crate::value::UpvalId {
        match self.heap.func(func) {
            Function::Lua { upvals, .. } => upvals[idx],
            Function::Native { .. } => unreachable!("Lua frames run Lua closures"),
        }
    }

    /// Concatenate registers `b..=c` of the frame at `base`.
    /// A concatenation result of `len` bytes: past LuaJIT's longest string it is
    /// "string length overflow" at the instruction (`lj_meta_cat`), past the heap's
    /// budget "not enough memory".
    #[cold]
    fn check_concat_len(&mut self, proto: &Proto, pc: usize, len: usize) -> Result<(), LuaError> {
        if len > crate::memory::MAX_STRING_LEN {
            return Err(self.rt_error_at(proto, pc, "string length overflow"));
        }
        self.reserve_bytes(len)
    }

    #[inline(never)]
    fn concat_regs(
        &mut self,
        proto: &Proto,
        pc: usize,
        base: usize,
        b: usize,
        c: usize,
    ) -> Result<Value, LuaError> {
        let mut buf = Vec::new();
        let all_plain =
            (b..=c).all(|r| matches!(self.stack[base + r], Value::Str(_) | Value::Num(_)));
        if all_plain {
            let len: usize = (b..=c)
                .map(|r| match self.stack[base + r] {
                    Value::Str(s) => self.heap.str(s).len(),
                    _ => 24,
                })
                .sum();
            self.check_concat_len(proto, pc, len)?;
            for r in b..=c {
                let v = self.stack[base + r];
                self.append_concat(v, &mut buf);
            }
            // The op's own cost covers one pair; each further operand adds a pair.
            self.charge(crate::cost::ps(
                self.cost.concat * (c - b).saturating_sub(1) as f64,
            ));
            self.charge_native(buf.len());
            return Ok(self.heap.str_value(&buf));
        }
        // Right to left, pairwise, with __concat.
        let mut acc = self.stack[base + c];
        let mut acc_reg = c;
        for r in (b..c).rev() {
            let left = self.stack[base + r];
            buf.clear();
            if let (Value::Str(x), Value::Str(y)) = (left, acc) {
                let len = self.heap.str(x).len() + self.heap.str(y).len();
                self.check_concat_len(proto, pc, len)?;
            }
            if self.append_concat(left, &mut buf) && self.append_concat(acc, &mut buf) {
                acc = self.heap.str_value(&buf);
            } else {
                match self.concat_meta(left, acc) {
                    Ok(v) => acc = v,
                    Err(Err(e)) => return Err(e),
                    Err(Ok(blame)) => {
                        let reg = if blame.raw_eq(left) { r } else { acc_reg };
                        let name = describe_reg(&self.heap, proto, pc, reg as u8);
                        let msg = match name {
                            Some(n) => format!(
                                "attempt to concatenate {n} (a {} value)",
                                blame.type_name()
                            ),
                            None => format!("attempt to concatenate a {} value", blame.type_name()),
                        };
                        return Err(self.rt_error_at(proto, pc, &msg));
                    }
                }
            }
            acc_reg = usize::MAX;
        }
        Ok(acc)
    }
}
