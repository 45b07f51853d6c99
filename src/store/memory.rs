//! Linear memories.

use crate::error::{Error, Result};
use crate::store::{AsContext, AsContextMut, StoreId, StoreInner};
use crate::types::MemoryType;
use alloc::vec::Vec;

/// Bytes in a wasm page (the default page size; see
/// [`MemoryType::page_size`]).
pub const PAGE_SIZE: usize = 65536;

/// The most bytes a 32-bit memory can have on this target: 4 GiB where
/// `usize` allows it, half the address space on 32-bit targets.
const MAX_BYTES: u64 = if usize::BITS >= 64 {
    1 << 32
} else {
    (usize::MAX / 2) as u64
};

/// The most bytes a 64-bit memory can have on this target: 2^48 (256
/// TiB, more than any allocator hands out, so growth stops where the
/// allocator refuses) where `usize` allows it, half the address space on
/// 32-bit targets.
const MAX_BYTES_64: u64 = if usize::BITS >= 64 {
    1 << 48
} else {
    (usize::MAX / 2) as u64
};

/// The most pages of `ty`'s size a memory can have on this target (for a
/// 32-bit memory at most `u32::MAX`: 1-byte pages stop one byte short of
/// 4 GiB).
pub(crate) fn max_pages(ty: &MemoryType) -> u64 {
    if ty.memory64 {
        MAX_BYTES_64 >> ty.page_size_log2
    } else {
        (MAX_BYTES >> ty.page_size_log2).min(u32::MAX as u64)
    }
}

#[derive(Debug)]
pub(crate) struct MemoryEntity {
    /// The memory's bytes. With `std`, every block comes from [`zeroed`]
    /// and nothing writes past the length, so the spare capacity is zero
    /// too: [`MemoryEntity::grow`] relies on that.
    pub data: Vec<u8>,
    pub ty: MemoryType,
}

impl MemoryEntity {
    pub(crate) fn new(ty: MemoryType) -> Result<MemoryEntity> {
        let mut m = MemoryEntity {
            data: Vec::new(),
            ty,
        };
        if ty.min > max_pages(&ty) || m.grow(ty.min).is_none() {
            return Err(Error::instantiate(alloc::format!(
                "cannot allocate a memory of {} pages",
                ty.min
            )));
        }
        m.ty = ty;
        Ok(m)
    }

    /// The declared maximum, capped by what this target can address.
    pub(crate) fn max_pages(&self) -> u64 {
        let cap = max_pages(&self.ty);
        self.ty.max.unwrap_or(cap).min(cap)
    }

    pub(crate) fn pages(&self) -> u64 {
        (self.data.len() >> self.ty.page_size_log2) as u64
    }

    /// Grows by `delta` pages; the old size, or `None` if the limit or the
    /// allocator refuses.
    ///
    /// With `std`, growth touches only the bytes the memory already had. A
    /// new block comes zeroed from the allocator (for large blocks, fresh
    /// pages from the operating system, which cost nothing until the guest
    /// writes to them), the old bytes are copied in, and the block is made
    /// up to twice the size asked for (within the memory's maximum), so
    /// that later growth mostly just extends the length over zeros already
    /// there. Growing a one-page memory to 4 GiB thus takes microseconds
    /// and a few pages of RSS, where writing the zeros took tens of
    /// seconds and 4 GiB. Without `std` (firmware), where the heap is the
    /// RAM and is not handed out lazily, the memory grows to exactly its
    /// size, written with zeros.
    pub(crate) fn grow(&mut self, delta: u64) -> Option<u64> {
        let old = self.pages();
        let new = old.checked_add(delta)?;
        if new > self.max_pages() {
            return None;
        }
        let bytes = (new as usize) << self.ty.page_size_log2;
        if self.data.capacity() == 0 {
            self.data = zeroed(bytes, bytes)?;
            return Some(old);
        }
        #[cfg(feature = "std")]
        {
            if bytes <= self.data.capacity() {
                // SAFETY: `bytes` is within the capacity, and the bytes
                // between the length and the capacity are initialised to
                // zero: the block came from `zeroed` and nothing writes past
                // the length (see `data`).
                unsafe { self.data.set_len(bytes) };
                return Some(old);
            }
            let most = (self.max_pages() as usize) << self.ty.page_size_log2;
            let roomy = bytes.max(self.data.capacity().saturating_mul(2)).min(most);
            let mut data = zeroed(bytes, roomy).or_else(|| zeroed(bytes, bytes))?;
            data[..self.data.len()].copy_from_slice(&self.data);
            self.data = data;
        }
        #[cfg(not(feature = "std"))]
        {
            self.data.try_reserve_exact(bytes - self.data.len()).ok()?;
            self.data.resize(bytes, 0);
        }
        Some(old)
    }
}

/// `len` zero bytes in a block of `capacity` zero bytes, or `None` if the
/// allocator refuses. The allocator is asked for zeroed memory rather than
/// given zeros to write: a large block then comes as fresh pages from the
/// operating system, which cost nothing until the guest touches them (a
/// memory's first allocation is often megabytes the program never uses).
fn zeroed(len: usize, capacity: usize) -> Option<Vec<u8>> {
    debug_assert!(len <= capacity);
    let layout = core::alloc::Layout::array::<u8>(capacity).ok()?;
    if capacity == 0 {
        return Some(Vec::new());
    }
    // SAFETY: the layout's size is not zero (checked above).
    let ptr = unsafe { alloc::alloc::alloc_zeroed(layout) };
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` comes from the global allocator with the layout of
    // `capacity` bytes (alignment 1), which is what a `Vec<u8>` of that
    // capacity frees it with, and all of them are initialised (zero), so
    // the first `len <= capacity` are too.
    Some(unsafe { Vec::from_raw_parts(ptr, len, capacity) })
}

/// A handle to a linear memory in a [`Store`](crate::Store).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Memory(pub(crate) u32, pub(crate) StoreId);

impl Memory {
    /// Creates a memory of the given type in the store. The store's
    /// [`ResourceLimiter`](crate::ResourceLimiter) is asked first, as for a
    /// module's memory: a refusal is a [`BadArgument`](crate::ErrorKind::BadArgument) error.
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory> {
        let store = store.as_store_mut();
        store.counts_allow(0, 0, 1).map_err(Error::bad_argument)?;
        store.admit_memory(&ty).map_err(Error::bad_argument)?;
        let inner = &mut store.inner;
        let m = MemoryEntity::new(ty)?;
        inner.memories.push(m);
        Ok(Memory(inner.memories.len() as u32 - 1, inner.id))
    }

    /// The memory in `store`, which must be its own.
    #[track_caller]
    fn entity<'a>(&self, store: &'a StoreInner) -> &'a MemoryEntity {
        store.assert_store(self.1, "Memory");
        &store.memories[self.0 as usize]
    }

    #[track_caller]
    fn entity_mut<'a>(&self, store: &'a mut StoreInner) -> &'a mut MemoryEntity {
        store.assert_store(self.1, "Memory");
        &mut store.memories[self.0 as usize]
    }

    /// The memory's type, with its current size as the minimum.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    #[track_caller]
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        let m = self.entity(store.as_context());
        MemoryType {
            min: m.pages(),
            ..m.ty
        }
    }

    /// Size in pages.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    #[track_caller]
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.entity(store.as_context()).pages()
    }

    /// The memory's bytes.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    #[track_caller]
    pub fn data<'a>(&self, store: &'a impl AsContext) -> &'a [u8] {
        &self.entity(store.as_context()).data
    }

    /// The memory's bytes, writable.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    #[track_caller]
    pub fn data_mut<'a>(&self, store: &'a mut impl AsContextMut) -> &'a mut [u8] {
        &mut self.entity_mut(store.as_context_mut()).data
    }

    /// The memory's bytes and the store's host data, both writable: what a
    /// host function needs to move data between guest memory and its state.
    ///
    /// # Panics
    ///
    /// If the memory belongs to another store.
    #[track_caller]
    pub fn data_and_store_mut<'a, T: 'a>(
        &self,
        store: &'a mut impl AsContextMut<Data = T>,
    ) -> (&'a mut [u8], &'a mut T) {
        let s = store.as_store_mut();
        (&mut self.entity_mut(&mut s.inner).data, &mut s.data)
    }

    /// Reads `buf.len()` bytes at `offset`.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<()> {
        let inner = store.as_context();
        inner.check_store(self.1, "Memory")?;
        let data = &inner.memories[self.0 as usize].data;
        let end = offset.checked_add(buf.len()).filter(|&e| e <= data.len());
        let end = end.ok_or_else(|| Error::bad_argument("memory read out of bounds"))?;
        buf.copy_from_slice(&data[offset..end]);
        Ok(())
    }

    /// Writes `buf` at `offset`.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, buf: &[u8]) -> Result<()> {
        let inner = store.as_context_mut();
        inner.check_store(self.1, "Memory")?;
        let data = &mut inner.memories[self.0 as usize].data;
        let end = offset.checked_add(buf.len()).filter(|&e| e <= data.len());
        let end = end.ok_or_else(|| Error::bad_argument("memory write out of bounds"))?;
        data[offset..end].copy_from_slice(buf);
        Ok(())
    }

    /// Grows by `delta` pages and returns the old size in pages.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        store.as_context().check_store(self.1, "Memory")?;
        store
            .as_store_mut()
            .grow_memory(self.0, delta)
            .ok_or_else(|| Error::bad_argument("memory cannot grow that far"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Growth keeps the old bytes and adds zeros, whether it extends the
    /// length over a block's spare capacity or moves to a new block; it
    /// stops at the maximum.
    #[test]
    fn growth_keeps_the_bytes_and_adds_zeros() {
        let mut m = MemoryEntity::new(MemoryType::new(1, Some(4))).unwrap();
        m.data[0] = 1;
        m.data[PAGE_SIZE - 1] = 2;
        for (delta, pages) in [(1, 2), (0, 2), (1, 3), (1, 4)] {
            assert_eq!(m.grow(delta), Some(pages - delta));
            assert_eq!(m.data.len(), pages as usize * PAGE_SIZE);
            assert!(m.data.capacity() <= 4 * PAGE_SIZE);
            assert_eq!((m.data[0], m.data[PAGE_SIZE - 1]), (1, 2));
            assert!(m.data[PAGE_SIZE..].iter().all(|&b| b == 0));
            // What the guest writes in the new pages stays.
            let last = m.data.len() - 1;
            m.data[last] = 3;
            m.data[last] = 0;
        }
        assert_eq!(m.grow(1), None);
        assert_eq!(m.pages(), 4);
    }
}
