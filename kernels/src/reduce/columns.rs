//! The column fold: each column of a `rows × cols` matrix whose rows are
//! contiguous, reduced in exactly the order a 1-D reduction of that column
//! would take — so `sum(axis=0)` has, column by column, the bits of the 1-D
//! `sum` of the column, on every ISA.
//!
//! # Algorithm
//!
//! The order ([`crate::order`]) gives element `r` of a block lane `r % lanes`
//! (64 lanes for `f32`, 32 for `f64`), so every column carries `lanes`
//! accumulators through a block: a tile of `w` columns keeps `lanes × w`
//! of them, `256 × w` bytes whatever the type. The SIMD runs across the
//! columns (one vector of a row adds into one vector of its lane), so
//! nothing is gathered and every load is a plain contiguous load.
//!
//! * **Tiles of 2048 columns** (`TILE`): whole rows stream. Narrower tiles,
//!   whose accumulators would fit L2, cut each source row into pieces that
//!   the hardware prefetchers follow badly, and measured slower.
//! * **Memory order or lane by lane** (`rows_in_order`). When a tile's
//!   accumulators fit half the L2 cache, the rows are read in memory order,
//!   each added into its lane's accumulators, and the next lane's are
//!   prefetched. Otherwise, within a block, the rows of one lane (`r, r +
//!   lanes, …`) are added in turn, so that lane's `w` accumulators stay in
//!   L1 while whole row pieces stream past; the lane's next row is
//!   prefetched while its current one is added (the jump of `lanes` rows
//!   defeats the hardware prefetchers). Each accumulator sees its rows in
//!   the same order either way.
//! * **No fill.** A lane's first row is added to the identity in registers
//!   and stored, so the accumulators are never filled first (only lanes that
//!   get no row at all — blocks shorter than `lanes` — are set to the
//!   identity); the same additions as filling and then adding.
//! * **Scratch reused.** The accumulators, and after them a tile's block
//!   sums (`8` bytes per block per column) or running extrema, live in one
//!   buffer per thread, grown on demand and kept up to 1 MiB
//!   (`KEEP_WORDS`), so repeated calls of the same shape neither allocate
//!   nor touch fresh pages unless their block sums alone pass that size.
//!
//! After each block the lane tree runs for all columns of the tile at once
//! (vector adds across columns, the last levels in `f64` per column, as the
//! order says), and each column's block sums meet in the order's pairwise
//! tree at the end.

use super::body::{combine, identity, step, vcombine, vstep};
use super::ops::Reduction;
use crate::backend::Simd;
use crate::order::{block_len, finish, lane_tree_sum, lanes, Pairwise, WIDE_LANES};
use crate::Float;
use std::cell::Cell;
use std::mem::size_of;

/// Padding, in elements, between the lane rows of accumulators: no two sit
/// a multiple of 4 KiB apart from each other (or, mostly, from the source).
const LANE_PAD: usize = 24;

/// Columns per tile: whole 2048-column rows stream. Measured on Zen 3
/// (512 KiB L2; fastest of 60 calls, three rounds): on 2048² `f32`,
/// 1024-column tiles took 1.1–1.4× as long and 512-column tiles 1.1–1.7×,
/// though their accumulators fit L2; 4096 gained ≤ 5% on 8192-wide rows.
/// (On Zen 4, 512-column tiles had taken 2×.)
const TILE: usize = 2048;

/// Whether a tile whose lane accumulators take `acc_bytes` reads its rows
/// in memory order: when they fit half the L2 cache (with the source rows
/// passing through the other half). Otherwise lane by lane, which keeps one
/// lane's accumulators in L1. Measured on 2048² `f32` (530 KiB of
/// accumulators): with a 2 MiB L2 (Intel), memory order took 0.96× the time
/// of lane by lane; with a 512 KiB L2 (Zen 3), lane by lane was the faster.
/// The bits are the same either way: the walk changes which row is added
/// when, never the order of any one accumulator's additions.
fn rows_in_order(acc_bytes: usize) -> bool {
    #[cfg(any(test, feature = "testkit"))]
    if let Some(forced) = FORCED_IN_ORDER.with(Cell::get) {
        return forced;
    }
    crate::cache::cache_sizes()
        .l2
        .is_some_and(|l2| acc_bytes.saturating_mul(2) <= l2)
}

#[cfg(any(test, feature = "testkit"))]
thread_local! {
    /// The walk the tests force on this thread (`None`: by the cache).
    pub(crate) static FORCED_IN_ORDER: Cell<Option<bool>> = const { Cell::new(None) };
}

thread_local! {
    /// The accumulators of this thread's column folds, kept between calls.
    static SCRATCH: Cell<Vec<f64>> = const { Cell::new(Vec::new()) };
}

/// This thread's scratch, taken out of its slot and grown to hold `words`
/// f64 words (contents unspecified); [`put_scratch`] returns it. A
/// fold further up the stack would leave the slot empty, and this one then
/// starts a fresh buffer. (A closure over the fold would not do: closures
/// do not inherit the kernel's target features, and the SIMD loop inside
/// one calls every intrinsic out of line.)
fn take_scratch(need: usize) -> Vec<f64> {
    let mut words = SCRATCH.with(Cell::take);
    if words.len() < need {
        words.resize(need, 0.0);
    }
    words
}

/// The most scratch a thread keeps between calls, in f64 words (1 MiB):
/// the largest accumulators (`256 × 2072` bytes) plus the block sums of a
/// 2048-column tile of up to about 125,000 rows. A taller fold's block
/// sums grow with its rows; that buffer is freed after the call instead of
/// being held for the thread's life.
const KEEP_WORDS: usize = 1 << 17;

fn put_scratch(words: Vec<f64>) {
    if words.len() <= KEEP_WORDS {
        SCRATCH.with(|slot| slot.set(words));
    }
}

/// Folds the `w` elements at `row` into one lane's accumulators `acc`
/// (`FIRST`: the lane holds the identity, which is then not loaded),
/// prefetching the same columns at `next` (the lane's next row; any address
/// will do, a prefetch never faults). One cache line of the row per step,
/// with one prefetch and no branch inside.
///
/// # Safety
/// `row` must be readable for `acc.len()` elements.
#[inline(always)]
unsafe fn add_row<T: Float, S: Simd<T>, const OP: u8, const FIRST: bool>(
    s: S,
    acc: &mut [T],
    row: *const T,
    next: *const u8,
) {
    let op = Reduction::from_u8(OP);
    let (w, l) = (acc.len(), S::LANES);
    // Elements per cache line, a whole number of vectors on every backend.
    let line = (64 / size_of::<T>()).max(l);
    let init = identity::<T>(op);
    let mut c = 0;
    while c + line <= w {
        s.prefetch(next.wrapping_add(c * size_of::<T>()));
        for k in (c..c + line).step_by(l) {
            // SAFETY: columns k .. k + l of the row are readable (caller);
            // `acc` holds w elements.
            unsafe {
                let a = if FIRST {
                    s.splat(init)
                } else {
                    s.load(acc.as_ptr().add(k))
                };
                s.store(
                    acc.as_mut_ptr().add(k),
                    vstep::<T, S, OP>(s, a, s.load(row.add(k))),
                );
            }
        }
        c += line;
    }
    for (c, a) in acc.iter_mut().enumerate().skip(c) {
        // SAFETY: as above, one element.
        let x = unsafe { row.add(c).read_unaligned() };
        *a = step(op, if FIRST { init } else { *a }, x);
    }
}

/// Reduces each of `cols` contiguous columns over `rows` rows (row `r` at
/// `src + r * rs` bytes) into `out[c]`, each column in exactly the order of
/// a 1-D reduction of it.
///
/// # Safety
/// Every addressed element must be readable, and `out` writable for `cols`
/// elements, not overlapping the source.
#[inline(always)]
pub(crate) unsafe fn fold_rows<T: Float, S: Simd<T>, const OP: u8>(
    s: S,
    rows: usize,
    cols: usize,
    src: *const u8,
    rs: isize,
    out: *mut T,
) {
    let op = Reduction::from_u8(OP);
    let init = identity::<T>(op);
    if rows == 0 {
        let empty = if op.is_sum() { T::from_f64(0.0) } else { init };
        for c in 0..cols {
            // SAFETY: c < cols.
            unsafe { out.add(c).write_unaligned(empty) };
        }
        return;
    }
    let tile = TILE.min(cols);
    let ls = tile + LANE_PAD;
    let len = lanes::<T>() * ls;
    // The scratch holds the lane accumulators, then the block sums of one
    // tile (sums: `blocks × tile` f64) or its running extrema (`tile` T).
    let acc_words = (len * size_of::<T>()).div_ceil(size_of::<f64>());
    let extra = if op.is_sum() {
        rows.div_ceil(block_len::<T>()) * tile
    } else {
        tile
    };
    let mut words = take_scratch(acc_words + extra);
    let (acc, rest) = words.split_at_mut(acc_words);
    let acc = &mut bytemuck::cast_slice_mut::<f64, T>(acc)[..len];
    let in_order = rows_in_order(len * size_of::<T>());
    let mut c0 = 0;
    while c0 < cols {
        let w = tile.min(cols - c0);
        // SAFETY: forwarded; columns c0 .. c0 + w of every row.
        unsafe {
            fold_tile::<T, S, OP>(
                s,
                rows,
                w,
                src,
                rs,
                c0,
                acc,
                ls,
                rest,
                out.add(c0),
                in_order,
            )
        };
        c0 += w;
    }
    put_scratch(words);
}

/// [`fold_rows`] for the `w` columns from `c0`, with `acc` holding `lanes`
/// rows of accumulators `ls` apart and `rest` the tile's block sums (sums:
/// at least `blocks × w` words) or its running extrema (at least `w` `T`s).
///
/// # Safety
/// As [`fold_rows`], for these columns; `out` writable for `w` elements.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn fold_tile<T: Float, S: Simd<T>, const OP: u8>(
    s: S,
    rows: usize,
    w: usize,
    src: *const u8,
    rs: isize,
    c0: usize,
    acc: &mut [T],
    ls: usize,
    rest: &mut [f64],
    out: *mut T,
    in_order: bool,
) {
    let op = Reduction::from_u8(OP);
    let (l, lanes_n, b) = (S::LANES, lanes::<T>(), block_len::<T>());
    let init = identity::<T>(op);
    let blocks = rows.div_ceil(b);
    // Block sums, block-major (`sums[blk * w + c]`), combined per column at
    // the end — one small Pairwise at a time, not one per column. Extrema
    // keep one running value per column instead.
    let (sums, ext): (&mut [f64], &mut [T]) = if op.is_sum() {
        (&mut rest[..blocks * w], &mut [])
    } else {
        let ext = &mut bytemuck::cast_slice_mut::<f64, T>(rest)[..w];
        ext.fill(init);
        (&mut [], ext)
    };
    let mut filled = 0;
    let row_at = |r: usize| {
        src.wrapping_offset(r as isize * rs)
            .cast::<T>()
            .wrapping_add(c0)
    };
    let mut r0 = 0;
    while r0 < rows {
        let h = b.min(rows - r0);
        // Lanes that get no row hold the identity.
        for ln in h..lanes_n {
            acc[ln * ls..ln * ls + w].fill(init);
        }
        if in_order {
            // Rows in memory order, each into its lane's accumulators (all
            // lanes stay in L2); the next row's lane is prefetched.
            for r in 0..h {
                let next = acc[((r + 1) % lanes_n) * ls..].as_ptr();
                let lane = &mut acc[(r % lanes_n) * ls..][..w];
                let row = row_at(r0 + r);
                // SAFETY: row r0 + r holds columns c0 .. c0 + w (caller).
                unsafe {
                    if r < lanes_n {
                        add_row::<T, S, OP, true>(s, lane, row, next.cast());
                    } else {
                        add_row::<T, S, OP, false>(s, lane, row, next.cast());
                    }
                }
            }
        } else {
            for ln in 0..lanes_n.min(h) {
                let lane = &mut acc[ln * ls..ln * ls + w];
                let mut r = ln;
                while r < h {
                    let row = row_at(r0 + r);
                    // The lane's next row (past the block: the row itself).
                    let next = row_at(r0 + if r + lanes_n < h { r + lanes_n } else { r });
                    // SAFETY: row r0 + r holds columns c0 .. c0 + w (caller).
                    unsafe {
                        if r == ln {
                            add_row::<T, S, OP, true>(s, lane, row, next.cast());
                        } else {
                            add_row::<T, S, OP, false>(s, lane, row, next.cast());
                        }
                    }
                    r += lanes_n;
                }
            }
        }
        // The lane tree, for all columns at once (sums: down to 8 lanes, the
        // rest per column in f64, as the order says).
        let mut half = lanes_n / 2;
        while half >= if op.is_sum() { WIDE_LANES } else { 1 } {
            for j in 0..half {
                let (lo, hi) = acc.split_at_mut((j + half) * ls);
                let (dst, other) = (&mut lo[j * ls..j * ls + w], &hi[..w]);
                let mut c = 0;
                while c + l <= w {
                    // SAFETY: both rows of accumulators hold w elements.
                    unsafe {
                        let v = vcombine::<T, S, OP>(
                            s,
                            s.load(dst.as_ptr().add(c)),
                            s.load(other.as_ptr().add(c)),
                        );
                        s.store(dst.as_mut_ptr().add(c), v);
                    }
                    c += l;
                }
                for c in c..w {
                    dst[c] = combine(op, dst[c], other[c]);
                }
            }
            half /= 2;
        }
        for c in 0..w {
            if op.is_sum() {
                let mut last = [T::NEG_ZERO; WIDE_LANES];
                for (j, v) in last.iter_mut().enumerate() {
                    *v = acc[j * ls + c];
                }
                sums[filled] = lane_tree_sum(&mut last);
                filled += 1;
            } else {
                ext[c] = combine(op, ext[c], acc[c]);
            }
        }
        r0 += h;
    }
    for c in 0..w {
        let v = if op.is_sum() {
            let mut pw = Pairwise::new();
            for blk in 0..blocks {
                pw.push(sums[blk * w + c]);
            }
            finish(&pw)
        } else {
            ext[c]
        };
        // SAFETY: c < w.
        unsafe { out.add(c).write_unaligned(v) };
    }
}
