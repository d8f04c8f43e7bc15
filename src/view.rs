//! The array types: [`Array`] owns a 64-byte aligned buffer; [`ArrayView`] and
//! [`ArrayViewMut`] borrow one, seen through a shape and byte strides.
//!
//! Every view operation (slicing, permuting, reshaping, broadcasting,
//! sliding windows, `as_strided`) returns a view over the same buffer: no
//! element is copied. Methods that copy say so in their names (`to_owned`,
//! `to_contiguous`, `reshape_copy`).
//!
//! Writability rules, enforced by the types: a broadcast (stride 0) or
//! sliding-window view is only ever an `ArrayView`; `as_strided_mut` rejects
//! zero strides and any layout in which two indices reach the same element.
//! A mutable view is never split into two mutable views, so a mutable view is
//! the only live way into its buffer.

use crate::array_ref::ArrayRef;
use crate::axis::{Axis, Dim};
use crate::buffer::AlignedBuf;
use crate::error::{Error, Result};
use crate::layout::{self, Order, SliceArg};
use crate::raw::RawView;
use bytemuck::Pod;
use std::marker::PhantomData;
use std::mem::size_of;

/// An owned N-d array over a 64-byte aligned buffer.
pub struct Array<T> {
    buf: AlignedBuf<T>,
    pub(crate) raw: RawView<T>,
}

/// A read-only view: shape, byte strides (negative or zero allowed) and a
/// borrow of the buffer.
pub struct ArrayView<'a, T> {
    pub(crate) raw: RawView<T>,
    _borrow: PhantomData<&'a [T]>,
}

/// A writable view: no zero strides, no two indices at the same element.
pub struct ArrayViewMut<'a, T> {
    pub(crate) raw: RawView<T>,
    _borrow: PhantomData<&'a mut [T]>,
}

// SAFETY: an `ArrayView` is a shared borrow of `T`s (like `&[T]`).
unsafe impl<T: Sync> Send for ArrayView<'_, T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for ArrayView<'_, T> {}
// SAFETY: an `ArrayViewMut` is an exclusive borrow of `T`s (like `&mut [T]`).
unsafe impl<T: Send> Send for ArrayViewMut<'_, T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for ArrayViewMut<'_, T> {}
// SAFETY: `Array` owns its buffer; the raw pointers point into it.
unsafe impl<T: Send> Send for Array<T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for Array<T> {}

impl<T> Clone for ArrayView<'_, T> {
    fn clone(&self) -> Self {
        ArrayView {
            raw: self.raw.clone(),
            _borrow: PhantomData,
        }
    }
}

fn check_len(shape: &[usize], len: usize, elem: usize) -> Result<()> {
    let expected = layout::checked_size(shape, elem)?;
    if expected != len {
        return Err(Error::DataLength {
            shape: shape.to_vec(),
            expected,
            found: len,
        });
    }
    Ok(())
}

impl<'a, T: Pod> ArrayView<'a, T> {
    pub(crate) fn from_raw(raw: RawView<T>) -> Self {
        ArrayView {
            raw,
            _borrow: PhantomData,
        }
    }

    /// A C-order view of `data` with `shape`.
    pub fn from_slice(data: &'a [T], shape: &[usize]) -> Result<Self> {
        Self::from_slice_with_order(data, shape, Order::C)
    }

    /// A view of `data` with `shape`, laid out in `order`.
    pub fn from_slice_with_order(data: &'a [T], shape: &[usize], order: Order) -> Result<Self> {
        check_len(shape, data.len(), size_of::<T>())?;
        let base = data.as_ptr().cast_mut();
        Ok(Self::from_raw(RawView::dense(
            base,
            data.len(),
            shape,
            order,
        )))
    }

    /// This view again (a cheap clone: every array type has `view()`).
    pub fn view(&self) -> ArrayView<'a, T> {
        self.clone()
    }

    /// A view of memory that stridekit does not own, from its parts: the
    /// address of element `[0, 0, …]`, the shape and byte strides (any sign,
    /// zero allowed) — NumPy's `__array_interface__`. Shape and stride
    /// arithmetic is checked (an overflow is an error), alignment too.
    ///
    /// # Safety
    /// Every element the shape and strides reach from `ptr` must be
    /// readable as a `T` for `'a`, and nothing may write to them while the
    /// view (or any view made from it) lives.
    pub unsafe fn from_raw_parts(
        ptr: *const T,
        shape: &[usize],
        strides: &[isize],
    ) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(RawView::from_foreign(
            ptr.cast_mut(),
            shape,
            strides,
            false,
        )?))
    }

    /// A 0-d view of one value.
    pub fn scalar(value: &'a T) -> Self {
        Self::from_raw(RawView::dense(
            (value as *const T).cast_mut(),
            1,
            crate::layout::Shape::new(),
            Order::C,
        ))
    }

    /// The elements as a slice, if they are C-contiguous and aligned.
    pub fn as_slice(&self) -> Option<&'a [T]> {
        if !(self.is_c_contiguous() && self.is_aligned()) {
            return None;
        }
        if self.is_empty() {
            return Some(&[]);
        }
        // SAFETY: C-contiguous and non-empty: `len` consecutive aligned elements
        // from element 0, all inside the buffer borrowed for 'a.
        Some(unsafe { std::slice::from_raw_parts(self.as_ptr(), self.len()) })
    }

    /// Basic slicing (see [`s!`](crate::s)): ranges with steps, integer
    /// indices that drop an axis, new axes. No copy.
    pub fn slice(&self, args: impl AsRef<[SliceArg]>) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(self.raw.slice(args.as_ref())?))
    }

    /// The sub-view at position `index` of `axis` (that axis is dropped).
    pub fn index_axis(&self, axis: impl Axis, index: isize) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(self.raw.index_axis(axis, index)?))
    }

    /// All axes reversed (NumPy's `.T`).
    pub fn t(&self) -> ArrayView<'a, T> {
        Self::from_raw(self.raw.reversed_axes())
    }

    /// New axis `k` is old axis `axes[k]`.
    pub fn permute_axes<A: Axis>(&self, axes: &[A]) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(self.raw.permute(axes)?))
    }

    /// Exchanges two axes.
    pub fn swap_axes<A: Axis>(&self, a: A, b: A) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(self.raw.swap_axes(a, b)?))
    }

    /// Reverses one axis (negative stride).
    pub fn flip(&self, axis: impl Axis) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(self.raw.flip(axis)?))
    }

    /// C-order reshape without a copy (one length may be `-1`: inferred); an
    /// error if the strides do not allow it (then
    /// [`reshape_copy`](crate::ArrayRef::reshape_copy) copies).
    pub fn reshape<D: Dim>(&self, shape: &[D]) -> Result<ArrayView<'a, T>> {
        self.reshape_with_order(shape, Order::C)
    }

    /// Reshape without a copy, reading and writing indices in `order`.
    pub fn reshape_with_order<D: Dim>(
        &self,
        shape: &[D],
        order: Order,
    ) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(self.raw.reshape(shape, order)?))
    }

    /// A read-only view broadcast to `shape` (stride 0 on stretched axes).
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(self.raw.broadcast_to(shape)?))
    }

    /// NumPy's `sliding_window_view`: windows of `window[k]` along `axes[k]`
    /// (`None`: one entry per axis; negative axes count from the end);
    /// window axes are appended. Read-only.
    pub fn sliding_window_view(
        &self,
        window: &[usize],
        axes: Option<&[isize]>,
    ) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(self.raw.sliding_windows(window, axes)?))
    }

    /// Every axis of length 1 removed (NumPy's `squeeze()`).
    pub fn squeeze(&self) -> ArrayView<'a, T> {
        Self::from_raw(self.raw.squeeze())
    }

    /// Axis `axis`, of length 1, removed (NumPy's `squeeze(axis=…)`).
    pub fn squeeze_axis(&self, axis: impl Axis) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(self.raw.squeeze_axis(axis)?))
    }

    /// A new axis of length 1 at position `axis` of the result (NumPy's
    /// `expand_dims`; `-1` appends one).
    pub fn expand_dims(&self, axis: impl Axis) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(self.raw.expand_dims(axis)?))
    }

    /// The checked `as_strided`: any shape and byte strides from this view's
    /// element 0, as long as every reachable element lies inside the buffer
    /// this view borrows and is aligned. Zero and negative strides are fine
    /// (read-only).
    pub fn as_strided(&self, shape: &[usize], strides: &[isize]) -> Result<ArrayView<'a, T>> {
        Ok(Self::from_raw(self.raw.as_strided(shape, strides, false)?))
    }
}

impl<'a, T: Pod> ArrayViewMut<'a, T> {
    pub(crate) fn from_raw(raw: RawView<T>) -> Self {
        ArrayViewMut {
            raw,
            _borrow: PhantomData,
        }
    }

    /// The writable form of [`ArrayView::from_raw_parts`]: the layout is
    /// also checked to reach no element twice and to have no zero stride.
    ///
    /// # Safety
    /// Every reachable element must be readable and writable as a `T` for
    /// `'a`, and nothing else may read or write them while the view lives.
    pub unsafe fn from_raw_parts_mut(
        ptr: *mut T,
        shape: &[usize],
        strides: &[isize],
    ) -> Result<ArrayViewMut<'a, T>> {
        Ok(Self::from_raw(RawView::from_foreign(
            ptr, shape, strides, true,
        )?))
    }

    /// A C-order writable view of `data` with `shape`.
    pub fn from_slice(data: &'a mut [T], shape: &[usize]) -> Result<Self> {
        Self::from_slice_with_order(data, shape, Order::C)
    }

    /// A writable view of `data` with `shape`, laid out in `order`.
    pub fn from_slice_with_order(data: &'a mut [T], shape: &[usize], order: Order) -> Result<Self> {
        check_len(shape, data.len(), size_of::<T>())?;
        let len = data.len();
        Ok(Self::from_raw(RawView::dense(
            data.as_mut_ptr(),
            len,
            shape,
            order,
        )))
    }

    /// [`as_slice_mut`](crate::ArrayRef::as_slice_mut), keeping the view's lifetime.
    pub fn into_slice_mut(self) -> Option<&'a mut [T]> {
        let v = self.view();
        if !(v.is_c_contiguous() && v.is_aligned()) {
            return None;
        }
        let (p, n) = (self.raw.ptr.cast::<T>(), v.len());
        if n == 0 {
            return Some(&mut []);
        }
        // SAFETY: C-contiguous, aligned, inside the exclusively borrowed buffer.
        Some(unsafe { std::slice::from_raw_parts_mut(p, n) })
    }

    /// Writable basic slicing (see [`ArrayView::slice`]).
    pub fn slice_mut(self, args: impl AsRef<[SliceArg]>) -> Result<ArrayViewMut<'a, T>> {
        Ok(Self::from_raw(self.raw.slice(args.as_ref())?))
    }

    /// Writable [`ArrayView::index_axis`].
    pub fn index_axis_mut(self, axis: impl Axis, index: isize) -> Result<ArrayViewMut<'a, T>> {
        Ok(Self::from_raw(self.raw.index_axis(axis, index)?))
    }

    /// Writable transpose (all axes reversed).
    pub fn t_mut(self) -> ArrayViewMut<'a, T> {
        Self::from_raw(self.raw.reversed_axes())
    }

    /// Writable [`ArrayView::permute_axes`].
    pub fn permute_axes_mut<A: Axis>(self, axes: &[A]) -> Result<ArrayViewMut<'a, T>> {
        Ok(Self::from_raw(self.raw.permute(axes)?))
    }

    /// Writable [`ArrayView::swap_axes`].
    pub fn swap_axes_mut<A: Axis>(self, a: A, b: A) -> Result<ArrayViewMut<'a, T>> {
        Ok(Self::from_raw(self.raw.swap_axes(a, b)?))
    }

    /// Writable [`ArrayView::flip`].
    pub fn flip_mut(self, axis: impl Axis) -> Result<ArrayViewMut<'a, T>> {
        Ok(Self::from_raw(self.raw.flip(axis)?))
    }

    /// Writable no-copy reshape (C order); see [`ArrayView::reshape`].
    pub fn reshape_mut<D: Dim>(self, shape: &[D]) -> Result<ArrayViewMut<'a, T>> {
        Ok(Self::from_raw(self.raw.reshape(shape, Order::C)?))
    }

    /// The checked writable `as_strided`: in bounds, aligned, no zero stride
    /// on an axis longer than 1, and no two indices reaching the same element
    /// (an exact test).
    pub fn as_strided_mut(self, shape: &[usize], strides: &[isize]) -> Result<ArrayViewMut<'a, T>> {
        Ok(Self::from_raw(self.raw.as_strided(shape, strides, true)?))
    }
}

/// A threaded fill's parts are whole multiples of this.
const FILL_PART_BYTES: usize = 64 << 10;

impl<T: Pod> Array<T> {
    /// An array over an aligned buffer, without copying.
    pub fn from_buf(buf: AlignedBuf<T>, shape: &[usize]) -> Result<Self> {
        Self::from_buf_with_order(buf, shape, Order::C)
    }

    /// An array over an aligned buffer laid out in `order`, without copying.
    pub fn from_buf_with_order(
        mut buf: AlignedBuf<T>,
        shape: &[usize],
        order: Order,
    ) -> Result<Self> {
        check_len(shape, buf.len(), size_of::<T>())?;
        let len = buf.len();
        let raw = RawView::dense(buf.as_mut_ptr(), len, shape, order);
        Ok(Array { buf, raw })
    }

    /// An array over `buf` with axis `perm[0]` outermost … `perm[last]`
    /// innermost, dense (NumPy's stride-permuted allocation; an empty array
    /// gets zero strides, as NumPy's). `buf.len()` must be the shape's size.
    pub(crate) fn from_buf_permuted(
        mut buf: AlignedBuf<T>,
        shape: &[usize],
        perm: &[usize],
    ) -> Result<Self> {
        check_len(shape, buf.len(), size_of::<T>())?;
        let mut strides = vec![0isize; shape.len()];
        if !shape.contains(&0) {
            let mut s = size_of::<T>() as isize;
            for &k in perm.iter().rev() {
                strides[k] = s;
                s *= shape[k] as isize;
            }
        }
        let len = buf.len();
        let p = buf.as_mut_ptr().cast::<u8>();
        let raw = RawView::from_parts(p, shape, strides, p, len * size_of::<T>());
        Ok(Array { buf, raw })
    }

    /// Appends `rows` (shape `[m, rest…]`, or `rest…` for one row) along
    /// axis 0 in amortised O(1) per element: the buffer grows geometrically,
    /// stays 64-byte aligned, and the array stays C-contiguous (a non-C
    /// array is made C-contiguous first). NumPy's answer to "don't
    /// `np.append` in a loop".
    pub fn extend_rows(&mut self, rows: impl AsView<T>) -> Result<()> {
        let rows = rows.as_view();
        if self.ndim() == 0 {
            return Err(Error::Dimensions {
                op: "extend_rows",
                needs: "an axis 0 to extend",
                ndim: 0,
            });
        }
        let rest = &self.shape()[1..];
        let rows = if rows.ndim() == rest.len() {
            rows.expand_dims(0)?
        } else {
            rows
        };
        if rows.ndim() != self.ndim() || &rows.shape()[1..] != rest {
            return Err(Error::OutputShape {
                input: rows.shape().to_vec(),
                output: self.shape().to_vec(),
            });
        }
        if !(self.is_c_contiguous() && self.raw.ptr == self.buf.as_ptr().cast_mut().cast()) {
            *self = self.try_to_owned()?;
        }
        let mut shape = self.shape().to_vec();
        shape[0] = shape[0]
            .checked_add(rows.shape()[0])
            .ok_or_else(|| Error::SizeOverflow {
                shape: shape.clone(),
            })?;
        layout::check_view_size(&shape, size_of::<T>())?;
        let added = rows.try_to_owned()?;
        self.buf
            .try_extend_from_slice(added.as_slice().unwrap_or(&[]))?;
        let len = self.buf.len();
        self.raw = RawView::dense(self.buf.as_mut_ptr(), len, shape, Order::C);
        Ok(())
    }

    /// Appends one row along axis 0 (see [`extend_rows`](Self::extend_rows)).
    pub fn push_row(&mut self, row: impl AsView<T>) -> Result<()> {
        let row = row.as_view();
        if row.ndim() + 1 != self.ndim() {
            return Err(Error::OutputShape {
                input: row.shape().to_vec(),
                output: self.shape().to_vec(),
            });
        }
        self.extend_rows(row)
    }

    /// A C-order array holding a copy of `data` (copied once, into an aligned buffer).
    ///
    /// ```
    /// use stridekit::Array;
    /// let a = Array::from_slice(&[1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3])?; // np.array(...).reshape(2, 3)
    /// assert_eq!(a.get(&[1, 0]), Some(4.0));
    /// assert!(Array::from_slice(&[1.0f32, 2.0], &[3]).is_err()); // 2 elements cannot fill shape (3,)
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn from_slice(data: &[T], shape: &[usize]) -> Result<Self> {
        Self::from_slice_with_order(data, shape, Order::C)
    }

    /// An array holding a copy of `data`, read as laid out in `order`.
    pub fn from_slice_with_order(data: &[T], shape: &[usize], order: Order) -> Result<Self> {
        check_len(shape, data.len(), size_of::<T>())?;
        let mut buf = AlignedBuf::try_with_capacity(data.len())?;
        buf.extend_from_slice(data);
        Self::from_buf_with_order(buf, shape, order)
    }

    /// A C-order array from a `Vec` (copied once, into an aligned buffer).
    ///
    /// ```
    /// use stridekit::Array;
    /// let a = Array::from_vec((0..12).map(|i| i as f64).collect(), &[3, 4])?;
    /// assert_eq!(a.shape(), &[3, 4]);
    /// assert_eq!(a.get(&[2, 3]), Some(11.0));
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn from_vec(data: Vec<T>, shape: &[usize]) -> Result<Self> {
        Self::from_slice(&data, shape)
    }

    /// A C-order array of `shape` filled with `value`.
    ///
    /// A large array is filled in parts on threads: the first touch of its
    /// fresh pages (page faults, the kernel zeroing them) is most of the
    /// cost, and each core takes its own pages.
    pub fn full(shape: &[usize], value: T) -> Result<Self> {
        let size = size_of::<T>();
        let n = layout::checked_size(shape, size)?;
        let bytes = n.saturating_mul(size);
        if bytes < crate::parallel::min_bytes_elementwise() {
            return Self::from_buf(AlignedBuf::try_filled(value, n)?, shape);
        }
        let pattern = bytemuck::bytes_of(&value);
        let fill = |p: *mut T| {
            let base = crate::parallel::SharedPtr::new(p.cast_const().cast());
            let align = (FILL_PART_BYTES / size.max(1)).max(1);
            crate::parallel::for_each_part(n, bytes, align, |start, len| {
                let v: T = bytemuck::pod_read_unaligned(pattern);
                let at = base
                    .at((start * size) as isize)
                    .cast::<std::mem::MaybeUninit<T>>();
                // SAFETY: elements start .. start + len of the room for n,
                // disjoint from every other part's.
                unsafe { std::slice::from_raw_parts_mut(at, len) }
                    .fill(std::mem::MaybeUninit::new(v));
            });
        };
        // SAFETY: the parts cover 0 .. n, and each writes all of its
        // elements without reading any.
        let buf = unsafe { AlignedBuf::from_fill(n, fill) }?;
        Self::from_buf(buf, shape)
    }

    /// A C-order array of zeros.
    ///
    /// ```
    /// use stridekit::Array;
    /// let z = Array::<f32>::zeros(&[2, 3])?; // np.zeros((2, 3), dtype='f4')
    /// assert_eq!(z.len(), 6);
    /// assert!(z.iter().all(|x| x == 0.0));
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn zeros(shape: &[usize]) -> Result<Self> {
        Self::full(shape, T::zeroed())
    }

    /// A C-order array whose element at each index (C order) is `f(index)`.
    ///
    /// ```
    /// use stridekit::Array;
    /// let m = Array::from_shape_fn(&[3, 3], |i| if i[0] == i[1] { 1.0f64 } else { 0.0 })?; // np.eye(3)
    /// assert_eq!(m.get(&[1, 1]), Some(1.0));
    /// assert_eq!(m.sum()?, 3.0);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn from_shape_fn(shape: &[usize], mut f: impl FnMut(&[usize]) -> T) -> Result<Self> {
        let n = layout::checked_size(shape, size_of::<T>())?;
        let mut buf = AlignedBuf::try_with_capacity(n)?;
        let mut index = vec![0usize; shape.len()];
        for _ in 0..n {
            buf.push(f(&index));
            layout::next_c_index(&mut index, shape);
        }
        Self::from_buf(buf, shape)
    }

    /// The buffer and the layout over it (the layout's pointers stay valid:
    /// moving the buffer does not move its heap allocation).
    pub(crate) fn into_parts(self) -> (AlignedBuf<T>, RawView<T>) {
        (self.buf, self.raw)
    }

    /// The underlying buffer (in memory order, whatever the layout).
    pub fn into_buf(self) -> AlignedBuf<T> {
        self.buf
    }

    /// The underlying buffer's elements (memory order).
    pub fn buf(&self) -> &[T] {
        &self.buf
    }
}

/// Anything that can be seen as a read-only view: arrays, views, and
/// references to them.
pub trait AsView<T> {
    /// A read-only view of `self`.
    fn as_view(&self) -> ArrayView<'_, T>;

    /// `self` in the borrowed form every array type dereferences to: a
    /// borrow when `self` is an array or a view (its geometry is not
    /// copied), a fresh view otherwise. The operations take their inputs
    /// this way; implementors only need [`as_view`](AsView::as_view).
    #[doc(hidden)]
    fn as_array_ref(&self) -> ViewRef<'_, T> {
        ViewRef::View(self.as_view())
    }
}

/// Anything that can be written through: arrays, mutable views, and
/// mutable references to them.
pub trait AsViewMut<T> {
    /// A writable view of `self`.
    fn as_view_mut(&mut self) -> ArrayViewMut<'_, T>;

    /// As [`AsView::as_array_ref`], writable.
    #[doc(hidden)]
    fn as_array_mut(&mut self) -> ViewRefMut<'_, T> {
        ViewRefMut::View(self.as_view_mut())
    }
}

/// An operand as the operations see it: borrowed from an array or view, or
/// a view made for the call (see [`AsView::as_array_ref`]).
#[doc(hidden)]
pub enum ViewRef<'a, T> {
    /// The operand's own geometry.
    Ref(&'a ArrayRef<T>),
    /// A view made for the call.
    View(ArrayView<'a, T>),
}

/// A writable operand as the operations see it (see [`ViewRef`]).
#[doc(hidden)]
pub enum ViewRefMut<'a, T> {
    /// The operand's own geometry.
    Ref(&'a mut ArrayRef<T>),
    /// A view made for the call.
    View(ArrayViewMut<'a, T>),
}

impl<T> std::ops::Deref for ViewRef<'_, T> {
    type Target = ArrayRef<T>;
    fn deref(&self) -> &ArrayRef<T> {
        match self {
            ViewRef::Ref(r) => r,
            ViewRef::View(v) => v,
        }
    }
}

impl<T> std::ops::Deref for ViewRefMut<'_, T> {
    type Target = ArrayRef<T>;
    fn deref(&self) -> &ArrayRef<T> {
        match self {
            ViewRefMut::Ref(r) => r,
            ViewRefMut::View(v) => v,
        }
    }
}

impl<T> std::ops::DerefMut for ViewRefMut<'_, T> {
    fn deref_mut(&mut self) -> &mut ArrayRef<T> {
        match self {
            ViewRefMut::Ref(r) => r,
            ViewRefMut::View(v) => v,
        }
    }
}

impl<T: Pod> AsView<T> for ViewRef<'_, T> {
    fn as_view(&self) -> ArrayView<'_, T> {
        (**self).view()
    }
    fn as_array_ref(&self) -> ViewRef<'_, T> {
        ViewRef::Ref(self)
    }
}
impl<T: Pod> AsViewMut<T> for ViewRefMut<'_, T> {
    fn as_view_mut(&mut self) -> ArrayViewMut<'_, T> {
        (**self).view_mut()
    }
    fn as_array_mut(&mut self) -> ViewRefMut<'_, T> {
        ViewRefMut::Ref(self)
    }
}
impl<T: Pod> AsView<T> for ViewRefMut<'_, T> {
    fn as_view(&self) -> ArrayView<'_, T> {
        (**self).view()
    }
    fn as_array_ref(&self) -> ViewRef<'_, T> {
        ViewRef::Ref(self)
    }
}
impl<T: Pod> AsView<T> for Array<T> {
    fn as_view(&self) -> ArrayView<'_, T> {
        self.view()
    }
    fn as_array_ref(&self) -> ViewRef<'_, T> {
        ViewRef::Ref(self)
    }
}
impl<T: Pod> AsView<T> for ArrayView<'_, T> {
    fn as_view(&self) -> ArrayView<'_, T> {
        self.clone()
    }
    fn as_array_ref(&self) -> ViewRef<'_, T> {
        ViewRef::Ref(self)
    }
}
impl<T: Pod> AsView<T> for ArrayViewMut<'_, T> {
    fn as_view(&self) -> ArrayView<'_, T> {
        self.view()
    }
    fn as_array_ref(&self) -> ViewRef<'_, T> {
        ViewRef::Ref(self)
    }
}
impl<T, A: AsView<T> + ?Sized> AsView<T> for &A {
    fn as_view(&self) -> ArrayView<'_, T> {
        (**self).as_view()
    }
    fn as_array_ref(&self) -> ViewRef<'_, T> {
        (**self).as_array_ref()
    }
}
impl<T, A: AsView<T> + ?Sized> AsView<T> for &mut A {
    fn as_view(&self) -> ArrayView<'_, T> {
        (**self).as_view()
    }
    fn as_array_ref(&self) -> ViewRef<'_, T> {
        (**self).as_array_ref()
    }
}
impl<T: Pod> AsViewMut<T> for Array<T> {
    fn as_view_mut(&mut self) -> ArrayViewMut<'_, T> {
        self.view_mut()
    }
    fn as_array_mut(&mut self) -> ViewRefMut<'_, T> {
        ViewRefMut::Ref(self)
    }
}
impl<T: Pod> AsViewMut<T> for ArrayViewMut<'_, T> {
    fn as_view_mut(&mut self) -> ArrayViewMut<'_, T> {
        self.view_mut()
    }
    fn as_array_mut(&mut self) -> ViewRefMut<'_, T> {
        ViewRefMut::Ref(self)
    }
}
impl<T, A: AsViewMut<T> + ?Sized> AsViewMut<T> for &mut A {
    fn as_view_mut(&mut self) -> ArrayViewMut<'_, T> {
        (**self).as_view_mut()
    }
    fn as_array_mut(&mut self) -> ViewRefMut<'_, T> {
        (**self).as_array_mut()
    }
}

/// `Debug` for every array type: shape, byte strides, element type, NumPy's
/// flags and at most six elements (the first and last three), so a large
/// array never prints megabytes.
pub(crate) fn debug_array<T: Pod + std::fmt::Debug>(
    name: &str,
    a: &crate::ArrayRef<T>,
    f: &mut std::fmt::Formatter<'_>,
) -> std::fmt::Result {
    let mut flags = Vec::new();
    if a.is_c_contiguous() {
        flags.push("C_CONTIGUOUS");
    }
    if a.is_f_contiguous() {
        flags.push("F_CONTIGUOUS");
    }
    if a.is_aligned() {
        flags.push("ALIGNED");
    }
    let n = a.len();
    let data: Vec<String> = if n <= 6 {
        a.iter().map(|x| format!("{x:?}")).collect()
    } else {
        let head = a.iter().take(3).map(|x| format!("{x:?}"));
        let tail = a.iter().skip(n - 3).map(|x| format!("{x:?}"));
        head.chain(std::iter::once("...".to_string()))
            .chain(tail)
            .collect()
    };
    let elem = std::any::type_name::<T>();
    f.debug_struct(name)
        .field("shape", &a.shape())
        .field("strides", &a.strides())
        .field("dtype", &elem.rsplit("::").next().unwrap_or(elem))
        .field("flags", &flags.join(" | "))
        .field("len", &n)
        .field("data", &format_args!("[{}]", data.join(", ")))
        .finish()
}

impl<T: Pod + std::fmt::Debug> std::fmt::Debug for ArrayView<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        debug_array("ArrayView", self, f)
    }
}

impl<T: Pod + std::fmt::Debug> std::fmt::Debug for Array<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        debug_array("Array", self, f)
    }
}

impl<T: Pod + std::fmt::Debug> std::fmt::Debug for ArrayViewMut<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        debug_array("ArrayViewMut", self, f)
    }
}

impl<T: Pod> Clone for Array<T> {
    fn clone(&self) -> Self {
        self.view().to_owned()
    }
}
