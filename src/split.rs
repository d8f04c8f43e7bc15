//! Disjoint pieces of a view, for parallel work: `split_at` / `split_at_mut`
//! along an axis, `axis_chunks` / `axis_chunks_mut`, and (feature `rayon`)
//! rayon parallel iterators over sub-views, rows and chunks.
//!
//! Every piece is a zero-copy view. The writable pieces are safe by
//! construction: a writable view never reaches one element twice, so views
//! of different index ranges along one axis share no element, and the
//! pieces borrow the parent exclusively for as long as any lives.

use crate::array_ref::ArrayRef;
use crate::axis::{resolve, Axis};
use crate::error::{Error, Result};
use crate::parallel;
use crate::raw::RawView;
use crate::view::{ArrayView, ArrayViewMut};
use std::marker::PhantomData;

/// Positions `start .. start + len` of `axis` of `raw` (in range: checked by
/// the caller).
fn range_of<T>(raw: &RawView<T>, axis: usize, start: usize, len: usize) -> RawView<T> {
    let mut shape = raw.shape.clone();
    shape[axis] = len;
    // In the view's extent: `start <= shape[axis]` and the offset of a
    // position that exists (or one past an empty range, never read).
    let ptr = raw.ptr.wrapping_offset(start as isize * raw.strides[axis]);
    RawView::from_parts(ptr, shape, raw.strides.clone(), raw.base, raw.bytes)
}

/// The two ranges `.. index` and `index ..` of `axis`.
fn halves<T>(raw: &RawView<T>, axis: impl Axis, index: usize) -> Result<[RawView<T>; 2]> {
    let axis = resolve(axis, raw.shape.len())?;
    let len = raw.shape[axis];
    if index > len {
        return Err(Error::IndexOutOfRange {
            index: index as isize,
            axis,
            len,
        });
    }
    Ok([
        range_of(raw, axis, 0, index),
        range_of(raw, axis, index, len - index),
    ])
}

/// Consecutive ranges of `size` positions of `axis` (the last may be shorter).
fn chunks<T>(
    raw: &RawView<T>,
    axis: impl Axis,
    size: usize,
) -> Result<impl Iterator<Item = RawView<T>>> {
    let axis = resolve(axis, raw.shape.len())?;
    if size == 0 {
        return Err(Error::ChunkSize { axis });
    }
    let len = raw.shape[axis];
    let raw = raw.clone();
    Ok((0..len.div_ceil(size)).map(move |k| {
        let start = k * size;
        range_of(&raw, axis, start, size.min(len - start))
    }))
}

impl<T: bytemuck::Pod> ArrayRef<T> {
    /// Positions `.. index` and `index ..` of `axis` as two views
    /// (`index` may be the axis length: the second is empty).
    pub fn split_at(
        &self,
        axis: impl Axis,
        index: usize,
    ) -> Result<(ArrayView<'_, T>, ArrayView<'_, T>)> {
        let [a, b] = halves(&self.raw, axis, index)?;
        Ok((ArrayView::from_raw(a), ArrayView::from_raw(b)))
    }

    /// [`split_at`](Self::split_at), writable: two disjoint views, both
    /// usable at once (on two threads too).
    ///
    /// ```
    /// use stridekit::Array;
    /// let mut m = Array::<f32>::zeros(&[4, 3])?;
    /// let (mut top, mut bottom) = m.split_at_mut(0, 1)?;
    /// std::thread::scope(|s| {
    ///     s.spawn(|| top.fill(1.0));
    ///     s.spawn(|| bottom.fill(2.0));
    /// });
    /// assert_eq!(m.sum()?, 3.0 + 18.0);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn split_at_mut(
        &mut self,
        axis: impl Axis,
        index: usize,
    ) -> Result<(ArrayViewMut<'_, T>, ArrayViewMut<'_, T>)> {
        let [a, b] = halves(&self.raw, axis, index)?;
        Ok((ArrayViewMut::from_raw(a), ArrayViewMut::from_raw(b)))
    }

    /// Consecutive views of `size` positions of `axis` (the last may be
    /// shorter): ndarray's `axis_chunks_iter`.
    pub fn axis_chunks(
        &self,
        axis: impl Axis,
        size: usize,
    ) -> Result<impl Iterator<Item = ArrayView<'_, T>>> {
        Ok(chunks(&self.raw, axis, size)?.map(ArrayView::from_raw))
    }

    /// [`axis_chunks`](Self::axis_chunks), writable: disjoint views.
    pub fn axis_chunks_mut(
        &mut self,
        axis: impl Axis,
        size: usize,
    ) -> Result<impl Iterator<Item = ArrayViewMut<'_, T>>> {
        Ok(chunks(&self.raw, axis, size)?.map(ArrayViewMut::from_raw))
    }
}

/// Runs `f(out_piece, in_piece)` over disjoint pieces of `out` and the
/// matching pieces of `input` (both of one shape), cut along their longest
/// axis, as tasks of the caller's pool when the call reads `work_bytes` of
/// at least [`parallel::min_bytes`] and more than one thread is
/// configured; else `f(out, input)` once, on this thread. Each output
/// element is computed by the same code as on one thread, so the result
/// has the same bits for any cut. The first error any piece returns is the
/// call's.
pub(crate) fn for_each_piece<O: bytemuck::Pod + Send, T: bytemuck::Pod + Sync>(
    out: ArrayViewMut<'_, O>,
    input: &ArrayView<'_, T>,
    work_bytes: usize,
    f: impl Fn(ArrayViewMut<'_, O>, &ArrayView<'_, T>) -> Result<()> + Sync + Send,
) -> Result<()> {
    debug_assert_eq!(out.raw.shape, input.raw.shape);
    let longest = (0..out.raw.shape.len()).max_by_key(|&a| (out.raw.shape[a], usize::MAX - a));
    let cut = longest.map(|axis| Cut {
        axis,
        align: 1,
        overlap: 0,
    });
    run_pieces(out, input, cut, work_bytes, parallel::min_bytes(), f)
}

/// Where [`run_pieces`] cuts: along `axis`, at multiples of `align`
/// positions of the output; each input piece holds `overlap` positions
/// more than its output piece (a window's reach).
#[derive(Clone, Copy)]
pub(crate) struct Cut {
    pub(crate) axis: usize,
    pub(crate) align: usize,
    pub(crate) overlap: usize,
}

/// Runs `f(out_piece, in_piece)` over the pieces of a window operation's
/// output cut along `axis` of length `m` of a view whose input has `m +
/// overlap` positions there: across the lines (the longest other axis)
/// when it has enough of them, else along `axis` at multiples of `align`
/// (the positions where the operation's blocks start, so that each piece
/// computes the bits of the whole), when the call's `work_bytes` reach
/// `min_work`; else once, on this thread.
pub(crate) fn for_each_window_piece<O: bytemuck::Pod + Send, T: bytemuck::Pod + Sync>(
    out: ArrayViewMut<'_, O>,
    input: &ArrayView<'_, T>,
    along: Cut,
    work_bytes: usize,
    min_work: usize,
    f: impl Fn(ArrayViewMut<'_, O>, &ArrayView<'_, T>) -> Result<()> + Sync + Send,
) -> Result<()> {
    let shape = &out.raw.shape;
    let across = (0..shape.len())
        .filter(|&a| a != along.axis)
        .max_by_key(|&a| (shape[a], usize::MAX - a));
    let lines = |axis| Cut {
        axis,
        align: 1,
        overlap: 0,
    };
    let cut = match across {
        Some(a) if shape[a] >= 2 * PIECES_ACROSS => lines(a),
        _ if shape[along.axis] >= 2 * along.align => along,
        Some(a) => lines(a),
        None => along,
    };
    run_pieces(out, input, Some(cut), work_bytes, min_work, f)
}

/// Lines enough that a cut across them leaves every thread of a 2-core
/// machine several pieces.
const PIECES_ACROSS: usize = 8;

fn run_pieces<O: bytemuck::Pod + Send, T: bytemuck::Pod + Sync>(
    out: ArrayViewMut<'_, O>,
    input: &ArrayView<'_, T>,
    cut: Option<Cut>,
    work_bytes: usize,
    min_work: usize,
    f: impl Fn(ArrayViewMut<'_, O>, &ArrayView<'_, T>) -> Result<()> + Sync + Send,
) -> Result<()> {
    // Sizes first: asking for the pool's size starts rayon's global pool.
    let cut = match cut {
        Some(c) if out.raw.shape[c.axis] >= 2 * c.align && work_bytes >= min_work => c,
        _ => return f(out, input),
    };
    let threads = parallel::threads();
    if threads < 2 {
        return f(out, input);
    }
    let len = out.raw.shape[cut.axis];
    let units = len / cut.align;
    let parts = threads
        .saturating_mul(parallel::PARTS_PER_THREAD)
        .min(units);
    let size = units.div_ceil(parts) * cut.align;
    let pieces: Vec<(RawView<O>, RawView<T>)> = (0..len.div_ceil(size))
        .map(|k| {
            let (start, n) = (k * size, size.min(len - k * size));
            (
                range_of(&out.raw, cut.axis, start, n),
                range_of(&input.raw, cut.axis, start, n + cut.overlap),
            )
        })
        .collect();
    // The pieces of `out` are disjoint (different index ranges of one
    // axis of a writable view) and live only inside this call, which holds
    // `out` exclusively.
    let pieces: Vec<(ArrayViewMut<'_, O>, ArrayView<'_, T>)> = pieces
        .into_iter()
        .map(|(o, i)| (ArrayViewMut::from_raw(o), ArrayView::from_raw(i)))
        .collect();
    let results = parallel::map_owned(pieces, |(o, i)| f(o, &i));
    drop(out);
    results.into_iter().collect()
}

/// A writable view shared by the tasks of one call, each of which takes its
/// own range of one axis ([`SharedOut::range`]): the pieces of a threaded
/// output.
pub(crate) struct SharedOut<'a, T> {
    raw: RawView<T>,
    _out: PhantomData<&'a mut T>,
}

// SAFETY: the wrapper moves a writable view's layout between the tasks of
// one call; `range`'s contract keeps their pieces disjoint, so each element
// is written by one task, and `T: Pod` is plain bytes (no interior
// mutability, nothing owned), so writing it from another thread is sound.
unsafe impl<T: bytemuck::Pod> Send for SharedOut<'_, T> {}
// SAFETY: as for `Send`: the shared layout itself is never mutated.
unsafe impl<T: bytemuck::Pod> Sync for SharedOut<'_, T> {}

impl<'a, T: bytemuck::Pod> SharedOut<'a, T> {
    /// Shares `out`, exclusively borrowed for as long as this lives.
    pub(crate) fn new(out: &'a mut ArrayRef<T>) -> Self {
        SharedOut {
            raw: out.raw.clone(),
            _out: PhantomData,
        }
    }

    /// Positions `start .. start + len` of `axis`, writable.
    ///
    /// # Safety
    /// The range is inside the axis, and no two live pieces overlap.
    pub(crate) unsafe fn range(
        &self,
        axis: usize,
        start: usize,
        len: usize,
    ) -> ArrayViewMut<'a, T> {
        debug_assert!(start + len <= self.raw.shape[axis]);
        ArrayViewMut::from_raw(range_of(&self.raw, axis, start, len))
    }
}

/// A view read by the tasks of one call (for element types that need not
/// be `Sync`: `T: Pod` is plain bytes, which any thread may read while no
/// one writes them).
pub(crate) struct SharedIn<'a, T> {
    raw: RawView<T>,
    _in: PhantomData<&'a T>,
}

// SAFETY: a shared borrow's layout, read-only in every task; `T: Pod` has
// no interior mutability, so concurrent reads are sound.
unsafe impl<T: bytemuck::Pod> Send for SharedIn<'_, T> {}
// SAFETY: as for `Send`.
unsafe impl<T: bytemuck::Pod> Sync for SharedIn<'_, T> {}

impl<'a, T: bytemuck::Pod> SharedIn<'a, T> {
    /// Shares `input` for reading.
    pub(crate) fn new(input: &'a ArrayRef<T>) -> Self {
        SharedIn {
            raw: input.raw.clone(),
            _in: PhantomData,
        }
    }

    /// The whole view.
    pub(crate) fn view(&self) -> ArrayView<'a, T> {
        ArrayView::from_raw(self.raw.clone())
    }
}

#[cfg(feature = "rayon")]
mod par {
    use super::*;
    use rayon::prelude::*;

    /// rayon parallel iterators over disjoint sub-views (feature `rayon`),
    /// run in the caller's pool. Each is indexed: `enumerate`, `zip` and
    /// `collect` keep the order of the sequential iterator.
    impl<T: bytemuck::Pod + Send + Sync> ArrayRef<T> {
        /// [`axis_iter_mut`](Self::axis_iter_mut) as a parallel iterator.
        pub fn par_axis_iter_mut(
            &mut self,
            axis: impl Axis,
        ) -> Result<impl IndexedParallelIterator<Item = ArrayViewMut<'_, T>>> {
            let views: Vec<_> = self.axis_iter_mut(axis)?.collect();
            Ok(views.into_par_iter())
        }

        /// [`rows_mut`](Self::rows_mut) as a parallel iterator.
        ///
        /// ```
        /// use rayon::prelude::*;
        /// use stridekit::Array;
        /// let mut m = Array::from_shape_fn(&[4, 3], |i| (i[0] * 3 + i[1]) as f64)?;
        /// m.par_rows_mut()?.for_each(|mut row| {
        ///     let total = row.sum().unwrap();
        ///     row.map_inplace(|x| x / total);
        /// });
        /// assert_eq!(m.get(&[1, 0]), Some(0.25));
        /// # Ok::<(), stridekit::Error>(())
        /// ```
        pub fn par_rows_mut(
            &mut self,
        ) -> Result<impl IndexedParallelIterator<Item = ArrayViewMut<'_, T>>> {
            let views: Vec<_> = self.rows_mut()?.collect();
            Ok(views.into_par_iter())
        }

        /// [`axis_chunks_mut`](Self::axis_chunks_mut) as a parallel iterator.
        pub fn par_axis_chunks_mut(
            &mut self,
            axis: impl Axis,
            size: usize,
        ) -> Result<impl IndexedParallelIterator<Item = ArrayViewMut<'_, T>>> {
            let views: Vec<_> = self.axis_chunks_mut(axis, size)?.collect();
            Ok(views.into_par_iter())
        }

        /// [`rows`](Self::rows) as a parallel iterator.
        pub fn par_rows(&self) -> Result<impl IndexedParallelIterator<Item = ArrayView<'_, T>>> {
            let views: Vec<_> = self.rows()?.collect();
            Ok(views.into_par_iter())
        }
    }
}
