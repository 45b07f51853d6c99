//! What a `no_std` static library needs from its host, taken from the C
//! library that C firmware links anyway (feature `c-runtime`): the Rust heap
//! is `malloc`/`aligned_alloc`/`free`, and a panic (a bug in Spindle, never
//! a caller's mistake) calls `abort()`.

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;

unsafe extern "C" {
    fn malloc(size: usize) -> *mut c_void;
    fn aligned_alloc(align: usize, size: usize) -> *mut c_void;
    fn free(p: *mut c_void);
    fn abort() -> !;
}

/// The C library's allocator.
struct CAlloc;

/// What `malloc` guarantees on the 32-bit targets this is for.
const MALLOC_ALIGN: usize = 8;

// SAFETY: malloc and aligned_alloc return blocks of at least the size asked
// for, aligned as asked (aligned_alloc needs a size that is a multiple of
// the alignment, which the rounding gives), or NULL; free takes them back.
unsafe impl GlobalAlloc for CAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= MALLOC_ALIGN {
                malloc(layout.size()).cast()
            } else {
                let size = layout.size().next_multiple_of(layout.align());
                aligned_alloc(layout.align(), size).cast()
            }
        }
    }

    unsafe fn dealloc(&self, p: *mut u8, _: Layout) {
        // SAFETY: `p` came from `alloc`.
        unsafe { free(p.cast()) }
    }
}

#[global_allocator]
static ALLOCATOR: CAlloc = CAlloc;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: abort() never returns and takes no arguments.
    unsafe { abort() }
}
