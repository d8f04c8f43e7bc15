//! The element-wise family: `add sub mul div maximum minimum fmax fmin`,
//! `neg abs sqrt square`, fused `mul_add` — for `f32` and `f64`, over
//! contiguous, broadcast and strided operands.
//!
//! * `ops.rs` — THE table of operations (enum, NumPy name, vector body).
//! * `body.rs` — the one loop every operation and ISA runs.
//! * `api.rs` — the safe entry points and the raw ones the array layer calls.
//! * `reference.rs` — the oracle.

mod api;
pub(crate) mod body;
pub(crate) mod ops;
pub mod reference;

pub use api::*;
pub use body::STREAM_MIN_BYTES;
pub use ops::{BinaryOp, TernaryOp, UnaryOp};
