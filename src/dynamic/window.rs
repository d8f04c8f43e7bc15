//! Rolling windows and convolutions of described data (float32/float64).

use super::{float_types, native, same_type, wrap};
use crate::error::Result;
use crate::{DynArray, DynView, DynViewMut, Mode, Rolling};

/// `op` over every window of `w` along `axis` (see
/// [`ArrayRef::rolling`](crate::ArrayRef::rolling)): O(len) per line.
pub fn rolling(op: Rolling, a: &DynView<'_>, axis: isize, w: usize) -> Result<DynArray> {
    float_types!(a.dtype(), "rolling", T => native::<T>(a)?.view().rolling(op, axis, w).map(wrap))
}

/// [`rolling`] into `out` (the result's shape and type).
pub fn rolling_into(
    op: Rolling,
    a: &DynView<'_>,
    axis: isize,
    w: usize,
    out: DynViewMut<'_>,
) -> Result<()> {
    let r = rolling(op, a, axis, w)?;
    if r.shape() != out.shape() {
        return Err(crate::Error::OutputShape {
            input: r.shape().to_vec(),
            output: out.shape().to_vec(),
        });
    }
    super::compute::copy_named("rolling", &r.view(), out)
}

/// NumPy's `convolve(a, v, mode)` of two 1-D arrays of one float type.
pub fn convolve(a: &DynView<'_>, v: &DynView<'_>, mode: Mode) -> Result<DynArray> {
    same_type("convolve", a.dtype(), v.dtype())?;
    float_types!(a.dtype(), "convolve", T => {
        let (a, v) = (native::<T>(a)?, native::<T>(v)?);
        crate::convolve(a.view(), v.view(), mode).map(wrap)
    })
}

/// NumPy's `correlate(a, v, mode)` of two 1-D arrays of one float type.
pub fn correlate(a: &DynView<'_>, v: &DynView<'_>, mode: Mode) -> Result<DynArray> {
    same_type("correlate", a.dtype(), v.dtype())?;
    float_types!(a.dtype(), "correlate", T => {
        let (a, v) = (native::<T>(a)?, native::<T>(v)?);
        crate::correlate(a.view(), v.view(), mode).map(wrap)
    })
}
