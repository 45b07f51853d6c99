//! The reference objects: one Rust type, [`wasm_ref_t`], behind all of
//! `wasm_ref_t`, `wasm_extern_t`, `wasm_func_t`, `wasm_global_t`,
//! `wasm_table_t`, `wasm_memory_t`, `wasm_instance_t`, `wasm_module_t`,
//! `wasm_trap_t` and `wasm_foreign_t` (see the crate docs), and the
//! functions on functions, globals, tables, memories, externs and foreign
//! objects.

use crate::store::{HostInfo, StoreCell, StoreData};
use crate::types::{
    WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_MEMORY, WASM_EXTERN_TABLE, own,
    wasm_externtype_t, wasm_functype_t, wasm_globaltype_t, wasm_memorytype_t, wasm_tabletype_t,
};
use crate::val::{self, wasm_val_t, wasm_val_vec_t};
use crate::vec::{CVec, Dup};
use crate::{guard, opt};
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::ffi::c_void;
use core::ptr;
use spindle::{Extern, ExternType, Func, Global, Instance, Memory, Store, Table, Val};

/// A module object's data: shared by its copies.
pub struct ModuleData {
    pub(crate) module: spindle::Module,
    /// The binary, for `wasm_module_serialize` and `share`.
    pub(crate) bytes: Rc<[u8]>,
    pub(crate) host_info: RefCell<Option<HostInfo>>,
}

/// A trap's data: shared by its copies.
pub struct TrapData {
    /// NUL-terminated (wasm.h's `wasm_message_t`).
    pub(crate) message: Vec<u8>,
    /// The error it reports, if it came from Spindle.
    pub(crate) error: Option<spindle::Error>,
    /// The trapping frame, then its callers.
    pub(crate) frames: Vec<FrameData>,
    pub(crate) host_info: RefCell<Option<HostInfo>>,
}

/// One wasm frame of a trap.
#[derive(Clone)]
pub struct FrameData {
    pub(crate) instance: Option<Instance>,
    pub(crate) func_index: u32,
    pub(crate) func_offset: usize,
    pub(crate) module_offset: usize,
}

/// What a reference refers to.
#[derive(Clone)]
pub enum Obj {
    /// A function.
    Func(Func),
    /// A global.
    Global(Global),
    /// A table.
    Table(Table),
    /// A memory.
    Memory(Memory),
    /// An instance.
    Instance(Instance),
    /// A module.
    Module(Rc<ModuleData>),
    /// A trap.
    Trap(Rc<TrapData>),
    /// A foreign object: a number the store hands out.
    Foreign(u32),
}

/// An object's identity within its store.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// See [`Obj`].
    Func(Func),
    /// See [`Obj`].
    Global(Global),
    /// See [`Obj`].
    Table(Table),
    /// See [`Obj`].
    Memory(Memory),
    /// See [`Obj`].
    Instance(Instance),
    /// The data's address (live while a reference is).
    Module(usize),
    /// The data's address.
    Trap(usize),
    /// See [`Obj`].
    Foreign(u32),
}

impl Obj {
    pub(crate) fn key(&self) -> Key {
        match self {
            Obj::Func(f) => Key::Func(*f),
            Obj::Global(g) => Key::Global(*g),
            Obj::Table(t) => Key::Table(*t),
            Obj::Memory(m) => Key::Memory(*m),
            Obj::Instance(i) => Key::Instance(*i),
            Obj::Module(m) => Key::Module(Rc::as_ptr(m) as usize),
            Obj::Trap(t) => Key::Trap(Rc::as_ptr(t) as usize),
            Obj::Foreign(n) => Key::Foreign(*n),
        }
    }

    /// The extern it is, if it is one.
    pub(crate) fn to_extern(&self) -> Option<Extern> {
        Some(match *self {
            Obj::Func(f) => Extern::Func(f),
            Obj::Global(g) => Extern::Global(g),
            Obj::Table(t) => Extern::Table(t),
            Obj::Memory(m) => Extern::Memory(m),
            _ => return None,
        })
    }

    pub(crate) fn from_extern(e: Extern) -> Obj {
        match e {
            Extern::Func(f) => Obj::Func(f),
            Extern::Global(g) => Obj::Global(g),
            Extern::Table(t) => Obj::Table(t),
            Extern::Memory(m) => Obj::Memory(m),
        }
    }
}

/// `wasm_ref_t`, and every reference type as a wrapper of it.
pub struct wasm_ref_t {
    pub(crate) store: Rc<StoreCell>,
    pub(crate) obj: Obj,
}

impl Dup for wasm_ref_t {
    fn dup(&self) -> Self {
        wasm_ref_t {
            store: self.store.clone(),
            obj: self.obj.clone(),
        }
    }
}

impl wasm_ref_t {
    /// A new own reference.
    pub(crate) fn new_own(store: &Rc<StoreCell>, obj: Obj) -> *mut wasm_ref_t {
        own(wasm_ref_t {
            store: store.clone(),
            obj,
        })
    }

    fn same(&self, other: &wasm_ref_t) -> bool {
        Rc::ptr_eq(&self.store, &other.store) && self.obj.key() == other.obj.key()
    }

    /// Where this object's host info lives: in the object's shared data for
    /// modules and traps, in the store for the rest.
    fn with_host_info<R>(&self, f: impl FnOnce(&mut Option<HostInfo>) -> R) -> R {
        match &self.obj {
            Obj::Module(m) => f(&mut m.host_info.borrow_mut()),
            Obj::Trap(t) => f(&mut t.host_info.borrow_mut()),
            obj => {
                let key = obj.key();
                self.store.with(|s| {
                    let infos = &mut s.data_mut().host_info;
                    let at = infos.iter().position(|(k, _)| *k == key);
                    let mut slot = at.map(|i| infos.swap_remove(i).1);
                    let r = f(&mut slot);
                    if let Some(info) = slot {
                        infos.push((key, info));
                    }
                    r
                })
            }
        }
    }

    fn host_info(&self) -> *mut c_void {
        self.with_host_info(|h| h.as_ref().map_or(ptr::null_mut(), |h| h.info))
    }

    /// Replaces the host info; the old info's finalizer runs now.
    fn set_host_info(
        &self,
        info: *mut c_void,
        finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
    ) {
        let old = self.with_host_info(|h| {
            core::mem::replace(
                h,
                (!info.is_null() || finalizer.is_some()).then_some(HostInfo { info, finalizer }),
            )
        });
        drop(old);
    }
}

/// The functions wasm.h declares for every reference type, and the casts
/// to and from `wasm_ref_t` (the `$is` pattern says which objects are of
/// this type).
macro_rules! ref_type {
    ($name:ident, $is:pat, [$delete:ident, $copy:ident, $same:ident, $get_info:ident, $set_info:ident, $set_info_fin:ident]
     $(, [$as_ref:ident, $as_ref_const:ident, $ref_as:ident, $ref_as_const:ident])?) => {
        c_ref_base!($name, [$delete, $copy, $same, $get_info, $set_info, $set_info_fin]);
        $(
        #[unsafe(no_mangle)]
        pub extern "C" fn $as_ref(p: *mut $name) -> *mut wasm_ref_t {
            p.cast()
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $as_ref_const(p: *const $name) -> *const wasm_ref_t {
            p.cast()
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $ref_as(r: *mut wasm_ref_t) -> *mut $name {
            // SAFETY: `r` is NULL or live.
            match unsafe { opt(r) } {
                Some(wasm_ref_t { obj: $is, .. }) => r.cast(),
                _ => ptr::null_mut(),
            }
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $ref_as_const(r: *const wasm_ref_t) -> *const $name {
            // SAFETY: `r` is NULL or live.
            match unsafe { opt(r) } {
                Some(wasm_ref_t { obj: $is, .. }) => r.cast(),
                _ => ptr::null(),
            }
        }
        )?
    };
}

/// `delete`, `copy`, `same` and host info for one reference type.
macro_rules! c_ref_base {
    ($name:ident, [$delete:ident, $copy:ident, $same:ident, $get_info:ident, $set_info:ident, $set_info_fin:ident]) => {
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $delete(p: *mut $name) {
            if !p.is_null() {
                // SAFETY: an own reference of this library (a box).
                guard(|| (), || drop(unsafe { Box::from_raw(p) }));
            }
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $copy(p: *const $name) -> *mut $name {
            // SAFETY: `p` is NULL or live.
            match unsafe { opt(p) } {
                Some(r) => own(r.dup()),
                None => ptr::null_mut(),
            }
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $same(a: *const $name, b: *const $name) -> bool {
            // SAFETY: NULL or live.
            match unsafe { (opt(a), opt(b)) } {
                (Some(a), Some(b)) => a.as_ref_t().same(b.as_ref_t()),
                (None, None) => true,
                _ => false,
            }
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $get_info(p: *const $name) -> *mut c_void {
            // SAFETY: NULL or live.
            match unsafe { opt(p) } {
                Some(r) => guard(|| ptr::null_mut(), || r.as_ref_t().host_info()),
                None => ptr::null_mut(),
            }
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $set_info(p: *mut $name, info: *mut c_void) {
            // SAFETY: NULL or live.
            if let Some(r) = unsafe { opt(p) } {
                guard(|| (), || r.as_ref_t().set_host_info(info, None));
            }
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $set_info_fin(
            p: *mut $name,
            info: *mut c_void,
            finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
        ) {
            // SAFETY: NULL or live.
            if let Some(r) = unsafe { opt(p) } {
                guard(|| (), || r.as_ref_t().set_host_info(info, finalizer));
            }
        }
    };
}

/// A reference type: a transparent wrapper of [`wasm_ref_t`].
macro_rules! wrapper {
    ($($name:ident),*) => {$(
        /// A reference type (see the module docs).
        #[repr(transparent)]
        pub struct $name {
            pub(crate) r: wasm_ref_t,
        }

        impl Dup for $name {
            fn dup(&self) -> Self {
                $name { r: self.r.dup() }
            }
        }

        impl $name {
            pub(crate) fn as_ref_t(&self) -> &wasm_ref_t {
                &self.r
            }
            /// A new own reference, of this type.
            pub(crate) fn new_own(store: &Rc<StoreCell>, obj: Obj) -> *mut $name {
                wasm_ref_t::new_own(store, obj).cast()
            }
        }
    )*};
}

wrapper!(
    wasm_extern_t,
    wasm_func_t,
    wasm_global_t,
    wasm_table_t,
    wasm_memory_t,
    wasm_instance_t,
    wasm_module_t,
    wasm_trap_t,
    wasm_foreign_t
);

impl wasm_ref_t {
    pub(crate) fn as_ref_t(&self) -> &wasm_ref_t {
        self
    }
}

c_ref_base!(
    wasm_ref_t,
    [
        wasm_ref_delete,
        wasm_ref_copy,
        wasm_ref_same,
        wasm_ref_get_host_info,
        wasm_ref_set_host_info,
        wasm_ref_set_host_info_with_finalizer
    ]
);

ref_type!(
    wasm_extern_t,
    Obj::Func(_) | Obj::Global(_) | Obj::Table(_) | Obj::Memory(_),
    [
        wasm_extern_delete,
        wasm_extern_copy,
        wasm_extern_same,
        wasm_extern_get_host_info,
        wasm_extern_set_host_info,
        wasm_extern_set_host_info_with_finalizer
    ],
    [
        wasm_extern_as_ref,
        wasm_extern_as_ref_const,
        wasm_ref_as_extern,
        wasm_ref_as_extern_const
    ]
);
ref_type!(
    wasm_func_t,
    Obj::Func(_),
    [
        wasm_func_delete,
        wasm_func_copy,
        wasm_func_same,
        wasm_func_get_host_info,
        wasm_func_set_host_info,
        wasm_func_set_host_info_with_finalizer
    ],
    [
        wasm_func_as_ref,
        wasm_func_as_ref_const,
        wasm_ref_as_func,
        wasm_ref_as_func_const
    ]
);
ref_type!(
    wasm_global_t,
    Obj::Global(_),
    [
        wasm_global_delete,
        wasm_global_copy,
        wasm_global_same,
        wasm_global_get_host_info,
        wasm_global_set_host_info,
        wasm_global_set_host_info_with_finalizer
    ],
    [
        wasm_global_as_ref,
        wasm_global_as_ref_const,
        wasm_ref_as_global,
        wasm_ref_as_global_const
    ]
);
ref_type!(
    wasm_table_t,
    Obj::Table(_),
    [
        wasm_table_delete,
        wasm_table_copy,
        wasm_table_same,
        wasm_table_get_host_info,
        wasm_table_set_host_info,
        wasm_table_set_host_info_with_finalizer
    ],
    [
        wasm_table_as_ref,
        wasm_table_as_ref_const,
        wasm_ref_as_table,
        wasm_ref_as_table_const
    ]
);
ref_type!(
    wasm_memory_t,
    Obj::Memory(_),
    [
        wasm_memory_delete,
        wasm_memory_copy,
        wasm_memory_same,
        wasm_memory_get_host_info,
        wasm_memory_set_host_info,
        wasm_memory_set_host_info_with_finalizer
    ],
    [
        wasm_memory_as_ref,
        wasm_memory_as_ref_const,
        wasm_ref_as_memory,
        wasm_ref_as_memory_const
    ]
);
ref_type!(
    wasm_instance_t,
    Obj::Instance(_),
    [
        wasm_instance_delete,
        wasm_instance_copy,
        wasm_instance_same,
        wasm_instance_get_host_info,
        wasm_instance_set_host_info,
        wasm_instance_set_host_info_with_finalizer
    ],
    [
        wasm_instance_as_ref,
        wasm_instance_as_ref_const,
        wasm_ref_as_instance,
        wasm_ref_as_instance_const
    ]
);
ref_type!(
    wasm_module_t,
    Obj::Module(_),
    [
        wasm_module_delete,
        wasm_module_copy,
        wasm_module_same,
        wasm_module_get_host_info,
        wasm_module_set_host_info,
        wasm_module_set_host_info_with_finalizer
    ],
    [
        wasm_module_as_ref,
        wasm_module_as_ref_const,
        wasm_ref_as_module,
        wasm_ref_as_module_const
    ]
);
ref_type!(
    wasm_trap_t,
    Obj::Trap(_),
    [
        wasm_trap_delete,
        wasm_trap_copy,
        wasm_trap_same,
        wasm_trap_get_host_info,
        wasm_trap_set_host_info,
        wasm_trap_set_host_info_with_finalizer
    ],
    [
        wasm_trap_as_ref,
        wasm_trap_as_ref_const,
        wasm_ref_as_trap,
        wasm_ref_as_trap_const
    ]
);
ref_type!(
    wasm_foreign_t,
    Obj::Foreign(_),
    [
        wasm_foreign_delete,
        wasm_foreign_copy,
        wasm_foreign_same,
        wasm_foreign_get_host_info,
        wasm_foreign_set_host_info,
        wasm_foreign_set_host_info_with_finalizer
    ],
    [
        wasm_foreign_as_ref,
        wasm_foreign_as_ref_const,
        wasm_ref_as_foreign,
        wasm_ref_as_foreign_const
    ]
);

/// `wasm_extern_vec_t`.
pub type wasm_extern_vec_t = CVec<*mut wasm_extern_t>;

crate::vec::c_vec!(
    *mut wasm_extern_t,
    wasm_extern_vec_new_empty,
    wasm_extern_vec_new_uninitialized,
    wasm_extern_vec_new,
    wasm_extern_vec_copy,
    wasm_extern_vec_delete
);

/// The live reference behind a pointer of one of the wrapper types.
///
/// # Safety
///
/// `p` is NULL or live.
pub(crate) unsafe fn live<'a, T>(p: *const T) -> Option<&'a wasm_ref_t> {
    // SAFETY: every wrapper is a transparent `wasm_ref_t`.
    unsafe { opt(p.cast::<wasm_ref_t>()) }
}

/// A trap for a call that names no store (a NULL handle where one is
/// needed): the trap gets a store of its own.
pub(crate) fn orphan_trap(message: &str) -> *mut wasm_trap_t {
    trap_from_message(&StoreCell::new(&spindle::Engine::default()), message)
}

/// An own trap from a message (no NUL needed: one is added).
pub(crate) fn trap_from_message(store: &Rc<StoreCell>, message: &str) -> *mut wasm_trap_t {
    wasm_trap_t::new_own(
        store,
        Obj::Trap(Rc::new(TrapData::from_message(message.as_bytes()))),
    )
}

impl TrapData {
    pub(crate) fn from_message(message: &[u8]) -> TrapData {
        let mut m = message.to_vec();
        if m.last() != Some(&0) {
            m.push(0);
        }
        TrapData {
            message: m,
            error: None,
            frames: Vec::new(),
            host_info: RefCell::new(None),
        }
    }
}

/// The trap that reports `e`: the C callback's own trap if `e` is the host
/// error it became, otherwise a new one.
pub(crate) fn trap_from_error(
    cell: &Rc<StoreCell>,
    store: &mut Store<StoreData>,
    e: spindle::Error,
) -> *mut wasm_trap_t {
    if e.trap_code() == Some(spindle::TrapCode::HostError) {
        if let Some(t) = store.data_mut().pending.take() {
            if t.message.strip_suffix(&[0]) == Some(e.message().as_bytes()) {
                return wasm_trap_t::new_own(cell, Obj::Trap(t));
            }
        }
    }
    let message: String = match e.trap_code() {
        Some(spindle::TrapCode::HostError) => e.message().into(),
        _ => alloc::format!("{e}"),
    };
    let mut frames = Vec::new();
    if let Some(trap) = e.as_trap() {
        for loc in trap.location.iter().chain(trap.trace.iter()) {
            frames.push(FrameData {
                instance: Instance::from_trap_location(&*store, loc),
                func_index: loc.func_index,
                func_offset: loc.offset.saturating_sub(loc.func_offset),
                module_offset: loc.offset,
            });
        }
    }
    let mut data = TrapData::from_message(message.as_bytes());
    data.error = Some(e);
    data.frames = frames;
    wasm_trap_t::new_own(cell, Obj::Trap(Rc::new(data)))
}

// ---------------------------------------------------------------------------
// Functions

/// What a C callback is given: its function pointer and environment; the
/// finalizer runs when the function dies (with its store).
struct Callback {
    f: CallbackFn,
    /// The function's result types (what the callback must return).
    results: Vec<spindle::ValType>,
    env: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
    cell: *const StoreCell,
}

#[derive(Clone, Copy)]
enum CallbackFn {
    Plain(unsafe extern "C" fn(*const wasm_val_vec_t, *mut wasm_val_vec_t) -> *mut wasm_trap_t),
    Env(
        unsafe extern "C" fn(
            *mut c_void,
            *const wasm_val_vec_t,
            *mut wasm_val_vec_t,
        ) -> *mut wasm_trap_t,
    ),
}

// SAFETY: stores, and so the functions in them, are used from one thread at
// a time (wasm.h); the environment is the embedder's, handed back as given.
unsafe impl Send for Callback {}
// SAFETY: as above.
unsafe impl Sync for Callback {}

impl Drop for Callback {
    fn drop(&mut self) {
        if let Some(fin) = self.finalizer {
            // SAFETY: the embedder gave this finalizer for this environment.
            unsafe { fin(self.env) }
        }
    }
}

impl Callback {
    /// Runs the C callback for a call from wasm.
    fn call(
        &self,
        mut caller: spindle::Caller<'_, StoreData>,
        params: &[Val],
        results: &mut [Val],
    ) -> spindle::Result<()> {
        use spindle::AsContextMut;
        // SAFETY: the store cell outlives its functions (the store owns
        // them), and this call runs inside one of the cell's `with`.
        let cell = unsafe { &*self.cell };
        // SAFETY: `cell` was made by `Rc::new` (wasm_store_new), and the Rc
        // is alive; this adds the count the new `Rc` below gives back.
        let rc = unsafe {
            Rc::increment_strong_count(self.cell);
            Rc::from_raw(self.cell)
        };
        let store: *mut Store<StoreData> = caller.as_store_mut();
        let _lend = cell.lend(store);
        let mut args: Vec<wasm_val_t> = cell.with(|s| {
            params
                .iter()
                .map(|&v| val::from_val(&rc, s.data(), v))
                .collect()
        });
        let mut outs: Vec<wasm_val_t> = self.results.iter().map(|&t| val::zero_of(t)).collect();
        let args_vec = CVec {
            size: args.len(),
            data: args.as_mut_ptr(),
        };
        let mut outs_vec = CVec {
            size: outs.len(),
            data: outs.as_mut_ptr(),
        };
        // SAFETY: the embedder's callback, with the vectors wasm.h
        // promises it (arguments to read, results to fill).
        let trap = unsafe {
            match self.f {
                CallbackFn::Plain(f) => f(&args_vec, &mut outs_vec),
                CallbackFn::Env(f) => f(self.env, &args_vec, &mut outs_vec),
            }
        };
        for a in args {
            val::free(a);
        }
        let result = if trap.is_null() {
            cell.with(|s| {
                let mut r = Ok(());
                for (i, ((out, slot), &ty)) in outs
                    .iter()
                    .zip(results.iter_mut())
                    .zip(&self.results)
                    .enumerate()
                {
                    match val::to_val(&rc, s, out, ty) {
                        Ok(v) => *slot = v,
                        Err(why) => {
                            r = Err(spindle::Error::host(alloc::format!(
                                "host function result {i}: {why}"
                            )));
                            break;
                        }
                    }
                }
                r
            })
        } else {
            // SAFETY: an own trap the callback returned.
            let t = unsafe { Box::from_raw(trap) };
            match &t.r.obj {
                Obj::Trap(data) => {
                    let message = String::from_utf8_lossy(
                        data.message.strip_suffix(&[0]).unwrap_or(&data.message),
                    )
                    .into_owned();
                    cell.with(|s| s.data_mut().pending = Some(data.clone()));
                    Err(spindle::Error::host(message))
                }
                _ => Err(spindle::Error::host(
                    "host function returned a trap that is not a trap",
                )),
            }
        };
        for o in outs {
            val::free(o);
        }
        result
    }
}

fn func_new(
    store: *mut crate::store::wasm_store_t,
    ty: *const wasm_functype_t,
    f: CallbackFn,
    env: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) -> *mut wasm_func_t {
    // Made first, so that every way out below runs the finalizer once:
    // dropped here on failure, or dropped with the function.
    let mut callback = Callback {
        f,
        results: Vec::new(),
        env,
        finalizer,
        cell: ptr::null(),
    };
    // SAFETY: NULL or live (wasm.h).
    let (Some(cell), Some(ty)) = (unsafe { crate::store::cell_of(store) }, unsafe { opt(ty) })
    else {
        return ptr::null_mut();
    };
    callback.cell = Rc::as_ptr(cell);
    callback.results = ty.ty().results().to_vec();
    guard(
        || ptr::null_mut(),
        || {
            let func = cell.with(|s| {
                Func::new(s, ty.ty().clone(), move |caller, params, results| {
                    callback.call(caller, params, results)
                })
            });
            wasm_func_t::new_own(cell, Obj::Func(func))
        },
    )
}

/// A host function; NULL for a NULL store or type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_new(
    store: *mut crate::store::wasm_store_t,
    ty: *const wasm_functype_t,
    callback: Option<
        unsafe extern "C" fn(*const wasm_val_vec_t, *mut wasm_val_vec_t) -> *mut wasm_trap_t,
    >,
) -> *mut wasm_func_t {
    match callback {
        Some(f) => func_new(store, ty, CallbackFn::Plain(f), ptr::null_mut(), None),
        None => ptr::null_mut(),
    }
}

/// A host function with an environment; `finalizer(env)` runs once, when
/// the function dies (with its store), or at once if this fails.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_new_with_env(
    store: *mut crate::store::wasm_store_t,
    ty: *const wasm_functype_t,
    callback: Option<
        unsafe extern "C" fn(
            *mut c_void,
            *const wasm_val_vec_t,
            *mut wasm_val_vec_t,
        ) -> *mut wasm_trap_t,
    >,
    env: *mut c_void,
    finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
) -> *mut wasm_func_t {
    match callback {
        Some(f) => func_new(store, ty, CallbackFn::Env(f), env, finalizer),
        None => {
            if let Some(fin) = finalizer {
                // SAFETY: the embedder's finalizer for its environment.
                unsafe { fin(env) };
            }
            ptr::null_mut()
        }
    }
}

fn func_of<'a>(p: *const wasm_func_t) -> Option<(&'a Rc<StoreCell>, Func)> {
    // SAFETY: NULL or live; the borrow does not outlive the entry point
    // that makes it.
    match unsafe { live(p) } {
        Some(wasm_ref_t {
            store,
            obj: Obj::Func(f),
        }) => Some((store, *f)),
        _ => None,
    }
}

/// The function's type; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_type(f: *const wasm_func_t) -> *mut wasm_functype_t {
    let Some((cell, f)) = func_of(f) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            let ty = cell.with(|s| f.ty(&*s));
            own(wasm_functype_t::wrap(wasm_externtype_t::new(
                &ExternType::Func(ty),
            )))
        },
    )
}

/// The number of parameters; 0 for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_param_arity(f: *const wasm_func_t) -> usize {
    let Some((cell, f)) = func_of(f) else {
        return 0;
    };
    guard(|| 0, || cell.with(|s| f.ty(&*s).params().len()))
}

/// The number of results; 0 for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_result_arity(f: *const wasm_func_t) -> usize {
    let Some((cell, f)) = func_of(f) else {
        return 0;
    };
    guard(|| 0, || cell.with(|s| f.ty(&*s).results().len()))
}

/// Calls the function. `args` must hold exactly the parameters, of the
/// right kinds, and `results` must have room for exactly the results;
/// otherwise nothing runs and the trap says why. NULL `args` or `results`
/// are taken as empty vectors.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_func_call(
    f: *const wasm_func_t,
    args: *const wasm_val_vec_t,
    results: *mut wasm_val_vec_t,
) -> *mut wasm_trap_t {
    let Some((cell, f)) = func_of(f) else {
        return orphan_trap("wasm_func_call: the function is NULL");
    };
    let cell = cell.clone();
    // SAFETY: NULL or live vectors (wasm.h); `results` is the caller's.
    let (args, results) = unsafe { (opt(args), crate::opt_mut(results)) };
    guard(
        || trap_from_message(&cell, "internal error in Spindle's C API"),
        || {
            cell.with(|s| {
                let ty = f.ty(&*s);
                let args = args.map_or(&[][..], |a| a.as_slice());
                let nresults = results.as_ref().map_or(0, |r| r.size);
                if ty.params().iter().chain(ty.results()).any(|t| t.is_v128()) {
                    // wasm.h's value union has no room for 128 bits.
                    return trap_from_message(
                        &cell,
                        "a function with v128 parameters or results cannot be called through wasm.h",
                    );
                }
                if args.len() != ty.params().len() {
                    return trap_from_message(
                        &cell,
                        &alloc::format!(
                            "expected {} arguments, got {}",
                            ty.params().len(),
                            args.len()
                        ),
                    );
                }
                if nresults != ty.results().len() {
                    return trap_from_message(
                        &cell,
                        &alloc::format!(
                            "expected room for {} results, got {}",
                            ty.results().len(),
                            nresults
                        ),
                    );
                }
                let mut params = Vec::with_capacity(args.len());
                for (i, (a, &t)) in args.iter().zip(ty.params()).enumerate() {
                    match val::to_val(&cell, s, a, t) {
                        Ok(v) => params.push(v),
                        Err(why) => {
                            return trap_from_message(
                                &cell,
                                &alloc::format!("argument {i}: {why}"),
                            );
                        }
                    }
                }
                let mut outs: Vec<Val> =
                    ty.results().iter().map(|&t| Val::default_for(t)).collect();
                match f.call(&mut *s, &params, &mut outs) {
                    Ok(()) => {
                        if let Some(results) = results {
                            for (slot, v) in results.as_mut_slice().iter_mut().zip(outs) {
                                // The caller's vector: its old values are not ours to free.
                                *slot = val::from_val(&cell, s.data(), v);
                            }
                        }
                        ptr::null_mut()
                    }
                    Err(e) => trap_from_error(&cell, s, e),
                }
            })
        },
    )
}

// ---------------------------------------------------------------------------
// Globals

/// A global of `ty` holding `val`; NULL if the value does not match the
/// type, or for NULL arguments.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_global_new(
    store: *mut crate::store::wasm_store_t,
    ty: *const wasm_globaltype_t,
    v: *const wasm_val_t,
) -> *mut wasm_global_t {
    // SAFETY: NULL or live (wasm.h).
    let (Some(cell), Some(ty), Some(v)) = (
        unsafe { crate::store::cell_of(store) },
        unsafe { opt(ty) },
        unsafe { opt(v) },
    ) else {
        return ptr::null_mut();
    };
    let ExternType::Global(gt) = ty.ext.to_rust() else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            cell.with(|s| {
                let Ok(v) = val::to_val(cell, s, v, gt.content) else {
                    return ptr::null_mut();
                };
                match Global::new(&mut *s, gt.mutability, v) {
                    Ok(g) => wasm_global_t::new_own(cell, Obj::Global(g)),
                    Err(_) => ptr::null_mut(),
                }
            })
        },
    )
}

fn global_of<'a>(p: *const wasm_global_t) -> Option<(&'a Rc<StoreCell>, Global)> {
    // SAFETY: NULL or live.
    match unsafe { live(p) } {
        Some(wasm_ref_t {
            store,
            obj: Obj::Global(g),
        }) => Some((store, *g)),
        _ => None,
    }
}

/// The global's type; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_global_type(g: *const wasm_global_t) -> *mut wasm_globaltype_t {
    let Some((cell, g)) = global_of(g) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            let ty = cell.with(|s| g.ty(&*s));
            own(wasm_globaltype_t::wrap(wasm_externtype_t::new(
                &ExternType::Global(ty),
            )))
        },
    )
}

/// Reads the value into `out` (an own value: a reference in it is the
/// caller's to delete).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_global_get(g: *const wasm_global_t, out: *mut wasm_val_t) {
    // SAFETY: `out` is NULL or writable.
    let (Some((cell, g)), Some(out)) = (global_of(g), unsafe { crate::opt_mut(out) }) else {
        return;
    };
    guard(
        || (),
        || {
            *out = cell.with(|s| {
                let v = g.get(&mut *s);
                val::from_val(cell, s.data(), v)
            })
        },
    );
}

/// Writes the value; nothing happens if the global is immutable or the
/// value is of another type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_global_set(g: *mut wasm_global_t, v: *const wasm_val_t) {
    // SAFETY: `v` is NULL or live.
    let (Some((cell, g)), Some(v)) = (global_of(g), unsafe { opt(v) }) else {
        return;
    };
    guard(
        || (),
        || {
            cell.with(|s| {
                let ty = g.ty(&*s);
                if let Ok(v) = val::to_val(cell, s, v, ty.content) {
                    let _ = g.set(&mut *s, v);
                }
            })
        },
    );
}

// ---------------------------------------------------------------------------
// Tables

/// A table of `ty` filled with `init` (NULL: the null reference); NULL if
/// `init` is of another store or type, or the store's limits refuse it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_new(
    store: *mut crate::store::wasm_store_t,
    ty: *const wasm_tabletype_t,
    init: *mut wasm_ref_t,
) -> *mut wasm_table_t {
    // SAFETY: NULL or live (wasm.h).
    let (Some(cell), Some(ty)) = (unsafe { crate::store::cell_of(store) }, unsafe { opt(ty) })
    else {
        return ptr::null_mut();
    };
    let ExternType::Table(tt) = ty.ext.to_rust() else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            cell.with(|s| {
                // SAFETY: NULL or live.
                let Ok(init) = val::ref_to_val(cell, s, unsafe { opt(init) }, tt.element) else {
                    return ptr::null_mut();
                };
                match Table::new(&mut *s, tt, init) {
                    Ok(t) => wasm_table_t::new_own(cell, Obj::Table(t)),
                    Err(_) => ptr::null_mut(),
                }
            })
        },
    )
}

fn table_of<'a>(p: *const wasm_table_t) -> Option<(&'a Rc<StoreCell>, Table)> {
    // SAFETY: NULL or live.
    match unsafe { live(p) } {
        Some(wasm_ref_t {
            store,
            obj: Obj::Table(t),
        }) => Some((store, *t)),
        _ => None,
    }
}

/// The table's type; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_type(t: *const wasm_table_t) -> *mut wasm_tabletype_t {
    let Some((cell, t)) = table_of(t) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            let ty = cell.with(|s| t.ty(&*s));
            own(wasm_tabletype_t::wrap(wasm_externtype_t::new(
                &ExternType::Table(ty),
            )))
        },
    )
}

/// An own reference to element `index`; NULL for a null element or an
/// index out of bounds.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_get(t: *const wasm_table_t, index: u32) -> *mut wasm_ref_t {
    let Some((cell, t)) = table_of(t) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            cell.with(|s| match t.get(&mut *s, index) {
                Some(v) => val::val_to_ref(cell, s.data(), v),
                None => ptr::null_mut(),
            })
        },
    )
}

/// Sets element `index` (NULL: the null reference); false if out of
/// bounds or of another store or type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_set(
    t: *mut wasm_table_t,
    index: u32,
    r: *mut wasm_ref_t,
) -> bool {
    let Some((cell, t)) = table_of(t) else {
        return false;
    };
    guard(
        || false,
        || {
            cell.with(|s| {
                let ty = t.ty(&*s);
                // SAFETY: NULL or live.
                match val::ref_to_val(cell, s, unsafe { opt(r) }, ty.element) {
                    Ok(v) => t.set(&mut *s, index, v).is_ok(),
                    Err(_) => false,
                }
            })
        },
    )
}

/// The size in elements; 0 for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_size(t: *const wasm_table_t) -> u32 {
    let Some((cell, t)) = table_of(t) else {
        return 0;
    };
    // A table never holds more than `u32::MAX` elements.
    guard(|| 0, || cell.with(|s| t.size(&*s) as u32))
}

/// Grows by `delta` elements set to `init`; false if that would pass the
/// maximum or a store limit, or `init` does not fit.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_table_grow(
    t: *mut wasm_table_t,
    delta: u32,
    init: *mut wasm_ref_t,
) -> bool {
    let Some((cell, t)) = table_of(t) else {
        return false;
    };
    guard(
        || false,
        || {
            cell.with(|s| {
                let ty = t.ty(&*s);
                // SAFETY: NULL or live.
                match val::ref_to_val(cell, s, unsafe { opt(init) }, ty.element) {
                    Ok(v) => t.grow(&mut *s, delta.into(), v).is_ok(),
                    Err(_) => false,
                }
            })
        },
    )
}

// ---------------------------------------------------------------------------
// Memories

/// A memory of `ty`; NULL if the store's limits refuse it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_new(
    store: *mut crate::store::wasm_store_t,
    ty: *const wasm_memorytype_t,
) -> *mut wasm_memory_t {
    // SAFETY: NULL or live (wasm.h).
    let (Some(cell), Some(ty)) = (unsafe { crate::store::cell_of(store) }, unsafe { opt(ty) })
    else {
        return ptr::null_mut();
    };
    let ExternType::Memory(mt) = ty.ext.to_rust() else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            cell.with(|s| match Memory::new(&mut *s, mt) {
                Ok(m) => wasm_memory_t::new_own(cell, Obj::Memory(m)),
                Err(_) => ptr::null_mut(),
            })
        },
    )
}

fn memory_of<'a>(p: *const wasm_memory_t) -> Option<(&'a Rc<StoreCell>, Memory)> {
    // SAFETY: NULL or live.
    match unsafe { live(p) } {
        Some(wasm_ref_t {
            store,
            obj: Obj::Memory(m),
        }) => Some((store, *m)),
        _ => None,
    }
}

/// The memory's type; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_type(m: *const wasm_memory_t) -> *mut wasm_memorytype_t {
    let Some((cell, m)) = memory_of(m) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            let ty = cell.with(|s| m.ty(&*s));
            own(wasm_memorytype_t::wrap(wasm_externtype_t::new(
                &ExternType::Memory(ty),
            )))
        },
    )
}

/// The bytes, valid until the memory grows or the store runs wasm code
/// that grows it; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_data(m: *mut wasm_memory_t) -> *mut u8 {
    let Some((cell, m)) = memory_of(m) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || cell.with(|s| m.data_mut(&mut *s).as_mut_ptr()),
    )
}

/// The size in bytes; 0 for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_data_size(m: *const wasm_memory_t) -> usize {
    let Some((cell, m)) = memory_of(m) else {
        return 0;
    };
    guard(|| 0, || cell.with(|s| m.data(&*s).len()))
}

/// The size in pages; 0 for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_size(m: *const wasm_memory_t) -> u32 {
    let Some((cell, m)) = memory_of(m) else {
        return 0;
    };
    // `wasm.h` counts pages in 32 bits: a larger 64-bit memory reads as
    // `u32::MAX` pages.
    guard(
        || 0,
        || cell.with(|s| u32::try_from(m.size(&*s)).unwrap_or(u32::MAX)),
    )
}

/// Grows by `delta` pages; false if that would pass the maximum or a
/// store limit.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_memory_grow(m: *mut wasm_memory_t, delta: u32) -> bool {
    let Some((cell, m)) = memory_of(m) else {
        return false;
    };
    guard(
        || false,
        || cell.with(|s| m.grow(&mut *s, delta.into()).is_ok()),
    )
}

// ---------------------------------------------------------------------------
// Externs

/// The kind; `WASM_EXTERN_FUNC` for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_extern_kind(e: *const wasm_extern_t) -> u8 {
    // SAFETY: NULL or live.
    match unsafe { live(e) }.map(|r| &r.obj) {
        Some(Obj::Global(_)) => WASM_EXTERN_GLOBAL,
        Some(Obj::Table(_)) => WASM_EXTERN_TABLE,
        Some(Obj::Memory(_)) => WASM_EXTERN_MEMORY,
        _ => WASM_EXTERN_FUNC,
    }
}

/// The type; NULL for NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_extern_type(e: *const wasm_extern_t) -> *mut wasm_externtype_t {
    // SAFETY: NULL or live.
    let Some(r) = (unsafe { live(e) }) else {
        return ptr::null_mut();
    };
    let Some(ext) = r.obj.to_extern() else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            let ty = r.store.with(|s| match ext {
                Extern::Func(f) => ExternType::Func(f.ty(&*s)),
                Extern::Global(g) => ExternType::Global(g.ty(&*s)),
                Extern::Table(t) => ExternType::Table(t.ty(&*s)),
                Extern::Memory(m) => ExternType::Memory(m.ty(&*s)),
            });
            own(wasm_externtype_t::new(&ty))
        },
    )
}

/// The casts between an extern and its specific kinds.
macro_rules! extern_casts {
    ($($t:ident, $is:pat, $as_ext:ident, $as_ext_const:ident, $ext_as:ident, $ext_as_const:ident;)*) => {$(
        #[unsafe(no_mangle)]
        pub extern "C" fn $as_ext(p: *mut $t) -> *mut wasm_extern_t {
            p.cast()
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $as_ext_const(p: *const $t) -> *const wasm_extern_t {
            p.cast()
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $ext_as(p: *mut wasm_extern_t) -> *mut $t {
            // SAFETY: NULL or live.
            match unsafe { live(p) } {
                Some(wasm_ref_t { obj: $is, .. }) => p.cast(),
                _ => ptr::null_mut(),
            }
        }

        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $ext_as_const(p: *const wasm_extern_t) -> *const $t {
            // SAFETY: NULL or live.
            match unsafe { live(p) } {
                Some(wasm_ref_t { obj: $is, .. }) => p.cast(),
                _ => ptr::null(),
            }
        }
    )*};
}

extern_casts! {
    wasm_func_t, Obj::Func(_), wasm_func_as_extern, wasm_func_as_extern_const, wasm_extern_as_func, wasm_extern_as_func_const;
    wasm_global_t, Obj::Global(_), wasm_global_as_extern, wasm_global_as_extern_const, wasm_extern_as_global, wasm_extern_as_global_const;
    wasm_table_t, Obj::Table(_), wasm_table_as_extern, wasm_table_as_extern_const, wasm_extern_as_table, wasm_extern_as_table_const;
    wasm_memory_t, Obj::Memory(_), wasm_memory_as_extern, wasm_memory_as_extern_const, wasm_extern_as_memory, wasm_extern_as_memory_const;
}

// ---------------------------------------------------------------------------
// Foreign objects

/// A new foreign object (an identity the host can attach info to and pass
/// to wasm as an `externref`); NULL for a NULL store.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_foreign_new(
    store: *mut crate::store::wasm_store_t,
) -> *mut wasm_foreign_t {
    // SAFETY: NULL or live.
    let Some(cell) = (unsafe { crate::store::cell_of(store) }) else {
        return ptr::null_mut();
    };
    guard(
        || ptr::null_mut(),
        || {
            let n = cell.with(|s| {
                let d = s.data_mut();
                d.foreigns = d.foreigns.wrapping_add(1);
                d.foreigns
            });
            wasm_foreign_t::new_own(cell, Obj::Foreign(n))
        },
    )
}
