//! Comparisons, masks and selection on arrays: NumPy's `a < b`,
//! `np.isnan(a)`, `np.logical_and`, `np.count_nonzero`, `np.any` / `np.all`,
//! `np.where(mask, a, b)`, `a[mask]` and `a[mask] = x`.
//!
//! A mask is an `Array<Bool8>`: one byte per element, NumPy's `bool` (it
//! prints as `True` / `False` and saves as `'|b1'`). Inputs broadcast
//! against each other as in NumPy; the output is C order. The work is the
//! kernel layer's mask family (`stridekit_kernels::mask`), run over the
//! iteration engine's runs; `a[mask]` walks in C index order, as NumPy's
//! result is ordered.

use crate::array_ref::ArrayRef;
use crate::broadcast::broadcast_shapes;
use crate::dtype::Bool8;
use crate::error::{Error, Result};
use crate::iter::{for_each_line_pair, Plan};
use crate::kernels::{self, active_isa, Classify, Compare, Element, Float, Logic};
use crate::layout::{self, next_c_index};
use crate::raw::RawView;
use crate::view::{Array, AsView, AsViewMut};
use bytemuck::Pod;

/// Walks `out` and the inputs broadcast to its shape, one run at a time:
/// `f(n, pointers, byte strides)` with the output first.
fn walk<const N: usize>(
    out: (*mut u8, &[usize], &[isize]),
    ins: [(*mut u8, &[usize], &[isize]); N],
    mut f: impl FnMut(usize, &[*mut u8], &[isize]),
) -> Result<()> {
    let (optr, shape, ostrides) = out;
    let mut strides = vec![layout::Strides::from_slice(ostrides)];
    let mut ptrs = vec![optr];
    for (p, s, st) in ins {
        strides.push(layout::broadcast_strides(s, st, shape).ok_or_else(|| {
            Error::OutputShape {
                input: s.to_vec(),
                output: shape.to_vec(),
            }
        })?);
        ptrs.push(p);
    }
    match N {
        0 => run_plan::<1>(shape, &ptrs, &strides, &mut f),
        1 => run_plan::<2>(shape, &ptrs, &strides, &mut f),
        2 => run_plan::<3>(shape, &ptrs, &strides, &mut f),
        3 => run_plan::<4>(shape, &ptrs, &strides, &mut f),
        _ => unreachable!("at most three inputs"),
    }
    Ok(())
}

fn run_plan<const M: usize>(
    shape: &[usize],
    ptrs: &[*mut u8],
    strides: &[layout::Strides],
    f: &mut impl FnMut(usize, &[*mut u8], &[isize]),
) {
    let p: [*mut u8; M] = std::array::from_fn(|k| ptrs[k]);
    let s: [&[isize]; M] = std::array::from_fn(|k| strides[k].as_slice());
    if let Some(plan) = Plan::new(shape, p, s) {
        plan.run_in_place(|n, p, s| f(n, &p, &s));
    }
}

fn parts<T>(r: &RawView<T>) -> (*mut u8, &[usize], &[isize]) {
    (r.ptr, &r.shape, &r.strides)
}

/// A fresh C-order array of `shape` filled by `fill(out)`.
fn new_with<U: Pod>(
    shape: &[usize],
    fill: impl FnOnce(&mut ArrayRef<U>) -> Result<()>,
) -> Result<Array<U>> {
    let mut out = Array::<U>::zeros(shape)?;
    fill(&mut out)?;
    Ok(out)
}

impl<T: Pod> ArrayRef<T> {
    /// `op(self, b)` element by element into a new mask (NumPy's `equal`,
    /// `less`, … with broadcasting).
    pub fn compare(&self, op: Compare, b: impl AsView<T>) -> Result<Array<Bool8>>
    where
        T: Element,
    {
        let b = b.as_view();
        let shape = broadcast_shapes(&[self.shape(), b.shape()])?;
        new_with(&shape, |out| compare_into(op, self, &b, out))
    }

    /// NumPy's `a == b` (`np.equal`): a new mask.
    pub fn equal(&self, b: impl AsView<T>) -> Result<Array<Bool8>>
    where
        T: Element,
    {
        self.compare(Compare::Equal, b)
    }

    /// NumPy's `a != b`: true where either is NaN.
    pub fn not_equal(&self, b: impl AsView<T>) -> Result<Array<Bool8>>
    where
        T: Element,
    {
        self.compare(Compare::NotEqual, b)
    }

    /// NumPy's `a < b`.
    ///
    /// ```
    /// use stridekit::Array;
    /// let a = Array::from_vec(vec![1.0f32, f32::NAN, 3.0], &[3])?;
    /// let m = a.less(2.0)?;                       // a < 2
    /// assert_eq!(format!("{m}"), "[ True False False]");
    /// assert_eq!(m.count_nonzero(), 1);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn less(&self, b: impl AsView<T>) -> Result<Array<Bool8>>
    where
        T: Element,
    {
        self.compare(Compare::Less, b)
    }

    /// NumPy's `a <= b`.
    pub fn less_equal(&self, b: impl AsView<T>) -> Result<Array<Bool8>>
    where
        T: Element,
    {
        self.compare(Compare::LessEqual, b)
    }

    /// NumPy's `a > b`.
    pub fn greater(&self, b: impl AsView<T>) -> Result<Array<Bool8>>
    where
        T: Element,
    {
        self.compare(Compare::Greater, b)
    }

    /// NumPy's `a >= b`.
    pub fn greater_equal(&self, b: impl AsView<T>) -> Result<Array<Bool8>>
    where
        T: Element,
    {
        self.compare(Compare::GreaterEqual, b)
    }

    /// A float class test into a new mask (NumPy's `isnan`, `isinf`,
    /// `isfinite`, `signbit`).
    pub fn classify(&self, op: Classify) -> Result<Array<Bool8>>
    where
        T: Float,
    {
        new_with(self.shape(), |out| classify_into(op, self, out))
    }

    /// NumPy's `np.isnan(a)`.
    pub fn isnan(&self) -> Result<Array<Bool8>>
    where
        T: Float,
    {
        self.classify(Classify::IsNan)
    }

    /// NumPy's `np.isinf(a)`.
    pub fn isinf(&self) -> Result<Array<Bool8>>
    where
        T: Float,
    {
        self.classify(Classify::IsInf)
    }

    /// NumPy's `np.isfinite(a)`.
    pub fn isfinite(&self) -> Result<Array<Bool8>>
    where
        T: Float,
    {
        self.classify(Classify::IsFinite)
    }

    /// NumPy's `np.signbit(a)` (true for `-0.0`).
    pub fn signbit(&self) -> Result<Array<Bool8>>
    where
        T: Float,
    {
        self.classify(Classify::SignBit)
    }

    /// NumPy's `a[mask]`: the elements where `mask` is true, in C index
    /// order, as a new 1-D array. The mask's shape must equal the array's.
    ///
    /// ```
    /// use stridekit::{Array, Bool8};
    /// let m = Array::from_shape_fn(&[2, 3], |i| (i[0] * 3 + i[1]) as f64)?;
    /// let t = m.t();                                   // [[0, 3], [1, 4], [2, 5]]
    /// let odd = Array::from_shape_fn(&[3, 2], |i| Bool8(((i[0] + i[1]) % 2) as u8))?;
    /// assert_eq!(t.extract(&odd)?.to_vec(), [3.0, 1.0, 5.0]);
    /// # Ok::<(), stridekit::Error>(())
    /// ```
    pub fn extract(&self, mask: impl AsView<Bool8>) -> Result<Array<T>> {
        let mask = mask.as_view();
        if mask.shape() != self.shape() {
            return Err(Error::MaskShape {
                mask: mask.shape().to_vec(),
                array: self.shape().to_vec(),
            });
        }
        let isa = active_isa()?;
        let count = mask.count_nonzero();
        let mut out = Array::<T>::zeros(&[count])?;
        let dst = out.as_slice_mut().expect("a new array is contiguous");
        let mut written = 0;
        let (a, m) = (&self.raw, &mask.raw);
        let nd = a.shape.len();
        if a.len() > 0 {
            // C order: the last axis as runs, an odometer over the others.
            let (len, sa, sm) = match nd {
                0 => (1, 0, 0),
                _ => (a.shape[nd - 1], a.strides[nd - 1], m.strides[nd - 1]),
            };
            let outer = &a.shape[..nd.saturating_sub(1)];
            let mut index = vec![0usize; outer.len()];
            loop {
                let offset = |strides: &[isize]| -> isize {
                    index
                        .iter()
                        .zip(strides)
                        .map(|(&i, &s)| i as isize * s)
                        .sum()
                };
                let pa = a.ptr.wrapping_offset(offset(&a.strides));
                let pm = m.ptr.wrapping_offset(offset(&m.strides));
                let room = count - written;
                // SAFETY: a row of both views (equal shapes); `dst` has room
                // for the remaining selected elements.
                written += unsafe {
                    kernels::extract_raw::<T>(
                        isa,
                        len,
                        pm,
                        sm,
                        pa,
                        sa,
                        dst[written..].as_mut_ptr(),
                        room,
                    )
                };
                if !next_c_index(&mut index, outer) {
                    break;
                }
            }
        }
        debug_assert_eq!(written, count);
        Ok(out)
    }

    /// NumPy's `np.putmask(a, mask, value)` / `a[mask] = value`: writes
    /// `value` where `mask` (broadcast to this array's shape) is true.
    pub fn putmask(&mut self, mask: impl AsView<Bool8>, value: T) -> Result<()> {
        let mask = mask.as_view();
        let isa = active_isa()?;
        walk(parts(&self.raw), [parts(&mask.raw)], |n, p, s| {
            // SAFETY: a run of this writable view and of the mask broadcast
            // to its shape; the view is exclusively borrowed.
            unsafe { kernels::putmask_raw::<T>(isa, n, p[1], s[1], value, p[0], s[0]) }
        })
    }
}

impl ArrayRef<Bool8> {
    /// NumPy's `np.count_nonzero(mask)`.
    pub fn count_nonzero(&self) -> usize {
        let Ok(isa) = active_isa() else {
            return self.iter().filter(|b| b.get()).count();
        };
        let mut count = 0;
        let raw = &self.raw;
        let _ = walk(parts(raw), [], |n, p, s| {
            // SAFETY: an in-bounds run of this view.
            count += unsafe { kernels::count_nonzero_raw(isa, n, p[0], s[0]) };
        });
        count
    }

    /// NumPy's `np.count_nonzero(mask, axis=axis)`: the axis removed.
    pub fn count_nonzero_axis(&self, axis: impl crate::Axis) -> Result<Array<i64>> {
        let axis = crate::axis::resolve(axis, self.ndim())?;
        let isa = active_isa()?;
        let mut shape = self.shape().to_vec();
        let len = shape[axis];
        shape[axis] = 1;
        let out = Array::<i64>::zeros(&shape)?;
        let stride = self.strides()[axis];
        for_each_line_pair(&out.raw, &self.raw, axis, |d, s| {
            // SAFETY: the line of `len` bytes along `axis` from `s`; `d` an
            // element of the fresh output.
            let c = unsafe { kernels::count_nonzero_raw(isa, len, s, stride) };
            // SAFETY: `d` is an element of `out`, aligned for i64.
            unsafe { d.cast::<i64>().write(c as i64) };
            Ok(())
        })?;
        shape.remove(axis);
        out.reshape(&shape).map(|v| v.to_owned())
    }

    /// NumPy's `np.any(mask)`: whether any element is true.
    pub fn any(&self) -> bool {
        self.count_nonzero() > 0
    }

    /// NumPy's `np.all(mask)`: whether every element is true (true when empty).
    pub fn all(&self) -> bool {
        self.count_nonzero() == self.len()
    }

    /// NumPy's `np.any(mask, axis=axis)`: the axis removed (false where
    /// the axis is empty).
    pub fn any_axis(&self, axis: impl crate::Axis) -> Result<Array<Bool8>> {
        let counts = self.count_nonzero_axis(axis)?;
        let any = counts.iter().map(|c| Bool8(u8::from(c > 0)));
        Array::from_vec(any.collect(), counts.shape())
    }

    /// NumPy's `np.all(mask, axis=axis)`: the axis removed (true where the
    /// axis is empty).
    pub fn all_axis(&self, axis: impl crate::Axis) -> Result<Array<Bool8>> {
        let axis = crate::axis::resolve(axis, self.ndim())?;
        let len = self.shape()[axis] as i64;
        let counts = self.count_nonzero_axis(axis)?;
        let all = counts.iter().map(|c| Bool8(u8::from(c == len)));
        Array::from_vec(all.collect(), counts.shape())
    }

    /// `op` of two masks (NumPy's `logical_and`, `logical_or`,
    /// `logical_xor`; `Logic::Not` ignores `b`), broadcast, into a new mask.
    pub fn logical(&self, op: Logic, b: impl AsView<Bool8>) -> Result<Array<Bool8>> {
        let b = b.as_view();
        let shape = broadcast_shapes(&[self.shape(), b.shape()])?;
        new_with(&shape, |out| logical_into(op, self, &b, out))
    }

    /// NumPy's `np.logical_and(a, b)` (also `&a & &b`).
    pub fn logical_and(&self, b: impl AsView<Bool8>) -> Result<Array<Bool8>> {
        self.logical(Logic::And, b)
    }

    /// NumPy's `np.logical_or(a, b)` (also `&a | &b`).
    pub fn logical_or(&self, b: impl AsView<Bool8>) -> Result<Array<Bool8>> {
        self.logical(Logic::Or, b)
    }

    /// NumPy's `np.logical_xor(a, b)` (also `&a ^ &b`).
    pub fn logical_xor(&self, b: impl AsView<Bool8>) -> Result<Array<Bool8>> {
        self.logical(Logic::Xor, b)
    }

    /// NumPy's `np.logical_not(a)` (also `!&a`).
    pub fn logical_not(&self) -> Result<Array<Bool8>> {
        self.logical(Logic::Not, self.view())
    }

    /// NumPy's `np.argwhere(mask)`: one row of indices per true element, in
    /// C order (shape `(count, ndim)`).
    pub fn argwhere(&self) -> Result<Array<i64>> {
        let count = self.count_nonzero();
        let nd = self.ndim();
        let mut rows = Vec::with_capacity(count * nd);
        for (index, b) in self.indexed_iter() {
            if b.get() {
                rows.extend(index.iter().map(|&i| i as i64));
            }
        }
        Array::from_vec(rows, &[count, nd])
    }

    /// NumPy's `np.nonzero(mask)`: one index array per axis, the `k`-th
    /// holding axis `k`'s index of every true element in C order (the
    /// columns of [`argwhere`](Self::argwhere)); `a[nonzero]` is
    /// `take`-able per axis.
    pub fn nonzero(&self) -> Result<Vec<Array<i64>>> {
        if self.ndim() == 0 {
            // NumPy refuses too: `atleast_1d` first, or select with the mask.
            return Err(Error::Dimensions {
                op: "nonzero",
                needs: "at least one axis (a 0-d mask selects with `extract`)",
                ndim: 0,
            });
        }
        let rows = self.argwhere()?;
        (0..self.ndim())
            .map(|k| Ok(rows.index_axis(1, k as isize)?.to_owned()))
            .collect()
    }
}

/// `out = op(a, b)` as a mask, `a` and `b` broadcast to `out`'s shape
/// (NumPy's comparison ufuncs with `out=`).
pub fn compare_into<T: Element>(
    op: Compare,
    a: impl AsView<T>,
    b: impl AsView<T>,
    mut out: impl AsViewMut<Bool8>,
) -> Result<()> {
    let (a, b, out) = (a.as_view(), b.as_view(), out.as_view_mut());
    let isa = active_isa()?;
    walk(
        parts(&out.raw),
        [parts(&a.raw), parts(&b.raw)],
        |n, p, s| {
            // SAFETY: runs of the inputs broadcast to the exclusively borrowed output.
            unsafe { kernels::compare_raw::<T>(isa, op, n, p[1], s[1], p[2], s[2], p[0], s[0]) }
        },
    )
}

/// `out = op(a)` as a mask (NumPy's `isnan(a, out=out)` …).
pub fn classify_into<T: Float>(
    op: Classify,
    a: impl AsView<T>,
    mut out: impl AsViewMut<Bool8>,
) -> Result<()> {
    let (a, out) = (a.as_view(), out.as_view_mut());
    let isa = active_isa()?;
    walk(parts(&out.raw), [parts(&a.raw)], |n, p, s| {
        // SAFETY: as in `compare_into`.
        unsafe { kernels::classify_raw::<T>(isa, op, n, p[1], s[1], p[0], s[0]) }
    })
}

/// `out = op(a, b)` on masks, broadcast (NumPy's `logical_and(a, b, out=out)` …).
pub fn logical_into(
    op: Logic,
    a: impl AsView<Bool8>,
    b: impl AsView<Bool8>,
    mut out: impl AsViewMut<Bool8>,
) -> Result<()> {
    let (a, b, out) = (a.as_view(), b.as_view(), out.as_view_mut());
    let isa = active_isa()?;
    walk(
        parts(&out.raw),
        [parts(&a.raw), parts(&b.raw)],
        |n, p, s| {
            // SAFETY: as in `compare_into`.
            unsafe { kernels::logical_raw(isa, op, n, p[1], s[1], p[2], s[2], p[0], s[0]) }
        },
    )
}

/// NumPy's `np.where(mask, a, b)`: `a` where the mask is true, else `b`,
/// all three broadcast together, into a new C-order array.
///
/// ```
/// use stridekit::{select, Array};
/// let x = Array::from_vec(vec![-2.0f32, 3.0, -1.0, 5.0], &[4])?;
/// let clipped = select(&x.greater(0.0)?, &x, 0.0)?;   // np.where(x > 0, x, 0)
/// assert_eq!(clipped.to_vec(), [0.0, 3.0, 0.0, 5.0]);
/// # Ok::<(), stridekit::Error>(())
/// ```
#[doc(alias = "where")]
pub fn select<T: Pod>(
    mask: impl AsView<Bool8>,
    a: impl AsView<T>,
    b: impl AsView<T>,
) -> Result<Array<T>> {
    let (m, a, b) = (mask.as_view(), a.as_view(), b.as_view());
    let shape = broadcast_shapes(&[m.shape(), a.shape(), b.shape()])?;
    new_with(&shape, |out| select_into(&m, &a, &b, out))
}

/// [`select`] into `out` (the three inputs broadcast to its shape).
pub fn select_into<T: Pod>(
    mask: impl AsView<Bool8>,
    a: impl AsView<T>,
    b: impl AsView<T>,
    mut out: impl AsViewMut<T>,
) -> Result<()> {
    let (m, a, b, out) = (mask.as_view(), a.as_view(), b.as_view(), out.as_view_mut());
    let isa = active_isa()?;
    walk(
        parts(&out.raw),
        [parts(&m.raw), parts(&a.raw), parts(&b.raw)],
        |n, p, s| {
            // SAFETY: as in `compare_into`.
            unsafe {
                kernels::select_raw::<T>(isa, n, p[1], s[1], p[2], s[2], p[3], s[3], p[0], s[0])
            }
        },
    )
}

macro_rules! mask_operators {
    ($($ty:ty),*) => {$(
        impl<B: AsView<Bool8>> std::ops::BitAnd<B> for $ty {
            type Output = Result<Array<Bool8>>;
            fn bitand(self, b: B) -> Self::Output {
                self.logical_and(b)
            }
        }
        impl<B: AsView<Bool8>> std::ops::BitOr<B> for $ty {
            type Output = Result<Array<Bool8>>;
            fn bitor(self, b: B) -> Self::Output {
                self.logical_or(b)
            }
        }
        impl<B: AsView<Bool8>> std::ops::BitXor<B> for $ty {
            type Output = Result<Array<Bool8>>;
            fn bitxor(self, b: B) -> Self::Output {
                self.logical_xor(b)
            }
        }
        impl std::ops::Not for $ty {
            type Output = Result<Array<Bool8>>;
            fn not(self) -> Self::Output {
                self.logical_not()
            }
        }
    )*};
}
mask_operators!(&Array<Bool8>, &crate::ArrayView<'_, Bool8>);
