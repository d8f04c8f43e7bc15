//! The element types, and what each can do: one hierarchy.
//!
//! Any `bytemuck::Pod` type (records too) can be held in an array and seen
//! through every zero-copy view. What an array can *compute* depends on its
//! element type, through these traits:
//!
//! ```text
//! bytemuck::Pod                      views, copies, take / put, byte swaps, records
//! └── Element                        + astype, comparisons (f64 f32 f16 bf16 i64 i32 i16 i8 u64 u32 u16 u8)
//!     └── Arith                      + add sub mul maximum minimum neg abs square clip (f64 f32 f16 bf16 + integers)
//!         ├── Real                   + div sqrt, value reductions sum mean max argmax … (f64 f32 f16 bf16;
//!         │   │                          halves computed in f32, rounded once)
//!         │   └── Float              + mul_add, statistics, dot, windows (f64 f32)
//!         └── IntElement             + floor_divide remainder bitwise shifts invert, exact
//!                                      int_sum / int_prod, int_min / max / argmin / argmax (8 integers)
//! NpyScalar                          printing, .npy files, typed record fields
//!                                    (every Element but bf16, plus Bool8 and [u8; N])
//! ```
//!
//! | operation | f64 f32 | f16 | bf16 | i64 i32 | u8 | i16 i8 u64 u32 u16 | `Bool8` `[u8; N]` | other `Pod` |
//! |---|---|---|---|---|---|---|---|---|
//! | views, copies, `take` / `put`, `==`, `where`, `a[mask]` | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |
//! | comparisons into masks (`less`, …) | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | | |
//! | `add sub mul maximum minimum neg abs square clip`, `+ - * -x` | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ | | |
//! | `div sqrt`, `sum mean max min nan* arg*` (whole and `_axis`) | ✓ | ✓ | ✓ | | | | | |
//! | `mul_add`, statistics, `dot`, windows | ✓ | | | | | | | |
//! | `floor_divide remainder` bitwise shifts `invert`, `% & \| ^ << >> !` | | | | ✓ | ✓ | ✓ | | |
//! | `int_sum int_prod int_min int_max int_argmin int_argmax` | | | | ✓ | ✓ | ✓ | | |
//! | `astype` / `try_astype` (81 pairs) | ✓ | ✓ | ✓ | ✓ | ✓ | `i16 u16` | | |
//! | printing (`{}` / `{:#}`), `.npy`, typed record fields | ✓ | ✓ | | ✓ | ✓ | ✓ | ✓ | |
//!
//! A type outside a trait is a compile error that names the trait and
//! points here:
//!
//! ```compile_fail,E0277
//! let a = stridekit::Array::<i32>::zeros(&[3])?;
//! let _ = a.sum(); // `i32` is not a floating-point element: … (use int_sum, or astype::<f64>())
//! # Ok::<(), stridekit::Error>(())
//! ```
//!
//! ```compile_fail,E0277
//! let h = stridekit::Array::<stridekit::bf16>::zeros(&[3])?;
//! println!("{h}"); // `bf16` has no NumPy dtype: …
//! # Ok::<(), stridekit::Error>(())
//! ```
//!
//! ```compile_fail,E0277
//! let a = stridekit::Array::<f32>::zeros(&[3])?;
//! let _ = a.int_sum(); // `f32` has no exact integer reductions
//! # Ok::<(), stridekit::Error>(())
//! ```
//!
//! ```
//! let a = stridekit::Array::from_vec(vec![1i32, 2, 3], &[3])?;
//! assert_eq!(a.int_sum()?, 6);
//! assert_eq!(a.astype::<f64>()?.mean()?, 2.0);
//! # Ok::<(), stridekit::Error>(())
//! ```

pub use crate::dtype::{Bool8, NpyScalar};
pub use stridekit_kernels::{Arith, Element, Float, IntElement, Real};
