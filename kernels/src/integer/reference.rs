//! The integer family's oracle: each operation written a second time,
//! element by element, in the plainest form (wide arithmetic, then
//! truncation), so a kernel and its oracle share no code.

use super::{IntBinary, IntElement, IntUnary};

/// `op(a, b)` through `i128` arithmetic, truncated to `T`'s width.
pub fn int_binary<T>(op: IntBinary, a: T, b: T) -> T
where
    T: IntElement + TryFrom<i128> + Into<i128>,
{
    let (x, y): (i128, i128) = (a.into(), b.into());
    let bits = T::BITS as i128;
    let r = match op {
        IntBinary::Add => x + y,
        IntBinary::Sub => x - y,
        IntBinary::Mul => x.wrapping_mul(y),
        IntBinary::FloorDivide if y == 0 => 0,
        IntBinary::FloorDivide => x.div_euclid(y) - i128::from(y < 0 && x.rem_euclid(y) != 0),
        IntBinary::Remainder if y == 0 => 0,
        IntBinary::Remainder => {
            let r = x.rem_euclid(y);
            if y < 0 && r != 0 {
                r + y
            } else {
                r
            }
        }
        IntBinary::Maximum => x.max(y),
        IntBinary::Minimum => x.min(y),
        IntBinary::BitAnd => x & y,
        IntBinary::BitOr => x | y,
        IntBinary::BitXor => x ^ y,
        IntBinary::LeftShift if (0..bits).contains(&y) => x << y,
        IntBinary::LeftShift => 0,
        IntBinary::RightShift if (0..bits).contains(&y) => x >> y,
        IntBinary::RightShift => {
            if x < 0 {
                -1
            } else {
                0
            }
        }
    };
    truncate(r)
}

/// `op(a)` through `i128` arithmetic, truncated.
pub fn int_unary<T>(op: IntUnary, a: T) -> T
where
    T: IntElement + TryFrom<i128> + Into<i128>,
{
    let x: i128 = a.into();
    truncate(match op {
        IntUnary::Neg => -x,
        IntUnary::Abs => x.abs(),
        IntUnary::Square => x.wrapping_mul(x),
        IntUnary::Invert => !x,
    })
}

/// NumPy's `clip`: `min(max(a, lo), hi)`.
pub fn clip<T: IntElement>(a: T, lo: T, hi: T) -> T {
    let a = if a < lo { lo } else { a };
    if a > hi {
        hi
    } else {
        a
    }
}

/// The low `T::BITS` bits of `r` as a `T` (two's complement wrapping).
fn truncate<T: IntElement + TryFrom<i128>>(r: i128) -> T {
    let modulus = 1i128 << T::BITS;
    let mut low = r.rem_euclid(modulus);
    if T::SIGNED && low >= modulus / 2 {
        low -= modulus;
    }
    T::try_from(low).unwrap_or_else(|_| unreachable!("{low} fits after truncation"))
}
