//! The mask family: comparisons and float classes into boolean masks (one
//! byte per element, 0 or 1: NumPy's `bool`), counting a mask, `where`
//! (`select`), and boolean-mask selection (`extract`, NumPy's `a[mask]`).
//!
//! # Algorithm
//!
//! Every kernel is one generic body (`body.rs`) run through the per-ISA body
//! runner (`crate::per_isa`): the body is inlined into one
//! `#[target_feature]` function per ISA row, and its inner loops are plain,
//! branch-free loops over contiguous chunks (`out[i] = (a[i] < b[i]) as u8`,
//! `out[i] = if m[i] != 0 { a[i] } else { b[i] }`) that the compiler turns
//! into that ISA's compare, pack and blend instructions (AVX-512 mask
//! registers, AVX2 compare + pack, NEON compare + narrow) — no per-element
//! branches, no scalar tail loop beyond the vector remainder.
//!
//! Operands are (pointer, byte stride) runs: a stride of one element is
//! contiguous and is read in place; a stride of 0 is a broadcast value,
//! read once; any other stride is staged through a stack chunk of
//! [`CHUNK`] elements, so the compute loop is always the contiguous one.
//!
//! Two kernels have explicit x86 loops (`x86.rs`) for their contiguous
//! runs, because the compiler's code for them was several times slower
//! than the memory allows: float comparisons (compare, `movmsk`, expand
//! bits to bytes) and counting (`vpsadbw` / `vptestmb` + `popcnt`). They do
//! the whole vector steps; the generic body does the rest.
//!
//! `extract` writes the selected elements of each chunk branch-free into a
//! stack buffer (every element is written, the write position advances by
//! the mask bit), then copies the kept prefix out: no misprediction on a
//! random mask.
//!
//! # Semantics
//!
//! Comparisons are IEEE 754's, as NumPy's: every comparison with a NaN is
//! false except `!=`, and `-0 == +0`. A mask byte is true when non-zero.

mod api;
pub(crate) mod body;
#[cfg(target_arch = "x86_64")]
mod x86;

use crate::chunked::Run;
pub mod reference;

pub use api::*;
