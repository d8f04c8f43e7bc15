//! Chunked runs: the operand handling shared by the families whose bodies
//! are plain loops the compiler vectorises per ISA (masks, integers).
//!
//! An operand is a (pointer, byte stride) [`Run`]: a stride of one element
//! at an aligned address is read in place as a slice; a stride of 0 is one
//! broadcast value, read once; any other stride is staged through a stack
//! chunk of [`CHUNK`] elements. So the compute loop is always one of the
//! contiguous forms (slice with slice, slice with value, …), whatever the
//! layout, and the output is written in place or through a chunk the same
//! way. When no operand needs staging, a loop covers the whole run at once.

use crate::element::{read_at, write_at};
use bytemuck::Pod;
use std::mem::{align_of, size_of};

/// Elements staged per chunk of a strided operand.
pub(crate) const CHUNK: usize = 256;

/// An operand run: element `k` at `p + k * stride` bytes (stride 0: one
/// value for every position).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Run {
    pub(crate) p: *const u8,
    pub(crate) stride: isize,
}

impl Run {
    /// The run without its first `k` elements of `T` (a broadcast stays).
    #[inline(always)]
    pub(crate) fn skip(self, k: usize) -> Run {
        Run {
            p: self.p.wrapping_offset(k as isize * self.stride),
            stride: self.stride,
        }
    }

    /// Whether this run of `T` is read in place or as one value (no staging).
    #[inline(always)]
    pub(crate) fn direct<T>(self) -> bool {
        self.stride == 0 || is_slice::<T>(self.p, self.stride)
    }
}

/// Whether `(p, stride)` is a contiguous, aligned run of `T`.
#[inline(always)]
pub(crate) fn is_slice<T>(p: *const u8, stride: isize) -> bool {
    stride == size_of::<T>() as isize && (p as usize).is_multiple_of(align_of::<T>())
}

/// A chunk of an input as the compute loops see it.
pub(crate) enum Chunk<'a, T> {
    /// Consecutive elements.
    Slice(&'a [T]),
    /// One value at every position.
    Value(T),
}

/// Elements `i .. i + len` of `r`: in place when contiguous and aligned, one
/// value when broadcast, else staged into `buf` (`len <= buf.len()`).
///
/// # Safety
/// The run's elements `i .. i + len` are readable (and, for the in-place
/// slice, not written while it lives).
#[inline(always)]
pub(crate) unsafe fn chunk<T: Pod>(r: Run, i: usize, len: usize, buf: &mut [T]) -> Chunk<'_, T> {
    if r.stride == 0 {
        // SAFETY: caller contract (element 0 is the broadcast value).
        return Chunk::Value(unsafe { read_at(r.p, 0, 0) });
    }
    if is_slice::<T>(r.p, r.stride) {
        // SAFETY: caller contract; contiguous, aligned elements.
        return Chunk::Slice(unsafe { std::slice::from_raw_parts(r.p.cast::<T>().add(i), len) });
    }
    for (k, x) in buf[..len].iter_mut().enumerate() {
        // SAFETY: caller contract.
        *x = unsafe { read_at(r.p, r.stride, i + k) };
    }
    Chunk::Slice(&buf[..len])
}

/// Writes `len` output elements computed by `f` at `i`: directly when the
/// output is contiguous and aligned, else through `buf`.
///
/// # Safety
/// Output elements `i .. i + len` are writable and read by nothing else.
#[inline(always)]
pub(crate) unsafe fn write_chunk<T: Pod>(
    out: *mut u8,
    os: isize,
    i: usize,
    len: usize,
    buf: &mut [T],
    f: impl FnOnce(&mut [T]),
) {
    if is_slice::<T>(out, os) {
        // SAFETY: caller contract; contiguous, aligned elements.
        f(unsafe { std::slice::from_raw_parts_mut(out.cast::<T>().add(i), len) });
        return;
    }
    f(&mut buf[..len]);
    for (k, &x) in buf[..len].iter().enumerate() {
        // SAFETY: caller contract.
        unsafe { write_at(out, os, i + k, x) };
    }
}

/// `out[k] = f(a[k], b[k])` over one chunk of each input.
#[inline(always)]
fn compute2<A: Pod, O: Pod>(
    out: &mut [O],
    a: Chunk<'_, A>,
    b: Chunk<'_, A>,
    f: impl Fn(A, A) -> O,
) {
    match (a, b) {
        (Chunk::Slice(a), Chunk::Slice(b)) => {
            for ((o, &x), &y) in out.iter_mut().zip(a).zip(b) {
                *o = f(x, y);
            }
        }
        (Chunk::Slice(a), Chunk::Value(y)) => {
            for (o, &x) in out.iter_mut().zip(a) {
                *o = f(x, y);
            }
        }
        (Chunk::Value(x), Chunk::Slice(b)) => {
            for (o, &y) in out.iter_mut().zip(b) {
                *o = f(x, y);
            }
        }
        (Chunk::Value(x), Chunk::Value(y)) => out.fill(f(x, y)),
    }
}

/// `out[k] = f(a[k])` over one chunk of the input.
#[inline(always)]
fn compute1<A: Pod, O: Pod>(out: &mut [O], a: Chunk<'_, A>, f: impl Fn(A) -> O) {
    match a {
        Chunk::Slice(a) => {
            for (o, &x) in out.iter_mut().zip(a) {
                *o = f(x);
            }
        }
        Chunk::Value(x) => out.fill(f(x)),
    }
}

/// `out[k] = f(a[k], b[k])` over two input runs of `n` elements.
///
/// When every operand is contiguous or broadcast, one loop covers the run
/// and no staging buffer exists (a buffer would take L1 space from the
/// operands); otherwise chunks of [`CHUNK`] are staged on the stack.
///
/// # Safety
/// Both runs hold `n` readable elements; the output run holds `n` writable
/// elements, pairwise disjoint; an input either is disjoint from the output
/// or is the output itself at the same positions (in place).
#[inline(always)]
pub(crate) unsafe fn binary_loop<A: Pod, O: Pod>(
    n: usize,
    ra: Run,
    rb: Run,
    out: *mut u8,
    os: isize,
    f: impl Fn(A, A) -> O + Copy,
) {
    if n == 0 {
        return;
    }
    if ra.direct::<A>() && rb.direct::<A>() && is_slice::<O>(out, os) {
        // SAFETY: caller contract; no operand is staged, so the empty
        // buffers are never touched.
        unsafe {
            let (a, b) = (chunk(ra, 0, n, &mut []), chunk(rb, 0, n, &mut []));
            write_chunk(out, os, 0, n, &mut [], |out| compute2(out, a, b, f));
        }
        return;
    }
    let (mut ab, mut bb, mut ob) = (
        [A::zeroed(); CHUNK],
        [A::zeroed(); CHUNK],
        [O::zeroed(); CHUNK],
    );
    let mut i = 0;
    while i < n {
        let len = CHUNK.min(n - i);
        // SAFETY: caller contract; `len <= CHUNK`.
        unsafe {
            let (a, b) = (chunk(ra, i, len, &mut ab), chunk(rb, i, len, &mut bb));
            write_chunk(out, os, i, len, &mut ob, |out| compute2(out, a, b, f));
        }
        i += len;
    }
}

/// `out[k] = f(a[k])` over one input run of `n` elements (staging as
/// [`binary_loop`]).
///
/// # Safety
/// As [`binary_loop`], with one input.
#[inline(always)]
pub(crate) unsafe fn unary_loop<A: Pod, O: Pod>(
    n: usize,
    ra: Run,
    out: *mut u8,
    os: isize,
    f: impl Fn(A) -> O + Copy,
) {
    if n == 0 {
        return;
    }
    if ra.direct::<A>() && is_slice::<O>(out, os) {
        // SAFETY: as in `binary_loop`.
        unsafe {
            let a = chunk(ra, 0, n, &mut []);
            write_chunk(out, os, 0, n, &mut [], |out| compute1(out, a, f));
        }
        return;
    }
    let (mut ab, mut ob) = ([A::zeroed(); CHUNK], [O::zeroed(); CHUNK]);
    let mut i = 0;
    while i < n {
        let len = CHUNK.min(n - i);
        // SAFETY: caller contract; `len <= CHUNK`.
        unsafe {
            let a = chunk(ra, i, len, &mut ab);
            write_chunk(out, os, i, len, &mut ob, |out| compute1(out, a, f));
        }
        i += len;
    }
}

/// [`binary_loop`] for one element type, where an input may be the output
/// itself at the same positions (`a = f(a, b)`, NumPy's in-place forms).
///
/// # Safety
/// As [`binary_loop`].
#[inline(always)]
pub(crate) unsafe fn binary_map<T: Pod>(
    n: usize,
    ra: Run,
    rb: Run,
    out: *mut u8,
    os: isize,
    f: impl Fn(T, T) -> T + Copy,
) {
    if n == 0 {
        return;
    }
    let is_out = |r: Run| r.p == out.cast_const() && r.stride == os && r.stride != 0;
    let (a_in, b_in) = (is_out(ra), is_out(rb));
    if !(a_in || b_in) || !is_slice::<T>(out, os) {
        // Disjoint, or a strided output: staged reads copy each chunk before
        // it is written, and no reference into the output is formed.
        // SAFETY: forwarded caller contract.
        return unsafe { binary_loop(n, ra, rb, out, os, f) };
    }
    // SAFETY: caller contract: `n` writable, contiguous, aligned elements.
    let o = unsafe { std::slice::from_raw_parts_mut(out.cast::<T>(), n) };
    if a_in && b_in {
        o.iter_mut().for_each(|x| *x = f(*x, *x));
        return;
    }
    let other = if a_in { rb } else { ra };
    let apply = |o: &mut [T], c: Chunk<'_, T>| match c {
        Chunk::Slice(s) if a_in => o.iter_mut().zip(s).for_each(|(x, &y)| *x = f(*x, y)),
        Chunk::Slice(s) => o.iter_mut().zip(s).for_each(|(x, &y)| *x = f(y, *x)),
        Chunk::Value(y) if a_in => o.iter_mut().for_each(|x| *x = f(*x, y)),
        Chunk::Value(y) => o.iter_mut().for_each(|x| *x = f(y, *x)),
    };
    if other.direct::<T>() {
        // SAFETY: caller contract: the other input holds `n` elements and is
        // disjoint from the output; it is not staged.
        return apply(o, unsafe { chunk(other, 0, n, &mut []) });
    }
    let mut buf = [T::zeroed(); CHUNK];
    let mut i = 0;
    while i < n {
        let len = CHUNK.min(n - i);
        // SAFETY: as above; `len <= CHUNK`.
        apply(&mut o[i..i + len], unsafe {
            chunk(other, i, len, &mut buf)
        });
        i += len;
    }
}

/// [`unary_loop`] for one element type, where the input may be the output
/// itself at the same positions.
///
/// # Safety
/// As [`binary_map`].
#[inline(always)]
pub(crate) unsafe fn unary_map<T: Pod>(
    n: usize,
    ra: Run,
    out: *mut u8,
    os: isize,
    f: impl Fn(T) -> T + Copy,
) {
    if n == 0 {
        return;
    }
    if ra.p == out.cast_const() && ra.stride == os && is_slice::<T>(out, os) {
        // SAFETY: caller contract: `n` writable, contiguous, aligned elements.
        let o = unsafe { std::slice::from_raw_parts_mut(out.cast::<T>(), n) };
        o.iter_mut().for_each(|x| *x = f(*x));
        return;
    }
    // SAFETY: forwarded caller contract (a strided in-place run is staged).
    unsafe { unary_loop(n, ra, out, os, f) }
}
