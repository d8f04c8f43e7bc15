//! Data movement on arrays and views: conversions (`astype`, `try_astype`),
//! byte swaps, reinterpreting raw bytes (`from_bytes`), and indexed copies
//! (`take`, `take_flat`, `put`). Every walk goes through the iteration
//! engine, which hands the kernels the longest runs the layouts allow.

use crate::array_ref::ArrayRef;
use crate::axis::Axis;
use crate::buffer::AlignedBuf;
use crate::dtype::ByteOrder;
use crate::error::{Error, Result};
use crate::iter::{for_each_line_pair, for_each_run};
use crate::kernels::{self, active_isa, Cast, Element, Index};
use crate::layout::{self, Order};
use crate::parallel::{self, SharedPtr};
use crate::raw::RawView;
use crate::split::{SharedIn, SharedOut};
use crate::view::{Array, ArrayView, ArrayViewMut, AsViewMut};
use bytemuck::Pod;
use std::mem::size_of;

/// Either a zero-copy view or an owned array (when a copy was needed).
#[derive(Debug)]
pub enum CowArray<'a, T: Pod> {
    /// The data as it was: no copy was made.
    Borrowed(ArrayView<'a, T>),
    /// A converted (or realigned) copy.
    Owned(Array<T>),
}

impl<T: Pod> CowArray<'_, T> {
    /// A view of the data, whichever form it has.
    pub fn view(&self) -> ArrayView<'_, T> {
        match self {
            CowArray::Borrowed(v) => v.view(),
            CowArray::Owned(a) => a.view(),
        }
    }

    /// Whether no copy was made.
    pub fn is_borrowed(&self) -> bool {
        matches!(self, CowArray::Borrowed(_))
    }

    /// The data as an owned array (copies a borrowed view).
    pub fn into_owned(self) -> Array<T> {
        match self {
            CowArray::Borrowed(v) => v.to_owned(),
            CowArray::Owned(a) => a,
        }
    }
}

/// The order NumPy's `order='K'` picks for a new array like `src`, for these
/// two cases: F when `src` is F- but not C-contiguous, else C.
fn order_like<T>(src: &RawView<T>) -> Order {
    if src.is_contiguous(Order::F) && !src.is_contiguous(Order::C) {
        Order::F
    } else {
        Order::C
    }
}

/// A new array shaped like `src` (in [`order_like`]) whose elements are all
/// written by `write(n, dst, dst_stride, src, src_stride)` over the runs of
/// the pair. The buffer is not zero-filled first: one pass over fresh memory
/// instead of two. `write` must write every element of every run it gets.
///
/// A run spanning [`parallel::min_bytes`] or more is cut into parts written
/// on [`parallel::threads`] threads: the writes are element by element, so
/// the result is the same, and the fresh pages fault in on every core (on
/// this VM, first-touching memory costs as much as the conversion).
fn written_like<T: Pod, U: Pod>(
    src: &RawView<T>,
    write: impl Fn(usize, *mut u8, isize, *mut u8, isize) + Sync,
) -> Result<Array<U>> {
    let order = order_like(src);
    let n = layout::checked_size(&src.shape, size_of::<U>())?;
    // SAFETY: the engine hands every element of the dense destination to
    // `write` exactly once, and `write` writes all of them (split or not).
    let buf = unsafe {
        AlignedBuf::from_fill(n, |p| {
            let dst = RawView::dense(p, n, src.shape.clone(), order);
            write_runs(&dst, src, &write);
        })
    }?;
    Array::from_buf_with_order(buf, &src.shape, order)
}

/// `write(n, dst, dst_stride, src, src_stride)` over the runs of `dst` and
/// `src` (same shape); a run spanning [`parallel::min_bytes`] or more is cut
/// into parts written on [`parallel::threads`] threads. `dst` must not
/// overlap `src`, nor itself.
fn write_runs<T, U>(
    dst: &RawView<U>,
    src: &RawView<T>,
    write: &(impl Fn(usize, *mut u8, isize, *mut u8, isize) + Sync),
) {
    let width = size_of::<T>().max(size_of::<U>()).max(1);
    for_each_run(dst, src, |len, d, ds, s, ss| {
        let span = len.saturating_mul(width);
        let (d0, s0) = (SharedPtr::new(d), SharedPtr::new(s));
        let parts = parallel::map_split(len, PART_BYTES / width, span, |start, n| {
            let at = start as isize;
            write(n, d0.at(at * ds), ds, s0.at(at * ss), ss);
        });
        if parts.is_none() {
            write(len, d, ds, s, ss);
        }
    });
}

/// The granule of a split element-wise run (parts are whole multiples).
const PART_BYTES: usize = 64 << 10;

/// The C-order index of the element at linear position `k`.
fn unravel(shape: &[usize], mut k: usize) -> Vec<usize> {
    let mut index = vec![0; shape.len()];
    for (axis, &len) in shape.iter().enumerate().rev() {
        index[axis] = k % len;
        k /= len;
    }
    index
}

impl<T: bytemuck::Pod> ArrayRef<T> {
    /// A new array of these elements converted to `U` (NumPy's `astype`):
    /// floats round to nearest-even, float → int truncates and saturates (NaN
    /// → 0), int → int wraps. See [`Cast`] for every rule. The result is
    /// C-order, or F-order when this view is F-contiguous.
    ///
    /// ```
    /// use stridekit::Array;
    /// let x = Array::from_slice(&[2.5f64, -1.7, 3e10, f64::NAN], &[4])?;
    /// assert_eq!(x.astype::<i32>()?.to_vec(), vec![2, -1, i32::MAX, 0]); // truncate, saturate
    /// assert_eq!(x.astype::<f32>()?.get(&[1]), Some(-1.7f32)); // nearest
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn astype<U: Element>(&self) -> Result<Array<U>>
    where
        T: Element,
        T: Cast<U>,
    {
        let isa = active_isa()?;
        written_like::<T, U>(&self.raw, |n, d, ds, s, ss| {
            // SAFETY: the engine hands in-bounds runs of both operands; the
            // output is a fresh array, so it cannot overlap the input.
            unsafe { kernels::convert_raw::<T, U>(isa, n, s, ss, d, ds) }
        })
    }

    /// [`astype`](Self::astype) into an existing view (NumPy's
    /// `np.copyto(out, a, casting='unsafe')`): `self` is broadcast to `out`'s
    /// shape, nothing is allocated, and long runs are split between threads.
    pub fn astype_into<U: Element>(&self, mut out: impl AsViewMut<U>) -> Result<()>
    where
        T: Element,
        T: Cast<U>,
    {
        let isa = active_isa()?;
        let out = out.as_view_mut();
        let src = self.raw.broadcast_to(&out.raw.shape)?; // NumPy's copyto rule
        write_runs(&out.raw, &src, &|n, d, ds, s, ss| {
            // SAFETY: in-bounds runs; `out` is exclusively borrowed, so it
            // overlaps neither the shared input nor itself.
            unsafe { kernels::convert_raw::<T, U>(isa, n, s, ss, d, ds) }
        });
        Ok(())
    }

    /// [`astype`](Self::astype), but an error instead of saturating or
    /// wrapping: the first refused element (in C index order) is named with
    /// its index and value. Conversions to float types never fail.
    pub fn try_astype<U: Element>(&self) -> Result<Array<U>>
    where
        T: Element,
        T: Cast<U>,
    {
        let isa = active_isa()?;
        let mut refused = false;
        let mut probe =
            RawView::<u8>::dense(std::ptr::null_mut(), 0, self.raw.shape.clone(), Order::C);
        probe.strides = crate::layout::Strides::filled(0, self.ndim());
        for_each_run(&probe, &self.raw, |n, _, _, s, ss| {
            // SAFETY: an in-bounds run of the input (the probe operand has
            // stride 0 everywhere and is never read).
            refused |= unsafe { kernels::check_convert_raw::<T, U>(isa, n, s, ss) }.is_some();
        });
        if refused {
            return Err(self.first_refused::<U>());
        }
        self.astype::<U>()
    }

    /// The error for the first element (C order) that `try_cast` refuses.
    #[cold]
    fn first_refused<U: Element>(&self) -> Error
    where
        T: Element,
        T: Cast<U>,
    {
        for k in 0..self.len() {
            let index = unravel(self.shape(), k);
            let value = self.get(&index).expect("in range");
            if value.try_cast().is_none() {
                return Error::Unrepresentable {
                    index,
                    value: value.to_string(),
                    from: T::NAME,
                    to: U::NAME,
                };
            }
        }
        unreachable!("a run reported a refused element")
    }
}

impl<T: Pod> ArrayRef<T> {
    /// A new array with the bytes of every element reversed (NumPy's
    /// `byteswap()`); elements of 2, 4, 8 or 16 bytes (1-byte elements are
    /// copied). Layout as [`astype`](Self::astype).
    pub fn byteswap(&self) -> Result<Array<T>> {
        let isa = active_isa()?;
        let p = self.raw.ptr;
        // SAFETY: an empty run touches no memory; this checks the element
        // width, the only way a swap can fail, before any output exists.
        unsafe { kernels::byteswap_raw::<T>(isa, 0, p, 0, p, 0)? };
        written_like::<T, T>(&self.raw, |n, d, ds, s, ss| {
            // SAFETY: in-bounds runs; the output is fresh (disjoint); the
            // width was accepted above, so every run is written.
            let done = unsafe { kernels::byteswap_raw::<T>(isa, n, s, ss, d, ds) };
            assert!(done.is_ok(), "the element width was accepted above");
        })
    }

    /// [`byteswap`](Self::byteswap) into an existing view: `self` is
    /// broadcast to `out`'s shape, nothing is allocated (no page of a fresh
    /// output to fault in), and long runs are split between threads.
    pub fn byteswap_into(&self, mut out: impl AsViewMut<T>) -> Result<()> {
        let isa = active_isa()?;
        let p = self.raw.ptr;
        // SAFETY: an empty run touches no memory; this checks the element
        // width, the only way a swap can fail, before anything is written.
        unsafe { kernels::byteswap_raw::<T>(isa, 0, p, 0, p, 0)? };
        let out = out.as_view_mut();
        let src = self.raw.broadcast_to(&out.raw.shape)?; // NumPy's copyto rule
        write_runs(&out.raw, &src, &|n, d, ds, s, ss| {
            // SAFETY: in-bounds runs; `out` is exclusively borrowed (disjoint
            // from the input and from itself); the width was accepted above.
            let done = unsafe { kernels::byteswap_raw::<T>(isa, n, s, ss, d, ds) };
            assert!(done.is_ok(), "the element width was accepted above");
        });
        Ok(())
    }

    /// `indices.len()` slices along `axis`, gathered into a new C-order array
    /// (NumPy's `take(indices, axis)`): negative indices count from the end,
    /// and an out-of-range index is an error naming it and its position.
    ///
    /// ```
    /// use stridekit::Array;
    /// let m = Array::from_shape_fn(&[3, 2], |i| (i[0] * 2 + i[1]) as f32)?;
    /// let picked = m.take(0, &[2i64, 0, -1])?; // np.take(m, [2, 0, -1], axis=0)
    /// assert_eq!(picked.to_vec(), vec![4.0, 5.0, 0.0, 1.0, 4.0, 5.0]);
    /// assert!(m.take(1, &[2usize]).is_err()); // axis 1 has length 2
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn take<I: Index>(&self, axis: impl Axis, indices: &[I]) -> Result<Array<T>> {
        let axis = crate::axis::resolve(axis, self.ndim())?;
        self.take_at(axis, indices)
    }

    fn take_at<I: Index>(&self, axis: usize, indices: &[I]) -> Result<Array<T>> {
        layout::check_axis(axis, self.ndim())?;
        let isa = active_isa()?;
        let len = self.shape()[axis];
        kernels::check_indices_on(Some(isa), indices, len)?;
        let mut shape = self.shape().to_vec();
        shape[axis] = indices.len();
        let mut out = Array::<T>::zeros(&shape)?;
        let src = SharedIn::new(self);
        let bytes = out.len().saturating_mul(size_of::<T>());
        let dst = SharedOut::new(&mut out);
        // Pieces of the output along `axis` (runs of the indices), on
        // threads for a large output: each element is one copy.
        let parts = parallel::for_each_part(indices.len(), bytes, 1, |start, n| {
            // SAFETY: the parts are disjoint runs of `axis` of the fresh
            // output, which this call holds exclusively.
            let piece = unsafe { dst.range(axis, start, n) };
            take_piece(isa, &src.view(), axis, &indices[start..start + n], piece)
        });
        parts.into_iter().try_for_each(|r| r)?;
        Ok(out)
    }

    /// Elements at flat (C-order) `indices`, as a new 1-D array (NumPy's
    /// `take(indices)` with no axis).
    pub fn take_flat<I: Index>(&self, indices: &[I]) -> Result<Array<T>> {
        let mut out = Array::<T>::zeros(&[indices.len()])?;
        let dst = out.as_slice_mut().expect("a new array is contiguous");
        match self.as_slice() {
            Some(data) => take_slice(data, indices, dst)?,
            None => {
                let flat = self.reshape(&[self.len()]);
                match flat {
                    Ok(flat) => return flat.take(0, indices),
                    Err(_) => {
                        let copy = self.to_owned();
                        kernels::take(copy.as_slice().expect("contiguous"), indices, dst)?;
                    }
                }
            }
        }
        Ok(out)
    }
}

/// `out[k] = data[indices[k]]`; a large output is cut into runs of the
/// indices, gathered on threads (each element is one copy).
fn take_slice<T: Pod, I: Index>(data: &[T], indices: &[I], out: &mut [T]) -> Result<()> {
    let isa = active_isa()?;
    let e = size_of::<T>();
    let bytes = out.len().saturating_mul(e);
    if bytes < parallel::min_bytes_elementwise() || parallel::threads() < 2 {
        return Ok(kernels::take_on(Some(isa), data, indices, out)?);
    }
    kernels::KernelError::same_len("indices", out.len(), indices.len())?;
    // Checked once for the whole call, so an error names its position.
    kernels::check_indices_on(Some(isa), indices, data.len())?;
    let base = SharedPtr::new(out.as_mut_ptr().cast_const().cast());
    let (from, data_len) = (SharedPtr::new(data.as_ptr().cast()), data.len());
    let parts = parallel::for_each_part(indices.len(), bytes, 1, |start, n| {
        // SAFETY: the parts are disjoint runs of `out`; `data` is a live
        // slice distinct from it; the indices are checked.
        unsafe {
            kernels::take_raw::<T, I>(
                isa,
                from.at(0),
                data_len,
                e as isize,
                &indices[start..start + n],
                base.at((start * e) as isize),
                e as isize,
            )
        }
    });
    Ok(parts.into_iter().try_for_each(|r| r)?)
}

/// `dst` (positions of `axis` of an output) from the elements of `src` at
/// the `indices` of `axis` (checked).
fn take_piece<T: Pod, I: Index>(
    isa: kernels::Isa,
    src: &ArrayView<'_, T>,
    axis: usize,
    indices: &[I],
    mut dst: ArrayViewMut<'_, T>,
) -> Result<()> {
    let len = src.shape()[axis];
    let inner: usize = src.shape()[axis + 1..].iter().product();
    if inner >= 16 {
        // Whole sub-arrays: one engine copy per index.
        for (k, &i) in indices.iter().enumerate() {
            let from = src.index_axis(axis, i.offset(len) as isize)?;
            dst.view_mut()
                .index_axis_mut(axis, k as isize)?
                .assign(&from)?;
        }
        return Ok(());
    }
    // Short sub-arrays: one gather along `axis` per position of the other
    // axes.
    let (src_step, dst_step) = (src.raw.strides[axis], dst.raw.strides[axis]);
    for_each_line_pair(&dst.raw, &src.raw, axis, |d, s| {
        // SAFETY: `s` is the first element of a line of `len` elements along
        // `axis` of the input and `d` of a line of indices.len() along
        // `axis` of the output piece; indices are checked.
        Ok(unsafe { kernels::take_raw::<T, I>(isa, s, len, src_step, indices, d, dst_step) }?)
    })
}

impl<'a, T: Pod> ArrayView<'a, T> {
    /// A view of native-order `bytes` as `T`s with `shape` (C order), or a
    /// converted copy: no copy when `order` is this machine's and the bytes
    /// are aligned for `T`; a byte-swapped copy (SIMD) for the other order; a
    /// plain aligned copy for misaligned native data.
    pub fn from_bytes(
        bytes: &'a [u8],
        shape: &[usize],
        order: ByteOrder,
    ) -> Result<CowArray<'a, T>> {
        let expected = layout::checked_size(shape, size_of::<T>())?.checked_mul(size_of::<T>());
        if expected != Some(bytes.len()) {
            return Err(Error::ByteLength {
                shape: shape.to_vec(),
                elem: size_of::<T>(),
                found: bytes.len(),
            });
        }
        if order == ByteOrder::NATIVE {
            if let Ok(data) = bytemuck::try_cast_slice::<u8, T>(bytes) {
                return Ok(CowArray::Borrowed(ArrayView::from_slice(data, shape)?));
            }
        }
        if order != ByteOrder::NATIVE {
            // One pass: swap while copying (any alignment of `bytes`).
            let n = bytes.len() / size_of::<T>().max(1);
            let raw = RawView::dense(bytes.as_ptr().cast_mut().cast::<T>(), n, shape, Order::C);
            return Ok(CowArray::Owned(ArrayView::from_raw(raw).byteswap()?));
        }
        let mut out = Array::<T>::zeros(shape)?;
        let dst = out.as_slice_mut().expect("a new array is contiguous");
        bytemuck::cast_slice_mut::<T, u8>(dst).copy_from_slice(bytes);
        Ok(CowArray::Owned(out))
    }
}

impl<T: Pod> ArrayRef<T> {
    /// Reverses the bytes of every element in place (NumPy's
    /// `byteswap(inplace=True)`).
    pub fn byteswap_in_place(&mut self) -> Result<()> {
        let isa = active_isa()?;
        let mut result = Ok(());
        let raw = &self.raw;
        for_each_run(raw, raw, |n, d, ds, _, _| {
            if result.is_ok() {
                // SAFETY: an in-bounds run of an exclusively borrowed, writable
                // view (no element reached twice), swapped in place.
                result = unsafe { kernels::byteswap_raw::<T>(isa, n, d, ds, d, ds) };
            }
        });
        Ok(result?)
    }

    /// Writes `values` (repeated cyclically) at flat (C-order) `indices`, in
    /// order, so the last write to a position wins (NumPy's `put`). Any bad
    /// index is an error and nothing is written.
    pub fn put<I: Index>(&mut self, indices: &[I], values: &[T]) -> Result<()> {
        let isa = active_isa()?;
        let len = self.len();
        if let Some(data) = self.as_slice_mut() {
            return Ok(kernels::put_on(Some(isa), data, indices, values)?);
        }
        if values.is_empty() && !indices.is_empty() {
            return Err(kernels::KernelError::NoValues {
                indices: indices.len(),
            }
            .into());
        }
        kernels::check_indices_on(Some(isa), indices, len)?;
        for (k, &i) in indices.iter().enumerate() {
            let index = unravel(self.shape(), i.offset(len));
            self.set(&index, values[k % values.len()])?;
        }
        Ok(())
    }
}
