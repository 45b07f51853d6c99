//! Bulk memory: overlapping copies (`memory.copy`) and fills
//! (`memory.fill`) of random lengths, from a few bytes to 64 KiB, over an
//! 8 MiB buffer. Built with `+bulk-memory` (see ../.cargo/config.toml), so
//! `copy_within` and `fill` are single wasm instructions.
use std::hint::black_box;

pub const BUF_LEN: usize = 8 << 20;
pub const OPS: u32 = 4_000_000;

pub fn checksum() -> i64 {
    let mut buf = vec![0u8; BUF_LEN];
    for (i, chunk) in buf.chunks_mut(4096).enumerate() {
        chunk.fill(i as u8);
    }
    let mut rng = common::Rng::new(0xB01C_3E30);
    for op in 0..black_box(OPS) {
        // Lengths spread over 2^0 .. 2^16 bytes.
        let len = (rng.next_u32() as usize & ((1 << rng.below(17)) - 1)) + 1;
        let dst = rng.below((BUF_LEN - len) as u32) as usize;
        if op % 4 == 3 {
            buf[dst..dst + len].fill(op as u8);
        } else {
            let src = rng.below((BUF_LEN - len) as u32) as usize;
            buf.copy_within(src..src + len, dst);
        }
    }
    let mut h = common::FNV_OFFSET;
    for i in (0..BUF_LEN).step_by(61) {
        h = common::mix(h, buf[i] as u64);
    }
    common::finish(h)
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
