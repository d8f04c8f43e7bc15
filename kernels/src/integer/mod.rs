//! The integer family: element-wise arithmetic, bitwise operations, shifts
//! and `clip` on `i8 i16 i32 i64 u8 u16 u32 u64`, and their exact
//! reductions (`sum`, `prod`, `min`, `max`, `argmin`, `argmax`).
//!
//! # Algorithm
//!
//! One generic body per kernel (`body.rs`) over [`IntElement`], run through
//! the per-ISA body runner (`crate::per_isa`): the body is inlined into one
//! `#[target_feature]` function per ISA row, and its loops are the plain
//! slice loops of `crate::chunked` (`out[i] = a[i].wrapping_add(b[i])`)
//! with each operand contiguous, broadcast or staged through a stack chunk.
//! The compiler turns them into the ISA's integer instructions: `vpaddb`…
//! `vpaddq`, `vpmullw`/`vpmulld`, the 8-bit multiply as 16-bit multiplies
//! and a pack, the 64-bit multiply as `vpmullq` (AVX-512DQ) or three
//! `vpmuludq` (AVX2), variable shifts with a select for counts out of
//! range, `vpmaxsb`…, NEON's equivalents. Integer division has no SIMD
//! instruction anywhere: `floor_divide` and `remainder` are scalar loops
//! with NumPy's sign rules.
//!
//! Sums accumulate blocks of 4,096 elements in a type that cannot overflow
//! in one block (`i32` for `i8`/`i16`, `i64` for `i32`, `i128` for `i64`;
//! unsigned alike), so the inner loop is a widening add the compiler
//! vectorises, and the blocks are added exactly in `i128`/`u128`. Exact
//! integer addition is associative: every ISA, layout and order gives the
//! same value. `min`/`max` are a vectorised fold, and `argmin`/`argmax` then
//! find the first position of that value (two passes over a chunk, both
//! vectorised, instead of one branchy pass).
//!
//! # Semantics (NumPy's, checked against NumPy by the array layer's fixture)
//!
//! `+ - *`, `negative`, `absolute`, `square` wrap. `floor_divide` rounds
//! toward −∞ and `remainder` takes the divisor's sign; by zero both give 0;
//! `MIN // -1` wraps to `MIN` and `MIN % -1` is 0. `left_shift` by a count
//! outside `0 .. BITS` (negative included) gives 0; `right_shift` is
//! arithmetic for signed types and by such a count gives `-1` for negative
//! values, else 0. `clip(a, lo, hi) = min(max(a, lo), hi)` (so `lo > hi`
//! gives `hi`). Sums and products are exact in `i64`/`u64`, or
//! `KernelError::Overflow` — NumPy wraps. (An axis reduction is one call
//! per output element over its line, strided for axis 0: correct, not yet
//! the float family's column fold.)

mod api;
pub(crate) mod body;
mod element;
pub mod reference;

pub use api::*;
pub use element::IntElement;
