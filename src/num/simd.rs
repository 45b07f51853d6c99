//! The semantics of WebAssembly's 128-bit SIMD instructions (the `v128`
//! type of WebAssembly 2.0) and of the relaxed-SIMD instructions of
//! WebAssembly 3.0, as plain functions on `u128` values.
//!
//! # Representation
//!
//! A `v128` is a `u128`. Lane `i` of an `iNxM` shape is bits
//! `[i*N, (i+1)*N)`, which is the little-endian order WebAssembly uses in
//! memory, so `u128::from_le_bytes` of sixteen loaded bytes is the vector
//! and `to_le_bytes` stores it. Float lanes hold their IEEE bit patterns,
//! so a NaN's payload survives every operation that only moves bits
//! (extract, replace, shuffle, `abs`, `neg`, `pmin`, `pmax`, ...).
//!
//! A `u128` rather than `core::arch`'s vector types or a `[u8; 16]`:
//! it is a plain integer on every target Spindle runs on (no `std`, no
//! target features, no 16-byte alignment: it sits in an unaligned register
//! slot or a stack of `u64`s as two halves), it copies in registers, and
//! whole-vector bitwise ops (`and`, `or`, `bitselect`, `any_true`) are one
//! integer operation. Lane-wise ops split it into an array of lanes with
//! shifts, compute on scalars, and join the lanes back; the compiler
//! turns much of this into the host's vector instructions where it can.
//!
//! These are the portable definitions: a `core::arch` fast path added
//! later for some host must give bit-for-bit the same result as the
//! function here on every input (NaN payloads aside, where the spec
//! allows any arithmetic NaN and canonicalisation is done elsewhere), and
//! the tests below are the place to pin any behaviour it relies on.
//!
//! Functions are named after the text-format mnemonic with `.` replaced by
//! `_` (`i8x16.add_sat_s` is [`i8x16_add_sat_s`]). Lane indices come from
//! validated code and are always in range; they are masked anyway so that
//! no input can panic, and all integer arithmetic wraps or saturates
//! explicitly, as the instruction says.
//!
//! # Relaxed SIMD
//!
//! The relaxed instructions let an implementation pick, per instruction,
//! one of a few results (the spec's global parameters `R_...`, fixed for a
//! whole run). Spindle always picks the spec's **deterministic profile**
//! (every parameter 0; WebAssembly 3.0, "Relaxed Operations" in the
//! numerics chapter), so a program's result does not depend on the host,
//! the fuzzing oracle is reproducible, and an interpreter built for a
//! microcontroller agrees with one on a desktop. A hardware fast path may
//! only be used where it gives this same result.
//!
//! | instruction | Spindle's result (deterministic profile) | the other results the spec allows |
//! |---|---|---|
//! | `i8x16.relaxed_swizzle` | `i8x16.swizzle`: an index ≥ 16 gives 0 | index mod 16 for indices 16..=127 |
//! | `i32x4.relaxed_trunc_f32x4_s`, `_u` | `i32x4.trunc_sat_f32x4_s`, `_u`: NaN → 0, saturating | hardware values (`0x8000_0000`, `u32::MAX`, ...) for NaN and out of range |
//! | `i32x4.relaxed_trunc_f64x2_s_zero`, `_u_zero` | `i32x4.trunc_sat_f64x2_s_zero`, `_u_zero` | as above |
//! | `f32x4.relaxed_madd`, `f64x2.relaxed_madd` | **unfused** `a * b + c`, two roundings | fused (one rounding) |
//! | `f32x4.relaxed_nmadd`, `f64x2.relaxed_nmadd` | **unfused** `(-a) * b + c`, two roundings | fused |
//! | `i8x16`/`i16x8`/`i32x4`/`i64x2.relaxed_laneselect` | `v128.bitselect` with the mask bit by bit | each lane chosen by its mask's top bit |
//! | `f32x4.relaxed_min`, `f64x2.relaxed_min` | `min` (NaN propagates, `-0 < +0`) | either operand for NaN or `±0` |
//! | `f32x4.relaxed_max`, `f64x2.relaxed_max` | `max` | either operand for NaN or `±0` |
//! | `i16x8.relaxed_q15mulr_s` | `i16x8.q15mulr_sat_s`: `-32768 × -32768 → 32767` | `-32768` (wrapped) |
//! | `i16x8.relaxed_dot_i8x16_i7x16_s` | both operands' bytes signed; each pair of products added with signed saturation to i16 | second operand's bytes unsigned |
//! | `i32x4.relaxed_dot_i8x16_i7x16_add_s` | the i16 dot above, its pairs sign-extended and added into i32, plus `c` (wrapping) | second operand unsigned |
//!
//! Note on `relaxed_madd`: the deterministic profile is the *unfused*
//! result (`fadd(fmul(a, b), c)`, the first of the two the spec lists),
//! not `fma`, although most hardware with FMA would give the fused one.
//! Rust never contracts `a * b + c` into a fused multiply-add, so the plain
//! expression is exactly the two-rounding result on every host.

#![cfg_attr(not(test), allow(dead_code))]

use super::float::{
    ceil32, ceil64, floor32, floor64, max32, max64, min32, min64, nearest32, nearest64, sqrt32,
    sqrt64, trunc32, trunc64,
};

/// Returns the SSE2 form's result where there is one (see `arch`); tests
/// can ask for the portable form instead, to compare the two.
macro_rules! fast {
    ($name:ident($($a:ident),*)) => {
        #[cfg(spindle_simd_arch)]
        if !force_portable() {
            return arch::$name($($a),*);
        }
    };
}

/// Whether a test asked for the portable forms (never outside tests).
#[cfg(all(spindle_simd_arch, not(test)))]
#[inline(always)]
fn force_portable() -> bool {
    false
}

#[cfg(all(spindle_simd_arch, test))]
fn force_portable() -> bool {
    tests::PORTABLE.with(|p| p.get())
}

// ---------------------------------------------------------------------------
// Lanes

/// A lane type: an integer or float of 8 to 64 bits packed into a `u128`.
trait Lane: Copy {
    const WIDTH: u32;
    /// Lane `i` of `v`.
    fn get(v: u128, i: usize) -> Self;
    /// The lane's bits, zero-extended.
    fn bits(self) -> u128;
}

macro_rules! int_lane {
    ($($t:ty => $u:ty),*) => {$(
        impl Lane for $t {
            const WIDTH: u32 = <$u>::BITS;
            #[inline(always)]
            fn get(v: u128, i: usize) -> Self {
                (v >> (i as u32 * Self::WIDTH)) as $u as $t
            }
            #[inline(always)]
            fn bits(self) -> u128 {
                self as $u as u128
            }
        }
    )*};
}
int_lane!(u8 => u8, i8 => u8, u16 => u16, i16 => u16, u32 => u32, i32 => u32, u64 => u64, i64 => u64);

macro_rules! float_lane {
    ($($t:ty => $u:ty),*) => {$(
        impl Lane for $t {
            const WIDTH: u32 = <$u>::BITS;
            #[inline(always)]
            fn get(v: u128, i: usize) -> Self {
                <$t>::from_bits((v >> (i as u32 * Self::WIDTH)) as $u)
            }
            #[inline(always)]
            fn bits(self) -> u128 {
                self.to_bits() as u128
            }
        }
    )*};
}
float_lane!(f32 => u32, f64 => u64);

/// The `N` lanes of `v` as `L`s (`N * L::WIDTH` must be 128, checked at
/// compile time).
#[inline(always)]
fn lanes<L: Lane, const N: usize>(v: u128) -> [L; N] {
    const { assert!(N as u32 * L::WIDTH == 128) };
    core::array::from_fn(|i| L::get(v, i))
}

/// The vector of `N` lanes `l`.
#[inline(always)]
fn pack<L: Lane, const N: usize>(l: [L; N]) -> u128 {
    const { assert!(N as u32 * L::WIDTH == 128) };
    let mut v = 0u128;
    for (i, x) in l.into_iter().enumerate() {
        v |= x.bits() << (i as u32 * L::WIDTH);
    }
    v
}

/// All ones in one lane of `L`.
#[inline(always)]
fn ones<L: Lane>() -> u128 {
    u128::MAX >> (128 - L::WIDTH)
}

#[inline(always)]
fn unop<L: Lane, const N: usize>(a: u128, f: impl Fn(L) -> L) -> u128 {
    pack::<L, N>(lanes::<L, N>(a).map(f))
}

#[inline(always)]
fn binop<L: Lane, const N: usize>(a: u128, b: u128, f: impl Fn(L, L) -> L) -> u128 {
    let (x, y) = (lanes::<L, N>(a), lanes::<L, N>(b));
    pack::<L, N>(core::array::from_fn(|i| f(x[i], y[i])))
}

/// A comparison: all ones in each lane where `f` holds, zeros elsewhere.
#[inline(always)]
fn relop<L: Lane, const N: usize>(a: u128, b: u128, f: impl Fn(L, L) -> bool) -> u128 {
    let (x, y) = (lanes::<L, N>(a), lanes::<L, N>(b));
    let mut v = 0u128;
    for i in 0..N {
        if f(x[i], y[i]) {
            v |= ones::<L>() << (i as u32 * L::WIDTH);
        }
    }
    v
}

/// `1` if every lane is non-zero.
#[inline(always)]
fn all_true<L: Lane, const N: usize>(a: u128) -> i32 {
    lanes::<L, N>(a).iter().all(|x| x.bits() != 0) as i32
}

/// Bit `i` of the result is the top (sign) bit of lane `i`.
#[inline(always)]
fn bitmask<L: Lane, const N: usize>(a: u128) -> i32 {
    let mut m = 0i32;
    for (i, x) in lanes::<L, N>(a).into_iter().enumerate() {
        m |= ((x.bits() >> (L::WIDTH - 1)) as i32 & 1) << i;
    }
    m
}

/// `D`-lanes from `DN` consecutive `S`-lanes of `a`, starting at lane
/// `start` (0 for `low`, `DN` for `high`).
#[inline(always)]
fn widen<S: Lane, const SN: usize, D: Lane, const DN: usize>(
    a: u128,
    start: usize,
    f: impl Fn(S) -> D,
) -> u128 {
    let x = lanes::<S, SN>(a);
    pack::<D, DN>(core::array::from_fn(|i| f(x[(start + i) % SN])))
}

/// `widen` of two operands, lane by lane.
#[inline(always)]
fn widen2<S: Lane, const SN: usize, D: Lane, const DN: usize>(
    a: u128,
    b: u128,
    start: usize,
    f: impl Fn(S, S) -> D,
) -> u128 {
    let (x, y) = (lanes::<S, SN>(a), lanes::<S, SN>(b));
    pack::<D, DN>(core::array::from_fn(|i| {
        let j = (start + i) % SN;
        f(x[j], y[j])
    }))
}

/// Each `D`-lane from a pair of adjacent `S`-lanes.
#[inline(always)]
fn pairwise<S: Lane, const SN: usize, D: Lane, const DN: usize>(
    a: u128,
    f: impl Fn(S, S) -> D,
) -> u128 {
    let x = lanes::<S, SN>(a);
    pack::<D, DN>(core::array::from_fn(|i| f(x[2 * i], x[2 * i + 1])))
}

/// `narrow`: the lanes of `a`, then those of `b`, each converted by `f`.
#[inline(always)]
fn narrow<S: Lane, const SN: usize, D: Lane, const DN: usize>(
    a: u128,
    b: u128,
    f: impl Fn(S) -> D,
) -> u128 {
    let (x, y) = (lanes::<S, SN>(a), lanes::<S, SN>(b));
    pack::<D, DN>(core::array::from_fn(|i| {
        if i < SN { f(x[i]) } else { f(y[i - SN]) }
    }))
}

/// Replaces lane `i` (mod the lane count) of `v` with `x`'s bits.
#[inline(always)]
fn replace<L: Lane, const N: usize>(v: u128, i: u8, x: L) -> u128 {
    let shift = (i as usize % N) as u32 * L::WIDTH;
    (v & !(ones::<L>() << shift)) | (x.bits() << shift)
}

#[inline(always)]
fn extract<L: Lane, const N: usize>(v: u128, i: u8) -> L {
    L::get(v, i as usize % N)
}

const F32_SIGN: u32 = 0x8000_0000;
const F64_SIGN: u64 = 0x8000_0000_0000_0000;

/// `pmin`: `b` if `b < a`, else `a` (the operand itself, bits unchanged).
#[inline(always)]
fn pmin<T: PartialOrd>(a: T, b: T) -> T {
    if b < a { b } else { a }
}

/// `pmax`: `b` if `a < b`, else `a`.
#[inline(always)]
fn pmax<T: PartialOrd>(a: T, b: T) -> T {
    if a < b { b } else { a }
}

#[inline(always)]
fn avgr_u8(a: u8, b: u8) -> u8 {
    ((a as u16 + b as u16 + 1) >> 1) as u8
}

#[inline(always)]
fn avgr_u16(a: u16, b: u16) -> u16 {
    ((a as u32 + b as u32 + 1) >> 1) as u16
}

#[inline(always)]
fn q15mulr_sat(a: i16, b: i16) -> i16 {
    let p = (a as i32 * b as i32 + 0x4000) >> 15;
    p.clamp(i16::MIN as i32, i16::MAX as i32) as i16
}

// ---------------------------------------------------------------------------
// v128: bitwise operations and tests

#[inline]
pub(crate) fn v128_not(a: u128) -> u128 {
    fast!(v128_not(a));
    !a
}

#[inline]
pub(crate) fn v128_and(a: u128, b: u128) -> u128 {
    fast!(v128_and(a, b));
    a & b
}

/// `a & !b`.
#[inline]
pub(crate) fn v128_andnot(a: u128, b: u128) -> u128 {
    fast!(v128_andnot(a, b));
    a & !b
}

#[inline]
pub(crate) fn v128_or(a: u128, b: u128) -> u128 {
    fast!(v128_or(a, b));
    a | b
}

#[inline]
pub(crate) fn v128_xor(a: u128, b: u128) -> u128 {
    fast!(v128_xor(a, b));
    a ^ b
}

/// The bits of `v1` where `mask` is 1, of `v2` where it is 0.
#[inline]
pub(crate) fn v128_bitselect(v1: u128, v2: u128, mask: u128) -> u128 {
    fast!(v128_bitselect(v1, v2, mask));
    (v1 & mask) | (v2 & !mask)
}

#[inline]
pub(crate) fn v128_any_true(a: u128) -> i32 {
    fast!(v128_any_true(a));
    (a != 0) as i32
}

// ---------------------------------------------------------------------------
// Memory helpers: the loader reads the bytes, these build the vector.

/// Eight bytes, each sign-extended to an i16 lane.
#[inline]
pub(crate) fn v128_load8x8_s(x: u64) -> u128 {
    widen::<i8, 16, i16, 8>(x as u128, 0, |b| b as i16)
}

#[inline]
pub(crate) fn v128_load8x8_u(x: u64) -> u128 {
    widen::<u8, 16, u16, 8>(x as u128, 0, |b| b as u16)
}

#[inline]
pub(crate) fn v128_load16x4_s(x: u64) -> u128 {
    widen::<i16, 8, i32, 4>(x as u128, 0, |h| h as i32)
}

#[inline]
pub(crate) fn v128_load16x4_u(x: u64) -> u128 {
    widen::<u16, 8, u32, 4>(x as u128, 0, |h| h as u32)
}

#[inline]
pub(crate) fn v128_load32x2_s(x: u64) -> u128 {
    widen::<i32, 4, i64, 2>(x as u128, 0, |w| w as i64)
}

#[inline]
pub(crate) fn v128_load32x2_u(x: u64) -> u128 {
    widen::<u32, 4, u64, 2>(x as u128, 0, |w| w as u64)
}

#[inline]
pub(crate) fn v128_load32_zero(x: u32) -> u128 {
    x as u128
}

#[inline]
pub(crate) fn v128_load64_zero(x: u64) -> u128 {
    x as u128
}

// ---------------------------------------------------------------------------
// Splat, extract, replace, shuffle, swizzle

#[inline]
pub(crate) fn i8x16_splat(x: i32) -> u128 {
    pack::<u8, 16>([x as u8; 16])
}

#[inline]
pub(crate) fn i16x8_splat(x: i32) -> u128 {
    pack::<u16, 8>([x as u16; 8])
}

#[inline]
pub(crate) fn i32x4_splat(x: i32) -> u128 {
    pack::<i32, 4>([x; 4])
}

#[inline]
pub(crate) fn i64x2_splat(x: i64) -> u128 {
    pack::<i64, 2>([x; 2])
}

#[inline]
pub(crate) fn f32x4_splat(x: f32) -> u128 {
    pack::<f32, 4>([x; 4])
}

#[inline]
pub(crate) fn f64x2_splat(x: f64) -> u128 {
    pack::<f64, 2>([x; 2])
}

#[inline]
pub(crate) fn i8x16_extract_lane_s(v: u128, lane: u8) -> i32 {
    extract::<i8, 16>(v, lane) as i32
}

#[inline]
pub(crate) fn i8x16_extract_lane_u(v: u128, lane: u8) -> i32 {
    extract::<u8, 16>(v, lane) as i32
}

#[inline]
pub(crate) fn i16x8_extract_lane_s(v: u128, lane: u8) -> i32 {
    extract::<i16, 8>(v, lane) as i32
}

#[inline]
pub(crate) fn i16x8_extract_lane_u(v: u128, lane: u8) -> i32 {
    extract::<u16, 8>(v, lane) as i32
}

#[inline]
pub(crate) fn i32x4_extract_lane(v: u128, lane: u8) -> i32 {
    extract::<i32, 4>(v, lane)
}

#[inline]
pub(crate) fn i64x2_extract_lane(v: u128, lane: u8) -> i64 {
    extract::<i64, 2>(v, lane)
}

#[inline]
pub(crate) fn f32x4_extract_lane(v: u128, lane: u8) -> f32 {
    extract::<f32, 4>(v, lane)
}

#[inline]
pub(crate) fn f64x2_extract_lane(v: u128, lane: u8) -> f64 {
    extract::<f64, 2>(v, lane)
}

/// Replaces lane `lane` with the low 8 bits of `x`.
#[inline]
pub(crate) fn i8x16_replace_lane(v: u128, lane: u8, x: i32) -> u128 {
    replace::<u8, 16>(v, lane, x as u8)
}

/// Replaces lane `lane` with the low 16 bits of `x`.
#[inline]
pub(crate) fn i16x8_replace_lane(v: u128, lane: u8, x: i32) -> u128 {
    replace::<u16, 8>(v, lane, x as u16)
}

#[inline]
pub(crate) fn i32x4_replace_lane(v: u128, lane: u8, x: i32) -> u128 {
    replace::<i32, 4>(v, lane, x)
}

#[inline]
pub(crate) fn i64x2_replace_lane(v: u128, lane: u8, x: i64) -> u128 {
    replace::<i64, 2>(v, lane, x)
}

#[inline]
pub(crate) fn f32x4_replace_lane(v: u128, lane: u8, x: f32) -> u128 {
    replace::<f32, 4>(v, lane, x)
}

#[inline]
pub(crate) fn f64x2_replace_lane(v: u128, lane: u8, x: f64) -> u128 {
    replace::<f64, 2>(v, lane, x)
}

/// `i8x16.shuffle`: byte `i` of `lanes` is the index (0..32) of result
/// lane `i` in the concatenation of `a` (0..16) and `b` (16..32).
#[inline]
pub(crate) fn i8x16_shuffle(a: u128, b: u128, lanes: u128) -> u128 {
    let (x, y, idx) = (a.to_le_bytes(), b.to_le_bytes(), lanes.to_le_bytes());
    u128::from_le_bytes(core::array::from_fn(|i| {
        let j = (idx[i] & 31) as usize;
        if j < 16 { x[j] } else { y[j - 16] }
    }))
}

/// `i8x16.swizzle`: lane `i` is `a[b[i]]`, or 0 where `b[i]` ≥ 16.
#[inline]
pub(crate) fn i8x16_swizzle(a: u128, b: u128) -> u128 {
    let (x, idx) = (a.to_le_bytes(), b.to_le_bytes());
    u128::from_le_bytes(core::array::from_fn(|i| {
        let j = idx[i] as usize;
        if j < 16 { x[j] } else { 0 }
    }))
}

// ---------------------------------------------------------------------------
// i8x16

#[inline]
pub(crate) fn i8x16_eq(a: u128, b: u128) -> u128 {
    fast!(i8x16_eq(a, b));
    relop::<u8, 16>(a, b, |x, y| x == y)
}

#[inline]
pub(crate) fn i8x16_ne(a: u128, b: u128) -> u128 {
    relop::<u8, 16>(a, b, |x, y| x != y)
}

#[inline]
pub(crate) fn i8x16_lt_s(a: u128, b: u128) -> u128 {
    fast!(i8x16_lt_s(a, b));
    relop::<i8, 16>(a, b, |x, y| x < y)
}

#[inline]
pub(crate) fn i8x16_lt_u(a: u128, b: u128) -> u128 {
    relop::<u8, 16>(a, b, |x, y| x < y)
}

#[inline]
pub(crate) fn i8x16_gt_s(a: u128, b: u128) -> u128 {
    fast!(i8x16_gt_s(a, b));
    relop::<i8, 16>(a, b, |x, y| x > y)
}

#[inline]
pub(crate) fn i8x16_gt_u(a: u128, b: u128) -> u128 {
    relop::<u8, 16>(a, b, |x, y| x > y)
}

#[inline]
pub(crate) fn i8x16_le_s(a: u128, b: u128) -> u128 {
    relop::<i8, 16>(a, b, |x, y| x <= y)
}

#[inline]
pub(crate) fn i8x16_le_u(a: u128, b: u128) -> u128 {
    relop::<u8, 16>(a, b, |x, y| x <= y)
}

#[inline]
pub(crate) fn i8x16_ge_s(a: u128, b: u128) -> u128 {
    relop::<i8, 16>(a, b, |x, y| x >= y)
}

#[inline]
pub(crate) fn i8x16_ge_u(a: u128, b: u128) -> u128 {
    relop::<u8, 16>(a, b, |x, y| x >= y)
}

/// `abs(-128)` is `-128`.
#[inline]
pub(crate) fn i8x16_abs(a: u128) -> u128 {
    unop::<i8, 16>(a, i8::wrapping_abs)
}

#[inline]
pub(crate) fn i8x16_neg(a: u128) -> u128 {
    unop::<i8, 16>(a, i8::wrapping_neg)
}

#[inline]
pub(crate) fn i8x16_popcnt(a: u128) -> u128 {
    unop::<u8, 16>(a, |x| x.count_ones() as u8)
}

#[inline]
pub(crate) fn i8x16_all_true(a: u128) -> i32 {
    all_true::<u8, 16>(a)
}

#[inline]
pub(crate) fn i8x16_bitmask(a: u128) -> i32 {
    fast!(i8x16_bitmask(a));
    bitmask::<u8, 16>(a)
}

/// The i16 lanes of `a` then `b`, each saturated to i8.
#[inline]
pub(crate) fn i8x16_narrow_i16x8_s(a: u128, b: u128) -> u128 {
    narrow::<i16, 8, i8, 16>(a, b, |x| x.clamp(i8::MIN as i16, i8::MAX as i16) as i8)
}

/// The (signed) i16 lanes of `a` then `b`, each saturated to u8.
#[inline]
pub(crate) fn i8x16_narrow_i16x8_u(a: u128, b: u128) -> u128 {
    narrow::<i16, 8, u8, 16>(a, b, |x| x.clamp(0, u8::MAX as i16) as u8)
}

/// Shift counts are taken mod 8.
#[inline]
pub(crate) fn i8x16_shl(a: u128, s: u32) -> u128 {
    unop::<u8, 16>(a, |x| x.wrapping_shl(s))
}

#[inline]
pub(crate) fn i8x16_shr_s(a: u128, s: u32) -> u128 {
    unop::<i8, 16>(a, |x| x.wrapping_shr(s))
}

#[inline]
pub(crate) fn i8x16_shr_u(a: u128, s: u32) -> u128 {
    unop::<u8, 16>(a, |x| x.wrapping_shr(s))
}

#[inline]
pub(crate) fn i8x16_add(a: u128, b: u128) -> u128 {
    fast!(i8x16_add(a, b));
    binop::<u8, 16>(a, b, u8::wrapping_add)
}

#[inline]
pub(crate) fn i8x16_add_sat_s(a: u128, b: u128) -> u128 {
    fast!(i8x16_add_sat_s(a, b));
    binop::<i8, 16>(a, b, i8::saturating_add)
}

#[inline]
pub(crate) fn i8x16_add_sat_u(a: u128, b: u128) -> u128 {
    fast!(i8x16_add_sat_u(a, b));
    binop::<u8, 16>(a, b, u8::saturating_add)
}

#[inline]
pub(crate) fn i8x16_sub(a: u128, b: u128) -> u128 {
    fast!(i8x16_sub(a, b));
    binop::<u8, 16>(a, b, u8::wrapping_sub)
}

#[inline]
pub(crate) fn i8x16_sub_sat_s(a: u128, b: u128) -> u128 {
    fast!(i8x16_sub_sat_s(a, b));
    binop::<i8, 16>(a, b, i8::saturating_sub)
}

#[inline]
pub(crate) fn i8x16_sub_sat_u(a: u128, b: u128) -> u128 {
    fast!(i8x16_sub_sat_u(a, b));
    binop::<u8, 16>(a, b, u8::saturating_sub)
}

#[inline]
pub(crate) fn i8x16_min_s(a: u128, b: u128) -> u128 {
    binop::<i8, 16>(a, b, Ord::min)
}

#[inline]
pub(crate) fn i8x16_min_u(a: u128, b: u128) -> u128 {
    fast!(i8x16_min_u(a, b));
    binop::<u8, 16>(a, b, Ord::min)
}

#[inline]
pub(crate) fn i8x16_max_s(a: u128, b: u128) -> u128 {
    binop::<i8, 16>(a, b, Ord::max)
}

#[inline]
pub(crate) fn i8x16_max_u(a: u128, b: u128) -> u128 {
    fast!(i8x16_max_u(a, b));
    binop::<u8, 16>(a, b, Ord::max)
}

/// `(a + b + 1) >> 1`, unsigned, without overflow.
#[inline]
pub(crate) fn i8x16_avgr_u(a: u128, b: u128) -> u128 {
    fast!(i8x16_avgr_u(a, b));
    binop::<u8, 16>(a, b, avgr_u8)
}

// ---------------------------------------------------------------------------
// i16x8

#[inline]
pub(crate) fn i16x8_eq(a: u128, b: u128) -> u128 {
    fast!(i16x8_eq(a, b));
    relop::<u16, 8>(a, b, |x, y| x == y)
}

#[inline]
pub(crate) fn i16x8_ne(a: u128, b: u128) -> u128 {
    relop::<u16, 8>(a, b, |x, y| x != y)
}

#[inline]
pub(crate) fn i16x8_lt_s(a: u128, b: u128) -> u128 {
    fast!(i16x8_lt_s(a, b));
    relop::<i16, 8>(a, b, |x, y| x < y)
}

#[inline]
pub(crate) fn i16x8_lt_u(a: u128, b: u128) -> u128 {
    relop::<u16, 8>(a, b, |x, y| x < y)
}

#[inline]
pub(crate) fn i16x8_gt_s(a: u128, b: u128) -> u128 {
    fast!(i16x8_gt_s(a, b));
    relop::<i16, 8>(a, b, |x, y| x > y)
}

#[inline]
pub(crate) fn i16x8_gt_u(a: u128, b: u128) -> u128 {
    relop::<u16, 8>(a, b, |x, y| x > y)
}

#[inline]
pub(crate) fn i16x8_le_s(a: u128, b: u128) -> u128 {
    relop::<i16, 8>(a, b, |x, y| x <= y)
}

#[inline]
pub(crate) fn i16x8_le_u(a: u128, b: u128) -> u128 {
    relop::<u16, 8>(a, b, |x, y| x <= y)
}

#[inline]
pub(crate) fn i16x8_ge_s(a: u128, b: u128) -> u128 {
    relop::<i16, 8>(a, b, |x, y| x >= y)
}

#[inline]
pub(crate) fn i16x8_ge_u(a: u128, b: u128) -> u128 {
    relop::<u16, 8>(a, b, |x, y| x >= y)
}

#[inline]
pub(crate) fn i16x8_abs(a: u128) -> u128 {
    unop::<i16, 8>(a, i16::wrapping_abs)
}

#[inline]
pub(crate) fn i16x8_neg(a: u128) -> u128 {
    unop::<i16, 8>(a, i16::wrapping_neg)
}

/// `sat_s((a * b + 0x4000) >> 15)`: Q15 multiplication, rounded; only
/// `-32768 × -32768` saturates (to 32767).
#[inline]
pub(crate) fn i16x8_q15mulr_sat_s(a: u128, b: u128) -> u128 {
    binop::<i16, 8>(a, b, q15mulr_sat)
}

#[inline]
pub(crate) fn i16x8_all_true(a: u128) -> i32 {
    all_true::<u16, 8>(a)
}

#[inline]
pub(crate) fn i16x8_bitmask(a: u128) -> i32 {
    bitmask::<u16, 8>(a)
}

#[inline]
pub(crate) fn i16x8_narrow_i32x4_s(a: u128, b: u128) -> u128 {
    narrow::<i32, 4, i16, 8>(a, b, |x| x.clamp(i16::MIN as i32, i16::MAX as i32) as i16)
}

#[inline]
pub(crate) fn i16x8_narrow_i32x4_u(a: u128, b: u128) -> u128 {
    narrow::<i32, 4, u16, 8>(a, b, |x| x.clamp(0, u16::MAX as i32) as u16)
}

#[inline]
pub(crate) fn i16x8_extend_low_i8x16_s(a: u128) -> u128 {
    widen::<i8, 16, i16, 8>(a, 0, |x| x as i16)
}

#[inline]
pub(crate) fn i16x8_extend_high_i8x16_s(a: u128) -> u128 {
    widen::<i8, 16, i16, 8>(a, 8, |x| x as i16)
}

#[inline]
pub(crate) fn i16x8_extend_low_i8x16_u(a: u128) -> u128 {
    widen::<u8, 16, u16, 8>(a, 0, |x| x as u16)
}

#[inline]
pub(crate) fn i16x8_extend_high_i8x16_u(a: u128) -> u128 {
    widen::<u8, 16, u16, 8>(a, 8, |x| x as u16)
}

/// Shift counts are taken mod 16.
#[inline]
pub(crate) fn i16x8_shl(a: u128, s: u32) -> u128 {
    fast!(i16x8_shl(a, s));
    unop::<u16, 8>(a, |x| x.wrapping_shl(s))
}

#[inline]
pub(crate) fn i16x8_shr_s(a: u128, s: u32) -> u128 {
    fast!(i16x8_shr_s(a, s));
    unop::<i16, 8>(a, |x| x.wrapping_shr(s))
}

#[inline]
pub(crate) fn i16x8_shr_u(a: u128, s: u32) -> u128 {
    fast!(i16x8_shr_u(a, s));
    unop::<u16, 8>(a, |x| x.wrapping_shr(s))
}

#[inline]
pub(crate) fn i16x8_add(a: u128, b: u128) -> u128 {
    fast!(i16x8_add(a, b));
    binop::<u16, 8>(a, b, u16::wrapping_add)
}

#[inline]
pub(crate) fn i16x8_add_sat_s(a: u128, b: u128) -> u128 {
    fast!(i16x8_add_sat_s(a, b));
    binop::<i16, 8>(a, b, i16::saturating_add)
}

#[inline]
pub(crate) fn i16x8_add_sat_u(a: u128, b: u128) -> u128 {
    fast!(i16x8_add_sat_u(a, b));
    binop::<u16, 8>(a, b, u16::saturating_add)
}

#[inline]
pub(crate) fn i16x8_sub(a: u128, b: u128) -> u128 {
    fast!(i16x8_sub(a, b));
    binop::<u16, 8>(a, b, u16::wrapping_sub)
}

#[inline]
pub(crate) fn i16x8_sub_sat_s(a: u128, b: u128) -> u128 {
    fast!(i16x8_sub_sat_s(a, b));
    binop::<i16, 8>(a, b, i16::saturating_sub)
}

#[inline]
pub(crate) fn i16x8_sub_sat_u(a: u128, b: u128) -> u128 {
    fast!(i16x8_sub_sat_u(a, b));
    binop::<u16, 8>(a, b, u16::saturating_sub)
}

#[inline]
pub(crate) fn i16x8_mul(a: u128, b: u128) -> u128 {
    fast!(i16x8_mul(a, b));
    binop::<u16, 8>(a, b, u16::wrapping_mul)
}

#[inline]
pub(crate) fn i16x8_min_s(a: u128, b: u128) -> u128 {
    fast!(i16x8_min_s(a, b));
    binop::<i16, 8>(a, b, Ord::min)
}

#[inline]
pub(crate) fn i16x8_min_u(a: u128, b: u128) -> u128 {
    binop::<u16, 8>(a, b, Ord::min)
}

#[inline]
pub(crate) fn i16x8_max_s(a: u128, b: u128) -> u128 {
    fast!(i16x8_max_s(a, b));
    binop::<i16, 8>(a, b, Ord::max)
}

#[inline]
pub(crate) fn i16x8_max_u(a: u128, b: u128) -> u128 {
    binop::<u16, 8>(a, b, Ord::max)
}

#[inline]
pub(crate) fn i16x8_avgr_u(a: u128, b: u128) -> u128 {
    fast!(i16x8_avgr_u(a, b));
    binop::<u16, 8>(a, b, avgr_u16)
}

#[inline]
pub(crate) fn i16x8_extmul_low_i8x16_s(a: u128, b: u128) -> u128 {
    widen2::<i8, 16, i16, 8>(a, b, 0, |x, y| (x as i16).wrapping_mul(y as i16))
}

#[inline]
pub(crate) fn i16x8_extmul_high_i8x16_s(a: u128, b: u128) -> u128 {
    widen2::<i8, 16, i16, 8>(a, b, 8, |x, y| (x as i16).wrapping_mul(y as i16))
}

#[inline]
pub(crate) fn i16x8_extmul_low_i8x16_u(a: u128, b: u128) -> u128 {
    widen2::<u8, 16, u16, 8>(a, b, 0, |x, y| (x as u16).wrapping_mul(y as u16))
}

#[inline]
pub(crate) fn i16x8_extmul_high_i8x16_u(a: u128, b: u128) -> u128 {
    widen2::<u8, 16, u16, 8>(a, b, 8, |x, y| (x as u16).wrapping_mul(y as u16))
}

#[inline]
pub(crate) fn i16x8_extadd_pairwise_i8x16_s(a: u128) -> u128 {
    pairwise::<i8, 16, i16, 8>(a, |x, y| (x as i16).wrapping_add(y as i16))
}

#[inline]
pub(crate) fn i16x8_extadd_pairwise_i8x16_u(a: u128) -> u128 {
    pairwise::<u8, 16, u16, 8>(a, |x, y| (x as u16).wrapping_add(y as u16))
}

// ---------------------------------------------------------------------------
// i32x4

#[inline]
pub(crate) fn i32x4_eq(a: u128, b: u128) -> u128 {
    fast!(i32x4_eq(a, b));
    relop::<u32, 4>(a, b, |x, y| x == y)
}

#[inline]
pub(crate) fn i32x4_ne(a: u128, b: u128) -> u128 {
    relop::<u32, 4>(a, b, |x, y| x != y)
}

#[inline]
pub(crate) fn i32x4_lt_s(a: u128, b: u128) -> u128 {
    fast!(i32x4_lt_s(a, b));
    relop::<i32, 4>(a, b, |x, y| x < y)
}

#[inline]
pub(crate) fn i32x4_lt_u(a: u128, b: u128) -> u128 {
    relop::<u32, 4>(a, b, |x, y| x < y)
}

#[inline]
pub(crate) fn i32x4_gt_s(a: u128, b: u128) -> u128 {
    fast!(i32x4_gt_s(a, b));
    relop::<i32, 4>(a, b, |x, y| x > y)
}

#[inline]
pub(crate) fn i32x4_gt_u(a: u128, b: u128) -> u128 {
    relop::<u32, 4>(a, b, |x, y| x > y)
}

#[inline]
pub(crate) fn i32x4_le_s(a: u128, b: u128) -> u128 {
    relop::<i32, 4>(a, b, |x, y| x <= y)
}

#[inline]
pub(crate) fn i32x4_le_u(a: u128, b: u128) -> u128 {
    relop::<u32, 4>(a, b, |x, y| x <= y)
}

#[inline]
pub(crate) fn i32x4_ge_s(a: u128, b: u128) -> u128 {
    relop::<i32, 4>(a, b, |x, y| x >= y)
}

#[inline]
pub(crate) fn i32x4_ge_u(a: u128, b: u128) -> u128 {
    relop::<u32, 4>(a, b, |x, y| x >= y)
}

#[inline]
pub(crate) fn i32x4_abs(a: u128) -> u128 {
    unop::<i32, 4>(a, i32::wrapping_abs)
}

#[inline]
pub(crate) fn i32x4_neg(a: u128) -> u128 {
    unop::<i32, 4>(a, i32::wrapping_neg)
}

#[inline]
pub(crate) fn i32x4_all_true(a: u128) -> i32 {
    all_true::<u32, 4>(a)
}

#[inline]
pub(crate) fn i32x4_bitmask(a: u128) -> i32 {
    fast!(i32x4_bitmask(a));
    bitmask::<u32, 4>(a)
}

#[inline]
pub(crate) fn i32x4_extend_low_i16x8_s(a: u128) -> u128 {
    widen::<i16, 8, i32, 4>(a, 0, |x| x as i32)
}

#[inline]
pub(crate) fn i32x4_extend_high_i16x8_s(a: u128) -> u128 {
    widen::<i16, 8, i32, 4>(a, 4, |x| x as i32)
}

#[inline]
pub(crate) fn i32x4_extend_low_i16x8_u(a: u128) -> u128 {
    widen::<u16, 8, u32, 4>(a, 0, |x| x as u32)
}

#[inline]
pub(crate) fn i32x4_extend_high_i16x8_u(a: u128) -> u128 {
    widen::<u16, 8, u32, 4>(a, 4, |x| x as u32)
}

/// Shift counts are taken mod 32.
#[inline]
pub(crate) fn i32x4_shl(a: u128, s: u32) -> u128 {
    fast!(i32x4_shl(a, s));
    unop::<u32, 4>(a, |x| x.wrapping_shl(s))
}

#[inline]
pub(crate) fn i32x4_shr_s(a: u128, s: u32) -> u128 {
    fast!(i32x4_shr_s(a, s));
    unop::<i32, 4>(a, |x| x.wrapping_shr(s))
}

#[inline]
pub(crate) fn i32x4_shr_u(a: u128, s: u32) -> u128 {
    fast!(i32x4_shr_u(a, s));
    unop::<u32, 4>(a, |x| x.wrapping_shr(s))
}

#[inline]
pub(crate) fn i32x4_add(a: u128, b: u128) -> u128 {
    fast!(i32x4_add(a, b));
    binop::<u32, 4>(a, b, u32::wrapping_add)
}

#[inline]
pub(crate) fn i32x4_sub(a: u128, b: u128) -> u128 {
    fast!(i32x4_sub(a, b));
    binop::<u32, 4>(a, b, u32::wrapping_sub)
}

#[inline]
pub(crate) fn i32x4_mul(a: u128, b: u128) -> u128 {
    binop::<u32, 4>(a, b, u32::wrapping_mul)
}

#[inline]
pub(crate) fn i32x4_min_s(a: u128, b: u128) -> u128 {
    binop::<i32, 4>(a, b, Ord::min)
}

#[inline]
pub(crate) fn i32x4_min_u(a: u128, b: u128) -> u128 {
    binop::<u32, 4>(a, b, Ord::min)
}

#[inline]
pub(crate) fn i32x4_max_s(a: u128, b: u128) -> u128 {
    binop::<i32, 4>(a, b, Ord::max)
}

#[inline]
pub(crate) fn i32x4_max_u(a: u128, b: u128) -> u128 {
    binop::<u32, 4>(a, b, Ord::max)
}

/// Signed i16 products of lanes `2i` and `2i+1`, summed into i32 lane `i`
/// (wrapping: only `-32768²·2` overflows, to `i32::MIN`).
#[inline]
pub(crate) fn i32x4_dot_i16x8_s(a: u128, b: u128) -> u128 {
    let (x, y) = (lanes::<i16, 8>(a), lanes::<i16, 8>(b));
    pack::<i32, 4>(core::array::from_fn(|i| {
        let p0 = (x[2 * i] as i32).wrapping_mul(y[2 * i] as i32);
        let p1 = (x[2 * i + 1] as i32).wrapping_mul(y[2 * i + 1] as i32);
        p0.wrapping_add(p1)
    }))
}

#[inline]
pub(crate) fn i32x4_extmul_low_i16x8_s(a: u128, b: u128) -> u128 {
    widen2::<i16, 8, i32, 4>(a, b, 0, |x, y| (x as i32).wrapping_mul(y as i32))
}

#[inline]
pub(crate) fn i32x4_extmul_high_i16x8_s(a: u128, b: u128) -> u128 {
    widen2::<i16, 8, i32, 4>(a, b, 4, |x, y| (x as i32).wrapping_mul(y as i32))
}

#[inline]
pub(crate) fn i32x4_extmul_low_i16x8_u(a: u128, b: u128) -> u128 {
    widen2::<u16, 8, u32, 4>(a, b, 0, |x, y| (x as u32).wrapping_mul(y as u32))
}

#[inline]
pub(crate) fn i32x4_extmul_high_i16x8_u(a: u128, b: u128) -> u128 {
    widen2::<u16, 8, u32, 4>(a, b, 4, |x, y| (x as u32).wrapping_mul(y as u32))
}

#[inline]
pub(crate) fn i32x4_extadd_pairwise_i16x8_s(a: u128) -> u128 {
    pairwise::<i16, 8, i32, 4>(a, |x, y| (x as i32).wrapping_add(y as i32))
}

#[inline]
pub(crate) fn i32x4_extadd_pairwise_i16x8_u(a: u128) -> u128 {
    pairwise::<u16, 8, u32, 4>(a, |x, y| (x as u32).wrapping_add(y as u32))
}

/// Truncation toward zero, saturating; NaN gives 0. (Rust's float-to-int
/// `as` is exactly `trunc_sat`.)
#[inline]
pub(crate) fn i32x4_trunc_sat_f32x4_s(a: u128) -> u128 {
    let x = lanes::<f32, 4>(a);
    pack::<i32, 4>(x.map(|f| f as i32))
}

#[inline]
pub(crate) fn i32x4_trunc_sat_f32x4_u(a: u128) -> u128 {
    let x = lanes::<f32, 4>(a);
    pack::<u32, 4>(x.map(|f| f as u32))
}

/// The two f64 lanes truncated (saturating, NaN → 0) into lanes 0 and 1;
/// lanes 2 and 3 are 0.
#[inline]
pub(crate) fn i32x4_trunc_sat_f64x2_s_zero(a: u128) -> u128 {
    let x = lanes::<f64, 2>(a);
    pack::<i32, 4>([x[0] as i32, x[1] as i32, 0, 0])
}

#[inline]
pub(crate) fn i32x4_trunc_sat_f64x2_u_zero(a: u128) -> u128 {
    let x = lanes::<f64, 2>(a);
    pack::<u32, 4>([x[0] as u32, x[1] as u32, 0, 0])
}

// ---------------------------------------------------------------------------
// i64x2

#[inline]
pub(crate) fn i64x2_eq(a: u128, b: u128) -> u128 {
    relop::<u64, 2>(a, b, |x, y| x == y)
}

#[inline]
pub(crate) fn i64x2_ne(a: u128, b: u128) -> u128 {
    relop::<u64, 2>(a, b, |x, y| x != y)
}

#[inline]
pub(crate) fn i64x2_lt_s(a: u128, b: u128) -> u128 {
    relop::<i64, 2>(a, b, |x, y| x < y)
}

#[inline]
pub(crate) fn i64x2_gt_s(a: u128, b: u128) -> u128 {
    relop::<i64, 2>(a, b, |x, y| x > y)
}

#[inline]
pub(crate) fn i64x2_le_s(a: u128, b: u128) -> u128 {
    relop::<i64, 2>(a, b, |x, y| x <= y)
}

#[inline]
pub(crate) fn i64x2_ge_s(a: u128, b: u128) -> u128 {
    relop::<i64, 2>(a, b, |x, y| x >= y)
}

#[inline]
pub(crate) fn i64x2_abs(a: u128) -> u128 {
    unop::<i64, 2>(a, i64::wrapping_abs)
}

#[inline]
pub(crate) fn i64x2_neg(a: u128) -> u128 {
    unop::<i64, 2>(a, i64::wrapping_neg)
}

#[inline]
pub(crate) fn i64x2_all_true(a: u128) -> i32 {
    all_true::<u64, 2>(a)
}

#[inline]
pub(crate) fn i64x2_bitmask(a: u128) -> i32 {
    fast!(i64x2_bitmask(a));
    bitmask::<u64, 2>(a)
}

#[inline]
pub(crate) fn i64x2_extend_low_i32x4_s(a: u128) -> u128 {
    widen::<i32, 4, i64, 2>(a, 0, |x| x as i64)
}

#[inline]
pub(crate) fn i64x2_extend_high_i32x4_s(a: u128) -> u128 {
    widen::<i32, 4, i64, 2>(a, 2, |x| x as i64)
}

#[inline]
pub(crate) fn i64x2_extend_low_i32x4_u(a: u128) -> u128 {
    widen::<u32, 4, u64, 2>(a, 0, |x| x as u64)
}

#[inline]
pub(crate) fn i64x2_extend_high_i32x4_u(a: u128) -> u128 {
    widen::<u32, 4, u64, 2>(a, 2, |x| x as u64)
}

/// Shift counts are taken mod 64.
#[inline]
pub(crate) fn i64x2_shl(a: u128, s: u32) -> u128 {
    fast!(i64x2_shl(a, s));
    unop::<u64, 2>(a, |x| x.wrapping_shl(s))
}

#[inline]
pub(crate) fn i64x2_shr_s(a: u128, s: u32) -> u128 {
    unop::<i64, 2>(a, |x| x.wrapping_shr(s))
}

#[inline]
pub(crate) fn i64x2_shr_u(a: u128, s: u32) -> u128 {
    fast!(i64x2_shr_u(a, s));
    unop::<u64, 2>(a, |x| x.wrapping_shr(s))
}

#[inline]
pub(crate) fn i64x2_add(a: u128, b: u128) -> u128 {
    fast!(i64x2_add(a, b));
    binop::<u64, 2>(a, b, u64::wrapping_add)
}

#[inline]
pub(crate) fn i64x2_sub(a: u128, b: u128) -> u128 {
    fast!(i64x2_sub(a, b));
    binop::<u64, 2>(a, b, u64::wrapping_sub)
}

#[inline]
pub(crate) fn i64x2_mul(a: u128, b: u128) -> u128 {
    binop::<u64, 2>(a, b, u64::wrapping_mul)
}

#[inline]
pub(crate) fn i64x2_extmul_low_i32x4_s(a: u128, b: u128) -> u128 {
    widen2::<i32, 4, i64, 2>(a, b, 0, |x, y| (x as i64).wrapping_mul(y as i64))
}

#[inline]
pub(crate) fn i64x2_extmul_high_i32x4_s(a: u128, b: u128) -> u128 {
    widen2::<i32, 4, i64, 2>(a, b, 2, |x, y| (x as i64).wrapping_mul(y as i64))
}

#[inline]
pub(crate) fn i64x2_extmul_low_i32x4_u(a: u128, b: u128) -> u128 {
    widen2::<u32, 4, u64, 2>(a, b, 0, |x, y| (x as u64).wrapping_mul(y as u64))
}

#[inline]
pub(crate) fn i64x2_extmul_high_i32x4_u(a: u128, b: u128) -> u128 {
    widen2::<u32, 4, u64, 2>(a, b, 2, |x, y| (x as u64).wrapping_mul(y as u64))
}

// ---------------------------------------------------------------------------
// f32x4

#[inline]
pub(crate) fn f32x4_eq(a: u128, b: u128) -> u128 {
    fast!(f32x4_eq(a, b));
    relop::<f32, 4>(a, b, |x, y| x == y)
}

/// True for NaN lanes.
#[inline]
pub(crate) fn f32x4_ne(a: u128, b: u128) -> u128 {
    fast!(f32x4_ne(a, b));
    relop::<f32, 4>(a, b, |x, y| x != y)
}

#[inline]
pub(crate) fn f32x4_lt(a: u128, b: u128) -> u128 {
    fast!(f32x4_lt(a, b));
    relop::<f32, 4>(a, b, |x, y| x < y)
}

#[inline]
pub(crate) fn f32x4_gt(a: u128, b: u128) -> u128 {
    fast!(f32x4_gt(a, b));
    relop::<f32, 4>(a, b, |x, y| x > y)
}

#[inline]
pub(crate) fn f32x4_le(a: u128, b: u128) -> u128 {
    fast!(f32x4_le(a, b));
    relop::<f32, 4>(a, b, |x, y| x <= y)
}

#[inline]
pub(crate) fn f32x4_ge(a: u128, b: u128) -> u128 {
    fast!(f32x4_ge(a, b));
    relop::<f32, 4>(a, b, |x, y| x >= y)
}

/// Clears each lane's sign bit (NaN payloads untouched).
#[inline]
pub(crate) fn f32x4_abs(a: u128) -> u128 {
    a & !pack::<u32, 4>([F32_SIGN; 4])
}

/// Flips each lane's sign bit (NaN payloads untouched).
#[inline]
pub(crate) fn f32x4_neg(a: u128) -> u128 {
    a ^ pack::<u32, 4>([F32_SIGN; 4])
}

#[inline]
pub(crate) fn f32x4_sqrt(a: u128) -> u128 {
    fast!(f32x4_sqrt(a));
    unop::<f32, 4>(a, sqrt32)
}

#[inline]
pub(crate) fn f32x4_ceil(a: u128) -> u128 {
    unop::<f32, 4>(a, ceil32)
}

#[inline]
pub(crate) fn f32x4_floor(a: u128) -> u128 {
    unop::<f32, 4>(a, floor32)
}

#[inline]
pub(crate) fn f32x4_trunc(a: u128) -> u128 {
    unop::<f32, 4>(a, trunc32)
}

/// Round to nearest, ties to even.
#[inline]
pub(crate) fn f32x4_nearest(a: u128) -> u128 {
    unop::<f32, 4>(a, nearest32)
}

#[inline]
pub(crate) fn f32x4_add(a: u128, b: u128) -> u128 {
    fast!(f32x4_add(a, b));
    binop::<f32, 4>(a, b, |x, y| x + y)
}

#[inline]
pub(crate) fn f32x4_sub(a: u128, b: u128) -> u128 {
    fast!(f32x4_sub(a, b));
    binop::<f32, 4>(a, b, |x, y| x - y)
}

#[inline]
pub(crate) fn f32x4_mul(a: u128, b: u128) -> u128 {
    fast!(f32x4_mul(a, b));
    binop::<f32, 4>(a, b, |x, y| x * y)
}

#[inline]
pub(crate) fn f32x4_div(a: u128, b: u128) -> u128 {
    fast!(f32x4_div(a, b));
    binop::<f32, 4>(a, b, |x, y| x / y)
}

/// NaN if either lane is NaN; `-0` is below `+0`.
#[inline]
pub(crate) fn f32x4_min(a: u128, b: u128) -> u128 {
    binop::<f32, 4>(a, b, min32)
}

/// NaN if either lane is NaN; `+0` is above `-0`.
#[inline]
pub(crate) fn f32x4_max(a: u128, b: u128) -> u128 {
    binop::<f32, 4>(a, b, max32)
}

/// `b < a ? b : a`, the chosen operand's bits unchanged.
#[inline]
pub(crate) fn f32x4_pmin(a: u128, b: u128) -> u128 {
    binop::<f32, 4>(a, b, pmin)
}

/// `a < b ? b : a`, the chosen operand's bits unchanged.
#[inline]
pub(crate) fn f32x4_pmax(a: u128, b: u128) -> u128 {
    binop::<f32, 4>(a, b, pmax)
}

/// Each i32 lane rounded to the nearest f32 (ties to even).
#[inline]
pub(crate) fn f32x4_convert_i32x4_s(a: u128) -> u128 {
    pack::<f32, 4>(lanes::<i32, 4>(a).map(|x| x as f32))
}

#[inline]
pub(crate) fn f32x4_convert_i32x4_u(a: u128) -> u128 {
    pack::<f32, 4>(lanes::<u32, 4>(a).map(|x| x as f32))
}

/// The two f64 lanes rounded (to nearest, ties to even) into f32 lanes 0
/// and 1; lanes 2 and 3 are `+0`.
#[inline]
pub(crate) fn f32x4_demote_f64x2_zero(a: u128) -> u128 {
    let x = lanes::<f64, 2>(a);
    pack::<f32, 4>([x[0] as f32, x[1] as f32, 0.0, 0.0])
}

// ---------------------------------------------------------------------------
// f64x2

#[inline]
pub(crate) fn f64x2_eq(a: u128, b: u128) -> u128 {
    fast!(f64x2_eq(a, b));
    relop::<f64, 2>(a, b, |x, y| x == y)
}

/// True for NaN lanes.
#[inline]
pub(crate) fn f64x2_ne(a: u128, b: u128) -> u128 {
    fast!(f64x2_ne(a, b));
    relop::<f64, 2>(a, b, |x, y| x != y)
}

#[inline]
pub(crate) fn f64x2_lt(a: u128, b: u128) -> u128 {
    fast!(f64x2_lt(a, b));
    relop::<f64, 2>(a, b, |x, y| x < y)
}

#[inline]
pub(crate) fn f64x2_gt(a: u128, b: u128) -> u128 {
    fast!(f64x2_gt(a, b));
    relop::<f64, 2>(a, b, |x, y| x > y)
}

#[inline]
pub(crate) fn f64x2_le(a: u128, b: u128) -> u128 {
    fast!(f64x2_le(a, b));
    relop::<f64, 2>(a, b, |x, y| x <= y)
}

#[inline]
pub(crate) fn f64x2_ge(a: u128, b: u128) -> u128 {
    fast!(f64x2_ge(a, b));
    relop::<f64, 2>(a, b, |x, y| x >= y)
}

/// Clears each lane's sign bit (NaN payloads untouched).
#[inline]
pub(crate) fn f64x2_abs(a: u128) -> u128 {
    a & !pack::<u64, 2>([F64_SIGN; 2])
}

/// Flips each lane's sign bit (NaN payloads untouched).
#[inline]
pub(crate) fn f64x2_neg(a: u128) -> u128 {
    a ^ pack::<u64, 2>([F64_SIGN; 2])
}

#[inline]
pub(crate) fn f64x2_sqrt(a: u128) -> u128 {
    fast!(f64x2_sqrt(a));
    unop::<f64, 2>(a, sqrt64)
}

#[inline]
pub(crate) fn f64x2_ceil(a: u128) -> u128 {
    unop::<f64, 2>(a, ceil64)
}

#[inline]
pub(crate) fn f64x2_floor(a: u128) -> u128 {
    unop::<f64, 2>(a, floor64)
}

#[inline]
pub(crate) fn f64x2_trunc(a: u128) -> u128 {
    unop::<f64, 2>(a, trunc64)
}

/// Round to nearest, ties to even.
#[inline]
pub(crate) fn f64x2_nearest(a: u128) -> u128 {
    unop::<f64, 2>(a, nearest64)
}

#[inline]
pub(crate) fn f64x2_add(a: u128, b: u128) -> u128 {
    fast!(f64x2_add(a, b));
    binop::<f64, 2>(a, b, |x, y| x + y)
}

#[inline]
pub(crate) fn f64x2_sub(a: u128, b: u128) -> u128 {
    fast!(f64x2_sub(a, b));
    binop::<f64, 2>(a, b, |x, y| x - y)
}

#[inline]
pub(crate) fn f64x2_mul(a: u128, b: u128) -> u128 {
    fast!(f64x2_mul(a, b));
    binop::<f64, 2>(a, b, |x, y| x * y)
}

#[inline]
pub(crate) fn f64x2_div(a: u128, b: u128) -> u128 {
    fast!(f64x2_div(a, b));
    binop::<f64, 2>(a, b, |x, y| x / y)
}

/// NaN if either lane is NaN; `-0` is below `+0`.
#[inline]
pub(crate) fn f64x2_min(a: u128, b: u128) -> u128 {
    binop::<f64, 2>(a, b, min64)
}

/// NaN if either lane is NaN; `+0` is above `-0`.
#[inline]
pub(crate) fn f64x2_max(a: u128, b: u128) -> u128 {
    binop::<f64, 2>(a, b, max64)
}

/// `b < a ? b : a`, the chosen operand's bits unchanged.
#[inline]
pub(crate) fn f64x2_pmin(a: u128, b: u128) -> u128 {
    binop::<f64, 2>(a, b, pmin)
}

/// `a < b ? b : a`, the chosen operand's bits unchanged.
#[inline]
pub(crate) fn f64x2_pmax(a: u128, b: u128) -> u128 {
    binop::<f64, 2>(a, b, pmax)
}

/// i32 lanes 0 and 1 as f64 (exact).
#[inline]
pub(crate) fn f64x2_convert_low_i32x4_s(a: u128) -> u128 {
    widen::<i32, 4, f64, 2>(a, 0, |x| x as f64)
}

#[inline]
pub(crate) fn f64x2_convert_low_i32x4_u(a: u128) -> u128 {
    widen::<u32, 4, f64, 2>(a, 0, |x| x as f64)
}

/// f32 lanes 0 and 1 as f64 (exact).
#[inline]
pub(crate) fn f64x2_promote_low_f32x4(a: u128) -> u128 {
    widen::<f32, 4, f64, 2>(a, 0, |x| x as f64)
}

// ---------------------------------------------------------------------------
// Relaxed SIMD: the deterministic profile (see the table in the module
// documentation).

/// Deterministic profile: [`i8x16_swizzle`] (an index ≥ 16 gives 0).
#[inline]
pub(crate) fn i8x16_relaxed_swizzle(a: u128, b: u128) -> u128 {
    i8x16_swizzle(a, b)
}

/// Deterministic profile: [`i32x4_trunc_sat_f32x4_s`].
#[inline]
pub(crate) fn i32x4_relaxed_trunc_f32x4_s(a: u128) -> u128 {
    i32x4_trunc_sat_f32x4_s(a)
}

/// Deterministic profile: [`i32x4_trunc_sat_f32x4_u`].
#[inline]
pub(crate) fn i32x4_relaxed_trunc_f32x4_u(a: u128) -> u128 {
    i32x4_trunc_sat_f32x4_u(a)
}

/// Deterministic profile: [`i32x4_trunc_sat_f64x2_s_zero`].
#[inline]
pub(crate) fn i32x4_relaxed_trunc_f64x2_s_zero(a: u128) -> u128 {
    i32x4_trunc_sat_f64x2_s_zero(a)
}

/// Deterministic profile: [`i32x4_trunc_sat_f64x2_u_zero`].
#[inline]
pub(crate) fn i32x4_relaxed_trunc_f64x2_u_zero(a: u128) -> u128 {
    i32x4_trunc_sat_f64x2_u_zero(a)
}

/// Deterministic profile: `a * b + c` unfused (the product rounded, then
/// the sum): `fadd(fmul(a, b), c)`.
#[inline]
pub(crate) fn f32x4_relaxed_madd(a: u128, b: u128, c: u128) -> u128 {
    let (x, y, z) = (lanes::<f32, 4>(a), lanes::<f32, 4>(b), lanes::<f32, 4>(c));
    pack::<f32, 4>(core::array::from_fn(|i| x[i] * y[i] + z[i]))
}

/// Deterministic profile: `(-a) * b + c` unfused.
#[inline]
pub(crate) fn f32x4_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 {
    f32x4_relaxed_madd(f32x4_neg(a), b, c)
}

/// Deterministic profile: `a * b + c` unfused.
#[inline]
pub(crate) fn f64x2_relaxed_madd(a: u128, b: u128, c: u128) -> u128 {
    let (x, y, z) = (lanes::<f64, 2>(a), lanes::<f64, 2>(b), lanes::<f64, 2>(c));
    pack::<f64, 2>(core::array::from_fn(|i| x[i] * y[i] + z[i]))
}

/// Deterministic profile: `(-a) * b + c` unfused.
#[inline]
pub(crate) fn f64x2_relaxed_nmadd(a: u128, b: u128, c: u128) -> u128 {
    f64x2_relaxed_madd(f64x2_neg(a), b, c)
}

/// Deterministic profile: [`v128_bitselect`] (bit by bit).
#[inline]
pub(crate) fn i8x16_relaxed_laneselect(a: u128, b: u128, mask: u128) -> u128 {
    v128_bitselect(a, b, mask)
}

/// Deterministic profile: [`v128_bitselect`] (bit by bit).
#[inline]
pub(crate) fn i16x8_relaxed_laneselect(a: u128, b: u128, mask: u128) -> u128 {
    v128_bitselect(a, b, mask)
}

/// Deterministic profile: [`v128_bitselect`] (bit by bit).
#[inline]
pub(crate) fn i32x4_relaxed_laneselect(a: u128, b: u128, mask: u128) -> u128 {
    v128_bitselect(a, b, mask)
}

/// Deterministic profile: [`v128_bitselect`] (bit by bit).
#[inline]
pub(crate) fn i64x2_relaxed_laneselect(a: u128, b: u128, mask: u128) -> u128 {
    v128_bitselect(a, b, mask)
}

/// Deterministic profile: [`f32x4_min`].
#[inline]
pub(crate) fn f32x4_relaxed_min(a: u128, b: u128) -> u128 {
    f32x4_min(a, b)
}

/// Deterministic profile: [`f32x4_max`].
#[inline]
pub(crate) fn f32x4_relaxed_max(a: u128, b: u128) -> u128 {
    f32x4_max(a, b)
}

/// Deterministic profile: [`f64x2_min`].
#[inline]
pub(crate) fn f64x2_relaxed_min(a: u128, b: u128) -> u128 {
    f64x2_min(a, b)
}

/// Deterministic profile: [`f64x2_max`].
#[inline]
pub(crate) fn f64x2_relaxed_max(a: u128, b: u128) -> u128 {
    f64x2_max(a, b)
}

/// Deterministic profile: [`i16x8_q15mulr_sat_s`].
#[inline]
pub(crate) fn i16x8_relaxed_q15mulr_s(a: u128, b: u128) -> u128 {
    i16x8_q15mulr_sat_s(a, b)
}

/// Deterministic profile: bytes `2i` and `2i+1` of `a` and `b`, all taken
/// as signed, multiplied into i16 and the two products added with signed
/// saturation (only `-128·-128 + -128·-128 = 32768` saturates).
#[inline]
pub(crate) fn i16x8_relaxed_dot_i8x16_i7x16_s(a: u128, b: u128) -> u128 {
    let (x, y) = (lanes::<i8, 16>(a), lanes::<i8, 16>(b));
    pack::<i16, 8>(core::array::from_fn(|i| {
        // each product lies in -16256..=16384, so fits an i16
        let p0 = (x[2 * i] as i16).wrapping_mul(y[2 * i] as i16);
        let p1 = (x[2 * i + 1] as i16).wrapping_mul(y[2 * i + 1] as i16);
        p0.saturating_add(p1)
    }))
}

/// Deterministic profile: the i16 lanes of
/// [`i16x8_relaxed_dot_i8x16_i7x16_s`]`(a, b)` (saturated), added in
/// sign-extended pairs into i32 lanes, plus `c` (wrapping).
#[inline]
pub(crate) fn i32x4_relaxed_dot_i8x16_i7x16_add_s(a: u128, b: u128, c: u128) -> u128 {
    let d = i16x8_relaxed_dot_i8x16_i7x16_s(a, b);
    i32x4_add(i32x4_extadd_pairwise_i16x8_s(d), c)
}

// ---------------------------------------------------------------------------
// Fast paths

/// SSE2 forms of the ops that SIMD code runs most (cfg `spindle_simd_arch`:
/// x86-64, where SSE2 is part of the baseline, without the `portable-simd`
/// feature). Each gives exactly the portable function's result: the
/// integer ops are the same lane arithmetic, and the float ops are the
/// same IEEE operations the portable code's scalar `+`, `*`, ... compile
/// to on this target, NaN results included (`tests::sse2_forms_agree`
/// checks both on edge inputs; CI runs the SIMD spec tests with
/// `portable-simd` as well). On `kernel_simd_mandel` the float ops alone
/// took the run from 1.70 s to 1.42 s: a vector of four lanes is one
/// instruction instead of four and a repacking.
#[cfg(spindle_simd_arch)]
mod arch {
    use core::arch::x86_64::*;

    #[inline(always)]
    fn to(v: u128) -> __m128i {
        // SAFETY: SSE2 is in the x86-64 baseline; no memory is touched.
        unsafe { _mm_set_epi64x((v >> 64) as i64, v as i64) }
    }

    #[inline(always)]
    fn from(r: __m128i) -> u128 {
        // SAFETY: as in `to`.
        unsafe {
            let lo = _mm_cvtsi128_si64(r) as u64;
            let hi = _mm_cvtsi128_si64(_mm_unpackhi_epi64(r, r)) as u64;
            (hi as u128) << 64 | lo as u128
        }
    }

    macro_rules! int2 {
        ($($name:ident $f:ident;)*) => {$(
            #[inline(always)]
            pub(super) fn $name(a: u128, b: u128) -> u128 {
                // SAFETY: as in `to`.
                from(unsafe { $f(to(a), to(b)) })
            }
        )*};
    }

    macro_rules! float2 {
        ($cast_in:ident $cast_out:ident; $($name:ident $f:ident;)*) => {$(
            #[inline(always)]
            pub(super) fn $name(a: u128, b: u128) -> u128 {
                // SAFETY: as in `to`.
                from(unsafe { $cast_out($f($cast_in(to(a)), $cast_in(to(b)))) })
            }
        )*};
    }

    macro_rules! float1 {
        ($cast_in:ident $cast_out:ident; $($name:ident $f:ident;)*) => {$(
            #[inline(always)]
            pub(super) fn $name(a: u128) -> u128 {
                // SAFETY: as in `to`.
                from(unsafe { $cast_out($f($cast_in(to(a)))) })
            }
        )*};
    }

    int2! {
        v128_and _mm_and_si128;
        v128_or _mm_or_si128;
        v128_xor _mm_xor_si128;
        i8x16_add _mm_add_epi8;
        i8x16_sub _mm_sub_epi8;
        i16x8_add _mm_add_epi16;
        i16x8_sub _mm_sub_epi16;
        i32x4_add _mm_add_epi32;
        i32x4_sub _mm_sub_epi32;
        i64x2_add _mm_add_epi64;
        i64x2_sub _mm_sub_epi64;
        i16x8_mul _mm_mullo_epi16;
        i8x16_add_sat_s _mm_adds_epi8;
        i8x16_add_sat_u _mm_adds_epu8;
        i8x16_sub_sat_s _mm_subs_epi8;
        i8x16_sub_sat_u _mm_subs_epu8;
        i16x8_add_sat_s _mm_adds_epi16;
        i16x8_add_sat_u _mm_adds_epu16;
        i16x8_sub_sat_s _mm_subs_epi16;
        i16x8_sub_sat_u _mm_subs_epu16;
        i8x16_avgr_u _mm_avg_epu8;
        i16x8_avgr_u _mm_avg_epu16;
        i8x16_min_u _mm_min_epu8;
        i8x16_max_u _mm_max_epu8;
        i16x8_min_s _mm_min_epi16;
        i16x8_max_s _mm_max_epi16;
        i8x16_eq _mm_cmpeq_epi8;
        i16x8_eq _mm_cmpeq_epi16;
        i32x4_eq _mm_cmpeq_epi32;
    }

    /// `a & !b` (SSE2's `andnot` complements its first operand).
    #[inline(always)]
    pub(super) fn v128_andnot(a: u128, b: u128) -> u128 {
        // SAFETY: as in `to`.
        from(unsafe { _mm_andnot_si128(to(b), to(a)) })
    }

    float2! {
        _mm_castsi128_ps _mm_castps_si128;
        f32x4_add _mm_add_ps;
        f32x4_sub _mm_sub_ps;
        f32x4_mul _mm_mul_ps;
        f32x4_div _mm_div_ps;
    }

    float2! {
        _mm_castsi128_pd _mm_castpd_si128;
        f64x2_add _mm_add_pd;
        f64x2_sub _mm_sub_pd;
        f64x2_mul _mm_mul_pd;
        f64x2_div _mm_div_pd;
    }

    float1! { _mm_castsi128_ps _mm_castps_si128; f32x4_sqrt _mm_sqrt_ps; }
    float1! { _mm_castsi128_pd _mm_castpd_si128; f64x2_sqrt _mm_sqrt_pd; }

    int2! {
        i8x16_gt_s _mm_cmpgt_epi8;
        i16x8_gt_s _mm_cmpgt_epi16;
        i32x4_gt_s _mm_cmpgt_epi32;
        i8x16_lt_s _mm_cmplt_epi8;
        i16x8_lt_s _mm_cmplt_epi16;
        i32x4_lt_s _mm_cmplt_epi32;
    }

    float2! {
        _mm_castsi128_ps _mm_castps_si128;
        f32x4_eq _mm_cmpeq_ps;
        f32x4_ne _mm_cmpneq_ps;
        f32x4_lt _mm_cmplt_ps;
        f32x4_le _mm_cmple_ps;
        f32x4_gt _mm_cmpgt_ps;
        f32x4_ge _mm_cmpge_ps;
    }

    float2! {
        _mm_castsi128_pd _mm_castpd_si128;
        f64x2_eq _mm_cmpeq_pd;
        f64x2_ne _mm_cmpneq_pd;
        f64x2_lt _mm_cmplt_pd;
        f64x2_le _mm_cmple_pd;
        f64x2_gt _mm_cmpgt_pd;
        f64x2_ge _mm_cmpge_pd;
    }

    macro_rules! shift {
        ($($name:ident $f:ident $bits:literal;)*) => {$(
            /// The count taken modulo the lane width, as wasm says (SSE2
            /// would give zeros, or sign fills, for a count ≥ the width).
            #[inline(always)]
            pub(super) fn $name(a: u128, n: u32) -> u128 {
                // SAFETY: as in `to`.
                from(unsafe { $f(to(a), _mm_cvtsi32_si128((n % $bits) as i32)) })
            }
        )*};
    }

    shift! {
        i16x8_shl _mm_sll_epi16 16;
        i16x8_shr_u _mm_srl_epi16 16;
        i16x8_shr_s _mm_sra_epi16 16;
        i32x4_shl _mm_sll_epi32 32;
        i32x4_shr_u _mm_srl_epi32 32;
        i32x4_shr_s _mm_sra_epi32 32;
        i64x2_shl _mm_sll_epi64 64;
        i64x2_shr_u _mm_srl_epi64 64;
    }

    #[inline(always)]
    pub(super) fn v128_any_true(a: u128) -> i32 {
        // SAFETY: as in `to`.
        unsafe { (_mm_movemask_epi8(_mm_cmpeq_epi8(to(a), _mm_setzero_si128())) != 0xffff) as i32 }
    }

    #[inline(always)]
    pub(super) fn i8x16_bitmask(a: u128) -> i32 {
        // SAFETY: as in `to`.
        unsafe { _mm_movemask_epi8(to(a)) }
    }

    #[inline(always)]
    pub(super) fn i32x4_bitmask(a: u128) -> i32 {
        // SAFETY: as in `to`.
        unsafe { _mm_movemask_ps(_mm_castsi128_ps(to(a))) }
    }

    #[inline(always)]
    pub(super) fn i64x2_bitmask(a: u128) -> i32 {
        // SAFETY: as in `to`.
        unsafe { _mm_movemask_pd(_mm_castsi128_pd(to(a))) }
    }

    #[inline(always)]
    pub(super) fn v128_not(a: u128) -> u128 {
        !a
    }

    /// Bits of `a` where `c` has ones, of `b` elsewhere.
    #[inline(always)]
    pub(super) fn v128_bitselect(a: u128, b: u128, c: u128) -> u128 {
        // SAFETY: as in `to`.
        from(unsafe { _mm_or_si128(_mm_and_si128(to(a), to(c)), _mm_andnot_si128(to(c), to(b))) })
    }
}

/// Deterministic mode: every NaN lane of an f32x4 becomes the canonical
/// NaN (`0x7fc0_0000`), as the scalar `canon_nan.f32` does.
#[inline]
pub(crate) fn canon_nan_f32x4(a: u128) -> u128 {
    let mut out = 0u128;
    for i in 0..4 {
        let lane = (a >> (32 * i)) as u32;
        let lane = if f32::from_bits(lane).is_nan() {
            0x7fc0_0000
        } else {
            lane
        };
        out |= (lane as u128) << (32 * i);
    }
    out
}

/// Deterministic mode: every NaN lane of an f64x2 becomes the canonical
/// NaN (`0x7ff8_0000_0000_0000`).
#[inline]
pub(crate) fn canon_nan_f64x2(a: u128) -> u128 {
    let mut out = 0u128;
    for i in 0..2 {
        let lane = (a >> (64 * i)) as u64;
        let lane = if f64::from_bits(lane).is_nan() {
            0x7ff8_0000_0000_0000
        } else {
            lane
        };
        out |= (lane as u128) << (64 * i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(spindle_simd_arch)]
    std::thread_local! {
        /// Set by `sse2_forms_agree` to run the portable forms.
        pub(super) static PORTABLE: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
    }

    /// Each SSE2 form gives the portable form's exact bits (NaN results
    /// included) on every pair of edge inputs.
    #[cfg(spindle_simd_arch)]
    #[test]
    fn sse2_forms_agree() {
        #[rustfmt::skip]
        let binops: &[(&str, fn(u128, u128) -> u128)] = &[
            ("v128.and", v128_and), ("v128.or", v128_or), ("v128.xor", v128_xor), ("v128.andnot", v128_andnot),
            ("i8x16.add", i8x16_add), ("i8x16.sub", i8x16_sub), ("i16x8.add", i16x8_add), ("i16x8.sub", i16x8_sub),
            ("i32x4.add", i32x4_add), ("i32x4.sub", i32x4_sub), ("i64x2.add", i64x2_add), ("i64x2.sub", i64x2_sub),
            ("i16x8.mul", i16x8_mul), ("i8x16.add_sat_s", i8x16_add_sat_s), ("i8x16.add_sat_u", i8x16_add_sat_u),
            ("i8x16.sub_sat_s", i8x16_sub_sat_s), ("i8x16.sub_sat_u", i8x16_sub_sat_u),
            ("i16x8.add_sat_s", i16x8_add_sat_s), ("i16x8.add_sat_u", i16x8_add_sat_u),
            ("i16x8.sub_sat_s", i16x8_sub_sat_s), ("i16x8.sub_sat_u", i16x8_sub_sat_u),
            ("i8x16.avgr_u", i8x16_avgr_u), ("i16x8.avgr_u", i16x8_avgr_u), ("i8x16.min_u", i8x16_min_u),
            ("i8x16.max_u", i8x16_max_u), ("i16x8.min_s", i16x8_min_s), ("i16x8.max_s", i16x8_max_s),
            ("i8x16.eq", i8x16_eq), ("i16x8.eq", i16x8_eq), ("i32x4.eq", i32x4_eq),
            ("f32x4.add", f32x4_add), ("f32x4.sub", f32x4_sub), ("f32x4.mul", f32x4_mul), ("f32x4.div", f32x4_div),
            ("f64x2.add", f64x2_add), ("f64x2.sub", f64x2_sub), ("f64x2.mul", f64x2_mul), ("f64x2.div", f64x2_div),
            ("i8x16.gt_s", i8x16_gt_s), ("i16x8.gt_s", i16x8_gt_s), ("i32x4.gt_s", i32x4_gt_s),
            ("i8x16.lt_s", i8x16_lt_s), ("i16x8.lt_s", i16x8_lt_s), ("i32x4.lt_s", i32x4_lt_s),
            ("f32x4.eq", f32x4_eq), ("f32x4.ne", f32x4_ne), ("f32x4.lt", f32x4_lt), ("f32x4.le", f32x4_le),
            ("f32x4.gt", f32x4_gt), ("f32x4.ge", f32x4_ge), ("f64x2.eq", f64x2_eq), ("f64x2.ne", f64x2_ne),
            ("f64x2.lt", f64x2_lt), ("f64x2.le", f64x2_le), ("f64x2.gt", f64x2_gt), ("f64x2.ge", f64x2_ge),
        ];
        #[rustfmt::skip]
        let shifts: &[(&str, fn(u128, u32) -> u128)] = &[
            ("i16x8.shl", i16x8_shl), ("i16x8.shr_u", i16x8_shr_u), ("i16x8.shr_s", i16x8_shr_s),
            ("i32x4.shl", i32x4_shl), ("i32x4.shr_u", i32x4_shr_u), ("i32x4.shr_s", i32x4_shr_s),
            ("i64x2.shl", i64x2_shl), ("i64x2.shr_u", i64x2_shr_u),
        ];
        #[rustfmt::skip]
        let tests: &[(&str, fn(u128) -> i32)] = &[
            ("v128.any_true", v128_any_true), ("i8x16.bitmask", i8x16_bitmask),
            ("i32x4.bitmask", i32x4_bitmask), ("i64x2.bitmask", i64x2_bitmask),
        ];
        let unops: &[(&str, fn(u128) -> u128)] = &[
            ("f32x4.sqrt", f32x4_sqrt),
            ("f64x2.sqrt", f64x2_sqrt),
            ("v128.not", v128_not),
        ];
        let portable = |f: &dyn Fn() -> u128| {
            PORTABLE.with(|p| p.set(true));
            let r = f();
            PORTABLE.with(|p| p.set(false));
            r
        };
        // Under Miri (slow) a subset that keeps the NaNs and the extremes.
        let all = edges();
        let e: alloc::vec::Vec<u128> = if cfg!(miri) {
            [0, 1, 2, 6, 10, 12, 13, 16]
                .iter()
                .map(|&i| all[i])
                .collect()
        } else {
            all.to_vec()
        };
        // Equal bits, except that two NaNs in a float lane are equal: the
        // hardware propagates payloads the same way on both paths, but
        // Rust does not promise payloads (Miri picks them at random).
        let same = |name: &str, x: u128, y: u128| {
            let nan_lanes = |bits: u32| {
                (0..128 / bits).all(|i| {
                    let lane = |v: u128| (v >> (i * bits)) & (u128::MAX >> (128 - bits));
                    let (a, b) = (lane(x), lane(y));
                    let is_nan = |l: u128| match bits {
                        32 => f32::from_bits(l as u32).is_nan(),
                        _ => f64::from_bits(l as u64).is_nan(),
                    };
                    a == b || (is_nan(a) && is_nan(b))
                })
            };
            let arith = ["add", "sub", "mul", "div", "sqrt"]
                .iter()
                .any(|op| name.ends_with(op));
            match name.get(..5) {
                Some("f32x4") if arith => nan_lanes(32),
                Some("f64x2") if arith => nan_lanes(64),
                _ => x == y,
            }
        };
        for &(name, f) in binops {
            for &a in &e {
                for &b in &e {
                    let (x, y) = (f(a, b), portable(&|| f(a, b)));
                    assert!(same(name, x, y), "{name} {a:#x} {b:#x}: {x:#x} {y:#x}");
                }
            }
        }
        for &(name, f) in unops {
            for &a in &e {
                let (x, y) = (f(a), portable(&|| f(a)));
                assert!(same(name, x, y), "{name} {a:#x}: {x:#x} {y:#x}");
            }
        }
        for &(name, f) in shifts {
            for &a in &e {
                for n in [
                    0,
                    1,
                    7,
                    8,
                    15,
                    16,
                    17,
                    31,
                    32,
                    33,
                    63,
                    64,
                    65,
                    127,
                    u32::MAX,
                ] {
                    assert_eq!(f(a, n), portable(&|| f(a, n)), "{name} {a:#x} {n}");
                }
            }
        }
        for &(name, f) in tests {
            for &a in &e {
                let port = {
                    PORTABLE.with(|p| p.set(true));
                    let r = f(a);
                    PORTABLE.with(|p| p.set(false));
                    r
                };
                assert_eq!(f(a), port, "{name} {a:#x}");
            }
        }
        for &a in &e {
            for &b in &e {
                for &c in &e[..4] {
                    let f = v128_bitselect;
                    assert_eq!(f(a, b, c), portable(&|| f(a, b, c)), "v128.bitselect");
                }
            }
        }
        // The flag works: a portable run really took the other path
        // somewhere (the sweep above would agree trivially otherwise).
        PORTABLE.with(|p| assert!(!p.get()));
    }

    fn i8s(l: [i8; 16]) -> u128 {
        pack::<i8, 16>(l)
    }
    fn u8s(l: [u8; 16]) -> u128 {
        pack::<u8, 16>(l)
    }
    fn i16s(l: [i16; 8]) -> u128 {
        pack::<i16, 8>(l)
    }
    fn u16s(l: [u16; 8]) -> u128 {
        pack::<u16, 8>(l)
    }
    fn i32s(l: [i32; 4]) -> u128 {
        pack::<i32, 4>(l)
    }
    fn u32s(l: [u32; 4]) -> u128 {
        pack::<u32, 4>(l)
    }
    fn i64s(l: [i64; 2]) -> u128 {
        pack::<i64, 2>(l)
    }
    fn u64s(l: [u64; 2]) -> u128 {
        pack::<u64, 2>(l)
    }
    fn f32s(l: [f32; 4]) -> u128 {
        pack::<f32, 4>(l)
    }
    fn f64s(l: [f64; 2]) -> u128 {
        pack::<f64, 2>(l)
    }
    /// Pads the first lanes with zeros.
    fn i8v(first: &[i8]) -> u128 {
        let mut l = [0i8; 16];
        l[..first.len()].copy_from_slice(first);
        i8s(l)
    }
    fn i16v(first: &[i16]) -> u128 {
        let mut l = [0i16; 8];
        l[..first.len()].copy_from_slice(first);
        i16s(l)
    }

    /// Edge inputs for the sweeps below: every sign boundary of every
    /// lane width, float specials in both shapes, and mixed patterns.
    fn edges() -> [u128; 20] {
        [
            0,
            u128::MAX,
            u8s([0x80; 16]),
            u8s([0x7f; 16]),
            u16s([0x8000; 8]),
            u16s([0x7fff; 8]),
            u32s([0x8000_0000; 4]),
            u32s([0x7fff_ffff; 4]),
            u64s([1 << 63; 2]),
            u64s([u64::MAX >> 1; 2]),
            f32s([f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -0.0]),
            f32s([f32::MAX, f32::MIN, f32::MIN_POSITIVE, -1e-45]),
            f32s([0.5, -2.5, 4294967296.0, -2147483904.0]),
            f64s([f64::NAN, f64::NEG_INFINITY]),
            f64s([f64::MAX, -0.0]),
            f64s([5e-324, -2147483648.5]),
            f64s([4294967296.0, 2147483647.5]),
            u128::from_le_bytes(core::array::from_fn(|i| i as u8)),
            u128::from_le_bytes(core::array::from_fn(|i| 0xf0 + i as u8)),
            0x0123_4567_89ab_cdef_fedc_ba98_7654_3210,
        ]
    }

    /// Every operation on every pair (and triple) of edge inputs: none
    /// panics (tests build with overflow checks), and the relations that
    /// tie the operations together hold.
    #[test]
    fn sweep_every_op_over_edge_inputs() {
        #[rustfmt::skip]
        let unops: &[fn(u128) -> u128] = &[
            v128_not, i8x16_abs, i8x16_neg, i8x16_popcnt, i16x8_abs, i16x8_neg,
            i16x8_extend_low_i8x16_s, i16x8_extend_high_i8x16_s, i16x8_extend_low_i8x16_u,
            i16x8_extend_high_i8x16_u, i16x8_extadd_pairwise_i8x16_s, i16x8_extadd_pairwise_i8x16_u,
            i32x4_abs, i32x4_neg, i32x4_extend_low_i16x8_s, i32x4_extend_high_i16x8_s,
            i32x4_extend_low_i16x8_u, i32x4_extend_high_i16x8_u, i32x4_extadd_pairwise_i16x8_s,
            i32x4_extadd_pairwise_i16x8_u, i32x4_trunc_sat_f32x4_s, i32x4_trunc_sat_f32x4_u,
            i32x4_trunc_sat_f64x2_s_zero, i32x4_trunc_sat_f64x2_u_zero, i64x2_abs, i64x2_neg,
            i64x2_extend_low_i32x4_s, i64x2_extend_high_i32x4_s, i64x2_extend_low_i32x4_u,
            i64x2_extend_high_i32x4_u, f32x4_abs, f32x4_neg, f32x4_sqrt, f32x4_ceil, f32x4_floor,
            f32x4_trunc, f32x4_nearest, f32x4_convert_i32x4_s, f32x4_convert_i32x4_u,
            f32x4_demote_f64x2_zero, f64x2_abs, f64x2_neg, f64x2_sqrt, f64x2_ceil, f64x2_floor,
            f64x2_trunc, f64x2_nearest, f64x2_convert_low_i32x4_s, f64x2_convert_low_i32x4_u,
            f64x2_promote_low_f32x4, i32x4_relaxed_trunc_f32x4_s, i32x4_relaxed_trunc_f32x4_u,
            i32x4_relaxed_trunc_f64x2_s_zero, i32x4_relaxed_trunc_f64x2_u_zero,
        ];
        #[rustfmt::skip]
        let binops: &[fn(u128, u128) -> u128] = &[
            v128_and, v128_andnot, v128_or, v128_xor, i8x16_swizzle, i8x16_narrow_i16x8_s,
            i8x16_narrow_i16x8_u, i8x16_add, i8x16_add_sat_s, i8x16_add_sat_u, i8x16_sub,
            i8x16_sub_sat_s, i8x16_sub_sat_u, i8x16_min_s, i8x16_min_u, i8x16_max_s, i8x16_max_u,
            i8x16_avgr_u, i16x8_q15mulr_sat_s, i16x8_narrow_i32x4_s, i16x8_narrow_i32x4_u,
            i16x8_add, i16x8_add_sat_s, i16x8_add_sat_u, i16x8_sub, i16x8_sub_sat_s,
            i16x8_sub_sat_u, i16x8_mul, i16x8_min_s, i16x8_min_u, i16x8_max_s, i16x8_max_u,
            i16x8_avgr_u, i16x8_extmul_low_i8x16_s, i16x8_extmul_high_i8x16_s,
            i16x8_extmul_low_i8x16_u, i16x8_extmul_high_i8x16_u, i32x4_add, i32x4_sub, i32x4_mul,
            i32x4_min_s, i32x4_min_u, i32x4_max_s, i32x4_max_u, i32x4_dot_i16x8_s,
            i32x4_extmul_low_i16x8_s, i32x4_extmul_high_i16x8_s, i32x4_extmul_low_i16x8_u,
            i32x4_extmul_high_i16x8_u, i64x2_add, i64x2_sub, i64x2_mul, i64x2_extmul_low_i32x4_s,
            i64x2_extmul_high_i32x4_s, i64x2_extmul_low_i32x4_u, i64x2_extmul_high_i32x4_u,
            f32x4_add, f32x4_sub, f32x4_mul, f32x4_div, f32x4_min, f32x4_max, f32x4_pmin,
            f32x4_pmax, f64x2_add, f64x2_sub, f64x2_mul, f64x2_div, f64x2_min, f64x2_max,
            f64x2_pmin, f64x2_pmax, i8x16_relaxed_swizzle, f32x4_relaxed_min, f32x4_relaxed_max,
            f64x2_relaxed_min, f64x2_relaxed_max, i16x8_relaxed_q15mulr_s,
            i16x8_relaxed_dot_i8x16_i7x16_s,
        ];
        #[rustfmt::skip]
        let ternops: &[fn(u128, u128, u128) -> u128] = &[
            v128_bitselect, i8x16_shuffle, f32x4_relaxed_madd, f32x4_relaxed_nmadd,
            f64x2_relaxed_madd, f64x2_relaxed_nmadd, i8x16_relaxed_laneselect,
            i16x8_relaxed_laneselect, i32x4_relaxed_laneselect, i64x2_relaxed_laneselect,
            i32x4_relaxed_dot_i8x16_i7x16_add_s,
        ];
        #[rustfmt::skip]
        let tests: &[fn(u128) -> i32] = &[
            v128_any_true, i8x16_all_true, i8x16_bitmask, i16x8_all_true, i16x8_bitmask,
            i32x4_all_true, i32x4_bitmask, i64x2_all_true, i64x2_bitmask,
        ];
        // (eq, ne, lt, gt, le, ge) of each shape and signedness
        type Rel = fn(u128, u128) -> u128;
        #[rustfmt::skip]
        let rels: &[[Rel; 6]] = &[
            [i8x16_eq, i8x16_ne, i8x16_lt_s, i8x16_gt_s, i8x16_le_s, i8x16_ge_s],
            [i8x16_eq, i8x16_ne, i8x16_lt_u, i8x16_gt_u, i8x16_le_u, i8x16_ge_u],
            [i16x8_eq, i16x8_ne, i16x8_lt_s, i16x8_gt_s, i16x8_le_s, i16x8_ge_s],
            [i16x8_eq, i16x8_ne, i16x8_lt_u, i16x8_gt_u, i16x8_le_u, i16x8_ge_u],
            [i32x4_eq, i32x4_ne, i32x4_lt_s, i32x4_gt_s, i32x4_le_s, i32x4_ge_s],
            [i32x4_eq, i32x4_ne, i32x4_lt_u, i32x4_gt_u, i32x4_le_u, i32x4_ge_u],
            [i64x2_eq, i64x2_ne, i64x2_lt_s, i64x2_gt_s, i64x2_le_s, i64x2_ge_s],
        ];
        #[rustfmt::skip]
        let frels: &[[Rel; 6]] = &[
            [f32x4_eq, f32x4_ne, f32x4_lt, f32x4_gt, f32x4_le, f32x4_ge],
            [f64x2_eq, f64x2_ne, f64x2_lt, f64x2_gt, f64x2_le, f64x2_ge],
        ];
        // (shift, lane width) pairs
        type Shift = fn(u128, u32) -> u128;
        #[rustfmt::skip]
        let shifts: &[(Shift, u32)] = &[
            (i8x16_shl, 8), (i8x16_shr_s, 8), (i8x16_shr_u, 8),
            (i16x8_shl, 16), (i16x8_shr_s, 16), (i16x8_shr_u, 16),
            (i32x4_shl, 32), (i32x4_shr_s, 32), (i32x4_shr_u, 32),
            (i64x2_shl, 64), (i64x2_shr_s, 64), (i64x2_shr_u, 64),
        ];
        let e = edges();
        for &a in &e {
            for f in unops {
                f(a);
            }
            for f in tests {
                assert!((0..=0xffff).contains(&f(a)));
            }
            for &(f, w) in shifts {
                for s in [0, 1, w - 1, w, w + 1, 2 * w + 3, u32::MAX] {
                    assert_eq!(f(a, s), f(a, s % w));
                }
            }
            assert_eq!(i8x16_neg(i8x16_neg(a)), a);
            assert_eq!(i64x2_neg(i64x2_neg(a)), a);
            assert_eq!(f32x4_neg(f32x4_neg(a)), a);
            assert_eq!(f64x2_abs(f64x2_neg(a)), f64x2_abs(a));
            for &b in &e {
                for f in binops {
                    f(a, b);
                }
                for [eq, ne, lt, gt, le, ge] in rels.iter().chain(frels) {
                    assert_eq!(ne(a, b), !eq(a, b));
                    assert_eq!(lt(a, b), gt(b, a));
                    assert_eq!(le(a, b), ge(b, a));
                }
                for [eq, _, lt, gt, le, _] in rels {
                    assert_eq!(le(a, b), !gt(a, b));
                    assert_eq!(le(a, b), lt(a, b) | eq(a, b));
                }
                assert_eq!(i8x16_relaxed_swizzle(a, b), i8x16_swizzle(a, b));
                assert_eq!(i16x8_relaxed_q15mulr_s(a, b), i16x8_q15mulr_sat_s(a, b));
                for &c in &e {
                    for f in ternops {
                        f(a, b, c);
                    }
                    assert_eq!(i32x4_relaxed_laneselect(a, b, c), v128_bitselect(a, b, c));
                }
            }
        }
        // lanes out of range are masked, never a panic
        for lane in [0u8, 1, 15, 16, 255] {
            let v = e[19];
            i8x16_extract_lane_s(v, lane);
            i8x16_extract_lane_u(v, lane);
            i16x8_extract_lane_s(v, lane);
            i16x8_extract_lane_u(v, lane);
            i32x4_extract_lane(v, lane);
            i64x2_extract_lane(v, lane);
            f32x4_extract_lane(v, lane);
            f64x2_extract_lane(v, lane);
            i8x16_replace_lane(v, lane, -1);
            i16x8_replace_lane(v, lane, -1);
            i32x4_replace_lane(v, lane, -1);
            i64x2_replace_lane(v, lane, -1);
            f32x4_replace_lane(v, lane, 1.0);
            f64x2_replace_lane(v, lane, 1.0);
        }
        assert_eq!(i8x16_shuffle(e[17], e[18], u128::MAX), u8s([0xff; 16]));
    }

    #[test]
    fn lane_layout_is_little_endian() {
        let v = u128::from_le_bytes(core::array::from_fn(|i| i as u8));
        assert_eq!(i8x16_extract_lane_u(v, 0), 0);
        assert_eq!(i8x16_extract_lane_u(v, 15), 15);
        assert_eq!(i16x8_extract_lane_u(v, 1), 0x0302);
        assert_eq!(i32x4_extract_lane(v, 3), 0x0f0e0d0c);
        assert_eq!(i64x2_extract_lane(v, 1), 0x0f0e0d0c0b0a0908);
    }

    #[test]
    fn saturating_add_sub_at_the_edges() {
        let a = i8v(&[127, -128, 100, 5, -100]);
        let b = i8v(&[1, -1, 27, -3, -29]);
        assert_eq!(i8x16_add_sat_s(a, b), i8v(&[127, -128, 127, 2, -128]));
        assert_eq!(i8x16_add(a, b), i8v(&[-128, 127, 127, 2, 127]));
        assert_eq!(
            i8x16_sub_sat_s(i8v(&[-128, 127, 0]), i8v(&[1, -1, -128])),
            i8v(&[-128, 127, 127])
        );
        let mut x = [0u8; 16];
        x[..3].copy_from_slice(&[255, 200, 1]);
        let mut y = [0u8; 16];
        y[..3].copy_from_slice(&[1, 100, 2]);
        let mut want = [0u8; 16];
        want[..3].copy_from_slice(&[255, 255, 3]);
        assert_eq!(i8x16_add_sat_u(u8s(x), u8s(y)), u8s(want));
        want[..3].copy_from_slice(&[254, 100, 0]);
        assert_eq!(i8x16_sub_sat_u(u8s(x), u8s(y)), u8s(want));
        assert_eq!(
            i16x8_add_sat_s(i16v(&[32767, -32768]), i16v(&[1, -1])),
            i16v(&[32767, -32768])
        );
        assert_eq!(
            i16x8_sub_sat_u(
                u16s([0, 5, 0, 0, 0, 0, 0, 0]),
                u16s([1, 3, 0, 0, 0, 0, 0, 0])
            ),
            u16s([0, 2, 0, 0, 0, 0, 0, 0])
        );
    }

    #[test]
    fn narrow_saturates_signed_input() {
        let a = i16s([300, -300, 127, -128, 128, -129, 0, 1]);
        let b = i16s([-1, 256, 255, -32768, 32767, 0, 2, 3]);
        assert_eq!(
            i8x16_narrow_i16x8_s(a, b),
            i8s([
                127, -128, 127, -128, 127, -128, 0, 1, -1, 127, 127, -128, 127, 0, 2, 3
            ])
        );
        assert_eq!(
            i8x16_narrow_i16x8_u(a, b),
            u8s([255, 0, 127, 0, 128, 0, 0, 1, 0, 255, 255, 0, 255, 0, 2, 3])
        );
        assert_eq!(
            i16x8_narrow_i32x4_u(
                i32s([-1, 65536, 65535, 40000]),
                i32s([i32::MIN, i32::MAX, 7, 0])
            ),
            u16s([0, 65535, 65535, 40000, 0, 65535, 7, 0])
        );
        assert_eq!(
            i16x8_narrow_i32x4_s(i32s([40000, -40000, 5, -5]), 0),
            i16v(&[32767, -32768, 5, -5])
        );
    }

    #[test]
    fn q15mulr_rounds_and_saturates() {
        let a = i16v(&[-32768, 0x4000, -1, -32768, 32767]);
        let b = i16v(&[-32768, 0x4000, 1, 32767, 32767]);
        // (16384² + 0x4000) >> 15 = 8192; (-1 + 0x4000) >> 15 = 0;
        // (-32768·32767 + 0x4000) >> 15 = floor(-32766.5) = -32767;
        // (32767² + 0x4000) >> 15 = 32766
        let want = i16v(&[32767, 8192, 0, -32767, 32766]);
        assert_eq!(i16x8_q15mulr_sat_s(a, b), want);
        assert_eq!(i16x8_relaxed_q15mulr_s(a, b), want);
    }

    #[test]
    fn avgr_rounds_up_without_overflow() {
        let mut x = [0u8; 16];
        x[..4].copy_from_slice(&[255, 0, 1, 254]);
        let mut y = [0u8; 16];
        y[..4].copy_from_slice(&[255, 1, 2, 255]);
        let mut want = [0u8; 16];
        want[..4].copy_from_slice(&[255, 1, 2, 255]);
        assert_eq!(i8x16_avgr_u(u8s(x), u8s(y)), u8s(want));
        assert_eq!(
            i16x8_avgr_u(
                u16s([65535, 65535, 0, 0, 0, 0, 0, 0]),
                u16s([0, 65535, 0, 0, 0, 0, 0, 0])
            ),
            u16s([32768, 65535, 0, 0, 0, 0, 0, 0])
        );
    }

    #[test]
    fn dot_sums_pairs_wrapping() {
        let a = i16s([1, 2, 3, 4, -32768, -32768, 32767, -1]);
        let b = i16s([5, 6, 7, 8, -32768, -32768, 32767, 1]);
        assert_eq!(
            i32x4_dot_i16x8_s(a, b),
            i32s([17, 53, i32::MIN, 1073676288])
        );
    }

    #[test]
    fn extmul_and_extend() {
        let a = i8v(&[-128, 127, -1]);
        let b = i8v(&[-128, 127, 2]);
        assert_eq!(i16x8_extmul_low_i8x16_s(a, b), i16v(&[16384, 16129, -2]));
        let hi = u8s([0, 0, 0, 0, 0, 0, 0, 0, 255, 3, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            i16x8_extmul_high_i8x16_u(hi, hi),
            u16s([65025, 9, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i64x2_extmul_high_i32x4_s(i32s([0, 0, i32::MIN, -3]), i32s([0, 0, i32::MIN, 5])),
            i64s([1 << 62, -15])
        );
        assert_eq!(
            i64x2_extmul_low_i32x4_u(u32s([u32::MAX, 2, 9, 9]), u32s([u32::MAX, 3, 9, 9])),
            u64s([0xFFFF_FFFE_0000_0001, 6])
        );
        let h = i16s([0, 0, 0, 0, -1, 2, -32768, 32767]);
        assert_eq!(i32x4_extend_high_i16x8_s(h), i32s([-1, 2, -32768, 32767]));
        assert_eq!(i32x4_extend_high_i16x8_u(h), i32s([65535, 2, 32768, 32767]));
        assert_eq!(
            i64x2_extend_low_i32x4_u(i32s([-1, 1, 0, 0])),
            u64s([0xFFFF_FFFF, 1])
        );
    }

    #[test]
    fn extadd_pairwise() {
        let a = i8v(&[-128, -128, 127, 127, -1, 1]);
        assert_eq!(i16x8_extadd_pairwise_i8x16_s(a), i16v(&[-256, 254, 0]));
        assert_eq!(i16x8_extadd_pairwise_i8x16_u(a), i16v(&[256, 254, 256]));
        assert_eq!(
            i32x4_extadd_pairwise_i16x8_u(u16s([65535, 65535, 1, 2, 0, 0, 0, 0])),
            u32s([131070, 3, 0, 0])
        );
        assert_eq!(
            i32x4_extadd_pairwise_i16x8_s(i16s([-32768, -32768, 1, -2, 0, 0, 0, 0])),
            i32s([-65536, -1, 0, 0])
        );
    }

    #[test]
    fn popcnt_abs_neg() {
        let a = u8s([0, 1, 0xff, 0x80, 0x55, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0f]);
        assert_eq!(
            i8x16_popcnt(a),
            u8s([0, 1, 8, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4])
        );
        assert_eq!(i8x16_abs(i8v(&[-128, -5, 5])), i8v(&[-128, 5, 5]));
        assert_eq!(i8x16_neg(i8v(&[-128, -5, 5])), i8v(&[-128, 5, -5]));
        assert_eq!(i64x2_abs(i64s([i64::MIN, -7])), i64s([i64::MIN, 7]));
        assert_eq!(
            i32x4_neg(i32s([1, 0, i32::MIN, -3])),
            i32s([-1, 0, i32::MIN, 3])
        );
    }

    #[test]
    fn bitmask_and_all_true_any_true() {
        let mut l = [1i8; 16];
        l[0] = -1;
        l[3] = -128;
        l[15] = -2;
        assert_eq!(i8x16_bitmask(i8s(l)), 0x8009);
        assert_eq!(i8x16_all_true(i8s(l)), 1);
        l[7] = 0;
        assert_eq!(i8x16_all_true(i8s(l)), 0);
        assert_eq!(i16x8_bitmask(i16s([0, -1, 5, 0, 0, 0, 0, i16::MIN])), 0x82);
        assert_eq!(i32x4_bitmask(i32s([1, 0, -1, i32::MAX])), 0b0100);
        assert_eq!(i64x2_bitmask(i64s([i64::MIN, i64::MAX])), 0b01);
        // i16 lanes of 0x0100: every lane non-zero though half the bytes are 0
        assert_eq!(i16x8_all_true(i16x8_splat(0x100)), 1);
        assert_eq!(i16x8_all_true(i16s([1, 1, 1, 1, 1, 1, 0, 1])), 0);
        assert_eq!(i32x4_all_true(i32s([i32::MIN, 1, 1, 2])), 1);
        assert_eq!(i64x2_all_true(u64s([1 << 63, 0])), 0);
        assert_eq!(v128_any_true(0), 0);
        assert_eq!(v128_any_true(1 << 127), 1);
    }

    #[test]
    fn shift_counts_wrap_at_lane_width() {
        let a = u8s([0x81; 16]);
        assert_eq!(i8x16_shl(a, 9), u8s([0x02; 16])); // 9 mod 8 = 1
        assert_eq!(i8x16_shr_s(a, 8), a); // count 0
        assert_eq!(i8x16_shr_s(a, 7), u8s([0xff; 16]));
        assert_eq!(i8x16_shr_u(a, 15), u8s([0x01; 16]));
        assert_eq!(i16x8_shr_u(u16s([0x8000; 8]), 31), u16s([1; 8]));
        assert_eq!(i16x8_shr_s(u16s([0x8000; 8]), 17), u16s([0xc000; 8]));
        assert_eq!(i32x4_shl(i32s([1, 3, -1, 0]), 32), i32s([1, 3, -1, 0]));
        assert_eq!(
            i32x4_shr_u(i32s([-1, 0, 0, 0]), 36),
            i32s([0x0fff_ffff, 0, 0, 0])
        );
        assert_eq!(
            i64x2_shr_s(i64s([i64::MIN, 4]), 65),
            i64s([i64::MIN >> 1, 2])
        );
        assert_eq!(i64x2_shl(i64s([1, 1]), 127), i64s([i64::MIN, i64::MIN]));
    }

    #[test]
    fn shuffle_picks_from_both_inputs() {
        // a holds bytes 0..16, b bytes 16..32, so each result byte is its index
        let a = u128::from_le_bytes(core::array::from_fn(|i| i as u8));
        let b = u128::from_le_bytes(core::array::from_fn(|i| 16 + i as u8));
        let idx = u8s([31, 0, 16, 5, 17, 15, 30, 1, 2, 3, 20, 21, 8, 8, 24, 9]);
        assert_eq!(i8x16_shuffle(a, b, idx), idx);
        assert_eq!(i8x16_shuffle(a, b, u8s([16; 16])), u8s([16; 16]));
    }

    #[test]
    fn swizzle_out_of_range_gives_zero() {
        let a = u128::from_le_bytes(core::array::from_fn(|i| 10 * i as u8));
        let idx = u8s([0, 15, 16, 0x80, 0xff, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x7f]);
        let want = u8s([0, 150, 0, 0, 0, 30, 10, 20, 30, 40, 50, 60, 70, 80, 90, 0]);
        assert_eq!(i8x16_swizzle(a, idx), want);
        assert_eq!(i8x16_relaxed_swizzle(a, idx), want);
    }

    #[test]
    fn extract_and_replace_lanes() {
        let v = i8x16_replace_lane(0, 5, 0xf0);
        assert_eq!(v, 0xf0u128 << 40);
        assert_eq!(i8x16_extract_lane_s(v, 5), -16);
        assert_eq!(i8x16_extract_lane_u(v, 5), 240);
        // only the low bits of the operand land in the lane
        assert_eq!(i8x16_replace_lane(u128::MAX, 3, 0x100), !(0xffu128 << 24));
        let w = i16x8_replace_lane(0, 7, 0x8001);
        assert_eq!(i16x8_extract_lane_s(w, 7), -32767);
        assert_eq!(i16x8_extract_lane_u(w, 7), 32769);
        assert_eq!(i16x8_replace_lane(0, 2, -1), 0xffffu128 << 32);
        let x = i64x2_replace_lane(i64x2_splat(7), 1, -2);
        assert_eq!(x, i64s([7, -2]));
        assert_eq!(
            i32x4_replace_lane(i32x4_splat(-1), 0, 0),
            i32s([0, -1, -1, -1])
        );
        // float lanes keep their bits, NaN payload included
        let nan = f32::from_bits(0x7fa0_0001);
        let f = f32x4_replace_lane(0, 2, nan);
        assert_eq!(f32x4_extract_lane(f, 2).to_bits(), 0x7fa0_0001);
        assert_eq!(
            f64x2_extract_lane(f64x2_replace_lane(0, 1, -0.0), 1).to_bits(),
            1 << 63
        );
    }

    #[test]
    fn splats() {
        assert_eq!(i8x16_splat(0x1ff), u128::MAX);
        assert_eq!(i16x8_splat(-2), u16s([0xfffe; 8]));
        assert_eq!(i32x4_splat(0x1234_5678), u32s([0x1234_5678; 4]));
        assert_eq!(f32x4_splat(1.0), u32s([0x3f80_0000; 4]));
        assert_eq!(f64x2_splat(-2.0), u64s([0xc000_0000_0000_0000; 2]));
    }

    #[test]
    fn loads_extend_bytes() {
        let x = u64::from_le_bytes([0x80, 0xff, 0x7f, 0x01, 0, 0xfe, 2, 0x81]);
        assert_eq!(v128_load8x8_s(x), i16s([-128, -1, 127, 1, 0, -2, 2, -127]));
        assert_eq!(v128_load8x8_u(x), u16s([128, 255, 127, 1, 0, 254, 2, 129]));
        assert_eq!(
            v128_load16x4_s(0x8000_7fff_ffff_0001),
            i32s([1, -1, 32767, -32768])
        );
        assert_eq!(
            v128_load16x4_u(0x8000_7fff_ffff_0001),
            i32s([1, 65535, 32767, 32768])
        );
        assert_eq!(
            v128_load32x2_s(0xffff_ffff_8000_0000),
            i64s([i32::MIN as i64, -1])
        );
        assert_eq!(
            v128_load32x2_u(0xffff_ffff_8000_0000),
            u64s([0x8000_0000, 0xffff_ffff])
        );
        assert_eq!(v128_load32_zero(0xdead_beef), 0xdead_beef);
        assert_eq!(v128_load64_zero(u64::MAX), u64::MAX as u128);
    }

    #[test]
    fn integer_compare_and_min_max() {
        let a = i8v(&[-128, 1, 5]);
        let b = i8v(&[1, -128, 5]);
        // lane 0: -128 < 1 signed, 0x80 > 0x01 unsigned
        assert_eq!(i8x16_lt_s(a, b) & 0xffffff, 0x0000ff);
        assert_eq!(i8x16_lt_u(a, b) & 0xffffff, 0x00ff00);
        assert_eq!(i8x16_le_u(a, b) & 0xffffff, 0xffff00);
        assert_eq!(i8x16_eq(a, b) & 0xffffff, 0xff0000);
        assert_eq!(i8x16_min_s(a, b), i8v(&[-128, -128, 5]));
        assert_eq!(i8x16_max_u(a, b), i8v(&[-128, -128, 5]));
        assert_eq!(
            i16x8_gt_u(i16v(&[-1]), 0),
            u16s([0xffff, 0, 0, 0, 0, 0, 0, 0])
        );
        assert_eq!(
            i32x4_ge_s(i32s([-1, 0, 2, 3]), i32s([0, 0, 1, 4])),
            u32s([0, !0, !0, 0])
        );
        assert_eq!(i64x2_lt_s(i64s([-1, 1]), i64s([0, 0])), u64s([u64::MAX, 0]));
        assert_eq!(
            i32x4_min_u(i32s([-1, 3, 0, 0]), i32s([1, 2, 0, 0])),
            i32s([1, 2, 0, 0])
        );
        assert_eq!(
            i16x8_mul(i16v(&[0x100, -3]), i16v(&[0x100, 7])),
            i16v(&[0, -21])
        );
        assert_eq!(
            i64x2_mul(i64s([i64::MAX, 3]), i64s([2, -4])),
            i64s([-2, -12])
        );
    }

    #[test]
    fn bitwise_ops() {
        let a = 0xff00_ff00u128;
        let b = 0x0ff0_0ff0u128;
        assert_eq!(v128_andnot(a, b), 0xf000_f000);
        assert_eq!(v128_bitselect(u128::MAX, 0, b), b);
        assert_eq!(v128_bitselect(a, b, 0xffff_0000), 0xff00_0ff0);
        assert_eq!(v128_not(0), u128::MAX);
    }

    #[test]
    fn float_min_max_zeros_and_nan() {
        let a = f32s([-0.0, 0.0, f32::NAN, 1.0]);
        let b = f32s([0.0, -0.0, 1.0, 2.0]);
        let min = f32x4_min(a, b);
        assert_eq!(f32x4_extract_lane(min, 0).to_bits(), 0x8000_0000);
        assert_eq!(f32x4_extract_lane(min, 1).to_bits(), 0x8000_0000);
        assert!(f32x4_extract_lane(min, 2).is_nan());
        assert_eq!(f32x4_extract_lane(min, 3), 1.0);
        let max = f32x4_max(a, b);
        assert_eq!(f32x4_extract_lane(max, 0).to_bits(), 0);
        assert_eq!(f32x4_extract_lane(max, 1).to_bits(), 0);
        assert!(f32x4_extract_lane(max, 2).is_nan());
        assert_eq!(f32x4_extract_lane(max, 3), 2.0);
        assert_eq!(
            f32x4_relaxed_min(a, b) & 0xffff_ffff_ffff_ffff,
            min & 0xffff_ffff_ffff_ffff
        );
        let d = f64x2_max(f64s([-0.0, 1.0]), f64s([0.0, f64::NAN]));
        assert_eq!(f64x2_extract_lane(d, 0).to_bits(), 0);
        assert!(f64x2_extract_lane(d, 1).is_nan());
        assert_eq!(
            f64x2_relaxed_min(f64s([0.0, 3.0]), f64s([-0.0, -3.0])),
            f64s([-0.0, -3.0])
        );
    }

    #[test]
    fn pmin_pmax_return_operand_bits() {
        let nan = f32::from_bits(0x7fc0_1234);
        let a = f32s([0.0, -0.0, nan, 1.0]);
        let b = f32s([-0.0, 0.0, 1.0, nan]);
        // no operand is below the other in any lane: always a
        assert_eq!(f32x4_pmin(a, b), a);
        assert_eq!(f32x4_pmax(a, b), a);
        let c = f32s([1.0, -3.0, 2.0, 2.0]);
        let d = f32s([2.0, -4.0, 2.0, -2.0]);
        assert_eq!(f32x4_pmin(c, d), f32s([1.0, -4.0, 2.0, -2.0]));
        assert_eq!(f32x4_pmax(c, d), f32s([2.0, -3.0, 2.0, 2.0]));
        let dnan = f64::from_bits(0xfff8_0000_0000_0042);
        assert_eq!(
            f64x2_pmax(f64s([dnan, 1.0]), f64s([5.0, 2.0])),
            f64s([dnan, 2.0])
        );
        assert_eq!(
            f64x2_pmin(f64s([3.0, 1.0]), f64s([dnan, 0.5])),
            f64s([3.0, 0.5])
        );
    }

    #[test]
    fn float_sign_ops_keep_nan_payloads() {
        let v = u32s([0xffc0_0001, 0x7f80_0001, 0x8000_0000, 0x3f80_0000]);
        assert_eq!(
            f32x4_abs(v),
            u32s([0x7fc0_0001, 0x7f80_0001, 0, 0x3f80_0000])
        );
        assert_eq!(
            f32x4_neg(v),
            u32s([0x7fc0_0001, 0xff80_0001, 0, 0xbf80_0000])
        );
        let w = u64s([0xfff0_0000_0000_0001, 0]);
        assert_eq!(f64x2_abs(w), u64s([0x7ff0_0000_0000_0001, 0]));
        assert_eq!(f64x2_neg(w), u64s([0x7ff0_0000_0000_0001, 1 << 63]));
    }

    #[test]
    fn float_arith_compare_and_rounding() {
        assert_eq!(
            f32x4_add(f32s([1.5, -1.0, 0.0, 3e38]), f32s([2.25, 1.0, -0.0, 3e38])),
            f32s([3.75, 0.0, 0.0, f32::INFINITY])
        );
        assert_eq!(
            f64x2_div(f64s([1.0, -1.0]), f64s([0.0, 4.0])),
            f64s([f64::INFINITY, -0.25])
        );
        assert_eq!(
            f32x4_sqrt(f32s([4.0, 2.25, 0.0, -0.0])),
            f32s([2.0, 1.5, 0.0, -0.0])
        );
        assert_eq!(
            f32x4_eq(
                f32s([f32::NAN, 1.0, 0.0, 2.0]),
                f32s([f32::NAN, 1.0, -0.0, 3.0])
            ),
            u32s([0, !0, !0, 0])
        );
        assert_eq!(
            f32x4_ne(
                f32s([f32::NAN, 1.0, 0.0, 2.0]),
                f32s([f32::NAN, 1.0, -0.0, 3.0])
            ),
            u32s([!0, 0, 0, !0])
        );
        assert_eq!(
            f64x2_le(f64s([1.0, f64::NAN]), f64s([1.0, 1.0])),
            u64s([u64::MAX, 0])
        );
        assert_eq!(
            f64x2_gt(f64s([2.0, -0.0]), f64s([1.0, 0.0])),
            u64s([u64::MAX, 0])
        );
        assert_eq!(
            f32x4_ceil(f32s([-0.5, 1.1, -1.5, 2.0])),
            f32s([-0.0, 2.0, -1.0, 2.0])
        );
        assert_eq!(
            f32x4_floor(f32s([-0.5, 1.9, -1.5, 2.0])),
            f32s([-1.0, 1.0, -2.0, 2.0])
        );
        assert_eq!(f64x2_trunc(f64s([-1.7, 2.9])), f64s([-1.0, 2.0]));
    }

    #[test]
    fn nearest_ties_to_even() {
        assert_eq!(
            f32x4_nearest(f32s([0.5, 1.5, 2.5, -0.5])),
            f32s([0.0, 2.0, 2.0, -0.0])
        );
        assert_eq!(f64x2_nearest(f64s([-2.5, 3.5])), f64s([-2.0, 4.0]));
    }

    #[test]
    fn trunc_sat_nan_inf_out_of_range() {
        let a = f32s([f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 3e9]);
        assert_eq!(
            i32x4_trunc_sat_f32x4_s(a),
            i32s([0, i32::MAX, i32::MIN, i32::MAX])
        );
        assert_eq!(
            i32x4_relaxed_trunc_f32x4_s(a),
            i32s([0, i32::MAX, i32::MIN, i32::MAX])
        );
        let b = f32s([f32::NAN, -1.5, 4.5e9, 3e9]);
        assert_eq!(
            i32x4_trunc_sat_f32x4_u(b),
            u32s([0, 0, u32::MAX, 3_000_000_000])
        );
        assert_eq!(
            i32x4_relaxed_trunc_f32x4_u(b),
            u32s([0, 0, u32::MAX, 3_000_000_000])
        );
        let c = f64s([-2147483648.9, f64::NAN]);
        assert_eq!(i32x4_trunc_sat_f64x2_s_zero(c), i32s([i32::MIN, 0, 0, 0]));
        assert_eq!(
            i32x4_relaxed_trunc_f64x2_s_zero(c),
            i32s([i32::MIN, 0, 0, 0])
        );
        let d = f64s([4294967295.9, -0.5]);
        assert_eq!(i32x4_trunc_sat_f64x2_u_zero(d), u32s([u32::MAX, 0, 0, 0]));
        assert_eq!(
            i32x4_relaxed_trunc_f64x2_u_zero(f64s([-1e10, 1e10])),
            u32s([0, u32::MAX, 0, 0])
        );
    }

    #[test]
    fn convert_demote_promote() {
        // u32::MAX rounds up to 2^32 in f32
        assert_eq!(
            f32x4_convert_i32x4_u(i32s([-1, 1, 0, 16777217])),
            u32s([0x4f80_0000, 0x3f80_0000, 0, 0x4b80_0000])
        );
        // 16777217 is a tie between 2^24 and 2^24 + 2: even wins
        assert_eq!(
            f32x4_convert_i32x4_s(i32s([-1, 16777217, i32::MIN, 3])),
            f32s([-1.0, 16777216.0, -2147483648.0, 3.0])
        );
        assert_eq!(
            f64x2_convert_low_i32x4_u(i32s([-1, 7, 9, 9])),
            f64s([4294967295.0, 7.0])
        );
        assert_eq!(
            f64x2_convert_low_i32x4_s(i32s([-1, i32::MIN, 9, 9])),
            f64s([-1.0, -2147483648.0])
        );
        // 1 + 2^-24 ties to 1.0; 1 + 3·2^-24 ties to 1 + 2^-22 (even)
        let t1 = 1.0 + 2f64.powi(-24);
        let t2 = 1.0 + 3.0 * 2f64.powi(-24);
        assert_eq!(
            f32x4_demote_f64x2_zero(f64s([t1, t2])),
            f32s([1.0, 1.0 + 2f32.powi(-22), 0.0, 0.0])
        );
        assert_eq!(
            f32x4_demote_f64x2_zero(f64s([1e300, -1e-300])),
            f32s([f32::INFINITY, -0.0, 0.0, 0.0])
        );
        assert_eq!(
            f64x2_promote_low_f32x4(f32s([1.5, -0.0, 7.0, 8.0])),
            f64s([1.5, -0.0])
        );
    }

    #[test]
    fn relaxed_madd_is_unfused() {
        // x·y = 1 + 2^-15 + 2^-22 + 2^-37 rounds (to f32) to x·y - 2^-37,
        // which z cancels: 0 with two roundings, 2^-37 with one.
        let x = f32::from_bits(0x3f80_0002); // 1 + 2^-22
        let y = f32::from_bits(0x3f80_0100); // 1 + 2^-15
        let z = f32::from_bits(0xbf80_0102); // -(1 + 2^-15 + 2^-22)
        assert_eq!(libm::fmaf(x, y, z), 2f32.powi(-37)); // the inputs tell fused from unfused
        assert_eq!(
            f32x4_relaxed_madd(f32x4_splat(x), f32x4_splat(y), f32x4_splat(z)),
            0
        );
        assert_eq!(
            f32x4_relaxed_nmadd(f32x4_splat(-x), f32x4_splat(y), f32x4_splat(z)),
            0
        );
        // MAX·2 overflows to inf before the add; fused it would be MAX
        let m = f64::MAX;
        assert_eq!(libm::fma(m, 2.0, -m), m);
        assert_eq!(
            f64x2_relaxed_madd(f64s([m, 1.5]), f64s([2.0, 2.0]), f64s([-m, 0.25])),
            f64s([f64::INFINITY, 3.25])
        );
        assert_eq!(
            f64x2_relaxed_nmadd(f64s([m, 1.5]), f64s([2.0, 2.0]), f64s([m, 0.25])),
            f64s([f64::NEG_INFINITY, -2.75])
        );
    }

    #[test]
    fn relaxed_laneselect_is_bitselect() {
        let a = i8v(&[0, 1, 0x12, 0x12, 4]);
        let b = i8v(&[16, 17, 0x34, 0x34, 20]);
        let m = u8s([0xff, 0, 0xf0, 0x0f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            i8x16_relaxed_laneselect(a, b, m),
            i8v(&[0, 17, 0x14, 0x32, 20])
        );
        // a mask of 0x0080 selects bit 7 only, not the whole lane
        let a = i16v(&[0, 1, 0x1234, 0x1234]);
        let b = i16v(&[8, 9, 0x5678, 0x5678]);
        let m = u16s([0xffff, 0, 0xff00, 0x0080, 0, 0, 0, 0]);
        assert_eq!(
            i16x8_relaxed_laneselect(a, b, m),
            i16v(&[0, 9, 0x1278, 0x5678])
        );
        assert_eq!(
            i64x2_relaxed_laneselect(
                i64s([-1, -1]),
                i64s([0, 0]),
                u64s([0x8000_0000_0000_0001, 0])
            ),
            u64s([0x8000_0000_0000_0001, 0])
        );
    }

    #[test]
    fn relaxed_dot_products() {
        let seq = u128::from_le_bytes(core::array::from_fn(|i| i as u8));
        assert_eq!(
            i16x8_relaxed_dot_i8x16_i7x16_s(seq, seq),
            i16s([1, 13, 41, 85, 145, 221, 313, 421])
        );
        assert_eq!(
            i32x4_relaxed_dot_i8x16_i7x16_add_s(seq, seq, i32s([0, 1, 2, 3])),
            i32s([14, 127, 368, 737])
        );
        // the second operand is signed: -128·-127·2 = 32512
        let a = i8v(&[-128, -128, -128, -128]);
        let b = i8v(&[-127, -127, -127, -127]);
        assert_eq!(i16x8_relaxed_dot_i8x16_i7x16_s(a, b), i16v(&[32512, 32512]));
        assert_eq!(
            i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, i32s([1, 2, 3, 4])),
            i32s([65025, 2, 3, 4])
        );
        // -128·-128·2 = 32768 saturates to 32767 in the i16 step
        assert_eq!(i16x8_relaxed_dot_i8x16_i7x16_s(a, a), i16v(&[32767, 32767]));
        assert_eq!(
            i32x4_relaxed_dot_i8x16_i7x16_add_s(a, a, 0),
            i32s([65534, 0, 0, 0])
        );
        // the final add wraps
        assert_eq!(
            i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, i32s([i32::MAX, 0, 0, 0])),
            i32s([i32::MIN + 65023, 0, 0, 0])
        );
    }
}
