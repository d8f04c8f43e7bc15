//! The integer family's bodies: one per kernel, each compiled once per ISA
//! (see the family essay in `mod.rs`).

use super::{IntBinary, IntElement, IntUnary};
use crate::chunked::{binary_map, chunk, unary_map, Chunk, Run, CHUNK};
use crate::per_isa::IsaBody;
use std::marker::PhantomData;

/// `out = op(a, b)`.
pub(crate) struct BinaryRun<T> {
    pub(crate) op: IntBinary,
    pub(crate) n: usize,
    pub(crate) a: Run,
    pub(crate) b: Run,
    pub(crate) out: *mut u8,
    pub(crate) os: isize,
    pub(crate) _t: PhantomData<T>,
}

impl<T: IntElement> BinaryRun<T> {
    #[inline(always)]
    fn map(&self, f: impl Fn(T, T) -> T + Copy) {
        // SAFETY: constructor contract: every run holds `n` elements; an
        // input is disjoint from the output or is the output itself.
        unsafe { binary_map(self.n, self.a, self.b, self.out, self.os, f) }
    }
}

impl<T: IntElement> IsaBody for BinaryRun<T> {
    type Out = ();
    #[inline(always)]
    fn run<const ISA: u8>(self) {
        match self.op {
            IntBinary::Add => self.map(T::w_add),
            IntBinary::Sub => self.map(T::w_sub),
            IntBinary::Mul => self.map(T::w_mul),
            IntBinary::FloorDivide => self.map(T::floor_div),
            IntBinary::Remainder => self.map(T::floor_rem),
            IntBinary::Maximum => self.map(Ord::max),
            IntBinary::Minimum => self.map(Ord::min),
            IntBinary::BitAnd => self.map(T::and),
            IntBinary::BitOr => self.map(T::or),
            IntBinary::BitXor => self.map(T::xor),
            IntBinary::LeftShift => self.map(T::shl),
            IntBinary::RightShift => self.map(T::shr),
        }
    }
}

/// `out = op(a)`; [`IntUnary`] plus `clip` (`min(max(a, lo), hi)`).
pub(crate) struct UnaryRun<T> {
    pub(crate) op: Option<IntUnary>,
    /// `clip`'s bounds when `op` is `None`.
    pub(crate) bounds: (T, T),
    pub(crate) n: usize,
    pub(crate) a: Run,
    pub(crate) out: *mut u8,
    pub(crate) os: isize,
}

impl<T: IntElement> UnaryRun<T> {
    #[inline(always)]
    fn map(&self, f: impl Fn(T) -> T + Copy) {
        // SAFETY: as in `BinaryRun::map`.
        unsafe { unary_map(self.n, self.a, self.out, self.os, f) }
    }
}

impl<T: IntElement> IsaBody for UnaryRun<T> {
    type Out = ();
    #[inline(always)]
    fn run<const ISA: u8>(self) {
        match self.op {
            Some(IntUnary::Neg) => self.map(T::w_neg),
            Some(IntUnary::Abs) => self.map(T::w_abs),
            Some(IntUnary::Square) => self.map(|x: T| x.w_mul(x)),
            Some(IntUnary::Invert) => self.map(T::not),
            None => {
                let (lo, hi) = self.bounds;
                self.map(move |x: T| x.max(lo).min(hi))
            }
        }
    }
}

/// Calls `f` on consecutive slices covering the run's `n` elements (one
/// slice when it is contiguous; `(value, count)` pieces when broadcast).
///
/// # Safety
/// The run holds `n` readable elements.
#[inline(always)]
unsafe fn for_chunks<T: IntElement>(
    n: usize,
    r: Run,
    mut f: impl FnMut(usize, Chunk<'_, T>, usize),
) {
    if n == 0 {
        return;
    }
    if r.direct::<T>() {
        // SAFETY: caller contract; a direct run is not staged.
        return f(0, unsafe { chunk(r, 0, n, &mut []) }, n);
    }
    let mut buf = [T::ZERO; CHUNK];
    let mut i = 0;
    while i < n {
        let len = CHUNK.min(n - i);
        // SAFETY: caller contract; `len <= CHUNK`.
        f(i, unsafe { chunk(r, i, len, &mut buf) }, len);
        i += len;
    }
}

/// The exact sum of a run, `None` beyond `T::Total` (never, below 2⁶⁴ elements).
pub(crate) struct SumRun<T> {
    pub(crate) n: usize,
    pub(crate) a: Run,
    pub(crate) _t: PhantomData<T>,
}

impl<T: IntElement> IsaBody for SumRun<T> {
    type Out = Option<T::Total>;
    #[inline(always)]
    fn run<const ISA: u8>(self) -> Option<T::Total> {
        let mut total = Some(T::Total::default());
        // SAFETY: constructor contract: `n` readable elements.
        unsafe {
            for_chunks(self.n, self.a, |_, c, len| {
                let part = match c {
                    Chunk::Slice(s) => T::sum_slice(s),
                    Chunk::Value(v) => match v.total_scaled(len) {
                        Some(p) => p,
                        None => {
                            total = None;
                            return;
                        }
                    },
                };
                total = total.and_then(|t| T::total_add(t, part));
            })
        };
        total
    }
}

/// The exact product of a run: `Ok(None)` when it leaves `T::Total`
/// (so also `T::Sum`) and no element is zero.
pub(crate) struct ProdRun<T> {
    pub(crate) n: usize,
    pub(crate) a: Run,
    pub(crate) _t: PhantomData<T>,
}

impl<T: IntElement> IsaBody for ProdRun<T> {
    type Out = Option<T::Total>;
    #[inline(always)]
    fn run<const ISA: u8>(self) -> Option<T::Total> {
        let (mut acc, mut zero) = (Some(T::total_one()), false);
        // SAFETY: constructor contract: `n` readable elements.
        unsafe {
            for_chunks(self.n, self.a, |_, c, len| match c {
                Chunk::Slice(s) => {
                    zero |= s.contains(&T::ZERO);
                    acc = acc.and_then(|a| T::prod_total(a, s));
                }
                Chunk::Value(v) => {
                    zero |= v == T::ZERO;
                    for _ in 0..len {
                        acc = acc.and_then(|a| T::prod_total(a, &[v]));
                        if acc.is_none() || v == T::ZERO {
                            break;
                        }
                    }
                }
            })
        };
        // Every factor non-zero: the magnitude never shrinks, so an
        // overflow is final. A zero anywhere makes the product 0.
        if zero {
            return T::prod_total(T::total_one(), &[T::ZERO]);
        }
        acc
    }
}

/// The first position and value of the largest (`max`) or smallest
/// element; `None` for an empty run.
pub(crate) struct ExtremeRun<T> {
    pub(crate) max: bool,
    pub(crate) n: usize,
    pub(crate) a: Run,
    pub(crate) _t: PhantomData<T>,
}

/// The extreme of a slice (a vectorised reduction), then its first position.
#[inline(always)]
fn slice_extreme<T: IntElement>(s: &[T], max: bool) -> (usize, T) {
    let v = if max {
        s.iter().copied().fold(T::MIN, Ord::max)
    } else {
        s.iter().copied().fold(T::MAX, Ord::min)
    };
    (s.iter().position(|&x| x == v).unwrap_or(0), v)
}

impl<T: IntElement> IsaBody for ExtremeRun<T> {
    type Out = Option<(usize, T)>;
    #[inline(always)]
    fn run<const ISA: u8>(self) -> Option<(usize, T)> {
        let mut best: Option<(usize, T)> = None;
        let better = |a: T, b: T| if self.max { a > b } else { a < b };
        // SAFETY: constructor contract: `n` readable elements.
        unsafe {
            for_chunks(self.n, self.a, |i, c, _| {
                let (k, v) = match c {
                    Chunk::Slice(s) => slice_extreme(s, self.max),
                    Chunk::Value(v) => (0, v),
                };
                if best.is_none_or(|(_, b)| better(v, b)) {
                    best = Some((i + k, v));
                }
            })
        };
        best
    }
}
