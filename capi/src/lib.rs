//! stridekit from C: a descriptor of an array in memory the caller owns, in
//! the spirit of NumPy's `__array_interface__` ([`StridekitArray`]: data
//! pointer, dimensions, shape, byte strides, type code, byte order, a
//! writeable flag), and functions over descriptors for the core families:
//! element-wise operations into an output, reductions (whole or along an
//! axis), rolling windows, convolution, byte swaps, conversions, `take`,
//! the dispatch report and `.npy` memory maps.
//!
//! Every function validates what it can check — null pointers, dimension
//! counts, negative lengths, stride arithmetic that overflows, an output
//! whose elements overlap, type codes, a read-only output — and returns a
//! status code ([`STRIDEKIT_OK`] or an error family); the message is
//! `stridekit_last_error()`, per thread. What cannot be checked (that the
//! memory a descriptor describes exists) is the caller's promise, as with
//! any C array API. No panic crosses the boundary: one is caught and
//! reported as [`STRIDEKIT_ERR_INTERNAL`].
//!
//! Outputs may overlap inputs (`a = a + b` passes `a` twice): an input
//! that shares bytes with the output is copied first, so the result is
//! always the one the separate arrays would give.

mod descriptor;
mod functions;
mod npy;
mod status;

pub use descriptor::*;
pub use functions::*;
pub use npy::*;
pub use status::*;
