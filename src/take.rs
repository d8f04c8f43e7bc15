//! NumPy's indexed gathers beyond `take(axis, &[i])`: the `mode` argument
//! (`raise`, `clip`, `wrap`), N-d index arrays (`np.take(a, idx, axis)` puts
//! `idx`'s shape in place of `axis`) and `take_along_axis`.

use crate::array_ref::ArrayRef;
use crate::axis::{self, Axis};
use crate::error::{Error, Result};
use crate::kernels::{Index, KernelError};
use crate::view::{Array, AsView};
use bytemuck::Pod;
use std::mem::size_of;

/// What `take` does with an index outside `-len..len` (NumPy's `mode=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TakeMode {
    /// An error naming the index (negative ones count from the end).
    #[default]
    Raise,
    /// Clamped to `0..len` — negative indices become 0, as in NumPy (they
    /// do not count from the end in this mode).
    Clip,
    /// Wrapped around modulo `len` (so `-1` is the last).
    Wrap,
}

/// The in-range offsets of `indices` for an axis of `len` under `mode`.
fn resolve_indices<I: Index>(indices: &[I], len: usize, mode: TakeMode) -> Result<Vec<usize>> {
    if len == 0 && !indices.is_empty() {
        return Err(KernelError::IndexOutOfBounds {
            index: indices[0].wide(),
            position: 0,
            len,
        }
        .into());
    }
    let n = len as i128;
    indices
        .iter()
        .enumerate()
        .map(|(position, &i)| {
            let w = i.wide();
            Ok(match mode {
                TakeMode::Raise if (-n..n).contains(&w) => w.rem_euclid(n) as usize,
                TakeMode::Raise => {
                    return Err(KernelError::IndexOutOfBounds {
                        index: w,
                        position,
                        len,
                    }
                    .into())
                }
                TakeMode::Clip => w.clamp(0, n - 1) as usize,
                TakeMode::Wrap => w.rem_euclid(n) as usize,
            })
        })
        .collect()
}

impl<T: Pod> ArrayRef<T> {
    /// NumPy's `take(indices, axis, mode=mode)` with a 1-D index list.
    pub fn take_mode<I: Index>(
        &self,
        axis: impl Axis,
        indices: &[I],
        mode: TakeMode,
    ) -> Result<Array<T>> {
        let axis = axis::resolve(axis, self.ndim())?;
        let others: usize = (0..self.ndim())
            .filter(|&k| k != axis)
            .map(|k| self.shape()[k])
            .product();
        let outer: usize = self.shape()[..axis].iter().product();
        let raise_checks = mode == TakeMode::Raise && outer > 0;
        if self.shape()[axis] == 0 && others == 0 && !raise_checks {
            // NumPy: the result is empty and this mode looks at no index.
            let mut shape = self.shape().to_vec();
            shape[axis] = indices.len();
            return Array::zeros(&shape);
        }
        let offsets = resolve_indices(indices, self.shape()[axis], mode)?;
        self.take(axis, &offsets)
    }

    /// NumPy's `np.take(a, indices, axis, mode=mode)` with an index array of
    /// any shape: the result is `a.shape[:axis] + indices.shape +
    /// a.shape[axis+1:]`; `axis = None` takes from the flattened array.
    pub fn take_nd<I: Index>(
        &self,
        indices: impl AsView<I>,
        axis: Option<isize>,
        mode: TakeMode,
    ) -> Result<Array<T>> {
        let idx = indices.as_view();
        let flat_idx = idx.try_to_vec()?;
        let (source, axis) = match axis {
            None => (self.reshape_copy(&[self.len()])?, 0),
            Some(a) => (self.try_to_owned()?, axis::resolve(a, self.ndim())?),
        };
        let taken = source.take_mode(axis, &flat_idx, mode)?;
        let mut shape = source.shape()[..axis].to_vec();
        shape.extend_from_slice(idx.shape());
        shape.extend_from_slice(&source.shape()[axis + 1..]);
        Array::from_buf(taken.into_buf(), &shape)
    }
}

/// NumPy's `take_along_axis(arr, indices, axis)`: `indices` has `arr`'s
/// number of axes; along `axis` it picks positions (negative ones count from
/// the end), on the other axes it broadcasts against `arr`.
///
/// ```
/// use stridekit::{take_along_axis, Array};
/// let a = Array::from_slice(&[10.0f32, 30.0, 20.0, 60.0, 40.0, 50.0], &[2, 3])?;
/// let order = Array::from_slice(&[0i64, 2, 1, 1, 2, 0], &[2, 3])?; // np.argsort(a, axis=1)
/// let sorted = take_along_axis(&a, &order, 1)?;
/// assert_eq!(sorted.to_vec(), vec![10.0, 20.0, 30.0, 40.0, 50.0, 60.0]);
/// # Ok::<(), stridekit::Error>(())
/// ```
pub fn take_along_axis<T: Pod, I: Index>(
    arr: impl AsView<T>,
    indices: impl AsView<I>,
    axis: impl Axis,
) -> Result<Array<T>> {
    let (a, idx) = (arr.as_view(), indices.as_view());
    if idx.ndim() != a.ndim() {
        return Err(Error::AxisCount {
            what: "take_along_axis indices",
            expected: a.ndim(),
            found: idx.ndim(),
        });
    }
    let axis = axis::resolve(axis, a.ndim())?;
    let nd = a.ndim();
    let mut shape = vec![0usize; nd];
    for (d, out_len) in shape.iter_mut().enumerate() {
        *out_len = if d == axis {
            idx.shape()[d]
        } else {
            match (a.shape()[d], idx.shape()[d]) {
                (x, y) if x == y || y == 1 => x,
                (1, y) => y,
                _ => {
                    return Err(Error::Broadcast {
                        a: a.shape().to_vec(),
                        b: idx.shape().to_vec(),
                    })
                }
            }
        };
    }
    let len = a.shape()[axis];
    let total: usize = shape.iter().product();
    let mut out = Vec::new();
    out.try_reserve_exact(total).map_err(|_| Error::Alloc {
        elements: total,
        bytes: total.saturating_mul(size_of::<T>()),
    })?;
    let mut pos = vec![0usize; nd];
    let (mut ia, mut ii) = (vec![0usize; nd], vec![0usize; nd]);
    for flat in 0..total {
        for d in 0..nd {
            ii[d] = if idx.shape()[d] == 1 { 0 } else { pos[d] };
            ia[d] = if a.shape()[d] == 1 { 0 } else { pos[d] };
        }
        let i = idx.get(&ii).expect("a broadcast position is in range");
        let w = i.wide();
        if !(-(len as i128)..len as i128).contains(&w) {
            return Err(KernelError::IndexOutOfBounds {
                index: w,
                position: flat,
                len,
            }
            .into());
        }
        ia[axis] = w.rem_euclid(len as i128) as usize;
        out.push(a.get(&ia).expect("an in-range position"));
        for d in (0..nd).rev() {
            pos[d] += 1;
            if pos[d] < shape[d] {
                break;
            }
            pos[d] = 0;
        }
    }
    Array::from_vec(out, &shape)
}
