//! Entry points of the window kernels: rolling reductions and
//! convolution / correlation. Safe slice forms on the active ISA or a named
//! one, and a raw strided form of the rolling reductions for the array layer.

use super::convolve::{edge_output, mode_geometry, Mode};
use super::rolling::{Rolling, RollingRun};
use crate::dispatch::{check_isa, isa_or_active, kernels_for};
use crate::error::KernelError;
use crate::isa::Isa;
use crate::per_isa::run_on_unchecked;
use crate::Float;

/// The number of outputs of a rolling reduction, or the error for a window
/// that does not fit (`w == 0` or `w > n`, as NumPy's `sliding_window_view`)
/// or a `ddof` that leaves no degrees of freedom.
pub fn rolling_len(op: Rolling, n: usize, w: usize) -> Result<usize, KernelError> {
    if w == 0 || w > n {
        return Err(KernelError::Window {
            op: op.name(),
            window: w,
            len: n,
        });
    }
    if let Rolling::Var { ddof } | Rolling::Std { ddof } = op {
        if ddof >= w {
            return Err(KernelError::Ddof {
                op: op.name(),
                ddof,
                window: w,
            });
        }
    }
    Ok(n - w + 1)
}

/// A rolling reduction of a strided run of `n` elements into a strided run
/// of `n - w + 1`, on `isa`.
///
/// # Safety
/// `isa` is supported; `src` readable for `n` `T`s at byte stride `ss`;
/// `dst` writable for `n - w + 1` at `ds`, its elements pairwise disjoint
/// and disjoint from the input.
#[allow(clippy::too_many_arguments)]
pub unsafe fn rolling_raw<T: Float>(
    isa: Isa,
    op: Rolling,
    n: usize,
    w: usize,
    src: *const u8,
    ss: isize,
    dst: *mut u8,
    ds: isize,
) -> Result<(), KernelError> {
    rolling_len(op, n, w)?;
    let isa = row_for(isa, op);
    let body = RollingRun::<T> {
        op,
        n,
        w,
        src,
        ss,
        dst,
        ds,
        _t: std::marker::PhantomData,
    };
    // SAFETY: caller contract; the window was validated.
    unsafe { run_on_unchecked(isa, body) };
    Ok(())
}

/// The ISA row a rolling reduction runs on when `isa` is asked for.
///
/// `mean` on the avx512 row runs the avx2 row's code: its scans are the same
/// scalar chains on both, and its division pass, vectorised by the compiler
/// on 512-bit registers, measured 0.92–0.94× the 256-bit pass on an Intel
/// AVX-512 core (`docs/benchmarks.md`, "AVX-512 data movement"). The bits
/// are the same on every row, so the choice is only one of speed.
#[inline]
fn row_for(isa: Isa, op: Rolling) -> Isa {
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx512 && op == Rolling::Mean {
        return Isa::Avx2;
    }
    let _ = op;
    isa
}

/// `out[i] = op(x[i..i + w])` for every window, on `isa` (see
/// [`Rolling`] and the module notes of `window.rs` for the algorithm, the
/// order and the error bound).
pub fn rolling_on<T: Float>(
    isa: Option<Isa>,
    op: Rolling,
    x: &[T],
    w: usize,
    out: &mut [T],
) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    let m = rolling_len(op, x.len(), w)?;
    KernelError::same_len("out", m, out.len())?;
    check_isa(isa)?;
    let e = size_of::<T>() as isize;
    // SAFETY: checked ISA; distinct borrows of the right lengths.
    unsafe {
        rolling_raw::<T>(
            isa,
            op,
            x.len(),
            w,
            x.as_ptr().cast(),
            e,
            out.as_mut_ptr().cast(),
            e,
        )
    }
}

/// [`rolling_on`] on the active ISA.
pub fn rolling<T: Float>(op: Rolling, x: &[T], w: usize, out: &mut [T]) -> Result<(), KernelError> {
    rolling_on(None, op, x, w, out)
}

/// The output length of `correlate` / `convolve` of inputs of lengths `na`
/// and `nv` in `mode` (NumPy's), or the error for an empty input.
pub fn correlate_len(mode: Mode, na: usize, nv: usize) -> Result<usize, KernelError> {
    product_len("correlate", mode, na, nv)
}

/// [`correlate_len`] for `convolve` (the same length; an error names `convolve`).
pub fn convolve_len(mode: Mode, na: usize, nv: usize) -> Result<usize, KernelError> {
    product_len("convolve", mode, na, nv)
}

fn product_len(op: &'static str, mode: Mode, na: usize, nv: usize) -> Result<usize, KernelError> {
    for (operand, len) in [("a", na), ("v", nv)] {
        if len == 0 {
            return Err(KernelError::EmptyInput { op, operand });
        }
    }
    Ok(mode_geometry(mode, na.max(nv), na.min(nv)).0)
}

/// Outputs `start .. start + out.len()` of `correlate(long, short)`, with
/// `long.len() >= short.len()` and the range inside the mode's output.
fn correlate_ordered<T: Float>(
    isa: Isa,
    x: &[T],
    h: &[T],
    mode: Mode,
    start: usize,
    out: &mut [T],
) -> Result<(), KernelError> {
    let (n, m) = (x.len(), h.len());
    let (len, left) = mode_geometry(mode, n, m);
    debug_assert!(start + out.len() <= len);
    let k = kernels_for::<T>(isa)?;
    // Core outputs: j in [left, left + n - m], all inside the mode's
    // output; those of this range are `lo .. hi`.
    let core = n - m + 1;
    let end = start + out.len();
    let (lo, hi) = (left.max(start), (left + core).min(end));
    if lo < hi {
        // SAFETY: core output j reads x[j - left .. j - left + m] with
        // j - left <= n - m, inside x; out[lo - start .. hi - start] is
        // inside out; the table's ISA was checked.
        unsafe {
            (k.correlate)(
                hi - lo,
                m,
                x.as_ptr().add(lo - left),
                h.as_ptr(),
                out.as_mut_ptr().add(lo - start),
            )
        };
    }
    for j in (start..lo.min(end)).chain(hi.max(start)..end) {
        // SAFETY: edge_output only reads indices inside x and h.
        out[j - start] =
            unsafe { edge_output(x.as_ptr(), n, h.as_ptr(), m, j as isize - left as isize) };
    }
    Ok(())
}

/// The mode's output length, checked to hold `start .. start + out_len`.
fn checked_range(
    op: &'static str,
    mode: Mode,
    na: usize,
    nv: usize,
    start: usize,
    out_len: usize,
) -> Result<(), KernelError> {
    let len = product_len(op, mode, na, nv)?;
    match start.checked_add(out_len) {
        Some(end) if end <= len => Ok(()),
        _ => Err(KernelError::OutputRange {
            op,
            start,
            len: out_len,
            total: len,
        }),
    }
}

/// NumPy's `correlate(a, v, mode)` into `out` (length [`correlate_len`]),
/// on `isa`. Bit-identical on every ISA (see `convolve.rs` for the order).
pub fn correlate_on<T: Float>(
    isa: Option<Isa>,
    a: &[T],
    v: &[T],
    mode: Mode,
    out: &mut [T],
) -> Result<(), KernelError> {
    let len = correlate_len(mode, a.len(), v.len())?;
    KernelError::same_len("out", len, out.len())?;
    product_range_on(isa, Product::Correlate, a, v, mode, 0, out)
}

/// Which of NumPy's two window products.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Product {
    /// `correlate(a, v, mode)`.
    Correlate,
    /// `convolve(a, v, mode)`: `correlate` with the shorter input reversed.
    Convolve,
}

/// Outputs `start .. start + out.len()` of [`correlate_on`] or
/// [`convolve_on`]. Every output is computed on its own, in the order of
/// `convolve.rs`, so pieces of the output computed apart (on threads) have
/// the bits of one call.
pub fn product_range_on<T: Float>(
    isa: Option<Isa>,
    product: Product,
    a: &[T],
    v: &[T],
    mode: Mode,
    start: usize,
    out: &mut [T],
) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    let op = match product {
        Product::Correlate => "correlate",
        Product::Convolve => "convolve",
    };
    checked_range(op, mode, a.len(), v.len(), start, out.len())?;
    match product {
        Product::Correlate if a.len() >= v.len() => correlate_ordered(isa, a, v, mode, start, out),
        Product::Correlate => {
            // NumPy: correlate the other way round and reverse the result.
            let len = mode_geometry(mode, v.len(), a.len()).0;
            correlate_ordered(isa, v, a, mode, len - start - out.len(), out)?;
            out.reverse();
            Ok(())
        }
        Product::Convolve => {
            let (long, short) = if a.len() >= v.len() { (a, v) } else { (v, a) };
            let reversed: Vec<T> = short.iter().rev().copied().collect();
            correlate_ordered(isa, long, &reversed, mode, start, out)
        }
    }
}

/// [`correlate_on`] on the active ISA.
pub fn correlate<T: Float>(a: &[T], v: &[T], mode: Mode, out: &mut [T]) -> Result<(), KernelError> {
    correlate_on(None, a, v, mode, out)
}

/// NumPy's `convolve(a, v, mode)` into `out` (length [`correlate_len`]),
/// on `isa`: the longer input correlated with the shorter one reversed (one
/// copy of the shorter input, O(min(len)) memory).
pub fn convolve_on<T: Float>(
    isa: Option<Isa>,
    a: &[T],
    v: &[T],
    mode: Mode,
    out: &mut [T],
) -> Result<(), KernelError> {
    let len = convolve_len(mode, a.len(), v.len())?;
    KernelError::same_len("out", len, out.len())?;
    product_range_on(isa, Product::Convolve, a, v, mode, 0, out)
}

/// [`convolve_on`] on the active ISA.
pub fn convolve<T: Float>(a: &[T], v: &[T], mode: Mode, out: &mut [T]) -> Result<(), KernelError> {
    convolve_on(None, a, v, mode, out)
}
