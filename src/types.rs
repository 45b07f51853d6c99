//! The types of values and of the things a module imports and exports.
//!
//! # Defined types and subtyping (the `gc` cargo feature)
//!
//! A module's type section defines function types and, with the GC
//! proposal, struct and array types ([`CompositeType`]), each as a
//! [`SubType`]: `final` or not, with at most one declared supertype.
//! Types are defined in recursion groups, whose members may refer to one
//! another. A concrete heap type ([`HeapType::Concrete`]) names a defined
//! type by a number: a module's type index in the types a
//! [`Module`](crate::Module) reports, a store's canonical type id
//! everywhere else (see `store::types` for how ids are given and why
//! subtype checks between them take constant time).
//!
//! The subtype relation between value types ([`ValType::matches`]) needs
//! to know, for a concrete type, whether it is a function, struct or array
//! type and which types it declares as supertypes; it asks a
//! [`ConcreteTypes`] (a store implements it). The abstract heap types form
//! four hierarchies, each with a bottom that only null inhabits:
//!
//! ```text
//!        any               func        extern        exn
//!         |                  |           |            |
//!        eq              $f (func)    noextern      noexn
//!      /  |   \              |
//!   i31 struct array      nofunc
//!         |     |
//!     $s (struct) $a (array)
//!         \  |  /
//!          none
//! ```

use crate::sync::Arc;
use alloc::boxed::Box;
use core::fmt;

/// A WebAssembly value type.
///
/// The nullable abstract references are [`ValType::FuncRef`] and
/// [`ValType::ExternRef`]; every other reference type (non-nullable, a
/// bottom type, or a concrete function type, from the typed function
/// references of WebAssembly 3.0) is a [`ValType::Ref`]. The constructor
/// [`ValType::reference`] keeps that normal form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit IEEE float.
    F32,
    /// 64-bit IEEE float.
    F64,
    /// 128-bit vector (the `simd` cargo feature).
    #[cfg(feature = "simd")]
    V128,
    /// A nullable function reference: `(ref null func)`.
    FuncRef,
    /// A nullable opaque host reference: `(ref null extern)`.
    ExternRef,
    /// Any other reference type (with the `function-references` cargo
    /// feature, which the firmware leaves out: the payload would make
    /// every type a word instead of a byte).
    #[cfg(feature = "function-references")]
    Ref(RefType),
}

/// A reference type other than `funcref` and `externref`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RefType {
    /// Whether null is a value of the type.
    pub nullable: bool,
    /// What the reference points to.
    pub heap: HeapType,
}

/// What a reference points to.
///
/// A concrete type's index is into the module's type section for types a
/// [`Module`](crate::Module) reports, and a store's own type id for the
/// types of objects in a [`Store`](crate::Store) (the store gives equal
/// function types equal ids, across modules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HeapType {
    /// Any function.
    Func,
    /// Any host reference.
    Extern,
    /// No function: only null has this heap type.
    NoFunc,
    /// No host reference: only null.
    NoExtern,
    /// Any exception (the `exceptions` cargo feature).
    #[cfg(feature = "exceptions")]
    Exn,
    /// No exception: only null.
    #[cfg(feature = "exceptions")]
    NoExn,
    /// Any internal reference: the top of the GC hierarchy (the `gc`
    /// cargo feature).
    #[cfg(feature = "gc")]
    Any,
    /// A reference that `ref.eq` can compare: `i31`, structs and arrays.
    #[cfg(feature = "gc")]
    Eq,
    /// An unboxed 31-bit integer.
    #[cfg(feature = "gc")]
    I31,
    /// Any struct.
    #[cfg(feature = "gc")]
    Struct,
    /// Any array.
    #[cfg(feature = "gc")]
    Array,
    /// No internal reference: only null.
    #[cfg(feature = "gc")]
    None,
    /// A defined type: a function type, or with the `gc` cargo feature a
    /// struct or array type.
    Concrete(u32),
}

impl HeapType {
    /// Whether this is one of the function heap types (`func`, `nofunc`,
    /// a concrete function type), as against the `extern` ones. Knowing
    /// no types, it counts every concrete type as a function type; with
    /// the `gc` cargo feature a concrete type may be a struct or array
    /// type, which [`HeapType::top`], given the types, tells apart.
    pub fn is_func(self) -> bool {
        matches!(
            self,
            HeapType::Func | HeapType::NoFunc | HeapType::Concrete(_)
        )
    }

    /// The top of this heap type's hierarchy: `func`, `extern`, `exn`
    /// or `any` (see the module docs' picture). `types` says what a
    /// concrete type is (a number that names no type counts as a
    /// function type). Unlike [`HeapType::is_func`], this tells a struct
    /// or array type from a function type.
    pub fn top(self, types: &dyn ConcreteTypes) -> HeapType {
        match self {
            HeapType::Func | HeapType::NoFunc => HeapType::Func,
            HeapType::Extern | HeapType::NoExtern => HeapType::Extern,
            #[cfg(feature = "exceptions")]
            HeapType::Exn | HeapType::NoExn => HeapType::Exn,
            #[cfg(feature = "gc")]
            HeapType::Any
            | HeapType::Eq
            | HeapType::I31
            | HeapType::Struct
            | HeapType::Array
            | HeapType::None => HeapType::Any,
            HeapType::Concrete(id) => match types.kind(id) {
                #[cfg(feature = "gc")]
                Some(CompositeKind::Struct | CompositeKind::Array) => HeapType::Any,
                _ => HeapType::Func,
            },
        }
    }

    /// Whether this is `exn` or `noexn` (exception references).
    pub fn is_exn(self) -> bool {
        #[cfg(feature = "exceptions")]
        return matches!(self, HeapType::Exn | HeapType::NoExn);
        #[cfg(not(feature = "exceptions"))]
        false
    }

    /// Whether this is one of the abstract heap types of the GC hierarchy
    /// (`any`, `eq`, `i31`, `struct`, `array`, `none`).
    pub fn is_any(self) -> bool {
        #[cfg(feature = "gc")]
        return matches!(
            self,
            HeapType::Any
                | HeapType::Eq
                | HeapType::I31
                | HeapType::Struct
                | HeapType::Array
                | HeapType::None
        );
        #[cfg(not(feature = "gc"))]
        false
    }

    /// Whether every reference of heap type `self` is one of `other`, with
    /// `types` telling what concrete types are (see the module docs'
    /// picture).
    #[cfg(feature = "function-references")]
    pub fn matches(self, other: HeapType, types: &dyn ConcreteTypes) -> bool {
        use HeapType as H;
        match (self, other) {
            (x, y) if x == y => true,
            (H::Concrete(a), H::Concrete(b)) => types.is_subtype(a, b),
            (H::Concrete(a), y) => match types.kind(a) {
                Some(CompositeKind::Func) => y == H::Func,
                #[cfg(feature = "gc")]
                Some(CompositeKind::Struct) => matches!(y, H::Struct | H::Eq | H::Any),
                #[cfg(feature = "gc")]
                Some(CompositeKind::Array) => matches!(y, H::Array | H::Eq | H::Any),
                None => false,
            },
            (H::NoFunc, y) => match y {
                H::Func => true,
                H::Concrete(b) => types.kind(b) == Some(CompositeKind::Func),
                _ => false,
            },
            (H::NoExtern, H::Extern) => true,
            #[cfg(feature = "exceptions")]
            (H::NoExn, H::Exn) => true,
            #[cfg(feature = "gc")]
            (H::None, y) => match y {
                H::Concrete(b) => types.kind(b).is_some_and(|k| k != CompositeKind::Func),
                y => y.is_any(),
            },
            #[cfg(feature = "gc")]
            (H::I31 | H::Struct | H::Array, H::Eq | H::Any) => true,
            #[cfg(feature = "gc")]
            (H::Eq, H::Any) => true,
            _ => false,
        }
    }
}

/// What a defined type is: which abstract heap type is above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CompositeKind {
    /// A function type (below `func`).
    Func,
    /// A struct type (below `struct`, `eq` and `any`).
    #[cfg(feature = "gc")]
    Struct,
    /// An array type (below `array`, `eq` and `any`).
    #[cfg(feature = "gc")]
    Array,
}

/// What the subtype relation needs to know about concrete types
/// ([`HeapType::Concrete`]): what each is, and which are declared
/// subtypes of which. A [`Store`](crate::Store) answers for its type ids.
pub trait ConcreteTypes {
    /// What concrete type `id` is; `None` for a number that names no
    /// type.
    fn kind(&self, id: u32) -> Option<CompositeKind>;
    /// Whether concrete type `sub` is `sup` or declares it as a
    /// (possibly indirect) supertype.
    fn is_subtype(&self, sub: u32, sup: u32) -> bool;
}

impl ValType {
    /// Whether this is `v128` (never, without the `simd` feature).
    #[inline]
    pub fn is_v128(self) -> bool {
        #[cfg(feature = "simd")]
        return self == ValType::V128;
        #[cfg(not(feature = "simd"))]
        false
    }

    /// The 64-bit value-stack slots a value of this type takes: two for a
    /// `v128`, one for anything else (see `translate`, "v128 values").
    #[inline]
    #[cfg_attr(not(feature = "simd"), allow(dead_code))]
    pub(crate) fn cells(self) -> u32 {
        1 + self.is_v128() as u32
    }
}

/// The slots that values of types `tys` take, one after another.
#[inline]
pub(crate) fn cells_of(tys: &[ValType]) -> u32 {
    #[cfg(feature = "simd")]
    return tys.iter().map(|t| t.cells()).sum();
    #[cfg(not(feature = "simd"))]
    {
        tys.len() as u32
    }
}

/// The first slot of each of `tys` when they lie one after another from
/// slot 0: one slot each, two for a `v128`.
#[cfg(feature = "simd")]
pub(crate) fn slot_offsets(tys: &[ValType]) -> impl Iterator<Item = usize> + '_ {
    tys.iter().scan(0, |at, t| {
        let here = *at;
        *at += t.cells() as usize;
        Some(here)
    })
}

/// The first slot of each of `tys`: its index, without `v128`.
#[cfg(not(feature = "simd"))]
pub(crate) fn slot_offsets(tys: &[ValType]) -> impl Iterator<Item = usize> + '_ {
    0..tys.len()
}

impl ValType {
    pub(crate) fn from_wasm(ty: wasmparser::ValType) -> Option<ValType> {
        Some(match ty {
            wasmparser::ValType::I32 => ValType::I32,
            wasmparser::ValType::I64 => ValType::I64,
            wasmparser::ValType::F32 => ValType::F32,
            wasmparser::ValType::F64 => ValType::F64,
            #[cfg(feature = "simd")]
            wasmparser::ValType::V128 => ValType::V128,
            wasmparser::ValType::Ref(r) if r == wasmparser::RefType::FUNCREF => ValType::FuncRef,
            wasmparser::ValType::Ref(r) if r == wasmparser::RefType::EXTERNREF => {
                ValType::ExternRef
            }
            #[cfg(feature = "function-references")]
            wasmparser::ValType::Ref(r) => {
                use wasmparser::{AbstractHeapType as A, HeapType as H, UnpackedIndex};
                let heap = match r.heap_type() {
                    H::Abstract { shared: false, ty } => match ty {
                        A::Func => HeapType::Func,
                        A::Extern => HeapType::Extern,
                        A::NoFunc => HeapType::NoFunc,
                        A::NoExtern => HeapType::NoExtern,
                        #[cfg(feature = "exceptions")]
                        A::Exn => HeapType::Exn,
                        #[cfg(feature = "exceptions")]
                        A::NoExn => HeapType::NoExn,
                        #[cfg(feature = "gc")]
                        A::Any => HeapType::Any,
                        #[cfg(feature = "gc")]
                        A::Eq => HeapType::Eq,
                        #[cfg(feature = "gc")]
                        A::I31 => HeapType::I31,
                        #[cfg(feature = "gc")]
                        A::Struct => HeapType::Struct,
                        #[cfg(feature = "gc")]
                        A::Array => HeapType::Array,
                        #[cfg(feature = "gc")]
                        A::None => HeapType::None,
                        _ => return None,
                    },
                    H::Concrete(UnpackedIndex::Module(i)) => HeapType::Concrete(i),
                    _ => return None,
                };
                ValType::reference(r.is_nullable(), heap)
            }
            #[allow(unreachable_patterns)] // with `simd` and `function-references`
            _ => return None,
        })
    }

    /// The reference type `(ref null? heap)`, in normal form (`funcref` and
    /// `externref` for the nullable abstract ones).
    #[cfg(feature = "function-references")]
    pub fn reference(nullable: bool, heap: HeapType) -> ValType {
        match (nullable, heap) {
            (true, HeapType::Func) => ValType::FuncRef,
            (true, HeapType::Extern) => ValType::ExternRef,
            _ => ValType::Ref(RefType { nullable, heap }),
        }
    }

    /// The reference type's nullability and heap type, if this is one.
    pub fn as_ref_type(self) -> Option<RefType> {
        match self {
            ValType::FuncRef => Some(RefType {
                nullable: true,
                heap: HeapType::Func,
            }),
            ValType::ExternRef => Some(RefType {
                nullable: true,
                heap: HeapType::Extern,
            }),
            #[cfg(feature = "function-references")]
            ValType::Ref(r) => Some(r),
            _ => None,
        }
    }

    /// Whether this is a reference type.
    pub fn is_ref(self) -> bool {
        self.as_ref_type().is_some()
    }

    /// Whether this is a function reference type (a value of it is a
    /// [`Val::FuncRef`](crate::Val::FuncRef)).
    pub fn is_func_ref(self) -> bool {
        self.as_ref_type().is_some_and(|r| r.heap.is_func())
    }

    /// Whether this is an exception reference type (a value of it is a
    /// [`Val::ExnRef`](crate::Val::ExnRef)).
    pub fn is_exn_ref(self) -> bool {
        self.as_ref_type().is_some_and(|r| r.heap.is_exn())
    }

    /// The same type with concrete indices mapped by `map` (module type
    /// indices to a store's ids); `None` if an index is out of its range.
    #[cfg(feature = "function-references")]
    pub(crate) fn map_concrete(self, map: impl Fn(u32) -> Option<u32>) -> Option<ValType> {
        Some(match self {
            ValType::Ref(RefType {
                nullable,
                heap: HeapType::Concrete(i),
            }) => ValType::Ref(RefType {
                nullable,
                heap: HeapType::Concrete(map(i)?),
            }),
            other => other,
        })
    }

    /// Whether every value of `self` is a value of `other` (subtyping):
    /// equal types, a non-null reference where a nullable one is expected,
    /// a heap type below the expected one (see [`HeapType::matches`] and
    /// the module docs). `types` says what concrete types are: a store
    /// for its ids.
    pub fn matches(self, other: ValType, types: &dyn ConcreteTypes) -> bool {
        #[cfg(not(feature = "function-references"))]
        {
            let _ = types;
            self == other
        }
        #[cfg(feature = "function-references")]
        match (self.as_ref_type(), other.as_ref_type()) {
            (Some(a), Some(b)) => (b.nullable || !a.nullable) && a.heap.matches(b.heap, types),
            _ => self == other,
        }
    }
}

impl fmt::Display for HeapType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeapType::Func => f.write_str("func"),
            HeapType::Extern => f.write_str("extern"),
            HeapType::NoFunc => f.write_str("nofunc"),
            HeapType::NoExtern => f.write_str("noextern"),
            #[cfg(feature = "exceptions")]
            HeapType::Exn => f.write_str("exn"),
            #[cfg(feature = "exceptions")]
            HeapType::NoExn => f.write_str("noexn"),
            #[cfg(feature = "gc")]
            HeapType::Any => f.write_str("any"),
            #[cfg(feature = "gc")]
            HeapType::Eq => f.write_str("eq"),
            #[cfg(feature = "gc")]
            HeapType::I31 => f.write_str("i31"),
            #[cfg(feature = "gc")]
            HeapType::Struct => f.write_str("struct"),
            #[cfg(feature = "gc")]
            HeapType::Array => f.write_str("array"),
            #[cfg(feature = "gc")]
            HeapType::None => f.write_str("none"),
            HeapType::Concrete(i) => write!(f, "{i}"),
        }
    }
}

impl fmt::Display for ValType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValType::I32 => "i32",
            ValType::I64 => "i64",
            ValType::F32 => "f32",
            ValType::F64 => "f64",
            #[cfg(feature = "simd")]
            ValType::V128 => "v128",
            ValType::FuncRef => "funcref",
            ValType::ExternRef => "externref",
            #[cfg(feature = "function-references")]
            ValType::Ref(r) => {
                let null = if r.nullable { "null " } else { "" };
                return write!(f, "(ref {null}{})", r.heap);
            }
        })
    }
}

/// A function signature. Cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncType {
    // params followed by results, with the split point
    types: Arc<[ValType]>,
    num_params: usize,
}

impl FuncType {
    /// A signature with the given parameter and result types.
    pub fn new(
        params: impl IntoIterator<Item = ValType>,
        results: impl IntoIterator<Item = ValType>,
    ) -> FuncType {
        let mut v: alloc::vec::Vec<ValType> = params.into_iter().collect();
        let num_params = v.len();
        v.extend(results);
        FuncType {
            types: Arc::from(v.into_boxed_slice() as Box<[ValType]>),
            num_params,
        }
    }

    /// Parameter types.
    pub fn params(&self) -> &[ValType] {
        &self.types[..self.num_params]
    }

    /// Result types.
    pub fn results(&self) -> &[ValType] {
        &self.types[self.num_params..]
    }

    /// The same signature with concrete type indices mapped by `map`
    /// (see [`ValType::map_concrete`]).
    #[cfg(feature = "function-references")]
    pub(crate) fn map_concrete(&self, map: impl Fn(u32) -> Option<u32>) -> Option<FuncType> {
        if !self.types.iter().any(|t| matches!(t, ValType::Ref(_))) {
            return Some(self.clone());
        }
        let mut types = alloc::vec::Vec::with_capacity(self.types.len());
        for t in self.types.iter() {
            types.push(t.map_concrete(&map)?);
        }
        Some(FuncType {
            types: Arc::from(types.into_boxed_slice()),
            num_params: self.num_params,
        })
    }
}

impl fmt::Display for FuncType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(func")?;
        if !self.params().is_empty() {
            f.write_str(" (param")?;
            for p in self.params() {
                write!(f, " {p}")?;
            }
            f.write_str(")")?;
        }
        if !self.results().is_empty() {
            f.write_str(" (result")?;
            for r in self.results() {
                write!(f, " {r}")?;
            }
            f.write_str(")")?;
        }
        f.write_str(")")
    }
}

/// A defined type: a function type, or (the `gc` cargo feature) a struct
/// or array type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CompositeType {
    /// A function type.
    Func(FuncType),
    /// A struct type.
    #[cfg(feature = "gc")]
    Struct(StructType),
    /// An array type.
    #[cfg(feature = "gc")]
    Array(ArrayType),
}

impl CompositeType {
    /// Which kind of type this is.
    pub fn kind(&self) -> CompositeKind {
        match self {
            CompositeType::Func(_) => CompositeKind::Func,
            #[cfg(feature = "gc")]
            CompositeType::Struct(_) => CompositeKind::Struct,
            #[cfg(feature = "gc")]
            CompositeType::Array(_) => CompositeKind::Array,
        }
    }

    /// The function type, if this is one.
    pub fn as_func(&self) -> Option<&FuncType> {
        match self {
            CompositeType::Func(f) => Some(f),
            #[allow(unreachable_patterns)] // without `gc`
            _ => None,
        }
    }

    /// The same type with concrete type numbers mapped by `map` (see
    /// [`ValType::map_concrete`]).
    #[cfg(feature = "gc")]
    pub(crate) fn map_concrete(&self, map: impl Fn(u32) -> Option<u32>) -> Option<CompositeType> {
        Some(match self {
            CompositeType::Func(f) => CompositeType::Func(f.map_concrete(map)?),
            #[cfg(feature = "gc")]
            CompositeType::Struct(s) => {
                let mut fields = alloc::vec::Vec::with_capacity(s.fields.len());
                for f in s.fields.iter() {
                    fields.push(f.map_concrete(&map)?);
                }
                CompositeType::Struct(StructType {
                    fields: Arc::from(fields.into_boxed_slice()),
                })
            }
            #[cfg(feature = "gc")]
            CompositeType::Array(a) => CompositeType::Array(ArrayType {
                field: a.field.map_concrete(map)?,
            }),
        })
    }
}

impl fmt::Display for CompositeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompositeType::Func(t) => write!(f, "{t}"),
            #[cfg(feature = "gc")]
            CompositeType::Struct(t) => write!(f, "{t}"),
            #[cfg(feature = "gc")]
            CompositeType::Array(t) => write!(f, "{t}"),
        }
    }
}

/// A type as a module's type section defines it: its composite type,
/// whether it is `final` (no type may declare it as a supertype) and the
/// supertype it declares, if any. Without the GC proposal every type is
/// final and declares none.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubType {
    /// Whether no type may name this one as its supertype.
    pub is_final: bool,
    /// The declared supertype (a concrete type: a module's type index, or
    /// a store's type id).
    pub supertype: Option<u32>,
    /// The type itself.
    pub composite: CompositeType,
}

impl SubType {
    /// A final type with no supertype (every type before the GC proposal).
    pub fn plain(composite: CompositeType) -> SubType {
        SubType {
            is_final: true,
            supertype: None,
            composite,
        }
    }
}

impl fmt::Display for SubType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_final && self.supertype.is_none() {
            return write!(f, "{}", self.composite);
        }
        f.write_str("(sub ")?;
        if self.is_final {
            f.write_str("final ")?;
        }
        if let Some(s) = self.supertype {
            write!(f, "{s} ")?;
        }
        write!(f, "{})", self.composite)
    }
}

/// How a struct field or array element is stored: a packed integer or a
/// value type.
#[cfg(feature = "gc")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StorageType {
    /// An 8-bit integer (read as an `i32`, sign- or zero-extended).
    I8,
    /// A 16-bit integer (read as an `i32`, sign- or zero-extended).
    I16,
    /// A value of a value type.
    ValType(ValType),
}

#[cfg(feature = "gc")]
impl StorageType {
    /// The value type a read of the field gives (`i32` for the packed ones).
    pub fn unpack(self) -> ValType {
        match self {
            StorageType::I8 | StorageType::I16 => ValType::I32,
            StorageType::ValType(t) => t,
        }
    }
}

#[cfg(feature = "gc")]
impl fmt::Display for StorageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageType::I8 => f.write_str("i8"),
            StorageType::I16 => f.write_str("i16"),
            StorageType::ValType(t) => write!(f, "{t}"),
        }
    }
}

/// A struct field's or an array element's type: its storage and whether
/// it can be written.
#[cfg(feature = "gc")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldType {
    mutability: Mutability,
    element_type: StorageType,
}

#[cfg(feature = "gc")]
impl FieldType {
    /// A field of `element_type`, writable if `mutability` is `Var`.
    pub fn new(mutability: Mutability, element_type: StorageType) -> FieldType {
        FieldType {
            mutability,
            element_type,
        }
    }

    /// Whether the field can be written.
    pub fn mutability(&self) -> Mutability {
        self.mutability
    }

    /// How the field is stored.
    pub fn element_type(&self) -> StorageType {
        self.element_type
    }

    fn map_concrete(self, map: impl Fn(u32) -> Option<u32>) -> Option<FieldType> {
        Some(match self.element_type {
            StorageType::ValType(t) => FieldType {
                element_type: StorageType::ValType(t.map_concrete(map)?),
                ..self
            },
            _ => self,
        })
    }
}

#[cfg(feature = "gc")]
impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mutability {
            Mutability::Var => write!(f, "(mut {})", self.element_type),
            Mutability::Const => write!(f, "{}", self.element_type),
        }
    }
}

/// A struct type: its fields, in order. Cheap to clone.
#[cfg(feature = "gc")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StructType {
    fields: Arc<[FieldType]>,
}

#[cfg(feature = "gc")]
impl StructType {
    /// A struct type with the given fields.
    pub fn new(fields: impl IntoIterator<Item = FieldType>) -> StructType {
        let v: alloc::vec::Vec<FieldType> = fields.into_iter().collect();
        StructType {
            fields: Arc::from(v.into_boxed_slice()),
        }
    }

    /// The fields, in order.
    pub fn fields(&self) -> &[FieldType] {
        &self.fields
    }

    /// Field `i`, if there is one.
    pub fn field(&self, i: usize) -> Option<FieldType> {
        self.fields.get(i).copied()
    }
}

#[cfg(feature = "gc")]
impl fmt::Display for StructType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(struct")?;
        for field in self.fields.iter() {
            write!(f, " (field {field})")?;
        }
        f.write_str(")")
    }
}

/// An array type: its elements' type.
#[cfg(feature = "gc")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArrayType {
    field: FieldType,
}

#[cfg(feature = "gc")]
impl ArrayType {
    /// An array of elements of type `field`.
    pub fn new(field: FieldType) -> ArrayType {
        ArrayType { field }
    }

    /// The elements' type.
    pub fn field_type(&self) -> FieldType {
        self.field
    }
}

#[cfg(feature = "gc")]
impl fmt::Display for ArrayType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(array {})", self.field)
    }
}

/// A table's element type and size limits (in elements).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableType {
    /// `FuncRef` or `ExternRef`.
    pub element: ValType,
    /// Initial size.
    pub min: u64,
    /// Maximum size, if any.
    pub max: Option<u64>,
    /// Whether the table is indexed by i64 (the memory64 proposal's
    /// `table64`) rather than i32.
    pub table64: bool,
}

impl TableType {
    /// A table indexed by i32.
    pub const fn new(element: ValType, min: u32, max: Option<u32>) -> TableType {
        TableType {
            element,
            min: min as u64,
            max: match max {
                Some(m) => Some(m as u64),
                None => None,
            },
            table64: false,
        }
    }

    /// The type of an index into the table: `i64` for a 64-bit table.
    pub const fn index_type(&self) -> ValType {
        if self.table64 {
            ValType::I64
        } else {
            ValType::I32
        }
    }
}

/// A linear memory's size limits, in pages, its page size and its
/// address type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryType {
    /// Initial size in pages.
    pub min: u64,
    /// Maximum size in pages, if any.
    pub max: Option<u64>,
    /// The page size's base-2 logarithm: 16 (64 KiB pages) unless the
    /// module uses the custom-page-sizes proposal, whose other page size
    /// is 1 byte (0).
    pub page_size_log2: u8,
    /// Whether addresses are i64 (the memory64 proposal) rather than i32.
    pub memory64: bool,
}

impl MemoryType {
    /// A 32-bit memory type with 64 KiB pages.
    pub const fn new(min: u32, max: Option<u32>) -> MemoryType {
        MemoryType {
            min: min as u64,
            max: match max {
                Some(m) => Some(m as u64),
                None => None,
            },
            page_size_log2: 16,
            memory64: false,
        }
    }

    /// A 64-bit memory type (i64 addresses) with 64 KiB pages.
    pub const fn new64(min: u64, max: Option<u64>) -> MemoryType {
        MemoryType {
            min,
            max,
            page_size_log2: 16,
            memory64: true,
        }
    }

    /// The type of an address into the memory: `i64` for a 64-bit memory.
    pub const fn index_type(&self) -> ValType {
        if self.memory64 {
            ValType::I64
        } else {
            ValType::I32
        }
    }

    /// The page size in bytes.
    pub const fn page_size(&self) -> usize {
        1 << self.page_size_log2
    }
}

/// Whether a global (or a struct or array field) can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mutability {
    /// Immutable.
    Const,
    /// Mutable.
    Var,
}

/// A global's value type and mutability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalType {
    /// The value type.
    pub content: ValType,
    /// Whether it can be written.
    pub mutability: Mutability,
}

/// The type of an import or export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternType {
    /// A function.
    Func(FuncType),
    /// A table.
    Table(TableType),
    /// A linear memory.
    Memory(MemoryType),
    /// A global.
    Global(GlobalType),
    /// An exception tag (the `exceptions` cargo feature).
    #[cfg(feature = "exceptions")]
    Tag(TagType),
}

/// An exception tag's type: the types of the values an exception with
/// the tag carries, as a function type's parameters (its results are
/// empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagType {
    ty: FuncType,
}

impl TagType {
    /// The tag type whose payload is `ty`'s parameters.
    pub fn new(ty: FuncType) -> TagType {
        TagType { ty }
    }

    /// The function type: the payload as its parameters.
    pub fn ty(&self) -> &FuncType {
        &self.ty
    }

    /// The types of the values an exception with this tag carries.
    pub fn payload(&self) -> &[ValType] {
        self.ty.params()
    }
}

impl fmt::Display for ExternType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExternType::Func(t) => write!(f, "{t}"),
            ExternType::Table(t) => {
                f.write_str(if t.table64 { "(table i64 " } else { "(table " })?;
                write!(f, "{}", t.min)?;
                if let Some(max) = t.max {
                    write!(f, " {max}")?;
                }
                write!(f, " {})", t.element)
            }
            ExternType::Memory(t) => {
                f.write_str(if t.memory64 {
                    "(memory i64 "
                } else {
                    "(memory "
                })?;
                write!(f, "{}", t.min)?;
                if let Some(max) = t.max {
                    write!(f, " {max}")?;
                }
                if t.page_size_log2 != 16 {
                    write!(f, " (pagesize {})", t.page_size())?;
                }
                f.write_str(")")
            }
            ExternType::Global(t) => match t.mutability {
                Mutability::Var => write!(f, "(global (mut {}))", t.content),
                Mutability::Const => write!(f, "(global {})", t.content),
            },
            #[cfg(feature = "exceptions")]
            ExternType::Tag(t) => write!(f, "(tag {})", t.ty),
        }
    }
}

/// One import a module declares.
#[derive(Debug, Clone)]
pub struct ImportType {
    /// The module name.
    pub module: alloc::string::String,
    /// The field name.
    pub name: alloc::string::String,
    /// What is expected.
    pub ty: ExternType,
}

/// One export a module declares.
#[derive(Debug, Clone)]
pub struct ExportType {
    /// The export name.
    pub name: alloc::string::String,
    /// What it is.
    pub ty: ExternType,
}
