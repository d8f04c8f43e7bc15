//! Element-wise operations, comparisons, `where`, conversions, byte swaps
//! and `take` on described data.

use super::{arith_types, by_type, native, same_type, scalar_of, unsupported, wrap};
use crate::dtype::{Bool8, DType};
use crate::error::{Error, Result};
use crate::kernels::{BinaryOp, UnaryOp};
use crate::{ops, Compare, DynArray, DynView, DynViewMut};

/// `op(a, b)` as a new C-order array (the operands broadcast).
pub fn binary(op: BinaryOp, a: &DynView<'_>, b: &DynView<'_>) -> Result<DynArray> {
    same_type(op.name(), a.dtype(), b.dtype())?;
    arith_types!(a.dtype(), op.name(), T => {
        let (a, b) = (native::<T>(a)?, native::<T>(b)?);
        ops::binary_new::<T>(op, a.view(), b.view()).map(wrap)
    })
}

/// `out = op(a, b)` (NumPy's `out=`): the operands broadcast to `out`'s
/// shape, which must be native and of their type.
pub fn binary_into(
    op: BinaryOp,
    a: &DynView<'_>,
    b: &DynView<'_>,
    out: DynViewMut<'_>,
) -> Result<()> {
    same_type(op.name(), a.dtype(), b.dtype())?;
    same_type(op.name(), a.dtype(), out.dtype())?;
    arith_types!(a.dtype(), op.name(), T => {
        let (a, b) = (native::<T>(a)?, native::<T>(b)?);
        ops::binary::<T>(op, a.view(), b.view(), out.typed_mut::<T>()?)
    })
}

/// `op(a)` as a new array.
pub fn unary(op: UnaryOp, a: &DynView<'_>) -> Result<DynArray> {
    arith_types!(a.dtype(), op.name(), T => {
        ops::unary_new::<T>(op, native::<T>(a)?.view()).map(wrap)
    })
}

/// `out = op(a)`.
pub fn unary_into(op: UnaryOp, a: &DynView<'_>, out: DynViewMut<'_>) -> Result<()> {
    same_type(op.name(), a.dtype(), out.dtype())?;
    arith_types!(a.dtype(), op.name(), T => {
        ops::unary::<T>(op, native::<T>(a)?.view(), out.typed_mut::<T>()?)
    })
}

/// `a <op> b` as a new boolean mask (`|b1`).
pub fn compare(op: Compare, a: &DynView<'_>, b: &DynView<'_>) -> Result<DynArray> {
    same_type("compare", a.dtype(), b.dtype())?;
    arith_types!(a.dtype(), "compare", T => {
        let (a, b) = (native::<T>(a)?, native::<T>(b)?);
        a.view().compare(op, b.view()).map(wrap)
    })
}

/// NumPy's `where(mask, a, b)`: `mask` is boolean, `a` and `b` one type.
pub fn select(mask: &DynView<'_>, a: &DynView<'_>, b: &DynView<'_>) -> Result<DynArray> {
    let mask = mask.typed::<Bool8>()?;
    same_type("where", a.dtype(), b.dtype())?;
    by_type!(a.dtype(), "where", [f64, f32, half::f16, i64, i32, i16, i8, u64, u32, u16, u8, Bool8], T => {
        let (a, b) = (native::<T>(a)?, native::<T>(b)?);
        crate::select(&mask, a.view(), b.view()).map(wrap)
    })
}

/// The types `astype` converts between (every pair).
macro_rules! cast_types {
    ($dtype:expr, $T:ident => $body:expr) => {
        by_type!($dtype, "astype", [f64, f32, half::f16, i64, i32, i16, u16, u8], $T => $body)
    };
}

/// A copy converted to `to` (NumPy's `astype(to, casting='unsafe')` with
/// stridekit's saturating float-to-integer rule); C order, or F if `a` is
/// F-contiguous.
pub fn astype(a: &DynView<'_>, to: &DType) -> Result<DynArray> {
    cast_types!(a.dtype(), A => {
        let a = native::<A>(a)?;
        cast_types!(&to.to_native(), B => a.view().astype::<B>().map(wrap))
    })
}

/// [`astype`] into `out` (its type is the target; `a` broadcasts to its
/// shape).
pub fn astype_into(a: &DynView<'_>, out: DynViewMut<'_>) -> Result<()> {
    let to = out.dtype().clone();
    cast_types!(a.dtype(), A => {
        let a = native::<A>(a)?;
        cast_types!(&to, B => a.view().astype_into::<B>(out.typed_mut::<B>()?))
    })
}

/// Runs `$body` with `$U` the unsigned type as wide as an item of `$dtype`.
macro_rules! by_width {
    ($dtype:expr, $op:expr, $U:ident => $body:expr) => {{
        let dtype: &DType = $dtype;
        let s = scalar_of(dtype, $op)?;
        match s.size {
            1 => {
                type $U = u8;
                $body
            }
            2 => {
                type $U = u16;
                $body
            }
            4 => {
                type $U = u32;
                $body
            }
            8 => {
                type $U = u64;
                $body
            }
            _ => Err(unsupported($op, dtype)),
        }
    }};
}

/// The bytes of every item reversed (NumPy's `byteswap()`: the type is
/// kept, so the values change), as a new array.
pub fn byteswap(a: &DynView<'_>) -> Result<DynArray> {
    let dtype = a.dtype().clone();
    by_width!(&dtype, "byteswap", U => {
        Ok(wrap(a.bits::<U>()?.byteswap()?).retype(dtype))
    })
}

/// [`byteswap`] into `out` (items of the same size; `a` broadcasts).
pub fn byteswap_into(a: &DynView<'_>, out: DynViewMut<'_>) -> Result<()> {
    if a.dtype().itemsize() != out.dtype().itemsize() {
        return Err(Error::Mixed {
            op: "byteswap",
            left: super::type_name(a.dtype()),
            right: super::type_name(out.dtype()),
        });
    }
    let dtype = a.dtype().clone();
    by_width!(&dtype, "byteswap", U => a.bits::<U>()?.byteswap_into(out.bits_mut::<U>()?))
}

/// NumPy's `take(a, indices, axis)`: `indices` is a 1-D integer array
/// (negative values count from the end; out of range is an error).
pub fn take(a: &DynView<'_>, axis: isize, indices: &DynView<'_>) -> Result<DynArray> {
    if indices.shape().len() != 1 {
        return Err(Error::Dimensions {
            op: "take indices",
            needs: "1-D",
            ndim: indices.shape().len(),
        });
    }
    let idx: Vec<i64> = by_type!(indices.dtype(), "take indices", [i64, i32, i16, i8, u64, u32, u16, u8], I => {
        native::<I>(indices)?
            .view()
            .iter()
            // Past i64::MAX is out of range of any axis: the check names it.
            .map(|i| Ok(index_i64(i)))
            .collect::<Result<Vec<i64>>>()
    })?;
    let dtype = a.dtype().clone();
    by_width!(&dtype, "take", U => Ok(wrap(a.bits::<U>()?.take(axis, &idx)?).retype(dtype)))
}

/// NumPy's `np.copyto(out, a)` for one type: the items copied as they are
/// (byte order included), `a` broadcast to `out`'s shape.
pub fn copy_into(a: &DynView<'_>, out: DynViewMut<'_>) -> Result<()> {
    copy_named("copy", a, out)
}

/// [`copy_into`] with the operation's name for the error.
pub(crate) fn copy_named(op: &'static str, a: &DynView<'_>, out: DynViewMut<'_>) -> Result<()> {
    if a.dtype() != out.dtype() {
        return Err(Error::Mixed {
            op,
            left: super::type_name(a.dtype()),
            right: super::type_name(out.dtype()),
        });
    }
    let dtype = a.dtype().clone();
    by_width!(&dtype, op, U => out.bits_mut::<U>()?.assign(a.bits::<U>()?))
}

/// An index as `i64`; one past `i64::MAX` is out of range of any axis, so
/// saturating lets the range check name it.
fn index_i64<I: TryInto<i64>>(i: I) -> i64 {
    i.try_into().unwrap_or(i64::MAX)
}

/// An input made safe to read while an output is written: the view
/// itself, or a private copy if its bytes may overlap the output's (NumPy
/// copies such an input too). For callers that build views of foreign
/// memory (C descriptors, NumPy arrays), where nothing else rules the
/// overlap out.
pub enum Unaliased<'a> {
    /// The input's own memory (it does not overlap the output).
    View(DynView<'a>),
    /// A C-order copy of the input.
    Copy(DynArray),
}

impl<'a> Unaliased<'a> {
    /// `input`, copied if it may share memory with `out`.
    pub fn new(input: DynView<'a>, out: &DynViewMut<'_>) -> Unaliased<'a> {
        if input.may_share_memory(&out.view()) {
            Unaliased::Copy(input.to_owned(crate::Order::C))
        } else {
            Unaliased::View(input)
        }
    }

    /// The input to read.
    pub fn view(&self) -> DynView<'_> {
        match self {
            Unaliased::View(v) => v.clone(),
            Unaliased::Copy(a) => a.view(),
        }
    }
}
