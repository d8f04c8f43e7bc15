//! The mask family's oracle: one element at a time, in the plainest Rust.

use super::{Classify, Compare};
use crate::Float;

/// `op(a, b)`, NumPy's comparison (IEEE 754: NaN compares false, except `!=`).
pub fn compare<T: crate::Element>(op: Compare, a: T, b: T) -> bool {
    match op {
        Compare::Equal => a == b,
        Compare::NotEqual => a != b,
        Compare::Less => a < b,
        Compare::LessEqual => a <= b,
        Compare::Greater => a > b,
        Compare::GreaterEqual => a >= b,
    }
}

/// `op(x)`: NumPy's `isnan`, `isinf`, `isfinite`, `signbit`.
pub fn classify<T: Float>(op: Classify, x: T) -> bool {
    match op {
        Classify::IsNan => x.is_nan(),
        Classify::IsInf => x.abs() == T::INFINITY,
        Classify::IsFinite => !x.is_nan() && x.abs() != T::INFINITY,
        Classify::SignBit => x.is_sign_negative(),
    }
}
