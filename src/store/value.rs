//! [`Val`]: a WebAssembly value crossing the host boundary.

use crate::error::Result;
use crate::store::StoreInner;
#[cfg(feature = "exceptions")]
use crate::store::exn::{ExnRef, exn_cell, exn_of_cell};
use crate::store::func::Func;
#[cfg(feature = "function-references")]
use crate::types::HeapType;
use crate::types::ValType;

/// An opaque host reference carried by `externref` values: the host picks
/// the number and gives it meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExternRef(pub u32);

/// A WebAssembly value. Floats are carried as their bit patterns, so NaN
/// payloads survive the trip exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Val {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`, as bits.
    F32(u32),
    /// An `f64`, as bits.
    F64(u64),
    /// A `funcref`, `None` being null.
    FuncRef(Option<Func>),
    /// An `externref`, `None` being null.
    ExternRef(Option<ExternRef>),
    /// A `v128`, lane 0 in the low bits (the `simd` cargo feature).
    #[cfg(feature = "simd")]
    V128(u128),
    /// An `exnref`, `None` being null (the `exceptions` cargo feature).
    #[cfg(feature = "exceptions")]
    ExnRef(Option<ExnRef>),
}

impl Val {
    /// The value's type.
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::FuncRef(_) => ValType::FuncRef,
            Val::ExternRef(_) => ValType::ExternRef,
            #[cfg(feature = "simd")]
            Val::V128(_) => ValType::V128,
            #[cfg(feature = "exceptions")]
            Val::ExnRef(_) => ValType::reference(true, HeapType::Exn),
        }
    }

    /// The zero (or null) value of a type (null also for a non-nullable
    /// reference type, which has no default: a placeholder to be
    /// overwritten, as for a call's results).
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            #[cfg(feature = "simd")]
            ValType::V128 => Val::V128(0),
            t if t.is_func_ref() => Val::FuncRef(None),
            #[cfg(feature = "exceptions")]
            t if t.is_exn_ref() => Val::ExnRef(None),
            _ => Val::ExternRef(None),
        }
    }

    /// The `i32`, if this is one.
    pub fn i32(&self) -> Option<i32> {
        if let Val::I32(v) = *self {
            Some(v)
        } else {
            None
        }
    }

    /// The `i64`, if this is one.
    pub fn i64(&self) -> Option<i64> {
        if let Val::I64(v) = *self {
            Some(v)
        } else {
            None
        }
    }

    /// The `f32`, if this is one.
    pub fn f32(&self) -> Option<f32> {
        if let Val::F32(v) = *self {
            Some(f32::from_bits(v))
        } else {
            None
        }
    }

    /// The `f64`, if this is one.
    pub fn f64(&self) -> Option<f64> {
        if let Val::F64(v) = *self {
            Some(f64::from_bits(v))
        } else {
            None
        }
    }

    /// The `v128`, if this is one.
    #[cfg(feature = "simd")]
    pub fn v128(&self) -> Option<u128> {
        if let Val::V128(v) = *self {
            Some(v)
        } else {
            None
        }
    }

    /// The upper 64 bits of a `v128`, which live in the value stack's
    /// second plane (see [`crate::translate`], "v128 values"); 0 for every
    /// other value.
    #[cfg(feature = "simd")]
    pub(crate) fn hi_cell(&self) -> u64 {
        match *self {
            Val::V128(v) => (v >> 64) as u64,
            _ => 0,
        }
    }

    /// The slot encoding (see [`crate::bytecode`]) of a value going into
    /// `store`: an error if it is a function of another store. A `v128`'s
    /// is its lower 64 bits ([`Val::hi_cell`] has the rest).
    pub(crate) fn to_cell(self, store: &StoreInner) -> Result<u64> {
        self.check_store(store)?;
        Ok(match self {
            Val::I32(v) => v as u32 as u64,
            Val::I64(v) => v as u64,
            Val::F32(v) => v as u64,
            Val::F64(v) => v,
            Val::FuncRef(f) => f.map_or(0, |f| f.0 as u64 + 1),
            Val::ExternRef(r) => r.map_or(0, |r| r.0 as u64 + 1),
            #[cfg(feature = "simd")]
            Val::V128(v) => v as u64,
            #[cfg(feature = "exceptions")]
            Val::ExnRef(r) => r.map_or(0, |r| exn_cell(r.index, r.generation)),
        })
    }

    /// An error if this is a function (or exception) of a store other
    /// than `store`, or an exception no longer alive.
    pub(crate) fn check_store(&self, store: &StoreInner) -> Result<()> {
        match self {
            Val::FuncRef(Some(f)) => store.check_store(f.1, "funcref value"),
            #[cfg(feature = "exceptions")]
            Val::ExnRef(Some(r)) => {
                store.check_store(r.store, "exnref value")?;
                match store.exns.get(r.index, r.generation) {
                    Some(_) => Ok(()),
                    None => Err(crate::Error::bad_argument(
                        "an exnref whose exception no longer exists",
                    )),
                }
            }
            _ => Ok(()),
        }
    }

    /// Whether the value is one of type `ty`, whose concrete types are
    /// ids of `store` (see [`ValType::matches`]): a null reference matches
    /// a nullable type of its kind, a function a concrete type only if its
    /// type is that type or a declared subtype of it. (The store has no
    /// struct, array or i31 values yet: a null `externref` stands for the
    /// null of the `any` hierarchy.)
    pub(crate) fn matches(&self, ty: ValType, store: &StoreInner) -> bool {
        // Without typed references every type is its values' own.
        #[cfg(not(feature = "function-references"))]
        {
            let _ = store;
            self.ty() == ty
        }
        #[cfg(feature = "function-references")]
        match (self, ty.as_ref_type()) {
            (Val::FuncRef(f), Some(r)) if r.heap.is_func() => match (f, r.heap) {
                (None, _) => r.nullable,
                (Some(_), HeapType::Func) => true,
                (Some(f), HeapType::Concrete(id)) => store
                    .funcs
                    .get(f.0 as usize)
                    .is_some_and(|e| store.is_subtype(e.type_id(), id)),
                (Some(_), _) => false,
            },
            #[cfg(feature = "exceptions")]
            (Val::ExnRef(e), Some(r)) if r.heap.is_exn() => match e {
                None => r.nullable,
                Some(_) => r.heap == HeapType::Exn,
            },
            (Val::ExternRef(e), Some(r)) if !r.heap.is_func() && !r.heap.is_exn() => match e {
                None => r.nullable,
                Some(_) => r.heap == HeapType::Extern,
            },
            (v, _) => v.ty() == ty,
        }
    }

    /// The value of type `ty` in slot encoding `cell` (and `hi`, a
    /// `v128`'s upper half), read from `store`.
    pub(crate) fn from_cells(ty: ValType, cell: u64, hi: u64, store: &StoreInner) -> Val {
        #[cfg(feature = "simd")]
        if ty == ValType::V128 {
            return Val::V128(((hi as u128) << 64) | cell as u128);
        }
        let _ = hi;
        Val::from_cell(ty, cell, store)
    }

    /// The value of scalar or reference type `ty` in slot encoding `cell`,
    /// read from `store`. An exception reference pins its exception: the
    /// host may keep it (see `store::exn`).
    pub(crate) fn from_cell(ty: ValType, cell: u64, inner: &StoreInner) -> Val {
        let store = inner.id;
        match ty {
            ValType::I32 => Val::I32(cell as u32 as i32),
            ValType::I64 => Val::I64(cell as i64),
            ValType::F32 => Val::F32(cell as u32),
            ValType::F64 => Val::F64(cell),
            #[cfg(feature = "simd")]
            ValType::V128 => Val::V128(cell as u128),
            t if t.is_func_ref() => Val::FuncRef(if cell == 0 {
                None
            } else {
                Some(Func((cell - 1) as u32, store))
            }),
            #[cfg(feature = "exceptions")]
            t if t.is_exn_ref() => Val::ExnRef(exn_of_cell(cell).map(|(index, generation)| {
                inner.exns.pin(cell);
                ExnRef {
                    index,
                    generation,
                    store,
                }
            })),
            _ => Val::ExternRef(if cell == 0 {
                None
            } else {
                Some(ExternRef((cell - 1) as u32))
            }),
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}
impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::F32(v.to_bits())
    }
}
#[cfg(feature = "simd")]
impl From<u128> for Val {
    fn from(v: u128) -> Val {
        Val::V128(v)
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F64(v.to_bits())
    }
}
