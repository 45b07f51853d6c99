//! wasm-smith modules, instantiated and run with fuel and limits, every
//! export called with arbitrary arguments: no panic, no hang. Exception
//! handling is generated when the input draws it (`execute_module`): a
//! call may end with an exception no handler caught, like a trap a normal
//! outcome, whose payload must fit its tag's type; a call that ends with
//! any other kind of error is a finding. GC is generated when the input
//! draws it (`smith_config`), the GC heap bounded by the store's limit,
//! past which an allocation traps; a function with a parameter of a non-nullable
//! reference type is not called (the host has no value to give it).
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use spindle::{Config, Engine, Linker, Store, StoreLimits, StoreLimitsBuilder, Val};
use spindle_fuzz::{arguments, callable, compile, execute_module, proper_nulls};

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let bytes = execute_module(&mut u)?;
    let mut config = Config::new();
    config
        .all_proposals()
        .consume_fuel(true)
        .max_call_depth(1000)
        .max_stack_slots(1 << 16);
    let engine = Engine::new(&config);
    let Some(module) = compile(&engine, &bytes) else {
        return Ok(());
    };
    // Without limits one `memory.grow` can ask for 4 GiB (found by this
    // target: libFuzzer's RSS limit); the GC heap is bounded too.
    let limits = StoreLimitsBuilder::new()
        .memory_size(64 << 20)
        .table_elements(100_000)
        .gc_heap_size(64 << 20)
        .build();
    let mut store = Store::new(&engine, limits);
    store.limiter(|l: &mut StoreLimits| l);
    store.set_fuel(100_000).unwrap();
    let instance = match Linker::new(&engine).instantiate(&mut store, &module) {
        Ok(instance) => instance,
        Err(e) => {
            // A trap or an exception from the start function, or a limit.
            if e.as_exception().is_some() {
                check_error(&store, &e);
            }
            return Ok(());
        }
    };
    let funcs: Vec<_> = instance
        .exports(&store)
        .filter_map(|(_, e)| e.into_func())
        .collect();
    for f in funcs {
        let ty = f.ty(&store);
        let args = arguments(&mut u, ty.params())?;
        if !callable(ty.params()) {
            continue;
        }
        let args = proper_nulls(&store, ty.params(), args);
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        store.set_fuel(100_000).unwrap();
        if let Err(e) = f.call(&mut store, &args, &mut results) {
            check_error(&store, &e);
        }
    }
    Ok(())
}

/// A call may end with a trap (fuel and limits included) or with an
/// exception no handler caught, a normal outcome whose payload must match
/// its tag's type; any other error is a finding.
fn check_error(store: &Store<StoreLimits>, e: &spindle::Error) {
    if let Some(x) = e.as_exception() {
        let ty = x.tag().ty(store);
        let payload = x.payload();
        assert_eq!(
            payload.len(),
            ty.payload().len(),
            "an exception's payload does not fit its tag's type: {e}"
        );
        for (v, t) in payload.iter().zip(ty.payload()) {
            // References by kind (a null's type is its hierarchy's top).
            let fits = if t.is_ref() {
                v.ty().is_ref() && v.ty().is_exn_ref() == t.is_exn_ref()
            } else {
                v.ty() == *t
            };
            assert!(
                fits,
                "an exception's value {v:?} does not fit its tag's type {t}"
            );
        }
    } else {
        assert!(
            e.as_trap().is_some(),
            "a call ended with neither a trap nor an exception: {e}"
        );
    }
}
