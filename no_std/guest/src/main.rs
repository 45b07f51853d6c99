//! The WASI command module the firmware runs (see `../build-guest.sh`).
//!
//! It touches each service the firmware's board supplies and reports by
//! exit status, so the firmware can check it without parsing output:
//!
//! * stdout: a greeting (the firmware compares the captured text);
//! * the in-memory filesystem: reads `/data/input.txt` through the
//!   preopened directory and checks its checksum;
//! * the clock: two reads of the monotonic clock must not go backwards and
//!   the realtime clock must be past 2020;
//! * randomness: 32 bytes from `random_get` must not all be equal.
//!
//! Exit codes: 0 all good, 2 file, 3 clock, 4 random. It uses only std and
//! one direct WASI import, so the module stays small.

use std::io::Write;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

#[link(wasm_import_module = "wasi_snapshot_preview1")]
unsafe extern "C" {
    /// WASI preview1 `random_get`: fills `len` bytes at `buf`; 0 on success.
    fn random_get(buf: *mut u8, len: usize) -> u16;
}

/// FNV-1a, enough to check the file's bytes arrived intact.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    })
}

fn main() {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "hello from wasm on a microcontroller");

    let text = match std::fs::read("/data/input.txt") {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(out, "read failed: {e}");
            std::process::exit(2);
        }
    };
    let sum = fnv1a(&text);
    let _ = writeln!(out, "read {} bytes, fnv1a {sum:08x}", text.len());
    // The checksum of the text the firmware puts in the file.
    if sum != 0x77bd_1f66 {
        std::process::exit(2);
    }

    let t0 = Instant::now();
    let t1 = Instant::now();
    let wall = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let _ = writeln!(out, "clock: unix {wall}, monotonic step {:?}", t1 - t0);
    if t1 < t0 || wall < 1_577_836_800 {
        std::process::exit(3);
    }

    let mut buf = [0u8; 32];
    // SAFETY: `buf` is a live, writable 32-byte buffer for the whole call.
    let errno = unsafe { random_get(buf.as_mut_ptr(), buf.len()) };
    let _ = writeln!(
        out,
        "random: {:02x}{:02x}{:02x}{:02x}...",
        buf[0], buf[1], buf[2], buf[3]
    );
    if errno != 0 || buf.iter().all(|&b| b == buf[0]) {
        std::process::exit(4);
    }
    let _ = writeln!(out, "guest done");
}
