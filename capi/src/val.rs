//! `wasm_val_t`: values crossing the C boundary, and their conversion to
//! and from Spindle's [`Val`]. A reference value holds an own
//! `wasm_ref_t*` (NULL for the null reference); see the crate docs for how
//! `externref` values carry any reference object.

use crate::object::{Obj, wasm_ref_t};
use crate::store::{StoreCell, StoreData};
use crate::types::{WASM_EXTERNREF, WASM_F32, WASM_F64, WASM_FUNCREF, WASM_I32, WASM_I64, kind_of};
use crate::vec::{CVec, Elem, c_vec};
use crate::{opt, opt_mut};
use alloc::boxed::Box;
use alloc::format;
use alloc::rc::Rc;
use alloc::string::String;
use core::ptr;
use spindle::{ExternRef, Store, Val, ValType};

/// The payload of a `wasm_val_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub union wasm_val_union {
    /// `WASM_I32`.
    pub i32: i32,
    /// `WASM_I64`.
    pub i64: i64,
    /// `WASM_F32`.
    pub f32: f32,
    /// `WASM_F64`.
    pub f64: f64,
    /// `WASM_EXTERNREF`, `WASM_FUNCREF`: own, NULL for null.
    pub r: *mut wasm_ref_t,
}

/// `wasm_val_t`.
#[repr(C)]
pub struct wasm_val_t {
    /// The kind (`WASM_I32`, ...).
    pub kind: u8,
    /// The value.
    pub of: wasm_val_union,
}

/// `wasm_val_vec_t`.
pub type wasm_val_vec_t = CVec<wasm_val_t>;

fn is_ref(kind: u8) -> bool {
    kind == WASM_EXTERNREF || kind == WASM_FUNCREF
}

impl Elem for wasm_val_t {
    fn zero() -> wasm_val_t {
        zero_of(ValType::I32)
    }
    fn copy(&self) -> wasm_val_t {
        if is_ref(self.kind) {
            // SAFETY: a reference value holds a reference or NULL.
            let r = unsafe { self.of.r.as_ref() };
            wasm_val_t {
                kind: self.kind,
                of: wasm_val_union {
                    r: r.map_or(ptr::null_mut(), |r| {
                        crate::types::own(crate::vec::Dup::dup(r))
                    }),
                },
            }
        } else {
            wasm_val_t {
                kind: self.kind,
                of: self.of,
            }
        }
    }
    fn free(self) {
        free(self)
    }
}

/// Deletes the reference a value owns.
pub(crate) fn free(v: wasm_val_t) {
    if is_ref(v.kind) {
        // SAFETY: a reference value owns its reference (or holds NULL).
        let r = unsafe { v.of.r };
        if !r.is_null() {
            // SAFETY: as above: a box of this library.
            drop(unsafe { Box::from_raw(r) });
        }
    }
}

/// The zero (or null) value of a type.
pub(crate) fn zero_of(ty: ValType) -> wasm_val_t {
    let kind = kind_of(ty);
    wasm_val_t {
        kind,
        of: if is_ref(kind) {
            wasm_val_union { r: ptr::null_mut() }
        } else {
            wasm_val_union { i64: 0 }
        },
    }
}

c_vec!(
    wasm_val_t,
    wasm_val_vec_new_empty,
    wasm_val_vec_new_uninitialized,
    wasm_val_vec_new,
    wasm_val_vec_copy,
    wasm_val_vec_delete
);

/// Deletes the reference an own value holds.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_val_delete(v: *mut wasm_val_t) {
    // SAFETY: NULL or an own value.
    if let Some(v) = unsafe { opt_mut(v) } {
        let taken = core::mem::replace(v, zero_of(ValType::I32));
        crate::guard(|| (), || free(taken));
    }
}

/// Copies a value (a new handle for a reference).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_val_copy(out: *mut wasm_val_t, v: *const wasm_val_t) {
    // SAFETY: `out` writable, `v` NULL or live.
    if let (Some(out), Some(v)) = (unsafe { opt_mut(out) }, unsafe { opt(v) }) {
        *out = v.copy();
    }
}

/// The C value of `v` (a new own reference for a non-null reference).
pub(crate) fn from_val(cell: &Rc<StoreCell>, data: &StoreData, v: Val) -> wasm_val_t {
    match v {
        Val::I32(x) => wasm_val_t {
            kind: WASM_I32,
            of: wasm_val_union { i32: x },
        },
        Val::I64(x) => wasm_val_t {
            kind: WASM_I64,
            of: wasm_val_union { i64: x },
        },
        Val::F32(bits) => wasm_val_t {
            kind: WASM_F32,
            of: wasm_val_union {
                f32: f32::from_bits(bits),
            },
        },
        Val::F64(bits) => wasm_val_t {
            kind: WASM_F64,
            of: wasm_val_union {
                f64: f64::from_bits(bits),
            },
        },
        // Never reached through the API (see `SPINDLE_V128`): the low half.
        #[cfg(feature = "simd")]
        Val::V128(x) => wasm_val_t {
            kind: crate::types::SPINDLE_V128,
            of: wasm_val_union { i64: x as i64 },
        },
        Val::FuncRef(_) | Val::ExternRef(_) => wasm_val_t {
            kind: kind_of(v.ty()),
            of: wasm_val_union {
                r: val_to_ref(cell, data, v),
            },
        },
    }
}

/// An own reference for a reference value; NULL for null (and for a
/// number, which has none).
pub(crate) fn val_to_ref(cell: &Rc<StoreCell>, data: &StoreData, v: Val) -> *mut wasm_ref_t {
    let obj = match v {
        Val::FuncRef(Some(f)) => Obj::Func(f),
        Val::ExternRef(Some(ExternRef(i))) => match data.externs.get(i) {
            Some(obj) => obj.clone(),
            None => return ptr::null_mut(),
        },
        _ => return ptr::null_mut(),
    };
    wasm_ref_t::new_own(cell, obj)
}

/// The Spindle value of a reference (None: null) for a place of type `ty`.
pub(crate) fn ref_to_val(
    cell: &Rc<StoreCell>,
    store: &mut Store<StoreData>,
    r: Option<&wasm_ref_t>,
    ty: ValType,
) -> Result<Val, String> {
    if let Some(r) = r {
        if !Rc::ptr_eq(&r.store, cell) {
            return Err("a reference of another store".into());
        }
    }
    match ty {
        ValType::FuncRef => match r.map(|r| &r.obj) {
            None => Ok(Val::FuncRef(None)),
            Some(Obj::Func(f)) => Ok(Val::FuncRef(Some(*f))),
            Some(_) => Err("a funcref must refer to a function".into()),
        },
        ValType::ExternRef => match r {
            None => Ok(Val::ExternRef(None)),
            Some(r) => match store.data_mut().externs.intern(&r.obj) {
                Some(i) => Ok(Val::ExternRef(Some(ExternRef(i)))),
                None => Err("too many distinct externref objects".into()),
            },
        },
        _ => Err(format!("a reference where {ty} is expected")),
    }
}

/// The Spindle value of `v` for a place of type `ty`.
pub(crate) fn to_val(
    cell: &Rc<StoreCell>,
    store: &mut Store<StoreData>,
    v: &wasm_val_t,
    ty: ValType,
) -> Result<Val, String> {
    if v.kind != kind_of(ty) {
        let got = crate::types::type_of(v.kind)
            .map_or_else(|| format!("kind {}", v.kind), |t| format!("{t}"));
        return Err(format!("expected {ty}, got {got}"));
    }
    // SAFETY: the kind says which member is set (the embedder's promise).
    unsafe {
        Ok(match v.kind {
            WASM_I32 => Val::I32(v.of.i32),
            WASM_I64 => Val::I64(v.of.i64),
            WASM_F32 => Val::F32(v.of.f32.to_bits()),
            WASM_F64 => Val::F64(v.of.f64.to_bits()),
            _ => return ref_to_val(cell, store, opt(v.of.r), ty),
        })
    }
}
