//! Explicit x86 loops for the two mask kernels the compiler vectorises
//! poorly from the generic body: float comparisons into mask bytes and
//! counting a mask's non-zero bytes.
//!
//! * **Compare** (`f32`, `f64`; AVX2, also run by the AVX-512 row): 32
//!   elements per step — the `vcmpps`/`vcmppd` results become 32 bits with
//!   `vmovmskps`/`vmovmskpd`, and one byte expander turns 32 bits into 32
//!   mask bytes (broadcast, `vpshufb` each byte of the word to eight lanes,
//!   test one bit per lane). The generic body narrowed lane by lane through
//!   memory instead (5× slower on 262,144 elements).
//! * **Count**: AVX2 counts the zero bytes with `vpcmpeqb` + `vpsubb` into
//!   byte counters (at most 255 steps before `vpsadbw` widens them);
//!   AVX-512 counts `vptestmb` mask bits with `popcnt`, 64 bytes a step.
//!
//! Each function does the leading whole steps and returns how many
//! elements it did; the generic body finishes the rest, so tails and every
//! other layout stay on the one proved path. The predicates are IEEE 754's
//! ordered ones (false with a NaN) except `!=` (unordered: true with a NaN),
//! NumPy's and the reference's semantics.

use std::arch::x86_64::*;

/// One comparison operand: a contiguous run or one broadcast value.
#[derive(Clone, Copy)]
pub(crate) enum Side<T> {
    /// `n` elements from here.
    Slice(*const T),
    /// The same value for every element.
    Value(T),
}

/// A float type with AVX2 compares: `LANES` per `__m256`/`__m256d`.
pub(crate) trait CmpLanes: Copy {
    /// Elements per 256-bit vector.
    const LANES: usize;
    /// The comparison bits of `LANES` elements from `i` (bit `k`: element `i + k`).
    ///
    /// # Safety
    /// AVX2; a slice side holds elements `i .. i + LANES`.
    unsafe fn bits<const OP: u8>(a: Side<Self>, b: Side<Self>, i: usize) -> u32;
}

/// `_mm256_cmp_*` with NumPy's predicate for op `OP` (0 `==`, 1 `!=`,
/// 2 `<`, 3 `<=`, 4 `>`, 5 `>=`), folded by the constant.
macro_rules! cmp_by_op {
    ($cmp:ident, $op:expr, $x:expr, $y:expr) => {
        match $op {
            0 => $cmp::<_CMP_EQ_OQ>($x, $y),
            1 => $cmp::<_CMP_NEQ_UQ>($x, $y),
            2 => $cmp::<_CMP_LT_OQ>($x, $y),
            3 => $cmp::<_CMP_LE_OQ>($x, $y),
            4 => $cmp::<_CMP_GT_OQ>($x, $y),
            _ => $cmp::<_CMP_GE_OQ>($x, $y),
        }
    };
}

impl CmpLanes for f32 {
    const LANES: usize = 8;
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn bits<const OP: u8>(a: Side<f32>, b: Side<f32>, i: usize) -> u32 {
        // SAFETY: caller contract (8 readable elements of a slice side).
        let load = |s: Side<f32>| unsafe {
            match s {
                Side::Slice(p) => _mm256_loadu_ps(p.add(i)),
                Side::Value(v) => _mm256_set1_ps(v),
            }
        };
        let m = cmp_by_op!(_mm256_cmp_ps, OP, load(a), load(b));
        _mm256_movemask_ps(m) as u32
    }
}

impl CmpLanes for f64 {
    const LANES: usize = 4;
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn bits<const OP: u8>(a: Side<f64>, b: Side<f64>, i: usize) -> u32 {
        // SAFETY: caller contract (4 readable elements of a slice side).
        let load = |s: Side<f64>| unsafe {
            match s {
                Side::Slice(p) => _mm256_loadu_pd(p.add(i)),
                Side::Value(v) => _mm256_set1_pd(v),
            }
        };
        let m = cmp_by_op!(_mm256_cmp_pd, OP, load(a), load(b));
        _mm256_movemask_pd(m) as u32
    }
}

/// Byte `k` of the result is 1 where bit `k` of `bits` is set, else 0.
#[inline]
#[target_feature(enable = "avx2")]
fn bits_to_bytes(bits: u32) -> __m256i {
    let word = _mm256_set1_epi32(bits as i32);
    // Byte j of the result takes byte j / 8 of the word (within each
    // 128-bit lane the broadcast word repeats, so indices 2 and 3 work in
    // the upper lane too).
    let spread = _mm256_shuffle_epi8(
        word,
        _mm256_setr_epi8(
            0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3,
            3, 3, 3,
        ),
    );
    let bit = _mm256_set1_epi64x(0x8040_2010_0804_0201u64 as i64);
    let hit = _mm256_cmpeq_epi8(_mm256_and_si256(spread, bit), bit);
    _mm256_and_si256(hit, _mm256_set1_epi8(1))
}

/// `out[k] = (a[k] OP b[k]) as u8` for the leading multiple of 32 of `n`;
/// returns how many were written.
///
/// # Safety
/// AVX2; a slice side holds `n` elements; `out` is writable for `n` bytes
/// and overlaps no input.
#[target_feature(enable = "avx2")]
pub(crate) unsafe fn compare<T: CmpLanes, const OP: u8>(
    n: usize,
    a: Side<T>,
    b: Side<T>,
    out: *mut u8,
) -> usize {
    let step = 32;
    let mut i = 0;
    while i + step <= n {
        let mut bits = 0u32;
        let mut k = 0;
        while k < step {
            // SAFETY: elements i + k .. i + k + LANES < n (loop bounds).
            bits |= unsafe { T::bits::<OP>(a, b, i + k) } << k;
            k += T::LANES;
        }
        // SAFETY: bytes i .. i + 32 of `out` (caller contract).
        unsafe { _mm256_storeu_si256(out.add(i).cast(), bits_to_bytes(bits)) };
        i += step;
    }
    i
}

/// `(done, count)`: the non-zero bytes among the leading `done` (a
/// multiple of 32) of the `n` at `p`.
///
/// # Safety
/// AVX2; `n` bytes readable from `p`.
#[target_feature(enable = "avx2")]
pub(crate) unsafe fn count_avx2(n: usize, p: *const u8) -> (usize, usize) {
    let zero = _mm256_setzero_si256();
    let (mut i, mut zeros) = (0usize, 0u64);
    while i + 32 <= n {
        // At most 255 steps: a byte counter cannot overflow.
        let steps = ((n - i) / 32).min(255);
        let mut acc = zero;
        for _ in 0..steps {
            // SAFETY: bytes i .. i + 32 < n.
            let v = unsafe { _mm256_loadu_si256(p.add(i).cast()) };
            acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(v, zero));
            i += 32;
        }
        let s = _mm256_sad_epu8(acc, zero);
        let lanes = [
            _mm256_extract_epi64::<0>(s),
            _mm256_extract_epi64::<1>(s),
            _mm256_extract_epi64::<2>(s),
            _mm256_extract_epi64::<3>(s),
        ];
        zeros += lanes.iter().map(|&x| x as u64).sum::<u64>();
    }
    (i, i - zeros as usize)
}

/// [`count_avx2`] with AVX-512BW mask bits: 64 bytes a step.
///
/// # Safety
/// AVX-512F/BW; `n` bytes readable from `p`.
#[target_feature(enable = "avx512f,avx512bw,popcnt")]
pub(crate) unsafe fn count_avx512(n: usize, p: *const u8) -> (usize, usize) {
    let (mut i, mut count) = (0usize, 0usize);
    while i + 64 <= n {
        // SAFETY: bytes i .. i + 64 < n.
        let v = unsafe { _mm512_loadu_si512(p.add(i).cast()) };
        count += _mm512_test_epi8_mask(v, v).count_ones() as usize;
        i += 64;
    }
    (i, count)
}
