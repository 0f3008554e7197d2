//! `io` as LuaJIT's `lib_io.c` has it: `io.open` in every mode, `io.lines`, `io.read`
//! and `file:read` with every format (`*l`, `*L`, `*n`, `*a`, counts), `write`, `seek`,
//! `flush`, `setvbuf`, `close`, `io.input`/`io.output`, `io.type` and `io.tmpfile`.
//! `io.popen` is refused with LuaJIT's message for builds without it.
//!
//! `io.stdout` (and `io.write`, while it is the default output) writes to the program's
//! output, the writer the VM was given, so a simulation captures it; `io.stderr` and
//! `io.stdin` are the process's. Bytes read and written are charged to the virtual clock
//! as output is.
//!
//! hotsim has no userdata: a file object is an empty table with the shared `FILE*`
//! metatable, so `type(f)` is `table` where LuaJIT says `userdata` (`io.type` tells
//! files apart). File objects stay alive until the VM ends; a file not closed by the
//! program is closed then.

mod handle;

use super::{Args, native, new_lib, numconv, set_field};
use crate::heap::Function;
use crate::interp::{LuaError, NativeFn, Vm};
use crate::table::Table;
use crate::value::{TableId, Value};
use handle::Handle;
use rustc_hash::FxHashMap;

/// The io library's state: open handles and the file objects naming them.
#[derive(Default)]
pub(crate) struct IoState {
    handles: Vec<Handle>,
    by_object: FxHashMap<TableId, usize>,
    objects: Vec<TableId>,
    meta: Option<TableId>,
    input: usize,
    output: usize,
}

impl IoState {
    /// The file objects, kept alive by the collector.
    pub(crate) fn roots(&self) -> impl Iterator<Item = Value> + '_ {
        self.objects.iter().map(|&t| Value::Table(t))
    }
}

const STDIN: usize = 0;
const STDOUT: usize = 1;
const STDERR: usize = 2;

pub(crate) fn open(vm: &mut Vm) {
    let methods = vm.heap.new_table(Table::default());
    for (name, f) in [
        ("read", f_read as NativeFn),
        ("write", f_write),
        ("lines", f_lines),
        ("seek", f_seek),
        ("flush", f_flush),
        ("setvbuf", f_setvbuf),
        ("close", f_close),
    ] {
        let m = native(vm, name, f);
        set_field(vm, methods, name, m);
    }
    let mt = vm.heap.new_table(Table::default());
    set_field(vm, mt, "__index", Value::Table(methods));
    let ts = native(vm, "tostring", f_tostring);
    set_field(vm, mt, "__tostring", ts);
    vm.io.meta = Some(mt);
    let io = new_lib(
        vm,
        "io",
        &[
            ("open", io_open),
            ("close", io_close),
            ("read", io_read),
            ("write", io_write),
            ("flush", io_flush),
            ("lines", io_lines),
            ("input", io_input),
            ("output", io_output),
            ("type", io_type),
            ("tmpfile", io_tmpfile),
            ("popen", io_popen),
        ],
    );
    for (name, h) in [
        ("stdin", Handle::stdin()),
        ("stdout", Handle::Stdout),
        ("stderr", Handle::Stderr),
    ] {
        let f = new_file(vm, h);
        set_field(vm, io, name, Value::Table(f));
    }
    vm.io.input = STDIN;
    vm.io.output = STDOUT;
}

/// A new file object for `h`.
fn new_file(vm: &mut Vm, h: Handle) -> TableId {
    let t = vm.heap.new_table(Table::default());
    vm.heap.table_mut(t).meta = vm.io.meta;
    let id = vm.io.handles.len();
    vm.io.handles.push(h);
    vm.io.by_object.insert(t, id);
    vm.io.objects.push(t);
    t
}

/// The handle behind argument `i` if it is a file object, open or not.
fn file_arg(vm: &Vm, a: Args, i: usize) -> Option<usize> {
    match vm.arg(a, i) {
        Value::Table(t) => vm.io.by_object.get(&t).copied(),
        _ => None,
    }
}

/// Argument 1 as an open file (LuaJIT's `io_tofile`).
fn check_file(vm: &mut Vm, a: Args) -> Result<usize, LuaError> {
    let Some(h) = file_arg(vm, a, 0) else {
        return Err(vm.type_arg_error(a, 0, "FILE*"));
    };
    if vm.io.handles[h].is_closed() {
        return Err(vm.rt_error_here("attempt to use a closed file"));
    }
    Ok(h)
}

/// The default input or output, which must be open (LuaJIT's `io_stdfile`).
fn std_file(vm: &mut Vm, h: usize) -> Result<usize, LuaError> {
    if vm.io.handles[h].is_closed() {
        return Err(vm.rt_error_here("standard file is closed"));
    }
    Ok(h)
}

/// The OS's words for an error, without Rust's "(os error N)".
fn os_words(e: &std::io::Error) -> String {
    let text = e.to_string();
    text.split(" (os error").next().unwrap_or(&text).to_string()
}

/// LuaJIT's `luaL_fileresult`: `true`, or `nil, "[name: ]reason", errno`.
pub(super) fn file_result(
    vm: &mut Vm,
    base: usize,
    r: std::io::Result<()>,
    name: Option<&[u8]>,
) -> Result<usize, LuaError> {
    match r {
        Ok(()) => vm.ret1(base, Value::Bool(true)),
        Err(e) => fail_result(vm, base, &e, name),
    }
}

fn fail_result(
    vm: &mut Vm,
    base: usize,
    e: &std::io::Error,
    name: Option<&[u8]>,
) -> Result<usize, LuaError> {
    let mut msg = Vec::new();
    if let Some(n) = name {
        msg.extend_from_slice(n);
        msg.extend_from_slice(b": ");
    }
    msg.extend_from_slice(os_words(e).as_bytes());
    let m = vm.heap.str_value(&msg);
    let code = Value::Num(f64::from(e.raw_os_error().unwrap_or(0)));
    vm.ret(base, &[Value::Nil, m, code])
}

/// Charge `bytes` of file traffic to the virtual clock, as output is charged.
fn charge_io(vm: &mut Vm, bytes: usize) {
    vm.charge(crate::cost::ps(vm.cost.io_per_byte * bytes as f64));
}

// ---- reading and writing (LuaJIT's io_file_read / io_file_write) ----

/// Read with the formats at `stack[from..from + count]` (none: one line).
fn read_formats(vm: &mut Vm, h: usize, a: Args, from: usize) -> Result<usize, LuaError> {
    let formats: Vec<Value> = (from..a.n).map(|i| vm.arg(a, i)).collect();
    let mut out: Vec<Value> = Vec::new();
    let mut traffic = 0;
    let mut failed = None;
    let mut ok = true;
    if formats.is_empty() {
        let line = vm.io.handles[h].read_line(false);
        ok = push_read(vm, &mut out, &mut traffic, line, &mut failed);
    }
    for (k, f) in formats.iter().enumerate() {
        if !ok {
            break;
        }
        let i = from + k;
        let got = match *f {
            Value::Str(s) => {
                let spec = vm.heap.str(s);
                let spec = spec.strip_prefix(b"*").unwrap_or(spec);
                match spec.first() {
                    Some(b'n') => match vm.io.handles[h].read_number() {
                        Ok(Some(x)) => {
                            out.push(Value::Num(x));
                            continue;
                        }
                        Ok(None) => {
                            out.push(Value::Nil);
                            ok = false;
                            continue;
                        }
                        Err(e) => Err(e),
                    },
                    Some(b'l') => vm.io.handles[h].read_line(false),
                    Some(b'L') => vm.io.handles[h].read_line(true),
                    Some(b'a') => vm.io.handles[h].read_all().map(Some),
                    _ => return Err(vm.arg_error(a, i, "invalid format")),
                }
            }
            Value::Num(_) => {
                let n = vm.check_int(a, i)?.max(0) as usize;
                vm.io.handles[h].read_count(n)
            }
            _ => return Err(vm.arg_error(a, i, "invalid option")),
        };
        ok = push_read(vm, &mut out, &mut traffic, got, &mut failed);
    }
    charge_io(vm, traffic);
    if let Some(e) = failed {
        return fail_result(vm, a.base, &e, None);
    }
    vm.ret(a.base, &out)
}

/// Push one read result (nil at end of file); false once a read came up empty.
fn push_read(
    vm: &mut Vm,
    out: &mut Vec<Value>,
    traffic: &mut usize,
    got: std::io::Result<Option<Vec<u8>>>,
    failed: &mut Option<std::io::Error>,
) -> bool {
    match got {
        Ok(Some(bytes)) => {
            *traffic += bytes.len();
            out.push(vm.heap.str_value(&bytes));
            true
        }
        Ok(None) => {
            out.push(Value::Nil);
            false
        }
        Err(e) => {
            *failed = Some(e);
            false
        }
    }
}

/// Write arguments `from..` (strings and numbers) to handle `h`.
fn write_args(vm: &mut Vm, h: usize, a: Args, from: usize) -> Result<usize, LuaError> {
    let mut bytes = Vec::new();
    let mut bad = None;
    for i in from..a.n {
        match vm.arg(a, i) {
            Value::Str(s) => bytes.extend_from_slice(vm.heap.str(s)),
            Value::Num(x) => numconv::fmt_number(x, &mut bytes),
            _ => {
                // LuaJIT writes the arguments before the bad one, then raises.
                bad = Some(i);
                break;
            }
        }
    }
    let r = match &mut vm.io.handles[h] {
        Handle::Stdout => {
            vm.write_output(&bytes);
            Ok(())
        }
        other => {
            let r = other.write(&bytes);
            charge_io(vm, bytes.len());
            r
        }
    };
    if let Some(i) = bad {
        return Err(vm.type_arg_error(a, i, "string"));
    }
    file_result(vm, a.base, r, None)
}

fn flush_handle(vm: &mut Vm, h: usize) -> std::io::Result<()> {
    match &mut vm.io.handles[h] {
        Handle::Stdout => {
            vm.flush_output();
            Ok(())
        }
        other => other.flush(),
    }
}

/// Close handle `h` (LuaJIT's `io_file_close`): standard files cannot be closed.
fn close_handle(vm: &mut Vm, base: usize, h: usize) -> Result<usize, LuaError> {
    if h <= STDERR {
        let msg = vm.heap.str_value(b"cannot close standard file");
        return vm.ret(base, &[Value::Nil, msg]);
    }
    let r = vm.io.handles[h].close();
    file_result(vm, base, r, None)
}

/// Open `name` in C `fopen` mode `mode`.
fn open_file(vm: &mut Vm, name: &[u8], mode: &[u8]) -> std::io::Result<TableId> {
    let h = Handle::open(name, mode)?;
    Ok(new_file(vm, h))
}

// ---- file methods ----

fn f_read(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "read");
    let h = check_file(vm, a)?;
    read_formats(vm, h, a, 1)
}

fn f_write(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "write");
    let h = check_file(vm, a)?;
    write_args(vm, h, a, 1)
}

fn f_flush(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let h = check_file(vm, Args::new(base, n, "flush"))?;
    let r = flush_handle(vm, h);
    file_result(vm, base, r, None)
}

fn f_setvbuf(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "setvbuf");
    check_file(vm, a)?;
    let mode = vm.check_str(a, 1)?;
    if !matches!(vm.heap.str(mode), b"full" | b"line" | b"no") {
        let msg = format!(
            "invalid option '{}'",
            String::from_utf8_lossy(vm.heap.str(mode))
        );
        return Err(vm.arg_error(a, 1, &msg));
    }
    // Buffering is the host's; the call succeeds.
    vm.ret1(base, Value::Bool(true))
}

fn f_seek(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "seek");
    let h = check_file(vm, a)?;
    let whence = vm.opt_str_bytes(a, 1, b"cur")?;
    let offset = match vm.arg(a, 2) {
        Value::Nil => 0,
        _ => vm.check_num(a, 2)? as i64,
    };
    let pos = match whence.as_slice() {
        b"set" => std::io::SeekFrom::Start(offset.max(0) as u64),
        b"cur" => std::io::SeekFrom::Current(offset),
        b"end" => std::io::SeekFrom::End(offset),
        other => {
            let msg = format!("invalid option '{}'", String::from_utf8_lossy(other));
            return Err(vm.arg_error(a, 1, &msg));
        }
    };
    match vm.io.handles[h].seek(pos) {
        Ok(at) => vm.ret1(base, Value::Num(at as f64)),
        Err(e) => fail_result(vm, base, &e, None),
    }
}

fn f_close(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let h = check_file(vm, Args::new(base, n, "close"))?;
    close_handle(vm, base, h)
}

fn f_lines(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "lines");
    check_file(vm, a)?;
    let file = vm.arg(a, 0);
    let formats = vm.stack[base + 1..base + n].to_vec();
    lines_iterator(vm, base, file, &formats, false)
}

/// `file (0x...)`, or `file (closed)`.
fn f_tostring(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "tostring");
    let Some(h) = file_arg(vm, a, 0) else {
        return Err(vm.type_arg_error(a, 0, "FILE*"));
    };
    let text = if vm.io.handles[h].is_closed() {
        "file (closed)".to_string()
    } else {
        format!("file (0x{:08x})", 0x4300_0000 + 64 * h)
    };
    let s = vm.heap.str_value(text.as_bytes());
    vm.ret1(base, s)
}

/// The iterator `lines` returns: reads with the bound formats each call; at the end,
/// closes the file if `io.lines(name)` opened it.
fn lines_iterator(
    vm: &mut Vm,
    base: usize,
    file: Value,
    formats: &[Value],
    close_at_end: bool,
) -> Result<usize, LuaError> {
    let mut upvals = vec![file, Value::Bool(close_at_end)];
    upvals.extend_from_slice(formats);
    let f = vm.heap.new_func(Function::Native {
        f: lines_step,
        name: "lines",
        upvals: upvals.into_boxed_slice(),
    });
    vm.ret1(base, Value::Func(f))
}

fn lines_step(vm: &mut Vm, base: usize, _n: usize) -> Result<usize, LuaError> {
    let up = vm.native_upvals(base).to_vec();
    let Value::Table(t) = up[0] else {
        unreachable!("lines binds its file");
    };
    let h = vm.io.by_object[&t];
    if vm.io.handles[h].is_closed() {
        return Err(vm.rt_error_here("attempt to use a closed file"));
    }
    let formats = &up[2..];
    vm.ensure_stack(base + formats.len() + 2)?;
    vm.stack[base..base + formats.len()].copy_from_slice(formats);
    let n = read_formats(vm, h, Args::new(base, formats.len(), "lines"), 0)?;
    if vm.stack[base].is_nil() && matches!(up[1], Value::Bool(true)) {
        let _ = vm.io.handles[h].close();
        return Ok(0);
    }
    Ok(n)
}

// ---- io functions ----

fn io_open(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "open");
    let name = vm.check_str(a, 0)?;
    let mode = vm.opt_str_bytes(a, 1, b"r")?;
    let name = vm.heap.str(name).to_vec();
    match open_file(vm, &name, &mode) {
        Ok(t) => vm.ret1(base, Value::Table(t)),
        Err(e) => fail_result(vm, base, &e, Some(&name)),
    }
}

fn io_close(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    if n == 0 {
        let h = vm.io.output;
        if vm.io.handles[h].is_closed() {
            return Err(vm.rt_error_here("attempt to use a closed file"));
        }
        return close_handle(vm, base, h);
    }
    f_close(vm, base, n)
}

fn io_read(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let h = std_file(vm, vm.io.input)?;
    read_formats(vm, h, Args::new(base, n, "read"), 0)
}

fn io_write(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let h = std_file(vm, vm.io.output)?;
    write_args(vm, h, Args::new(base, n, "write"), 0)
}

fn io_flush(vm: &mut Vm, base: usize, _n: usize) -> Result<usize, LuaError> {
    let h = std_file(vm, vm.io.output)?;
    let r = flush_handle(vm, h);
    file_result(vm, base, r, None)
}

fn io_lines(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "lines");
    let formats = if n > 1 {
        vm.stack[base + 1..base + n].to_vec()
    } else {
        Vec::new()
    };
    if vm.arg(a, 0).is_nil() {
        let input = vm.io.input;
        let file = Value::Table(vm.io.objects[input]);
        return lines_iterator(vm, base, file, &formats, false);
    }
    let name = vm.check_str(a, 0)?;
    let name = vm.heap.str(name).to_vec();
    match open_file(vm, &name, b"r") {
        Ok(t) => lines_iterator(vm, base, Value::Table(t), &formats, true),
        Err(e) => {
            let msg = format!("{}: {}", String::from_utf8_lossy(&name), os_words(&e));
            Err(vm.arg_error(a, 0, &msg))
        }
    }
}

/// `io.input([file | name])` and `io.output(...)`: get or set a default file.
fn std_getset(vm: &mut Vm, base: usize, n: usize, output: bool) -> Result<usize, LuaError> {
    let a = Args::new(base, n, if output { "output" } else { "input" });
    let h = if vm.arg(a, 0).is_nil() {
        if output { vm.io.output } else { vm.io.input }
    } else {
        match file_arg(vm, a, 0) {
            Some(_) => check_file(vm, a)?,
            None => {
                let name = vm.check_str(a, 0)?;
                let name = vm.heap.str(name).to_vec();
                let mode: &[u8] = if output { b"w" } else { b"r" };
                match open_file(vm, &name, mode) {
                    Ok(t) => vm.io.by_object[&t],
                    Err(e) => {
                        let msg = format!("{}: {}", String::from_utf8_lossy(&name), os_words(&e));
                        return Err(vm.arg_error(a, 0, &msg));
                    }
                }
            }
        }
    };
    if output {
        vm.io.output = h;
    } else {
        vm.io.input = h;
    }
    let t = vm.io.objects[h];
    vm.ret1(base, Value::Table(t))
}

fn io_input(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    std_getset(vm, base, n, false)
}

fn io_output(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    std_getset(vm, base, n, true)
}

fn io_type(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "type");
    vm.check_any(a, 0)?;
    let v = match file_arg(vm, a, 0) {
        None => Value::Nil,
        Some(h) if vm.io.handles[h].is_closed() => vm.heap.str_value(b"closed file"),
        Some(_) => vm.heap.str_value(b"file"),
    };
    vm.ret1(base, v)
}

fn io_tmpfile(vm: &mut Vm, base: usize, _n: usize) -> Result<usize, LuaError> {
    match Handle::tmpfile() {
        Ok(h) => {
            let t = new_file(vm, h);
            vm.ret1(base, Value::Table(t))
        }
        Err(e) => fail_result(vm, base, &e, None),
    }
}

/// Running programs is not part of a simulation: LuaJIT's error for builds without it.
fn io_popen(vm: &mut Vm, _base: usize, _n: usize) -> Result<usize, LuaError> {
    Err(vm.rt_error_here("'popen' not supported"))
}
