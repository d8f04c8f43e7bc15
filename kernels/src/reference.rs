//! The oracle: plain scalar Rust written to be obviously right, one element at
//! a time. Every kernel on every ISA must equal these functions bit for bit
//! (any NaN equals any NaN). Nothing here is fast, and nothing here is shared
//! with the kernels' code paths — except the written-down summation order
//! ([`crate::order`]: lane count, block length, the trees), which is the
//! specification both follow.

use crate::elementwise::{BinaryOp, TernaryOp, UnaryOp};
use crate::order::{block_len, finish, lane_tree_sum, lanes, Pairwise};
use crate::reduce::{ArgReduction, Reduction};
use crate::Float;

/// IEEE 754-2019 `maximum`: NaN if either input is NaN; `+0` is greater than `-0`.
pub fn maximum<T: Float>(a: T, b: T) -> T {
    if a.is_nan() || b.is_nan() {
        T::NAN
    } else if a > b {
        a
    } else if b > a {
        b
    } else if a.is_sign_negative() {
        // Equal values: they differ only if they are zeros of opposite signs.
        b
    } else {
        a
    }
}

/// IEEE 754-2019 `minimum`: NaN if either input is NaN; `-0` is less than `+0`.
pub fn minimum<T: Float>(a: T, b: T) -> T {
    if a.is_nan() || b.is_nan() {
        T::NAN
    } else if a < b {
        a
    } else if b < a {
        b
    } else if a.is_sign_negative() {
        a
    } else {
        b
    }
}

/// IEEE 754-2019 `maximumNumber`: the other operand when one is NaN.
pub fn fmax<T: Float>(a: T, b: T) -> T {
    if a.is_nan() {
        b
    } else if b.is_nan() {
        a
    } else {
        maximum(a, b)
    }
}

/// IEEE 754-2019 `minimumNumber`: the other operand when one is NaN.
pub fn fmin<T: Float>(a: T, b: T) -> T {
    if a.is_nan() {
        b
    } else if b.is_nan() {
        a
    } else {
        minimum(a, b)
    }
}

/// The reference for one binary operation on one element.
pub fn binary<T: Float>(op: BinaryOp, a: T, b: T) -> T {
    match op {
        BinaryOp::Add => a.add(b),
        BinaryOp::Sub => a.sub(b),
        BinaryOp::Mul => a.mul(b),
        BinaryOp::Div => a.div(b),
        BinaryOp::Maximum => maximum(a, b),
        BinaryOp::Minimum => minimum(a, b),
        BinaryOp::Fmax => fmax(a, b),
        BinaryOp::Fmin => fmin(a, b),
    }
}

/// The reference for one unary operation on one element.
pub fn unary<T: Float>(op: UnaryOp, a: T) -> T {
    match op {
        UnaryOp::Neg => a.neg(),
        UnaryOp::Abs => a.abs(),
        UnaryOp::Sqrt => a.sqrt(),
    }
}

/// The reference for one ternary operation on one element.
pub fn ternary<T: Float>(op: TernaryOp, a: T, b: T, c: T) -> T {
    match op {
        TernaryOp::MulAdd => a.mul_add(b, c),
    }
}

/// `out[i] = op(a[i], b[i])` over slices of equal length.
pub fn binary_slices<T: Float>(op: BinaryOp, a: &[T], b: &[T], out: &mut [T]) {
    assert!(
        a.len() == out.len() && b.len() == out.len(),
        "reference: lengths differ"
    );
    for i in 0..out.len() {
        out[i] = binary(op, a[i], b[i]);
    }
}

/// `out[i] = op(a[i])` over slices of equal length.
pub fn unary_slices<T: Float>(op: UnaryOp, a: &[T], out: &mut [T]) {
    assert!(a.len() == out.len(), "reference: lengths differ");
    for i in 0..out.len() {
        out[i] = unary(op, a[i]);
    }
}

/// `out[i] = op(a[i], b[i], c[i])` over slices of equal length.
pub fn ternary_slices<T: Float>(op: TernaryOp, a: &[T], b: &[T], c: &[T], out: &mut [T]) {
    assert!(
        a.len() == out.len() && b.len() == out.len() && c.len() == out.len(),
        "reference: lengths differ"
    );
    for i in 0..out.len() {
        out[i] = ternary(op, a[i], b[i], c[i]);
    }
}

/// The transposing copy: `dst[c * ds + r] = src[r * ss + c]` (strides in elements).
pub fn transpose<T: Copy>(
    rows: usize,
    cols: usize,
    src: &[T],
    ss: usize,
    dst: &mut [T],
    ds: usize,
) {
    for r in 0..rows {
        for c in 0..cols {
            dst[c * ds + r] = src[r * ss + c];
        }
    }
}

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
/// result, then the first element with the same bits (any NaN for NaN).
/// `None` for an empty input, or only NaN under a `nan*` form.
pub fn arg<T: Float>(op: ArgReduction, x: &[T]) -> Option<usize> {
    let e = reduce(op.value(), x)?;
    if e.is_nan() && matches!(op, ArgReduction::NanArgMax | ArgReduction::NanArgMin) {
        return None;
    }
    x.iter()
        .position(|&v| (v.is_nan() && e.is_nan()) || v.to_bits_u64() == e.to_bits_u64())
}
