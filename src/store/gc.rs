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
//!   first); a struct of at most [`INLINE_CELLS`] cells (a list node, a
//!   tree node with two children, a boxed number) keeps them in its slot
//!   of the heap's table, with no allocation of its own, which halves
//!   the memory and the allocation work of such objects; a packed `i8`/`i16` field holds its value zero-extended
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
//! The collector is a non-moving mark-sweep. Non-moving, because an op
//! that has read an operand's cell may allocate and still use that cell
//! (`struct.new` reads its fields, then allocates), and because the
//! cells in frames, globals and tables never need rewriting; the price,
//! fragmentation, is small where every object is its own host
//! allocation. Mark-sweep, because a copying collector would need a
//! second heap's worth of memory at once, which a microcontroller does
//! not have. A collection runs
//!
//! * inside an allocating op (`struct.new*`, `array.new*`), before it
//!   allocates, when the heap has grown past its threshold: the engine's
//!   [`Config::gc_threshold`](crate::Config::gc_threshold) at first,
//!   then twice what survived the last collection, so the work stays
//!   proportional to allocation;
//! * when the limiter refuses an allocation and no collection ran for it
//!   yet; the allocation is then asked for again, and traps only if the
//!   limiter still refuses;
//! * on demand: [`Store::gc`](crate::Store::gc), also from a host
//!   function ([`Caller::gc`](crate::Caller::gc)).
//!
//! Its roots are precise:
//!
//! * **Frames.** At every op where a collection can happen (an
//!   allocating op, and every call, whose callee may allocate or call
//!   the host) the translator records which slots of the frame hold a
//!   reference that may name an object: the stack maps of
//!   `translate::maps`. The collector walks the running execution's
//!   frames (the running one at its allocating op, each caller at its
//!   call op) and marks what their maps name. An execution waiting for a
//!   host function it called parks its frames in the store
//!   (`StoreInner::parked`) for the length of the call, if the heap holds
//!   anything then (an empty heap means no frame holds a reference); so
//!   a collection the host causes, from any depth of nested calls, finds
//!   every frame below it. A call parked for lack of fuel stopped at an
//!   op that is no safepoint, so its running frame's slots are all
//!   taken as possible references (checked as below).
//! * **Globals and tables** of reference type, and the passive element
//!   segments instances keep for `array.new_elem` and `table.init`.
//! * **Exceptions.** The payload's reference values of every live
//!   exception. The exception heap has its own collector
//!   ([`crate::store::exn`]), which runs first, so that a dead
//!   exception does not keep its payload; it takes every cell of every
//!   GC object as a root, so a cycle between an exception and a GC
//!   object is never freed (rare: it takes an `exnref` field).
//! * **The host's references** ("Host references", below).
//!
//! Marking follows each object's reference fields, found once per type
//! (the cells of a struct's reference fields, or all elements of an
//! array of references). A cell is only taken for an object after the
//! same check every access makes: a struct or array marker, an index in
//! the table and the slot's generation. So a slot that a map names but
//! that holds null, or a number in a frame scanned whole, never names an
//! object by mistake unless it equals a live object's cell exactly. The
//! sweep frees every unmarked object and gives its slot a new
//! generation: a stale cell (a host reference whose root was released)
//! never names the slot's next object, until the 16-bit generation
//! wraps around after 65,536 reuses of that slot.
//!
//! # Host references
//!
//! Every struct or array reference handed to the host (a call's result,
//! a global or table read, a struct's fields, an exception's payload, a
//! host function's arguments) is *rooted*: pushed on the heap's list of
//! host roots. Roots are released in bulk, in the order they were taken:
//! a [`RootScope`] releases those taken through it when it is dropped,
//! and a host function's (its arguments, and what it read) are released
//! when it returns, as in Wasmtime. An [`OwnedRooted`] roots one
//! reference until it is dropped, whatever the order. A reference used after its root was
//! released and its object collected is an error wherever it is used
//! (`AnyRef::fields`, or as an argument: [`crate::Val`]'s checks), never
//! a read of another object.

use crate::bytecode::Op;
use crate::bytecode::gc::{ARRAY_MARK, STRUCT_MARK, field_cell, mark_of};
use crate::error::TrapCode;
use crate::store::suspended::Frame;
use crate::store::types::TypeRegistry;
use crate::sync::{Arc, Weak};
use crate::types::{CompositeType, HeapType, StorageType};
use alloc::boxed::Box;
use alloc::vec::Vec;

/// The bytes the heap counts for an object besides its payload.
pub(crate) const OBJECT_OVERHEAD: usize = core::mem::size_of::<GcSlot>();

/// A struct of at most this many cells keeps them in its slot (see
/// "Objects").
pub(crate) const INLINE_CELLS: usize = 2;

/// An object's fields.
#[derive(Debug)]
pub(crate) enum GcData {
    /// The cells of a struct of at most [`INLINE_CELLS`] cells, in the
    /// slot itself (the unused ones 0).
    Inline([u64; INLINE_CELLS]),
    /// A larger struct's cells (see the module docs).
    Struct(Box<[u64]>),
    /// An array's elements, `elem` bytes each.
    Array { elem: u8, bytes: Box<[u8]> },
}

impl GcData {
    /// A struct of `cells`: inline if they fit, else in a block of their
    /// own (or the allocation trap).
    pub(crate) fn structure(cells: &[u64]) -> Result<GcData, TrapCode> {
        if cells.len() <= INLINE_CELLS {
            let mut c = [0; INLINE_CELLS];
            c[..cells.len()].copy_from_slice(cells);
            return Ok(GcData::Inline(c));
        }
        let mut v: Vec<u64> = Vec::new();
        v.try_reserve_exact(cells.len())
            .map_err(|_| TrapCode::AllocationTooLarge)?;
        v.extend_from_slice(cells);
        Ok(GcData::Struct(v.into_boxed_slice()))
    }

    /// A struct of `n` zero (or null) cells.
    pub(crate) fn zeroed_struct(n: usize) -> Result<GcData, TrapCode> {
        if n <= INLINE_CELLS {
            return Ok(GcData::Inline([0; INLINE_CELLS]));
        }
        let mut v: Vec<u64> = Vec::new();
        v.try_reserve_exact(n)
            .map_err(|_| TrapCode::AllocationTooLarge)?;
        v.resize(n, 0);
        Ok(GcData::Struct(v.into_boxed_slice()))
    }

    /// An array of `size` bytes of `elem`-byte elements, written by `fill`
    /// (given the zeroed buffer), or the allocation trap.
    pub(crate) fn array(
        elem: u8,
        size: usize,
        fill: impl FnOnce(&mut [u8]),
    ) -> Result<GcData, TrapCode> {
        let mut bytes = zeroed(size)?;
        fill(&mut bytes);
        Ok(GcData::Array {
            elem,
            bytes: bytes.into_boxed_slice(),
        })
    }

    /// A struct's cells (`None` for an array).
    #[inline]
    pub(crate) fn cells(&self) -> Option<&[u64]> {
        match self {
            GcData::Inline(c) => Some(c),
            GcData::Struct(c) => Some(c),
            GcData::Array { .. } => None,
        }
    }

    /// A struct's cells, to write.
    #[inline]
    pub(crate) fn cells_mut(&mut self) -> Option<&mut [u64]> {
        match self {
            GcData::Inline(c) => Some(c),
            GcData::Struct(c) => Some(c),
            GcData::Array { .. } => None,
        }
    }
}

/// The payload bytes the heap counts for a struct of `n` cells: an inline
/// one counts all its slot's cells.
pub(crate) fn struct_bytes(n: usize) -> usize {
    n.max(INLINE_CELLS) * 8
}

/// A struct or an array.
#[derive(Debug)]
pub(crate) struct GcObject {
    /// Its canonical type id.
    pub ty: u32,
    pub data: GcData,
}

impl GcObject {
    /// The payload bytes the heap counts for the object.
    fn size(&self) -> usize {
        match &self.data {
            GcData::Inline(c) => struct_bytes(c.len()),
            GcData::Struct(c) => struct_bytes(c.len()),
            GcData::Array { bytes, .. } => bytes.len(),
        }
    }

    /// An array's length in elements (0 for a struct).
    pub(crate) fn array_len(&self) -> usize {
        match &self.data {
            GcData::Array { elem, bytes } => bytes.len() / (*elem).max(1) as usize,
            GcData::Inline(_) | GcData::Struct(_) => 0,
        }
    }
}

#[derive(Debug)]
struct GcSlot {
    generation: u16,
    /// Set while a collection marks.
    marked: bool,
    object: Option<GcObject>,
}

/// Where an object of one type keeps its references (see "Collection").
#[derive(Debug, Clone)]
enum Trace {
    /// Not worked out yet.
    Unknown,
    /// A struct: the cells of its reference fields.
    Cells(Box<[u32]>),
    /// An array of references (8-byte elements).
    Elements,
    /// Nothing to trace: a struct without reference fields, an array of
    /// numbers.
    Nothing,
}

/// The store's GC objects (see the [module docs](self)).
#[derive(Debug, Default)]
pub(crate) struct GcHeap {
    slots: Vec<GcSlot>,
    /// Slots free for reuse.
    free: Vec<u32>,
    /// Bytes in use, as counted against the limit.
    bytes: usize,
    /// The heap size at which the next collection runs (the engine's
    /// threshold if larger).
    next: usize,
    /// The references the host holds, most recent last (see
    /// "Host references").
    host_roots: Vec<u64>,
    /// The references of [`OwnedRooted`]s, each alive while its token
    /// has an owner.
    owned: Vec<(u64, Weak<()>)>,
    /// Objects marked but not yet traced, while a collection runs.
    work: Vec<u32>,
    /// How each type's objects are traced, by store type id.
    traces: Vec<Trace>,
    /// Collections so far.
    collections: u64,
}

/// Whether a field or element of storage type `t` may hold a reference
/// to trace: a reference of any kind but functions, `i31` (unboxed) and
/// the bottom types (only null). An `externref` may be a GC object
/// (`extern.convert_any`). A concrete type may be a function type (a
/// function's cell never names an object, so marking ignores it).
fn traced(t: StorageType) -> bool {
    let StorageType::ValType(v) = t else {
        return false;
    };
    let Some(r) = v.as_ref_type() else {
        return false;
    };
    match r.heap {
        HeapType::Func | HeapType::NoFunc | HeapType::NoExtern | HeapType::I31 | HeapType::None => {
            false
        }
        #[cfg(feature = "exceptions")]
        HeapType::Exn | HeapType::NoExn => false,
        _ => true,
    }
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
        let mark = match &data {
            GcData::Inline(_) | GcData::Struct(_) => STRUCT_MARK,
            GcData::Array { .. } => ARRAY_MARK,
        };
        let object = GcObject { ty, data };
        let size = object.size();
        let index = match self.free.pop() {
            Some(i) => i,
            None => {
                if self.slots.len() >= u32::MAX as usize || self.slots.try_reserve(1).is_err() {
                    return Err(TrapCode::AllocationTooLarge);
                }
                self.slots.push(GcSlot {
                    generation: 0,
                    marked: false,
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
    /// exception heap's collector takes them as roots (module docs,
    /// "Collection").
    #[cfg_attr(not(feature = "exceptions"), allow(dead_code))]
    pub(crate) fn cells(&self) -> impl Iterator<Item = u64> + '_ {
        self.slots
            .iter()
            .filter_map(|s| s.object.as_ref())
            .flat_map(|o| -> Box<dyn Iterator<Item = u64> + '_> {
                match &o.data {
                    GcData::Inline(c) => Box::new(c.iter().copied()),
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

    // ---- collection ------------------------------------------------------

    /// Whether an allocation of `size` more bytes should collect first,
    /// `threshold` being the engine's (`Config::gc_threshold`).
    #[inline]
    pub(crate) fn wants_collection(&self, size: usize, threshold: usize) -> bool {
        self.bytes.saturating_add(size) > self.next.max(threshold) || threshold == 0
    }

    /// Collections so far.
    pub(crate) fn collections(&self) -> u64 {
        self.collections
    }

    /// Whether the heap holds any object (none can be referenced if not).
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.bytes == 0
    }

    /// Keeps the object `cell` names alive while the host holds it; the
    /// root's position, for [`GcHeap::release_roots`]. Cells of other
    /// kinds (null, `i31`, host references) need no root.
    pub(crate) fn root(&mut self, cell: u64) {
        let m = mark_of(cell);
        if m == STRUCT_MARK || m == ARRAY_MARK {
            self.host_roots.push(cell);
        }
    }

    /// How many host roots there are (a scope's start).
    pub(crate) fn roots_len(&self) -> usize {
        self.host_roots.len()
    }

    /// Drops the host roots made since there were `len`.
    pub(crate) fn release_roots(&mut self, len: usize) {
        self.host_roots.truncate(len);
    }

    /// Marks the object `cell` names, if it names a live one (any other
    /// cell, a number that happens to be in a slot the maps name as a
    /// null, is ignored).
    #[inline]
    pub(crate) fn mark(&mut self, cell: u64) {
        if let Some(i) = self.index_of(cell) {
            let slot = &mut self.slots[i];
            if !slot.marked && slot.object.is_some() {
                slot.marked = true;
                self.work.push(i as u32);
            }
        }
    }

    /// Marks what the host holds, first forgetting the owned roots whose
    /// owners are gone.
    fn mark_host_roots(&mut self) {
        for k in 0..self.host_roots.len() {
            self.mark(self.host_roots[k]);
        }
        self.owned.retain(|(_, token)| token.strong_count() > 0);
        for k in 0..self.owned.len() {
            self.mark(self.owned[k].0);
        }
    }

    /// How objects of store type `ty` are traced (worked out once per
    /// type).
    fn trace_of(&mut self, ty: u32, types: &TypeRegistry) -> &Trace {
        let i = ty as usize;
        if self.traces.len() <= i {
            self.traces.resize(i + 1, Trace::Unknown);
        }
        if let Trace::Unknown = self.traces[i] {
            self.traces[i] = match types.get(ty).map(|t| &t.composite) {
                Some(CompositeType::Struct(st)) => {
                    let cells: Vec<u32> = (0..st.fields().len())
                        .filter(|&f| traced(st.fields()[f].element_type()))
                        .map(|f| field_cell(st, f) as u32)
                        .collect();
                    if cells.is_empty() {
                        Trace::Nothing
                    } else {
                        Trace::Cells(cells.into_boxed_slice())
                    }
                }
                Some(CompositeType::Array(a)) if traced(a.field_type().element_type()) => {
                    Trace::Elements
                }
                _ => Trace::Nothing,
            };
        }
        &self.traces[i]
    }

    /// Marks everything reachable from the objects marked so far.
    fn trace(&mut self, types: &TypeRegistry) {
        while let Some(i) = self.work.pop() {
            let Some(ty) = self.slots[i as usize].object.as_ref().map(|o| o.ty) else {
                continue;
            };
            match self.trace_of(ty, types) {
                Trace::Cells(cells) => {
                    for k in 0..cells.len() {
                        let Trace::Cells(cells) = &self.traces[ty as usize] else {
                            break;
                        };
                        let at = cells[k] as usize;
                        let cell = self.slots[i as usize]
                            .object
                            .as_ref()
                            .and_then(|o| o.data.cells())
                            .and_then(|c| c.get(at).copied())
                            .unwrap_or(0);
                        self.mark(cell);
                    }
                }
                Trace::Elements => {
                    let len = self.slots[i as usize]
                        .object
                        .as_ref()
                        .map_or(0, |o| o.array_len());
                    for k in 0..len {
                        let cell = match self.slots[i as usize].object.as_ref().map(|o| &o.data) {
                            Some(GcData::Array { elem: 8, bytes }) => read_elem(bytes, 8, k).0,
                            _ => 0,
                        };
                        self.mark(cell);
                    }
                }
                Trace::Nothing | Trace::Unknown => {}
            }
        }
    }

    /// Ends a collection whose roots are marked: traces from them, frees
    /// every object left unmarked, and sets the next collection's size.
    pub(crate) fn finish_collection(&mut self, types: &TypeRegistry) {
        self.mark_host_roots();
        self.trace(types);
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if slot.marked {
                slot.marked = false;
            } else if let Some(o) = slot.object.take() {
                self.bytes -= o.size() + OBJECT_OVERHEAD;
                slot.generation = slot.generation.wrapping_add(1);
                self.free.push(i as u32);
            }
        }
        self.next = self.bytes.saturating_mul(2);
        self.collections += 1;
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

/// Writes every element of `bytes` (of `elem` bytes each) with the
/// value `lo` (and `hi`, a `v128`'s upper half): `array.new`'s fill.
pub(crate) fn fill_elems(bytes: &mut [u8], elem: u8, lo: u64, hi: u64) {
    if lo == 0 && hi == 0 {
        return;
    }
    if elem == 1 {
        bytes.fill(lo as u8);
        return;
    }
    for i in 0..bytes.len() / elem.max(1) as usize {
        write_elem(bytes, elem, i, lo, hi);
    }
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
    pub(crate) fn gc_new_struct(&mut self, id: u32, cells: &[u64]) -> Result<u64, TrapCode> {
        self.gc_admit(struct_bytes(cells.len()))?;
        let data = GcData::structure(cells)?;
        self.inner.gc.alloc(id, data)
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
        let data = GcData::array(elem, size, fill)?;
        self.inner.gc.alloc(id, data)
    }
}

impl crate::store::StoreInner {
    /// Keeps the object a value handed to the host names alive while the
    /// host holds it (see "Host references").
    pub(crate) fn gc_root_val(&mut self, v: &crate::Val) {
        if let crate::Val::AnyRef(Some(r)) = v {
            self.gc.root(r.cell);
        }
    }

    /// Marks the references frame `f` holds at its return address's op
    /// less one, as the function's stack maps name them; or, with
    /// `whole`, every slot of the frame (a call parked for lack of fuel
    /// stopped at an op that is no safepoint).
    fn gc_mark_frame(&mut self, f: &Frame, whole: bool) {
        let Some(cf) = self
            .instances
            .get(f.instance as usize)
            .and_then(|i| i.compiled_if_ready(f.func))
        else {
            return;
        };
        if whole {
            let end = (f.base + cf.frame_size as usize).min(self.stack.len());
            for at in f.base.min(end)..end {
                self.gc.mark(self.stack[at]);
            }
            return;
        }
        let Some(maps) = cf.maps.as_deref() else {
            return;
        };
        let op = (f.ret as usize).wrapping_sub(cf.ops.as_ptr() as usize) / size_of::<Op>();
        let Some(op) = op.checked_sub(1) else {
            return;
        };
        for &s in maps.find(op as u32) {
            if let Some(&c) = self.stack.get(f.base + s as usize) {
                self.gc.mark(c);
            }
        }
    }

    /// Marks the references of the running execution's frames: `top`
    /// (whose return address is just past the op it is at) and its
    /// callers.
    pub(crate) fn gc_mark_frames(&mut self, top: &Frame, callers: &[Frame]) {
        self.gc_mark_frame(top, false);
        for f in callers {
            self.gc_mark_frame(f, false);
        }
    }

    /// Marks every root outside the running execution's frames (see
    /// "Collection"), then traces and frees: globals and tables of
    /// reference type, passive element segments, the payloads of live
    /// exceptions, the host's references, and the frames of parked
    /// executions (waiting for a host function, or out of fuel). First,
    /// if there are exceptions, their own collector runs (with the value
    /// stack below `top` as its roots), so that a dead exception does not
    /// keep the objects of its payload.
    pub(crate) fn gc_collect(&mut self, top: usize) {
        #[cfg(feature = "exceptions")]
        if !self.exns.is_empty() {
            self.collect_exns(top);
        }
        let _ = top;
        for k in 0..self.globals.len() {
            let g = &self.globals[k];
            if g.ty.content.as_ref_type().is_some() {
                self.gc.mark(g.value);
            }
        }
        for t in &self.tables {
            for &c in &t.elems {
                self.gc.mark(c);
            }
        }
        for i in &self.instances {
            for seg in &i.elems {
                for &c in seg {
                    self.gc.mark(c);
                }
            }
        }
        #[cfg(feature = "exceptions")]
        for (tag, cells) in self.exns.payloads() {
            let Some(t) = self.tags.get(tag as usize) else {
                continue;
            };
            let ty = self.func_type(t.type_id);
            for (p, at) in ty
                .params()
                .iter()
                .zip(crate::types::slot_offsets(ty.params()))
            {
                if let (Some(_), Some(&c)) = (p.as_ref_type(), cells.get(at)) {
                    self.gc.mark(c);
                }
            }
        }
        let parked = core::mem::take(&mut self.parked);
        for p in &parked {
            self.gc_mark_frames(&p.top, &p.frames);
        }
        self.parked = parked;
        if let Some(s) = self.suspended.take() {
            let top = Frame {
                ret: s.ip.wrapping_add(1),
                base: s.base,
                func: s.func,
                instance: s.instance,
            };
            self.gc_mark_frame(&top, true);
            for f in &s.frames {
                self.gc_mark_frame(f, false);
            }
            self.suspended = Some(s);
        }
        self.gc.finish_collection(&self.types);
    }
}

impl<T> crate::store::Store<T> {
    /// Collects the GC heap now (the `gc` cargo feature): frees every
    /// struct and array that no global, table, element segment,
    /// exception, wasm frame or host root can reach (see
    /// [`RootScope`]). Collections also run on their own as the heap
    /// grows ([`Config::gc_threshold`](crate::Config::gc_threshold)).
    /// Called from a host function (through [`Caller::gc`]), the frames
    /// of the wasm code waiting for it are roots too.
    ///
    /// [`Caller::gc`]: crate::Caller::gc
    pub fn gc(&mut self) {
        let top = self.inner.stack_top;
        self.inner.gc_collect(top);
    }

    /// The bytes the GC heap holds: each live object's payload plus a
    /// fixed overhead, as counted against
    /// [`StoreLimitsBuilder::gc_heap_size`](crate::StoreLimitsBuilder::gc_heap_size).
    pub fn gc_heap_bytes(&self) -> usize {
        self.inner.gc.bytes()
    }

    /// How many collections have run in this store.
    pub fn gc_collections(&self) -> u64 {
        self.inner.gc.collections()
    }
}

impl<T> crate::Caller<'_, T> {
    /// [`Store::gc`](crate::Store::gc) from a host function.
    pub fn gc(&mut self) {
        self.store.gc();
    }
}

/// A scope for the GC references the host takes (the `gc` cargo
/// feature), after Wasmtime's type of the same name.
///
/// Every struct or array reference that reaches the host (a call's
/// result, [`Global::get`](crate::Global::get),
/// [`Table::get`](crate::Table::get), [`AnyRef::fields`](crate::AnyRef::fields),
/// an exception's payload) is *rooted*: the collector keeps its object
/// alive. Roots are released in bulk: those taken through a `RootScope`
/// when the scope is dropped, and those a host function takes when it
/// returns. Roots taken outside any scope and outside a host function
/// last as long as the store, so a host that keeps calling functions
/// that return references should call them through a scope:
///
/// ```
/// # #[cfg(feature = "gc")] {
/// use spindle::{Engine, Module, Instance, RootScope, Store, Val};
/// let engine = Engine::default();
/// let wasm = wat::parse_str(r#"(module
///   (type $point (struct (field i32) (field i32)))
///   (func (export "make") (param i32) (result (ref $point))
///     (struct.new $point (local.get 0) (i32.const 2))))"#).unwrap();
/// let module = Module::new(&engine, &wasm).unwrap();
/// let mut store = Store::new(&engine, ());
/// let instance = Instance::new(&mut store, &module, &[]).unwrap();
/// let make = instance.get_func(&store, "make").unwrap();
/// for i in 0..1000 {
///     let mut scope = RootScope::new(&mut store);
///     let mut out = [Val::I32(0)];
///     make.call(&mut scope, &[Val::I32(i)], &mut out).unwrap();
///     let Val::AnyRef(Some(point)) = out[0] else { unreachable!() };
///     assert_eq!(point.fields(&mut scope).unwrap(), Some(vec![Val::I32(i), Val::I32(2)]));
/// } // the scope ends: the point may be collected
/// store.gc();
/// assert_eq!(store.gc_heap_bytes(), 0);
/// # }
/// ```
///
/// A reference used after its root was released is an error wherever
/// it is used (its object may have been collected), never undefined
/// behaviour: a slot's generation changes when its object is freed.
pub struct RootScope<C: crate::AsContextMut> {
    store: C,
    len: usize,
}

impl<C: crate::AsContextMut> RootScope<C> {
    /// A scope over `store`: the roots taken through it are released when
    /// it is dropped.
    pub fn new(mut store: C) -> RootScope<C> {
        let len = store.as_context_mut().gc.roots_len();
        RootScope { store, len }
    }
}

impl<C: crate::AsContextMut> crate::AsContext for RootScope<C> {
    type Data = C::Data;
    fn as_store(&self) -> &crate::Store<C::Data> {
        self.store.as_store()
    }
}

impl<C: crate::AsContextMut> crate::AsContextMut for RootScope<C> {
    fn as_store_mut(&mut self) -> &mut crate::Store<C::Data> {
        self.store.as_store_mut()
    }
}

impl<C: crate::AsContextMut> Drop for RootScope<C> {
    fn drop(&mut self) {
        let len = self.len;
        self.store.as_context_mut().gc.release_roots(len);
    }
}

/// A GC reference the host owns outside any scope (the `gc` cargo
/// feature), after Wasmtime's type of the same name: its object stays
/// alive until this and every clone of it are dropped. Dropping needs no
/// store: the store notices at its next collection. Use it to keep a
/// reference across calls, in host data for example; within a call, or
/// a loop of calls, a [`RootScope`] costs less.
///
/// ```
/// # #[cfg(feature = "gc")] {
/// use spindle::{AnyRef, Engine, Instance, Module, OwnedRooted, RootScope, Store, Val};
/// let engine = Engine::default();
/// let wasm = wat::parse_str(r#"(module
///   (type $cell (struct (field (mut i32))))
///   (func (export "make") (result (ref $cell)) (struct.new $cell (i32.const 1))))"#).unwrap();
/// let module = Module::new(&engine, &wasm).unwrap();
/// let mut store = Store::new(&engine, ());
/// let instance = Instance::new(&mut store, &module, &[]).unwrap();
/// let make = instance.get_func(&store, "make").unwrap();
/// let owned: OwnedRooted<AnyRef> = {
///     let mut scope = RootScope::new(&mut store);
///     let mut out = [Val::I32(0)];
///     make.call(&mut scope, &[], &mut out).unwrap();
///     let Val::AnyRef(Some(r)) = out[0] else { unreachable!() };
///     OwnedRooted::new(&mut scope, r).unwrap()
/// };
/// store.gc();
/// assert_eq!(owned.get().fields(&mut store).unwrap(), Some(vec![Val::I32(1)]));
/// drop(owned);
/// store.gc();
/// assert_eq!(store.gc_heap_bytes(), 0);
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct OwnedRooted<T> {
    value: T,
    _token: Arc<()>,
}

impl OwnedRooted<crate::AnyRef> {
    /// Roots `r` in `store` until the result (and its clones) are
    /// dropped. An error if `r` belongs to another store, or if its object
    /// was already collected.
    pub fn new(
        mut store: impl crate::AsContextMut,
        r: crate::AnyRef,
    ) -> crate::Result<OwnedRooted<crate::AnyRef>> {
        let inner = store.as_context_mut();
        crate::Val::AnyRef(Some(r)).check_store(inner)?;
        let token = Arc::new(());
        let m = mark_of(r.cell);
        if m == STRUCT_MARK || m == ARRAY_MARK {
            inner.gc.owned.push((r.cell, Arc::downgrade(&token)));
        }
        Ok(OwnedRooted {
            value: r,
            _token: token,
        })
    }

    /// The reference, valid while this lives.
    pub fn get(&self) -> crate::AnyRef {
        self.value
    }
}
