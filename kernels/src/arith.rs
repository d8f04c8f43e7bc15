//! [`Arith`]: the element types with element-wise arithmetic, and the one
//! seam through which the array layer runs a shared operation (`add`,
//! `maximum`, `neg`, …) on either family: the float table
//! (`crate::elementwise`) for `f32`/`f64`, the integer bodies
//! (`crate::integer`) for the eight integer types.

use crate::chunked::Run;
use crate::dispatch::{kernels, Kernels};
use crate::elementwise::{BinaryOp, UnaryOp};
use crate::error::IsaError;
use crate::integer::{clip_raw, int_binary_raw, int_unary_raw, IntBinary, IntUnary};
use crate::isa::Isa;
use crate::movement::{convert_raw, Cast};
use crate::operand::{RawDst, RawSrc};
use crate::{Element, IntElement};
use half::{bf16, f16};
use std::mem::size_of;

/// An element type with element-wise arithmetic: `f64 f32`, the half
/// floats `f16 bf16` (computed in `f32`, rounded once) and
/// `i8 i16 i32 i64 u8 u16 u32 u64` (sealed).
///
/// The operations whose op-table row says `[Arith]` (`add sub mul maximum
/// minimum fmax fmin neg abs square`) run on all of them; integers wrap
/// (NumPy's rule) and `fmax`/`fmin` are `maximum`/`minimum` there.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no element-wise arithmetic",
    label = "needs f64 f32 f16 bf16 or an integer type",
    note = "the element types and what each computes: the `Element` trait's docs, or the README's \"Element types\" table"
)]
pub trait Arith: Element + Default {
    /// What a call needs from dispatch, looked up once per call.
    #[doc(hidden)]
    type Ctx: Copy + Send + Sync;
    #[doc(hidden)]
    fn ctx() -> Result<Self::Ctx, IsaError>;
    /// The context of a named ISA (tests and benchmarks reach every ISA).
    #[doc(hidden)]
    fn ctx_for(isa: Isa) -> Result<Self::Ctx, IsaError>;
    /// Whether `op` exists for this type (`div` and `sqrt` do not for integers).
    #[doc(hidden)]
    fn has_binary(op: BinaryOp) -> bool;
    #[doc(hidden)]
    fn has_unary(op: UnaryOp) -> bool;
    /// `out = op(a, b)` over one run.
    ///
    /// # Safety
    /// As `Kernels::binary_raw`; `op` passed [`Arith::has_binary`].
    #[doc(hidden)]
    unsafe fn binary_run(
        ctx: Self::Ctx,
        op: BinaryOp,
        n: usize,
        a: RawSrc<Self>,
        b: RawSrc<Self>,
        out: RawDst<Self>,
    );
    /// `out = op(a)` over one run.
    ///
    /// # Safety
    /// As `Kernels::unary_raw`; `op` passed [`Arith::has_unary`].
    #[doc(hidden)]
    unsafe fn unary_run(ctx: Self::Ctx, op: UnaryOp, n: usize, a: RawSrc<Self>, out: RawDst<Self>);
    /// `out = min(max(a, lo), hi)` over one run (NumPy's `clip`: NaN stays).
    ///
    /// # Safety
    /// As [`Arith::unary_run`].
    #[doc(hidden)]
    unsafe fn clip_run(
        ctx: Self::Ctx,
        n: usize,
        a: RawSrc<Self>,
        lo: Self,
        hi: Self,
        out: RawDst<Self>,
    );
}

/// The output run read back as an input (the in-place form).
fn out_as_src<T>(out: RawDst<T>) -> RawSrc<T> {
    match out {
        RawDst::Contig(p) | RawDst::Stream(p) => RawSrc::Contig(p.cast_const()),
        RawDst::Strided(p, s) => RawSrc::Strided(p.cast_const(), s),
    }
}

macro_rules! float_arith {
    ($($t:ident)*) => {$(
        impl Arith for $t {
            type Ctx = &'static Kernels<$t>;
            #[inline]
            fn ctx() -> Result<Self::Ctx, IsaError> {
                kernels::<$t>()
            }
            fn ctx_for(isa: Isa) -> Result<Self::Ctx, IsaError> {
                crate::dispatch::kernels_for::<$t>(isa)
            }
            #[inline]
            fn has_binary(_: BinaryOp) -> bool {
                true
            }
            #[inline]
            fn has_unary(_: UnaryOp) -> bool {
                true
            }
            #[inline(always)]
            unsafe fn binary_run(k: Self::Ctx, op: BinaryOp, n: usize, a: RawSrc<$t>, b: RawSrc<$t>, out: RawDst<$t>) {
                // SAFETY: forwarded caller contract.
                unsafe { k.binary_raw(op, n, a, b, out) }
            }
            #[inline(always)]
            unsafe fn unary_run(k: Self::Ctx, op: UnaryOp, n: usize, a: RawSrc<$t>, out: RawDst<$t>) {
                // SAFETY: forwarded caller contract.
                unsafe { k.unary_raw(op, n, a, out) }
            }
            #[inline(always)]
            unsafe fn clip_run(k: Self::Ctx, n: usize, a: RawSrc<$t>, lo: $t, hi: $t, out: RawDst<$t>) {
                // SAFETY: forwarded caller contract; the second pass reads
                // the output in place.
                unsafe {
                    k.binary_raw(BinaryOp::Maximum, n, a, RawSrc::Splat(lo), out);
                    k.binary_raw(BinaryOp::Minimum, n, out_as_src(out), RawSrc::Splat(hi), out);
                }
            }
        }
    )*};
}
float_arith!(f32 f64);

/// The integer operation of a shared binary row.
fn int_binary(op: BinaryOp) -> Option<IntBinary> {
    Some(match op {
        BinaryOp::Add => IntBinary::Add,
        BinaryOp::Sub => IntBinary::Sub,
        BinaryOp::Mul => IntBinary::Mul,
        BinaryOp::Maximum | BinaryOp::Fmax => IntBinary::Maximum,
        BinaryOp::Minimum | BinaryOp::Fmin => IntBinary::Minimum,
        BinaryOp::Div => return None,
    })
}

/// The integer operation of a shared unary row.
fn int_unary(op: UnaryOp) -> Option<IntUnary> {
    Some(match op {
        UnaryOp::Neg => IntUnary::Neg,
        UnaryOp::Abs => IntUnary::Abs,
        UnaryOp::Square => IntUnary::Square,
        UnaryOp::Sqrt => return None,
    })
}

/// An input run as (pointer, byte stride); a splat points at `keep`.
#[inline(always)]
fn src_run<T: Copy>(a: RawSrc<T>, keep: &T) -> Run {
    match a {
        RawSrc::Contig(p) => Run {
            p: p.cast(),
            stride: size_of::<T>() as isize,
        },
        RawSrc::Strided(p, stride) => Run { p, stride },
        RawSrc::Splat(_) => Run {
            p: (keep as *const T).cast(),
            stride: 0,
        },
    }
}

/// The splat value of a run, or any value (unused) for the others.
#[inline(always)]
fn splat_or<T: Copy>(a: RawSrc<T>, other: T) -> T {
    match a {
        RawSrc::Splat(v) => v,
        _ => other,
    }
}

#[inline(always)]
fn dst_run<T>(out: RawDst<T>) -> (*mut u8, isize) {
    match out {
        RawDst::Contig(p) | RawDst::Stream(p) => (p.cast(), size_of::<T>() as isize),
        RawDst::Strided(p, s) => (p, s),
    }
}

/// `binary_run` of an integer type.
///
/// # Safety
/// As [`Arith::binary_run`], with `isa` supported.
#[inline(always)]
unsafe fn int_binary_run<T: IntElement>(
    isa: Isa,
    op: BinaryOp,
    n: usize,
    a: RawSrc<T>,
    b: RawSrc<T>,
    out: RawDst<T>,
) {
    let Some(op) = int_binary(op) else { return };
    let (ka, kb) = (splat_or(a, T::ZERO), splat_or(b, T::ZERO));
    let (ra, rb) = (src_run(a, &ka), src_run(b, &kb));
    let (o, os) = dst_run(out);
    // SAFETY: forwarded caller contract; a splat's value lives in `ka`/`kb`
    // for the call.
    unsafe { int_binary_raw::<T>(isa, op, n, ra.p, ra.stride, rb.p, rb.stride, o, os) }
}

/// `unary_run` of an integer type.
///
/// # Safety
/// As [`Arith::unary_run`], with `isa` supported.
#[inline(always)]
unsafe fn int_unary_run<T: IntElement>(
    isa: Isa,
    op: UnaryOp,
    n: usize,
    a: RawSrc<T>,
    out: RawDst<T>,
) {
    let Some(op) = int_unary(op) else { return };
    let ka = splat_or(a, T::ZERO);
    let ra = src_run(a, &ka);
    let (o, os) = dst_run(out);
    // SAFETY: as in `int_binary_run`.
    unsafe { int_unary_raw::<T>(isa, op, n, ra.p, ra.stride, o, os) }
}

macro_rules! int_arith {
    ($($t:ident)*) => {$(
        impl Arith for $t {
            type Ctx = Isa;
            #[inline]
            fn ctx() -> Result<Isa, IsaError> {
                crate::dispatch::active_isa()
            }
            fn ctx_for(isa: Isa) -> Result<Isa, IsaError> {
                crate::dispatch::check_isa(isa).map(|()| isa)
            }
            #[inline]
            fn has_binary(op: BinaryOp) -> bool {
                int_binary(op).is_some()
            }
            #[inline]
            fn has_unary(op: UnaryOp) -> bool {
                int_unary(op).is_some()
            }
            #[inline(always)]
            unsafe fn binary_run(isa: Isa, op: BinaryOp, n: usize, a: RawSrc<$t>, b: RawSrc<$t>, out: RawDst<$t>) {
                // SAFETY: forwarded caller contract.
                unsafe { int_binary_run(isa, op, n, a, b, out) }
            }
            #[inline(always)]
            unsafe fn unary_run(isa: Isa, op: UnaryOp, n: usize, a: RawSrc<$t>, out: RawDst<$t>) {
                // SAFETY: forwarded caller contract.
                unsafe { int_unary_run(isa, op, n, a, out) }
            }
            #[inline(always)]
            unsafe fn clip_run(isa: Isa, n: usize, a: RawSrc<$t>, lo: $t, hi: $t, out: RawDst<$t>) {
                let ka = splat_or(a, lo);
                let ra = src_run(a, &ka);
                let (o, os) = dst_run(out);
                // SAFETY: forwarded caller contract.
                unsafe { clip_raw::<$t>(isa, n, ra.p, ra.stride, lo, hi, o, os) }
            }
        }
    )*};
}
int_arith!(i8 i16 i32 i64 u8 u16 u32 u64);

/// Elements of a half-float run converted per chunk.
const HALF_CHUNK: usize = 256;

/// A half-float input run as the f32 kernels see one chunk of it.
#[derive(Clone, Copy)]
enum HalfSrc {
    /// `(pointer, byte stride)` of the half-float elements.
    Run(*const u8, isize),
    /// One value, already widened.
    Value(f32),
}

#[inline(always)]
fn half_src<H: Cast<f32>>(a: RawSrc<H>) -> HalfSrc {
    match a {
        RawSrc::Contig(p) => HalfSrc::Run(p.cast(), size_of::<H>() as isize),
        RawSrc::Strided(p, s) => HalfSrc::Run(p, s),
        RawSrc::Splat(v) => HalfSrc::Value(v.cast()),
    }
}

/// Chunk `i .. i + len` of `x` as an f32 operand (widened into `buf`).
///
/// # Safety
/// `isa` is supported; the run holds the chunk's elements.
#[inline(always)]
unsafe fn widen<H: Cast<f32>>(
    isa: Isa,
    x: HalfSrc,
    i: usize,
    len: usize,
    buf: &mut [f32; HALF_CHUNK],
) -> RawSrc<f32> {
    match x {
        HalfSrc::Value(v) => RawSrc::Splat(v),
        HalfSrc::Run(p, s) => {
            // SAFETY: caller contract; `buf` holds `len <= HALF_CHUNK` f32s.
            unsafe {
                convert_raw::<H, f32>(
                    isa,
                    len,
                    p.offset(i as isize * s),
                    s,
                    buf.as_mut_ptr().cast(),
                    4,
                )
            };
            RawSrc::Contig(buf.as_ptr())
        }
    }
}

/// `out = op(a, b)` on half floats: each chunk widened to `f32` (F16C /
/// AVX-512 / NEON conversions), computed by the `f32` kernel, rounded back
/// once. For `+ - * /`, `sqrt` and the comparisons-based ops this is the
/// correctly rounded half-float result: `f32` carries more than twice the
/// precision of `f16` and `bf16` plus two bits, so the double rounding is
/// innocuous — the bits NumPy's `float16` loops give too.
///
/// # Safety
/// As [`Arith::binary_run`].
#[inline(always)]
unsafe fn half_binary<H: Cast<f32>>(
    ctx: (Isa, &'static Kernels<f32>),
    op: Result<BinaryOp, UnaryOp>,
    n: usize,
    a: HalfSrc,
    b: HalfSrc,
    out: RawDst<H>,
) where
    f32: Cast<H>,
{
    let (isa, k) = ctx;
    let (o, os) = dst_run(out);
    let (mut ab, mut bb, mut ob) = ([0f32; HALF_CHUNK], [0f32; HALF_CHUNK], [0f32; HALF_CHUNK]);
    let mut i = 0;
    while i < n {
        let len = HALF_CHUNK.min(n - i);
        // SAFETY: caller contract: every run holds `n` elements; a chunk of
        // the inputs is widened before the same chunk of the output is
        // written, so the in-place form reads each element before it changes.
        unsafe {
            let x = widen::<H>(isa, a, i, len, &mut ab);
            let wide_out = RawDst::Contig(ob.as_mut_ptr());
            match op {
                Ok(op) => k.binary_raw(op, len, x, widen::<H>(isa, b, i, len, &mut bb), wide_out),
                Err(op) => k.unary_raw(op, len, x, wide_out),
            }
            convert_raw::<f32, H>(
                isa,
                len,
                ob.as_ptr().cast(),
                4,
                o.offset(i as isize * os),
                os,
            );
        }
        i += len;
    }
}

macro_rules! half_arith {
    ($($t:ident)*) => {$(
        impl Arith for $t {
            type Ctx = (Isa, &'static Kernels<f32>);
            fn ctx() -> Result<Self::Ctx, IsaError> {
                Ok((crate::dispatch::active_isa()?, kernels::<f32>()?))
            }
            fn ctx_for(isa: Isa) -> Result<Self::Ctx, IsaError> {
                Ok((isa, crate::dispatch::kernels_for::<f32>(isa)?))
            }
            #[inline]
            fn has_binary(_: BinaryOp) -> bool {
                true
            }
            #[inline]
            fn has_unary(_: UnaryOp) -> bool {
                true
            }
            #[inline(always)]
            unsafe fn binary_run(ctx: Self::Ctx, op: BinaryOp, n: usize, a: RawSrc<$t>, b: RawSrc<$t>, out: RawDst<$t>) {
                // SAFETY: forwarded caller contract.
                unsafe { half_binary(ctx, Ok(op), n, half_src(a), half_src(b), out) }
            }
            #[inline(always)]
            unsafe fn unary_run(ctx: Self::Ctx, op: UnaryOp, n: usize, a: RawSrc<$t>, out: RawDst<$t>) {
                let a = half_src(a);
                // SAFETY: forwarded caller contract (`b` is not read).
                unsafe { half_binary(ctx, Err(op), n, a, a, out) }
            }
            #[inline(always)]
            unsafe fn clip_run(ctx: Self::Ctx, n: usize, a: RawSrc<$t>, lo: $t, hi: $t, out: RawDst<$t>) {
                let (lo, hi) = (HalfSrc::Value(lo.cast()), HalfSrc::Value(hi.cast()));
                // SAFETY: forwarded caller contract; the second pass reads
                // the output in place.
                unsafe {
                    half_binary(ctx, Ok(BinaryOp::Maximum), n, half_src(a), lo, out);
                    half_binary(ctx, Ok(BinaryOp::Minimum), n, half_src(out_as_src(out)), hi, out);
                }
            }
        }
    )*};
}
half_arith!(f16 bf16);

mod sealed {
    pub trait Sealed {}
    impl Sealed for f32 {}
    impl Sealed for f64 {}
    impl Sealed for half::f16 {}
    impl Sealed for half::bf16 {}
}

/// A floating-point element: `f64 f32` and the half floats `f16 bf16`
/// (sealed). The operations whose op-table row says `[Real]` (`div`,
/// `sqrt`) and the value reductions (`sum`, `mean`, `max`, `argmax`, …) run
/// on all of them.
///
/// A half float computes in [`Real::Wide`] (`f32`): widened exactly, reduced
/// or computed there, rounded once to the half type — NumPy's `float16`
/// ufuncs and reductions do the same.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a floating-point element",
    label = "needs f64 f32 f16 or bf16",
    note = "integers have `int_sum` / `int_min` / `floor_divide` …; convert with `astype::<f64>()` to compute in floats",
    note = "the element types and what each computes: the `Element` trait's docs, or the README's \"Element types\" table"
)]
pub trait Real: Arith + sealed::Sealed
where
    Self: Cast<Self::Wide>,
{
    /// The float type this one computes in: itself for `f32`/`f64`, `f32`
    /// for the half floats.
    type Wide: crate::Float + Cast<Self>;
    /// Whether [`Real::Wide`] is a different type (a half float).
    const WIDENS: bool;
    /// A computed value rounded to this type (the identity for `f32`/`f64`;
    /// round to nearest even for the half floats).
    fn from_wide(w: Self::Wide) -> Self;
}

impl Real for f32 {
    type Wide = f32;
    const WIDENS: bool = false;
    fn from_wide(w: f32) -> f32 {
        w
    }
}
impl Real for f64 {
    type Wide = f64;
    const WIDENS: bool = false;
    fn from_wide(w: f64) -> f64 {
        w
    }
}
impl Real for f16 {
    type Wide = f32;
    const WIDENS: bool = true;
    fn from_wide(w: f32) -> f16 {
        f16::from_f32(w)
    }
}
impl Real for bf16 {
    type Wide = f32;
    const WIDENS: bool = true;
    fn from_wide(w: f32) -> bf16 {
        bf16::from_f32(w)
    }
}
