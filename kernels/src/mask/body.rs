//! The mask family's bodies: one per kernel, each compiled once per ISA
//! (see the family essay in `mod.rs`).

use super::{Classify, Compare, Logic};
use crate::chunked::{binary_loop, chunk, unary_loop, write_chunk, Chunk, Run, CHUNK};
use crate::element::write_at;
use crate::per_isa::IsaBody;
use crate::{Element, Float};
use bytemuck::Pod;
use std::marker::PhantomData;
use std::mem::{align_of, size_of};

#[inline(always)]
fn compare<T: Element, const OP: u8>(a: T, b: T) -> u8 {
    let r = match OP {
        0 => a == b,
        1 => a != b,
        2 => a < b,
        3 => a <= b,
        4 => a > b,
        _ => a >= b,
    };
    r as u8
}

/// `out = op(a, b)` as mask bytes.
pub(crate) struct CompareRun<T> {
    pub(crate) op: Compare,
    pub(crate) n: usize,
    pub(crate) a: Run,
    pub(crate) b: Run,
    pub(crate) out: *mut u8,
    pub(crate) os: isize,
    pub(crate) _t: PhantomData<T>,
}

#[inline(always)]
fn compare_loop<T: Element, const OP: u8, const ISA: u8>(r: &CompareRun<T>) {
    #[allow(unused_mut)]
    let mut done = 0;
    #[cfg(target_arch = "x86_64")]
    if crate::per_isa::is_x86_simd(ISA) && r.os == 1 {
        // SAFETY: constructor contract; AVX2 is in every x86 vector ISA.
        done = unsafe { x86_compare::<T, OP>(r) };
    }
    let (a, b) = (r.a.skip(done), r.b.skip(done));
    // SAFETY: constructor contract: every run holds `n` elements, the
    // output is disjoint from the inputs; `done <= n` were written.
    unsafe {
        binary_loop(
            r.n - done,
            a,
            b,
            r.out.offset(done as isize * r.os),
            r.os,
            compare::<T, OP>,
        )
    };
}

/// The explicit AVX2 loop for `f32`/`f64` operands that are contiguous or
/// broadcast; returns how many elements it did (0 for other types and
/// layouts).
///
/// # Safety
/// As [`CompareRun`]'s constructor contract, with contiguous mask bytes,
/// on a CPU with AVX2.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn x86_compare<T: Element, const OP: u8>(r: &CompareRun<T>) -> usize {
    use super::x86::{compare, CmpLanes, Side};
    use std::any::TypeId;
    fn side<U: Copy>(run: Run) -> Option<Side<U>> {
        if run.stride == 0 {
            // SAFETY: a broadcast run points at one readable element.
            Some(Side::Value(unsafe { run.p.cast::<U>().read_unaligned() }))
        } else if crate::chunked::is_slice::<U>(run.p, run.stride) {
            Some(Side::Slice(run.p.cast()))
        } else {
            None
        }
    }
    fn go<U: CmpLanes, const OP: u8>(n: usize, a: Run, b: Run, out: *mut u8) -> usize {
        match (side::<U>(a), side::<U>(b)) {
            // SAFETY: caller contract (n elements per slice side, n output
            // bytes, AVX2).
            (Some(a), Some(b)) => unsafe { compare::<U, OP>(n, a, b, out) },
            _ => 0,
        }
    }
    let t = TypeId::of::<T>();
    if t == TypeId::of::<f32>() {
        go::<f32, OP>(r.n, r.a, r.b, r.out)
    } else if t == TypeId::of::<f64>() {
        go::<f64, OP>(r.n, r.a, r.b, r.out)
    } else {
        0
    }
}

impl<T: Element> IsaBody for CompareRun<T> {
    type Out = ();
    #[inline(always)]
    fn run<const ISA: u8>(self) {
        match self.op {
            Compare::Equal => compare_loop::<T, 0, ISA>(&self),
            Compare::NotEqual => compare_loop::<T, 1, ISA>(&self),
            Compare::Less => compare_loop::<T, 2, ISA>(&self),
            Compare::LessEqual => compare_loop::<T, 3, ISA>(&self),
            Compare::Greater => compare_loop::<T, 4, ISA>(&self),
            Compare::GreaterEqual => compare_loop::<T, 5, ISA>(&self),
        }
    }
}

/// `out = op(a)` as mask bytes.
pub(crate) struct ClassifyRun<T> {
    pub(crate) op: Classify,
    pub(crate) n: usize,
    pub(crate) a: Run,
    pub(crate) out: *mut u8,
    pub(crate) os: isize,
    pub(crate) _t: PhantomData<T>,
}

#[inline(always)]
fn classify_loop<T: Float>(r: &ClassifyRun<T>, f: impl Fn(T) -> bool + Copy) {
    // SAFETY: as in `compare_loop`.
    unsafe { unary_loop(r.n, r.a, r.out, r.os, |x: T| u8::from(f(x))) };
}

impl<T: Float> IsaBody for ClassifyRun<T> {
    type Out = ();
    #[inline(always)]
    fn run<const ISA: u8>(self) {
        // Branch-free forms: the NaN test is `x != x`, the others compare
        // the magnitude (its sign bit cleared) with infinity.
        match self.op {
            Classify::IsNan => classify_loop(&self, |x: T| x.is_nan()),
            Classify::IsInf => classify_loop(&self, |x: T| x.abs() == T::INFINITY),
            Classify::IsFinite => classify_loop(&self, |x: T| x.abs() < T::INFINITY),
            Classify::SignBit => classify_loop(&self, |x: T| x.is_sign_negative()),
        }
    }
}

/// `out = op(a, b)` on mask bytes (`b` unused by `Not`).
pub(crate) struct LogicRun {
    pub(crate) op: Logic,
    pub(crate) n: usize,
    pub(crate) a: Run,
    pub(crate) b: Run,
    pub(crate) out: *mut u8,
    pub(crate) os: isize,
}

#[inline(always)]
fn logic_loop(r: &LogicRun, f: impl Fn(bool, bool) -> bool + Copy) {
    // SAFETY: as in `compare_loop`.
    unsafe {
        binary_loop(r.n, r.a, r.b, r.out, r.os, |x: u8, y: u8| {
            u8::from(f(x != 0, y != 0))
        })
    };
}

impl IsaBody for LogicRun {
    type Out = ();
    #[inline(always)]
    fn run<const ISA: u8>(self) {
        match self.op {
            Logic::And => logic_loop(&self, |x, y| x & y),
            Logic::Or => logic_loop(&self, |x, y| x | y),
            Logic::Xor => logic_loop(&self, |x, y| x ^ y),
            Logic::Not => logic_loop(&self, |x, _| !x),
        }
    }
}

/// The number of non-zero mask bytes.
pub(crate) struct CountRun {
    pub(crate) n: usize,
    pub(crate) m: Run,
}

/// The non-zero bytes of `m`: 64 byte-wide counters (one AVX-512 vector,
/// two AVX2 ones), each taking at most 255 blocks before it is widened, so
/// no counter overflows and the inner loop is one compare and one add.
#[inline(always)]
fn count_bytes(m: &[u8]) -> usize {
    const W: usize = 64;
    let mut total = 0usize;
    let mut blocks = m.chunks_exact(W);
    loop {
        let mut acc = [0u8; W];
        let mut taken = 0;
        for block in blocks.by_ref().take(255) {
            taken += 1;
            for (a, &x) in acc.iter_mut().zip(block) {
                *a = a.wrapping_add(u8::from(x != 0));
            }
        }
        total += acc.iter().map(|&a| usize::from(a)).sum::<usize>();
        if taken < 255 {
            break;
        }
    }
    total + blocks.remainder().iter().filter(|&&x| x != 0).count()
}

/// `(done, count)` of the explicit x86 count loop for ISA row `ISA`
/// (`(0, 0)` where there is none).
///
/// # Safety
/// `n` readable bytes from `p`; `ISA` is the running row.
#[inline(always)]
#[allow(unused_variables)]
unsafe fn x86_count<const ISA: u8>(n: usize, p: *const u8) -> (usize, usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use crate::isa::Isa;
        // SAFETY: caller contract; each ISA row has the features its loop
        // enables.
        unsafe {
            if ISA == Isa::Avx512 as u8 {
                return super::x86::count_avx512(n, p);
            } else if ISA == Isa::Avx2 as u8 {
                return super::x86::count_avx2(n, p);
            }
        }
    }
    (0, 0)
}

impl IsaBody for CountRun {
    type Out = usize;
    #[inline(always)]
    fn run<const ISA: u8>(self) -> usize {
        if self.m.stride == 1 {
            // SAFETY: constructor contract (`n` readable bytes).
            let (done, count) = unsafe { x86_count::<ISA>(self.n, self.m.p) };
            // SAFETY: constructor contract: `n` readable bytes from `p`.
            let rest = unsafe { std::slice::from_raw_parts(self.m.p.add(done), self.n - done) };
            return count + count_bytes(rest);
        }
        let mut mb = [0u8; CHUNK];
        let (mut i, mut count) = (0, 0);
        while i < self.n {
            let len = CHUNK.min(self.n - i);
            // SAFETY: constructor contract: the run holds `n` elements.
            count += match unsafe { chunk(self.m, i, len, &mut mb) } {
                Chunk::Slice(m) => count_bytes(m),
                Chunk::Value(x) => usize::from(x != 0) * len,
            };
            i += len;
        }
        count
    }
}

/// `out = if m != 0 { a } else { b }` (NumPy's `where`).
pub(crate) struct SelectRun<T> {
    pub(crate) n: usize,
    pub(crate) m: Run,
    pub(crate) a: Run,
    pub(crate) b: Run,
    pub(crate) out: *mut u8,
    pub(crate) os: isize,
    pub(crate) _t: PhantomData<T>,
}

impl<T: Pod> IsaBody for SelectRun<T> {
    type Out = ();
    #[inline(always)]
    fn run<const ISA: u8>(self) {
        let (mut mb, mut ab, mut bb) = ([0u8; CHUNK], [T::zeroed(); CHUNK], [T::zeroed(); CHUNK]);
        let mut ob = [T::zeroed(); CHUNK];
        let mut i = 0;
        while i < self.n {
            let len = CHUNK.min(self.n - i);
            // SAFETY: as in `compare_loop`.
            unsafe {
                let m = chunk(self.m, i, len, &mut mb);
                let (a, b) = (
                    chunk(self.a, i, len, &mut ab),
                    chunk(self.b, i, len, &mut bb),
                );
                write_chunk(self.out, self.os, i, len, &mut ob, |out| {
                    select_chunk(out, m, a, b)
                });
            }
            i += len;
        }
    }
}

#[inline(always)]
fn select_chunk<T: Pod>(out: &mut [T], m: Chunk<'_, u8>, a: Chunk<'_, T>, b: Chunk<'_, T>) {
    let m = match m {
        Chunk::Value(m) => {
            return match if m != 0 { a } else { b } {
                Chunk::Slice(s) => out.copy_from_slice(s),
                Chunk::Value(v) => out.fill(v),
            };
        }
        Chunk::Slice(m) => m,
    };
    match (a, b) {
        (Chunk::Slice(a), Chunk::Slice(b)) => {
            for (((o, &k), &x), &y) in out.iter_mut().zip(m).zip(a).zip(b) {
                *o = if k != 0 { x } else { y };
            }
        }
        (Chunk::Slice(a), Chunk::Value(y)) => {
            for ((o, &k), &x) in out.iter_mut().zip(m).zip(a) {
                *o = if k != 0 { x } else { y };
            }
        }
        (Chunk::Value(x), Chunk::Slice(b)) => {
            for ((o, &k), &y) in out.iter_mut().zip(m).zip(b) {
                *o = if k != 0 { x } else { y };
            }
        }
        (Chunk::Value(x), Chunk::Value(y)) => {
            for (o, &k) in out.iter_mut().zip(m) {
                *o = if k != 0 { x } else { y };
            }
        }
    }
}

/// `out[k] = value` where `m[k] != 0` (NumPy's `putmask` / `a[mask] = value`).
pub(crate) struct PutRun<T> {
    pub(crate) n: usize,
    pub(crate) m: Run,
    pub(crate) value: T,
    pub(crate) out: *mut u8,
    pub(crate) os: isize,
}

impl<T: Pod> IsaBody for PutRun<T> {
    type Out = ();
    #[inline(always)]
    fn run<const ISA: u8>(self) {
        let mut mb = [0u8; CHUNK];
        let e = size_of::<T>() as isize;
        let contiguous = self.os == e && (self.out as usize).is_multiple_of(align_of::<T>());
        let mut i = 0;
        while i < self.n {
            let len = CHUNK.min(self.n - i);
            // SAFETY: constructor contract: `n` mask bytes and `n` writable
            // output elements, disjoint.
            unsafe {
                let m = chunk(self.m, i, len, &mut mb);
                if contiguous {
                    let out = std::slice::from_raw_parts_mut(self.out.cast::<T>().add(i), len);
                    match m {
                        Chunk::Slice(m) => {
                            for (o, &k) in out.iter_mut().zip(m) {
                                *o = if k != 0 { self.value } else { *o };
                            }
                        }
                        Chunk::Value(k) if k != 0 => out.fill(self.value),
                        Chunk::Value(_) => {}
                    }
                } else {
                    for k in 0..len {
                        let on = match &m {
                            Chunk::Slice(m) => m[k] != 0,
                            Chunk::Value(v) => *v != 0,
                        };
                        if on {
                            write_at(self.out, self.os, i + k, self.value);
                        }
                    }
                }
            }
            i += len;
        }
    }
}

/// The elements of `a` where `m != 0`, in order, written contiguously to
/// `out`; returns how many.
pub(crate) struct ExtractRun<T> {
    pub(crate) n: usize,
    pub(crate) m: Run,
    pub(crate) a: Run,
    pub(crate) out: *mut T,
    /// Room in `out`, in elements.
    pub(crate) room: usize,
}

impl<T: Pod> IsaBody for ExtractRun<T> {
    type Out = usize;
    #[inline(always)]
    fn run<const ISA: u8>(self) -> usize {
        let (mut mb, mut ab) = ([0u8; CHUNK], [T::zeroed(); CHUNK]);
        let mut kept = [T::zeroed(); CHUNK];
        let (mut i, mut total) = (0, 0);
        while i < self.n {
            let len = CHUNK.min(self.n - i);
            // SAFETY: constructor contract: `n` elements in both runs.
            let (m, a) = unsafe {
                (
                    chunk(self.m, i, len, &mut mb),
                    chunk(self.a, i, len, &mut ab),
                )
            };
            let j = match (m, a) {
                (Chunk::Slice(m), Chunk::Slice(a)) => {
                    // Branch-free: write every element, advance by its bit.
                    let mut j = 0;
                    for (&k, &x) in m.iter().zip(a) {
                        kept[j] = x;
                        j += usize::from(k != 0);
                    }
                    j
                }
                (Chunk::Slice(m), Chunk::Value(x)) => {
                    let j = m.iter().filter(|&&k| k != 0).count();
                    kept[..j].fill(x);
                    j
                }
                (Chunk::Value(k), Chunk::Slice(a)) if k != 0 => {
                    kept[..len].copy_from_slice(a);
                    len
                }
                (Chunk::Value(k), Chunk::Value(x)) if k != 0 => {
                    kept[..len].fill(x);
                    len
                }
                (Chunk::Value(_), _) => 0,
            };
            let j = j.min(self.room - total);
            // SAFETY: `out` has room for `room` elements (constructor
            // contract), and `total + j <= room`.
            unsafe { std::ptr::copy_nonoverlapping(kept.as_ptr(), self.out.add(total), j) };
            total += j;
            i += len;
        }
        total
    }
}
