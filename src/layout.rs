//! Layout geometry: shapes, byte strides, and what can be done to them without
//! touching data.
//!
//! Every function here is pure arithmetic on `(shape, strides)` pairs and an
//! element size; the view types apply the results to a pointer. Strides are in
//! **bytes**, as in NumPy, and may be negative (reversed axes) or zero
//! (broadcast axes, read-only). A byte offset "delta" returned by an operation
//! is how far the view's first element moves.

pub(crate) use crate::axes::Axes;
use crate::error::{Error, Result};
use std::mem::size_of;

/// A view's shape (inline up to `axes::INLINE_AXES` axes).
pub(crate) type Shape = Axes<usize>;
/// A view's byte strides (inline up to `axes::INLINE_AXES` axes).
pub(crate) type Strides = Axes<isize>;

/// Memory order of a freshly laid-out array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Row-major: the last axis is contiguous (NumPy's default).
    C,
    /// Column-major: the first axis is contiguous (Fortran).
    F,
}

/// The number of elements of a view's shape: 0 if any length is 0, else the
/// product (which fits, by the size rule every view upholds). One pass; the
/// product may wrap only on its way to a 0 it then returns.
#[inline]
pub(crate) fn element_count(shape: &[usize]) -> usize {
    let mut n = 1usize;
    for &len in shape {
        if len == 0 {
            return 0;
        }
        n = n.wrapping_mul(len);
    }
    n
}

/// Number of elements of `shape`, or an error if it (or its byte size)
/// overflows.
pub(crate) fn checked_size(shape: &[usize], elem: usize) -> Result<usize> {
    let n = shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .filter(|&n| {
            n.checked_mul(elem.max(1))
                .is_some_and(|b| b <= isize::MAX as usize)
        });
    n.ok_or_else(|| Error::SizeOverflow {
        shape: shape.to_vec(),
    })
}

/// Byte strides of a dense array of `shape` in `order` (size already checked).
pub(crate) fn dense_strides(shape: &[usize], elem: usize, order: Order) -> Strides {
    let mut strides: Strides = Axes::filled(0isize, shape.len());
    let mut acc = elem as isize;
    let mut set = |k: usize| {
        strides[k] = acc;
        acc = acc.wrapping_mul(shape[k].max(1) as isize);
    };
    match order {
        Order::C => (0..shape.len()).rev().for_each(&mut set),
        Order::F => (0..shape.len()).for_each(&mut set),
    }
    strides
}

/// The strides NumPy gives a new array: dense in `order`, and all zero when
/// the array is empty (NumPy 2: `np.zeros((3, 0)).strides == (0, 0)`).
pub(crate) fn new_array_strides(shape: &[usize], elem: usize, order: Order) -> Strides {
    if shape.contains(&0) {
        return Axes::filled(0, shape.len());
    }
    dense_strides(shape, elem, order)
}

/// NumPy's contiguity: dense in `order`, where axes of length 1 do not matter
/// and an empty array is contiguous.
pub(crate) fn is_contiguous(shape: &[usize], strides: &[isize], elem: usize, order: Order) -> bool {
    if shape.contains(&0) {
        return true;
    }
    let mut expected = elem as isize;
    let mut check = |k: usize| {
        if shape[k] == 1 {
            return true;
        }
        let ok = strides[k] == expected;
        expected = expected.wrapping_mul(shape[k] as isize);
        ok
    };
    match order {
        Order::C => (0..shape.len()).rev().all(&mut check),
        Order::F => (0..shape.len()).all(&mut check),
    }
}

/// Lowest and highest byte offsets of any element's first byte, relative to
/// element 0; `None` for an empty array. Exact (i128: no overflow).
pub(crate) fn extent(shape: &[usize], strides: &[isize]) -> Option<(i128, i128)> {
    if shape.contains(&0) {
        return None;
    }
    let (mut lo, mut hi) = (0i128, 0i128);
    for (&n, &s) in shape.iter().zip(strides) {
        let span = (n as i128 - 1) * s as i128;
        if span < 0 {
            lo += span;
        } else {
            hi += span;
        }
    }
    Some((lo, hi))
}

/// Calls `f` with the byte offset of every element (C order of indices).
pub(crate) fn for_each_offset(shape: &[usize], strides: &[isize], mut f: impl FnMut(isize)) {
    if shape.contains(&0) {
        return;
    }
    let nd = shape.len();
    let mut index = vec![0usize; nd];
    let mut offset = 0isize;
    loop {
        f(offset);
        let mut k = nd;
        loop {
            if k == 0 {
                return;
            }
            k -= 1;
            index[k] += 1;
            offset += strides[k];
            if index[k] < shape[k] {
                break;
            }
            offset -= strides[k] * shape[k] as isize;
            index[k] = 0;
        }
    }
}

/// Steps `index` to the next index of `shape` in C order (the last axis
/// fastest); returns `false`, with `index` back at all zeros, after the last.
pub(crate) fn next_c_index(index: &mut [usize], shape: &[usize]) -> bool {
    for k in (0..shape.len()).rev() {
        index[k] += 1;
        if index[k] < shape[k] {
            return true;
        }
        index[k] = 0;
    }
    false
}

/// Checks that `axis < ndim`.
pub(crate) fn check_axis(axis: usize, ndim: usize) -> Result<()> {
    if axis < ndim {
        Ok(())
    } else {
        Err(Error::AxisOutOfRange {
            axis: isize::try_from(axis).unwrap_or(isize::MAX),
            ndim,
        })
    }
}

/// The byte offset of a multi-index, or `None` if it is invalid.
pub(crate) fn offset_of(shape: &[usize], strides: &[isize], index: &[usize]) -> Option<isize> {
    if index.len() != shape.len() {
        return None;
    }
    let mut off = 0isize;
    for ((&i, &n), &s) in index.iter().zip(shape).zip(strides) {
        if i >= n {
            return None;
        }
        off += i as isize * s;
    }
    Some(off)
}

/// Permutes axes: new axis `k` is old axis `axes[k]`.
pub(crate) fn permute(
    shape: &[usize],
    strides: &[isize],
    signed: &[isize],
) -> Result<(Shape, Strides)> {
    let nd = shape.len();
    let mut seen: Axes<bool> = Axes::filled(false, nd);
    let bad = || Error::NotAPermutation {
        axes: signed.to_vec(),
        ndim: nd,
    };
    if signed.len() != nd {
        return Err(bad());
    }
    let mut axes: Shape = Axes::with_capacity(nd);
    for &a in signed {
        let a = crate::axis::resolve_signed(a, nd).map_err(|_| bad())?;
        if seen[a] {
            return Err(bad());
        }
        seen[a] = true;
        axes.push(a);
    }
    Ok((
        axes.iter().map(|&a| shape[a]).collect(),
        axes.iter().map(|&a| strides[a]).collect(),
    ))
}

/// NumPy's no-copy reshape (`_attempt_nocopy_reshape`): new strides if the
/// old axes that merge into (or split from) each group of new axes are
/// contiguous with each other in `order`. Axes of length 1 get NumPy's
/// strides too (they matter to nothing but equality with NumPy).
pub(crate) fn reshape_nocopy(
    shape: &[usize],
    strides: &[isize],
    new_shape: &[usize],
    elem: usize,
    order: Order,
) -> Option<Strides> {
    let f = order == Order::F;
    let (old_dims, old_strides): (Shape, Strides) = shape
        .iter()
        .zip(strides)
        .filter(|(&n, _)| n != 1)
        .map(|(&n, &s)| (n, s))
        .unzip();
    let (old_nd, new_nd) = (old_dims.len(), new_shape.len());
    let mut new_strides: Strides = Axes::filled(0isize, new_nd);
    let (mut oi, mut oj, mut ni, mut nj) = (0, 1, 0, 1);
    while ni < new_nd && oi < old_nd {
        let mut np = new_shape[ni];
        let mut op = old_dims[oi];
        while np != op {
            if np < op {
                np *= new_shape[nj];
                nj += 1;
            } else {
                op *= old_dims[oj];
                oj += 1;
            }
        }
        // The old axes oi..oj must be contiguous with each other.
        for ok in oi..oj - 1 {
            let joined = if f {
                old_strides[ok + 1] == old_dims[ok] as isize * old_strides[ok]
            } else {
                old_strides[ok] == old_dims[ok + 1] as isize * old_strides[ok + 1]
            };
            if !joined {
                return None;
            }
        }
        if f {
            new_strides[ni] = old_strides[oi];
            for nk in ni + 1..nj {
                new_strides[nk] = new_strides[nk - 1] * new_shape[nk - 1] as isize;
            }
        } else {
            new_strides[nj - 1] = old_strides[oj - 1];
            for nk in (ni + 1..nj).rev() {
                new_strides[nk - 1] = new_strides[nk] * new_shape[nk] as isize;
            }
        }
        ni = nj;
        nj += 1;
        oi = oj;
        oj += 1;
    }
    // Trailing axes of length 1.
    let mut last = if ni >= 1 {
        new_strides[ni - 1]
    } else {
        elem as isize
    };
    if f && ni >= 1 {
        last *= new_shape[ni - 1] as isize;
    }
    for s in &mut new_strides[ni..] {
        *s = last;
    }
    Some(new_strides)
}

/// No-copy reshape in either order (F order = C order on reversed axes).
pub(crate) fn reshape(
    shape: &[usize],
    strides: &[isize],
    new_shape: &[usize],
    elem: usize,
    order: Order,
) -> Result<Strides> {
    let from_size = checked_size(shape, elem)?;
    let to_size = checked_size(new_shape, elem)?;
    if from_size != to_size {
        return Err(Error::ReshapeSize {
            from: shape.to_vec(),
            to: new_shape.to_vec(),
            from_size,
            to_size,
        });
    }
    // NumPy: data contiguous in `order` (an empty array always is) gets the
    // dense strides; anything else the no-copy rule.
    let found = if shape.contains(&0) || is_contiguous(shape, strides, elem, order) {
        Some(dense_strides(new_shape, elem, order))
    } else {
        reshape_nocopy(shape, strides, new_shape, elem, order)
    };
    found.ok_or_else(|| Error::ReshapeNeedsCopy {
        from: shape.to_vec(),
        strides: strides.to_vec(),
        to: new_shape.to_vec(),
    })
}

/// NumPy's broadcasting of two shapes.
pub(crate) fn broadcast_shapes(a: &[usize], b: &[usize]) -> Result<Shape> {
    let nd = a.len().max(b.len());
    let mut out: Shape = Axes::filled(0usize, nd);
    for k in 0..nd {
        let da = if k < nd - a.len() {
            1
        } else {
            a[k - (nd - a.len())]
        };
        let db = if k < nd - b.len() {
            1
        } else {
            b[k - (nd - b.len())]
        };
        out[k] = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            return Err(Error::Broadcast {
                a: a.to_vec(),
                b: b.to_vec(),
            });
        };
    }
    Ok(out)
}

/// Strides that present `(shape, strides)` as `target` (stride 0 on new and
/// stretched axes), or `None` if it does not broadcast.
pub(crate) fn broadcast_strides(
    shape: &[usize],
    strides: &[isize],
    target: &[usize],
) -> Option<Strides> {
    if shape.len() > target.len() {
        return None;
    }
    let lead = target.len() - shape.len();
    let mut out: Strides = Axes::filled(0isize, target.len());
    for k in 0..shape.len() {
        let t = target[lead + k];
        if shape[k] == 1 {
            // NumPy's broadcast_to: stride 0 on every length-1 input axis,
            // stretched or not.
            continue;
        }
        if shape[k] == t {
            out[lead + k] = strides[k];
        } else {
            return None;
        }
    }
    Some(out)
}

/// One entry of a slicing specification (see [`s!`](crate::s)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliceArg {
    /// `start..stop` with `step` (NumPy semantics: negative `start`/`stop`
    /// count from the end, out-of-range bounds clamp, negative steps walk
    /// backwards; `None` means "from the edge").
    Range {
        /// First position (`None`: the edge the step walks from).
        start: Option<isize>,
        /// Position to stop before (`None`: past the edge the step walks to).
        stop: Option<isize>,
        /// Distance between positions; negative walks backwards, zero is an error.
        step: isize,
    },
    /// One position; the axis is dropped (negative counts from the end).
    Index(isize),
    /// A new axis of length 1 (NumPy's `np.newaxis`).
    NewAxis,
    /// As many whole axes as the other entries leave (NumPy's `...`; at most
    /// one per specification).
    Ellipsis,
}

/// Marker for a new axis in [`s!`](crate::s): `s![.., NewAxis]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewAxis;

impl SliceArg {
    /// The whole axis.
    pub const ALL: SliceArg = SliceArg::Range {
        start: None,
        stop: None,
        step: 1,
    };

    /// Sets the step of a range (an index or new axis is returned unchanged).
    pub fn step(self, step: isize) -> SliceArg {
        match self {
            SliceArg::Range { start, stop, .. } => SliceArg::Range { start, stop, step },
            other => other,
        }
    }
}

/// Marker for NumPy's `...` in [`s!`](crate::s): `s![Ellipsis, 0]` (or
/// `s![..., 0]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ellipsis;

impl From<Ellipsis> for SliceArg {
    fn from(_: Ellipsis) -> Self {
        SliceArg::Ellipsis
    }
}

impl From<NewAxis> for SliceArg {
    fn from(_: NewAxis) -> Self {
        SliceArg::NewAxis
    }
}

macro_rules! slice_arg_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for SliceArg {
            fn from(i: $t) -> Self {
                SliceArg::Index(i as isize)
            }
        }
        impl From<std::ops::Range<$t>> for SliceArg {
            fn from(r: std::ops::Range<$t>) -> Self {
                SliceArg::Range { start: Some(r.start as isize), stop: Some(r.end as isize), step: 1 }
            }
        }
        impl From<std::ops::RangeFrom<$t>> for SliceArg {
            fn from(r: std::ops::RangeFrom<$t>) -> Self {
                SliceArg::Range { start: Some(r.start as isize), stop: None, step: 1 }
            }
        }
        impl From<std::ops::RangeTo<$t>> for SliceArg {
            fn from(r: std::ops::RangeTo<$t>) -> Self {
                SliceArg::Range { start: None, stop: Some(r.end as isize), step: 1 }
            }
        }
    )*};
}
slice_arg_from_int!(isize, usize, i32, i64);

impl From<std::ops::RangeFull> for SliceArg {
    fn from(_: std::ops::RangeFull) -> Self {
        SliceArg::ALL
    }
}

/// Builds a slicing specification: `s![1..5;2, .., -1, NewAxis, ..;-1]`.
///
/// Each entry is a range (`a..b`, `a..`, `..b`, `..`) optionally followed by
/// `;step`, an integer index (drops the axis), `NewAxis`, or `...` (as many
/// whole axes as the rest leave; also spelt `Ellipsis`). Axes not named are
/// taken whole. Semantics are NumPy's basic slicing.
///
/// ```
/// use stridekit::{s, Array};
/// let a = Array::<f64>::zeros(&[2, 3, 4])?;
/// assert_eq!(a.slice(s![..., 0])?.shape(), &[2, 3]);   // a[..., 0]
/// assert_eq!(a.slice(s![1, ..., ..;2])?.shape(), &[3, 2]); // a[1, ..., ::2]
/// # Ok::<(), stridekit::Error>(())
/// ```
#[macro_export]
macro_rules! s {
    (@acc [$($out:expr),*]) => { [$($out),*] };
    (@acc [$($out:expr),*] ... , $($rest:tt)*) => {
        $crate::s!(@acc [$($out,)* $crate::SliceArg::Ellipsis] $($rest)*)
    };
    (@acc [$($out:expr),*] ...) => {
        $crate::s!(@acc [$($out,)* $crate::SliceArg::Ellipsis])
    };
    (@acc [$($out:expr),*] $r:expr ; $st:expr , $($rest:tt)*) => {
        $crate::s!(@acc [$($out,)* $crate::SliceArg::from($r).step($st)] $($rest)*)
    };
    (@acc [$($out:expr),*] $r:expr ; $st:expr) => {
        $crate::s!(@acc [$($out,)* $crate::SliceArg::from($r).step($st)])
    };
    (@acc [$($out:expr),*] $r:expr , $($rest:tt)*) => {
        $crate::s!(@acc [$($out,)* $crate::SliceArg::from($r)] $($rest)*)
    };
    (@acc [$($out:expr),*] $r:expr) => {
        $crate::s!(@acc [$($out,)* $crate::SliceArg::from($r)])
    };
    ($($t:tt)*) => { $crate::s!(@acc [] $($t)*) };
}

/// Resolves NumPy's basic slicing on one axis: `(first index, length)`.
/// Computed in `i128`, so no start, stop or step (`isize::MIN` included)
/// overflows; NumPy's results: `[..; isize::MAX]` is the first element,
/// `[..; isize::MIN]` the last.
fn resolve_range(
    n: usize,
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
) -> (isize, usize) {
    let (n, step) = (n as i128, step as i128);
    let norm = |i: isize| {
        let i = i as i128;
        if i < 0 {
            i + n
        } else {
            i
        }
    };
    let (first, len) = if step > 0 {
        let start = start.map_or(0, |i| norm(i).clamp(0, n));
        let stop = stop.map_or(n, |i| norm(i).clamp(0, n));
        let len = if stop > start {
            (stop - start + step - 1) / step
        } else {
            0
        };
        (start, len)
    } else {
        let start = start.map_or(n - 1, |i| norm(i).clamp(-1, n - 1));
        let stop = stop.map_or(-1, |i| norm(i).clamp(-1, n - 1));
        let len = if start > stop {
            (start - stop - step - 1) / (-step)
        } else {
            0
        };
        (start, len)
    };
    // Both lie in -1..=n, and n <= isize::MAX.
    (first as isize, len as usize)
}

/// NumPy's size rule for every array, view or not: the product of the
/// non-zero lengths times the item size fits in `isize` ("array is too big").
/// Views uphold it at construction, so element counts and byte spans of any
/// view are computed without overflow.
pub(crate) fn check_view_size(shape: &[usize], elem: usize) -> Result<()> {
    let fits = shape
        .iter()
        .filter(|&&d| d != 0)
        .try_fold(elem.max(1), |acc, &d| acc.checked_mul(d))
        .is_some_and(|b| b <= isize::MAX as usize);
    if fits {
        Ok(())
    } else {
        Err(Error::SizeOverflow {
            shape: shape.to_vec(),
        })
    }
}

/// Applies a slicing specification: new shape, strides and byte delta.
pub(crate) fn slice(
    shape: &[usize],
    strides: &[isize],
    args: &[SliceArg],
) -> Result<(Shape, Strides, isize)> {
    let ellipses = args.iter().filter(|a| **a == SliceArg::Ellipsis).count();
    if ellipses > 1 {
        return Err(Error::TwoEllipses);
    }
    let used = args
        .iter()
        .filter(|a| !matches!(a, SliceArg::NewAxis | SliceArg::Ellipsis))
        .count();
    if used > shape.len() {
        return Err(Error::AxisCount {
            what: "slice",
            expected: shape.len(),
            found: used,
        });
    }
    let mut new_shape: Shape = Axes::with_capacity(shape.len() + args.len());
    let mut new_strides: Strides = Axes::with_capacity(shape.len() + args.len());
    let mut delta = 0isize;
    let mut axis = 0usize;
    let mut empty = shape.contains(&0);
    // The axes no entry names: at the ellipsis, else at the end.
    let unnamed = shape.len() - used;
    let expanded = args
        .iter()
        .flat_map(|&a| {
            let ellipsis = a == SliceArg::Ellipsis;
            let n = if ellipsis { unnamed } else { 0 };
            std::iter::repeat_n(SliceArg::ALL, n).chain((!ellipsis).then_some(a))
        })
        .chain(std::iter::repeat_n(
            SliceArg::ALL,
            if ellipses == 1 { 0 } else { unnamed },
        ));
    for arg in expanded {
        match arg {
            SliceArg::Ellipsis => unreachable!("expanded above"),
            SliceArg::NewAxis => {
                new_shape.push(1);
                new_strides.push(0);
            }
            SliceArg::Index(i) => {
                let n = shape[axis];
                let j = if i < 0 { i + n as isize } else { i };
                if j < 0 || j >= n as isize {
                    return Err(Error::IndexOutOfRange {
                        index: i,
                        axis,
                        len: n,
                    });
                }
                // Wrapping: exact for a view with elements (its offsets are in
                // bounds); an empty view's delta is discarded below.
                delta = delta.wrapping_add(j.wrapping_mul(strides[axis]));
                axis += 1;
            }
            SliceArg::Range { start, stop, step } => {
                if step == 0 {
                    return Err(Error::ZeroStep { axis });
                }
                let (first, len) = resolve_range(shape[axis], start, stop, step);
                // NumPy: an empty slice starts at 0 with step 1 (its stride
                // is the axis's own).
                let step = if len > 0 { step } else { 1 };
                if len > 0 {
                    delta = delta.wrapping_add(first.wrapping_mul(strides[axis]));
                } else {
                    empty = true;
                }
                new_shape.push(len);
                new_strides.push(strides[axis].wrapping_mul(step));
                axis += 1;
            }
        }
    }
    // An empty result reaches no element: keep its pointer where it was.
    Ok((new_shape, new_strides, if empty { 0 } else { delta }))
}

/// NumPy's `sliding_window_view`: `window[k]` along `axes[k]`; the window
/// axes are appended. `axes = None` means one window entry per axis.
pub(crate) fn sliding_windows(
    shape: &[usize],
    strides: &[isize],
    window: &[usize],
    axes: Option<&[usize]>,
) -> Result<(Shape, Strides)> {
    let all: Shape = (0..shape.len()).collect();
    let axes = axes.unwrap_or(&all);
    if axes.len() != window.len() {
        return Err(Error::AxisCount {
            what: "sliding_window_view window_shape",
            expected: axes.len(),
            found: window.len(),
        });
    }
    let mut new_shape = Shape::from_slice(shape);
    let mut new_strides = Strides::from_slice(strides);
    for (&ax, &w) in axes.iter().zip(window) {
        check_axis(ax, shape.len())?;
        if w > new_shape[ax] {
            return Err(Error::WindowTooLarge {
                window: w,
                axis: ax,
                len: new_shape[ax],
            });
        }
        new_shape[ax] = new_shape[ax] + 1 - w;
        new_shape.push(w);
        new_strides.push(strides[ax]);
    }
    Ok((new_shape, new_strides))
}

/// Checks `as_strided`: every reachable element lies in the buffer bytes
/// `start..end` (relative to element 0) and is aligned to `align` given that
/// element 0's address is `addr`.
pub(crate) fn check_as_strided(
    shape: &[usize],
    strides: &[isize],
    elem: usize,
    align: usize,
    addr: usize,
    (start, end): (i128, i128),
) -> Result<()> {
    checked_size(shape, elem)?;
    let Some((lo, hi)) = extent(shape, strides) else {
        return Ok(());
    };
    if lo < start || hi + elem as i128 > end {
        return Err(Error::OutOfBounds {
            shape: shape.to_vec(),
            strides: strides.to_vec(),
            lowest: lo,
            highest: hi + elem as i128,
            buffer_start: start,
            buffer_end: end,
        });
    }
    if !addr.is_multiple_of(align) {
        return Err(Error::Unaligned { align });
    }
    for (axis, (&n, &s)) in shape.iter().zip(strides).enumerate() {
        if n > 1 && s.rem_euclid(align as isize) != 0 {
            return Err(Error::Misaligned {
                axis,
                stride: s,
                align,
            });
        }
    }
    Ok(())
}

/// Checks that no two indices of a writable layout reach overlapping bytes:
/// no zero strides (on axes longer than 1), then a fast sufficient test
/// (sorted axes each step past everything the inner ones span), then, only if
/// that fails, an exact test over every element.
pub(crate) fn check_writable(shape: &[usize], strides: &[isize], elem: usize) -> Result<()> {
    if shape.contains(&0) {
        return Ok(());
    }
    let mut axes: Vec<(usize, usize)> = Vec::new();
    for (axis, (&n, &s)) in shape.iter().zip(strides).enumerate() {
        if n > 1 {
            if s == 0 {
                return Err(Error::ZeroStride { axis, len: n });
            }
            axes.push((n, s.unsigned_abs()));
        }
    }
    axes.sort_by_key(|&(_, s)| s);
    let mut span = elem as u128;
    let nested = axes.iter().all(|&(n, s)| {
        let ok = s as u128 >= span;
        span += (n as u128 - 1) * s as u128;
        ok
    });
    if nested {
        return Ok(());
    }
    let overlap = || Error::SelfOverlap {
        shape: shape.to_vec(),
        strides: strides.to_vec(),
    };
    // Counting first: `n` disjoint elements need `n * elem` bytes, so more
    // elements than fit in the span overlap — decided without listing them.
    // Otherwise `n <= span / elem`, and the span lies inside the buffer
    // (checked before), so the exact test's list is bounded by the input.
    let n = shape
        .iter()
        .try_fold(1u128, |acc, &d| acc.checked_mul(d as u128));
    let (lo, hi) = extent(shape, strides).expect("not empty");
    let span = (hi - lo) as u128 + elem as u128;
    match n {
        Some(n) if n.saturating_mul(elem as u128) <= span => {}
        _ => return Err(overlap()),
    }
    let n = n.unwrap_or(0) as usize;
    let mut offsets = Vec::new();
    offsets.try_reserve_exact(n).map_err(|_| Error::Alloc {
        elements: n,
        bytes: n.saturating_mul(size_of::<isize>()),
    })?;
    for_each_offset(shape, strides, |o| offsets.push(o));
    offsets.sort_unstable();
    if offsets.windows(2).all(|w| w[1] - w[0] >= elem as isize) {
        Ok(())
    } else {
        Err(overlap())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reshape_rules_follow_numpy() {
        // C-contiguous 2x3x4 -> 6x4, 24, 4x6.
        let s = dense_strides(&[2, 3, 4], 4, Order::C);
        assert_eq!(
            reshape_nocopy(&[2, 3, 4], &s, &[6, 4], 4, Order::C),
            Some(Axes::from_slice(&[16, 4]))
        );
        assert_eq!(
            reshape_nocopy(&[2, 3, 4], &s, &[24], 4, Order::C),
            Some(Axes::from_slice(&[4]))
        );
        // Transposed 3x2 (strides 4, 12): merging needs a copy, splitting does not.
        assert_eq!(reshape_nocopy(&[3, 2], &[4, 12], &[6], 4, Order::C), None);
        assert_eq!(
            reshape_nocopy(&[4, 2], &[4, 16], &[2, 2, 2], 4, Order::C),
            Some(Axes::from_slice(&[8, 4, 16]))
        );
        // Column slice [:, ::2] of 4x6 is every other element: it merges.
        assert_eq!(
            reshape_nocopy(&[4, 3], &[24, 8], &[12], 4, Order::C),
            Some(Axes::from_slice(&[8]))
        );
        // Column slice [:, :6:2] of 4x7: rows cannot merge, but can split.
        assert_eq!(reshape_nocopy(&[4, 3], &[28, 8], &[12], 4, Order::C), None);
        assert_eq!(
            reshape_nocopy(&[4, 3], &[28, 8], &[2, 2, 3, 1], 4, Order::C),
            Some(Axes::from_slice(&[56, 28, 8, 8]))
        );
    }

    #[test]
    fn slicing_resolves_like_numpy() {
        assert_eq!(resolve_range(10, None, None, -1), (9, 10));
        assert_eq!(resolve_range(10, Some(-3), None, 1), (7, 3));
        assert_eq!(resolve_range(10, Some(8), Some(2), -3), (8, 2));
        assert_eq!(resolve_range(10, Some(20), None, 1).1, 0);
        assert_eq!(resolve_range(10, Some(1), Some(8), 3), (1, 3));
        assert_eq!(resolve_range(0, None, None, -1).1, 0);
    }

    #[test]
    fn writable_overlap_is_exact() {
        // Interleaved but disjoint: strides 2 and 3 elements, shape (3, 2).
        assert!(check_writable(&[3, 2], &[8, 12], 4).is_ok());
        // Element 0 reached twice: (0,2)=(1,... ) strides 4 and 8 with (3,2).
        assert!(matches!(
            check_writable(&[3, 2], &[4, 8], 4),
            Err(Error::SelfOverlap { .. })
        ));
        assert!(matches!(
            check_writable(&[3, 2], &[0, 8], 4),
            Err(Error::ZeroStride { axis: 0, len: 3 })
        ));
        // Partial overlap: stride smaller than the element.
        assert!(check_writable(&[2], &[2], 4).is_err());
    }
}
