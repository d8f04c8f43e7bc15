//! AVX-512 backend (x86-64-v4: F/BW/CD/DQ/VL): 512-bit vectors, 16 × f32 or 8 × f64.
//!
//! Tails are AVX-512's native masked loads and stores (`vmovups` with a `k`
//! mask built by `bzhi`), which suppress faults on inactive lanes, with the
//! inactive lanes merged from a vector of `1.0`. Comparisons produce `k` masks
//! and selection is `vblendmps`. Strided full vectors are two 256-bit halves
//! of scalar loads (faster than a 16-lane `vgather` on Zen 4); strided tails
//! use masked `vgather` with byte offsets (scale 1).

use super::{Backend, Simd};
use std::arch::x86_64::*;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx512(());

impl Backend for Avx512 {
    #[inline(always)]
    unsafe fn new_unchecked() -> Self {
        Avx512(())
    }
}

/// `k` mask with the first `n <= 16` lanes set.
#[inline(always)]
fn kmask(n: usize) -> u32 {
    debug_assert!(n <= 16);
    // SAFETY: BMI2 is part of the avx512 ISA's features, enabled in every caller.
    unsafe { _bzhi_u32(u32::MAX, n as u32) }
}

macro_rules! avx512_float {
    (
        $t:ty, $v:ty, $m:ty, $lanes:literal, $set1:ident, $loadu:ident, $storeu:ident,
        $mask_loadu:ident, $mask_storeu:ident, $blend:ident, $add:ident, $sub:ident,
        $mul:ident, $div:ident, $sqrt:ident, $fmadd:ident, $xor:ident, $abs:ident,
        $and:ident, $or:ident, $max:ident, $min:ident, $cmp:ident, $stream:ident
    ) => {
        // SAFETY (whole impl): an `Avx512` token exists only when the CPU has the
        // avx512 ISA's features, and these methods are inlined into functions
        // compiled with them; pointer arguments are the callers' contract.
        impl Simd<$t> for Avx512 {
            type V = $v;
            type M = $m;
            const LANES: usize = $lanes;

            super::forward_ops!($v;
                binary { add => $add, sub => $sub, mul => $mul, div => $div, max_raw => $max,
                         min_raw => $min, bit_and => $and, bit_or => $or }
                unary { sqrt => $sqrt, abs => $abs });

            #[inline(always)]
            fn splat(self, x: $t) -> $v {
                unsafe { $set1(x) }
            }
            #[inline(always)]
            unsafe fn load(self, p: *const $t) -> $v {
                unsafe { $loadu(p) }
            }
            #[inline(always)]
            unsafe fn load_partial(self, p: *const $t, n: usize) -> $v {
                unsafe { $mask_loadu($set1(1.0), kmask(n) as $m, p) }
            }
            #[inline(always)]
            unsafe fn store(self, p: *mut $t, v: $v) {
                unsafe { $storeu(p, v) }
            }
            #[inline(always)]
            unsafe fn store_partial(self, p: *mut $t, n: usize, v: $v) {
                unsafe { $mask_storeu(p, kmask(n) as $m, v) }
            }
            #[inline(always)]
            fn pad_ones(self, v: $v, n: usize) -> $v {
                unsafe { $blend(kmask(n) as $m, $set1(1.0), v) }
            }
            #[inline(always)]
            unsafe fn gather(self, p: *const u8, stride: isize, n: usize) -> $v {
                unsafe { <$t as Gather>::gather(p, stride, n) }
            }
            #[inline(always)]
            unsafe fn gather_full(self, p: *const u8, stride: isize) -> $v {
                unsafe { <$t as Gather>::gather_full(p, stride) }
            }
            const STREAM_ALIGN: usize = 64;
            #[inline(always)]
            unsafe fn store_stream(self, p: *mut $t, v: $v) {
                unsafe { $stream(p, v) }
            }
            #[inline(always)]
            fn stream_fence(self) {
                unsafe { _mm_sfence() }
            }
            #[inline(always)]
            fn mul_add(self, a: $v, b: $v, c: $v) -> $v {
                unsafe { $fmadd(a, b, c) }
            }
            #[inline(always)]
            fn neg(self, a: $v) -> $v {
                unsafe { $xor(a, $set1(-0.0)) }
            }
            #[inline(always)]
            fn eq(self, a: $v, b: $v) -> $m {
                unsafe { $cmp::<_CMP_EQ_OQ>(a, b) }
            }
            #[inline(always)]
            fn unord(self, a: $v, b: $v) -> $m {
                unsafe { $cmp::<_CMP_UNORD_Q>(a, b) }
            }
            #[inline(always)]
            fn select(self, m: $m, t: $v, f: $v) -> $v {
                unsafe { $blend(m, f, t) }
            }
        }
    };
}

avx512_float!(
    f32,
    __m512,
    __mmask16,
    16,
    _mm512_set1_ps,
    _mm512_loadu_ps,
    _mm512_storeu_ps,
    _mm512_mask_loadu_ps,
    _mm512_mask_storeu_ps,
    _mm512_mask_blend_ps,
    _mm512_add_ps,
    _mm512_sub_ps,
    _mm512_mul_ps,
    _mm512_div_ps,
    _mm512_sqrt_ps,
    _mm512_fmadd_ps,
    _mm512_xor_ps,
    _mm512_abs_ps,
    _mm512_and_ps,
    _mm512_or_ps,
    _mm512_max_ps,
    _mm512_min_ps,
    _mm512_cmp_ps_mask,
    _mm512_stream_ps
);
avx512_float!(
    f64,
    __m512d,
    __mmask8,
    8,
    _mm512_set1_pd,
    _mm512_loadu_pd,
    _mm512_storeu_pd,
    _mm512_mask_loadu_pd,
    _mm512_mask_storeu_pd,
    _mm512_mask_blend_pd,
    _mm512_add_pd,
    _mm512_sub_pd,
    _mm512_mul_pd,
    _mm512_div_pd,
    _mm512_sqrt_pd,
    _mm512_fmadd_pd,
    _mm512_xor_pd,
    _mm512_abs_pd,
    _mm512_and_pd,
    _mm512_or_pd,
    _mm512_max_pd,
    _mm512_min_pd,
    _mm512_cmp_pd_mask,
    _mm512_stream_pd
);

/// Masked hardware gathers with byte offsets `k * stride` (tails), and
/// full vectors from scalar loads.
trait Gather {
    type V;
    unsafe fn gather(p: *const u8, stride: isize, n: usize) -> Self::V;
    /// A full vector as two 256-bit halves of scalar loads and inserts (the
    /// AVX2 row's `gather_full`), joined: on Zen 4 a strided add runs at
    /// 2.7 ms with these against 7.2 ms with a 16-lane `vgatherdps`
    /// (`view/colslice2+contig`, 2048² f32).
    unsafe fn gather_full(p: *const u8, stride: isize) -> Self::V;
}

impl Gather for f32 {
    type V = __m512;
    #[inline(always)]
    unsafe fn gather_full(p: *const u8, st: isize) -> __m512 {
        // SAFETY: elements 0..16 are readable (caller); the halves start at
        // elements 0 and 8.
        unsafe {
            let lo = super::avx2::gather_full_f32(p, st);
            let hi = super::avx2::gather_full_f32(p.offset(8 * st), st);
            _mm512_insertf32x8::<1>(_mm512_castps256_ps512(lo), hi)
        }
    }
    #[inline(always)]
    unsafe fn gather(p: *const u8, stride: isize, n: usize) -> __m512 {
        // 32-bit offsets reach 15 * stride; beyond that use the portable path.
        if stride.unsigned_abs() > (i32::MAX / 16) as usize {
            // SAFETY: forwarded caller contract.
            return unsafe { super::portable_gather::<f32, Avx512>(Avx512(()), p, stride, n) };
        }
        // SAFETY: lanes k < n address readable f32s (caller); masked lanes are not accessed.
        unsafe {
            let lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            let offsets = _mm512_mullo_epi32(_mm512_set1_epi32(stride as i32), lane);
            _mm512_mask_i32gather_ps::<1>(_mm512_set1_ps(1.0), kmask(n) as u16, offsets, p.cast())
        }
    }
}

impl Gather for f64 {
    type V = __m512d;
    #[inline(always)]
    unsafe fn gather_full(p: *const u8, st: isize) -> __m512d {
        // SAFETY: elements 0..8 are readable (caller); the halves start at
        // elements 0 and 4.
        unsafe {
            let lo = super::avx2::gather_full_f64(p, st);
            let hi = super::avx2::gather_full_f64(p.offset(4 * st), st);
            _mm512_insertf64x4::<1>(_mm512_castpd256_pd512(lo), hi)
        }
    }
    #[inline(always)]
    unsafe fn gather(p: *const u8, stride: isize, n: usize) -> __m512d {
        // SAFETY: lanes k < n address readable f64s (caller); masked lanes are not accessed.
        unsafe {
            let lane = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
            let offsets = _mm512_mullo_epi64(_mm512_set1_epi64(stride as i64), lane);
            _mm512_mask_i64gather_pd::<1>(_mm512_set1_pd(1.0), kmask(n) as u8, offsets, p.cast())
        }
    }
}

super::avx2::avx_transpose!(Avx512);
