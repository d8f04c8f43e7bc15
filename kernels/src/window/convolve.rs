//! 1-D correlation and convolution (NumPy's `correlate` / `convolve`, modes
//! `full`, `same`, `valid`).
//!
//! # Definitions (NumPy's)
//!
//! `correlate(a, v)[j] = Σₖ a[j - left + k] · v[k]` over the `k` for which
//! the index is inside `a`, where `a` is the longer input and `v` the shorter
//! (if `v` is longer they are swapped and the output reversed, as NumPy
//! does); `left` is `0` (valid), `len(v) / 2` (same) or `len(v) - 1` (full),
//! and the output has `len(a) - len(v) + 1`, `len(a)` or
//! `len(a) + len(v) - 1` elements. `convolve(a, v)` swaps so that `a` is the
//! longer and correlates it with `v` reversed.
//!
//! # Order (bit-exact on every ISA)
//!
//! Each output starts at `+0` and adds its terms for `k` ascending, each with
//! one fused multiply-add: `acc = fma(a[j - left + k], v[k], acc)`. Every ISA
//! has a fused multiply-add (the scalar one is correctly rounded in
//! software where the CPU has none), so every ISA and the reference give the
//! same bits. Terms outside `a` are skipped, not multiplied by zero (so an
//! infinite tap does not turn the padding into NaN).
//!
//! # Algorithm
//!
//! The core (outputs whose window lies inside `a`) is vectorised across
//! outputs: four vectors of consecutive outputs keep their accumulators in
//! registers while the taps run; each tap is one broadcast (stride 0) and
//! four unaligned loads of `a` with FMAs. The last outputs (fewer than one
//! vector) use masked loads and stores. Taps run in blocks of [`TAP_BLOCK`]:
//! for long filters the partial sums go through the output between blocks,
//! which keeps the filter block and the input window in L1 without changing
//! the order. The edges (partial windows, `same`/`full` only: at most
//! `len(v) - 1` outputs on each side) are plain loops with the same order.
//!
//! An FFT would win from a few hundred taps on (O(n log n) against O(n·m));
//! it would also change the rounding, so it is not provided here.

use crate::backend::Simd;
use crate::Float;

/// Taps per block (8 KiB of `f32` filter, plus the input window, in L1).
pub(crate) const TAP_BLOCK: usize = 2048;

/// Vectors of outputs per group.
const U: usize = 4;

/// `out[j] = fma-sum over k in 0..m of x[j + k] · h[k]` for `j in 0..n`
/// (every index inside `x`).
///
/// # Safety
/// `x` readable for `n + m - 1` elements (when `n > 0`), `h` for `m`, `out`
/// writable for `n`; the output does not overlap the inputs.
#[inline(always)]
pub(crate) unsafe fn correlate_core<T: Float, S: Simd<T>>(
    s: S,
    n: usize,
    m: usize,
    x: *const T,
    h: *const T,
    out: *mut T,
) {
    let l = S::LANES;
    let mut k0 = 0;
    // SAFETY (whole body): output j < n, input j + k < n + m - 1, tap k < m.
    unsafe {
        while k0 < m {
            let k1 = (k0 + TAP_BLOCK).min(m);
            let first = k0 == 0;
            let acc0 = |j: usize| {
                if first {
                    s.splat(T::from_f64(0.0))
                } else {
                    s.load(out.add(j))
                }
            };
            let mut j = 0;
            while j + U * l <= n {
                let mut acc: [S::V; U] = std::array::from_fn(|u| acc0(j + u * l));
                for k in k0..k1 {
                    let hk = s.splat(*h.add(k));
                    for (u, a) in acc.iter_mut().enumerate() {
                        *a = s.mul_add(s.load(x.add(j + u * l + k)), hk, *a);
                    }
                }
                for (u, a) in acc.into_iter().enumerate() {
                    s.store(out.add(j + u * l), a);
                }
                j += U * l;
            }
            while j + l <= n {
                let mut acc = acc0(j);
                for k in k0..k1 {
                    acc = s.mul_add(s.load(x.add(j + k)), s.splat(*h.add(k)), acc);
                }
                s.store(out.add(j), acc);
                j += l;
            }
            if j < n {
                let r = n - j;
                let mut acc = if first {
                    s.splat(T::from_f64(0.0))
                } else {
                    s.load_partial(out.add(j), r)
                };
                for k in k0..k1 {
                    acc = s.mul_add(s.load_partial(x.add(j + k), r), s.splat(*h.add(k)), acc);
                }
                s.store_partial(out.add(j), r, acc);
            }
            k0 = k1;
        }
    }
}

/// The output length and left padding of a mode, for a longer input of
/// length `n` and a shorter of length `m` (`1 <= m <= n`).
pub(crate) fn mode_geometry(mode: Mode, n: usize, m: usize) -> (usize, usize) {
    match mode {
        Mode::Valid => (n - m + 1, 0),
        Mode::Same => (n, m / 2),
        Mode::Full => (n + m - 1, m - 1),
    }
}

/// NumPy's `mode` argument of `convolve` / `correlate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Only outputs where the shorter input lies inside the longer.
    Valid,
    /// As many outputs as the longer input, centred.
    Same,
    /// Every output with any overlap.
    Full,
}

/// One edge output: the fma-sum over the `k` whose index is inside `x`.
///
/// # Safety
/// `x` readable for `n`, `h` for `m` elements.
#[inline(always)]
pub(crate) unsafe fn edge_output<T: Float>(
    x: *const T,
    n: usize,
    h: *const T,
    m: usize,
    start: isize,
) -> T {
    let mut acc = T::from_f64(0.0);
    for k in 0..m {
        let i = start + k as isize;
        if i >= 0 && (i as usize) < n {
            // SAFETY: 0 <= i < n, k < m.
            acc = unsafe { (*x.add(i as usize)).mul_add(*h.add(k), acc) };
        }
    }
    acc
}
