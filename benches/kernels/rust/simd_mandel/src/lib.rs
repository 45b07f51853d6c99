//! Mandelbrot frames, 4 pixels at a time in f32x4: a 256×192 image per
//! frame, up to 256 iterations a pixel, zooming in on the seahorse valley.
//! Each iteration: f32x4.mul/add/sub, an f32x4.le escape test ANDed into
//! the lane mask, i32x4.sub of the mask to count, and v128.any_true to stop
//! when all four lanes have escaped; lane coordinates come from
//! f32x4.convert_i32x4_s. Each frame's counts are folded into four i32x4
//! lanes (h = h·31 + count, i32x4.mul/add). On wasm32 the lanes are
//! explicit `core::arch::wasm32` intrinsics; natively, `scalar` iterates
//! one pixel at a time with the same f32 operations in the same order.

pub const W: usize = 256;
pub const H: usize = 192;
pub const MAX_ITER: u32 = 256;
pub const FRAMES: usize = 15;

/// One frame: pixel (x, y) is c = (x0 + x·step, y0 + y·step).
#[derive(Clone, Copy)]
pub struct Frame {
    pub x0: f32,
    pub y0: f32,
    pub step: f32,
}

pub mod scalar {
    use super::*;

    /// Returns the four lane hashes: lane l folds the counts of pixels
    /// x ≡ l (mod 4), row by row.
    pub fn frame(f: Frame) -> [u32; 4] {
        let mut h = [0u32; 4];
        for y in 0..H {
            let ci = f.y0 + y as f32 * f.step;
            for x in 0..W {
                let cr = f.x0 + x as f32 * f.step;
                let (mut zr, mut zi, mut n) = (0.0f32, 0.0f32, 0u32);
                for _ in 0..MAX_ITER {
                    let (zr2, zi2) = (zr * zr, zi * zi);
                    // Not `> 4.0`: like the SIMD lane mask (f32x4.le), a NaN escapes.
                    #[allow(clippy::neg_cmp_op_on_partial_ord)]
                    if !(zr2 + zi2 <= 4.0) {
                        break;
                    }
                    n += 1;
                    let t = zr * zi;
                    zi = (t + t) + ci;
                    zr = (zr2 - zi2) + cr;
                }
                h[x % 4] = h[x % 4].wrapping_mul(31).wrapping_add(n);
            }
        }
        h
    }
}

#[cfg(target_arch = "wasm32")]
mod simd {
    use super::*;
    use core::arch::wasm32::*;

    #[target_feature(enable = "simd128")]
    pub fn frame(f: Frame) -> [u32; 4] {
        let (four, step, x0) = (f32x4_splat(4.0), f32x4_splat(f.step), f32x4_splat(f.x0));
        let mut h = i32x4_splat(0);
        let lane = i32x4(0, 1, 2, 3);
        for y in 0..H {
            let ci = f32x4_splat(f.y0 + y as f32 * f.step);
            for x in (0..W).step_by(4) {
                let xs = i32x4_add(i32x4_splat(x as i32), lane);
                let cr = f32x4_add(x0, f32x4_mul(f32x4_convert_i32x4(xs), step));
                let (mut zr, mut zi, mut n) = (f32x4_splat(0.0), f32x4_splat(0.0), i32x4_splat(0));
                let mut live = i32x4_splat(-1);
                for _ in 0..MAX_ITER {
                    let (zr2, zi2) = (f32x4_mul(zr, zr), f32x4_mul(zi, zi));
                    live = v128_and(live, f32x4_le(f32x4_add(zr2, zi2), four));
                    if !v128_any_true(live) {
                        break;
                    }
                    n = i32x4_sub(n, live);
                    let t = f32x4_mul(zr, zi);
                    zi = f32x4_add(f32x4_add(t, t), ci);
                    zr = f32x4_add(f32x4_sub(zr2, zi2), cr);
                }
                h = i32x4_add(i32x4_mul(h, i32x4_splat(31)), n);
            }
        }
        [
            i32x4_extract_lane::<0>(h) as u32,
            i32x4_extract_lane::<1>(h) as u32,
            i32x4_extract_lane::<2>(h) as u32,
            i32x4_extract_lane::<3>(h) as u32,
        ]
    }
}

#[cfg(not(target_arch = "wasm32"))]
use scalar as lanes;
#[cfg(target_arch = "wasm32")]
use simd as lanes;

#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn frames(frames: usize) -> u64 {
    let (cx, cy) = (-0.743_643_9f32, 0.131_825_9f32);
    let mut scale = 3.0f32;
    let mut h = common::FNV_OFFSET;
    for _ in 0..frames {
        let step = scale / W as f32;
        let f = Frame {
            x0: cx - step * (W / 2) as f32,
            y0: cy - step * (H / 2) as f32,
            step,
        };
        for v in lanes::frame(f) {
            h = common::mix(h, v as u64);
        }
        scale *= 0.7;
    }
    h
}

#[allow(unused_unsafe)]
pub fn checksum() -> i64 {
    // Safe on wasm32: the module is built for, and only runs on, engines with simd128.
    common::finish(unsafe { frames(std::hint::black_box(FRAMES)) })
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
