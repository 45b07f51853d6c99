//! WebAssembly GC in the interpreter: packed fields, array bounds and
//! hostile lengths under a heap limit, casts along a subtype chain, i31
//! round trips, the extern/any conversions, and GC references crossing to
//! the host. (The spec suite's `proposals/gc` covers the instructions one
//! by one.)

use super::tests::call;
use crate::{
    AnyRef, Engine, ErrorKind, ExternRef, Linker, Module, ResourceLimiter, Store,
    StoreLimitsBuilder, TrapCode, Val,
};
use alloc::vec;
use alloc::vec::Vec;

fn instantiate<T>(store: &mut Store<T>, wat: &str) -> crate::Instance {
    let module = Module::new(
        store.engine(),
        wat::parse_str(wat).expect("test module parses"),
    )
    .expect("compiles");
    Linker::new(store.engine())
        .instantiate(store, &module)
        .expect("instantiates")
}

fn setup(wat: &str) -> (Store<()>, crate::Instance) {
    let mut store = Store::new(&Engine::default(), ());
    let instance = instantiate(&mut store, wat);
    (store, instance)
}

fn i32s(r: crate::Result<Vec<Val>>) -> Vec<i32> {
    r.expect("returns")
        .iter()
        .map(|v| v.i32().unwrap())
        .collect()
}

fn trap(r: crate::Result<Vec<Val>>) -> TrapCode {
    r.expect_err("traps").trap_code().expect("a trap")
}

const PACKED: &str = r#"(module
  (type $s (struct (field $a (mut i8)) (field $b (mut i16)) (field $c (mut i32)) (field $v (mut v128))))
  (type $a8 (array (mut i8)))
  (type $a16 (array (mut i16)))
  (func (export "struct") (param i32) (result i32 i32 i32 i32 i32)
    (local $r (ref $s))
    (local.set $r (struct.new $s (local.get 0) (local.get 0) (local.get 0) (v128.const i64x2 0 0)))
    (struct.get_s $s $a (local.get $r))
    (struct.get_u $s $a (local.get $r))
    (struct.get_s $s $b (local.get $r))
    (struct.get_u $s $b (local.get $r))
    (struct.get $s $c (local.get $r)))
  (func (export "v128") (result i64 i64 i32)
    (local $r (ref $s))
    (local.set $r (struct.new_default $s))
    (struct.set $s $v (local.get $r) (v128.const i64x2 7 -9))
    (struct.set $s $c (local.get $r) (i32.const 5))
    (i64x2.extract_lane 0 (struct.get $s $v (local.get $r)))
    (i64x2.extract_lane 1 (struct.get $s $v (local.get $r)))
    (struct.get $s $c (local.get $r)))
  (func (export "array8") (param i32 i32) (result i32 i32 i32)
    (local $r (ref $a8))
    (local.set $r (array.new $a8 (local.get 0) (i32.const 3)))
    (array.set $a8 (local.get $r) (i32.const 1) (local.get 1))
    (array.get_s $a8 (local.get $r) (i32.const 0))
    (array.get_u $a8 (local.get $r) (i32.const 1))
    (array.len (local.get $r)))
  (func (export "array16") (param i32) (result i32 i32)
    (local $r (ref $a16))
    (local.set $r (array.new_fixed $a16 2 (local.get 0) (i32.const 1)))
    (array.get_s $a16 (local.get $r) (i32.const 0))
    (array.get_u $a16 (local.get $r) (i32.const 0)))
)"#;

/// Packed fields keep 8 or 16 bits; `get_s` sign-extends them, `get_u`
/// zero-extends them; a v128 field takes two cells without disturbing
/// its neighbours.
#[test]
fn packed_fields_and_v128_fields() {
    let (mut store, inst) = setup(PACKED);
    let r = call(&mut store, inst, "struct", &[Val::I32(0x1234_80ff)]);
    assert_eq!(i32s(r), [-1, 0xff, -0x7f01, 0x80ff, 0x1234_80ff]);
    let r = call(&mut store, inst, "v128", &[]).unwrap();
    assert_eq!(r, [Val::I64(7), Val::I64(-9), Val::I32(5)]);
    let r = call(&mut store, inst, "array8", &[Val::I32(0x180), Val::I32(-1)]);
    assert_eq!(i32s(r), [-128, 255, 3]);
    let r = call(&mut store, inst, "array16", &[Val::I32(0xfffe)]);
    assert_eq!(i32s(r), [-2, 0xfffe]);
}

const ARRAYS: &str = r#"(module
  (type $a8 (array (mut i8)))
  (type $a64 (array (mut i64)))
  (func (export "new8") (param i32) (result i32)
    (array.len (array.new_default $a8 (local.get 0))))
  (func (export "new64") (param i32) (result i32)
    (array.len (array.new $a64 (i64.const 1) (local.get 0))))
  (func (export "get") (param i32) (result i64)
    (array.get $a64 (array.new $a64 (i64.const 5) (i32.const 4)) (local.get 0)))
  (func (export "fill") (param i32 i32) (result i64)
    (local $r (ref $a64))
    (local.set $r (array.new_default $a64 (i32.const 4)))
    (array.fill $a64 (local.get $r) (local.get 0) (i64.const 9) (local.get 1))
    (array.get $a64 (local.get $r) (i32.const 3)))
  (func (export "null") (result i32)
    (array.len (ref.null $a8)))
)"#;

/// An array access past the end traps, as does a fill that runs past it,
/// whatever the wrap-around of `offset + length`.
#[test]
fn array_bounds() {
    let (mut store, inst) = setup(ARRAYS);
    assert_eq!(
        call(&mut store, inst, "get", &[Val::I32(3)]).unwrap(),
        [Val::I64(5)]
    );
    for i in [4, -1, i32::MIN] {
        assert_eq!(
            trap(call(&mut store, inst, "get", &[Val::I32(i)])),
            TrapCode::ArrayOutOfBounds
        );
    }
    assert_eq!(
        call(&mut store, inst, "fill", &[Val::I32(1), Val::I32(3)]).unwrap(),
        [Val::I64(9)]
    );
    for (at, n) in [(1, 4), (-1, 2), (2, -1)] {
        let r = call(&mut store, inst, "fill", &[Val::I32(at), Val::I32(n)]);
        assert_eq!(trap(r), TrapCode::ArrayOutOfBounds, "fill at {at} of {n}");
    }
    assert_eq!(
        trap(call(&mut store, inst, "null", &[])),
        TrapCode::NullArrayReference
    );
}

/// A hostile length (2^32 - 1 elements, 32 GiB of i64) traps cleanly
/// under a small heap limit, and without one (no allocation of that size
/// is attempted past the limiter; without a limiter, `try_reserve` fails
/// or the size overflows on 32-bit hosts). The heap counts an i8 array at
/// a byte per element.
#[test]
fn hostile_lengths_trap_under_the_limit() {
    struct Data {
        limits: crate::StoreLimits,
    }
    let mut store = Store::new(
        &Engine::default(),
        Data {
            limits: StoreLimitsBuilder::new().gc_heap_size(1 << 20).build(),
        },
    );
    store.limiter(|d| &mut d.limits as &mut dyn ResourceLimiter);
    let inst = instantiate(&mut store, ARRAYS);
    let call = |store: &mut Store<Data>, name: &str, n: i32| {
        let f = inst.get_func(&*store, name).unwrap();
        let mut out = [Val::I32(0)];
        f.call(store, &[Val::I32(n)], &mut out).map(|()| out[0])
    };
    for name in ["new8", "new64"] {
        let e = call(&mut store, name, -1).expect_err("2^32 - 1 elements");
        assert_eq!(e.trap_code(), Some(TrapCode::AllocationTooLarge), "{name}");
    }
    let c0 = store.gc_collections();
    // 512 KiB of i8 fits a 1 MiB heap once, not three times; but the
    // arrays are garbage once `new8` returns, so when the limiter refuses
    // the third, a collection frees the first two and it fits.
    assert_eq!(
        call(&mut store, "new8", 512 << 10).unwrap(),
        Val::I32(512 << 10)
    );
    assert!(store.inner.gc.bytes() >= 512 << 10 && store.inner.gc.bytes() < 600 << 10);
    call(&mut store, "new8", 400 << 10).unwrap();
    assert_eq!(store.gc_collections(), c0);
    call(&mut store, "new8", 512 << 10).expect("fits after a collection");
    assert_eq!(store.gc_collections(), c0 + 1);
    assert!(store.inner.gc.bytes() < 600 << 10);
    // More than the whole limit traps, after a collection that cannot
    // help.
    let e = call(&mut store, "new8", 2 << 20).expect_err("past the limit");
    assert_eq!(e.trap_code(), Some(TrapCode::AllocationTooLarge));
    assert_eq!(store.gc_collections(), c0 + 2);
}

const CASTS: &str = r#"(module
  (type $a (sub (struct (field i32))))
  (type $b (sub $a (struct (field i32) (field i64))))
  (type $c (sub final $b (struct (field i32) (field i64) (field f32))))
  (type $other (struct (field i32)))
  (func (export "test") (param i32) (result i32 i32 i32 i32 i32)
    (local $r anyref)
    (local.set $r
      (if (result anyref) (i32.eqz (local.get 0))
        (then (struct.new $a (i32.const 1)))
        (else (if (result anyref) (i32.eq (local.get 0) (i32.const 1))
          (then (struct.new $b (i32.const 1) (i64.const 2)))
          (else (struct.new $c (i32.const 1) (i64.const 2) (f32.const 3)))))))
    (ref.test (ref $a) (local.get $r))
    (ref.test (ref $b) (local.get $r))
    (ref.test (ref $c) (local.get $r))
    (ref.test (ref $other) (local.get $r))
    (ref.test (ref struct) (local.get $r)))
  (func (export "cast") (param i32) (result i32)
    (struct.get $a 0 (ref.cast (ref $a)
      (if (result anyref) (local.get 0)
        (then (struct.new $c (i32.const 7) (i64.const 2) (f32.const 3)))
        (else (ref.i31 (i32.const 7)))))))
  (func (export "br_on_cast") (param i32) (result i32)
    (block $is_b (result (ref $b))
      (br_on_cast $is_b anyref (ref $b)
        (if (result anyref) (local.get 0)
          (then (struct.new $c (i32.const 7) (i64.const 2) (f32.const 3)))
          (else (struct.new $a (i32.const 1)))))
      (drop)
      (return (i32.const -1)))
    (struct.get $b 0))
)"#;

/// Casts and tests along a subtype chain `$c <: $b <: $a`: an object is
/// of its own type and every supertype, never of a subtype or of an
/// equal-looking unrelated type.
#[test]
fn casts_across_a_subtype_chain() {
    let (mut store, inst) = setup(CASTS);
    let expect = [[1, 0, 0, 0, 1], [1, 1, 0, 0, 1], [1, 1, 1, 0, 1]];
    for (which, want) in expect.iter().enumerate() {
        let r = call(&mut store, inst, "test", &[Val::I32(which as i32)]);
        assert_eq!(i32s(r), want, "object of type {which}");
    }
    assert_eq!(i32s(call(&mut store, inst, "cast", &[Val::I32(1)])), [7]);
    assert_eq!(
        trap(call(&mut store, inst, "cast", &[Val::I32(0)])),
        TrapCode::CastFailure
    );
    assert_eq!(
        i32s(call(&mut store, inst, "br_on_cast", &[Val::I32(1)])),
        [7]
    );
    assert_eq!(
        i32s(call(&mut store, inst, "br_on_cast", &[Val::I32(0)])),
        [-1]
    );
}

const I31: &str = r#"(module
  (func (export "s") (param i32) (result i32) (i31.get_s (ref.i31 (local.get 0))))
  (func (export "u") (param i32) (result i32) (i31.get_u (ref.i31 (local.get 0))))
  (func (export "make") (param i32) (result i31ref) (ref.i31 (local.get 0)))
  (func (export "eq") (param i32 i32) (result i32)
    (ref.eq (ref.i31 (local.get 0)) (ref.i31 (local.get 1))))
  (func (export "null") (result i32) (i31.get_u (ref.null i31)))
)"#;

/// An i31 keeps the low 31 bits: `get_s` sign-extends bit 30, `get_u`
/// does not; equal values are `ref.eq`; the host sees the same value.
#[test]
fn i31_round_trips_and_sign_extension() {
    let (mut store, inst) = setup(I31);
    for (x, s, u) in [
        (0, 0, 0),
        (1, 1, 1),
        (0x3fff_ffff, 0x3fff_ffff, 0x3fff_ffff),
        (0x4000_0000, -0x4000_0000, 0x4000_0000),
        (-1, -1, 0x7fff_ffff),
        (i32::MIN, 0, 0),
    ] {
        assert_eq!(
            i32s(call(&mut store, inst, "s", &[Val::I32(x)])),
            [s],
            "get_s {x:#x}"
        );
        assert_eq!(
            i32s(call(&mut store, inst, "u", &[Val::I32(x)])),
            [u],
            "get_u {x:#x}"
        );
        let r = call(&mut store, inst, "make", &[Val::I32(x)]).unwrap();
        let Val::AnyRef(Some(r)) = r[0] else {
            panic!("an i31 comes back as an AnyRef: {r:?}");
        };
        assert_eq!((r.i31_s(), r.i31_u()), (Some(s), Some(u as u32)));
        assert!(r.is_i31() && !r.is_struct() && !r.is_array());
    }
    let eq =
        |store: &mut Store<()>, a, b| i32s(call(store, inst, "eq", &[Val::I32(a), Val::I32(b)]));
    assert_eq!(eq(&mut store, 5, 5), [1]);
    assert_eq!(eq(&mut store, 5, 6), [0]);
    assert_eq!(eq(&mut store, -1, 0x7fff_ffff), [1]);
    assert_eq!(
        trap(call(&mut store, inst, "null", &[])),
        TrapCode::NullI31Reference
    );
}

const CONVERT: &str = r#"(module
  (type $s (struct (field i32)))
  (func (export "in") (param externref) (result anyref) (any.convert_extern (local.get 0)))
  (func (export "out") (param anyref) (result externref) (extern.convert_any (local.get 0)))
  (func (export "round") (param externref) (result externref)
    (extern.convert_any (any.convert_extern (local.get 0))))
  (func (export "struct_out") (result externref)
    (extern.convert_any (struct.new $s (i32.const 4))))
  (func (export "struct_back") (param externref) (result i32)
    (struct.get $s 0 (ref.cast (ref $s) (any.convert_extern (local.get 0)))))
  (func (export "field") (param anyref) (result i32)
    (struct.get $s 0 (ref.cast (ref $s) (local.get 0))))
  (func (export "new") (param i32) (result (ref $s)) (struct.new $s (local.get 0)))
)"#;

/// `any.convert_extern` and `extern.convert_any` round-trip both ways: a
/// host reference through `any`, and a struct through `extern` (which the
/// host sees as the struct and may pass back as an externref).
#[test]
fn extern_and_any_conversions_round_trip() {
    let (mut store, inst) = setup(CONVERT);
    let host = Val::ExternRef(Some(ExternRef(41)));
    let r = call(&mut store, inst, "round", &[host]).unwrap();
    assert_eq!(r, [host]);
    let r = call(&mut store, inst, "in", &[host]).unwrap();
    let Val::AnyRef(Some(a)) = r[0] else {
        panic!("an AnyRef: {r:?}");
    };
    assert_eq!(a.as_extern(), Some(ExternRef(41)));
    assert_eq!(a, AnyRef::from_extern(&store, ExternRef(41)));
    assert_eq!(call(&mut store, inst, "out", &[r[0]]).unwrap(), [host]);
    let nulls = call(&mut store, inst, "in", &[Val::ExternRef(None)]).unwrap();
    assert_eq!(nulls, [Val::AnyRef(None)]);
    let s = call(&mut store, inst, "struct_out", &[]).unwrap();
    let Val::AnyRef(Some(sr)) = s[0] else {
        panic!("an externref of a struct reaches the host as the struct: {s:?}");
    };
    assert!(sr.is_struct());
    assert_eq!(i32s(call(&mut store, inst, "struct_back", &[s[0]])), [4]);
}

/// A struct handed to the host comes back as the same struct; the host
/// reads its fields; an i31 the host makes is accepted as an anyref; a
/// handle of another store, or an anyref where a struct is expected, is
/// an error, never a panic.
#[test]
fn host_receives_and_passes_anyrefs() {
    let (mut store, inst) = setup(CONVERT);
    let s = call(&mut store, inst, "new", &[Val::I32(12)]).unwrap()[0];
    let Val::AnyRef(Some(r)) = s else {
        panic!("a struct is an AnyRef: {s:?}");
    };
    assert_eq!(r.fields(&mut store).unwrap(), Some(vec![Val::I32(12)]));
    assert!(r.type_id(&store).unwrap().is_some());
    assert_eq!(i32s(call(&mut store, inst, "field", &[s])), [12]);
    let i31 = Val::AnyRef(Some(AnyRef::from_i31(&store, 3)));
    assert_eq!(
        trap(call(&mut store, inst, "field", &[i31])),
        TrapCode::CastFailure
    );
    // A handle of another store.
    let (mut other, other_inst) = setup(CONVERT);
    let e = call(&mut other, other_inst, "field", &[s]).expect_err("another store's");
    assert_eq!(e.kind(), &ErrorKind::WrongStore);
    assert_eq!(
        r.fields(&mut other).expect_err("wrong store").kind(),
        &ErrorKind::WrongStore
    );
    // An anyref where the function wants an externref or an i32.
    let e = call(&mut store, inst, "new", &[s]).expect_err("not an i32");
    assert_ne!(e.kind(), &ErrorKind::WrongStore);
}
