//! [`IntElement`]: the eight integer types and NumPy's integer semantics,
//! one scalar function per operation. The kernels' loops call these on
//! every element; the compiler vectorises them per ISA.

use crate::Element;
use std::fmt::{Debug, Display};
use std::hash::Hash;

/// An integer element: `i8 i16 i32 i64 u8 u16 u32 u64` (sealed).
///
/// Arithmetic wraps, as NumPy's; division and remainder by zero give 0 and
/// `MIN / -1` wraps to `MIN` (NumPy's results, without its warning); shift
/// counts outside `0 .. BITS` shift everything out. Sums and products are
/// **exact**, in [`IntElement::Sum`] (`i64` for signed types, `u64` for
/// unsigned), and a result that does not fit is an error, never a wrap.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an integer element",
    label = "needs one of i8 i16 i32 i64 u8 u16 u32 u64",
    note = "the element types and what each computes: the `Element` trait's docs, or the README's \"Element types\" table"
)]
pub trait IntElement: Element + crate::Arith + Ord + Eq + Hash + sealed::Sealed {
    /// The type of an exact sum or product: `i64` (signed) or `u64` (unsigned).
    type Sum: bytemuck::Pod + Default + Debug + Display + PartialEq + Send + Sync + 'static;
    /// The smallest value.
    const MIN: Self;
    /// The largest value.
    const MAX: Self;
    /// Width in bits.
    const BITS: u32;
    /// Whether the type is signed.
    const SIGNED: bool;
    /// `0` of the type.
    const ZERO: Self;

    /// Exact running total of a sum (`i128` / `u128`).
    #[doc(hidden)]
    type Total: Copy + Debug + Display + Default + Send + Sync;
    #[doc(hidden)]
    fn total_add(a: Self::Total, b: Self::Total) -> Option<Self::Total>;
    /// The exact sum of `xs`: blocks in a narrow accumulator the compiler
    /// vectorises, added exactly.
    #[doc(hidden)]
    fn sum_slice(xs: &[Self]) -> Self::Total;
    /// The exact product of `xs`, `None` when it leaves `Total`'s range.
    #[doc(hidden)]
    fn prod_total(acc: Self::Total, xs: &[Self]) -> Option<Self::Total>;
    #[doc(hidden)]
    fn total_one() -> Self::Total;
    /// `self * count`, exactly.
    #[doc(hidden)]
    fn total_scaled(self, count: usize) -> Option<Self::Total>;
    #[doc(hidden)]
    fn to_sum(t: Self::Total) -> Option<Self::Sum>;

    /// `a + b`, wrapping.
    fn w_add(self, b: Self) -> Self;
    /// `a - b`, wrapping.
    fn w_sub(self, b: Self) -> Self;
    /// `a * b`, wrapping.
    fn w_mul(self, b: Self) -> Self;
    /// `floor(a / b)` (NumPy's `//`); 0 when `b == 0`; `MIN // -1 == MIN`.
    fn floor_div(self, b: Self) -> Self;
    /// `a - floor(a / b) * b`: the sign of `b` (NumPy's `%`); 0 when `b == 0`.
    fn floor_rem(self, b: Self) -> Self;
    /// `a << b`; 0 when `b` is negative or at least `BITS`.
    fn shl(self, b: Self) -> Self;
    /// `a >> b` (arithmetic for signed types); counts outside `0 .. BITS`
    /// give `-1` for negative `a`, else 0.
    fn shr(self, b: Self) -> Self;
    /// `-a`, wrapping (`-MIN == MIN`; unsigned: `0 - a`).
    fn w_neg(self) -> Self;
    /// `|a|`, wrapping (`|MIN| == MIN`).
    fn w_abs(self) -> Self;
    /// Bitwise not (NumPy's `invert`, `~a`).
    fn not(self) -> Self;
    /// Bitwise and.
    fn and(self, b: Self) -> Self;
    /// Bitwise or.
    fn or(self, b: Self) -> Self;
    /// Bitwise xor.
    fn xor(self, b: Self) -> Self;
}

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// Elements per narrow block of a sum: small enough that the block
/// accumulator cannot overflow.
const SUM_BLOCK: usize = 4096;

macro_rules! int_common {
    ($t:ident, $u:ident, $block:ident, $total:ident, $sum:ident, $signed:literal) => {
        type Sum = $sum;
        type Total = $total;
        const MIN: $t = $t::MIN;
        const MAX: $t = $t::MAX;
        const BITS: u32 = $t::BITS;
        const SIGNED: bool = $signed;
        const ZERO: $t = 0;

        #[inline(always)]
        fn total_add(a: $total, b: $total) -> Option<$total> {
            a.checked_add(b)
        }
        #[inline(always)]
        fn sum_slice(xs: &[$t]) -> $total {
            xs.chunks(SUM_BLOCK)
                .map(|c| c.iter().map(|&v| v as $block).sum::<$block>() as $total)
                .sum()
        }
        #[inline(always)]
        fn prod_total(mut acc: $total, xs: &[$t]) -> Option<$total> {
            for &v in xs {
                acc = acc.checked_mul(v as $total)?;
            }
            Some(acc)
        }
        #[inline(always)]
        fn total_one() -> $total {
            1
        }
        #[inline(always)]
        fn total_scaled(self, count: usize) -> Option<$total> {
            (self as $total).checked_mul(count as $total)
        }
        #[inline(always)]
        fn to_sum(t: $total) -> Option<$sum> {
            $sum::try_from(t).ok()
        }
        #[inline(always)]
        fn w_add(self, b: $t) -> $t {
            self.wrapping_add(b)
        }
        #[inline(always)]
        fn w_sub(self, b: $t) -> $t {
            self.wrapping_sub(b)
        }
        #[inline(always)]
        fn w_mul(self, b: $t) -> $t {
            self.wrapping_mul(b)
        }
        #[inline(always)]
        fn shl(self, b: $t) -> $t {
            if (b as $u) < $t::BITS as $u {
                self << (b as $u)
            } else {
                0
            }
        }
        #[inline(always)]
        fn w_neg(self) -> $t {
            self.wrapping_neg()
        }
        #[inline(always)]
        fn not(self) -> $t {
            !self
        }
        #[inline(always)]
        fn and(self, b: $t) -> $t {
            self & b
        }
        #[inline(always)]
        fn or(self, b: $t) -> $t {
            self | b
        }
        #[inline(always)]
        fn xor(self, b: $t) -> $t {
            self ^ b
        }
    };
}

macro_rules! signed {
    ($($t:ident $u:ident $block:ident;)*) => {$(
        impl sealed::Sealed for $t {}
        impl IntElement for $t {
            int_common!($t, $u, $block, i128, i64, true);
            #[inline(always)]
            fn floor_div(self, b: $t) -> $t {
                if b == 0 {
                    return 0;
                }
                let q = self.wrapping_div(b);
                if self.wrapping_rem(b) != 0 && (self ^ b) < 0 { q - 1 } else { q }
            }
            #[inline(always)]
            fn floor_rem(self, b: $t) -> $t {
                if b == 0 {
                    return 0;
                }
                let r = self.wrapping_rem(b);
                if r != 0 && (r ^ b) < 0 { r + b } else { r }
            }
            #[inline(always)]
            fn shr(self, b: $t) -> $t {
                self >> (b as $u).min($t::BITS as $u - 1)
            }
            #[inline(always)]
            fn w_abs(self) -> $t {
                self.wrapping_abs()
            }
        }
    )*};
}

macro_rules! unsigned {
    ($($t:ident $block:ident;)*) => {$(
        impl sealed::Sealed for $t {}
        impl IntElement for $t {
            int_common!($t, $t, $block, u128, u64, false);
            #[inline(always)]
            fn floor_div(self, b: $t) -> $t {
                self.checked_div(b).unwrap_or(0)
            }
            #[inline(always)]
            fn floor_rem(self, b: $t) -> $t {
                self.checked_rem(b).unwrap_or(0)
            }
            #[inline(always)]
            fn shr(self, b: $t) -> $t {
                if b < $t::BITS as $t { self >> b } else { 0 }
            }
            #[inline(always)]
            fn w_abs(self) -> $t {
                self
            }
        }
    )*};
}

signed! {
    i8 u8 i32;
    i16 u16 i32;
    i32 u32 i64;
    i64 u64 i128;
}
unsigned! {
    u8 u32;
    u16 u32;
    u32 u64;
    u64 u128;
}
