//! A copy of what the guest wrote to stdout, so the firmware can check it
//! after the run. The firmware is single-threaded; the critical section
//! only makes the static sound.

use alloc::vec::Vec;
use core::cell::RefCell;
use cortex_m::interrupt::{Mutex, free};

static OUT: Mutex<RefCell<Vec<u8>>> = Mutex::new(RefCell::new(Vec::new()));

/// Appends `bytes` to the capture.
pub fn append(bytes: &[u8]) {
    free(|cs| OUT.borrow(cs).borrow_mut().extend_from_slice(bytes));
}

/// Takes everything captured so far, leaving the capture empty.
pub fn take() -> Vec<u8> {
    free(|cs| core::mem::take(&mut *OUT.borrow(cs).borrow_mut()))
}
