//! [`ArrayRef`]: the one place an array method is written.
//!
//! [`Array`], [`ArrayView`] and [`ArrayViewMut`] all dereference to
//! `ArrayRef<T>` (and the two writable ones mutably), so a method defined on
//! `ArrayRef` — a reduction, a copy, a window, a statistic — works on all
//! three with no forwarding and no trait to import. The idea is `&[T]` for
//! `Vec<T>` and `&mut [T]`: the owner and the borrows share one borrowed form.
//!
//! What stays on the concrete types is only what needs their lifetime or
//! ownership: constructors, the consuming `*_mut(self)` view operations of
//! [`ArrayViewMut`], and the view operations of [`ArrayView`] whose result
//! borrows the *buffer* for `'a` rather than the view (`ArrayRef::slice`
//! returns a view that borrows `self`). `to_owned` is re-stated on `ArrayView`
//! and `Array` because `Clone` gives both a `ToOwned::to_owned`, which method
//! lookup would find before the dereferenced one.
//!
//! Soundness: `ArrayRef` is unsized (a zero-length `[()]` tail), so no
//! `&mut ArrayRef` can be swapped or replaced — that would move one array's
//! layout into another array's buffer. It has no public constructor; its only
//! field is the [`RawView`] of the array it was borrowed from.

use crate::axis::{Axis, Dim};
use crate::error::{Error, Result};
use crate::layout::{Order, SliceArg};
use crate::raw::RawView;
use crate::view::{Array, ArrayView, ArrayViewMut};
use bytemuck::Pod;
use std::ops::{Deref, DerefMut};

/// The borrowed form every array type dereferences to; the array methods
/// live here (see the module documentation).
///
/// It cannot be moved out of a writable array, so one array's layout can never
/// be swapped into another's buffer:
///
/// ```compile_fail
/// let mut a = stridekit::Array::<f32>::zeros(&[2])?;
/// let mut b = stridekit::Array::<f32>::zeros(&[3])?;
/// std::mem::swap(&mut *a, &mut *b); // `ArrayRef` is unsized
/// # Ok::<(), stridekit::Error>(())
/// ```
///
/// and a read-only view does not give out `&mut ArrayRef`:
///
/// ```compile_fail
/// let data = [1.0f32, 2.0];
/// let mut v = stridekit::ArrayView::from_slice(&data, &[2])?;
/// v.set(&[0], 5.0)?; // no `DerefMut` for `ArrayView`
/// # Ok::<(), stridekit::Error>(())
/// ```
#[repr(C)]
pub struct ArrayRef<T> {
    pub(crate) raw: RawView<T>,
    /// Makes the type unsized, so a `&mut ArrayRef` cannot be moved out of.
    _unsized: [()],
}

// SAFETY: a `&ArrayRef<T>` is a shared borrow of `T`s (like `&[T]`).
unsafe impl<T: Sync> Sync for ArrayRef<T> {}
// SAFETY: a `&mut ArrayRef<T>` is an exclusive borrow of `T`s (like `&mut [T]`).
unsafe impl<T: Send> Send for ArrayRef<T> {}

impl<T> ArrayRef<T> {
    fn of(raw: &RawView<T>) -> &ArrayRef<T> {
        let p = std::ptr::slice_from_raw_parts(std::ptr::from_ref(raw).cast::<()>(), 0);
        // SAFETY: `ArrayRef` is `repr(C)` with the `RawView` at offset 0 and a
        // zero-length ZST tail, so a length-0 pointer to it covers exactly the
        // `RawView` borrowed here, for as long as it is borrowed.
        unsafe { &*(p as *const ArrayRef<T>) }
    }

    fn of_mut(raw: &mut RawView<T>) -> &mut ArrayRef<T> {
        let p = std::ptr::slice_from_raw_parts_mut(std::ptr::from_mut(raw).cast::<()>(), 0);
        // SAFETY: as in `of`, with the exclusive borrow of the `RawView`.
        unsafe { &mut *(p as *mut ArrayRef<T>) }
    }
}

impl<T> Deref for ArrayView<'_, T> {
    type Target = ArrayRef<T>;
    fn deref(&self) -> &ArrayRef<T> {
        ArrayRef::of(&self.raw)
    }
}

impl<T> Deref for ArrayViewMut<'_, T> {
    type Target = ArrayRef<T>;
    fn deref(&self) -> &ArrayRef<T> {
        ArrayRef::of(&self.raw)
    }
}

impl<T> DerefMut for ArrayViewMut<'_, T> {
    fn deref_mut(&mut self) -> &mut ArrayRef<T> {
        ArrayRef::of_mut(&mut self.raw)
    }
}

impl<T> Deref for Array<T> {
    type Target = ArrayRef<T>;
    fn deref(&self) -> &ArrayRef<T> {
        ArrayRef::of(&self.raw)
    }
}

impl<T> DerefMut for Array<T> {
    fn deref_mut(&mut self) -> &mut ArrayRef<T> {
        ArrayRef::of_mut(&mut self.raw)
    }
}

impl<T: Pod> ArrayRef<T> {
    /// A read-only view of all elements (cheap: no element is copied).
    pub fn view(&self) -> ArrayView<'_, T> {
        ArrayView::from_raw(self.raw.clone())
    }

    /// A writable view of all elements.
    pub fn view_mut(&mut self) -> ArrayViewMut<'_, T> {
        ArrayViewMut::from_raw(self.raw.clone())
    }

    /// Address of element `[0, 0, …]` for writing (arrays and mutable views).
    pub fn as_mut_ptr(&mut self) -> *mut T {
        self.raw.ptr.cast()
    }

    /// NumPy's `a.view(dtype)`: the same bytes seen as `U`s. With a
    /// different element size the last axis must be contiguous and its
    /// bytes a multiple of `U`'s size (it is rescaled); every element must
    /// be aligned for `U`.
    pub fn view_as<U: Pod>(&self) -> Result<ArrayView<'_, U>> {
        Ok(ArrayView::from_raw(self.raw_as::<U>()?))
    }

    /// [`view_as`](Self::view_as), writable: the same bytes seen as `U`s
    /// (NumPy's `a.view(dtype)` on a writeable array).
    pub fn view_as_mut<U: Pod>(&mut self) -> Result<ArrayViewMut<'_, U>> {
        Ok(ArrayViewMut::from_raw(self.raw_as::<U>()?))
    }

    /// This view as `U`s where `U` is `T` behind another name (a generic
    /// seam such as `Real::Wide`): any layout, aligned or not.
    pub(crate) fn retyped<U: Pod>(&self) -> ArrayView<'_, U> {
        assert_same_type::<T, U>();
        ArrayView::from_raw(self.raw.cast::<U>())
    }

    /// [`retyped`](Self::retyped), writable.
    pub(crate) fn retyped_mut<U: Pod>(&mut self) -> ArrayViewMut<'_, U> {
        assert_same_type::<T, U>();
        ArrayViewMut::from_raw(self.raw.cast::<U>())
    }

    /// This layout over `U`s, as [`view_as`](Self::view_as) defines it.
    fn raw_as<U: Pod>(&self) -> Result<RawView<U>> {
        let (t, u) = (std::mem::size_of::<T>(), std::mem::size_of::<U>());
        let mut shape = self.shape().to_vec();
        let mut strides = self.strides().to_vec();
        if t != u {
            let last = shape.len().checked_sub(1).ok_or(Error::ViewAs {
                from: t,
                to: u,
                why: "a 0-d array cannot change its element size",
            })?;
            let bytes = shape[last] * t;
            if shape[last] > 1 && strides[last] != t as isize {
                return Err(Error::ViewAs {
                    from: t,
                    to: u,
                    why: "the last axis must be contiguous",
                });
            }
            if u == 0 || !bytes.is_multiple_of(u) {
                return Err(Error::ViewAs {
                    from: t,
                    to: u,
                    why: "the last axis's bytes are not a multiple of the new size",
                });
            }
            shape[last] = bytes / u;
            strides[last] = u as isize;
        }
        let raw = self.raw.cast::<U>();
        let raw = RawView::from_parts(raw.ptr, shape, strides, raw.base, raw.bytes);
        if !raw.shape.contains(&0) && !raw.is_aligned() {
            return Err(Error::Unaligned {
                align: std::mem::align_of::<U>(),
            });
        }
        Ok(raw)
    }

    /// Length of each axis.
    pub fn shape(&self) -> &[usize] {
        &self.raw.shape
    }

    /// Byte stride of each axis (NumPy's `strides`).
    pub fn strides(&self) -> &[isize] {
        &self.raw.strides
    }

    /// Number of axes.
    pub fn ndim(&self) -> usize {
        self.raw.shape.len()
    }

    /// Number of elements.
    #[inline]
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Address of element `[0, 0, …]` (for an empty array: where it would be).
    pub fn as_ptr(&self) -> *const T {
        self.raw.ptr.cast_const().cast()
    }

    /// NumPy's `C_CONTIGUOUS` (axes of length 1 do not matter).
    pub fn is_c_contiguous(&self) -> bool {
        self.raw.is_contiguous(Order::C)
    }

    /// NumPy's `F_CONTIGUOUS` (axes of length 1 do not matter).
    pub fn is_f_contiguous(&self) -> bool {
        self.raw.is_contiguous(Order::F)
    }

    /// NumPy's `ALIGNED`: every element sits at a multiple of `T`'s alignment.
    pub fn is_aligned(&self) -> bool {
        self.raw.is_aligned()
    }

    /// The element at `index` (one entry per axis), or `None` if out of range.
    pub fn get(&self, index: &[usize]) -> Option<T> {
        let p = self.raw.element(index)?;
        // SAFETY: a valid index reaches an element inside the borrowed buffer.
        Some(unsafe { p.cast::<T>().read_unaligned() })
    }

    /// Writes `value` at `index`; an index out of range is an error.
    pub fn set(&mut self, index: &[usize], value: T) -> Result<()> {
        let p = self.raw.element(index).ok_or_else(|| Error::BadIndex {
            index: index.to_vec(),
            shape: self.raw.shape.to_vec(),
        })?;
        // SAFETY: a valid index reaches an element of the exclusively borrowed
        // buffer (only the writable types dereference mutably).
        unsafe { p.cast::<T>().write_unaligned(value) };
        Ok(())
    }

    /// The elements as a slice, if they are C-contiguous and aligned.
    pub fn as_slice(&self) -> Option<&[T]> {
        self.view().as_slice()
    }

    /// The elements as a mutable slice, if they are C-contiguous and aligned.
    pub fn as_slice_mut(&mut self) -> Option<&mut [T]> {
        // Through the view's own pointer: re-borrowing an owner's buffer
        // mutably would invalidate that pointer for later accesses.
        self.view_mut().into_slice_mut()
    }

    /// Basic slicing (see [`s!`](crate::s)): ranges with steps, integer
    /// indices that drop an axis, new axes. No copy.
    ///
    /// ```
    /// use stridekit::{s, Array};
    /// let m = Array::from_shape_fn(&[3, 4], |i| (i[0] * 4 + i[1]) as f32)?;
    /// let v = m.slice(s![1, ..;-2])?; // m[1, ::-2]: row 1 backwards, every other element
    /// assert_eq!(v.to_vec(), vec![7.0, 5.0]);
    /// assert_eq!(v.strides(), &[-8]);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn slice(&self, args: impl AsRef<[SliceArg]>) -> Result<ArrayView<'_, T>> {
        self.view().slice(args)
    }

    /// The sub-view at position `index` of `axis` (that axis is dropped).
    pub fn index_axis(&self, axis: impl Axis, index: isize) -> Result<ArrayView<'_, T>> {
        self.view().index_axis(axis, index)
    }

    /// All axes reversed (NumPy's `.T`).
    pub fn t(&self) -> ArrayView<'_, T> {
        self.view().t()
    }

    /// New axis `k` is old axis `axes[k]`.
    pub fn permute_axes<A: Axis>(&self, axes: &[A]) -> Result<ArrayView<'_, T>> {
        self.view().permute_axes(axes)
    }

    /// Exchanges two axes.
    pub fn swap_axes<A: Axis>(&self, a: A, b: A) -> Result<ArrayView<'_, T>> {
        self.view().swap_axes(a, b)
    }

    /// Reverses one axis (negative stride).
    pub fn flip(&self, axis: impl Axis) -> Result<ArrayView<'_, T>> {
        self.view().flip(axis)
    }

    /// C-order reshape without a copy; an error if the strides do not allow it
    /// (then [`reshape_copy`](Self::reshape_copy) copies).
    ///
    /// ```
    /// use stridekit::Array;
    /// let a = Array::from_shape_fn(&[6], |i| i[0] as f32)?;
    /// let m = a.reshape(&[2, -1])?; // a.reshape(2, -1): shape (2, 3), same buffer
    /// assert_eq!(m.shape(), &[2, 3]);
    /// assert!(m.t().reshape(&[6]).is_err()); // a transpose cannot be flattened without a copy
    /// assert_eq!(m.t().reshape_copy(&[6])?.to_vec(), vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn reshape<D: Dim>(&self, shape: &[D]) -> Result<ArrayView<'_, T>> {
        self.view().reshape(shape)
    }

    /// Reshape without a copy, reading and writing indices in `order`.
    pub fn reshape_with_order<D: Dim>(
        &self,
        shape: &[D],
        order: Order,
    ) -> Result<ArrayView<'_, T>> {
        self.view().reshape_with_order(shape, order)
    }

    /// A read-only view broadcast to `shape` (stride 0 on stretched axes).
    ///
    /// ```
    /// use stridekit::Array;
    /// let row = Array::from_slice(&[1.0f64, 2.0, 3.0], &[3])?;
    /// let b = row.broadcast_to(&[2, 3])?; // np.broadcast_to(row, (2, 3))
    /// assert_eq!(b.strides(), &[0, 8]);
    /// assert_eq!(b.to_vec(), vec![1.0, 2.0, 3.0, 1.0, 2.0, 3.0]);
    /// assert!(row.broadcast_to(&[2, 4]).is_err());
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<ArrayView<'_, T>> {
        self.view().broadcast_to(shape)
    }

    /// NumPy's `sliding_window_view`: windows of `window[k]` along `axes[k]`
    /// (`None`: one entry per axis); window axes are appended. Read-only.
    ///
    /// ```
    /// use stridekit::Array;
    /// let x = Array::from_shape_fn(&[5], |i| i[0] as f32)?;
    /// let w = x.sliding_window_view(&[3], None)?; // sliding_window_view(x, 3)
    /// assert_eq!(w.shape(), &[3, 3]);
    /// assert_eq!(w.slice(stridekit::s![2, ..])?.to_vec(), vec![2.0, 3.0, 4.0]);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn sliding_window_view(
        &self,
        window: &[usize],
        axes: Option<&[isize]>,
    ) -> Result<ArrayView<'_, T>> {
        self.view().sliding_window_view(window, axes)
    }

    /// The checked `as_strided`: any shape and byte strides from element 0,
    /// as long as every reachable element lies inside the buffer and is
    /// aligned. Zero and negative strides are fine (read-only).
    pub fn as_strided(&self, shape: &[usize], strides: &[isize]) -> Result<ArrayView<'_, T>> {
        self.view().as_strided(shape, strides)
    }

    /// Every axis of length 1 removed (NumPy's `squeeze()`).
    pub fn squeeze(&self) -> ArrayView<'_, T> {
        self.view().squeeze()
    }

    /// Axis `axis`, of length 1, removed (NumPy's `squeeze(axis=…)`).
    pub fn squeeze_axis(&self, axis: impl Axis) -> Result<ArrayView<'_, T>> {
        self.view().squeeze_axis(axis)
    }

    /// A new axis of length 1 at position `axis` of the result (NumPy's
    /// `expand_dims`; `-1` appends one).
    pub fn expand_dims(&self, axis: impl Axis) -> Result<ArrayView<'_, T>> {
        self.view().expand_dims(axis)
    }

    /// Writable basic slicing (see [`slice`](Self::slice)).
    pub fn slice_mut(&mut self, args: impl AsRef<[SliceArg]>) -> Result<ArrayViewMut<'_, T>> {
        self.view_mut().slice_mut(args)
    }

    /// Writable [`index_axis`](Self::index_axis).
    pub fn index_axis_mut(&mut self, axis: impl Axis, index: isize) -> Result<ArrayViewMut<'_, T>> {
        self.view_mut().index_axis_mut(axis, index)
    }

    /// Writable transpose (all axes reversed).
    pub fn t_mut(&mut self) -> ArrayViewMut<'_, T> {
        self.view_mut().t_mut()
    }

    /// Writable [`permute_axes`](Self::permute_axes).
    pub fn permute_axes_mut<A: Axis>(&mut self, axes: &[A]) -> Result<ArrayViewMut<'_, T>> {
        self.view_mut().permute_axes_mut(axes)
    }

    /// Writable [`swap_axes`](Self::swap_axes).
    pub fn swap_axes_mut<A: Axis>(&mut self, a: A, b: A) -> Result<ArrayViewMut<'_, T>> {
        self.view_mut().swap_axes_mut(a, b)
    }

    /// Writable [`flip`](Self::flip).
    pub fn flip_mut(&mut self, axis: impl Axis) -> Result<ArrayViewMut<'_, T>> {
        self.view_mut().flip_mut(axis)
    }

    /// Writable no-copy reshape (C order).
    pub fn reshape_mut<D: Dim>(&mut self, shape: &[D]) -> Result<ArrayViewMut<'_, T>> {
        self.view_mut().reshape_mut(shape)
    }

    /// The checked writable `as_strided`: in bounds, aligned, no zero stride
    /// on an axis longer than 1, and no two indices reaching the same element.
    pub fn as_strided_mut(
        &mut self,
        shape: &[usize],
        strides: &[isize],
    ) -> Result<ArrayViewMut<'_, T>> {
        self.view_mut().as_strided_mut(shape, strides)
    }
}

impl<T: Pod> crate::view::AsView<T> for ArrayRef<T> {
    fn as_view(&self) -> ArrayView<'_, T> {
        self.view()
    }
    fn as_array_ref(&self) -> crate::view::ViewRef<'_, T> {
        crate::view::ViewRef::Ref(self)
    }
}

impl<T: Pod> crate::view::AsViewMut<T> for ArrayRef<T> {
    fn as_view_mut(&mut self) -> ArrayViewMut<'_, T> {
        self.view_mut()
    }
    fn as_array_mut(&mut self) -> crate::view::ViewRefMut<'_, T> {
        crate::view::ViewRefMut::Ref(self)
    }
}

impl<T: Pod + std::fmt::Debug> std::fmt::Debug for ArrayRef<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::view::debug_array("ArrayRef", self, f)
    }
}

/// `retyped`'s invariant: `U` is `T` (checked by size and alignment, which
/// is all the reinterpretation relies on).
fn assert_same_type<T, U>() {
    assert!(
        std::mem::size_of::<T>() == std::mem::size_of::<U>()
            && std::mem::align_of::<T>() == std::mem::align_of::<U>(),
        "retyped between types of different layout"
    );
}

#[cfg(test)]
mod tests {
    use crate::{s, Array};

    #[test]
    fn every_array_type_reaches_the_shared_methods() {
        let mut a = Array::from_shape_fn(&[2, 3], |i| (i[0] * 3 + i[1]) as f64).unwrap();
        assert_eq!(a.shape(), &[2, 3]);
        assert_eq!(a.view().slice(s![.., 1]).unwrap().to_vec(), vec![1.0, 4.0]);
        let mut m = a.view_mut();
        m.set(&[1, 2], 50.0).unwrap();
        assert_eq!(m.get(&[1, 2]), Some(50.0));
        assert_eq!(m.t().shape(), &[3, 2]);
        a.slice_mut(s![0, ..]).unwrap().fill(7.0);
        assert_eq!(a.to_vec(), vec![7.0, 7.0, 7.0, 3.0, 4.0, 50.0]);
        assert!(a.set(&[2, 0], 1.0).is_err());
    }
}
