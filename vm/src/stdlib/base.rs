//! The base library (LuaJIT's `lib_base.c`): print, type, tostring, tonumber, pairs,
//! ipairs, next, select, unpack, raw access, metatables, assert, error, pcall, xpcall,
//! loadstring/load, collectgarbage.

use super::{Args, native, numconv, set_field};
use crate::interp::{LuaError, Vm};
use crate::value::Value;
use std::io::Write;

pub(crate) fn open(vm: &mut Vm) {
    let funcs: &[(&'static str, crate::NativeFn)] = &[
        ("print", print),
        ("type", type_),
        ("tostring", tostring),
        ("tonumber", tonumber),
        ("next", next),
        ("pairs", pairs),
        ("ipairs", ipairs),
        ("select", select),
        ("unpack", unpack),
        ("rawget", rawget),
        ("rawset", rawset),
        ("rawequal", rawequal),
        ("setmetatable", setmetatable),
        ("getmetatable", getmetatable),
        ("assert", assert),
        ("error", error),
        ("pcall", pcall),
        ("xpcall", xpcall),
        ("loadstring", loadstring),
        ("load", loadstring),
        ("dofile", dofile),
        ("loadfile", loadfile),
        ("collectgarbage", collectgarbage),
    ];
    let g = vm.globals;
    for (name, f) in funcs {
        let fv = native(vm, name, *f);
        set_field(vm, g, name, fv);
    }
    set_field(vm, g, "_G", Value::Table(g));
    let v = vm.heap.str_value(b"Lua 5.1");
    set_field(vm, g, "_VERSION", v);
    // ipairs' iterator, shared by every ipairs() call.
    let aux = native(vm, "ipairs_aux", ipairs_aux);
    vm.ipairs_aux = aux;
    let next_fn = vm.get_global("next");
    vm.next_fn = next_fn;
}

fn print(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let mut line = Vec::new();
    for i in 0..n {
        if i > 0 {
            line.push(b'\t');
        }
        let v = vm.stack[base + i];
        match v {
            Value::Str(s) => line.extend_from_slice(vm.heap.str(s)),
            Value::Num(x) => numconv::fmt_number(x, &mut line),
            _ => {
                let s = vm.tostring(v)?;
                match s {
                    Value::Str(s) => line.extend_from_slice(vm.heap.str(s)),
                    _ => return Err(vm.rt_error_here("'tostring' must return a string to 'print'")),
                }
            }
        }
    }
    line.push(b'\n');
    vm.write_output(&line);
    Ok(0)
}

fn type_(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "type");
    let v = vm.check_any(a, 0)?;
    let s = vm.heap.str_value(v.type_name().as_bytes());
    vm.ret1(base, s)
}

fn tostring(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "tostring");
    let v = vm.check_any(a, 0)?;
    // LuaJIT tail-calls `__tostring` from its VM, so a coroutine may yield inside.
    let mm = vm.metamethod(v, vm.names.tostring);
    if !mm.is_nil() && !matches!(v, Value::Str(_)) {
        let r = vm.call_value_yieldable(mm, &[v])?;
        return vm.ret1(base, r.first().copied().unwrap_or(Value::Nil));
    }
    let s = vm.tostring(v)?;
    vm.ret1(base, s)
}

fn tonumber(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "tonumber");
    let v = vm.arg(a, 0);
    let b = vm.arg(a, 1);
    let r = if b.is_nil() {
        vm.check_any(a, 0)?;
        vm.to_number(v).map_or(Value::Nil, Value::Num)
    } else {
        let base_n = vm.check_int(a, 1)?;
        if !(2..=36).contains(&base_n) {
            return Err(vm.arg_error(a, 1, "base out of range"));
        }
        let s = vm.check_str(a, 0)?;
        numconv::str_to_number_base(vm.heap.str(s), base_n as u32).map_or(Value::Nil, Value::Num)
    };
    vm.ret1(base, r)
}

fn next(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "next");
    let t = vm.check_table(a, 0)?;
    let k = vm.arg(a, 1);
    match vm.heap.table(t).next(k) {
        Ok(Some((k, v))) => vm.ret(base, &[k, v]),
        Ok(None) => vm.ret1(base, Value::Nil),
        Err(_) => Err(vm.rt_error_here("invalid key to 'next'")),
    }
}

fn pairs(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "pairs");
    // LuaJIT's pairs and ipairs check for any value first (`lj_lib_checkany`).
    vm.check_any(a, 0)?;
    let t = vm.check_table(a, 0)?;
    let f = vm.next_fn;
    vm.ret(base, &[f, Value::Table(t), Value::Nil])
}

fn ipairs(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "ipairs");
    vm.check_any(a, 0)?;
    let t = vm.check_table(a, 0)?;
    let f = vm.ipairs_aux;
    vm.ret(base, &[f, Value::Table(t), Value::Num(0.0)])
}

fn ipairs_aux(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "ipairs_aux");
    let t = vm.check_table(a, 0)?;
    let i = vm.check_num(a, 1)? + 1.0;
    let v = vm.heap.table(t).get(Value::Num(i));
    if v.is_nil() {
        return Ok(0);
    }
    vm.ret(base, &[Value::Num(i), v])
}

fn select(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "select");
    if let Value::Str(s) = vm.arg(a, 0)
        && vm.heap.str(s) == b"#"
    {
        return vm.ret1(base, Value::Num((n - 1) as f64));
    }
    let i = vm.check_int(a, 0)?;
    let rest = n as i64 - 1;
    let start = if i < 0 { rest + i } else { i - 1 };
    if i == 0 || start < 0 {
        return Err(vm.arg_error(a, 0, "index out of range"));
    }
    if start >= rest {
        return Ok(0);
    }
    let from = base + 1 + start as usize;
    let cnt = (rest - start) as usize;
    vm.stack.copy_within(from..from + cnt, base);
    Ok(cnt)
}

/// Most stack slots a library function may fill (LuaJIT's `LUAI_MAXCSTACK`).
const LUAI_MAXCSTACK: usize = 8000;

fn unpack(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "unpack");
    let t = vm.check_table(a, 0)?;
    let i = vm.opt_int(a, 1, 1)?;
    let j = match vm.arg(a, 2) {
        Value::Nil => vm.heap.table(t).len() as i64,
        _ => vm.check_int(a, 2)?,
    };
    if i > j {
        return Ok(0);
    }
    // LuaJIT (`lib_base.c`, then `lua_checkstack`): the arguments and the results together
    // fit in LUAI_MAXCSTACK slots, and the stack can still take them.
    let cnt = (j - i + 1) as usize;
    if n + cnt > LUAI_MAXCSTACK || vm.ensure_stack(base + cnt + 1).is_err() {
        return Err(vm.rt_error_here("too many results to unpack"));
    }
    for k in 0..cnt {
        let v = vm.heap.table(t).get_int(i + k as i64);
        vm.stack[base + k] = v;
    }
    Ok(cnt)
}

fn rawget(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "rawget");
    let t = vm.check_table(a, 0)?;
    let k = vm.check_any(a, 1)?;
    let v = vm.heap.table(t).get(k);
    vm.ret1(base, v)
}

fn rawset(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "rawset");
    let t = vm.check_table(a, 0)?;
    let k = vm.check_any(a, 1)?;
    let v = vm.check_any(a, 2)?;
    vm.raw_set(t, k, v)?;
    vm.ret1(base, Value::Table(t))
}

fn rawequal(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "rawequal");
    let x = vm.check_any(a, 0)?;
    let y = vm.check_any(a, 1)?;
    vm.ret1(base, Value::Bool(x.raw_eq(y)))
}

fn setmetatable(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "setmetatable");
    let t = vm.check_table(a, 0)?;
    let mt = match vm.arg(a, 1) {
        Value::Nil if n >= 2 => None,
        Value::Table(m) => Some(m),
        _ => return Err(vm.arg_error(a, 1, "nil or table expected")),
    };
    if let Some(old) = vm.heap.table(t).meta
        && !vm.heap.table(old).get_str(vm.names.metatable).is_nil()
    {
        return Err(vm.rt_error_here("cannot change a protected metatable"));
    }
    vm.heap.table_mut(t).meta = mt;
    vm.ret1(base, Value::Table(t))
}

fn getmetatable(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "getmetatable");
    let v = vm.check_any(a, 0)?;
    let r = match vm.metatable(v) {
        None => Value::Nil,
        Some(m) => {
            let protected = vm.heap.table(m).get_str(vm.names.metatable);
            if protected.is_nil() {
                Value::Table(m)
            } else {
                protected
            }
        }
    };
    vm.ret1(base, r)
}

fn assert(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "assert");
    let v = vm.check_any(a, 0)?;
    if v.truthy() {
        return Ok(n);
    }
    let msg = vm.arg(a, 1);
    let err = match msg {
        Value::Nil => vm.rt_error_here("assertion failed!"),
        Value::Str(_) | Value::Num(_) => {
            let text = vm.tostring_basic(msg);
            let mut full = vm.where_(1).into_bytes();
            full.extend_from_slice(&text);
            LuaError::Error(vm.heap.str_value(&full))
        }
        other => LuaError::Error(other),
    };
    Err(err)
}

fn error(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "error");
    let msg = vm.arg(a, 0);
    let level = vm.opt_int(a, 1, 1)?;
    if let (Value::Str(_) | Value::Num(_), true) = (msg, level > 0) {
        let mut full = vm.where_(level as usize).into_bytes();
        full.extend_from_slice(&vm.tostring_basic(msg));
        return Err(LuaError::Error(vm.heap.str_value(&full)));
    }
    Err(LuaError::Error(msg))
}

fn pcall(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "pcall");
    let f = vm.check_any(a, 0)?;
    let args: Vec<Value> = vm.stack[base + 1..base + n].to_vec();
    match vm.call_value_yieldable(f, &args) {
        Ok(results) => {
            let mut out = Vec::with_capacity(results.len() + 1);
            out.push(Value::Bool(true));
            out.extend(results);
            vm.ret(base, &out)
        }
        Err(LuaError::Error(v)) => vm.ret(base, &[Value::Bool(false), v]),
        Err(other) => Err(other),
    }
}

fn xpcall(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "xpcall");
    let f = vm.check_any(a, 0)?;
    let handler = vm.arg(a, 1);
    match vm.call_value_yieldable(f, &[]) {
        Ok(results) => {
            let mut out = vec![Value::Bool(true)];
            out.extend(results);
            vm.ret(base, &out)
        }
        Err(LuaError::Error(v)) => {
            let h = vm.call_value(handler, &[v])?;
            let hv = h.first().copied().unwrap_or(Value::Nil);
            vm.ret(base, &[Value::Bool(false), hv])
        }
        Err(other) => Err(other),
    }
}

/// LuaJIT's chunk name for a source string: `[string "first line..."]`.
pub(crate) fn short_source(src: &[u8], name: Option<&[u8]>) -> String {
    if let Some(n) = name {
        if let Some(rest) = n.strip_prefix(b"=").or_else(|| n.strip_prefix(b"@")) {
            return String::from_utf8_lossy(rest).into_owned();
        }
        return short_source(n, None);
    }
    const MAX: usize = 60 - 15;
    let line_end = src.iter().position(|&c| c == b'\n' || c == b'\r');
    let mut len = line_end.unwrap_or(src.len());
    let mut dots = line_end.is_some();
    if len > MAX {
        len = MAX;
        dots = true;
    }
    let first = String::from_utf8_lossy(&src[..len]);
    format!("[string \"{}{}\"]", first, if dots { "..." } else { "" })
}

fn loadstring(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "loadstring");
    let src = match vm.arg(a, 0) {
        Value::Func(_) => {
            // load(f): concatenate the pieces f returns until nil or "".
            let f = vm.arg(a, 0);
            let mut buf = Vec::new();
            loop {
                let r = vm.call_value(f, &[])?;
                match r.first() {
                    Some(Value::Str(s)) if !vm.heap.str(*s).is_empty() => {
                        buf.extend_from_slice(vm.heap.str(*s))
                    }
                    Some(Value::Nil) | None => break,
                    Some(Value::Str(_)) => break,
                    _ => return Err(vm.rt_error_here("reader function must return a string")),
                }
            }
            buf
        }
        _ => {
            let s = vm.check_str(a, 0)?;
            vm.heap.str(s).to_vec()
        }
    };
    let name = match vm.arg(a, 1) {
        Value::Str(s) => Some(vm.heap.str(s).to_vec()),
        _ => None,
    };
    let default_name = if matches!(vm.arg(a, 0), Value::Func(_)) {
        Some(&b"=(load)"[..])
    } else {
        None
    };
    let chunk = short_source(&src, name.as_deref().or(default_name));
    match vm.load(&src, &chunk) {
        Ok(f) => vm.ret1(base, Value::Func(f)),
        Err(e) => {
            let msg = vm.heap.str_value(e.to_string().as_bytes());
            vm.ret(base, &[Value::Nil, msg])
        }
    }
}

fn collectgarbage(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "collectgarbage");
    let opt = vm.opt_str_bytes(a, 0, b"collect")?;
    match &opt[..] {
        b"collect" | b"step" => {
            vm.collect_garbage();
            vm.ret1(base, Value::Num(0.0))
        }
        b"count" => {
            let kb = vm.heap.live_objects() as f64 * 64.0 / 1024.0;
            vm.ret1(base, Value::Num(kb))
        }
        b"stop" | b"restart" | b"setpause" | b"setstepmul" => vm.ret1(base, Value::Num(0.0)),
        _ => {
            let msg = format!("invalid option '{}'", String::from_utf8_lossy(&opt));
            Err(vm.arg_error(a, 0, &msg))
        }
    }
}

impl Vm {
    /// Write program output and charge it to the clock.
    pub(crate) fn write_output(&mut self, bytes: &[u8]) {
        let _ = self.stdout.write_all(bytes);
        self.charge(crate::cost::ps(self.cost.io_per_byte * bytes.len() as f64));
    }
}

/// Compile the Lua file `name`, found relative to the working directory, then to the
/// script's directory (as `require` finds modules). `Err` holds LuaJIT's message:
/// `cannot open NAME: reason`, or the compile error (`chunk:line: message`).
fn load_file(vm: &mut Vm, name: &str) -> Result<crate::value::FuncId, Value> {
    let mut places = vec![std::path::PathBuf::from(name)];
    if let Some(dir) = &vm.script_dir {
        places.push(dir.join(name));
    }
    let found = places.iter().find(|p| p.is_file()).unwrap_or(&places[0]);
    let src = match std::fs::read(found) {
        Ok(src) => src,
        Err(e) => {
            let reason = e.to_string();
            // The OS's words, without Rust's "(os error N)".
            let reason = reason.split(" (os error").next().unwrap_or(&reason);
            let msg = format!("cannot open {name}: {reason}");
            return Err(vm.heap.str_value(msg.as_bytes()));
        }
    };
    vm.load(&src, name)
        .map_err(|e| vm.heap.str_value(e.to_string().as_bytes()))
}

/// `dofile(filename)`: load and run a Lua file, returning what it returns; errors
/// propagate, without the caller's position. Standard input (no filename) is not part
/// of a simulation.
fn dofile(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "dofile");
    let name_id = vm.check_str(a, 0)?;
    let name = String::from_utf8_lossy(vm.heap.str(name_id)).into_owned();
    let f = load_file(vm, &name).map_err(LuaError::Error)?;
    let results = vm.call_value(Value::Func(f), &[])?;
    vm.ret(base, &results)
}

/// `loadfile(filename)`: the compiled file as a function, or nil and the message.
fn loadfile(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "loadfile");
    if vm.arg(a, 0).is_nil() {
        return Err(vm.rt_error_here("loadfile from standard input is not supported"));
    }
    let name_id = vm.check_str(a, 0)?;
    let name = String::from_utf8_lossy(vm.heap.str(name_id)).into_owned();
    match load_file(vm, &name) {
        Ok(f) => vm.ret1(base, Value::Func(f)),
        Err(msg) => vm.ret(base, &[Value::Nil, msg]),
    }
}
