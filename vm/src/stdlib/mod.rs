//! The standard library, one file per library (`base`, `string`, `table`, `math`, `bit`,
//! `coroutine`, `os`/`io`, `package`, `hotsim`), plus argument checking shared by all of them.
//!
//! The pure string machinery ([`numconv`], [`lpattern`], [`format`]) is public for
//! reuse; the libraries themselves are installed by the VM.
//!
//! Natives follow LuaJIT's error wording: `bad argument #N to 'name' (number expected,
//! got nil)`, positioned at the calling Lua code.

mod base;
mod bit;
mod coroutine;
pub mod format;
mod hotsim;
mod io;
pub mod lpattern;
mod math;
pub mod numconv;
mod os;
mod package;
mod string;
mod table;

pub(crate) use io::IoState;

use crate::heap::Function;
use crate::interp::{LuaError, NativeFn, Vm};
use crate::table::Table;
use crate::value::{StrId, TableId, Value};

/// Create every library table and global.
pub(crate) fn open_all(vm: &mut Vm, script_args: &[String]) {
    base::open(vm);
    string::open(vm);
    table::open(vm);
    math::open(vm);
    bit::open(vm);
    coroutine::open(vm);
    os::open(vm);
    io::open(vm);
    package::open(vm);
    hotsim::open(vm);
    // The `arg` table: arg[0] is the script, arg[1..] its arguments.
    if !script_args.is_empty() {
        let t = vm.heap.new_table(Table::default());
        for (i, a) in script_args.iter().enumerate() {
            let v = vm.heap.str_value(a.as_bytes());
            vm.heap.table_mut(t).set_int(i as i64, v);
        }
        vm.set_global("arg", Value::Table(t));
    }
}

/// A new native function value.
pub(crate) fn native(vm: &mut Vm, name: &'static str, f: NativeFn) -> Value {
    Value::Func(vm.heap.new_func(Function::Native {
        f,
        name,
        upvals: Box::new([]),
    }))
}

/// Create a library table `name` in the globals and in `package.loaded`.
pub(crate) fn new_lib(vm: &mut Vm, name: &str, funcs: &[(&'static str, NativeFn)]) -> TableId {
    let t = vm.heap.new_table(Table::default());
    for (fname, f) in funcs {
        let fv = native(vm, fname, *f);
        let k = vm.heap.str_value(fname.as_bytes());
        vm.heap.table_mut(t).set(k, fv).expect("string key");
    }
    vm.set_global(name, Value::Table(t));
    let k = vm.heap.str_value(name.as_bytes());
    let loaded = vm.registry.loaded;
    vm.heap
        .table_mut(loaded)
        .set(k, Value::Table(t))
        .expect("string key");
    t
}

/// Set `t[name] = v`.
pub(crate) fn set_field(vm: &mut Vm, t: TableId, name: &str, v: Value) {
    let k = vm.heap.str_value(name.as_bytes());
    vm.heap.table_mut(t).set(k, v).expect("string key");
}

/// The arguments of a native call, with LuaJIT-worded checks.
#[derive(Clone, Copy)]
pub(crate) struct Args {
    pub base: usize,
    pub n: usize,
    pub name: &'static str,
}

impl Args {
    pub fn new(base: usize, n: usize, name: &'static str) -> Args {
        Args { base, n, name }
    }
}

impl Vm {
    /// Argument `i` (0-based), `nil` if absent.
    #[inline]
    pub(crate) fn arg(&self, a: Args, i: usize) -> Value {
        if i < a.n {
            self.stack[a.base + i]
        } else {
            Value::Nil
        }
    }

    /// `bad argument #i to 'name' (msg)`; in a method call (`s:rep()`) the count skips
    /// the receiver, as LuaJIT's does.
    pub(crate) fn arg_error(&mut self, a: Args, i: usize, msg: &str) -> LuaError {
        // Named as the call site named it (`lj_debug_funcname`); `?` when called by a
        // native (`pcall(f, ...)`) or by a tail call.
        let name = self
            .native_call_name()
            .unwrap_or_else(|| a.name.to_string());
        let mut narg = i + 1;
        if self.native_called_as_method() {
            narg -= 1;
            if narg == 0 {
                return self.rt_error_here(&format!("calling '{name}' on bad self ({msg})"));
            }
        }
        self.rt_error_here(&format!("bad argument #{narg} to '{name}' ({msg})"))
    }

    /// `bad argument ... (T expected, got X)`.
    pub(crate) fn type_arg_error(&mut self, a: Args, i: usize, expected: &str) -> LuaError {
        let got = if i < a.n {
            self.arg(a, i).type_name()
        } else {
            "no value"
        };
        self.arg_error(a, i, &format!("{expected} expected, got {got}"))
    }

    pub(crate) fn check_any(&mut self, a: Args, i: usize) -> Result<Value, LuaError> {
        if i < a.n {
            Ok(self.arg(a, i))
        } else {
            Err(self.arg_error(a, i, "value expected"))
        }
    }

    pub(crate) fn check_num(&mut self, a: Args, i: usize) -> Result<f64, LuaError> {
        match self.to_number(self.arg(a, i)) {
            Some(n) => Ok(n),
            None => Err(self.type_arg_error(a, i, "number")),
        }
    }

    /// An integer argument, truncated toward zero as C's `(int)` cast does.
    /// An integer argument as LuaJIT's `lj_lib_checkint` reads it: the number truncated
    /// to 32 bits (`lj_num2int`, a `cvttsd2si` on x86-64), so NaN and anything out of
    /// the int32 range become `i32::MIN`.
    pub(crate) fn check_int(&mut self, a: Args, i: usize) -> Result<i64, LuaError> {
        let n = self.check_num(a, i)?;
        let t = n.trunc();
        Ok(if (-2_147_483_648.0..=2_147_483_647.0).contains(&t) {
            t as i64
        } else {
            i64::from(i32::MIN)
        })
    }

    pub(crate) fn opt_int(&mut self, a: Args, i: usize, default: i64) -> Result<i64, LuaError> {
        if self.arg(a, i).is_nil() {
            Ok(default)
        } else {
            self.check_int(a, i)
        }
    }

    /// A string argument; numbers are converted as Lua does.
    pub(crate) fn check_str(&mut self, a: Args, i: usize) -> Result<StrId, LuaError> {
        match self.arg(a, i) {
            Value::Str(s) => Ok(s),
            Value::Num(n) => {
                let mut out = Vec::new();
                numconv::fmt_number(n, &mut out);
                Ok(self.heap.intern(&out))
            }
            _ => Err(self.type_arg_error(a, i, "string")),
        }
    }

    /// An optional string argument's bytes (numbers converted), `default` if nil or absent.
    pub(crate) fn opt_str_bytes(
        &mut self,
        a: Args,
        i: usize,
        default: &[u8],
    ) -> Result<Vec<u8>, LuaError> {
        if self.arg(a, i).is_nil() {
            return Ok(default.to_vec());
        }
        let s = self.check_str(a, i)?;
        Ok(self.heap.str(s).to_vec())
    }

    pub(crate) fn check_table(&mut self, a: Args, i: usize) -> Result<TableId, LuaError> {
        match self.arg(a, i) {
            Value::Table(t) => Ok(t),
            _ => Err(self.type_arg_error(a, i, "table")),
        }
    }

    /// Store results at `base..` and return their count.
    pub(crate) fn ret(&mut self, base: usize, vals: &[Value]) -> Result<usize, LuaError> {
        self.ensure_stack(base + vals.len() + 1)?;
        self.stack[base..base + vals.len()].copy_from_slice(vals);
        Ok(vals.len())
    }

    /// Store one result.
    #[inline]
    pub(crate) fn ret1(&mut self, base: usize, v: Value) -> Result<usize, LuaError> {
        self.stack[base] = v;
        Ok(1)
    }

    /// The values bound to the running native closure (it sits just below its arguments).
    pub(crate) fn native_upvals(&self, base: usize) -> &[Value] {
        match self.stack[base - 1] {
            Value::Func(f) => match self.heap.func(f) {
                Function::Native { upvals, .. } => upvals,
                Function::Lua { .. } => &[],
            },
            _ => &[],
        }
    }
}

/// The library functions a compiled trace may call, by function id: the rows of
/// [`FAST_FUNCS`](crate::jit::record::ffrecord::FAST_FUNCS) found in the library tables,
/// and `ipairs`' iterator.
pub(crate) fn jit_fast_funcs(vm: &mut Vm) -> crate::jit::record::FastFuncs {
    use crate::jit::record::ffrecord::{FAST_FUNCS, IPAIRS_AUX};
    let mut map = crate::jit::record::FastFuncs::default();
    for ff in FAST_FUNCS {
        let t = if ff.lib == "_G" {
            Value::Table(vm.globals)
        } else {
            vm.get_global(ff.lib)
        };
        let Value::Table(t) = t else { continue };
        let k = vm.heap.intern(ff.name.as_bytes());
        if let Value::Func(f) = vm.heap.table(t).get_str(k) {
            map.insert(f.0, ff);
        }
    }
    if let Value::Func(f) = vm.ipairs_aux {
        map.insert(f.0, &IPAIRS_AUX);
    }
    map
}
