//! Conversions between `f64 f32 f16 bf16 i64 i32 i16 u16 u8` (all 81 pairs).
//!
//! # Rules
//!
//! * **float → float** rounds to nearest, ties to even (`f16`/`bf16` rules in
//!   `soft_float.rs`: overflow → ±inf, NaN stays a quiet NaN of its sign).
//! * **int → float** rounds to nearest-even once (no double rounding, even
//!   for `i64` → `bf16`).
//! * **float → int** truncates toward zero; NaN and out-of-range values
//!   *saturate* (NaN → 0, too large → `MAX`, too small → `MIN`): Rust's `as`.
//! * **int → int** wraps (keeps the low bits): Rust's `as`, NumPy's `astype`.
//! * The *checked* forms ([`Cast::try_cast`], `try_convert`) refuse instead
//!   of saturating or wrapping: NaN, ±inf and values whose truncation is
//!   outside the target range (float → int), and integers outside the target
//!   range (int → int). Conversions to a float type never fail (rounding and
//!   overflow to ±inf are IEEE results, not errors).
//!
//! # Algorithm
//!
//! Each pair's contiguous loop is compiled once per ISA (`per_isa.rs`), so the
//! compiler vectorises the plain forms (`vcvtdq2ps`, `vcvttps2dq` with the
//! saturation fix-ups, `vpmovzxwd`…, NEON `fcvtl`/`fcvtn`/`scvtf`). Hand-written
//! where an instruction does the whole job: on x86 `f16` ↔ `f32` with F16C
//! (`vcvtph2ps` / `vcvtps2ph`, round-to-nearest immediate) and `f32` ↔ `f64`
//! (`vcvtps2pd` / `vcvtpd2ps`), 32 elements per iteration, four independent
//! vectors, non-temporal stores for outputs of 16 MiB and more (the avx512
//! row: the same loops on zmm for outputs under 40 KiB, where they measured
//! 1.1-1.4x the 256-bit ones; above that the 256-bit loops, which were
//! faster there); on NEON
//! `fcvtl`/`fcvtn` (half ↔ single, as assembly: stable Rust has no `f16`
//! vector types) and `fcvtl`/`fcvtn` via intrinsics for single ↔ double. The
//! last elements (fewer than one vector) take the scalar rule. Pairs through a
//! narrow float that `f32` holds exactly (`f16` → `i32`, `u8` → `bf16`, …) run
//! in chunks of [`CHUNK`] through an `f32` stack buffer, so both halves use
//! their vector loops. Strided runs are gathered into a stack chunk,
//! converted there, and scattered.
//!
//! Loads and stores are unaligned throughout; alignment never changes a
//! result, and tails are handled by the scalar rule, which is the same
//! function the vector code was proved equal to.

use super::soft_float as soft;
use crate::element::{read_at, write_at, Element};
#[cfg(target_arch = "x86_64")]
use crate::per_isa::is_x86_simd;
use crate::per_isa::IsaBody;
use half::{bf16, f16};

/// Elements per stack chunk (strided runs, two-step conversions).
pub(crate) const CHUNK: usize = 256;

/// A conversion from `Self` to `B` (see the module's rules).
pub trait Cast<B: Element>: Element {
    /// The value converted by the saturating / wrapping rule.
    fn cast(self) -> B;
    /// The value converted, or `None` where [`Cast::cast`] would saturate or
    /// wrap.
    fn try_cast(self) -> Option<B>;
    /// Converts a contiguous run (implementation detail of the kernels).
    ///
    /// # Safety
    /// `src` readable and `dst` writable for `n` elements (any alignment),
    /// not overlapping; `ISA` names an ISA this CPU runs and the caller is
    /// compiled with its features.
    #[doc(hidden)]
    #[inline(always)]
    unsafe fn cast_contig<const ISA: u8>(n: usize, src: *const Self, dst: *mut B) {
        // SAFETY: caller contract.
        unsafe { scalar_tail::<Self, B>(0, n, src, dst) }
    }
}

/// The scalar rule over elements `from..n`.
///
/// # Safety
/// As [`Cast::cast_contig`].
#[inline(always)]
unsafe fn scalar_tail<A: Cast<B>, B: Element>(from: usize, n: usize, src: *const A, dst: *mut B) {
    for k in from..n {
        // SAFETY: k < n (caller contract).
        unsafe {
            dst.add(k)
                .write_unaligned(src.add(k).read_unaligned().cast())
        };
    }
}

/// `A` → `M` → `B` in chunks through a stack buffer of `M`.
///
/// # Safety
/// As [`Cast::cast_contig`].
#[inline(always)]
unsafe fn via<A: Cast<M>, M: Cast<B>, B: Element, const ISA: u8>(
    n: usize,
    src: *const A,
    dst: *mut B,
) {
    let mut buf = [M::zeroed(); CHUNK];
    let mut i = 0;
    while i < n {
        let len = CHUNK.min(n - i);
        // SAFETY: elements i..i+len of both runs, and len <= CHUNK of the buffer.
        unsafe {
            A::cast_contig::<ISA>(len, src.add(i), buf.as_mut_ptr());
            M::cast_contig::<ISA>(len, buf.as_ptr(), dst.add(i));
        }
        i += len;
    }
}

/// Whether a float's truncation lies in `[lo, hi)`; false for NaN.
#[inline(always)]
fn trunc_in(x: f64, lo: f64, hi: f64) -> bool {
    let t = x.trunc();
    t >= lo && t < hi
}

macro_rules! int_to_int {
    ($($a:ty => [$($b:ty),*];)*) => {$($(
        impl Cast<$b> for $a {
            #[inline(always)]
            fn cast(self) -> $b { self as $b }
            #[inline(always)]
            fn try_cast(self) -> Option<$b> { <$b>::try_from(self).ok() }
        }
    )*)*};
}
int_to_int! {
    i64 => [i64, i32, i16, u16, u8];
    i32 => [i64, i32, i16, u16, u8];
    i16 => [i64, i32, i16, u16, u8];
    u16 => [i64, i32, i16, u16, u8];
    u8 => [i64, i32, i16, u16, u8];
}

macro_rules! to_float_as {
    ($($a:ty => [$($b:ty),*];)*) => {$($(
        impl Cast<$b> for $a {
            #[inline(always)]
            fn cast(self) -> $b { self as $b }
            #[inline(always)]
            fn try_cast(self) -> Option<$b> { Some(self as $b) }
        }
    )*)*};
}
to_float_as! {
    i64 => [f64, f32];
    i32 => [f64, f32];
    i16 => [f64, f32];
    u16 => [f64, f32];
    u8 => [f64, f32];
    f64 => [f64];
    f32 => [f32];
}

macro_rules! float_to_int {
    ($($a:ty => [$($b:ty),*];)*) => {$($(
        impl Cast<$b> for $a {
            #[inline(always)]
            fn cast(self) -> $b { self as $b }
            #[inline(always)]
            fn try_cast(self) -> Option<$b> {
                // MIN is 0 or -2^(bits-1), and MAX as f64 + 1 is 2^bits or
                // 2^(bits-1) (for i64 the addition rounds to exactly 2^63).
                trunc_in(self as f64, <$b>::MIN as f64, <$b>::MAX as f64 + 1.0).then(|| self as $b)
            }
        }
    )*)*};
}
float_to_int! {
    f64 => [i64, i32, i16, u16, u8];
    f32 => [i64, i32, i16, u16, u8];
}

/// A pair with a hand-written x86 loop: `$x86` converts the leading whole
/// vectors and returns how many elements it did.
macro_rules! hand_written {
    ($a:ty => $b:ty, $cast:expr, $x86:ident) => {
        impl Cast<$b> for $a {
            #[inline(always)]
            fn cast(self) -> $b {
                ($cast)(self)
            }
            #[inline(always)]
            fn try_cast(self) -> Option<$b> {
                Some(($cast)(self))
            }
            #[inline(always)]
            unsafe fn cast_contig<const ISA: u8>(n: usize, src: *const Self, dst: *mut $b) {
                #[allow(unused_mut)]
                let mut done = 0;
                #[cfg(target_arch = "x86_64")]
                if ISA == crate::isa::Isa::Avx512 as u8
                    && n * size_of::<$b>() < x86::wide::MAX_BYTES
                {
                    // SAFETY: the avx512 ISA has AVX-512 F/DQ/VL, AVX2 and
                    // F16C; the runs are the caller's contract.
                    done = unsafe { x86::wide::$x86(n, src, dst) };
                } else if is_x86_simd(ISA) {
                    // SAFETY: the x86 vector ISAs include AVX2 and F16C; the
                    // runs are the caller's contract.
                    done = unsafe { x86::$x86(n, src, dst) };
                }
                #[cfg(target_arch = "aarch64")]
                if ISA == crate::isa::Isa::Neon as u8 {
                    // SAFETY: the NEON ISA has NEON; the runs are the
                    // caller's contract.
                    done = unsafe { neon::$x86(n, src, dst) };
                }
                // SAFETY: caller contract.
                unsafe { scalar_tail::<Self, $b>(done, n, src, dst) }
            }
        }
    };
}
hand_written!(f32 => f64, |x: f32| x as f64, f32_to_f64);
hand_written!(f64 => f32, |x: f64| x as f32, f64_to_f32);
hand_written!(f16 => f32, |x: f16| soft::f16_to_f32(x.to_bits()), f16_to_f32);
hand_written!(f32 => f16, |x: f32| f16::from_bits(soft::f32_to_f16(x)), f32_to_f16);

/// Pairs whose scalar rule is one expression and whose loop the compiler
/// vectorises (or that are rare enough not to matter).
macro_rules! plain_float {
    ($($a:ty => $b:ty, $cast:expr;)*) => {$(
        impl Cast<$b> for $a {
            #[inline(always)]
            fn cast(self) -> $b { ($cast)(self) }
            #[inline(always)]
            fn try_cast(self) -> Option<$b> { Some(($cast)(self)) }
        }
    )*};
}
plain_float! {
    f16 => f16, |x: f16| x;
    bf16 => bf16, |x: bf16| x;
    bf16 => f32, |x: bf16| soft::bf16_to_f32(x.to_bits());
    f32 => bf16, |x: f32| bf16::from_bits(soft::f32_to_bf16(x));
    f64 => f16, |x: f64| f16::from_bits(soft::f32_to_f16(soft::f64_to_f32_odd(x)));
    f64 => bf16, |x: f64| bf16::from_bits(soft::f32_to_bf16(soft::f64_to_f32_odd(x)));
    i64 => f16, |x: i64| f16::from_bits(soft::f32_to_f16(soft::i64_to_f32_odd(x)));
    i64 => bf16, |x: i64| bf16::from_bits(soft::f32_to_bf16(soft::i64_to_f32_odd(x)));
    i32 => f16, |x: i32| f16::from_bits(soft::f32_to_f16(soft::i64_to_f32_odd(x as i64)));
    i32 => bf16, |x: i32| bf16::from_bits(soft::f32_to_bf16(soft::i64_to_f32_odd(x as i64)));
}

/// Pairs that go through `f32` exactly: the narrow float side is exact in
/// `f32`, and the other side is an `f32` conversion with the same rule.
macro_rules! through_f32 {
    ($($a:ty => $b:ty;)*) => {$(
        impl Cast<$b> for $a {
            #[inline(always)]
            fn cast(self) -> $b { <f32 as Cast<$b>>::cast(<$a as Cast<f32>>::cast(self)) }
            #[inline(always)]
            fn try_cast(self) -> Option<$b> { <f32 as Cast<$b>>::try_cast(<$a as Cast<f32>>::cast(self)) }
            #[inline(always)]
            unsafe fn cast_contig<const ISA: u8>(n: usize, src: *const Self, dst: *mut $b) {
                // SAFETY: caller contract.
                unsafe { via::<$a, f32, $b, ISA>(n, src, dst) }
            }
        }
    )*};
}
through_f32! {
    f16 => f64; f16 => i64; f16 => i32; f16 => i16; f16 => u16; f16 => u8; f16 => bf16;
    bf16 => f64; bf16 => i64; bf16 => i32; bf16 => i16; bf16 => u16; bf16 => u8; bf16 => f16;
    i16 => f16; u16 => f16; u8 => f16;
    i16 => bf16; u16 => bf16; u8 => bf16;
}

/// A conversion of `n` elements at byte strides (see [`ConvertRun::new`]).
pub(crate) struct ConvertRun<A, B> {
    n: usize,
    src: *const u8,
    ss: isize,
    dst: *mut u8,
    ds: isize,
    _types: std::marker::PhantomData<(A, B)>,
}

impl<A: Cast<B>, B: Element> ConvertRun<A, B> {
    /// # Safety
    /// `src` must be readable for `n` `A`s at byte stride `ss`, `dst`
    /// writable for `n` `B`s at byte stride `ds` (no two elements of `dst`
    /// overlap), and the runs must not overlap each other.
    pub(crate) unsafe fn new(n: usize, src: *const u8, ss: isize, dst: *mut u8, ds: isize) -> Self {
        ConvertRun {
            n,
            src,
            ss,
            dst,
            ds,
            _types: std::marker::PhantomData,
        }
    }
}

impl<A: Cast<B>, B: Element> IsaBody for ConvertRun<A, B> {
    type Out = ();
    #[inline(always)]
    fn run<const ISA: u8>(self) {
        let ConvertRun {
            n,
            src,
            ss,
            dst,
            ds,
            ..
        } = self;
        let (ea, eb) = (size_of::<A>() as isize, size_of::<B>() as isize);
        if ss == ea && ds == eb {
            // SAFETY: contiguous runs (constructor contract).
            return unsafe { A::cast_contig::<ISA>(n, src.cast(), dst.cast()) };
        }
        let mut a = [A::zeroed(); CHUNK];
        let mut b = [B::zeroed(); CHUNK];
        let mut i = 0;
        while i < n {
            let len = CHUNK.min(n - i);
            // SAFETY: elements i..i+len of both runs are in bounds
            // (constructor contract); the chunks hold len elements.
            unsafe {
                for (k, a) in a[..len].iter_mut().enumerate() {
                    *a = read_at(src, ss, i + k);
                }
                A::cast_contig::<ISA>(len, a.as_ptr(), b.as_mut_ptr());
                for (k, &b) in b[..len].iter().enumerate() {
                    write_at(dst, ds, i + k, b);
                }
            }
            i += len;
        }
    }
}

/// The first element of a run that [`Cast::try_cast`] refuses.
pub(crate) struct CheckRun<A, B> {
    n: usize,
    src: *const u8,
    ss: isize,
    _types: std::marker::PhantomData<(A, B)>,
}

impl<A: Cast<B>, B: Element> CheckRun<A, B> {
    /// # Safety
    /// `src` must be readable for `n` `A`s at byte stride `ss`.
    pub(crate) unsafe fn new(n: usize, src: *const u8, ss: isize) -> Self {
        CheckRun {
            n,
            src,
            ss,
            _types: std::marker::PhantomData,
        }
    }
}

impl<A: Cast<B>, B: Element> IsaBody for CheckRun<A, B> {
    type Out = Option<usize>;
    #[inline(always)]
    fn run<const ISA: u8>(self) -> Option<usize> {
        let CheckRun { n, src, ss, .. } = self;
        let mut i = 0;
        while i < n {
            let len = CHUNK.min(n - i);
            // A branch-free pass over a chunk (vectorisable), then a search
            // only in a chunk that has a refused element.
            let mut bad = false;
            for k in i..i + len {
                // SAFETY: k < n (constructor contract).
                bad |= unsafe { read_at::<A>(src, ss, k) }.try_cast().is_none();
            }
            if bad {
                // SAFETY: as above.
                return (i..i + len)
                    .find(|&k| unsafe { read_at::<A>(src, ss, k) }.try_cast().is_none());
            }
            i += len;
        }
        None
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::Cast;
    use crate::cache::stream_min_bytes;
    use half::f16;
    use std::arch::x86_64::*;

    /// The x86 loop shape: `$step` elements per vector (loaded and converted
    /// by `$convert`, stored by `$store`), four vectors per iteration, then
    /// single vectors; returns the elements done. An output of at least
    /// [`STREAM_MIN_BYTES`] is written with the non-temporal `$stream` after
    /// single elements (the scalar rule) align it to 32 bytes.
    macro_rules! vector_loop {
        ($name:ident, $a:ty => $b:ty, $step:literal, |$p:ident| $convert:expr, $store:ident, $stream:ident) => {
            vector_loop!($name, "avx2,f16c", 32, $a => $b, $step, |$p| $convert, $store, $stream);
        };
        ($name:ident, $features:literal, $align:literal, $a:ty => $b:ty, $step:literal, |$p:ident| $convert:expr, $store:ident, $stream:ident) => {
            /// # Safety
            /// `src` readable and `dst` writable for `n` elements, disjoint;
            /// the CPU has the target features.
            #[target_feature(enable = $features)]
            pub(crate) unsafe fn $name(n: usize, src: *const $a, dst: *mut $b) -> usize {
                let mut i = 0;
                let bytes = n * size_of::<$b>();
                if bytes >= stream_min_bytes() && (dst as usize).is_multiple_of(align_of::<$b>()) {
                    while !(dst.wrapping_add(i) as usize).is_multiple_of($align) {
                        // SAFETY: i < $align < n, in both runs.
                        unsafe {
                            dst.add(i)
                                .write(<$a as Cast<$b>>::cast(src.add(i).read_unaligned()))
                        };
                        i += 1;
                    }
                    while i + 4 * $step <= n {
                        for k in 0..4 {
                            let $p = src.wrapping_add(i + k * $step);
                            // SAFETY: elements i..i+4*step are in both runs;
                            // dst + i + k*step is aligned as the store needs
                            // (a $align-byte aligned start, whole vectors of
                            // the store's width, which divides $align).
                            unsafe { $stream(dst.add(i + k * $step).cast(), $convert) };
                        }
                        i += 4 * $step;
                    }
                    // Orders the non-temporal stores before later stores.
                    _mm_sfence();
                }
                while i + 4 * $step <= n {
                    for k in 0..4 {
                        let $p = src.wrapping_add(i + k * $step);
                        // SAFETY: elements i..i+4*step are in both runs.
                        unsafe { $store(dst.add(i + k * $step).cast(), $convert) };
                    }
                    i += 4 * $step;
                }
                while i + $step <= n {
                    let $p = src.wrapping_add(i);
                    // SAFETY: elements i..i+step are in both runs.
                    unsafe { $store(dst.add(i).cast(), $convert) };
                    i += $step;
                }
                i
            }
        };
    }

    vector_loop!(f16_to_f32, f16 => f32, 8, |p| _mm256_cvtph_ps(_mm_loadu_si128(p.cast())), _mm256_storeu_ps, _mm256_stream_ps);
    vector_loop!(f32_to_f16, f32 => f16, 8, |p| _mm256_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(_mm256_loadu_ps(p)), _mm_storeu_si128, _mm_stream_si128);
    vector_loop!(f32_to_f64, f32 => f64, 4, |p| _mm256_cvtps_pd(_mm_loadu_ps(p)), _mm256_storeu_pd, _mm256_stream_pd);
    // Eight doubles per vector: two conversions joined into one 32-byte store.
    vector_loop!(
        f64_to_f32, f64 => f32, 8,
        |p| _mm256_insertf128_ps::<1>(
            _mm256_castps128_ps256(_mm256_cvtpd_ps(_mm256_loadu_pd(p))),
            _mm256_cvtpd_ps(_mm256_loadu_pd(p.add(4)))
        ),
        _mm256_storeu_ps, _mm256_stream_ps
    );

    /// The avx512 row's loops for outputs below [`MAX_BYTES`]: the same
    /// shape with 512-bit conversions (`vcvtph2ps` / `vcvtps2ph` /
    /// `vcvtps2pd` / `vcvtpd2ps` on zmm), twice the elements per instruction.
    pub(super) mod wide {
        use super::super::Cast;
        use crate::cache::stream_min_bytes;
        use half::f16;
        use std::arch::x86_64::*;

        /// Outputs from this size take the 256-bit loops. Measured on an
        /// Intel Xeon (AVX-512 F/BW/DQ/VL/FP16), one core: at 4,096
        /// elements the 512-bit loops were 1.15-1.30x the 256-bit ones, at
        /// 65,536 and 262,144 (L2-sized) 0.76-0.95x, and still 0.91-0.99x
        /// with the stores aligned to 64 bytes first.
        pub(crate) const MAX_BYTES: usize = 40 << 10;

        vector_loop!(f16_to_f32, "avx512f,avx512dq,avx512vl,avx2,f16c", 64, f16 => f32, 16,
            |p| _mm512_cvtph_ps(_mm256_loadu_si256(p.cast())), _mm512_storeu_ps, _mm512_stream_ps);
        vector_loop!(f32_to_f16, "avx512f,avx512dq,avx512vl,avx2,f16c", 64, f32 => f16, 16,
            |p| _mm512_cvtps_ph::<_MM_FROUND_TO_NEAREST_INT>(_mm512_loadu_ps(p)),
            _mm256_storeu_si256, _mm256_stream_si256);
        vector_loop!(f32_to_f64, "avx512f,avx512dq,avx512vl,avx2,f16c", 64, f32 => f64, 8,
            |p| _mm512_cvtps_pd(_mm256_loadu_ps(p)), _mm512_storeu_pd, _mm512_stream_pd);
        // Sixteen doubles per vector: two conversions joined into one 64-byte store.
        vector_loop!(f64_to_f32, "avx512f,avx512dq,avx512vl,avx2,f16c", 64, f64 => f32, 16,
            |p| _mm512_insertf32x8::<1>(
                _mm512_castps256_ps512(_mm512_cvtpd_ps(_mm512_loadu_pd(p))),
                _mm512_cvtpd_ps(_mm512_loadu_pd(p.add(8)))
            ),
            _mm512_storeu_ps, _mm512_stream_ps);
    }
}

#[cfg(target_arch = "aarch64")]
mod neon {
    use half::f16;
    use std::arch::aarch64::*;
    use std::arch::asm;

    /// The NEON loop: `$step` elements per iteration; returns the elements
    /// done (the rest, fewer than `$step`, take the scalar rule).
    macro_rules! neon_loop {
        ($name:ident, $a:ty => $b:ty, $step:literal, |$p:ident, $q:ident| $body:block) => {
            /// # Safety
            /// `src` readable and `dst` writable for `n` elements, disjoint;
            /// the CPU has NEON.
            #[target_feature(enable = "neon")]
            pub(super) unsafe fn $name(n: usize, src: *const $a, dst: *mut $b) -> usize {
                let mut i = 0;
                while i + $step <= n {
                    let ($p, $q) = (src.wrapping_add(i), dst.wrapping_add(i));
                    // SAFETY: elements i..i+step are in both runs.
                    unsafe { $body };
                    i += $step;
                }
                i
            }
        };
    }

    // Stable Rust has no `f16` NEON types, so the half conversions are the
    // base AdvSIMD instructions `fcvtl`/`fcvtl2`/`fcvtn`/`fcvtn2` written as
    // assembly on the 16-bit lanes (round to nearest-even: FPCR's default).
    neon_loop!(f16_to_f32, f16 => f32, 8, |p, q| {
        let h = vld1q_u16(p.cast());
        let (lo, hi): (float32x4_t, float32x4_t);
        asm!("fcvtl {lo:v}.4s, {h:v}.4h", "fcvtl2 {hi:v}.4s, {h:v}.8h",
             h = in(vreg) h, lo = out(vreg) lo, hi = out(vreg) hi, options(pure, nomem, nostack));
        vst1q_f32(q, lo);
        vst1q_f32(q.add(4), hi);
    });
    neon_loop!(f32_to_f16, f32 => f16, 8, |p, q| {
        let (lo, hi) = (vld1q_f32(p), vld1q_f32(p.add(4)));
        let h: uint16x8_t;
        asm!("fcvtn {h:v}.4h, {lo:v}.4s", "fcvtn2 {h:v}.8h, {hi:v}.4s",
             lo = in(vreg) lo, hi = in(vreg) hi, h = out(vreg) h, options(pure, nomem, nostack));
        vst1q_u16(q.cast(), h);
    });
    neon_loop!(f32_to_f64, f32 => f64, 4, |p, q| {
        let v = vld1q_f32(p);
        vst1q_f64(q, vcvt_f64_f32(vget_low_f32(v)));
        vst1q_f64(q.add(2), vcvt_high_f64_f32(v));
    });
    neon_loop!(f64_to_f32, f64 => f32, 4, |p, q| {
        let (lo, hi) = (vld1q_f64(p), vld1q_f64(p.add(2)));
        vst1q_f32(q, vcvt_high_f32_f64(vcvt_f32_f64(lo), hi));
    });
}
