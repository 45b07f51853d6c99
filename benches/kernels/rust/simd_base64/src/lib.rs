//! Base64 (RFC 4648, standard alphabet, no padding needed: the input is a
//! multiple of 12 bytes) encode, class count and decode of a 48 KiB buffer,
//! repeated; each round first flips a few input bytes.
//!   - encode, after Muła and Lemire: 12 input bytes are spread over 16 with
//!     i8x16.shuffle, the four 6-bit fields of each 3 bytes are cut out with
//!     v128.and and i32x4 shifts, and mapped to ASCII with a
//!     16-entry offset table looked up by i8x16.swizzle (indices from
//!     u8x16.sub_sat and i8x16.gt_s);
//!   - count: the '+' and '/' characters of the output, with i8x16.eq,
//!     i8x16.bitmask and popcnt;
//!   - decode: each character's low and high nibble index two i8x16.swizzle
//!     tables whose AND flags invalid characters, a third swizzle gives the
//!     offset back to 0..63, and i16x8/i32x4 shifts plus i8x16.shuffle pack
//!     16 characters into 12 bytes; the round trip is checked against the
//!     input (v128.xor, v128.any_true).
//!
//! On wasm32 the lanes are explicit `core::arch::wasm32` intrinsics;
//! natively, `scalar` is a plain table-driven base64 of the same data.

pub const LEN: usize = 12 * 4096;
pub const ENCODED: usize = LEN / 3 * 4;
pub const ROUNDS: usize = 700;
/// The SIMD loops read and write whole 16-byte vectors: buffers carry slack.
pub const SLACK: usize = 16;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub mod scalar {
    use super::*;

    pub fn encode(src: &[u8], dst: &mut [u8]) {
        for (s, d) in src[..LEN].chunks_exact(3).zip(dst.chunks_exact_mut(4)) {
            let v = (s[0] as u32) << 16 | (s[1] as u32) << 8 | s[2] as u32;
            for (k, c) in d.iter_mut().enumerate() {
                *c = ALPHABET[(v >> (18 - 6 * k) & 63) as usize];
            }
        }
    }

    pub fn count_plus_slash(enc: &[u8]) -> u32 {
        enc[..ENCODED]
            .iter()
            .filter(|&&c| c == b'+' || c == b'/')
            .count() as u32
    }

    fn value(c: u8) -> Option<u32> {
        ALPHABET.iter().position(|&a| a == c).map(|v| v as u32)
    }

    /// Returns false on a character outside the alphabet.
    pub fn decode(src: &[u8], dst: &mut [u8]) -> bool {
        let mut table = [0xFFu8; 256];
        for (i, &c) in ALPHABET.iter().enumerate() {
            table[c as usize] = i as u8;
        }
        debug_assert_eq!(value(b'/'), Some(63));
        let mut ok = true;
        for (s, d) in src[..ENCODED].chunks_exact(4).zip(dst.chunks_exact_mut(3)) {
            let mut v = 0u32;
            for &c in s {
                let t = table[c as usize];
                ok &= t != 0xFF;
                v = v << 6 | (t & 63) as u32;
            }
            d.copy_from_slice(&[(v >> 16) as u8, (v >> 8) as u8, v as u8]);
        }
        ok
    }

    pub fn same(a: &[u8], b: &[u8]) -> bool {
        a[..LEN] == b[..LEN]
    }
}

#[cfg(target_arch = "wasm32")]
mod simd {
    use super::*;
    use core::arch::wasm32::*;

    #[target_feature(enable = "simd128")]
    pub fn encode(src: &[u8], dst: &mut [u8]) {
        assert!(src.len() >= LEN + 4 && dst.len() >= ENCODED);
        // ASCII minus index, by class: 0 → 26..51 'a'.., 1..10 → 52..61 '0'..,
        // 11 → 62 '+', 12 → 63 '/', 13 → 0..25 'A'...
        let shift = i8x16(
            71, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -19, -16, 65, 0, 0,
        );
        let (m0, m1, m2, m3) = (
            u32x4_splat(0x0000_FC00),
            u32x4_splat(0x0000_03F0),
            u32x4_splat(0x0FC0_0000),
            u32x4_splat(0x003F_0000),
        );
        let (n51, n26, n13) = (u8x16_splat(51), i8x16_splat(26), u8x16_splat(13));
        for (s, d) in (0..LEN).step_by(12).zip((0..ENCODED).step_by(16)) {
            // SAFETY: s + 16 ≤ LEN + 4 ≤ src.len(); d + 16 ≤ ENCODED.
            let v = unsafe { v128_load(src.as_ptr().add(s) as *const v128) };
            // Bytes (b1 b0 b2 b1) per 32-bit lane: the lane's u32 is b0·2^16 | b1·2^8 | b2 | b1·2^24,
            // so its fields sit at bits 10..15 and 4..9 (low half) and 22..27, 16..21 (high half).
            let v = i8x16_shuffle::<1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10>(v, v);
            // Fields 0..3 to bits 0..5, 8..13, 16..21 and 24..29. (Muła's SSE code
            // does this with mulhi and mullo by per-lane powers of two; wasm has
            // no mulhi, and LLVM turns a mullo by unequal powers of two into
            // per-lane shifts, which wasm lacks: it would scalarise them.)
            let f0 = u32x4_shr(v128_and(v, m0), 10);
            let f1 = i32x4_shl(v128_and(v, m1), 4);
            let f2 = u32x4_shr(v128_and(v, m2), 6);
            let f3 = i32x4_shl(v128_and(v, m3), 8);
            let idx = v128_or(v128_or(f0, f1), v128_or(f2, f3));
            let class = u8x16_sub_sat(idx, n51);
            let class = v128_or(class, v128_and(i8x16_gt(n26, idx), n13));
            let out = i8x16_add(i8x16_swizzle(shift, class), idx);
            unsafe { v128_store(dst.as_mut_ptr().add(d) as *mut v128, out) };
        }
    }

    #[target_feature(enable = "simd128")]
    pub fn count_plus_slash(enc: &[u8]) -> u32 {
        assert!(enc.len() >= ENCODED && ENCODED.is_multiple_of(16));
        let (plus, slash) = (u8x16_splat(b'+'), u8x16_splat(b'/'));
        let mut n = 0;
        for i in (0..ENCODED).step_by(16) {
            let v = unsafe { v128_load(enc.as_ptr().add(i) as *const v128) };
            n +=
                (i8x16_bitmask(v128_or(i8x16_eq(v, plus), i8x16_eq(v, slash))) as u32).count_ones();
        }
        n
    }

    #[target_feature(enable = "simd128")]
    pub fn decode(src: &[u8], dst: &mut [u8]) -> bool {
        assert!(src.len() >= ENCODED && dst.len() >= LEN + 4);
        // Muła's validation tables: a character is valid iff
        // lut_lo[low nibble] & lut_hi[high nibble] == 0.
        let lut_lo = u8x16(
            0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B,
            0x1B, 0x1A,
        );
        let lut_hi = u8x16(
            0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,
            0x10, 0x10,
        );
        // Offset to add, by high nibble ('/' moved to slot 1).
        let lut_roll = i8x16(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
        let (nib, slash) = (u8x16_splat(0x0F), u8x16_splat(b'/'));
        let mut bad = u8x16_splat(0);
        for (s, d) in (0..ENCODED).step_by(16).zip((0..LEN).step_by(12)) {
            let v = unsafe { v128_load(src.as_ptr().add(s) as *const v128) };
            let hi = u8x16_shr(v, 4);
            let lo = v128_and(v, nib);
            bad = v128_or(
                bad,
                v128_and(u8x16_swizzle(lut_lo, lo), u8x16_swizzle(lut_hi, hi)),
            );
            let roll = u8x16_swizzle(lut_roll, i8x16_add(i8x16_eq(v, slash), hi));
            let six = i8x16_add(v, roll);
            // Pairs of 6-bit values to 12 bits per u16: a·64 + b (a is the low byte).
            let ab = v128_or(
                i16x8_shl(v128_and(six, u16x8_splat(0x00FF)), 6),
                u16x8_shr(six, 8),
            );
            // Pairs of 12-bit values to 24 bits per u32.
            let abcd = v128_or(
                i32x4_shl(v128_and(ab, u32x4_splat(0xFFFF)), 12),
                u32x4_shr(ab, 16),
            );
            let out =
                i8x16_shuffle::<2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 3, 7, 11, 15>(abcd, abcd);
            unsafe { v128_store(dst.as_mut_ptr().add(d) as *mut v128, out) };
        }
        !v128_any_true(bad)
    }

    #[target_feature(enable = "simd128")]
    pub fn same(a: &[u8], b: &[u8]) -> bool {
        assert!(a.len() >= LEN && b.len() >= LEN && LEN.is_multiple_of(16));
        let mut diff = u8x16_splat(0);
        for i in (0..LEN).step_by(16) {
            let (x, y) = unsafe {
                (
                    v128_load(a.as_ptr().add(i) as *const v128),
                    v128_load(b.as_ptr().add(i) as *const v128),
                )
            };
            diff = v128_or(diff, v128_xor(x, y));
        }
        !v128_any_true(diff)
    }
}

#[cfg(not(target_arch = "wasm32"))]
use scalar as lanes;
#[cfg(target_arch = "wasm32")]
use simd as lanes;

#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn rounds(input: &mut [u8], enc: &mut [u8], dec: &mut [u8], rounds: usize) -> u64 {
    let mut rng = common::Rng::new(0x4241_5345_3634);
    let mut h = common::FNV_OFFSET;
    for _ in 0..rounds {
        for _ in 0..8 {
            input[rng.below(LEN as u32) as usize] ^= rng.next_u32() as u8 | 1;
        }
        lanes::encode(input, enc);
        let n = lanes::count_plus_slash(enc);
        let ok = lanes::decode(enc, dec) && lanes::same(input, dec);
        h = common::mix(h, (n as u64) << 1 | ok as u64);
        h = common::mix(h, u64::from_le_bytes(enc[..8].try_into().unwrap()));
    }
    h
}

#[allow(unused_unsafe)]
pub fn checksum() -> i64 {
    let mut rng = common::Rng::new(0x0053_494D_4442_3634);
    // Mostly text-like bytes, some binary.
    let mut input: Vec<u8> = (0..LEN + SLACK)
        .map(|_| {
            if rng.below(4) == 0 {
                rng.next_u32() as u8
            } else {
                b' ' + rng.below(95) as u8
            }
        })
        .collect();
    let mut enc = vec![0u8; ENCODED + SLACK];
    let mut dec = vec![0u8; LEN + SLACK];
    // Safe on wasm32: the module is built for, and only runs on, engines with simd128.
    let h = unsafe { rounds(&mut input, &mut enc, &mut dec, std::hint::black_box(ROUNDS)) };
    common::finish(common::fnv1a(h, &enc[..ENCODED]))
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
