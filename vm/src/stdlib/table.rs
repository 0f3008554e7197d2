//! The table library (LuaJIT's `lib_table.c`): insert, remove, concat, sort, maxn.

use super::{Args, new_lib, numconv};
use crate::interp::{LuaError, Vm};
use crate::value::{TableId, Value};

pub(crate) fn open(vm: &mut Vm) {
    new_lib(
        vm,
        "table",
        &[
            ("insert", insert),
            ("remove", remove),
            ("concat", concat),
            ("sort", sort),
            ("maxn", maxn),
            ("getn", getn),
        ],
    );
}

fn insert(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "insert");
    let t = vm.check_table(a, 0)?;
    let len = vm.heap.table(t).len();
    match n {
        2 => {
            let v = vm.arg(a, 1);
            vm.heap.table_mut(t).set_int(len as i64 + 1, v);
        }
        3 => {
            let pos = vm.check_int(a, 1)?;
            let v = vm.arg(a, 2);
            if pos < 1 || pos as usize > len + 1 {
                // LuaJIT 2.1 accepts any position and shifts only within 1..len.
                vm.heap.table_mut(t).set_int(pos, v);
            } else {
                vm.heap.table_mut(t).insert(pos as usize, v, len);
            }
            vm.charge_native(len.saturating_sub(pos.max(1) as usize));
        }
        _ => return Err(vm.rt_error_here("wrong number of arguments to 'insert'")),
    }
    Ok(0)
}

fn remove(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "remove");
    let t = vm.check_table(a, 0)?;
    let len = vm.heap.table(t).len();
    let pos = vm.opt_int(a, 1, len as i64)?;
    if len == 0 {
        return Ok(0);
    }
    if pos < 1 || pos as usize > len {
        return Ok(0);
    }
    vm.charge_native(len - pos as usize);
    let v = vm.heap.table_mut(t).remove(pos as usize, len);
    vm.ret1(base, v)
}

fn concat(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "concat");
    let t = vm.check_table(a, 0)?;
    let sep = vm.opt_str_bytes(a, 1, b"")?;
    let i = vm.opt_int(a, 2, 1)?;
    let j = match vm.arg(a, 3) {
        Value::Nil => vm.heap.table(t).len() as i64,
        _ => vm.check_int(a, 3)?,
    };
    // The length first, so that a result too long for the heap is an error before any
    // of it is built.
    let mut total = 0usize;
    let mut k = i;
    while k <= j {
        total = total.saturating_add(match vm.heap.table(t).get_int(k) {
            Value::Str(s) => vm.heap.str(s).len(),
            Value::Num(_) => 24,
            // The loop below raises the error for it.
            _ => break,
        });
        if k < j {
            total = total.saturating_add(sep.len());
        }
        k += 1;
    }
    vm.reserve_bytes(total)?;
    let mut out = Vec::new();
    let mut k = i;
    while k <= j {
        let v = vm.heap.table(t).get_int(k);
        match v {
            Value::Str(s) => out.extend_from_slice(vm.heap.str(s)),
            Value::Num(x) => numconv::fmt_number(x, &mut out),
            other => {
                let msg = format!("invalid value (at index {k}) in table for 'concat'");
                let _ = other;
                return Err(vm.rt_error_here(&msg));
            }
        }
        if k < j {
            out.extend_from_slice(&sep);
        }
        k += 1;
    }
    vm.charge_native(out.len());
    let v = vm.heap.str_value(&out);
    vm.ret1(base, v)
}

fn maxn(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "maxn");
    let t = vm.check_table(a, 0)?;
    let mut m = 0.0f64;
    let mut k = Value::Nil;
    while let Ok(Some((key, _))) = vm.heap.table(t).next(k) {
        if let Value::Num(x) = key
            && x > m
        {
            m = x;
        }
        k = key;
    }
    vm.ret1(base, Value::Num(m))
}

fn getn(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "getn");
    let t = vm.check_table(a, 0)?;
    let l = vm.heap.table(t).len();
    vm.ret1(base, Value::Num(l as f64))
}

/// Sorting state: the array being sorted and the comparator.
struct Sorter {
    t: TableId,
    cmp: Value,
}

impl Sorter {
    fn get(&self, vm: &Vm, i: usize) -> Value {
        vm.heap.table(self.t).get_int(i as i64)
    }
    fn set(&self, vm: &mut Vm, i: usize, v: Value) {
        vm.heap.table_mut(self.t).set_int(i as i64, v);
    }
    fn swap(&self, vm: &mut Vm, i: usize, j: usize) {
        let (a, b) = (self.get(vm, i), self.get(vm, j));
        self.set(vm, i, b);
        self.set(vm, j, a);
    }
    fn less(&self, vm: &mut Vm, a: Value, b: Value) -> Result<bool, LuaError> {
        vm.charge_native(8);
        if self.cmp.is_nil() {
            vm.less(a, b, false)
        } else {
            Ok(vm
                .call_value(self.cmp, &[a, b])?
                .first()
                .is_some_and(|v| v.truthy()))
        }
    }

    /// Lua 5.1's quicksort (median of three, recursion on the smaller half), so the
    /// order of elements that compare equal matches LuaJIT's.
    fn sort(&self, vm: &mut Vm, mut lo: usize, mut up: usize) -> Result<(), LuaError> {
        while lo < up {
            let (a, b) = (self.get(vm, lo), self.get(vm, up));
            if self.less(vm, b, a)? {
                self.swap(vm, lo, up);
            }
            if up - lo == 1 {
                break;
            }
            let mut i = (lo + up) / 2;
            let (a, b) = (self.get(vm, i), self.get(vm, lo));
            if self.less(vm, a, b)? {
                self.swap(vm, i, lo);
            } else {
                let (c, a) = (self.get(vm, up), self.get(vm, i));
                if self.less(vm, c, a)? {
                    self.swap(vm, i, up);
                }
            }
            if up - lo == 2 {
                break;
            }
            let pivot = self.get(vm, i);
            self.swap(vm, i, up - 1);
            i = lo;
            let mut j = up - 1;
            loop {
                loop {
                    i += 1;
                    let x = self.get(vm, i);
                    if !self.less(vm, x, pivot)? {
                        break;
                    }
                    if i > up {
                        return Err(vm.rt_error_here("invalid order function for sorting"));
                    }
                }
                loop {
                    j -= 1;
                    let x = self.get(vm, j);
                    if !self.less(vm, pivot, x)? {
                        break;
                    }
                    if j < lo {
                        return Err(vm.rt_error_here("invalid order function for sorting"));
                    }
                }
                if j < i {
                    break;
                }
                self.swap(vm, i, j);
            }
            self.swap(vm, up - 1, i);
            let (sub_lo, sub_up);
            if i - lo < up - i {
                sub_lo = lo;
                sub_up = i - 1;
                lo = i + 1;
            } else {
                sub_lo = i + 1;
                sub_up = up;
                up = i - 1;
            }
            self.sort(vm, sub_lo, sub_up)?;
        }
        Ok(())
    }
}

fn sort(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "sort");
    let t = vm.check_table(a, 0)?;
    let cmp = vm.arg(a, 1);
    if !cmp.is_nil() && !matches!(cmp, Value::Func(_)) {
        return Err(vm.type_arg_error(a, 1, "function"));
    }
    let len = vm.heap.table(t).len();
    if len > 1 {
        Sorter { t, cmp }.sort(vm, 1, len)?;
    }
    Ok(0)
}
