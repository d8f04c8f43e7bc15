//! The reduction family: value reductions (`sum nansum sum_squares max min
//! nanmax nanmin`), `dot`, index reductions (`argmax argmin nanargmax
//! nanargmin`) and the column fold, for `f32` and `f64`, all in the fixed
//! order of [`crate::order`]; integer reductions live in `crate::integer`.
//!
//! * `ops.rs` — THE table of reductions.
//! * `body.rs` — the generic loops (one per ISA by instantiation).
//! * `columns.rs` — the column fold (axis reductions of C-order rows).
//! * `api.rs` — the safe entry points and the raw ones the array layer calls.
//! * `reference.rs` — the oracle.

mod api;
pub(crate) mod body;
pub(crate) mod columns;
pub(crate) mod ops;
pub mod reference;

pub use api::*;
pub use body::Partial;
pub use ops::{ArgReduction, Reduction};

impl ArgReduction {
    /// Whether `x` beats `cur` under this reduction's order (NaN first for
    /// the NaN-propagating forms, never for the `nan*` forms; strictly, so
    /// of equal values — `-0` and `+0` included — the first wins): the
    /// rule the kernels apply, for joining the answers of consecutive
    /// parts (keep the earlier part's unless the later one's beats it).
    #[inline]
    pub fn beats<T: crate::Float>(self, x: T, cur: T) -> bool {
        body::better(self, x, cur)
    }
}
