//! The reduction family: value reductions (`sum nansum sum_squares max min
//! nanmax nanmin`), `dot`, index reductions (`argmax argmin nanargmax
//! nanargmin`) and the column fold, for `f32` and `f64`, all in the fixed
//! order of [`crate::order`]; exact integer reductions for `i32 i64 u8`.
//!
//! * `ops.rs` — THE table of reductions.
//! * `body.rs` — the generic loops (one per ISA by instantiation).
//! * `int.rs` — integer sums and extremes.
//! * `api.rs` — the safe entry points and the raw ones the array layer calls.
//! * `reference.rs` — the oracle.

mod api;
pub(crate) mod body;
pub(crate) mod int;
pub(crate) mod ops;
pub mod reference;

pub use api::*;
pub use body::Partial;
pub use int::{IntElement, IntKernels};
pub use ops::{ArgReduction, Reduction};
