//! Sieve of Eratosthenes over a byte array, repeated with slightly
//! different limits: tight loops of byte loads and stores.
use std::hint::black_box;

pub const LIMIT: u32 = 4_000_000;
pub const ROUNDS: u32 = 20;

fn sieve(limit: u32, flags: &mut Vec<u8>) -> (u64, u64) {
    flags.clear();
    flags.resize(limit as usize + 1, 1);
    flags[0] = 0;
    flags[1] = 0;
    let mut i = 2u32;
    while i.saturating_mul(i) <= limit {
        if flags[i as usize] != 0 {
            let mut j = i * i;
            while j <= limit {
                flags[j as usize] = 0;
                j += i;
            }
        }
        i += 1;
    }
    let (mut count, mut sum) = (0u64, 0u64);
    for (n, &f) in flags.iter().enumerate() {
        if f != 0 {
            count += 1;
            sum += n as u64;
        }
    }
    (count, sum)
}

pub fn checksum() -> i64 {
    let mut flags = Vec::new();
    let mut h = common::FNV_OFFSET;
    for round in 0..ROUNDS {
        let (count, sum) = sieve(black_box(LIMIT - round * 1000), &mut flags);
        h = common::mix(common::mix(h, count), sum);
    }
    common::finish(h)
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
