//! The math library (LuaJIT's `lib_math.c`); `random` draws from a seeded ChaCha
//! generator, so runs are reproducible.

use super::{Args, new_lib, set_field};
use crate::interp::{LuaError, Vm};
use crate::value::Value;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub(crate) fn open(vm: &mut Vm) {
    let t = new_lib(
        vm,
        "math",
        &[
            ("floor", |vm, b, n| num1(vm, b, n, "floor", f64::floor)),
            ("ceil", |vm, b, n| num1(vm, b, n, "ceil", f64::ceil)),
            ("abs", |vm, b, n| num1(vm, b, n, "abs", f64::abs)),
            ("sqrt", |vm, b, n| num1(vm, b, n, "sqrt", f64::sqrt)),
            ("sin", |vm, b, n| num1(vm, b, n, "sin", f64::sin)),
            ("cos", |vm, b, n| num1(vm, b, n, "cos", f64::cos)),
            ("tan", |vm, b, n| num1(vm, b, n, "tan", f64::tan)),
            ("asin", |vm, b, n| num1(vm, b, n, "asin", f64::asin)),
            ("acos", |vm, b, n| num1(vm, b, n, "acos", f64::acos)),
            ("atan", |vm, b, n| num1(vm, b, n, "atan", f64::atan)),
            ("sinh", |vm, b, n| num1(vm, b, n, "sinh", f64::sinh)),
            ("cosh", |vm, b, n| num1(vm, b, n, "cosh", f64::cosh)),
            ("tanh", |vm, b, n| num1(vm, b, n, "tanh", f64::tanh)),
            ("exp", |vm, b, n| num1(vm, b, n, "exp", f64::exp)),
            ("log10", |vm, b, n| num1(vm, b, n, "log10", f64::log10)),
            ("deg", |vm, b, n| {
                num1(vm, b, n, "deg", |x| x * (180.0 / std::f64::consts::PI))
            }),
            ("rad", |vm, b, n| {
                num1(vm, b, n, "rad", |x| x * (std::f64::consts::PI / 180.0))
            }),
            ("log", log),
            ("atan2", |vm, b, n| num2(vm, b, n, "atan2", f64::atan2)),
            ("pow", |vm, b, n| num2(vm, b, n, "pow", f64::powf)),
            ("fmod", |vm, b, n| num2(vm, b, n, "fmod", |x, y| x % y)),
            ("ldexp", |vm, b, n| {
                num2(vm, b, n, "ldexp", |x, e| x * 2f64.powi(e as i32))
            }),
            ("modf", modf),
            ("frexp", frexp),
            ("min", |vm, b, n| minmax(vm, b, n, "min", |m, x| m < x)),
            ("max", |vm, b, n| minmax(vm, b, n, "max", |m, x| m > x)),
            ("random", random),
            ("randomseed", randomseed),
        ],
    );
    set_field(vm, t, "pi", Value::Num(std::f64::consts::PI));
    set_field(vm, t, "huge", Value::Num(f64::INFINITY));
}

fn num1(
    vm: &mut Vm,
    base: usize,
    n: usize,
    name: &'static str,
    f: fn(f64) -> f64,
) -> Result<usize, LuaError> {
    let x = vm.check_num(Args::new(base, n, name), 0)?;
    vm.ret1(base, Value::Num(f(x)))
}

fn num2(
    vm: &mut Vm,
    base: usize,
    n: usize,
    name: &'static str,
    f: fn(f64, f64) -> f64,
) -> Result<usize, LuaError> {
    let a = Args::new(base, n, name);
    let x = vm.check_num(a, 0)?;
    let y = vm.check_num(a, 1)?;
    vm.ret1(base, Value::Num(f(x, y)))
}

fn log(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "log");
    let x = vm.check_num(a, 0)?;
    let r = match vm.arg(a, 1) {
        Value::Nil => x.ln(),
        _ => {
            let b = vm.check_num(a, 1)?;
            if b == 2.0 {
                x.log2()
            } else if b == 10.0 {
                x.log10()
            } else {
                x.ln() / b.ln()
            }
        }
    };
    vm.ret1(base, Value::Num(r))
}

fn modf(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let x = vm.check_num(Args::new(base, n, "modf"), 0)?;
    let int = x.trunc();
    let frac = if x.is_infinite() { 0.0 } else { x - int };
    // Keep the sign of zero fractions as C's modf does.
    let frac = if frac == 0.0 {
        0.0f64.copysign(x)
    } else {
        frac
    };
    vm.ret(base, &[Value::Num(int), Value::Num(frac)])
}

fn frexp(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let x = vm.check_num(Args::new(base, n, "frexp"), 0)?;
    if x == 0.0 || !x.is_finite() {
        return vm.ret(base, &[Value::Num(x), Value::Num(0.0)]);
    }
    let mut e = x.abs().log2().floor() as i32 + 1;
    let mut m = x / 2f64.powi(e);
    if m.abs() >= 1.0 {
        m /= 2.0;
        e += 1;
    } else if m.abs() < 0.5 {
        m *= 2.0;
        e -= 1;
    }
    vm.ret(base, &[Value::Num(m), Value::Num(e as f64)])
}

fn minmax(
    vm: &mut Vm,
    base: usize,
    n: usize,
    name: &'static str,
    keep: fn(f64, f64) -> bool,
) -> Result<usize, LuaError> {
    let a = Args::new(base, n, name);
    let mut m = vm.check_num(a, 0)?;
    for i in 1..n {
        let x = vm.check_num(a, i)?;
        // As LuaJIT's SSE minsd/maxsd: keep m only if strictly better, so NaN in m yields x.
        if !keep(m, x) {
            m = x;
        }
    }
    vm.ret1(base, Value::Num(m))
}

fn random(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "random");
    let r: f64 = vm.rng.random::<f64>();
    let v = match n {
        0 => r,
        1 => {
            let m = vm.check_num(a, 0)?.floor();
            if m < 1.0 {
                return Err(vm.arg_error(a, 0, "interval is empty"));
            }
            (r * m).floor() + 1.0
        }
        _ => {
            let lo = vm.check_num(a, 0)?.floor();
            let hi = vm.check_num(a, 1)?.floor();
            if lo > hi {
                return Err(vm.arg_error(a, 1, "interval is empty"));
            }
            (r * (hi - lo + 1.0)).floor() + lo
        }
    };
    vm.ret1(base, Value::Num(v))
}

fn randomseed(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let x = vm.check_num(Args::new(base, n, "randomseed"), 0)?;
    vm.rng = ChaCha8Rng::seed_from_u64(x.to_bits());
    Ok(0)
}
