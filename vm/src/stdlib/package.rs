//! `require` and `package`: built-in modules, then Lua files found through
//! `package.path` (`./?.lua`, relative to the working directory, then to the script's
//! directory), cached in `package.loaded`.

use super::{Args, native, set_field};
use crate::interp::{LuaError, Vm};
use crate::table::Table;
use crate::value::Value;

pub(crate) fn open(vm: &mut Vm) {
    let pkg = vm.heap.new_table(Table::default());
    let loaded = vm.registry.loaded;
    set_field(vm, pkg, "loaded", Value::Table(loaded));
    let path = vm.heap.str_value(b"./?.lua");
    set_field(vm, pkg, "path", path);
    let g = vm.globals;
    set_field(vm, g, "package", Value::Table(pkg));
    set_field(vm, loaded, "package", Value::Table(pkg));
    set_field(vm, loaded, "_G", Value::Table(g));
    let r = native(vm, "require", require);
    set_field(vm, g, "require", r);
}

fn require(vm: &mut Vm, base: usize, n: usize) -> Result<usize, LuaError> {
    let a = Args::new(base, n, "require");
    let name_id = vm.check_str(a, 0)?;
    let loaded = vm.registry.loaded;
    let cached = vm.heap.table(loaded).get_str(name_id);
    if !cached.is_nil() {
        return vm.ret1(base, cached);
    }
    let name = String::from_utf8_lossy(vm.heap.str(name_id)).into_owned();
    let path_tpl = match vm.get_global("package") {
        Value::Table(p) => {
            let k = vm.heap.intern(b"path");
            match vm.heap.table(p).get_str(k) {
                Value::Str(s) => String::from_utf8_lossy(vm.heap.str(s)).into_owned(),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    let file = name.replace('.', "/");
    let mut tried = vec![format!("\n\tno field package.preload['{name}']")];
    let mut found = None;
    for tpl in path_tpl.split(';').filter(|t| !t.is_empty()) {
        let candidate = tpl.replace('?', &file);
        let mut places = vec![std::path::PathBuf::from(&candidate)];
        if let Some(dir) = &vm.script_dir {
            places.push(dir.join(&candidate));
        }
        if let Some(p) = places.into_iter().find(|p| p.is_file()) {
            found = Some((candidate, p));
            break;
        }
        tried.push(format!("\n\tno file '{candidate}'"));
    }
    let Some((shown, path)) = found else {
        return Err(vm.rt_error_here(&format!("module '{name}' not found:{}", tried.concat())));
    };
    let src = std::fs::read(&path)
        .map_err(|e| vm.rt_error_here(&format!("cannot read '{shown}': {e}")))?;
    let f = match vm.load(&src, &shown) {
        Ok(f) => f,
        Err(e) => {
            let msg = format!("error loading module '{name}' from file '{shown}':\n\t{e}");
            return Err(vm.rt_error_here(&msg));
        }
    };
    let arg = vm.heap.str_value(name.as_bytes());
    let r = vm.call_value(Value::Func(f), &[arg])?;
    let mut v = r.first().copied().unwrap_or(Value::Nil);
    if v.is_nil() {
        v = vm.heap.table(loaded).get_str(name_id);
        if v.is_nil() {
            v = Value::Bool(true);
        }
    }
    vm.heap
        .table_mut(loaded)
        .set(Value::Str(name_id), v)
        .expect("string key");
    vm.ret1(base, v)
}
