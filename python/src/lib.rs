//! `stridekit._native`: NumPy arrays handed to stridekit with no copy.
//!
//! An argument that is a NumPy array is seen through its own pointer,
//! shape, byte strides and dtype (`DynView::from_raw_parts`): any layout —
//! transposed, sliced with steps, reversed, broadcast, big-endian — with no
//! copy (big-endian data is byte-swapped into a temporary, as the typed
//! layer does). Anything else goes through `numpy.asarray` first. Work on
//! more than `GIL_FREE_BYTES` runs with the GIL released. Results are NumPy
//! arrays over stridekit's own 64-byte aligned buffers (the array's `base`
//! owns the buffer); `out=` writes into the caller's array, copying first
//! any input that shares memory with it. stridekit's errors become the
//! exceptions NumPy would raise (`ValueError`, `TypeError`, `IndexError`,
//! `MemoryError`, `OSError`) with stridekit's message.

mod convert;
mod functions;
mod npy;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    functions::register(m)
}
