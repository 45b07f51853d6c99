//! The types of values and of the things a module imports and exports.

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// A function of one type.
    Concrete(u32),
}

impl HeapType {
    /// Whether this is one of the function heap types (`func`, `nofunc`,
    /// a concrete function type), as against the `extern` ones.
    pub fn is_func(self) -> bool {
        matches!(
            self,
            HeapType::Func | HeapType::NoFunc | HeapType::Concrete(_)
        )
    }

    /// Whether this is `exn` or `noexn` (exception references).
    pub fn is_exn(self) -> bool {
        #[cfg(feature = "exceptions")]
        return matches!(self, HeapType::Exn | HeapType::NoExn);
        #[cfg(not(feature = "exceptions"))]
        false
    }
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

    /// Whether every value of `self` is a value of `other`: equal types,
    /// a non-null reference where a nullable one is expected, a concrete
    /// function type or `nofunc` where `func` is, `noextern` where
    /// `extern` is. Concrete types must be ids of the same store.
    pub fn matches(self, other: ValType) -> bool {
        if cfg!(not(feature = "function-references")) {
            return self == other;
        }
        match (self.as_ref_type(), other.as_ref_type()) {
            (Some(a), Some(b)) => {
                (b.nullable || !a.nullable)
                    && match (a.heap, b.heap) {
                        (x, y) if x == y => true,
                        (HeapType::NoFunc, y) => y.is_func(),
                        (HeapType::Concrete(_), HeapType::Func) => true,
                        (HeapType::NoExtern, HeapType::Extern) => true,
                        #[cfg(feature = "exceptions")]
                        (HeapType::NoExn, HeapType::Exn) => true,
                        _ => false,
                    }
            }
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

/// Whether a global can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
