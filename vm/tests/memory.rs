//! The heap budget: past it, allocation raises LuaJIT's "not enough memory", a Lua error
//! that `pcall` catches; the host never aborts, and the VM goes on once the garbage is
//! gone.

use hotsim_vm::{Vm, VmConfig};

mod common;
use common::Capture;

/// Run `body` (a function body) under pcall with a 16 MiB budget, then check the VM
/// still works; returns what the program printed.
fn under_budget(body: &str, policy: &str) -> String {
    let out = Capture::default();
    let policy =
        hotsim_policies::registry::build(policy, &hotsim_policies::Params::new()).expect("policy");
    let mut vm = Vm::new(VmConfig {
        policy,
        stdout: Box::new(out.clone()),
        max_memory: 16 << 20,
        max_instructions: Some(2_000_000_000),
        ..VmConfig::default()
    });
    let src = format!(
        "print(pcall(function() {body} end))\ncollectgarbage()\nlocal t = {{}} for i = 1, 1000 do t[i] = 'ok' .. i end print(#t, t[1000])"
    );
    vm.run_chunk(src.as_bytes(), "budget.lua")
        .unwrap_or_else(|e| panic!("{body}: {e}"));
    vm.flush_output();
    out.text()
}

#[test]
fn every_way_of_filling_the_heap_is_a_catchable_error() {
    let cases = [
        "local t = {} for i = 1, 1e9 do t[i] = {i} end",
        "local t = {} for i = 1, 1e9 do t[i] = i end",
        "local t = {} for i = 1, 1e9 do t['k' .. i] = i end",
        "local s = 'x' while true do s = s .. s end",
        "return string.rep('abc', 1e8)",
        "local t = {} for i = 1, 1e6 do t[i] = string.rep('y', 100) .. i end return table.concat(t)",
        "local t = {} for i = 1, 1e9 do t[i] = function() return i end end",
        "local t = {} for i = 1, 1e9 do t[i] = coroutine.create(print) end",
    ];
    for policy in ["never", "cumulative"] {
        for body in cases {
            let out = under_budget(body, policy);
            assert_eq!(
                out, "false\tnot enough memory\n1000\tok1000\n",
                "{body} under {policy}"
            );
        }
    }
}

#[test]
fn within_the_budget_nothing_changes() {
    let out = under_budget(
        "local t = {} for i = 1, 1e4 do t[i] = {i} end return #t",
        "cumulative",
    );
    assert_eq!(out, "true\t10000\n1000\tok1000\n");
}
