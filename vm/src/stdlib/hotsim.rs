//! The `hotsim` module: the virtual clock as a program sees it (`now`), idle waits
//! (`sleep`) and busy work of a known length (`work`).

use super::{Args, new_lib};
use crate::interp::{LuaError, Vm};
use crate::value::Value;

pub(crate) fn open(vm: &mut Vm) {
    new_lib(
        vm,
        "hotsim",
        &[("now", now), ("sleep", sleep), ("work", work)],
    );
}

/// `hotsim.now()`: virtual nanoseconds since the start of the run.
fn now(vm: &mut Vm, base: usize, _n: usize) -> Result<usize, LuaError> {
    let t = vm.now().as_ns() as f64;
    vm.ret1(base, Value::Num(t))
}

/// `hotsim.sleep(ns)`: an idle wait; the clock advances, nothing executes.
fn sleep(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "sleep");
    let ns = vm.check_num(a, 0)?;
    if !(ns >= 0.0 && ns.is_finite()) {
        return Err(vm.arg_error(a, 0, "duration must be a finite number of ns >= 0"));
    }
    vm.advance(ns as u64);
    // A long sleep may cross the run's virtual-time bound: stop at once, not later.
    vm.check_bounds()?;
    Ok(0)
}

/// `hotsim.work(ns)`: busy work of a known length (the clock advances as if the program
/// computed for `ns`), for workloads that model a fixed service time.
fn work(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "work");
    let ns = vm.check_num(a, 0)?;
    if !(ns >= 0.0 && ns.is_finite()) {
        return Err(vm.arg_error(a, 0, "duration must be a finite number of ns >= 0"));
    }
    vm.charge(ns.round() as u64 * 1000);
    vm.check_bounds()?;
    Ok(0)
}
