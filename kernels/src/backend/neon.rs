//! NEON backend (aarch64 Advanced SIMD): 128-bit vectors, 4 × f32 or 2 × f64.
//!
//! NEON has no masked loads, so a tail goes through a small stack buffer
//! pre-filled with `1.0`: copy the `n` live elements in, one vector load; the
//! store side is the mirror image. A tail is at most 3 elements, so this costs
//! a few cycles once per call. `maximum`/`minimum` are NEON's `fmax`/`fmin`,
//! which already implement IEEE 754-2019 (NaN-propagating, `-0 < +0`); the
//! NaN-ignoring `fmax`/`fmin` kernels keep the shared formula so that a
//! signalling NaN is ignored exactly as the reference ignores it.

use super::{Backend, Simd};
use std::arch::aarch64::*;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Neon(());

impl Backend for Neon {
    #[inline(always)]
    unsafe fn new_unchecked() -> Self {
        Neon(())
    }
}

macro_rules! neon_float {
    (
        $t:ty, $v:ty, $m:ty, $lanes:literal, $dup:ident, $ld1:ident, $st1:ident,
        $add:ident, $sub:ident, $mul:ident, $div:ident, $sqrt:ident, $fma:ident,
        $neg:ident, $abs:ident, $fmax:ident, $fmin:ident, $ceq:ident, $cgt:ident,
        $clt:ident, $bsl:ident, $and:ident, $orr:ident, $mvn:ident, $to_bits:ident,
        $from_bits:ident
    ) => {
        // SAFETY (whole impl): a `Neon` token exists only when the CPU has NEON,
        // and these methods are inlined into functions compiled with it; pointer
        // arguments are the callers' contract.
        impl Simd<$t> for Neon {
            type V = $v;
            type M = $m;
            const LANES: usize = $lanes;

            super::forward_ops!($v;
                binary { add => $add, sub => $sub, mul => $mul, div => $div,
                         maximum => $fmax, minimum => $fmin }
                unary { sqrt => $sqrt, neg => $neg, abs => $abs });

            #[inline(always)]
            fn splat(self, x: $t) -> $v {
                unsafe { $dup(x) }
            }
            #[inline(always)]
            unsafe fn load(self, p: *const $t) -> $v {
                unsafe { $ld1(p) }
            }
            #[inline(always)]
            unsafe fn load_partial(self, p: *const $t, n: usize) -> $v {
                let mut buf = [1.0 as $t; $lanes];
                unsafe {
                    // Bytes, so an element-unaligned `p` is fine.
                    core::ptr::copy_nonoverlapping(
                        p.cast::<u8>(),
                        buf.as_mut_ptr().cast::<u8>(),
                        n * core::mem::size_of::<$t>(),
                    );
                    $ld1(buf.as_ptr())
                }
            }
            #[inline(always)]
            unsafe fn store(self, p: *mut $t, v: $v) {
                unsafe { $st1(p, v) }
            }
            #[inline(always)]
            unsafe fn store_partial(self, p: *mut $t, n: usize, v: $v) {
                let mut buf = [0.0 as $t; $lanes];
                unsafe {
                    $st1(buf.as_mut_ptr(), v);
                    core::ptr::copy_nonoverlapping(
                        buf.as_ptr().cast::<u8>(),
                        p.cast::<u8>(),
                        n * core::mem::size_of::<$t>(),
                    );
                }
            }
            #[inline(always)]
            fn pad_ones(self, v: $v, n: usize) -> $v {
                let mut buf = [1.0 as $t; $lanes];
                unsafe {
                    let mut all = [0.0 as $t; $lanes];
                    $st1(all.as_mut_ptr(), v);
                    buf[..n].copy_from_slice(&all[..n]);
                    $ld1(buf.as_ptr())
                }
            }
            #[inline(always)]
            fn mul_add(self, a: $v, b: $v, c: $v) -> $v {
                // vfmaq(c, a, b) = c + a * b, fused.
                unsafe { $fma(c, a, b) }
            }
            #[inline(always)]
            fn max_raw(self, a: $v, b: $v) -> $v {
                unsafe { $bsl($cgt(a, b), a, b) }
            }
            #[inline(always)]
            fn min_raw(self, a: $v, b: $v) -> $v {
                unsafe { $bsl($clt(a, b), a, b) }
            }
            #[inline(always)]
            fn eq(self, a: $v, b: $v) -> $m {
                unsafe { $ceq(a, b) }
            }
            #[inline(always)]
            fn unord(self, a: $v, b: $v) -> $m {
                unsafe { $mvn($and($ceq(a, a), $ceq(b, b))) }
            }
            #[inline(always)]
            fn select(self, m: $m, t: $v, f: $v) -> $v {
                unsafe { $bsl(m, t, f) }
            }
            #[inline(always)]
            fn bit_and(self, a: $v, b: $v) -> $v {
                unsafe { $from_bits($and($to_bits(a), $to_bits(b))) }
            }
            #[inline(always)]
            fn bit_or(self, a: $v, b: $v) -> $v {
                unsafe { $from_bits($orr($to_bits(a), $to_bits(b))) }
            }
        }
    };
}

/// `vmvnq` does not exist for 64-bit lanes; NOT through the 32-bit view.
#[inline(always)]
unsafe fn vmvnq_u64(a: uint64x2_t) -> uint64x2_t {
    // SAFETY: pure register operation, NEON enabled by the caller.
    unsafe { vreinterpretq_u64_u32(vmvnq_u32(vreinterpretq_u32_u64(a))) }
}

neon_float!(
    f32,
    float32x4_t,
    uint32x4_t,
    4,
    vdupq_n_f32,
    vld1q_f32,
    vst1q_f32,
    vaddq_f32,
    vsubq_f32,
    vmulq_f32,
    vdivq_f32,
    vsqrtq_f32,
    vfmaq_f32,
    vnegq_f32,
    vabsq_f32,
    vmaxq_f32,
    vminq_f32,
    vceqq_f32,
    vcgtq_f32,
    vcltq_f32,
    vbslq_f32,
    vandq_u32,
    vorrq_u32,
    vmvnq_u32,
    vreinterpretq_u32_f32,
    vreinterpretq_f32_u32
);
neon_float!(
    f64,
    float64x2_t,
    uint64x2_t,
    2,
    vdupq_n_f64,
    vld1q_f64,
    vst1q_f64,
    vaddq_f64,
    vsubq_f64,
    vmulq_f64,
    vdivq_f64,
    vsqrtq_f64,
    vfmaq_f64,
    vnegq_f64,
    vabsq_f64,
    vmaxq_f64,
    vminq_f64,
    vceqq_f64,
    vcgtq_f64,
    vcltq_f64,
    vbslq_f64,
    vandq_u64,
    vorrq_u64,
    vmvnq_u64,
    vreinterpretq_u64_f64,
    vreinterpretq_f64_u64
);

// SAFETY (both impls): the token proves NEON is available; pointer arguments
// are the caller's contract (unaligned loads and stores).
impl super::Transpose<f32> for Neon {
    const TBLOCK: usize = 4;
    #[inline(always)]
    unsafe fn transpose_block(self, src: *const u8, ss: isize, dst: *mut u8, ds: isize) {
        // SAFETY: see the impl note. `trn` pairs rows, then 64-bit halves recombine.
        unsafe {
            let ld = |k: isize| vld1q_f32(src.offset(k * ss).cast());
            let a = vtrnq_f32(ld(0), ld(1));
            let b = vtrnq_f32(ld(2), ld(3));
            let st = |k: isize, v: float32x4_t| vst1q_f32(dst.offset(k * ds).cast(), v);
            st(0, vcombine_f32(vget_low_f32(a.0), vget_low_f32(b.0)));
            st(1, vcombine_f32(vget_low_f32(a.1), vget_low_f32(b.1)));
            st(2, vcombine_f32(vget_high_f32(a.0), vget_high_f32(b.0)));
            st(3, vcombine_f32(vget_high_f32(a.1), vget_high_f32(b.1)));
        }
    }
}

impl super::Transpose<f64> for Neon {
    const TBLOCK: usize = 2;
    #[inline(always)]
    unsafe fn transpose_block(self, src: *const u8, ss: isize, dst: *mut u8, ds: isize) {
        // SAFETY: see the impl note.
        unsafe {
            let (r0, r1) = (vld1q_f64(src.cast()), vld1q_f64(src.offset(ss).cast()));
            vst1q_f64(dst.cast(), vzip1q_f64(r0, r1));
            vst1q_f64(dst.offset(ds).cast(), vzip2q_f64(r0, r1));
        }
    }
}
