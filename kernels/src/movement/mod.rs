//! The data-movement family: byte swaps (`byteswap.rs`), the 81 conversions
//! between `f64 f32 f16 bf16 i64 i32 i16 u16 u8` (`convert.rs`, with the
//! branch-free half-float code in `soft_float.rs`), bounds-checked gathers and
//! scatters (`gather.rs`), their entry points (`api.rs`) and the exact-value
//! conversion oracle (`reference.rs`). Kernels generic over type pairs run
//! through the per-ISA body runner (`crate::per_isa`).

mod api;
pub(crate) mod byteswap;
pub(crate) mod convert;
pub(crate) mod gather;
pub mod reference;
pub(crate) mod soft_float;

pub use api::*;
pub use convert::Cast;
pub use gather::Index;
