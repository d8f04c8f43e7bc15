//! Running one generic body under one ISA's target features.
//!
//! The element-wise and reduction kernels live in per-type tables
//! (`dispatch.rs`). The data-movement kernels are generic over *pairs* of
//! types (81 conversions, any `Pod` for byte swaps and gathers), too many for
//! tables, so they use the body pattern instead: a kernel call is a small
//! struct implementing [`IsaBody`], whose `#[inline(always)]` `run` is
//! inlined into one `#[target_feature]` function per ISA row of `isa.rs`.
//! Inside, the compiler vectorises plain loops for that ISA, and `run` may
//! branch on its `ISA` constant to call hand-written intrinsics (the branch is
//! resolved at compile time). One `match` per call picks the function.

use crate::error::IsaError;
use crate::isa::{isa_table, Isa};

/// A kernel call, compiled once per ISA.
pub(crate) trait IsaBody {
    /// What the call returns.
    type Out;
    /// The work, with `ISA == isa as u8` for the ISA it is compiled for.
    /// Implementations must be `#[inline(always)]`, or they are compiled
    /// without the ISA's features.
    fn run<const ISA: u8>(self) -> Self::Out;
}

/// `ISA` (a body's constant) is one of the x86 vector ISAs.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(crate) const fn is_x86_simd(isa: u8) -> bool {
    isa == Isa::Avx2 as u8 || isa == Isa::Avx512 as u8
}

macro_rules! runners {
    ([] $($variant:ident $name:literal $arch:literal $detect:ident [$($feat:tt),*] $backend:path;)*) => {
        $(
            #[cfg(target_arch = $arch)]
            #[allow(non_snake_case)]
            $(#[target_feature(enable = $feat)])*
            fn $variant<B: IsaBody>(body: B) -> B::Out {
                body.run::<{ Isa::$variant as u8 }>()
            }
        )*

        /// Runs `body` compiled for `isa`.
        ///
        /// # Safety
        /// This CPU must support `isa` ([`Isa::is_supported`]).
        #[inline]
        pub(crate) unsafe fn run_on_unchecked<B: IsaBody>(isa: Isa, body: B) -> B::Out {
            match isa {
                $(
                    #[cfg(target_arch = $arch)]
                    // SAFETY: the caller guarantees the CPU has every feature.
                    Isa::$variant => unsafe { $variant(body) },
                )*
                _ => body.run::<{ Isa::Scalar as u8 }>(),
            }
        }
    };
}
isa_table!(runners);

/// Runs `body` compiled for `isa`, or an error if this CPU cannot run it.
#[inline]
pub(crate) fn run_on<B: IsaBody>(isa: Isa, body: B) -> Result<B::Out, IsaError> {
    crate::dispatch::check_isa(isa)?;
    // SAFETY: just checked.
    Ok(unsafe { run_on_unchecked(isa, body) })
}
