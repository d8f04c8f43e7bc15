//! THE table of element-wise operations.
//!
//! Every element-wise operation is one row of [`elementwise_table!`]: its
//! variant, its NumPy name (which is also the name of its entry point here and
//! of its three forms on views in `stridekit::ops`), its documentation, and its
//! vector body written against the [`Simd`](crate::backend::Simd) trait. From
//! the rows come the enums ([`BinaryOp`], [`UnaryOp`], [`TernaryOp`]) with
//! `ALL` and `name()`, the vector body each kernel instantiation inlines, the
//! per-ISA dispatch table rows (`dispatch.rs`), the safe entry points
//! (`add`, `sqrt`, …) and the array layer's `ops::add` / `add_assign` /
//! `add_new`: one list, so their order and names cannot drift apart.
//!
//! The oracle (`reference.rs`) is the one place an operation is written a
//! second time, on purpose: it matches on the enum, so a new row without an
//! oracle arm does not compile.

/// The rows. `$callback!` receives `[extra args]` then the three groups.
///
/// Row: `Variant name [Bound] "doc" |s, inputs…| vector expression;` — `s`
/// is the backend token and the inputs are vectors (`S::V`). `Bound` is the
/// element trait the array layer's forms ask for: `Arith` when the integers
/// have the operation too (their kernels are `crate::integer`'s), `Real`
/// when only the floats (half floats included) do.
#[macro_export]
#[doc(hidden)]
macro_rules! elementwise_table {
    ($callback:ident $(, $args:tt)*) => {
        $callback! {
            [$($args),*]
            binary {
                Add add [Arith] "`out[i] = a[i] + b[i]`." |s, a, b| s.add(a, b);
                Sub sub [Arith] "`out[i] = a[i] - b[i]`." |s, a, b| s.sub(a, b);
                Mul mul [Arith] "`out[i] = a[i] * b[i]`." |s, a, b| s.mul(a, b);
                Div div [Real] "`out[i] = a[i] / b[i]`." |s, a, b| s.div(a, b);
                Maximum maximum [Arith] "`out[i] = maximum(a[i], b[i])`: NaN if either is NaN, and `+0 > -0` (NumPy `maximum`; IEEE 754-2019 `maximum`)." |s, a, b| s.maximum(a, b);
                Minimum minimum [Arith] "`out[i] = minimum(a[i], b[i])`: NaN if either is NaN, and `-0 < +0` (NumPy `minimum`)." |s, a, b| s.minimum(a, b);
                Fmax fmax [Arith] "`out[i] = fmax(a[i], b[i])`: a NaN operand is ignored (NumPy `fmax`; IEEE 754-2019 `maximumNumber`)." |s, a, b| s.fmax(a, b);
                Fmin fmin [Arith] "`out[i] = fmin(a[i], b[i])`: a NaN operand is ignored (NumPy `fmin`)." |s, a, b| s.fmin(a, b);
            }
            unary {
                Neg neg [Arith] "`out[i] = -a[i]` (flips the sign bit, NaN included)." |s, a| s.neg(a);
                Abs abs [Arith] "`out[i] = |a[i]|` (clears the sign bit)." |s, a| s.abs(a);
                Sqrt sqrt [Real] "`out[i] = sqrt(a[i])`, correctly rounded." |s, a| s.sqrt(a);
                Square square [Arith] "`out[i] = a[i] * a[i]`, correctly rounded (NumPy `square`)." |s, a| s.mul(a, a);
            }
            ternary {
                MulAdd mul_add [Float] "`out[i] = a[i] * b[i] + c[i]` with a single rounding, on every ISA." |s, a, b, c| s.mul_add(a, b, c);
            }
        }
    };
}
/// The enums and the vector bodies.
macro_rules! define_ops {
    (
        []
        binary { $($bv:ident $bn:ident [$bk:ident] $bd:literal |$bs:ident, $ba:ident, $bb:ident| $be:expr;)* }
        unary { $($uv:ident $un:ident [$uk:ident] $ud:literal |$us:ident, $ua:ident| $ue:expr;)* }
        ternary { $($tv:ident $tn:ident [$tk:ident] $td:literal |$ts:ident, $ta:ident, $tb:ident, $tc:ident| $te:expr;)* }
    ) => {
        op_enum!(
            /// Two-input element-wise operations.
            BinaryOp $($bv $bn $bd)*
        );
        op_enum!(
            /// One-input element-wise operations.
            UnaryOp $($uv $un $ud)*
        );
        op_enum!(
            /// Three-input element-wise operations.
            TernaryOp $($tv $tn $td)*
        );

        /// The vector form of binary op `OP`, selected by a constant so the
        /// branches fold away.
        #[inline(always)]
        pub(crate) fn binary_vec<T: Float, S: Simd<T>, const OP: u8>(s: S, a: S::V, b: S::V) -> S::V {
            $(if OP == BinaryOp::$bv as u8 {
                let ($bs, $ba, $bb) = (s, a, b);
                return $be;
            })*
            unreachable!("binary op {OP} is not in the table")
        }

        /// The vector form of unary op `OP`.
        #[inline(always)]
        pub(crate) fn unary_vec<T: Float, S: Simd<T>, const OP: u8>(s: S, a: S::V) -> S::V {
            $(if OP == UnaryOp::$uv as u8 {
                let ($us, $ua) = (s, a);
                return $ue;
            })*
            unreachable!("unary op {OP} is not in the table")
        }

        /// The vector form of ternary op `OP`.
        #[inline(always)]
        pub(crate) fn ternary_vec<T: Float, S: Simd<T>, const OP: u8>(s: S, a: S::V, b: S::V, c: S::V) -> S::V {
            $(if OP == TernaryOp::$tv as u8 {
                let ($ts, $ta, $tb, $tc) = (s, a, b, c);
                return $te;
            })*
            unreachable!("ternary op {OP} is not in the table")
        }
    };
}

use crate::backend::Simd;
use crate::op_enum::op_enum;
use crate::Float;

crate::elementwise_table!(define_ops);

/// The dispatch-table row of one arity: `[f::<T, {Op::V as u8}>, …]` in table
/// order, for the kernel instantiation `f` of the caller's scope.
macro_rules! table_row {
    (
        [$arity:ident, $f:ident]
        binary { $($bv:ident $bn:ident [$bk:ident] $bd:literal |$bs:ident $(, $ba:ident)*| $be:expr;)* }
        unary { $($uv:ident $un:ident [$uk:ident] $ud:literal |$us:ident $(, $ua:ident)*| $ue:expr;)* }
        ternary { $($tv:ident $tn:ident [$tk:ident] $td:literal |$ts:ident $(, $ta:ident)*| $te:expr;)* }
    ) => {
        $crate::elementwise::ops::table_row!(@pick $arity $f
            [$($f::<T, { $crate::BinaryOp::$bv as u8 }>),*]
            [$($f::<T, { $crate::UnaryOp::$uv as u8 }>),*]
            [$($f::<T, { $crate::TernaryOp::$tv as u8 }>),*])
    };
    (@pick binary $f:ident $b:tt $u:tt $t:tt) => { $b };
    (@pick unary $f:ident $b:tt $u:tt $t:tt) => { $u };
    (@pick ternary $f:ident $b:tt $u:tt $t:tt) => { $t };
}
pub(crate) use table_row;
