//! Rolling (sliding-window) reductions in O(n): `sum`, `mean`, `min`,
//! `max`, `var`, `std` over every window of `w` consecutive elements, one
//! output per window (`n - w + 1` outputs, NumPy's
//! `sliding_window_view(x, w).<op>(axis=-1)`).
//!
//! # Algorithm: van Herk / Gil-Werman blocks
//!
//! Cut the input into blocks of `w` elements. A window starting at offset `r`
//! of block `b` is the *suffix* of block `b` from `r` plus the *prefix* of
//! block `b + 1` of length `r`. So two scans per block — suffixes right to
//! left, prefixes left to right — and one combine per output give every
//! window, whatever `w`: three operations per element, O(n) time.
//!
//! * **sum / mean**: the scans are running sums; each window's sum is
//!   `suffix + prefix`, a sum of exactly its own `w` elements, so the error is
//!   that of summing `w` numbers — at most `(w - 1)·u·Σ|xᵢ|` over the window
//!   (`u` the unit roundoff), independent of `n`, with no cancellation of
//!   values outside the window (a running sum `S + x[i+w] - x[i]` loses
//!   digits when the data has a large offset, and never recovers from a NaN
//!   or an infinity that has left the window). A NaN or inf in a window
//!   affects exactly that window, as in NumPy's window reduction.
//! * **min / max**: the same scans with IEEE 754-2019 `minimum`/`maximum`
//!   (NaN-propagating, `-0 < +0`), which are exact and associative, so every
//!   result equals the literal window reduction bit for bit.
//! * **var / std** (`ddof`): the scans carry (count, mean, M2) by Welford's
//!   update of values shifted by the scan's first element (an exact
//!   subtraction for nearby values), and the two halves are merged by Chan
//!   et al.'s formula — no `Σx² − (Σx)²/w` cancellation and no large running
//!   mean, so `1e6 + noise` data keeps its digits even in `f32`.
//!
//! The order of every operation is fixed by this text (suffix: `x[r] + s`
//! from the block's last element; prefix: `p + x` from the next block's
//! first; combine: `suffix + prefix`), so every ISA and the reference give the
//! same bits. The scans of independent blocks are interleaved four at a time
//! (in the first pass all suffixes, in the second all prefixes) so the
//! dependency chains of additions overlap; the loops are compiled per ISA.
//!
//! # Memory
//!
//! `sum`, `mean`, `min`, `max`: none — the suffix scan is written into the
//! output and the prefix scan is added onto it. `var`, `std`: one buffer of
//! `w` values (the suffix `M2`s of one block; the suffix means live in the
//! output).
//!
//! # Chunks
//!
//! A long line runs in chunks of about 16K outputs that start at multiples
//! of `w` (whole blocks), so the second scan finds the first one's output in
//! cache. A window's value depends only on its own block's scans, so the
//! chunks — and the pieces the array layer's threads take, cut at the same
//! multiples — have the bits of one pass over the line.

use crate::element::{read_at, write_at};
use crate::per_isa::IsaBody;
use crate::Float;

/// A rolling reduction.
///
/// ```
/// use stridekit_kernels::{rolling, rolling_len, Rolling};
/// let x = [4.0f64, 2.0, 6.0, 0.0];
/// let mut out = vec![0.0; rolling_len(Rolling::Var { ddof: 0 }, x.len(), 2).unwrap()];
/// rolling(Rolling::Var { ddof: 0 }, &x, 2, &mut out).unwrap(); // windows [4, 2], [2, 6], [6, 0]
/// assert_eq!(out, [1.0, 4.0, 9.0]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rolling {
    /// Sum of each window.
    Sum,
    /// Mean of each window (`sum / w`).
    Mean,
    /// Minimum of each window (NaN if the window has a NaN; `-0 < +0`).
    Min,
    /// Maximum of each window (NaN if the window has a NaN; `-0 < +0`).
    Max,
    /// Variance `M2 / (w - ddof)` of each window.
    Var {
        /// Delta degrees of freedom: the divisor is `w - ddof` (NumPy's `ddof`).
        ddof: usize,
    },
    /// Standard deviation, the square root of [`Rolling::Var`].
    Std {
        /// Delta degrees of freedom of the variance (as in [`Rolling::Var`]).
        ddof: usize,
    },
}

impl Rolling {
    /// The name used in errors and reports.
    pub fn name(self) -> &'static str {
        match self {
            Rolling::Sum => "rolling_sum",
            Rolling::Mean => "rolling_mean",
            Rolling::Min => "rolling_min",
            Rolling::Max => "rolling_max",
            Rolling::Var { .. } => "rolling_var",
            Rolling::Std { .. } => "rolling_std",
        }
    }
}

/// Blocks whose scans run interleaved.
const K: usize = 8;

/// A strided run of `T`; `C`: contiguous (the stride is the element size,
/// known at compile time so the loops index plainly).
#[derive(Clone, Copy)]
struct Run<T, const C: bool> {
    p: *mut u8,
    stride: isize,
    _t: std::marker::PhantomData<T>,
}

impl<T: Copy, const C: bool> Run<T, C> {
    fn new(p: *mut u8, stride: isize) -> Self {
        Run {
            p,
            stride,
            _t: std::marker::PhantomData,
        }
    }
    /// # Safety
    /// Element `k` must be readable.
    #[inline(always)]
    unsafe fn get(self, k: usize) -> T {
        // SAFETY: caller contract.
        unsafe {
            if C {
                self.p.cast::<T>().add(k).read_unaligned()
            } else {
                read_at(self.p, self.stride, k)
            }
        }
    }
    /// # Safety
    /// Element `k` must be writable.
    #[inline(always)]
    unsafe fn set(self, k: usize, v: T) {
        // SAFETY: caller contract.
        unsafe {
            if C {
                self.p.cast::<T>().add(k).write_unaligned(v)
            } else {
                write_at(self.p, self.stride, k, v)
            }
        }
    }
}

/// The two scans and the combine for an associative `f` (sum, min, max):
/// `out[i] = f(suffix, prefix)` with `suffix = f(x[r], f(x[r+1], …))` and
/// `prefix = f(f(x[(b+1)w], …), x[(b+1)w + r - 1])`.
///
/// # Safety
/// `x` readable for `n` elements, `out` writable for `n - w + 1`, disjoint;
/// `1 <= w <= n`.
#[inline(always)]
unsafe fn scans<T: Float, const C: bool>(
    n: usize,
    w: usize,
    x: Run<T, C>,
    out: Run<T, C>,
    f: impl Fn(T, T) -> T,
) {
    let m = n - w + 1;
    let blocks = m.div_ceil(w);
    // SAFETY (whole body): every index below is < n for x and < m for out,
    // as each loop's bounds state.
    unsafe {
        // Pass 1: suffix scans into the output, four full blocks at a time.
        let mut b = 0;
        while b + K <= blocks && (b + K) * w <= m {
            let mut s: [T; K] = std::array::from_fn(|k| x.get((b + k) * w + w - 1));
            for (k, &v) in s.iter().enumerate() {
                out.set((b + k) * w + w - 1, v);
            }
            for r in (0..w - 1).rev() {
                for (k, s) in s.iter_mut().enumerate() {
                    let i = (b + k) * w + r;
                    *s = f(x.get(i), *s);
                    out.set(i, *s);
                }
            }
            b += K;
        }
        for b in b..blocks {
            // A block may be cut by the end of the output: its suffix scan
            // still starts at its last element (< n), and stores only below m.
            let mut s = x.get(b * w + w - 1);
            for r in (0..w).rev() {
                let i = b * w + r;
                if r < w - 1 {
                    s = f(x.get(i), s);
                }
                if i < m {
                    out.set(i, s);
                }
            }
        }
        // Pass 2: prefix scans of block b + 1, combined into block b's outputs.
        // The four-block loop reads the first element of block b + K, which
        // exists only while (b + K) * w < n (with w == 1 the last block has
        // no successor: that read would be x[n]).
        let mut b = 0;
        while b + K <= blocks && (b + K) * w <= m && (b + K) * w < n {
            let mut p: [T; K] = std::array::from_fn(|k| x.get((b + k + 1) * w));
            for r in 1..w {
                for (k, p) in p.iter_mut().enumerate() {
                    if r > 1 {
                        *p = f(*p, x.get((b + k + 1) * w + r - 1));
                    }
                    let i = (b + k) * w + r;
                    out.set(i, f(out.get(i), *p));
                }
            }
            b += K;
        }
        for b in b..blocks {
            if b * w + 1 >= m {
                break;
            }
            let mut p = x.get((b + 1) * w);
            for r in 1..w {
                let i = b * w + r;
                if i >= m {
                    break;
                }
                if r > 1 {
                    p = f(p, x.get((b + 1) * w + r - 1));
                }
                out.set(i, f(out.get(i), p));
            }
        }
    }
}

/// Welford's running (count, mean, M2) plus one element.
#[inline(always)]
fn welford<T: Float>(c: T, mean: T, m2: T, x: T) -> (T, T) {
    let d = x.sub(mean);
    let mean = mean.add(d.div(c));
    (mean, m2.add(d.mul(x.sub(mean))))
}

/// Rolling variance (or std) by Welford scans and Chan's merge. Each scan
/// works on its values minus its first element (`K`: exact for nearby
/// values), so a large common offset never reaches the running means.
///
/// # Safety
/// As [`scans`]; `ddof < w`; `m2_suffix` holds `w` values.
#[inline(always)]
unsafe fn variance<T: Float, const C: bool>(
    n: usize,
    w: usize,
    ddof: usize,
    x: Run<T, C>,
    out: Run<T, C>,
    std: bool,
    m2_suffix: &mut [T],
) {
    let m = n - w + 1;
    let wt = T::from_f64(w as f64);
    let denom = T::from_f64((w - ddof) as f64);
    let zero = T::from_f64(0.0);
    // SAFETY (whole body): indices below n for x, below m for out.
    unsafe {
        let mut b = 0;
        while b * w < m {
            // Suffix scan of block b, shifted by its last element: shifted
            // means into the output, M2s into the buffer.
            let ka = x.get(b * w + w - 1);
            // `ka - ka` is 0, or NaN for an infinite or NaN element, which
            // then poisons exactly the windows holding it.
            let (mut mean, mut m2) = (ka.sub(ka), ka.sub(ka));
            for r in (0..w).rev() {
                if r < w - 1 {
                    let c = T::from_f64((w - r) as f64);
                    (mean, m2) = welford(c, mean, m2, x.get(b * w + r).sub(ka));
                }
                m2_suffix[r] = m2;
                if b * w + r < m {
                    out.set(b * w + r, mean);
                }
            }
            // Prefix scan of block b + 1 (shifted by its first element),
            // merged with the suffixes.
            let (mut pmean, mut pm2, mut kb) = (zero, zero, zero);
            for r in 0..w {
                let i = b * w + r;
                if i >= m {
                    break;
                }
                let total = if r == 0 {
                    m2_suffix[0]
                } else {
                    let c = T::from_f64(r as f64);
                    if r == 1 {
                        kb = x.get((b + 1) * w);
                        (pmean, pm2) = (kb.sub(kb), kb.sub(kb));
                    } else {
                        (pmean, pm2) = welford(c, pmean, pm2, x.get((b + 1) * w + r - 1).sub(kb));
                    }
                    let na = T::from_f64((w - r) as f64);
                    let d = kb.sub(ka).add(pmean.sub(out.get(i)));
                    m2_suffix[r].add(pm2).add(d.mul(d).mul(na.mul(c).div(wt)))
                };
                let var = total.div(denom);
                out.set(i, if std { var.sqrt() } else { var });
            }
            b += 1;
        }
    }
}

/// One rolling reduction over a strided run (validated by the caller).
pub(crate) struct RollingRun<T> {
    pub(crate) op: Rolling,
    pub(crate) n: usize,
    pub(crate) w: usize,
    pub(crate) src: *const u8,
    pub(crate) ss: isize,
    pub(crate) dst: *mut u8,
    pub(crate) ds: isize,
    pub(crate) _t: std::marker::PhantomData<T>,
}

impl<T: Float> IsaBody for RollingRun<T> {
    type Out = ();
    #[inline(always)]
    fn run<const ISA: u8>(self) {
        let RollingRun {
            op,
            n,
            w,
            src,
            ss,
            dst,
            ds,
            ..
        } = self;
        let e = size_of::<T>() as isize;
        // The M2 suffixes of one block (variance only): one buffer for all
        // chunks.
        let mut scratch = match op {
            Rolling::Var { .. } | Rolling::Std { .. } => vec![T::from_f64(0.0); w],
            _ => Vec::new(),
        };
        // Chunks of outputs that start where the blocks of `w` start: each
        // window is computed from its own block's scans, so the chunks give
        // the bits of one pass, and both scans of a chunk stay in cache (one
        // pass over a long line would stream the output twice).
        let m = n - w + 1;
        let chunk = (CHUNK / w).max(1) * w;
        let mut start = 0;
        while start < m {
            let len = chunk.min(m - start);
            let (x, out) = (
                src.wrapping_offset(start as isize * ss).cast_mut(),
                dst.wrapping_offset(start as isize * ds),
            );
            // Outputs start .. start + len read inputs start .. start + len
            // + w - 1 <= n: inside the validated runs.
            if ss == e && ds == e {
                let (x, out) = (Run::new(x, e), Run::new(out, e));
                rolling::<T, true>(op, len + w - 1, w, x, out, &mut scratch);
            } else {
                let (x, out) = (Run::new(x, ss), Run::new(out, ds));
                rolling::<T, false>(op, len + w - 1, w, x, out, &mut scratch);
            }
            start += len;
        }
    }
}

/// About how many outputs a rolling reduction computes per chunk (a whole
/// number of windows): a chunk's input and output stay in the L2 cache.
const CHUNK: usize = 16 << 10;

/// One reduction over validated runs.
#[inline(always)]
fn rolling<T: Float, const C: bool>(
    op: Rolling,
    n: usize,
    w: usize,
    x: Run<T, C>,
    out: Run<T, C>,
    scratch: &mut [T],
) {
    // SAFETY: the constructor validated 1 <= w <= n, ddof < w, and the
    // runs (x: n elements, out: n - w + 1, disjoint).
    unsafe {
        match op {
            Rolling::Sum => scans(n, w, x, out, |a: T, b: T| a.add(b)),
            Rolling::Mean => {
                scans(n, w, x, out, |a: T, b: T| a.add(b));
                let wt = T::from_f64(w as f64);
                for i in 0..n - w + 1 {
                    out.set(i, out.get(i).div(wt));
                }
            }
            Rolling::Min => scans(n, w, x, out, T::minimum),
            Rolling::Max => scans(n, w, x, out, T::maximum),
            Rolling::Var { ddof } => variance(n, w, ddof, x, out, false, scratch),
            Rolling::Std { ddof } => variance(n, w, ddof, x, out, true, scratch),
        }
    }
}
