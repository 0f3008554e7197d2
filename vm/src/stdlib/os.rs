//! `os` and `io`, reduced to what a simulated program may touch: the virtual clock,
//! `os.exit`, and writing to the program's output.

use super::{new_lib, numconv, Args};
use crate::interp::{LuaError, Vm};
use crate::value::Value;

pub(crate) fn open(vm: &mut Vm) {
    new_lib(
        vm,
        "os",
        &[("clock", clock), ("time", time), ("exit", exit), ("getenv", getenv)],
    );
    new_lib(vm, "io", &[("write", write)]);
}

/// Virtual seconds since the start of the run.
fn clock(vm: &mut Vm, base: usize, _n: usize) -> Result<usize, LuaError> {
    let s = vm.now().as_secs_f64();
    vm.ret1(base, Value::Num(s))
}

/// Whole virtual seconds since the start of the run (the epoch of a simulation).
fn time(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "time");
    if !vm.arg(a, 0).is_nil() {
        return Err(vm.arg_error(a, 0, "os.time with a date table is not available in a simulation"));
    }
    let s = (vm.now().as_ns() / 1_000_000_000) as f64;
    vm.ret1(base, Value::Num(s))
}

fn exit(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "exit");
    let code = match vm.arg(a, 0) {
        Value::Nil | Value::Bool(true) => 0,
        Value::Bool(false) => 1,
        _ => vm.check_int(a, 0)? as i32,
    };
    vm.flush_output();
    Err(LuaError::Exit(code))
}

/// The environment is not part of a simulation: always nil.
fn getenv(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    vm.check_str(Args::new(base, n, "getenv"), 0)?;
    vm.ret1(base, Value::Nil)
}

fn write(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "write");
    let mut out = Vec::new();
    for i in 0..n {
        match vm.arg(a, i) {
            Value::Str(s) => out.extend_from_slice(vm.heap.str(s)),
            Value::Num(x) => numconv::fmt_number(x, &mut out),
            _ => return Err(vm.type_arg_error(a, i, "string")),
        }
    }
    vm.write_output(&out);
    vm.ret1(base, Value::Bool(true))
}
