//! The embedder's side of the VM: tables it makes and refills between calls.

use hotsim_vm::{Value, Vm, VmConfig};

#[test]
fn a_host_table_survives_collections_and_shows_what_the_host_set() {
    let mut vm = Vm::new(VmConfig::default());
    vm.run_chunk(
        b"function sum(t) local s = 0 for k, v in pairs(t) do s = s + k * v end return s end\n\
          function churn() for i = 1, 1000 do local _ = { i } end end",
        "embed.lua",
    )
    .unwrap();
    let t = vm.new_host_table();
    let call = |vm: &mut Vm, name: &str, args: &[Value]| {
        let Value::Func(f) = vm.get_global(name) else {
            panic!("{name} is not a function")
        };
        vm.call_function(f, args).unwrap()
    };
    vm.set_host_int(t, 3, Value::Num(2.0));
    vm.set_host_int(t, 7, Value::Num(1.0));
    call(&mut vm, "churn", &[]);
    vm.collect_garbage();
    let sum = call(&mut vm, "sum", &[Value::Table(t)]);
    assert!(matches!(sum[..], [Value::Num(x)] if x == 13.0), "{sum:?}");
    // Setting nil removes a key; the table stays usable after more collections.
    vm.set_host_int(t, 3, Value::Nil);
    vm.collect_garbage();
    let sum = call(&mut vm, "sum", &[Value::Table(t)]);
    assert!(matches!(sum[..], [Value::Num(x)] if x == 7.0), "{sum:?}");
}
