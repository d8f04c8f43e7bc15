//! Copies between any two layouts, through the iteration engine (which tiles
//! transposes): `assign`, `fill`, `to_owned`, `to_contiguous`, `to_vec`,
//! `reshape_copy`. These work for any `Pod` element type; contiguous runs are
//! one `memcpy`.

use crate::array_ref::ArrayRef;
use crate::error::{Error, Result};
use crate::iter::plan_for;
use crate::layout::{self, Order};
use crate::view::{Array, ArrayView, AsView};
use bytemuck::Pod;
use std::mem::size_of;

/// Copies one run of `n` elements between byte strides.
///
/// # Safety
/// `dst` must be writable and `src` readable for `n` elements at their
/// strides, and they must not overlap.
unsafe fn copy_run<T: Pod>(n: usize, dst: *mut u8, ds: isize, src: *const u8, ss: isize) {
    let e = size_of::<T>() as isize;
    if ds == e && ss == e {
        // SAFETY: both runs are dense and disjoint (caller).
        unsafe { std::ptr::copy_nonoverlapping(src, dst, n * size_of::<T>()) };
        return;
    }
    for i in 0..n as isize {
        // SAFETY: element i of each run is in bounds (caller).
        unsafe {
            let v = src.offset(i * ss).cast::<T>().read_unaligned();
            dst.offset(i * ds).cast::<T>().write_unaligned(v);
        }
    }
}

impl<T: Pod> ArrayRef<T> {
    /// Copies `src` (broadcast to this view's shape) into this view, whatever
    /// the two layouts (transposes are walked in cache tiles).
    pub fn assign(&mut self, src: impl AsView<T>) -> Result<()> {
        let src = src.as_view();
        if let Some(plan) = plan_for([&self.raw, &src.raw])? {
            plan.run::<T>(|n, p, s| {
                // SAFETY: the engine hands in-bounds runs; the output is
                // exclusively borrowed, so it cannot overlap the shared input.
                unsafe { copy_run::<T>(n, p[0], s[0], p[1], s[1]) }
            });
        }
        Ok(())
    }

    /// Sets every element to `value`.
    pub fn fill(&mut self, value: T) {
        let v = ArrayView::scalar(&value);
        self.assign(v).expect("a 0-d view broadcasts to any shape");
    }
}

impl<T: Pod> ArrayRef<T> {
    /// A new array with these elements in `order` (always copies), or
    /// [`Error::Alloc`] when memory runs out (NumPy's `MemoryError`).
    pub fn try_to_owned_with_order(&self, order: Order) -> Result<Array<T>> {
        let mut out = Array::zeros(self.shape())?;
        if order == Order::F {
            let buf = out.into_buf();
            out = Array::from_buf_with_order(buf, self.shape(), Order::F)?;
        }
        out.assign(self.view())?;
        Ok(out)
    }

    /// A new C-order array with these elements, or an allocation error.
    pub fn try_to_owned(&self) -> Result<Array<T>> {
        self.try_to_owned_with_order(Order::C)
    }

    /// The elements in C index order, or an allocation error.
    pub fn try_to_vec(&self) -> Result<Vec<T>> {
        let mut v = Vec::new();
        v.try_reserve_exact(self.len()).map_err(|_| Error::Alloc {
            elements: self.len(),
            bytes: self.len().saturating_mul(size_of::<T>()),
        })?;
        v.extend_from_slice(&self.try_to_owned()?.into_buf());
        Ok(v)
    }

    /// A new array with these elements in `order` (always copies).
    ///
    /// # Panics
    /// When memory runs out (a view's shape is always valid): use
    /// [`try_to_owned_with_order`](Self::try_to_owned_with_order) for an error.
    pub fn to_owned_with_order(&self, order: Order) -> Array<T> {
        self.try_to_owned_with_order(order)
            .unwrap_or_else(|e| panic!("to_owned: {e}"))
    }

    /// A new C-order array with these elements (always copies; panics when
    /// memory runs out — see [`try_to_owned`](Self::try_to_owned)).
    pub fn to_owned(&self) -> Array<T> {
        self.to_owned_with_order(Order::C)
    }

    /// NumPy's `ascontiguousarray`: a C-contiguous copy.
    pub fn to_contiguous(&self) -> Array<T> {
        self.to_owned()
    }

    /// The elements in C (row-major) index order (panics when memory runs
    /// out — see [`try_to_vec`](Self::try_to_vec)).
    pub fn to_vec(&self) -> Vec<T> {
        self.try_to_vec().unwrap_or_else(|e| panic!("to_vec: {e}"))
    }

    /// Reshape that copies when a view is impossible (C order).
    pub fn reshape_copy<D: crate::Dim>(&self, shape: &[D]) -> Result<Array<T>> {
        let shape = &crate::axis::resolve_shape(shape, self.len())?;
        let from_size = self.len();
        let to_size = layout::checked_size(shape, size_of::<T>())?;
        if from_size != to_size {
            return Err(Error::ReshapeSize {
                from: self.shape().to_vec(),
                to: shape.to_vec(),
                from_size,
                to_size,
            });
        }
        Array::from_buf(self.try_to_owned()?.into_buf(), shape)
    }
}

/// `to_owned` again on the types that are `Clone`: there `ToOwned::to_owned`
/// (a clone of the view or array) would be found before [`ArrayRef::to_owned`].
impl<T: Pod> ArrayView<'_, T> {
    /// A new C-order array with these elements (always copies).
    pub fn to_owned(&self) -> Array<T> {
        ArrayRef::to_owned(self)
    }
}

impl<T: Pod> Array<T> {
    /// A new C-order array with these elements (always copies).
    pub fn to_owned(&self) -> Array<T> {
        ArrayRef::to_owned(self)
    }
}
