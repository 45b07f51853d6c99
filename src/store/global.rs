//! Globals.

use crate::error::{Error, Result};
use crate::store::value::Val;
use crate::store::{AsContext, AsContextMut};
use crate::types::{GlobalType, Mutability};

#[derive(Debug)]
pub(crate) struct GlobalEntity {
    pub value: u64,
    pub ty: GlobalType,
}

/// A handle to a global in a [`Store`](crate::Store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Global(pub(crate) u32);

impl Global {
    /// Creates a global holding `value`.
    pub fn new(mut store: impl AsContextMut, mutability: Mutability, value: Val) -> Global {
        let inner = store.as_context_mut();
        let ty = GlobalType {
            content: value.ty(),
            mutability,
        };
        inner.globals.push(GlobalEntity {
            value: value.to_cell(),
            ty,
        });
        Global(inner.globals.len() as u32 - 1)
    }

    /// The global's type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        store.as_context().globals[self.0 as usize].ty
    }

    /// The current value.
    pub fn get(&self, store: impl AsContext) -> Val {
        let g = &store.as_context().globals[self.0 as usize];
        Val::from_cell(g.ty.content, g.value)
    }

    /// Sets the value: the global must be mutable and `value` of its type.
    pub fn set(&self, mut store: impl AsContextMut, value: Val) -> Result<()> {
        let g = &mut store.as_context_mut().globals[self.0 as usize];
        if g.ty.mutability != Mutability::Var {
            return Err(Error::bad_argument("global is immutable"));
        }
        if g.ty.content != value.ty() {
            return Err(Error::bad_argument(alloc::format!(
                "global holds {}, not {}",
                g.ty.content,
                value.ty()
            )));
        }
        g.value = value.to_cell();
        Ok(())
    }
}
