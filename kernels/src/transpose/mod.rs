//! The transpose family: in-register tile transposes between row-major
//! layouts (`body.rs`), their entry points (`api.rs`) and the oracle
//! (`reference.rs`).

mod api;
pub(crate) mod body;
pub mod reference;

pub use api::*;
