//! LuaJIT's hot points, exactly: when loops and functions trigger under `cumulative`,
//! and how hashed counters alias where exact ones do not.

use hotsim_policies::{HOTCOUNT_SIZE, HotCounters, Params, Site, registry};
use hotsim_vm::op::Op;
use hotsim_vm::{AddrSpace, Heap, Vm, VmConfig, compile};

fn triggers(src: &str, params: &[(&str, &str)]) -> Vec<(String, &'static str)> {
    let mut p = Params::new();
    for (k, v) in params {
        p.set(*k, *v);
    }
    let policy = registry::build("cumulative", &p).unwrap();
    let mut vm = Vm::new(VmConfig {
        policy,
        ..VmConfig::default()
    });
    vm.run_chunk(src.as_bytes(), "t.lua").unwrap();
    vm.hot_events()
        .iter()
        .map(|e| (e.location(), e.kind.name()))
        .collect()
}

fn loop_of(n: usize) -> String {
    format!("local s = 0\nfor i = 1, {n} do\n  s = s + i\nend\n")
}

#[test]
fn a_loop_of_55_iterations_triggers_nothing() {
    assert!(triggers(&loop_of(55), &[]).is_empty());
}

#[test]
fn a_loop_of_56_iterations_triggers_once_at_its_back_edge() {
    assert_eq!(
        triggers(&loop_of(56), &[]),
        vec![("t.lua:2".to_string(), "loop")]
    );
}

#[test]
fn after_a_trigger_a_looping_trace_runs_and_nothing_ticks_again() {
    // Without a trace the loop would trigger again after 57 more back-edges (the
    // counter itself is tested in hotsim-policies); compiled, it never ticks again.
    assert_eq!(triggers(&loop_of(56 + 57 + 57), &[]).len(), 1);
}

/// `n` calls of `f` from straight-line code (a calling loop would compile first).
fn calls(n: usize) -> String {
    let mut s = String::from("local function f(x) return x end\nlocal s = 0\n");
    for _ in 0..n {
        s.push_str("s = f(s)\n");
    }
    s
}

#[test]
fn a_function_triggers_at_its_112th_call() {
    let only_calls = |n| {
        triggers(&calls(n), &[])
            .into_iter()
            .filter(|(_, k)| *k == "call")
            .count()
    };
    assert_eq!(only_calls(111), 0);
    assert_eq!(only_calls(112), 1);
    // The 112th call records a `return` trace; later calls run it and do not tick.
    assert_eq!(only_calls(112 + 113), 1);
}

#[test]
fn vararg_functions_never_tick() {
    let src = "local function f(...) return ... end\nfor i = 1, 50 do f(i) end\n";
    assert!(triggers(src, &[]).iter().all(|(_, k)| *k == "loop"));
}

#[test]
fn while_repeat_and_generic_for_loops_tick() {
    let w = "local i = 0\nwhile i < 56 do i = i + 1 end\n";
    assert_eq!(triggers(w, &[]).len(), 1);
    let r = "local i = 0\nrepeat i = i + 1 until i >= 56\n";
    assert_eq!(triggers(r, &[]).len(), 1);
    // ITERL ticks on every call of the iterator, including the final one returning nil.
    let g = "local t = {}\nfor i = 1, 55 do t[i] = i end\nfor _, v in ipairs(t) do end\n";
    assert_eq!(
        triggers(g, &[("counters", "exact")])
            .iter()
            .filter(|(l, _)| l == "t.lua:3")
            .count(),
        1
    );
}

#[test]
fn hotloop_parameter_scales_the_threshold() {
    assert!(triggers(&loop_of(9), &[("hotloop", "10")]).is_empty());
    assert_eq!(triggers(&loop_of(10), &[("hotloop", "10")]).len(), 1);
}

/// Sites of the FORL ops of a chunk, as the VM lays them out.
fn forl_sites(src: &str) -> Vec<Site> {
    let mut heap = Heap::new();
    let proto = compile(
        src.as_bytes(),
        "t.lua",
        &mut heap,
        &mut AddrSpace::default(),
    )
    .unwrap();
    (0..proto.code.len())
        .filter(|&pc| proto.code[pc].op == Op::Forl)
        .map(|pc| Site::new(proto.pc_addr(pc + 1)))
        .collect()
}

/// Two 30-iteration loops: apart neither reaches 56 back-edges; `pad` statements between
/// them move the second loop's site.
fn two_loops(pad: usize) -> String {
    let mut s = String::from("local x = 0\nfor i = 1, 30 do x = x + i end\n");
    for _ in 0..pad {
        s.push_str("x = 1\n");
    }
    s.push_str("for i = 1, 30 do x = x - i end\n");
    s
}

#[test]
fn hashed_counters_alias_colliding_sites_and_exact_ones_do_not() {
    let pad = (0..200)
        .find(|&pad| {
            let s = forl_sites(&two_loops(pad));
            HotCounters::slot(s[0]) == HotCounters::slot(s[1])
        })
        .expect("some padding makes the two loops collide");
    let src = two_loops(pad);
    let sites = forl_sites(&src);
    assert_eq!(
        (sites[1].addr() - sites[0].addr()) % (4 * HOTCOUNT_SIZE as u32),
        0
    );
    // 30 + 26 back-edges on the shared slot reach 56: the second loop triggers.
    assert_eq!(triggers(&src, &[]).len(), 1);
    assert!(triggers(&src, &[("counters", "exact")]).is_empty());
    // Without the collision, nothing triggers in either mode.
    let apart = two_loops(pad + 1);
    assert!(triggers(&apart, &[]).is_empty());
}

#[test]
fn never_policy_ticks_nothing() {
    let policy = registry::build("never", &Params::new()).unwrap();
    let mut vm = Vm::new(VmConfig {
        policy,
        ..VmConfig::default()
    });
    vm.run_chunk(loop_of(10_000).as_bytes(), "t.lua").unwrap();
    assert_eq!(vm.stats().hot_triggers, 0);
}
