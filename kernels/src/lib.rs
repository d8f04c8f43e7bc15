//! # stridekit-kernels
//!
//! Hand-vectorised kernels for stridekit, chosen at run time for the CPU at
//! hand, each proved equal to a plain reference implementation.
//!
//! * [`isa`] — THE table of instruction sets (name, target features, detection).
//! * [`dispatch`] — choose once, cache, `STRIDEKIT_ISA` override, [`report`].
//! * [`reference`](mod@reference) — the scalar oracle every kernel is tested against.
//! * [`operand`] — the operand model: contiguous, broadcast scalar, strided.
//! * element-wise kernels: [`add`], [`sub`], [`mul`], [`div`], [`maximum`],
//!   [`minimum`], [`fmax`], [`fmin`], [`neg`], [`abs`], [`sqrt`], [`mul_add`].
//! * data movement: [`transpose`] (tiles between row-major layouts),
//!   [`byteswap`], [`convert`] / [`try_convert`] (81 type pairs, rules in
//!   [`Cast`]), [`take`] / [`put`] (bounds-checked gather and scatter).
//! * masks: [`compare_raw`] / [`compare_on`] (NumPy's comparisons), [`classify_raw`]
//!   (`isnan` …), [`logical_raw`], [`count_nonzero_raw`], [`select_raw`] (`where`),
//!   [`putmask_raw`], [`extract_raw`] / [`extract_on`] (`a[mask]`).
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

#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

mod arith;
mod backend;
pub mod cache;
mod chunked;
pub mod dispatch;
mod element;
mod elementwise;
mod error;
mod float;
mod integer;
pub mod isa;
mod mask;
mod movement;
mod op_enum;
pub mod operand;
pub mod order;
mod per_isa;
mod reduce;
pub mod reference;
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
mod transpose;
mod window;

/// The one-element oracle of the mask family (`mask/reference.rs`).
pub use integer::reference as reference_int;
pub use mask::reference as reference_mask;
/// The exact-value oracle of the conversions (`movement/reference.rs`).
pub use movement::reference as reference_convert;
/// Test data for the conversions (`testkit/samples.rs`).
#[cfg(any(test, feature = "testkit"))]
pub use testkit::samples as testkit_samples;
/// The literal-window oracle of the window kernels (`window/reference.rs`).
pub use window::reference as reference_window;

pub use arith::{Arith, Real};
pub use cache::{cache_sizes, stream_min_bytes, stream_source, CacheSizes, StreamSource};
pub use dispatch::{active_isa, check_isa, kernels, kernels_for, report, resolve_isa, Kernels};
pub use element::Element;
pub use elementwise::*;
pub use error::{IsaError, KernelError};
pub use float::Float;
pub use integer::*;
pub use isa::Isa;
pub use mask::*;
pub use movement::*;
pub use operand::{Dst, RawDst, RawSrc, Src, Strided, StridedMut};
pub use reduce::*;
pub use transpose::*;
pub use window::*;
