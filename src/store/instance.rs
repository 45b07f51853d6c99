//! [`InstanceEntity`], an instance's view of the store, and the
//! [`Instance`] handle. Instantiation runs code (the start function), so
//! it lives above the interpreter, in `runtime::instance`.

use crate::error::Result;
use crate::map::VecMap;
use crate::store::func::Func;
use crate::store::global::Global;
use crate::store::memory::Memory;
use crate::store::module::CompiledModule;
use crate::store::table::Table;
use crate::store::{AsContext, Extern, StoreId, StoreInner};
use crate::sync::Arc;
use crate::translate::CompiledFunc;
use alloc::string::String;
use alloc::vec::Vec;

/// An instance's view of the store: its index spaces mapped to store
/// indices, and its segments.
#[derive(Debug)]
pub(crate) struct InstanceEntity {
    pub module: Arc<CompiledModule>,
    pub funcs: Vec<u32>,
    pub tables: Vec<u32>,
    pub memories: Vec<u32>,
    pub globals: Vec<u32>,
    /// The tag index space, as store indices.
    #[cfg(feature = "exceptions")]
    pub tags: Vec<u32>,
    /// Store type id of each of the module's types.
    pub type_ids: Vec<u32>,
    /// Element segments, resolved to reference cells; empty once dropped.
    pub elems: Vec<Vec<u64>>,
    pub data_dropped: Vec<bool>,
    pub exports: VecMap<String, Extern>,
    /// With lazy translation, each defined function's bytecode once it has
    /// been called. Never resized after instantiation, so the op vectors
    /// (which running frames point into) never move.
    pub code: Vec<Option<CompiledFunc>>,
    /// What a call needs of each defined function, in one small record:
    /// the interpreter's call path reads only this (see [`Entry`]). Never
    /// resized after instantiation: the executor keeps a pointer to it.
    pub entries: Vec<Entry>,
}

/// A defined function as the interpreter enters it: where its bytecode
/// starts and how its frame is laid out. `ops` is null until the function
/// is translated (lazy translation); [`InstanceEntity::compiled`] fills it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub ops: *const crate::bytecode::Op,
    /// Slots the frame needs.
    pub frame_size: u32,
    /// Parameters.
    pub num_params: u16,
    /// Parameters plus declared locals (at most 32,767: the translator's
    /// limit).
    pub num_locals: u16,
}

// SAFETY: `ops` points into a `Vec<Op>` that is never mutated once built
// (in the module's `Arc<ModuleInfo>` or the instance's `code`, which own
// it for as long as the entry exists); reading it from any thread is a
// read of shared immutable data.
unsafe impl Send for Entry {}
// SAFETY: as above.
unsafe impl Sync for Entry {}

impl Entry {
    pub(crate) const PENDING: Entry = Entry {
        ops: core::ptr::null(),
        frame_size: 0,
        num_params: 0,
        num_locals: 0,
    };

    pub(crate) fn of(cf: &CompiledFunc) -> Entry {
        Entry {
            ops: cf.ops.as_ptr(),
            frame_size: cf.frame_size,
            num_params: cf.num_params as u16,
            num_locals: cf.num_locals as u16,
        }
    }
}

impl InstanceEntity {
    /// The entry of defined function `index`, translating it on first use.
    #[inline(always)]
    pub fn compiled(&mut self, index: u32) -> Result<Entry> {
        let entry = self.entries[index as usize];
        if entry.ops.is_null() {
            return self.translate(index);
        }
        Ok(entry)
    }

    #[cold]
    #[inline(never)]
    fn translate(&mut self, index: u32) -> Result<Entry> {
        let cf = self.module.translate(index)?;
        let entry = Entry::of(&cf);
        self.code[index as usize] = Some(cf);
        self.entries[index as usize] = entry;
        Ok(entry)
    }

    /// The bytecode of defined function `index` if it has been translated.
    pub fn compiled_if_ready(&self, index: u32) -> Option<&CompiledFunc> {
        if self.module.is_lazy() {
            self.code.get(index as usize)?.as_ref()
        } else {
            self.module.funcs.get(index as usize)
        }
    }
}
/// A handle to an instantiated module in a [`Store`](crate::Store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance(pub(crate) u32, pub(crate) StoreId);

impl Instance {
    /// The instance a trap location lies in. `location` must come from a
    /// trap raised in `store`: a location from another store names an
    /// unrelated instance, or none (`None`).
    pub fn from_trap_location(
        store: impl AsContext,
        location: &crate::TrapLocation,
    ) -> Option<Instance> {
        let store = store.as_context();
        ((location.instance as usize) < store.instances.len())
            .then_some(Instance(location.instance, store.id))
    }

    /// The instance in `store`, which must be its own.
    #[track_caller]
    fn entity<'a>(&self, store: &'a StoreInner) -> &'a InstanceEntity {
        store.assert_store(self.1, "Instance");
        &store.instances[self.0 as usize]
    }

    /// The export called `name`.
    ///
    /// # Panics
    ///
    /// If the instance belongs to another store (as for the other
    /// accessors here).
    #[track_caller]
    pub fn get_export(&self, store: impl AsContext, name: &str) -> Option<Extern> {
        self.entity(store.as_context()).exports.get(name).copied()
    }

    /// All exports, by name.
    #[track_caller]
    pub fn exports<'a>(
        &self,
        store: &'a impl AsContext,
    ) -> impl Iterator<Item = (&'a str, Extern)> + 'a {
        self.entity(store.as_context())
            .exports
            .iter()
            .map(|(n, e)| (n.as_str(), *e))
    }

    /// The exported function `name`.
    #[track_caller]
    pub fn get_func(&self, store: impl AsContext, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported memory `name`.
    #[track_caller]
    pub fn get_memory(&self, store: impl AsContext, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported global `name`.
    #[track_caller]
    pub fn get_global(&self, store: impl AsContext, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }

    /// The exported table `name`.
    #[track_caller]
    pub fn get_table(&self, store: impl AsContext, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// The exported tag `name`.
    #[cfg(feature = "exceptions")]
    #[track_caller]
    pub fn get_tag(&self, store: impl AsContext, name: &str) -> Option<crate::store::exn::Tag> {
        self.get_export(store, name)?.into_tag()
    }
}
