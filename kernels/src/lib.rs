//! # stridekit-kernels
//!
//! Hand-vectorised kernels for stridekit, chosen at run time for the CPU at
//! hand, each proved equal to a plain reference implementation.
//!
//! * [`isa`] — THE table of instruction sets (name, target features, detection).
//! * [`dispatch`] — choose once, cache, `STRIDEKIT_ISA` override, [`report`].
//! * [`reference`] — the scalar oracle every kernel is tested against.
//! * [`operand`] — the operand model: contiguous, broadcast scalar, strided.
//! * element-wise kernels: [`add`], [`sub`], [`mul`], [`div`], [`maximum`],
//!   [`minimum`], [`fmax`], [`fmin`], [`neg`], [`abs`], [`sqrt`], [`mul_add`].
//! * data movement: [`transpose`] (tiles between row-major layouts),
//!   [`byteswap`], [`convert`] / [`try_convert`] (81 type pairs, rules in
//!   [`Cast`]), [`take`] / [`put`] (bounds-checked gather and scatter).
//! * windows: [`rolling`] (sum, mean, min, max, var, std in O(n)),
//!   [`correlate`] / [`convolve`] (NumPy's modes, bit-identical on every ISA).
//!
//! This crate knows nothing of N-d arrays: it sees slices, scalars and
//! (pointer, length, byte stride) runs.
//!
//! ```
//! use stridekit_kernels::{add, mul_add, Src};
//! let a = [1.0f32, 2.0, 3.0];
//! let b = [10.0f32, 20.0, 30.0];
//! let mut out = [0.0f32; 3];
//! add(&a, &b, &mut out).unwrap();
//! assert_eq!(out, [11.0, 22.0, 33.0]);
//! // In place: out = out * 2 + 1.
//! mul_add(Src::Out, 2.0, 1.0, &mut out).unwrap();
//! assert_eq!(out, [23.0, 45.0, 67.0]);
//! ```

#![deny(unsafe_op_in_unsafe_fn)]

mod api;
mod backend;
mod byteswap;
mod convert;
mod convolve;
pub mod dispatch;
mod element;
mod elementwise;
mod error;
mod float;
mod gather;
pub mod isa;
mod movement;
pub mod operand;
pub mod order;
mod per_isa;
mod reduce;
mod reduce_int;
pub mod reference;
pub mod reference_convert;
pub mod reference_window;
mod soft_float;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit_samples;
mod transpose;
mod window;
mod window_api;

pub use api::{
    abs, add, arg_on, argmax, argmin, binary_on, div, dot, dot_on, fmax, fmin, int_max_on,
    int_min_on, int_sum_on, max, maximum, mean, min, minimum, mul, mul_add, nanargmax, nanargmin,
    nanmax, nanmin, nansum, neg, norm, reduce_on, sqrt, sub, sum, sum_squares, ternary_on,
    transpose, transpose_on, unary_on,
};
pub use convert::Cast;
pub use convolve::Mode;
pub use dispatch::{
    active_isa, check_isa, int_kernels, int_kernels_for, kernels, kernels_for, report, resolve_isa,
    Kernels,
};
pub use element::Element;
pub use elementwise::{BinaryOp, TernaryOp, UnaryOp, STREAM_MIN_BYTES};
pub use error::{IsaError, KernelError};
pub use float::Float;
pub use gather::Index;
pub use isa::Isa;
pub use movement::{
    byteswap, byteswap_in_place, byteswap_in_place_on, byteswap_on, byteswap_raw,
    check_convert_raw, check_indices_on, convert, convert_on, convert_raw, put, put_on, put_raw,
    read_element, take, take_on, take_raw, try_convert, try_convert_on,
};
pub use operand::{Dst, RawDst, RawSrc, Src, Strided, StridedMut};
pub use reduce::{ArgReduction, Partial, Reduction};
pub use reduce_int::{IntElement, IntKernels};
pub use window::Rolling;
pub use window_api::{
    convolve, convolve_on, correlate, correlate_len, correlate_on, rolling, rolling_len,
    rolling_on, rolling_raw,
};
