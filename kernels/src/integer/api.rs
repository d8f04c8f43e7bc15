//! The integer family's entry points: raw runs (pointer, byte stride) for
//! the array layer, slices and [`Src`] runs for everyone else. Raw entry
//! points run on a given ISA (the caller checked it); the others take
//! `Some(isa)` or the active one.

use super::body::{BinaryRun, ExtremeRun, ProdRun, SumRun, UnaryRun};
use super::IntElement;
use crate::chunked::Run;
use crate::dispatch::isa_or_active;
use crate::error::KernelError;
use crate::isa::Isa;
use crate::op_enum::op_enum;
use crate::operand::Src;
use crate::per_isa::{run_on, run_on_unchecked};
use std::marker::PhantomData;
use std::mem::size_of;

op_enum!(
    /// Two-input integer operations (wrapping; NumPy's names).
    IntBinary
    Add add "`a + b`, wrapping."
    Sub sub "`a - b`, wrapping."
    Mul mul "`a * b`, wrapping."
    FloorDivide floor_divide "`a // b`: toward −∞; 0 for `b == 0`; `MIN // -1 == MIN`."
    Remainder remainder "`a % b` with the sign of `b`; 0 for `b == 0`."
    Maximum maximum "The larger."
    Minimum minimum "The smaller."
    BitAnd bitwise_and "`a & b`."
    BitOr bitwise_or "`a | b`."
    BitXor bitwise_xor "`a ^ b`."
    LeftShift left_shift "`a << b`; 0 for counts outside `0 .. BITS`."
    RightShift right_shift "`a >> b` (arithmetic when signed); counts outside `0 .. BITS` give `-1` for negative `a`, else 0."
);

op_enum!(
    /// One-input integer operations (wrapping; NumPy's names).
    IntUnary
    Neg neg "`-a`, wrapping (`-MIN == MIN`)."
    Abs abs "`|a|`, wrapping (`|MIN| == MIN`)."
    Square square "`a * a`, wrapping."
    Invert invert "`!a` (NumPy's `~a`)."
);

fn run(p: *const u8, stride: isize) -> Run {
    Run { p, stride }
}

/// `out[k] = op(a[k], b[k])` for `n` elements.
///
/// # Safety
/// `isa` is supported by this CPU; `a` and `b` are readable for `n` `T`s at
/// their byte strides (0: one value); `out` is writable for `n` `T`s at
/// stride `os`, its elements pairwise disjoint; each input is disjoint from
/// the output or is the output itself (same pointer and stride: in place).
#[allow(clippy::too_many_arguments)]
pub unsafe fn int_binary_raw<T: IntElement>(
    isa: Isa,
    op: IntBinary,
    n: usize,
    a: *const u8,
    sa: isize,
    b: *const u8,
    sb: isize,
    out: *mut u8,
    os: isize,
) {
    let body = BinaryRun::<T> {
        op,
        n,
        a: run(a, sa),
        b: run(b, sb),
        out,
        os,
        _t: PhantomData,
    };
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, body) }
}

/// `out[k] = op(a[k])`.
///
/// # Safety
/// As [`int_binary_raw`], with one input.
pub unsafe fn int_unary_raw<T: IntElement>(
    isa: Isa,
    op: IntUnary,
    n: usize,
    a: *const u8,
    sa: isize,
    out: *mut u8,
    os: isize,
) {
    let body = UnaryRun::<T> {
        op: Some(op),
        bounds: (T::ZERO, T::ZERO),
        n,
        a: run(a, sa),
        out,
        os,
    };
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, body) }
}

/// `out[k] = min(max(a[k], lo), hi)` (NumPy's `clip`).
///
/// # Safety
/// As [`int_unary_raw`].
#[allow(clippy::too_many_arguments)]
pub unsafe fn clip_raw<T: IntElement>(
    isa: Isa,
    n: usize,
    a: *const u8,
    sa: isize,
    lo: T,
    hi: T,
    out: *mut u8,
    os: isize,
) {
    let body = UnaryRun::<T> {
        op: None,
        bounds: (lo, hi),
        n,
        a: run(a, sa),
        out,
        os,
    };
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, body) }
}

/// The exact sum of `n` elements at byte stride `sa` (`Overflow` when it
/// does not fit `T::Sum`).
///
/// # Safety
/// `isa` is supported; the run is readable.
pub unsafe fn int_sum_raw<T: IntElement>(
    isa: Isa,
    n: usize,
    a: *const u8,
    sa: isize,
) -> Result<T::Sum, KernelError> {
    let body = SumRun::<T> {
        n,
        a: run(a, sa),
        _t: PhantomData,
    };
    // SAFETY: caller contract.
    let total = unsafe { run_on_unchecked(isa, body) };
    fits::<T>("sum", total)
}

/// The exact sum of one part of a longer run: parts join in any order with
/// [`IntSumPart::append`] (integer addition is exact), and
/// [`IntSumPart::finish`] checks the total against `T::Sum` once, as
/// [`int_sum_raw`] does.
#[derive(Clone, Copy, Debug)]
pub struct IntSumPart<T: IntElement> {
    /// `None` once a part left `T::Total` (128 bits).
    total: Option<T::Total>,
}

impl<T: IntElement> Default for IntSumPart<T> {
    fn default() -> Self {
        IntSumPart {
            total: Some(T::Total::default()),
        }
    }
}

impl<T: IntElement> IntSumPart<T> {
    /// Adds another part's sum.
    pub fn append(&mut self, other: &Self) {
        self.total = match (self.total, other.total) {
            (Some(a), Some(b)) => T::total_add(a, b),
            _ => None,
        };
    }

    /// The sum in `T::Sum` (`Overflow` when it does not fit).
    pub fn finish(self) -> Result<T::Sum, KernelError> {
        fits::<T>("sum", self.total)
    }
}

/// [`int_sum_raw`] of one part, unchecked against `T::Sum`.
///
/// # Safety
/// As [`int_sum_raw`].
pub unsafe fn int_sum_part_raw<T: IntElement>(
    isa: Isa,
    n: usize,
    a: *const u8,
    sa: isize,
) -> IntSumPart<T> {
    let body = SumRun::<T> {
        n,
        a: run(a, sa),
        _t: PhantomData,
    };
    // SAFETY: caller contract.
    IntSumPart {
        total: unsafe { run_on_unchecked(isa, body) },
    }
}

/// The exact product of `n` elements (`Overflow` when it does not fit
/// `T::Sum`; the product of nothing is 1).
///
/// # Safety
/// As [`int_sum_raw`].
pub unsafe fn int_prod_raw<T: IntElement>(
    isa: Isa,
    n: usize,
    a: *const u8,
    sa: isize,
) -> Result<T::Sum, KernelError> {
    let body = ProdRun::<T> {
        n,
        a: run(a, sa),
        _t: PhantomData,
    };
    // SAFETY: caller contract.
    let total = unsafe { run_on_unchecked(isa, body) };
    fits::<T>("prod", total)
}

fn fits<T: IntElement>(op: &'static str, total: Option<T::Total>) -> Result<T::Sum, KernelError> {
    let overflow = |value: String| KernelError::Overflow {
        op: if op == "sum" {
            "sum of integers"
        } else {
            "product of integers"
        },
        value,
    };
    let total = total.ok_or_else(|| overflow("beyond 128 bits".to_string()))?;
    T::to_sum(total).ok_or_else(|| overflow(total.to_string()))
}

/// The first position and value of the largest (`max == true`) or smallest
/// element of `n` at byte stride `sa`; `None` when `n == 0`.
///
/// # Safety
/// As [`int_sum_raw`].
pub unsafe fn int_extreme_raw<T: IntElement>(
    isa: Isa,
    max: bool,
    n: usize,
    a: *const u8,
    sa: isize,
) -> Option<(usize, T)> {
    let body = ExtremeRun::<T> {
        max,
        n,
        a: run(a, sa),
        _t: PhantomData,
    };
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, body) }
}

/// `out[k] = op(a[k], b[k])` on `isa` (or the active ISA).
///
/// ```
/// use stridekit_kernels::{int_binary_on, IntBinary};
/// let mut q = [0i8; 4];
/// int_binary_on(None, IntBinary::FloorDivide, &[7, -7, 5, i8::MIN], &[2, 2, 0, -1], &mut q).unwrap();
/// assert_eq!(q, [3, -4, 0, i8::MIN]);
/// ```
pub fn int_binary_on<T: IntElement>(
    isa: Option<Isa>,
    op: IntBinary,
    a: &[T],
    b: &[T],
    out: &mut [T],
) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    KernelError::same_len("a", out.len(), a.len())?;
    KernelError::same_len("b", out.len(), b.len())?;
    let e = size_of::<T>() as isize;
    let body = BinaryRun::<T> {
        op,
        n: out.len(),
        a: run(a.as_ptr().cast(), e),
        b: run(b.as_ptr().cast(), e),
        out: out.as_mut_ptr().cast(),
        os: e,
        _t: PhantomData,
    };
    Ok(run_on(isa, body)?)
}

/// `out[k] = op(a[k])` on `isa` (or the active ISA).
pub fn int_unary_on<T: IntElement>(
    isa: Option<Isa>,
    op: IntUnary,
    a: &[T],
    out: &mut [T],
) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    KernelError::same_len("a", out.len(), a.len())?;
    let e = size_of::<T>() as isize;
    let body = UnaryRun::<T> {
        op: Some(op),
        bounds: (T::ZERO, T::ZERO),
        n: out.len(),
        a: run(a.as_ptr().cast(), e),
        out: out.as_mut_ptr().cast(),
        os: e,
    };
    Ok(run_on(isa, body)?)
}

/// A validated [`Src`] as a run and its length (a reduction needs one).
fn lower<T: IntElement>(x: Src<'_, T>) -> Result<(Run, usize), KernelError> {
    match x {
        Src::Slice(s) => Ok((run(s.as_ptr().cast(), size_of::<T>() as isize), s.len())),
        Src::Strided(s) => Ok((run(s.ptr, s.stride), s.len)),
        Src::Scalar(_) | Src::Out => Err(KernelError::NoLength { operand: "x" }),
    }
}

/// Exact integer sum on the ISA given (or the active one), in `T::Sum`
/// (`i64` signed, `u64` unsigned); a result that does not fit is
/// [`KernelError::Overflow`].
pub fn int_sum_on<'a, T: IntElement>(
    isa: Option<Isa>,
    x: impl Into<Src<'a, T>>,
) -> Result<T::Sum, KernelError> {
    let isa = isa_or_active(isa)?;
    let (r, n) = lower(x.into())?;
    // SAFETY: the run was validated for n elements when it was built.
    unsafe { int_sum_raw::<T>(isa, n, r.p, r.stride) }
}

/// Exact integer product on the ISA given (or the active one), in `T::Sum`.
pub fn int_prod_on<'a, T: IntElement>(
    isa: Option<Isa>,
    x: impl Into<Src<'a, T>>,
) -> Result<T::Sum, KernelError> {
    let isa = isa_or_active(isa)?;
    let (r, n) = lower(x.into())?;
    // SAFETY: as in `int_sum_on`.
    unsafe { int_prod_raw::<T>(isa, n, r.p, r.stride) }
}

/// Integer minimum on the ISA given; empty is [`KernelError::Empty`].
pub fn int_min_on<'a, T: IntElement>(
    isa: Option<Isa>,
    x: impl Into<Src<'a, T>>,
) -> Result<T, KernelError> {
    extreme_on(isa, false, x.into()).map(|(_, v)| v)
}

/// Integer maximum on the ISA given; empty is [`KernelError::Empty`].
pub fn int_max_on<'a, T: IntElement>(
    isa: Option<Isa>,
    x: impl Into<Src<'a, T>>,
) -> Result<T, KernelError> {
    extreme_on(isa, true, x.into()).map(|(_, v)| v)
}

/// The first position of the integer minimum; empty is [`KernelError::Empty`].
pub fn int_argmin_on<'a, T: IntElement>(
    isa: Option<Isa>,
    x: impl Into<Src<'a, T>>,
) -> Result<usize, KernelError> {
    extreme_on(isa, false, x.into()).map(|(i, _)| i)
}

/// The first position of the integer maximum; empty is [`KernelError::Empty`].
pub fn int_argmax_on<'a, T: IntElement>(
    isa: Option<Isa>,
    x: impl Into<Src<'a, T>>,
) -> Result<usize, KernelError> {
    extreme_on(isa, true, x.into()).map(|(i, _)| i)
}

fn extreme_on<T: IntElement>(
    isa: Option<Isa>,
    max: bool,
    x: Src<'_, T>,
) -> Result<(usize, T), KernelError> {
    let isa = isa_or_active(isa)?;
    let (r, n) = lower(x)?;
    // SAFETY: as in `int_sum_on`.
    unsafe { int_extreme_raw::<T>(isa, max, n, r.p, r.stride) }.ok_or(KernelError::Empty {
        op: if max { "max" } else { "min" },
    })
}
