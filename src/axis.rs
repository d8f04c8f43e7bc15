//! Axis numbers and reshape lengths as NumPy takes them: an axis may count
//! from the end (`-1` is the last), and one length of a reshape may be `-1`
//! (inferred from the others). Any integer type works — `usize` variables
//! as they are, and literals such as `-1` or `[1, 0]`.

use crate::error::{Error, Result};
use crate::layout::{Shape, Strides};

/// An integer naming an axis: `0..ndim`, or `-ndim..0` counting from the end.
pub trait Axis: Copy {
    /// The value as a signed number (a `usize` beyond `isize::MAX` saturates,
    /// and is then out of range for every array).
    fn signed(self) -> isize;
}

/// An integer giving one length of a reshape: a length, or `-1` (once) for
/// "whatever the others leave".
pub trait Dim: Copy {
    /// The value as a signed number (saturating as for [`Axis`]).
    fn signed(self) -> isize;
}

macro_rules! impl_int_args {
    ($($t:ty),*) => {$(
        impl Axis for $t {
            fn signed(self) -> isize {
                isize::try_from(self).unwrap_or(isize::MAX)
            }
        }
        impl Dim for $t {
            fn signed(self) -> isize {
                isize::try_from(self).unwrap_or(isize::MAX)
            }
        }
    )*};
}
impl_int_args!(usize, isize, i32, i64, u32);

/// The axis `axis` names in an array of `ndim` axes.
pub(crate) fn resolve<A: Axis>(axis: A, ndim: usize) -> Result<usize> {
    resolve_signed(axis.signed(), ndim)
}

pub(crate) fn resolve_signed(axis: isize, ndim: usize) -> Result<usize> {
    let nd = isize::try_from(ndim).unwrap_or(isize::MAX);
    let k = if axis < 0 {
        axis.saturating_add(nd)
    } else {
        axis
    };
    if (0..nd).contains(&k) {
        Ok(k as usize)
    } else {
        Err(Error::AxisOutOfRange { axis, ndim })
    }
}

/// Every axis of `axes` resolved (repeats are the caller's to judge).
pub(crate) fn resolve_all<A: Axis>(axes: &[A], ndim: usize) -> Result<Vec<usize>> {
    axes.iter().map(|&a| resolve(a, ndim)).collect()
}

/// The reshape lengths `dims` for an array of `len` elements: at most one
/// `-1`, inferred so the sizes agree; any other negative length is an error.
pub(crate) fn resolve_shape<D: Dim>(dims: &[D], len: usize) -> Result<Shape> {
    let signed: Strides = dims.iter().map(|d| d.signed()).collect();
    let bad = |reason: &'static str| Error::BadReshapeLengths {
        shape: signed.to_vec(),
        reason,
    };
    let mut infer = None;
    let mut known = 1usize;
    for (k, &d) in signed.iter().enumerate() {
        match d {
            -1 if infer.is_some() => return Err(bad("can only specify one unknown length")),
            -1 => infer = Some(k),
            d if d < 0 => return Err(bad("a length is negative (only -1 is allowed)")),
            // An overflow here means the sizes cannot agree with any
            // real array; the size check after reports it.
            d => known = known.saturating_mul(d as usize),
        }
    }
    let mut shape: Shape = signed.iter().map(|&d| d.max(0) as usize).collect();
    if let Some(k) = infer {
        if known == 0 || !len.is_multiple_of(known) {
            return Err(Error::ReshapeInfer {
                shape: signed.to_vec(),
                len,
            });
        }
        shape[k] = len / known;
    }
    Ok(shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_axes_count_from_the_end() {
        assert_eq!(resolve(-1, 3).unwrap(), 2);
        assert_eq!(resolve(-3, 3).unwrap(), 0);
        assert_eq!(resolve(2usize, 3).unwrap(), 2);
        assert!(matches!(
            resolve(-4, 3),
            Err(Error::AxisOutOfRange { axis: -4, ndim: 3 })
        ));
        assert!(resolve(3, 3).is_err());
        assert!(resolve(usize::MAX, 3).is_err());
        assert!(resolve(isize::MIN, 3).is_err());
        assert!(resolve(0, 0).is_err());
    }

    #[test]
    fn one_reshape_length_is_inferred() {
        assert_eq!(resolve_shape(&[2, -1], 6).unwrap()[..], [2, 3]);
        assert_eq!(resolve_shape(&[-1], 0).unwrap()[..], [0]);
        assert_eq!(resolve_shape(&[3usize, 2], 6).unwrap()[..], [3, 2]);
        assert!(resolve_shape(&[-1, -1], 6).is_err());
        assert!(resolve_shape(&[4, -1], 6).is_err());
        assert!(resolve_shape(&[0, -1], 0).is_err());
        assert!(resolve_shape(&[-2, 3], 6).is_err());
    }
}
