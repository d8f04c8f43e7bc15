//! # stridekit
//!
//! NumPy's low-level memory model — one aligned buffer, many zero-copy strided
//! views — in safe Rust, running on explicit SIMD kernels chosen at run time.
//!
//! * [`AlignedBuf`] — owned, 64-byte aligned, amortised-growth buffers.
//! * [`kernels`] — the kernel layer (`stridekit-kernels`): element-wise
//!   kernels over contiguous, broadcast and strided operands, ISA dispatch and
//!   the dispatch report.

#![deny(unsafe_op_in_unsafe_fn)]

pub mod buffer;

pub use buffer::{AlignedBuf, ALIGN};
pub use stridekit_kernels as kernels;
