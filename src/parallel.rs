//! Threads for whole-array reductions, with results independent of them.
//!
//! A sum over hundreds of megabytes is bound by memory bandwidth, and one
//! core cannot draw all of it: two cores read a strided field of 10M records
//! about 1.7× as fast as one here. So whole-array value reductions
//! (`sum`, `mean`, `nansum`, `sum_squares`, `norm`, `max`, `min`, `nanmax`,
//! `nanmin`) of inputs spanning at least [`min_bytes`] split their elements
//! into parts of a power-of-two number of the kernels' blocks, reduce the
//! parts on up to [`threads`] threads, and join the parts in order
//! (`kernels::Partial::append`). The kernels' summation order was built for
//! this cut (see `kernels::order`): **the result has the same bits for every
//! thread count**, 1 included — threads change the time, never the value.
//!
//! Configuration: [`set_threads`] (or the environment variable
//! `STRIDEKIT_THREADS`, read once; unset, empty, `0` or not a number: the
//! CPUs this process may run on) and [`set_min_bytes`]. Threads are scoped
//! and spawned per call (tens of microseconds, so the default threshold is
//! 4 MiB); the calling thread takes a share of the parts.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The default of [`min_bytes`]: inputs spanning less stay on one thread.
pub const DEFAULT_MIN_BYTES: usize = 4 << 20;

/// Parts per thread: enough that a slow thread (the machine is shared)
/// does not hold the others up, few enough that each part is long.
const PARTS_PER_THREAD: usize = 4;

/// The most threads a call uses: larger requests (from [`set_threads`] or
/// `STRIDEKIT_THREADS`) are clamped to it.
pub const MAX_THREADS: usize = 1024;

static THREADS: AtomicUsize = AtomicUsize::new(0);
static MIN_BYTES: AtomicUsize = AtomicUsize::new(DEFAULT_MIN_BYTES);

/// The thread count whole-array reductions may use (1 ..= [`MAX_THREADS`]).
pub fn threads() -> usize {
    match THREADS.load(Ordering::Relaxed) {
        0 => default_threads(),
        t => t,
    }
}

/// Sets the thread count (`1`: never spawn; `0`: back to the default,
/// `STRIDEKIT_THREADS` or the CPUs available; above [`MAX_THREADS`]:
/// clamped). Results do not depend on it.
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

/// The default thread count and, when `STRIDEKIT_THREADS` was set to
/// something unusable, what was wrong with it.
fn default_config() -> &'static (usize, Option<String>) {
    static DEFAULT: OnceLock<(usize, Option<String>)> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        let cpus = cpus.min(MAX_THREADS);
        let Ok(raw) = std::env::var("STRIDEKIT_THREADS") else {
            return (cpus, None);
        };
        match raw.trim().parse::<usize>() {
            _ if raw.trim().is_empty() => (cpus, None),
            Ok(0) => (cpus, None),
            Ok(t) if t <= MAX_THREADS => (t, None),
            Ok(t) => (
                MAX_THREADS,
                Some(format!(
                    "STRIDEKIT_THREADS={t} is above the limit {MAX_THREADS}: using {MAX_THREADS}"
                )),
            ),
            Err(_) => (
                cpus,
                Some(format!(
                    "STRIDEKIT_THREADS={raw:?} is not a thread count: using the {cpus} CPUs available"
                )),
            ),
        }
    })
}

fn default_threads() -> usize {
    default_config().0
}

/// What was wrong with `STRIDEKIT_THREADS`, if it was set to something
/// unusable (not a number, or above [`MAX_THREADS`]); the dispatch report
/// prints it. Results never depend on the thread count.
pub fn env_warning() -> Option<&'static str> {
    default_config().1.as_deref()
}

/// How `n` elements in blocks of `block` split: the part length (a
/// power-of-two number of blocks) and the thread count, or `None` to stay on
/// this thread (one thread configured, a small span, or under two blocks).
pub(crate) fn split(n: usize, block: usize, span_bytes: usize) -> Option<(usize, usize)> {
    let threads = threads();
    let blocks = n.div_ceil(block);
    if threads < 2 || blocks < 2 || span_bytes < min_bytes() {
        return None;
    }
    let want_parts = threads.saturating_mul(PARTS_PER_THREAD);
    let per_part = (blocks / want_parts).max(1);
    // The largest power of two not above `per_part`.
    let part_blocks = 1usize << per_part.ilog2();
    let parts = blocks.div_ceil(part_blocks);
    Some((part_blocks * block, threads.min(parts)))
}

/// A pointer handed to the threads of one [`map_parts`] call (raw pointers
/// are neither `Send` nor `Sync`; going through `usize` would lose their
/// provenance). Use [`SharedPtr::at`] inside the closure so the closure
/// captures this wrapper, not the bare pointer.
#[derive(Clone, Copy)]
pub(crate) struct SharedPtr(*mut u8);

// SAFETY: the wrapper only moves an address between the scoped threads of
// one call; every use states why its accesses are in bounds and disjoint
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

/// `f(0) … f(parts - 1)` on `threads` threads (the caller's included),
/// returned in part order. Parts are taken from a shared counter, so a thread
/// slowed by the machine takes fewer.
pub(crate) fn map_parts<R: Send>(
    parts: usize,
    threads: usize,
    f: impl Fn(usize) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= parts {
                return done;
            }
            done.push((i, f(i)));
        }
    };
    let mut slots: Vec<Option<R>> = (0..parts).map(|_| None).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mine = work();
        let theirs = helpers.into_iter().flat_map(|h| match h.join() {
            Ok(done) => done,
            Err(panic) => std::panic::resume_unwind(panic),
        });
        for (i, r) in mine.into_iter().chain(theirs) {
            slots[i] = Some(r);
        }
    });
    slots
        .into_iter()
        .map(|r| r.expect("every part was taken by some thread"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_in_order_from_any_thread_count() {
        for threads in 1..=5 {
            for parts in [0, 1, 2, 7, 40] {
                let got = map_parts(parts, threads, |i| i * i);
                assert_eq!(got, (0..parts).map(|i| i * i).collect::<Vec<_>>());
            }
        }
    }
}
