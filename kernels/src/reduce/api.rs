//! Reduction entry points: lower a slice or strided run, call the ISA's
//! reduction, dot product, index reduction or integer reduction.

use crate::dispatch::{table, Kernels};
use crate::error::KernelError;
use crate::isa::Isa;
use crate::Float;

use crate::operand::{RawSrc, Src};
use crate::reduce::{ArgReduction, Partial, Reduction};

impl<T: Float> Kernels<T> {
    /// A value reduction over a lowered run, without validation (the array
    /// layer's entry). An empty input gives the reduction's identity (`+0`
    /// for sums, `-inf`/`+inf`/NaN for the extremes).
    ///
    /// # Safety
    /// `x` must be readable for `n` elements.
    #[inline(always)]
    pub unsafe fn reduce_raw(&self, op: Reduction, n: usize, x: RawSrc<T>) -> T {
        // SAFETY: the caller's contract is the kernel's.
        unsafe { self.reduce_part_raw(op, n, x) }.finish()
    }

    /// [`Kernels::reduce_raw`] of one part of a longer input, unrounded:
    /// parts of consecutive runs join with [`Partial::append`] (the array
    /// layer's threads each reduce whole power-of-two runs of blocks).
    ///
    /// # Safety
    /// `x` must be readable for `n` elements.
    #[inline(always)]
    pub unsafe fn reduce_part_raw(&self, op: Reduction, n: usize, x: RawSrc<T>) -> Partial<T> {
        let mut part = Partial::new(op);
        // SAFETY: the caller's contract is the kernel's.
        unsafe { (self.reduce[op as usize])(n, x, &mut part) };
        part
    }

    /// `Σ a[i]·b[i]` over lowered runs.
    ///
    /// # Safety
    /// `a` and `b` must be readable for `n` elements.
    #[inline(always)]
    pub unsafe fn dot_raw(&self, n: usize, a: RawSrc<T>, b: RawSrc<T>) -> T {
        // SAFETY: the caller's contract is the kernel's.
        unsafe { self.dot_part_raw(n, a, b) }.finish()
    }

    /// [`Kernels::dot_raw`] of one part of longer inputs, unrounded (a sum
    /// [`Partial`]): parts of consecutive whole power-of-two block runs
    /// join with [`Partial::append`] into the bits of one pass.
    ///
    /// # Safety
    /// `a` and `b` must be readable for `n` elements.
    #[inline(always)]
    pub unsafe fn dot_part_raw(&self, n: usize, a: RawSrc<T>, b: RawSrc<T>) -> Partial<T> {
        let mut part = Partial::new(Reduction::Sum);
        // SAFETY: the caller's contract is the kernel's.
        unsafe { (self.dot)(n, a, b, &mut part) };
        part
    }

    /// An index reduction over a lowered run: `None` when there is no element
    /// to point at (empty, or only NaN for the `nan*` forms).
    ///
    /// # Safety
    /// `x` must be readable for `n` elements.
    #[inline(always)]
    pub unsafe fn arg_raw(&self, op: ArgReduction, n: usize, x: RawSrc<T>) -> Option<usize> {
        // SAFETY: the caller's contract is the kernel's.
        let i = unsafe { (self.arg[op as usize])(n, x) };
        (i != usize::MAX).then_some(i)
    }

    /// Reduces each of `cols` contiguous columns over `rows` rows (row `r`
    /// starts at `src + r * row_stride` bytes) into `out[c]`, each column in
    /// the order of a 1-D reduction of it — bit-identical to
    /// [`Kernels::reduce_raw`] on that column.
    ///
    /// # Safety
    /// Every addressed element must be readable; `out` writable for `cols`
    /// elements and not overlapping the source.
    #[inline(always)]
    pub unsafe fn fold_rows_raw(
        &self,
        op: Reduction,
        rows: usize,
        cols: usize,
        src: *const u8,
        row_stride: isize,
        out: *mut T,
    ) {
        // SAFETY: the caller's contract is the kernel's.
        unsafe { (self.fold_rows[op as usize])(rows, cols, src, row_stride, out) }
    }
}

/// A reduction input's raw form and length.
fn lower_run<T: bytemuck::Pod>(
    x: Src<'_, T>,
    operand: &'static str,
) -> Result<(RawSrc<T>, usize), KernelError> {
    match x {
        Src::Slice(s) => Ok((RawSrc::Contig(s.as_ptr()), s.len())),
        Src::Strided(s) => Ok((RawSrc::Strided(s.ptr, s.stride), s.len)),
        Src::Scalar(_) | Src::Out => Err(KernelError::NoLength { operand }),
    }
}

/// A value reduction of a slice or strided run on the ISA given (`None`:
/// the active one). Sums of nothing are `+0`; `max`/`min` of nothing is
/// [`KernelError::Empty`]; `nanmax`/`nanmin` of only NaN is NaN (as NumPy).
pub fn reduce_on<'a, T: Float>(
    isa: Option<Isa>,
    op: Reduction,
    x: impl Into<Src<'a, T>>,
) -> Result<T, KernelError> {
    let k = table::<T>(isa)?;
    let (x, n) = lower_run(x.into(), "x")?;
    if n == 0 && op.needs_elements() {
        return Err(KernelError::Empty { op: op.name() });
    }
    // SAFETY: the run was validated for n elements when it was built.
    Ok(unsafe { k.reduce_raw(op, n, x) })
}

/// An index reduction on the ISA given: the first index of the extreme
/// (`argmax`: of the first NaN if there is one). Empty input:
/// [`KernelError::Empty`]; only NaN under a `nan*` form: [`KernelError::AllNan`].
pub fn arg_on<'a, T: Float>(
    isa: Option<Isa>,
    op: ArgReduction,
    x: impl Into<Src<'a, T>>,
) -> Result<usize, KernelError> {
    let k = table::<T>(isa)?;
    let (x, n) = lower_run(x.into(), "x")?;
    if n == 0 {
        return Err(KernelError::Empty { op: op.name() });
    }
    // SAFETY: the run was validated for n elements when it was built.
    unsafe { k.arg_raw(op, n, x) }.ok_or(KernelError::AllNan { op: op.name() })
}

/// `Σ a[i]·b[i]` on the ISA given; one side may be a scalar (broadcast).
pub fn dot_on<'a, T: Float>(
    isa: Option<Isa>,
    a: impl Into<Src<'a, T>>,
    b: impl Into<Src<'a, T>>,
) -> Result<T, KernelError> {
    let k = table::<T>(isa)?;
    let (a, b) = (a.into(), b.into());
    let (n, ra, rb) = match (lower_run(a, "a"), lower_run(b, "b")) {
        (Ok((ra, n)), Ok((rb, m))) => {
            if n != m {
                return Err(KernelError::LengthMismatch {
                    operand: "b",
                    expected: n,
                    found: m,
                });
            }
            (n, ra, rb)
        }
        (Ok((ra, n)), Err(_)) => match b {
            Src::Scalar(v) => (n, ra, RawSrc::Splat(v)),
            _ => return Err(KernelError::NoLength { operand: "b" }),
        },
        (Err(_), Ok((rb, n))) => match a {
            Src::Scalar(v) => (n, RawSrc::Splat(v), rb),
            _ => return Err(KernelError::NoLength { operand: "a" }),
        },
        (Err(e), Err(_)) => return Err(e),
    };
    // SAFETY: both runs were validated for n elements (or are scalars).
    Ok(unsafe { k.dot_raw(n, ra, rb) })
}

/// The safe entry points, one per row of the reduction table.
macro_rules! entry_fns {
    (
        []
        value { $($v:ident $n:ident $d:literal $kind:ident;)* }
        index { $($iv:ident $in:ident $id:literal $of:ident;)* }
    ) => {
        $(
            #[doc = $d]
            pub fn $n<'a, T: Float>(x: impl Into<Src<'a, T>>) -> Result<T, KernelError> {
                reduce_on(None, Reduction::$v, x)
            }
        )*
        $(
            #[doc = $id]
            pub fn $in<'a, T: Float>(x: impl Into<Src<'a, T>>) -> Result<usize, KernelError> {
                arg_on(None, ArgReduction::$iv, x)
            }
        )*
    };
}
crate::reduce_table!(entry_fns);

/// `Σ a[i]·b[i]` on the active ISA (one side may be a scalar).
pub fn dot<'a, T: Float>(
    a: impl Into<Src<'a, T>>,
    b: impl Into<Src<'a, T>>,
) -> Result<T, KernelError> {
    dot_on(None, a, b)
}

/// Euclidean norm `sqrt(Σ x²)` (no rescaling: like NumPy, it overflows when
/// `Σ x²` does).
pub fn norm<'a, T: Float>(x: impl Into<Src<'a, T>>) -> Result<T, KernelError> {
    Ok(sum_squares(x)?.sqrt())
}

/// Arithmetic mean: the ordered sum divided by the count; NaN for nothing
/// (as NumPy).
pub fn mean<'a, T: Float>(x: impl Into<Src<'a, T>>) -> Result<T, KernelError> {
    let x = x.into();
    let n = match &x {
        Src::Slice(s) => s.len(),
        Src::Strided(s) => s.len(),
        _ => 0,
    };
    Ok(sum(x)?.div(T::from_f64(n as f64)))
}
