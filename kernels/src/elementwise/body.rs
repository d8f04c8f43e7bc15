//! The element-wise loop: every operation of the table (`ops.rs`), for `f32`
//! and `f64`, over every operand form.
//!
//! # Algorithm
//!
//! One loop, [`map`], written once for every ISA and every arity: it walks the
//! run in blocks of four vectors (so four independent operations are in flight),
//! then single vectors, then one masked partial vector for the last
//! `n % LANES` elements — AVX-512 masked moves, AVX2 `vmaskmov`, a small buffer
//! on NEON; never a scalar tail loop. Inactive tail lanes hold `1.0`, so no
//! lane computes `0/0`, `sqrt(-1)` or anything else that raises a spurious
//! floating-point exception.
//!
//! # Operand forms
//!
//! Each input is loaded through a [`Load`] implementation chosen by its form:
//! `Contig` (unaligned vector loads — no head is peeled, so the result cannot
//! depend on alignment), `Splat` (broadcast once, before the loop) or
//! `Gathered` (strided: the backend's `gather_full`, which on AVX2 is eight
//! scalar loads inserted into a vector — measured faster than `vgather` on
//! Zen 4, and 3× faster than staging strided blocks through a buffer).
//! No loop branches on a form: contiguous/broadcast combinations each get a
//! loop (with streaming stores for huge outputs), binary and unary kernels
//! get one per strided combination too, and the rarer cases (strided output,
//! strided `mul_add` inputs) share one loop in which every input is gathered
//! (a contiguous input as stride = element size, a broadcast as stride 0).
//! A strided output is written block by block (256 elements) from a stack
//! buffer. This keeps the number of compiled loops near `2^N + 3^N`, not
//! `2 × 3^N` per kernel.
//!
//! # Aliasing
//!
//! Each block loads all its inputs before storing, and touches only its own
//! positions, so an output equal to an input (the in-place form) is correct.

use super::ops::{binary_vec, ternary_vec, unary_vec};
use crate::backend::Simd;
use crate::operand::{RawDst, RawSrc};
use crate::Float;

/// How one input is loaded inside the loop.
pub(crate) trait Load<T: Float, S: Simd<T>>: Copy {
    /// # Safety
    /// Elements `i .. i + LANES` of the operand must be readable.
    unsafe fn load(self, s: S, i: usize) -> S::V;
    /// # Safety
    /// Elements `i .. i + n` (n < LANES) of the operand must be readable.
    unsafe fn load_partial(self, s: S, i: usize, n: usize) -> S::V;
    /// The same operand starting at position `i`.
    /// # Safety
    /// Position `i` must be within the operand (or one past its end).
    unsafe fn at(self, i: usize) -> Self;
}

/// How the output is stored inside the loop.
pub(crate) trait Store<T: Float, S: Simd<T>>: Copy {
    /// # Safety
    /// Elements `i .. i + LANES` must be writable.
    unsafe fn store(self, s: S, i: usize, v: S::V);
    /// # Safety
    /// Elements `i .. i + n` (n < LANES) must be writable.
    unsafe fn store_partial(self, s: S, i: usize, n: usize, v: S::V);
}

#[derive(Clone, Copy)]
pub(crate) struct Contig<T>(pub(crate) *const T);

#[derive(Clone, Copy)]
pub(crate) struct Splat<V>(pub(crate) V);

/// A strided input: `(base, byte stride)`.
#[derive(Clone, Copy)]
pub(crate) struct Gathered(pub(crate) *const u8, pub(crate) isize);

#[derive(Clone, Copy)]
struct ContigOut<T>(*mut T);

/// Contiguous output written with non-temporal stores (full vectors must be
/// `STREAM_ALIGN`-aligned; the caller peels a head to make them so).
#[derive(Clone, Copy)]
struct StreamOut<T>(*mut T);

impl<T: Float, S: Simd<T>> Load<T, S> for Gathered {
    #[inline(always)]
    unsafe fn load(self, s: S, i: usize) -> S::V {
        // SAFETY: caller contract; `i * stride` stays inside the validated run.
        unsafe { s.gather_full(self.0.offset(i as isize * self.1), self.1) }
    }
    #[inline(always)]
    unsafe fn load_partial(self, s: S, i: usize, n: usize) -> S::V {
        // SAFETY: caller contract.
        unsafe { s.gather(self.0.offset(i as isize * self.1), self.1, n) }
    }
    #[inline(always)]
    unsafe fn at(self, i: usize) -> Self {
        // SAFETY: caller contract.
        Gathered(unsafe { self.0.offset(i as isize * self.1) }, self.1)
    }
}

impl<T: Float, S: Simd<T>> Load<T, S> for Contig<T> {
    #[inline(always)]
    unsafe fn load(self, s: S, i: usize) -> S::V {
        // SAFETY: caller contract.
        unsafe { s.load(self.0.add(i)) }
    }
    #[inline(always)]
    unsafe fn load_partial(self, s: S, i: usize, n: usize) -> S::V {
        // SAFETY: caller contract.
        unsafe { s.load_partial(self.0.add(i), n) }
    }
    #[inline(always)]
    unsafe fn at(self, i: usize) -> Self {
        // SAFETY: caller contract.
        Contig(unsafe { self.0.add(i) })
    }
}

impl<T: Float, S: Simd<T>> Load<T, S> for Splat<S::V> {
    #[inline(always)]
    unsafe fn load(self, _s: S, _i: usize) -> S::V {
        self.0
    }
    #[inline(always)]
    unsafe fn load_partial(self, s: S, _i: usize, n: usize) -> S::V {
        s.pad_ones(self.0, n)
    }
    #[inline(always)]
    unsafe fn at(self, _i: usize) -> Self {
        self
    }
}

impl<T: Float, S: Simd<T>> Store<T, S> for ContigOut<T> {
    #[inline(always)]
    unsafe fn store(self, s: S, i: usize, v: S::V) {
        // SAFETY: caller contract.
        unsafe { s.store(self.0.add(i), v) }
    }
    #[inline(always)]
    unsafe fn store_partial(self, s: S, i: usize, n: usize, v: S::V) {
        // SAFETY: caller contract.
        unsafe { s.store_partial(self.0.add(i), n, v) }
    }
}

impl<T: Float, S: Simd<T>> Store<T, S> for StreamOut<T> {
    #[inline(always)]
    unsafe fn store(self, s: S, i: usize, v: S::V) {
        // SAFETY: caller contract; alignment is established by `map_contig`.
        unsafe { s.store_stream(self.0.add(i), v) }
    }
    #[inline(always)]
    unsafe fn store_partial(self, s: S, i: usize, n: usize, v: S::V) {
        // SAFETY: caller contract.
        unsafe { s.store_partial(self.0.add(i), n, v) }
    }
}

/// A tuple of inputs loaded together.
pub(crate) trait Inputs<T: Float, S: Simd<T>>: Copy {
    type Vs;
    /// # Safety: as [`Load::load`] for every input.
    unsafe fn load(self, s: S, i: usize) -> Self::Vs;
    /// # Safety: as [`Load::load_partial`] for every input.
    unsafe fn load_partial(self, s: S, i: usize, n: usize) -> Self::Vs;
    /// # Safety: as [`Load::at`] for every input.
    unsafe fn at(self, i: usize) -> Self;
}

macro_rules! impl_inputs {
    ($($name:ident),*) => {
        #[allow(non_snake_case)]
        impl<T: Float, S: Simd<T>, $($name: Load<T, S>),*> Inputs<T, S> for ($($name,)*) {
            type Vs = ($(impl_inputs!(@v $name S),)*);
            #[inline(always)]
            unsafe fn load(self, s: S, i: usize) -> Self::Vs {
                let ($($name,)*) = self;
                // SAFETY: caller contract.
                unsafe { ($($name.load(s, i),)*) }
            }
            #[inline(always)]
            unsafe fn load_partial(self, s: S, i: usize, n: usize) -> Self::Vs {
                let ($($name,)*) = self;
                // SAFETY: caller contract.
                unsafe { ($($name.load_partial(s, i, n),)*) }
            }
            #[inline(always)]
            unsafe fn at(self, i: usize) -> Self {
                let ($($name,)*) = self;
                // SAFETY: caller contract.
                unsafe { ($(Load::<T, S>::at($name, i),)*) }
            }
        }
    };
    (@v $name:ident $s:ident) => { $s::V };
}
impl_inputs!(A);
impl_inputs!(A, B);
impl_inputs!(A, B, C);

/// The one element-wise loop.
///
/// # Safety
/// Every input must be readable and the output writable at positions `0..n`.
#[inline(always)]
unsafe fn map<T: Float, S: Simd<T>, I: Inputs<T, S>, O: Store<T, S>>(
    s: S,
    n: usize,
    inputs: I,
    out: O,
    op: impl Fn(I::Vs) -> S::V,
) {
    // SAFETY: forwarded caller contract.
    unsafe { map_range(s, 0, n, inputs, out, op) }
}

/// [`map`] over positions `start..n`.
///
/// # Safety
/// As [`map`].
#[inline(always)]
unsafe fn map_range<T: Float, S: Simd<T>, I: Inputs<T, S>, O: Store<T, S>>(
    s: S,
    start: usize,
    n: usize,
    inputs: I,
    out: O,
    op: impl Fn(I::Vs) -> S::V,
) {
    let l = S::LANES;
    let mut i = start;
    // SAFETY (all blocks): every index touched is below `n`.
    while i + 4 * l <= n {
        let v0 = op(unsafe { inputs.load(s, i) });
        let v1 = op(unsafe { inputs.load(s, i + l) });
        let v2 = op(unsafe { inputs.load(s, i + 2 * l) });
        let v3 = op(unsafe { inputs.load(s, i + 3 * l) });
        unsafe {
            out.store(s, i, v0);
            out.store(s, i + l, v1);
            out.store(s, i + 2 * l, v2);
            out.store(s, i + 3 * l, v3);
        }
        i += 4 * l;
    }
    while i + l <= n {
        unsafe { out.store(s, i, op(inputs.load(s, i))) };
        i += l;
    }
    if i < n {
        let rest = n - i;
        unsafe { out.store_partial(s, i, rest, op(inputs.load_partial(s, i, rest))) };
    }
}

/// The streaming threshold where the CPU does not report its last-level
/// cache (a typical last-level cache's size). The threshold used is
/// [`stream_min_bytes`](crate::stream_min_bytes): outputs of at least the
/// last-level cache are written with non-temporal stores (caching them
/// would only evict the inputs and cost a read-for-ownership per line).
pub const STREAM_MIN_BYTES: usize = 16 << 20;

/// [`map`] into a contiguous output, switching to streaming stores for huge
/// outputs or when the caller asks (`stream`, from [`RawDst::Stream`]): a head of fewer than `LANES` elements aligns the output pointer,
/// then every full vector is streamed, then one fence.
///
/// # Safety
/// As [`map`].
#[inline(always)]
unsafe fn map_contig<T: Float, S: Simd<T>, I: Inputs<T, S>>(
    s: S,
    n: usize,
    inputs: I,
    po: *mut T,
    op: impl Fn(I::Vs) -> S::V + Copy,
    stream: bool,
) {
    let size = core::mem::size_of::<T>();
    let misalign = if S::STREAM_ALIGN == 0 {
        0
    } else {
        po as usize % S::STREAM_ALIGN
    };
    // SAFETY (all blocks): forwarded caller contract; `head <= n`.
    let stream = stream || n * size >= crate::cache::stream_min_bytes();
    if S::STREAM_ALIGN != 0 && stream && misalign % size == 0 {
        let head = (((S::STREAM_ALIGN - misalign) % S::STREAM_ALIGN) / size).min(n);
        unsafe {
            map_range(s, 0, head, inputs, ContigOut(po), op);
            map_range(s, head, n, inputs, StreamOut(po), op);
        }
        s.stream_fence();
    } else {
        unsafe { map(s, n, inputs, ContigOut(po), op) }
    }
}

/// Elements per block when the output is strided: results go to a stack
/// buffer of this size (1 KiB of f32) and are then written out element by element.
const BLOCK: usize = 256;

/// [`map`] into a strided output: block by block into a stack buffer, then
/// scattered with plain stores. Every input block is read before its output
/// block is written, so the in-place form stays correct.
///
/// # Safety
/// As [`map`], with the output valid for `n` elements at `po + k * st`.
#[inline(always)]
unsafe fn map_strided_out<T: Float, S: Simd<T>, I: Inputs<T, S>>(
    s: S,
    n: usize,
    inputs: I,
    po: *mut u8,
    st: isize,
    op: impl Fn(I::Vs) -> S::V + Copy,
) {
    let mut obuf = [T::ONE; BLOCK];
    let mut i = 0;
    while i < n {
        let m = (n - i).min(BLOCK);
        // SAFETY (both): caller contract; positions i..i + m exist, m <= BLOCK.
        unsafe { map(s, m, inputs.at(i), ContigOut(obuf.as_mut_ptr()), op) };
        let base = unsafe { po.offset(i as isize * st) };
        for (k, x) in obuf[..m].iter().enumerate() {
            // SAFETY: as above: output position i + k is writable.
            unsafe { base.offset(k as isize * st).cast::<T>().write_unaligned(*x) };
        }
        i += m;
    }
}

/// Builds the input tuple for one form combination and runs `$end`: `flat`
/// expands contiguous/broadcast inputs (2 forms each), `all` also strided ones
/// (3 forms each). Every leaf is a separately monomorphised loop.
macro_rules! forms {
    ($mode:ident, $s:ident; [$($done:expr),*]; $x:ident $(, $rest:ident)*; $end:ident!($($e:tt)*)) => {
        match $x {
            RawSrc::Contig(p) => forms!($mode, $s; [$($done,)* Contig(p)]; $($rest),*; $end!($($e)*)),
            RawSrc::Splat(v) => forms!($mode, $s; [$($done,)* Splat($s.splat(v))]; $($rest),*; $end!($($e)*)),
            RawSrc::Strided(p, st) => forms!(@strided $mode, $s; [$($done),*]; p, st; $($rest),*; $end!($($e)*)),
        }
    };
    ($mode:ident, $s:ident; [$($done:expr),*]; ; $end:ident!($($e:tt)*)) => {
        $end!(($($done,)*), $($e)*)
    };
    (@strided all, $s:ident; [$($done:expr),*]; $p:ident, $st:ident; $($rest:ident),*; $end:ident!($($e:tt)*)) => {
        forms!(all, $s; [$($done,)* Gathered($p, $st)]; $($rest),*; $end!($($e)*))
    };
    (@strided flat, $s:ident; [$($done:expr),*]; $p:ident, $st:ident; $($rest:ident),*; $end:ident!($($e:tt)*)) => {
        {
            let _ = ($p, $st);
            unreachable!("strided operand on the contiguous-only path")
        }
    };
}

/// Loop ends for [`forms!`].
macro_rules! run_contig {
    ($ins:expr, $s:ident, $n:ident, $po:ident, $f:ident, $stream:ident) => {
        map_contig($s, $n, $ins, $po, $f, $stream)
    };
}
macro_rules! run_plain {
    ($ins:expr, $s:ident, $n:ident, $po:ident, $f:ident) => {
        map($s, $n, $ins, ContigOut($po), $f)
    };
}

/// Every input as a [`Gathered`] operand (contiguous: stride = element size;
/// broadcast: stride 0 over `slot`, which must outlive the loop).
#[inline(always)]
fn gathered<T: Float>(x: RawSrc<T>, slot: &T) -> Gathered {
    match x {
        RawSrc::Contig(p) => Gathered(p.cast(), core::mem::size_of::<T>() as isize),
        RawSrc::Splat(_) => Gathered((slot as *const T).cast(), 0),
        RawSrc::Strided(p, st) => Gathered(p, st),
    }
}

/// The broadcast value of `x`, or `1.0` (a slot for [`gathered`]).
#[inline(always)]
fn splat_value<T: Float>(x: RawSrc<T>) -> T {
    match x {
        RawSrc::Splat(v) => v,
        _ => T::ONE,
    }
}

#[inline(always)]
fn is_flat<T>(x: &RawSrc<T>) -> bool {
    !matches!(x, RawSrc::Strided(..))
}

impl<T> RawDst<T> {
    /// A `Stream` output as a contiguous one, and whether streaming was asked for.
    #[inline(always)]
    fn streaming(self) -> (RawDst<T>, bool) {
        match self {
            RawDst::Stream(p) => (RawDst::Contig(p), true),
            other => (other, false),
        }
    }
}

/// Entry of every binary kernel. Contiguous/broadcast inputs into a
/// contiguous output get one loop per combination (with streaming stores for
/// huge outputs); strided inputs get one loop per combination of the three
/// forms; a strided output takes the single all-gathered loop.
///
/// # Safety
/// The operands must be valid for `n` elements (see [`RawSrc`], [`RawDst`]).
#[inline(always)]
pub(crate) unsafe fn binary<T: Float, S: Simd<T>, const OP: u8>(
    s: S,
    n: usize,
    a: RawSrc<T>,
    b: RawSrc<T>,
    out: RawDst<T>,
) {
    let f = |(x, y)| binary_vec::<T, S, OP>(s, x, y);
    let (out, stream) = out.streaming();
    // SAFETY (all arms): forwarded caller contract.
    match out {
        RawDst::Contig(po) if is_flat(&a) && is_flat(&b) => unsafe {
            forms!(flat, s; []; a, b; run_contig!(s, n, po, f, stream))
        },
        RawDst::Contig(po) | RawDst::Stream(po) => unsafe {
            forms!(all, s; []; a, b; run_plain!(s, n, po, f))
        },
        RawDst::Strided(po, st) => {
            let slots = [splat_value(a), splat_value(b)];
            let ins = (gathered(a, &slots[0]), gathered(b, &slots[1]));
            unsafe { map_strided_out(s, n, ins, po, st, f) }
        }
    }
}

/// Entry of every unary kernel (forms as in [`binary`]).
///
/// # Safety
/// As [`binary`].
#[inline(always)]
pub(crate) unsafe fn unary<T: Float, S: Simd<T>, const OP: u8>(
    s: S,
    n: usize,
    a: RawSrc<T>,
    out: RawDst<T>,
) {
    let f = |(x,)| unary_vec::<T, S, OP>(s, x);
    let (out, stream) = out.streaming();
    // SAFETY (all arms): forwarded caller contract.
    match out {
        RawDst::Contig(po) if is_flat(&a) => unsafe {
            forms!(flat, s; []; a; run_contig!(s, n, po, f, stream))
        },
        RawDst::Contig(po) | RawDst::Stream(po) => unsafe {
            forms!(all, s; []; a; run_plain!(s, n, po, f))
        },
        RawDst::Strided(po, st) => {
            let slot = splat_value(a);
            unsafe { map_strided_out(s, n, (gathered(a, &slot),), po, st, f) }
        }
    }
}

/// Entry of every ternary kernel (`mul_add`). Contiguous/broadcast inputs
/// into a contiguous output get one loop per combination; anything strided
/// takes the single all-gathered loop (27 × 2 strided combinations would cost
/// far more compile time than they would save run time).
///
/// # Safety
/// As [`binary`].
#[inline(always)]
pub(crate) unsafe fn ternary<T: Float, S: Simd<T>, const OP: u8>(
    s: S,
    n: usize,
    a: RawSrc<T>,
    b: RawSrc<T>,
    c: RawSrc<T>,
    out: RawDst<T>,
) {
    let f = |(x, y, z)| ternary_vec::<T, S, OP>(s, x, y, z);
    let (out, stream) = out.streaming();
    if let RawDst::Contig(po) = out {
        if is_flat(&a) && is_flat(&b) && is_flat(&c) {
            // SAFETY: forwarded caller contract.
            return unsafe { forms!(flat, s; []; a, b, c; run_contig!(s, n, po, f, stream)) };
        }
    }
    let slots = [splat_value(a), splat_value(b), splat_value(c)];
    let ins = (
        gathered(a, &slots[0]),
        gathered(b, &slots[1]),
        gathered(c, &slots[2]),
    );
    // SAFETY (both arms): forwarded caller contract; `slots` outlives the loops.
    match out {
        RawDst::Contig(po) | RawDst::Stream(po) => unsafe { map(s, n, ins, ContigOut(po), f) },
        RawDst::Strided(po, st) => unsafe { map_strided_out(s, n, ins, po, st, f) },
    }
}
