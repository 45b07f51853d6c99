//! 3×3 box blur of a 256×256 u8 grayscale image, separable, repeated:
//! pass A sums each pixel with its left and right neighbours into a u16
//! buffer (u8 → u16 widening: u16x8.extend_low/high_u8x16, i16x8.add);
//! pass B adds three rows of those sums, divides by 9 with
//! i16x8.q15mulr_sat_s (x·3641 rounded >> 15), narrows back to u8
//! (u8x16.narrow_i16x8_u) and, on every fourth pass, applies an unsharp
//! mask clamp(2·s − blur) with saturating u8 arithmetic instead of storing
//! the blur. Passes ping-pong between two images; the one-pixel border is
//! left as it was. On wasm32 the lanes are explicit `core::arch::wasm32`
//! intrinsics; natively, `scalar` computes the same pixels one at a time.

pub const W: usize = 256;
pub const H: usize = 256;
pub const PASSES: usize = 1_300;

/// 32768 / 9, rounded up: (s · 3641 + 2^14) >> 15 is s / 9 rounded (s ≤ 9 · 255).
const NINTH_Q15: i16 = 3641;

pub mod scalar {
    use super::*;

    pub fn hsum(src: &[u8], sums: &mut [u16]) {
        for y in 0..H {
            for x in 1..W - 1 {
                let i = y * W + x;
                sums[i] = src[i - 1] as u16 + src[i] as u16 + src[i + 1] as u16;
            }
        }
    }

    pub fn vsum(src: &[u8], sums: &[u16], dst: &mut [u8], sharpen: bool) {
        for y in 1..H - 1 {
            for x in 1..W - 1 {
                let i = y * W + x;
                let s9 = (sums[i - W] + sums[i] + sums[i + W]) as i32;
                let blur = ((s9 * NINTH_Q15 as i32 + (1 << 14)) >> 15).clamp(0, 255);
                dst[i] = if sharpen {
                    (2 * src[i] as i32 - blur).clamp(0, 255) as u8
                } else {
                    blur as u8
                };
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod simd {
    use super::*;
    use core::arch::wasm32::*;

    /// Column starts of the 16-pixel blocks covering the interior 1..W-1; the
    /// last block is moved left to end at W-2 (it overlaps the one before,
    /// which only recomputes the same pixels).
    fn blocks() -> impl Iterator<Item = usize> {
        (1..W - 1).step_by(16).map(|x| x.min(W - 17))
    }

    #[target_feature(enable = "simd128")]
    pub fn hsum(src: &[u8], sums: &mut [u16]) {
        assert!(src.len() == W * H && sums.len() == W * H);
        for y in 0..H {
            for x in blocks() {
                let i = y * W + x;
                // SAFETY: i - 1 ≥ 0 and i + 17 ≤ (y + 1)·W ≤ len, see blocks().
                let (l, c, r) = unsafe {
                    let p = src.as_ptr().add(i);
                    (
                        v128_load(p.sub(1) as *const v128),
                        v128_load(p as *const v128),
                        v128_load(p.add(1) as *const v128),
                    )
                };
                let lo = u16x8_add(
                    u16x8_add(u16x8_extend_low_u8x16(l), u16x8_extend_low_u8x16(c)),
                    u16x8_extend_low_u8x16(r),
                );
                let hi = u16x8_add(
                    u16x8_add(u16x8_extend_high_u8x16(l), u16x8_extend_high_u8x16(c)),
                    u16x8_extend_high_u8x16(r),
                );
                unsafe {
                    let q = sums.as_mut_ptr().add(i);
                    v128_store(q as *mut v128, lo);
                    v128_store(q.add(8) as *mut v128, hi);
                }
            }
        }
    }

    #[target_feature(enable = "simd128")]
    pub fn vsum(src: &[u8], sums: &[u16], dst: &mut [u8], sharpen: bool) {
        assert!(src.len() == W * H && sums.len() == W * H && dst.len() == W * H);
        let ninth = i16x8_splat(NINTH_Q15);
        for y in 1..H - 1 {
            for x in blocks() {
                let i = y * W + x;
                // SAFETY: rows y - 1 ..= y + 1 exist and x + 16 ≤ W.
                let (lo, hi) = unsafe {
                    let q = sums.as_ptr().add(i);
                    let (a, b, c) = (q.sub(W), q, q.add(W));
                    (
                        i16x8_add(
                            i16x8_add(v128_load(a as *const v128), v128_load(b as *const v128)),
                            v128_load(c as *const v128),
                        ),
                        i16x8_add(
                            i16x8_add(
                                v128_load(a.add(8) as *const v128),
                                v128_load(b.add(8) as *const v128),
                            ),
                            v128_load(c.add(8) as *const v128),
                        ),
                    )
                };
                let blur =
                    u8x16_narrow_i16x8(i16x8_q15mulr_sat(lo, ninth), i16x8_q15mulr_sat(hi, ninth));
                let out = if sharpen {
                    let s = unsafe { v128_load(src.as_ptr().add(i) as *const v128) };
                    // s + (s - blur) - (blur - s), each step saturating: clamp(2s - blur, 0, 255).
                    u8x16_sub_sat(
                        u8x16_add_sat(s, u8x16_sub_sat(s, blur)),
                        u8x16_sub_sat(blur, s),
                    )
                } else {
                    blur
                };
                unsafe { v128_store(dst.as_mut_ptr().add(i) as *mut v128, out) };
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
use scalar as lanes;
#[cfg(target_arch = "wasm32")]
use simd as lanes;

#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn passes(a: &mut [u8], b: &mut [u8], sums: &mut [u16], passes: usize) -> u64 {
    let mut h = common::FNV_OFFSET;
    for p in 0..passes {
        let (src, dst) = if p % 2 == 0 {
            (&*a, &mut *b)
        } else {
            (&*b, &mut *a)
        };
        lanes::hsum(src, sums);
        lanes::vsum(src, sums, dst, p % 4 == 3);
        let probe = (p * 7919) % (W * H);
        h = common::mix(h, dst[probe] as u64);
    }
    h
}

#[allow(unused_unsafe)]
pub fn checksum() -> i64 {
    let mut rng = common::Rng::new(0x5349_4D44_424C_5552);
    // A noisy image with some structure: gradients, a disc, speckle.
    let mut a: Vec<u8> = (0..W * H)
        .map(|i| {
            let (x, y) = ((i % W) as i32, (i / W) as i32);
            let (dx, dy) = (x - 100, y - 140);
            let disc = if dx * dx + dy * dy < 60 * 60 { 90 } else { 0 };
            let v = (x + 2 * y) / 3 + disc + (rng.below(64) as i32) - 32;
            v.clamp(0, 255) as u8
        })
        .collect();
    let mut b = a.clone();
    let mut sums = vec![0u16; W * H];
    let n = std::hint::black_box(PASSES);
    // Safe on wasm32: the module is built for, and only runs on, engines with simd128.
    let h = unsafe { passes(&mut a, &mut b, &mut sums, n) };
    let last = if n % 2 == 1 { &b } else { &a };
    common::finish(common::fnv1a(h, last))
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
