//! The element types kernels are written for (`f32`, `f64`), and the scalar
//! facts about them that the reference, the scalar backend and the tests share.

use bytemuck::Pod;
use std::fmt::Debug;

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
}

/// An IEEE binary floating-point element: `f32` or `f64`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a float element: this operation computes on `f32` or `f64`",
    label = "needs `f32` or `f64`",
    note = "integers have `ops::add` … and `int_sum` / `int_min` / `int_max`; convert with `astype::<f32>()` or `astype::<f64>()` to compute in floats",
    note = "the element types and what each computes: the `Element` trait's docs, or the README's \"Element types\" table"
)]
pub trait Float:
    crate::Element
    + crate::Arith
    + crate::Real<Wide = Self>
    + sealed::Sealed
    + Pod
    + PartialOrd
    + Debug
    + Default
    + Send
    + Sync
    + 'static
{
    /// Which of the two it is: `0` for `f32`, `1` for `f64` (distinct per type;
    /// the trait is sealed). Dispatch indexes its per-type slots with it.
    const KIND: usize;
    /// A quiet NaN.
    const NAN: Self;
    /// `1.0`, the value inactive SIMD lanes hold (it raises no FP exception in any kernel).
    const ONE: Self;
    /// `-0.0`, the additive identity that keeps an all-`-0.0` sum negative.
    const NEG_ZERO: Self;
    /// Positive infinity.
    const INFINITY: Self;
    /// Smallest positive normal number.
    const MIN_POSITIVE: Self;
    /// Largest finite number.
    const MAX: Self;

    /// Whether `self` is a NaN.
    fn is_nan(self) -> bool;
    /// Whether the sign bit is set (true for `-0.0` and negative NaNs too).
    fn is_sign_negative(self) -> bool;
    /// `-self`: the sign bit flipped (NaNs included).
    fn neg(self) -> Self;
    /// `|self|`: the sign bit cleared (NaNs included).
    fn abs(self) -> Self;
    /// The correctly rounded square root (NaN for negative inputs other than `-0.0`).
    fn sqrt(self) -> Self;
    /// `self * b + c` with a single rounding.
    fn mul_add(self, b: Self, c: Self) -> Self;
    /// `self + b`, rounded once.
    fn add(self, b: Self) -> Self;
    /// `self - b`, rounded once.
    fn sub(self, b: Self) -> Self;
    /// `self * b`, rounded once.
    fn mul(self, b: Self) -> Self;
    /// `self / b`, rounded once.
    fn div(self, b: Self) -> Self;
    /// The bit pattern, widened to 64 bits (for comparisons and messages).
    fn to_bits_u64(self) -> u64;
    /// Bitwise AND of the two bit patterns.
    fn bit_and(self, b: Self) -> Self;
    /// Bitwise OR of the two bit patterns.
    fn bit_or(self, b: Self) -> Self;
    /// Converts from `f64` with rounding to nearest (test-data helper).
    fn from_f64(x: f64) -> Self;
    /// Converts to `f64` exactly.
    fn to_f64(self) -> f64;
    /// The smallest positive subnormal number.
    fn min_subnormal() -> Self;

    /// IEEE 754-2019 `maximum`: NaN if either is NaN, and `+0 > -0`. Written
    /// with selects so the kernels' scalar steps and scans have no branches;
    /// the one scalar definition the reductions and windows share.
    #[inline(always)]
    fn maximum(self, b: Self) -> Self {
        let larger = if self > b { self } else { b };
        let m = if self == b { self.bit_and(b) } else { larger }; // +0 beats -0
        if self.is_nan() || b.is_nan() {
            Self::NAN
        } else {
            m
        }
    }

    /// IEEE 754-2019 `minimum`: NaN if either is NaN, and `-0 < +0`.
    #[inline(always)]
    fn minimum(self, b: Self) -> Self {
        let smaller = if self < b { self } else { b };
        let m = if self == b { self.bit_or(b) } else { smaller }; // -0 beats +0
        if self.is_nan() || b.is_nan() {
            Self::NAN
        } else {
            m
        }
    }

    /// IEEE 754-2019 `maximumNumber`: a NaN operand is ignored.
    #[inline(always)]
    fn fmax(self, b: Self) -> Self {
        let m = self.maximum(b);
        let m = if b.is_nan() { self } else { m };
        if self.is_nan() {
            b
        } else {
            m
        }
    }

    /// IEEE 754-2019 `minimumNumber`: a NaN operand is ignored.
    #[inline(always)]
    fn fmin(self, b: Self) -> Self {
        let m = self.minimum(b);
        let m = if b.is_nan() { self } else { m };
        if self.is_nan() {
            b
        } else {
            m
        }
    }
}

macro_rules! impl_float {
    ($t:ident, $bits:ty, $kind:literal) => {
        impl Float for $t {
            const KIND: usize = $kind;
            const NAN: Self = $t::NAN;
            const ONE: Self = 1.0;
            const NEG_ZERO: Self = -0.0;
            const INFINITY: Self = $t::INFINITY;
            const MIN_POSITIVE: Self = $t::MIN_POSITIVE;
            const MAX: Self = $t::MAX;

            #[inline(always)]
            fn is_nan(self) -> bool {
                $t::is_nan(self)
            }
            #[inline(always)]
            fn is_sign_negative(self) -> bool {
                $t::is_sign_negative(self)
            }
            #[inline(always)]
            fn neg(self) -> Self {
                -self
            }
            #[inline(always)]
            fn abs(self) -> Self {
                $t::abs(self)
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                $t::sqrt(self)
            }
            #[inline(always)]
            fn mul_add(self, b: Self, c: Self) -> Self {
                $t::mul_add(self, b, c)
            }
            #[inline(always)]
            fn add(self, b: Self) -> Self {
                self + b
            }
            #[inline(always)]
            fn sub(self, b: Self) -> Self {
                self - b
            }
            #[inline(always)]
            fn mul(self, b: Self) -> Self {
                self * b
            }
            #[inline(always)]
            fn div(self, b: Self) -> Self {
                self / b
            }
            #[inline(always)]
            fn to_bits_u64(self) -> u64 {
                self.to_bits() as u64
            }
            #[inline(always)]
            fn bit_and(self, b: Self) -> Self {
                $t::from_bits(self.to_bits() & b.to_bits())
            }
            #[inline(always)]
            fn bit_or(self, b: Self) -> Self {
                $t::from_bits(self.to_bits() | b.to_bits())
            }
            #[inline(always)]
            fn from_f64(x: f64) -> Self {
                x as $t
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn min_subnormal() -> Self {
                $t::from_bits(1 as $bits)
            }
        }
    };
}
impl_float!(f32, u32, 0);
impl_float!(f64, u64, 1);
