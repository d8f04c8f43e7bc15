//! Byte-order swapping of 2-, 4-, 8- and 16-byte elements (any `Pod` type of
//! that size; 1-byte elements are copied unchanged).
//!
//! # Algorithm
//!
//! A byte swap is a fixed permutation of the bytes inside each element, and
//! every vector ISA has a byte shuffle: `vpshufb` (AVX2; the AVX-512 row runs
//! the same 256-bit code, see below) with a constant control vector whose
//! pattern repeats every `W` bytes, and NEON's `rev16` / `rev32` / `rev64`
//! (`rev64` plus a half swap for 16-byte elements). The contiguous loop moves
//! 128 bytes per iteration (four independent shuffles, so the loads, shuffles
//! and stores of neighbouring vectors overlap), then single vectors, then the
//! last `< 32` bytes one element at a time. Runs at a byte stride other than
//! the element size take the scalar loop: each element is one load, one
//! `bswap`, one store, and the run is bound by its cache-line traffic anyway.
//!
//! # Tails and alignment
//!
//! Loads and stores are unaligned (`loadu` / `vld1q`), so any start works and
//! no element is ever read twice — which matters in place, where reading an
//! element after it was swapped would swap it back. A copy (not in place) of
//! at least `STREAM_MIN_BYTES` whose destination is element-aligned first
//! swaps single elements until the destination is 32-byte aligned and then
//! uses non-temporal stores, so a large swap does not evict the cache it
//! reads from (the same rule as the element-wise kernels,
//! `STREAM_MIN_BYTES`).
//!
//! # AVX-512
//!
//! The `avx512` row uses the 256-bit loop: a swap is bound by loads and
//! stores, not by shuffle width. Measured on an Intel Xeon with AVX-512
//! (`byteswap/u32`, one core), the avx512 row ran at 1.02x the avx2 row at
//! 4,096 elements and 1.03x at 262,144, so a 512-bit `vpshufb` path would
//! buy nothing measurable.

use crate::element::{read_at, write_at};
#[cfg(target_arch = "x86_64")]
use crate::per_isa::is_x86_simd;
use crate::per_isa::IsaBody;

/// One element's bytes, reversed.
trait Swap: Copy {
    fn swap(self) -> Self;
}
macro_rules! swap_ints {
    ($($t:ty),*) => {$(
        impl Swap for $t {
            #[inline(always)]
            fn swap(self) -> Self { self.swap_bytes() }
        }
    )*};
}
swap_ints!(u16, u32, u64, u128);

/// The element sizes a byte swap handles.
pub(crate) const fn supported_width(size: usize) -> bool {
    matches!(size, 1 | 2 | 4 | 8 | 16)
}

/// A swap of `n` elements of `width` bytes from `src` to `dst` (equal for
/// in place) at byte strides.
pub(crate) struct SwapRun {
    pub(crate) width: usize,
    pub(crate) n: usize,
    pub(crate) src: *const u8,
    pub(crate) ss: isize,
    pub(crate) dst: *mut u8,
    pub(crate) ds: isize,
}

impl IsaBody for SwapRun {
    type Out = ();
    #[inline(always)]
    fn run<const ISA: u8>(self) {
        let SwapRun {
            width,
            n,
            src,
            ss,
            dst,
            ds,
        } = self;
        // SAFETY (all arms): the constructor of a `SwapRun` guarantees both
        // runs are in bounds for `n` elements of `width` bytes, and that they
        // are either the same run or disjoint.
        unsafe {
            match width {
                1 => swap_run::<u8, ISA>(n, src, ss, dst, ds),
                2 => swap_run::<u16, ISA>(n, src, ss, dst, ds),
                4 => swap_run::<u32, ISA>(n, src, ss, dst, ds),
                8 => swap_run::<u64, ISA>(n, src, ss, dst, ds),
                16 => swap_run::<u128, ISA>(n, src, ss, dst, ds),
                _ => unreachable!("width checked by the caller"),
            }
        }
    }
}

impl Swap for u8 {
    #[inline(always)]
    fn swap(self) -> Self {
        self
    }
}

/// # Safety
/// See [`SwapRun`].
#[inline(always)]
unsafe fn swap_run<W: Swap, const ISA: u8>(
    n: usize,
    src: *const u8,
    ss: isize,
    dst: *mut u8,
    ds: isize,
) {
    let w = size_of::<W>() as isize;
    let mut done = 0;
    if ss == w && ds == w && w > 1 {
        #[cfg(target_arch = "x86_64")]
        if is_x86_simd(ISA) {
            // SAFETY: contiguous runs of n elements (caller); AVX2 is enabled
            // in every x86 vector ISA's features.
            done = unsafe { x86::swap_contig::<W>(n, src, dst) };
        }
        #[cfg(target_arch = "aarch64")]
        if ISA == crate::isa::Isa::Neon as u8 {
            // SAFETY: as above; NEON is the ISA's feature.
            done = unsafe { neon::swap_contig::<W>(n, src, dst) };
        }
    }
    for k in done..n {
        // SAFETY: element k of both runs is in bounds (caller); it is read
        // before it is written, once.
        unsafe { write_at(dst, ds, k, read_at::<W>(src, ss, k).swap()) };
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use crate::cache::stream_min_bytes;
    use std::arch::x86_64::*;

    /// The `vpshufb` control that reverses every `W`-byte group of a
    /// 16-byte lane, built at compile time.
    struct Control<W>(std::marker::PhantomData<W>);
    impl<W> Control<W> {
        const BYTES: [u8; 32] = {
            let width = size_of::<W>();
            let mut c = [0u8; 32];
            let mut i = 0;
            while i < 32 {
                let lane = i % 16;
                c[i] = ((lane / width) * width + (width - 1 - lane % width)) as u8;
                i += 1;
            }
            c
        };
    }

    /// Loads four vectors, then shuffles and stores them with `store`.
    ///
    /// # Safety
    /// 128 bytes readable at `src` and writable at `dst` (as `store` needs).
    #[inline(always)]
    unsafe fn swap4(
        src: *const u8,
        dst: *mut u8,
        ctl: __m256i,
        store: impl Fn(*mut __m256i, __m256i),
    ) {
        // SAFETY: caller contract; all loads happen before any store.
        unsafe {
            let a = _mm256_loadu_si256(src.cast());
            let b = _mm256_loadu_si256(src.add(32).cast());
            let c = _mm256_loadu_si256(src.add(64).cast());
            let d = _mm256_loadu_si256(src.add(96).cast());
            store(dst.cast(), _mm256_shuffle_epi8(a, ctl));
            store(dst.add(32).cast(), _mm256_shuffle_epi8(b, ctl));
            store(dst.add(64).cast(), _mm256_shuffle_epi8(c, ctl));
            store(dst.add(96).cast(), _mm256_shuffle_epi8(d, ctl));
        }
    }

    /// Swaps the leading whole vectors of a contiguous run; returns how many
    /// elements it swapped (the rest, fewer than `32 / width`, are left).
    ///
    /// # Safety
    /// `src` readable and `dst` writable for `n * width` bytes, equal or
    /// disjoint; the CPU has AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn swap_contig<W>(n: usize, src: *const u8, dst: *mut u8) -> usize {
        let width = size_of::<W>();
        // SAFETY: 32 readable bytes.
        let ctl = unsafe { _mm256_loadu_si256(Control::<W>::BYTES.as_ptr().cast()) };
        let bytes = n * width;
        let mut i = 0usize;
        let stream = src != dst.cast_const()
            && bytes >= stream_min_bytes()
            && (dst as usize).is_multiple_of(width);
        if stream {
            // Head: single elements until the destination is 32-byte aligned.
            while !(dst as usize + i).is_multiple_of(32) {
                for b in 0..width {
                    // SAFETY: within the first 32 bytes of a run of >= 16 MiB.
                    unsafe { *dst.add(i + b) = *src.add(i + width - 1 - b) };
                }
                i += width;
            }
            while i + 128 <= bytes {
                // SAFETY: bytes i..i+128 are in both runs; dst+i is 32-aligned.
                unsafe {
                    swap4(src.add(i), dst.add(i), ctl, |p, v| {
                        _mm256_stream_si256(p, v)
                    })
                };
                i += 128;
            }
            // Orders the non-temporal stores before any later store.
            _mm_sfence();
        }
        while i + 128 <= bytes {
            // SAFETY: bytes i..i+128 are in both runs; all four loads happen
            // before the stores, so in place each byte is read once.
            unsafe {
                swap4(src.add(i), dst.add(i), ctl, |p, v| {
                    _mm256_storeu_si256(p, v)
                })
            };
            i += 128;
        }
        while i + 32 <= bytes {
            // SAFETY: bytes i..i+32 are in both runs.
            unsafe {
                let v = _mm256_loadu_si256(src.add(i).cast());
                _mm256_storeu_si256(dst.add(i).cast(), _mm256_shuffle_epi8(v, ctl));
            }
            i += 32;
        }
        i / width
    }
}

#[cfg(target_arch = "aarch64")]
mod neon {
    use std::arch::aarch64::*;

    /// Reverses every `width`-byte group of one vector (`width` is a
    /// constant after inlining).
    #[inline(always)]
    fn rev(width: usize, v: uint8x16_t) -> uint8x16_t {
        // SAFETY: NEON is enabled in the only caller.
        unsafe {
            match width {
                2 => vrev16q_u8(v),
                4 => vrev32q_u8(v),
                8 => vrev64q_u8(v),
                // rev64 reverses each half; swapping the halves finishes it.
                _ => vextq_u8::<8>(vrev64q_u8(v), vrev64q_u8(v)),
            }
        }
    }

    /// As the x86 version, 64 bytes per iteration.
    ///
    /// # Safety
    /// `src` readable and `dst` writable for `n * width` bytes, equal or
    /// disjoint; the CPU has NEON.
    #[target_feature(enable = "neon")]
    pub(super) unsafe fn swap_contig<W>(n: usize, src: *const u8, dst: *mut u8) -> usize {
        let width = size_of::<W>();
        let bytes = n * width;
        let mut i = 0usize;
        while i + 64 <= bytes {
            // SAFETY: bytes i..i+64 are in both runs; loads precede stores.
            unsafe {
                let v: [uint8x16_t; 4] = std::array::from_fn(|k| vld1q_u8(src.add(i + 16 * k)));
                for (k, v) in v.into_iter().enumerate() {
                    vst1q_u8(dst.add(i + 16 * k), rev(width, v));
                }
            }
            i += 64;
        }
        while i + 16 <= bytes {
            // SAFETY: bytes i..i+16 are in both runs.
            unsafe { vst1q_u8(dst.add(i), rev(width, vld1q_u8(src.add(i)))) };
            i += 16;
        }
        i / width
    }
}
