//! `wasm_instance_t`: instantiation from an import vector, and exports in
//! the module's order.

use crate::module::module_of;
use crate::object::{
    Obj, live, trap_from_error, trap_from_message, wasm_extern_t, wasm_extern_vec_t,
    wasm_instance_t, wasm_ref_t, wasm_trap_t,
};
use crate::store::{StoreCell, cell_of, wasm_store_t};
use crate::vec::CVec;
use crate::{guard, opt, opt_mut};
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::ptr;
use spindle::{Instance, Module};

/// Instantiates `module` with `imports` (in the order of
/// `wasm_module_imports`), running its start function. On failure
/// (missing or mistyped imports, imports of another store, a trap in the
/// start function, a store limit) returns NULL and, if `trap` is not NULL,
/// sets `*trap` to an own trap that says why.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_instance_new(
    store: *mut wasm_store_t,
    module: *const crate::object::wasm_module_t,
    imports: *const wasm_extern_vec_t,
    trap: *mut *mut wasm_trap_t,
) -> *mut wasm_instance_t {
    // SAFETY: `trap` NULL or writable.
    let mut trap = unsafe { opt_mut(trap) };
    if let Some(t) = trap.as_deref_mut() {
        *t = ptr::null_mut();
    }
    // SAFETY: NULL or live.
    let Some(cell) = (unsafe { cell_of(store) }) else {
        if let Some(t) = trap {
            *t = crate::object::orphan_trap("wasm_instance_new: the store is NULL");
        }
        return ptr::null_mut();
    };
    let fail = |trap: Option<&mut *mut wasm_trap_t>, t: *mut wasm_trap_t| {
        match trap {
            Some(out) => *out = t,
            // SAFETY: `t` is an own trap nobody else has.
            None => unsafe { crate::object::wasm_trap_delete(t) },
        }
        ptr::null_mut()
    };
    let Some((_, m)) = module_of(module) else {
        return fail(
            trap,
            trap_from_message(cell, "wasm_instance_new: the module is NULL"),
        );
    };
    // SAFETY: NULL or a live vector.
    let imports = unsafe { opt(imports) }.map_or(&[][..], |v| v.as_slice());
    let mut externs = Vec::with_capacity(imports.len());
    for (i, &e) in imports.iter().enumerate() {
        // SAFETY: NULL or live.
        let Some(r) = (unsafe { live(e) }) else {
            return fail(
                trap,
                trap_from_message(cell, &alloc::format!("import {i} is NULL")),
            );
        };
        if !Rc::ptr_eq(&r.store, cell) {
            return fail(
                trap,
                trap_from_message(cell, &alloc::format!("import {i} belongs to another store")),
            );
        }
        match r.obj.to_extern() {
            Some(x) => externs.push(x),
            None => {
                return fail(
                    trap,
                    trap_from_message(cell, &alloc::format!("import {i} is not an extern")),
                );
            }
        }
    }
    guard(
        || ptr::null_mut(),
        || {
            let module = m.module.clone();
            let result = cell.with(|s| match Instance::new(&mut *s, &module, &externs) {
                Ok(inst) => {
                    s.data_mut().instances.push((inst, module.clone()));
                    Ok(inst)
                }
                Err(e) => Err(trap_from_error(cell, s, e)),
            });
            match result {
                Ok(inst) => wasm_instance_t::new_own(cell, Obj::Instance(inst)),
                Err(t) => fail(trap.take(), t),
            }
        },
    )
}

/// The module an instance was made from, if it was made through this API.
pub(crate) fn module_of_instance(cell: &StoreCell, inst: Instance) -> Option<Module> {
    cell.with(|s| {
        s.data()
            .instances
            .iter()
            .find(|(i, _)| *i == inst)
            .map(|(_, m)| m.clone())
    })
}

pub(crate) fn instance_of<'a>(p: *const wasm_instance_t) -> Option<(&'a Rc<StoreCell>, Instance)> {
    // SAFETY: NULL or live.
    match unsafe { live(p) } {
        Some(wasm_ref_t {
            store,
            obj: Obj::Instance(i),
        }) => Some((store, *i)),
        _ => None,
    }
}

/// The exports, in the module's order (own references); empty for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_instance_exports(
    inst: *const wasm_instance_t,
    out: *mut wasm_extern_vec_t,
) {
    // SAFETY: `out` NULL or writable.
    let Some(out) = (unsafe { opt_mut(out) }) else {
        return;
    };
    *out = CVec::EMPTY;
    let Some((cell, inst)) = instance_of(inst) else {
        return;
    };
    guard(
        || (),
        || {
            let names: Vec<alloc::string::String> = match module_of_instance(cell, inst) {
                Some(m) => m.exports().map(|e| e.name).collect(),
                // Made outside this API: by name.
                None => cell.with(|s| inst.exports(&*s).map(|(n, _)| n.into()).collect()),
            };
            let exts: Vec<*mut wasm_extern_t> = cell.with(|s| {
                names
                    .iter()
                    .filter_map(|n| inst.get_export(&*s, n))
                    .map(|e| wasm_extern_t::new_own(cell, Obj::from_extern(e)))
                    .collect()
            });
            *out = CVec::from_vec(exts);
        },
    );
}
