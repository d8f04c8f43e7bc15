//! The element types of the data-movement kernels: the numeric types NumPy
//! exchanges (`f64 f32 f16 bf16 i64 i32 i16 u16 u8`), with their NumPy names.

use bytemuck::Pod;
use half::{bf16, f16};
use std::fmt::{Debug, Display};

/// A numeric element type the conversions know.
pub trait Element: Pod + Send + Sync + Debug + Display + PartialEq + 'static {
    /// NumPy's name for the type (`"float32"`, `"int16"`, …).
    const NAME: &'static str;
    /// Whether the type is a floating-point type.
    const IS_FLOAT: bool;
}

macro_rules! elements {
    ($($t:ty => $name:literal, $float:literal;)*) => {$(
        impl Element for $t {
            const NAME: &'static str = $name;
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
