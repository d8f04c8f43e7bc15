//! The element-wise oracle: plain scalar Rust written to be obviously right,
//! one element at a time. Every kernel on every ISA must equal these functions
//! bit for bit (any NaN equals any NaN). Nothing here is fast, and nothing here
//! is shared with the kernels' code paths: it imports only the op table (the
//! names of the operations) and the element trait.

use crate::elementwise::{BinaryOp, TernaryOp, UnaryOp};
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
        UnaryOp::Square => a.mul(a),
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
