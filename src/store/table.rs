//! Tables of references.

use crate::error::{Error, Result};
use crate::store::value::Val;
use crate::store::{AsContext, AsContextMut, StoreId, StoreInner};
use crate::types::TableType;
use alloc::vec::Vec;

/// Largest table Spindle allocates, in elements.
pub(crate) const MAX_TABLE_SIZE: u32 = 10_000_000;

#[derive(Debug)]
pub(crate) struct TableEntity {
    /// Reference cells: 0 is null, otherwise index + 1.
    pub elems: Vec<u64>,
    pub ty: TableType,
}

impl TableEntity {
    pub(crate) fn new(ty: TableType, init: u64) -> Result<TableEntity> {
        let mut t = TableEntity {
            elems: Vec::new(),
            ty,
        };
        let min = u32::try_from(ty.min).ok();
        if min.and_then(|min| t.grow(min, init)).is_none() {
            return Err(Error::instantiate(alloc::format!(
                "cannot allocate a table of {} elements",
                ty.min
            )));
        }
        Ok(t)
    }

    /// The declared maximum, capped by Spindle's own limit.
    pub(crate) fn max_elements(&self) -> u32 {
        self.ty.max.unwrap_or(u64::MAX).min(MAX_TABLE_SIZE as u64) as u32
    }

    /// Grows by `delta` elements set to `init`; the old size or `None`.
    pub(crate) fn grow(&mut self, delta: u32, init: u64) -> Option<u32> {
        let old = self.elems.len() as u32;
        let new = old.checked_add(delta)?;
        if new > self.max_elements() {
            return None;
        }
        self.elems.try_reserve_exact(delta as usize).ok()?;
        self.elems.resize(new as usize, init);
        Some(old)
    }
}

/// A handle to a table in a [`Store`](crate::Store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Table(pub(crate) u32, pub(crate) StoreId);

impl Table {
    /// Creates a table of type `ty` with every element set to `init`. The
    /// store's [`ResourceLimiter`](crate::ResourceLimiter) is asked first,
    /// as for a module's table: a refusal is a
    /// [`BadArgument`](crate::ErrorKind::BadArgument) error.
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table> {
        let store = store.as_store_mut();
        if !init.matches(ty.element, &store.inner) {
            return Err(Error::bad_argument("table initialiser has the wrong type"));
        }
        store.counts_allow(0, 1, 0).map_err(Error::bad_argument)?;
        store.admit_table(&ty).map_err(Error::bad_argument)?;
        let inner = &mut store.inner;
        let t = TableEntity::new(ty, init.to_cell(inner)?)?;
        inner.tables.push(t);
        Ok(Table(inner.tables.len() as u32 - 1, inner.id))
    }

    /// The table in `store`, which must be its own.
    #[track_caller]
    fn entity<'a>(&self, store: &'a StoreInner) -> &'a TableEntity {
        store.assert_store(self.1, "Table");
        &store.tables[self.0 as usize]
    }

    /// The table's type, with its current size as the minimum.
    ///
    /// # Panics
    ///
    /// If the table belongs to another store.
    #[track_caller]
    pub fn ty(&self, store: impl AsContext) -> TableType {
        let t = self.entity(store.as_context());
        TableType {
            min: t.elems.len() as u64,
            ..t.ty
        }
    }

    /// Size in elements.
    ///
    /// # Panics
    ///
    /// If the table belongs to another store.
    #[track_caller]
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.entity(store.as_context()).elems.len() as u64
    }

    /// The element at `index`, or `None` if out of bounds. A GC
    /// reference is rooted (see [`RootScope`](crate::RootScope)).
    ///
    /// # Panics
    ///
    /// If the table belongs to another store.
    #[track_caller]
    pub fn get(&self, mut store: impl AsContextMut, index: u32) -> Option<Val> {
        let inner = store.as_context_mut();
        let t = self.entity(inner);
        let v = t
            .elems
            .get(index as usize)
            .map(|&c| Val::from_cell(t.ty.element, c, inner));
        #[cfg(feature = "gc")]
        if let Some(v) = &v {
            inner.gc_root_val(v);
        }
        v
    }

    /// Sets the element at `index`.
    pub fn set(&self, mut store: impl AsContextMut, index: u32, value: Val) -> Result<()> {
        let inner = store.as_context_mut();
        inner.check_store(self.1, "Table")?;
        let cell = value.to_cell(inner)?;
        let matches = value.matches(inner.tables[self.0 as usize].ty.element, inner);
        let t = &mut inner.tables[self.0 as usize];
        if !matches {
            return Err(Error::bad_argument("table element has the wrong type"));
        }
        let slot = t
            .elems
            .get_mut(index as usize)
            .ok_or_else(|| Error::bad_argument("table index out of bounds"))?;
        *slot = cell;
        Ok(())
    }

    /// Grows by `delta` elements set to `init`; returns the old size.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64, init: Val) -> Result<u64> {
        let store = store.as_store_mut();
        store.inner.check_store(self.1, "Table")?;
        if !init.matches(store.inner.tables[self.0 as usize].ty.element, &store.inner) {
            return Err(Error::bad_argument("table initialiser has the wrong type"));
        }
        let cell = init.to_cell(&store.inner)?;
        store
            .grow_table(self.0, delta, cell)
            .map(u64::from)
            .ok_or_else(|| Error::bad_argument("table cannot grow that far"))
    }
}
