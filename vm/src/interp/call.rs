//! Calls and returns: frame setup, varargs, natives, `__call`, re-entrant calls from
//! natives, upvalue closing, and error positions.

use super::{Frame, LuaError, MAX_C_DEPTH, Vm};
use crate::heap::{Function, Upval};
use crate::op::Op;
use crate::proto::Proto;
use crate::value::{UpvalId, Value};
use std::rc::Rc;

/// Most nested Lua calls; deeper recursion is a "stack overflow" error.
pub(crate) const MAX_FRAMES: usize = 16_000;

/// A stack overflow outside a Lua function's entry (a native growing the stack): LuaJIT
/// reports it without a position.
pub(crate) fn stack_overflow(vm: &mut Vm) -> LuaError {
    LuaError::Error(vm.heap.str_value(b"stack overflow"))
}

/// A stack overflow on entering `callee`: LuaJIT's stack check runs in the callee's frame
/// (`lj_state_growstack` from the function header), so the position is the line of its
/// first instruction after the header.
fn stack_overflow_entering(vm: &mut Vm, callee: &Proto) -> LuaError {
    let text = format!("{}:{}: stack overflow", callee.chunk, callee.line(1));
    LuaError::Error(vm.heap.str_value(text.as_bytes()))
}

/// Stack left below which a re-entrant call switches to a new stack segment.
const REENTRY_RED_ZONE: usize = 256 << 10;
/// Size of each new stack segment for re-entrant calls.
const REENTRY_STACK_BYTES: usize = 4 << 20;

/// What `precall` did.
pub(crate) enum Called {
    /// A Lua frame was pushed; the interpreter continues in it.
    Lua,
    /// A native ran; its results are at `ret_slot..ret_slot + n`.
    Native(usize),
}

impl Vm {
    /// Set up a call of the value in `slot` with `nargs` arguments after it.
    ///
    /// `from_lua` says whether the caller is interpreted code (it decides error positions:
    /// a function called from a native has no Lua caller to blame).
    pub(crate) fn precall(
        &mut self,
        slot: usize,
        nargs: usize,
        nresults: i32,
        from_lua: bool,
    ) -> Result<Called, LuaError> {
        let f = match self.stack[slot] {
            Value::Func(f) => f,
            other => return self.precall_meta(other, slot, nargs, nresults, from_lua),
        };
        match self.heap.func(f) {
            Function::Lua { proto, .. } => {
                let proto = proto.clone();
                self.push_lua_frame(proto, f, slot, nargs, nresults, from_lua)?;
                Ok(Called::Lua)
            }
            Function::Native { f: native, .. } => {
                let native = *native;
                let base = slot + 1;
                self.top = base + nargs;
                self.stats.native_calls += 1;
                self.charge(crate::cost::ps(self.cost.native_call));
                self.native_ctx.push((self.frames.len(), from_lua));
                let r = native(self, base, nargs);
                self.native_ctx.pop();
                let n = r?;
                self.stack.copy_within(base..base + n, slot);
                Ok(Called::Native(n))
            }
        }
    }

    /// [`Vm::precall`] of a value that is not a function: its `__call` handler is called
    /// with the value as its first argument. Out of line, so the calls of functions stay
    /// a straight path.
    #[cold]
    #[inline(never)]
    fn precall_meta(
        &mut self,
        other: Value,
        slot: usize,
        nargs: usize,
        nresults: i32,
        from_lua: bool,
    ) -> Result<Called, LuaError> {
        let mm = self.metamethod(other, self.names.call);
        if mm.is_nil() {
            return Err(self.call_error(other, None));
        }
        // Shift the arguments up and call the handler with the object first.
        self.ensure_stack(slot + nargs + 2)?;
        self.stack.copy_within(slot..slot + nargs + 1, slot + 1);
        self.stack[slot] = mm;
        self.precall(slot, nargs + 1, nresults, from_lua)
    }

    #[inline]
    pub(crate) fn push_lua_frame(
        &mut self,
        proto: Rc<Proto>,
        func: crate::value::FuncId,
        slot: usize,
        nargs: usize,
        nresults: i32,
        from_lua: bool,
    ) -> Result<(), LuaError> {
        let nparams = proto.num_params as usize;
        let (base, nvarargs) = if proto.is_vararg {
            // Fixed parameters move above the varargs.
            let base = slot + 1 + nargs;
            if self
                .ensure_stack(base + proto.max_stack as usize + 1)
                .is_err()
            {
                return Err(stack_overflow_entering(self, &proto));
            }
            for i in 0..nparams {
                self.stack[base + i] = if i < nargs {
                    std::mem::take(&mut self.stack[slot + 1 + i])
                } else {
                    Value::Nil
                };
            }
            // The extra arguments already sit directly below base.
            (base, nargs.saturating_sub(nparams))
        } else {
            let base = slot + 1;
            if self
                .ensure_stack(base + proto.max_stack as usize + 1)
                .is_err()
            {
                return Err(stack_overflow_entering(self, &proto));
            }
            for i in nargs..nparams {
                self.stack[base + i] = Value::Nil;
            }
            (base, 0)
        };
        // Registers above the parameters are not cleared: the compiler writes every
        // register before reading it (locals without a value get KNIL).
        let len = self.frames.len();
        if len >= MAX_FRAMES {
            return Err(stack_overflow_entering(self, &proto));
        }
        self.frames.reserve(1);
        // SAFETY: `reserve` made room for one more frame; writing the fields straight into
        // the slot (instead of building the frame on the stack and copying it, which
        // `push` compiles to) avoids a store-forwarding stall on every call.
        unsafe {
            self.frames.as_mut_ptr().add(len).write(Frame {
                proto,
                func,
                pc: 0,
                base,
                ret_slot: slot,
                nresults,
                nvarargs,
                from_lua,
            });
            self.frames.set_len(len + 1);
        }
        Ok(())
    }

    /// Finish a Lua frame returning `n` values from `src`. Returns true when the
    /// interpreter should stop (the frame was the entry frame of this `execute`).
    #[inline]
    pub(crate) fn post_call(&mut self, src: usize, n: usize, stop_depth: usize) -> bool {
        let frame = self.frames.pop().expect("a frame to return from");
        self.close_upvals(frame.ret_slot);
        let dst = frame.ret_slot;
        let want = if frame.nresults < 0 {
            n
        } else {
            frame.nresults as usize
        };
        if want == 1 && n >= 1 {
            // The common case: one result, no memmove call.
            self.stack[dst] = self.stack[src];
        } else if want <= n {
            self.stack.copy_within(src..src + want, dst);
        } else {
            self.stack.copy_within(src..src + n, dst);
            for v in &mut self.stack[dst + n..dst + want] {
                *v = Value::Nil;
            }
        }
        self.mret_top = dst + want;
        self.frames.len() <= stop_depth
    }

    /// Call `f` with `args` from Rust (natives, metamethods, the embedder) and collect
    /// every result. A coroutine cannot yield from inside the call, as from a C function
    /// calling Lua under LuaJIT.
    pub fn call_value(&mut self, f: Value, args: &[Value]) -> Result<Vec<Value>, LuaError> {
        self.call_value_from(f, args, false)
    }

    /// [`call_value`](Vm::call_value), saying whether interpreted code is the caller (a
    /// metamethod called for a bytecode, which may yield, as LuaJIT's continuation frames
    /// allow) or a native (which may not).
    pub(crate) fn call_value_from(
        &mut self,
        f: Value,
        args: &[Value],
        from_lua: bool,
    ) -> Result<Vec<Value>, LuaError> {
        if from_lua {
            return self.reenter(f, args, true);
        }
        self.nonyield += 1;
        let r = self.reenter(f, args, false);
        self.nonyield -= 1;
        r
    }

    /// Call `f` from a native that LuaJIT implements in its VM, so that a coroutine may
    /// yield inside (`pcall`, `xpcall`, `tostring`'s `__tostring`, a coroutine's body).
    pub(crate) fn call_value_yieldable(
        &mut self,
        f: Value,
        args: &[Value],
    ) -> Result<Vec<Value>, LuaError> {
        self.reenter(f, args, false)
    }

    /// Run `f` on a nested interpreter loop.
    fn reenter(
        &mut self,
        f: Value,
        args: &[Value],
        from_lua: bool,
    ) -> Result<Vec<Value>, LuaError> {
        if self.c_depth >= MAX_C_DEPTH || !self.coroutine_stack_ok() {
            return Err(self.rt_error_here("C stack overflow"));
        }
        let slot = self.call_slot();
        self.ensure_stack(slot + args.len() + 2)?;
        self.stack[slot] = f;
        self.stack[slot + 1..slot + 1 + args.len()].copy_from_slice(args);
        let saved_top = self.top;
        let saved_mret = self.mret_top;
        let depth = self.frames.len();
        self.c_depth += 1;
        if !matches!(f, Value::Func(_)) && self.metamethod(f, self.names.call).is_nil() {
            // Called from a native: there is no Lua position to report.
            self.c_depth -= 1;
            let msg = format!("attempt to call a {} value", f.type_name());
            return Err(LuaError::Error(self.heap.str_value(msg.as_bytes())));
        }
        let run = |vm: &mut Vm| match vm.precall(slot, args.len(), -1, from_lua)? {
            Called::Native(n) => Ok(vm.stack[slot..slot + n].to_vec()),
            Called::Lua => {
                vm.execute(depth)?;
                Ok(vm.stack[slot..vm.mret_top].to_vec())
            }
        };
        // Re-entry nests `execute` on the Rust stack (at most MAX_C_DEPTH deep): on the
        // main thread, grow the stack when it runs low, so this holds on small-stacked
        // threads too. A coroutine's native stack is sized for the whole depth; growing it
        // would leave `stacker`'s idea of the stack wrong across a yield.
        let r = if self.cur_thread == super::MAIN_THREAD {
            stacker::maybe_grow(REENTRY_RED_ZONE, REENTRY_STACK_BYTES, || run(self))
        } else {
            run(self)
        };
        self.c_depth -= 1;
        if r.is_err() {
            // Unwind frames left by the error.
            self.frames.truncate(depth);
            self.close_upvals(slot);
        }
        self.top = saved_top;
        self.mret_top = saved_mret;
        r
    }

    /// The first slot free for a nested call: above the running native's arguments and
    /// above the running Lua frame's registers, so above every live value of the stack.
    pub(crate) fn call_slot(&self) -> usize {
        let lua_top = self
            .frames
            .last()
            .map_or(0, |f| f.base + f.proto.max_stack as usize);
        self.top.max(lua_top).max(self.mret_top)
    }

    /// Find or create the open upvalue for stack slot `idx`.
    pub(crate) fn find_upval(&mut self, idx: usize) -> UpvalId {
        let mut pos = self.open_upvals.len();
        while pos > 0 {
            let (slot, id) = self.open_upvals[pos - 1];
            if slot == idx {
                return id;
            }
            if slot < idx {
                break;
            }
            pos -= 1;
        }
        let id = self.heap.new_upval(Upval::Open(idx));
        self.open_upvals.insert(pos, (idx, id));
        id
    }

    /// Close every open upvalue at or above stack slot `level`.
    #[inline]
    pub(crate) fn close_upvals(&mut self, level: usize) {
        while let Some(&(slot, id)) = self.open_upvals.last() {
            if slot < level {
                break;
            }
            *self.heap.upval_mut(id) = Upval::Closed(self.stack[slot]);
            self.open_upvals.pop();
        }
    }

    /// The slot of the running thread's stack that upvalue `id` lives in, if it is open
    /// there.
    #[inline]
    pub(crate) fn open_slot(&self, id: UpvalId) -> Option<usize> {
        match self.heap.upval(id) {
            Upval::Open(slot) => Some(slot),
            _ => None,
        }
    }

    /// Read an upvalue cell.
    #[inline]
    pub(crate) fn upval_get(&self, id: UpvalId) -> Value {
        match self.heap.upval(id) {
            Upval::Open(slot) => self.stack[slot],
            Upval::Closed(v) => v,
            Upval::Parked { slot, thread } => self.parked_stack(thread)[slot],
        }
    }

    /// Write an upvalue cell.
    #[inline]
    pub(crate) fn upval_set(&mut self, id: UpvalId, v: Value) {
        match self.heap.upval_mut(id) {
            Upval::Open(slot) => {
                let slot = *slot;
                self.stack[slot] = v;
            }
            Upval::Closed(c) => *c = v,
            Upval::Parked { slot, thread } => {
                let (slot, thread) = (*slot, *thread);
                self.parked_stack_mut(thread)[slot] = v;
            }
        }
    }

    /// Whether a native function is running right now (not Lua code it called).
    pub(crate) fn in_native(&self) -> Option<bool> {
        match self.native_ctx.last() {
            Some(&(depth, from_lua)) if depth == self.frames.len() => Some(from_lua),
            _ => None,
        }
    }

    /// `chunk:line: ` of the function `level` steps up from the running function, as
    /// `error(msg, level)` and `luaL_where` count: 1 is the caller of the running native.
    /// Empty when that function is not Lua code (a native, or nothing).
    pub(crate) fn where_(&self, level: usize) -> String {
        if level == 0 {
            return String::new();
        }
        // Start at the running function and walk up `level` callers.
        let mut frame = self.frames.len();
        let mut steps = level;
        if let Some(from_lua) = self.in_native() {
            if !from_lua {
                return String::new();
            }
            steps -= 1;
        } else {
            // Running Lua code is level 1 of itself only for errors it raises; callers of
            // `where_` from natives always run in a native, so this is the interpreter.
            steps -= 1;
        }
        while steps > 0 {
            let Some(f) = frame.checked_sub(1).and_then(|i| self.frames.get(i)) else {
                return String::new();
            };
            if !f.from_lua {
                return String::new();
            }
            frame -= 1;
            steps -= 1;
        }
        match frame.checked_sub(1).and_then(|i| self.frames.get(i)) {
            Some(f) => format!(
                "{}:{}: ",
                f.proto.chunk,
                f.proto.line(f.pc.saturating_sub(1))
            ),
            None => String::new(),
        }
    }

    /// Whether the running native was called as `obj:method(...)` from Lua code.
    pub(crate) fn native_called_as_method(&self) -> bool {
        if self.in_native() != Some(true) {
            return false;
        }
        let Some(f) = self.frames.last() else {
            return false;
        };
        let pc = f.pc.saturating_sub(1);
        let Some(ins) = f.proto.code.get(pc) else {
            return false;
        };
        super::error::describe_reg(&self.heap, &f.proto, pc, ins.a)
            .is_some_and(|d| d.starts_with("method"))
    }

    /// The name LuaJIT gives the running native in "bad argument" messages
    /// (`lj_debug_funcname`): the variable, field or method the calling bytecode took it
    /// from (`local f = string.rep; f()` names it `f`), `?` when there is none or the call
    /// was a tail call, `(for generator)` for a generic `for`'s iterator, the metamethod's
    /// name for a metamethod. `None` otherwise: the caller uses the library name.
    pub(crate) fn native_call_name(&self) -> Option<String> {
        match self.in_native() {
            Some(true) => {}
            Some(false) => return Some("?".to_string()),
            None => return None,
        }
        let f = self.frames.last()?;
        let pc = f.pc.checked_sub(1)?;
        let ins = f.proto.code.get(pc)?;
        match ins.op {
            Op::Call | Op::Callm => {
                let d = super::error::describe_reg(&self.heap, &f.proto, pc, ins.a);
                let name = d.and_then(|d| {
                    let start = d.find('\'')? + 1;
                    let end = d.rfind('\'')?;
                    (end > start).then(|| d[start..end].to_string())
                });
                Some(name.unwrap_or_else(|| "?".to_string()))
            }
            Op::Callt | Op::Callmt => Some("?".to_string()),
            Op::Iterc => Some("(for generator)".to_string()),
            // A native set as a metamethod is named after it.
            op => metamethod_of(op).map(str::to_string),
        }
    }

    /// A runtime error at the current position: the caller of a running native, or the
    /// running Lua code.
    pub(crate) fn rt_error_here(&mut self, msg: &str) -> LuaError {
        let text = format!("{}{}", self.where_(1), msg);
        LuaError::Error(self.heap.str_value(text.as_bytes()))
    }

    /// A runtime error at `pc` of `proto`.
    pub(crate) fn rt_error_at(&mut self, proto: &Proto, pc: usize, msg: &str) -> LuaError {
        let text = format!("{}:{}: {}", proto.chunk, proto.line(pc), msg);
        LuaError::Error(self.heap.str_value(text.as_bytes()))
    }

    /// "attempt to call a nil value" (named when `name` is known).
    pub(crate) fn call_error(&mut self, v: Value, name: Option<String>) -> LuaError {
        let msg = match name {
            Some(n) => format!("attempt to call {n} (a {} value)", v.type_name()),
            None => format!("attempt to call a {} value", v.type_name()),
        };
        self.rt_error_here(&msg)
    }
}

/// The metamethod a bytecode calls when its operands need one (for naming it in errors).
fn metamethod_of(op: Op) -> Option<&'static str> {
    let name = op.name();
    let mm = match name {
        "GGET" | "TGETV" | "TGETS" | "TGETB" => "__index",
        "GSET" | "TSETV" | "TSETS" | "TSETB" => "__newindex",
        "UNM" => "__unm",
        "LEN" => "__len",
        "CAT" => "__concat",
        "POW" => "__pow",
        "ISEQV" | "ISNEV" => "__eq",
        "ISLT" | "ISGE" => "__lt",
        "ISLE" | "ISGT" => "__le",
        _ if name.starts_with("ADD") => "__add",
        _ if name.starts_with("SUB") => "__sub",
        _ if name.starts_with("MUL") => "__mul",
        _ if name.starts_with("DIV") => "__div",
        _ if name.starts_with("MOD") => "__mod",
        _ => return None,
    };
    Some(mm)
}
