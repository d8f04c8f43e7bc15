//! Threads through rayon, with results independent of them.
//!
//! A pass over hundreds of megabytes is bound by memory bandwidth, and one
//! core cannot draw all of it. So long passes — whole-array value
//! reductions (`sum`, `mean`, `nansum`, `sum_squares`, `norm`, `max`,
//! `min`, `nanmax`, `nanmin`), `dot`, `arg*`, integer sums and extremes,
//! axis reductions (value, arg and integer: disjoint pieces of the output,
//! `split::for_each_piece`), conversions and byte swaps, reading at least
//! [`min_bytes`]; element-wise operations over a contiguous output, rolling
//! windows (`split::for_each_window_piece`), `take`, record `to_native`
//! and `.npy` reads, writing at least [`min_bytes_elementwise`], and
//! `convolve` / `correlate` with that many bytes of multiply-add operands —
//! are cut into parts and run as rayon tasks **in the caller's pool** (the global pool,
//! or the one a caller's `ThreadPool::install` entered): no thread is
//! spawned per call, and a call from inside a user's parallel iterator
//! shares that pool instead of adding threads on top of it.
//!
//! A reduction's parts are a power-of-two number of the kernels' blocks,
//! joined in order (`kernels::Partial::append`); the kernels' summation
//! order was built for this cut (see `kernels::order`): **the result has
//! the same bits for every thread count and every pool**, 1 included.
//! Element-wise parts are disjoint pieces of the output, each computed as
//! it would be on one thread.
//!
//! Configuration: [`set_threads`] (or the environment variable
//! `STRIDEKIT_THREADS`, read once) caps how many parts a call is cut for;
//! unset, a call cuts for the pool it runs in (`rayon::current_num_threads`).
//! `1` keeps every call on the calling thread. Built without the `rayon`
//! feature, every call runs on the calling thread.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The default of [`min_bytes`]: inputs spanning less stay on one thread.
pub const DEFAULT_MIN_BYTES: usize = 4 << 20;

/// Parts per thread: enough that a slow thread (the machine is shared)
/// does not hold the others up, few enough that each part is long.
pub(crate) const PARTS_PER_THREAD: usize = 4;

/// The most threads a call uses: larger requests (from [`set_threads`] or
/// `STRIDEKIT_THREADS`) are clamped to it.
pub const MAX_THREADS: usize = 1024;

static THREADS: AtomicUsize = AtomicUsize::new(0);
static MIN_BYTES: AtomicUsize = AtomicUsize::new(DEFAULT_MIN_BYTES);

/// The thread count a call cuts its parts for (1 ..= [`MAX_THREADS`]):
/// [`set_threads`]' value, else `STRIDEKIT_THREADS`, else the threads of
/// the rayon pool the caller runs in (1 without the `rayon` feature).
pub fn threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => default_threads().unwrap_or_else(pool_threads),
        t => t,
    }
}

/// The threads of the pool this call would run its parts in.
fn pool_threads() -> usize {
    #[cfg(feature = "rayon")]
    return rayon::current_num_threads().clamp(1, MAX_THREADS);
    #[cfg(not(feature = "rayon"))]
    1
}

/// Where parts run: `"rayon"` (the caller's pool) or `"calling thread"`
/// (built without the `rayon` feature); the dispatch report prints it.
pub fn pool() -> &'static str {
    if cfg!(feature = "rayon") {
        "rayon"
    } else {
        "calling thread"
    }
}

/// The default of [`min_bytes_elementwise`].
pub const DEFAULT_MIN_BYTES_ELEMENTWISE: usize = 1 << 20;

static MIN_BYTES_ELEMENTWISE: AtomicUsize = AtomicUsize::new(DEFAULT_MIN_BYTES_ELEMENTWISE);

/// The smallest output (in bytes) an element-wise operation splits between
/// threads.
#[inline]
pub fn min_bytes_elementwise() -> usize {
    MIN_BYTES_ELEMENTWISE.load(Ordering::Relaxed)
}

/// Sets [`min_bytes_elementwise`] (`0`: split every output of more than
/// one part).
pub fn set_min_bytes_elementwise(bytes: usize) {
    MIN_BYTES_ELEMENTWISE.store(bytes, Ordering::Relaxed);
}

/// Sets the thread count calls cut their parts for (`1`: stay on the
/// calling thread; `0`: back to the default, `STRIDEKIT_THREADS` or the
/// pool's threads; above [`MAX_THREADS`]: clamped). Results do not depend
/// on it.
///
/// ```
/// use stridekit::{parallel, Array};
/// let x = Array::from_shape_fn(&[1 << 16], |i| (i[0] as f32).sin())?;
/// parallel::set_min_bytes(0); // split even this small input
/// parallel::set_threads(1);
/// let one = x.sum()?;
/// parallel::set_threads(4);
/// assert_eq!(x.sum()?.to_bits(), one.to_bits()); // the same bits on four threads
/// # Ok::<(), stridekit::Error>(())
/// ```
pub fn set_threads(n: usize) {
    THREADS.store(n.min(MAX_THREADS), Ordering::Relaxed);
}

/// The smallest span of memory (bytes from the first to the last element
/// read) that a reduction splits between threads.
pub fn min_bytes() -> usize {
    MIN_BYTES.load(Ordering::Relaxed)
}

/// Sets [`min_bytes`] (`0`: split every input of more than one block).
pub fn set_min_bytes(bytes: usize) {
    MIN_BYTES.store(bytes, Ordering::Relaxed);
}

/// The thread count `STRIDEKIT_THREADS` sets (`None`: unset, empty, `0` or
/// unusable — the pool decides) and, when it was set to something
/// unusable, what was wrong with it.
fn default_config() -> &'static (Option<usize>, Option<String>) {
    static DEFAULT: OnceLock<(Option<usize>, Option<String>)> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        let Ok(raw) = std::env::var("STRIDEKIT_THREADS") else {
            return (None, None);
        };
        match raw.trim().parse::<usize>() {
            _ if raw.trim().is_empty() => (None, None),
            Ok(0) => (None, None),
            Ok(t) if t <= MAX_THREADS => (Some(t), None),
            Ok(t) => (
                Some(MAX_THREADS),
                Some(format!(
                    "STRIDEKIT_THREADS={t} is above the limit {MAX_THREADS}: using {MAX_THREADS}"
                )),
            ),
            Err(_) => (
                None,
                Some(format!(
                    "STRIDEKIT_THREADS={raw:?} is not a thread count: using the pool's threads"
                )),
            ),
        }
    })
}

fn default_threads() -> Option<usize> {
    default_config().0
}

/// What was wrong with `STRIDEKIT_THREADS`, if it was set to something
/// unusable (not a number, or above [`MAX_THREADS`]); the dispatch report
/// prints it. Results never depend on the thread count.
pub fn env_warning() -> Option<&'static str> {
    default_config().1.as_deref()
}

/// How `n` elements in blocks of `block` split: the part length (a
/// power-of-two number of blocks), or `None` to stay on this thread (one
/// thread configured, a small span, or under two blocks).
pub(crate) fn split(n: usize, block: usize, span_bytes: usize) -> Option<usize> {
    let blocks = n.div_ceil(block);
    // Sizes first: asking for the pool's size starts rayon's global pool.
    if blocks < 2 || span_bytes < min_bytes() {
        return None;
    }
    let threads = threads();
    if threads < 2 {
        return None;
    }
    let want_parts = threads.saturating_mul(PARTS_PER_THREAD);
    let per_part = (blocks / want_parts).max(1);
    // The largest power of two not above `per_part`.
    let part_blocks = 1usize << per_part.ilog2();
    Some(part_blocks * block)
}

/// The bytes a run of `n` elements of `elem` bytes at byte stride `stride`
/// spans (what [`split`] compares with [`min_bytes`]).
pub(crate) fn run_span(n: usize, stride: isize, elem: usize) -> usize {
    n.saturating_mul(stride.unsigned_abs().max(elem))
}

/// `f(start, len)` for the parts [`split`] cuts `n` elements into, as
/// [`map_parts`] runs them, results in part order; `None` when the run
/// stays on this thread.
pub(crate) fn map_split<R: Send>(
    n: usize,
    block: usize,
    span_bytes: usize,
    f: impl Fn(usize, usize) -> R + Sync + Send,
) -> Option<Vec<R>> {
    let part = split(n, block, span_bytes)?;
    Some(map_parts(n.div_ceil(part), |i| {
        let start = i * part;
        f(start, part.min(n - start))
    }))
}

/// A pointer handed to the tasks of one [`map_parts`] call (raw pointers
/// are neither `Send` nor `Sync`; going through `usize` would lose their
/// provenance). Use [`SharedPtr::at`] inside the closure so the closure
/// captures this wrapper, not the bare pointer.
#[derive(Clone, Copy)]
pub(crate) struct SharedPtr(*mut u8);

// SAFETY: the wrapper only moves an address between the tasks of one
// call; every use states why its accesses are in bounds and disjoint
// (reads of a live input, writes to disjoint parts of a fresh output).
unsafe impl Send for SharedPtr {}
// SAFETY: as for `Send`: the pointer itself is never mutated.
unsafe impl Sync for SharedPtr {}

impl SharedPtr {
    pub(crate) fn new(p: *const u8) -> Self {
        SharedPtr(p.cast_mut())
    }

    /// The address `bytes` past this one (wrapping arithmetic; the caller
    /// keeps it inside its allocation).
    pub(crate) fn at(self, bytes: isize) -> *mut u8 {
        self.0.wrapping_offset(bytes)
    }
}

/// `f(0) … f(parts - 1)` as tasks of the caller's rayon pool (on the
/// calling thread without the feature, or for one part), returned in part
/// order. rayon's work stealing hands a slow thread (the machine is
/// shared) fewer parts.
pub(crate) fn map_parts<R: Send>(parts: usize, f: impl Fn(usize) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "rayon")]
    if parts > 1 {
        use rayon::prelude::*;
        return (0..parts).into_par_iter().map(f).collect();
    }
    (0..parts).map(f).collect()
}

/// `f(item)` for every item as tasks of the caller's rayon pool (in order
/// on the calling thread without the feature, or for one item); the
/// results in item order.
pub(crate) fn map_owned<I: Send, R: Send>(
    items: Vec<I>,
    f: impl Fn(I) -> R + Sync + Send,
) -> Vec<R> {
    #[cfg(feature = "rayon")]
    if items.len() > 1 {
        use rayon::prelude::*;
        return items.into_par_iter().map(f).collect();
    }
    items.into_iter().map(f).collect()
}

/// `f(start, len)` for the parts of `0 .. n` cut at multiples of `align`
/// elements, as [`map_parts`] runs them, when the `bytes` an element-wise
/// call writes reach [`min_bytes_elementwise`] and more than one thread is
/// configured; else `f(0, n)` on the calling thread. The results in part
/// order.
pub(crate) fn for_each_part<R: Send>(
    n: usize,
    bytes: usize,
    align: usize,
    f: impl Fn(usize, usize) -> R + Sync + Send,
) -> Vec<R> {
    // Sizes first: asking for the pool's size starts rayon's global pool.
    if bytes < min_bytes_elementwise() || n < 2 * align {
        return vec![f(0, n)];
    }
    let threads = threads();
    if threads < 2 {
        return vec![f(0, n)];
    }
    let parts = threads.saturating_mul(PARTS_PER_THREAD).min(n / align);
    let part = n.div_ceil(parts).next_multiple_of(align);
    map_parts(n.div_ceil(part), |i| {
        let start = i * part;
        f(start, part.min(n - start))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(miri, ignore = "rayon under Miri runs in ci/miri.sh's parallel run")]
    fn parts_come_back_in_order() {
        for parts in [0, 1, 2, 7, 40] {
            let got = map_parts(parts, |i| i * i);
            assert_eq!(got, (0..parts).map(|i| i * i).collect::<Vec<_>>());
        }
    }
}
