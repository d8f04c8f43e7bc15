//! # stridekit
//!
//! NumPy's low-level memory model — one aligned buffer, many zero-copy strided
//! views — in safe Rust, running on explicit SIMD kernels chosen at run time.
//!
//! * [`AlignedBuf`] — owned, 64-byte aligned, amortised-growth buffers.
//! * [`Array`], [`ArrayView`], [`ArrayViewMut`] — N-d arrays and views with
//!   byte strides: slicing ([`s!`]), permuting, no-copy reshape, broadcasting,
//!   sliding windows and a checked `as_strided`, all zero-copy.
//! * [`ops`] — element-wise operations on views (NumPy's `out=`, in-place and
//!   allocating forms), driven by one contiguity-aware iteration engine.
//! * [`kernels`] — the kernel layer (`stridekit-kernels`): element-wise
//!   kernels over contiguous, broadcast and strided operands, ISA dispatch and
//!   the dispatch report.
//! * [`parallel`] — threads for whole-array reductions (same bits for any
//!   thread count).
//!
//! ```
//! use stridekit::{s, ops, Array};
//! let m = Array::from_shape_fn(&[3, 4], |i| (i[0] * 4 + i[1]) as f32)?;
//! let col = m.slice(s![.., 1..;2])?;          // shape (3, 2), no copy
//! assert_eq!(col.shape(), &[3, 2]);
//! let t = m.t();                              // shape (4, 3), no copy
//! let sum = (&m + &t.t())?;                   // m + m
//! assert_eq!(sum.get(&[2, 3]), Some(22.0));
//! let mut out = Array::zeros(&[3, 4])?;
//! ops::add(&m, &Array::from_slice(&[1.0f32, 2.0, 3.0, 4.0], &[4])?, &mut out)?; // broadcast row
//! assert_eq!(out.get(&[1, 0]), Some(5.0));
//! # Ok::<(), stridekit::Error>(())
//! ```
//!
//! ## A tour for NumPy users
//!
//! **Make an array.** [`Array::zeros`], [`Array::ones`], [`Array::full`],
//! [`Array::from_slice`] and [`Array::from_vec`] (one copy into an aligned
//! buffer), [`Array::from_shape_fn`], [`Array::arange`], [`Array::linspace`],
//! [`Array::eye`]. Read elements with [`ArrayRef::get`], `a[[i, j]]`,
//! [`ArrayRef::iter`] (C order) or [`ArrayRef::to_vec`].
//!
//! **View it, without a copy.** A view borrows the buffer and has NumPy's byte
//! strides: [`ArrayRef::slice`] with [`s!`] (`a[1:, ::-1]` is
//! `a.slice(s![1.., ..;-1])`), [`ArrayRef::t`] and [`ArrayRef::permute_axes`],
//! [`ArrayRef::reshape`] (an error where NumPy would copy silently;
//! [`ArrayRef::reshape_copy`] copies), [`ArrayRef::broadcast_to`] and
//! [`broadcast_arrays`], [`ArrayRef::sliding_window_view`], and the checked
//! [`ArrayRef::as_strided`]. The `_mut` forms give writable views
//! ([`ArrayViewMut`]); read-only views ([`ArrayView`]) may alias freely.
//!
//! **Compute.** [`ops`] holds every element-wise operation in NumPy's three
//! forms (`out=`, in place, allocating; `&a + &b` returns a [`Result`]).
//! Reductions: [`ArrayRef::sum`], [`ArrayRef::mean`], [`ArrayRef::min`],
//! [`ArrayRef::max`], [`ArrayRef::argmax`], and per axis
//! [`ArrayRef::sum_axis`] and the rest, or [`ArrayRef::reduce_axis`] with
//! `keepdims`. Statistics: [`ArrayRef::var`], [`ArrayRef::std`],
//! [`ArrayRef::cumsum`]. Sums run in one fixed order, so a result has the
//! same bits on every ISA, for every layout and every thread count
//! ([`parallel`]). Also: [`ArrayRef::astype`], [`ArrayRef::take`],
//! [`concatenate`] and [`stack`], rolling windows ([`ArrayRef::rolling`] with
//! [`Rolling`]), [`convolve`] and [`correlate`].
//!
//! **Files.** [`npy::save`] and [`npy::read`] (`np.save`, byte for byte, and
//! `np.load`), [`npy::Map`] and [`npy::MapMut`] (memory maps, NumPy's
//! `mmap_mode`), [`npy::save_npz`] and [`npy::Npz`] (`.npz` archives). Data
//! from a file is described at run time — a [`DynArray`] or [`DynView`] with
//! a [`DType`], structured records included — and typed views are taken
//! from it with checks: [`DynView::typed`], [`DynView::field`].
//!
//! Every error ([`Error`]) names the shapes, strides or indices involved.
//! For the code map — which file holds what, in both crates — see
//! `ARCHITECTURE.md` in the repository.

#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

mod array_ref;
mod axes;
mod axis;
#[cfg(feature = "arrow")]
mod bridge_arrow;
#[cfg(feature = "ndarray")]
mod bridge_ndarray;
mod broadcast;
pub mod buffer;
mod comfort;
mod copy;
pub mod dtype;
pub mod dynamic;
pub mod element;
mod element_iter;
mod error;
mod iter;
mod join;
pub mod layout;
pub(crate) mod literal;
mod mask;
mod memory;
mod movement;
pub mod npy;
pub mod ops;
pub mod parallel;
mod print;
mod raw;
mod record;
mod reduce;
mod split;
mod stats;
mod take;
mod view;
mod window;

pub use array_ref::ArrayRef;
pub use axis::{Axis, Dim};
pub use broadcast::{broadcast_arrays, broadcast_shapes};
pub use buffer::{AlignedBuf, ALIGN};
pub use comfort::{allclose, array_equal};
pub use dtype::ByteOrder;
pub use dtype::{Bool8, DType, NpyScalar};
pub use element::{Arith, Element, Float, IntElement, Real};
pub use element_iter::{Iter, IterMut};
pub use error::{Error, ErrorKind, Result};
pub use half::{bf16, f16};
pub use join::{concatenate, hstack, stack, vstack};
pub use layout::{Ellipsis, NewAxis, Order, SliceArg};
pub use mask::{classify_into, compare_into, logical_into, select, select_into};
pub use memory::{may_share_memory, shares_memory};
pub use movement::CowArray;
pub use record::{DynArray, DynView, DynViewMut};
pub use stridekit_kernels as kernels;
pub use stridekit_kernels::{Classify, Compare, Logic};
pub use stridekit_kernels::{Mode, Rolling};
pub use take::{take_along_axis, TakeMode};
pub use view::{Array, ArrayView, ArrayViewMut, AsView, AsViewMut};
pub use window::{convolve, correlate};

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
