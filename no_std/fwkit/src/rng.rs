//! The board's randomness, for WASI's `random_get`.
//!
//! A real board would read its hardware TRNG; the emulated one has none, so
//! this is xorshift64* seeded from the host's clock at first use. Good
//! enough for a test that the bytes reach the guest; not for keys.

use core::cell::Cell;
use cortex_m::interrupt::{Mutex, free};

// No 64-bit atomics on Cortex-M4: a critical section guards the cell.
static STATE: Mutex<Cell<u64>> = Mutex::new(Cell::new(0));

fn next() -> u64 {
    let mut x = free(|cs| STATE.borrow(cs).get());
    if x == 0 {
        x = crate::semihost::time_secs() ^ 0x9e37_79b9_7f4a_7c15;
    }
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    free(|cs| STATE.borrow(cs).set(x));
    x.wrapping_mul(0x2545_f491_4f6c_dd1d)
}

/// Fills `buf` with pseudo-random bytes.
pub fn fill(buf: &mut [u8]) {
    for chunk in buf.chunks_mut(8) {
        let word = next().to_le_bytes();
        chunk.copy_from_slice(&word[..chunk.len()]);
    }
}
