//! `os`: the virtual clock (`clock`, `time`, `date`), `exit`, the environment and the
//! file system calls of LuaJIT's `lib_os.c` (`remove`, `rename`, `tmpname`). `io` is in
//! `io.rs`.

use super::{Args, new_lib};
use crate::interp::{LuaError, Vm};
use crate::value::Value;

pub(crate) fn open(vm: &mut Vm) {
    new_lib(
        vm,
        "os",
        &[
            ("clock", clock),
            ("time", time),
            ("date", date),
            ("exit", exit),
            ("getenv", getenv),
            ("remove", remove),
            ("rename", rename),
            ("tmpname", tmpname),
        ],
    );
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
        return Err(vm.arg_error(
            a,
            0,
            "os.time with a date table is not available in a simulation",
        ));
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

/// The process's environment variable, or nil. (A program that prints it depends on
/// the machine it runs on, as under LuaJIT.)
fn getenv(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let name = vm.check_str(Args::new(base, n, "getenv"), 0)?;
    let name = std::ffi::OsStr::from_bytes(vm.heap.str(name)).to_os_string();
    let v = if name.is_empty() || name.as_bytes().contains(&b'=') {
        None
    } else {
        std::env::var_os(&name)
    };
    let v = match v {
        Some(v) => vm.heap.str_value(&v.into_vec()),
        None => Value::Nil,
    };
    vm.ret1(base, v)
}

/// A path from a Lua string.
fn path_arg(vm: &mut Vm, a: Args, i: usize) -> Result<(std::path::PathBuf, Vec<u8>), LuaError> {
    use std::os::unix::ffi::OsStrExt;
    let s = vm.check_str(a, i)?;
    let bytes = vm.heap.str(s).to_vec();
    let path = std::path::PathBuf::from(std::ffi::OsStr::from_bytes(&bytes));
    Ok((path, bytes))
}

/// `os.remove(name)`: a file or an empty directory, as C's `remove`.
fn remove(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let (path, name) = path_arg(vm, Args::new(base, n, "remove"), 0)?;
    let r = match std::fs::symlink_metadata(&path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir(&path),
        _ => std::fs::remove_file(&path),
    };
    super::io::file_result(vm, base, r, Some(&name))
}

/// `os.rename(from, to)`.
fn rename(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "rename");
    let (from, name) = path_arg(vm, a, 0)?;
    let (to, _) = path_arg(vm, a, 1)?;
    let r = std::fs::rename(&from, &to);
    super::io::file_result(vm, base, r, Some(&name))
}

/// `os.tmpname()`: a new empty file's name, as LuaJIT's `mkstemp("/tmp/lua_XXXXXX")`.
fn tmpname(vm: &mut Vm, base: usize, _n: usize) -> Result<usize, LuaError> {
    use std::sync::atomic::{AtomicU64, Ordering};
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static NEXT: AtomicU64 = AtomicU64::new(0);
    for _ in 0..100 {
        // From the process id and a counter: `math.random`'s sequence is not touched.
        let mut x = (u64::from(std::process::id()) << 24) ^ NEXT.fetch_add(1, Ordering::Relaxed);
        let mut name = b"/tmp/lua_".to_vec();
        for _ in 0..6 {
            x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
            name.push(CHARS[(x % CHARS.len() as u64) as usize]);
        }
        let path = std::path::Path::new(std::str::from_utf8(&name).expect("ASCII"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(_) => {
                let s = vm.heap.str_value(&name);
                return vm.ret1(base, s);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) => break,
        }
    }
    Err(vm.rt_error_here("unable to generate a unique filename"))
}

/// Civil date of `days` since 1970-01-01 (proleptic Gregorian, UTC).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `os.date([format [, time]])` on the virtual clock, always in UTC (the simulation has no
/// time zone). Supports `*t` and the common strftime conversions.
fn date(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "date");
    let fmt = vm.opt_str_bytes(a, 0, b"%c")?;
    let t = match vm.arg(a, 1) {
        Value::Nil => (vm.now().as_ns() / 1_000_000_000) as i64,
        _ => vm.check_num(a, 1)?.floor() as i64,
    };
    let fmt = fmt.strip_prefix(b"!").unwrap_or(&fmt);
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, mo, d) = civil(days);
    let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let wday = (days + 4).rem_euclid(7) as usize;
    let yday = days - {
        let mut d0 = days;
        while civil(d0 - 1).0 == y {
            d0 -= 1;
        }
        d0
    } + 1;
    if fmt == b"*t" {
        let tab = vm.heap.new_table(crate::table::Table::default());
        for (k, v) in [
            ("year", y as f64),
            ("month", mo as f64),
            ("day", d as f64),
            ("hour", h as f64),
            ("min", mi as f64),
            ("sec", s as f64),
            ("wday", (wday + 1) as f64),
            ("yday", yday as f64),
        ] {
            super::set_field(vm, tab, k, Value::Num(v));
        }
        super::set_field(vm, tab, "isdst", Value::Bool(false));
        return vm.ret1(base, Value::Table(tab));
    }
    let mut out = String::new();
    let mut it = fmt.iter();
    while let Some(&c) = it.next() {
        if c != b'%' {
            out.push(c as char);
            continue;
        }
        let Some(&k) = it.next() else { break };
        let piece = match k {
            b'Y' => format!("{y}"),
            b'y' => format!("{:02}", y.rem_euclid(100)),
            b'm' => format!("{mo:02}"),
            b'd' => format!("{d:02}"),
            b'H' => format!("{h:02}"),
            b'M' => format!("{mi:02}"),
            b'S' => format!("{s:02}"),
            b'p' => (if h < 12 { "AM" } else { "PM" }).to_string(),
            b'A' => WEEKDAYS[wday].to_string(),
            b'a' => WEEKDAYS[wday][..3].to_string(),
            b'B' => MONTHS[mo as usize - 1].to_string(),
            b'b' => MONTHS[mo as usize - 1][..3].to_string(),
            b'j' => format!("{yday:03}"),
            b'c' => format!(
                "{} {} {d:2} {h:02}:{mi:02}:{s:02} {y}",
                &WEEKDAYS[wday][..3],
                &MONTHS[mo as usize - 1][..3]
            ),
            b'x' => format!("{mo:02}/{d:02}/{:02}", y.rem_euclid(100)),
            b'X' => format!("{h:02}:{mi:02}:{s:02}"),
            b'%' => "%".to_string(),
            other => {
                return Err(vm.arg_error(
                    a,
                    0,
                    &format!("invalid conversion specifier '%{}'", other as char),
                ));
            }
        };
        out.push_str(&piece);
    }
    let v = vm.heap.str_value(out.as_bytes());
    vm.ret1(base, v)
}
