//! Zero-copy views between stridekit and `ndarray` (feature `ndarray`).
//!
//! Both describe an array as a pointer to element `[0, 0, …]`, a shape and
//! strides; stridekit counts strides in bytes, `ndarray` in elements. So
//! every `ndarray` view is a stridekit view (strides × element size), and a
//! stridekit view is an `ndarray` view when each byte stride is a whole
//! number of elements and element 0 is aligned — a stride that is not (a
//! packed record's field) is [`Error::NotElementStride`], naming it.
//! Negative strides cross in both directions: `ndarray`'s constructor takes
//! the lowest address and non-negative strides, so a stridekit view with
//! negative strides becomes the view over its lowest element with those
//! axes inverted afterwards. Owned arrays convert by one copy (an
//! `AlignedBuf` keeps its 64-byte alignment, which `ndarray`'s `Vec` cannot
//! take over).

use crate::array_ref::ArrayRef;
use crate::error::{Error, Result};
use crate::view::{Array, ArrayView, ArrayViewMut};
use bytemuck::Pod;
use ndarray::{ArrayBase, Dimension, IxDyn, ShapeBuilder};
use std::mem::{align_of, size_of};

/// An `ndarray` layout of a view: the lowest element's address, strides in
/// elements (absolute), and the axes whose strides were negative.
struct Elements {
    low: *mut u8,
    strides: Vec<usize>,
    flipped: Vec<usize>,
}

impl<T: Pod> ArrayRef<T> {
    fn element_layout(&self) -> Result<Elements> {
        let size = size_of::<T>();
        if !self.is_aligned() {
            return Err(Error::Unaligned {
                align: align_of::<T>(),
            });
        }
        let mut low = self.raw.ptr;
        let (mut strides, mut flipped) = (Vec::with_capacity(self.ndim()), vec![]);
        let empty = self.is_empty();
        for (axis, (&len, &stride)) in self.shape().iter().zip(self.strides()).enumerate() {
            if size == 0 || len <= 1 || empty {
                strides.push(0);
                continue;
            }
            if stride % size as isize != 0 {
                return Err(Error::NotElementStride {
                    axis,
                    stride,
                    size,
                    to: "ndarray",
                });
            }
            if stride < 0 {
                // The view's own extent: this offset stays inside it.
                low = low.wrapping_offset(stride * (len as isize - 1));
                flipped.push(axis);
            }
            strides.push(stride.unsigned_abs() / size);
        }
        Ok(Elements {
            low,
            strides,
            flipped,
        })
    }

    /// This view as an `ndarray` view of the same elements, no copy (the
    /// strides in elements; negative ones too).
    ///
    /// ```
    /// use stridekit::{s, Array};
    /// let a = Array::from_shape_fn(&[3, 4], |i| (i[0] * 4 + i[1]) as f32)?;
    /// let v = a.slice(s![..;-1, 1..])?;
    /// let nd = v.as_ndarray()?;
    /// assert_eq!(nd.shape(), &[3, 3]);
    /// assert_eq!(nd[[0, 0]], 9.0); // the same element as v[[0, 0]]
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn as_ndarray(&self) -> Result<ndarray::ArrayViewD<'_, T>> {
        let e = self.element_layout()?;
        let shape = IxDyn(self.shape()).strides(IxDyn(&e.strides));
        // SAFETY: every element the shape and (absolute) strides reach from
        // the lowest element is an element of this live view, aligned and
        // readable for the borrow of `self`; nothing writes through a
        // shared `ArrayRef` while it lives.
        let mut v = unsafe { ndarray::ArrayViewD::from_shape_ptr(shape, e.low.cast::<T>()) };
        for axis in e.flipped {
            v.invert_axis(ndarray::Axis(axis));
        }
        Ok(v)
    }

    /// This view as a writable `ndarray` view of the same elements, no copy.
    pub fn as_ndarray_mut(&mut self) -> Result<ndarray::ArrayViewMutD<'_, T>> {
        let e = self.element_layout()?;
        let shape = IxDyn(self.shape()).strides(IxDyn(&e.strides));
        // SAFETY: as in `as_ndarray`; the borrow is exclusive, and a
        // writable stridekit view never reaches an element twice.
        let mut v = unsafe { ndarray::ArrayViewMutD::from_shape_ptr(shape, e.low.cast::<T>()) };
        for axis in e.flipped {
            v.invert_axis(ndarray::Axis(axis));
        }
        Ok(v)
    }

    /// A C-order `ndarray` copy (NumPy's `np.array(a)`).
    pub fn to_ndarray(&self) -> Result<ndarray::ArrayD<T>> {
        let data = self.try_to_vec()?;
        ndarray::ArrayD::from_shape_vec(IxDyn(self.shape()), data)
            .map_err(|e| Error::Bridge(e.to_string()))
    }
}

/// Byte strides of an `ndarray` layout (strides in elements).
fn byte_strides<T>(strides: &[isize]) -> Result<Vec<isize>> {
    strides
        .iter()
        .map(|&s| {
            s.checked_mul(size_of::<T>() as isize)
                .ok_or(Error::Bridge(format!("stride {s} overflows in bytes")))
        })
        .collect()
}

impl<'a, T: Pod> ArrayView<'a, T> {
    /// An `ndarray` view as a stridekit view of the same elements, no copy.
    ///
    /// ```
    /// let nd = ndarray::Array2::from_shape_fn((2, 3), |(i, j)| (i * 3 + j) as f64);
    /// let v = stridekit::ArrayView::from_ndarray(nd.t())?;
    /// assert_eq!(v.shape(), &[3, 2]);
    /// assert_eq!(v.strides(), &[8, 24]);
    /// assert_eq!(v.sum()?, 15.0);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn from_ndarray<D: Dimension>(v: ndarray::ArrayView<'a, T, D>) -> Result<Self> {
        let strides = byte_strides::<T>(v.strides())?;
        // SAFETY: an `ndarray` view borrows every element its shape and
        // strides reach from its pointer, readable for `'a`, and nothing
        // writes them while the borrow lives.
        unsafe { ArrayView::from_raw_parts(v.as_ptr(), v.shape(), &strides) }
    }
}

impl<'a, T: Pod> ArrayViewMut<'a, T> {
    /// A writable `ndarray` view as a writable stridekit view, no copy.
    pub fn from_ndarray_mut<D: Dimension>(mut v: ndarray::ArrayViewMut<'a, T, D>) -> Result<Self> {
        let strides = byte_strides::<T>(v.strides())?;
        let shape = v.shape().to_vec();
        // SAFETY: the exclusive `ndarray` borrow covers every reachable
        // element for `'a`; its layout reaches no element twice.
        unsafe { ArrayViewMut::from_raw_parts_mut(v.as_mut_ptr(), &shape, &strides) }
    }
}

impl<T: Pod> Array<T> {
    /// A 64-byte-aligned copy of any `ndarray` array or view, in C order.
    pub fn from_ndarray<S, D>(a: &ArrayBase<S, D>) -> Result<Self>
    where
        S: ndarray::Data<Elem = T>,
        D: Dimension,
    {
        ArrayView::from_ndarray(a.view())?.try_to_owned()
    }
}
