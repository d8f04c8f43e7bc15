//! Window operations on arrays and views: rolling reductions along any axis
//! (`rolling_sum`, `rolling_mean`, `rolling_min`, `rolling_max`,
//! `rolling_var`, `rolling_std`, or `rolling(op, …)`), and 1-D
//! [`convolve`] / [`correlate`] with NumPy's modes. The kernels are O(n)
//! per line and allocate nothing of size n·w (see `stridekit-kernels`'
//! `window.rs`).

use crate::array_ref::ArrayRef;
use crate::axis::Axis;
use crate::error::{Error, Result};
use crate::iter::for_each_line_pair;
use crate::kernels::{self, active_isa, Float, Mode, Rolling};
use crate::layout;
use crate::view::{Array, ArrayView, AsView};
use std::borrow::Cow;

impl<T: bytemuck::Pod> ArrayRef<T> {
    /// `op` over every window of `w` consecutive elements along `axis`: a
    /// new C-order array whose `axis` has `len - w + 1` elements (NumPy's
    /// `sliding_window_view(x, w, axis).<op>(axis=-1)`, in O(len) per line).
    /// `w == 0` or `w > len` is an error, as in NumPy.
    ///
    /// ```
    /// use stridekit::{Array, Rolling};
    /// let x = Array::from_slice(&[1.0f64, 3.0, 2.0, 6.0, 4.0], &[5])?;
    /// assert_eq!(x.rolling(Rolling::Mean, 0, 2)?.to_vec(), vec![2.0, 2.5, 4.0, 5.0]);
    /// assert_eq!(x.rolling(Rolling::Max, -1, 3)?.to_vec(), vec![3.0, 6.0, 6.0]);
    /// assert!(x.rolling(Rolling::Sum, 0, 6).is_err()); // window longer than the axis
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn rolling(&self, op: Rolling, axis: impl Axis, w: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        let axis = crate::axis::resolve(axis, self.ndim())?;
        self.rolling_at(op, axis, w)
    }

    fn rolling_at(&self, op: Rolling, axis: usize, w: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        layout::check_axis(axis, self.ndim())?;
        let n = self.shape()[axis];
        let m = kernels::rolling_len(op, n, w)?;
        let isa = active_isa()?;
        let mut shape = self.shape().to_vec();
        shape[axis] = m;
        let mut out = Array::<T>::zeros(&shape)?;
        let dst = out.view_mut();
        let (ss, ds) = (self.raw.strides[axis], dst.raw.strides[axis]);
        for_each_line_pair(&dst.raw, &self.raw, axis, |d, s| {
            // SAFETY: `s` starts a line of n elements along `axis` of the
            // input, `d` a line of m of the fresh output (disjoint).
            Ok(unsafe { kernels::rolling_raw::<T>(isa, op, n, w, s, ss, d, ds) }?)
        })?;
        Ok(out)
    }

    /// Rolling sum along `axis` (see [`rolling`](Self::rolling)).
    pub fn rolling_sum(&self, axis: impl Axis, w: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        self.rolling(Rolling::Sum, axis, w)
    }

    /// Rolling mean along `axis`.
    pub fn rolling_mean(&self, axis: impl Axis, w: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        self.rolling(Rolling::Mean, axis, w)
    }

    /// Rolling minimum along `axis` (NaN-propagating, `-0 < +0`).
    pub fn rolling_min(&self, axis: impl Axis, w: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        self.rolling(Rolling::Min, axis, w)
    }

    /// Rolling maximum along `axis` (NaN-propagating, `-0 < +0`).
    pub fn rolling_max(&self, axis: impl Axis, w: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        self.rolling(Rolling::Max, axis, w)
    }

    /// Rolling variance along `axis` with `ddof` (`ddof < w`).
    pub fn rolling_var(&self, axis: impl Axis, w: usize, ddof: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        self.rolling(Rolling::Var { ddof }, axis, w)
    }

    /// Rolling standard deviation along `axis` with `ddof` (`ddof < w`).
    pub fn rolling_std(&self, axis: impl Axis, w: usize, ddof: usize) -> Result<Array<T>>
    where
        T: Float,
    {
        self.rolling(Rolling::Std { ddof }, axis, w)
    }
}

/// The elements of a 1-D view as a slice: borrowed when contiguous, else
/// one copy.
fn line<'a, T: Float + bytemuck::Pod>(
    v: &'a ArrayView<'_, T>,
    what: &'static str,
) -> Result<Cow<'a, [T]>> {
    if v.ndim() != 1 {
        return Err(Error::Dimensions {
            op: what,
            needs: "a 1-D array",
            ndim: v.ndim(),
        });
    }
    Ok(match v.as_slice() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(v.to_vec()),
    })
}

/// Which of the two window products.
#[derive(Clone, Copy)]
enum Product {
    Correlate,
    Convolve,
}

fn product<T: Float + bytemuck::Pod>(
    a: impl AsView<T>,
    v: impl AsView<T>,
    mode: Mode,
    p: Product,
) -> Result<Array<T>> {
    let (a, v) = (a.as_view(), v.as_view());
    let (a, v) = (
        line(&a, "convolve/correlate input `a`")?,
        line(&v, "convolve/correlate input `v`")?,
    );
    let len = match p {
        Product::Correlate => kernels::correlate_len(mode, a.len(), v.len())?,
        Product::Convolve => kernels::convolve_len(mode, a.len(), v.len())?,
    };
    let mut out = Array::<T>::zeros(&[len])?;
    let dst = out.as_slice_mut().expect("a new array is contiguous");
    match p {
        Product::Correlate => kernels::correlate(&a, &v, mode, dst)?,
        Product::Convolve => kernels::convolve(&a, &v, mode, dst)?,
    }
    Ok(out)
}

/// NumPy's `convolve(a, v, mode)` of two 1-D views (any strides): a new
/// 1-D array, bit-identical on every ISA.
///
/// ```
/// use stridekit::{convolve, Array, Mode};
/// let a = Array::from_slice(&[1.0f64, 2.0, 3.0], &[3])?;
/// let v = Array::from_slice(&[1.0f64, -1.0], &[2])?;
/// assert_eq!(convolve(&a, &v, Mode::Full)?.to_vec(), vec![1.0, 1.0, 1.0, -3.0]); // np.convolve(a, v)
/// assert_eq!(convolve(&a, &v, Mode::Valid)?.to_vec(), vec![1.0, 1.0]);
/// # Ok::<(), stridekit::Error>(())
/// ```
pub fn convolve<T: Float + bytemuck::Pod>(
    a: impl AsView<T>,
    v: impl AsView<T>,
    mode: Mode,
) -> Result<Array<T>> {
    product(a, v, mode, Product::Convolve)
}

/// NumPy's `correlate(a, v, mode)` of two 1-D views (any strides).
pub fn correlate<T: Float + bytemuck::Pod>(
    a: impl AsView<T>,
    v: impl AsView<T>,
    mode: Mode,
) -> Result<Array<T>> {
    product(a, v, mode, Product::Correlate)
}
