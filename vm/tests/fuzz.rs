//! Random and mutated sources never panic the front end or the VM: they compile and run,
//! or fail with a Lua error. Runs are bounded by instruction count.

use hotsim_policies::{Params, registry};
use hotsim_vm::{Vm, VmConfig};
use proptest::prelude::*;
use std::path::Path;

/// Compile and run `src` under a small bound; any outcome but a panic is fine. Loops
/// and exits get hot almost at once, so the JIT records, compiles and exits throughout.
fn run(src: &[u8]) {
    let policy = registry::build("cumulative", &Params::new().set("hotloop", "2").clone()).unwrap();
    let mut jit = hotsim_vm::JitParams::default();
    jit.set("hotexit", "1").unwrap();
    let mut vm = Vm::new(VmConfig {
        policy,
        max_instructions: Some(20_000),
        jit,
        ..VmConfig::default()
    });
    let _ = vm.run_chunk(src, "fuzz.lua");
}

const TOKENS: &[&str] = &[
    "local",
    "function",
    "end",
    "if",
    "then",
    "else",
    "elseif",
    "while",
    "do",
    "for",
    "in",
    "repeat",
    "until",
    "return",
    "break",
    "goto",
    "::l::",
    "nil",
    "true",
    "false",
    "and",
    "or",
    "not",
    "x",
    "y",
    "t",
    "f",
    "...",
    "=",
    "==",
    "~=",
    "<",
    "<=",
    ">",
    ">=",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "..",
    "#",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ";",
    ":",
    ",",
    ".",
    "1",
    "0",
    "2.5",
    "1e308",
    "-1",
    "\"s\"",
    "'%d'",
    "[[long]]",
    "print",
    "pcall",
    "error",
    "setmetatable",
    "string.rep",
    "table.insert",
    "select",
    "unpack",
    "tostring",
    "coroutine.wrap",
    "coroutine.yield",
    "coroutine.resume",
    "coroutine.create",
    "x.y",
    "t[1]",
    "f()",
    "x:y()",
    "\n",
];

fn corpus() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lua");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "lua"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(toks in prop::collection::vec(0..TOKENS.len(), 0..60)) {
        let src: Vec<String> = toks.iter().map(|&i| TOKENS[i].to_string()).collect();
        run(src.join(" ").as_bytes());
    }

    #[test]
    fn mutated_corpus_programs_never_panic(
        file in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..6),
    ) {
        let files = corpus();
        let mut src = files[file.index(files.len())].clone();
        for (at, kind, byte) in edits {
            if src.is_empty() {
                break;
            }
            let i = at.index(src.len());
            match kind {
                0 => { src.remove(i); }
                1 => src.insert(i, byte),
                _ => src[i] = byte,
            }
        }
        run(&src);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        run(&bytes);
    }
}

#[test]
fn deep_recursion_is_a_lua_error_not_a_crash() {
    let mut vm = Vm::new(VmConfig::default());
    let err = vm
        .run_chunk(
            b"local function f(n) return 1 + f(n + 1) end f(1)",
            "deep.lua",
        )
        .unwrap_err();
    assert!(err.to_string().contains("stack overflow"), "{err}");
    // Re-entrant recursion through metamethods and pcall hits the C-call limit cleanly.
    let src = b"local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k] end return t.x";
    let err = vm.run_chunk(src, "meta.lua").unwrap_err();
    assert!(err.to_string().contains("stack overflow"), "{err}");
}

#[test]
fn tail_recursion_100000_deep_runs() {
    let mut vm = Vm::new(VmConfig::default());
    let r = vm.run_chunk(
        b"local function f(n, acc) if n == 0 then return acc end return f(n - 1, acc + 1) end return f(100000, 0)",
        "tail.lua",
    );
    assert_eq!(format!("{:?}", r.unwrap()), "[Num(100000.0)]");
}

#[test]
fn bounds_stop_runs_cleanly() {
    let mut vm = Vm::new(VmConfig {
        max_instructions: Some(1000),
        ..VmConfig::default()
    });
    let err = vm.run_chunk(b"while true do end", "spin.lua").unwrap_err();
    assert_eq!(
        err.to_string(),
        "instruction limit reached (1000 bytecodes)"
    );
    let mut vm = Vm::new(VmConfig {
        max_virtual_time: Some(hotsim_vm::VTime::from_ms(5)),
        ..VmConfig::default()
    });
    let err = vm
        .run_chunk(b"while true do hotsim.sleep(1e6) end", "sleep.lua")
        .unwrap_err();
    assert!(
        err.to_string().starts_with("virtual time limit reached"),
        "{err}"
    );
    assert!(vm.now().as_ns() >= 5_000_000 && vm.now().as_ns() < 7_000_000);
}

#[test]
fn nesting_at_the_limit_compiles_and_beyond_it_is_an_error_not_a_crash() {
    // Test threads have 2 MiB stacks, the smallest a hotsim VM runs on.
    let n = 199;
    let cases = [
        format!("return {}1{}", "(".repeat(n), ")".repeat(n)),
        format!("return {}{}", "{".repeat(n), "}".repeat(n)),
        format!("{}{}", "if true then ".repeat(n), "end ".repeat(n)),
        format!("return {}1", "- ".repeat(n)),
        format!("return {}true", "not ".repeat(n)),
        format!(
            "local f = {} 1 {}",
            "function() return ".repeat(n),
            " end".repeat(n)
        ),
        format!("return {}1{}", "{x=".repeat(n), "}".repeat(n)),
    ];
    for src in &cases {
        let mut vm = Vm::new(VmConfig::default());
        vm.run_chunk(src.as_bytes(), "deep.lua")
            .unwrap_or_else(|e| panic!("{e}: {}", &src[..40]));
    }
    let mut vm = Vm::new(VmConfig::default());
    let too_deep = format!("return {}1{}", "(".repeat(5000), ")".repeat(5000));
    let err = vm.run_chunk(too_deep.as_bytes(), "deep.lua").unwrap_err();
    assert_eq!(
        err.to_string(),
        "deep.lua:1: chunk has too many syntax levels"
    );
}

#[test]
fn reentry_at_the_c_call_limit_is_an_error_not_a_crash() {
    // pcall -> Lua -> pcall ... nests the interpreter on the Rust stack.
    let src = b"local function f(n) local ok, e = pcall(f, n + 1) if not ok then error(e, 0) end return n end
        local ok, e = pcall(f, 1) return ok, e";
    let mut vm = Vm::new(VmConfig::default());
    let r = vm.run_chunk(src, "reentry.lua").unwrap();
    assert_eq!(format!("{:?}", r[0]), "Bool(false)");
    let mut vm = Vm::new(VmConfig::default());
    let src = b"local t = setmetatable({}, {__index = function(t, k) return t[k] end}) return pcall(function() return t.x end)";
    let r = vm.run_chunk(src, "meta.lua").unwrap();
    assert_eq!(format!("{:?}", r[0]), "Bool(false)");
}
