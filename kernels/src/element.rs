//! The element types of the data-movement kernels: the numeric types NumPy
//! exchanges (`f64 f32 f16 bf16 i64 i32 i16 u16 u8`), with their NumPy names.

use bytemuck::Pod;
use half::{bf16, f16};
use std::fmt::{Debug, Display};

/// A numeric element type: the root of the element-type hierarchy.
///
/// Every type here can be viewed, copied, taken, byte-swapped, converted
/// (`astype`) and compared into masks. Narrower traits add what a type can compute:
///
/// | trait | types | adds |
/// |---|---|---|
/// | `Element` | `f64 f32 f16 bf16 i64 i32 i16 i8 u64 u32 u16 u8` | views, copies, `take` / `put`, conversions, byte swaps |
/// | [`Arith`](crate::Arith): `Element` | `f64 f32 f16 bf16` and the integers | `add sub mul maximum minimum neg abs square clip` |
/// | [`Float`](crate::Float): `Arith` | `f64 f32` | all element-wise arithmetic, float reductions, statistics, windows |
/// | [`IntElement`](crate::IntElement): `Arith` | `i64 i32 i16 i8 u64 u32 u16 u8` | `floor_divide remainder`, bitwise, shifts; exact sums and products, extremes |
///
/// (`astype` covers the 81 pairs of the nine types that NumPy and Arrow
/// exchange most: all but `i8 u32 u64`.) Sealed: the list is the crate's.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a stridekit element type",
    label = "not one of f64 f32 f16 bf16 i64 i32 i16 i8 u64 u32 u16 u8",
    note = "the element types and what each computes: the `Element` trait's docs, or the README's \"Element types\" table"
)]
pub trait Element:
    Pod + Send + Sync + Debug + Display + PartialEq + PartialOrd + sealed::Sealed + 'static
{
    /// NumPy's name for the type (`"float32"`, `"int16"`, …).
    const NAME: &'static str;
    /// Rust's name for the type (`"f32"`, `"i16"`, …), as reports print it.
    const RUST_NAME: &'static str;
    /// Whether the type is a floating-point type.
    const IS_FLOAT: bool;
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! elements {
    ($($t:ident => $name:literal, $float:literal;)*) => {$(
        impl sealed::Sealed for $t {}
        impl Element for $t {
            const NAME: &'static str = $name;
            const RUST_NAME: &'static str = stringify!($t);
            const IS_FLOAT: bool = $float;
        }
    )*};
}
elements! {
    f64 => "float64", true;
    f32 => "float32", true;
    f16 => "float16", true;
    bf16 => "bfloat16", true;
    i64 => "int64", false;
    i32 => "int32", false;
    i16 => "int16", false;
    i8 => "int8", false;
    u64 => "uint64", false;
    u32 => "uint32", false;
    u16 => "uint16", false;
    u8 => "uint8", false;
}

/// Reads element `k` of a run at a byte stride (any alignment).
///
/// # Safety
/// The element must be readable.
#[inline(always)]
pub(crate) unsafe fn read_at<T: Copy>(base: *const u8, stride: isize, k: usize) -> T {
    // SAFETY: caller contract.
    unsafe {
        base.offset(k as isize * stride)
            .cast::<T>()
            .read_unaligned()
    }
}

/// Writes element `k` of a run at a byte stride (any alignment).
///
/// # Safety
/// The element must be writable.
#[inline(always)]
pub(crate) unsafe fn write_at<T: Copy>(base: *mut u8, stride: isize, k: usize, v: T) {
    // SAFETY: caller contract.
    unsafe {
        base.offset(k as isize * stride)
            .cast::<T>()
            .write_unaligned(v)
    }
}
