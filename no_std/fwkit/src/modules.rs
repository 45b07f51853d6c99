//! The wasm modules both firmwares run, and what they must produce.
//!
//! Kept here so the two images carry the same bytes and the same checks:
//! the modules then weigh the same in both flash figures.

/// The WASI command (source in `no_std/guest/`, rebuilt by
/// `no_std/build-guest.sh`).
pub static GUEST: &[u8] = include_bytes!("../../wasm/guest.wasm");

/// The compute kernels (source in `no_std/wasm/kernels.wat`).
pub static KERNELS: &[u8] = include_bytes!("../../wasm/kernels.wasm");

/// The file the guest reads, at `/data/input.txt`; its checksum is compiled
/// into the guest.
pub const INPUT: &[u8] = b"The quick brown fox jumps over the lazy dog.\nSpindle on a Cortex-M4.\n";

/// `(fib_rec(24), fib_iter(90), sieve(10000))`.
pub const KERNEL_ANSWERS: (i32, i64, i32) = (46_368, 2_880_067_194_370_816_120, 1229);

/// Whether the guest's stdout is what it prints when every check passed.
pub fn guest_output_ok(out: &[u8]) -> bool {
    out.starts_with(b"hello from wasm on a microcontroller\n") && out.ends_with(b"guest done\n")
}
