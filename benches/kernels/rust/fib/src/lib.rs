//! Recursive Fibonacci: call-heavy, almost no memory traffic.
use std::hint::black_box;

pub const N: u32 = 39;

#[inline(never)]
fn fib(n: u32) -> u64 {
    if n < 2 { n as u64 } else { fib(n - 1) + fib(n - 2) }
}

pub fn checksum() -> i64 {
    common::finish(fib(black_box(N)))
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
