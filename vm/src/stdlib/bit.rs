//! LuaJIT's `bit` module (`lib_bit.c`): 32-bit operations on numbers.

use super::{Args, new_lib};
use crate::interp::{LuaError, Vm};
use crate::value::Value;

pub(crate) fn open(vm: &mut Vm) {
    new_lib(
        vm,
        "bit",
        &[
            ("tobit", |vm, b, n| {
                let x = arg_bit(vm, Args::new(b, n, "tobit"), 0)?;
                ret_bit(vm, b, x)
            }),
            ("bnot", |vm, b, n| {
                let x = arg_bit(vm, Args::new(b, n, "bnot"), 0)?;
                ret_bit(vm, b, !x)
            }),
            ("bswap", |vm, b, n| {
                let x = arg_bit(vm, Args::new(b, n, "bswap"), 0)?;
                ret_bit(vm, b, x.swap_bytes())
            }),
            ("band", |vm, b, n| fold(vm, b, n, "band", |x, y| x & y)),
            ("bor", |vm, b, n| fold(vm, b, n, "bor", |x, y| x | y)),
            ("bxor", |vm, b, n| fold(vm, b, n, "bxor", |x, y| x ^ y)),
            ("lshift", |vm, b, n| {
                shift(vm, b, n, "lshift", |x, s| x << s)
            }),
            ("rshift", |vm, b, n| {
                shift(vm, b, n, "rshift", |x, s| x >> s)
            }),
            ("arshift", |vm, b, n| {
                shift(vm, b, n, "arshift", |x, s| ((x as i32) >> s) as u32)
            }),
            ("rol", |vm, b, n| {
                shift(vm, b, n, "rol", |x, s| x.rotate_left(s))
            }),
            ("ror", |vm, b, n| {
                shift(vm, b, n, "ror", |x, s| x.rotate_right(s))
            }),
            ("tohex", tohex),
        ],
    );
}

/// LuaJIT's number-to-bit conversion (`lj_num2bit`): add 2^52 + 2^51 and take the low
/// 32 bits, which rounds to nearest-even and wraps modulo 2^32.
pub fn num2bit(x: f64) -> u32 {
    (x + 6_755_399_441_055_744.0).to_bits() as u32
}

fn arg_bit(vm: &mut Vm, a: Args, i: usize) -> Result<u32, LuaError> {
    Ok(num2bit(vm.check_num(a, i)?))
}

fn ret_bit(vm: &mut Vm, base: usize, x: u32) -> Result<usize, LuaError> {
    vm.ret1(base, Value::Num(x as i32 as f64))
}

fn fold(
    vm: &mut Vm,
    base: usize,
    n: usize,
    name: &'static str,
    f: fn(u32, u32) -> u32,
) -> Result<usize, LuaError> {
    let a = Args::new(base, n, name);
    let mut acc = arg_bit(vm, a, 0)?;
    for i in 1..n {
        acc = f(acc, arg_bit(vm, a, i)?);
    }
    ret_bit(vm, base, acc)
}

fn shift(
    vm: &mut Vm,
    base: usize,
    n: usize,
    name: &'static str,
    f: fn(u32, u32) -> u32,
) -> Result<usize, LuaError> {
    let a = Args::new(base, n, name);
    let x = arg_bit(vm, a, 0)?;
    let s = arg_bit(vm, a, 1)? & 31;
    ret_bit(vm, base, f(x, s))
}

fn tohex(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "tohex");
    let x = arg_bit(vm, a, 0)?;
    let w = match vm.arg(a, 1) {
        Value::Nil => 8,
        _ => num2bit(vm.check_num(a, 1)?) as i32,
    };
    let upper = w < 0;
    let w = (w.unsigned_abs() as usize).min(8);
    let full = if upper {
        format!("{x:08X}")
    } else {
        format!("{x:08x}")
    };
    let s = vm.heap.str_value(&full.as_bytes()[8 - w..]);
    vm.ret1(base, s)
}

#[cfg(test)]
mod tests {
    use super::num2bit;

    #[test]
    fn tobit_rounds_half_even_and_wraps() {
        assert_eq!(num2bit(1.5) as i32, 2);
        assert_eq!(num2bit(2.5) as i32, 2);
        assert_eq!(num2bit(-1.5) as i32, -2);
        assert_eq!(num2bit(4294967301.0) as i32, 5);
        assert_eq!(num2bit(-1.0), 0xffff_ffff);
    }
}
