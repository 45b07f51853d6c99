//! [`Val`]: a WebAssembly value crossing the host boundary.

#[cfg(feature = "gc")]
use crate::bytecode::gc;
use crate::error::Result;
use crate::store::StoreInner;
#[cfg(feature = "exceptions")]
use crate::store::exn::{ExnRef, exn_cell, exn_of_cell};
use crate::store::func::Func;
#[cfg(feature = "gc")]
use crate::store::gc as gc_heap;
#[cfg(feature = "gc")]
use crate::store::{AsContext, AsContextMut, StoreId};
#[cfg(feature = "function-references")]
use crate::types::HeapType;
use crate::types::ValType;

/// An opaque host reference carried by `externref` values: the host picks
/// the number and gives it meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExternRef(pub u32);

/// A reference of the `any` hierarchy (the `gc` cargo feature): a struct,
/// an array, an unboxed `i31`, or a host reference converted into `any`
/// (`any.convert_extern`). An opaque handle into its store, which
/// [`Val::AnyRef`] carries; used with another store it is an error, never
/// a panic.
///
/// An `externref` that wraps a struct, array or `i31`
/// (`extern.convert_any` of one) reaches the host as that reference, a
/// `Val::AnyRef` (an [`ExternRef`] is only a host number), and is taken
/// back wherever an `externref` is expected.
///
/// A struct or array reference the host gets is rooted: its object
/// stays alive until the root is released, with the
/// [`RootScope`](crate::RootScope) or the host function it was taken in
/// (see `store::gc`, "Host references"). Used after that, it is an error
/// once its object was collected.
#[cfg(feature = "gc")]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct AnyRef {
    pub(crate) cell: u64,
    pub(crate) store: StoreId,
}

/// What the reference is: `i31:N`, `struct`, `array` or `extern:N`.
#[cfg(feature = "gc")]
impl core::fmt::Debug for AnyRef {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if let Some(v) = self.i31_s() {
            write!(f, "i31:{v}")
        } else if self.is_struct() {
            f.write_str("struct")
        } else if self.is_array() {
            f.write_str("array")
        } else {
            write!(f, "extern:{}", self.as_extern().map_or(0, |r| r.0))
        }
    }
}

#[cfg(feature = "gc")]
impl AnyRef {
    /// The `i31` of `value`'s low 31 bits (what `ref.i31` makes).
    pub fn from_i31(store: impl AsContext, value: u32) -> AnyRef {
        AnyRef {
            cell: gc::i31_cell(value),
            store: store.as_context().id,
        }
    }

    /// Host reference `r` as a reference of `any` (what
    /// `any.convert_extern` makes of it).
    pub fn from_extern(store: impl AsContext, r: ExternRef) -> AnyRef {
        AnyRef {
            cell: gc::any_of_extern(r.0 as u64 + 1),
            store: store.as_context().id,
        }
    }

    /// The value of an `i31`, sign-extended from 31 bits (`i31.get_s`).
    pub fn i31_s(&self) -> Option<i32> {
        self.is_i31().then(|| gc::i31_get_s(self.cell))
    }

    /// The value of an `i31`, zero-extended (`i31.get_u`).
    pub fn i31_u(&self) -> Option<u32> {
        self.is_i31().then(|| gc::i31_get_u(self.cell))
    }

    /// Whether this is an `i31`.
    pub fn is_i31(&self) -> bool {
        gc::mark_of(self.cell) == gc::I31_MARK
    }

    /// Whether this is a struct.
    pub fn is_struct(&self) -> bool {
        gc::mark_of(self.cell) == gc::STRUCT_MARK
    }

    /// Whether this is an array.
    pub fn is_array(&self) -> bool {
        gc::mark_of(self.cell) == gc::ARRAY_MARK
    }

    /// The host reference this is, if it is one converted into `any`.
    pub fn as_extern(&self) -> Option<ExternRef> {
        (gc::mark_of(self.cell) == gc::EXTERN_MARK)
            .then(|| ExternRef((gc::extern_of_any(self.cell) - 1) as u32))
    }

    /// The store type id of a struct or array (`None` for an `i31` or a
    /// host reference). An error if the reference belongs to another
    /// store.
    pub fn type_id(&self, store: impl AsContext) -> Result<Option<u32>> {
        let inner = store.as_context();
        Ok(self.object(inner)?.map(|o| o.ty))
    }

    /// The object this names (`None` for an `i31` or a host reference);
    /// an error if the reference belongs to another store, or if its
    /// object was collected (a reference the host let go of: see
    /// [`RootScope`](crate::RootScope)).
    fn object<'s>(&self, inner: &'s StoreInner) -> Result<Option<&'s gc_heap::GcObject>> {
        inner.check_store(self.store, "AnyRef")?;
        if !self.is_struct() && !self.is_array() {
            return Ok(None);
        }
        match inner.gc.get(self.cell) {
            Some(o) => Ok(Some(o)),
            None => Err(crate::Error::bad_argument(
                "AnyRef: its object was collected (the reference was no longer rooted)",
            )),
        }
    }

    /// The fields of a struct, or the elements of an array, as values
    /// (`None` for an `i31` or a host reference); the references among
    /// them are rooted (see [`RootScope`](crate::RootScope)). An error if
    /// the reference belongs to another store or its object was
    /// collected.
    pub fn fields(&self, mut store: impl AsContextMut) -> Result<Option<alloc::vec::Vec<Val>>> {
        let inner = store.as_context_mut();
        let out = self.read_fields(inner)?;
        for v in out.iter().flatten() {
            inner.gc_root_val(v);
        }
        Ok(out)
    }

    fn read_fields(&self, inner: &StoreInner) -> Result<Option<alloc::vec::Vec<Val>>> {
        use crate::types::{CompositeType, StorageType};
        let Some(obj) = self.object(inner)? else {
            return Ok(None);
        };
        let unpack = |t: StorageType| match t {
            StorageType::I8 | StorageType::I16 => ValType::I32,
            StorageType::ValType(v) => v,
        };
        let mut out = alloc::vec::Vec::new();
        match (&obj.data, inner.types.get(obj.ty).map(|t| &t.composite)) {
            (data, Some(CompositeType::Struct(st))) => {
                let cells = data.cells().unwrap_or(&[]);
                for (i, f) in st.fields().iter().enumerate() {
                    let at = crate::bytecode::gc::field_cell(st, i);
                    let (lo, hi) = (
                        cells.get(at).copied().unwrap_or(0),
                        cells.get(at + 1).copied().unwrap_or(0),
                    );
                    out.push(Val::from_cells(unpack(f.element_type()), lo, hi, inner));
                }
            }
            (crate::store::gc::GcData::Array { elem, bytes }, Some(CompositeType::Array(a))) => {
                let t = unpack(a.field_type().element_type());
                for i in 0..obj.array_len() {
                    let (lo, hi) = crate::store::gc::read_elem(bytes, *elem, i);
                    out.push(Val::from_cells(t, lo, hi, inner));
                }
            }
            _ => {}
        }
        Ok(Some(out))
    }

    /// Whether this reference is of heap type `heap` (of the `any`
    /// hierarchy; concrete types are `store`'s ids).
    pub(crate) fn is(&self, heap: HeapType, store: &StoreInner) -> bool {
        let mark = gc::mark_of(self.cell);
        match heap {
            HeapType::Any => true,
            HeapType::Eq => matches!(mark, gc::I31_MARK | gc::STRUCT_MARK | gc::ARRAY_MARK),
            HeapType::I31 => mark == gc::I31_MARK,
            HeapType::Struct => mark == gc::STRUCT_MARK,
            HeapType::Array => mark == gc::ARRAY_MARK,
            HeapType::Concrete(id) => store
                .gc
                .get(self.cell)
                .is_some_and(|o| store.is_subtype(o.ty, id)),
            _ => false,
        }
    }
}

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
    /// A reference of the `any` hierarchy (`anyref`, `eqref`, `i31ref`,
    /// `structref`, `arrayref`, a struct or array type), `None` being
    /// null (the `gc` cargo feature; see [`AnyRef`]).
    #[cfg(feature = "gc")]
    AnyRef(Option<AnyRef>),
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
            #[cfg(feature = "gc")]
            Val::AnyRef(_) => ValType::reference(true, HeapType::Any),
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
            #[cfg(feature = "gc")]
            t if t.as_ref_type().is_some_and(|r| r.heap.is_any()) => Val::AnyRef(None),
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

    /// The upper 64 bits of a `v128`, which live in the slot after its
    /// low half (see [`crate::translate`], "v128 values"); 0 for every
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
            #[cfg(feature = "gc")]
            Val::AnyRef(r) => r.map_or(0, |r| r.cell),
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
            #[cfg(feature = "gc")]
            Val::AnyRef(Some(r)) => {
                store.check_store(r.store, "anyref value")?;
                let m = gc::mark_of(r.cell);
                if (m == gc::STRUCT_MARK || m == gc::ARRAY_MARK) && store.gc.get(r.cell).is_none() {
                    return Err(crate::Error::bad_argument(
                        "an anyref whose object does not exist",
                    ));
                }
                Ok(())
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
        {
            let Some(r) = ty.as_ref_type() else {
                return self.ty() == ty;
            };
            match (self, r.heap.top(&store.types)) {
                (Val::FuncRef(f), HeapType::Func) => match (f, r.heap) {
                    (None, _) => r.nullable,
                    (Some(_), HeapType::Func) => true,
                    (Some(f), HeapType::Concrete(id)) => store
                        .funcs
                        .get(f.0 as usize)
                        .is_some_and(|e| store.is_subtype(e.type_id(), id)),
                    (Some(_), _) => false,
                },
                #[cfg(feature = "exceptions")]
                (Val::ExnRef(e), HeapType::Exn) => match e {
                    None => r.nullable,
                    Some(_) => r.heap == HeapType::Exn,
                },
                (Val::ExternRef(e), HeapType::Extern) => match e {
                    None => r.nullable,
                    Some(_) => r.heap == HeapType::Extern,
                },
                #[cfg(feature = "gc")]
                (Val::AnyRef(a), HeapType::Any) => match a {
                    None => r.nullable,
                    Some(a) => a.is(r.heap, store),
                },
                // An externref that wraps an internal reference (see
                // [`AnyRef`]); its null is the extern null.
                #[cfg(feature = "gc")]
                (Val::AnyRef(a), HeapType::Extern) => match a {
                    None => r.nullable,
                    Some(a) => a.as_extern().is_none() && r.heap == HeapType::Extern,
                },
                _ => false,
            }
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
        #[cfg(feature = "gc")]
        if let Some(r) = ty.as_ref_type() {
            let top = r.heap.top(&inner.types);
            // The any hierarchy, and an externref that wraps an internal
            // reference (see `AnyRef`).
            if top == HeapType::Any || (top == HeapType::Extern && gc::mark_of(cell) != 0) {
                return Val::AnyRef((cell != 0).then_some(AnyRef { cell, store }));
            }
            if top == HeapType::Func {
                return Val::FuncRef((cell != 0).then(|| Func((cell - 1) as u32, store)));
            }
        }
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
