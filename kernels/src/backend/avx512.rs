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

/// Sixteen f32s at element steps -1, 2, 3 and 4 by whole-vector loads and
/// two-source permutes (`vpermt2ps`); `None` for any other stride.
///
/// Every load lies between the run's first and last element (`ld!(k)` reads
/// elements `k .. k + 16` of the memory, counted from `p` in elements), so
/// nothing outside the operand is touched. In a two-source index, values
/// 16 and up take the second vector's lane `value - 16`.
///
/// # Safety
/// Elements 0..16 of the run are readable; the caller has the avx512 ISA.
#[inline(always)]
unsafe fn small_step_f32(p: *const u8, st: isize) -> Option<__m512> {
    let f = p.cast::<f32>();
    // Macros, not closures: a closure would not inherit the caller's target
    // features, and the intrinsics would be called out of line.
    macro_rules! ld {
        ($k:expr) => {
            _mm512_loadu_ps(f.offset($k))
        };
    }
    macro_rules! idx {
        ($($i:expr),*) => {
            _mm512_setr_epi32($($i),*)
        };
    }
    // SAFETY: the loads read only the ranges named in each arm, inside the
    // run (caller contract); the caller has AVX-512 F.
    unsafe {
        Some(match st {
            // Elements -15..=0, reversed.
            -4 => _mm512_permutexvar_ps(
                idx!(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
                ld!(-15),
            ),
            // 0..16 holds 0..=14 even; 15..31 holds 16..=30 at odd lanes.
            8 => _mm512_permutex2var_ps(
                ld!(0),
                idx!(0, 2, 4, 6, 8, 10, 12, 14, 17, 19, 21, 23, 25, 27, 29, 31),
                ld!(15),
            ),
            // 0..16 and 16..32 give lanes 0..=10 (0..=30); 30..46 gives 33..=45.
            12 => {
                let ab = _mm512_permutex2var_ps(
                    ld!(0),
                    idx!(0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 0, 0, 0, 0, 0),
                    ld!(16),
                );
                _mm512_permutex2var_ps(
                    ab,
                    idx!(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 19, 22, 25, 28, 31),
                    ld!(30),
                )
            }
            // The loads at 0, 15, 30, 45 hold the wanted elements at lanes
            // 4k, 4k+1, 4k+2, 4k+3 (k < 4): three blends, one permute.
            16 => {
                let ab = _mm512_mask_blend_ps(0x2222, ld!(0), ld!(15));
                let cd = _mm512_mask_blend_ps(0x8888, ld!(30), ld!(45));
                _mm512_permutexvar_ps(
                    idx!(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15),
                    _mm512_mask_blend_ps(0xCCCC, ab, cd),
                )
            }
            _ => return None,
        })
    }
}

/// Eight f64s at element steps -1, 2, 3 and 4 (the rules of
/// [`small_step_f32`]; values 8 and up take the second vector).
///
/// # Safety
/// Elements 0..8 of the run are readable; the caller has the avx512 ISA.
#[inline(always)]
unsafe fn small_step_f64(p: *const u8, st: isize) -> Option<__m512d> {
    let f = p.cast::<f64>();
    macro_rules! ld {
        ($k:expr) => {
            _mm512_loadu_pd(f.offset($k))
        };
    }
    macro_rules! idx {
        ($($i:expr),*) => {
            _mm512_setr_epi64($($i),*)
        };
    }
    // SAFETY: as in `small_step_f32`.
    unsafe {
        Some(match st {
            -8 => _mm512_permutexvar_pd(idx!(7, 6, 5, 4, 3, 2, 1, 0), ld!(-7)),
            // 0..8 holds 0,2,4,6; 7..15 holds 8..=14 at odd lanes.
            16 => _mm512_permutex2var_pd(ld!(0), idx!(0, 2, 4, 6, 9, 11, 13, 15), ld!(7)),
            // 0..8 and 8..16 give lanes 0..6 (0..=15); 14..22 gives 18, 21.
            24 => {
                let ab = _mm512_permutex2var_pd(ld!(0), idx!(0, 3, 6, 9, 12, 15, 0, 0), ld!(8));
                _mm512_permutex2var_pd(ab, idx!(0, 1, 2, 3, 4, 5, 12, 15), ld!(14))
            }
            // 0..8 and 8..16 give lanes 0..4; 16..24 and 21..29 lanes 4..8.
            32 => {
                let ab = _mm512_permutex2var_pd(ld!(0), idx!(0, 4, 8, 12, 0, 0, 0, 0), ld!(8));
                let cd = _mm512_permutex2var_pd(ld!(16), idx!(0, 0, 0, 0, 0, 4, 11, 15), ld!(21));
                _mm512_mask_blend_pd(0xF0, ab, cd)
            }
            _ => return None,
        })
    }
}

impl Gather for f32 {
    type V = __m512;
    #[inline(always)]
    unsafe fn gather_full(p: *const u8, st: isize) -> __m512 {
        // SAFETY: forwarded caller contract.
        if let Some(v) = unsafe { small_step_f32(p, st) } {
            return v;
        }
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
        // SAFETY: forwarded caller contract.
        if let Some(v) = unsafe { small_step_f64(p, st) } {
            return v;
        }
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
