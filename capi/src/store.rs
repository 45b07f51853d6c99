//! `wasm_store_t`: the Rust [`Store`] behind a counted reference, with the
//! host data the C API needs (host info, the `externref` table, WASI).
//! See the crate docs for why every object holds a count of its store, and
//! how a C callback reaches the store while a call is running
//! ([`StoreCell::with`]).

use crate::config::wasm_engine_t;
use crate::object::{Key, Obj, TrapData};
use crate::opt;
use alloc::collections::BTreeMap;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell, UnsafeCell};
use core::ffi::c_void;
use core::hash::{Hash, Hasher};
use core::ptr;
use spindle::{Linker, Store, StoreLimits};

/// Host info and its finalizer, which runs when this is dropped: when the
/// object dies or the info is replaced.
pub struct HostInfo {
    pub(crate) info: *mut c_void,
    pub(crate) finalizer: Option<unsafe extern "C" fn(*mut c_void)>,
}

impl Drop for HostInfo {
    fn drop(&mut self) {
        if let Some(f) = self.finalizer {
            // SAFETY: the embedder gave this finalizer for this info.
            unsafe { f(self.info) }
        }
    }
}

/// The store's table of objects passed to wasm as `externref` values: the
/// value is the object's index here. An object is found again by its
/// identity, so passing it twice gives the same value.
#[derive(Default)]
pub struct Externs {
    objs: Vec<Obj>,
    /// Hash of an identity -> indices in `objs` with that hash.
    index: BTreeMap<u64, Vec<u32>>,
}

/// FNV-1a, for `Externs::index` (no_std has no hash map).
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
    }
}

impl Externs {
    /// The index of `obj`, added if new; `None` if the table is full.
    pub(crate) fn intern(&mut self, obj: &Obj) -> Option<u32> {
        let key = obj.key();
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        key.hash(&mut h);
        let bucket = self.index.entry(h.finish()).or_default();
        if let Some(&i) = bucket.iter().find(|&&i| self.objs[i as usize].key() == key) {
            return Some(i);
        }
        let i = u32::try_from(self.objs.len()).ok()?;
        self.objs.push(obj.clone());
        bucket.push(i);
        Some(i)
    }

    /// The object with index `i`.
    pub(crate) fn get(&self, i: u32) -> Option<&Obj> {
        self.objs.get(i as usize)
    }
}

/// The host data of every C API store.
#[derive(Default)]
pub struct StoreData {
    pub(crate) limits: StoreLimits,
    pub(crate) host_info: Vec<(Key, HostInfo)>,
    pub(crate) externs: Externs,
    pub(crate) foreigns: u32,
    /// The trap a C callback returned, while it travels out through the
    /// wasm frames as a host error: the call that receives the error hands
    /// the embedder this same trap object.
    pub(crate) pending: Option<Rc<TrapData>>,
    /// Instances made through the C API, with their modules (for the
    /// export order of `wasm_instance_exports`).
    pub(crate) instances: Vec<(spindle::Instance, spindle::Module)>,
    pub(crate) wasi: Option<spindle::wasi::WasiCtx>,
    pub(crate) wasi_output: crate::wasi::Output,
}

/// The shared part of a store (see the module docs).
pub struct StoreCell {
    store: UnsafeCell<Store<StoreData>>,
    /// While a C callback runs: the store as that call's `Caller` lends it.
    current: Cell<*mut Store<StoreData>>,
    /// WASI's functions, made on first use.
    pub(crate) wasi_linker: RefCell<Option<Linker<StoreData>>>,
}

impl StoreCell {
    /// A new store.
    pub(crate) fn new(engine: &spindle::Engine) -> Rc<StoreCell> {
        let mut store = Store::new(engine, StoreData::default());
        store.limiter(|d| &mut d.limits);
        Rc::new(StoreCell {
            store: UnsafeCell::new(store),
            current: Cell::new(ptr::null_mut()),
            wasi_linker: RefCell::new(None),
        })
    }

    /// Runs `f` with the store: the running call's view of it inside a C
    /// callback, the store itself otherwise.
    ///
    /// Not re-entered except from a callback: every entry point calls it
    /// once, and only the callbacks it starts can call it again.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut Store<StoreData>) -> R) -> R {
        let p = match self.current.get() {
            p if p.is_null() => self.store.get(),
            p => p,
        };
        // SAFETY: stores are single-threaded (wasm.h). Outside callbacks no
        // other reference to the store is live: `with` is not re-entered.
        // Inside a callback, `p` comes from the running call's `Caller` (a
        // reborrow of the outer `with`'s reference, which is not used until
        // the callback returns).
        f(unsafe { &mut *p })
    }

    /// Makes `store` (a running call's) the one `with` hands out until the
    /// returned guard is dropped.
    pub(crate) fn lend(&self, store: *mut Store<StoreData>) -> Lend<'_> {
        Lend {
            cell: self,
            prev: self.current.replace(store),
        }
    }
}

/// Restores the store `with` hands out when a callback returns.
pub(crate) struct Lend<'a> {
    cell: &'a StoreCell,
    prev: *mut Store<StoreData>,
}

impl Drop for Lend<'_> {
    fn drop(&mut self) {
        self.cell.current.set(self.prev);
    }
}

/// `wasm_store_t`.
pub struct wasm_store_t {
    pub(crate) cell: Rc<StoreCell>,
}

/// A new store of `engine`; NULL for a NULL engine.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_store_new(engine: *mut wasm_engine_t) -> *mut wasm_store_t {
    // SAFETY: `engine` is NULL or live.
    let Some(engine) = (unsafe { opt(engine) }) else {
        return ptr::null_mut();
    };
    crate::guard(
        || ptr::null_mut(),
        || {
            crate::types::own(wasm_store_t {
                cell: StoreCell::new(&engine.engine),
            })
        },
    )
}

/// Drops this handle; the store lives on while objects made in it do.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wasm_store_delete(store: *mut wasm_store_t) {
    if !store.is_null() {
        // SAFETY: an own store of this library.
        crate::guard(
            || (),
            || drop(unsafe { alloc::boxed::Box::from_raw(store) }),
        );
    }
}

/// The store behind a handle.
///
/// # Safety
///
/// `store` is NULL or live.
pub(crate) unsafe fn cell_of<'a>(store: *const wasm_store_t) -> Option<&'a Rc<StoreCell>> {
    // SAFETY: the caller's promise.
    unsafe { opt(store) }.map(|s| &s.cell)
}
