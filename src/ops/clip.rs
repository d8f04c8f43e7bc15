//! NumPy's `clip`: `min(max(a, lo), hi)` with scalar or array bounds, for
//! every [`Arith`] type, in the three forms.
//!
//! Scalar bounds (or 0-d arrays) take one fused pass (`Arith::clip_run`:
//! one kernel for integers, `maximum` then `minimum` in place for floats);
//! array bounds broadcast against `a` as NumPy's do and run as `maximum`
//! then `minimum` over the output. A NaN in `a` or in a bound gives NaN
//! (NumPy's `maximum`/`minimum` rule); `lo > hi` gives `hi`.

use super::{dst, maximum, minimum_assign, new_output, src, streams};
use crate::error::Result;
use crate::iter::runs_for;
use crate::kernels::Arith;
use crate::view::{Array, AsView, AsViewMut};

/// The value of a 0-d bound (a scalar), or `None` for an array.
fn single<T: Arith>(v: &crate::ArrayRef<T>) -> Option<T> {
    if v.ndim() == 0 {
        v.get(&[])
    } else {
        None
    }
}

/// `out = min(max(a, lo), hi)` (NumPy's `np.clip(a, lo, hi, out=out)`):
/// `lo` and `hi` are scalars or arrays broadcast against `a` and `out`.
///
/// ```
/// use stridekit::{ops, Array};
/// let a = Array::from_slice(&[-5i16, 0, 7, 300], &[4])?;
/// assert_eq!(ops::clip_new(&a, 0, 255)?.to_vec(), [0, 0, 7, 255]);
/// let hi = Array::from_slice(&[1i16, 1, 5, 500], &[4])?;
/// assert_eq!(ops::clip_new(&a, -1, &hi)?.to_vec(), [-1, 0, 5, 300]);
/// # Ok::<(), stridekit::Error>(())
/// ```
pub fn clip<T: Arith>(
    a: impl AsView<T>,
    lo: impl AsView<T>,
    hi: impl AsView<T>,
    mut out: impl AsViewMut<T>,
) -> Result<()> {
    let (a, lo, hi, mut out) = (
        a.as_array_ref(),
        lo.as_array_ref(),
        hi.as_array_ref(),
        out.as_array_mut(),
    );
    let (Some(l), Some(h)) = (single(&lo), single(&hi)) else {
        maximum(&a, &lo, &mut out)?;
        return minimum_assign(&mut out, &hi);
    };
    let k = T::ctx()?;
    let stream = streams(&out);
    runs_for([&out.raw, &a.raw], |n, p, s| {
        // SAFETY: the engine hands runs of valid elements; the output is an
        // exclusive borrow that the input cannot alias.
        unsafe { T::clip_run(k, n, src(n, p[1], s[1]), l, h, dst(n, p[0], s[0], stream)) }
    })?;
    Ok(())
}

/// `a = min(max(a, lo), hi)` in place (`lo`, `hi` broadcast to `a`).
pub fn clip_assign<T: Arith>(
    mut a: impl AsViewMut<T>,
    lo: impl AsView<T>,
    hi: impl AsView<T>,
) -> Result<()> {
    let (mut out, lo, hi) = (a.as_array_mut(), lo.as_array_ref(), hi.as_array_ref());
    let (Some(l), Some(h)) = (single(&lo), single(&hi)) else {
        super::maximum_assign(&mut out, &lo)?;
        return minimum_assign(&mut out, &hi);
    };
    let k = T::ctx()?;
    let stream = streams(&out);
    runs_for([&out.raw], |n, p, s| {
        // SAFETY: the one operand is read and written at the same
        // positions (the in-place contract of `clip_run`).
        unsafe { T::clip_run(k, n, src(n, p[0], s[0]), l, h, dst(n, p[0], s[0], stream)) }
    })?;
    Ok(())
}

/// `min(max(a, lo), hi)` into a new array of the three operands' broadcast
/// shape.
pub fn clip_new<T: Arith>(
    a: impl AsView<T>,
    lo: impl AsView<T>,
    hi: impl AsView<T>,
) -> Result<Array<T>> {
    let (a, lo, hi) = (a.as_array_ref(), lo.as_array_ref(), hi.as_array_ref());
    let mut out = new_output(&[&a, &lo, &hi])?;
    clip(a, lo, hi, &mut out)?;
    Ok(out)
}
