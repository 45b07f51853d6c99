//! Globals.

use crate::error::{Error, Result};
use crate::store::value::Val;
use crate::store::{AsContext, AsContextMut, StoreId, StoreInner};
use crate::types::{GlobalType, Mutability};

#[derive(Debug)]
pub(crate) struct GlobalEntity {
    pub value: u64,
    /// A `v128`'s upper half (0 for every other type).
    #[cfg(feature = "simd")]
    pub hi: u64,
    pub ty: GlobalType,
}

/// A handle to a global in a [`Store`](crate::Store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global(pub(crate) u32, pub(crate) StoreId);

impl Global {
    /// Creates a global holding `value`: an error if `value` is a function
    /// of another store.
    pub fn new(mut store: impl AsContextMut, mutability: Mutability, value: Val) -> Result<Global> {
        let inner = store.as_context_mut();
        let ty = GlobalType {
            content: value.ty(),
            mutability,
        };
        #[cfg(feature = "simd")]
        let hi = value.hi_cell();
        let value = value.to_cell(inner)?;
        inner.globals.push(GlobalEntity {
            value,
            #[cfg(feature = "simd")]
            hi,
            ty,
        });
        Ok(Global(inner.globals.len() as u32 - 1, inner.id))
    }

    /// The global in `store`, which must be its own.
    #[track_caller]
    fn entity<'a>(&self, store: &'a StoreInner) -> &'a GlobalEntity {
        store.assert_store(self.1, "Global");
        &store.globals[self.0 as usize]
    }

    /// The global's type.
    ///
    /// # Panics
    ///
    /// If the global belongs to another store.
    #[track_caller]
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        self.entity(store.as_context()).ty
    }

    /// The current value. A GC reference is rooted (see
    /// [`RootScope`](crate::RootScope)): it stays valid while the host
    /// holds it, even once the global changes.
    ///
    /// # Panics
    ///
    /// If the global belongs to another store.
    #[track_caller]
    pub fn get(&self, mut store: impl AsContextMut) -> Val {
        let inner = store.as_context_mut();
        let g = self.entity(inner);
        #[cfg(feature = "simd")]
        let v = Val::from_cells(g.ty.content, g.value, g.hi, inner);
        #[cfg(not(feature = "simd"))]
        let v = Val::from_cell(g.ty.content, g.value, inner);
        #[cfg(feature = "gc")]
        inner.gc_root_val(&v);
        v
    }

    /// Sets the value: the global must be mutable and `value` of its type.
    pub fn set(&self, mut store: impl AsContextMut, value: Val) -> Result<()> {
        let inner = store.as_context_mut();
        inner.check_store(self.1, "Global")?;
        let cell = value.to_cell(inner)?;
        let content = inner.globals[self.0 as usize].ty.content;
        let matches = value.matches(content, inner);
        let g = &mut inner.globals[self.0 as usize];
        if g.ty.mutability != Mutability::Var {
            return Err(Error::bad_argument("global is immutable"));
        }
        if !matches {
            return Err(Error::bad_argument(alloc::format!(
                "global holds {}, not {}",
                g.ty.content,
                value.ty()
            )));
        }
        g.value = cell;
        #[cfg(feature = "simd")]
        {
            g.hi = value.hi_cell();
        }
        Ok(())
    }
}
