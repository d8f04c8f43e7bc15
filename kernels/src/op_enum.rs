//! The one way an operation enum is declared: variants in table order (so
//! `op as usize` indexes `ALL` and the dispatch rows), with `ALL`, the NumPy
//! `name()` and `from_u8`. Each family's op table (`elementwise/ops.rs`,
//! `reduce/ops.rs`) calls it with its rows.

/// One enum of operations with `ALL` and `name()`.
macro_rules! op_enum {
    ($(#[$meta:meta])* $enum:ident $($variant:ident $name:ident $doc:literal)*) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum $enum {
            $(#[doc = $doc] $variant,)*
        }

        impl $enum {
            /// Every operation of this arity, in table order (`op as usize` indexes it).
            pub const ALL: [$enum; [$($enum::$variant),*].len()] = [$($enum::$variant),*];

            /// The NumPy name of the operation.
            pub const fn name(self) -> &'static str {
                match self {
                    $($enum::$variant => stringify!($name),)*
                }
            }

            /// The operation whose `as u8` is `op` (kernel instantiations
            /// carry their operation as a constant).
            #[inline(always)]
            #[allow(dead_code)]
            pub(crate) const fn from_u8(op: u8) -> $enum {
                Self::ALL[op as usize]
            }
        }
    };
}

pub(crate) use op_enum;
