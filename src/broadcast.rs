//! NumPy's `broadcast_shapes` and `broadcast_arrays` as public functions.

use crate::error::Result;
use crate::layout;
use crate::view::ArrayView;

/// The shape every one of `shapes` broadcasts to (NumPy's
/// `np.broadcast_shapes`); none gives the 0-d shape `[]`.
///
/// ```
/// assert_eq!(stridekit::broadcast_shapes(&[&[3, 1], &[4], &[1, 1, 1]])?, vec![1, 3, 4]);
/// assert!(stridekit::broadcast_shapes(&[&[3], &[4]]).is_err());
/// # Ok::<(), stridekit::Error>(())
/// ```
pub fn broadcast_shapes(shapes: &[&[usize]]) -> Result<Vec<usize>> {
    shapes
        .iter()
        .try_fold(layout::Shape::new(), |acc, s| {
            layout::broadcast_shapes(&acc, s)
        })
        .map(|s| s.to_vec())
}

/// Read-only views of every input broadcast to their common shape (NumPy's
/// `np.broadcast_arrays`: stride 0 on stretched axes; no copy).
///
/// ```
/// use stridekit::{broadcast_arrays, Array};
/// let col = Array::from_slice(&[1.0f32, 2.0, 3.0], &[3, 1])?;
/// let row = Array::from_slice(&[10.0f32, 20.0], &[2])?;
/// let both = broadcast_arrays(&[col.view(), row.view()])?;
/// assert_eq!(both[0].shape(), &[3, 2]);
/// assert_eq!(both[1].strides(), &[0, 4]);
/// # Ok::<(), stridekit::Error>(())
/// ```
pub fn broadcast_arrays<'a, T: bytemuck::Pod>(
    views: &[ArrayView<'a, T>],
) -> Result<Vec<ArrayView<'a, T>>> {
    let shapes: Vec<&[usize]> = views.iter().map(|v| v.shape()).collect();
    let shape = broadcast_shapes(&shapes)?;
    views.iter().map(|v| v.broadcast_to(&shape)).collect()
}
