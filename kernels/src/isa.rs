//! THE table of instruction sets.
//!
//! Every fact about an ISA — its name, the target features it needs, which
//! architecture it exists on, which backend implements it — is written once, in
//! `isa_table!`. Detection ([`Isa::is_supported`]) and the
//! `#[target_feature(enable = ...)]` attributes on every kernel instantiation are
//! both generated from that one list, so they cannot disagree: a kernel compiled
//! for `avx512` is only ever called when every feature it was compiled with was
//! detected.
//!
//! Adding an ISA means adding one row here and one backend file in `backend/`.

/// The one list. Each row: `Variant "name" arch "detect-macro" [features] backend-type`.
///
/// The callback macro receives every row; rows for another architecture are
/// compiled out by the callback with `#[cfg(target_arch = ...)]`.
macro_rules! isa_table {
    ($callback:ident $(, $args:tt)*) => {
        $callback! {
            [$($args),*]
            Avx2 "avx2" "x86_64" is_x86_feature_detected
                ["avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "lzcnt", "popcnt", "movbe"]
                crate::backend::avx2::Avx2;
            Avx512 "avx512" "x86_64" is_x86_feature_detected
                ["avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "lzcnt", "popcnt", "movbe",
                 "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"]
                crate::backend::avx512::Avx512;
            Neon "neon" "aarch64" is_aarch64_feature_detected
                ["neon"]
                crate::backend::neon::Neon;
        }
    };
}
pub(crate) use isa_table;

/// An instruction-set level a kernel can be compiled for.
///
/// `Scalar` exists everywhere; the others only on their architecture, and only
/// run when [`Isa::is_supported`] says the CPU has every feature they need.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Isa {
    /// Portable code, no target features beyond the compilation target's.
    Scalar = 0,
    /// x86-64-v3: AVX2, FMA, F16C, BMI1/2, LZCNT, POPCNT, MOVBE.
    Avx2 = 1,
    /// x86-64-v4: the `avx2` set plus AVX-512 F/BW/CD/DQ/VL.
    Avx512 = 2,
    /// aarch64 Advanced SIMD.
    Neon = 3,
}

macro_rules! isa_facts {
    ([] $($variant:ident $name:literal $arch:literal $detect:ident [$($feat:tt),*] $backend:path;)*) => {
        impl Isa {
            /// Every ISA stridekit knows, on any architecture, lowest first.
            pub const ALL: &'static [Isa] = &[Isa::Scalar $(, Isa::$variant)*];

            /// The name used by `STRIDEKIT_ISA` and in reports.
            pub const fn name(self) -> &'static str {
                match self {
                    Isa::Scalar => "scalar",
                    $(Isa::$variant => $name,)*
                }
            }

            /// The CPU architecture this ISA belongs to (`None` for scalar: any).
            pub const fn arch(self) -> Option<&'static str> {
                match self {
                    Isa::Scalar => None,
                    $(Isa::$variant => Some($arch),)*
                }
            }

            /// The target features a kernel of this ISA is compiled with, and
            /// which detection requires.
            pub const fn features(self) -> &'static [&'static str] {
                match self {
                    Isa::Scalar => &[],
                    $(Isa::$variant => &[$($feat),*],)*
                }
            }

            /// Whether this CPU (and OS) can run this ISA's kernels: every
            /// feature in [`Isa::features`] is detected at run time.
            pub fn is_supported(self) -> bool {
                match self {
                    Isa::Scalar => true,
                    $(
                        Isa::$variant => {
                            #[cfg(target_arch = $arch)]
                            { true $(&& std::arch::$detect!($feat))* }
                            #[cfg(not(target_arch = $arch))]
                            { false }
                        }
                    )*
                }
            }

            /// Each feature of this ISA with whether this CPU has it.
            pub fn detected_features(self) -> Vec<(&'static str, bool)> {
                match self {
                    Isa::Scalar => Vec::new(),
                    $(
                        Isa::$variant => {
                            #[cfg(target_arch = $arch)]
                            { vec![$(($feat, std::arch::$detect!($feat))),*] }
                            #[cfg(not(target_arch = $arch))]
                            { vec![$(($feat, false)),*] }
                        }
                    )*
                }
            }
        }
    };
}
isa_table!(isa_facts);

impl Isa {
    /// Parses an ISA name as `STRIDEKIT_ISA` spells it.
    pub fn from_name(name: &str) -> Option<Isa> {
        Isa::ALL.iter().copied().find(|isa| isa.name() == name)
    }

    /// The ISAs this CPU can run, lowest first. Always starts with `Scalar`.
    pub fn available() -> Vec<Isa> {
        Isa::ALL
            .iter()
            .copied()
            .filter(|isa| isa.is_supported())
            .collect()
    }

    /// The highest ISA this CPU can run.
    pub fn best() -> Isa {
        *Isa::available().last().unwrap_or(&Isa::Scalar)
    }
}

impl std::fmt::Display for Isa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
