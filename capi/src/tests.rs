//! The C API driven from Rust, as a C program would drive it: the same
//! entry points, raw pointers and ownership rules. These run under Miri in
//! CI (the pointer casts between the reference types, the boxes handed to
//! C and back, the store lent to callbacks); the C programs in
//! `capi/tests/` cover the API in breadth under the sanitizers.

use crate::config::*;
use crate::instance::*;
use crate::module::*;
use crate::object::*;
use crate::spindle_h::*;
use crate::store::*;
use crate::trap::*;
use crate::types::*;
use crate::val::*;
use crate::vec::*;
use core::ffi::c_void;
use core::ptr;
use core::sync::atomic::{AtomicUsize, Ordering};
use std::vec::Vec;

fn bytes(v: &[u8]) -> wasm_byte_vec_t {
    CVec::from_vec(v.to_vec())
}

fn i32_val(x: i32) -> wasm_val_t {
    wasm_val_t {
        kind: WASM_I32,
        of: wasm_val_union { i32: x },
    }
}

/// Store, module and instance of `wat` with `imports`.
unsafe fn instantiate(
    store: *mut wasm_store_t,
    wat: &str,
    imports: &[*mut wasm_extern_t],
) -> (*mut wasm_module_t, *mut wasm_instance_t, wasm_extern_vec_t) {
    let mut bin = bytes(&wat::parse_str(wat).unwrap());
    unsafe {
        let module = wasm_module_new(store, &bin);
        assert!(!module.is_null());
        wasm_byte_vec_delete(&mut bin);
        let imports = CVec {
            size: imports.len(),
            data: imports.as_ptr().cast_mut(),
        };
        let mut trap = ptr::null_mut();
        let inst = wasm_instance_new(store, module, &imports, &mut trap);
        assert!(trap.is_null() && !inst.is_null());
        let mut exports = CVec::EMPTY;
        wasm_instance_exports(inst, &mut exports);
        (module, inst, exports)
    }
}

static FINALIZED: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn finalize(env: *mut c_void) {
    assert_eq!(env.addr(), 7);
    FINALIZED.fetch_add(1, Ordering::SeqCst);
}

/// Doubles its argument, or traps on 13 with the message "thirteen".
unsafe extern "C" fn double(
    env: *mut c_void,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t {
    assert_eq!(env.addr(), 7);
    unsafe {
        let x = (*args).as_slice()[0].of.i32;
        if x == 13 {
            let store = STORE.with(|s| s.get());
            let mut msg = bytes(b"thirteen\0");
            let t = wasm_trap_new(store, &msg);
            wasm_byte_vec_delete(&mut msg);
            return t;
        }
        (*results).as_mut_slice()[0] = i32_val(2 * x);
    }
    ptr::null_mut()
}

std::thread_local! {
    static STORE: core::cell::Cell<*mut wasm_store_t> = const { core::cell::Cell::new(ptr::null_mut()) };
}

#[test]
fn host_functions_calls_traps_and_finalizers() {
    unsafe {
        let engine = wasm_engine_new();
        let store = wasm_store_new(engine);
        STORE.with(|s| s.set(store));
        let mut params = CVec::from_vec(std::vec![wasm_valtype_new(WASM_I32)]);
        let mut results = CVec::from_vec(std::vec![wasm_valtype_new(WASM_I32)]);
        let ty = wasm_functype_new(&mut params, &mut results);
        assert_eq!((*wasm_functype_params(ty)).size, 1);
        let f = wasm_func_new_with_env(
            store,
            ty,
            Some(double),
            ptr::without_provenance_mut(7),
            Some(finalize),
        );
        wasm_functype_delete(ty);
        assert_eq!(FINALIZED.load(Ordering::SeqCst), 0);
        let (module, inst, mut exports) = instantiate(
            store,
            r#"(module (import "" "double" (func $d (param i32) (result i32)))
                 (func (export "run") (param i32) (result i32)
                   (i32.add (call $d (local.get 0)) (i32.const 1))))"#,
            &[wasm_func_as_extern(f)],
        );
        let run = wasm_extern_as_func(exports.as_slice()[0]);
        assert!(!run.is_null());
        assert!(wasm_extern_as_memory(exports.as_slice()[0]).is_null());
        let args = [i32_val(20)];
        let mut out = [i32_val(0)];
        let args_vec = CVec {
            size: 1,
            data: args.as_ptr().cast_mut(),
        };
        let mut out_vec = CVec {
            size: 1,
            data: out.as_mut_ptr(),
        };
        assert!(wasm_func_call(run, &args_vec, &mut out_vec).is_null());
        assert_eq!(out[0].of.i32, 41);
        // The callback's trap comes back with its message.
        let args13 = [i32_val(13)];
        let args13_vec = CVec {
            size: 1,
            data: args13.as_ptr().cast_mut(),
        };
        let trap = wasm_func_call(run, &args13_vec, &mut out_vec);
        assert!(!trap.is_null());
        let mut msg = CVec::EMPTY;
        wasm_trap_message(trap, &mut msg);
        assert_eq!(msg.as_slice(), b"thirteen\0");
        wasm_byte_vec_delete(&mut msg);
        assert!(
            wasm_trap_origin(trap).is_null(),
            "a host trap has no wasm frame"
        );
        wasm_trap_delete(trap);
        // A wrong argument count is a trap, not a call.
        let trap = wasm_func_call(run, &CVec::EMPTY, &mut out_vec);
        assert!(!trap.is_null());
        wasm_trap_delete(trap);
        wasm_extern_vec_delete(&mut exports);
        wasm_instance_delete(inst);
        wasm_module_delete(module);
        // The store handle goes first: `f` still holds the store.
        wasm_store_delete(store);
        assert_eq!(FINALIZED.load(Ordering::SeqCst), 0);
        wasm_func_delete(f);
        assert_eq!(FINALIZED.load(Ordering::SeqCst), 1);
        wasm_engine_delete(engine);
    }
}

#[test]
fn wasm_traps_have_frames() {
    unsafe {
        let engine = wasm_engine_new();
        let store = wasm_store_new(engine);
        let (module, inst, mut exports) = instantiate(
            store,
            r#"(module (func (export "f") (call 1)) (func unreachable))"#,
            &[],
        );
        let f = wasm_extern_as_func(exports.as_slice()[0]);
        let mut none = CVec::EMPTY;
        let trap = wasm_func_call(f, &CVec::EMPTY, &mut none);
        let mut code = 255;
        assert!(spindle_trap_code(trap, &mut code));
        assert_eq!(code, 0);
        let mut frames = CVec::EMPTY;
        wasm_trap_trace(trap, &mut frames);
        let indices: Vec<u32> = frames
            .as_slice()
            .iter()
            .map(|&fr| wasm_frame_func_index(fr))
            .collect();
        assert_eq!(indices, [1, 0]);
        let origin = wasm_trap_origin(trap);
        assert!(wasm_instance_same(wasm_frame_instance(origin), inst));
        wasm_frame_delete(origin);
        wasm_frame_vec_delete(&mut frames);
        wasm_trap_delete(trap);
        wasm_extern_vec_delete(&mut exports);
        wasm_instance_delete(inst);
        wasm_module_delete(module);
        wasm_store_delete(store);
        wasm_engine_delete(engine);
    }
}

static INFO_FREED: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn free_info(info: *mut c_void) {
    assert_eq!(info.addr(), 99);
    INFO_FREED.fetch_add(1, Ordering::SeqCst);
}

#[test]
fn a_foreign_object_round_trips_through_an_externref_table() {
    unsafe {
        let engine = wasm_engine_new();
        let store = wasm_store_new(engine);
        let (module, inst, mut exports) = instantiate(
            store,
            r#"(module (table (export "t") 2 externref)
                 (func (export "copy") (table.set 0 (i32.const 1) (table.get 0 (i32.const 0)))))"#,
            &[],
        );
        let table = wasm_extern_as_table(exports.as_slice()[0]);
        let foreign = wasm_foreign_new(store);
        wasm_foreign_set_host_info_with_finalizer(
            foreign,
            ptr::without_provenance_mut(99),
            Some(free_info),
        );
        assert!(wasm_table_set(table, 0, wasm_foreign_as_ref(foreign)));
        let copy = wasm_extern_as_func(exports.as_slice()[1]);
        let mut none = CVec::EMPTY;
        assert!(wasm_func_call(copy, &CVec::EMPTY, &mut none).is_null());
        let r = wasm_table_get(table, 1);
        let back = wasm_ref_as_foreign(r);
        assert!(wasm_foreign_same(back, foreign));
        assert_eq!(wasm_foreign_get_host_info(back).addr(), 99);
        assert!(wasm_ref_as_func(r).is_null());
        assert!(wasm_table_get(table, 5).is_null());
        wasm_ref_delete(r);
        wasm_foreign_delete(foreign);
        wasm_extern_vec_delete(&mut exports);
        wasm_instance_delete(inst);
        wasm_module_delete(module);
        assert_eq!(INFO_FREED.load(Ordering::SeqCst), 0);
        wasm_store_delete(store);
        assert_eq!(INFO_FREED.load(Ordering::SeqCst), 1, "freed with the store");
        wasm_engine_delete(engine);
    }
}

#[test]
fn memories_globals_and_misuse() {
    unsafe {
        let engine = wasm_engine_new();
        let store = wasm_store_new(engine);
        let limits = wasm_limits_t { min: 1, max: 2 };
        let mt = wasm_memorytype_new(&limits);
        let mem = wasm_memory_new(store, mt);
        wasm_memorytype_delete(mt);
        *wasm_memory_data(mem).add(10) = 42;
        assert_eq!(wasm_memory_data_size(mem), 65536);
        assert!(wasm_memory_grow(mem, 1));
        assert!(!wasm_memory_grow(mem, 1));
        assert_eq!(*wasm_memory_data(mem).add(10), 42);
        let gt = wasm_globaltype_new(wasm_valtype_new(WASM_I64), 1);
        let init = wasm_val_t {
            kind: WASM_I64,
            of: wasm_val_union { i64: -5 },
        };
        let g = wasm_global_new(store, gt, &init);
        // The wrong kind of value makes no global.
        assert!(wasm_global_new(store, gt, &i32_val(1)).is_null());
        wasm_globaltype_delete(gt);
        let mut v = i32_val(0);
        wasm_global_get(g, &mut v);
        assert_eq!((v.kind, v.of.i64), (WASM_I64, -5));
        // Casts: a global is an extern and a ref, not a memory.
        let e = wasm_global_as_extern(g);
        assert_eq!(wasm_extern_kind(e), WASM_EXTERN_GLOBAL);
        assert!(wasm_extern_as_memory(e).is_null());
        assert!(wasm_ref_as_global(wasm_global_as_ref(g)) == g);
        // NULL handles: no crash, a trap where one is due.
        assert!(wasm_memory_data(ptr::null_mut()).is_null());
        let t = wasm_func_call(ptr::null(), ptr::null(), ptr::null_mut());
        assert!(!t.is_null());
        wasm_trap_delete(t);
        let mut no_fuel = 0;
        assert!(!spindle_store_get_fuel(store, &mut no_fuel));
        wasm_global_delete(g);
        wasm_memory_delete(mem);
        wasm_store_delete(store);
        wasm_engine_delete(engine);
    }
}

#[test]
fn proposals_switch_through_the_config() {
    let wide = wat::parse_str(
        r#"(module (func (param i64 i64) (result i64 i64) (i64.mul_wide_u (local.get 0) (local.get 1))))"#,
    )
    .unwrap();
    let bin = bytes(&wide);
    unsafe {
        for on in [false, true] {
            let config = wasm_config_new();
            crate::config::spindle_config_wasm_wide_arithmetic(config, on);
            let engine = wasm_engine_new_with_config(config);
            let store = wasm_store_new(engine);
            assert_eq!(wasm_module_validate(store, &bin), on);
            wasm_store_delete(store);
            wasm_engine_delete(engine);
        }
    }
    let mut bin = bin;
    unsafe { wasm_byte_vec_delete(&mut bin) };
}
