//! Joining arrays: NumPy's `concatenate`, `stack`, `hstack`, `vstack`. The
//! result's memory order is NumPy's: axes sorted by the inputs' strides
//! (`PyArray_CreateMultiSortedStridePerm`: biggest stride outermost, C order
//! where inputs disagree), so joining F-order arrays gives an F-order array.
//! Each input is copied once into its slice of the result by the engine.

use crate::axis::{self, Axis};
use crate::buffer::AlignedBuf;
use crate::error::{Error, Result};
use crate::layout::{self, SliceArg};
use crate::view::{Array, ArrayView};
use bytemuck::Pod;
use std::mem::size_of;

/// NumPy's axis order for a new array laid out like all of `views`.
fn sorted_stride_perm<T>(views: &[ArrayView<'_, T>], ndim: usize) -> Vec<usize> {
    let mut perm: Vec<usize> = (0..ndim).collect();
    for i0 in 1..ndim {
        let mut ipos = i0;
        let ax0 = perm[i0];
        for i1 in (0..i0).rev() {
            let ax1 = perm[i1];
            let (mut ambiguous, mut swap) = (true, false);
            for v in views {
                let (shape, strides) = (&v.raw.shape, &v.raw.strides);
                if shape[ax0] != 1 && shape[ax1] != 1 {
                    if strides[ax0].unsigned_abs() <= strides[ax1].unsigned_abs() {
                        swap = false; // C order wins a conflict
                    } else if ambiguous {
                        swap = true;
                    }
                    ambiguous = false;
                }
            }
            if !ambiguous {
                if swap {
                    ipos = i1;
                } else {
                    break;
                }
            }
        }
        if ipos != i0 {
            perm[ipos..=i0].rotate_right(1);
        }
    }
    perm
}

/// NumPy's `concatenate(views, axis)`: every input has the same number of
/// axes and the same lengths except along `axis`.
///
/// ```
/// use stridekit::{concatenate, Array};
/// let a = Array::from_slice(&[1.0f32, 2.0, 3.0, 4.0], &[2, 2])?;
/// let b = Array::from_slice(&[5.0f32, 6.0], &[1, 2])?;
/// let c = concatenate(&[a.view(), b.view()], 0)?;   // np.concatenate([a, b])
/// assert_eq!(c.to_vec(), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
/// assert_eq!(concatenate(&[a.view(), a.view()], -1)?.shape(), &[2, 4]);
/// # Ok::<(), stridekit::Error>(())
/// ```
pub fn concatenate<T: Pod>(views: &[ArrayView<'_, T>], axis: impl Axis) -> Result<Array<T>> {
    let first = views.first().ok_or(Error::NothingToJoin)?;
    let ndim = first.ndim();
    if ndim == 0 {
        return Err(Error::JoinZeroDim);
    }
    let axis = axis::resolve(axis, ndim)?;
    let mut shape = first.shape().to_vec();
    shape[axis] = 0;
    for (i, v) in views.iter().enumerate() {
        let same =
            v.ndim() == ndim && (0..ndim).all(|k| k == axis || v.shape()[k] == first.shape()[k]);
        if !same {
            return Err(Error::JoinShape {
                index: i,
                shape: v.shape().to_vec(),
                first: first.shape().to_vec(),
                axis,
            });
        }
        shape[axis] =
            shape[axis]
                .checked_add(v.shape()[axis])
                .ok_or_else(|| Error::SizeOverflow {
                    shape: shape.clone(),
                })?;
    }
    let n = layout::checked_size(&shape, size_of::<T>())?;
    let perm = sorted_stride_perm(views, ndim);
    if perm.iter().enumerate().all(|(k, &p)| k == p) && shape[..axis].iter().all(|&d| d == 1) {
        // C order, nothing outside `axis` before it: each input is one run
        // of the result, appended in turn (no zero-fill, one pass).
        let mut buf = AlignedBuf::try_with_capacity(n)?;
        for v in views {
            match v.as_slice() {
                Some(xs) => buf.try_extend_from_slice(xs)?,
                None => buf.try_extend_from_slice(&v.try_to_vec()?)?,
            }
        }
        return Array::from_buf_permuted(buf, &shape, &perm);
    }
    let mut out = Array::from_buf_permuted(AlignedBuf::try_filled(T::zeroed(), n)?, &shape, &perm)?;
    let mut start = 0usize;
    for v in views {
        let len = v.shape()[axis];
        let mut args = vec![SliceArg::ALL; axis];
        args.push(SliceArg::from(start..start + len));
        out.slice_mut(args)?.assign(v)?;
        start += len;
    }
    Ok(out)
}

/// NumPy's `stack(views, axis)`: a new axis `axis` (of the result) along
/// which the equally shaped inputs follow each other.
///
/// ```
/// use stridekit::{stack, Array};
/// let a = Array::from_slice(&[1.0f32, 2.0], &[2])?;
/// let b = Array::from_slice(&[3.0f32, 4.0], &[2])?;
/// assert_eq!(stack(&[a.view(), b.view()], 0)?.to_vec(), vec![1.0, 2.0, 3.0, 4.0]); // shape (2, 2)
/// let cols = stack(&[a.view(), b.view()], -1)?; // np.stack([a, b], axis=-1)
/// assert_eq!((cols.shape(), cols.to_vec()), (&[2, 2][..], vec![1.0, 3.0, 2.0, 4.0]));
/// # Ok::<(), stridekit::Error>(())
/// ```
pub fn stack<T: Pod>(views: &[ArrayView<'_, T>], axis: impl Axis) -> Result<Array<T>> {
    let first = views.first().ok_or(Error::NothingToJoin)?;
    let axis = axis::resolve(axis, first.ndim() + 1)?;
    let expanded: Vec<ArrayView<'_, T>> = views
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if v.shape() != first.shape() {
                return Err(Error::JoinShape {
                    index: i,
                    shape: v.shape().to_vec(),
                    first: first.shape().to_vec(),
                    axis,
                });
            }
            v.expand_dims(axis)
        })
        .collect::<Result<_>>()?;
    concatenate(&expanded, axis)
}

/// NumPy's `hstack`: along axis 1, or axis 0 for 1-D inputs.
pub fn hstack<T: Pod>(views: &[ArrayView<'_, T>]) -> Result<Array<T>> {
    let first = views.first().ok_or(Error::NothingToJoin)?;
    let views: Vec<ArrayView<'_, T>> = views.iter().map(at_least_1d).collect();
    concatenate(&views, if first.ndim() <= 1 { 0 } else { 1 })
}

/// NumPy's `vstack`: along axis 0 after making 0-d and 1-D inputs rows.
pub fn vstack<T: Pod>(views: &[ArrayView<'_, T>]) -> Result<Array<T>> {
    let views: Vec<ArrayView<'_, T>> = views
        .iter()
        .map(|v| match v.ndim() {
            0 => v.reshape(&[1usize, 1]),
            1 => v.expand_dims(0),
            _ => Ok(v.clone()),
        })
        .collect::<Result<_>>()?;
    concatenate(&views, 0)
}

fn at_least_1d<'a, T: Pod>(v: &ArrayView<'a, T>) -> ArrayView<'a, T> {
    if v.ndim() == 0 {
        v.reshape(&[1usize])
            .expect("a 0-d view reshapes to one element")
    } else {
        v.clone()
    }
}
