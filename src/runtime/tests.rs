//! Runtime API tests: memories, globals, tables, linking errors.

use crate::{
    Engine, ErrorKind, Extern, Func, Global, Instance, Linker, Memory, MemoryType, Module,
    Mutability, Store, Table, TableType, Val, ValType,
};

/// Instantiates `wat` with no imports (shared by tests in other modules).
pub(crate) fn setup(wat: &str) -> (Store<()>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
    let mut store = Store::new(&engine, ());
    let inst = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    (store, inst)
}

#[test]
fn memory_read_write_grow() {
    let (mut store, inst) = setup(
        r#"(module (memory (export "mem") 1 2) (data (i32.const 16) "spindle")
             (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))"#,
    );
    let mem = inst.get_memory(&store, "mem").unwrap();
    let mut buf = [0u8; 7];
    mem.read(&store, 16, &mut buf).unwrap();
    assert_eq!(&buf, b"spindle");
    mem.write(&mut store, 0, &[42]).unwrap();
    let load = inst.get_typed_func::<i32, i32>(&store, "load").unwrap();
    assert_eq!(load.call(&mut store, 0).unwrap(), 42);
    assert!(mem.read(&store, 65535, &mut buf).is_err());
    assert_eq!(mem.grow(&mut store, 1).unwrap(), 1);
    assert_eq!(mem.size(&store), 2);
    assert!(mem.grow(&mut store, 1).is_err());
    assert_eq!(mem.data(&store).len(), 2 * crate::PAGE_SIZE);
}

#[test]
fn globals_get_and_set() {
    let (mut store, inst) = setup(
        r#"(module (global (export "g") (mut i64) (i64.const 5)) (global (export "c") f32 (f32.const 1.5))
             (func (export "get") (result i64) (global.get 0)))"#,
    );
    let g = inst.get_global(&store, "g").unwrap();
    assert_eq!(g.get(&mut store), Val::I64(5));
    g.set(&mut store, Val::I64(-9)).unwrap();
    let get = inst.get_typed_func::<(), i64>(&store, "get").unwrap();
    assert_eq!(get.call(&mut store, ()).unwrap(), -9);
    assert!(g.set(&mut store, Val::I32(1)).is_err());
    let c = inst.get_global(&store, "c").unwrap();
    assert_eq!(c.get(&mut store).f32(), Some(1.5));
    assert!(c.set(&mut store, Val::from(2.0f32)).is_err());
}

#[test]
fn tables_get_set_grow() {
    let (mut store, inst) = setup(
        r#"(module (table (export "t") 2 4 funcref) (func $f (result i32) (i32.const 7)) (elem (i32.const 1) $f)
             (type $t (func (result i32)))
             (func (export "call") (param i32) (result i32) (call_indirect (type $t) (local.get 0))))"#,
    );
    let t = inst.get_table(&store, "t").unwrap();
    assert_eq!(t.size(&store), 2);
    assert_eq!(t.get(&mut store, 0), Some(Val::FuncRef(None)));
    let f = t.get(&mut store, 1).unwrap();
    t.set(&mut store, 0, f).unwrap();
    let call = inst.get_typed_func::<i32, i32>(&store, "call").unwrap();
    assert_eq!(call.call(&mut store, 0).unwrap(), 7);
    assert_eq!(t.grow(&mut store, 2, Val::FuncRef(None)).unwrap(), 2);
    assert!(t.grow(&mut store, 1, Val::FuncRef(None)).is_err());
    assert!(t.set(&mut store, 9, f).is_err());
    assert!(t.set(&mut store, 0, Val::I32(1)).is_err());
}

#[test]
fn linking_errors_are_typed() {
    let engine = Engine::default();
    let wasm = wat::parse_str(r#"(module (import "env" "f" (func (param i32))))"#).unwrap();
    let module = Module::new(&engine, wasm).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let err = linker.instantiate(&mut store, &module).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Link);
    linker
        .func_wrap("env", "f", |_: crate::Caller<'_, ()>, _: i64| {})
        .unwrap();
    let err = linker.instantiate(&mut store, &module).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Link);
    assert!(
        linker
            .func_wrap("env", "f", |_: crate::Caller<'_, ()>| {})
            .is_err(),
        "redefinition is refused"
    );
}

#[test]
fn store_items_can_be_imported() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mem = Memory::new(&mut store, MemoryType::new(1, None)).unwrap();
    let g = Global::new(&mut store, Mutability::Var, Val::I32(3)).unwrap();
    let t = Table::new(
        &mut store,
        TableType::new(ValType::FuncRef, 1, None),
        Val::FuncRef(None),
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker
        .define("env", "mem", mem)
        .unwrap()
        .define("env", "g", g)
        .unwrap()
        .define("env", "t", Extern::Table(t))
        .unwrap();
    let wasm = wat::parse_str(
        r#"(module (import "env" "mem" (memory 1)) (import "env" "g" (global (mut i32))) (import "env" "t" (table 1 funcref))
             (func (export "run") (i32.store (i32.const 0) (global.get 0)) (global.set 0 (i32.const 4))))"#,
    )
    .unwrap();
    let module = Module::new(&engine, wasm).unwrap();
    let inst = linker.instantiate(&mut store, &module).unwrap();
    inst.get_typed_func::<(), ()>(&store, "run")
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    assert_eq!(mem.data(&store)[0], 3);
    assert_eq!(g.get(&mut store), Val::I32(4));
}

#[test]
fn mismatched_imports_name_both_types_in_text_format() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mem = Memory::new(&mut store, MemoryType::new(1, Some(5))).unwrap();
    let g = Global::new(&mut store, Mutability::Const, Val::I64(3)).unwrap();
    let cases = [
        (
            r#"(module (import "env" "x" (memory 1 2)))"#,
            Extern::Memory(mem),
            "expected (memory 1 2), found (memory 1 5)",
        ),
        (
            r#"(module (import "env" "x" (global (mut i64))))"#,
            Extern::Global(g),
            "expected (global (mut i64)), found (global i64)",
        ),
    ];
    for (wat, ext, message) in cases {
        let mut linker = Linker::new(&engine);
        linker.define("env", "x", ext).unwrap();
        let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
        let err = linker.instantiate(&mut store, &module).unwrap_err();
        assert!(alloc::format!("{err}").contains(message), "{wat}: {err}");
    }
}

#[test]
fn invalid_modules_report_function_and_offset() {
    let engine = Engine::default();
    let wasm = wat::parse_str("(module (func) (func (result i32) (i64.const 1)))").unwrap();
    let err = Module::new(&engine, wasm).unwrap_err();
    match err.kind() {
        ErrorKind::Invalid { func_index, offset } => {
            assert_eq!(*func_index, Some(1));
            assert!(*offset > 0);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(Module::validate(&engine, b"\0asm\x01\0\0\0\x01").is_err());
    assert!(Module::validate(&engine, b"not wasm").is_err());
}

#[test]
fn wrong_arguments_are_refused() {
    let (mut store, inst) =
        setup(r#"(module (func (export "f") (param i32) (result i32) (local.get 0)))"#);
    let f = inst.get_func(&store, "f").unwrap();
    let mut out = [Val::I32(0)];
    assert_eq!(
        f.call(&mut store, &[Val::I64(1)], &mut out)
            .unwrap_err()
            .kind(),
        &ErrorKind::BadArgument
    );
    assert_eq!(
        f.call(&mut store, &[], &mut out).unwrap_err().kind(),
        &ErrorKind::BadArgument
    );
    assert!(inst.get_typed_func::<i64, i32>(&store, "f").is_err());
}

#[test]
fn limiter_refuses_growth_and_instantiation() {
    use crate::{StoreLimits, StoreLimitsBuilder};
    struct State {
        limits: StoreLimits,
    }
    let engine = Engine::default();
    let wasm = wat::parse_str(
        r#"(module (memory 1) (table 1 funcref)
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
             (func (export "tgrow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))"#,
    )
    .unwrap();
    let module = Module::new(&engine, wasm).unwrap();
    let limits = StoreLimitsBuilder::new()
        .memory_size(3 * crate::PAGE_SIZE)
        .table_elements(5)
        .memories(1)
        .build();
    let mut store = Store::new(&engine, State { limits });
    store.limiter(|s| &mut s.limits);
    let linker = Linker::new(&engine);
    let inst = linker.instantiate(&mut store, &module).unwrap();
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    assert_eq!(grow.call(&mut store, 2).unwrap(), 1);
    assert_eq!(
        grow.call(&mut store, 1).unwrap(),
        -1,
        "a fourth page is refused"
    );
    let tgrow = inst.get_typed_func::<i32, i32>(&store, "tgrow").unwrap();
    assert_eq!(tgrow.call(&mut store, 4).unwrap(), 1);
    assert_eq!(
        tgrow.call(&mut store, 1).unwrap(),
        -1,
        "a sixth element is refused"
    );
    // A second memory is over the count limit.
    let err = linker.instantiate(&mut store, &module).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Instantiate);
    // A memory too large from the start is refused at instantiation.
    let big = Module::new(&engine, wat::parse_str("(module (memory 4))").unwrap()).unwrap();
    let mut store = Store::new(
        &engine,
        State {
            limits: StoreLimitsBuilder::new()
                .memory_size(crate::PAGE_SIZE)
                .build(),
        },
    );
    store.limiter(|s| &mut s.limits);
    assert_eq!(
        linker.instantiate(&mut store, &big).unwrap_err().kind(),
        &ErrorKind::Instantiate
    );
}

#[test]
fn new_unchecked_runs_valid_modules_like_new() {
    let wasm = wat::parse_str(
        r#"(module
             (memory (export "mem") 1)
             (data (i32.const 0) "\05")
             (func $fib (export "fib") (param i32) (result i32)
               (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
                 (then (local.get 0))
                 (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                                (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
             (func (export "fib_of_byte0") (result i32)
               (call $fib (i32.load8_u (i32.const 0)))))"#,
    )
    .unwrap();
    for lazy in [true, false] {
        let mut config = crate::Config::new();
        config.lazy_translation(lazy);
        let engine = Engine::new(&config);
        Module::validate(&engine, &wasm).unwrap();
        // SAFETY: the module is valid: Module::validate accepted it.
        let module = unsafe { Module::new_unchecked(&engine, &wasm) }.unwrap();
        assert_eq!(module.exports().count(), 3);
        let mut store = Store::new(&engine, ());
        let inst = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let fib = inst.get_typed_func::<i32, i32>(&store, "fib").unwrap();
        assert_eq!(fib.call(&mut store, 20).unwrap(), 6765, "lazy={lazy}");
        let f = inst
            .get_typed_func::<(), i32>(&store, "fib_of_byte0")
            .unwrap();
        assert_eq!(f.call(&mut store, ()).unwrap(), 5, "lazy={lazy}");
    }
}

#[test]
fn from_vec_runs_like_new_whether_it_keeps_the_binary_or_copies_the_bodies() {
    // The code (a thousand `nop`s) is most of the module.
    let wasm = wat::parse_str(alloc::format!(
        r#"(module
             (memory 1)
             (data (i32.const 100) "\07\0b")
             (func $sq (param i32) (result i32) {} (i32.mul (local.get 0) (local.get 0)))
             (func (export "f") (result i32)
               (i32.add (call $sq (i32.load8_u (i32.const 100)))
                        (call $sq (i32.load8_u (i32.const 101))))))"#,
        "nop ".repeat(1000)
    ))
    .unwrap();
    // A custom section before everything else (10,000 bytes, more than a
    // quarter of the code) makes `from_vec` copy the bodies instead of
    // keeping the binary; one at the end is cut off when it keeps it.
    let custom = |len: usize| {
        let mut s = alloc::vec![0u8];
        let body = 4 + len;
        s.extend([(body & 0x7f) as u8 | 0x80, (body >> 7) as u8]);
        s.push(3);
        s.extend(b"big");
        s.extend(core::iter::repeat_n(0xAB, len));
        s
    };
    let mut leading = wasm[..8].to_vec();
    leading.extend(custom(10_000));
    leading.extend(&wasm[8..]);
    let mut trailing = wasm.clone();
    trailing.extend(custom(10_000));
    let plain_len = wasm.len();
    for (bytes, kept) in [(wasm, true), (leading, false), (trailing, true)] {
        for lazy in [true, false] {
            let mut config = crate::Config::new();
            config.lazy_translation(lazy);
            let engine = Engine::new(&config);
            let module = Module::from_vec(&engine, bytes.clone()).unwrap();
            let info = &module.info;
            if lazy {
                // Kept: the binary up to the end of the code (which ends
                // before the data section); copied: the bodies alone.
                assert_eq!(info.code_offset == 0, kept);
                assert!(info.code.len() < plain_len);
                assert!(info.code.len() > 1000);
            } else {
                assert!(info.code.is_empty());
            }
            let mut store = Store::new(&engine, ());
            let inst = Linker::new(&engine)
                .instantiate(&mut store, &module)
                .unwrap();
            let f = inst.get_typed_func::<(), i32>(&store, "f").unwrap();
            assert_eq!(f.call(&mut store, ()).unwrap(), 49 + 121, "lazy={lazy}");
        }
    }
    // Errors are the same as `Module::new`'s.
    let engine = Engine::default();
    let err = Module::from_vec(&engine, b"\0asm\x01\0\0\0\x0a".to_vec()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Invalid { .. }), "{err}");
}

#[test]
fn memories_of_zero_pages_grow_zeroed() {
    let (mut store, inst) = setup(
        r#"(module (memory (export "mem") 0)
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
             (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))"#,
    );
    let mem = inst.get_memory(&store, "mem").unwrap();
    let grow = inst.get_typed_func::<i32, i32>(&store, "grow").unwrap();
    let load = inst.get_typed_func::<i32, i32>(&store, "load").unwrap();
    assert!(load.call(&mut store, 0).is_err());
    assert_eq!(grow.call(&mut store, 0).unwrap(), 0);
    assert_eq!(grow.call(&mut store, 2).unwrap(), 0);
    assert!(mem.data(&store).iter().all(|&b| b == 0));
    mem.write(&mut store, 65536, &[1, 2, 3, 4]).unwrap();
    assert_eq!(load.call(&mut store, 65536).unwrap(), 0x0403_0201);
    assert_eq!(grow.call(&mut store, 1).unwrap(), 2);
    assert_eq!(load.call(&mut store, 65536).unwrap(), 0x0403_0201);
    assert_eq!(load.call(&mut store, 3 * 65536 - 4).unwrap(), 0);
}

#[test]
fn new_unchecked_still_refuses_malformed_bytes() {
    let engine = Engine::default();
    for bytes in [
        &b""[..],
        b"\0asm",
        b"\0asm\x01\0\0\0\x01\xff",
        b"not wasm at all",
        // A component header.
        b"\0asm\x0d\0\x01\0",
    ] {
        // SAFETY: these bytes are not valid modules, but each is malformed
        // at the binary level, which new_unchecked still detects before
        // any code is translated or run.
        let r = unsafe { Module::new_unchecked(&engine, bytes) };
        assert!(
            matches!(
                r.as_ref().map_err(|e| e.kind()),
                Err(ErrorKind::Invalid { .. })
            ),
            "{bytes:?}: {r:?}"
        );
    }
}

#[test]
fn functions_are_found_by_export_name_section_name_and_index() {
    // wat keeps `$helper` in the name section; only that section is decoded
    // among the custom sections.
    let engine = Engine::default();
    let wasm = wat::parse_str(
        r#"(module
             (@custom "other" "ignored")
             (func $helper (result i32) (i32.const 7))
             (func (export "run") (result i32) (call $helper)))"#,
    )
    .unwrap();
    let module = Module::new(&engine, &wasm).unwrap();
    assert_eq!(module.func_index("run"), Some(1));
    assert_eq!(module.func_index("helper"), Some(0));
    assert_eq!(module.func_index("0"), Some(0));
    assert_eq!(module.func_index("2"), None);
    assert_eq!(module.func_index("missing"), None);
}

// ---- Handles used with a store they do not belong to (see `store`'s
// module docs): an error where the call returns a `Result`, and nothing
// changes; a panic naming the handle where it cannot fail otherwise.

const TWO_STORES: &str = r#"(module
    (memory (export "mem") 1 2)
    (table (export "t") 2 4 funcref)
    (global (export "g") (mut i32) (i32.const 7))
    (global (export "gf") (mut funcref) (ref.null func))
    (func (export "f") (param i32) (result i32) (local.get 0))
    (func (export "is_null") (param funcref) (result i32) (ref.is_null (local.get 0))))"#;

/// The same module instantiated in two stores of one engine.
fn two_stores() -> ((Store<()>, Instance), (Store<()>, Instance)) {
    (setup(TWO_STORES), setup(TWO_STORES))
}

fn wrong_store<T: core::fmt::Debug>(r: crate::Result<T>) {
    let e = r.unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::WrongStore, "{e}");
    assert!(alloc::format!("{e}").contains("does not belong"), "{e}");
}

fn panics_wrong_store(what: &str, f: impl FnOnce()) {
    let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_err();
    let msg = payload
        .downcast_ref::<alloc::string::String>()
        .map(|s| s.as_str())
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
    assert_eq!(
        msg,
        alloc::format!("{what} used with a store it does not belong to")
    );
}

#[test]
fn a_func_of_another_store_is_refused() {
    let ((sa, a), (mut sb, _)) = two_stores();
    let f = a.get_func(&sa, "f").unwrap();
    let mut out = [Val::I32(0)];
    wrong_store(f.call(&mut sb, &[Val::I32(1)], &mut out));
    wrong_store(f.call_resumable(&mut sb, &[Val::I32(1)], &mut out));
    wrong_store(f.typed::<i32, i32>(&sb));
    let typed = f.typed::<i32, i32>(&sa).unwrap();
    wrong_store(typed.call(&mut sb, 1));
    panics_wrong_store("Func", || {
        f.ty(&sb);
    });
}

#[test]
fn a_funcref_of_another_store_is_refused_as_an_argument_or_element() {
    let ((sa, a), (mut sb, b)) = two_stores();
    let fa_func = a.get_func(&sa, "f").unwrap();
    let fa = Val::FuncRef(Some(fa_func));
    let is_null = b.get_func(&sb, "is_null").unwrap();
    let mut out = [Val::I32(0)];
    wrong_store(is_null.call(&mut sb, &[fa], &mut out));
    let typed = is_null.typed::<Option<crate::Func>, i32>(&sb).unwrap();
    wrong_store(typed.call(&mut sb, Some(fa_func)));
    // Tables and globals of store b keep their values.
    let t = b.get_table(&sb, "t").unwrap();
    wrong_store(t.set(&mut sb, 0, fa));
    wrong_store(t.grow(&mut sb, 1, fa));
    assert_eq!(t.get(&mut sb, 0), Some(Val::FuncRef(None)));
    assert_eq!(t.size(&sb), 2);
    let gf = b.get_global(&sb, "gf").unwrap();
    wrong_store(gf.set(&mut sb, fa));
    assert_eq!(gf.get(&mut sb), Val::FuncRef(None));
    let ty = TableType::new(ValType::FuncRef, 1, None);
    wrong_store(Table::new(&mut sb, ty, fa));
    wrong_store(Global::new(&mut sb, Mutability::Var, fa));
    // A funcref of store b itself is fine.
    let fb = Val::FuncRef(Some(b.get_func(&sb, "f").unwrap()));
    t.set(&mut sb, 0, fb).unwrap();
    assert_eq!(t.get(&mut sb, 0), Some(fb));
}

#[test]
fn a_host_function_returning_a_funcref_of_another_store_fails_the_call() {
    let ((sa, a), _) = two_stores();
    let fa = a.get_func(&sa, "f").unwrap();
    let engine = sa.engine().clone();
    let module = Module::new(
        &engine,
        wat::parse_str(
            r#"(module (import "env" "h" (func $h (result funcref)))
                 (func (export "run") (result i32) (ref.is_null (call $h))))"#,
        )
        .unwrap(),
    )
    .unwrap();
    let mut sb = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker
        .func_new(
            "env",
            "h",
            crate::FuncType::new([], [ValType::FuncRef]),
            move |_, _, out| {
                out[0] = Val::FuncRef(Some(fa));
                Ok(())
            },
        )
        .unwrap();
    let inst = linker.instantiate(&mut sb, &module).unwrap();
    let run = inst.get_typed_func::<(), i32>(&sb, "run").unwrap();
    wrong_store(run.call(&mut sb, ()));
}

#[test]
fn a_memory_of_another_store_is_refused() {
    let ((sa, a), (mut sb, b)) = two_stores();
    let m = a.get_memory(&sa, "mem").unwrap();
    let mut buf = [0u8; 4];
    wrong_store(m.read(&sb, 0, &mut buf));
    wrong_store(m.write(&mut sb, 0, &[1, 2, 3]));
    wrong_store(m.grow(&mut sb, 1));
    let mb = b.get_memory(&sb, "mem").unwrap();
    assert_eq!(mb.size(&sb), 1);
    assert_eq!(&mb.data(&sb)[..3], &[0, 0, 0]);
    panics_wrong_store("Memory", || {
        m.data(&sb);
    });
    panics_wrong_store("Memory", || {
        m.size(&sb);
    });
    panics_wrong_store("Memory", || {
        m.ty(&sb);
    });
    panics_wrong_store("Memory", || {
        m.data_mut(&mut sb);
    });
    panics_wrong_store("Memory", || {
        m.data_and_store_mut(&mut sb);
    });
}

#[test]
fn a_table_of_another_store_is_refused() {
    let ((sa, a), (mut sb, _)) = two_stores();
    let t = a.get_table(&sa, "t").unwrap();
    wrong_store(t.set(&mut sb, 0, Val::FuncRef(None)));
    wrong_store(t.grow(&mut sb, 1, Val::FuncRef(None)));
    panics_wrong_store("Table", || {
        t.get(&mut sb, 0);
    });
    panics_wrong_store("Table", || {
        t.size(&sb);
    });
    panics_wrong_store("Table", || {
        t.ty(&sb);
    });
}

#[test]
fn a_global_of_another_store_is_refused() {
    let ((sa, a), (mut sb, b)) = two_stores();
    let g = a.get_global(&sa, "g").unwrap();
    wrong_store(g.set(&mut sb, Val::I32(1)));
    assert_eq!(b.get_global(&sb, "g").unwrap().get(&mut sb), Val::I32(7));
    panics_wrong_store("Global", || {
        g.get(&mut sb);
    });
    panics_wrong_store("Global", || {
        g.ty(&sb);
    });
}

#[test]
fn an_instance_of_another_store_is_refused() {
    let ((_, a), (sb, _)) = two_stores();
    wrong_store(a.get_typed_func::<i32, i32>(&sb, "f"));
    panics_wrong_store("Instance", || {
        a.get_export(&sb, "f");
    });
    panics_wrong_store("Instance", || {
        a.get_func(&sb, "f");
    });
    panics_wrong_store("Instance", || {
        let _ = a.exports(&sb).count();
    });
}

#[test]
fn imports_of_another_store_are_refused() {
    let ((sa, a), (mut sb, _)) = two_stores();
    let engine = sa.engine().clone();
    let importer = Module::new(
        &engine,
        wat::parse_str(
            r#"(module (import "env" "f" (func (param i32) (result i32)))
                 (import "env" "mem" (memory 1)))"#,
        )
        .unwrap(),
    )
    .unwrap();
    let f = a.get_export(&sa, "f").unwrap();
    let mem = a.get_export(&sa, "mem").unwrap();
    wrong_store(Instance::new(&mut sb, &importer, &[f, mem]));
    let mut linker = Linker::new(&engine);
    linker.define("env", "f", f).unwrap();
    linker.define("env", "mem", mem).unwrap();
    wrong_store(linker.instantiate(&mut sb, &importer));
}

#[test]
fn a_parked_call_resumes_only_in_its_own_store() {
    let mut config = crate::Config::default();
    config.consume_fuel(true);
    let engine = Engine::new(&config);
    let module = Module::new(
        &engine,
        wat::parse_str(r#"(module (func (export "spin") (loop (br 0))))"#).unwrap(),
    )
    .unwrap();
    let instantiate = || {
        let mut store = Store::new(&engine, ());
        store.set_fuel(100).unwrap();
        let inst = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        (store, inst)
    };
    let (mut sa, a) = instantiate();
    let (mut sb, b) = instantiate();
    let spin = |s: &mut Store<()>, i: Instance| {
        let f = i.get_func(&*s, "spin").unwrap();
        match f.call_resumable(s, &[], &mut []).unwrap() {
            crate::CallOutcome::OutOfFuel(call) => call,
            crate::CallOutcome::Finished => panic!("an endless loop finished"),
        }
    };
    let parked_a = spin(&mut sa, a);
    let _parked_b = spin(&mut sb, b);
    // Both stores hold a parked call with the same per-store number.
    wrong_store(parked_a.resume(&mut sb, &mut []));
}

#[test]
fn a_trap_carries_its_callers() {
    // $outer (func 1) calls $mid (func 2), which calls $inner (func 3),
    // which divides by zero. Function 0 is an import-free filler so that
    // indices and instances are not all zero.
    let wat = r#"(module
        (func $filler)
        (func $outer (export "outer") (result i32) (call $mid))
        (func $mid (result i32) (i32.add (i32.const 1) (call $inner)))
        (func $inner (result i32) (i32.div_u (i32.const 1) (i32.const 0))))"#;
    let engine = Engine::default();
    let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
    let mut store = Store::new(&engine, ());
    let linker = Linker::new(&engine);
    let _first = linker.instantiate(&mut store, &module).unwrap();
    let second = linker.instantiate(&mut store, &module).unwrap();
    let outer = second.get_func(&store, "outer").unwrap();
    let err = outer.call(&mut store, &[], &mut [Val::I32(0)]).unwrap_err();
    let trap = err.as_trap().expect("a trap");
    let loc = trap.location.as_ref().expect("a location");
    assert_eq!(loc.func_index, 3);
    assert!(loc.func_offset < loc.offset, "{loc:?}");
    assert_eq!(Instance::from_trap_location(&store, loc), Some(second));
    // The firmware's build records no trace (see `Trap::trace`).
    if cfg!(feature = "small-footprint") {
        assert!(trap.trace.is_empty());
        return;
    }
    let callers: alloc::vec::Vec<u32> = trap.trace.iter().map(|l| l.func_index).collect();
    assert_eq!(callers, [2, 1]);
    for l in &trap.trace {
        assert_eq!(Instance::from_trap_location(&store, l), Some(second));
        assert!(l.func_offset < l.offset);
    }
    // The caller's location is its call instruction, after its body start
    // and before the callee's body.
    assert!(trap.trace[0].offset < loc.func_offset);
}

#[test]
fn host_made_memories_and_tables_obey_the_limiter() {
    use crate::{StoreLimits, StoreLimitsBuilder};
    let engine = Engine::default();
    let limits = StoreLimitsBuilder::new()
        .memory_size(2 * crate::PAGE_SIZE)
        .table_elements(4)
        .memories(1)
        .build();
    let mut store = Store::new(&engine, limits);
    store.limiter(|l: &mut StoreLimits| l);
    let too_big = MemoryType::new(3, None);
    let err = Memory::new(&mut store, too_big).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::BadArgument, "{err}");
    let ok = MemoryType::new(2, None);
    Memory::new(&mut store, ok).unwrap();
    // The count: one memory is the limit.
    assert!(Memory::new(&mut store, MemoryType::new(0, None)).is_err());
    let table = |min| TableType::new(ValType::FuncRef, min, None);
    assert!(Table::new(&mut store, table(5), Val::FuncRef(None)).is_err());
    Table::new(&mut store, table(4), Val::FuncRef(None)).unwrap();
}

/// Typed references across modules and at the host boundary: a function
/// type that refers to another is one store type in every module that
/// declares it, whatever its index there (imports link, `call_indirect`
/// accepts), an immutable global import may have a subtype, and values
/// passed in are checked against concrete types.
#[test]
#[cfg(feature = "function-references")]
fn typed_references_link_and_are_checked() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let a = r#"(module
      (type $r (func (result i32)))
      (type $t (func (param (ref null $r)) (result i32)))
      (type $u (func (param i32) (result i32)))
      (func $f (export "f") (type $t) (i32.const 7))
      (func $g (export "g") (type $u) (local.get 0))
      (global (export "fixed") (ref $t) (ref.func $f))
      (global (export "var") (mut (ref null $t)) (ref.null $t))
      (table (export "tab") 1 (ref null $t)))"#;
    let a = Module::new(&engine, wat::parse_str(a).unwrap()).unwrap();
    let a = Linker::new(&engine).instantiate(&mut store, &a).unwrap();
    let mut linker = Linker::new(&engine);
    linker.instance(&mut store, "a", a).unwrap();
    let b = r#"(module
      (type $other (func (param i64)))
      (type $r (func (result i32)))
      (type $t (func (param (ref null $r)) (result i32)))
      (import "a" "f" (func $f (type $t)))
      (import "a" "fixed" (global $nullable (ref null $t)))
      (import "a" "fixed" (global $any funcref))
      (import "a" "tab" (table 1 (ref null $t)))
      (elem declare func $f)
      (func (export "indirect") (result i32)
        (table.set 0 (i32.const 0) (ref.func $f))
        (call_indirect (type $t) (ref.null $r) (i32.const 0)))
      (func (export "via_global") (result i32)
        (call_ref $t (ref.null $r) (global.get $nullable))))"#;
    let b = Module::new(&engine, wat::parse_str(b).unwrap()).unwrap();
    let b = linker.instantiate(&mut store, &b).unwrap();
    let run = |store: &mut Store<()>, name: &str| {
        let f = b.get_func(&*store, name).unwrap();
        let mut out = [Val::I32(0)];
        f.call(store, &[], &mut out).map(|()| out[0])
    };
    assert_eq!(run(&mut store, "indirect").unwrap(), Val::I32(7));
    assert_eq!(run(&mut store, "via_global").unwrap(), Val::I32(7));
    // The wrong function type, and a mutable global imported as a
    // supertype, do not link.
    for bad in [
        r#"(module (type $r (func (result i64))) (type $t (func (param (ref null $r)) (result i32)))
            (import "a" "f" (func (type $t))))"#,
        r#"(module (import "a" "var" (global (mut funcref))))"#,
    ] {
        let m = Module::new(&engine, wat::parse_str(bad).unwrap()).unwrap();
        let err = linker.instantiate(&mut store, &m).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Link), "{err}");
    }
    // The host sees store type ids: `f`'s parameter is a reference to
    // the type of `r`, an exported function of type `$r`.
    let f = a.get_func(&store, "f").unwrap();
    let g = a.get_func(&store, "g").unwrap();
    let ty = f.ty(&store);
    let ValType::Ref(param) = ty.params()[0] else {
        panic!("{ty}")
    };
    assert!(param.nullable);
    let r = Func::wrap(&mut store, |_: crate::Caller<'_, ()>| 1i32);
    // Arguments and global values are checked against the concrete type.
    let mut out = [Val::I32(0)];
    f.call(&mut store, &[Val::FuncRef(Some(r))], &mut out)
        .unwrap();
    f.call(&mut store, &[Val::FuncRef(None)], &mut out).unwrap();
    let err = f
        .call(&mut store, &[Val::FuncRef(Some(g))], &mut out)
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::BadArgument), "{err}");
    let var = a.get_global(&store, "var").unwrap();
    var.set(&mut store, Val::FuncRef(Some(f))).unwrap();
    assert!(var.set(&mut store, Val::FuncRef(Some(g))).is_err());
    let tab = a.get_table(&store, "tab").unwrap();
    assert!(tab.set(&mut store, 0, Val::FuncRef(Some(g))).is_err());
    tab.set(&mut store, 0, Val::FuncRef(Some(f))).unwrap();
}
