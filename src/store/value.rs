//! [`Val`]: a WebAssembly value crossing the host boundary.

use crate::error::Result;
use crate::store::func::Func;
use crate::store::{StoreId, StoreInner};
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
        }
    }

    /// The zero (or null) value of a type.
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::FuncRef => Val::FuncRef(None),
            ValType::ExternRef => Val::ExternRef(None),
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

    /// The slot encoding (see [`crate::bytecode`]) of a value going into
    /// `store`: an error if it is a function of another store.
    pub(crate) fn to_cell(self, store: &StoreInner) -> Result<u64> {
        self.check_store(store)?;
        Ok(match self {
            Val::I32(v) => v as u32 as u64,
            Val::I64(v) => v as u64,
            Val::F32(v) => v as u64,
            Val::F64(v) => v,
            Val::FuncRef(f) => f.map_or(0, |f| f.0 as u64 + 1),
            Val::ExternRef(r) => r.map_or(0, |r| r.0 as u64 + 1),
        })
    }

    /// An error if this is a function of a store other than `store`.
    pub(crate) fn check_store(&self, store: &StoreInner) -> Result<()> {
        match self {
            Val::FuncRef(Some(f)) => store.check_store(f.1, "funcref value"),
            _ => Ok(()),
        }
    }

    /// The value of type `ty` in slot encoding `cell`, read from `store`.
    pub(crate) fn from_cell(ty: ValType, cell: u64, store: StoreId) -> Val {
        match ty {
            ValType::I32 => Val::I32(cell as u32 as i32),
            ValType::I64 => Val::I64(cell as i64),
            ValType::F32 => Val::F32(cell as u32),
            ValType::F64 => Val::F64(cell),
            ValType::FuncRef => Val::FuncRef(if cell == 0 {
                None
            } else {
                Some(Func((cell - 1) as u32, store))
            }),
            ValType::ExternRef => Val::ExternRef(if cell == 0 {
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
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F64(v.to_bits())
    }
}
