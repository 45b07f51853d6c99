//! Plain scalar Rust loops that LLVM auto-vectorises to simd128: no
//! intrinsics, only `#[target_feature(enable = "simd128")]` on the hot
//! functions (on wasm32 only; the workspace's rustflags stay scalar for the
//! other kernels). Each round, over 4096 i32s, 16 KiB of u8s and 4096 i16s
//! (what LLVM 22 made of each loop in brackets):
//!   - a wrapping sum of squares (i32x4.mul, i32x4.add);
//!   - c = clamp(a + b + k) (i32x4.add, i32x4.max_s / min_s), then the i32
//!     buffers rotate;
//!   - p = sat_add(p, q) ^ k and q = rounding average of q and p
//!     (i8x16.add_sat_u, v128.xor, i8x16.avgr_u);
//!   - a count of bytes equal to a value, a byte sum and a sum of absolute
//!     differences, all into u32 (v128.load32_zero, i8x16.eq,
//!     i8x16.max_u − min_u, i16x8 and i32x4 extend_low_u, i32x4.add: LLVM
//!     widens four bytes at a time);
//!   - an i16 dot product into i32 (v128.load16x4_s, i32x4.mul, i32x4.add),
//!     then u = u + (v >> 3) (i16x8.shr_s, i16x8.add) so that it changes;
//!   - each reduction ends with i8x16.shuffle, i32x4.add, extract_lane.
//!
//! k comes from the previous round's results, so no round can be skipped
//! or hoisted. Natively (`expected`) the same functions run as scalar code.

pub const N32: usize = 4096;
pub const N8: usize = 16 * 1024;
pub const N16: usize = 4096;
pub const ROUNDS: usize = 1_600;
const LIMIT: i32 = 1 << 20;

#[inline(never)]
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn sum_squares(a: &[i32]) -> i32 {
    a.iter()
        .fold(0i32, |s, &x| s.wrapping_add(x.wrapping_mul(x)))
}

#[inline(never)]
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn add_clamp(a: &[i32], b: &[i32], c: &mut [i32], k: i32) {
    for ((c, &a), &b) in c.iter_mut().zip(a).zip(b) {
        *c = a.wrapping_add(b).wrapping_add(k).clamp(-LIMIT, LIMIT);
    }
}

#[inline(never)]
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn sat_add_xor(p: &mut [u8], q: &[u8], k: u8) {
    for (p, &q) in p.iter_mut().zip(q) {
        *p = p.saturating_add(q) ^ k;
    }
}

#[inline(never)]
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn average(q: &mut [u8], p: &[u8]) {
    for (q, &p) in q.iter_mut().zip(p) {
        *q = ((*q as u16 + p as u16 + 1) >> 1) as u8;
    }
}

#[inline(never)]
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn count_eq(p: &[u8], v: u8) -> u32 {
    p.iter().filter(|&&b| b == v).count() as u32
}

#[inline(never)]
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn byte_sum(p: &[u8]) -> u32 {
    p.iter().map(|&b| b as u32).sum()
}

#[inline(never)]
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn sad(p: &[u8], q: &[u8]) -> u32 {
    p.iter().zip(q).map(|(&a, &b)| a.abs_diff(b) as u32).sum()
}

#[inline(never)]
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn dot_i16(u: &[i16], v: &[i16]) -> i32 {
    u.iter()
        .zip(v)
        .fold(0i32, |s, (&x, &y)| s.wrapping_add(x as i32 * y as i32))
}

#[inline(never)]
#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn drift_i16(u: &mut [i16], v: &[i16]) {
    for (u, &v) in u.iter_mut().zip(v) {
        *u = u.wrapping_add(v >> 3);
    }
}

#[cfg_attr(target_arch = "wasm32", target_feature(enable = "simd128"))]
fn rounds(
    i32s: &mut [Vec<i32>; 3],
    p: &mut [u8],
    q: &mut [u8],
    u: &mut [i16],
    v: &mut [i16],
    rounds: usize,
) -> u64 {
    let mut h = common::FNV_OFFSET;
    let mut k = 0u32;
    for r in 0..rounds {
        let s = sum_squares(&i32s[0]);
        let [a, b, c] = i32s;
        add_clamp(a, b, c, (s & 1023) - 512);
        i32s.rotate_right(1); // a, b, c = c, a, b
        sat_add_xor(p, q, k as u8);
        average(q, p);
        let eq = count_eq(p, (k >> 8) as u8);
        let sum = byte_sum(q);
        let d = sad(p, q);
        let dot = dot_i16(u, v);
        if r % 2 == 0 {
            drift_i16(u, v)
        } else {
            drift_i16(v, u)
        }
        k = (s as u32).wrapping_mul(31) ^ eq ^ sum.rotate_left(8) ^ d.rotate_left(16) ^ dot as u32;
        h = common::mix(h, (s as u32 as u64) << 32 | k as u64);
    }
    h
}

#[allow(unused_unsafe)]
pub fn checksum() -> i64 {
    let mut rng = common::Rng::new(0x5349_4D44_4155_544F);
    let mut i32s: [Vec<i32>; 3] = core::array::from_fn(|_| {
        (0..N32)
            .map(|_| rng.below(2 * LIMIT as u32) as i32 - LIMIT)
            .collect()
    });
    let mut p: Vec<u8> = (0..N8).map(|_| rng.next_u32() as u8).collect();
    let mut q: Vec<u8> = (0..N8).map(|_| rng.next_u32() as u8).collect();
    let mut u: Vec<i16> = (0..N16).map(|_| rng.next_u32() as i16).collect();
    let mut v: Vec<i16> = (0..N16).map(|_| rng.next_u32() as i16).collect();
    // Safe on wasm32: the module is built for, and only runs on, engines with simd128.
    let mut h = unsafe {
        rounds(
            &mut i32s,
            &mut p,
            &mut q,
            &mut u,
            &mut v,
            std::hint::black_box(ROUNDS),
        )
    };
    for x in &i32s[0] {
        h = common::mix(h, *x as u32 as u64);
    }
    h = common::fnv1a(h, &p);
    h = common::fnv1a(h, &q);
    for x in u.iter().chain(&v) {
        h = common::mix(h, *x as u16 as u64);
    }
    common::finish(h)
}

#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
pub extern "C" fn run() -> i64 {
    checksum()
}
