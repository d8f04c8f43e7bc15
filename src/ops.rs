//! Element-wise operations on views, routed through the iteration engine to
//! the kernels: one kernel call per inner run, each operand in its own form
//! (contiguous, broadcast scalar or strided).
//!
//! Three forms of every operation, after NumPy:
//!
//! | form | example | NumPy |
//! |---|---|---|
//! | into an output view | `ops::add(&a, &b, &mut out)?` | `np.add(a, b, out=out)` |
//! | in place | `ops::add_assign(&mut a, &b)?` | `a += b` |
//! | allocating | `ops::add_new(&a, &b)?` or `(&a + &b)?` | `a + b` |
//!
//! Inputs broadcast to the output's shape (NumPy's rules); a mismatch is an
//! error naming both shapes, and nothing is written. The `std::ops` binary
//! operators return `Result<Array<T>>`; the compound assignments (`+=`, …)
//! cannot return one and panic on a shape mismatch — use `*_assign` for a
//! `Result`.
//!
//! ```
//! use stridekit::{ops, Array};
//! let m = Array::from_shape_fn(&[2, 3], |i| (i[0] * 3 + i[1]) as f32)?;
//! let row = Array::from_slice(&[10.0f32, 20.0, 30.0], &[3])?;
//! let mut out = Array::zeros(&[2, 3])?;
//! ops::add(&m, &row, &mut out)?; // np.add(m, row, out=out): row broadcast over the rows
//! assert_eq!(out.to_vec(), vec![10.0, 21.0, 32.0, 13.0, 24.0, 35.0]);
//! ops::sub_assign(&mut out, &m)?; // out -= m
//! assert_eq!(out.slice(stridekit::s![1, ..])?.to_vec(), row.to_vec());
//! assert!(ops::add(&m, &row, &mut Array::zeros(&[3])?).is_err()); // (2, 3) does not fit (3,)
//! # Ok::<(), stridekit::Error>(())
//! ```

use crate::error::Result;
use crate::iter::{dst_run, runs_for, src_run};
mod clip;
mod int;
pub use clip::*;
pub use int::*;

use crate::error::Error;
use crate::kernels::{
    kernels, stream_min_bytes, Arith, BinaryOp, Element, Float, RawDst, RawSrc, Real, TernaryOp,
    UnaryOp,
};
use crate::layout::{self, Order};
use crate::view::{Array, ArrayView, ArrayViewMut, AsView, AsViewMut};
use crate::ArrayRef;
use std::mem::size_of;

/// An input run in its kernel form (the engine's run-form rule).
///
/// # Safety
/// `p` must be readable for `n` elements at byte stride `s`.
#[inline(always)]
unsafe fn src<T: bytemuck::Pod>(n: usize, p: *mut u8, s: isize) -> RawSrc<T> {
    // SAFETY: forwarded caller contract.
    unsafe { src_run(n, p.cast_const(), s) }
}

/// The output run in its kernel form (see [`dst_run`]).
#[inline(always)]
fn dst<T>(n: usize, p: *mut u8, s: isize, stream: bool) -> RawDst<T> {
    dst_run(n, p, s, stream)
}

/// Whether the whole output of a call reaches the kernels' streaming
/// threshold (the last-level cache's size: a smaller output stays in cache
/// for the next call, so its runs are stored normally, however short).
fn streams<T: Element>(out: &ArrayRef<T>) -> bool {
    out.len().saturating_mul(size_of::<T>()) >= stream_min_bytes()
}

/// The shape inputs broadcast to, and the layout order a new output should
/// take: F when every full-shape input is F- but not C-contiguous.
pub(crate) fn new_output<T: Element + Default>(ins: &[&ArrayRef<T>]) -> Result<Array<T>> {
    let mut shape = layout::Shape::new();
    for v in ins {
        shape = layout::broadcast_shapes(&shape, v.shape())?;
    }
    let mut full = ins.iter().filter(|v| v.shape() == &shape[..]).peekable();
    let f_order =
        full.peek().is_some() && full.all(|v| v.is_f_contiguous() && !v.is_c_contiguous());
    let order = if f_order { Order::F } else { Order::C };
    let n = layout::checked_size(&shape, size_of::<T>())?;
    let buf = crate::AlignedBuf::try_zeros(n)?;
    Array::from_buf_with_order(buf, &shape, order)
}

/// The element type's dispatch context for `op`, or the error that `op`
/// does not exist for it.
fn ctx_binary<T: Arith>(op: BinaryOp) -> Result<T::Ctx> {
    if !T::has_binary(op) {
        return Err(no_such_op::<T>(op.name()));
    }
    Ok(T::ctx()?)
}

/// As [`ctx_binary`], for a unary operation.
fn ctx_unary<T: Arith>(op: UnaryOp) -> Result<T::Ctx> {
    if !T::has_unary(op) {
        return Err(no_such_op::<T>(op.name()));
    }
    Ok(T::ctx()?)
}

fn no_such_op<T: Element>(op: &'static str) -> Error {
    Error::NoSuchOp {
        op,
        dtype: T::NAME,
        hint: " (NumPy's result would be float64: convert with astype::<f64>() first; floor_divide divides integers)",
    }
}

/// `out = op(a, b)` over views.
pub fn binary<T: Arith>(
    op: BinaryOp,
    a: impl AsView<T>,
    b: impl AsView<T>,
    mut out: impl AsViewMut<T>,
) -> Result<()> {
    let k = ctx_binary::<T>(op)?;
    let (a, b, out) = (a.as_array_ref(), b.as_array_ref(), out.as_array_mut());
    let stream = streams(&out);
    runs_for([&out.raw, &a.raw, &b.raw], |n, p, s| {
        // SAFETY: the engine hands runs of valid elements; the output is an
        // exclusive borrow that no input can alias.
        unsafe {
            T::binary_run(
                k,
                op,
                n,
                src(n, p[1], s[1]),
                src(n, p[2], s[2]),
                dst(n, p[0], s[0], stream),
            )
        }
    })?;
    Ok(())
}

/// `a = op(a, b)` in place.
pub fn binary_assign<T: Arith>(
    op: BinaryOp,
    mut a: impl AsViewMut<T>,
    b: impl AsView<T>,
) -> Result<()> {
    let k = ctx_binary::<T>(op)?;
    let (out, b) = (a.as_array_mut(), b.as_array_ref());
    let stream = streams(&out);
    runs_for([&out.raw, &b.raw], |n, p, s| {
        // SAFETY: as in `binary`; the first input is the output itself, at
        // the same positions (the kernels' in-place form).
        unsafe {
            T::binary_run(
                k,
                op,
                n,
                src(n, p[0], s[0]),
                src(n, p[1], s[1]),
                dst(n, p[0], s[0], stream),
            )
        }
    })?;
    Ok(())
}

/// `op(a, b)` into a new array of the broadcast shape.
pub fn binary_new<T: Arith>(
    op: BinaryOp,
    a: impl AsView<T>,
    b: impl AsView<T>,
) -> Result<Array<T>> {
    let (a, b) = (a.as_array_ref(), b.as_array_ref());
    let mut out = new_output(&[&a, &b])?;
    binary(op, a, b, &mut out)?;
    Ok(out)
}

/// `out = op(a)` over views.
pub fn unary<T: Arith>(op: UnaryOp, a: impl AsView<T>, mut out: impl AsViewMut<T>) -> Result<()> {
    let k = ctx_unary::<T>(op)?;
    let (a, out) = (a.as_array_ref(), out.as_array_mut());
    let stream = streams(&out);
    runs_for([&out.raw, &a.raw], |n, p, s| {
        // SAFETY: as in `binary`.
        unsafe { T::unary_run(k, op, n, src(n, p[1], s[1]), dst(n, p[0], s[0], stream)) }
    })?;
    Ok(())
}

/// `a = op(a)` in place.
pub fn unary_assign<T: Arith>(op: UnaryOp, mut a: impl AsViewMut<T>) -> Result<()> {
    let k = ctx_unary::<T>(op)?;
    let out = a.as_array_mut();
    let stream = streams(&out);
    runs_for([&out.raw], |n, p, s| {
        // SAFETY: as in `binary_assign`.
        unsafe { T::unary_run(k, op, n, src(n, p[0], s[0]), dst(n, p[0], s[0], stream)) }
    })?;
    Ok(())
}

/// `op(a)` into a new array.
pub fn unary_new<T: Arith>(op: UnaryOp, a: impl AsView<T>) -> Result<Array<T>> {
    let a = a.as_array_ref();
    let mut out = new_output(&[&a])?;
    unary(op, a, &mut out)?;
    Ok(out)
}

/// `out = op(a, b, c)` over views.
pub fn ternary<T: Float>(
    op: TernaryOp,
    a: impl AsView<T>,
    b: impl AsView<T>,
    c: impl AsView<T>,
    mut out: impl AsViewMut<T>,
) -> Result<()> {
    let k = kernels::<T>()?;
    let (a, b, c, out) = (
        a.as_array_ref(),
        b.as_array_ref(),
        c.as_array_ref(),
        out.as_array_mut(),
    );
    let stream = streams(&out);
    runs_for([&out.raw, &a.raw, &b.raw, &c.raw], |n, p, s| {
        // SAFETY: as in `binary`.
        unsafe {
            k.ternary_raw(
                op,
                n,
                src(n, p[1], s[1]),
                src(n, p[2], s[2]),
                src(n, p[3], s[3]),
                dst(n, p[0], s[0], stream),
            )
        }
    })?;
    Ok(())
}

/// `op(a, b, c)` into a new array of the broadcast shape.
pub fn ternary_new<T: Float>(
    op: TernaryOp,
    a: impl AsView<T>,
    b: impl AsView<T>,
    c: impl AsView<T>,
) -> Result<Array<T>> {
    let (a, b, c) = (a.as_array_ref(), b.as_array_ref(), c.as_array_ref());
    let mut out = new_output(&[&a, &b, &c])?;
    ternary(op, a, b, c, &mut out)?;
    Ok(out)
}

/// The three forms of every binary and unary row of the kernels' op table
/// (`stridekit_kernels::elementwise_table!`): a new kernel row appears here
/// without another list to keep in step.
macro_rules! view_ops {
    (
        []
        binary { $($bv:ident $bn:ident [$bk:ident] $bd:literal |$bs:ident, $ba:ident, $bb:ident| $be:expr;)* }
        unary { $($uv:ident $un:ident [$uk:ident] $ud:literal |$us:ident, $ua:ident| $ue:expr;)* }
        ternary { $($ternary:tt)* }
    ) => { pastey::paste! {
        $(
            #[doc = concat!("Into `out`, inputs broadcast to its shape (NumPy's `out=`): ", $bd)]
            pub fn $bn<T: $bk>(a: impl AsView<T>, b: impl AsView<T>, out: impl AsViewMut<T>) -> Result<()> {
                binary(BinaryOp::$bv, a, b, out)
            }
            #[doc = concat!("In place into `a`, `b` broadcast to `a`'s shape: ", $bd)]
            pub fn [<$bn _assign>]<T: $bk>(a: impl AsViewMut<T>, b: impl AsView<T>) -> Result<()> {
                binary_assign(BinaryOp::$bv, a, b)
            }
            #[doc = concat!("Into a new array of the broadcast shape: ", $bd)]
            pub fn [<$bn _new>]<T: $bk>(a: impl AsView<T>, b: impl AsView<T>) -> Result<Array<T>> {
                binary_new(BinaryOp::$bv, a, b)
            }
        )*
        $(
            #[doc = concat!("Into `out`, the input broadcast to its shape: ", $ud)]
            pub fn $un<T: $uk>(a: impl AsView<T>, out: impl AsViewMut<T>) -> Result<()> {
                unary(UnaryOp::$uv, a, out)
            }
            #[doc = concat!("In place: ", $ud)]
            pub fn [<$un _assign>]<T: $uk>(a: impl AsViewMut<T>) -> Result<()> {
                unary_assign(UnaryOp::$uv, a)
            }
            #[doc = concat!("Into a new array: ", $ud)]
            pub fn [<$un _new>]<T: $uk>(a: impl AsView<T>) -> Result<Array<T>> {
                unary_new(UnaryOp::$uv, a)
            }
        )*
    }};
}
crate::kernels::elementwise_table!(view_ops);

/// `out = a * b + c` with one rounding, inputs broadcast to `out`'s shape.
pub fn mul_add<T: Float>(
    a: impl AsView<T>,
    b: impl AsView<T>,
    c: impl AsView<T>,
    out: impl AsViewMut<T>,
) -> Result<()> {
    ternary(TernaryOp::MulAdd, a, b, c, out)
}

/// In place: `acc = a * b + acc` (axpy when `a` is a 0-d view), one rounding.
pub fn mul_add_assign<T: Float>(
    mut acc: impl AsViewMut<T>,
    a: impl AsView<T>,
    b: impl AsView<T>,
) -> Result<()> {
    let k = kernels::<T>()?;
    let (out, a, b) = (acc.as_array_mut(), a.as_array_ref(), b.as_array_ref());
    let stream = streams(&out);
    runs_for([&out.raw, &a.raw, &b.raw], |n, p, s| {
        // SAFETY: as in `binary_assign`.
        unsafe {
            k.ternary_raw(
                TernaryOp::MulAdd,
                n,
                src(n, p[1], s[1]),
                src(n, p[2], s[2]),
                src(n, p[0], s[0]),
                dst(n, p[0], s[0], stream),
            )
        }
    })?;
    Ok(())
}

/// `a * b + c` (one rounding) into a new array of the broadcast shape.
pub fn mul_add_new<T: Float>(
    a: impl AsView<T>,
    b: impl AsView<T>,
    c: impl AsView<T>,
) -> Result<Array<T>> {
    ternary_new(TernaryOp::MulAdd, a, b, c)
}

/// `std::ops` operators: binary ones return `Result<Array<T>>`; compound
/// assignments panic on a shape mismatch (use the `*_assign` functions for a
/// `Result`).
macro_rules! std_ops {
    ($($trait:ident $method:ident $assign_trait:ident $assign_method:ident $op:ident $bound:ident;)*) => {$(
        impl<T: $bound, R: AsView<T>> std::ops::$trait<R> for &Array<T> {
            type Output = Result<Array<T>>;
            fn $method(self, rhs: R) -> Result<Array<T>> {
                binary_new(BinaryOp::$op, self, rhs)
            }
        }
        impl<T: $bound, R: AsView<T>> std::ops::$trait<R> for &ArrayView<'_, T> {
            type Output = Result<Array<T>>;
            fn $method(self, rhs: R) -> Result<Array<T>> {
                binary_new(BinaryOp::$op, self, rhs)
            }
        }
        impl<T: $bound, R: AsView<T>> std::ops::$trait<R> for ArrayView<'_, T> {
            type Output = Result<Array<T>>;
            fn $method(self, rhs: R) -> Result<Array<T>> {
                binary_new(BinaryOp::$op, self, rhs)
            }
        }
        impl<T: $bound, R: AsView<T>> std::ops::$assign_trait<R> for Array<T> {
            /// # Panics
            /// If `rhs` does not broadcast to `self`'s shape.
            fn $assign_method(&mut self, rhs: R) {
                if let Err(e) = binary_assign(BinaryOp::$op, &mut *self, rhs) {
                    panic!("{}: {e}", stringify!($assign_method));
                }
            }
        }
        impl<T: $bound, R: AsView<T>> std::ops::$assign_trait<R> for ArrayViewMut<'_, T> {
            /// # Panics
            /// If `rhs` does not broadcast to `self`'s shape.
            fn $assign_method(&mut self, rhs: R) {
                if let Err(e) = binary_assign(BinaryOp::$op, &mut *self, rhs) {
                    panic!("{}: {e}", stringify!($assign_method));
                }
            }
        }
    )*};
}
std_ops! {
    Add add AddAssign add_assign Add Arith;
    Sub sub SubAssign sub_assign Sub Arith;
    Mul mul MulAssign mul_assign Mul Arith;
    Div div DivAssign div_assign Div Real;
}

impl<T: Arith> std::ops::Neg for &Array<T> {
    type Output = Result<Array<T>>;
    fn neg(self) -> Result<Array<T>> {
        unary_new(UnaryOp::Neg, self)
    }
}

impl<T: Arith> std::ops::Neg for &ArrayView<'_, T> {
    type Output = Result<Array<T>>;
    fn neg(self) -> Result<Array<T>> {
        unary_new(UnaryOp::Neg, self)
    }
}
