//! Float operations with WebAssembly's exact semantics. With `std` the
//! rounding functions use the hardware; without it, libm, which is exact
//! for these operations too.

use crate::error::TrapCode;

macro_rules! float_ops {
    ($t:ty, $bits:ty, $sign:expr, $min:ident, $max:ident, $copysign:ident,
     $ceil:ident, $floor:ident, $trunc:ident, $nearest:ident, $sqrt:ident,
     $lceil:path, $lfloor:path, $ltrunc:path, $lrint:path, $lsqrt:path) => {
        /// `min`: NaN if either is NaN; -0 is below +0.
        #[inline(always)]
        pub(crate) fn $min(a: $t, b: $t) -> $t {
            if a.is_nan() || b.is_nan() {
                return a + b;
            }
            if a == b {
                // equal, possibly zeros of different sign: prefer the negative
                return <$t>::from_bits(a.to_bits() | b.to_bits());
            }
            if a < b { a } else { b }
        }
        /// `max`: NaN if either is NaN; +0 is above -0.
        #[inline(always)]
        pub(crate) fn $max(a: $t, b: $t) -> $t {
            if a.is_nan() || b.is_nan() {
                return a + b;
            }
            if a == b {
                return <$t>::from_bits(a.to_bits() & b.to_bits());
            }
            if a > b { a } else { b }
        }
        /// `copysign`: the magnitude of `a`, the sign bit of `b`.
        #[inline(always)]
        pub(crate) fn $copysign(a: $t, b: $t) -> $t {
            let sign: $bits = $sign;
            <$t>::from_bits((a.to_bits() & !sign) | (b.to_bits() & sign))
        }
        #[inline(always)]
        pub(crate) fn $ceil(a: $t) -> $t {
            if a.is_nan() {
                return a + a; // quiets a signalling NaN, as wasm requires
            }
            #[cfg(feature = "std")]
            {
                a.ceil()
            }
            #[cfg(not(feature = "std"))]
            {
                $lceil(a)
            }
        }
        #[inline(always)]
        pub(crate) fn $floor(a: $t) -> $t {
            if a.is_nan() {
                return a + a;
            }
            #[cfg(feature = "std")]
            {
                a.floor()
            }
            #[cfg(not(feature = "std"))]
            {
                $lfloor(a)
            }
        }
        #[inline(always)]
        pub(crate) fn $trunc(a: $t) -> $t {
            if a.is_nan() {
                return a + a;
            }
            #[cfg(feature = "std")]
            {
                a.trunc()
            }
            #[cfg(not(feature = "std"))]
            {
                $ltrunc(a)
            }
        }
        /// Round to nearest, ties to even.
        #[inline(always)]
        pub(crate) fn $nearest(a: $t) -> $t {
            if a.is_nan() {
                return a + a;
            }
            #[cfg(feature = "std")]
            {
                a.round_ties_even()
            }
            #[cfg(not(feature = "std"))]
            {
                $lrint(a)
            }
        }
        #[inline(always)]
        pub(crate) fn $sqrt(a: $t) -> $t {
            #[cfg(feature = "std")]
            {
                a.sqrt()
            }
            #[cfg(not(feature = "std"))]
            {
                $lsqrt(a)
            }
        }
    };
}

float_ops!(
    f32,
    u32,
    0x8000_0000,
    min32,
    max32,
    copysign32,
    ceil32,
    floor32,
    trunc32,
    nearest32,
    sqrt32,
    libm::ceilf,
    libm::floorf,
    libm::truncf,
    libm::rintf,
    libm::sqrtf
);
float_ops!(
    f64,
    u64,
    0x8000_0000_0000_0000,
    min64,
    max64,
    copysign64,
    ceil64,
    floor64,
    trunc64,
    nearest64,
    sqrt64,
    libm::ceil,
    libm::floor,
    libm::trunc,
    libm::rint,
    libm::sqrt
);

/// Trapping float-to-int truncations. `lo` and `hi` are the exclusive
/// bounds of the source values that truncate into range.
macro_rules! trunc {
    ($name:ident, $f:ty, $i:ty, $lo:expr, $hi:expr) => {
        #[inline(always)]
        pub(crate) fn $name(a: $f) -> Result<$i, TrapCode> {
            if a.is_nan() {
                return Err(TrapCode::BadConversionToInteger);
            }
            if !(a > $lo && a < $hi) {
                return Err(TrapCode::IntegerOverflow);
            }
            Ok(a as $i)
        }
    };
}

trunc!(trunc_i32_f32_s, f32, i32, -2147483904.0f32, 2147483648.0f32);
trunc!(trunc_u32_f32_u, f32, u32, -1.0f32, 4294967296.0f32);
trunc!(trunc_i32_f64_s, f64, i32, -2147483649.0f64, 2147483648.0f64);
trunc!(trunc_u32_f64_u, f64, u32, -1.0f64, 4294967296.0f64);
trunc!(
    trunc_i64_f32_s,
    f32,
    i64,
    -9223373136366403584.0f32,
    9223372036854775808.0f32
);
trunc!(
    trunc_u64_f32_u,
    f32,
    u64,
    -1.0f32,
    18446744073709551616.0f32
);
trunc!(
    trunc_i64_f64_s,
    f64,
    i64,
    -9223372036854777856.0f64,
    9223372036854775808.0f64
);
trunc!(
    trunc_u64_f64_u,
    f64,
    u64,
    -1.0f64,
    18446744073709551616.0f64
);

#[inline(always)]
pub(crate) fn trunc_i32_f32(a: f32) -> Result<i32, TrapCode> {
    trunc_i32_f32_s(a)
}
#[inline(always)]
pub(crate) fn trunc_u32_f32(a: f32) -> Result<i32, TrapCode> {
    trunc_u32_f32_u(a).map(|v| v as i32)
}
#[inline(always)]
pub(crate) fn trunc_i32_f64(a: f64) -> Result<i32, TrapCode> {
    trunc_i32_f64_s(a)
}
#[inline(always)]
pub(crate) fn trunc_u32_f64(a: f64) -> Result<i32, TrapCode> {
    trunc_u32_f64_u(a).map(|v| v as i32)
}
#[inline(always)]
pub(crate) fn trunc_i64_f32(a: f32) -> Result<i64, TrapCode> {
    trunc_i64_f32_s(a)
}
#[inline(always)]
pub(crate) fn trunc_u64_f32(a: f32) -> Result<i64, TrapCode> {
    trunc_u64_f32_u(a).map(|v| v as i64)
}
#[inline(always)]
pub(crate) fn trunc_i64_f64(a: f64) -> Result<i64, TrapCode> {
    trunc_i64_f64_s(a)
}
#[inline(always)]
pub(crate) fn trunc_u64_f64(a: f64) -> Result<i64, TrapCode> {
    trunc_u64_f64_u(a).map(|v| v as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_max_zero_signs_and_nan() {
        assert!(min32(0.0, -0.0).is_sign_negative());
        assert!(max64(-0.0, 0.0).is_sign_positive());
        assert!(min64(f64::NAN, 1.0).is_nan());
        assert_eq!(max32(1.0, 2.0), 2.0);
    }

    #[test]
    fn truncation_bounds() {
        assert_eq!(trunc_i32_f32(-2147483648.0), Ok(i32::MIN));
        assert_eq!(trunc_i32_f32(2147483648.0), Err(TrapCode::IntegerOverflow));
        assert_eq!(trunc_u32_f64(-0.9), Ok(0));
        assert_eq!(trunc_u32_f64(-1.0), Err(TrapCode::IntegerOverflow));
        assert_eq!(
            trunc_i64_f64(f64::NAN),
            Err(TrapCode::BadConversionToInteger)
        );
        assert_eq!(nearest64(2.5), 2.0);
        assert_eq!(nearest32(-3.5), -4.0);
    }
}
