//! SIMD backends: one file per ISA, each implementing [`Simd`] for `f32` and `f64`.
//!
//! A backend is a zero-sized token whose existence means "the CPU has this ISA's
//! features". Kernels are written once, generic over `S: Simd<T>`, and marked
//! `#[inline(always)]`; the per-ISA instantiations in `dispatch` wrap them in
//! functions that carry the ISA table's `#[target_feature]` attributes, so every
//! intrinsic a backend method uses is inlined into code compiled for its ISA.
//!
//! Lane contract: partial loads fill inactive lanes with `1.0`, a value that
//! raises no floating-point exception in any kernel (no `0/0`, no `sqrt(-x)`,
//! no overflow); partial stores write only the active lanes.
//!
//! The NaN- and signed-zero-aware `maximum`/`minimum`/`fmax`/`fmin` are
//! default methods built from primitive comparisons, so the scalar backend runs
//! the very same formula as AVX2 and AVX-512; a backend with a better
//! instruction (NEON's `fmax`) overrides them.

use crate::Float;

pub(crate) mod scalar;

#[cfg(target_arch = "x86_64")]
pub(crate) mod avx2;
#[cfg(target_arch = "x86_64")]
pub(crate) mod avx512;

#[cfg(target_arch = "aarch64")]
pub(crate) mod neon;

/// Backend methods that are exactly one intrinsic call on their operands.
/// Used inside each backend's `impl Simd<T>`; `$v` is the vector type.
macro_rules! forward_ops {
    ($v:ty; binary { $($name:ident => $intr:ident),* } unary { $($uname:ident => $uintr:ident),* }) => {
        $(
            #[inline(always)]
            fn $name(self, a: $v, b: $v) -> $v {
                // SAFETY: the backend token proves the CPU has this ISA (see the impl note).
                unsafe { $intr(a, b) }
            }
        )*
        $(
            #[inline(always)]
            fn $uname(self, a: $v) -> $v {
                // SAFETY: as above.
                unsafe { $uintr(a) }
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use forward_ops;

/// The most lanes any backend has for any element type (AVX-512 `f32`).
pub(crate) const MAX_LANES: usize = 16;

/// A backend token. Creating one asserts that the CPU supports its ISA.
pub(crate) trait Backend: Copy {
    /// # Safety
    /// The CPU must support every target feature of this backend's ISA.
    unsafe fn new_unchecked() -> Self;
}

/// In-register transposes of square blocks (see `transpose.rs`).
#[allow(clippy::missing_safety_doc)]
pub(crate) trait Transpose<T: Float>: Backend {
    /// Side of the blocks [`Transpose::transpose_block`] moves.
    const TBLOCK: usize;
    /// `dst(c, r) = src(r, c)` for `r, c < TBLOCK`: source rows `ss` bytes
    /// apart and destination rows `ds` bytes apart, each row contiguous (any
    /// alignment). Bit patterns are moved unchanged.
    unsafe fn transpose_block(self, src: *const u8, ss: isize, dst: *mut u8, ds: isize);
    /// A hint to bring the cache line at `p` closer (any address; never faults).
    #[inline(always)]
    fn prefetch(self, _p: *const u8) {}
}

/// Vector operations on `T` for one ISA.
#[allow(clippy::missing_safety_doc)]
pub(crate) trait Simd<T: Float>: Transpose<T> {
    /// A vector of `LANES` elements.
    type V: Copy;
    /// A lane mask produced by comparisons.
    type M: Copy;
    const LANES: usize;

    fn splat(self, x: T) -> Self::V;
    /// Loads `LANES` elements from `p` (no alignment needed).
    unsafe fn load(self, p: *const T) -> Self::V;
    /// Loads `n < LANES` elements from `p`; lanes `n..` hold `1.0`. Reads no byte past `p + n`.
    unsafe fn load_partial(self, p: *const T, n: usize) -> Self::V;
    /// Stores `LANES` elements at `p` (no alignment needed).
    unsafe fn store(self, p: *mut T, v: Self::V);
    /// Stores the first `n < LANES` lanes at `p`; writes no byte past `p + n`.
    unsafe fn store_partial(self, p: *mut T, n: usize, v: Self::V);
    /// Keeps the first `n` lanes of `v` and sets the others to `1.0`.
    fn pad_ones(self, v: Self::V, n: usize) -> Self::V;

    /// Alignment in bytes that [`Simd::store_stream`] needs; 0 when this
    /// backend has no non-temporal stores.
    const STREAM_ALIGN: usize = 0;
    /// Non-temporal (cache-bypassing) store of a full vector at `p`, which is
    /// `STREAM_ALIGN`-aligned. Follow a run of them with [`Simd::stream_fence`].
    #[inline(always)]
    unsafe fn store_stream(self, p: *mut T, v: Self::V) {
        // SAFETY: forwarded caller contract.
        unsafe { self.store(p, v) }
    }
    /// Orders earlier streaming stores before any later store.
    #[inline(always)]
    fn stream_fence(self) {}

    /// Loads `n <= LANES` elements at byte addresses `p + k * stride` (any
    /// alignment, any sign); lanes `n..` hold `1.0`.
    #[inline(always)]
    unsafe fn gather(self, p: *const u8, stride: isize, n: usize) -> Self::V {
        // SAFETY: forwarded caller contract.
        unsafe { portable_gather(self, p, stride, n) }
    }

    /// Loads a full vector at byte addresses `p + k * stride`, `k < LANES`.
    /// Backends override this where scalar loads beat their hardware gather.
    #[inline(always)]
    unsafe fn gather_full(self, p: *const u8, stride: isize) -> Self::V {
        // SAFETY: forwarded caller contract.
        unsafe { self.gather(p, stride, Self::LANES) }
    }

    fn add(self, a: Self::V, b: Self::V) -> Self::V;
    fn sub(self, a: Self::V, b: Self::V) -> Self::V;
    fn mul(self, a: Self::V, b: Self::V) -> Self::V;
    fn div(self, a: Self::V, b: Self::V) -> Self::V;
    fn sqrt(self, a: Self::V) -> Self::V;
    /// `a * b + c`, fused (one rounding).
    fn mul_add(self, a: Self::V, b: Self::V, c: Self::V) -> Self::V;
    fn neg(self, a: Self::V) -> Self::V;
    fn abs(self, a: Self::V) -> Self::V;

    /// `a > b ? a : b` per lane (x86 `maxps` semantics: `b` on NaN or equal).
    fn max_raw(self, a: Self::V, b: Self::V) -> Self::V;
    /// `a < b ? a : b` per lane.
    fn min_raw(self, a: Self::V, b: Self::V) -> Self::V;
    /// Ordered equality (`+0 == -0`, NaN equals nothing).
    fn eq(self, a: Self::V, b: Self::V) -> Self::M;
    /// Lanes where `a` or `b` is NaN.
    fn unord(self, a: Self::V, b: Self::V) -> Self::M;
    /// `m ? t : f` per lane.
    fn select(self, m: Self::M, t: Self::V, f: Self::V) -> Self::V;
    fn bit_and(self, a: Self::V, b: Self::V) -> Self::V;
    fn bit_or(self, a: Self::V, b: Self::V) -> Self::V;

    /// A mask of the first `n <= LANES` lanes (reductions' tails).
    #[inline(always)]
    fn first_lanes(self, n: usize) -> Self::M {
        let zero = self.splat(T::from_f64(0.0));
        self.eq(self.pad_ones(zero, n), zero)
    }

    /// Lanes where `a` is NaN.
    #[inline(always)]
    fn is_nan(self, a: Self::V) -> Self::M {
        self.unord(a, a)
    }

    /// IEEE 754-2019 `maximum`: NaN if either is NaN, and `+0 > -0`.
    #[inline(always)]
    fn maximum(self, a: Self::V, b: Self::V) -> Self::V {
        // Equal lanes (this includes +0 vs -0) take the AND of the bit
        // patterns: the sign stays only if both are negative.
        let r = self.select(self.eq(a, b), self.bit_and(a, b), self.max_raw(a, b));
        self.select(self.unord(a, b), self.splat(T::NAN), r)
    }

    /// IEEE 754-2019 `minimum`: NaN if either is NaN, and `-0 < +0`.
    #[inline(always)]
    fn minimum(self, a: Self::V, b: Self::V) -> Self::V {
        let r = self.select(self.eq(a, b), self.bit_or(a, b), self.min_raw(a, b));
        self.select(self.unord(a, b), self.splat(T::NAN), r)
    }

    /// IEEE 754-2019 `maximumNumber`: a NaN operand is ignored.
    #[inline(always)]
    fn fmax(self, a: Self::V, b: Self::V) -> Self::V {
        let r = self.select(self.is_nan(b), a, self.maximum(a, b));
        self.select(self.is_nan(a), b, r)
    }

    /// IEEE 754-2019 `minimumNumber`: a NaN operand is ignored.
    #[inline(always)]
    fn fmin(self, a: Self::V, b: Self::V) -> Self::V {
        let r = self.select(self.is_nan(b), a, self.minimum(a, b));
        self.select(self.is_nan(a), b, r)
    }
}

/// Gather by scalar loads into a stack buffer, then one vector load.
///
/// # Safety
/// `p + k * stride` must be a readable `T` for every `k < n`, and `n <= S::LANES`.
#[inline(always)]
pub(crate) unsafe fn portable_gather<T: Float, S: Simd<T>>(
    s: S,
    p: *const u8,
    stride: isize,
    n: usize,
) -> S::V {
    let mut buf = [T::ONE; MAX_LANES];
    for (k, slot) in buf.iter_mut().enumerate().take(n) {
        // SAFETY: the caller guarantees `p + k * stride` is a readable T for k < n.
        *slot = unsafe { p.offset(k as isize * stride).cast::<T>().read_unaligned() };
    }
    // SAFETY: `buf` holds MAX_LANES >= LANES elements.
    unsafe { s.load(buf.as_ptr()) }
}
