//! The GC heap: the structs and arrays of WebAssembly GC, owned by the
//! store, and the encoding of every reference of the `any` hierarchy in
//! a 64-bit cell.
//!
//! # Cells
//!
//! A reference is one 64-bit cell, 0 being null; a struct's or array's
//! cell carries a marker, its slot's generation and its index in the
//! heap's table. The encoding of every reference kind is described in one
//! place, `bytecode::gc` ("Cells"), beside the functions that make and
//! read cells.
//!
//! # Objects
//!
//! An object keeps its canonical type id ([`crate::store::types`]) and
//! its fields:
//! * a struct, one cell per field (a `v128` field takes two, low half
//!   first); a packed `i8`/`i16` field holds its value zero-extended
//!   (`struct.get_s` sign-extends it again). The translator turns a
//!   field index into a cell index, so `struct.get` reads one cell at a
//!   position known at translation time: a subtype's fields start with
//!   its supertype's, so the position holds for every object the
//!   operand can be;
//! * an array, one byte buffer of its elements at their real size
//!   (`i8` 1 byte, `i16` 2, `i32`/`f32` 4, `i64`/`f64`/references 8,
//!   `v128` 16, little-endian), so an array of `i8` costs a byte per
//!   element.
//!
//! The heap counts its bytes (each object's payload plus a fixed
//! overhead, [`OBJECT_OVERHEAD`]); an allocation asks the store's
//! [`ResourceLimiter::gc_heap_growing`](crate::ResourceLimiter::gc_heap_growing)
//! first, and a refusal, a size that overflows, or host memory running
//! out is the trap [`TrapCode::AllocationTooLarge`].
//! A length from the guest is a `u32`: sizes are computed with checked
//! arithmetic, admitted against the limit before anything is allocated,
//! and reserved with `try_reserve`, so a hostile `array.new` of 2^32 - 1
//! elements traps cleanly instead of aborting the host.
//!
//! # Collection
//!
//! **GC objects are not collected yet**: until the collector arrives
//! (issue 23, step 2b), an object lives as long as its store, and a
//! program that keeps allocating runs into its GC heap limit. The design
//! it is built for: a non-moving mark-sweep (objects never move, so an
//! op that has read an operand's cell can allocate and still use it),
//! whose roots are precise. The translator will record, at each call
//! site and each allocating op, which frame slots hold references (the
//! reference-typed locals and operand-stack entries), found by op index
//! when the collector walks the frames; plus the globals, tables,
//! exception payloads and the references the host holds. So that those
//! maps are enough, every GC op that can allocate reads its reference
//! operands from slots, never from the accumulator (none has an
//! accumulator form), and a collection may only happen inside an
//! allocating op (`struct.new*`, `array.new*`), before it allocates,
//! or at a call. Slots are freed with a new generation, so a stale
//! cell never names a new object. Until then the exception heap's
//! (conservative) collector takes every cell of every GC object as a
//! root (see [`GcHeap::cells`]), so an `exnref` kept only in a struct
//! stays alive.

use crate::bytecode::gc::{ARRAY_MARK, STRUCT_MARK, mark_of};
use crate::error::TrapCode;
use alloc::boxed::Box;
use alloc::vec::Vec;

/// The bytes the heap counts for an object besides its payload.
pub(crate) const OBJECT_OVERHEAD: usize = core::mem::size_of::<GcSlot>();

/// An object's fields.
#[derive(Debug)]
pub(crate) enum GcData {
    /// A struct's cells (see the module docs).
    Struct(Box<[u64]>),
    /// An array's elements, `elem` bytes each.
    Array { elem: u8, bytes: Box<[u8]> },
}

/// A struct or an array.
#[derive(Debug)]
pub(crate) struct GcObject {
    /// Its canonical type id.
    pub ty: u32,
    pub data: GcData,
}

impl GcObject {
    /// An array's length in elements (0 for a struct).
    pub(crate) fn array_len(&self) -> usize {
        match &self.data {
            GcData::Array { elem, bytes } => bytes.len() / (*elem).max(1) as usize,
            GcData::Struct(_) => 0,
        }
    }
}

#[derive(Debug)]
struct GcSlot {
    generation: u16,
    object: Option<GcObject>,
}

/// The store's GC objects (see the [module docs](self)).
#[derive(Debug, Default)]
pub(crate) struct GcHeap {
    slots: Vec<GcSlot>,
    /// Slots free for reuse (empty until objects are collected).
    free: Vec<u32>,
    /// Bytes in use, as counted against the limit.
    bytes: usize,
}

/// The bytes an array of `len` elements of `elem` bytes takes (`None`
/// if it overflows).
pub(crate) fn array_bytes(elem: u8, len: u64) -> Option<usize> {
    usize::try_from(len).ok()?.checked_mul(elem as usize)
}

/// A zeroed buffer of `n` bytes, or the allocation trap.
pub(crate) fn zeroed(n: usize) -> Result<Vec<u8>, TrapCode> {
    let mut v: Vec<u8> = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| TrapCode::AllocationTooLarge)?;
    v.resize(n, 0);
    Ok(v)
}

impl GcHeap {
    /// The bytes the heap holds.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    /// Adds an object whose size was admitted; its cell.
    pub(crate) fn alloc(&mut self, ty: u32, data: GcData) -> Result<u64, TrapCode> {
        let (mark, size) = match &data {
            GcData::Struct(c) => (STRUCT_MARK, c.len() * 8),
            GcData::Array { bytes, .. } => (ARRAY_MARK, bytes.len()),
        };
        let object = GcObject { ty, data };
        let index = match self.free.pop() {
            Some(i) => i,
            None => {
                if self.slots.len() >= u32::MAX as usize || self.slots.try_reserve(1).is_err() {
                    return Err(TrapCode::AllocationTooLarge);
                }
                self.slots.push(GcSlot {
                    generation: 0,
                    object: None,
                });
                self.slots.len() as u32 - 1
            }
        };
        let slot = &mut self.slots[index as usize];
        slot.object = Some(object);
        self.bytes = self.bytes.saturating_add(size + OBJECT_OVERHEAD);
        Ok(mark << 48 | (slot.generation as u64) << 32 | index as u64)
    }

    /// The object a struct or array cell names (`None` for null, another
    /// kind of cell, or a stale one).
    #[inline]
    pub(crate) fn get(&self, cell: u64) -> Option<&GcObject> {
        self.slots[self.index_of(cell)?].object.as_ref()
    }

    /// The slot a cell names, if it is a live object's cell (a struct or
    /// array marker, an index in the table, the slot's generation).
    #[inline]
    fn index_of(&self, cell: u64) -> Option<usize> {
        let m = mark_of(cell);
        if m != STRUCT_MARK && m != ARRAY_MARK {
            return None;
        }
        let i = cell as u32 as usize;
        (self.slots.get(i)?.generation == (cell >> 32) as u16).then_some(i)
    }

    /// The object a cell names, to write.
    #[inline]
    pub(crate) fn get_mut(&mut self, cell: u64) -> Option<&mut GcObject> {
        let i = self.index_of(cell)?;
        self.slots[i].object.as_mut()
    }

    /// Two distinct objects, to write one and read the other
    /// (`array.copy` between arrays).
    pub(crate) fn get_two(&mut self, a: u64, b: u64) -> Option<(&mut GcObject, &GcObject)> {
        let (i, j) = (self.index_of(a)?, self.index_of(b)?);
        if i == j {
            return None;
        }
        let [x, y] = self.slots.get_disjoint_mut([i, j]).ok()?;
        Some((x.object.as_mut()?, y.object.as_ref()?))
    }

    /// Every cell every object holds that may be a reference: struct
    /// cells and the elements of arrays of 8-byte elements. The
    /// exception heap's collector takes them as roots (module docs).
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    pub(crate) fn cells(&self) -> impl Iterator<Item = u64> + '_ {
        self.slots
            .iter()
            .filter_map(|s| s.object.as_ref())
            .flat_map(|o| -> Box<dyn Iterator<Item = u64> + '_> {
                match &o.data {
                    GcData::Struct(c) => Box::new(c.iter().copied()),
                    GcData::Array { elem: 8, bytes } => Box::new(
                        bytes
                            .chunks_exact(8)
                            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or([0; 8]))),
                    ),
                    GcData::Array { .. } => Box::new(core::iter::empty()),
                }
            })
    }

    /// How many objects are alive (tests).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.object.is_some()).count()
    }
}

/// Reads element `i` (of `elem` bytes) from `bytes` as a cell, and its
/// upper half for a `v128` (0 otherwise). The caller checked the bounds.
#[inline]
pub(crate) fn read_elem(bytes: &[u8], elem: u8, i: usize) -> (u64, u64) {
    let n = elem as usize;
    let at = i * n;
    let mut buf = [0u8; 16];
    buf[..n].copy_from_slice(&bytes[at..at + n]);
    let v = u128::from_le_bytes(buf);
    (v as u64, (v >> 64) as u64)
}

/// Writes element `i` (of `elem` bytes): the low `elem` bytes of the
/// value `lo` (and `hi`, a `v128`'s upper half).
#[inline]
pub(crate) fn write_elem(bytes: &mut [u8], elem: u8, i: usize, lo: u64, hi: u64) {
    let n = elem as usize;
    let at = i * n;
    let v = (hi as u128) << 64 | lo as u128;
    bytes[at..at + n].copy_from_slice(&v.to_le_bytes()[..n]);
}

impl<T> crate::store::Store<T> {
    /// A new struct of store type `id` with `cells`, once the limiter
    /// admits it; its cell.
    pub(crate) fn gc_new_struct(&mut self, id: u32, cells: Vec<u64>) -> Result<u64, TrapCode> {
        self.gc_admit(cells.len() * 8)?;
        self.inner
            .gc
            .alloc(id, GcData::Struct(cells.into_boxed_slice()))
    }

    /// A new array of store type `id` of `len` elements of `elem` bytes,
    /// once the limiter admits it, written by `fill` (given the zeroed
    /// buffer); its cell.
    pub(crate) fn gc_new_array(
        &mut self,
        id: u32,
        elem: u8,
        len: u64,
        fill: impl FnOnce(&mut [u8]),
    ) -> Result<u64, TrapCode> {
        let size = array_bytes(elem, len).ok_or(TrapCode::AllocationTooLarge)?;
        self.gc_admit(size)?;
        let mut bytes = zeroed(size)?;
        fill(&mut bytes);
        self.inner.gc.alloc(
            id,
            GcData::Array {
                elem,
                bytes: bytes.into_boxed_slice(),
            },
        )
    }
}
