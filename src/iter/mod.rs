//! THE iteration engine: the one place that walks N-d indices.
//!
//! * `plan.rs` — broadcast → order axes → flip → coalesce → inner runs, with
//!   the repeat-blocked and tiled loop shapes.
//! * `walks.rs` — the walks other modules share (outputs with broadcast
//!   inputs, pairs of views, pairs of lines) and the run-form rule.

mod plan;
mod walks;

pub(crate) use plan::*;
pub(crate) use walks::*;
