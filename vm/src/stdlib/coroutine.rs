//! The coroutine library, with LuaJIT 2.1's messages (`lib_base.c`): `create`, `resume`,
//! `yield`, `status`, `running`, `wrap` and `isyieldable`. The machinery is in
//! `interp::coroutine`.
//!
//! For the trace recorder these are library functions it has no recorder for, as in
//! LuaJIT's `lj_ffrecord.c` (`recff_nyi`): a recording that reaches one ends there.

use super::{Args, new_lib};
use crate::heap::Function;
use crate::interp::{LuaError, Resumed, Thread, Vm};
use crate::value::{ThreadId, Value};

pub(crate) fn open(vm: &mut Vm) {
    new_lib(
        vm,
        "coroutine",
        &[
            ("create", create),
            ("resume", resume),
            ("yield", yield_),
            ("status", status),
            ("running", running),
            ("wrap", wrap),
            ("isyieldable", isyieldable),
        ],
    );
}

/// Argument `i` as a coroutine (LuaJIT: `coroutine expected`).
fn check_thread(vm: &mut Vm, a: Args, i: usize) -> Result<ThreadId, LuaError> {
    match vm.arg(a, i) {
        Value::Thread(t) => Ok(t),
        _ => Err(vm.arg_error(a, i, "coroutine expected")),
    }
}

fn new_thread(vm: &mut Vm, a: Args) -> Result<ThreadId, LuaError> {
    match vm.arg(a, 0) {
        f @ Value::Func(_) => Ok(vm.heap.new_thread(Thread::new(f))),
        _ => Err(vm.type_arg_error(a, 0, "function")),
    }
}

fn create(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let co = new_thread(vm, Args::new(base, n, "create"))?;
    vm.ret1(base, Value::Thread(co))
}

fn resume(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "resume");
    let co = check_thread(vm, a, 0)?;
    let args = vm.stack[base + 1..base + n].to_vec();
    match vm.resume(co, &args)? {
        Resumed::Values(vals) => {
            let mut out = Vec::with_capacity(vals.len() + 1);
            out.push(Value::Bool(true));
            out.extend(vals);
            vm.ret(base, &out)
        }
        Resumed::Error(e) => vm.ret(base, &[Value::Bool(false), e]),
    }
}

fn yield_(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    if !vm.can_yield() {
        return Err(vm.rt_error_here("attempt to yield across C-call boundary"));
    }
    let vals = vm.stack[base..base + n].to_vec();
    let got = vm.yield_values(&vals);
    vm.ret(base, &got)
}

fn status(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let co = check_thread(vm, Args::new(base, n, "status"), 0)?;
    let name = vm.heap.thread(co).status.name();
    let s = vm.heap.str_value(name.as_bytes());
    vm.ret1(base, s)
}

fn running(vm: &mut Vm, base: usize, _n: usize) -> Result<usize, LuaError> {
    // Lua 5.1: nil on the main thread.
    let v = vm.running_thread().map_or(Value::Nil, Value::Thread);
    vm.ret(base, &[v])
}

fn isyieldable(vm: &mut Vm, base: usize, _n: usize) -> Result<usize, LuaError> {
    let y = vm.can_yield();
    vm.ret(base, &[Value::Bool(y)])
}

fn wrap(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let co = new_thread(vm, Args::new(base, n, "wrap"))?;
    let f = vm.heap.new_func(Function::Native {
        f: wrap_aux,
        name: "wrap_aux",
        upvals: Box::new([Value::Thread(co)]),
    });
    vm.ret1(base, Value::Func(f))
}

/// The function `coroutine.wrap` returns: a resume whose errors are raised, a string
/// message prefixed with the caller's position (LuaJIT's `lj_ffh_coroutine_wrap_err`).
fn wrap_aux(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let Value::Thread(co) = vm.native_upvals(base)[0] else {
        unreachable!("wrap binds its coroutine");
    };
    let args = vm.stack[base..base + n].to_vec();
    match vm.resume(co, &args)? {
        Resumed::Values(vals) => vm.ret(base, &vals),
        Resumed::Error(Value::Str(s)) => {
            let mut text = vm.where_(1).into_bytes();
            text.extend_from_slice(vm.heap.str(s));
            Err(LuaError::Error(vm.heap.str_value(&text)))
        }
        Resumed::Error(e) => Err(LuaError::Error(e)),
    }
}
