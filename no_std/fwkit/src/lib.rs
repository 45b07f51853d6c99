//! What the two firmwares (Spindle's, in `no_std/src`, and the wasmi
//! comparison in `no_std/wasmi-fw`) share, so that their footprints differ
//! only by the engine:
//!
//! * [`heap`]: the global allocator, counting current and peak use, with an
//!   optional budget that simulates a smaller device;
//! * [`stack`]: the deepest host-stack use, read from the painted stack;
//! * [`semihost`]: output to the host's stdout and the exit status;
//! * [`clock`] and [`rng`]: the time and randomness the board supplies;
//! * [`report`]: one measured, checked step at a time, and the exit status;
//! * [`modules`]: the wasm modules both run, and their expected results;
//! * [`capture`]: a copy of what a guest printed, for checking;
//! * [`fault`]: panics and hard faults end the run with a distinct status
//!   instead of hanging.

#![no_std]

extern crate alloc;

pub mod capture;
pub mod clock;
pub mod fault;
pub mod heap;
pub mod modules;
pub mod report;
pub mod rng;
pub mod semihost;
pub mod stack;

pub use cortex_m_rt::entry;

/// Exit status for a panic (a bug in the firmware or an engine).
pub const EXIT_PANIC: i32 = 101;
/// Exit status for a hard fault (for example a host-stack overflow).
pub const EXIT_FAULT: i32 = 102;

/// Sets up the heap; call first thing in `main`.
pub fn boot() {
    heap::init();
}
