//! The `hotsim` command end to end: output, exit codes (0 ok, 1 program failed, 2 usage
//! or I/O), messages naming the file and line, `--stats`, `--jv`, `params`, `list`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn hotsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hotsim"))
        .args(args)
        .current_dir(scratch())
        .output()
        .expect("run hotsim")
}

/// A per-test-binary scratch folder for Lua files.
fn scratch() -> PathBuf {
    let d = std::env::temp_dir().join(format!("hotsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(name: &str, src: &str) -> String {
    std::fs::write(scratch().join(name), src).unwrap();
    name.to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn exec_runs_a_program_and_exits_0() {
    let f = write("hello.lua", "print('hello', 1 + 1, arg[0], arg[1])\n");
    let o = hotsim(&["exec", &f, "extra"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "hello\t2\thello.lua\textra\n");
}

#[test]
fn a_lua_error_prints_chunk_line_message_and_exits_1() {
    let f = write("boom.lua", "print('before')\nlocal t = nil\nprint(t.x)\n");
    let o = hotsim(&["exec", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "before\n");
    assert_eq!(
        stderr(&o).trim(),
        "hotsim: boom.lua:3: attempt to index local 't' (a nil value)"
    );
}

#[test]
fn a_syntax_error_names_file_and_line() {
    let f = write("syntax.lua", "local x = 1\nlocal y = = 2\n");
    let o = hotsim(&["exec", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("hotsim: syntax.lua:2:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn os_exit_sets_the_exit_code() {
    let f = write(
        "exit.lua",
        "io.write('x')\nos.exit(3)\nprint('not reached')\n",
    );
    let o = hotsim(&["exec", &f]);
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stdout(&o), "x");
}

#[test]
fn usage_and_io_errors_exit_2_with_a_clear_message() {
    // The rule is stated where a user looks for it.
    let help = stdout(&hotsim(&["--help"]));
    assert!(
        help.contains("Exit status: 0 success; 1 the run failed")
            && help.contains("2 hotsim could not run it"),
        "{help}"
    );
    let o = hotsim(&["exec", "missing.lua"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot open missing.lua"),
        "{}",
        stderr(&o)
    );

    let f = write("ok.lua", "print(1)\n");
    let o = hotsim(&["exec", "--policy", "cumulativ", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown policy 'cumulativ'"),
        "{}",
        stderr(&o)
    );

    let o = hotsim(&["exec", "--param", "hotlop=5", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cumulative: unknown parameter 'hotlop'"),
        "{}",
        stderr(&o)
    );

    let o = hotsim(&["exec", "--param", "hotloop=0", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("out of range"), "{}", stderr(&o));

    let cost = write("bad-cost.toml", "arith = 1.0\nnot_a_cost = 2\n");
    let o = hotsim(&["exec", "--cost", &cost, &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad-cost.toml") && stderr(&o).contains("not_a_cost"),
        "{}",
        stderr(&o)
    );

    let o = hotsim(&["exec", "--max-virtual-time", "10", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no unit"), "{}", stderr(&o));

    let o = hotsim(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn stats_is_one_json_object_with_the_documented_keys() {
    let f = write(
        "loop.lua",
        "local s = 0\nfor i = 1, 1000 do s = s + i end\n",
    );
    let o = hotsim(&["exec", "--stats", &f]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(stderr(&o).trim()).expect("JSON on stderr");
    for k in [
        "virtual_ns",
        "bytecodes",
        "hot_triggers",
        "traces",
        "aborts",
        "side_traces",
        "blacklisted",
        "flushes",
        "exits_taken",
        "ir_instructions",
        "mcode_bytes",
        "interp_ns",
        "record_ns",
        "compile_ns",
        "trace_ns",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    // 1000 iterations: a trigger at back-edge 56; the loop compiles and runs as a trace
    // from then on, so nothing ticks again.
    assert_eq!(v["hot_triggers"], 1);
    assert_eq!(v["traces"], 1);
    assert!(v["trace_ns"].as_u64().unwrap() > 0 && v["compile_ns"].as_u64().unwrap() > 0);
    assert!(v["virtual_ns"].as_u64().unwrap() > 0);
}

#[test]
fn jv_prints_hot_triggers_with_chunk_line_and_kind() {
    let f = write(
        "jv.lua",
        "local function f() end\nfor i = 1, 200 do\n  f()\nend\n",
    );
    let o = hotsim(&["exec", "--jv", &f]);
    let err = stderr(&o);
    // The loop's hot op carries the `for` line, as in LuaJIT.
    assert!(err.lines().any(|l| l == "[HOT   jv.lua:2 loop]"), "{err}");
    assert!(
        err.lines().any(|l| l == "[TRACE   1 jv.lua:2 loop]"),
        "{err}"
    );
}

#[test]
fn bounds_are_clean_errors() {
    let f = write("spin.lua", "while true do end\n");
    let o = hotsim(&["exec", "--max-instructions", "5e3", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("instruction limit reached"),
        "{}",
        stderr(&o)
    );
    let f = write("sleepy.lua", "while true do hotsim.sleep(1e6) end\n");
    let o = hotsim(&["exec", "--max-virtual-time", "50ms", &f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("virtual time limit reached (50ms)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn programs_see_virtual_time() {
    let f = write(
        "clock.lua",
        "local t0 = hotsim.now()\nhotsim.sleep(2e9)\nprint(hotsim.now() - t0 >= 2e9, os.clock() >= 2, os.time())\n",
    );
    let o = hotsim(&["exec", &f]);
    assert_eq!(stdout(&o), "true\ttrue\t2\n");
}

#[test]
fn same_program_same_seed_same_bytes() {
    let f = write(
        "rand.lua",
        "for i = 1, 5 do io.write(math.random(1000), ' ') end\nprint(hotsim.now())\n",
    );
    let a = hotsim(&["exec", "--seed", "7", "--stats", &f]);
    let b = hotsim(&["exec", "--seed", "7", "--stats", &f]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.stderr, b.stderr);
    let c = hotsim(&["exec", "--seed", "8", &f]);
    assert_ne!(a.stdout, c.stdout);
    // One default seed for every command: exec's is simulate's and record's.
    let d = hotsim(&["exec", "--stats", &f]);
    let e = hotsim(&[
        "exec",
        "--seed",
        &hotsim::cli::DEFAULT_SEED.to_string(),
        "--stats",
        &f,
    ]);
    assert_eq!(d.stdout, e.stdout);
    for cmd in ["exec", "simulate", "record"] {
        let help = stdout(&hotsim(&[cmd, "--help"]));
        assert!(
            help.contains("--seed <SEED>") && help.contains("[default: 1]"),
            "{cmd}: {help}"
        );
    }
}

#[test]
fn params_lists_every_policy_parameter_with_default_and_origin() {
    let o = hotsim(&["params"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("policy cumulative"), "{out}");
    assert!(
        out.contains("hotloop") && out.contains("56") && out.contains("lj_jit.h"),
        "{out}"
    );
    assert!(out.contains("policy never"), "{out}");
    assert!(out.contains("table_get"), "{out}");
    // The JIT's own table, with LuaJIT's and RaptorJIT's defaults.
    for p in ["maxtrace", "hotexit", "tryside", "maxmcode", "penaltymax"] {
        assert!(out.contains(p), "{p} missing: {out}");
    }
    assert!(
        out.lines()
            .any(|l| l.contains("maxtrace") && l.contains("1000") && l.contains("10000")),
        "{out}"
    );
}

#[test]
fn jit_params_are_checked() {
    let f = write("p.lua", "print(1)\n");
    let o = hotsim(&["exec", "--param", "maxtrace=0", &f]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("maxtrace=0") && stderr(&o).contains("between"),
        "{}",
        stderr(&o)
    );
    let o = hotsim(&[
        "exec",
        "--param",
        "hotexit=3",
        "--param",
        "flush=raptorjit",
        &f,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn jdump_prints_the_ir_of_each_trace() {
    let f = write(
        "d.lua",
        "local s = 0\nfor i = 1, 1000 do s = s + i end\nprint(s)\n",
    );
    let o = hotsim(&["exec", "--jdump", &f]);
    let err = stderr(&o);
    assert!(
        err.contains("---- TRACE 1 IR") && err.contains("LOOP") && err.contains("phi"),
        "{err}"
    );
    assert!(err.contains("---- TRACE 1 stop -> loop"), "{err}");
}

#[test]
fn list_shows_policies_and_programs() {
    let o = hotsim(&["list"]);
    let out = stdout(&o);
    assert!(
        out.contains("cumulative") && out.contains("packet_loop.lua"),
        "{out}"
    );
}

fn workload(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/workloads")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn simulate_prints_a_summary_and_writes_json() {
    let json = scratch().join("md1.json");
    let w = workload("md1.toml");
    let o = hotsim(&[
        "simulate",
        &w,
        "--duration",
        "50ms",
        "--json",
        json.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("source requests") && out.contains("latency us: p50"),
        "{out}"
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v["duration_ns"], 50_000_000);
    assert!(v["sources"][0]["arrived"].as_u64().unwrap() > 40_000);
    assert!(v["latency"]["p999_ns"].as_u64().is_some());
    assert!(!scratch().join("md1.tmp").exists());
}

#[test]
fn simulate_rejects_bad_workloads_with_exit_2_and_writes_nothing() {
    let bad = write(
        "bad.toml",
        "program = \"md1.lua\"\n[[source]]\nname = \"rx\"\nprocess = \"poisson\"\nrate = -1\nring = 8\nbatch = 1\nhandler = \"serve\"\n",
    );
    let json = scratch().join("bad.json");
    let o = hotsim(&["simulate", &bad, "--json", json.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.toml: source 'rx': rate"),
        "{}",
        stderr(&o)
    );
    assert!(!json.exists());

    std::fs::copy(workload("md1.lua"), scratch().join("md1.lua")).unwrap();
    let timer = |program: &str, handler: &str| {
        format!(
            "program = \"{program}\"\n[[timer]]\nname = \"t\"\nperiod = \"1ms\"\nhandler = \"{handler}\"\n"
        )
    };
    for (name, body, needles) in [
        (
            "missing.toml",
            timer("md1.lua", "nope"),
            ["handler 'nope' is not a global function", "missing.toml"],
        ),
        // A missing program is named with the workload that refers to it.
        (
            "nowhere.toml",
            timer("nc/does-not-exist.lua", "t"),
            ["nowhere.toml: program ", "does-not-exist.lua"],
        ),
    ] {
        let o = hotsim(&["simulate", &write(name, &body)]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        assert!(needles.iter().all(|n| err.contains(n)), "{name}: {err}");
    }

    write(
        "boom.lua",
        "function tick() local t = nil; return t.x end\n",
    );
    let boom = write(
        "boom.toml",
        "program = \"boom.lua\"\n[[timer]]\nname = \"t\"\nperiod = \"1ms\"\nhandler = \"tick\"\n",
    );
    // The program's own error exits 1, as under `hotsim exec`.
    let o = hotsim(&["simulate", &boom]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("timer 't' handler 'tick' at 0.001")
            && err.contains("boom.lua:1: attempt to index local 't'"),
        "{err}"
    );

    let unknown = write("unknown.toml", "program = \"md1.lua\"\nfrobs = 1\n");
    let o = hotsim(&["simulate", &unknown]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown.toml") && stderr(&o).contains("frobs"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn simulate_writes_the_compile_log() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workloads/late.toml");
    let out = std::env::temp_dir().join(format!("hotsim-compiles-{}.csv", std::process::id()));
    let o = hotsim(&[
        "simulate",
        dir.to_str().unwrap(),
        "--duration",
        "12s",
        "--compiles",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("traces 2 (0 side, 1 after warm-up)"),
        "{}",
        stdout(&o)
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).ok();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("time_ns,event,trace,parent,exit,start,location,detail,ir_ins,record_ns,compile_ns")
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",trace,2,0,0,call,") && l.contains("late.lua:8,return")),
        "{csv}"
    );
}

/// The seed's mechanism end to end: a loop on virtual time runs housekeeping once per
/// virtual second for 300 s. LuaJIT's counters compile the housekeeping path (a side
/// trace from the loop's exit after 10 taken exits); the 1 s window never does.
#[test]
fn housekeeping_compiles_under_cumulative_and_never_under_windowed() {
    let prog =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/workloads/housekeeping.lua");
    let prog = prog.to_str().unwrap();
    let c = hotsim(&["exec", "--jv", prog]);
    assert_eq!(stdout(&c), "299\n");
    let err = stderr(&c);
    assert!(
        err.lines()
            .any(|l| l.ends_with("housekeeping.lua:8 loop]") && l.starts_with("[TRACE   1 ")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.starts_with("[TRACE   2 (1/") && l.ends_with("housekeeping.lua:12 -> 1]")),
        "{err}"
    );
    let w = hotsim(&["exec", "--jv", "--policy", "windowed", prog]);
    assert_eq!(stdout(&w), "299\n");
    let err = stderr(&w);
    assert!(err.contains("[TRACE   1 "), "{err}");
    assert!(!err.contains("[TRACE   2 "), "{err}");
}

#[test]
fn luajit_compares_trace_events_with_the_embedded_luajit() {
    let prog =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../vm/tests/jit/branch_turns.lua");
    let o = hotsim(&["luajit", prog.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "[TRACE   2 (1/1) branch_turns.lua:4 -> 1]   [TRACE   2 (1/1) branch_turns.lua:4 -> 1]"
        ),
        "{out}"
    );
    assert!(
        out.contains("root traces  luajit    1  hotsim    1  of luajit's 100.0%"),
        "{out}"
    );
    assert!(
        out.contains("same trace count yes  same output yes"),
        "{out}"
    );
    let o = hotsim(&[
        "luajit",
        "--json",
        "--param",
        "hotexit=3",
        prog.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["agreement_hashed"]["sides"]["of_luajit"], 1.0);
    assert!(v["luajit"]["events"].as_array().unwrap().len() >= 2);
    let o = hotsim(&["luajit", "nosuch.lua"]);
    assert_eq!(o.status.code(), Some(2));
    // os.exit ends the program on both sides, not hotsim.
    let f = write("exits.lua", "print('before')\nos.exit(3)\nprint('after')\n");
    let o = hotsim(&["luajit", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("same output yes"), "{}", stdout(&o));
    // A stitched trace (LuaJIT 2.1 stitches around os.clock, and reports its exit as -1)
    // is shown as `(N/stitch)`, not a failure; the program gets its arguments after --.
    let f = write(
        "stitched.lua",
        "local t = 0\nfor i = 1, 300 do\n  local x = os.clock()\n  t = t + i\nend\nprint(t, select('#', ...), ...)\n",
    );
    let o = hotsim(&["luajit", &f, "--", "a", "b"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("(1/stitch) stitched.lua:3"), "{out}");
    assert!(out.contains("same output yes"), "{out}");
    let o = hotsim(&["exec", &f, "a", "b"]);
    assert_eq!(stdout(&o), "45150\t2\ta\tb\n");
}

#[test]
fn simulate_prints_the_jit_at_work_from_the_programs_loading_on() {
    let lwaftr = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../workloads/lwaftr.toml");
    let o = hotsim(&[
        "simulate",
        lwaftr.to_str().unwrap(),
        "--duration",
        "20ms",
        "--jv",
        "--jdump",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    // Trace 1 is the binding table's loop, compiled while the program loads.
    assert!(
        err.lines()
            .any(|l| l.starts_with("[TRACE   1 ") && l.ends_with("lwaftr.lua:37 loop]")),
        "{err}"
    );
    assert!(err.contains("---- TRACE 2 IR"), "{err}");
    // Without the flags, nothing on stderr.
    let quiet = hotsim(&["simulate", lwaftr.to_str().unwrap(), "--duration", "20ms"]);
    assert!(stderr(&quiet).is_empty(), "{}", stderr(&quiet));
}

/// Run `cmd args` in the scratch folder with `input` on its standard input.
fn with_stdin(cmd: &str, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(cmd)
        .args(args)
        .current_dir(scratch())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {cmd}: {e}"));
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn programs_read_standard_input_as_under_luajit() {
    let f = write(
        "stdin.lua",
        "print(io.read('*n', '*n'))\nprint(io.read())\nprint(io.read('*l'))\n\
         local n = 0\nfor line in io.lines() do n = n + 1 io.write('<', line, '>') end\n\
         print(n, io.read(), io.read('*a'), io.read(0))\n\
         print(io.stdin:read(1), io.type(io.stdin))\n\
         print(pcall(io.popen, 'ls'))\n",
    );
    let input = b"12 -3.5e1 rest of line\nsecond\nthird\nfourth\r\nlast";
    let want = with_stdin("luajit", &[&f], input);
    let got = with_stdin(env!("CARGO_BIN_EXE_hotsim"), &["exec", &f], input);
    assert_eq!(got.status.code(), Some(0), "{}", stderr(&got));
    // LuaJIT has popen; hotsim refuses it with the message of builds without it.
    let want_out = stdout(&want).replace(
        &stdout(&want).lines().last().unwrap().to_string(),
        "false\t'popen' not supported",
    );
    assert_eq!(stdout(&got), want_out);
}
