//! The GC ops' out-of-line paths (the `gc` cargo feature): allocation,
//! field and element access, casts. Each reads its operands from slots
//! (no GC op has an accumulator form) and touches only the store's GC
//! heap besides its own slots; an allocating op asks the store's limiter
//! before it allocates (see `store::gc`). The threaded handlers stay
//! small: each GC op's handler is a call to one of these.
//!
//! The allocating paths here are where a collection may run
//! ([`Executor::gc_reserve`]), before they allocate: the op's operands
//! are in the slots its stack map names (`translate::maps`), and the
//! collector never moves an object, so a cell read before the collection
//! still names the same object after it.

use super::{Executor, Stop};
use crate::bytecode::Slot;
use crate::bytecode::gc::{self as codes, FieldKind};
use crate::error::{Error, ErrorKind, TrapCode};
use crate::num::checked_range;
use crate::store::gc::{
    GcData, INLINE_CELLS, array_bytes, fill_elems, read_elem, struct_bytes, write_elem,
};
use crate::store::suspended::Frame;
use crate::store::types::TypeRegistry;
use crate::types::{CompositeKind, CompositeType, ConcreteTypes, StorageType, StructType};
use alloc::vec::Vec;

/// What a struct or array op found where its type should be: only a
/// module loaded unchecked can get here.
#[cold]
#[inline(never)]
fn not_a(what: &str) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        alloc::format!("a GC op names a type that is not {what}"),
    )
}

/// The struct type of store type `id`, if it is one.
fn struct_of(types: &TypeRegistry, id: u32) -> Option<&StructType> {
    match types.get(id).map(|t| &t.composite) {
        Some(CompositeType::Struct(st)) => Some(st),
        _ => None,
    }
}

impl<T> Executor<'_, T> {
    /// The store id of the running module's type `ty`.
    fn canon(&self, ty: u32) -> u32 {
        self.instance()
            .type_ids
            .get(ty as usize)
            .copied()
            .unwrap_or(u32::MAX)
    }

    /// The upper half of the v128 in `slot` (in the slot after it; see
    /// `translate`, "v128 values").
    fn hi(&self, slot: Slot) -> u64 {
        self.get::<u64>(slot.wrapping_add(1))
    }

    fn set_hi(&mut self, slot: Slot, hi: u64) {
        self.set(slot.wrapping_add(1), hi);
    }

    /// Makes room for an object of `size` payload bytes: collects first
    /// if the heap has grown past its threshold, then asks the limiter;
    /// if it refuses and no collection ran yet, collects and asks again.
    fn gc_reserve(&mut self, size: usize) -> Result<(), Stop> {
        let threshold = self.store.inner.engine.config().gc_threshold;
        let collected = self.store.inner.gc.wants_collection(size, threshold);
        if collected {
            self.collect_gc();
        }
        match self.store.gc_admit(size) {
            Ok(()) => Ok(()),
            Err(e) if collected => Err(e.into()),
            Err(_) => {
                self.collect_gc();
                Ok(self.store.gc_admit(size)?)
            }
        }
    }

    /// Collects the GC heap: the roots are the running execution's frames
    /// (this one at the allocating op it is at) and the store's own
    /// (`store::gc`, "Collection").
    #[cold]
    #[inline(never)]
    pub(super) fn collect_gc(&mut self) {
        let top = Frame {
            ret: self.ip.wrapping_add(1),
            base: self.base,
            func: self.func,
            instance: self.instance,
        };
        let end = self.base + self.frame_size();
        let inner = &mut self.store.inner;
        inner.gc_mark_frames(&top, &self.frames);
        inner.gc_collect(end);
    }

    #[inline(never)]
    pub(super) fn struct_new(&mut self, args: Slot, ty: u32) -> Result<(), Stop> {
        let id = self.canon(ty);
        let Some(n) = struct_of(&self.store.inner.types, id).map(codes::struct_cells) else {
            return Err(self.host_error(not_a("a struct type")));
        };
        self.gc_reserve(struct_bytes(n))?;
        let inner = &self.store.inner;
        let fields = struct_of(&inner.types, id).map_or(&[][..], |st| st.fields());
        let first = self.base + args as usize;
        // The cells: on the host stack if they fit in the slot, which
        // needs no allocation (`store::gc`, "Objects").
        let mut small = [0u64; INLINE_CELLS];
        let mut large: Vec<u64> = Vec::new();
        let cells: &mut [u64] = if n <= INLINE_CELLS {
            &mut small[..n]
        } else {
            large
                .try_reserve_exact(n)
                .map_err(|_| TrapCode::AllocationTooLarge)?;
            large.resize(n, 0);
            &mut large
        };
        // The fields' cells are laid out as their slots are (a v128 in
        // two).
        let mut at = 0;
        for f in fields {
            let t = f.element_type();
            if let Some(c) = cells.get_mut(at) {
                *c = codes::pack(t, inner.stack[first + at]);
            }
            at += 1;
            if matches!(t, StorageType::ValType(v) if v.is_v128()) {
                if let Some(c) = cells.get_mut(at) {
                    *c = inner.stack[first + at];
                }
                at += 1;
            }
        }
        let data = if n <= INLINE_CELLS {
            GcData::Inline(small)
        } else {
            GcData::Struct(large.into_boxed_slice())
        };
        let cell = self.store.inner.gc.alloc(id, data)?;
        self.set(args, cell);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn struct_new_default(&mut self, args: Slot, ty: u32) -> Result<(), Stop> {
        let id = self.canon(ty);
        let Some(n) = struct_of(&self.store.inner.types, id).map(codes::struct_cells) else {
            return Err(self.host_error(not_a("a struct type")));
        };
        self.gc_reserve(struct_bytes(n))?;
        let data = GcData::zeroed_struct(n)?;
        let cell = self.store.inner.gc.alloc(id, data)?;
        self.set(args, cell);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn struct_get(
        &mut self,
        dst: Slot,
        r: Slot,
        cell: u16,
        kind: u16,
    ) -> Result<(), Stop> {
        let c = self.get::<u64>(r);
        let Some(cells) = self.store.inner.gc.get(c).and_then(|o| o.data.cells()) else {
            return Err(TrapCode::NullStructReference.into());
        };
        let at = cell as usize;
        let kind = FieldKind::from_u16(kind);
        let lo = cells.get(at).copied().unwrap_or(0);
        if kind == FieldKind::V128 {
            let hi = cells.get(at + 1).copied().unwrap_or(0);
            self.set(dst, lo);
            self.set_hi(dst, hi);
        } else {
            self.set(dst, kind.extend(lo));
        }
        Ok(())
    }

    #[inline(never)]
    pub(super) fn struct_set(
        &mut self,
        r: Slot,
        value: Slot,
        cell: u16,
        kind: u16,
    ) -> Result<(), Stop> {
        let c = self.get::<u64>(r);
        let kind = FieldKind::from_u16(kind);
        let v = self.get::<u64>(value);
        let hi = if kind == FieldKind::V128 {
            self.hi(value)
        } else {
            0
        };
        let v = match kind {
            FieldKind::S8 | FieldKind::U8 => v & 0xff,
            FieldKind::S16 | FieldKind::U16 => v & 0xffff,
            _ => v,
        };
        let Some(cells) = self
            .store
            .inner
            .gc
            .get_mut(c)
            .and_then(|o| o.data.cells_mut())
        else {
            return Err(TrapCode::NullStructReference.into());
        };
        let at = cell as usize;
        if let Some(x) = cells.get_mut(at) {
            *x = v;
        }
        if kind == FieldKind::V128 {
            if let Some(x) = cells.get_mut(at + 1) {
                *x = hi;
            }
        }
        Ok(())
    }

    /// The element size of array type `id` (store id), or the error.
    fn array_elem(&mut self, id: u32) -> Result<u8, Stop> {
        match self.store.inner.types.get(id).map(|t| &t.composite) {
            Some(CompositeType::Array(a)) => Ok(codes::storage_size(a.field_type().element_type())),
            _ => Err(self.host_error(not_a("an array type"))),
        }
    }

    /// Allocates an array of store type `id` of `len` elements of `elem`
    /// bytes, filled by `fill` (given the zeroed buffer).
    fn new_array(
        &mut self,
        id: u32,
        elem: u8,
        len: u64,
        fill: impl FnOnce(&mut [u8]),
    ) -> Result<u64, Stop> {
        let size = array_bytes(elem, len).ok_or(TrapCode::AllocationTooLarge)?;
        self.gc_reserve(size)?;
        let data = GcData::array(elem, size, fill)?;
        Ok(self.store.inner.gc.alloc(id, data)?)
    }

    /// `array.new` (init, len in `args`) or, with `default`,
    /// `array.new_default` (len in `args`).
    #[inline(never)]
    pub(super) fn array_new(&mut self, args: Slot, ty: u32, default: bool) -> Result<(), Stop> {
        let id = self.canon(ty);
        let elem = self.array_elem(id)?;
        let (len, lo, hi) = if default {
            (self.get::<u32>(args), 0, 0)
        } else {
            // The length follows the value, two slots on for a v128.
            let (hi, len) = if elem == 16 {
                (self.hi(args), args + 2)
            } else {
                (0, args + 1)
            };
            (self.get::<u32>(len), self.get::<u64>(args), hi)
        };
        self.charge_bulk(len as u64)?;
        let cell = self.new_array(id, elem, len as u64, |bytes| {
            fill_elems(bytes, elem, lo, hi)
        })?;
        self.set(args, cell);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn array_new_fixed(&mut self, args: Slot, ty: u32, n: u16) -> Result<(), Stop> {
        let id = self.canon(ty);
        let elem = self.array_elem(id)?;
        let first = self.base + args as usize;
        let inner = &self.store.inner;
        // One slot per value, two for a v128.
        let values: Vec<(u64, u64)> = (0..n as usize)
            .map(|i| match elem {
                16 => (inner.stack[first + 2 * i], inner.stack[first + 2 * i + 1]),
                _ => (inner.stack[first + i], 0),
            })
            .collect();
        let cell = self.new_array(id, elem, n as u64, |bytes| {
            for (i, &(lo, hi)) in values.iter().enumerate() {
                write_elem(bytes, elem, i, lo, hi);
            }
        })?;
        self.set(args, cell);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn array_new_data(&mut self, args: Slot, ty: u32, seg: u32) -> Result<(), Stop> {
        let id = self.canon(ty);
        let elem = self.array_elem(id)?;
        let s = self.get::<u32>(args) as u64;
        let n = self.get::<u32>(args + 1) as u64;
        self.charge_bulk(n)?;
        let module = self.instance().module.clone();
        let dropped = self.instance().data_dropped[seg as usize];
        let data: &[u8] = if dropped {
            &[]
        } else {
            &module.datas[seg as usize].bytes
        };
        let bytes_n = array_bytes(elem, n).ok_or(TrapCode::MemoryOutOfBounds)?;
        let src =
            checked_range(s, bytes_n as u64, data.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
        let cell = self.new_array(id, elem, n, |bytes| bytes.copy_from_slice(&data[src]))?;
        self.set(args, cell);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn array_new_elem(&mut self, args: Slot, ty: u32, seg: u32) -> Result<(), Stop> {
        let id = self.canon(ty);
        let elem = self.array_elem(id)?;
        let s = self.get::<u32>(args) as u64;
        let n = self.get::<u32>(args + 1) as u64;
        self.charge_bulk(n)?;
        let items = &self.instance().elems[seg as usize];
        let src = checked_range(s, n, items.len()).ok_or(TrapCode::TableOutOfBounds)?;
        let items: Vec<u64> = items[src].to_vec();
        let cell = self.new_array(id, elem, n, |bytes| {
            for (i, &c) in items.iter().enumerate() {
                write_elem(bytes, elem, i, c, 0);
            }
        })?;
        self.set(args, cell);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn array_get(
        &mut self,
        dst: Slot,
        r: Slot,
        index: Slot,
        kind: u16,
    ) -> Result<(), Stop> {
        let c = self.get::<u64>(r);
        let i = self.get::<u32>(index) as usize;
        let Some(obj) = self.store.inner.gc.get(c) else {
            return Err(TrapCode::NullArrayReference.into());
        };
        let GcData::Array { elem, bytes } = &obj.data else {
            return Err(TrapCode::NullArrayReference.into());
        };
        if i >= obj.array_len() {
            return Err(TrapCode::ArrayOutOfBounds.into());
        }
        let (lo, hi) = read_elem(bytes, *elem, i);
        let kind = FieldKind::from_u16(kind);
        self.set(dst, kind.extend(lo));
        if kind == FieldKind::V128 {
            self.set_hi(dst, hi);
        }
        Ok(())
    }

    #[inline(never)]
    pub(super) fn array_set(&mut self, r: Slot, index: Slot, value: Slot) -> Result<(), Stop> {
        let c = self.get::<u64>(r);
        let i = self.get::<u32>(index) as usize;
        let lo = self.get::<u64>(value);
        let wide = matches!(
            self.store.inner.gc.get(c).map(|o| &o.data),
            Some(GcData::Array { elem: 16, .. })
        );
        let hi = if wide { self.hi(value) } else { 0 };
        let Some(obj) = self.store.inner.gc.get_mut(c) else {
            return Err(TrapCode::NullArrayReference.into());
        };
        let len = obj.array_len();
        let GcData::Array { elem, bytes } = &mut obj.data else {
            return Err(TrapCode::NullArrayReference.into());
        };
        if i >= len {
            return Err(TrapCode::ArrayOutOfBounds.into());
        }
        write_elem(bytes, *elem, i, lo, hi);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn array_len(&mut self, dst: Slot, r: Slot) -> Result<(), Stop> {
        let c = self.get::<u64>(r);
        let Some(obj) = self.store.inner.gc.get(c) else {
            return Err(TrapCode::NullArrayReference.into());
        };
        let n = obj.array_len() as u32;
        self.set(dst, n);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn array_fill(&mut self, args: Slot) -> Result<(), Stop> {
        let c = self.get::<u64>(args);
        let d = self.get::<u32>(args + 1) as u64;
        let lo = self.get::<u64>(args + 2);
        let wide = matches!(
            self.store.inner.gc.get(c).map(|o| &o.data),
            Some(GcData::Array { elem: 16, .. })
        );
        // The count follows the value, two slots on for a v128.
        let (hi, n) = if wide {
            (self.hi(args + 2), self.get::<u32>(args + 4) as u64)
        } else {
            (0, self.get::<u32>(args + 3) as u64)
        };
        let Some(obj) = self.store.inner.gc.get_mut(c) else {
            return Err(TrapCode::NullArrayReference.into());
        };
        let range = checked_range(d, n, obj.array_len()).ok_or(TrapCode::ArrayOutOfBounds)?;
        self.charge_bulk(n)?;
        let Some(GcData::Array { elem, bytes }) =
            self.store.inner.gc.get_mut(c).map(|o| &mut o.data)
        else {
            return Err(TrapCode::NullArrayReference.into());
        };
        for i in range {
            write_elem(bytes, *elem, i, lo, hi);
        }
        Ok(())
    }

    #[inline(never)]
    pub(super) fn array_copy(&mut self, args: Slot) -> Result<(), Stop> {
        let dc = self.get::<u64>(args);
        let d = self.get::<u32>(args + 1) as u64;
        let sc = self.get::<u64>(args + 2);
        let s = self.get::<u32>(args + 3) as u64;
        let n = self.get::<u32>(args + 4) as u64;
        let heap = &self.store.inner.gc;
        let (Some(dst), Some(src)) = (heap.get(dc), heap.get(sc)) else {
            return Err(TrapCode::NullArrayReference.into());
        };
        let dr = checked_range(d, n, dst.array_len()).ok_or(TrapCode::ArrayOutOfBounds)?;
        let sr = checked_range(s, n, src.array_len()).ok_or(TrapCode::ArrayOutOfBounds)?;
        self.charge_bulk(n)?;
        let heap = &mut self.store.inner.gc;
        if dc == sc {
            if let Some(GcData::Array { elem, bytes }) = heap.get_mut(dc).map(|o| &mut o.data) {
                let e = *elem as usize;
                bytes.copy_within(sr.start * e..sr.end * e, dr.start * e);
            }
        } else if let Some((dst, src)) = heap.get_two(dc, sc) {
            if let (GcData::Array { elem, bytes: to }, GcData::Array { bytes: from, .. }) =
                (&mut dst.data, &src.data)
            {
                let e = *elem as usize;
                if let (Some(to), Some(from)) = (
                    to.get_mut(dr.start * e..dr.end * e),
                    from.get(sr.start * e..sr.end * e),
                ) {
                    if to.len() == from.len() {
                        to.copy_from_slice(from);
                    }
                }
            }
        }
        Ok(())
    }

    #[inline(never)]
    pub(super) fn array_init_data(&mut self, args: Slot, seg: u32) -> Result<(), Stop> {
        let c = self.get::<u64>(args);
        let d = self.get::<u32>(args + 1) as u64;
        let s = self.get::<u32>(args + 2) as u64;
        let n = self.get::<u32>(args + 3) as u64;
        let Some(obj) = self.store.inner.gc.get(c) else {
            return Err(TrapCode::NullArrayReference.into());
        };
        let GcData::Array { elem, .. } = obj.data else {
            return Err(TrapCode::NullArrayReference.into());
        };
        let dr = checked_range(d, n, obj.array_len()).ok_or(TrapCode::ArrayOutOfBounds)?;
        let module = self.instance().module.clone();
        let dropped = self.instance().data_dropped[seg as usize];
        let data: &[u8] = if dropped {
            &[]
        } else {
            &module.datas[seg as usize].bytes
        };
        let e = elem as usize;
        let bytes_n = array_bytes(elem, n).ok_or(TrapCode::MemoryOutOfBounds)?;
        let sr = checked_range(s, bytes_n as u64, data.len()).ok_or(TrapCode::MemoryOutOfBounds)?;
        self.charge_bulk(n)?;
        if let Some(GcData::Array { bytes, .. }) =
            self.store.inner.gc.get_mut(c).map(|o| &mut o.data)
        {
            bytes[dr.start * e..dr.end * e].copy_from_slice(&data[sr]);
        }
        Ok(())
    }

    #[inline(never)]
    pub(super) fn array_init_elem(&mut self, args: Slot, seg: u32) -> Result<(), Stop> {
        let c = self.get::<u64>(args);
        let d = self.get::<u32>(args + 1) as u64;
        let s = self.get::<u32>(args + 2) as u64;
        let n = self.get::<u32>(args + 3) as u64;
        let Some(obj) = self.store.inner.gc.get(c) else {
            return Err(TrapCode::NullArrayReference.into());
        };
        let dr = checked_range(d, n, obj.array_len()).ok_or(TrapCode::ArrayOutOfBounds)?;
        let items = &self.instance().elems[seg as usize];
        let sr = checked_range(s, n, items.len()).ok_or(TrapCode::TableOutOfBounds)?;
        let items: Vec<u64> = items[sr].to_vec();
        self.charge_bulk(n)?;
        if let Some(GcData::Array { elem, bytes }) =
            self.store.inner.gc.get_mut(c).map(|o| &mut o.data)
        {
            for (k, &v) in items.iter().enumerate() {
                write_elem(bytes, *elem, dr.start + k, v, 0);
            }
        }
        Ok(())
    }

    /// Whether `cell` is a reference of type `code`
    /// (`bytecode::gc::heap_code`). The validator has checked that the
    /// cell's hierarchy is the type's.
    fn ref_is(&self, cell: u64, code: u32) -> bool {
        if cell == 0 {
            return code & codes::NULLABLE != 0;
        }
        let mark = codes::mark_of(cell);
        match code & !codes::NULLABLE {
            codes::ANY | codes::FUNC | codes::EXTERN | codes::EXN => true,
            codes::NONE | codes::NOFUNC | codes::NOEXTERN | codes::NOEXN => false,
            codes::EQ => matches!(
                mark,
                codes::I31_MARK | codes::STRUCT_MARK | codes::ARRAY_MARK
            ),
            codes::I31 => mark == codes::I31_MARK,
            codes::STRUCT => mark == codes::STRUCT_MARK,
            codes::ARRAY => mark == codes::ARRAY_MARK,
            ty => {
                let want = self.canon(ty);
                let inner = &self.store.inner;
                let have = if inner.types.kind(want) == Some(CompositeKind::Func) {
                    // A function reference: its store index plus one.
                    match inner.funcs.get((cell - 1) as usize) {
                        Some(f) if mark == 0 => f.type_id(),
                        _ => return false,
                    }
                } else {
                    match inner.gc.get(cell) {
                        Some(o) => o.ty,
                        None => return false,
                    }
                };
                inner.is_subtype(have, want)
            }
        }
    }

    #[inline(never)]
    pub(super) fn ref_test(&mut self, dst: Slot, r: Slot, ty: u32) -> Result<(), Stop> {
        let ok = self.ref_is(self.get::<u64>(r), ty);
        self.set(dst, ok as u32);
        Ok(())
    }

    #[inline(never)]
    pub(super) fn ref_cast(&mut self, r: Slot, ty: u32) -> Result<(), Stop> {
        if self.ref_is(self.get::<u64>(r), ty) {
            Ok(())
        } else {
            Err(TrapCode::CastFailure.into())
        }
    }
}
