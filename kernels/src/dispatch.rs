//! Run-time dispatch: choose the ISA once, cache it, and make a kernel call one
//! relaxed atomic load plus one indirect call.
//!
//! For every `(element type, ISA)` there is one static [`Kernels`] table of
//! function pointers, built at compile time from the ISA table (`isa.rs`): each
//! entry is the generic kernel instantiated inside a function that carries that
//! ISA's `#[target_feature]` attributes. Each element type has one
//! `AtomicPtr` slot pointing at the active ISA's table; it starts null, and the
//! first call resolves it (memchr's self-replacing pointer, in table form).
//!
//! The active ISA is the best one the CPU runs, unless `STRIDEKIT_ISA` names
//! another: a name this CPU cannot run, or a misspelling, makes every
//! dispatched call return [`IsaError`] — never a silent substitution.

use crate::elementwise::body as elementwise;
use crate::elementwise::ops::table_row;
use crate::elementwise::{BinaryOp, TernaryOp, UnaryOp};
use crate::error::{IsaError, KernelError};
use crate::isa::{isa_table, Isa};
use crate::operand::{RawDst, RawSrc};
use crate::reduce::body as reduce;
use crate::reduce::ops::reduce_row;
use crate::reduce::{ArgReduction, Reduction};
use crate::Float;
use std::sync::atomic::{AtomicPtr, AtomicU8, Ordering};
use std::sync::OnceLock;

pub(crate) type BinaryFn<T> = unsafe fn(usize, RawSrc<T>, RawSrc<T>, RawDst<T>);
pub(crate) type UnaryFn<T> = unsafe fn(usize, RawSrc<T>, RawDst<T>);
pub(crate) type TernaryFn<T> = unsafe fn(usize, RawSrc<T>, RawSrc<T>, RawSrc<T>, RawDst<T>);
/// `(rows, cols, src, src_row_stride, dst, dst_row_stride)`, strides in bytes.
pub(crate) type TransposeFn = unsafe fn(usize, usize, *const u8, isize, *mut u8, isize);
/// Reduces `n` elements into a fresh [`reduce::Partial`] of the same reduction.
pub(crate) type ReduceFn<T> = unsafe fn(usize, RawSrc<T>, &mut reduce::Partial<T>);
/// `Σ a[i]·b[i]` of `n` elements into a fresh sum [`reduce::Partial`].
pub(crate) type DotFn<T> = unsafe fn(usize, RawSrc<T>, RawSrc<T>, &mut reduce::Partial<T>);
pub(crate) type ArgFn<T> = unsafe fn(usize, RawSrc<T>) -> usize;
/// `(rows, cols, src, row_stride_bytes, out)`.
pub(crate) type FoldRowsFn<T> = unsafe fn(usize, usize, *const u8, isize, *mut T);
/// `(outputs, taps, x, h, out)`: the core of a correlation.
pub(crate) type CorrelateFn<T> = unsafe fn(usize, usize, *const T, *const T, *mut T);

/// One ISA's kernels for one element type.
pub struct Kernels<T: 'static> {
    /// The ISA whose implementations these are.
    pub(crate) isa: Isa,
    pub(crate) binary: [BinaryFn<T>; BinaryOp::ALL.len()],
    pub(crate) unary: [UnaryFn<T>; UnaryOp::ALL.len()],
    pub(crate) ternary: [TernaryFn<T>; TernaryOp::ALL.len()],
    pub(crate) transpose: TransposeFn,
    pub(crate) reduce: [ReduceFn<T>; Reduction::ALL.len()],
    pub(crate) dot: DotFn<T>,
    pub(crate) arg: [ArgFn<T>; ArgReduction::ALL.len()],
    pub(crate) fold_rows: [FoldRowsFn<T>; Reduction::ALL.len()],
    pub(crate) correlate: CorrelateFn<T>,
}

impl<T> Kernels<T> {
    /// The ISA these kernels were compiled for.
    pub fn isa(&self) -> Isa {
        self.isa
    }
}

/// Instantiates every kernel for one backend inside `#[target_feature]` functions.
macro_rules! instantiate {
    ($module:ident, $isa:expr, $backend:ty, [$($feat:tt),*]) => {
        pub(crate) mod $module {
            use super::*;
            #[allow(unused_imports)]
            use crate::backend::{Backend, Simd};

            $(#[target_feature(enable = $feat)])*
            unsafe fn binary<T: Float, const OP: u8>(n: usize, a: RawSrc<T>, b: RawSrc<T>, out: RawDst<T>)
            where
                $backend: Simd<T>,
            {
                // SAFETY: this table is only reachable once `$isa` was detected;
                // operands are the caller's contract.
                unsafe { elementwise::binary::<T, $backend, OP>(<$backend>::new_unchecked(), n, a, b, out) }
            }

            $(#[target_feature(enable = $feat)])*
            unsafe fn unary<T: Float, const OP: u8>(n: usize, a: RawSrc<T>, out: RawDst<T>)
            where
                $backend: Simd<T>,
            {
                // SAFETY: as `binary`.
                unsafe { elementwise::unary::<T, $backend, OP>(<$backend>::new_unchecked(), n, a, out) }
            }

            $(#[target_feature(enable = $feat)])*
            unsafe fn ternary<T: Float, const OP: u8>(
                n: usize,
                a: RawSrc<T>,
                b: RawSrc<T>,
                c: RawSrc<T>,
                out: RawDst<T>,
            ) where
                $backend: Simd<T>,
            {
                // SAFETY: as `binary`.
                unsafe { elementwise::ternary::<T, $backend, OP>(<$backend>::new_unchecked(), n, a, b, c, out) }
            }

            $(#[target_feature(enable = $feat)])*
            unsafe fn transpose<T: Float>(rows: usize, cols: usize, src: *const u8, ss: isize, dst: *mut u8, ds: isize)
            where
                $backend: Simd<T>,
            {
                // SAFETY: as `binary`.
                unsafe { crate::transpose::body::transpose::<T, $backend>(<$backend>::new_unchecked(), rows, cols, src, ss, dst, ds) }
            }

            $(#[target_feature(enable = $feat)])*
            unsafe fn reduce_fn<T: Float, const OP: u8>(n: usize, x: RawSrc<T>, part: &mut reduce::Partial<T>)
            where
                $backend: Simd<T>,
            {
                // SAFETY: as `binary`.
                unsafe { reduce::reduce::<T, $backend, OP>(<$backend>::new_unchecked(), n, x, part) }
            }

            $(#[target_feature(enable = $feat)])*
            unsafe fn dot_fn<T: Float>(n: usize, a: RawSrc<T>, b: RawSrc<T>, part: &mut reduce::Partial<T>)
            where
                $backend: Simd<T>,
            {
                // SAFETY: as `binary`.
                unsafe { reduce::dot::<T, $backend>(<$backend>::new_unchecked(), n, a, b, part) }
            }

            $(#[target_feature(enable = $feat)])*
            unsafe fn arg_fn<T: Float, const OP: u8>(n: usize, x: RawSrc<T>) -> usize
            where
                $backend: Simd<T>,
            {
                // SAFETY: as `binary`.
                unsafe { reduce::arg::<T, $backend, OP>(<$backend>::new_unchecked(), n, x) }
            }

            $(#[target_feature(enable = $feat)])*
            unsafe fn fold_rows_fn<T: Float, const OP: u8>(rows: usize, cols: usize, src: *const u8, rs: isize, out: *mut T)
            where
                $backend: Simd<T>,
            {
                // SAFETY: as `binary`.
                unsafe { reduce::fold_rows::<T, $backend, OP>(<$backend>::new_unchecked(), rows, cols, src, rs, out) }
            }

            $(#[target_feature(enable = $feat)])*
            unsafe fn correlate_fn<T: Float>(n: usize, m: usize, x: *const T, h: *const T, out: *mut T)
            where
                $backend: Simd<T>,
            {
                // SAFETY: as `binary`.
                unsafe { crate::window::convolve::correlate_core::<T, $backend>(<$backend>::new_unchecked(), n, m, x, h, out) }
            }

            pub(crate) const fn table<T: Float>() -> Kernels<T>
            where
                $backend: Simd<T>,
            {
                Kernels {
                    isa: $isa,
                    binary: crate::elementwise_table!(table_row, binary, binary),
                    unary: crate::elementwise_table!(table_row, unary, unary),
                    ternary: crate::elementwise_table!(table_row, ternary, ternary),
                    transpose: transpose::<T>,
                    reduce: crate::reduce_table!(reduce_row, value, reduce_fn),
                    dot: dot_fn::<T>,
                    arg: crate::reduce_table!(reduce_row, index, arg_fn),
                    fold_rows: crate::reduce_table!(reduce_row, value, fold_rows_fn),
                    correlate: correlate_fn::<T>,
                }
            }

            pub(crate) static F32: Kernels<f32> = table::<f32>();
            pub(crate) static F64: Kernels<f64> = table::<f64>();

        }
    };
}

instantiate!(scalar, Isa::Scalar, crate::backend::scalar::Scalar, []);

macro_rules! instantiate_table {
    ([] $($variant:ident $name:literal $arch:literal $detect:ident [$($feat:tt),*] $backend:path;)*) => {
        $(
            #[cfg(target_arch = $arch)]
            #[allow(non_snake_case)]
            mod $variant {
                use super::*;
                instantiate!(kernels, Isa::$variant, $backend, [$($feat),*]);
            }
        )*

        /// The static tables, per element type.
        pub(crate) mod tables {
            use super::*;
            macro_rules! lookup {
                ($t:ident, $up:ident) => {
                    pub(crate) fn $t(isa: Isa) -> Option<&'static Kernels<$t>> {
                        match isa {
                            Isa::Scalar => Some(&scalar::$up),
                            $(
                                #[cfg(target_arch = $arch)]
                                Isa::$variant => Some(&$variant::kernels::$up),
                            )*
                            #[allow(unreachable_patterns)]
                            _ => None,
                        }
                    }
                };
            }
            lookup!(f32, F32);
            lookup!(f64, F64);
        }
    };
}
isa_table!(instantiate_table);

fn list(isas: &[Isa]) -> String {
    isas.iter().map(|i| i.name()).collect::<Vec<_>>().join(", ")
}

/// Resolves an ISA request: a known name this CPU supports, or an error naming
/// the ISAs this CPU runs.
pub fn resolve_isa(name: &str) -> Result<Isa, IsaError> {
    let available = Isa::available();
    let isa = Isa::from_name(name).ok_or_else(|| IsaError::Unknown {
        name: name.to_string(),
        known: list(Isa::ALL),
        available: list(&available),
    })?;
    check_isa(isa)?;
    Ok(isa)
}

/// One bit per ISA this CPU runs (bit 7: computed), so a check is one load.
fn supported_mask() -> u8 {
    static MASK: AtomicU8 = AtomicU8::new(0);
    let m = MASK.load(Ordering::Relaxed);
    if m != 0 {
        return m;
    }
    let m = Isa::ALL
        .iter()
        .filter(|isa| isa.is_supported())
        .fold(0x80, |m, &isa| m | 1 << isa as u8);
    MASK.store(m, Ordering::Relaxed);
    m
}

/// `Ok` if this CPU runs `isa`, else an error naming the missing features.
#[inline]
pub fn check_isa(isa: Isa) -> Result<(), IsaError> {
    if supported_mask() & (1 << isa as u8) != 0 {
        return Ok(());
    }
    let missing: Vec<&str> = isa
        .detected_features()
        .into_iter()
        .filter(|(_, has)| !has)
        .map(|(f, _)| f)
        .collect();
    let missing = if missing.is_empty() {
        format!("not built for {}", std::env::consts::ARCH)
    } else {
        missing.join(", ")
    };
    Err(IsaError::Unsupported {
        name: isa.name(),
        missing,
        available: list(&Isa::available()),
    })
}

/// The ISA every dispatched kernel uses: `STRIDEKIT_ISA` if set, else the best
/// this CPU runs. Decided once per process.
pub fn active_isa() -> Result<Isa, IsaError> {
    static ACTIVE: OnceLock<Result<Isa, IsaError>> = OnceLock::new();
    ACTIVE
        .get_or_init(|| match std::env::var("STRIDEKIT_ISA") {
            Ok(name) if !name.trim().is_empty() => resolve_isa(name.trim()),
            _ => Ok(Isa::best()),
        })
        .clone()
}

/// The active ISA's table per element type, indexed by [`Float::KIND`]: null
/// until the first call resolves it (memchr's self-replacing pointer).
static ACTIVE: [AtomicPtr<()>; 2] = [
    AtomicPtr::new(std::ptr::null_mut()),
    AtomicPtr::new(std::ptr::null_mut()),
];

/// The active ISA's kernels for `T`: the hot path is one relaxed load.
#[inline(always)]
pub fn kernels<T: Float>() -> Result<&'static Kernels<T>, IsaError> {
    let p = ACTIVE[T::KIND].load(Ordering::Relaxed);
    if !p.is_null() {
        // SAFETY: slot `T::KIND` only ever holds a pointer to a `'static`
        // `Kernels<T>` (stored by `resolve_slot::<T>`), and `Float` is sealed
        // with a distinct `KIND` per type.
        return Ok(unsafe { &*p.cast_const().cast::<Kernels<T>>() });
    }
    resolve_slot::<T>()
}

#[cold]
fn resolve_slot<T: Float>() -> Result<&'static Kernels<T>, IsaError> {
    let isa = active_isa()?;
    let table = kernels_for::<T>(isa)?;
    ACTIVE[T::KIND].store(
        (table as *const Kernels<T>).cast_mut().cast(),
        Ordering::Relaxed,
    );
    Ok(table)
}

/// `T`'s static table for `isa`, if that ISA is compiled for this
/// architecture. The tables are typed `f32` / `f64`; the downcast is the
/// identity for the one `T` each matches.
fn static_table<T: Float>(isa: Isa) -> Option<&'static Kernels<T>> {
    let any: &'static dyn std::any::Any = match T::KIND {
        0 => tables::f32(isa)?,
        _ => tables::f64(isa)?,
    };
    any.downcast_ref::<Kernels<T>>()
}

/// `isa` if this CPU runs it, or the active ISA for `None`: the one calling
/// convention of every `*_on` entry point.
#[inline]
pub(crate) fn isa_or_active(isa: Option<Isa>) -> Result<Isa, IsaError> {
    match isa {
        None => active_isa(),
        Some(isa) => check_isa(isa).map(|()| isa),
    }
}

/// The kernels of `isa`, or of the active ISA for `None`.
#[inline(always)]
pub(crate) fn table<T: Float>(isa: Option<Isa>) -> Result<&'static Kernels<T>, KernelError> {
    Ok(match isa {
        None => kernels::<T>()?,
        Some(isa) => kernels_for::<T>(isa)?,
    })
}

/// Any supported ISA's kernels for `T` (tests and benchmarks call ISAs directly).
pub fn kernels_for<T: Float>(isa: Isa) -> Result<&'static Kernels<T>, IsaError> {
    check_isa(isa)?;
    static_table::<T>(isa).ok_or_else(|| IsaError::Unsupported {
        name: isa.name(),
        missing: format!("not built for {}", std::env::consts::ARCH),
        available: list(&Isa::available()),
    })
}

/// A human-readable account of dispatch: the CPU's features, the ISAs it runs,
/// the active ISA and the implementation every kernel resolved to.
pub fn report() -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "stridekit dispatch report");
    let _ = writeln!(s, "  architecture : {}", std::env::consts::ARCH);
    for &isa in Isa::ALL {
        if isa == Isa::Scalar || isa.arch() != Some(std::env::consts::ARCH) {
            continue;
        }
        let feats: Vec<String> = isa
            .detected_features()
            .into_iter()
            .map(|(f, has)| format!("{f}{}", if has { "" } else { "(missing)" }))
            .collect();
        let _ = writeln!(
            s,
            "  {:<13}: {}",
            format!("{} needs", isa.name()),
            feats.join(" ")
        );
    }
    let _ = writeln!(s, "  available    : {}", list(&Isa::available()));
    let env = std::env::var("STRIDEKIT_ISA").unwrap_or_default();
    let env = if env.is_empty() {
        "(unset)".to_string()
    } else {
        env
    };
    let _ = writeln!(s, "  STRIDEKIT_ISA: {env}");
    let c = crate::cache::cache_sizes();
    let size = |b: Option<usize>| match b {
        Some(b) if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        Some(b) if b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        Some(b) => format!("{b} bytes"),
        None => "?".to_string(),
    };
    let from = match crate::cache::stream_source() {
        crate::cache::StreamSource::LastLevelCache => "the last-level cache",
        crate::cache::StreamSource::Default => "the default: no cache past L1 reported",
        crate::cache::StreamSource::Environment => crate::cache::STREAM_MIN_BYTES_VAR,
    };
    let _ = writeln!(
        s,
        "  caches       : L1d {}, L2 {}, last level {}; streaming stores from {} outputs ({from})",
        size(c.l1d),
        size(c.l2),
        size(c.last_level),
        size(Some(crate::cache::stream_min_bytes()))
    );
    match active_isa() {
        Ok(isa) => {
            let _ = writeln!(s, "  active       : {isa}");
            let _ = writeln!(s, "  kernels:");
            report_kernels::<f32>(&mut s);
            report_kernels::<f64>(&mut s);
        }
        Err(e) => {
            let _ = writeln!(s, "  active       : ERROR: {e}");
        }
    }
    s
}

fn report_kernels<T: Float>(s: &mut String) {
    use std::fmt::Write;
    let Ok(k) = kernels::<T>() else { return };
    let names: Vec<&str> = BinaryOp::ALL
        .iter()
        .map(|o| o.name())
        .chain(UnaryOp::ALL.iter().map(|o| o.name()))
        .chain(TernaryOp::ALL.iter().map(|o| o.name()))
        .collect();
    let _ = writeln!(
        s,
        "    {:<4} {} -> {}",
        T::RUST_NAME,
        names.join(" "),
        k.isa()
    );
}
