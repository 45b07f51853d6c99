//! The immediates of the GC ops (the `gc` cargo feature) that the
//! translator writes and the interpreter reads: how a field is read or
//! written ([`FieldKind`]), and a reference type as one `u32`
//! ([`heap_code`]), for `ref.test`, `ref.cast` and `br_on_cast`; and
//! where a field lives in an object (see `store::gc`, "Objects").
//!
//! # Cells
//!
//! A reference is one 64-bit cell, like every value on the value stack,
//! in a global, a table or a struct field; 0 is null in every hierarchy.
//! A non-null reference of the `any` hierarchy carries a 16-bit *marker*
//! in bits 48..63 that says what it is, so that an abstract type test
//! (`ref.test (ref i31)`, `(ref struct)`, `(ref eq)`...) reads the cell
//! and nothing else:
//!
//! | what | cell |
//! |---|---|
//! | a struct | `STRUCT_MARK << 48 \| generation << 32 \| index` |
//! | an array | `ARRAY_MARK << 48 \| generation << 32 \| index` |
//! | an `i31` | `I31_MARK << 48 \| (value & 0x7fff_ffff)` (unboxed: no object) |
//! | a host reference in `any` (`any.convert_extern`) | `EXTERN_MARK << 48 \| host cell` |
//!
//! `index` is the object's slot in the heap's table, `generation` the
//! slot's generation when the object was made (as for exceptions,
//! `store::exn`, whose cells carry the marker `0x4558`). The other
//! hierarchies keep their own cells: a function reference is its store
//! index plus one, a host `externref` its number plus one (both below
//! 2^33, so their top bits are 0, and no marker is ever mistaken for
//! one). The conversions between `extern` and `any` are therefore free:
//! `any.convert_extern` marks a host cell (and leaves a cell that already
//! has a marker, an internal reference converted earlier, as it is);
//! `extern.convert_any` takes the mark of a host cell off again, and
//! leaves a struct, array or i31 cell as it is. A round trip gives the
//! same bits back, so `ref.eq` and casts see the same reference.
//!

use crate::types::{StorageType, StructType, ValType};

/// The marker of a struct's cell ("GS").
pub(crate) const STRUCT_MARK: u64 = 0x4753;
/// The marker of an array's cell ("GA").
pub(crate) const ARRAY_MARK: u64 = 0x4741;
/// The marker of an `i31`'s cell ("I1").
pub(crate) const I31_MARK: u64 = 0x4931;
/// The marker of a host reference converted into `any` ("HE").
pub(crate) const EXTERN_MARK: u64 = 0x4845;

/// The marker of a cell (0 for null and for the cells of the other
/// hierarchies).
#[inline]
pub(crate) fn mark_of(cell: u64) -> u64 {
    cell >> 48
}

/// The cell of `i31` value `v` (its low 31 bits).
#[inline]
pub(crate) fn i31_cell(v: u32) -> u64 {
    I31_MARK << 48 | (v & 0x7fff_ffff) as u64
}

/// The `i31` value of an i31 cell, sign-extended from 31 bits.
#[inline]
pub(crate) fn i31_get_s(cell: u64) -> i32 {
    ((cell as u32) << 1) as i32 >> 1
}

/// The `i31` value of an i31 cell, zero-extended.
#[inline]
pub(crate) fn i31_get_u(cell: u64) -> u32 {
    cell as u32 & 0x7fff_ffff
}

/// `any.convert_extern`: a host cell marked as in `any`; null and a cell
/// that is already an internal reference stay as they are.
#[inline]
pub(crate) fn any_of_extern(cell: u64) -> u64 {
    if cell == 0 || mark_of(cell) != 0 {
        cell
    } else {
        EXTERN_MARK << 48 | cell
    }
}

/// `extern.convert_any`: the host cell back from a marked one; an
/// internal reference (struct, array, i31) stays as it is.
#[inline]
pub(crate) fn extern_of_any(cell: u64) -> u64 {
    if mark_of(cell) == EXTERN_MARK {
        cell & 0xffff_ffff_ffff
    } else {
        cell
    }
}

/// The bit of a type code that makes the type nullable.
pub(crate) const NULLABLE: u32 = 1 << 31;
/// The first abstract heap type's code; codes below it are module type
/// indices (a concrete type).
pub(crate) const ABSTRACT: u32 = 0x7fff_ff00;
/// The abstract heap types' codes.
pub(crate) const ANY: u32 = ABSTRACT;
pub(crate) const EQ: u32 = ABSTRACT + 1;
pub(crate) const I31: u32 = ABSTRACT + 2;
pub(crate) const STRUCT: u32 = ABSTRACT + 3;
pub(crate) const ARRAY: u32 = ABSTRACT + 4;
pub(crate) const NONE: u32 = ABSTRACT + 5;
pub(crate) const FUNC: u32 = ABSTRACT + 6;
pub(crate) const NOFUNC: u32 = ABSTRACT + 7;
pub(crate) const EXTERN: u32 = ABSTRACT + 8;
pub(crate) const NOEXTERN: u32 = ABSTRACT + 9;
pub(crate) const EXN: u32 = ABSTRACT + 10;
pub(crate) const NOEXN: u32 = ABSTRACT + 11;

/// A reference type as the code `ref.test` and `ref.cast` carry: the
/// heap type (a module type index, or an abstract type's code), with
/// [`NULLABLE`] if null is a value of it. `None` for what Spindle does
/// not implement (shared types) or a type index too large.
pub(crate) fn heap_code(nullable: bool, heap: wasmparser::HeapType) -> Option<u32> {
    use wasmparser::{AbstractHeapType as A, HeapType as H, UnpackedIndex};
    let code = match heap {
        H::Concrete(UnpackedIndex::Module(i)) if i < ABSTRACT => i,
        H::Abstract { shared: false, ty } => match ty {
            A::Any => ANY,
            A::Eq => EQ,
            A::I31 => I31,
            A::Struct => STRUCT,
            A::Array => ARRAY,
            A::None => NONE,
            A::Func => FUNC,
            A::NoFunc => NOFUNC,
            A::Extern => EXTERN,
            A::NoExtern => NOEXTERN,
            A::Exn => EXN,
            A::NoExn => NOEXN,
            _ => return None,
        },
        _ => return None,
    };
    Some(if nullable { code | NULLABLE } else { code })
}

/// How an array element or struct field is stored and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u16)]
pub(crate) enum FieldKind {
    /// A whole cell (i32, i64, f32, f64, a reference).
    Plain = 0,
    /// Packed `i8`, read sign-extended.
    S8 = 1,
    /// Packed `i8`, read zero-extended.
    U8 = 2,
    /// Packed `i16`, read sign-extended.
    S16 = 3,
    /// Packed `i16`, read zero-extended.
    U16 = 4,
    /// A `v128`: two cells (a struct) or 16 bytes (an array).
    V128 = 5,
}

impl FieldKind {
    /// The kind an op's `kind` immediate names (an unknown number reads
    /// as `Plain`: only the translator writes it).
    #[inline]
    pub(crate) fn from_u16(k: u16) -> FieldKind {
        match k {
            1 => FieldKind::S8,
            2 => FieldKind::U8,
            3 => FieldKind::S16,
            4 => FieldKind::U16,
            5 => FieldKind::V128,
            _ => FieldKind::Plain,
        }
    }

    /// A packed value as its i32 cell, extended as the kind says.
    #[inline]
    pub(crate) fn extend(self, v: u64) -> u64 {
        match self {
            FieldKind::S8 => v as u8 as i8 as i32 as u32 as u64,
            FieldKind::U8 => v as u8 as u64,
            FieldKind::S16 => v as u16 as i16 as i32 as u32 as u64,
            FieldKind::U16 => v as u16 as u64,
            FieldKind::Plain | FieldKind::V128 => v,
        }
    }
}

/// The bytes an array element of storage type `t` takes (see
/// `store::gc`, "Objects").
pub(crate) fn storage_size(t: StorageType) -> u8 {
    match t {
        StorageType::I8 => 1,
        StorageType::I16 => 2,
        StorageType::ValType(ValType::I32 | ValType::F32) => 4,
        StorageType::ValType(v) if v.is_v128() => 16,
        StorageType::ValType(_) => 8,
    }
}

/// The cell a struct field of storage type `t` holds for the value
/// `cell`: a packed field keeps only its 8 or 16 bits, zero-extended
/// (what `struct.set` writes too; `struct.get_s` sign-extends them).
#[inline]
pub(crate) fn pack(t: StorageType, cell: u64) -> u64 {
    match t {
        StorageType::I8 => cell & 0xff,
        StorageType::I16 => cell & 0xffff,
        StorageType::ValType(_) => cell,
    }
}

/// How a field of storage type `t` is read: `signed` for the `_s` form
/// of a packed read (`get_s`), `Some(false)` for `_u`, `None` for a plain
/// `get` (or a write).
pub(crate) fn field_kind(t: StorageType, signed: Option<bool>) -> FieldKind {
    match (t, signed) {
        (StorageType::I8, Some(true)) => FieldKind::S8,
        (StorageType::I8, _) => FieldKind::U8,
        (StorageType::I16, Some(true)) => FieldKind::S16,
        (StorageType::I16, _) => FieldKind::U16,
        (StorageType::ValType(v), _) if v.is_v128() => FieldKind::V128,
        _ => FieldKind::Plain,
    }
}

/// The cells a struct's fields take (a `v128` two, any other one).
pub(crate) fn struct_cells(st: &StructType) -> usize {
    st.fields().len() + wide_fields(st, st.fields().len())
}

/// The index of field `i`'s first cell.
pub(crate) fn field_cell(st: &StructType, i: usize) -> usize {
    i + wide_fields(st, i)
}

/// The number of `v128` fields among the first `n`.
fn wide_fields(st: &StructType, n: usize) -> usize {
    st.fields()
        .iter()
        .take(n)
        .filter(|f| matches!(f.element_type(), StorageType::ValType(v) if v.is_v128()))
        .count()
}
