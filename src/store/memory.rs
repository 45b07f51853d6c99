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
    /// The memory's bytes (see [`Bytes`]).
    pub data: Bytes,
    pub ty: MemoryType,
}

/// A linear memory's bytes: a block of the heap, or, on 64-bit Unix hosts
/// (Linux, macOS, iOS, ...), a reservation of address space.
///
/// **Why a reservation.** A memory that grows by moving to a larger block
/// holds both blocks while it copies: growing a memory of N bytes to 2N
/// costs N bytes of copying and, at the peak, resident pages for both
/// blocks, and a program that grows its heap step by step (most C and
/// Rust programs do) pays that at every step. `json`, a kernel that
/// grows its heap to about 97 MB, peaked at 139 MB of RSS that way against
/// wasmi's 97 MB (BENCHMARKS.md, "The embedder's build"). A reservation
/// is address space for the memory's whole maximum (4 GiB for a 32-bit
/// memory without a declared maximum), inaccessible until growth opens
/// the next pages for reading and writing: it never moves, never copies,
/// and the operating system gives each page, zeroed, on its first touch.
/// Address space is plentiful on a 64-bit host (Linux gives a process 128
/// TiB), so memories are reserved whole; where a reservation is refused
/// (address space used up, a memory64 maximum past [`RESERVE_MOST`]), the
/// memory lives on the heap as before.
///
/// On the heap (every other target, the firmware, and under Miri, which
/// has no `mprotect`): with `std`, every block comes from [`zeroed`] and
/// nothing writes past the length, so the spare capacity is zero too:
/// [`MemoryEntity::grow`] relies on that.
#[derive(Debug)]
pub(crate) enum Bytes {
    Heap(Vec<u8>),
    #[cfg(all(feature = "std", unix, target_pointer_width = "64", not(miri)))]
    Reserved(reserved::Reservation),
}

impl core::ops::Deref for Bytes {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Heap(v) => v,
            #[cfg(all(feature = "std", unix, target_pointer_width = "64", not(miri)))]
            Bytes::Reserved(r) => r.bytes(),
        }
    }
}

impl core::ops::DerefMut for Bytes {
    #[inline]
    fn deref_mut(&mut self) -> &mut [u8] {
        match self {
            Bytes::Heap(v) => v,
            #[cfg(all(feature = "std", unix, target_pointer_width = "64", not(miri)))]
            Bytes::Reserved(r) => r.bytes_mut(),
        }
    }
}

/// The largest maximum reserved whole (8 GiB): every 32-bit memory, and
/// 64-bit ones up to twice that. A larger memory64 maximum lives on the
/// heap, growing by moving.
#[cfg(all(feature = "std", unix, target_pointer_width = "64", not(miri)))]
const RESERVE_MOST: u64 = 8 << 30;

/// Address-space reservations for memories (see [`Bytes`]).
#[cfg(all(feature = "std", unix, target_pointer_width = "64", not(miri)))]
mod reserved {
    use core::ffi::c_void;
    use core::ptr::NonNull;
    use rustix::mm::{MapFlags, MprotectFlags, ProtFlags};

    /// `reserved` bytes of address space at `ptr`, of which the first
    /// `open` (a multiple of [`GRAIN`]) are readable and
    /// writable, the rest inaccessible; the memory is the first `len`.
    #[derive(Debug)]
    pub(crate) struct Reservation {
        ptr: NonNull<u8>,
        len: usize,
        open: usize,
        reserved: usize,
    }

    // SAFETY: a `Reservation` owns its mapping as a `Box<[u8]>` owns its
    // block: nothing else refers to it, and access goes through `&self` /
    // `&mut self`.
    unsafe impl Send for Reservation {}
    // SAFETY: as above; `&Reservation` gives only shared reads.
    unsafe impl Sync for Reservation {}

    /// The granule of opening: 64 KiB, a multiple of every host page
    /// size in use (4 KiB on x86-64, 4, 16 or 64 KiB on AArch64), so that
    /// every boundary is page-aligned without asking the system (rustix's
    /// page-size query reads the ELF auxiliary vector, which Valgrind's
    /// tools do not give it).
    const GRAIN: usize = 64 << 10;

    fn page_up(n: usize) -> Option<usize> {
        n.checked_add(GRAIN - 1).map(|n| n & !(GRAIN - 1))
    }

    impl Reservation {
        /// Reserves `most` bytes and opens the first `len`; `None` if the
        /// operating system refuses.
        pub(crate) fn new(len: usize, most: usize) -> Option<Reservation> {
            let reserved = page_up(most.max(len).max(1))?;
            let flags = MapFlags::PRIVATE;
            #[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
            let flags = flags | MapFlags::NORESERVE;
            // SAFETY: a new anonymous mapping at an address of the
            // system's choosing: it overlaps nothing of ours.
            let ptr = unsafe {
                rustix::mm::mmap_anonymous(
                    core::ptr::null_mut(),
                    reserved,
                    ProtFlags::empty(),
                    flags,
                )
            }
            .ok()?;
            let mut r = Reservation {
                ptr: NonNull::new(ptr.cast::<u8>())?,
                len: 0,
                open: 0,
                reserved,
            };
            r.grow(len)?;
            Some(r)
        }

        /// Makes the memory `len` bytes long; `None` (the memory
        /// unchanged) past the reservation or if the system refuses.
        pub(crate) fn grow(&mut self, len: usize) -> Option<()> {
            if len > self.reserved {
                return None;
            }
            let open = page_up(len)?;
            if open > self.open {
                // SAFETY: `self.open..open` lies within the mapping (`open <=
                // reserved`, both multiples of `GRAIN`), which this
                // reservation owns.
                unsafe {
                    rustix::mm::mprotect(
                        self.ptr.as_ptr().add(self.open).cast::<c_void>(),
                        open - self.open,
                        MprotectFlags::READ | MprotectFlags::WRITE,
                    )
                }
                .ok()?;
                self.open = open;
            }
            // The bytes past the old length are zero: fresh pages, never
            // written (nothing writes past `len`, and memories never shrink).
            self.len = self.len.max(len);
            Some(())
        }

        pub(crate) fn bytes(&self) -> &[u8] {
            // SAFETY: the first `len <= open` bytes are mapped readable and
            // initialised (zero, or what was written), owned by `self`.
            unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
        }

        pub(crate) fn bytes_mut(&mut self) -> &mut [u8] {
            // SAFETY: as in `bytes`, and `&mut self` makes the access unique.
            unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
        }
    }

    impl Drop for Reservation {
        fn drop(&mut self) {
            // SAFETY: the whole mapping, made by `new` and owned by `self`;
            // nothing refers to it once `self` is gone. A failure leaves
            // address space mapped, which is all it could do.
            let _ =
                unsafe { rustix::mm::munmap(self.ptr.as_ptr().cast::<c_void>(), self.reserved) };
        }
    }
}

impl MemoryEntity {
    pub(crate) fn new(ty: MemoryType) -> Result<MemoryEntity> {
        let mut m = MemoryEntity {
            data: Bytes::Heap(Vec::new()),
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
    /// In a reservation (see [`Bytes`]), growth opens the next pages of the
    /// address space already reserved: nothing moves or is copied. On the
    /// heap, with `std`, growth touches only the bytes the memory already had. A
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
        let most = self.max_pages() << self.ty.page_size_log2;
        #[cfg(all(feature = "std", unix, target_pointer_width = "64", not(miri)))]
        if matches!(&self.data, Bytes::Heap(v) if v.capacity() == 0) && most <= RESERVE_MOST {
            // A memory's first bytes: reserve its whole maximum.
            if let Some(r) = reserved::Reservation::new(bytes, most as usize) {
                self.data = Bytes::Reserved(r);
                return Some(old);
            }
        }
        let data = match &mut self.data {
            Bytes::Heap(v) => v,
            #[cfg(all(feature = "std", unix, target_pointer_width = "64", not(miri)))]
            Bytes::Reserved(r) => return r.grow(bytes).map(|()| old),
        };
        if data.capacity() == 0 {
            *data = zeroed(bytes, bytes)?;
            return Some(old);
        }
        #[cfg(feature = "std")]
        {
            if bytes <= data.capacity() {
                // SAFETY: `bytes` is within the capacity, and the bytes
                // between the length and the capacity are initialised to
                // zero: the block came from `zeroed` and nothing writes past
                // the length (see `Bytes`).
                unsafe { data.set_len(bytes) };
                return Some(old);
            }
            let roomy = bytes
                .max(data.capacity().saturating_mul(2))
                .min(most as usize);
            let mut moved = zeroed(bytes, roomy).or_else(|| zeroed(bytes, bytes))?;
            moved[..data.len()].copy_from_slice(data);
            *data = moved;
        }
        #[cfg(not(feature = "std"))]
        {
            let _ = most;
            data.try_reserve_exact(bytes - data.len()).ok()?;
            data.resize(bytes, 0);
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
    /// length over a block's spare capacity, moves to a new block, or
    /// opens more of a reservation; it stops at the maximum.
    #[test]
    fn growth_keeps_the_bytes_and_adds_zeros() {
        let heap = || {
            let mut m = MemoryEntity::new(MemoryType::new(0, Some(4))).unwrap();
            m.data = Bytes::Heap(Vec::new());
            assert_eq!(m.grow(1), Some(0));
            m
        };
        let first = || MemoryEntity::new(MemoryType::new(1, Some(4))).unwrap();
        for mut m in [heap(), first()] {
            m.data[0] = 1;
            m.data[PAGE_SIZE - 1] = 2;
            for (delta, pages) in [(1, 2), (0, 2), (1, 3), (1, 4)] {
                assert_eq!(m.grow(delta), Some(pages - delta));
                assert_eq!(m.data.len(), pages as usize * PAGE_SIZE);
                if let Bytes::Heap(v) = &m.data {
                    assert!(v.capacity() <= 4 * PAGE_SIZE);
                }
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

    /// On 64-bit Unix hosts a memory is a reservation of its whole maximum
    /// (4 GiB for a 32-bit memory without one), and growing it never moves
    /// its bytes; a memory64 maximum past `RESERVE_MOST` stays on the heap.
    #[cfg(all(feature = "std", unix, target_pointer_width = "64", not(miri)))]
    #[test]
    fn memories_are_reserved_whole_and_never_move() {
        let mut m = MemoryEntity::new(MemoryType::new(1, None)).unwrap();
        assert!(matches!(m.data, Bytes::Reserved(_)));
        m.data[7] = 9;
        let at = m.data.as_ptr();
        assert_eq!(m.grow(1000), Some(1));
        assert_eq!(
            (m.data.as_ptr(), m.data[7], m.data.len()),
            (at, 9, 1001 * PAGE_SIZE)
        );
        m.data[1001 * PAGE_SIZE - 1] = 1;
        // Up to the 32-bit maximum, and not a page past it.
        assert_eq!(m.grow(65536 - 1001), Some(1001));
        assert_eq!(m.data.as_ptr(), at);
        assert_eq!(m.grow(1), None);
        let big = MemoryType {
            memory64: true,
            max: None,
            ..MemoryType::new(1, None)
        };
        let h = MemoryEntity::new(big).unwrap();
        assert!(matches!(h.data, Bytes::Heap(_)));
    }
}
