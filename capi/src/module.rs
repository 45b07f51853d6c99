//! `wasm_module_t`: validated modules, their import and export types,
//! serialization, and sharing between threads.
//!
//! Serialization writes the module's binary behind a short header;
//! deserializing validates it again, so bytes from anywhere are safe to
//! load (Spindle keeps no compiled code worth caching: each function is
//! translated on its first call).

use crate::object::{
    ModuleData, Obj, live, trap_from_message, wasm_module_t, wasm_ref_t, wasm_trap_t,
};
use crate::store::{StoreCell, cell_of, wasm_store_t};
use crate::types::{
    own, wasm_exporttype_t, wasm_exporttype_vec_t, wasm_importtype_t, wasm_importtype_vec_t,
};
use crate::vec::{CVec, wasm_byte_vec_t};
use crate::{guard, opt, opt_mut};
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::sync::Arc;
use core::cell::RefCell;
use core::ptr;
use spindle::Module;

/// The header of a serialized module.
const MAGIC: &[u8] = b"spindle-module/1\0";

/// The module and its data, or the error that refused it.
fn build(cell: &Rc<StoreCell>, bytes: &[u8]) -> Result<*mut wasm_module_t, spindle::Error> {
    let engine = cell.with(|s| s.engine().clone());
    let module = Module::new(&engine, bytes)?;
    Ok(wasm_module_t::new_own(
        cell,
        Obj::Module(Rc::new(ModuleData {
            module,
            bytes: Rc::from(bytes),
            host_info: RefCell::new(None),
        })),
    ))
}

fn bytes_of<'a>(v: *const wasm_byte_vec_t) -> &'a [u8] {
    // SAFETY: NULL or a live vector.
    unsafe { opt(v) }.map_or(&[], |v| v.as_slice())
}

/// A validated module; NULL if the binary is invalid or uses what Spindle
/// does not support (`spindle_module_new` says why).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_new(
    store: *mut wasm_store_t,
    binary: *const wasm_byte_vec_t,
) -> *mut wasm_module_t {
    // SAFETY: NULL or live.
    let Some(cell) = (unsafe { cell_of(store) }) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || build(cell, bytes_of(binary)).unwrap_or(ptr::null_mut()),
    )
}

/// `spindle_module_new` (spindle.h): `wasm_module_new` with the reason for
/// a refusal.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn spindle_module_new(
    store: *mut wasm_store_t,
    binary: *const wasm_byte_vec_t,
    out: *mut *mut wasm_module_t,
) -> *mut wasm_trap_t {
    // SAFETY: `out` NULL or writable.
    let mut out = unsafe { opt_mut(out) };
    if let Some(out) = out.as_deref_mut() {
        *out = ptr::null_mut();
    }
    // SAFETY: NULL or live.
    let Some(cell) = (unsafe { cell_of(store) }) else {
        return crate::object::orphan_trap("spindle_module_new: the store is NULL");
    };
    let Some(out) = out else {
        return trap_from_message(cell, "spindle_module_new: `out` is NULL");
    };
    *out = ptr::null_mut();
    guard(
        || trap_from_message(cell, "internal error in Spindle's C API"),
        || match build(cell, bytes_of(binary)) {
            Ok(m) => {
                *out = m;
                ptr::null_mut()
            }
            Err(e) => trap_from_message(cell, &alloc::format!("{e}")),
        },
    )
}

/// Whether the binary is a valid module Spindle can run.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_validate(
    store: *mut wasm_store_t,
    binary: *const wasm_byte_vec_t,
) -> bool {
    // SAFETY: NULL or live.
    let Some(cell) = (unsafe { cell_of(store) }) else {
        return false;
    };
    guard(
        || false,
        || {
            let engine = cell.with(|s| s.engine().clone());
            Module::validate(&engine, bytes_of(binary)).is_ok()
        },
    )
}

pub(crate) fn module_of<'a>(
    p: *const wasm_module_t,
) -> Option<(&'a Rc<StoreCell>, &'a Rc<ModuleData>)> {
    // SAFETY: NULL or live.
    match unsafe { live(p) } {
        Some(wasm_ref_t {
            store,
            obj: Obj::Module(m),
        }) => Some((store, m)),
        _ => None,
    }
}

/// The imports, in the module's order; empty for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_imports(
    m: *const wasm_module_t,
    out: *mut wasm_importtype_vec_t,
) {
    // SAFETY: `out` NULL or writable.
    let Some(out) = (unsafe { opt_mut(out) }) else {
        return;
    };
    *out = CVec::EMPTY;
    let Some((_, m)) = module_of(m) else { return };
    guard(
        || (),
        || {
            *out = CVec::from_vec(
                m.module
                    .imports()
                    .map(|i| own(wasm_importtype_t::new(&i)))
                    .collect(),
            );
        },
    );
}

/// The exports, in the module's order; empty for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_exports(
    m: *const wasm_module_t,
    out: *mut wasm_exporttype_vec_t,
) {
    // SAFETY: `out` NULL or writable.
    let Some(out) = (unsafe { opt_mut(out) }) else {
        return;
    };
    *out = CVec::EMPTY;
    let Some((_, m)) = module_of(m) else { return };
    guard(
        || (),
        || {
            *out = CVec::from_vec(
                m.module
                    .exports()
                    .map(|e| own(wasm_exporttype_t::new(&e)))
                    .collect(),
            );
        },
    );
}

/// The module as bytes for `wasm_module_deserialize` (see the module docs);
/// empty for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_serialize(m: *const wasm_module_t, out: *mut wasm_byte_vec_t) {
    // SAFETY: `out` NULL or writable.
    let Some(out) = (unsafe { opt_mut(out) }) else {
        return;
    };
    *out = CVec::EMPTY;
    let Some((_, m)) = module_of(m) else { return };
    guard(
        || (),
        || {
            let mut v = MAGIC.to_vec();
            v.extend_from_slice(&m.bytes);
            *out = CVec::from_vec(v);
        },
    );
}

/// A module from `wasm_module_serialize`'s bytes, validated again; NULL
/// if they are not such bytes or not valid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_deserialize(
    store: *mut wasm_store_t,
    bytes: *const wasm_byte_vec_t,
) -> *mut wasm_module_t {
    // SAFETY: NULL or live.
    let Some(cell) = (unsafe { cell_of(store) }) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || match bytes_of(bytes).strip_prefix(MAGIC) {
            Some(binary) => build(cell, binary).unwrap_or(ptr::null_mut()),
            None => ptr::null_mut(),
        },
    )
}

/// `wasm_shared_module_t`: a module that can move to another thread.
pub struct wasm_shared_module_t {
    module: Module,
    bytes: Arc<[u8]>,
}

crate::types::c_delete!(wasm_shared_module_t, wasm_shared_module_delete);

/// A shareable copy of the module; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_share(m: *const wasm_module_t) -> *mut wasm_shared_module_t {
    let Some((_, m)) = module_of(m) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            own(wasm_shared_module_t {
                module: m.module.clone(),
                bytes: Arc::from(&*m.bytes),
            })
        },
    )
}

/// The shared module as a module of `store` (built again if the store's
/// engine is configured differently); NULL for NULL arguments.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_module_obtain(
    store: *mut wasm_store_t,
    shared: *const wasm_shared_module_t,
) -> *mut wasm_module_t {
    // SAFETY: NULL or live.
    let (Some(cell), Some(shared)) = (unsafe { cell_of(store) }, unsafe { opt(shared) }) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            let engine = cell.with(|s| s.engine().clone());
            if engine.config() != shared.module.engine().config() {
                return build(cell, &shared.bytes).unwrap_or(ptr::null_mut());
            }
            wasm_module_t::new_own(
                cell,
                Obj::Module(Rc::new(ModuleData {
                    module: shared.module.clone(),
                    bytes: Rc::from(&*shared.bytes),
                    host_info: RefCell::new(None),
                })),
            )
        },
    )
}

#[allow(dead_code)]
fn _assert_send() {
    fn send<T: Send>() {}
    send::<wasm_shared_module_t>();
    let _ = Box::<u8>::new;
}
