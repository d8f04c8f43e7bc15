//! Integer reductions: `sum`, `min`, `max` of `i32`, `i64` and `u8`.
//!
//! # Rule
//!
//! Sums are **exact**: `i32` accumulates in `i64` and `u8` in `u64` (neither
//! can overflow below 2³² elements), `i64` in `i128`; the result is `i64`
//! (`u64` for `u8`) and a result that does not fit is
//! [`KernelError::Overflow`] — never a silent wrap (NumPy wraps). Exact
//! integer addition is associative, so every order, every ISA and every
//! thread count gives the same value; no fixed order is needed.
//!
//! # Algorithm
//!
//! Plain loops over the contiguous slice, compiled once per ISA inside that
//! ISA's `#[target_feature]` functions (dispatch.rs) so the compiler's
//! vectoriser uses the ISA's widening adds (`vpmovsxdq`+`vpaddq`,
//! `vpsadbw`-style byte sums, `vpminsd`…); strided runs take a scalar loop.
//! Sums run in blocks of 4096 elements whose partial sums are added in the
//! wide type, which keeps the inner loop in the narrow-to-wide form the
//! vectoriser handles.

use crate::error::KernelError;
use crate::operand::RawSrc;

/// Elements per inner block of the sums.
const BLOCK: usize = 4096;

/// Reads element `k` of a run.
///
/// # Safety
/// Element `k` must be readable.
#[inline(always)]
unsafe fn at<T: Copy>(x: RawSrc<T>, k: usize) -> T {
    // SAFETY: caller contract.
    unsafe {
        match x {
            RawSrc::Contig(p) => p.add(k).read_unaligned(),
            RawSrc::Strided(p, st) => p.offset(k as isize * st).cast::<T>().read_unaligned(),
            RawSrc::Splat(v) => v,
        }
    }
}

macro_rules! int_reductions {
    ($($t:ident => $wide:ident, $acc:ident, $sum:ident, $min:ident, $max:ident;)*) => {$(
        /// Exact sum (see the module's rule).
        ///
        /// # Safety
        /// `x` must be readable for `n` elements.
        #[inline(always)]
        pub(crate) unsafe fn $sum(n: usize, x: RawSrc<$t>) -> $acc {
            let mut total: $acc = 0;
            match x {
                RawSrc::Contig(p) => {
                    // SAFETY: n readable elements (caller).
                    let xs = unsafe { std::slice::from_raw_parts(p, n) };
                    for chunk in xs.chunks(BLOCK) {
                        let part: $wide = chunk.iter().map(|&v| v as $wide).sum();
                        total += part as $acc;
                    }
                }
                _ => {
                    for k in 0..n {
                        // SAFETY: k < n.
                        total += unsafe { at(x, k) } as $acc;
                    }
                }
            }
            total
        }

        /// Smallest element (`None` for none).
        ///
        /// # Safety
        /// `x` must be readable for `n` elements.
        #[inline(always)]
        pub(crate) unsafe fn $min(n: usize, x: RawSrc<$t>) -> Option<$t> {
            match x {
                // SAFETY: n readable elements (caller).
                RawSrc::Contig(p) => unsafe { std::slice::from_raw_parts(p, n) }.iter().copied().reduce(|a, b| a.min(b)),
                // SAFETY: k < n.
                _ => (0..n).map(|k| unsafe { at(x, k) }).reduce(|a, b| a.min(b)),
            }
        }

        /// Largest element (`None` for none).
        ///
        /// # Safety
        /// `x` must be readable for `n` elements.
        #[inline(always)]
        pub(crate) unsafe fn $max(n: usize, x: RawSrc<$t>) -> Option<$t> {
            match x {
                // SAFETY: n readable elements (caller).
                RawSrc::Contig(p) => unsafe { std::slice::from_raw_parts(p, n) }.iter().copied().reduce(|a, b| a.max(b)),
                // SAFETY: k < n.
                _ => (0..n).map(|k| unsafe { at(x, k) }).reduce(|a, b| a.max(b)),
            }
        }
    )*};
}
int_reductions! {
    i32 => i64, i64, sum_i32, min_i32, max_i32;
    i64 => i128, i128, sum_i64, min_i64, max_i64;
    u8 => u64, u64, sum_u8, min_u8, max_u8;
}

/// One ISA's integer reductions.
pub struct IntKernels {
    pub(crate) isa: crate::Isa,
    pub(crate) sum_i32: unsafe fn(usize, RawSrc<i32>) -> i64,
    pub(crate) sum_i64: unsafe fn(usize, RawSrc<i64>) -> i128,
    pub(crate) sum_u8: unsafe fn(usize, RawSrc<u8>) -> u64,
    pub(crate) min_i32: unsafe fn(usize, RawSrc<i32>) -> Option<i32>,
    pub(crate) max_i32: unsafe fn(usize, RawSrc<i32>) -> Option<i32>,
    pub(crate) min_i64: unsafe fn(usize, RawSrc<i64>) -> Option<i64>,
    pub(crate) max_i64: unsafe fn(usize, RawSrc<i64>) -> Option<i64>,
    pub(crate) min_u8: unsafe fn(usize, RawSrc<u8>) -> Option<u8>,
    pub(crate) max_u8: unsafe fn(usize, RawSrc<u8>) -> Option<u8>,
}

/// An integer element with exact sums, `min` and `max` (sealed: `i32`, `i64`, `u8`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no exact integer reductions",
    label = "needs `i32`, `i64` or `u8`",
    note = "the element types and what each computes: the `Element` trait's docs, or the README's \"Element types\" table"
)]
pub trait IntElement:
    crate::Element + Copy + Ord + bytemuck::Pod + std::fmt::Debug + sealed::Sealed
{
    /// The type of an exact sum: `i64` for `i32` and `i64`, `u64` for `u8`.
    type Sum: Copy + std::fmt::Debug + PartialEq;
    #[doc(hidden)]
    unsafe fn sum_raw(k: &IntKernels, n: usize, x: RawSrc<Self>) -> Result<Self::Sum, KernelError>;
    #[doc(hidden)]
    unsafe fn min_raw(k: &IntKernels, n: usize, x: RawSrc<Self>) -> Option<Self>;
    #[doc(hidden)]
    unsafe fn max_raw(k: &IntKernels, n: usize, x: RawSrc<Self>) -> Option<Self>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for i32 {}
    impl Sealed for i64 {}
    impl Sealed for u8 {}
}

macro_rules! int_element {
    ($($t:ident => $out:ident: $sum:ident, $min:ident, $max:ident;)*) => {$(
        impl IntElement for $t {
            type Sum = $out;
            unsafe fn sum_raw(k: &IntKernels, n: usize, x: RawSrc<$t>) -> Result<$out, KernelError> {
                // SAFETY: forwarded caller contract.
                let s = unsafe { (k.$sum)(n, x) };
                $out::try_from(s).map_err(|_| KernelError::Overflow { op: concat!("sum of ", stringify!($t)), value: s.to_string() })
            }
            unsafe fn min_raw(k: &IntKernels, n: usize, x: RawSrc<$t>) -> Option<$t> {
                // SAFETY: forwarded caller contract.
                unsafe { (k.$min)(n, x) }
            }
            unsafe fn max_raw(k: &IntKernels, n: usize, x: RawSrc<$t>) -> Option<$t> {
                // SAFETY: forwarded caller contract.
                unsafe { (k.$max)(n, x) }
            }
        }
    )*};
}
int_element! {
    i32 => i64: sum_i32, min_i32, max_i32;
    i64 => i64: sum_i64, min_i64, max_i64;
    u8 => u64: sum_u8, min_u8, max_u8;
}

impl IntKernels {
    /// The ISA these kernels were compiled for.
    pub fn isa(&self) -> crate::Isa {
        self.isa
    }
}
