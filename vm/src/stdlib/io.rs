//! `io` (LuaJIT's `lib_io.c`), reduced to what a simulated program may touch: writing to
//! the program's output (`io.write`, `io.stdout`) and to the process's standard error
//! (`io.stderr`), and flushing. Files are not part of a simulation: no `io.open`.
//!
//! `io.stdout` and `io.stderr` are file objects with `write`, `flush`, `setvbuf` and
//! `close` methods, and print as `file (0x...)`. hotsim has no userdata, so they are
//! tables with a metatable: `type(io.stdout)` is `table` where LuaJIT says `userdata`.

use super::{Args, native, new_lib, numconv, set_field};
use crate::heap::Function;
use crate::interp::{LuaError, Vm};
use crate::table::Table;
use crate::value::{TableId, Value};
use std::io::Write;

/// Which stream a file object writes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stream {
    /// The program's output (what `print` and `io.write` write).
    Stdout,
    /// The process's standard error.
    Stderr,
}

pub(crate) fn open(vm: &mut Vm) {
    let io = new_lib(vm, "io", &[("write", write), ("flush", flush)]);
    for (name, stream) in [("stdout", Stream::Stdout), ("stderr", Stream::Stderr)] {
        let file = file_object(vm, stream);
        set_field(vm, io, name, Value::Table(file));
    }
}

/// A file object for `stream`: an empty table whose metatable's `__index` holds its
/// methods, each bound to the stream.
fn file_object(vm: &mut Vm, stream: Stream) -> TableId {
    let tag = Value::Num(match stream {
        Stream::Stdout => 1.0,
        Stream::Stderr => 2.0,
    });
    let methods = vm.heap.new_table(Table::default());
    for (name, f) in [
        ("write", file_write as crate::interp::NativeFn),
        ("flush", file_flush),
        ("setvbuf", file_setvbuf),
        ("close", file_close),
    ] {
        let m = Value::Func(vm.heap.new_func(Function::Native {
            f,
            name,
            upvals: Box::new([tag]),
        }));
        set_field(vm, methods, name, m);
    }
    let mt = vm.heap.new_table(Table::default());
    set_field(vm, mt, "__index", Value::Table(methods));
    let ts = native(vm, "tostring", file_tostring);
    set_field(vm, mt, "__tostring", ts);
    let file = vm.heap.new_table(Table::default());
    vm.heap.table_mut(file).meta = Some(mt);
    file
}

/// The file object a method is called on (its first argument), as LuaJIT words the
/// check: `FILE* expected`.
fn check_file(vm: &mut Vm, a: Args) -> Result<TableId, LuaError> {
    match vm.arg(a, 0) {
        Value::Table(t) => Ok(t),
        _ => Err(vm.type_arg_error(a, 0, "FILE*")),
    }
}

/// The stream a file method is bound to.
fn stream_of(vm: &Vm, base: usize) -> Stream {
    match vm.native_upvals(base).first() {
        Some(Value::Num(x)) if *x == 2.0 => Stream::Stderr,
        _ => Stream::Stdout,
    }
}

/// The bytes of arguments `from..` of a write: strings and numbers, as LuaJIT's
/// `io_file_write` takes them.
fn write_bytes(vm: &mut Vm, a: Args, from: usize) -> Result<Vec<u8>, LuaError> {
    let mut out = Vec::new();
    for i in from..a.n {
        match vm.arg(a, i) {
            Value::Str(s) => out.extend_from_slice(vm.heap.str(s)),
            Value::Num(x) => numconv::fmt_number(x, &mut out),
            _ => return Err(vm.type_arg_error(a, i, "string")),
        }
    }
    Ok(out)
}

/// `io.write(...)`: to the program's output.
fn write(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let out = write_bytes(vm, Args::new(base, n, "write"), 0)?;
    vm.write_output(&out);
    vm.ret1(base, Value::Bool(true))
}

/// `io.flush()`.
fn flush(vm: &mut Vm, base: usize, _n: usize) -> Result<usize, LuaError> {
    vm.flush_output();
    vm.ret1(base, Value::Bool(true))
}

/// `file:write(...)`: returns true, as LuaJIT 2.1 beta3's does (later versions return
/// the file).
fn file_write(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "write");
    check_file(vm, a)?;
    let out = write_bytes(vm, a, 1)?;
    match stream_of(vm, base) {
        Stream::Stdout => vm.write_output(&out),
        Stream::Stderr => {
            // Charged as output is; the bytes leave the simulation.
            let _ = std::io::stderr().write_all(&out);
            vm.charge(crate::cost::ps(vm.cost.io_per_byte * out.len() as f64));
        }
    }
    vm.ret1(base, Value::Bool(true))
}

/// `file:flush()`.
fn file_flush(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let file = check_file(vm, Args::new(base, n, "flush"))?;
    match stream_of(vm, base) {
        Stream::Stdout => vm.flush_output(),
        Stream::Stderr => {
            let _ = std::io::stderr().flush();
        }
    }
    vm.ret1(base, Value::Table(file))
}

/// `file:setvbuf(mode)`: buffering is the host's; accepted and ignored.
fn file_setvbuf(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    check_file(vm, Args::new(base, n, "setvbuf"))?;
    vm.ret1(base, Value::Bool(true))
}

/// `file:close()`: the standard files cannot be closed (LuaJIT returns nil and a message).
fn file_close(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    check_file(vm, Args::new(base, n, "close"))?;
    let msg = vm.heap.str_value(b"cannot close standard file");
    vm.ret(base, &[Value::Nil, msg])
}

/// `tostring(file)`: `file (0x...)`, with the object's id standing in for its address.
fn file_tostring(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let file = check_file(vm, Args::new(base, n, "tostring"))?;
    let s = vm
        .heap
        .str_value(format!("file (0x{:08x})", file.0).as_bytes());
    vm.ret1(base, s)
}
