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
use crate::kernels::{self, active_isa, Float, Mode, Product, Rolling};
use crate::layout;
use crate::parallel::{self, SharedPtr};
use crate::split::{for_each_window_piece, Cut};
use crate::view::{Array, ArrayView, AsView};
use std::borrow::Cow;
use std::mem::size_of;

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
        let (ss, ds) = (self.raw.strides[axis], out.raw.strides[axis]);
        let work = self.len().saturating_mul(size_of::<T>());
        // Pieces of the output, on threads: whole lines, or runs of each
        // line cut where the kernel's blocks of `w` start (each window is
        // computed from its own block's scans: the bits of one pass).
        let along = Cut {
            axis,
            align: w,
            overlap: w - 1,
        };
        let min_work = parallel::min_bytes_elementwise();
        for_each_window_piece(
            out.view_mut(),
            &self.view(),
            along,
            work,
            min_work,
            |dst, src| {
                let n = src.raw.shape[axis];
                for_each_line_pair(&dst.raw, &src.raw, axis, |d, s| {
                    // SAFETY: `s` starts a line of n elements along `axis` of
                    // the input, `d` a line of n - w + 1 of the fresh output
                    // (disjoint).
                    Ok(unsafe { kernels::rolling_raw::<T>(isa, op, n, w, s, ss, d, ds) }?)
                })
            },
        )?;
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

/// Outputs per piece of a threaded `convolve` / `correlate` are a multiple
/// of this (whole vectors of every ISA).
const PRODUCT_PIECE: usize = 64;

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
    let isa = active_isa()?;
    let mut out = Array::<T>::zeros(&[len])?;
    let dst = out.as_slice_mut().expect("a new array is contiguous");
    // Pieces of the output, on threads: every output is computed on its
    // own (the bits of one call). The work is the multiply-adds' operands.
    let work = len
        .saturating_mul(a.len().min(v.len()))
        .saturating_mul(size_of::<T>());
    let base = SharedPtr::new(dst.as_mut_ptr().cast_const().cast());
    let (a, v) = (&*a, &*v);
    let pieces = parallel::for_each_part(len, work, PRODUCT_PIECE, |start, n| {
        // SAFETY: the parts `start .. start + n` of the output are
        // disjoint and inside it; `out` outlives the call.
        let piece = unsafe {
            std::slice::from_raw_parts_mut(
                base.at((start * size_of::<T>()) as isize).cast::<T>(),
                n,
            )
        };
        kernels::product_range_on(Some(isa), p, a, v, mode, start, piece)
    });
    pieces
        .into_iter()
        .try_for_each(|r| r.map_err(Error::from))?;
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
