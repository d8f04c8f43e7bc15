//! `Axes`: one value per axis (a view's shape, its byte strides, the
//! engine's per-axis plan), stored inline for up to [`INLINE_AXES`] axes.
//!
//! Every view carries its geometry, and a call such as `ops::add(&a, &b,
//! &mut out)` makes a view of each operand, so geometry on the heap would
//! cost allocations on every call. Inline, a view of up to eight axes (NumPy
//! arrays rarely have more) is plain data: cloning it copies a fixed-size
//! block, with no allocation and no length-dependent copy loop. Arrays of
//! more axes spill to a `Vec` and keep working.
//!
//! The inline slots past the length always hold zeros (the values are
//! [`Zeroable`]), so the whole block may be copied and compared bitwise
//! without reading anything uninitialised; there is no `unsafe` here.

use bytemuck::Zeroable;
use std::fmt;
use std::ops::{Deref, DerefMut};

/// Axes stored inline: arrays of up to this many dimensions never allocate
/// for their geometry.
pub(crate) const INLINE_AXES: usize = 8;

/// One `V` per axis, inline up to [`INLINE_AXES`] axes.
#[derive(Clone)]
pub(crate) enum Axes<V: Copy + Zeroable> {
    /// `len` values in the first slots of the array; the rest are zero.
    Inline {
        len: usize,
        values: [V; INLINE_AXES],
    },
    /// More axes than fit inline.
    Heap(Vec<V>),
}

impl<V: Copy + Zeroable> Axes<V> {
    /// No axes (a 0-d array's geometry).
    pub(crate) fn new() -> Self {
        Axes::Inline {
            len: 0,
            values: [V::zeroed(); INLINE_AXES],
        }
    }

    /// Room for `n` axes without reallocating.
    pub(crate) fn with_capacity(n: usize) -> Self {
        if n <= INLINE_AXES {
            Self::new()
        } else {
            Axes::Heap(Vec::with_capacity(n))
        }
    }

    /// A copy of `values`.
    pub(crate) fn from_slice(values: &[V]) -> Self {
        let n = values.len();
        if n <= INLINE_AXES {
            let mut inline = [V::zeroed(); INLINE_AXES];
            inline[..n].copy_from_slice(values);
            Axes::Inline {
                len: n,
                values: inline,
            }
        } else {
            Axes::Heap(values.to_vec())
        }
    }

    /// `n` copies of `v`.
    pub(crate) fn filled(v: V, n: usize) -> Self {
        if n <= INLINE_AXES {
            let mut values = [V::zeroed(); INLINE_AXES];
            values[..n].fill(v);
            Axes::Inline { len: n, values }
        } else {
            Axes::Heap(vec![v; n])
        }
    }

    /// Appends one axis, moving to the heap past [`INLINE_AXES`].
    pub(crate) fn push(&mut self, v: V) {
        match self {
            Axes::Inline { len, values } if *len < INLINE_AXES => {
                values[*len] = v;
                *len += 1;
            }
            Axes::Inline { values, .. } => {
                let mut heap = Vec::with_capacity(2 * INLINE_AXES);
                heap.extend_from_slice(values);
                heap.push(v);
                *self = Axes::Heap(heap);
            }
            Axes::Heap(h) => h.push(v),
        }
    }

    /// The values as a slice.
    pub(crate) fn as_slice(&self) -> &[V] {
        self
    }

    /// Appends a copy of every value of `values`.
    pub(crate) fn extend_from_slice(&mut self, values: &[V]) {
        self.extend(values.iter().copied());
    }

    /// Inserts an axis at position `i` (`i <= len`).
    pub(crate) fn insert(&mut self, i: usize, v: V) {
        assert!(i <= self.len(), "axis {i} past the end");
        self.push(v);
        self[i..].rotate_right(1);
    }

    /// Removes and returns the axis at position `i`.
    pub(crate) fn remove(&mut self, i: usize) -> V {
        let v = self[i];
        self[i..].rotate_left(1);
        match self {
            Axes::Inline { len, values } => {
                *len -= 1;
                values[*len] = V::zeroed();
            }
            Axes::Heap(h) => {
                h.pop();
            }
        }
        v
    }
}

impl<V: Copy + Zeroable> Default for Axes<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: Copy + Zeroable> Deref for Axes<V> {
    type Target = [V];
    fn deref(&self) -> &[V] {
        match self {
            Axes::Inline { len, values } => &values[..*len],
            Axes::Heap(h) => h,
        }
    }
}

impl<V: Copy + Zeroable> DerefMut for Axes<V> {
    fn deref_mut(&mut self) -> &mut [V] {
        match self {
            Axes::Inline { len, values } => &mut values[..*len],
            Axes::Heap(h) => h,
        }
    }
}

impl<V: Copy + Zeroable> FromIterator<V> for Axes<V> {
    fn from_iter<I: IntoIterator<Item = V>>(iter: I) -> Self {
        let mut a = Self::new();
        a.extend(iter);
        a
    }
}

impl<V: Copy + Zeroable> Extend<V> for Axes<V> {
    fn extend<I: IntoIterator<Item = V>>(&mut self, iter: I) {
        for v in iter {
            self.push(v);
        }
    }
}

impl<'a, V: Copy + Zeroable> IntoIterator for &'a Axes<V> {
    type Item = &'a V;
    type IntoIter = std::slice::Iter<'a, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<V: Copy + Zeroable> From<&[V]> for Axes<V> {
    fn from(values: &[V]) -> Self {
        Self::from_slice(values)
    }
}

impl<V: Copy + Zeroable, const M: usize> From<&[V; M]> for Axes<V> {
    fn from(values: &[V; M]) -> Self {
        Self::from_slice(values)
    }
}

impl<V: Copy + Zeroable> From<&Vec<V>> for Axes<V> {
    fn from(values: &Vec<V>) -> Self {
        Self::from_slice(values)
    }
}

impl<V: Copy + Zeroable> From<Vec<V>> for Axes<V> {
    fn from(values: Vec<V>) -> Self {
        if values.len() <= INLINE_AXES {
            Self::from_slice(&values)
        } else {
            Axes::Heap(values)
        }
    }
}

impl<V: Copy + Zeroable + PartialEq> PartialEq for Axes<V> {
    fn eq(&self, other: &Self) -> bool {
        self[..] == other[..]
    }
}

impl<V: Copy + Zeroable + Eq> Eq for Axes<V> {}

impl<V: Copy + Zeroable + fmt::Debug> fmt::Debug for Axes<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self[..].fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_spilled_axes_behave_like_a_vec() {
        for n in [0, 1, 7, 8, 9, 20] {
            let want: Vec<usize> = (0..n).map(|k| k * 3 + 1).collect();
            let mut a: Axes<usize> = want.iter().copied().collect();
            assert_eq!(a[..], want[..]);
            assert_eq!(matches!(a, Axes::Heap(_)), n > INLINE_AXES);
            assert_eq!(a.clone(), Axes::from_slice(&want));
            let mut v = want.clone();
            v.insert(n / 2, 99);
            a.insert(n / 2, 99);
            assert_eq!(a[..], v[..]);
            assert_eq!(a.remove(0), v.remove(0));
            assert_eq!(a[..], v[..]);
            assert_eq!(Axes::filled(5usize, n)[..], vec![5; n][..]);
        }
    }

    #[test]
    fn removed_inline_slots_are_zeroed() {
        let mut a = Axes::from_slice(&[4isize, 5, 6]);
        a.remove(1);
        let Axes::Inline { len, values } = a else {
            panic!("three axes are inline")
        };
        assert_eq!((len, values), (2, [4, 6, 0, 0, 0, 0, 0, 0]));
    }
}
