//! wasm-smith modules, instantiated and run with fuel and limits, every
//! export called with arbitrary arguments: no panic, no hang.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use spindle::{Config, Engine, Linker, Store, StoreLimits, StoreLimitsBuilder, Val};
use spindle_fuzz::{arguments, compile, smith_module};

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let bytes = smith_module(&mut u, false)?;
    let mut config = Config::new();
    config.all_proposals().consume_fuel(true).max_call_depth(1000).max_stack_slots(1 << 16);
    let engine = Engine::new(&config);
    let Some(module) = compile(&engine, &bytes) else { return Ok(()) };
    // Without limits one `memory.grow` can ask for 4 GiB (found by this
    // target: libFuzzer's RSS limit).
    let limits = StoreLimitsBuilder::new().memory_size(64 << 20).table_elements(100_000).build();
    let mut store = Store::new(&engine, limits);
    store.limiter(|l: &mut StoreLimits| l);
    store.set_fuel(100_000).unwrap();
    let Ok(instance) = Linker::new(&engine).instantiate(&mut store, &module) else { return Ok(()) };
    let funcs: Vec<_> = instance.exports(&store).filter_map(|(_, e)| e.into_func()).collect();
    for f in funcs {
        let ty = f.ty(&store);
        let args = arguments(&mut u, ty.params())?;
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        store.set_fuel(100_000).unwrap();
        let _ = f.call(&mut store, &args, &mut results);
    }
    Ok(())
}
