//! The integer-only element-wise operations (`floor_divide`, `remainder`,
//! bitwise operations, shifts, `invert`) in the same three forms as the
//! shared ones, and `clip` for every [`Arith`] type. The shared operations
//! (`add`, `maximum`, `neg`, …) take integers through [`Arith`] in the
//! parent module. Semantics: `stridekit_kernels::IntElement`.
//!
//! ```
//! use stridekit::{ops, Array};
//! let a = Array::from_slice(&[7i16, -7, 5, i16::MIN], &[4])?;
//! let b = Array::from_slice(&[2i16, 2, 0, -1], &[4])?;
//! assert_eq!(ops::floor_divide_new(&a, &b)?.to_vec(), [3, -4, 0, i16::MIN]); // NumPy's //
//! assert_eq!(ops::remainder_new(&a, &b)?.to_vec(), [1, 1, 0, 0]);
//! assert_eq!((&a + &b)?.to_vec(), [9, -5, 5, i16::MAX]); // wraps, as NumPy
//! assert_eq!(ops::clip_new(&a, -6, 6)?.to_vec(), [6, -6, 5, -6]);
//! # Ok::<(), stridekit::Error>(())
//! ```

use super::new_output;
use crate::error::Result;
use crate::iter::runs_for;
use crate::kernels::{active_isa, int_binary_raw, int_unary_raw, IntBinary, IntElement, IntUnary};
use crate::view::{Array, ArrayView, AsView, AsViewMut};

/// `out = op(a, b)` over views (inputs broadcast to `out`'s shape).
pub fn int_binary<T: IntElement>(
    op: IntBinary,
    a: impl AsView<T>,
    b: impl AsView<T>,
    mut out: impl AsViewMut<T>,
) -> Result<()> {
    let isa = active_isa()?;
    let (a, b, out) = (a.as_array_ref(), b.as_array_ref(), out.as_array_mut());
    runs_for([&out.raw, &a.raw, &b.raw], |n, p, s| {
        // SAFETY: the engine hands runs of valid elements; the output is
        // an exclusive borrow that no input can alias.
        unsafe { int_binary_raw::<T>(isa, op, n, p[1], s[1], p[2], s[2], p[0], s[0]) }
    })?;
    Ok(())
}

/// `a = op(a, b)` in place.
pub fn int_binary_assign<T: IntElement>(
    op: IntBinary,
    mut a: impl AsViewMut<T>,
    b: impl AsView<T>,
) -> Result<()> {
    let isa = active_isa()?;
    let (out, b) = (a.as_array_mut(), b.as_array_ref());
    runs_for([&out.raw, &b.raw], |n, p, s| {
        // SAFETY: as in `int_binary`; the first input is the output
        // itself at the same positions (the kernels' in-place form).
        unsafe { int_binary_raw::<T>(isa, op, n, p[0], s[0], p[1], s[1], p[0], s[0]) }
    })?;
    Ok(())
}

/// `op(a, b)` into a new array of the broadcast shape.
pub fn int_binary_new<T: IntElement>(
    op: IntBinary,
    a: impl AsView<T>,
    b: impl AsView<T>,
) -> Result<Array<T>> {
    let (a, b) = (a.as_array_ref(), b.as_array_ref());
    let mut out = new_output(&[&a, &b])?;
    int_binary(op, a, b, &mut out)?;
    Ok(out)
}

/// `out = op(a)` over views.
pub fn int_unary<T: IntElement>(
    op: IntUnary,
    a: impl AsView<T>,
    mut out: impl AsViewMut<T>,
) -> Result<()> {
    let isa = active_isa()?;
    let (a, out) = (a.as_array_ref(), out.as_array_mut());
    runs_for([&out.raw, &a.raw], |n, p, s| {
        // SAFETY: as in `int_binary`.
        unsafe { int_unary_raw::<T>(isa, op, n, p[1], s[1], p[0], s[0]) }
    })?;
    Ok(())
}

/// `a = op(a)` in place.
pub fn int_unary_assign<T: IntElement>(op: IntUnary, mut a: impl AsViewMut<T>) -> Result<()> {
    let isa = active_isa()?;
    let out = a.as_array_mut();
    runs_for([&out.raw], |n, p, s| {
        // SAFETY: as in `int_binary_assign`.
        unsafe { int_unary_raw::<T>(isa, op, n, p[0], s[0], p[0], s[0]) }
    })?;
    Ok(())
}

/// `op(a)` into a new array.
pub fn int_unary_new<T: IntElement>(op: IntUnary, a: impl AsView<T>) -> Result<Array<T>> {
    let a = a.as_array_ref();
    let mut out = new_output(&[&a])?;
    int_unary(op, a, &mut out)?;
    Ok(out)
}

/// The three forms of each integer-only operation.
macro_rules! int_view_ops {
    (binary { $($op:ident $name:ident $doc:literal;)* } unary { $($uop:ident $uname:ident $udoc:literal;)* }) => { pastey::paste! {
        $(
            #[doc = concat!("Into `out`, inputs broadcast to its shape: ", $doc)]
            pub fn $name<T: IntElement>(a: impl AsView<T>, b: impl AsView<T>, out: impl AsViewMut<T>) -> Result<()> {
                int_binary(IntBinary::$op, a, b, out)
            }
            #[doc = concat!("In place into `a`, `b` broadcast to `a`'s shape: ", $doc)]
            pub fn [<$name _assign>]<T: IntElement>(a: impl AsViewMut<T>, b: impl AsView<T>) -> Result<()> {
                int_binary_assign(IntBinary::$op, a, b)
            }
            #[doc = concat!("Into a new array of the broadcast shape: ", $doc)]
            pub fn [<$name _new>]<T: IntElement>(a: impl AsView<T>, b: impl AsView<T>) -> Result<Array<T>> {
                int_binary_new(IntBinary::$op, a, b)
            }
        )*
        $(
            #[doc = concat!("Into `out`, the input broadcast to its shape: ", $udoc)]
            pub fn $uname<T: IntElement>(a: impl AsView<T>, out: impl AsViewMut<T>) -> Result<()> {
                int_unary(IntUnary::$uop, a, out)
            }
            #[doc = concat!("In place: ", $udoc)]
            pub fn [<$uname _assign>]<T: IntElement>(a: impl AsViewMut<T>) -> Result<()> {
                int_unary_assign(IntUnary::$uop, a)
            }
            #[doc = concat!("Into a new array: ", $udoc)]
            pub fn [<$uname _new>]<T: IntElement>(a: impl AsView<T>) -> Result<Array<T>> {
                int_unary_new(IntUnary::$uop, a)
            }
        )*
    }};
}
int_view_ops! {
    binary {
        FloorDivide floor_divide "`a // b`, toward −∞; 0 where `b == 0`; `MIN // -1 == MIN` (NumPy's `floor_divide`).";
        Remainder remainder "`a % b` with the sign of `b`; 0 where `b == 0` (NumPy's `remainder`).";
        BitAnd bitwise_and "`a & b`.";
        BitOr bitwise_or "`a | b`.";
        BitXor bitwise_xor "`a ^ b`.";
        LeftShift left_shift "`a << b`; 0 for counts outside `0 .. BITS` (NumPy's `left_shift`).";
        RightShift right_shift "`a >> b`, arithmetic when signed; counts outside `0 .. BITS` give `-1` for negative `a`, else 0.";
    }
    unary {
        Invert invert "`!a` (NumPy's `invert`, `~a`).";
    }
}

/// Integer-only `std::ops` operators on arrays and views: `% & | ^ << >>`
/// return `Result<Array<T>>`, `!` inverts.
macro_rules! int_std_ops {
    ($($trait:ident $method:ident $op:ident;)*) => {$(
        impl<T: IntElement, R: AsView<T>> std::ops::$trait<R> for &Array<T> {
            type Output = Result<Array<T>>;
            fn $method(self, rhs: R) -> Result<Array<T>> {
                int_binary_new(IntBinary::$op, self, rhs)
            }
        }
        impl<T: IntElement, R: AsView<T>> std::ops::$trait<R> for &ArrayView<'_, T> {
            type Output = Result<Array<T>>;
            fn $method(self, rhs: R) -> Result<Array<T>> {
                int_binary_new(IntBinary::$op, self, rhs)
            }
        }
    )*};
}
int_std_ops! {
    Rem rem Remainder;
    BitAnd bitand BitAnd;
    BitOr bitor BitOr;
    BitXor bitxor BitXor;
    Shl shl LeftShift;
    Shr shr RightShift;
}

impl<T: IntElement> std::ops::Not for &Array<T> {
    type Output = Result<Array<T>>;
    fn not(self) -> Result<Array<T>> {
        int_unary_new(IntUnary::Invert, self)
    }
}

impl<T: IntElement> std::ops::Not for &ArrayView<'_, T> {
    type Output = Result<Array<T>>;
    fn not(self) -> Result<Array<T>> {
        int_unary_new(IntUnary::Invert, self)
    }
}
