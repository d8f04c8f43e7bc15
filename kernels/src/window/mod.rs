//! The window family: rolling `sum mean min max var std` in O(n) per line
//! (`rolling.rs`), NumPy's `correlate` / `convolve` (`convolve.rs`), their
//! entry points (`api.rs`) and the literal-window oracle (`reference.rs`).

mod api;
pub(crate) mod convolve;
pub mod reference;
pub(crate) mod rolling;

pub use api::*;
pub use convolve::Mode;
pub use rolling::Rolling;
