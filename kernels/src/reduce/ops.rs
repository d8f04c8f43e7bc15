//! THE table of reductions: every value reduction and index reduction is one
//! row here. From the rows come the enums ([`Reduction`], [`ArgReduction`])
//! with `ALL`, `name()` and `from_u8`, the per-ISA dispatch rows
//! (`dispatch.rs`: whole-run reduce, column fold, arg) and the safe entry
//! points (`sum`, `argmax`, …).

use crate::op_enum::op_enum;

/// The rows. `$callback!` receives `[extra args]` then both groups.
///
/// Value row: `Variant name "doc" kind;` with `kind` `sum` (ordered, pairwise
/// across blocks, identity `+0`) or `extreme` (order-free, no identity).
/// Index row: `Variant name "doc" ValueVariant;` — the value reduction whose
/// result it locates.
#[macro_export]
#[doc(hidden)]
macro_rules! reduce_table {
    ($callback:ident $(, $args:tt)*) => {
        $callback! {
            [$($args),*]
            value {
                Sum sum "Sum in the fixed, ISA-independent order (see [`crate::order`]); `+0` for nothing." sum;
                NanSum nansum "Sum ignoring NaN elements (NaN counts as `-0.0`)." sum;
                SumSquares sum_squares "`Σ x²`, each square fused into its accumulation (`x·x + acc`)." sum;
                Max max "Largest element: NaN if any is NaN, `+0 > -0`; empty is an error." extreme;
                Min min "Smallest element: NaN if any is NaN, `-0 < +0`; empty is an error." extreme;
                NanMax nanmax "Largest non-NaN element (NaN if all are NaN); empty is an error." extreme;
                NanMin nanmin "Smallest non-NaN element (NaN if all are NaN); empty is an error." extreme;
            }
            index {
                ArgMax argmax "First index of the largest element, or of the first NaN (NumPy's rule: `-0 == +0`, so the first zero of a zero maximum)." Max;
                ArgMin argmin "First index of the smallest element, or of the first NaN." Min;
                NanArgMax nanargmax "First index of the largest non-NaN element; only NaN is an error." NanMax;
                NanArgMin nanargmin "First index of the smallest non-NaN element; only NaN is an error." NanMin;
            }
        }
    };
}

macro_rules! define_reductions {
    (
        []
        value { $($v:ident $n:ident $d:literal $kind:ident;)* }
        index { $($iv:ident $in:ident $id:literal $of:ident;)* }
    ) => {
        op_enum!(
            /// Value reductions of one input.
            Reduction $($v $n $d)*
        );
        op_enum!(
            /// Index reductions of one input.
            ArgReduction $($iv $in $id)*
        );

        impl Reduction {
            /// Whether the reduction of nothing is an error (it has no identity).
            #[inline(always)]
            pub const fn needs_elements(self) -> bool {
                match self {
                    $(Reduction::$v => define_reductions!(@extreme $kind),)*
                }
            }

            /// Whether this is a sum (ordered, pairwise across blocks) rather
            /// than an extreme (order-free).
            #[inline(always)]
            pub(crate) const fn is_sum(self) -> bool {
                !self.needs_elements()
            }
        }

        impl ArgReduction {
            /// The value reduction whose result this one locates.
            #[inline(always)]
            pub const fn value(self) -> Reduction {
                match self {
                    $(ArgReduction::$iv => Reduction::$of,)*
                }
            }
        }
    };
    (@extreme sum) => { false };
    (@extreme extreme) => { true };
}
crate::reduce_table!(define_reductions);

/// A dispatch-table row: `[f::<T, {Reduction::V as u8}>, …]` (`value`) or the
/// same over [`ArgReduction`] (`index`), in table order.
macro_rules! reduce_row {
    (
        [$group:ident, $f:ident]
        value { $($v:ident $n:ident $d:literal $kind:ident;)* }
        index { $($iv:ident $in:ident $id:literal $of:ident;)* }
    ) => {
        $crate::reduce::ops::reduce_row!(@pick $group
            [$($f::<T, { $crate::Reduction::$v as u8 }>),*]
            [$($f::<T, { $crate::ArgReduction::$iv as u8 }>),*])
    };
    (@pick value $v:tt $i:tt) => { $v };
    (@pick index $v:tt $i:tt) => { $i };
}
pub(crate) use reduce_row;
