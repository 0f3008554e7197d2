//! The string library (LuaJIT's `lib_string.c`): byte-string functions, patterns
//! ([`lpattern`](super::lpattern)) and `format` ([`format`](super::format)); also the
//! shared string metatable, so `s:upper()` works.

use super::format::{FmtArg, FormatError, format};
use super::lpattern::{self, Capture, Match, MatchIter};
use super::{Args, new_lib, set_field};
use crate::heap::Function;
use crate::interp::{LuaError, Vm};
use crate::table::Table;
use crate::value::{StrId, Value};

pub(crate) fn open(vm: &mut Vm) {
    let t = new_lib(
        vm,
        "string",
        &[
            ("len", len),
            ("sub", sub),
            ("byte", byte),
            ("char", char),
            ("rep", rep),
            ("upper", upper),
            ("lower", lower),
            ("reverse", reverse),
            ("format", format_),
            ("dump", dump),
            ("find", find),
            ("match", match_),
            ("gmatch", gmatch),
            ("gsub", gsub),
        ],
    );
    let meta = vm.heap.new_table(Table::default());
    set_field(vm, meta, "__index", Value::Table(t));
    vm.registry.string_meta = Some(meta);
}

/// Lua's relative string position: negative counts from the end.
fn posrelat(pos: i64, len: usize) -> i64 {
    if pos >= 0 {
        pos
    } else if -pos as usize > len {
        0
    } else {
        len as i64 + pos + 1
    }
}

fn bytes_of(vm: &mut Vm, a: Args, i: usize) -> Result<(StrId, std::rc::Rc<[u8]>), LuaError> {
    let s = vm.check_str(a, i)?;
    Ok((s, vm.heap.str_rc(s)))
}

fn new_str(vm: &mut Vm, bytes: &[u8]) -> Value {
    vm.charge_native(bytes.len());
    vm.heap.str_value(bytes)
}

fn len(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "len");
    let s = vm.check_str(a, 0)?;
    let l = vm.heap.str(s).len();
    vm.ret1(base, Value::Num(l as f64))
}

fn sub(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "sub");
    let (_, s) = bytes_of(vm, a, 0)?;
    let l = s.len();
    let mut i = posrelat(vm.opt_int(a, 1, 1)?, l);
    let mut j = posrelat(vm.opt_int(a, 2, -1)?, l);
    if i < 1 {
        i = 1;
    }
    if j > l as i64 {
        j = l as i64;
    }
    let r = if i <= j {
        &s[i as usize - 1..j as usize]
    } else {
        &[][..]
    };
    let v = new_str(vm, r);
    vm.ret1(base, v)
}

fn byte(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "byte");
    let (_, s) = bytes_of(vm, a, 0)?;
    let l = s.len();
    let i0 = vm.opt_int(a, 1, 1)?;
    let i = posrelat(i0, l);
    let j = posrelat(vm.opt_int(a, 2, i)?, l).min(l as i64);
    let i = i.max(1);
    if i > j {
        return Ok(0);
    }
    let vals: Vec<Value> = s[i as usize - 1..j as usize]
        .iter()
        .map(|&b| Value::Num(b as f64))
        .collect();
    vm.ret(base, &vals)
}

fn char(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "char");
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let c = vm.check_int(a, i)?;
        if !(0..=255).contains(&c) {
            return Err(vm.arg_error(a, i, "invalid value"));
        }
        out.push(c as u8);
    }
    let v = new_str(vm, &out);
    vm.ret1(base, v)
}

fn rep(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "rep");
    let (_, s) = bytes_of(vm, a, 0)?;
    let count = vm.check_int(a, 1)?;
    let sep: Vec<u8> = vm.opt_str_bytes(a, 2, b"")?;
    if count <= 0 {
        let v = vm.heap.str_value(b"");
        return vm.ret1(base, v);
    }
    let total = (s.len() + sep.len()).saturating_mul(count as usize);
    vm.reserve_bytes(total)?;
    let mut out = Vec::with_capacity(total);
    for k in 0..count {
        if k > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(&s);
    }
    let v = new_str(vm, &out);
    vm.ret1(base, v)
}

fn map_bytes(
    vm: &mut Vm,
    base: usize,
    n: usize,
    name: &'static str,
    f: fn(&[u8]) -> Vec<u8>,
) -> Result<usize, LuaError> {
    let a = Args::new(base, n, name);
    let (_, s) = bytes_of(vm, a, 0)?;
    let out = f(&s);
    let v = new_str(vm, &out);
    vm.ret1(base, v)
}

fn upper(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    map_bytes(vm, base, n, "upper", |s| s.to_ascii_uppercase())
}

fn lower(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    map_bytes(vm, base, n, "lower", |s| s.to_ascii_lowercase())
}

fn reverse(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    map_bytes(vm, base, n, "reverse", |s| {
        s.iter().rev().copied().collect()
    })
}

fn format_(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "format");
    let (_, fmt) = bytes_of(vm, a, 0)?;
    // Render every non-string, non-number argument with tostring (and __tostring) first.
    let mut texts: Vec<Option<std::rc::Rc<[u8]>>> = Vec::with_capacity(n);
    for i in 1..n {
        let v = vm.arg(a, i);
        texts.push(match v {
            Value::Num(_) | Value::Str(_) => None,
            _ => {
                let t = vm.tostring(v)?;
                match t {
                    Value::Str(s) => Some(vm.heap.str_rc(s)),
                    _ => Some(std::rc::Rc::from(&vm.tostring_basic(t)[..])),
                }
            }
        });
    }
    let strs: Vec<Option<std::rc::Rc<[u8]>>> = (1..n)
        .map(|i| match vm.arg(a, i) {
            Value::Str(s) => Some(vm.heap.str_rc(s)),
            _ => None,
        })
        .collect();
    let args: Vec<FmtArg> = (1..n)
        .map(|i| match vm.arg(a, i) {
            Value::Num(x) => FmtArg::Num(x),
            Value::Str(_) => FmtArg::Str(strs[i - 1].as_deref().unwrap_or(&[])),
            v => FmtArg::Other {
                type_name: v.type_name(),
                tostring: texts[i - 1].as_deref().unwrap_or(&[]),
            },
        })
        .collect();
    match format(&fmt, &args) {
        Ok(out) => {
            let v = new_str(vm, &out);
            vm.ret1(base, v)
        }
        // Argument errors are named as the call site names `format`, as others are.
        Err(FormatError::NoValue { arg }) => Err(vm.arg_error(a, arg - 1, "value expected")),
        Err(FormatError::NumberExpected { arg, got }) => {
            Err(vm.arg_error(a, arg - 1, &format!("number expected, got {got}")))
        }
        Err(e) => {
            let msg = String::from_utf8_lossy(&e.message()).into_owned();
            Err(vm.rt_error_here(&msg))
        }
    }
}

/// Push a match's captures (or the whole match) as values.
fn capture_values(
    vm: &mut Vm,
    s: &[u8],
    m: &Match,
    whole_if_none: bool,
) -> Result<Vec<Value>, LuaError> {
    if let Err(e) = m.check_captures() {
        return Err(vm.rt_error_here(&e.to_string()));
    }
    if m.captures.is_empty() {
        return Ok(if whole_if_none {
            vec![new_str(vm, &s[m.start..m.end])]
        } else {
            vec![]
        });
    }
    let mut out = Vec::with_capacity(m.captures.len());
    for c in &m.captures {
        out.push(match *c {
            Capture::Range { start, end } => new_str(vm, &s[start..end]),
            Capture::Position(p) => Value::Num((p + 1) as f64),
            Capture::Unfinished { .. } => unreachable!("checked"),
        });
    }
    Ok(out)
}

fn pattern_error(vm: &mut Vm, e: lpattern::PatternError) -> LuaError {
    vm.rt_error_here(&e.to_string())
}

fn find_aux(vm: &mut Vm, base: usize, n: usize, is_find: bool) -> Result<usize, LuaError> {
    let a = Args::new(base, n, if is_find { "find" } else { "match" });
    let (_, s) = bytes_of(vm, a, 0)?;
    let (_, p) = bytes_of(vm, a, 1)?;
    // LuaJIT 2.1 clamps a start beyond the end to just past the last byte.
    let init = (posrelat(vm.opt_int(a, 2, 1)?, s.len()).max(1) as usize - 1).min(s.len());
    vm.charge_native(s.len() - init);
    let plain = vm.arg(a, 3).truthy();
    if is_find && (plain || !lpattern::has_specials(&p)) {
        return match lpattern::plain_find(&s, &p, init) {
            Some(i) => vm.ret(
                base,
                &[Value::Num((i + 1) as f64), Value::Num((i + p.len()) as f64)],
            ),
            None => vm.ret1(base, Value::Nil),
        };
    }
    match lpattern::find(&s, &p, init) {
        Err(e) => Err(pattern_error(vm, e)),
        Ok(None) => vm.ret1(base, Value::Nil),
        Ok(Some(m)) => {
            let mut out = Vec::new();
            if is_find {
                out.push(Value::Num((m.start + 1) as f64));
                out.push(Value::Num(m.end as f64));
                out.extend(capture_values(vm, &s, &m, false)?);
            } else {
                out = capture_values(vm, &s, &m, true)?;
            }
            vm.ret(base, &out)
        }
    }
}

fn find(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    find_aux(vm, base, n, true)
}

fn match_(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    find_aux(vm, base, n, false)
}

fn gmatch(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "gmatch");
    let s = vm.check_str(a, 0)?;
    let p = vm.check_str(a, 1)?;
    // State: subject, pattern, next position (as a number).
    let f = vm.heap.new_func(Function::Native {
        f: gmatch_iter,
        name: "gmatch_iter",
        upvals: Box::new([Value::Str(s), Value::Str(p), Value::Num(0.0)]),
    });
    vm.ret1(base, Value::Func(f))
}

fn gmatch_iter(vm: &mut Vm, base: usize, _n: usize) -> Result<usize, LuaError> {
    let (sv, pv, pos) = match vm.native_upvals(base) {
        [Value::Str(s), Value::Str(p), Value::Num(pos)] => (*s, *p, *pos as usize),
        _ => unreachable!("gmatch iterator state"),
    };
    let s = vm.heap.str_rc(sv);
    let p = vm.heap.str_rc(pv);
    if pos > s.len() {
        return Ok(0);
    }
    let mut it = MatchIter::new(pos, false);
    let found = it.next_match(&s, &p).map_err(|e| pattern_error(vm, e))?;
    let Some(m) = found else {
        set_gmatch_pos(vm, base, s.len() + 1);
        return Ok(0);
    };
    vm.charge_native(m.end.saturating_sub(pos).max(1));
    let next = if m.end == m.start { m.end + 1 } else { m.end };
    set_gmatch_pos(vm, base, next);
    let vals = capture_values(vm, &s, &m, true)?;
    vm.ret(base, &vals)
}

fn set_gmatch_pos(vm: &mut Vm, base: usize, pos: usize) {
    if let Value::Func(f) = vm.stack[base - 1]
        && let Function::Native { upvals, .. } = vm.heap.func_mut(f)
    {
        upvals[2] = Value::Num(pos as f64);
    }
}

fn gsub(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "gsub");
    let (_, s) = bytes_of(vm, a, 0)?;
    let (_, p) = bytes_of(vm, a, 1)?;
    let repl = vm.arg(a, 2);
    let repl_bytes = match repl {
        Value::Num(_) | Value::Str(_) => Some(vm.check_str(a, 2).map(|r| vm.heap.str_rc(r))?),
        Value::Table(_) | Value::Func(_) => None,
        _ => return Err(vm.type_arg_error(a, 2, "string/function/table")),
    };
    let max_n = match vm.arg(a, 3) {
        Value::Nil => None,
        _ => Some(vm.check_int(a, 3)?.max(0) as usize),
    };
    vm.charge_native(s.len());
    let (mut it, pat) = MatchIter::gsub(&p);
    let (mut out, mut count, mut copied) = (Vec::with_capacity(s.len()), 0usize, 0usize);
    while max_n.is_none_or(|m| count < m) {
        let m = match it.next_match(&s, pat) {
            Ok(Some(m)) => m,
            Ok(None) => break,
            Err(e) => return Err(pattern_error(vm, e)),
        };
        out.extend_from_slice(&s[copied..m.start]);
        count += 1;
        match &repl_bytes {
            Some(r) => {
                if let Err(e) = lpattern::expand_replacement(r, &s, &m, &mut out) {
                    return Err(pattern_error(vm, e));
                }
            }
            None => {
                let first = capture_values(vm, &s, &m, true)?[0];
                let v = match repl {
                    Value::Table(_) => match vm.index_slow(repl, first) {
                        Ok(v) => v,
                        Err(Err(e)) => return Err(e),
                        Err(Ok(_)) => Value::Nil,
                    },
                    _ => {
                        let args = capture_values(vm, &s, &m, true)?;
                        vm.call_value(repl, &args)?
                            .first()
                            .copied()
                            .unwrap_or(Value::Nil)
                    }
                };
                match v {
                    Value::Nil | Value::Bool(false) => out.extend_from_slice(&s[m.start..m.end]),
                    Value::Str(x) => out.extend_from_slice(vm.heap.str(x)),
                    Value::Num(x) => super::numconv::fmt_number(x, &mut out),
                    other => {
                        let msg = format!("invalid replacement value (a {})", other.type_name());
                        return Err(vm.rt_error_here(&msg));
                    }
                }
            }
        }
        copied = m.end;
    }
    out.extend_from_slice(&s[copied..]);
    let v = new_str(vm, &out);
    vm.ret(base, &[v, Value::Num(count as f64)])
}

/// `string.dump(f)`: hotsim's bytecode is not LuaJIT's, so no dump can be loaded back;
/// refused with LuaJIT's message for a function it cannot dump.
fn dump(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "dump");
    if !matches!(vm.arg(a, 0), Value::Func(_)) {
        return Err(vm.type_arg_error(a, 0, "function"));
    }
    Err(vm.rt_error_here("unable to dump given function"))
}
