//! Interpreter tests: traps, limits, fuel, and host-stack safety.

use crate::{Config, Engine, Error, Linker, Module, Store, TrapCode, Val};
use alloc::vec;
use alloc::vec::Vec;

fn instance(config: &Config, wat: &str) -> (Store<()>, crate::Instance) {
    let engine = Engine::new(config);
    let module =
        Module::new(&engine, wat::parse_str(wat).expect("test module parses")).expect("compiles");
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .expect("instantiates");
    (store, instance)
}

pub(super) fn call(
    store: &mut Store<()>,
    instance: crate::Instance,
    name: &str,
    args: &[Val],
) -> Result<Vec<Val>, Error> {
    let f = instance.get_func(&*store, name).expect("export exists");
    let mut results = vec![Val::I32(0); f.ty(&*store).results().len()];
    f.call(store, args, &mut results).map(|()| results)
}

const RECURSE: &str = r#"(module
  (func $down (export "down") (param i64) (result i64)
    (i64.add (i64.const 1) (call $down (i64.add (local.get 0) (i64.const 1))))))"#;

#[test]
fn unbounded_recursion_traps_with_the_default_config() {
    let (mut store, inst) = instance(&Config::default(), RECURSE);
    let err = call(&mut store, inst, "down", &[Val::I64(0)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
    // The store is still usable afterwards.
    let err = call(&mut store, inst, "down", &[Val::I64(0)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
}

#[test]
fn deep_recursion_needs_no_host_stack() {
    // 128 KiB of host stack against a million wasm frames: wasm calls never
    // recurse on the host, so this ends in a clean trap. (Unoptimised, the
    // portable loop's frame is about 8 KiB because each op runs out of line;
    // with every op inlined it was 245 KiB, and this test caught it.)
    let handle = std::thread::Builder::new()
        .stack_size(128 * 1024)
        .spawn(|| {
            let mut config = Config::default();
            config.max_call_depth(1_000_000).max_stack_slots(1 << 22);
            let (mut store, inst) = instance(&config, RECURSE);
            call(&mut store, inst, "down", &[Val::I64(0)])
                .unwrap_err()
                .trap_code()
        })
        .unwrap();
    assert_eq!(handle.join().unwrap(), Some(TrapCode::StackOverflow));
}

#[test]
fn value_stack_limit_traps() {
    let mut config = Config::default();
    config.max_call_depth(usize::MAX).max_stack_slots(1000);
    let (mut store, inst) = instance(&config, RECURSE);
    let err = call(&mut store, inst, "down", &[Val::I64(0)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
}

#[test]
fn every_spec_trap_is_raised() {
    let wat = r#"(module
      (type $t (func (result i32)))
      (memory 1)
      (table 2 funcref)
      (elem (i32.const 0) $f)
      (func $f (param i32) (result i32) (local.get 0))
      (func (export "unreachable") unreachable)
      (func (export "div0") (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
      (func (export "overflow") (result i32) (i32.div_s (i32.const 0x80000000) (i32.const -1)))
      (func (export "conv") (result i32) (i32.trunc_f32_s (f32.const nan)))
      (func (export "conv_range") (result i32) (i32.trunc_f64_u (f64.const -1)))
      (func (export "oob_mem") (result i32) (i32.load offset=65533 (i32.const 0)))
      (func (export "oob_table") (result i32) (call_indirect (type $t) (i32.const 7)))
      (func (export "null") (result i32) (call_indirect (type $t) (i32.const 1)))
      (func (export "sig") (result i32) (call_indirect (type $t) (i32.const 0)))
      (func (export "table_get") (result funcref) (table.get (i32.const 2))))"#;
    let (mut store, inst) = instance(&Config::default(), wat);
    let cases = [
        ("unreachable", TrapCode::Unreachable),
        ("div0", TrapCode::IntegerDivisionByZero),
        ("overflow", TrapCode::IntegerOverflow),
        ("conv", TrapCode::BadConversionToInteger),
        ("conv_range", TrapCode::IntegerOverflow),
        ("oob_mem", TrapCode::MemoryOutOfBounds),
        ("oob_table", TrapCode::TableOutOfBounds),
        ("null", TrapCode::IndirectCallToNull),
        ("sig", TrapCode::BadSignature),
        ("table_get", TrapCode::TableOutOfBounds),
    ];
    for (name, code) in cases {
        let err = call(&mut store, inst, name, &[]).unwrap_err();
        assert_eq!(err.trap_code(), Some(code), "{name}");
        let loc = err
            .as_trap()
            .unwrap()
            .location
            .as_ref()
            .expect("trap location");
        assert!(loc.offset > 0, "{name}: {loc:?}");
    }
}

#[test]
fn fuel_runs_out_with_its_own_trap_and_is_counted() {
    let wat = r#"(module (func (export "count") (param i32) (result i32)
        (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (local.get 0)))"#;
    let mut config = Config::default();
    config.consume_fuel(true);
    let (mut store, inst) = instance(&config, wat);
    // Entry 1 + 5 per iteration + exit 3 (see translate::tests).
    store.set_fuel(1 + 5 * 10 + 3).unwrap();
    assert_eq!(
        call(&mut store, inst, "count", &[Val::I32(10)]).unwrap(),
        vec![Val::I32(0)]
    );
    assert_eq!(store.get_fuel().unwrap(), 0);
    store.set_fuel(1 + 5 * 10 + 2).unwrap();
    let err = call(&mut store, inst, "count", &[Val::I32(10)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
    // Without metering, fuel cannot be set.
    assert!(Store::new(&Engine::default(), ()).set_fuel(1).is_err());
}

#[test]
fn memory_grow_respects_the_maximum() {
    let wat = r#"(module (memory 1 3)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "size") (result i32) (memory.size)))"#;
    let (mut store, inst) = instance(&Config::default(), wat);
    assert_eq!(
        call(&mut store, inst, "grow", &[Val::I32(2)]).unwrap(),
        vec![Val::I32(1)]
    );
    assert_eq!(
        call(&mut store, inst, "grow", &[Val::I32(1)]).unwrap(),
        vec![Val::I32(-1)]
    );
    assert_eq!(
        call(&mut store, inst, "size", &[]).unwrap(),
        vec![Val::I32(3)]
    );
}

#[test]
fn host_functions_can_reenter_wasm() {
    let wat = r#"(module
      (import "host" "twice" (func $twice (param i32) (result i32)))
      (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func (export "run") (param i32) (result i32)
        ;; `inc` is first called (and translated, writing the instance's
        ;; call entries) inside the host function; the direct call after
        ;; it must see the new entry (the executor takes the entries again
        ;; after every host call).
        (i32.add
          (i32.mul (call $twice (local.get 0)) (i32.const 10))
          (call 1 (i32.const 0)))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
    let mut store = Store::new(&engine, 0u32);
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "twice",
            |mut caller: crate::Caller<'_, u32>, x: i32| -> crate::Result<i32> {
                *caller.data_mut() += 1;
                let inc = caller
                    .get_export("inc")
                    .and_then(|e| e.into_func())
                    .unwrap();
                let inc = inc.typed::<i32, i32>(&caller)?;
                let once = inc.call(&mut caller, x)?;
                inc.call(&mut caller, once)
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let run = inst.get_typed_func::<i32, i32>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, 5).unwrap(), 71);
    assert_eq!(*store.data(), 1);
}

#[test]
fn globals_stay_right_when_a_host_call_adds_globals() {
    // The executor reads globals through pointers into the store's list. A
    // host function that creates globals reallocates that list; the
    // `global.get` and `global.set` after the call must use the new one.
    let wat = r#"(module
      (import "host" "add_globals" (func $add))
      (global $g (mut i64) (i64.const 7))
      (func (export "run") (result i64)
        (global.set $g (i64.add (global.get $g) (i64.const 1)))
        (call $add)
        (global.set $g (i64.mul (global.get $g) (i64.const 3)))
        (call $add)
        (global.get $g)))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "host",
            "add_globals",
            |mut caller: crate::Caller<'_, ()>| -> crate::Result<()> {
                for i in 0..100 {
                    crate::Global::new(&mut caller, crate::Mutability::Const, Val::I64(i))?;
                }
                Ok(())
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let run = inst.get_typed_func::<(), i64>(&store, "run").unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 24);
    assert_eq!(run.call(&mut store, ()).unwrap(), 75);
}

#[test]
fn malformed_modules_never_panic() {
    // Every single-byte corruption of a real module is rejected or
    // accepted, but never panics (a cheap stand-in for the fuzzer).
    let wasm = wat::parse_str(RECURSE).unwrap();
    let engine = Engine::default();
    for i in 0..wasm.len() {
        for b in [0x00u8, 0x01, 0x7f, 0x80, 0xff, wasm[i].wrapping_add(1)] {
            let mut bytes = wasm.clone();
            bytes[i] = b;
            let _ = Module::new(&engine, &bytes);
            bytes.truncate(i);
            let _ = Module::new(&engine, &bytes);
        }
    }
}

#[test]
fn deterministic_mode_canonicalises_nans() {
    // 0/0 and sqrt(-1) produce a NaN whose sign/payload depends on the CPU;
    // a NaN input keeps its payload through arithmetic. Deterministic
    // mode turns all of them into the canonical NaN, but leaves the
    // bit-exact operations (neg, copysign) alone.
    let wat = r#"(module
      (func (export "div") (param f32) (result f32) (f32.div (local.get 0) (local.get 0)))
      (func (export "add64") (param f64) (result f64) (local f64)
        (local.set 1 (f64.add (local.get 0) (f64.const 1))) (local.get 1))
      (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0))))"#;
    let nan_payload = 0x7fa0_0001u32; // a NaN with a non-canonical payload
    let mut config = Config::default();
    config.deterministic(true);
    let (mut store, inst) = instance(&config, wat);
    assert_eq!(
        call(&mut store, inst, "div", &[Val::F32(0)]).unwrap(),
        vec![Val::F32(0x7fc0_0000)]
    );
    assert_eq!(
        call(&mut store, inst, "div", &[Val::F32(nan_payload)]).unwrap(),
        vec![Val::F32(0x7fc0_0000)]
    );
    assert_eq!(
        call(
            &mut store,
            inst,
            "add64",
            &[Val::F64(0xfff0_0000_0000_0abc)]
        )
        .unwrap(),
        vec![Val::F64(0x7ff8_0000_0000_0000)]
    );
    assert_eq!(
        call(&mut store, inst, "neg", &[Val::F32(nan_payload)]).unwrap(),
        vec![Val::F32(nan_payload | 0x8000_0000)]
    );
    // Ordinary values are untouched.
    assert_eq!(
        call(&mut store, inst, "div", &[Val::from(3.0f32)]).unwrap(),
        vec![Val::from(1.0f32)]
    );
    // Without deterministic mode the NaN payload propagates (on this host).
    let (mut store, inst) = instance(&Config::default(), wat);
    let r = call(&mut store, inst, "div", &[Val::F32(nan_payload)]).unwrap();
    assert_ne!(r, vec![Val::F32(0x7fc0_0000)]);
}

#[test]
fn bulk_operations_charge_fuel_by_size() {
    let wat = r#"(module (memory 1)
      (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 7) (local.get 0))))"#;
    let mut config = Config::default();
    config.consume_fuel(true);
    let (mut store, inst) = instance(&config, wat);
    // 5 operators (3 operands, fill, end) plus one unit per started 64 bytes.
    store.set_fuel(5 + 1000u64.div_ceil(64)).unwrap();
    call(&mut store, inst, "fill", &[Val::I32(1000)]).unwrap();
    assert_eq!(store.get_fuel().unwrap(), 0);
    store.set_fuel(5 + 1000u64.div_ceil(64) - 1).unwrap();
    let err = call(&mut store, inst, "fill", &[Val::I32(1000)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
}

#[test]
fn out_of_fuel_calls_resume_where_they_stopped() {
    let wat = r#"(module
      (func $fib (export "fib") (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                         (call $fib (i32.sub (local.get 0) (i32.const 2))))))))"#;
    let mut config = Config::default();
    config.consume_fuel(true);
    let (mut store, inst) = instance(&config, wat);
    let fib = inst.get_func(&store, "fib").unwrap();
    // Fuel an uninterrupted run needs.
    store.set_fuel(u64::MAX).unwrap();
    let mut out = [Val::I32(0)];
    fib.call(&mut store, &[Val::I32(15)], &mut out).unwrap();
    let needed = u64::MAX - store.get_fuel().unwrap();
    // The same run in slices of 1000 fuel.
    store.set_fuel(1000).unwrap();
    let mut outcome = fib
        .call_resumable(&mut store, &[Val::I32(15)], &mut out)
        .unwrap();
    let mut slices = 1;
    let mut used = 0;
    while let crate::CallOutcome::OutOfFuel(call) = outcome {
        used += 1000 - store.get_fuel().unwrap();
        // Other calls can run while one is parked.
        store.set_fuel(100).unwrap();
        let mut small = [Val::I32(0)];
        fib.call(&mut store, &[Val::I32(3)], &mut small).unwrap();
        assert_eq!(small, [Val::I32(2)]);
        store.set_fuel(1000).unwrap();
        outcome = call.resume(&mut store, &mut out).unwrap();
        slices += 1;
    }
    assert_eq!(out, [Val::I32(610)]);
    used += 1000 - store.get_fuel().unwrap();
    assert_eq!(used, needed, "resuming does not change the total fuel");
    assert!(slices > 5);
}

#[test]
fn select_of_a_local_and_its_eqz() {
    // Found by the differential fuzzer, where wasmi 2.0 returns 0 (see
    // fuzz/regressions/wasmi-divergences); Wasmtime and wasm3 agree on 32.
    let wat = r#"(module
      (global (mut i32) (i32.const 0))
      (func (export "f") (param f64) (result i32) (local i32)
        i32.const 32
        i32.const 65536
        local.set 1
        i32.const 1
        local.get 1
        local.get 1
        i32.eqz
        select
        i32.rem_u
        global.get 0
        i32.xor
        global.set 0
        global.get 0))"#;
    let (mut store, inst) = instance(&Config::default(), wat);
    assert_eq!(
        call(&mut store, inst, "f", &[Val::F64(0)]).unwrap(),
        vec![Val::I32(32)]
    );
}

#[test]
fn guarded_remainder_by_a_large_divisor() {
    // The second wasmi 2.0 divergence the differential fuzzer found (see
    // fuzz/regressions/wasmi-divergences/guarded-rem-u): popcnt(-690552833)
    // = 26, and 26 rem_u 0xffffff7f = 26. wasmi returns 0.
    let wat = r#"(module
      (global i32 (i32.const -690552833))
      (func (export "f") (result i32) (local i32)
        global.get 0
        i32.popcnt
        i32.const -129
        local.set 0
        i32.const 1
        local.get 0
        local.get 0
        i32.eqz
        select
        i32.rem_u))"#;
    let (mut store, inst) = instance(&Config::default(), wat);
    assert_eq!(
        call(&mut store, inst, "f", &[]).unwrap(),
        vec![Val::I32(26)]
    );
}

/// A loop that runs ops of every family the threaded path handles
/// (arithmetic with slot and immediate operands, floats, compares, fused
/// compare-and-branch, loads, stores, copies, constants, `select`,
/// `br_table`), with a call and a global among them.
const SPIN: &str = r#"(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func $bump (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "spin") (param $n i32) (result i64)
    (local $i i32) (local $acc i64) (local $f f64) (local $s f32) (local $t i32)
    (loop $top
      (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (i32.mul (local.get $i) (i32.const 3)))))
      (local.set $acc (i64.xor (local.get $acc) (i64.const 0x123456789)))
      (local.set $f (f64.add (local.get $f) (f64.convert_i32_u (local.get $i))))
      (local.set $s (f32.mul (f32.const 1.5) (f32.demote_f64 (local.get $f))))
      (i32.store offset=8 (i32.and (local.get $i) (i32.const 1023)) (local.get $i))
      (i64.store (i32.const 16) (local.get $acc))
      (f32.store (i32.const 32) (local.get $s))
      (local.set $acc (i64.add (local.get $acc) (i64.load (i32.const 16))))
      (local.set $acc (i64.add (local.get $acc)
        (i64.extend_i32_u (i32.load8_u offset=8 (i32.and (local.get $i) (i32.const 1023))))))
      (local.set $t (local.get $i))
      (local.set $acc (select (local.get $acc) (i64.const 7) (f64.lt (local.get $f) (f64.const 1e300))))
      (block $a (block $b (block $c
        (br_table $a $b $c (i32.rem_u (local.get $t) (i32.const 3))))
        (local.set $acc (i64.add (local.get $acc) (i64.const 1))))
        (local.set $acc (i64.sub (local.get $acc) (i64.const 1))))
      (if (i32.gt_u (local.get $i) (i32.const 5))
        (then (local.set $acc (i64.rotl (local.get $acc) (i64.const 1)))))
      (global.set $g (call $bump (global.get $g)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $n))))
    (i64.add (local.get $acc) (i64.extend_i32_u (global.get $g)))))"#;

/// A loop through the ops that run out of line: calls (direct, indirect,
/// to the host), returns, globals, fuel, memory size and growth, bulk
/// memory, tables and segments.
const SPIN_OUT_OF_LINE: &str = r#"(module
  (import "host" "id" (func $id (param i32) (result i32)))
  (memory 1 2)
  (table $t 4 8 funcref)
  (global $g (mut i64) (i64.const 0))
  (data $d "spindle")
  (elem $e func $one $one)
  (type $unit (func (result i32)))
  (func $one (result i32) (i32.const 1))
  (elem declare func $one)
  (func (export "spin") (param $n i32) (result i64)
    (local $i i32)
    (table.set $t (i32.const 0) (ref.func $one))
    (loop $top
      (global.set $g (i64.add (global.get $g) (i64.extend_i32_u (call_indirect (type $unit) (i32.const 0)))))
      (global.set $g (i64.add (global.get $g) (i64.extend_i32_u (call $id (memory.size)))))
      (drop (memory.grow (i32.const 0)))
      (memory.fill (i32.const 0) (local.get $i) (i32.const 16))
      (memory.copy (i32.const 32) (i32.const 0) (i32.const 16))
      (memory.init $d (i32.const 64) (i32.const 0) (i32.const 7))
      (table.init $t $e (i32.const 1) (i32.const 0) (i32.const 2))
      (table.copy $t $t (i32.const 2) (i32.const 1) (i32.const 2))
      (table.fill $t (i32.const 3) (table.get $t (i32.const 0)) (i32.const 1))
      (drop (table.grow $t (ref.null func) (i32.const 0)))
      (global.set $g (i64.add (global.get $g) (i64.extend_i32_u (table.size $t))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $top (i32.lt_u (local.get $i) (local.get $n))))
    (data.drop $d)
    (elem.drop $e)
    (global.get $g)))"#;

/// The host stack the bounded-stack tests run on: 64 KiB when optimised.
/// An unoptimised build spends more than that on validating and translating
/// the module (wasmparser's frames are large at opt-level 0), so it gets
/// 512 KiB: still far less than an unbounded loop over its tens of
/// thousands of iterations would take (a frame per op).
const TEST_STACK: usize = if cfg!(debug_assertions) {
    512 * 1024
} else {
    64 * 1024
};

#[test]
fn threaded_stack_stays_bounded_out_of_line() {
    // As below, for the ops that leave the handlers for an out-of-line
    // path, with fuel metering on (one more op) and a host function.
    let n = if cfg!(miri) {
        2
    } else if cfg!(debug_assertions) {
        20_000
    } else {
        300_000
    };
    let handle = std::thread::Builder::new()
        .stack_size(TEST_STACK)
        .spawn(move || {
            let mut config = Config::new();
            config.consume_fuel(true);
            let engine = Engine::new(&config);
            let module = Module::new(&engine, wat::parse_str(SPIN_OUT_OF_LINE).unwrap()).unwrap();
            let mut store = Store::new(&engine, ());
            store.set_fuel(u64::MAX).unwrap();
            let mut linker = Linker::new(&engine);
            linker
                .func_wrap(
                    "host",
                    "id",
                    |_: crate::Caller<'_, ()>, x: i32| -> crate::Result<i32> { Ok(x) },
                )
                .unwrap();
            let inst = linker.instantiate(&mut store, &module).unwrap();
            let spin = inst.get_typed_func::<i32, i64>(&store, "spin").unwrap();
            spin.call(&mut store, n)
        })
        .unwrap();
    let result = handle.join().unwrap().expect("the loop runs to the end");
    // Per iteration: 1 (call_indirect) + 1 (memory.size) + 4 (table.size).
    assert_eq!(result, 6 * n as i64);
}

#[test]
fn threaded_stack_stays_bounded() {
    // 64 KiB of host stack against millions of ops: if any handler of the
    // threaded path (when it is built) called the next one instead of
    // jumping to it, the stack would grow by a frame per op and overflow.
    // Under Miri (which never turns calls into jumps) this only checks the
    // handlers' memory safety, on a short run.
    let n = if cfg!(miri) {
        3
    } else if cfg!(debug_assertions) {
        50_000
    } else {
        2_000_000
    };
    let handle = std::thread::Builder::new()
        .stack_size(TEST_STACK)
        .spawn(move || {
            let (mut store, inst) = instance(&Config::default(), SPIN);
            call(&mut store, inst, "spin", &[Val::I32(n)])
        })
        .unwrap();
    let results = handle.join().unwrap().expect("the loop runs to the end");
    assert!(matches!(results[..], [Val::I64(v)] if v != 0));
}

#[test]
#[cfg(spindle_threaded)]
fn threaded_table_matches_the_tags() {
    // The handler table is indexed by the op's tag: check, for every op of
    // some real modules, that the tag names the same variant in the table.
    let engine = Engine::new(Config::new().lazy_translation(false));
    let mut wasm: Vec<Vec<u8>> = ["json", "regex", "compress", "nbody"]
        .iter()
        .map(|k| {
            let path = alloc::format!(
                "{}/benches/kernels/wasm/{k}.wasm",
                env!("CARGO_MANIFEST_DIR")
            );
            std::fs::read(path).expect("kernel exists")
        })
        .collect();
    wasm.push(wat::parse_str(SPIN).unwrap());
    let mut seen = std::collections::BTreeSet::new();
    for bytes in &wasm {
        let module = Module::new(&engine, bytes).expect("compiles");
        for f in &module.info.funcs {
            for op in &f.ops {
                // SAFETY: `Op` is `repr(u16)`: its first two bytes are the tag.
                let tag = unsafe { *(op as *const crate::bytecode::Op).cast::<u16>() };
                assert_eq!(super::threaded::NAMES[tag as usize], op.variant_name());
                seen.insert(tag);
            }
        }
    }
    assert!(seen.len() > 100, "only {} kinds of op seen", seen.len());
}

#[test]
#[cfg(not(feature = "small-footprint"))] // which has no lazy validation
fn lazy_validation_refuses_an_invalid_body_at_its_first_call() {
    // Function 1's body is ill-typed (an i64 where it returns an i32).
    let wat = r#"(module
      (func (export "good") (result i32) (i32.const 5))
      (func $bad (result i32) (i64.const 1))
      (func (export "calls_bad") (result i32) (call $bad)))"#;
    let bytes = wat::parse_str(wat).unwrap();
    let names_the_bad_body = |err: &Error| {
        assert!(
            matches!(
                err.kind(),
                crate::ErrorKind::Invalid {
                    func_index: Some(1),
                    ..
                }
            ),
            "{err}"
        );
    };
    let refused = |config: &Config| {
        names_the_bad_body(&Module::new(&Engine::new(config), &bytes).unwrap_err());
    };
    // Eager validation, the default, refuses the module; so does lazy
    // validation without lazy translation (it then has no effect).
    refused(&Config::new());
    refused(Config::new().lazy_translation(false).lazy_validation(true));

    let engine = Engine::new(Config::new().lazy_validation(true));
    let module = Module::new(&engine, &bytes).expect("bodies are not validated at load");
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    assert_eq!(call(&mut store, inst, "good", &[]).unwrap(), [Val::I32(5)]);
    // Every call that reaches the bad body is refused, before it runs.
    for _ in 0..2 {
        let err = call(&mut store, inst, "calls_bad", &[]).unwrap_err();
        names_the_bad_body(&err);
        assert_eq!(err.trap_code(), None);
    }
    let entity = &store.inner.instances[inst.0 as usize];
    assert!(entity.compiled_if_ready(1).is_none());
    assert_eq!(call(&mut store, inst, "good", &[]).unwrap(), [Val::I32(5)]);
}

#[test]
fn lazy_translation_translates_on_first_call_and_agrees_with_eager() {
    let wat = r#"(module
      (func $used (param i32) (result i32) (i32.div_u (i32.const 100) (local.get 0)))
      (func $unused (result i32) (i32.const 7))
      (func (export "run") (param i32) (result i32) (call $used (local.get 0))))"#;
    let mut eager = Config::new();
    eager.lazy_translation(false);
    for config in [Config::default(), eager] {
        let (mut store, inst) = instance(&config, wat);
        let translated = |store: &Store<()>| {
            let entity = &store.inner.instances[inst.0 as usize];
            (0..3)
                .map(|i| entity.compiled_if_ready(i).is_some())
                .collect::<Vec<_>>()
        };
        let lazy = config.lazy_translation;
        assert_eq!(translated(&store), [!lazy, !lazy, !lazy]);
        assert_eq!(
            call(&mut store, inst, "run", &[Val::I32(7)]).unwrap(),
            [Val::I32(14)]
        );
        assert_eq!(translated(&store), [true, !lazy, true]);
        // A trap in a lazily translated function still has its location.
        let err = call(&mut store, inst, "run", &[Val::I32(0)]).unwrap_err();
        assert_eq!(err.trap_code(), Some(TrapCode::IntegerDivisionByZero));
        assert!(
            alloc::format!("{err}").contains("function 0 (used)"),
            "{err}"
        );
    }
}

#[test]
fn tail_calls_to_hosts_and_other_instances() {
    // Instance `lib` reads its own memory; `main` tail-calls it, tail-calls
    // a host function, and calls both normally: after each, `main` still
    // reads its own memory (the instance switch back restores it).
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap("host", "triple", |_: crate::Caller<'_, ()>, x: i32| x * 3)
        .unwrap();
    let lib = Module::new(
        &engine,
        wat::parse_str(
            r#"(module (memory 1) (data (i32.const 0) "\07")
                 (func (export "peek") (param i32) (result i32) (i32.add (local.get 0) (i32.load8_u (i32.const 0)))))"#,
        )
        .unwrap(),
    )
    .unwrap();
    let lib = linker.instantiate(&mut store, &lib).unwrap();
    linker.instance(&mut store, "lib", lib).unwrap();
    let main = Module::new(
        &engine,
        wat::parse_str(
            r#"(module
                 (import "lib" "peek" (func $peek (param i32) (result i32)))
                 (import "host" "triple" (func $triple (param i32) (result i32)))
                 (memory 1) (data (i32.const 0) "\64")
                 (func $to_lib (param i32) (result i32) (return_call $peek (local.get 0)))
                 (func $to_host (param i32) (result i32) (return_call $triple (local.get 0)))
                 (func (export "run") (result i32)
                   ;; 10 + 7, then 17 * 3 = 51, then + main's byte 100
                   (i32.add (call $to_host (call $to_lib (i32.const 10)))
                            (i32.load8_u (i32.const 0))))
                 (func (export "tail_to_lib") (param i32) (result i32) (return_call $peek (local.get 0))))"#,
        )
        .unwrap(),
    )
    .unwrap();
    let main = linker.instantiate(&mut store, &main).unwrap();
    assert_eq!(call(&mut store, main, "run", &[]).unwrap(), [Val::I32(151)]);
    // A tail call from the entry function itself: the results go to the host.
    assert_eq!(
        call(&mut store, main, "tail_to_lib", &[Val::I32(1)]).unwrap(),
        [Val::I32(8)]
    );
}

#[test]
fn an_endless_tail_call_loop_runs_out_of_fuel_not_of_stack() {
    let mut config = Config::default();
    config.consume_fuel(true);
    let (mut store, inst) = instance(
        &config,
        r#"(module (func $a (export "a") (param i32) (result i32) (return_call $b (local.get 0)))
                   (func $b (param i32) (result i32) (return_call $a (i32.add (local.get 0) (i32.const 1)))))"#,
    );
    store.set_fuel(1_000_000).unwrap();
    let err = call(&mut store, inst, "a", &[Val::I32(0)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
}

#[test]
fn proposals_can_be_turned_off() {
    let tail = r#"(module (func $f (return_call $f)))"#;
    let ext = r#"(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"#;
    for (wat, off) in [
        (
            tail,
            Config::wasm_tail_call as fn(&mut Config, bool) -> &mut Config,
        ),
        (ext, Config::wasm_extended_const),
    ] {
        let bytes = wat::parse_str(wat).unwrap();
        assert!(Module::new(&Engine::default(), &bytes).is_ok());
        let mut config = Config::default();
        off(&mut config, false);
        let err = Module::new(&Engine::new(&config), &bytes).unwrap_err();
        assert!(
            matches!(err.kind(), crate::ErrorKind::Invalid { .. }),
            "{err}"
        );
    }
    // Wide arithmetic is off by default (as in Wasmtime).
    let wide = wat::parse_str(
        r#"(module (func (export "m") (param i64 i64) (result i64 i64)
             (i64.mul_wide_s (local.get 0) (local.get 1))))"#,
    )
    .unwrap();
    assert!(Module::new(&Engine::default(), &wide).is_err());
    let engine = Engine::new(Config::new().wasm_wide_arithmetic(true));
    let module = Module::new(&engine, &wide).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    // -3 * 5 = -15: low -15, high -1 (the sign).
    assert_eq!(
        call(&mut store, inst, "m", &[Val::I64(-3), Val::I64(5)]).unwrap(),
        [Val::I64(-15), Val::I64(-1)]
    );
}

/// 64-bit memories: the bounds check holds at the edges of the address
/// space (address + offset + size past 2^64 must trap, not wrap into the
/// memory), offsets above `u32::MAX` go through `addr.add`, and sizes and
/// failed growth are i64.
#[test]
#[cfg(feature = "memory64")]
fn memory64_bounds_hold_at_the_edges() {
    let wat = r#"(module (memory i64 1 2)
      (func (export "load") (param i64) (result i64) (i64.load (local.get 0)))
      (func (export "load8_hi") (param i64) (result i32)
        (i32.load8_u offset=0xffff_ffff_ffff_fff0 (local.get 0)))
      (func (export "load_big") (param i64) (result i32)
        (i32.load8_u offset=0x1_0000_0000 (local.get 0)))
      (func (export "store_hi") (param i64)
        (i64.store offset=0xffff_ffff (local.get 0) (i64.const -1)))
      (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
      (func (export "size") (result i64) (memory.size)))"#;
    let (mut store, inst) = instance(&Config::default(), wat);
    let oob = |r: Result<Vec<Val>, Error>| r.unwrap_err().trap_code();
    let bounds = Some(TrapCode::MemoryOutOfBounds);
    // The last whole i64 of the page, then one byte further.
    assert_eq!(
        call(&mut store, inst, "load", &[Val::I64(65536 - 8)]).unwrap(),
        vec![Val::I64(0)]
    );
    assert_eq!(
        oob(call(&mut store, inst, "load", &[Val::I64(65536 - 7)])),
        bounds
    );
    // Addresses whose sum with the size wraps past 2^64.
    for addr in [-1i64, -8, -7, i64::MIN] {
        assert_eq!(
            oob(call(&mut store, inst, "load", &[Val::I64(addr)])),
            bounds
        );
    }
    // A large offset: address + offset wraps to 0 (an in-bounds byte if
    // the sum were wrapped) or to a small number.
    for addr in [0x10i64, 0x11, 0x20, 0] {
        assert_eq!(
            oob(call(&mut store, inst, "load8_hi", &[Val::I64(addr)])),
            bounds
        );
    }
    for addr in [0i64, -0x1_0000_0000, -1] {
        assert_eq!(
            oob(call(&mut store, inst, "load_big", &[Val::I64(addr)])),
            bounds
        );
    }
    assert_eq!(
        oob(call(&mut store, inst, "store_hi", &[Val::I64(1)])),
        bounds
    );
    // Size and growth in i64; a failed growth is -1 as an i64.
    assert_eq!(
        call(&mut store, inst, "size", &[]).unwrap(),
        vec![Val::I64(1)]
    );
    assert_eq!(
        call(&mut store, inst, "grow", &[Val::I64(1)]).unwrap(),
        vec![Val::I64(1)]
    );
    assert_eq!(
        call(&mut store, inst, "grow", &[Val::I64(1)]).unwrap(),
        vec![Val::I64(-1)]
    );
    assert_eq!(
        call(&mut store, inst, "grow", &[Val::I64(1 << 40)]).unwrap(),
        vec![Val::I64(-1)]
    );
    // The second page, now there, is addressable.
    assert_eq!(
        call(&mut store, inst, "load", &[Val::I64(2 * 65536 - 8)]).unwrap(),
        vec![Val::I64(0)]
    );
}

/// A 64-bit table's index is checked whole: 2^32 is out of bounds, not
/// element 0 (an index read as 32 bits would call it).
#[test]
#[cfg(feature = "memory64")]
fn table64_indices_are_not_truncated() {
    let wat = r#"(module
      (type $t (func (result i32)))
      (table $tab i64 2 funcref)
      (elem (table $tab) (i64.const 0) func $a)
      (func $a (result i32) (i32.const 7))
      (func (export "call") (param i64) (result i32) (call_indirect $tab (type $t) (local.get 0)))
      (func (export "get") (param i64) (result i32) (ref.is_null (table.get $tab (local.get 0))))
      (func (export "size") (result i64) (table.size $tab))
      (func (export "grow") (param i64) (result i64) (table.grow $tab (ref.null func) (local.get 0))))"#;
    let (mut store, inst) = instance(&Config::default(), wat);
    assert_eq!(
        call(&mut store, inst, "call", &[Val::I64(0)]).unwrap(),
        vec![Val::I32(7)]
    );
    let bounds = Some(TrapCode::TableOutOfBounds);
    for i in [1i64 << 32, 2, -1] {
        let err = call(&mut store, inst, "call", &[Val::I64(i)]).unwrap_err();
        assert_eq!(err.trap_code(), bounds, "call_indirect at {i}");
        let err = call(&mut store, inst, "get", &[Val::I64(i)]).unwrap_err();
        assert_eq!(err.trap_code(), bounds, "table.get at {i}");
    }
    assert_eq!(
        call(&mut store, inst, "size", &[]).unwrap(),
        vec![Val::I64(2)]
    );
    assert_eq!(
        call(&mut store, inst, "grow", &[Val::I64(1 << 40)]).unwrap(),
        vec![Val::I64(-1)]
    );
    assert_eq!(
        call(&mut store, inst, "grow", &[Val::I64(3)]).unwrap(),
        vec![Val::I64(2)]
    );
    assert_eq!(
        call(&mut store, inst, "size", &[]).unwrap(),
        vec![Val::I64(5)]
    );
}

/// Several memories: each access, bulk op and data segment reaches its
/// own memory, including `memory.copy` between a 64-bit and a 32-bit one,
/// and memory 0's cached base stays right after another memory grows.
#[test]
#[cfg(feature = "memory64")]
fn multiple_memories_are_kept_apart() {
    let wat = r#"(module
      (memory $m0 1)
      (memory $m1 i64 1)
      (memory $m2 1 2)
      (data (memory $m2) (i32.const 100) "xyz")
      (data $p "hello")
      (func (export "run") (result i32)
        (i32.store $m0 (i32.const 8) (i32.const 0x11111111))
        (i32.store $m1 (i64.const 8) (i32.const 0x22222222))
        (i32.store $m2 (i32.const 8) (i32.const 0x33333333))
        ;; Grow memory 2: memory 0's cached buffer must still be right.
        (drop (memory.grow $m2 (i32.const 1)))
        (memory.init $m1 $p (i64.const 200) (i32.const 0) (i32.const 5))
        ;; m1[200..205] -> m0[300..305]: a 64-bit source, 32-bit destination.
        (memory.copy $m0 $m1 (i32.const 300) (i64.const 200) (i32.const 5))
        (memory.fill $m2 (i32.const 70000) (i32.const 0x5a) (i32.const 4))
        (i32.add
          (i32.add (i32.load $m0 (i32.const 8)) (i32.load $m1 (i64.const 8)))
          (i32.add (i32.load $m2 (i32.const 8)) (i32.load $m2 (i32.const 70000)))))
      (func (export "bytes") (result i32)
        (i32.add (i32.load8_u $m0 (i32.const 304))
                 (i32.load8_u $m2 (i32.const 102))))
      (func (export "sizes") (result i32)
        (i32.add (i32.mul (memory.size $m2) (i32.const 10)) (memory.size $m0))))"#;
    let (mut store, inst) = instance(&Config::default(), wat);
    let sum = 0x11111111u32
        .wrapping_add(0x22222222)
        .wrapping_add(0x33333333)
        .wrapping_add(0x5a5a5a5a);
    assert_eq!(
        call(&mut store, inst, "run", &[]).unwrap(),
        vec![Val::I32(sum as i32)]
    );
    assert_eq!(
        call(&mut store, inst, "bytes", &[]).unwrap(),
        vec![Val::I32((b'o' + b'z') as i32)]
    );
    assert_eq!(
        call(&mut store, inst, "sizes", &[]).unwrap(),
        vec![Val::I32(21)]
    );
    // Out of bounds in one memory traps even where another is large enough.
    let wat = r#"(module (memory 2) (memory 1)
      (func (export "f") (result i32) (i32.load 1 (i32.const 65536))))"#;
    let (mut store, inst) = instance(&Config::default(), wat);
    let err = call(&mut store, inst, "f", &[]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds));
}

/// With the proposals off, their modules are invalid (and always without
/// the `memory64` feature).
#[test]
fn multi_memory_and_memory64_can_be_turned_off() {
    let built = cfg!(feature = "memory64");
    let engine = |f: fn(&mut Config) -> &mut Config| Engine::new(f(&mut Config::default()));
    let two = wat::parse_str("(module (memory 1) (memory 1))").unwrap();
    let wide = wat::parse_str("(module (memory i64 1))").unwrap();
    assert_eq!(Module::new(&engine(|c| c), &two).is_ok(), built);
    assert_eq!(Module::new(&engine(|c| c), &wide).is_ok(), built);
    assert!(Module::new(&engine(|c| c.wasm_multi_memory(false)), &two).is_err());
    assert!(Module::new(&engine(|c| c.wasm_memory64(false)), &wide).is_err());
}

/// Typed function references: `call_ref` and `return_call_ref` through a
/// reference, null traps, `ref.as_non_null`, and `br_on_null` /
/// `br_on_non_null` both when the branch values are in place and when
/// they must be moved (and to the function's end), with a constant null.
#[test]
#[cfg(feature = "function-references")]
fn typed_function_references_run() {
    let wat = r#"(module
      (type $i2i (func (param i32) (result i32)))
      (func $inc (type $i2i) (i32.add (local.get 0) (i32.const 1)))
      (func $dbl (type $i2i) (i32.mul (local.get 0) (i32.const 2)))
      (elem declare func $inc $dbl)
      (table $t 2 (ref null $i2i))
      (func (export "pick") (param i32) (result (ref null $i2i))
        (if (result (ref null $i2i)) (i32.eqz (local.get 0))
          (then (ref.null $i2i))
          (else (if (result (ref null $i2i)) (i32.eq (local.get 0) (i32.const 1))
            (then (ref.func $inc)) (else (ref.func $dbl))))))
      (func (export "call") (param i32 i32) (result i32)
        (call_ref $i2i (local.get 1) (call 2 (local.get 0))))
      (func (export "tail") (param i32 i32) (result i32)
        (return_call_ref $i2i (local.get 1) (call 2 (local.get 0))))
      (func (export "non_null") (param i32) (result i32)
        (drop (ref.as_non_null (call 2 (local.get 0)))) (i32.const 1))
      ;; 100 + x if the reference is null, f(x) otherwise; the 100 is a
      ;; constant branch value below the reference (it must be moved).
      (func (export "on_null") (param i32 i32) (result i32) (local $r (ref null $i2i))
        (block $null (result i32)
          (i32.const 100)
          (call 2 (local.get 0))
          (br_on_null $null)
          (local.set $r)
          (drop)
          (return (call_ref $i2i (local.get 1) (local.get $r))))
        (i32.add (local.get 1)))
      ;; f(100) if not null (the reference is the branch's last value,
      ;; the 100 a constant to move), -1 if null.
      (func (export "on_non_null") (param i32) (result i32)
        (block $f (result i32 (ref $i2i))
          (br_on_non_null $f (i32.const 100) (call 2 (local.get 0)))
          (return (i32.const -1)))
        (call_ref $i2i))
      (func (export "null_const") (result i32)
        (block $b (result i32)
          (i32.const 7) (ref.null $i2i) (br_on_null $b) (drop) (drop)
          (i32.const 8)))
      (func (export "to_end") (param i32) (result i32)
        (i32.const 5) (call 2 (local.get 0)) (br_on_null 0) (drop) (drop)
        (i32.const 6)))"#;
    let (mut store, inst) = instance(&Config::default(), wat);
    let i = |v| Val::I32(v);
    let mut run = |name: &str, args: &[Val]| call(&mut store, inst, name, args);
    assert_eq!(run("call", &[i(1), i(10)]).unwrap(), vec![i(11)]);
    assert_eq!(run("call", &[i(2), i(10)]).unwrap(), vec![i(20)]);
    assert_eq!(run("tail", &[i(2), i(21)]).unwrap(), vec![i(42)]);
    let null = Some(TrapCode::NullReference);
    assert_eq!(run("call", &[i(0), i(10)]).unwrap_err().trap_code(), null);
    assert_eq!(run("tail", &[i(0), i(10)]).unwrap_err().trap_code(), null);
    assert_eq!(run("non_null", &[i(1)]).unwrap(), vec![i(1)]);
    assert_eq!(run("non_null", &[i(0)]).unwrap_err().trap_code(), null);
    assert_eq!(run("on_null", &[i(0), i(5)]).unwrap(), vec![i(105)]);
    assert_eq!(run("on_null", &[i(2), i(5)]).unwrap(), vec![i(10)]);
    assert_eq!(run("on_non_null", &[i(0)]).unwrap(), vec![i(-1)]);
    assert_eq!(run("on_non_null", &[i(1)]).unwrap(), vec![i(101)]);
    assert_eq!(run("on_non_null", &[i(2)]).unwrap(), vec![i(200)]);
    assert_eq!(run("null_const", &[]).unwrap(), vec![i(7)]);
    assert_eq!(run("to_end", &[i(0)]).unwrap(), vec![i(5)]);
    assert_eq!(run("to_end", &[i(1)]).unwrap(), vec![i(6)]);
}

/// With typed function references off (or not built), their modules are
/// invalid.
#[test]
fn function_references_can_be_turned_off() {
    let built = cfg!(feature = "function-references");
    let wat = wat::parse_str(
        r#"(module (type $t (func)) (func (param (ref $t)) (call_ref $t (local.get 0))))"#,
    )
    .unwrap();
    let on = Engine::new(&Config::default());
    assert_eq!(Module::new(&on, &wat).is_ok(), built);
    let off = Engine::new(Config::default().wasm_function_references(false));
    assert!(Module::new(&off, &wat).is_err());
}

/// A v128 keeps both halves across every way a value moves: locals, block
/// results, `br_table`, `select`, calls, tail calls, globals, a host
/// function and the host boundary, translated eagerly and lazily.
#[cfg(feature = "simd")]
#[test]
fn v128_values_cross_every_boundary() {
    let wat = r#"(module
      (import "host" "swap" (func $swap (param v128) (result v128)))
      (global $g (mut v128) (v128.const i64x2 0x1111 0x2222))
      (func $id (param v128) (result v128) (local.get 0))
      (func $tail (param i32 v128) (result v128)
        (return_call $id (local.get 1)))
      (func (export "zero") (result v128) (local v128) (local.get 0))
      (func (export "run") (param $v v128) (param $k i32) (result v128) (local $t v128)
        ;; a block result chosen by br_table
        (local.set $t
          (block $b (result v128)
            (block $a (result v128)
              (br_table $a $b (local.get $v) (local.get $k)))
            (i64x2.add (v128.const i64x2 1 1))))
        ;; select between two vectors, a call, a tail call, the host
        (local.set $t (select (local.get $t) (global.get $g) (local.get $k)))
        (global.set $g (call $tail (i32.const 0) (call $swap (local.get $t))))
        (i8x16.add (global.get $g) (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1))))"#;
    let hi_lo = |hi: u64, lo: u64| (hi as u128) << 64 | lo as u128;
    for lazy in [false, true] {
        let engine = Engine::new(Config::default().lazy_translation(lazy));
        let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        let ty = crate::FuncType::new([crate::ValType::V128], [crate::ValType::V128]);
        linker
            .func_new("host", "swap", ty, |_, args, results| {
                let v = args[0].v128().unwrap();
                results[0] = Val::V128(v.rotate_left(64));
                Ok(())
            })
            .unwrap();
        let inst = linker.instantiate(&mut store, &module).unwrap();
        let run = inst
            .get_typed_func::<(u128, i32), u128>(&store, "run")
            .unwrap();
        // k = 1: br_table takes $b, the vector unchanged; select picks it.
        let v = hi_lo(0xaaaa_bbbb_cccc_dddd, 0x0123_4567_89ab_cdef);
        let expect = v.rotate_left(64) + (1u128 << 120);
        assert_eq!(run.call(&mut store, (v, 1)).unwrap(), expect, "lazy {lazy}");
        // k = 0: $a, then +1 in each half; select picks the global, which
        // the first call set to `v` swapped, and which is swapped back.
        let got = run.call(&mut store, (1, 0)).unwrap();
        assert_eq!(got, v + (1u128 << 120), "lazy {lazy}");
        // A declared v128 local starts at zero, whatever the stack held.
        let zero = inst.get_typed_func::<(), u128>(&store, "zero").unwrap();
        assert_eq!(zero.call(&mut store, ()).unwrap(), 0);
    }
}

/// A v128 takes two slots among one-slot values: parameters and locals
/// interleaved, returns and branches whose parallel copies overlap
/// (a v128 destination over two sources, and cycles), loop parameters,
/// and GC arrays of v128 whose operands follow the value.
#[cfg(feature = "simd")]
#[test]
fn v128_values_take_two_slots_among_others() {
    let mut wat = alloc::string::String::from(
        r#"(module
      ;; Results into slots 0.. from locals in other slots: the v128 in
      ;; slots 1-2 goes to 0-1 while the i32 in slot 0 goes to 2.
      (func (export "swap") (param i32 v128) (result v128 i32)
        (local.get 1) (local.get 0))
      ;; Three values rotated through the locals' own slots.
      (func (export "rotate") (param v128 i32 v128) (result i32 v128 v128)
        (local i64 v128 f32)
        (local.set 4 (local.get 2))
        (local.get 1) (local.get 4) (local.get 0))
      ;; A block's results reached by a branch from above other values.
      (func (export "block") (param i32 v128 i32) (result i32 v128 i32)
        (block (result i32 v128 i32)
          (i64.const 7) (drop)
          (f32.const 1) (local.get 2) (local.get 1) (local.get 0)
          (br_if 0 (local.get 0))
          (drop) (drop) (drop) (drop)
          (i32.const -1) (v128.const i64x2 -1 -1) (i32.const -1)))
      ;; A loop whose parameters are an i32 counter and a v128 sum.
      (func (export "loop") (param $n i32) (param $v v128) (result v128)
        (local.get $n) (v128.const i64x2 0 0)
        (loop (param i32 v128) (result v128)
          (local.get $v) (i64x2.add)
          (local.set $v)
          (i32.sub (i32.const 1))
          (local.tee $n)
          (local.get $v)
          (br_if 0 (local.get $n))
          (local.get $v) (i64x2.add)
          (return (i64x2.sub (v128.const i64x2 0 0) (local.get $v)))
          (drop)))"#,
    );
    if cfg!(feature = "gc") {
        wat.push_str(
            r#"
      (type $vs (array (mut v128)))
      ;; array.new (value, then length), array.fill (array, index, value,
      ;; count) and array.new_fixed, each read back.
      (func (export "arrays") (param $v v128) (result v128 v128 v128 i32)
        (local $a (ref null $vs)) (local $b (ref null $vs))
        (local.set $a (array.new $vs (local.get $v) (i32.const 3)))
        (array.fill $vs (local.get $a) (i32.const 1) (v128.const i64x2 5 6) (i32.const 2))
        (local.set $b (array.new_fixed $vs 2 (v128.const i64x2 7 8) (local.get $v)))
        (array.get $vs (local.get $a) (i32.const 0))
        (array.get $vs (local.get $a) (i32.const 2))
        (array.get $vs (local.get $b) (i32.const 1))
        (i32.add (array.len (local.get $a)) (array.len (local.get $b))))"#,
        );
    }
    wat.push(')');
    let v = |hi: u64, lo: u64| (hi as u128) << 64 | lo as u128;
    let (a, b) = (v(0x1111, 0x2222), v(0x3333, 0x4444));
    for lazy in [false, true] {
        let (mut store, inst) = instance(Config::default().lazy_translation(lazy), &wat);
        let mut run = |name: &str, args: &[Val]| call(&mut store, inst, name, args).unwrap();
        assert_eq!(
            run("swap", &[Val::I32(9), Val::V128(a)]),
            vec![Val::V128(a), Val::I32(9)]
        );
        assert_eq!(
            run("rotate", &[Val::V128(a), Val::I32(5), Val::V128(b)]),
            vec![Val::I32(5), Val::V128(b), Val::V128(a)]
        );
        let args = [Val::I32(1), Val::V128(a), Val::I32(2)];
        assert_eq!(
            run("block", &args),
            vec![Val::I32(2), Val::V128(a), Val::I32(1)]
        );
        let args = [Val::I32(0), Val::V128(a), Val::I32(2)];
        assert_eq!(
            run("block", &args),
            vec![Val::I32(-1), Val::V128(u128::MAX), Val::I32(-1)]
        );
        // n rounds add v to the sum; the loop's exit adds it once more
        // and negates each lane.
        let got = run("loop", &[Val::I32(3), Val::V128(v(2, 3))]);
        let neg = |x: u64| x.wrapping_neg();
        assert_eq!(got, vec![Val::V128(v(neg(8), neg(12)))]);
        if cfg!(feature = "gc") {
            let got = run("arrays", &[Val::V128(a)]);
            let want = [a, v(6, 5), a].map(Val::V128);
            assert_eq!(got[..3], want[..]);
            assert_eq!(got[3], Val::I32(5));
        }
    }
}

/// A function that uses v128 values runs in a frame moved up one slot
/// when its base is not 16-byte aligned (`translate`, "Aligned frames"):
/// entered at both parities, from the host and from scalar callers with
/// one or two values below the arguments, its parameters, locals and
/// results (three, more than its parameters, to slots its flag must not
/// share) come out right; tail calls between such functions, directly,
/// through a table and through a reference, move the frame back before
/// they leave it, so 100,000 of them neither creep up the stack nor lose
/// a value.
#[cfg(feature = "simd")]
#[test]
fn aligned_frames_move_and_come_back() {
    let mut wat = alloc::string::String::from(
        r#"(module
      (type $t (func (param i32 v128) (result v128 i32 i64)))
      (type $c (func (param i32 v128 i32) (result v128)))
      (table 2 funcref)
      (elem (i32.const 0) $even $odd)
      (func $simd (export "simd") (type $t)
        (local i32 v128 i64 v128)
        (local.set 3 (i32x4.add (local.get 1) (v128.const i32x4 1 2 3 4)))
        (local.set 5 (i32x4.mul (local.get 3) (local.get 3)))
        (local.set 2 (i32x4.extract_lane 1 (local.get 5)))
        (local.get 5)
        (i32.add (local.get 0) (local.get 2))
        (i64.extend_i32_u (i32x4.extract_lane 0 (local.get 3))))
      ;; The same call with one and with two values below its arguments.
      (func (export "below1") (param $x i32) (param $v v128) (result i64)
        (local $r i64) (local $a i32) (local $s v128)
        (i64.const 1000)
        (call $simd (local.get $x) (local.get $v))
        (local.set $r) (local.set $a) (local.set $s)
        (i64.add (local.get $r))
        (i64.add (i64.extend_i32_u (local.get $a)))
        (i64.add (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $s)))))
      (func (export "below2") (param $x i32) (param $v v128) (result i64)
        (local $r i64) (local $a i32) (local $s v128)
        (i64.const 1000) (i32.const 7)
        (call $simd (local.get $x) (local.get $v))
        (local.set $r) (local.set $a) (local.set $s)
        (drop)
        (i64.add (local.get $r))
        (i64.add (i64.extend_i32_u (local.get $a)))
        (i64.add (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $s)))))
      ;; Tail calls back and forth: $even has one scalar local, $odd two,
      ;; so their flags and temps sit at different slots.
      (func $even (type $c) (local i32)
        (if (i32.eqz (local.get 0)) (then (return (local.get 1))))
        (return_call_indirect (type $c)
          (i32.sub (local.get 0) (i32.const 1))
          (i32x4.add (local.get 1) (v128.const i32x4 1 1 1 1))
          (local.get 2)
          (i32.const 1)))
      (func $odd (type $c) (local i32 i32)
        (if (i32.eqz (local.get 0)) (then (return (local.get 1))))
        (return_call $even
          (i32.sub (local.get 0) (i32.const 1))
          (i32x4.add (local.get 1) (v128.const i32x4 0 1 0 1))
          (local.get 2)))
      ;; The first call's frame at both parities (one value below the
      ;; arguments or none).
      (func (export "tail") (param $n i32) (param $v v128) (result v128)
        (i32.const 0)
        (call $even (local.get $n) (local.get $v) (i32.const 0))
        (local.set $v) (drop) (local.get $v))
      (func (export "tail_even") (param $n i32) (param $v v128) (result v128)
        (call $even (local.get $n) (local.get $v) (i32.const 0)))"#,
    );
    if cfg!(feature = "function-references") {
        wat.push_str(
            r#"
      (elem declare func $even)
      (func $by_ref (param $n i32) (param $v v128) (result v128) (local i32)
        (if (i32.eqz (local.get $n)) (then (return (local.get $v))))
        (return_call_ref $c
          (i32.sub (local.get $n) (i32.const 1))
          (i32x4.add (local.get $v) (v128.const i32x4 0 0 1 0))
          (i32.const 0)
          (ref.func $even)))
      (func (export "tail_ref") (param $n i32) (param $v v128) (result v128)
        (i32.const 0)
        (call $by_ref (local.get $n) (local.get $v))
        (local.set $v) (drop) (local.get $v))"#,
        );
    }
    wat.push(')');
    let lanes = |l: [u32; 4]| l.iter().rev().fold(0u128, |acc, &x| acc << 32 | x as u128);
    let v = lanes([10, 20, 30, 40]);
    let w = lanes([11, 22, 33, 44]);
    let sq = lanes([121, 484, 1089, 1936]);
    for top in [0, 1, 2, 3] {
        let (mut store, inst) = instance(&Config::default(), &wat);
        // Where the entry frame starts: both parities of the host's calls.
        store.inner.stack_top = top;
        let mut run = |name: &str, args: &[Val]| call(&mut store, inst, name, args).unwrap();
        assert_eq!(
            run("simd", &[Val::I32(5), Val::V128(v)]),
            vec![Val::V128(sq), Val::I32(5 + 484), Val::I64(11)],
            "stack top {top}"
        );
        // 1000 + 11 + (5 + 484) + 1936.
        let want = 1000 + 11 + 5 + 484 + 1936;
        assert_eq!(
            run("below1", &[Val::I32(5), Val::V128(v)]),
            vec![Val::I64(want)]
        );
        assert_eq!(
            run("below2", &[Val::I32(5), Val::V128(v)]),
            vec![Val::I64(want)]
        );
        // $even adds (1, 1, 1, 1), $odd (0, 1, 0, 1): n steps from $even.
        // (Fewer under Miri, which is slow; the creep check below then
        // proves less.)
        let n: u32 = if cfg!(miri) { 300 } else { 100_000 };
        let want = lanes([10 + n / 2, 20 + n, 30 + n / 2, 40 + n]);
        for name in ["tail", "tail_even"] {
            let got = run(name, &[Val::I32(n as i32), Val::V128(v)]);
            assert_eq!(got, vec![Val::V128(want)], "{name}, stack top {top}");
        }
        if cfg!(feature = "function-references") {
            // One step by reference, adding (0, 0, 1, 0), then n - 1 from
            // $even.
            let got = run("tail_ref", &[Val::I32(n as i32), Val::V128(v)]);
            let (m, e) = (n - 1, n / 2);
            let want = lanes([10 + e, 20 + m, 31 + e, 40 + m]);
            assert_eq!(got, vec![Val::V128(want)], "stack top {top}");
        }
        // The tail calls ran in place: the value stack did not creep.
        assert!(
            store.inner.stack.len() < 10_000,
            "{}",
            store.inner.stack.len()
        );
    }
}

/// v128 values, two slots each, keep both halves in deep recursion after
/// the store's value stack has grown (and while it grows).
#[cfg(feature = "simd")]
#[test]
fn v128_values_survive_a_grown_stack() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = Module::new(&engine, wat::parse_str(RECURSE).unwrap()).unwrap();
    let scalar = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    // Grow the stack with scalar frames first (the deep call traps).
    let _ = call(&mut store, scalar, "down", &[Val::I64(0)]);
    let wat = r#"(module
      (func $sum (export "sum") (param $n i32) (param $v v128) (result v128)
        (if (result v128) (i32.eqz (local.get $n))
          (then (local.get $v))
          (else (i32x4.add (local.get $v)
                  (call $sum (i32.sub (local.get $n) (i32.const 1)) (local.get $v)))))))"#;
    let m = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let sum = inst
        .get_typed_func::<(i32, u128), u128>(&store, "sum")
        .unwrap();
    // 1 + 2^32 + 2^64 + 2^96: each i32 lane 1; 5,000 deep, 5,001 times.
    let ones = 1 | 1 << 32 | 1 << 64 | 1 << 96;
    let lanes = |x: u128| x & 0xffff_ffff;
    let got = sum.call(&mut store, (5_000, ones)).unwrap();
    assert_eq!(lanes(got), 5_001);
    assert_eq!(got, 5_001 * ones);
}

/// SIMD float results are canonical NaNs in deterministic mode; the
/// payload survives otherwise (on this host).
#[cfg(feature = "simd")]
#[test]
fn deterministic_mode_canonicalises_simd_nans() {
    let wat = r#"(module
      (func (export "f") (result v128)
        (f32x4.add (v128.const i32x4 0x7fa00001 0 0 0) (v128.const f32x4 1 1 1 1)))
      (func (export "d") (result v128)
        (f64x2.sqrt (v128.const i64x2 0 0xfff4000000000001))))"#;
    let run = |deterministic: bool, name: &str| {
        let (mut store, inst) = instance(Config::default().deterministic(deterministic), wat);
        call(&mut store, inst, name, &[]).unwrap()[0]
            .v128()
            .unwrap()
    };
    assert_eq!(run(true, "f") as u32, 0x7fc0_0000);
    assert_eq!((run(true, "d") >> 64) as u64, 0x7ff8_0000_0000_0000);
    assert_eq!(
        (run(true, "f") >> 32) as u32,
        0x3f80_0000,
        "other lanes untouched"
    );
    // (Rust does not promise NaN payloads; hardware propagates them, Miri
    // may not.)
    if !cfg!(miri) {
        assert_ne!(
            run(false, "f") as u32,
            0x7fc0_0000,
            "the payload propagates"
        );
    }
}

/// SIMD accesses are bounds-checked like any other, on memory 0 and
/// through the general forms (a second memory, a 64-bit memory, a lane
/// access whose offset is added first).
#[cfg(feature = "simd")]
#[test]
fn simd_memory_accesses_hold_their_bounds() {
    let wat = r#"(module
      (memory $m 1)
      (memory $n i64 1)
      (func (export "load") (param i32) (result v128) (v128.load (local.get 0)))
      (func (export "load_n") (param i64) (result v128) (v128.load $n offset=16 (local.get 0)))
      (func (export "lane_n") (param i64) (result v128)
        (v128.load32_lane $n offset=8 1 (local.get 0) (v128.const i32x4 1 2 3 4)))
      (func (export "store_lane") (param i32)
        (v128.store64_lane 1 (local.get 0) (v128.const i64x2 5 6))))"#;
    let (mut store, inst) = instance(&Config::default(), wat);
    let page = 65536;
    assert!(call(&mut store, inst, "load", &[Val::I32(page - 16)]).is_ok());
    let oob = |r: Result<Vec<Val>, Error>| r.unwrap_err().trap_code();
    let trap = Some(TrapCode::MemoryOutOfBounds);
    assert_eq!(
        oob(call(&mut store, inst, "load", &[Val::I32(page - 15)])),
        trap
    );
    assert_eq!(oob(call(&mut store, inst, "load", &[Val::I32(-1)])), trap);
    assert!(call(&mut store, inst, "load_n", &[Val::I64(page as i64 - 32)]).is_ok());
    assert_eq!(
        oob(call(
            &mut store,
            inst,
            "load_n",
            &[Val::I64(page as i64 - 31)]
        )),
        trap
    );
    assert_eq!(
        oob(call(&mut store, inst, "load_n", &[Val::I64(-16)])),
        trap
    );
    let got = call(&mut store, inst, "lane_n", &[Val::I64(page as i64 - 12)]).unwrap();
    assert_eq!(
        got[0].v128().unwrap() >> 32 & 0xffff_ffff,
        0,
        "lane 1 from zeroed memory"
    );
    assert_eq!(
        oob(call(
            &mut store,
            inst,
            "lane_n",
            &[Val::I64(page as i64 - 11)]
        )),
        trap
    );
    assert_eq!(oob(call(&mut store, inst, "lane_n", &[Val::I64(-8)])), trap);
    assert!(call(&mut store, inst, "store_lane", &[Val::I32(page - 8)]).is_ok());
    assert_eq!(
        oob(call(&mut store, inst, "store_lane", &[Val::I32(page - 7)])),
        trap
    );
}

#[test]
fn simd_can_be_turned_off() {
    let built = cfg!(feature = "simd");
    let wat =
        wat::parse_str(r#"(module (func (result i32) (v128.any_true (v128.const i64x2 0 1))))"#)
            .unwrap();
    let on = Engine::new(&Config::default());
    assert_eq!(Module::new(&on, &wat).is_ok(), built);
    let off = Engine::new(Config::default().wasm_simd(false));
    assert!(Module::new(&off, &wat).is_err());
    let relaxed = wat::parse_str(
        r#"(module (func (result v128) (i8x16.relaxed_swizzle (v128.const i64x2 0 1) (v128.const i64x2 0 1))))"#,
    )
    .unwrap();
    assert_eq!(Module::new(&on, &relaxed).is_ok(), built);
    let off = Engine::new(Config::default().wasm_relaxed_simd(false));
    assert!(Module::new(&off, &relaxed).is_err());
}
