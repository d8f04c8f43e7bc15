//! `RawView`: the lifetime-free core every view type wraps — a pointer to
//! element 0, a shape, byte strides, and the bytes of the buffer it came from
//! (so a checked `as_strided` knows what it may reach).
//!
//! Invariant: every element a `RawView` reaches lies inside `base..base+bytes`.
//! Every constructor and geometric operation here keeps it; the view types add
//! the borrow and the writability rules.

use crate::axis::{self, Axis, Dim};
use crate::error::Result;
use crate::layout::{self, Order, Shape, SliceArg, Strides};
use std::marker::PhantomData;
use std::mem::{align_of, size_of};

pub(crate) struct RawView<T> {
    pub(crate) ptr: *mut u8,
    pub(crate) shape: Shape,
    pub(crate) strides: Strides,
    pub(crate) base: *mut u8,
    pub(crate) bytes: usize,
    _t: PhantomData<*const T>,
}

impl<T> Clone for RawView<T> {
    fn clone(&self) -> Self {
        RawView {
            ptr: self.ptr,
            // Inline axes: a fixed-size copy, no allocation.
            shape: self.shape.clone(),
            strides: self.strides.clone(),
            base: self.base,
            bytes: self.bytes,
            _t: PhantomData,
        }
    }
}

impl<T> RawView<T> {
    /// A dense layout of `shape` over `len` elements at `base` (size checked
    /// by the caller to equal `len`).
    pub(crate) fn dense(base: *mut T, len: usize, shape: impl Into<Shape>, order: Order) -> Self {
        let shape = shape.into();
        let strides = layout::new_array_strides(&shape, size_of::<T>(), order);
        RawView {
            ptr: base.cast(),
            shape,
            strides,
            base: base.cast(),
            bytes: len * size_of::<T>(),
            _t: PhantomData,
        }
    }

    /// A view from its parts; the caller guarantees the invariant.
    pub(crate) fn from_parts(
        ptr: *mut u8,
        shape: impl Into<Shape>,
        strides: impl Into<Strides>,
        base: *mut u8,
        bytes: usize,
    ) -> Self {
        RawView {
            ptr,
            shape: shape.into(),
            strides: strides.into(),
            base,
            bytes,
            _t: PhantomData,
        }
    }

    /// A view of foreign memory at `ptr` (see `ArrayView::from_raw_parts`):
    /// the buffer is taken to be exactly the bytes the layout reaches, so the
    /// invariant holds by construction once the arithmetic is checked.
    pub(crate) fn from_foreign(
        ptr: *mut T,
        shape: &[usize],
        strides: &[isize],
        writable: bool,
    ) -> Result<Self> {
        let v = Self::from_foreign_items(ptr.cast(), size_of::<T>(), shape, strides, writable)?;
        if !shape.contains(&0) && !v.is_aligned() {
            return Err(crate::Error::Unaligned {
                align: align_of::<T>(),
            });
        }
        Ok(v)
    }

    /// [`from_foreign`](Self::from_foreign) for items of `itemsize` bytes
    /// (described data: the type is a runtime `DType`), with no alignment
    /// requirement. Checks the stride count, the size arithmetic and, for a
    /// writable view, that no two elements overlap.
    pub(crate) fn from_foreign_items(
        p: *mut u8,
        itemsize: usize,
        shape: &[usize],
        strides: &[isize],
        writable: bool,
    ) -> Result<Self> {
        if strides.len() != shape.len() {
            return Err(crate::Error::AxisCount {
                what: "from_raw_parts strides",
                expected: shape.len(),
                found: strides.len(),
            });
        }
        layout::check_view_size(shape, itemsize)?;
        let (lo, hi) = layout::extent(shape, strides).unwrap_or((0, 0));
        let bytes = hi - lo
            + if shape.contains(&0) {
                0
            } else {
                itemsize as i128
            };
        let bytes = usize::try_from(bytes)
            .ok()
            .filter(|&b| b <= isize::MAX as usize)
            .ok_or_else(|| crate::Error::SizeOverflow {
                shape: shape.to_vec(),
            })?;
        let base = p.wrapping_offset(lo as isize);
        if writable {
            layout::check_writable(shape, strides, itemsize)?;
        }
        Ok(RawView::from_parts(
            p,
            Shape::from_slice(shape),
            Strides::from_slice(strides),
            base,
            bytes,
        ))
    }

    /// The same geometry with elements of type `U` (the caller keeps the
    /// invariant: the `U`s must lie where the `T`s did).
    pub(crate) fn cast<U>(&self) -> RawView<U> {
        RawView::from_parts(
            self.ptr,
            self.shape.clone(),
            self.strides.clone(),
            self.base,
            self.bytes,
        )
    }

    /// The `U` at byte `offset` of every element (the caller checked that
    /// `offset + size_of::<U>() <= size_of::<T>()`).
    pub(crate) fn project<U>(&self, offset: usize) -> RawView<U> {
        let mut v = self.cast::<U>();
        v.ptr = v.ptr.wrapping_add(offset);
        v
    }

    /// The same buffer seen with another element-0 pointer, shape and strides.
    /// The caller guarantees the invariant.
    fn with(&self, delta: isize, shape: Shape, strides: Strides) -> Self {
        RawView {
            ptr: self.ptr.wrapping_offset(delta),
            shape,
            strides,
            base: self.base,
            bytes: self.bytes,
            _t: PhantomData,
        }
    }

    /// The number of elements: 0 if any length is 0, else the product (which
    /// fits, by the size rule every view upholds).
    #[inline]
    pub(crate) fn len(&self) -> usize {
        crate::layout::element_count(&self.shape)
    }

    pub(crate) fn is_contiguous(&self, order: Order) -> bool {
        layout::is_contiguous(&self.shape, &self.strides, size_of::<T>(), order)
    }

    /// Every element's address is a multiple of `align_of::<T>()`.
    pub(crate) fn is_aligned(&self) -> bool {
        let a = align_of::<T>();
        (self.ptr as usize).is_multiple_of(a)
            && self
                .shape
                .iter()
                .zip(&self.strides)
                .all(|(&n, &s)| n <= 1 || s.rem_euclid(a as isize) == 0)
    }

    /// Pointer to the element at `index`, if valid.
    pub(crate) fn element(&self, index: &[usize]) -> Option<*mut u8> {
        layout::offset_of(&self.shape, &self.strides, index).map(|o| self.ptr.wrapping_offset(o))
    }

    pub(crate) fn slice(&self, args: &[SliceArg]) -> Result<Self> {
        let (shape, strides, delta) = layout::slice(&self.shape, &self.strides, args)?;
        Ok(self.with(delta, shape, strides))
    }

    pub(crate) fn permute<A: Axis>(&self, axes: &[A]) -> Result<Self> {
        let signed: Vec<isize> = axes.iter().map(|a| a.signed()).collect();
        let (shape, strides) = layout::permute(&self.shape, &self.strides, &signed)?;
        Ok(self.with(0, shape, strides))
    }

    /// The sub-view at `index` of `axis` (dropped).
    pub(crate) fn index_axis<A: Axis>(&self, axis: A, index: isize) -> Result<Self> {
        let axis = axis::resolve(axis, self.shape.len())?;
        let mut args = vec![SliceArg::ALL; axis];
        args.push(SliceArg::Index(index));
        self.slice(&args)
    }

    /// Every axis of length 1 removed (NumPy's `squeeze()`).
    pub(crate) fn squeeze(&self) -> Self {
        let (shape, strides) = self
            .shape
            .iter()
            .zip(&self.strides)
            .filter(|(&n, _)| n != 1)
            .map(|(&n, &s)| (n, s))
            .unzip();
        self.with(0, shape, strides)
    }

    /// One axis of length 1 removed (NumPy's `squeeze(axis)`).
    pub(crate) fn squeeze_axis<A: Axis>(&self, axis: A) -> Result<Self> {
        if self.shape.is_empty() && matches!(axis.signed(), 0 | -1) {
            return Ok(self.clone()); // NumPy lets axis 0 / -1 through for 0-d
        }
        let axis = axis::resolve(axis, self.shape.len())?;
        if self.shape[axis] != 1 {
            return Err(crate::Error::SqueezeLength {
                axis,
                len: self.shape[axis],
            });
        }
        let mut v = self.clone();
        v.shape.remove(axis);
        v.strides.remove(axis);
        Ok(v)
    }

    /// A new axis of length 1 at position `axis` of the result (NumPy's
    /// `expand_dims`: `-1` appends), with NumPy's stride for it.
    pub(crate) fn expand_dims<A: Axis>(&self, axis: A) -> Result<Self> {
        let axis = axis::resolve(axis, self.shape.len() + 1)?;
        let mut shape = self.shape.clone();
        shape.insert(axis, 1);
        self.reshape(&shape, Order::C)
    }

    pub(crate) fn reversed_axes(&self) -> Self {
        let shape = self.shape.iter().rev().copied().collect();
        let strides = self.strides.iter().rev().copied().collect();
        self.with(0, shape, strides)
    }

    pub(crate) fn swap_axes<A: Axis>(&self, a: A, b: A) -> Result<Self> {
        let a = axis::resolve(a, self.shape.len())?;
        let b = axis::resolve(b, self.shape.len())?;
        let mut v = self.clone();
        v.shape.swap(a, b);
        v.strides.swap(a, b);
        Ok(v)
    }

    pub(crate) fn flip<A: Axis>(&self, axis: A) -> Result<Self> {
        let axis = axis::resolve(axis, self.shape.len())?;
        let mut v = self.clone();
        let n = v.shape[axis];
        if n > 0 && !v.shape.contains(&0) {
            v.ptr = v.ptr.wrapping_offset((n as isize - 1) * v.strides[axis]);
        }
        v.strides[axis] = v.strides[axis].wrapping_neg();
        Ok(v)
    }

    pub(crate) fn reshape<D: Dim>(&self, shape: &[D], order: Order) -> Result<Self> {
        let shape = axis::resolve_shape(shape, self.len())?;
        if shape == self.shape {
            return Ok(self.clone()); // NumPy: the same shape keeps every stride
        }
        let strides = layout::reshape(&self.shape, &self.strides, &shape, size_of::<T>(), order)?;
        layout::check_view_size(&shape, size_of::<T>())?;
        Ok(self.with(0, shape, strides))
    }

    pub(crate) fn broadcast_to(&self, shape: &[usize]) -> Result<Self> {
        let strides =
            layout::broadcast_strides(&self.shape, &self.strides, shape).ok_or_else(|| {
                crate::Error::OutputShape {
                    input: self.shape.to_vec(),
                    output: shape.to_vec(),
                }
            })?;
        layout::check_view_size(shape, size_of::<T>())?;
        Ok(self.with(0, Shape::from_slice(shape), strides))
    }

    pub(crate) fn sliding_windows(&self, window: &[usize], axes: Option<&[isize]>) -> Result<Self> {
        let axes = axes
            .map(|a| axis::resolve_all(a, self.shape.len()))
            .transpose()?;
        let (shape, strides) =
            layout::sliding_windows(&self.shape, &self.strides, window, axes.as_deref())?;
        layout::check_view_size(&shape, size_of::<T>())?;
        Ok(self.with(0, shape, strides))
    }

    /// A new shape and strides from element 0, checked against the buffer.
    pub(crate) fn as_strided(
        &self,
        shape: &[usize],
        strides: &[isize],
        writable: bool,
    ) -> Result<Self> {
        if strides.len() != shape.len() {
            return Err(crate::Error::AxisCount {
                what: "as_strided strides",
                expected: shape.len(),
                found: strides.len(),
            });
        }
        layout::check_view_size(shape, size_of::<T>())?;
        let start = self.base as i128 - self.ptr as i128;
        let end = start + self.bytes as i128;
        layout::check_as_strided(
            shape,
            strides,
            size_of::<T>(),
            align_of::<T>(),
            self.ptr as usize,
            (start, end),
        )?;
        if writable {
            layout::check_writable(shape, strides, size_of::<T>())?;
        }
        Ok(self.with(0, Shape::from_slice(shape), Strides::from_slice(strides)))
    }

    /// Lowest and highest byte addresses any element touches (`lo..hi`).
    pub(crate) fn byte_range(&self) -> Option<(usize, usize)> {
        self.item_byte_range(size_of::<T>())
    }

    /// [`byte_range`](Self::byte_range) for items of `itemsize` bytes.
    pub(crate) fn item_byte_range(&self, itemsize: usize) -> Option<(usize, usize)> {
        layout::extent(&self.shape, &self.strides).map(|(lo, hi)| {
            let p = self.ptr as i128;
            ((p + lo) as usize, (p + hi) as usize + itemsize)
        })
    }
}
