//! Iterating over an array: its elements in logical (C index) order, by
//! value ([`ArrayRef::iter`]) or by `&mut` ([`ArrayRef::iter_mut`]), in place
//! ([`ArrayRef::map_inplace`]), and its sub-views along an axis ([`axis_iter`],
//! [`lanes`], [`rows`] and their `_mut` forms).
//!
//! A C-contiguous array is walked as a slice (the slice iterator's speed);
//! any other layout row by row (the last axis), one pointer add per element
//! and an odometer step per row — never by recomputing offsets from indices.
//!
//! [`axis_iter`]: ArrayRef::axis_iter
//! [`lanes`]: ArrayRef::lanes
//! [`rows`]: ArrayRef::rows

use crate::layout::next_c_index;
use crate::raw::RawView;
use crate::{ArrayRef, ArrayView, ArrayViewMut, Result, SliceArg};
use bytemuck::Pod;
use std::marker::PhantomData;

/// The walk over a strided layout, row by row (a row: the last axis): the
/// current row's start, the position in it, and an odometer over the other
/// axes for the next row.
struct Cursor {
    row: *mut u8,
    pos: usize,
    row_len: usize,
    step: isize,
    outer: Vec<usize>,
    outer_shape: Vec<usize>,
    outer_strides: Vec<isize>,
    left: usize,
}

impl Cursor {
    fn new<T>(raw: &RawView<T>) -> Cursor {
        let nd = raw.shape.len();
        let (row_len, step) = match nd {
            0 => (1, 0),
            _ => (raw.shape[nd - 1], raw.strides[nd - 1]),
        };
        let outer_nd = nd.saturating_sub(1);
        Cursor {
            row: raw.ptr,
            pos: 0,
            row_len,
            step,
            outer: vec![0; outer_nd],
            outer_shape: raw.shape[..outer_nd].to_vec(),
            outer_strides: raw.strides[..outer_nd].to_vec(),
            left: raw.len(),
        }
    }

    /// Moves to the start of the next row (there is one: `left > 0`).
    #[cold]
    fn next_row(&mut self) {
        self.pos = 0;
        for k in (0..self.outer.len()).rev() {
            self.outer[k] += 1;
            // Wrapping: the carry passes through addresses outside the
            // buffer, which are never dereferenced.
            self.row = self.row.wrapping_offset(self.outer_strides[k]);
            if self.outer[k] < self.outer_shape[k] {
                return;
            }
            self.outer[k] = 0;
            self.row = self
                .row
                .wrapping_offset(-self.outer_strides[k] * self.outer_shape[k] as isize);
        }
    }

    /// The address of the next element, then steps past it.
    #[inline]
    fn next(&mut self) -> Option<*mut u8> {
        if self.left == 0 {
            return None;
        }
        if self.pos == self.row_len {
            self.next_row();
        }
        let here = self.row.wrapping_offset(self.pos as isize * self.step);
        self.pos += 1;
        self.left -= 1;
        Some(here)
    }

    /// Calls `f` with every remaining address, a row at a time.
    #[inline]
    fn for_each(mut self, mut f: impl FnMut(*mut u8)) {
        while self.left > 0 {
            if self.pos == self.row_len {
                self.next_row();
            }
            let n = (self.row_len - self.pos).min(self.left);
            let mut p = self.row.wrapping_offset(self.pos as isize * self.step);
            for _ in 0..n {
                f(p);
                p = p.wrapping_offset(self.step);
            }
            self.pos += n;
            self.left -= n;
        }
    }
}

/// The elements of an array in C order, by value (see [`ArrayRef::iter`]).
pub struct Iter<'a, T> {
    inner: IterInner<'a, T>,
}

enum IterInner<'a, T> {
    Slice(std::slice::Iter<'a, T>),
    Walk(Cursor, PhantomData<&'a T>),
}

impl<T: Pod> Iterator for Iter<'_, T> {
    type Item = T;
    #[inline]
    fn next(&mut self) -> Option<T> {
        match &mut self.inner {
            IterInner::Slice(s) => s.next().copied(),
            // SAFETY: the cursor visits only elements of the borrowed view;
            // they may be unaligned (packed fields), hence `read_unaligned`.
            IterInner::Walk(c, _) => c.next().map(|p| unsafe { p.cast::<T>().read_unaligned() }),
        }
    }
    /// Chooses the layout once, so `sum`, `count`, `for_each` … over a
    /// contiguous array run the slice iterator's own (vectorised) loop.
    #[inline]
    fn fold<B, F: FnMut(B, T) -> B>(self, init: B, f: F) -> B {
        match self.inner {
            IterInner::Slice(s) => s.copied().fold(init, f),
            IterInner::Walk(c, _) => walk_fold(c, init, f),
        }
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match &self.inner {
            IterInner::Slice(s) => s.len(),
            IterInner::Walk(c, _) => c.left,
        };
        (n, Some(n))
    }
}

impl<T: Pod> ExactSizeIterator for Iter<'_, T> {}

/// [`Iter`]'s `fold` over a strided layout, kept out of line so the
/// contiguous arm stays the slice iterator's loop.
#[inline(never)]
fn walk_fold<T: Pod, B>(c: Cursor, init: B, mut f: impl FnMut(B, T) -> B) -> B {
    let mut acc = Some(init);
    c.for_each(|p| {
        // SAFETY: the cursor visits only elements of the borrowed view; they
        // may be unaligned (packed fields), hence `read_unaligned`.
        let x = unsafe { p.cast::<T>().read_unaligned() };
        acc = acc.take().map(|a| f(a, x));
    });
    acc.expect("the accumulator is put back after every element")
}

/// The elements of a writable array in C order, by `&mut` (see
/// [`ArrayRef::iter_mut`]).
pub struct IterMut<'a, T> {
    inner: IterMutInner<'a, T>,
}

enum IterMutInner<'a, T> {
    Slice(std::slice::IterMut<'a, T>),
    Walk(Cursor, PhantomData<&'a mut T>),
}

impl<'a, T: Pod> Iterator for IterMut<'a, T> {
    type Item = &'a mut T;
    #[inline]
    fn next(&mut self) -> Option<&'a mut T> {
        match &mut self.inner {
            IterMutInner::Slice(s) => s.next(),
            // SAFETY: a writable view reaches no element twice, so each
            // `&mut` is unique; `iter_mut` checked every element is aligned.
            IterMutInner::Walk(c, _) => c.next().map(|p| unsafe { &mut *p.cast::<T>() }),
        }
    }
    /// Chooses the layout once (see [`Iter`]'s `fold`).
    #[inline]
    fn fold<B, F: FnMut(B, &'a mut T) -> B>(self, init: B, mut f: F) -> B {
        match self.inner {
            IterMutInner::Slice(s) => s.fold(init, f),
            IterMutInner::Walk(c, _) => {
                let mut acc = Some(init);
                c.for_each(|p| {
                    // SAFETY: as in `next`.
                    let x = unsafe { &mut *p.cast::<T>() };
                    acc = acc.take().map(|a| f(a, x));
                });
                acc.expect("the accumulator is put back after every element")
            }
        }
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match &self.inner {
            IterMutInner::Slice(s) => s.len(),
            IterMutInner::Walk(c, _) => c.left,
        };
        (n, Some(n))
    }
}

impl<T: Pod> ExactSizeIterator for IterMut<'_, T> {}

impl<T: Pod> ArrayRef<T> {
    /// The elements in logical (C index) order, by value; a C-contiguous
    /// array is walked as a slice.
    ///
    /// ```
    /// use stridekit::Array;
    /// let m = Array::from_shape_fn(&[2, 3], |i| (i[0] * 3 + i[1]) as f32)?;
    /// assert_eq!(m.t().iter().collect::<Vec<_>>(), [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn iter(&self) -> Iter<'_, T> {
        let inner = match self.as_slice() {
            Some(s) => IterInner::Slice(s.iter()),
            None => IterInner::Walk(Cursor::new(&self.raw), PhantomData),
        };
        Iter { inner }
    }

    /// The elements in logical (C index) order, by `&mut`.
    ///
    /// ```
    /// use stridekit::Array;
    /// let mut m = Array::<f64>::zeros(&[2, 3])?;
    /// for (k, x) in m.t_mut().iter_mut().enumerate() {
    ///     *x = k as f64;                       // walks m.T in C order
    /// }
    /// assert_eq!(m.to_vec(), [0.0, 2.0, 4.0, 1.0, 3.0, 5.0]);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    ///
    /// # Panics
    /// If an element is not aligned for `T` (a field of a packed record):
    /// a `&mut T` cannot point there. [`map_inplace`](Self::map_inplace)
    /// works on every layout.
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        assert!(
            self.is_aligned(),
            "iter_mut: the elements are not aligned for their type (a packed field); use map_inplace"
        );
        if self.as_slice().is_none() {
            let inner = IterMutInner::Walk(Cursor::new(&self.raw), PhantomData);
            return IterMut { inner };
        }
        let s = self.as_slice_mut().expect("C-contiguous, checked above");
        IterMut {
            inner: IterMutInner::Slice(s.iter_mut()),
        }
    }

    /// Replaces every element `x` by `f(x)`, in C order, on any layout
    /// (packed fields included).
    ///
    /// ```
    /// use stridekit::Array;
    /// let mut a = Array::from_vec(vec![1.0f32, -2.0, 3.0], &[3])?;
    /// a.map_inplace(|x| x * x);
    /// assert_eq!(a.to_vec(), [1.0, 4.0, 9.0]);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn map_inplace(&mut self, mut f: impl FnMut(T) -> T) {
        if let Some(s) = self.as_slice_mut() {
            s.iter_mut().for_each(|x| *x = f(*x));
            return;
        }
        Cursor::new(&self.raw).for_each(|p| {
            let p = p.cast::<T>();
            // SAFETY: an element of this writable view, visited once; any
            // alignment is fine for the unaligned read and write.
            unsafe { p.write_unaligned(f(p.read_unaligned())) };
        });
    }

    /// `(index, value)` pairs in logical (C index) order.
    pub fn indexed_iter(&self) -> impl Iterator<Item = (Vec<usize>, T)> + '_ {
        let shape = self.shape().to_vec();
        let mut index = vec![0usize; shape.len()];
        self.iter().enumerate().map(move |(k, x)| {
            if k > 0 {
                next_c_index(&mut index, &shape);
            }
            (index.clone(), x)
        })
    }

    /// The sub-views at each position of `axis`, in order (that axis
    /// dropped): ndarray's `axis_iter`, NumPy's `for x in np.moveaxis(a, axis, 0)`.
    pub fn axis_iter(
        &self,
        axis: impl crate::Axis,
    ) -> Result<impl Iterator<Item = ArrayView<'_, T>>> {
        let raws = axis_raws(&self.raw, axis)?;
        Ok(raws.map(ArrayView::from_raw))
    }

    /// Writable [`axis_iter`](Self::axis_iter): the sub-views are disjoint,
    /// so all of them may be alive at once.
    ///
    /// ```
    /// use stridekit::Array;
    /// let mut m = Array::<i32>::zeros(&[3, 2])?;
    /// for (i, mut row) in m.axis_iter_mut(0)?.enumerate() {
    ///     row.fill(i as i32);
    /// }
    /// assert_eq!(m.to_vec(), [0, 0, 1, 1, 2, 2]);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn axis_iter_mut(
        &mut self,
        axis: impl crate::Axis,
    ) -> Result<impl Iterator<Item = ArrayViewMut<'_, T>>> {
        let raws = axis_raws(&self.raw, axis)?;
        Ok(raws.map(ArrayViewMut::from_raw))
    }

    /// Every 1-D lane along `axis` (one per position of the other axes, in
    /// C order of those): `lanes(-1)` are the rows of any array.
    pub fn lanes(&self, axis: impl crate::Axis) -> Result<impl Iterator<Item = ArrayView<'_, T>>> {
        Ok(lane_raws(&self.raw, axis)?.map(ArrayView::from_raw))
    }

    /// Writable [`lanes`](Self::lanes): disjoint 1-D views.
    pub fn lanes_mut(
        &mut self,
        axis: impl crate::Axis,
    ) -> Result<impl Iterator<Item = ArrayViewMut<'_, T>>> {
        Ok(lane_raws(&self.raw, axis)?.map(ArrayViewMut::from_raw))
    }

    /// The rows: the lanes along the last axis (`lanes(-1)`); a 0-d array
    /// is an error.
    pub fn rows(&self) -> Result<impl Iterator<Item = ArrayView<'_, T>>> {
        self.lanes(-1)
    }

    /// Writable [`rows`](Self::rows).
    ///
    /// ```
    /// use stridekit::Array;
    /// let mut m = Array::from_shape_fn(&[2, 3], |i| (i[0] * 3 + i[1]) as f64)?;
    /// for mut row in m.rows_mut()? {
    ///     let total = row.sum()?;
    ///     row.map_inplace(|x| x / total);       // each row sums to 1
    /// }
    /// assert_eq!(m.get(&[1, 0]), Some(0.25));
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn rows_mut(&mut self) -> Result<impl Iterator<Item = ArrayViewMut<'_, T>>> {
        self.lanes_mut(-1)
    }
}

/// The layouts of the sub-views at each position of `axis`.
fn axis_raws<T>(
    raw: &RawView<T>,
    axis: impl crate::Axis,
) -> Result<impl Iterator<Item = RawView<T>>> {
    let axis = crate::axis::resolve(axis, raw.shape.len())?;
    let raw = raw.clone();
    let n = raw.shape[axis];
    Ok((0..n).map(move |i| {
        raw.index_axis(axis, i as isize)
            .expect("an index inside the axis")
    }))
}

/// The layouts of the 1-D lanes along `axis`, in C order of the other axes.
fn lane_raws<T>(
    raw: &RawView<T>,
    axis: impl crate::Axis,
) -> Result<impl Iterator<Item = RawView<T>>> {
    let axis = crate::axis::resolve(axis, raw.shape.len())?;
    let raw = raw.clone();
    let others: Vec<usize> = (0..raw.shape.len()).filter(|&k| k != axis).collect();
    let dims: Vec<usize> = others.iter().map(|&k| raw.shape[k]).collect();
    let count: usize = dims.iter().product();
    let mut index = vec![0usize; dims.len()];
    Ok((0..count).map(move |k| {
        if k > 0 {
            next_c_index(&mut index, &dims);
        }
        let mut args = vec![SliceArg::ALL; raw.shape.len()];
        for (&ax, &i) in others.iter().zip(&index) {
            args[ax] = SliceArg::Index(i as isize);
        }
        raw.slice(&args).expect("a position inside the other axes")
    }))
}
