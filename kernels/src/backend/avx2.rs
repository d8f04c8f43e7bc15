//! AVX2 + FMA backend (x86-64-v3): 256-bit vectors, 8 × f32 or 4 × f64.
//!
//! Tails use `vmaskmov` loads and stores driven by a sliding window over a
//! constant mask table (`MASK_*[LANES - n ..]`), so no scalar tail loop runs and
//! no byte past the operand is touched; masked-off lanes are then blended to
//! `1.0`. Strided loads use `vgather` with byte offsets (scale 1), so a stride
//! need not be a multiple of the element size; the masked gather form never
//! touches inactive lanes' addresses. `max_raw` is `vmaxps` itself, whose
//! "second operand on NaN or equality" rule is exactly the trait's contract.

use super::{Backend, Simd};
use std::arch::x86_64::*;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx2(());

impl Backend for Avx2 {
    #[inline(always)]
    unsafe fn new_unchecked() -> Self {
        Avx2(())
    }
}

/// `[-1; 8]` then `[0; 8]`: the 8 entries starting at `8 - n` have their first `n` set.
static MASK_32: [i32; 16] = [-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0];
/// The same for 64-bit lanes.
static MASK_64: [i64; 8] = [-1, -1, -1, -1, 0, 0, 0, 0];

/// Integer lane mask with the first `n <= 8` 32-bit lanes set.
#[inline(always)]
fn mask_32(n: usize) -> __m256i {
    debug_assert!(n <= 8);
    // SAFETY: `8 - n + 8 <= 16`, the table's length; AVX is enabled by the caller's ISA.
    unsafe { _mm256_loadu_si256(MASK_32.as_ptr().add(8 - n).cast()) }
}

/// Integer lane mask with the first `n <= 4` 64-bit lanes set.
#[inline(always)]
fn mask_64(n: usize) -> __m256i {
    debug_assert!(n <= 4);
    // SAFETY: `4 - n + 4 <= 8`, the table's length.
    unsafe { _mm256_loadu_si256(MASK_64.as_ptr().add(4 - n).cast()) }
}

macro_rules! avx2_float {
    (
        $t:ty, $v:ty, $lanes:literal, $mask:ident, $castmask:ident,
        $set1:ident, $loadu:ident, $storeu:ident, $maskload:ident, $maskstore:ident,
        $blendv:ident, $add:ident, $sub:ident, $mul:ident, $div:ident, $sqrt:ident,
        $fmadd:ident, $xor:ident, $andnot:ident, $and:ident, $or:ident, $max:ident,
        $min:ident, $cmp:ident, $stream:ident
    ) => {
        // SAFETY (whole impl): an `Avx2` token exists only when the CPU has the
        // avx2 ISA's features, and these methods are inlined into functions
        // compiled with them; pointer arguments are the callers' contract.
        impl Simd<$t> for Avx2 {
            type V = $v;
            type M = $v;
            const LANES: usize = $lanes;

            super::forward_ops!($v;
                binary { add => $add, sub => $sub, mul => $mul, div => $div, max_raw => $max,
                         min_raw => $min, bit_and => $and, bit_or => $or }
                unary { sqrt => $sqrt });

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
                let m = $mask(n);
                unsafe { $blendv($set1(1.0), $maskload(p, m), $castmask(m)) }
            }
            #[inline(always)]
            unsafe fn store(self, p: *mut $t, v: $v) {
                unsafe { $storeu(p, v) }
            }
            #[inline(always)]
            unsafe fn store_partial(self, p: *mut $t, n: usize, v: $v) {
                unsafe { $maskstore(p, $mask(n), v) }
            }
            #[inline(always)]
            fn pad_ones(self, v: $v, n: usize) -> $v {
                unsafe { $blendv($set1(1.0), v, $castmask($mask(n))) }
            }
            #[inline(always)]
            unsafe fn gather(self, p: *const u8, stride: isize, n: usize) -> $v {
                unsafe { gather::<$t>(p, stride, n) }
            }
            #[inline(always)]
            unsafe fn gather_full(self, p: *const u8, stride: isize) -> $v {
                unsafe { <$t as Gather>::gather_full(p, stride) }
            }
            const STREAM_ALIGN: usize = 32;
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
            fn abs(self, a: $v) -> $v {
                unsafe { $andnot($set1(-0.0), a) }
            }
            #[inline(always)]
            fn eq(self, a: $v, b: $v) -> $v {
                unsafe { $cmp::<_CMP_EQ_OQ>(a, b) }
            }
            #[inline(always)]
            fn unord(self, a: $v, b: $v) -> $v {
                unsafe { $cmp::<_CMP_UNORD_Q>(a, b) }
            }
            #[inline(always)]
            fn select(self, m: $v, t: $v, f: $v) -> $v {
                unsafe { $blendv(f, t, m) }
            }
        }
    };
}

avx2_float!(
    f32,
    __m256,
    8,
    mask_32,
    _mm256_castsi256_ps,
    _mm256_set1_ps,
    _mm256_loadu_ps,
    _mm256_storeu_ps,
    _mm256_maskload_ps,
    _mm256_maskstore_ps,
    _mm256_blendv_ps,
    _mm256_add_ps,
    _mm256_sub_ps,
    _mm256_mul_ps,
    _mm256_div_ps,
    _mm256_sqrt_ps,
    _mm256_fmadd_ps,
    _mm256_xor_ps,
    _mm256_andnot_ps,
    _mm256_and_ps,
    _mm256_or_ps,
    _mm256_max_ps,
    _mm256_min_ps,
    _mm256_cmp_ps,
    _mm256_stream_ps
);
avx2_float!(
    f64,
    __m256d,
    4,
    mask_64,
    _mm256_castsi256_pd,
    _mm256_set1_pd,
    _mm256_loadu_pd,
    _mm256_storeu_pd,
    _mm256_maskload_pd,
    _mm256_maskstore_pd,
    _mm256_blendv_pd,
    _mm256_add_pd,
    _mm256_sub_pd,
    _mm256_mul_pd,
    _mm256_div_pd,
    _mm256_sqrt_pd,
    _mm256_fmadd_pd,
    _mm256_xor_pd,
    _mm256_andnot_pd,
    _mm256_and_pd,
    _mm256_or_pd,
    _mm256_max_pd,
    _mm256_min_pd,
    _mm256_cmp_pd,
    _mm256_stream_pd
);

/// Hardware gathers with byte offsets `k * stride`.
trait Gather: Sized {
    type V;
    unsafe fn gather(p: *const u8, stride: isize, n: usize) -> Self::V;
    /// A full vector by scalar loads and inserts: on the CPUs measured (Zen 4)
    /// this beats `vgather`, and it avoids the store-forwarding stall of
    /// assembling the vector through memory.
    unsafe fn gather_full(p: *const u8, stride: isize) -> Self::V;
}

/// Element `k` of a strided run.
#[inline(always)]
unsafe fn at<T: Copy>(p: *const u8, stride: isize, k: isize) -> T {
    // SAFETY: the caller guarantees element k of the run is readable.
    unsafe { p.offset(k * stride).cast::<T>().read_unaligned() }
}

/// Eight f32s at `p + k * st` by scalar loads and inserts (the AVX-512 row
/// joins two of these for the strides without a form of its own).
///
/// # Safety
/// Elements 0..8 of the run are readable; the caller has AVX2.
#[inline(always)]
pub(super) unsafe fn gather_full_f32(p: *const u8, st: isize) -> __m256 {
    // SAFETY: caller contract.
    unsafe {
        let g = |k| at::<f32>(p, st, k);
        _mm256_setr_ps(g(0), g(1), g(2), g(3), g(4), g(5), g(6), g(7))
    }
}

/// Eight f32s at element steps -1, 2, 3 and 4 by whole-vector loads and
/// permutes; `None` for any other stride.
///
/// Every load lies between the run's first and last element (`ld(k)` reads
/// elements `k .. k + 8` of the underlying memory, counted from `p` in
/// elements), so nothing outside the operand is touched. One index vector
/// per step serves all its loads: each load's wanted elements land in the
/// lanes the blend takes from it.
///
/// # Safety
/// Elements 0..8 of the run are readable; the caller has AVX2.
#[inline(always)]
unsafe fn small_step_f32(p: *const u8, st: isize) -> Option<__m256> {
    let f = p.cast::<f32>();
    // Macros, not closures: a closure would not inherit the caller's target
    // features, and the intrinsics would be called out of line.
    macro_rules! ld {
        ($k:expr) => {
            _mm256_loadu_ps(f.offset($k))
        };
    }
    macro_rules! perm {
        ($v:expr, [$($i:expr),*]) => {
            _mm256_permutevar8x32_ps($v, _mm256_setr_epi32($($i),*))
        };
    }
    // SAFETY: `ld!(k)` reads elements k..k+LANES counted from `p`, used
    // only with the ranges named in each arm, all inside the run (caller
    // contract); the caller has AVX2.
    unsafe {
        Some(match st {
            // Elements -7..=0, reversed.
            -4 => perm!(ld!(-7), [7, 6, 5, 4, 3, 2, 1, 0]),
            // 0..8 holds 0,2,4,6; 7..15 holds 8,10,12,14 at lanes 1,3,5,7.
            8 => _mm256_blend_ps::<0xF0>(
                perm!(ld!(0), [0, 2, 4, 6, 1, 3, 5, 7]),
                perm!(ld!(7), [0, 2, 4, 6, 1, 3, 5, 7]),
            ),
            // 0..8 holds 0,3,6 at lanes 0,3,6 and 8..16 holds 9,12,15 at
            // 1,4,7: one blend, one permute. 14..22 holds 18,21 at 4,7.
            12 => {
                let ab = _mm256_blend_ps::<0x92>(ld!(0), ld!(8));
                let c = ld!(14);
                _mm256_blend_ps::<0xC0>(
                    perm!(ab, [0, 3, 6, 1, 4, 7, 4, 7]),
                    perm!(c, [0, 3, 6, 1, 4, 7, 4, 7]),
                )
            }
            // The loads at 0, 7, 14, 21 hold 0,4 | 8,12 | 16,20 | 24,28 at
            // lanes 0,4 | 1,5 | 2,6 | 3,7: three blends, one permute.
            16 => {
                let ab = _mm256_blend_ps::<0x22>(ld!(0), ld!(7));
                let cd = _mm256_blend_ps::<0x88>(ld!(14), ld!(21));
                perm!(_mm256_blend_ps::<0xCC>(ab, cd), [0, 4, 1, 5, 2, 6, 3, 7])
            }
            _ => return None,
        })
    }
}

/// Four f64s at `p + k * st` by scalar loads and inserts.
///
/// # Safety
/// Elements 0..4 of the run are readable; the caller has AVX2.
#[inline(always)]
pub(super) unsafe fn gather_full_f64(p: *const u8, st: isize) -> __m256d {
    // SAFETY: caller contract.
    unsafe {
        let g = |k| at::<f64>(p, st, k);
        _mm256_setr_pd(g(0), g(1), g(2), g(3))
    }
}

/// Four f64s at element steps -1, 2, 3 and 4 by whole-vector loads, one
/// permute at most and blends; `None` for any other stride (the rules of
/// [`small_step_f32`]).
///
/// # Safety
/// Elements 0..4 of the run are readable; the caller has AVX2.
#[inline(always)]
unsafe fn small_step_f64(p: *const u8, st: isize) -> Option<__m256d> {
    let f = p.cast::<f64>();
    macro_rules! ld {
        ($k:expr) => {
            _mm256_loadu_pd(f.offset($k))
        };
    }
    // SAFETY: `ld!(k)` reads elements k..k+LANES counted from `p`, used
    // only with the ranges named in each arm, all inside the run (caller
    // contract); the caller has AVX2.
    unsafe {
        Some(match st {
            // Elements -3..=0, reversed.
            -8 => _mm256_permute4x64_pd::<0x1B>(ld!(-3)),
            // 0..4 as [0,2,1,3] holds 0,2 at lanes 0,1; 3..7 as [3,5,4,6] holds 4,6 at 2,3.
            16 => _mm256_blend_pd::<0b1100>(
                _mm256_permute4x64_pd::<0xD8>(ld!(0)),
                _mm256_permute4x64_pd::<0xD8>(ld!(3)),
            ),
            // 0..4 as [0,3,..]; 4..8 holds 6 at lane 2; 6..10 holds 9 at lane 3.
            24 => {
                let a = _mm256_permute4x64_pd::<0xEC>(ld!(0));
                _mm256_blend_pd::<0b1000>(_mm256_blend_pd::<0b0100>(a, ld!(4)), ld!(6))
            }
            // Lane k of the load at element 3k is element 4k.
            32 => {
                let ab = _mm256_blend_pd::<0b0010>(ld!(0), ld!(3));
                _mm256_blend_pd::<0b1000>(_mm256_blend_pd::<0b0100>(ab, ld!(6)), ld!(9))
            }
            _ => return None,
        })
    }
}

#[inline(always)]
unsafe fn gather<T: Gather>(p: *const u8, stride: isize, n: usize) -> T::V {
    // SAFETY: forwarded caller contract.
    unsafe { T::gather(p, stride, n) }
}

impl Gather for f32 {
    type V = __m256;
    #[inline(always)]
    unsafe fn gather_full(p: *const u8, st: isize) -> __m256 {
        // SAFETY: forwarded caller contract.
        unsafe { small_step_f32(p, st).unwrap_or_else(|| gather_full_f32(p, st)) }
    }
    #[inline(always)]
    unsafe fn gather(p: *const u8, stride: isize, n: usize) -> __m256 {
        // 32-bit offsets reach 7 * stride; beyond that use the portable path.
        if stride.unsigned_abs() > (i32::MAX / 8) as usize {
            // SAFETY: forwarded caller contract.
            return unsafe { super::portable_gather::<f32, Avx2>(Avx2(()), p, stride, n) };
        }
        // SAFETY: lanes k < n address readable f32s (caller); masked lanes are not accessed.
        unsafe {
            let s = stride as i32;
            let offsets = _mm256_mullo_epi32(
                _mm256_set1_epi32(s),
                _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
            );
            _mm256_mask_i32gather_ps::<1>(
                _mm256_set1_ps(1.0),
                p.cast(),
                offsets,
                _mm256_castsi256_ps(mask_32(n)),
            )
        }
    }
}

impl Gather for f64 {
    type V = __m256d;
    #[inline(always)]
    unsafe fn gather_full(p: *const u8, st: isize) -> __m256d {
        // SAFETY: forwarded caller contract.
        unsafe { small_step_f64(p, st).unwrap_or_else(|| gather_full_f64(p, st)) }
    }
    #[inline(always)]
    unsafe fn gather(p: *const u8, stride: isize, n: usize) -> __m256d {
        // SAFETY: lanes k < n address readable f64s (caller); masked lanes are not accessed.
        unsafe {
            let s = stride as i64;
            let offsets = _mm256_setr_epi64x(0, s, 2 * s, 3 * s);
            _mm256_mask_i64gather_pd::<1>(
                _mm256_set1_pd(1.0),
                p.cast(),
                offsets,
                _mm256_castsi256_pd(mask_64(n)),
            )
        }
    }
}

/// 8 × 8 transpose of 32-bit elements: unpack pairs of rows, shuffle pairs of
/// pairs, then exchange 128-bit halves.
///
/// # Safety
/// AVX must be enabled; 8 rows of 8 elements readable at `src + k * ss` and
/// writable at `dst + k * ds`.
#[inline(always)]
pub(super) unsafe fn transpose_8x8_32(src: *const u8, ss: isize, dst: *mut u8, ds: isize) {
    // SAFETY: forwarded caller contract (unaligned loads and stores).
    unsafe {
        let ld = |k: isize| _mm256_loadu_ps(src.offset(k * ss).cast());
        let (r0, r1, r2, r3) = (ld(0), ld(1), ld(2), ld(3));
        let (r4, r5, r6, r7) = (ld(4), ld(5), ld(6), ld(7));
        let (t0, t1) = (_mm256_unpacklo_ps(r0, r1), _mm256_unpackhi_ps(r0, r1));
        let (t2, t3) = (_mm256_unpacklo_ps(r2, r3), _mm256_unpackhi_ps(r2, r3));
        let (t4, t5) = (_mm256_unpacklo_ps(r4, r5), _mm256_unpackhi_ps(r4, r5));
        let (t6, t7) = (_mm256_unpacklo_ps(r6, r7), _mm256_unpackhi_ps(r6, r7));
        let u0 = _mm256_shuffle_ps::<0x44>(t0, t2);
        let u1 = _mm256_shuffle_ps::<0xEE>(t0, t2);
        let u2 = _mm256_shuffle_ps::<0x44>(t1, t3);
        let u3 = _mm256_shuffle_ps::<0xEE>(t1, t3);
        let u4 = _mm256_shuffle_ps::<0x44>(t4, t6);
        let u5 = _mm256_shuffle_ps::<0xEE>(t4, t6);
        let u6 = _mm256_shuffle_ps::<0x44>(t5, t7);
        let u7 = _mm256_shuffle_ps::<0xEE>(t5, t7);
        let st = |k: isize, v: __m256| _mm256_storeu_ps(dst.offset(k * ds).cast(), v);
        st(0, _mm256_permute2f128_ps::<0x20>(u0, u4));
        st(1, _mm256_permute2f128_ps::<0x20>(u1, u5));
        st(2, _mm256_permute2f128_ps::<0x20>(u2, u6));
        st(3, _mm256_permute2f128_ps::<0x20>(u3, u7));
        st(4, _mm256_permute2f128_ps::<0x31>(u0, u4));
        st(5, _mm256_permute2f128_ps::<0x31>(u1, u5));
        st(6, _mm256_permute2f128_ps::<0x31>(u2, u6));
        st(7, _mm256_permute2f128_ps::<0x31>(u3, u7));
    }
}

/// 4 × 4 transpose of 64-bit elements: unpack pairs of rows, then exchange
/// 128-bit halves.
///
/// # Safety
/// As [`transpose_8x8_32`], for 4 rows of 4 elements.
#[inline(always)]
pub(super) unsafe fn transpose_4x4_64(src: *const u8, ss: isize, dst: *mut u8, ds: isize) {
    // SAFETY: forwarded caller contract (unaligned loads and stores).
    unsafe {
        let ld = |k: isize| _mm256_loadu_pd(src.offset(k * ss).cast());
        let (r0, r1, r2, r3) = (ld(0), ld(1), ld(2), ld(3));
        let (t0, t1) = (_mm256_unpacklo_pd(r0, r1), _mm256_unpackhi_pd(r0, r1));
        let (t2, t3) = (_mm256_unpacklo_pd(r2, r3), _mm256_unpackhi_pd(r2, r3));
        let st = |k: isize, v: __m256d| _mm256_storeu_pd(dst.offset(k * ds).cast(), v);
        st(0, _mm256_permute2f128_pd::<0x20>(t0, t2));
        st(1, _mm256_permute2f128_pd::<0x20>(t1, t3));
        st(2, _mm256_permute2f128_pd::<0x31>(t0, t2));
        st(3, _mm256_permute2f128_pd::<0x31>(t1, t3));
    }
}

/// Brings the cache line at `p` into L1 (any address: a prefetch never faults).
#[inline(always)]
pub(super) fn prefetch_t0(p: *const u8) {
    // SAFETY: `prefetcht0` is SSE (baseline x86-64) and never faults.
    unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast()) }
}

/// Implements [`super::Transpose`] for an x86 backend with the AVX blocks above
/// (AVX-512 reuses them: its feature set includes AVX2).
macro_rules! avx_transpose {
    ($backend:ty) => {
        // SAFETY (both impls): the token proves AVX is available.
        impl super::Transpose<f32> for $backend {
            const TBLOCK: usize = 8;
            #[inline(always)]
            fn prefetch(self, p: *const u8) {
                super::avx2::prefetch_t0(p)
            }
            #[inline(always)]
            unsafe fn transpose_block(self, src: *const u8, ss: isize, dst: *mut u8, ds: isize) {
                // SAFETY: forwarded caller contract.
                unsafe { super::avx2::transpose_8x8_32(src, ss, dst, ds) }
            }
        }
        impl super::Transpose<f64> for $backend {
            const TBLOCK: usize = 4;
            #[inline(always)]
            fn prefetch(self, p: *const u8) {
                super::avx2::prefetch_t0(p)
            }
            #[inline(always)]
            unsafe fn transpose_block(self, src: *const u8, ss: isize, dst: *mut u8, ds: isize) {
                // SAFETY: forwarded caller contract.
                unsafe { super::avx2::transpose_4x4_64(src, ss, dst, ds) }
            }
        }
    };
}
pub(super) use avx_transpose;
avx_transpose!(Avx2);
