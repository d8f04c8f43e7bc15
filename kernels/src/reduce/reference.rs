//! The reduction oracle: plain scalar Rust in the fixed summation order that
//! [`crate::order`] writes down (lane count, block length, the trees) — the one
//! thing it shares with the kernels, as the specification both follow.

use crate::elementwise::reference::{fmax, fmin, maximum, minimum};
use crate::order::{block_len, finish, lane_tree_sum, lanes, Pairwise};
use crate::reduce::{ArgReduction, Reduction};
use crate::Float;

/// What one lane does with one element.
fn step<T: Float>(op: Reduction, acc: T, x: T) -> T {
    match op {
        Reduction::Sum => acc.add(x),
        Reduction::NanSum if x.is_nan() => acc,
        Reduction::NanSum => acc.add(x),
        Reduction::SumSquares => x.mul_add(x, acc),
        Reduction::Max => maximum(acc, x),
        Reduction::Min => minimum(acc, x),
        Reduction::NanMax => fmax(acc, x),
        Reduction::NanMin => fmin(acc, x),
    }
}

/// A value reduction in the fixed order (`crate::order`), written as plainly
/// as possible: `None` for an empty input of a reduction without identity.
pub fn reduce<T: Float>(op: Reduction, x: &[T]) -> Option<T> {
    if op.needs_elements() {
        // Extremes: order-free, one left-to-right fold.
        let first = *x.first()?;
        return Some(x[1..].iter().fold(first, |acc, &v| step(op, acc, v)));
    }
    Some(ordered_sum(x.len(), |i, acc| step(op, acc, x[i])))
}

/// `Σ a[i]·b[i]` in the fixed order, each product fused into its lane.
pub fn dot<T: Float>(a: &[T], b: &[T]) -> T {
    assert_eq!(a.len(), b.len());
    ordered_sum(a.len(), |i, acc| a[i].mul_add(b[i], acc))
}

/// The fixed order: lanes `i % lanes` per block, the halving lane tree, the
/// pairwise tree across blocks. `add(i, acc)` adds element `i` to a lane.
fn ordered_sum<T: Float>(n: usize, add: impl Fn(usize, T) -> T) -> T {
    let (l, b) = (lanes::<T>(), block_len::<T>());
    let mut pw = Pairwise::new();
    for start in (0..n).step_by(b) {
        let mut acc = vec![T::NEG_ZERO; l];
        for i in start..n.min(start + b) {
            acc[(i - start) % l] = add(i, acc[(i - start) % l]);
        }
        pw.push(lane_tree_sum(&mut acc));
    }
    finish(&pw)
}

/// The first index of the extreme `op` looks for: the value reduction's
/// result, then the first element equal to it (any zero for a zero, any NaN
/// for NaN) — NumPy's `argmax([-0.0, 0.0]) == 0`.
/// `None` for an empty input, or only NaN under a `nan*` form.
pub fn arg<T: Float>(op: ArgReduction, x: &[T]) -> Option<usize> {
    let e = reduce(op.value(), x)?;
    if e.is_nan() && matches!(op, ArgReduction::NanArgMax | ArgReduction::NanArgMin) {
        return None;
    }
    // NumPy's rule: the first element equal to the extreme as a number
    // (-0 == +0), or the first NaN.
    x.iter().position(|&v| (v.is_nan() && e.is_nan()) || v == e)
}
