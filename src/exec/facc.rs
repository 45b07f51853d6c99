//! The float accumulator's register (see "Accumulators" in [`super`]).
//!
//! Without the `simd` feature it is an `f64`. With it, on x86-64 and
//! AArch64, it is a 128-bit vector register: its low 64 bits are the f64
//! accumulator, and the whole register is the v128 accumulator, so that a
//! SIMD op can hand its result to the next one without the 16-byte store
//! and reload through the frame (about six cycles of latency on every
//! link of a dependency chain; `simd_mandel` spends most of its time on
//! such chains). Elsewhere, where the threaded handlers are not built and
//! the registers are a local struct of the portable loop, it is a `u128`.
//!
//! The threaded handlers take it as an argument, so it must travel in one
//! machine register: the Rust calling convention passes a vector type
//! through memory, which is why the handlers use the C one (see
//! `threaded`). One register for both accumulators keeps the handlers at
//! six arguments; a seventh costs every op an instruction.

#[cfg(all(feature = "simd", target_arch = "x86_64"))]
use core::arch::x86_64::{__m128d, _mm_cvtsd_f64, _mm_setzero_pd};

/// The float accumulator's register.
#[cfg(all(feature = "simd", target_arch = "x86_64"))]
pub(crate) type FAcc = __m128d;
/// The float accumulator's register.
#[cfg(all(feature = "simd", target_arch = "aarch64"))]
pub(crate) type FAcc = core::arch::aarch64::float64x2_t;
/// The float accumulator's register.
#[cfg(all(
    feature = "simd",
    not(any(target_arch = "x86_64", target_arch = "aarch64"))
))]
pub(crate) type FAcc = u128;
/// The float accumulator's register.
#[cfg(not(feature = "simd"))]
pub(crate) type FAcc = f64;

/// The register holding nothing (zero).
#[inline(always)]
pub(crate) fn zero() -> FAcc {
    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    // SAFETY: SSE2 is in the x86-64 baseline.
    return unsafe { _mm_setzero_pd() };
    #[cfg(all(feature = "simd", target_arch = "aarch64"))]
    // SAFETY: NEON is in the AArch64 baseline.
    return unsafe { core::arch::aarch64::vdupq_n_f64(0.0) };
    #[cfg(any(
        not(feature = "simd"),
        not(any(target_arch = "x86_64", target_arch = "aarch64"))
    ))]
    return Default::default();
}

/// The f64 accumulator.
#[inline(always)]
pub(crate) fn get_f64(r: FAcc) -> f64 {
    #[cfg(all(feature = "simd", target_arch = "x86_64"))]
    // SAFETY: SSE2 is in the x86-64 baseline.
    return unsafe { _mm_cvtsd_f64(r) };
    #[cfg(all(feature = "simd", target_arch = "aarch64"))]
    // SAFETY: NEON is in the AArch64 baseline.
    return unsafe { core::arch::aarch64::vgetq_lane_f64::<0>(r) };
    #[cfg(all(
        feature = "simd",
        not(any(target_arch = "x86_64", target_arch = "aarch64"))
    ))]
    return f64::from_bits(r as u64);
    #[cfg(not(feature = "simd"))]
    return r;
}

/// The register holding `x` as the f64 accumulator (its other bits are
/// whatever the register held: nothing reads them as a v128, since only
/// a SIMD op's result is read so).
#[inline(always)]
pub(crate) fn from_f64(x: f64) -> FAcc {
    // An f64 already sits in the low lane of a vector register; the empty
    // `asm!` names that register as the vector, so no instruction clears
    // the upper lane (which `_mm_set_sd` would). The register is xmm0,
    // where the C convention passes the accumulator to the next handler.
    #[cfg(all(feature = "simd", target_arch = "x86_64", not(miri)))]
    {
        let v: __m128d;
        // SAFETY: empty: it touches no memory, stack or flags, and the
        // register keeps its bits.
        unsafe {
            core::arch::asm!("", in("xmm0") x, lateout("xmm0") v, options(pure, nomem, nostack, preserves_flags));
        }
        v
    }
    #[cfg(all(feature = "simd", target_arch = "x86_64", miri))]
    // SAFETY: SSE2 is in the x86-64 baseline.
    return unsafe { core::arch::x86_64::_mm_set_sd(x) };
    #[cfg(all(feature = "simd", target_arch = "aarch64"))]
    // SAFETY: NEON is in the AArch64 baseline.
    return unsafe { core::arch::aarch64::vdupq_n_f64(x) };
    #[cfg(all(
        feature = "simd",
        not(any(target_arch = "x86_64", target_arch = "aarch64"))
    ))]
    return x.to_bits() as u128;
    #[cfg(not(feature = "simd"))]
    return x;
}

/// The v128 accumulator.
#[cfg(feature = "simd")]
#[cfg_attr(spindle_simd_arch, allow(dead_code))]
#[inline(always)]
pub(crate) fn get_v128(r: FAcc) -> u128 {
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    // SAFETY: both are 16 bytes of plain bits.
    return unsafe { core::mem::transmute::<FAcc, u128>(r) };
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    return r;
}

/// The register holding `v` as the v128 accumulator.
#[cfg(feature = "simd")]
#[cfg_attr(spindle_simd_arch, allow(dead_code))]
#[inline(always)]
pub(crate) fn from_v128(v: u128) -> FAcc {
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    // SAFETY: both are 16 bytes of plain bits.
    return unsafe { core::mem::transmute::<u128, FAcc>(v) };
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    return v;
}
