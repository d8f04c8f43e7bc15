//! Reductions: `sum`, `nansum`, sum of squares, `dot`, `max`, `min`,
//! `nanmax`, `nanmin`, and their `arg` forms, for `f32` and `f64`; and the
//! same reductions down the rows of a matrix (`fold_rows`), for axis
//! reductions that must not gather.
//!
//! # Algorithm
//!
//! Sums follow the order in [`crate::order`]: per block, `lanes` accumulators
//! held in `lanes / LANES` registers (8 independent add chains on AVX2), the
//! block's tail read with masked/partial loads whose inactive lanes are then
//! discarded by a lane select (never peeled by address: the result cannot
//! depend on alignment), a halving tree over the lanes, and the block sums
//! into a double-`f64` pairwise tree. Because every ISA performs the same
//! additions on the same values, results are bit-identical across ISAs.
//!
//! `max`/`min` use IEEE 754-2019 `maximum`/`minimum` (NaN-propagating, with
//! `-0 < +0`) and the `nan*` forms `maximumNumber`/`minimumNumber`; these are
//! associative and commutative, so they share the blocked loop and any tree
//! gives the same bits.
//!
//! `argmax`/`argmin` find, block by block, each block's extreme with that
//! same vector loop, keep the first block whose extreme is strictly better
//! under the total order (NaN beyond everything, `-0 < +0`; for the `nan*`
//! forms NaN never wins), then scan only that block for the first element
//! equal to its extreme. One pass over the data plus one block.
//!
//! The column fold (`fold_rows`) lives in `columns.rs`.

pub(crate) use super::columns::fold_rows;
use super::ops::{ArgReduction, Reduction};
use crate::backend::{Simd, MAX_LANES};
use crate::elementwise::body::{Contig, Gathered, Inputs, Splat};
use crate::operand::RawSrc;
use crate::order::{block_len, finish, lane_tree, lane_tree_sum, lanes, Pairwise, WIDE_LANES};
use crate::Float;

/// The most accumulator registers any backend needs (scalar `f32`: 64).
const MAX_REGS: usize = 64;

/// The scalar step of `op` (what one lane does with one element).
#[inline(always)]
pub(crate) fn step<T: Float>(op: Reduction, acc: T, x: T) -> T {
    match op {
        Reduction::Sum => acc.add(x),
        Reduction::NanSum => acc.add(if x.is_nan() { T::NEG_ZERO } else { x }),
        Reduction::SumSquares => x.mul_add(x, acc),
        Reduction::Max => acc.maximum(x),
        Reduction::Min => acc.minimum(x),
        Reduction::NanMax => acc.fmax(x),
        Reduction::NanMin => acc.fmin(x),
    }
}

/// How two lanes (or two blocks' extremes) combine.
#[inline(always)]
pub(crate) fn combine<T: Float>(op: Reduction, a: T, b: T) -> T {
    match op {
        Reduction::Sum | Reduction::NanSum | Reduction::SumSquares => a.add(b),
        other => step(other, a, b),
    }
}

/// A value reduction of a run of elements, not yet rounded to `T`: what one
/// thread hands back for its part of an input. Parts of consecutive runs
/// join with [`Partial::append`] into exactly the state one pass over the
/// whole run reaches, so the finished result has the same bits for any
/// split the rule allows (see [`Partial::can_append`]).
#[derive(Clone, Debug)]
pub struct Partial<T> {
    op: Reduction,
    len: usize,
    sums: Pairwise,
    extreme: T,
}

impl<T: Float> Partial<T> {
    /// The state before any element: the reduction's identity.
    pub fn new(op: Reduction) -> Self {
        Partial {
            op,
            len: 0,
            sums: Pairwise::new(),
            extreme: identity(op),
        }
    }

    /// Elements reduced so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no element was reduced.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether `right` (the part of the elements that follow) can be
    /// appended without changing the result: the same reduction, and for
    /// sums, this part holds whole blocks ([`block_len`]) whose count is a
    /// multiple of `right`'s block count rounded up to a power of two.
    pub fn can_append(&self, right: &Partial<T>) -> bool {
        self.op == right.op
            && (!self.op.is_sum()
                || right.len == 0
                || (self.len.is_multiple_of(block_len::<T>()) && self.sums.can_append(&right.sums)))
    }

    /// Joins the part of the elements that follow this part's.
    ///
    /// # Panics
    /// If `!self.can_append(right)` — a split the caller chose wrongly.
    pub fn append(&mut self, right: &Partial<T>) {
        assert!(
            self.can_append(right),
            "Partial::append: a part of {} elements cannot precede one of {} ({:?} then {:?})",
            self.len,
            right.len,
            self.op,
            right.op
        );
        if self.op.is_sum() {
            self.sums.append(&right.sums);
        } else {
            self.extreme = combine(self.op, self.extreme, right.extreme);
        }
        self.len += right.len;
    }

    /// The reduction's value (sums rounded once, here).
    pub fn finish(&self) -> T {
        if self.op.is_sum() {
            finish(&self.sums)
        } else {
            self.extreme
        }
    }
}

/// The starting value of every lane.
#[inline(always)]
pub(crate) fn identity<T: Float>(op: Reduction) -> T {
    match op {
        Reduction::Sum | Reduction::NanSum | Reduction::SumSquares => T::NEG_ZERO,
        Reduction::Max => T::INFINITY.neg(),
        Reduction::Min => T::INFINITY,
        Reduction::NanMax | Reduction::NanMin => T::NAN,
    }
}

/// The vector step of reduction `OP` (a const, so the match folds away).
#[inline(always)]
pub(super) fn vstep<T: Float, S: Simd<T>, const OP: u8>(s: S, acc: S::V, x: S::V) -> S::V {
    match Reduction::from_u8(OP) {
        Reduction::Sum => s.add(acc, x),
        Reduction::NanSum => s.add(acc, s.select(s.is_nan(x), s.splat(T::NEG_ZERO), x)),
        Reduction::SumSquares => s.mul_add(x, x, acc),
        Reduction::Max => s.maximum(acc, x),
        Reduction::Min => s.minimum(acc, x),
        Reduction::NanMax => s.fmax(acc, x),
        Reduction::NanMin => s.fmin(acc, x),
    }
}

#[inline(always)]
pub(super) fn vcombine<T: Float, S: Simd<T>, const OP: u8>(s: S, a: S::V, b: S::V) -> S::V {
    match Reduction::from_u8(OP) {
        Reduction::Sum | Reduction::NanSum | Reduction::SumSquares => s.add(a, b),
        _ => vstep::<T, S, OP>(s, a, b),
    }
}

/// Folds one block (`len <= block_len`) of `ins` with `f` into lane
/// accumulators, then runs the lane tree with `tree`/`tree1` — for sums
/// (`sum`), the order's tree: `T` down to 8 lanes, then `f64`
/// ([`lane_tree_sum`]). The result is returned as `f64` (exact for extremes).
///
/// # Safety
/// Every input must be readable at positions `0..len`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn fold_block<T: Float, S: Simd<T>, I: Inputs<T, S>>(
    s: S,
    ins: I,
    len: usize,
    init: T,
    f: impl Fn(S::V, I::Vs) -> S::V,
    tree: impl Fn(S::V, S::V) -> S::V,
    tree1: impl Fn(T, T) -> T,
    sum: bool,
) -> f64 {
    let l = S::LANES;
    let k = lanes::<T>() / l;
    let mut acc = [s.splat(init); MAX_REGS];
    let chunk = k * l;
    let full = len / chunk;
    for c in 0..full {
        let base = c * chunk;
        for (j, a) in acc.iter_mut().enumerate().take(k) {
            // SAFETY: base + j*l + l <= full * chunk <= len.
            *a = f(*a, unsafe { ins.load(s, base + j * l) });
        }
    }
    let rest = len - full * chunk;
    if rest > 0 {
        let base = full * chunk;
        for (j, a) in acc.iter_mut().enumerate().take(k) {
            let start = j * l;
            if start >= rest {
                break;
            }
            let r = rest - start;
            if r >= l {
                // SAFETY: base + start + l <= len.
                *a = f(*a, unsafe { ins.load(s, base + start) });
            } else {
                // SAFETY: base + start + r == len; inactive lanes are discarded.
                let v = f(*a, unsafe { ins.load_partial(s, base + start, r) });
                *a = s.select(s.first_lanes(r), v, *a);
            }
        }
    }
    // Register-level halving; sums stop where 8 lanes remain.
    let mut m = k;
    while m >= 2 && (!sum || (m / 2) * l >= WIDE_LANES) {
        for j in 0..m / 2 {
            acc[j] = tree(acc[j], acc[j + m / 2]);
        }
        m /= 2;
    }
    let mut buf = [init; MAX_LANES];
    for (j, a) in acc.iter().enumerate().take(m) {
        // SAFETY: m * l <= max(8, LANES) <= MAX_LANES elements.
        unsafe { s.store(buf.as_mut_ptr().add(j * l), *a) };
    }
    if sum {
        lane_tree_sum(&mut buf[..m * l])
    } else {
        lane_tree(&mut buf[..m * l], tree1).to_f64()
    }
}

/// Registers of the NaN/inf detector in [`fast_extreme_block`].
const PROBES: usize = 2;

/// A block's extreme by the cheap compare-select (`max_raw`/`min_raw`, one
/// instruction per vector), plus a NaN/inf detector (`acc + (x - x)`, NaN
/// once any `x` is NaN or infinite; a quarter as many registers as the
/// extremes, so AVX2's 16 registers are enough): `Some(extreme)` when that result is certainly the IEEE one,
/// `None` when the block needs the exact loop — it holds a NaN or an
/// infinity (NaN-propagating forms), or the result is `±0` (the cheap select
/// cannot order `-0` and `+0`) or `-inf`/`+inf` on the ignoring side (only
/// NaN, or infinities, in the block).
///
/// # Safety
/// As [`fold_block`].
#[inline(always)]
unsafe fn fast_extreme_block<T: Float, S: Simd<T>, I: Inputs<T, S, Vs = (S::V,)>, const OP: u8>(
    s: S,
    ins: I,
    len: usize,
) -> Option<T> {
    let op = Reduction::from_u8(OP);
    let max = matches!(op, Reduction::Max | Reduction::NanMax);
    let pick = |acc: S::V, x: S::V| {
        if max {
            s.max_raw(x, acc)
        } else {
            s.min_raw(x, acc)
        }
    };
    let init = if max { T::INFINITY.neg() } else { T::INFINITY };
    let l = S::LANES;
    let k = lanes::<T>() / l;
    let zero = s.splat(T::from_f64(0.0));
    let mut acc = [s.splat(init); MAX_REGS];
    let mut probe = [zero; PROBES];
    let chunk = k * l;
    let full = len / chunk;
    for c in 0..full {
        let base = c * chunk;
        for j in 0..k {
            // SAFETY: base + j*l + l <= len.
            let (x,) = unsafe { ins.load(s, base + j * l) };
            acc[j] = pick(acc[j], x);
            probe[j % PROBES] = s.add(probe[j % PROBES], s.sub(x, x));
        }
    }
    let rest = len - full * chunk;
    let base = full * chunk;
    for (j, a) in acc.iter_mut().enumerate().take(k) {
        let start = j * l;
        if start >= rest {
            break;
        }
        let r = (rest - start).min(l);
        // SAFETY: base + start + r <= len; inactive lanes are discarded.
        let (x,) = unsafe {
            if r == l {
                ins.load(s, base + start)
            } else {
                ins.load_partial(s, base + start, r)
            }
        };
        let m = s.first_lanes(r);
        *a = s.select(m, pick(*a, x), *a);
        probe[0] = s.select(m, s.add(probe[0], s.sub(x, x)), probe[0]);
    }
    for j in 1..k {
        acc[0] = pick(acc[0], acc[j]);
    }
    for j in 1..PROBES.min(k) {
        probe[0] = s.add(probe[0], probe[j]);
    }
    let mut a = [init; MAX_LANES];
    let mut p = [init; MAX_LANES];
    // SAFETY: both buffers hold MAX_LANES >= LANES elements.
    unsafe {
        s.store(a.as_mut_ptr(), acc[0]);
        s.store(p.as_mut_ptr(), probe[0]);
    }
    let mut e = a[0];
    for &v in &a[1..l] {
        e = if max {
            if v > e {
                v
            } else {
                e
            }
        } else if v < e {
            v
        } else {
            e
        };
    }
    let special = p[..l].iter().any(|v| v.is_nan());
    let propagating = matches!(op, Reduction::Max | Reduction::Min);
    let sure = e != T::from_f64(0.0) && if propagating { !special } else { e != init };
    sure.then_some(e)
}

/// A block's extreme: the fast loop when it is certainly right, else the
/// exact IEEE loop.
///
/// # Safety
/// As [`fold_block`].
#[inline(always)]
unsafe fn extreme_block<T: Float, S: Simd<T>, I: Inputs<T, S, Vs = (S::V,)>, const OP: u8>(
    s: S,
    ins: I,
    len: usize,
) -> T {
    let op = Reduction::from_u8(OP);
    // One lane gains nothing from the two-step scheme.
    let fast = if S::LANES > 1 {
        // SAFETY: forwarded caller contract.
        unsafe { fast_extreme_block::<T, S, I, OP>(s, ins, len) }
    } else {
        None
    };
    // SAFETY: forwarded caller contract.
    fast.unwrap_or_else(|| {
        // SAFETY: forwarded caller contract.
        let e = unsafe {
            fold_block(
                s,
                ins,
                len,
                identity::<T>(op),
                |acc, (v,)| vstep::<T, S, OP>(s, acc, v),
                |x, y| vcombine::<T, S, OP>(s, x, y),
                |x, y| combine(op, x, y),
                false,
            )
        };
        T::from_f64(e)
    })
}

/// The extreme of `n` elements, block by block.
///
/// # Safety
/// The input must be readable at positions `0..n`.
#[inline(always)]
unsafe fn extremes<T: Float, S: Simd<T>, I: Inputs<T, S, Vs = (S::V,)>, const OP: u8>(
    s: S,
    n: usize,
    ins: I,
) -> T {
    let op = Reduction::from_u8(OP);
    let b = block_len::<T>();
    let mut ext = identity::<T>(op);
    let mut i = 0;
    while i < n {
        let len = b.min(n - i);
        // SAFETY: positions i..i+len are inside 0..n.
        let e = unsafe { extreme_block::<T, S, I, OP>(s, Inputs::<T, S>::at(ins, i), len) };
        ext = combine(op, ext, e);
        i += len;
    }
    ext
}

/// One input's reduction over `n` elements.
///
/// # Safety
/// The input must be readable at positions `0..n`.
#[inline(always)]
unsafe fn fold<T: Float, S: Simd<T>, I: Inputs<T, S>, const OP: u8>(
    s: S,
    n: usize,
    ins: I,
    f: impl Fn(S::V, I::Vs) -> S::V + Copy,
    part: &mut Partial<T>,
) {
    let op = Reduction::from_u8(OP);
    debug_assert!(part.op == op && part.is_empty());
    let b = block_len::<T>();
    let init = identity::<T>(op);
    let tree = |x, y| vcombine::<T, S, OP>(s, x, y);
    let tree1 = |x, y| combine(op, x, y);
    let pw = &mut part.sums;
    let mut ext = init;
    let mut i = 0;
    while i < n {
        let len = b.min(n - i);
        // SAFETY: positions i..i+len are inside 0..n.
        let x = unsafe {
            fold_block(
                s,
                Inputs::<T, S>::at(ins, i),
                len,
                init,
                f,
                tree,
                tree1,
                op.is_sum(),
            )
        };
        if op.is_sum() {
            pw.push(x);
        } else {
            ext = combine(op, ext, T::from_f64(x));
        }
        i += len;
    }
    part.extreme = ext;
    part.len = n;
}

/// Runs `$body` with `$ins` bound to the one-input tuple for `$x`'s form.
macro_rules! with_form {
    ($s:ident, $x:expr, |$ins:ident| $body:expr) => {
        match $x {
            RawSrc::Contig(p) => {
                let $ins = (Contig(p),);
                $body
            }
            RawSrc::Strided(p, st) => {
                let $ins = (Gathered(p, st),);
                $body
            }
            RawSrc::Splat(v) => {
                let $ins = (Splat($s.splat(v)),);
                $body
            }
        }
    };
}

/// Entry of every value reduction.
///
/// # Safety
/// `x` must be readable for `n` elements.
#[inline(always)]
pub(crate) unsafe fn reduce<T: Float, S: Simd<T>, const OP: u8>(
    s: S,
    n: usize,
    x: RawSrc<T>,
    part: &mut Partial<T>,
) {
    let f = |acc, (v,)| vstep::<T, S, OP>(s, acc, v);
    // SAFETY (both): forwarded caller contract.
    if Reduction::from_u8(OP).is_sum() {
        with_form!(s, x, |ins| unsafe {
            fold::<T, S, _, OP>(s, n, ins, f, part)
        })
    } else {
        debug_assert!(part.op == Reduction::from_u8(OP) && part.is_empty());
        part.extreme = with_form!(s, x, |ins| unsafe { extremes::<T, S, _, OP>(s, n, ins) });
        part.len = n;
    }
}

/// `Σ a[i]·b[i]` in the fixed order, each product fused into its lane, into
/// `part` (a fresh sum partial): the products are summed in the order of
/// `sum`, so parts of whole power-of-two block runs join like its parts.
///
/// # Safety
/// `a` and `b` must be readable for `n` elements.
#[inline(always)]
pub(crate) unsafe fn dot<T: Float, S: Simd<T>>(
    s: S,
    n: usize,
    a: RawSrc<T>,
    b: RawSrc<T>,
    part: &mut Partial<T>,
) {
    let f = |acc, (x, y)| s.mul_add(x, y, acc);
    // SAFETY (all arms): forwarded caller contract.
    with_form!(s, a, |ia| with_form!(s, b, |ib| unsafe {
        fold::<T, S, _, { Reduction::Sum as u8 }>(s, n, (ia.0, ib.0), f, part)
    }))
}

/// Whether `x` beats `cur` under the order of `op`: NaN first for the
/// NaN-propagating forms, never for the `nan*` forms; strictly (NumPy's
/// first occurrence, with `-0 == +0`).
#[inline(always)]
pub(crate) fn better<T: Float>(op: ArgReduction, x: T, cur: T) -> bool {
    let (nan_wins, max) = match op {
        ArgReduction::ArgMax => (true, true),
        ArgReduction::ArgMin => (true, false),
        ArgReduction::NanArgMax => (false, true),
        ArgReduction::NanArgMin => (false, false),
    };
    match (x.is_nan(), cur.is_nan()) {
        (true, true) => false,
        (true, false) => nan_wins,
        (false, true) => !nan_wins,
        // NumPy's rule: strictly better only; -0 and +0 are equal, so the
        // first of them wins.
        (false, false) => {
            if max {
                x > cur
            } else {
                x < cur
            }
        }
    }
}

/// Whether `x` is the extreme `e` (equal as numbers, so either zero for a
/// zero extreme, or both NaN).
#[inline(always)]
fn is_extreme<T: Float>(x: T, e: T) -> bool {
    (x.is_nan() && e.is_nan()) || x == e
}

/// Entry of every index reduction: the first index of the extreme, or
/// `usize::MAX` if there is none (no elements, or only NaN for `nan*`).
///
/// # Safety
/// `x` must be readable for `n` elements.
#[inline(always)]
pub(crate) unsafe fn arg<T: Float, S: Simd<T>, const OP: u8>(
    s: S,
    n: usize,
    x: RawSrc<T>,
) -> usize {
    // SAFETY (all arms): forwarded caller contract.
    unsafe {
        match ArgReduction::from_u8(OP) {
            ArgReduction::ArgMax => arg_by::<T, S, OP, { Reduction::Max as u8 }>(s, n, x),
            ArgReduction::ArgMin => arg_by::<T, S, OP, { Reduction::Min as u8 }>(s, n, x),
            ArgReduction::NanArgMax => arg_by::<T, S, OP, { Reduction::NanMax as u8 }>(s, n, x),
            ArgReduction::NanArgMin => arg_by::<T, S, OP, { Reduction::NanMin as u8 }>(s, n, x),
        }
    }
}

/// [`arg`] with the value reduction `VOP` whose extreme it locates.
///
/// # Safety
/// As [`arg`].
#[inline(always)]
unsafe fn arg_by<T: Float, S: Simd<T>, const OP: u8, const VOP: u8>(
    s: S,
    n: usize,
    x: RawSrc<T>,
) -> usize {
    let op = ArgReduction::from_u8(OP);
    let b = block_len::<T>();
    let mut best: Option<(usize, T)> = None;
    let mut i = 0;
    while i < n {
        let len = b.min(n - i);
        // SAFETY: positions i..i+len are inside 0..n.
        let e = with_form!(s, x, |ins| unsafe {
            extreme_block::<T, S, _, VOP>(s, Inputs::<T, S>::at(ins, i), len)
        });
        let candidate =
            !(e.is_nan() && matches!(op, ArgReduction::NanArgMax | ArgReduction::NanArgMin));
        if candidate && best.is_none_or(|(_, cur)| better(op, e, cur)) {
            best = Some((i, e));
        }
        i += len;
    }
    let Some((start, e)) = best else {
        return usize::MAX;
    };
    let at = |k: usize| -> T {
        // SAFETY: start + k < n.
        unsafe {
            match x {
                RawSrc::Contig(p) => p.add(start + k).read_unaligned(),
                RawSrc::Strided(p, st) => p
                    .offset((start + k) as isize * st)
                    .cast::<T>()
                    .read_unaligned(),
                RawSrc::Splat(v) => v,
            }
        }
    };
    let len = b.min(n - start);
    (0..len)
        .find(|&k| is_extreme(at(k), e))
        .map_or(usize::MAX, |k| start + k)
}
