//! Element-wise entry points: validate operands, lower them to raw runs, call
//! the active ISA's kernel (or a named ISA's, for tests and benchmarks).

use crate::dispatch::{table, Kernels};
use crate::error::KernelError;
use crate::isa::Isa;
use crate::{Arith, Float};
use bytemuck::Pod;

use crate::elementwise::{BinaryOp, TernaryOp, UnaryOp};
use crate::operand::{Dst, RawDst, RawSrc, Src};

/// A validated call: length, raw inputs, raw output.
type Lowered<T, const N: usize> = (usize, [RawSrc<T>; N], RawDst<T>);

/// Validates the inputs against the output's length and lowers all operands
/// to their raw forms (inputs are named `a`, `b`, `c` in errors).
#[inline(always)]
fn lower<T: Pod + Default, const N: usize>(
    ins: [Src<'_, T>; N],
    out: &mut Dst<'_, T>,
) -> Result<Lowered<T, N>, KernelError> {
    const NAMES: [&str; 3] = ["a", "b", "c"];
    let n = out.len();
    let (raw_out, out_src) = out.raw();
    let mut raw = [RawSrc::Splat(T::default()); N];
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

/// The safe entry points, one per row of the op table.
macro_rules! entry_fns {
    (
        []
        binary { $($bv:ident $bn:ident [$bk:ident] $bd:literal |$bs:ident, $ba:ident, $bb:ident| $be:expr;)* }
        unary { $($uv:ident $un:ident [$uk:ident] $ud:literal |$us:ident, $ua:ident| $ue:expr;)* }
        ternary { $($tv:ident $tn:ident [$tk:ident] $td:literal |$ts:ident, $ta:ident, $tb:ident, $tc:ident| $te:expr;)* }
    ) => {
        $(
            #[doc = $bd]
            ///
            /// Inputs may be slices, scalars (`Src::Scalar` or a bare `f32`/`f64`),
            /// strided runs or `Src::Out` (the output itself: the in-place form).
            /// Every input with a length must match the output's length.
            #[inline]
            pub fn $bn<'a, T: Float>(
                a: impl Into<Src<'a, T>>,
                b: impl Into<Src<'a, T>>,
                out: impl Into<Dst<'a, T>>,
            ) -> Result<(), KernelError> {
                binary_on(None, BinaryOp::$bv, a.into(), b.into(), out.into())
            }
        )*
        $(
            #[doc = $ud]
            #[inline]
            pub fn $un<'a, T: Float>(
                a: impl Into<Src<'a, T>>,
                out: impl Into<Dst<'a, T>>,
            ) -> Result<(), KernelError> {
                unary_on(None, UnaryOp::$uv, a.into(), out.into())
            }
        )*
        $(
            #[doc = $td]
            #[inline]
            pub fn $tn<'a, T: Float>(
                a: impl Into<Src<'a, T>>,
                b: impl Into<Src<'a, T>>,
                c: impl Into<Src<'a, T>>,
                out: impl Into<Dst<'a, T>>,
            ) -> Result<(), KernelError> {
                ternary_on(None, TernaryOp::$tv, a.into(), b.into(), c.into(), out.into())
            }
        )*
    };
}
crate::elementwise_table!(entry_fns);

/// `out = op(a, b)` for any [`Arith`] type (the half floats and integers
/// too) on the ISA given (`None`: the active one) — what the array layer's
/// `ops::add` … run per inner run. An op the type lacks (`div` of an
/// integer) is [`KernelError::NoSuchOp`].
pub fn arith_binary_on<T: Arith>(
    isa: Option<Isa>,
    op: BinaryOp,
    a: Src<'_, T>,
    b: Src<'_, T>,
    mut out: Dst<'_, T>,
) -> Result<(), KernelError> {
    if !T::has_binary(op) {
        return Err(no_such(op.name(), T::NAME));
    }
    let ctx = arith_ctx::<T>(isa)?;
    let (n, [a, b], raw_out) = lower([a, b], &mut out)?;
    // SAFETY: as in `Kernels::binary`: validated for `n` elements, the
    // output exclusive, an input aliases it only as `Src::Out`; `op` exists.
    unsafe { T::binary_run(ctx, op, n, a, b, raw_out) };
    Ok(())
}

/// `out = op(a)` for any [`Arith`] type; see [`arith_binary_on`].
pub fn arith_unary_on<T: Arith>(
    isa: Option<Isa>,
    op: UnaryOp,
    a: Src<'_, T>,
    mut out: Dst<'_, T>,
) -> Result<(), KernelError> {
    if !T::has_unary(op) {
        return Err(no_such(op.name(), T::NAME));
    }
    let ctx = arith_ctx::<T>(isa)?;
    let (n, [a], raw_out) = lower([a], &mut out)?;
    // SAFETY: as in `arith_binary_on`.
    unsafe { T::unary_run(ctx, op, n, a, raw_out) };
    Ok(())
}

fn arith_ctx<T: Arith>(isa: Option<Isa>) -> Result<T::Ctx, KernelError> {
    Ok(match isa {
        None => T::ctx()?,
        Some(isa) => T::ctx_for(isa)?,
    })
}

fn no_such(op: &'static str, dtype: &'static str) -> KernelError {
    KernelError::NoSuchOp { op, dtype }
}
