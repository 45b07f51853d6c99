//! The store: what the interpreter runs on.
//!
//! [`Store`] owns every function, memory, table, global and instance of a
//! program, plus the embedder's data; the public types ([`Func`],
//! [`Memory`], [`Table`], [`Global`], [`Instance`]) are small `Copy`
//! handles into it, as in wasmtime. This layer holds the data and the
//! operations that run no wasm code: creating objects, reading and
//! writing them, resource limits, and compiling modules (parse, then
//! translate, eagerly or on a function's first call). It sits below the
//! interpreter ([`crate::exec`]), which reads and writes it directly.
//! Whatever runs code (calling a function, instantiating, linking) is in
//! `runtime`, above the interpreter.
//!
//! # Handles know their store
//!
//! Every handle (and every `funcref` [`Val`](value::Val)) carries its
//! store's [`StoreId`], a number no other store of the process shares (it
//! would take 2^32 stores for one to come round again). A handle is only
//! an index into its store's vectors, so used with another store it would
//! name whatever sits at that index there. Each use therefore checks the
//! id first:
//! * a call that returns a `Result` returns an error of kind
//!   [`ErrorKind::WrongStore`](crate::ErrorKind::WrongStore), and changes
//!   nothing;
//! * a call that cannot fail otherwise (`Memory::data`, `Global::get`,
//!   `Func::ty`, `Instance::get_func`, ...) panics with a message naming
//!   the handle, as wasmtime's do; each says so under "Panics".
//!
//! [`Func`]: func::Func
//! [`Memory`]: memory::Memory
//! [`Table`]: table::Table
//! [`Global`]: global::Global
//! [`Instance`]: instance::Instance

#[cfg(feature = "exceptions")]
pub(crate) mod exn;
pub(crate) mod func;
#[cfg(feature = "gc")]
pub(crate) mod gc;
pub(crate) mod global;
pub(crate) mod instance;
pub(crate) mod limits;
pub(crate) mod memory;
pub(crate) mod module;
pub(crate) mod suspended;
pub(crate) mod table;
pub(crate) mod types;
pub(crate) mod value;

use crate::config::Engine;
use crate::store::func::{FuncEntity, HostFunc};
use crate::store::global::GlobalEntity;
use crate::store::instance::InstanceEntity;
use crate::store::memory::MemoryEntity;
use crate::store::table::TableEntity;
use crate::types::FuncType;
use alloc::vec::Vec;

/// Which store a handle belongs to (see the [module docs](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct StoreId(u32);

impl StoreId {
    /// A number no live store has: the next of a process-wide counter.
    fn next() -> StoreId {
        use core::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        // Targets without atomic read-modify-write (Cortex-M0) are
        // single-core; a store made in an interrupt handler while another
        // is being made could share its id, which only weakens this check.
        #[cfg(target_has_atomic = "32")]
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        #[cfg(not(target_has_atomic = "32"))]
        let id = {
            let id = NEXT.load(Ordering::Relaxed);
            NEXT.store(id.wrapping_add(1), Ordering::Relaxed);
            id
        };
        StoreId(id)
    }
}

/// The part of a store that does not depend on the host data type.
#[doc(hidden)]
#[derive(Debug)]
pub struct StoreInner {
    pub(crate) id: StoreId,
    pub(crate) engine: Engine,
    pub(crate) funcs: Vec<FuncEntity>,
    pub(crate) memories: Vec<MemoryEntity>,
    pub(crate) tables: Vec<TableEntity>,
    pub(crate) globals: Vec<GlobalEntity>,
    pub(crate) instances: Vec<InstanceEntity>,
    /// Exception tags (see [`exn`]).
    #[cfg(feature = "exceptions")]
    pub(crate) tags: Vec<exn::TagEntity>,
    /// The exceptions thrown and not yet collected (see [`exn`]).
    #[cfg(feature = "exceptions")]
    pub(crate) exns: exn::ExnHeap,
    /// The GC heap: structs and arrays (see [`gc`]).
    #[cfg(feature = "gc")]
    pub(crate) gc: gc::GcHeap,
    /// Interned types: equal types get equal ids, so an indirect call's
    /// type check is one integer compare (see [`types`]).
    pub(crate) types: types::TypeRegistry,
    /// The value stack shared by all executions in this store: 64-bit
    /// slots, a `v128` in two (see [`crate::translate`], "v128 values").
    pub(crate) stack: Vec<u64>,
    /// Where a new (possibly nested) execution's first frame starts.
    pub(crate) stack_top: usize,
    /// Wasm frames of the executions suspended in host calls.
    pub(crate) depth: usize,
    pub(crate) fuel: u64,
    /// A call parked after running out of fuel (see `Func::call_resumable`).
    pub(crate) suspended: Option<suspended::Suspended>,
    pub(crate) next_suspended_id: u64,
    /// The frames of the executions waiting for a host function they
    /// called, innermost last: the GC's roots in them (`store::gc`).
    #[cfg(feature = "gc")]
    pub(crate) parked: Vec<suspended::Parked>,
}

impl StoreInner {
    /// Whether a handle of this store's: an error naming `what` if not.
    pub(crate) fn check_store(&self, id: StoreId, what: &str) -> crate::Result<()> {
        if id == self.id {
            Ok(())
        } else {
            Err(wrong_store(what))
        }
    }

    /// Panics unless `id` is this store's (for the calls that cannot
    /// fail otherwise; see the [module docs](self)).
    #[track_caller]
    pub(crate) fn assert_store(&self, id: StoreId, what: &str) {
        if id != self.id {
            wrong_store_panic(what);
        }
    }

    /// The store ids of a module's types, in order (see [`types`]).
    pub(crate) fn intern_module_types(
        &mut self,
        info: &crate::parse::ModuleInfo,
    ) -> crate::Result<Vec<u32>> {
        #[cfg(feature = "gc")]
        return self.types.intern_module(&info.types, &info.rec_groups);
        #[cfg(not(feature = "gc"))]
        self.types.intern_module(&info.types)
    }

    /// The function type of store type id `id`.
    pub(crate) fn func_type(&self, id: u32) -> FuncType {
        self.types.func_type(id)
    }

    /// The id of a function type the host gives.
    pub(crate) fn intern_type(&mut self, ty: &FuncType) -> u32 {
        self.types.intern_func(ty)
    }

    /// Whether store type id `sub` is `sup` or a declared subtype of it.
    #[inline]
    pub(crate) fn is_subtype(&self, sub: u32, sup: u32) -> bool {
        crate::types::ConcreteTypes::is_subtype(&self.types, sub, sup)
    }
}

/// Owns everything a running program is made of (instances, functions,
/// memories, tables, globals) plus host data `T` that host functions can
/// reach through [`Caller`](crate::Caller).
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    pub(crate) hosts: Vec<HostFunc<T>>,
    pub(crate) data: T,
    pub(crate) limiter: Option<limits::LimiterFn<T>>,
}

impl<T> Store<T> {
    /// A new, empty store.
    pub fn new(engine: &Engine, data: T) -> Store<T> {
        Store {
            inner: StoreInner {
                id: StoreId::next(),
                engine: engine.clone(),
                funcs: Vec::new(),
                memories: Vec::new(),
                tables: Vec::new(),
                globals: Vec::new(),
                instances: Vec::new(),
                #[cfg(feature = "exceptions")]
                tags: Vec::new(),
                #[cfg(feature = "exceptions")]
                exns: exn::ExnHeap::default(),
                #[cfg(feature = "gc")]
                gc: gc::GcHeap::default(),
                types: types::TypeRegistry::default(),
                stack: Vec::new(),
                stack_top: 0,
                depth: 0,
                fuel: 0,
                suspended: None,
                next_suspended_id: 0,
                #[cfg(feature = "gc")]
                parked: Vec::new(),
            },
            hosts: Vec::new(),
            data,
            limiter: None,
        }
    }

    /// The engine this store was made with.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The host data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The host data, writable.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }

    /// Consumes the store, returning the host data.
    pub fn into_data(self) -> T {
        self.data
    }

    /// Sets the remaining fuel. Fuel is only consumed when the engine's
    /// [`Config::consume_fuel`](crate::Config::consume_fuel) is on.
    pub fn set_fuel(&mut self, fuel: u64) -> crate::Result<()> {
        if !self.inner.engine.config().consume_fuel {
            return Err(crate::Error::bad_argument(
                "fuel is not enabled in this engine's Config",
            ));
        }
        self.inner.fuel = fuel;
        Ok(())
    }

    /// The remaining fuel.
    pub fn get_fuel(&self) -> crate::Result<u64> {
        if !self.inner.engine.config().consume_fuel {
            return Err(crate::Error::bad_argument(
                "fuel is not enabled in this engine's Config",
            ));
        }
        Ok(self.inner.fuel)
    }
}

/// A store's type ids: what [`ValType::matches`](crate::ValType::matches)
/// needs to compare concrete types of this store.
impl<T> crate::types::ConcreteTypes for Store<T> {
    fn kind(&self, id: u32) -> Option<crate::types::CompositeKind> {
        self.inner.types.kind(id)
    }

    fn is_subtype(&self, sub: u32, sup: u32) -> bool {
        self.inner.is_subtype(sub, sup)
    }
}

impl<T: core::fmt::Debug> core::fmt::Debug for Store<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Store")
            .field("data", &self.data)
            .finish_non_exhaustive()
    }
}

/// The panic for a handle used with a store it does not belong to.
#[cold]
#[inline(never)]
#[track_caller]
fn wrong_store_panic(what: &str) -> ! {
    panic!("{what} used with a store it does not belong to")
}

/// The error for a handle used with a store it does not belong to.
#[cold]
fn wrong_store(what: &str) -> crate::Error {
    crate::Error::new(
        crate::ErrorKind::WrongStore,
        alloc::format!("{what} used with a store it does not belong to"),
    )
}

/// Read access to a store: implemented by [`Store`], references to it and
/// [`Caller`](crate::Caller).
pub trait AsContext {
    /// The store's host data type.
    type Data;
    /// The store.
    fn as_store(&self) -> &Store<Self::Data>;
    #[doc(hidden)]
    fn as_context(&self) -> &StoreInner {
        &self.as_store().inner
    }
}

/// Write access to a store.
pub trait AsContextMut: AsContext {
    /// The store.
    fn as_store_mut(&mut self) -> &mut Store<Self::Data>;
    #[doc(hidden)]
    fn as_context_mut(&mut self) -> &mut StoreInner {
        &mut self.as_store_mut().inner
    }
}

impl<T> AsContext for Store<T> {
    type Data = T;
    fn as_store(&self) -> &Store<T> {
        self
    }
}
impl<T> AsContextMut for Store<T> {
    fn as_store_mut(&mut self) -> &mut Store<T> {
        self
    }
}
impl<C: AsContext + ?Sized> AsContext for &C {
    type Data = C::Data;
    fn as_store(&self) -> &Store<C::Data> {
        (**self).as_store()
    }
}
impl<C: AsContext + ?Sized> AsContext for &mut C {
    type Data = C::Data;
    fn as_store(&self) -> &Store<C::Data> {
        (**self).as_store()
    }
}
impl<C: AsContextMut + ?Sized> AsContextMut for &mut C {
    fn as_store_mut(&mut self) -> &mut Store<C::Data> {
        (**self).as_store_mut()
    }
}

/// Anything an instance can import or export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extern {
    /// A function.
    Func(func::Func),
    /// A table.
    Table(table::Table),
    /// A linear memory.
    Memory(memory::Memory),
    /// A global.
    Global(global::Global),
    /// An exception tag.
    #[cfg(feature = "exceptions")]
    Tag(exn::Tag),
}

impl Extern {
    /// The store the item belongs to.
    pub(crate) fn store_id(&self) -> StoreId {
        match *self {
            Extern::Func(f) => f.1,
            Extern::Table(t) => t.1,
            Extern::Memory(m) => m.1,
            Extern::Global(g) => g.1,
            #[cfg(feature = "exceptions")]
            Extern::Tag(t) => t.1,
        }
    }

    /// The handle's type name, for messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Extern::Func(_) => "Func",
            Extern::Table(_) => "Table",
            Extern::Memory(_) => "Memory",
            Extern::Global(_) => "Global",
            #[cfg(feature = "exceptions")]
            Extern::Tag(_) => "Tag",
        }
    }

    /// The function, if this is one.
    pub fn into_func(self) -> Option<func::Func> {
        if let Extern::Func(f) = self {
            Some(f)
        } else {
            None
        }
    }
    /// The memory, if this is one.
    pub fn into_memory(self) -> Option<memory::Memory> {
        if let Extern::Memory(m) = self {
            Some(m)
        } else {
            None
        }
    }
    /// The table, if this is one.
    pub fn into_table(self) -> Option<table::Table> {
        if let Extern::Table(t) = self {
            Some(t)
        } else {
            None
        }
    }
    /// The global, if this is one.
    pub fn into_global(self) -> Option<global::Global> {
        if let Extern::Global(g) = self {
            Some(g)
        } else {
            None
        }
    }
    /// The tag, if this is one.
    #[cfg(feature = "exceptions")]
    pub fn into_tag(self) -> Option<exn::Tag> {
        if let Extern::Tag(t) = self {
            Some(t)
        } else {
            None
        }
    }
}
