//! Reductions of described data: whole-array (a 0-d result) or along one
//! axis, and `dot`.

use super::{by_type, float_types, native, real_types, same_type, wrap};
use crate::error::{Error, Result};
use crate::kernels::Reduction;
use crate::{Array, ArrayView, DynArray, DynView, DynViewMut, IntElement, Real};

/// A reduction by name, as NumPy spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduce {
    /// `sum`: floats in the fixed pairwise-grade order; integers exactly in
    /// `int64`/`uint64` (NumPy's result type), an overflow an error.
    Sum,
    /// `nansum` (floats).
    NanSum,
    /// `mean` (floats).
    Mean,
    /// `min` (NaN if any is NaN).
    Min,
    /// `max` (NaN if any is NaN).
    Max,
    /// `nanmin` (floats).
    NanMin,
    /// `nanmax` (floats).
    NanMax,
    /// `var` with `ddof` (float32/float64).
    Var {
        /// Delta degrees of freedom.
        ddof: usize,
    },
    /// `std` with `ddof` (float32/float64).
    Std {
        /// Delta degrees of freedom.
        ddof: usize,
    },
}

impl Reduce {
    /// The reduction NumPy calls `name` (`"sum"`, `"nanmax"`, …); `var` and
    /// `std` take `ddof`.
    pub fn from_name(name: &str, ddof: usize) -> Option<Reduce> {
        Some(match name {
            "sum" => Reduce::Sum,
            "nansum" => Reduce::NanSum,
            "mean" => Reduce::Mean,
            "min" => Reduce::Min,
            "max" => Reduce::Max,
            "nanmin" => Reduce::NanMin,
            "nanmax" => Reduce::NanMax,
            "var" => Reduce::Var { ddof },
            "std" => Reduce::Std { ddof },
            _ => return None,
        })
    }

    /// NumPy's name of the reduction.
    pub fn name(self) -> &'static str {
        match self {
            Reduce::Sum => "sum",
            Reduce::NanSum => "nansum",
            Reduce::Mean => "mean",
            Reduce::Min => "min",
            Reduce::Max => "max",
            Reduce::NanMin => "nanmin",
            Reduce::NanMax => "nanmax",
            Reduce::Var { .. } => "var",
            Reduce::Std { .. } => "std",
        }
    }
}

/// `op` of every element (`axis: None`, a 0-d result) or along `axis`
/// (negative counts from the end), the result type NumPy's (`int64` for
/// the sum of `int32`).
pub fn reduce(op: Reduce, a: &DynView<'_>, axis: Option<isize>) -> Result<DynArray> {
    let name = op.name();
    let dtype = a.dtype();
    let is_int = matches!(
        super::scalar_of(dtype, name)?.kind,
        crate::dtype::Kind::Int | crate::dtype::Kind::UInt
    );
    if is_int {
        return by_type!(dtype, name, [i64, i32, i16, i8, u64, u32, u16, u8], T => {
            int_reduce::<T>(op, native::<T>(a)?.view(), axis)
        });
    }
    match op {
        Reduce::Var { ddof } | Reduce::Std { ddof } => float_types!(dtype, name, T => {
            let v = native::<T>(a)?;
            let v = v.view();
            let std = matches!(op, Reduce::Std { .. });
            match axis {
                None => scalar(if std { v.std(ddof)? } else { v.var(ddof)? }),
                Some(ax) => Ok(wrap(if std { v.std_axis(ax, ddof)? } else { v.var_axis(ax, ddof)? })),
            }
        }),
        _ => real_types!(dtype, name, T => real_reduce(op, native::<T>(a)?.view(), axis).map(wrap)),
    }
}

fn scalar<T: crate::NpyScalar>(x: T) -> Result<DynArray> {
    Ok(wrap(Array::from_slice(&[x], &[])?))
}

fn real_reduce<T: Real + crate::NpyScalar>(
    op: Reduce,
    v: ArrayView<'_, T>,
    axis: Option<isize>,
) -> Result<Array<T>> {
    let Some(axis) = axis else {
        let x = match op {
            Reduce::Sum => v.sum()?,
            Reduce::NanSum => v.nansum()?,
            Reduce::Mean => v.mean()?,
            Reduce::Min => v.min()?,
            Reduce::Max => v.max()?,
            Reduce::NanMin => v.nanmin()?,
            Reduce::NanMax => v.nanmax()?,
            Reduce::Var { .. } | Reduce::Std { .. } => unreachable!("dispatched to the Float path"),
        };
        return Array::from_slice(&[x], &[]);
    };
    let r = |k| v.reduce_axis(k, axis, false);
    match op {
        Reduce::Sum => r(Reduction::Sum),
        Reduce::NanSum => r(Reduction::NanSum),
        Reduce::Mean => v.mean_axis(axis),
        Reduce::Min => r(Reduction::Min),
        Reduce::Max => r(Reduction::Max),
        Reduce::NanMin => r(Reduction::NanMin),
        Reduce::NanMax => r(Reduction::NanMax),
        Reduce::Var { .. } | Reduce::Std { .. } => unreachable!("dispatched to the Float path"),
    }
}

/// The integer reductions: the exact sum (in `T::Sum`, NumPy's result
/// type) and the extremes.
fn int_reduce<T>(op: Reduce, v: ArrayView<'_, T>, axis: Option<isize>) -> Result<DynArray>
where
    T: IntElement + crate::NpyScalar + Default,
    T::Sum: crate::NpyScalar,
{
    Ok(match (op, axis) {
        (Reduce::Sum, None) => return scalar(v.int_sum()?),
        (Reduce::Min, None) => return scalar(v.int_min()?),
        (Reduce::Max, None) => return scalar(v.int_max()?),
        (Reduce::Sum, Some(ax)) => wrap(v.int_sum_axis(ax)?),
        (Reduce::Min, Some(ax)) => wrap(v.int_min_axis(ax)?),
        (Reduce::Max, Some(ax)) => wrap(v.int_max_axis(ax)?),
        _ => {
            return Err(Error::NoSuchOp {
                op: op.name(),
                dtype: T::NAME,
                hint: " (convert with astype to float64 first)",
            })
        }
    })
}

/// [`reduce`] into `out`, which must have the result's type and shape.
pub fn reduce_into(
    op: Reduce,
    a: &DynView<'_>,
    axis: Option<isize>,
    out: DynViewMut<'_>,
) -> Result<()> {
    let r = reduce(op, a, axis)?;
    if r.shape() != out.shape() {
        return Err(Error::OutputShape {
            input: r.shape().to_vec(),
            output: out.shape().to_vec(),
        });
    }
    super::compute::copy_named(op.name(), &r.view(), out)
}

/// NumPy's `dot` of two 1-D arrays of one float type (a 0-d result), in
/// the fixed order.
pub fn dot(a: &DynView<'_>, b: &DynView<'_>) -> Result<DynArray> {
    same_type("dot", a.dtype(), b.dtype())?;
    float_types!(a.dtype(), "dot", T => {
        let (a, b) = (native::<T>(a)?, native::<T>(b)?);
        scalar(a.view().dot(b.view())?)
    })
}
