//! f32x4 dot products and saxpy over two 4096-float arrays, repeated:
//! each round takes d = x·y (four f32x4 accumulators, 16 floats a step),
//! mixes d's bits into the checksum, then updates y = 0.5·y + a·x with a
//! coefficient a in [-0.5, 0.5] picked by d's bits (so each round depends on
//! the last; |x|, |y| stay below 0.5).
//! On wasm32 the lanes are explicit `core::arch::wasm32` intrinsics
//! (v128.load/store, f32x4.mul/add/splat/extract_lane); natively, `scalar`
//! does the same IEEE operations in the same order, lane by lane, and is
//! what `expected` runs.

pub const N: usize = 4096;
pub const ROUNDS: usize = 40_000;

/// Scalar reference: the same additions in the same order as the SIMD code
/// (lane l of accumulator j sums elements 16k + 4j + l; no fused
/// multiply-add, which Rust never forms on its own).
pub mod scalar {
    pub fn dot(x: &[f32], y: &[f32]) -> f32 {
        let mut acc = [[0.0f32; 4]; 4];
        for (cx, cy) in x.chunks_exact(16).zip(y.chunks_exact(16)) {
            for j in 0..4 {
                for l in 0..4 {
                    acc[j][l] += cx[4 * j + l] * cy[4 * j + l];
                }
            }
        }
        let s: [f32; 4] =
            core::array::from_fn(|l| (acc[0][l] + acc[1][l]) + (acc[2][l] + acc[3][l]));
        (s[0] + s[1]) + (s[2] + s[3])
    }

    pub fn saxpy(a: f32, x: &[f32], y: &mut [f32]) {
        for (yi, &xi) in y.iter_mut().zip(x) {
            *yi = *yi * 0.5 + a * xi;
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod simd {
    use core::arch::wasm32::*;

    #[inline]
    #[target_feature(enable = "simd128")]
    fn load(p: &[f32], i: usize) -> v128 {
        assert!(i + 4 <= p.len());
        unsafe { v128_load(p.as_ptr().add(i) as *const v128) }
    }

    #[target_feature(enable = "simd128")]
    pub fn dot(x: &[f32], y: &[f32]) -> f32 {
        assert!(x.len() == y.len() && x.len().is_multiple_of(16));
        let (mut a0, mut a1, mut a2, mut a3) = (
            f32x4_splat(0.0),
            f32x4_splat(0.0),
            f32x4_splat(0.0),
            f32x4_splat(0.0),
        );
        let mut i = 0;
        while i < x.len() {
            a0 = f32x4_add(a0, f32x4_mul(load(x, i), load(y, i)));
            a1 = f32x4_add(a1, f32x4_mul(load(x, i + 4), load(y, i + 4)));
            a2 = f32x4_add(a2, f32x4_mul(load(x, i + 8), load(y, i + 8)));
            a3 = f32x4_add(a3, f32x4_mul(load(x, i + 12), load(y, i + 12)));
            i += 16;
        }
        let s = f32x4_add(f32x4_add(a0, a1), f32x4_add(a2, a3));
        (f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s))
            + (f32x4_extract_lane::<2>(s) + f32x4_extract_lane::<3>(s))
    }

    #[target_feature(enable = "simd128")]
    pub fn saxpy(a: f32, x: &[f32], y: &mut [f32]) {
        assert!(x.len() == y.len() && x.len().is_multiple_of(4));
        let (va, half) = (f32x4_splat(a), f32x4_splat(0.5));
        let mut i = 0;
        while i < x.len() {
            let v = f32x4_add(f32x4_mul(load(y, i), half), f32x4_mul(va, load(x, i)));
            unsafe { v128_store(y.as_mut_ptr().add(i) as *mut v128, v) };
            i += 4;
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
use scalar as lanes;
#[cfg(target_arch = "wasm32")]
use simd as lanes;

#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn rounds(x: &[f32], y: &mut [f32], rounds: usize) -> u64 {
    let mut h = common::FNV_OFFSET;
    for _ in 0..rounds {
        let d = lanes::dot(x, y);
        h = common::mix(h, d.to_bits() as u64);
        let a = ((d.to_bits() % 17) as f32 - 8.0) * 0.0625;
        lanes::saxpy(a, x, y);
    }
    h
}

#[allow(unused_unsafe)]
pub fn checksum() -> i64 {
    let mut rng = common::Rng::new(0x0053_494D_4444_4F54);
    let x: Vec<f32> = (0..N).map(|_| (rng.next_f64() - 0.5) as f32).collect();
    let mut y: Vec<f32> = (0..N).map(|_| (rng.next_f64() - 0.5) as f32).collect();
    // Safe on wasm32: the module is built for, and only runs on, engines with simd128.
    let mut h = unsafe { rounds(&x, &mut y, std::hint::black_box(ROUNDS)) };
    for v in &y {
        h = common::mix(h, v.to_bits() as u64);
    }
    common::finish(h)
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
