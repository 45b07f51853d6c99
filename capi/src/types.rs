//! The type objects: value, function, global, table, memory and extern
//! types, and the import and export types of a module.
//!
//! An extern type and the four specific types are one Rust type
//! ([`wasm_externtype_t`]), the specific ones being transparent wrappers,
//! so `wasm_functype_as_externtype` and its inverse are pointer casts (the
//! inverse checks the kind). Each type object keeps the C views that the
//! accessors return pointers into (parameter vectors, limits, the content
//! type) beside the Rust type that the runtime uses.

use crate::vec::{CVec, Dup, c_vec, name, wasm_byte_vec_t};
use crate::{opt, opt_mut};
use alloc::boxed::Box;
use alloc::vec::Vec;
use core::ptr;
use spindle::{ExternType, FuncType, GlobalType, MemoryType, Mutability, TableType, ValType};

/// Frees a boxed object made by this library (`wasm_X_delete`).
macro_rules! c_delete {
    ($t:ty, $delete:ident) => {
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $delete(p: *mut $t) {
            if !p.is_null() {
                // SAFETY: wasm.h: `own` pointers passed to `delete` were
                // returned by this library, as boxes.
                drop(unsafe { alloc::boxed::Box::from_raw(p) });
            }
        }
    };
}
pub(crate) use c_delete;

/// `wasm_X_copy` for an object with [`Dup`].
macro_rules! c_copy {
    ($t:ty, $copy:ident) => {
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $copy(p: *const $t) -> *mut $t {
            // SAFETY: `p` is NULL or a live object.
            match unsafe { $crate::opt(p) } {
                Some(t) => {
                    alloc::boxed::Box::into_raw(alloc::boxed::Box::new($crate::vec::Dup::dup(t)))
                }
                None => core::ptr::null_mut(),
            }
        }
    };
}
pub(crate) use c_copy;

/// A boxed object as an `own` pointer.
pub(crate) fn own<T>(t: T) -> *mut T {
    Box::into_raw(Box::new(t))
}

// ---------------------------------------------------------------------------
// Value types

/// wasm.h's value kinds.
pub const WASM_I32: u8 = 0;
/// `i64`.
pub const WASM_I64: u8 = 1;
/// `f32`.
pub const WASM_F32: u8 = 2;
/// `f64`.
pub const WASM_F64: u8 = 3;
/// `externref`.
pub const WASM_EXTERNREF: u8 = 128;
/// `funcref`.
pub const WASM_FUNCREF: u8 = 129;
/// Spindle's kind for `v128` (`SPINDLE_V128` in spindle.h): wasm.h has
/// none, and its value union cannot hold one, so such values never cross
/// the C API (a call of a function that takes or returns one is refused).
pub const SPINDLE_V128: u8 = 4;

/// The kind of a value type.
pub(crate) fn kind_of(ty: ValType) -> u8 {
    match ty {
        ValType::I32 => WASM_I32,
        ValType::I64 => WASM_I64,
        ValType::F32 => WASM_F32,
        ValType::F64 => WASM_F64,
        ValType::ExternRef => WASM_EXTERNREF,
        ValType::FuncRef => WASM_FUNCREF,
        t if t.is_v128() => SPINDLE_V128,
        // wasm.h has no typed references: a typed function reference is
        // a funcref to C, any other reference an externref.
        t if t.is_func_ref() => WASM_FUNCREF,
        _ => WASM_EXTERNREF,
    }
}

/// The value type of a kind, if it is one.
pub(crate) fn type_of(kind: u8) -> Option<ValType> {
    Some(match kind {
        WASM_I32 => ValType::I32,
        WASM_I64 => ValType::I64,
        WASM_F32 => ValType::F32,
        WASM_F64 => ValType::F64,
        WASM_EXTERNREF => ValType::ExternRef,
        WASM_FUNCREF => ValType::FuncRef,
        _ => return None,
    })
}

/// `wasm_valtype_t`.
#[derive(Clone)]
pub struct wasm_valtype_t {
    pub(crate) ty: ValType,
}

impl Dup for wasm_valtype_t {
    fn dup(&self) -> Self {
        self.clone()
    }
}

/// `wasm_valtype_vec_t`.
pub type wasm_valtype_vec_t = CVec<*mut wasm_valtype_t>;

c_delete!(wasm_valtype_t, wasm_valtype_delete);
c_copy!(wasm_valtype_t, wasm_valtype_copy);
c_vec!(
    *mut wasm_valtype_t,
    wasm_valtype_vec_new_empty,
    wasm_valtype_vec_new_uninitialized,
    wasm_valtype_vec_new,
    wasm_valtype_vec_copy,
    wasm_valtype_vec_delete
);

/// NULL for a kind that is not a value type.
#[unsafe(no_mangle)]
pub extern "C" fn wasm_valtype_new(kind: u8) -> *mut wasm_valtype_t {
    match type_of(kind) {
        Some(ty) => own(wasm_valtype_t { ty }),
        None => ptr::null_mut(),
    }
}

/// The kind; `WASM_I32` for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_valtype_kind(t: *const wasm_valtype_t) -> u8 {
    // SAFETY: `t` is NULL or live.
    unsafe { opt(t) }.map_or(WASM_I32, |t| kind_of(t.ty))
}

fn valtypes(types: &[ValType]) -> wasm_valtype_vec_t {
    CVec::from_vec(types.iter().map(|&ty| own(wasm_valtype_t { ty })).collect())
}

// ---------------------------------------------------------------------------
// Limits and the extern types

/// `wasm_limits_t`: `max` is `u32::MAX` for "no maximum".
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct wasm_limits_t {
    /// The minimum.
    pub min: u32,
    /// The maximum, `u32::MAX` for none.
    pub max: u32,
}

impl wasm_limits_t {
    /// `wasm.h`'s limits are 32-bit: a 64-bit memory's or table's larger
    /// limit reads as `u32::MAX` (for a maximum, the same as none).
    fn new(min: u64, max: Option<u64>) -> wasm_limits_t {
        let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        wasm_limits_t {
            min: clamp(min),
            max: max.map_or(u32::MAX, clamp),
        }
    }

    fn max(&self) -> Option<u32> {
        (self.max != u32::MAX).then_some(self.max)
    }
}

pub(crate) enum Which {
    Func {
        ty: FuncType,
        params: wasm_valtype_vec_t,
        results: wasm_valtype_vec_t,
    },
    Global {
        ty: GlobalType,
        content: wasm_valtype_t,
    },
    Table {
        ty: TableType,
        element: wasm_valtype_t,
        limits: wasm_limits_t,
    },
    Memory {
        ty: MemoryType,
        limits: wasm_limits_t,
    },
}

/// `wasm_externtype_t`, and through the wrappers below the four specific
/// types.
pub struct wasm_externtype_t {
    pub(crate) which: Which,
}

impl Drop for wasm_externtype_t {
    fn drop(&mut self) {
        if let Which::Func {
            params, results, ..
        } = &mut self.which
        {
            // SAFETY: both vectors were made by `valtypes`.
            unsafe {
                params.free();
                results.free();
            }
        }
    }
}

impl wasm_externtype_t {
    /// The C view of a Rust extern type.
    pub(crate) fn new(ty: &ExternType) -> wasm_externtype_t {
        let which = match ty {
            ExternType::Func(f) => Which::Func {
                ty: f.clone(),
                params: valtypes(f.params()),
                results: valtypes(f.results()),
            },
            ExternType::Global(g) => Which::Global {
                ty: *g,
                content: wasm_valtype_t { ty: g.content },
            },
            ExternType::Table(t) => Which::Table {
                ty: *t,
                element: wasm_valtype_t { ty: t.element },
                limits: wasm_limits_t::new(t.min, t.max),
            },
            ExternType::Memory(m) => Which::Memory {
                ty: *m,
                limits: wasm_limits_t::new(m.min, m.max),
            },
        };
        wasm_externtype_t { which }
    }

    /// The Rust extern type.
    pub(crate) fn to_rust(&self) -> ExternType {
        match &self.which {
            Which::Func { ty, .. } => ExternType::Func(ty.clone()),
            Which::Global { ty, .. } => ExternType::Global(*ty),
            Which::Table { ty, .. } => ExternType::Table(*ty),
            Which::Memory { ty, .. } => ExternType::Memory(*ty),
        }
    }

    pub(crate) fn kind(&self) -> u8 {
        match self.which {
            Which::Func { .. } => WASM_EXTERN_FUNC,
            Which::Global { .. } => WASM_EXTERN_GLOBAL,
            Which::Table { .. } => WASM_EXTERN_TABLE,
            Which::Memory { .. } => WASM_EXTERN_MEMORY,
        }
    }
}

impl Dup for wasm_externtype_t {
    fn dup(&self) -> Self {
        wasm_externtype_t::new(&self.to_rust())
    }
}

/// `wasm_externkind_t` values.
pub const WASM_EXTERN_FUNC: u8 = 0;
/// A global.
pub const WASM_EXTERN_GLOBAL: u8 = 1;
/// A table.
pub const WASM_EXTERN_TABLE: u8 = 2;
/// A memory.
pub const WASM_EXTERN_MEMORY: u8 = 3;

/// `wasm_externtype_vec_t`.
pub type wasm_externtype_vec_t = CVec<*mut wasm_externtype_t>;

c_delete!(wasm_externtype_t, wasm_externtype_delete);
c_copy!(wasm_externtype_t, wasm_externtype_copy);
c_vec!(
    *mut wasm_externtype_t,
    wasm_externtype_vec_new_empty,
    wasm_externtype_vec_new_uninitialized,
    wasm_externtype_vec_new,
    wasm_externtype_vec_copy,
    wasm_externtype_vec_delete
);

/// The kind; `WASM_EXTERN_FUNC` for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_externtype_kind(t: *const wasm_externtype_t) -> u8 {
    // SAFETY: `t` is NULL or live.
    unsafe { opt(t) }.map_or(WASM_EXTERN_FUNC, |t| t.kind())
}

/// One specific type: a transparent wrapper of [`wasm_externtype_t`] whose
/// kind is always `$kind`, with its delete, copy, vector and cast functions.
macro_rules! specific_type {
    ($name:ident, $kind:ident, $vec:ident, [$delete:ident, $copy:ident, $ve:ident, $vu:ident, $vn:ident, $vc:ident, $vd:ident],
     [$as_ext:ident, $as_ext_const:ident, $ext_as:ident, $ext_as_const:ident]) => {
        /// A specific extern type (see the module docs).
        #[repr(transparent)]
        pub struct $name {
            pub(crate) ext: wasm_externtype_t,
        }

        impl Dup for $name {
            fn dup(&self) -> Self {
                $name {
                    ext: self.ext.dup(),
                }
            }
        }

        impl $name {
            pub(crate) fn wrap(ext: wasm_externtype_t) -> $name {
                debug_assert_eq!(ext.kind(), $kind);
                $name { ext }
            }
        }

        /// The vector type.
        pub type $vec = CVec<*mut $name>;

        c_delete!($name, $delete);
        c_copy!($name, $copy);
        c_vec!(*mut $name, $ve, $vu, $vn, $vc, $vd);

        #[unsafe(no_mangle)]
        pub extern "C" fn $as_ext(t: *mut $name) -> *mut wasm_externtype_t {
            // repr(transparent): the same address.
            t.cast()
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $as_ext_const(t: *const $name) -> *const wasm_externtype_t {
            t.cast()
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $ext_as(t: *mut wasm_externtype_t) -> *mut $name {
            // SAFETY: `t` is NULL or live.
            match unsafe { opt(t) } {
                Some(e) if e.kind() == $kind => t.cast(),
                _ => ptr::null_mut(),
            }
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $ext_as_const(t: *const wasm_externtype_t) -> *const $name {
            // SAFETY: `t` is NULL or live.
            match unsafe { opt(t) } {
                Some(e) if e.kind() == $kind => t.cast(),
                _ => ptr::null(),
            }
        }
    };
}

specific_type!(
    wasm_functype_t,
    WASM_EXTERN_FUNC,
    wasm_functype_vec_t,
    [
        wasm_functype_delete,
        wasm_functype_copy,
        wasm_functype_vec_new_empty,
        wasm_functype_vec_new_uninitialized,
        wasm_functype_vec_new,
        wasm_functype_vec_copy,
        wasm_functype_vec_delete
    ],
    [
        wasm_functype_as_externtype,
        wasm_functype_as_externtype_const,
        wasm_externtype_as_functype,
        wasm_externtype_as_functype_const
    ]
);
specific_type!(
    wasm_globaltype_t,
    WASM_EXTERN_GLOBAL,
    wasm_globaltype_vec_t,
    [
        wasm_globaltype_delete,
        wasm_globaltype_copy,
        wasm_globaltype_vec_new_empty,
        wasm_globaltype_vec_new_uninitialized,
        wasm_globaltype_vec_new,
        wasm_globaltype_vec_copy,
        wasm_globaltype_vec_delete
    ],
    [
        wasm_globaltype_as_externtype,
        wasm_globaltype_as_externtype_const,
        wasm_externtype_as_globaltype,
        wasm_externtype_as_globaltype_const
    ]
);
specific_type!(
    wasm_tabletype_t,
    WASM_EXTERN_TABLE,
    wasm_tabletype_vec_t,
    [
        wasm_tabletype_delete,
        wasm_tabletype_copy,
        wasm_tabletype_vec_new_empty,
        wasm_tabletype_vec_new_uninitialized,
        wasm_tabletype_vec_new,
        wasm_tabletype_vec_copy,
        wasm_tabletype_vec_delete
    ],
    [
        wasm_tabletype_as_externtype,
        wasm_tabletype_as_externtype_const,
        wasm_externtype_as_tabletype,
        wasm_externtype_as_tabletype_const
    ]
);
specific_type!(
    wasm_memorytype_t,
    WASM_EXTERN_MEMORY,
    wasm_memorytype_vec_t,
    [
        wasm_memorytype_delete,
        wasm_memorytype_copy,
        wasm_memorytype_vec_new_empty,
        wasm_memorytype_vec_new_uninitialized,
        wasm_memorytype_vec_new,
        wasm_memorytype_vec_copy,
        wasm_memorytype_vec_delete
    ],
    [
        wasm_memorytype_as_externtype,
        wasm_memorytype_as_externtype_const,
        wasm_externtype_as_memorytype,
        wasm_externtype_as_memorytype_const
    ]
);

impl wasm_functype_t {
    pub(crate) fn ty(&self) -> &FuncType {
        match &self.ext.which {
            Which::Func { ty, .. } => ty,
            _ => unreachable!("a wasm_functype_t is always a function type"),
        }
    }
}

/// Takes the value types out of an own vector; `None` (after freeing them
/// all) if one is NULL.
unsafe fn take_valtypes(v: *mut wasm_valtype_vec_t) -> Option<Vec<ValType>> {
    // SAFETY: `v` is NULL or an own vector of this library.
    let elems = match unsafe { opt_mut(v) } {
        Some(v) => unsafe { v.take() },
        None => Vec::new(),
    };
    let mut types = Vec::with_capacity(elems.len());
    let mut ok = true;
    for p in elems {
        if p.is_null() {
            ok = false;
        } else {
            // SAFETY: non-NULL elements are boxes of this library.
            types.push(unsafe { Box::from_raw(p) }.ty);
        }
    }
    ok.then_some(types)
}

/// Takes both vectors (wasm.h: `own`); NULL if an element is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_functype_new(
    params: *mut wasm_valtype_vec_t,
    results: *mut wasm_valtype_vec_t,
) -> *mut wasm_functype_t {
    // SAFETY: own vectors, or NULL (taken as empty).
    let (p, r) = unsafe { (take_valtypes(params), take_valtypes(results)) };
    match (p, r) {
        (Some(p), Some(r)) => own(wasm_functype_t::wrap(wasm_externtype_t::new(
            &ExternType::Func(FuncType::new(p, r)),
        ))),
        _ => ptr::null_mut(),
    }
}

static EMPTY_VALTYPES: EmptyVec = EmptyVec(CVec::EMPTY);
struct EmptyVec(wasm_valtype_vec_t);
// SAFETY: the empty vector holds no pointer; it is never written.
unsafe impl Sync for EmptyVec {}

/// The parameter types (borrowed from the function type); an empty vector
/// for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_functype_params(
    t: *const wasm_functype_t,
) -> *const wasm_valtype_vec_t {
    // SAFETY: `t` is NULL or live.
    match unsafe { opt(t) }.map(|t| &t.ext.which) {
        Some(Which::Func { params, .. }) => params,
        _ => &EMPTY_VALTYPES.0,
    }
}

/// The result types; an empty vector for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_functype_results(
    t: *const wasm_functype_t,
) -> *const wasm_valtype_vec_t {
    // SAFETY: `t` is NULL or live.
    match unsafe { opt(t) }.map(|t| &t.ext.which) {
        Some(Which::Func { results, .. }) => results,
        _ => &EMPTY_VALTYPES.0,
    }
}

/// Takes the content type; NULL for a NULL type or an unknown mutability.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_globaltype_new(
    content: *mut wasm_valtype_t,
    mutability: u8,
) -> *mut wasm_globaltype_t {
    if content.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: an own box of this library.
    let content = unsafe { Box::from_raw(content) }.ty;
    let mutability = match mutability {
        0 => Mutability::Const,
        1 => Mutability::Var,
        _ => return ptr::null_mut(),
    };
    own(wasm_globaltype_t::wrap(wasm_externtype_t::new(
        &ExternType::Global(GlobalType {
            content,
            mutability,
        }),
    )))
}

/// The content type; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_globaltype_content(
    t: *const wasm_globaltype_t,
) -> *const wasm_valtype_t {
    // SAFETY: `t` is NULL or live.
    match unsafe { opt(t) }.map(|t| &t.ext.which) {
        Some(Which::Global { content, .. }) => content,
        _ => ptr::null(),
    }
}

/// `WASM_CONST` (0) or `WASM_VAR` (1); `WASM_CONST` for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_globaltype_mutability(t: *const wasm_globaltype_t) -> u8 {
    // SAFETY: `t` is NULL or live.
    match unsafe { opt(t) }.map(|t| &t.ext.which) {
        Some(Which::Global { ty, .. }) => (ty.mutability == Mutability::Var) as u8,
        _ => 0,
    }
}

/// Takes the element type; NULL unless it is a reference type and the
/// limits are given with `min <= max`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_tabletype_new(
    element: *mut wasm_valtype_t,
    limits: *const wasm_limits_t,
) -> *mut wasm_tabletype_t {
    if element.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: an own box of this library.
    let element = unsafe { Box::from_raw(element) }.ty;
    // SAFETY: `limits` is NULL or readable.
    let Some(limits) = (unsafe { opt(limits) }) else {
        return ptr::null_mut();
    };
    if !element.is_ref() || limits.max().is_some_and(|max| max < limits.min) {
        return ptr::null_mut();
    }
    own(wasm_tabletype_t::wrap(wasm_externtype_t::new(
        &ExternType::Table(TableType::new(element, limits.min, limits.max())),
    )))
}

/// The element type; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_tabletype_element(
    t: *const wasm_tabletype_t,
) -> *const wasm_valtype_t {
    // SAFETY: `t` is NULL or live.
    match unsafe { opt(t) }.map(|t| &t.ext.which) {
        Some(Which::Table { element, .. }) => element,
        _ => ptr::null(),
    }
}

/// The limits; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_tabletype_limits(t: *const wasm_tabletype_t) -> *const wasm_limits_t {
    // SAFETY: `t` is NULL or live.
    match unsafe { opt(t) }.map(|t| &t.ext.which) {
        Some(Which::Table { limits, .. }) => limits,
        _ => ptr::null(),
    }
}

/// NULL unless the limits are given with `min <= max <= 65536` pages.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memorytype_new(
    limits: *const wasm_limits_t,
) -> *mut wasm_memorytype_t {
    // SAFETY: `limits` is NULL or readable.
    let Some(limits) = (unsafe { opt(limits) }) else {
        return ptr::null_mut();
    };
    let pages = 65536;
    if limits.min > pages
        || limits
            .max()
            .is_some_and(|max| max < limits.min || max > pages)
    {
        return ptr::null_mut();
    }
    own(wasm_memorytype_t::wrap(wasm_externtype_t::new(
        &ExternType::Memory(MemoryType::new(limits.min, limits.max())),
    )))
}

/// The limits; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memorytype_limits(
    t: *const wasm_memorytype_t,
) -> *const wasm_limits_t {
    // SAFETY: `t` is NULL or live.
    match unsafe { opt(t) }.map(|t| &t.ext.which) {
        Some(Which::Memory { limits, .. }) => limits,
        _ => ptr::null(),
    }
}

// ---------------------------------------------------------------------------
// Import and export types

/// `wasm_importtype_t`.
pub struct wasm_importtype_t {
    pub(crate) module: wasm_byte_vec_t,
    pub(crate) name: wasm_byte_vec_t,
    pub(crate) ty: Box<wasm_externtype_t>,
}

/// `wasm_exporttype_t`.
pub struct wasm_exporttype_t {
    pub(crate) name: wasm_byte_vec_t,
    pub(crate) ty: Box<wasm_externtype_t>,
}

impl Drop for wasm_importtype_t {
    fn drop(&mut self) {
        // SAFETY: both names are vectors of this library (`take_name`).
        unsafe {
            self.module.free();
            self.name.free();
        }
    }
}

impl Drop for wasm_exporttype_t {
    fn drop(&mut self) {
        // SAFETY: as above.
        unsafe { self.name.free() };
    }
}

impl Dup for wasm_importtype_t {
    fn dup(&self) -> Self {
        wasm_importtype_t {
            module: self.module.deep_copy(),
            name: self.name.deep_copy(),
            ty: Box::new(self.ty.dup()),
        }
    }
}

impl Dup for wasm_exporttype_t {
    fn dup(&self) -> Self {
        wasm_exporttype_t {
            name: self.name.deep_copy(),
            ty: Box::new(self.ty.dup()),
        }
    }
}

impl wasm_importtype_t {
    pub(crate) fn new(i: &spindle::ImportType) -> wasm_importtype_t {
        wasm_importtype_t {
            module: name(&i.module),
            name: name(&i.name),
            ty: Box::new(wasm_externtype_t::new(&i.ty)),
        }
    }
}

impl wasm_exporttype_t {
    pub(crate) fn new(e: &spindle::ExportType) -> wasm_exporttype_t {
        wasm_exporttype_t {
            name: name(&e.name),
            ty: Box::new(wasm_externtype_t::new(&e.ty)),
        }
    }
}

/// `wasm_importtype_vec_t`.
pub type wasm_importtype_vec_t = CVec<*mut wasm_importtype_t>;
/// `wasm_exporttype_vec_t`.
pub type wasm_exporttype_vec_t = CVec<*mut wasm_exporttype_t>;

c_delete!(wasm_importtype_t, wasm_importtype_delete);
c_copy!(wasm_importtype_t, wasm_importtype_copy);
c_vec!(
    *mut wasm_importtype_t,
    wasm_importtype_vec_new_empty,
    wasm_importtype_vec_new_uninitialized,
    wasm_importtype_vec_new,
    wasm_importtype_vec_copy,
    wasm_importtype_vec_delete
);
c_delete!(wasm_exporttype_t, wasm_exporttype_delete);
c_copy!(wasm_exporttype_t, wasm_exporttype_copy);
c_vec!(
    *mut wasm_exporttype_t,
    wasm_exporttype_vec_new_empty,
    wasm_exporttype_vec_new_uninitialized,
    wasm_exporttype_vec_new,
    wasm_exporttype_vec_copy,
    wasm_exporttype_vec_delete
);

/// Takes an own name vector's bytes (an empty name for NULL).
unsafe fn take_name(v: *mut wasm_byte_vec_t) -> wasm_byte_vec_t {
    // SAFETY: `v` is NULL or an own vector; its storage moves to the
    // result and the caller's vector is left empty.
    match unsafe { opt_mut(v) } {
        Some(v) => core::mem::replace(v, CVec::EMPTY),
        None => CVec::EMPTY,
    }
}

/// Takes the names and the type; NULL for a NULL type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_importtype_new(
    module: *mut wasm_byte_vec_t,
    name: *mut wasm_byte_vec_t,
    ty: *mut wasm_externtype_t,
) -> *mut wasm_importtype_t {
    // SAFETY: own arguments (wasm.h).
    let (mut module, mut name) = unsafe { (take_name(module), take_name(name)) };
    if ty.is_null() {
        // SAFETY: both were taken from own vectors of this library.
        unsafe {
            module.free();
            name.free();
        }
        return ptr::null_mut();
    }
    own(wasm_importtype_t {
        module,
        name,
        // SAFETY: an own box of this library.
        ty: unsafe { Box::from_raw(ty) },
    })
}

/// Borrowed; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_importtype_module(
    t: *const wasm_importtype_t,
) -> *const wasm_byte_vec_t {
    // SAFETY: `t` is NULL or live.
    unsafe { opt(t) }.map_or(ptr::null(), |t| &t.module)
}

/// Borrowed; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_importtype_name(
    t: *const wasm_importtype_t,
) -> *const wasm_byte_vec_t {
    // SAFETY: `t` is NULL or live.
    unsafe { opt(t) }.map_or(ptr::null(), |t| &t.name)
}

/// Borrowed; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_importtype_type(
    t: *const wasm_importtype_t,
) -> *const wasm_externtype_t {
    // SAFETY: `t` is NULL or live.
    unsafe { opt(t) }.map_or(ptr::null(), |t| &*t.ty)
}

/// Takes the name and the type; NULL for a NULL type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_exporttype_new(
    name: *mut wasm_byte_vec_t,
    ty: *mut wasm_externtype_t,
) -> *mut wasm_exporttype_t {
    // SAFETY: own arguments (wasm.h).
    let mut name = unsafe { take_name(name) };
    if ty.is_null() {
        // SAFETY: taken from an own vector of this library.
        unsafe { name.free() };
        return ptr::null_mut();
    }
    own(wasm_exporttype_t {
        name,
        // SAFETY: an own box of this library.
        ty: unsafe { Box::from_raw(ty) },
    })
}

/// Borrowed; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_exporttype_name(
    t: *const wasm_exporttype_t,
) -> *const wasm_byte_vec_t {
    // SAFETY: `t` is NULL or live.
    unsafe { opt(t) }.map_or(ptr::null(), |t| &t.name)
}

/// Borrowed; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_exporttype_type(
    t: *const wasm_exporttype_t,
) -> *const wasm_externtype_t {
    // SAFETY: `t` is NULL or live.
    unsafe { opt(t) }.map_or(ptr::null(), |t| &*t.ty)
}
