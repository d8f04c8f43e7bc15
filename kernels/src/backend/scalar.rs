//! The portable backend: one lane, plain Rust arithmetic.
//!
//! It runs the same generic kernel bodies as the SIMD backends (loop structure,
//! operand forms, the `maximum`/`fmax` formulas), so the scalar ISA — and Miri,
//! which runs only this backend — exercise the shared kernel code.

use super::{Backend, Simd};
use crate::Float;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Scalar;

impl Backend for Scalar {
    #[inline(always)]
    unsafe fn new_unchecked() -> Self {
        Scalar
    }
}

impl<T: Float> super::Transpose<T> for Scalar {
    const TBLOCK: usize = 1;
    #[inline(always)]
    unsafe fn transpose_block(self, src: *const u8, _ss: isize, dst: *mut u8, _ds: isize) {
        // SAFETY: one readable source and one writable destination element (caller).
        unsafe {
            dst.cast::<T>()
                .write_unaligned(src.cast::<T>().read_unaligned())
        }
    }
}

impl<T: Float> Simd<T> for Scalar {
    type V = T;
    type M = bool;
    const LANES: usize = 1;

    #[inline(always)]
    fn splat(self, x: T) -> T {
        x
    }
    #[inline(always)]
    unsafe fn load(self, p: *const T) -> T {
        // SAFETY: the caller guarantees `p` points at a readable T.
        unsafe { p.read_unaligned() }
    }
    #[inline(always)]
    unsafe fn load_partial(self, _p: *const T, _n: usize) -> T {
        // With one lane a partial vector is empty (n == 0).
        T::ONE
    }
    #[inline(always)]
    unsafe fn gather(self, p: *const u8, _stride: isize, n: usize) -> T {
        if n == 0 {
            return T::ONE;
        }
        // SAFETY: the caller guarantees element 0 at `p` is readable.
        unsafe { p.cast::<T>().read_unaligned() }
    }
    #[inline(always)]
    unsafe fn store(self, p: *mut T, v: T) {
        // SAFETY: the caller guarantees `p` points at a writable T.
        unsafe { p.write_unaligned(v) }
    }
    #[inline(always)]
    unsafe fn store_partial(self, _p: *mut T, _n: usize, _v: T) {}
    #[inline(always)]
    fn pad_ones(self, v: T, n: usize) -> T {
        if n >= 1 {
            v
        } else {
            T::ONE
        }
    }

    #[inline(always)]
    fn add(self, a: T, b: T) -> T {
        a.add(b)
    }
    #[inline(always)]
    fn sub(self, a: T, b: T) -> T {
        a.sub(b)
    }
    #[inline(always)]
    fn mul(self, a: T, b: T) -> T {
        a.mul(b)
    }
    #[inline(always)]
    fn div(self, a: T, b: T) -> T {
        a.div(b)
    }
    #[inline(always)]
    fn sqrt(self, a: T) -> T {
        a.sqrt()
    }
    #[inline(always)]
    fn mul_add(self, a: T, b: T, c: T) -> T {
        a.mul_add(b, c)
    }
    #[inline(always)]
    fn neg(self, a: T) -> T {
        a.neg()
    }
    #[inline(always)]
    fn abs(self, a: T) -> T {
        a.abs()
    }
    #[inline(always)]
    fn max_raw(self, a: T, b: T) -> T {
        if a > b {
            a
        } else {
            b
        }
    }
    #[inline(always)]
    fn min_raw(self, a: T, b: T) -> T {
        if a < b {
            a
        } else {
            b
        }
    }
    #[inline(always)]
    fn eq(self, a: T, b: T) -> bool {
        a == b
    }
    #[inline(always)]
    fn unord(self, a: T, b: T) -> bool {
        a.is_nan() || b.is_nan()
    }
    #[inline(always)]
    fn select(self, m: bool, t: T, f: T) -> T {
        if m {
            t
        } else {
            f
        }
    }
    #[inline(always)]
    fn bit_and(self, a: T, b: T) -> T {
        a.bit_and(b)
    }
    #[inline(always)]
    fn bit_or(self, a: T, b: T) -> T {
        a.bit_or(b)
    }
}
