//! The oracles, in one place: every family's plain scalar reference, which
//! every kernel on every ISA must equal bit for bit (any NaN equals any NaN).
//! Each family keeps its oracle beside its kernels (`elementwise/reference.rs`,
//! `reduce/reference.rs`, `transpose/reference.rs`; conversions and windows
//! have their own modules, re-exported as [`crate::reference_convert`] and
//! [`crate::reference_window`]). No oracle imports the kernels it checks.

pub use crate::elementwise::reference::*;
pub use crate::reduce::reference::*;
pub use crate::transpose::reference::*;
