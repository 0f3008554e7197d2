//! Random coroutine programs run the same under hotsim as under real LuaJIT: yields from
//! random points (loops, `pcall`, metamethods, nested coroutines), refused yields across
//! C functions, and errors inside, each resumed a random number of times. The JIT is set
//! to compile at once, so traces record and run inside coroutines too.

use hotsim_policies::{Params, registry};
use hotsim_vm::{Vm, VmConfig};
use proptest::prelude::*;
use std::process::Command;

mod common;
use common::Capture;

/// Statements a coroutine body is made of; `{n}` is replaced by a small number.
const STATEMENTS: &[&str] = &[
    "a = (coroutine.yield(a) or 0) + {n}",
    "for j = 1, {n} do a = (coroutine.yield(j) or a) end",
    "for j = 1, 30 do a = a + j end",
    "pcall(function() a = coroutine.yield('p{n}') end)",
    "local ok, e = pcall(function() coroutine.yield('q') error('e{n}') end) out('pcall', ok, e)",
    "local ok, e = pcall(error, {n}) out('perr', ok, e)",
    "a = obj + {n}",
    "out('index', obj.k{n})",
    "if a > {n} then a = coroutine.yield('big') end",
    "while a < {n} do a = a + 1 if a % 2 == 0 then coroutine.yield('w') end end",
    "local w = coroutine.wrap(function() coroutine.yield({n}) coroutine.yield(2) end) out('wrap', w(), w())",
    "local c = coroutine.create(function(x) return coroutine.yield(x) end) out('nested', coroutine.resume(c, {n})) out('nested', coroutine.resume(c, 9))",
    "out('sort', pcall(table.sort, {3, 1, 2}, function(x, y) coroutine.yield() return x < y end))",
    "out('gsub', pcall(string.gsub, 'ab', '%w', function(c) coroutine.yield(c) end))",
    "if {n} == 3 then error('fail{n}') end",
    "a = #obj + a",
    "out('status', coroutine.status(co), coroutine.running() == co)",
    "out('self', coroutine.resume(co))",
];

fn program(stmts: &[(usize, u8)], resumes: u8) -> String {
    let mut body = String::new();
    for &(i, n) in stmts {
        body += "  ";
        body += &STATEMENTS[i].replace("{n}", &(n % 6).to_string());
        body += "\n";
    }
    format!(
        r#"local function out(...)
  local t = {{}}
  for i = 1, select('#', ...) do t[#t + 1] = tostring((select(i, ...))) end
  print(table.concat(t, " "))
end
local mt = {{}}
mt.__add = function(x, y) return (coroutine.yield('add') or 0) + y end
mt.__index = function(t, k) return coroutine.yield('index ' .. k) end
mt.__len = function(t) return coroutine.yield('len') or 1 end
local obj = setmetatable({{}}, mt)
local co
co = coroutine.create(function(a)
  a = a or 0
{body}  return 'done', a
end)
for i = 1, {resumes} do
  local r = {{coroutine.resume(co, i)}}
  out(i, coroutine.status(co), unpack(r))
end
"#
    )
}

fn hotsim(src: &str) -> String {
    let policy = registry::build("cumulative", Params::new().set("hotloop", "1")).unwrap();
    let mut jit = hotsim_vm::JitParams::default();
    jit.set("hotexit", "1").unwrap();
    let out = Capture::default();
    let mut vm = Vm::new(VmConfig {
        policy,
        stdout: Box::new(out.clone()),
        max_instructions: Some(10_000_000),
        jit,
        ..VmConfig::default()
    });
    if let Err(e) = vm.run_chunk(src.as_bytes(), "co.lua") {
        vm.flush_output();
        out.0
            .borrow_mut()
            .extend_from_slice(format!("error: {e}\n").as_bytes());
    }
    vm.flush_output();
    String::from_utf8_lossy(&out.0.borrow()).into_owned()
}

fn luajit(dir: &std::path::Path, src: &str) -> String {
    std::fs::write(dir.join("co.lua"), src).unwrap();
    let out = Command::new("luajit")
        .arg("co.lua")
        .current_dir(dir)
        .output()
        .expect("luajit runs (apt-get install luajit)");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("luajit: ");
        text += &format!("error: {first}\n");
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn coroutine_programs_match_luajit(
        stmts in prop::collection::vec((0..STATEMENTS.len(), any::<u8>()), 1..10),
        resumes in 1u8..12,
    ) {
        let src = program(&stmts, resumes);
        let dir = std::env::temp_dir().join(format!("hotsim-cofuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let want = luajit(&dir, &src);
        let got = hotsim(&src);
        prop_assert_eq!(got, want, "program:\n{}", src);
    }
}
