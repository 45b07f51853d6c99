//! The GC collector under the interpreter: every place a live reference
//! can be when a collection runs (a temp below a call or an allocation,
//! each kind of op that leaves a reference in a temp, locals of many
//! frames, an exception's payload, a host function's arguments), and the
//! heap staying bounded while a program allocates a hundred times its
//! limit.
//!
//! Most tests run with `Config::gc_threshold(0)`, a collection at every
//! allocation: a reference the stack maps miss is then freed while in
//! use, and the next access to it traps (its cell is stale), so a
//! missing root fails the test.

use crate::types::{HeapType, RefType};
use crate::{
    AnyRef, AsContextMut, Caller, Config, Engine, Func, FuncType, Linker, Module, ResourceLimiter,
    RootScope, Store, StoreLimitsBuilder, Val, ValType,
};
use alloc::vec;

/// A store whose engine collects at every allocation (or at `threshold`).
fn store_with<T>(threshold: usize, data: T) -> Store<T> {
    let mut config = Config::new();
    config.gc_threshold(threshold);
    Store::new(&Engine::new(&config), data)
}

fn instantiate<T>(store: &mut Store<T>, linker: &Linker<T>, wat: &str) -> crate::Instance {
    let module = Module::new(
        store.engine(),
        wat::parse_str(wat).expect("test module parses"),
    )
    .expect("compiles");
    linker.instantiate(store, &module).expect("instantiates")
}

fn load<T>(store: &mut Store<T>, wat: &str) -> crate::Instance {
    let linker = Linker::new(store.engine());
    instantiate(store, &linker, wat)
}

fn call_i32<T>(store: &mut Store<T>, inst: crate::Instance, name: &str, args: &[Val]) -> i32 {
    let f = inst
        .get_func(&*store, name)
        .unwrap_or_else(|| panic!("no export {name}"));
    let mut out = [Val::I32(0)];
    f.call(&mut *store, args, &mut out)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    out[0].i32().expect("an i32 result")
}

/// One export per place a reference can wait while a collection runs;
/// each returns the field of the box it kept (or a sum of them).
const PLACES: &str = r#"(module
  (type $box (struct (field (mut i32))))
  (type $pair (struct (field (ref null $box)) (field (ref null $box))))
  (type $arr (array (mut (ref null $box))))
  (type $fn (func (result i32)))
  (tag $e (param (ref null $box)))
  (global $g (mut (ref null $box)) (ref.null $box))
  (table $t 2 (ref null $box))
  (table $f 1 funcref)
  (elem (table $f) (i32.const 0) func $collect)
  (func $collect (result i32)
    (drop (struct.new $box (i32.const -1)))
    (i32.const 0))
  (func $new (param i32) (result (ref $box)) (struct.new $box (local.get 0)))
  (func $get (param (ref null $box)) (result i32) (struct.get $box 0 (local.get 0)))

  (func (export "temp_under_call") (result i32)
    (call $new (i32.const 7))
    (drop (call $collect))
    (call $get))
  (func (export "temp_under_call_indirect") (result i32)
    (call $new (i32.const 17))
    (drop (call_indirect $f (type $fn) (i32.const 0)))
    (call $get))
  (func (export "temp_under_call_ref") (result i32)
    (call $new (i32.const 27))
    (drop (call_ref $fn (ref.func $collect)))
    (call $get))
  (func (export "temp_under_alloc") (result i32)
    (call $new (i32.const 8))
    (drop (struct.new $box (i32.const 1)))
    (call $get))
  (func (export "operands_of_alloc") (result i32)
    ;; Both fields are temps that the allocation itself may collect.
    (struct.new $pair (call $new (i32.const 5)) (call $new (i32.const 6)))
    (struct.get $pair 1)
    (call $get))
  (func (export "local") (result i32) (local $r (ref null $box))
    (local.set $r (call $new (i32.const 9)))
    (drop (call $collect))
    (call $get (local.get $r)))
  (func (export "param") (param $r (ref null $box)) (result i32)
    (drop (call $collect))
    (call $get (local.get $r)))
  (func (export "tee") (result i32) (local $r (ref null $box))
    (local.tee $r (call $new (i32.const 10)))
    (local.set $r (ref.null $box))
    (drop (call $collect))
    (call $get))
  (func (export "global_get") (result i32)
    (global.set $g (call $new (i32.const 11)))
    (global.get $g)
    (global.set $g (ref.null $box))
    (drop (call $collect))
    (call $get))
  (func (export "table_get") (result i32)
    (table.set $t (i32.const 0) (call $new (i32.const 12)))
    (table.get $t (i32.const 0))
    (table.set $t (i32.const 0) (ref.null $box))
    (drop (call $collect))
    (call $get))
  (func (export "select") (param i32) (result i32)
    (select (result (ref null $box))
      (call $new (i32.const 13)) (call $new (i32.const 14)) (local.get 0))
    (drop (call $collect))
    (call $get))
  (func (export "block_result") (result i32)
    (block (result (ref null $box)) (call $new (i32.const 15)))
    (drop (call $collect))
    (call $get))
  (func (export "if_result") (param i32) (result i32)
    (if (result (ref null $box)) (local.get 0)
      (then (call $new (i32.const 16)))
      (else (ref.null $box)))
    (drop (call $collect))
    (call $get))
  (func (export "struct_get") (result i32)
    (struct.get $pair 0 (struct.new $pair (call $new (i32.const 18)) (ref.null $box)))
    (drop (call $collect))
    (call $get))
  (func (export "array_get") (result i32)
    (array.get $arr (array.new $arr (call $new (i32.const 19)) (i32.const 3)) (i32.const 2))
    (drop (call $collect))
    (call $get))
  (func (export "array_new_fixed") (result i32)
    (array.new_fixed $arr 3 (call $new (i32.const 1)) (call $new (i32.const 2)) (call $new (i32.const 3)))
    (drop (call $collect))
    (array.get $arr (i32.const 2))
    (call $get))
  (func (export "br_on_null") (result i32)
    (block $null
      (br_on_null $null (call $new (i32.const 20)))
      (drop (call $collect))
      (return (call $get)))
    (i32.const -1))
  (func (export "br_on_non_null") (result i32)
    (block $some (result (ref $box))
      (br_on_non_null $some (call $new (i32.const 21)))
      (return (i32.const -1)))
    (drop (call $collect))
    (call $get))
  (func (export "br_on_cast") (result i32)
    (block $yes (result (ref $box))
      (drop (br_on_cast $yes anyref (ref $box) (call $new (i32.const 22))))
      (return (i32.const -1)))
    (drop (call $collect))
    (call $get))
  (func (export "conversions") (result i32)
    (any.convert_extern (extern.convert_any (call $new (i32.const 23))))
    (drop (call $collect))
    (ref.cast (ref $box))
    (call $get))
  (func (export "extern_local") (result i32) (local $x externref)
    (local.set $x (extern.convert_any (call $new (i32.const 24))))
    (drop (call $collect))
    (call $get (ref.cast (ref $box) (any.convert_extern (local.get $x)))))
  (func (export "catch_payload") (result i32)
    (block $h (result (ref null $box))
      (try_table (catch $e $h)
        (throw $e (call $new (i32.const 25))))
      (return (i32.const -1)))
    (drop (call $collect))
    (call $get))
  (func (export "legacy_catch") (result i32)
    try (result i32)
      (throw $e (call $new (i32.const 26)))
    catch $e
      (drop (call $collect))
      (call $get)
    end))
"#;

#[test]
fn every_place_a_reference_waits_survives_a_collection() {
    let mut store = store_with(0, ());
    let inst = load(&mut store, PLACES);
    let cases: &[(&str, &[Val], i32)] = &[
        ("temp_under_call", &[], 7),
        ("temp_under_call_indirect", &[], 17),
        ("temp_under_call_ref", &[], 27),
        ("temp_under_alloc", &[], 8),
        ("operands_of_alloc", &[], 6),
        ("local", &[], 9),
        ("tee", &[], 10),
        ("global_get", &[], 11),
        ("table_get", &[], 12),
        ("select", &[Val::I32(1)], 13),
        ("select", &[Val::I32(0)], 14),
        ("block_result", &[], 15),
        ("if_result", &[Val::I32(1)], 16),
        ("struct_get", &[], 18),
        ("array_get", &[], 19),
        ("array_new_fixed", &[], 3),
        ("br_on_null", &[], 20),
        ("br_on_non_null", &[], 21),
        ("br_on_cast", &[], 22),
        ("conversions", &[], 23),
        ("extern_local", &[], 24),
        ("catch_payload", &[], 25),
        ("legacy_catch", &[], 26),
    ];
    for &(name, args, want) in cases {
        let before = store.gc_collections();
        assert_eq!(call_i32(&mut store, inst, name, args), want, "{name}");
        assert!(store.gc_collections() > before, "{name}: no collection ran");
    }
    // What those calls left behind is garbage (the global and the table
    // were cleared; the host took no reference).
    store.gc();
    assert_eq!(store.gc_heap_bytes(), 0);
}

#[test]
fn a_host_reference_passed_in_survives_in_a_parameter() {
    let mut store = store_with(0, ());
    let inst = load(&mut store, PLACES);
    // A box made by wasm, handed to the host, passed back in.
    let make = r#"(module
      (type $box (struct (field (mut i32))))
      (func (export "make") (param i32) (result (ref $box)) (struct.new $box (local.get 0))))"#;
    let m = load(&mut store, make);
    let mut out = [Val::I32(0)];
    m.get_func(&store, "make")
        .unwrap()
        .call(&mut store, &[Val::I32(31)], &mut out)
        .unwrap();
    // The host holds it (rooted): a collection keeps it.
    store.gc();
    assert_eq!(call_i32(&mut store, inst, "param", &[out[0]]), 31);
}

/// Many frames, each holding a box in a local and another in a temp
/// below its call, when the innermost one collects.
const DEEP: &str = r#"(module
  (type $box (struct (field i32)))
  (func $new (param i32) (result (ref $box)) (struct.new $box (local.get 0)))
  (func $get (param (ref $box)) (result i32) (struct.get $box 0 (local.get 0)))
  (func $deep (export "deep") (param $n i32) (result i32)
    (local $mine (ref null $box)) (local $r i32)
    (local.set $mine (call $new (local.get $n)))
    (if (result i32) (i32.eqz (local.get $n))
      (then
        ;; Garbage, then a collection with every frame's boxes live.
        (drop (call $new (i32.const -1)))
        (drop (call $new (i32.const -2)))
        (call $get (ref.as_non_null (local.get $mine))))
      (else
        (call $new (i32.add (local.get $n) (i32.const 1000)))
        (local.set $r (call $deep (i32.sub (local.get $n) (i32.const 1))))
        (call $get)
        (i32.add (local.get $r))
        (i32.add (call $get (ref.as_non_null (local.get $mine)))))))
  )"#;

#[test]
fn a_collection_mid_call_keeps_the_references_of_every_frame() {
    let mut store = store_with(0, ());
    let inst = load(&mut store, DEEP);
    let n = 200;
    // Frame k holds boxes k and k + 1000; the innermost (0) holds box 0.
    let want: i32 = (1..=n).map(|k| k + k + 1000).sum();
    assert_eq!(call_i32(&mut store, inst, "deep", &[Val::I32(n)]), want);
    assert!(store.gc_collections() >= 2 * n as u64);
    store.gc();
    assert_eq!(store.gc_heap_bytes(), 0);
}

#[test]
fn a_host_function_that_collects_keeps_its_arguments_and_the_callers_frames() {
    let mut store = store_with(1 << 20, ());
    let mut linker = Linker::new(store.engine());
    let anyref = ValType::Ref(RefType {
        nullable: true,
        heap: HeapType::Any,
    });
    let box_ty = FuncType::new([anyref], [ValType::I32]);
    let host = Func::new(
        &mut store,
        box_ty,
        |mut caller: Caller<'_, ()>, args: &[Val], out: &mut [Val]| {
            caller.gc();
            let Val::AnyRef(Some(r)) = args[0] else {
                return Err(crate::Error::host("expected a box"));
            };
            // The argument is rooted for the call; the caller's frames
            // (its temp below this call) were roots too.
            let fields = r.fields(&mut caller)?;
            out[0] = fields
                .and_then(|f| f.first().copied())
                .unwrap_or(Val::I32(-1));
            Ok(())
        },
    );
    linker.define("host", "collect", host).unwrap();
    let wat = r#"(module
      (type $box (struct (field i32)))
      (import "host" "collect" (func $collect (param anyref) (result i32)))
      (func (export "run") (result i32) (local $r i32)
        (struct.new $box (i32.const 40))      ;; held in a temp below the call
        (local.set $r (call $collect (struct.new $box (i32.const 2))))
        (struct.get $box 0)
        (i32.add (local.get $r))))"#;
    let inst = instantiate(&mut store, &linker, wat);
    assert_eq!(call_i32(&mut store, inst, "run", &[]), 42);
    assert!(store.gc_collections() >= 1);
}

/// A linked list of `n` nodes, rebuilt `rounds` times (each list garbage
/// once the next is built), plus a scratch array per round: a program
/// that allocates far more than its heap holds at once.
const CHURN: &str = r#"(module
  (type $node (struct (field i32) (field (ref null $node))))
  (type $bytes (array (mut i8)))
  (func $list (param $n i32) (result (ref null $node)) (local $l (ref null $node))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $l (struct.new $node (local.get $n) (local.get $l)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (local.get $l))
  (func $sum (param $l (ref null $node)) (result i32) (local $s i32)
    (block $done (loop $next
      (br_on_null $done (local.get $l))
      (local.set $l)
      (local.set $s (i32.add (local.get $s) (struct.get $node 0 (local.get $l))))
      (local.set $l (struct.get $node 1 (local.get $l)))
      (br $next)))
    (local.get $s))
  (func (export "churn") (param $n i32) (param $rounds i32) (result i32)
    (local $keep (ref null $node)) (local $total i32)
    (loop $round
      (drop (array.new $bytes (i32.const 7) (i32.const 4096)))
      (local.set $keep (call $list (local.get $n)))
      (local.set $total (i32.add (local.get $total) (call $sum (local.get $keep))))
      (br_if $round (local.tee $rounds (i32.sub (local.get $rounds) (i32.const 1)))))
    (local.get $total)))"#;

/// Records the largest heap the store asked for.
struct Peak {
    limits: crate::StoreLimits,
    peak: usize,
}

impl ResourceLimiter for Peak {
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> bool {
        self.limits.memory_growing(current, desired, maximum)
    }
    fn table_growing(&mut self, current: u32, desired: u32, maximum: Option<u32>) -> bool {
        self.limits.table_growing(current, desired, maximum)
    }
    fn gc_heap_growing(&mut self, current: usize, desired: usize) -> bool {
        let ok = self.limits.gc_heap_growing(current, desired);
        if ok {
            self.peak = self.peak.max(desired);
        }
        ok
    }
}

#[test]
fn a_hundred_times_the_limit_allocated_within_the_limit() {
    const LIMIT: usize = 1 << 20;
    let data = Peak {
        limits: StoreLimitsBuilder::new().gc_heap_size(LIMIT).build(),
        peak: 0,
    };
    // The default threshold (1 MiB) is the limit itself here: collections
    // come from the limiter refusing.
    let mut store = store_with(Config::new().gc_threshold, data);
    store.limiter(|d| d as &mut dyn ResourceLimiter);
    let inst = load(&mut store, CHURN);
    // 2,000 nodes of 16 bytes plus the object overhead, and 4 KiB: about
    // 100 KiB a round; 1,000 rounds allocate about 100 times the limit.
    let (n, rounds) = (2000, 1000);
    let per_round = n * (16 + crate::store::gc::OBJECT_OVERHEAD) + 4096;
    assert!(per_round * rounds >= 100 * LIMIT);
    let want = (rounds as i64 * (n as i64 * (n as i64 + 1) / 2)) as i32;
    let got = call_i32(
        &mut store,
        inst,
        "churn",
        &[Val::I32(n as i32), Val::I32(rounds as i32)],
    );
    assert_eq!(got, want);
    assert!(store.data().peak <= LIMIT, "peak {}", store.data().peak);
    assert!(
        store.gc_collections() >= 50,
        "{} collections",
        store.gc_collections()
    );
}

#[test]
fn with_the_default_config_the_heap_stays_bounded() {
    let data = Peak {
        limits: StoreLimitsBuilder::new().build(),
        peak: 0,
    };
    let mut store = Store::new(&Engine::default(), data);
    store.limiter(|d| d as &mut dyn ResourceLimiter);
    let inst = load(&mut store, CHURN);
    let (n, rounds) = (2000, 1000);
    call_i32(&mut store, inst, "churn", &[Val::I32(n), Val::I32(rounds)]);
    // At most one list and one array live (~100 KiB); collections start
    // at the default threshold, 1 MiB, and then at twice what survived.
    assert!(store.data().peak <= 2 << 20, "peak {}", store.data().peak);
}

#[test]
fn a_released_root_is_an_error_not_a_dangling_reference() {
    let mut store = store_with(1 << 20, ());
    let wat = r#"(module
      (type $box (struct (field i32)))
      (func (export "make") (param i32) (result (ref $box)) (struct.new $box (local.get 0)))
      (func (export "read") (param (ref $box)) (result i32) (struct.get $box 0 (local.get 0))))"#;
    let inst = load(&mut store, wat);
    let make = inst.get_func(&store, "make").unwrap();
    let read = inst.get_func(&store, "read").unwrap();
    let kept: AnyRef;
    {
        let mut scope = RootScope::new(&mut store);
        let mut out = [Val::I32(0)];
        make.call(&mut scope, &[Val::I32(5)], &mut out).unwrap();
        let Val::AnyRef(Some(r)) = out[0] else {
            panic!("a struct")
        };
        kept = r;
        // Inside the scope it is rooted.
        scope.as_store_mut().gc();
        assert_eq!(r.fields(&mut scope).unwrap(), Some(vec![Val::I32(5)]));
    }
    store.gc();
    assert_eq!(store.gc_heap_bytes(), 0);
    let e = kept.fields(&mut store).expect_err("collected");
    assert_eq!(*e.kind(), crate::ErrorKind::BadArgument, "{e}");
    let mut out = [Val::I32(0)];
    let e = read
        .call(&mut store, &[Val::AnyRef(Some(kept))], &mut out)
        .expect_err("a stale argument");
    assert_eq!(*e.kind(), crate::ErrorKind::BadArgument, "{e}");
    // Roots outside any scope last: this one survives a collection.
    make.call(&mut store, &[Val::I32(6)], &mut out).unwrap();
    store.gc();
    let Val::AnyRef(Some(r)) = out[0] else {
        panic!("a struct")
    };
    assert_eq!(r.fields(&mut store).unwrap(), Some(vec![Val::I32(6)]));
}
