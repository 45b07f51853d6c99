//! The GC type system through the runtime: recursion groups canonicalised
//! across modules, declared subtypes in `call_indirect` and in import
//! matching, and the GC instructions refused until they are implemented.

use crate::types::ConcreteTypes;
use crate::{Engine, ErrorKind, Instance, Linker, Module, Store, TrapCode, Val};

fn module(engine: &Engine, wat: &str) -> Module {
    Module::new(engine, wat::parse_str(wat).unwrap()).unwrap()
}

/// Calls `name` of `inst` with no arguments and one i32 result.
fn call_i32(store: &mut Store<()>, inst: Instance, name: &str) -> crate::Result<i32> {
    let f = inst.get_func(&*store, name).unwrap();
    let mut out = [Val::I32(0)];
    f.call(store, &[], &mut out)?;
    Ok(out[0].i32().unwrap())
}

fn trap_code(e: &crate::Error) -> Option<TrapCode> {
    match e.kind() {
        ErrorKind::Trap(t) => Some(t.code),
        _ => None,
    }
}

/// A recursive pair of types: a function type that takes a struct that
/// holds a reference to that function type.
const REC_GROUP: &str = r#"
  (rec
    (type $f (func (param (ref null $s)) (result i32)))
    (type $s (struct (field (ref null $f)))))"#;

#[test]
fn identical_rec_groups_of_two_modules_are_one_type() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let a = module(
        &engine,
        &alloc::format!(
            r#"(module {REC_GROUP}
                 (func (export "f") (type $f) (i32.const 41))
                 (table (export "tab") 1 funcref))"#
        ),
    );
    let a = Linker::new(&engine).instantiate(&mut store, &a).unwrap();
    let mut linker = Linker::new(&engine);
    linker.instance(&mut store, "a", a).unwrap();
    // The same group, after another type: other indices, the same types.
    let b = module(
        &engine,
        &alloc::format!(
            r#"(module
                 (type $pad (func (param i64)))
                 {REC_GROUP}
                 (import "a" "f" (func $imported (type $f)))
                 (import "a" "tab" (table 1 funcref))
                 (elem declare func $imported)
                 (func (export "direct") (result i32)
                   (call $imported (ref.null $s)))
                 (func (export "indirect") (result i32)
                   (table.set 0 (i32.const 0) (ref.func $imported))
                   (call_indirect (type $f) (ref.null $s) (i32.const 0))))"#
        ),
    );
    let b = linker.instantiate(&mut store, &b).unwrap();
    assert_eq!(call_i32(&mut store, b, "direct").unwrap(), 41);
    assert_eq!(call_i32(&mut store, b, "indirect").unwrap(), 41);

    // A third module fills the table with its own function of the group's
    // function type and calls through a's table from b's side.
    let c = module(
        &engine,
        &alloc::format!(
            r#"(module {REC_GROUP}
                 (import "a" "tab" (table 1 funcref))
                 (func $g (type $f) (i32.const 99))
                 (elem declare func $g)
                 (func (export "store") (table.set 0 (i32.const 0) (ref.func $g))))"#
        ),
    );
    let c = linker.instantiate(&mut store, &c).unwrap();
    let put = c.get_func(&store, "store").unwrap();
    put.call(&mut store, &[], &mut []).unwrap();
    // b's call_indirect expects its $f: c's $g has it.
    let again = module(
        &engine,
        &alloc::format!(
            r#"(module {REC_GROUP}
                 (import "a" "tab" (table 1 funcref))
                 (func (export "run") (result i32)
                   (call_indirect (type $f) (ref.null $s) (i32.const 0))))"#
        ),
    );
    let again = linker.instantiate(&mut store, &again).unwrap();
    assert_eq!(call_i32(&mut store, again, "run").unwrap(), 99);
}

#[test]
fn the_same_struct_in_different_groups_is_different_types() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    // $f's parameter is a struct of a group of its own in a, of a group
    // with a second type in b: not the same struct type, so not the same
    // function type.
    let a = module(
        &engine,
        r#"(module
             (type $s (struct (field i32)))
             (type $f (func (param (ref null $s)) (result i32)))
             (func (export "f") (type $f) (i32.const 1)))"#,
    );
    let a = Linker::new(&engine).instantiate(&mut store, &a).unwrap();
    let mut linker = Linker::new(&engine);
    linker.instance(&mut store, "a", a).unwrap();
    let b = module(
        &engine,
        r#"(module
             (rec (type $s (struct (field i32))) (type $other (struct)))
             (type $f (func (param (ref null $s)) (result i32)))
             (import "a" "f" (func (type $f))))"#,
    );
    let err = linker.instantiate(&mut store, &b).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Link), "{err}");
    // While the same declaration links.
    let c = module(
        &engine,
        r#"(module
             (type $s (struct (field i32)))
             (type $f (func (param (ref null $s)) (result i32)))
             (import "a" "f" (func (type $f))))"#,
    );
    linker.instantiate(&mut store, &c).unwrap();
}

/// `$base` and two subtypes of it, one of which has a subtype of its own.
const HIERARCHY: &str = r#"
  (type $base (sub (func (result i32))))
  (type $left (sub $base (func (result i32))))
  (type $right (sub final $base (func (result i32))))
  (type $leftleft (sub final $left (func (result i32))))"#;

#[test]
fn call_indirect_accepts_a_declared_subtype_and_traps_on_a_sibling() {
    let (mut store, inst) = crate::runtime::tests::setup(&alloc::format!(
        r#"(module {HIERARCHY}
             (table 4 funcref)
             (func $l (type $left) (i32.const 1))
             (func $r (type $right) (i32.const 2))
             (func $ll (type $leftleft) (i32.const 3))
             (func $b (type $base) (i32.const 4))
             (elem (i32.const 0) func $l $r $ll $b)
             (func (export "as_base") (param i32) (result i32)
               (call_indirect (type $base) (local.get 0)))
             (func (export "as_left") (param i32) (result i32)
               (call_indirect (type $left) (local.get 0)))
             (func (export "as_leftleft") (param i32) (result i32)
               (return_call_indirect (type $leftleft) (local.get 0))))"#
    ));
    let call = |store: &mut Store<()>, name: &str, i: i32| {
        let f = inst.get_func(&*store, name).unwrap();
        let mut out = [Val::I32(0)];
        f.call(store, &[Val::I32(i)], &mut out)
            .map(|()| out[0].i32().unwrap())
    };
    // Every one is a $base.
    for (i, want) in [(0, 1), (1, 2), (2, 3), (3, 4)] {
        assert_eq!(call(&mut store, "as_base", i).unwrap(), want);
    }
    // $left and its subtype $leftleft are $lefts; the sibling $right and
    // the supertype $base are not.
    assert_eq!(call(&mut store, "as_left", 0).unwrap(), 1);
    assert_eq!(call(&mut store, "as_left", 2).unwrap(), 3);
    for i in [1, 3] {
        let err = call(&mut store, "as_left", i).unwrap_err();
        assert_eq!(trap_code(&err), Some(TrapCode::BadSignature), "{err}");
    }
    // A final type matches itself only.
    assert_eq!(call(&mut store, "as_leftleft", 2).unwrap(), 3);
    for i in [0, 1, 3] {
        let err = call(&mut store, "as_leftleft", i).unwrap_err();
        assert_eq!(trap_code(&err), Some(TrapCode::BadSignature), "{err}");
    }
}

#[test]
fn subtype_checks_across_depths() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    // A chain of eight struct types, each extending its parent by a
    // field, and a second chain beside it.
    let mut wat = alloc::string::String::from("(module (type $t0 (sub (struct)))");
    for i in 1..8 {
        wat += &alloc::format!(
            "(type $t{i} (sub $t{} (struct {})))",
            i - 1,
            "(field i32) ".repeat(i)
        );
    }
    wat += "(type $u1 (sub $t0 (struct (field i64)))) (type $u2 (sub $u1 (struct (field i64) (field i64)))))";
    let m = module(&engine, &wat);
    let ids = store.inner.intern_module_types(&m.info).unwrap();
    let types = &store.inner.types;
    let t = |i: usize| ids[i];
    let (u1, u2) = (ids[8], ids[9]);
    for a in 0..8 {
        for b in 0..8 {
            assert_eq!(types.is_subtype(t(a), t(b)), b <= a, "t{a} <: t{b}");
        }
        assert!(!types.is_subtype(t(a), u1) && !types.is_subtype(u1, t(a)) || a == 0);
    }
    assert!(types.is_subtype(u2, u1) && types.is_subtype(u2, t(0)));
    assert!(!types.is_subtype(u2, t(1)) && !types.is_subtype(t(7), u2));
    // Interning the module again gives the same ids.
    assert_eq!(store.inner.intern_module_types(&m.info).unwrap(), ids);
}

#[test]
fn a_global_of_a_subtype_is_imported_where_immutable_and_a_table_only_of_the_same_type() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let a = module(
        &engine,
        &alloc::format!(
            r#"(module {HIERARCHY}
                 (func $l (type $left) (i32.const 5))
                 (global (export "left") (ref $left) (ref.func $l))
                 (global (export "mut_left") (mut (ref null $left)) (ref.null $left))
                 (table (export "tab_left") 1 (ref null $left)))"#
        ),
    );
    let a = Linker::new(&engine).instantiate(&mut store, &a).unwrap();
    let mut linker = Linker::new(&engine);
    linker.instance(&mut store, "a", a).unwrap();
    let import = |store: &mut Store<()>, linker: &Linker<()>, what: &str| {
        let m = module(
            &engine,
            &alloc::format!("(module {HIERARCHY} (import \"a\" {what}))"),
        );
        linker.instantiate(store, &m)
    };
    // An immutable global of a subtype fits, also as the abstract func.
    for ok in [
        r#""left" (global (ref $base))"#,
        r#""left" (global (ref null $left))"#,
        r#""left" (global funcref)"#,
        r#""tab_left" (table 1 (ref null $left))"#,
        r#""mut_left" (global (mut (ref null $left)))"#,
    ] {
        import(&mut store, &linker, ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    for bad in [
        // A subtype the wrong way round, and a sibling.
        r#""left" (global (ref $leftleft))"#,
        r#""left" (global (ref $right))"#,
        // Mutable globals and tables are written too: the same type only.
        r#""mut_left" (global (mut (ref null $base)))"#,
        r#""tab_left" (table 1 (ref null $base))"#,
    ] {
        let err = import(&mut store, &linker, bad).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Link), "{bad}: {err}");
    }
}

#[test]
fn a_function_of_a_subtype_is_imported_where_its_supertype_is_expected() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let a = module(
        &engine,
        &alloc::format!(
            r#"(module {HIERARCHY}
                 (func (export "ll") (type $leftleft) (i32.const 8)))"#
        ),
    );
    let a = Linker::new(&engine).instantiate(&mut store, &a).unwrap();
    let mut linker = Linker::new(&engine);
    linker.instance(&mut store, "a", a).unwrap();
    let b = module(
        &engine,
        &alloc::format!(
            r#"(module {HIERARCHY}
                 (import "a" "ll" (func $f (type $base)))
                 (func (export "run") (result i32) (call $f)))"#
        ),
    );
    let b = linker.instantiate(&mut store, &b).unwrap();
    assert_eq!(call_i32(&mut store, b, "run").unwrap(), 8);
    let c = module(
        &engine,
        &alloc::format!(r#"(module {HIERARCHY} (import "a" "ll" (func (type $right))))"#),
    );
    let err = linker.instantiate(&mut store, &c).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Link), "{err}");
}

/// GC instructions load, eagerly and lazily, and run; in constant
/// expressions they allocate at instantiation (a global's struct, a
/// table's initialiser, an element segment's items).
#[test]
fn gc_instructions_load_and_run() {
    let engine = Engine::default();
    for body in [
        "(drop (struct.new_default $s))",
        "(drop (ref.i31 (i32.const 1)))",
        "(drop (ref.eq (ref.null eq) (ref.null eq)))",
        "(drop (ref.test (ref $s) (ref.null any)))",
        "(drop (array.new_default $a (i32.const 1)))",
    ] {
        let wat = alloc::format!(
            r#"(module (type $s (struct)) (type $a (array i8))
                 (func (export "f") {body}))"#
        );
        let bytes = wat::parse_str(&wat).unwrap();
        for lazy in [false, true] {
            let engine = Engine::new(crate::Config::new().lazy_translation(lazy));
            let module = Module::new(&engine, &bytes).expect(body);
            let mut store = Store::new(&engine, ());
            let inst = Linker::new(&engine)
                .instantiate(&mut store, &module)
                .unwrap();
            let f = inst.get_func(&store, "f").unwrap();
            f.call(&mut store, &[], &mut []).expect(body);
        }
    }
    // In constant expressions.
    let bytes = wat::parse_str(
        r#"(module (type $s (struct (field i32) (field i64)))
             (type $a (array i16))
             (global $g (export "g") (ref $s) (struct.new $s (i32.const 5) (i64.const 6)))
             (global (export "i") i31ref (ref.i31 (i32.const -1)))
             (table $t (export "t") 2 (ref $a) (array.new $a (i32.const 7) (i32.const 3)))
             (elem declare (ref $a) (item (array.new_fixed $a 2 (i32.const 1) (i32.const 2))))
             (func (export "len") (result i32) (array.len (table.get $t (i32.const 1)))))"#,
    )
    .unwrap();
    let module = Module::new(&engine, &bytes).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let g = inst.get_global(&store, "g").unwrap().get(&mut store);
    let crate::Val::AnyRef(Some(s)) = g else {
        panic!("a struct global: {g:?}");
    };
    assert_eq!(
        s.fields(&mut store).unwrap(),
        Some(alloc::vec![crate::Val::I32(5), crate::Val::I64(6)])
    );
    let i = inst.get_global(&store, "i").unwrap().get(&mut store);
    assert!(
        matches!(i, crate::Val::AnyRef(Some(r)) if r.i31_s() == Some(-1)),
        "{i:?}"
    );
    let mut out = [crate::Val::I32(0)];
    let f = inst.get_func(&store, "len").unwrap();
    f.call(&mut store, &[], &mut out).unwrap();
    assert_eq!(out, [crate::Val::I32(3)]);
    // An invalid body stays invalid, GC instruction or not.
    let bytes = wat::parse_str("(module (func (result i32) (ref.i31 (i32.const 1))))");
    if let Ok(bytes) = bytes {
        let err = Module::new(&engine, &bytes).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Invalid { .. }), "{err}");
    }
}

#[test]
fn gc_types_are_invalid_with_gc_off() {
    let bytes = wat::parse_str("(module (type $s (struct (field i32))))").unwrap();
    let engine = Engine::new(crate::Config::new().wasm_gc(false));
    let err = Module::new(&engine, &bytes).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Invalid { .. }), "{err}");
    // And unchecked: the type section is read without GC.
    // SAFETY: the module has no code; it is refused while its types are
    // read, before anything could be translated or run.
    let err = unsafe { Module::new_unchecked(&engine, &bytes) }.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Invalid { .. }), "{err}");
    let ok = Engine::default();
    Module::new(&ok, &bytes).unwrap();
}

#[test]
fn malformed_type_sections_loaded_unchecked_are_errors_not_panics() {
    let engine = Engine::default();
    // A supertype after its subtype, a reference past the types, a
    // function of a struct type, a call_indirect of a struct type.
    let cases: &[&[u8]] = &[
        // types: (sub 1 (struct)), (sub (struct))
        &[1, 9, 2, 0x50, 1, 1, 0x5f, 0, 0x50, 0, 0x5f, 0][..],
        // types: (struct (field (ref null 7)))
        &[1, 6, 1, 0x5f, 1, 0x63, 7, 0][..],
        // types: (struct); funcs: [0]
        &[1, 3, 1, 0x5f, 0, 3, 2, 1, 0][..],
    ];
    for (i, sections) in cases.iter().enumerate() {
        let mut bytes = b"\0asm\x01\0\0\0".to_vec();
        bytes.extend_from_slice(sections);
        // SAFETY: these modules are invalid only in their type sections,
        // and have no code: nothing is translated or run, and loading and
        // instantiating them is what the test checks survives.
        match unsafe { Module::new_unchecked(&engine, &bytes) } {
            Err(e) => assert!(
                matches!(e.kind(), ErrorKind::Invalid { .. }),
                "case {i}: {e}"
            ),
            // Loaded: instantiation must not panic either.
            Ok(m) => {
                let mut store = Store::new(&engine, ());
                let _ = Linker::new(&engine).instantiate(&mut store, &m);
            }
        }
    }
}

#[test]
fn display_follows_the_text_format() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
             (type $s (sub (struct (field i32) (field (mut i8)) (field (ref null any)))))
             (type $a (sub final $s (struct (field i32) (field (mut i8)) (field (ref null any)))))
             (type $arr (array (mut i16))))"#,
    );
    let shown: alloc::vec::Vec<_> = m.info.types.iter().map(|t| alloc::format!("{t}")).collect();
    assert_eq!(
        shown,
        [
            "(sub (struct (field i32) (field (mut i8)) (field (ref null any))))",
            "(sub final 0 (struct (field i32) (field (mut i8)) (field (ref null any))))",
            "(array (mut i16))",
        ]
    );
    let _ = crate::types::HeapType::Eq;
}

#[test]
fn value_types_match_along_the_heap_type_hierarchy() {
    use crate::types::{HeapType as H, ValType};
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let m = module(
        &engine,
        r#"(module (type $s (sub (struct))) (type $s2 (sub $s (struct (field i32))))
             (type $a (array i8)) (type $f (func)))"#,
    );
    let ids = store.inner.intern_module_types(&m.info).unwrap();
    // The store answers for its ids (the public way).
    let types: &dyn ConcreteTypes = &store;
    let r = |nullable, heap| ValType::reference(nullable, heap);
    let (s, s2, a, f) = (
        H::Concrete(ids[0]),
        H::Concrete(ids[1]),
        H::Concrete(ids[2]),
        H::Concrete(ids[3]),
    );
    let yes = [
        (H::None, H::I31),
        (H::None, s2),
        (H::I31, H::Eq),
        (H::Struct, H::Any),
        (H::Array, H::Eq),
        (H::Eq, H::Any),
        (s2, s),
        (s2, H::Struct),
        (s, H::Eq),
        (a, H::Array),
        (a, H::Any),
        (f, H::Func),
        (H::NoFunc, f),
        (H::NoExtern, H::Extern),
        (H::NoExn, H::Exn),
    ];
    for (x, y) in yes {
        assert!(r(false, x).matches(r(true, y), types), "{x} <: {y}");
        assert!(!r(true, x).matches(r(false, y), types), "null {x} </: {y}");
    }
    let no = [
        (H::Any, H::Eq),
        (s, s2),
        (s, H::Array),
        (a, H::Struct),
        (f, H::Any),
        (H::None, H::Func),
        (H::NoFunc, s),
        (H::I31, H::Struct),
        (H::Extern, H::Any),
        (H::None, H::Extern),
    ];
    for (x, y) in no {
        assert!(!r(true, x).matches(r(true, y), types), "{x} </: {y}");
    }
}

/// A GC constant expression that reads a `v128` global is refused, not
/// evaluated with the global's upper half lost.
#[cfg(feature = "simd")]
#[test]
fn a_v128_global_in_a_gc_constant_expression_is_refused() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
          (type $v (struct (field v128)))
          (global $g v128 (v128.const i64x2 1 2))
          (global (ref $v) (struct.new $v (global.get $g))))"#,
    );
    let mut store = Store::new(&engine, ());
    let e = Linker::new(&engine)
        .instantiate(&mut store, &m)
        .expect_err("refused");
    assert_eq!(*e.kind(), ErrorKind::Unsupported, "{e}");
    // The global alone, as a v128 global's initialiser, is fine.
    let ok = module(
        &engine,
        r#"(module
          (global $g v128 (v128.const i64x2 1 2))
          (global v128 (global.get $g)))"#,
    );
    Linker::new(&engine)
        .instantiate(&mut store, &ok)
        .expect("instantiates");
}

/// A packed field keeps its 8 or 16 bits, from `struct.new` in code and
/// in a constant expression as from `struct.set`: the host reads them
/// zero-extended, as `struct.get_u` does.
#[test]
fn struct_new_keeps_only_a_packed_fields_bits() {
    let engine = Engine::default();
    let m = module(
        &engine,
        r#"(module
          (type $p (struct (field i8) (field i16) (field i32)))
          (global (export "g") (ref $p) (struct.new $p (i32.const -1) (i32.const -2) (i32.const -3)))
          (func (export "f") (result anyref)
            (struct.new $p (i32.const -1) (i32.const 0x12345) (i32.const -3))))"#,
    );
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let g = inst.get_global(&store, "g").unwrap().get(&mut store);
    let crate::Val::AnyRef(Some(r)) = g else {
        panic!("a struct")
    };
    assert_eq!(
        r.fields(&mut store).unwrap(),
        Some(alloc::vec![Val::I32(0xff), Val::I32(0xfffe), Val::I32(-3)])
    );
    let mut out = [Val::I32(0)];
    inst.get_func(&store, "f")
        .unwrap()
        .call(&mut store, &[], &mut out)
        .unwrap();
    let crate::Val::AnyRef(Some(r)) = out[0] else {
        panic!("a struct")
    };
    assert_eq!(
        r.fields(&mut store).unwrap(),
        Some(alloc::vec![Val::I32(0xff), Val::I32(0x2345), Val::I32(-3)])
    );
}
