//! The mask family's entry points: raw runs (pointer, byte stride) for the
//! array layer, slices for everyone else. Raw entry points run on a given
//! ISA (the caller checked it); slice ones take `Some(isa)` or the active one.

use super::body::{ClassifyRun, CompareRun, CountRun, ExtractRun, LogicRun, PutRun, SelectRun};
use super::Run;
use crate::dispatch::isa_or_active;
use crate::error::KernelError;
use crate::isa::Isa;
use crate::per_isa::{run_on, run_on_unchecked};
use crate::{Element, Float};
use bytemuck::Pod;
use std::marker::PhantomData;
use std::mem::size_of;

/// A comparison (NumPy's `equal`, `not_equal`, `less`, `less_equal`,
/// `greater`, `greater_equal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Compare {
    /// `a == b`
    Equal,
    /// `a != b` (true when either is NaN)
    NotEqual,
    /// `a < b`
    Less,
    /// `a <= b`
    LessEqual,
    /// `a > b`
    Greater,
    /// `a >= b`
    GreaterEqual,
}

impl Compare {
    /// Every comparison.
    pub const ALL: [Compare; 6] = [
        Compare::Equal,
        Compare::NotEqual,
        Compare::Less,
        Compare::LessEqual,
        Compare::Greater,
        Compare::GreaterEqual,
    ];
    /// NumPy's name of the comparison.
    pub fn name(self) -> &'static str {
        match self {
            Compare::Equal => "equal",
            Compare::NotEqual => "not_equal",
            Compare::Less => "less",
            Compare::LessEqual => "less_equal",
            Compare::Greater => "greater",
            Compare::GreaterEqual => "greater_equal",
        }
    }
}

/// A float class test (NumPy's `isnan`, `isinf`, `isfinite`, `signbit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Classify {
    /// NaN.
    IsNan,
    /// `±inf`.
    IsInf,
    /// Neither NaN nor infinite.
    IsFinite,
    /// The sign bit is set (`-0.0` and negative NaNs too).
    SignBit,
}

impl Classify {
    /// Every class test.
    pub const ALL: [Classify; 4] = [
        Classify::IsNan,
        Classify::IsInf,
        Classify::IsFinite,
        Classify::SignBit,
    ];
    /// NumPy's name of the test.
    pub fn name(self) -> &'static str {
        match self {
            Classify::IsNan => "isnan",
            Classify::IsInf => "isinf",
            Classify::IsFinite => "isfinite",
            Classify::SignBit => "signbit",
        }
    }
}

/// A logical operation on masks (NumPy's `logical_and`, `logical_or`,
/// `logical_xor`, `logical_not`); a byte is true when non-zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Logic {
    /// Both.
    And,
    /// Either.
    Or,
    /// Exactly one.
    Xor,
    /// Not the first (the second operand is ignored).
    Not,
}

impl Logic {
    /// Every logical operation.
    pub const ALL: [Logic; 4] = [Logic::And, Logic::Or, Logic::Xor, Logic::Not];
}

fn run(p: *const u8, stride: isize) -> Run {
    Run { p, stride }
}

/// `out[k] = op(a[k], b[k])` as mask bytes (0 or 1), `n` elements.
///
/// # Safety
/// `isa` is supported by this CPU; `a` and `b` are readable for `n` `T`s at
/// their byte strides (0: one value); `out` is writable for `n` bytes at
/// stride `os`, pairwise disjoint and disjoint from the inputs.
#[allow(clippy::too_many_arguments)]
pub unsafe fn compare_raw<T: Element>(
    isa: Isa,
    op: Compare,
    n: usize,
    a: *const u8,
    sa: isize,
    b: *const u8,
    sb: isize,
    out: *mut u8,
    os: isize,
) {
    let body = CompareRun::<T> {
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

/// `out[k] = op(a[k])` as mask bytes.
///
/// # Safety
/// As [`compare_raw`], with one input.
pub unsafe fn classify_raw<T: Float>(
    isa: Isa,
    op: Classify,
    n: usize,
    a: *const u8,
    sa: isize,
    out: *mut u8,
    os: isize,
) {
    let body = ClassifyRun::<T> {
        op,
        n,
        a: run(a, sa),
        out,
        os,
        _t: PhantomData,
    };
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, body) }
}

/// `out[k] = op(a[k] != 0, b[k] != 0)` as mask bytes.
///
/// # Safety
/// As [`compare_raw`], with byte inputs (`b` is read even for `Not`: pass
/// `a` again).
#[allow(clippy::too_many_arguments)]
pub unsafe fn logical_raw(
    isa: Isa,
    op: Logic,
    n: usize,
    a: *const u8,
    sa: isize,
    b: *const u8,
    sb: isize,
    out: *mut u8,
    os: isize,
) {
    let body = LogicRun {
        op,
        n,
        a: run(a, sa),
        b: run(b, sb),
        out,
        os,
    };
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, body) }
}

/// The number of non-zero bytes of a run of `n` at stride `sm`.
///
/// # Safety
/// `isa` is supported; the run is readable.
pub unsafe fn count_nonzero_raw(isa: Isa, n: usize, m: *const u8, sm: isize) -> usize {
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, CountRun { n, m: run(m, sm) }) }
}

/// `out[k] = if m[k] != 0 { a[k] } else { b[k] }` (NumPy's `where`).
///
/// # Safety
/// As [`compare_raw`]: `m` readable for `n` bytes, `a` and `b` for `n` `T`s,
/// `out` writable for `n` `T`s and disjoint from the inputs.
#[allow(clippy::too_many_arguments)]
pub unsafe fn select_raw<T: Pod>(
    isa: Isa,
    n: usize,
    m: *const u8,
    sm: isize,
    a: *const u8,
    sa: isize,
    b: *const u8,
    sb: isize,
    out: *mut u8,
    os: isize,
) {
    let body = SelectRun::<T> {
        n,
        m: run(m, sm),
        a: run(a, sa),
        b: run(b, sb),
        out,
        os,
        _t: PhantomData,
    };
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, body) }
}

/// `out[k] = value` where `m[k] != 0`, the rest untouched (NumPy's `putmask`).
///
/// # Safety
/// `isa` is supported; `m` readable for `n` bytes; `out` writable for `n`
/// `T`s at stride `os`, pairwise disjoint and disjoint from `m`.
pub unsafe fn putmask_raw<T: Pod>(
    isa: Isa,
    n: usize,
    m: *const u8,
    sm: isize,
    value: T,
    out: *mut u8,
    os: isize,
) {
    let body = PutRun {
        n,
        m: run(m, sm),
        value,
        out,
        os,
    };
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, body) }
}

/// Copies the elements of `a` where `m != 0`, in order, to `out` (at most
/// `room` of them); returns how many were written.
///
/// # Safety
/// `isa` is supported; `m` readable for `n` bytes, `a` for `n` `T`s; `out`
/// writable for `room` contiguous `T`s, disjoint from the inputs.
#[allow(clippy::too_many_arguments)]
pub unsafe fn extract_raw<T: Pod>(
    isa: Isa,
    n: usize,
    m: *const u8,
    sm: isize,
    a: *const u8,
    sa: isize,
    out: *mut T,
    room: usize,
) -> usize {
    let body = ExtractRun {
        n,
        m: run(m, sm),
        a: run(a, sa),
        out,
        room,
    };
    // SAFETY: caller contract.
    unsafe { run_on_unchecked(isa, body) }
}

/// `out[k] = op(a[k], b[k])` as mask bytes, on `isa` (or the active ISA).
///
/// ```
/// use stridekit_kernels::{compare_on, Compare};
/// let mut m = [0u8; 3];
/// compare_on(None, Compare::Less, &[1.0f32, f32::NAN, 3.0], &[2.0, 2.0, 2.0], &mut m).unwrap();
/// assert_eq!(m, [1, 0, 0]);
/// ```
pub fn compare_on<T: Element>(
    isa: Option<Isa>,
    op: Compare,
    a: &[T],
    b: &[T],
    out: &mut [u8],
) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    KernelError::same_len("a", out.len(), a.len())?;
    KernelError::same_len("b", out.len(), b.len())?;
    let e = size_of::<T>() as isize;
    let body = CompareRun::<T> {
        op,
        n: out.len(),
        a: run(a.as_ptr().cast(), e),
        b: run(b.as_ptr().cast(), e),
        out: out.as_mut_ptr(),
        os: 1,
        _t: PhantomData,
    };
    Ok(run_on(isa, body)?)
}

/// The number of non-zero bytes of `m`, on `isa` (or the active ISA).
pub fn count_nonzero_on(isa: Option<Isa>, m: &[u8]) -> Result<usize, KernelError> {
    let isa = isa_or_active(isa)?;
    Ok(run_on(
        isa,
        CountRun {
            n: m.len(),
            m: run(m.as_ptr(), 1),
        },
    )?)
}

/// `out[k] = if m[k] != 0 { a[k] } else { b[k] }`, on `isa` (or the active ISA).
pub fn select_on<T: Pod>(
    isa: Option<Isa>,
    m: &[u8],
    a: &[T],
    b: &[T],
    out: &mut [T],
) -> Result<(), KernelError> {
    let isa = isa_or_active(isa)?;
    KernelError::same_len("mask", out.len(), m.len())?;
    KernelError::same_len("a", out.len(), a.len())?;
    KernelError::same_len("b", out.len(), b.len())?;
    let e = size_of::<T>() as isize;
    let body = SelectRun::<T> {
        n: out.len(),
        m: run(m.as_ptr(), 1),
        a: run(a.as_ptr().cast(), e),
        b: run(b.as_ptr().cast(), e),
        out: out.as_mut_ptr().cast(),
        os: e,
        _t: PhantomData,
    };
    Ok(run_on(isa, body)?)
}

/// The elements of `a` where `m` is non-zero, in order (NumPy's `a[m]`), on
/// `isa` (or the active ISA).
///
/// ```
/// use stridekit_kernels::extract_on;
/// let got = extract_on(None, &[1, 0, 1, 1], &[10i32, 20, 30, 40]).unwrap();
/// assert_eq!(got, [10, 30, 40]);
/// ```
pub fn extract_on<T: Pod>(isa: Option<Isa>, m: &[u8], a: &[T]) -> Result<Vec<T>, KernelError> {
    KernelError::same_len("a", m.len(), a.len())?;
    let count = count_nonzero_on(isa, m)?;
    let isa = isa_or_active(isa)?;
    let mut out = vec![T::zeroed(); count];
    let body = ExtractRun {
        n: m.len(),
        m: run(m.as_ptr(), 1),
        a: run(a.as_ptr().cast(), size_of::<T>() as isize),
        out: out.as_mut_ptr(),
        room: count,
    };
    let written = run_on(isa, body)?;
    debug_assert_eq!(written, count);
    Ok(out)
}
