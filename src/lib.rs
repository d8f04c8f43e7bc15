//! stridekit: NumPy's memory model in safe Rust.
pub mod buffer;
pub use buffer::AlignedBuf;
pub use stridekit_kernels as kernels;
