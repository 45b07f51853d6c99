//! Integer division and remainder with WebAssembly's traps.

use crate::error::TrapCode;

macro_rules! div_rem {
    ($div_s:ident, $div_u:ident, $rem_s:ident, $rem_u:ident, $s:ty, $u:ty) => {
        /// Signed division: traps on zero and on `MIN / -1`.
        #[inline(always)]
        pub(crate) fn $div_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::IntegerDivisionByZero);
            }
            a.checked_div(b).ok_or(TrapCode::IntegerOverflow)
        }
        /// Unsigned division: traps on zero.
        #[inline(always)]
        pub(crate) fn $div_u(a: $s, b: $s) -> Result<$s, TrapCode> {
            match (a as $u).checked_div(b as $u) {
                Some(q) => Ok(q as $s),
                None => Err(TrapCode::IntegerDivisionByZero),
            }
        }
        /// Signed remainder: traps on zero; `MIN % -1` is 0.
        #[inline(always)]
        pub(crate) fn $rem_s(a: $s, b: $s) -> Result<$s, TrapCode> {
            if b == 0 {
                return Err(TrapCode::IntegerDivisionByZero);
            }
            Ok(a.wrapping_rem(b))
        }
        /// Unsigned remainder: traps on zero.
        #[inline(always)]
        pub(crate) fn $rem_u(a: $s, b: $s) -> Result<$s, TrapCode> {
            match (a as $u).checked_rem(b as $u) {
                Some(r) => Ok(r as $s),
                None => Err(TrapCode::IntegerDivisionByZero),
            }
        }
    };
}

div_rem!(div_s32, div_u32, rem_s32, rem_u32, i32, u32);
div_rem!(div_s64, div_u64, rem_s64, rem_u64, i64, u64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_traps() {
        assert_eq!(div_s32(i32::MIN, -1), Err(TrapCode::IntegerOverflow));
        assert_eq!(div_s32(1, 0), Err(TrapCode::IntegerDivisionByZero));
        assert_eq!(rem_s32(i32::MIN, -1), Ok(0));
        assert_eq!(div_u32(-1, 2), Ok(i32::MAX));
        assert_eq!(rem_u64(-1, 0), Err(TrapCode::IntegerDivisionByZero));
        assert_eq!(div_s64(i64::MIN, -1), Err(TrapCode::IntegerOverflow));
    }
}
