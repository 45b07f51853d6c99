//! Exception handling in the interpreter: unwinding across frames, tail
//! calls and host calls, the legacy instructions, the host boundary, fuel
//! and the exception heap. (The spec suite's `proposals/exceptions` covers
//! the instructions one by one.)

use super::tests::call;
use crate::{
    Caller, Config, Engine, Error, ErrorKind, Extern, FuncType, Linker, Module, Store, Tag,
    TagType, TrapCode, Val, ValType,
};
use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;

/// Instantiates `wat` with a host tag `host.tag (param i32)`, and host
/// functions `host.throw (param i32)` (throws that tag with its argument)
/// and `host.call (param i32) (result i32)` (calls the instance's export
/// `callback` with its argument and returns its result; whatever that
/// throws, it passes on).
fn setup(config: &Config, wat: &str) -> (Store<()>, crate::Instance, Tag) {
    let engine = Engine::new(config);
    let module =
        Module::new(&engine, wat::parse_str(wat).expect("test module parses")).expect("compiles");
    let mut store = Store::new(&engine, ());
    let tag = Tag::new(&mut store, &TagType::new(FuncType::new([ValType::I32], []))).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define("host", "tag", Extern::Tag(tag)).unwrap();
    linker
        .func_wrap(
            "host",
            "throw",
            move |_: Caller<'_, ()>, x: i32| -> crate::Result<()> {
                Err(Error::throw(tag, &[Val::I32(x)]))
            },
        )
        .unwrap();
    linker
        .func_wrap(
            "host",
            "call",
            |mut caller: Caller<'_, ()>, x: i32| -> crate::Result<i32> {
                let f = caller
                    .get_export("callback")
                    .and_then(|e| e.into_func())
                    .unwrap();
                f.typed::<i32, i32>(&caller)?.call(&mut caller, x)
            },
        )
        .unwrap();
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiates");
    (store, instance, tag)
}

fn i32_of(r: Result<Vec<Val>, Error>) -> i32 {
    r.expect("returns").first().and_then(Val::i32).unwrap()
}

const IMPORTS: &str = r#"
  (import "host" "tag" (tag $h (param i32)))
  (import "host" "throw" (func $host_throw (param i32)))
  (import "host" "call" (func $host_call (param i32) (result i32)))
  (tag $e (export "e") (param i32))
"#;

fn module(body: &str) -> alloc::string::String {
    alloc::format!("(module {IMPORTS} {body})")
}

#[test]
fn an_exception_unwinds_through_many_frames_to_its_handler() {
    // $down recurses n times, then throws n's initial value back up; the
    // handler is in the outermost frame.
    let wat = module(
        r#"
      (func $down (param i32 i32)
        (if (i32.eqz (local.get 0)) (then (throw $e (local.get 1))))
        (call $down (i32.sub (local.get 0) (i32.const 1)) (local.get 1)))
      (func (export "run") (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $e $h)
            (call $down (local.get 0) (i32.add (local.get 0) (i32.const 1000))))
          (i32.const -1)))"#,
    );
    let mut config = Config::default();
    config.max_call_depth(6_000);
    let (mut store, inst, _) = setup(&config, &wat);
    // Each run leaves no frame behind: ten runs 5,000 deep fit a limit of
    // 6,000 frames only if the unwinding dropped every one.
    for _ in 0..10 {
        assert_eq!(
            i32_of(call(&mut store, inst, "run", &[Val::I32(5_000)])),
            6_000
        );
    }
    // Deeper than the limit: the call-depth trap, not an exception.
    let err = call(&mut store, inst, "run", &[Val::I32(7_000)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::StackOverflow));
}

#[test]
fn a_tail_call_leaves_the_handlers_of_the_frame_it_replaced() {
    // $middle's handler would set $who to 2; the outer one returns 10 *
    // $who + 1. $middle tail-calls the thrower (a wasm function, or the
    // host), so its frame is gone when the exception is thrown: the outer
    // handler catches it, with $who still 0.
    let wat = module(
        r#"
      (global $who (mut i32) (i32.const 0))
      (func $thrower (param i32) (throw $e (local.get 0)))
      (func $middle (param i32) (param i32)
        (block $h (result i32)
          (try_table (catch $e $h) (catch $h $h)
            (if (local.get 1)
              (then (return_call $host_throw (local.get 0)))
              (else (return_call $thrower (local.get 0)))))
          (unreachable))
        (drop)
        (global.set $who (i32.const 2)))
      (func (export "run") (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $e $h) (catch $h $h)
            (call $middle (i32.const 5) (local.get 0)))
          (i32.const -1))
        (drop)
        (i32.add (i32.mul (global.get $who) (i32.const 10)) (i32.const 1)))"#,
    );
    let (mut store, inst, _) = setup(&Config::default(), &wat);
    assert_eq!(i32_of(call(&mut store, inst, "run", &[Val::I32(0)])), 1);
    assert_eq!(i32_of(call(&mut store, inst, "run", &[Val::I32(1)])), 1);
}

#[test]
fn exceptions_cross_host_calls_in_both_directions() {
    let wat = module(
        r#"
      ;; The host throws its tag; wasm catches it.
      (func (export "catch_host") (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $h $h) (call $host_throw (local.get 0)))
          (i32.const -1)))
      ;; wasm -> host -> wasm, which throws; the host passes it on and the
      ;; outer wasm catches it.
      (func (export "callback") (param i32) (result i32)
        (if (local.get 0) (then (throw $e (i32.mul (local.get 0) (i32.const 3)))))
        (i32.const 100))
      (func (export "through_host") (param i32) (result i32)
        (block $h (result i32)
          (try_table (result i32) (catch $e $h) (call $host_call (local.get 0)))))"#,
    );
    let (mut store, inst, tag) = setup(&Config::default(), &wat);
    assert_eq!(
        i32_of(call(&mut store, inst, "catch_host", &[Val::I32(42)])),
        42
    );
    assert_eq!(
        i32_of(call(&mut store, inst, "through_host", &[Val::I32(7)])),
        21
    );
    assert_eq!(
        i32_of(call(&mut store, inst, "through_host", &[Val::I32(0)])),
        100
    );
    // The host's own tag, uncaught by wasm, reaches the host as it left.
    let wat2 = module(r#"(func (export "run") (call $host_throw (i32.const 9)))"#);
    let (mut store2, inst2, tag2) = setup(&Config::default(), &wat2);
    let err = call(&mut store2, inst2, "run", &[]).unwrap_err();
    let x = err.as_exception().expect("an exception");
    assert_eq!((x.tag(), x.payload()), (tag2, vec![Val::I32(9)]));
    assert_ne!(tag, tag2);
}

#[test]
fn an_uncaught_exception_carries_its_tag_payload_and_place() {
    let wat = r#"(module
      (tag $t (export "t") (param i32 f64 i64))
      (func $inner (param i32) (throw $t (local.get 0) (f64.const 2.5) (i64.const -3)))
      (func (export "run") (param i32) (call $inner (local.get 0))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let err = call(&mut store, inst, "run", &[Val::I32(11)]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Exception(_)));
    let x = err.as_exception().unwrap();
    assert_eq!(x.tag(), inst.get_tag(&store, "t").unwrap());
    assert_eq!(
        x.payload(),
        vec![Val::I32(11), Val::F64(2.5f64.to_bits()), Val::I64(-3)]
    );
    let loc = x.location.as_ref().expect("located");
    assert_eq!(loc.func_index, 0);
    // The small-footprint build records no trace (as for traps).
    if cfg!(not(feature = "small-footprint")) {
        assert_eq!(x.trace.len(), 1);
        assert_eq!(x.trace[0].func_index, 1);
    } else {
        assert!(x.trace.is_empty());
    }
    assert!(err.to_string().contains("uncaught exception in function 0"));
    // The store is usable afterwards.
    assert!(call(&mut store, inst, "run", &[Val::I32(1)]).is_err());
}

#[test]
fn a_caught_exnref_is_thrown_again_and_crosses_to_the_host() {
    let wat = module(
        r#"
      (global $kept (mut exnref) (ref.null exn))
      ;; Catches with catch_ref, keeps the exception, throws it again from
      ;; a global; the outer handler reads the original payload.
      (func (export "rethrow") (param i32) (result i32)
        (block $outer (result i32)
          (try_table (catch $e $outer)
            (block $h (result i32 exnref)
              (try_table (catch_ref $e $h) (throw $e (local.get 0)))
              (unreachable))
            (global.set $kept)
            (drop)
            (throw_ref (global.get $kept)))
          (i32.const -1)))
      ;; Hands an exnref to the host, and takes one back to throw.
      (func (export "catch_it") (param i32) (result exnref)
        (block $h (result exnref)
          (try_table (catch_all_ref $h) (throw $e (local.get 0)))
          (unreachable)))
      (func (export "throw_it") (param exnref) (throw_ref (local.get 0)))"#,
    );
    let (mut store, inst, _) = setup(&Config::default(), &wat);
    assert_eq!(
        i32_of(call(&mut store, inst, "rethrow", &[Val::I32(31)])),
        31
    );
    let r = call(&mut store, inst, "catch_it", &[Val::I32(8)]).unwrap();
    let Val::ExnRef(Some(exn)) = r[0] else {
        panic!("expected an exnref, got {r:?}")
    };
    let e = inst.get_tag(&store, "e").unwrap();
    assert_eq!(exn.tag(&store), e);
    assert_eq!(exn.payload(&mut store), vec![Val::I32(8)]);
    // Many throws later (collections included), the host's reference is
    // still good: references handed to the host are pinned.
    for i in 0..2_000 {
        assert_eq!(i32_of(call(&mut store, inst, "rethrow", &[Val::I32(i)])), i);
    }
    let err = call(&mut store, inst, "throw_it", &r).unwrap_err();
    let x = err.as_exception().unwrap();
    assert_eq!((x.tag(), x.payload()), (e, vec![Val::I32(8)]));
    // A null one traps.
    let err = call(&mut store, inst, "throw_it", &[Val::ExnRef(None)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::NullReference));
}

#[test]
fn the_legacy_instructions_catch_rethrow_and_delegate() {
    let wat = module(
        r#"
      (tag $f (param i64))
      ;; catch by tag, catch_all, and the payload on the stack.
      (func (export "which") (param i32) (result i32)
        try (result i32)
          (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $e (i32.const 10))))
          (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $f (i64.const 20))))
          (i32.const 0)
        catch $e
          (i32.add (i32.const 1))
        catch_all
          (i32.const 2)
        end)
      ;; A callee whose frame covers the slots above its arguments.
      (func $clobber (param i32 i32 i32) (result i32) (local i64 i64 i64 i64)
        (local.set 3 (i64.const -1)) (local.set 4 (i64.const -1))
        (local.set 5 (i64.const -1)) (local.set 6 (i64.const -1))
        (i32.add (local.get 0) (local.get 2)))
      ;; rethrow from a catch_all, through a nested try and a call in the
      ;; catch block (neither may lose the caught exception), to an outer
      ;; catch.
      (func (export "rethrow") (param i32) (result i32)
        try (result i32)
          try
            (throw $e (local.get 0))
          catch_all
            try
              (throw $f (i64.const 1))
            catch $f
              drop
            end
            (drop (call $clobber (i32.const 1) (i32.const 2) (i32.const 3)))
            rethrow 0
          end
          (i32.const -1)
        catch $e
        end)
      ;; delegate skips the handler in between: the inner try's exception
      ;; goes to the outermost try, not to the middle one's catch.
      (func (export "delegate") (result i32)
        try $outer (result i32)
          try (result i32)
            try
              (throw $e (i32.const 5))
            delegate $outer
            (i32.const -1)
          catch $e
            drop
            (i32.const -2)
          end
        catch $e
          (i32.add (i32.const 100))
        end)
      ;; delegate to the function's label: out to the caller.
      (func $out
        try
          (throw $e (i32.const 6))
        delegate 0)
      (func (export "delegate_out") (result i32)
        try (result i32)
          (call $out)
          (i32.const -1)
        catch $e
        end)
      ;; a standard handler around legacy code.
      (func (export "mixed") (result i32)
        (block $h (result i32)
          (try_table (catch $e $h)
            try
              (throw $e (i32.const 41))
            catch $f
              drop
            end)
          (i32.const -1))
        (i32.add (i32.const 1)))"#,
    );
    let (mut store, inst, _) = setup(&Config::default(), &wat);
    assert_eq!(i32_of(call(&mut store, inst, "which", &[Val::I32(0)])), 0);
    assert_eq!(i32_of(call(&mut store, inst, "which", &[Val::I32(1)])), 11);
    assert_eq!(i32_of(call(&mut store, inst, "which", &[Val::I32(2)])), 2);
    assert_eq!(
        i32_of(call(&mut store, inst, "rethrow", &[Val::I32(77)])),
        77
    );
    assert_eq!(i32_of(call(&mut store, inst, "delegate", &[])), 105);
    assert_eq!(i32_of(call(&mut store, inst, "delegate_out", &[])), 6);
    assert_eq!(i32_of(call(&mut store, inst, "mixed", &[])), 42);
}

#[test]
fn a_handler_for_the_function_label_returns() {
    let wat = module(
        r#"
      (func (export "run") (param i32) (result i32)
        (try_table (catch $e 0)
          (if (local.get 0) (then (throw $e (i32.const 12)))))
        (i32.const 3))"#,
    );
    let (mut store, inst, _) = setup(&Config::default(), &wat);
    assert_eq!(i32_of(call(&mut store, inst, "run", &[Val::I32(1)])), 12);
    assert_eq!(i32_of(call(&mut store, inst, "run", &[Val::I32(0)])), 3);
}

#[test]
fn the_exception_heap_stays_bounded() {
    // Each iteration throws, catches with catch_ref and keeps only the
    // newest exception in a global: the older ones are garbage.
    let wat = module(
        r#"
      (global $kept (mut exnref) (ref.null exn))
      (func (export "run") (param i32) (result i32)
        (local $sum i32)
        (loop $l
          (block $h (result i32 exnref)
            (try_table (catch_ref $e $h) (throw $e (local.get 0)))
            (unreachable))
          (global.set $kept)
          (local.set $sum (i32.add (local.get $sum)))
          (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (local.get $sum))"#,
    );
    let (mut store, inst, _) = setup(&Config::default(), &wat);
    assert_eq!(
        i32_of(call(&mut store, inst, "run", &[Val::I32(100_000)])),
        705_082_704
    );
    let live = store.inner.exns.live();
    assert!(live <= 512, "{live} exceptions alive");
}

#[test]
fn fuel_and_resumable_calls_hold_across_throws() {
    let wat = module(
        r#"
      (func $thrower (param i32) (throw $e (local.get 0)))
      (func (export "run") (param i32) (result i32)
        (local $sum i32)
        (loop $l
          (block $h (result i32)
            (try_table (catch $e $h) (call $thrower (local.get 0)))
            (unreachable))
          (local.set $sum (i32.add (local.get $sum)))
          (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        (local.get $sum))"#,
    );
    let mut config = Config::default();
    config.consume_fuel(true);
    let (mut store, inst, _) = setup(&config, &wat);
    store.set_fuel(200).unwrap();
    let err = call(&mut store, inst, "run", &[Val::I32(1_000)]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
    // Resumable: refuelled in steps, the loop finishes with the right sum.
    store.set_fuel(200).unwrap();
    let f = inst.get_func(&store, "run").unwrap();
    let mut results = [Val::I32(0)];
    let mut outcome = f
        .call_resumable(&mut store, &[Val::I32(1_000)], &mut results)
        .unwrap();
    let mut resumes = 0;
    while let crate::CallOutcome::OutOfFuel(call) = outcome {
        store.set_fuel(200).unwrap();
        outcome = call.resume(&mut store, &mut results).unwrap();
        resumes += 1;
    }
    assert!(resumes > 10);
    assert_eq!(results[0], Val::I32(500_500));
}

#[test]
fn a_host_exception_must_match_its_tag() {
    let wat = module(r#"(func (export "run") (call $host_call (i32.const 0)) (drop))"#);
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(&wat).unwrap()).unwrap();
    let mut store = Store::new(&engine, ());
    let tag = Tag::new(&mut store, &TagType::new(FuncType::new([ValType::I32], []))).unwrap();
    let mut linker = Linker::new(&engine);
    linker.define("host", "tag", tag).unwrap();
    linker
        .func_wrap("host", "throw", |_: Caller<'_, ()>, _: i32| {})
        .unwrap();
    // Throws the tag with an i64 where it carries an i32.
    linker
        .func_wrap(
            "host",
            "call",
            move |_: Caller<'_, ()>, _: i32| -> crate::Result<i32> {
                Err(Error::throw(tag, &[Val::I64(1)]))
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let err = call(&mut store, inst, "run", &[]).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::HostError));
    assert!(err.to_string().contains("does not match"), "{err}");
    // A tag with a result is refused.
    assert!(Tag::new(&mut store, &TagType::new(FuncType::new([], [ValType::I32]))).is_err());
}

#[cfg(feature = "simd")]
#[test]
fn a_v128_payload_keeps_both_halves() {
    let wat = r#"(module
      (tag $v (param v128 i32))
      (func (export "run") (result v128 i32)
        (block $h (result v128 i32)
          (try_table (catch $v $h)
            (throw $v (v128.const i64x2 0x1111222233334444 0x5555666677778888) (i32.const 3)))
          (unreachable))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let mut results = [Val::I32(0), Val::I32(0)];
    inst.get_func(&store, "run")
        .unwrap()
        .call(&mut store, &[], &mut results)
        .unwrap();
    assert_eq!(
        results,
        [Val::V128(0x5555666677778888_1111222233334444), Val::I32(3)]
    );
}
