//! The board's clocks, for WASI's `clock_time_get`.
//!
//! The emulated board has no battery-backed clock, so the wall clock comes
//! from the host over semihosting; the monotonic clock is the host's
//! elapsed time, forced to strictly increase between reads (its tick is
//! 10 ms, coarser than two reads apart).

use core::cell::Cell;
use cortex_m::interrupt::{Mutex, free};

// No 64-bit atomics on Cortex-M4: a critical section guards the cell.
static LAST_MONO: Mutex<Cell<u64>> = Mutex::new(Cell::new(0));

/// Nanoseconds since the Unix epoch.
pub fn realtime_ns() -> u64 {
    crate::semihost::time_secs().saturating_mul(1_000_000_000)
}

/// Nanoseconds since boot; every read is later than the one before.
pub fn monotonic_ns() -> u64 {
    let host = crate::semihost::clock_centis().saturating_mul(10_000_000);
    let next = host.max(free(|cs| LAST_MONO.borrow(cs).get()) + 1_000);
    free(|cs| LAST_MONO.borrow(cs).set(next));
    next
}
