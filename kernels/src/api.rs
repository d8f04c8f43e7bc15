//! The safe entry points: validate operands, lower them to raw runs, call the
//! active ISA's kernel (or a named ISA's, for tests and benchmarks).

use crate::dispatch::{int_kernels, int_kernels_for};
use crate::dispatch::{kernels, kernels_for, Kernels};
use crate::elementwise::{BinaryOp, TernaryOp, UnaryOp};
use crate::error::KernelError;
use crate::isa::Isa;
use crate::operand::{Dst, RawDst, RawSrc, Src};
use crate::reduce::{ArgReduction, Partial, Reduction};
use crate::reduce_int::{IntElement, IntKernels};
use crate::Float;

#[inline(always)]
fn table<T: Float>(isa: Option<Isa>) -> Result<&'static Kernels<T>, KernelError> {
    Ok(match isa {
        None => kernels::<T>()?,
        Some(isa) => kernels_for::<T>(isa)?,
    })
}

/// A validated call: length, raw inputs, raw output.
type Lowered<T, const N: usize> = (usize, [RawSrc<T>; N], RawDst<T>);

/// Validates the inputs against the output's length and lowers all operands
/// to their raw forms (inputs are named `a`, `b`, `c` in errors).
#[inline(always)]
fn lower<T: Float, const N: usize>(
    ins: [Src<'_, T>; N],
    out: &mut Dst<'_, T>,
) -> Result<Lowered<T, N>, KernelError> {
    const NAMES: [&str; 3] = ["a", "b", "c"];
    let n = out.len();
    let (raw_out, out_src) = out.raw();
    let mut raw = [RawSrc::Splat(T::ONE); N];
    for (k, x) in ins.iter().enumerate() {
        raw[k] = x.raw(NAMES[k], n, out_src)?;
    }
    Ok((n, raw, raw_out))
}

impl<T: Float> Kernels<T> {
    /// `out = op(a, b)` with this table's ISA: no dispatch, just validation
    /// and one call (tests and benchmarks reach every ISA this way).
    #[inline]
    pub fn binary(
        &self,
        op: BinaryOp,
        a: Src<'_, T>,
        b: Src<'_, T>,
        mut out: Dst<'_, T>,
    ) -> Result<(), KernelError> {
        let (n, [a, b], raw_out) = lower([a, b], &mut out)?;
        // SAFETY: every operand was validated for `n` elements; the output borrow is
        // exclusive, and an input aliases it only as `Src::Out` (same positions);
        // the table exists only for an ISA this CPU supports.
        unsafe { (self.binary[op as usize])(n, a, b, raw_out) };
        Ok(())
    }

    /// `out = op(a)` with this table's ISA.
    #[inline]
    pub fn unary(
        &self,
        op: UnaryOp,
        a: Src<'_, T>,
        mut out: Dst<'_, T>,
    ) -> Result<(), KernelError> {
        let (n, [a], raw_out) = lower([a], &mut out)?;
        // SAFETY: as in `binary`.
        unsafe { (self.unary[op as usize])(n, a, raw_out) };
        Ok(())
    }

    /// `out = op(a, b, c)` with this table's ISA.
    #[inline]
    pub fn ternary(
        &self,
        op: TernaryOp,
        a: Src<'_, T>,
        b: Src<'_, T>,
        c: Src<'_, T>,
        mut out: Dst<'_, T>,
    ) -> Result<(), KernelError> {
        let (n, [a, b, c], raw_out) = lower([a, b, c], &mut out)?;
        // SAFETY: as in `binary`.
        unsafe { (self.ternary[op as usize])(n, a, b, c, raw_out) };
        Ok(())
    }
}

impl<T: Float> Kernels<T> {
    /// `out = op(a, b)` over already-lowered operands, without validation: the
    /// entry point of the array layer's iteration engine, which hands one call
    /// per inner run.
    ///
    /// # Safety
    /// Every input must be readable for `n` elements in its form, the output
    /// writable for `n` non-overlapping elements, and no input may overlap the
    /// output except at exactly the same positions (the in-place form).
    #[inline(always)]
    pub unsafe fn binary_raw(
        &self,
        op: BinaryOp,
        n: usize,
        a: RawSrc<T>,
        b: RawSrc<T>,
        out: RawDst<T>,
    ) {
        // SAFETY: the caller's contract is the kernel's.
        unsafe { (self.binary[op as usize])(n, a, b, out) }
    }

    /// `out = op(a)` over lowered operands; see [`Kernels::binary_raw`].
    ///
    /// # Safety
    /// As [`Kernels::binary_raw`].
    #[inline(always)]
    pub unsafe fn unary_raw(&self, op: UnaryOp, n: usize, a: RawSrc<T>, out: RawDst<T>) {
        // SAFETY: the caller's contract is the kernel's.
        unsafe { (self.unary[op as usize])(n, a, out) }
    }

    /// `out = op(a, b, c)` over lowered operands; see [`Kernels::binary_raw`].
    ///
    /// # Safety
    /// As [`Kernels::binary_raw`].
    #[inline(always)]
    pub unsafe fn ternary_raw(
        &self,
        op: TernaryOp,
        n: usize,
        a: RawSrc<T>,
        b: RawSrc<T>,
        c: RawSrc<T>,
        out: RawDst<T>,
    ) {
        // SAFETY: the caller's contract is the kernel's.
        unsafe { (self.ternary[op as usize])(n, a, b, c, out) }
    }
}

impl<T: Float> Kernels<T> {
    /// Transposing copy over raw tiles: `dst[c][r] = src[r][c]` for `r < rows`,
    /// `c < cols`, where source row `r` starts at `src + r * ss` bytes and
    /// destination row `c` at `dst + c * ds` bytes, each row contiguous. Bit
    /// patterns are moved unchanged, so any element type of `T`'s size may go
    /// through it.
    ///
    /// # Safety
    /// Every addressed element must be readable (source) or writable
    /// (destination), and the regions must not overlap.
    #[inline(always)]
    pub unsafe fn transpose_raw(
        &self,
        rows: usize,
        cols: usize,
        src: *const u8,
        ss: isize,
        dst: *mut u8,
        ds: isize,
    ) {
        // SAFETY: the caller's contract is the kernel's.
        unsafe { (self.transpose)(rows, cols, src, ss, dst, ds) }
    }
}

/// Checks that a `rows × cols` tile with rows `stride` elements apart fits in `len`.
fn check_tile(
    operand: &'static str,
    rows: usize,
    cols: usize,
    stride: usize,
    len: usize,
) -> Result<(), KernelError> {
    let needed = match (rows, cols) {
        (0, _) | (_, 0) => 0,
        _ => (rows - 1)
            .checked_mul(stride)
            .and_then(|x| x.checked_add(cols))
            .unwrap_or(usize::MAX),
    };
    if needed > len || (rows > 1 && stride < cols) {
        return Err(KernelError::TileOutOfBounds {
            operand,
            rows,
            cols,
            stride,
            needed,
            len,
        });
    }
    Ok(())
}

/// `dst[c * dst_stride + r] = src[r * src_stride + c]` for `r < rows`,
/// `c < cols` (strides in elements), on the ISA given (`None`: the active one).
#[allow(clippy::too_many_arguments)]
pub fn transpose_on<T: Float>(
    isa: Option<Isa>,
    rows: usize,
    cols: usize,
    src: &[T],
    src_stride: usize,
    dst: &mut [T],
    dst_stride: usize,
) -> Result<(), KernelError> {
    let k = table::<T>(isa)?;
    check_tile("src", rows, cols, src_stride, src.len())?;
    check_tile("dst", cols, rows, dst_stride, dst.len())?;
    let e = std::mem::size_of::<T>();
    // SAFETY: both tiles were checked to fit their slices, and `&`/`&mut`
    // cannot overlap.
    unsafe {
        k.transpose_raw(
            rows,
            cols,
            src.as_ptr().cast(),
            (src_stride * e) as isize,
            dst.as_mut_ptr().cast(),
            (dst_stride * e) as isize,
        )
    };
    Ok(())
}

/// Transposes a dense row-major `rows × cols` matrix into a dense
/// `cols × rows` one.
pub fn transpose<T: Float>(
    rows: usize,
    cols: usize,
    src: &[T],
    dst: &mut [T],
) -> Result<(), KernelError> {
    transpose_on(None, rows, cols, src, cols, dst, rows)
}

/// `out = op(a, b)` on the ISA given (`None`: the active one).
#[inline]
pub fn binary_on<T: Float>(
    isa: Option<Isa>,
    op: BinaryOp,
    a: Src<'_, T>,
    b: Src<'_, T>,
    out: Dst<'_, T>,
) -> Result<(), KernelError> {
    table::<T>(isa)?.binary(op, a, b, out)
}

/// `out = op(a)` on the ISA given (`None`: the active one).
#[inline]
pub fn unary_on<T: Float>(
    isa: Option<Isa>,
    op: UnaryOp,
    a: Src<'_, T>,
    out: Dst<'_, T>,
) -> Result<(), KernelError> {
    table::<T>(isa)?.unary(op, a, out)
}

/// `out = op(a, b, c)` on the ISA given (`None`: the active one).
#[inline]
pub fn ternary_on<T: Float>(
    isa: Option<Isa>,
    op: TernaryOp,
    a: Src<'_, T>,
    b: Src<'_, T>,
    c: Src<'_, T>,
    out: Dst<'_, T>,
) -> Result<(), KernelError> {
    table::<T>(isa)?.ternary(op, a, b, c, out)
}

macro_rules! binary_fns {
    ($($name:ident $op:ident $doc:literal;)*) => {$(
        #[doc = $doc]
        ///
        /// Inputs may be slices, scalars (`Src::Scalar` or a bare `f32`/`f64`),
        /// strided runs or `Src::Out` (the output itself: the in-place form).
        /// Every input with a length must match the output's length.
        #[inline]
        pub fn $name<'a, T: Float>(
            a: impl Into<Src<'a, T>>,
            b: impl Into<Src<'a, T>>,
            out: impl Into<Dst<'a, T>>,
        ) -> Result<(), KernelError> {
            binary_on(None, BinaryOp::$op, a.into(), b.into(), out.into())
        }
    )*};
}
binary_fns! {
    add Add "`out[i] = a[i] + b[i]`.";
    sub Sub "`out[i] = a[i] - b[i]`.";
    mul Mul "`out[i] = a[i] * b[i]`.";
    div Div "`out[i] = a[i] / b[i]`.";
    maximum Maximum "`out[i] = maximum(a[i], b[i])`: NaN if either is NaN, and `+0 > -0` (NumPy `maximum`).";
    minimum Minimum "`out[i] = minimum(a[i], b[i])`: NaN if either is NaN, and `-0 < +0` (NumPy `minimum`).";
    fmax Fmax "`out[i] = fmax(a[i], b[i])`: a NaN operand is ignored (NumPy `fmax`).";
    fmin Fmin "`out[i] = fmin(a[i], b[i])`: a NaN operand is ignored (NumPy `fmin`).";
}

macro_rules! unary_fns {
    ($($name:ident $op:ident $doc:literal;)*) => {$(
        #[doc = $doc]
        #[inline]
        pub fn $name<'a, T: Float>(a: impl Into<Src<'a, T>>, out: impl Into<Dst<'a, T>>) -> Result<(), KernelError> {
            unary_on(None, UnaryOp::$op, a.into(), out.into())
        }
    )*};
}
unary_fns! {
    neg Neg "`out[i] = -a[i]` (flips the sign bit, NaN included).";
    abs Abs "`out[i] = |a[i]|` (clears the sign bit).";
    sqrt Sqrt "`out[i] = sqrt(a[i])`, correctly rounded.";
}

/// `out[i] = a[i] * b[i] + c[i]` with a single rounding, on every ISA.
#[inline]
pub fn mul_add<'a, T: Float>(
    a: impl Into<Src<'a, T>>,
    b: impl Into<Src<'a, T>>,
    c: impl Into<Src<'a, T>>,
    out: impl Into<Dst<'a, T>>,
) -> Result<(), KernelError> {
    ternary_on(
        None,
        TernaryOp::MulAdd,
        a.into(),
        b.into(),
        c.into(),
        out.into(),
    )
}

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
        unsafe { (self.dot)(n, a, b) }
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

macro_rules! reduction_fns {
    ($($name:ident $op:ident $doc:literal;)*) => {$(
        #[doc = $doc]
        pub fn $name<'a, T: Float>(x: impl Into<Src<'a, T>>) -> Result<T, KernelError> {
            reduce_on(None, Reduction::$op, x)
        }
    )*};
}
reduction_fns! {
    sum Sum "Sum in the fixed, ISA-independent order (see [`crate::order`]); `+0` for nothing.";
    nansum NanSum "Sum ignoring NaN elements.";
    sum_squares SumSquares "`Σ x²`, each square fused into its accumulation.";
    max Max "Largest element: NaN if any is NaN, `+0 > -0`; empty is an error.";
    min Min "Smallest element: NaN if any is NaN, `-0 < +0`; empty is an error.";
    nanmax NanMax "Largest non-NaN element (NaN if all are NaN); empty is an error.";
    nanmin NanMin "Smallest non-NaN element (NaN if all are NaN); empty is an error.";
}

macro_rules! arg_fns {
    ($($name:ident $op:ident $doc:literal;)*) => {$(
        #[doc = $doc]
        pub fn $name<'a, T: Float>(x: impl Into<Src<'a, T>>) -> Result<usize, KernelError> {
            arg_on(None, ArgReduction::$op, x)
        }
    )*};
}
arg_fns! {
    argmax ArgMax "First index of the largest element, or of the first NaN (order: `-0 < +0`).";
    argmin ArgMin "First index of the smallest element, or of the first NaN.";
    nanargmax NanArgMax "First index of the largest non-NaN element; only NaN is an error.";
    nanargmin NanArgMin "First index of the smallest non-NaN element; only NaN is an error.";
}

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

/// Exact integer sum on the ISA given (`i32` → `i64`, `i64` → `i64`,
/// `u8` → `u64`); a result that does not fit is [`KernelError::Overflow`].
pub fn int_sum_on<'a, T: IntElement>(
    isa: Option<Isa>,
    x: impl Into<Src<'a, T>>,
) -> Result<T::Sum, KernelError> {
    let k = int_table(isa)?;
    let (x, n) = lower_run(x.into(), "x")?;
    // SAFETY: the run was validated for n elements when it was built.
    unsafe { T::sum_raw(k, n, x) }
}

/// Integer minimum on the ISA given; empty is [`KernelError::Empty`].
pub fn int_min_on<'a, T: IntElement>(
    isa: Option<Isa>,
    x: impl Into<Src<'a, T>>,
) -> Result<T, KernelError> {
    let k = int_table(isa)?;
    let (x, n) = lower_run(x.into(), "x")?;
    // SAFETY: as above.
    unsafe { T::min_raw(k, n, x) }.ok_or(KernelError::Empty { op: "min" })
}

/// Integer maximum on the ISA given; empty is [`KernelError::Empty`].
pub fn int_max_on<'a, T: IntElement>(
    isa: Option<Isa>,
    x: impl Into<Src<'a, T>>,
) -> Result<T, KernelError> {
    let k = int_table(isa)?;
    let (x, n) = lower_run(x.into(), "x")?;
    // SAFETY: as above.
    unsafe { T::max_raw(k, n, x) }.ok_or(KernelError::Empty { op: "max" })
}

fn int_table(isa: Option<Isa>) -> Result<&'static IntKernels, KernelError> {
    Ok(match isa {
        None => int_kernels()?,
        Some(isa) => int_kernels_for(isa)?,
    })
}
