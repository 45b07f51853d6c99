//! The global allocator: a linked-list heap over all RAM left after the
//! statics, wrapped to count bytes in use and the peak.
//!
//! The footprint report needs the peak heap of each run, so every
//! allocation goes through [`Counting`]. A budget can make allocations fail
//! early, as they would on a device with less RAM: that is how the firmware
//! checks that running out of heap inside the engine is an error the
//! embedder sees, not an abort.

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use embedded_alloc::LlffHeap;

/// A heap that counts.
pub struct Counting {
    inner: LlffHeap,
    used: AtomicUsize,
    peak: AtomicUsize,
    budget: AtomicUsize,
}

#[global_allocator]
static HEAP: Counting = Counting {
    inner: LlffHeap::empty(),
    used: AtomicUsize::new(0),
    peak: AtomicUsize::new(0),
    budget: AtomicUsize::new(usize::MAX),
};

unsafe extern "C" {
    /// First free byte after `.bss` (cortex-m-rt's `link.x`).
    static mut __sheap: u32;
    /// End of RAM (`memory.x`).
    static mut _fw_heap_end: u32;
}

pub(crate) fn init() {
    let start = &raw mut __sheap as usize;
    let end = &raw mut _fw_heap_end as usize;
    // SAFETY: called once, before any allocation; [start, end) is RAM that
    // the linker script leaves to no section (it lies after .bss and the
    // stack is below RAM's origin), so the heap owns it exclusively.
    unsafe { HEAP.inner.init(start, end - start) }
}

// SAFETY: every call is forwarded to `LlffHeap`, a correct allocator; the
// wrapper only refuses requests over budget (by returning null, which
// GlobalAlloc allows) and counts the sizes of successful ones.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let used = self.used.load(Relaxed);
        if used.saturating_add(layout.size()) > self.budget.load(Relaxed) {
            return core::ptr::null_mut();
        }
        // SAFETY: the caller's contract (non-zero size) is passed through.
        let p = unsafe { self.inner.alloc(layout) };
        if !p.is_null() {
            let now = used + layout.size();
            self.used.store(now, Relaxed);
            if now > self.peak.load(Relaxed) {
                self.peak.store(now, Relaxed);
            }
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract (ptr came from alloc with layout)
        // is passed through.
        unsafe { self.inner.dealloc(ptr, layout) };
        self.used.fetch_sub(layout.size(), Relaxed);
    }
}

/// Bytes allocated now.
pub fn used() -> usize {
    HEAP.used.load(Relaxed)
}

/// The most bytes allocated at once since the last [`reset_peak`].
pub fn peak() -> usize {
    HEAP.peak.load(Relaxed)
}

/// Starts a new peak measurement from the current use.
pub fn reset_peak() {
    HEAP.peak.store(used(), Relaxed);
}

/// Makes allocations fail once `bytes` would be in use at once (`None`:
/// only the real end of RAM limits).
pub fn set_budget(bytes: Option<usize>) {
    HEAP.budget.store(bytes.unwrap_or(usize::MAX), Relaxed);
}

/// Bytes of RAM the heap manages.
pub fn capacity() -> usize {
    used() + HEAP.inner.free()
}
