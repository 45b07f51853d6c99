//! The deepest host-stack use since boot.
//!
//! cortex-m-rt's `paint-stack` feature fills the whole stack region with
//! [`cortex_m_rt::STACK_PAINT_VALUE`] before `main`; whatever the program
//! ever touched no longer holds it. Scanning up from the region's low end
//! to the first changed word gives the high-water mark. (A word that was
//! written with the paint value itself would be missed, which can only
//! under-count by the words at the very bottom of the deepest frame.)

unsafe extern "C" {
    /// Low end of the stack region (`memory.x`).
    static _stack_end: u32;
    /// High end: the initial stack pointer (`memory.x`).
    static _stack_start: u32;
}

/// Bytes of host stack used at the deepest point so far.
pub fn max_used() -> usize {
    let low = &raw const _stack_end as usize;
    let high = &raw const _stack_start as usize;
    let mut at = low;
    while at < high {
        // SAFETY: [low, high) is the stack region, mapped RAM and 4-byte
        // aligned (asserted by cortex-m-rt's link.x); a volatile read of a
        // word there has no side effect.
        let word = unsafe { core::ptr::read_volatile(at as *const u32) };
        if word != cortex_m_rt::STACK_PAINT_VALUE {
            break;
        }
        at += 4;
    }
    high - at
}

/// Size of the stack region in bytes.
pub fn size() -> usize {
    &raw const _stack_start as usize - &raw const _stack_end as usize
}

/// Paints the unused part of the stack again, so that [`max_used`] measures
/// from here on (deeper than the caller's frame) instead of since boot.
#[inline(never)]
pub fn repaint() {
    let low = &raw const _stack_end as usize;
    // Leave a margin below the stack pointer for this function's own use.
    let sp = cortex_m::register::msp::read() as usize;
    let mut at = low;
    while at + 256 < sp {
        // SAFETY: [low, sp - 256) is inside the stack region and below the
        // live stack (nothing runs in interrupt context here), so nothing
        // reads it before it is written again; it is word-aligned.
        unsafe { core::ptr::write_volatile(at as *mut u32, cortex_m_rt::STACK_PAINT_VALUE) };
        at += 4;
    }
}
