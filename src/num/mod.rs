//! Numeric semantics shared by the layers above: WebAssembly's integer
//! division and remainder (with their traps), its float operations
//! (`min`, `max`, rounding, truncation to integers) and range checks.
//!
//! A leaf: it depends only on [`crate::error`]'s trap codes, so the op
//! table ([`crate::bytecode`]) can name these functions in its semantics
//! without depending on the interpreter.

pub(crate) mod arith;
pub(crate) mod float;
#[cfg(feature = "simd")]
pub(crate) mod simd;

/// `start..start + len` if it lies within `0..bound` (64-bit memories and
/// tables give 64-bit starts and lengths; the sum may overflow).
pub(crate) fn checked_range(start: u64, len: u64, bound: usize) -> Option<core::ops::Range<usize>> {
    let end = start.checked_add(len)?;
    if end > bound as u64 {
        return None;
    }
    Some(start as usize..end as usize)
}
