//! The engine's walks that other modules share: planning an output with
//! its broadcast inputs, pairs of equally shaped views as runs, pairs of lines
//! along an axis — and THE rule that decides which form a run takes when it
//! goes to the kernels. Nothing outside `iter/` walks N-d indices.

use super::Plan;
use crate::error::{Error, Result};
use crate::kernels::{RawDst, RawSrc};
use crate::layout;
use crate::parallel::{self, SharedPtr};
use crate::raw::RawView;
use std::mem::{align_of, size_of};

/// Plans the walk of `ops[0]` (the output) and the inputs broadcast to its
/// shape; `Ok(None)` when there are no elements.
pub(crate) fn plan_for<T, const N: usize>(ops: [&RawView<T>; N]) -> Result<Option<Plan<N>>> {
    let shape = &ops[0].shape;
    let mut strides: [layout::Strides; N] = std::array::from_fn(|_| layout::Strides::new());
    for (op, s) in ops.iter().zip(&mut strides) {
        *s = layout::broadcast_strides(&op.shape, &op.strides, shape).ok_or_else(|| {
            Error::OutputShape {
                input: op.shape.to_vec(),
                output: shape.to_vec(),
            }
        })?;
    }
    let refs: [&[isize]; N] = std::array::from_fn(|k| strides[k].as_slice());
    Ok(Plan::new(shape, ops.map(|o| o.ptr), refs))
}

/// The granule of a split element-wise run: parts are whole multiples of it
/// (under Miri 256 bytes, so that a small run already splits into parts).
const PART_BYTES: usize = if cfg!(miri) { 256 } else { 16 << 10 };

/// [`plan_for`] and `Plan::run` in one call, with the common case first:
/// when every operand is C-contiguous with the output's shape the walk is
/// one run, found without the engine (and without allocating) — and when
/// that run's output spans [`parallel::min_bytes_elementwise`] it is cut
/// into disjoint parts run as tasks of the caller's pool (`parallel`).
/// `ops[0]` is the output; `f` sees each part as a run of its own.
pub(crate) fn runs_for<T: bytemuck::Pod, const N: usize>(
    ops: [&RawView<T>; N],
    f: impl Fn(usize, [*mut u8; N], [isize; N]) + Sync + Send,
) -> Result<()> {
    let size = size_of::<T>();
    let shape = &ops[0].shape[..];
    if ops.iter().all(|o| dense_with_shape(o, shape, size)) {
        let n = layout::element_count(shape);
        let step = size as isize;
        // A small call (the common case) is one run on this thread: no
        // parts, no pool.
        if n.saturating_mul(size) < parallel::min_bytes_elementwise() {
            if n > 0 {
                f(n, ops.map(|o| o.ptr), [step; N]);
            }
            return Ok(());
        }
        let base = ops.map(|o| SharedPtr::new(o.ptr));
        parallel::for_each_part(n, n * size, PART_BYTES / size.max(1), |start, len| {
            // Parts are disjoint pieces of every operand's one run.
            f(len, base.map(|b| b.at(start as isize * step)), [step; N]);
        });
        return Ok(());
    }
    if let Some(plan) = plan_for(ops)? {
        plan.run::<T>(f);
    }
    Ok(())
}

/// Whether `o` has exactly `shape` and is C-contiguous for `size`-byte
/// elements (axes of length 1 may have any stride): one pass over the axes.
#[inline]
fn dense_with_shape<T>(o: &RawView<T>, shape: &[usize], size: usize) -> bool {
    let (lens, strides) = (&o.shape[..], &o.strides[..]);
    if lens.len() != shape.len() {
        return false;
    }
    let mut expected = size as isize;
    for ((&n, &st), &want) in lens.iter().zip(strides).zip(shape).rev() {
        if n != want || (n != 1 && st != expected) {
            return false;
        }
        expected = expected.wrapping_mul(n as isize);
    }
    true
}

/// Walks `dst` and `src` (same shape) as runs: `f(n, dst, dst_stride, src,
/// src_stride)`, each pointer an address inside its operand.
pub(crate) fn for_each_run<A, B>(
    dst: &RawView<B>,
    src: &RawView<A>,
    mut f: impl FnMut(usize, *mut u8, isize, *mut u8, isize),
) {
    debug_assert_eq!(dst.shape, src.shape);
    if let Some(plan) = Plan::new(&dst.shape, [dst.ptr, src.ptr], [&dst.strides, &src.strides]) {
        plan.run_in_place(|n, p, s| f(n, p[0], s[0], p[1], s[1]));
    }
}

/// Calls `f(dst_line, src_line)` with the first element of every pair of
/// lines along `axis` (the two views agree on every other axis), stopping
/// at the first error.
pub(crate) fn for_each_line_pair<A, B>(
    dst: &RawView<B>,
    src: &RawView<A>,
    axis: usize,
    mut f: impl FnMut(*mut u8, *mut u8) -> Result<()>,
) -> Result<()> {
    let (mut d, mut s) = (dst.clone(), src.clone());
    d.shape.remove(axis);
    d.strides.remove(axis);
    s.shape.remove(axis);
    s.strides.remove(axis);
    let mut result = Ok(());
    for_each_run(&d, &s, |n, dp, ds, sp, ss| {
        for j in 0..n as isize {
            if result.is_ok() {
                result = f(dp.wrapping_offset(j * ds), sp.wrapping_offset(j * ss));
            }
        }
    });
    result
}

/// THE run-form rule: a run goes to the kernels as contiguous only when it is
/// dense (or one element) and element-aligned — contiguous kernels may form
/// slices or aligned vector loads, so an unaligned run (a packed record field,
/// bytes parsed in place) goes in strided form, which reads unaligned.
#[inline(always)]
pub(crate) fn is_contig_run<T>(n: usize, p: *const u8, s: isize) -> bool {
    (p as usize).is_multiple_of(align_of::<T>()) && (s == size_of::<T>() as isize || n <= 1)
}

/// An input run in its kernel form: contiguous, broadcast (stride 0: the
/// value, read once) or strided.
///
/// # Safety
/// `p` must be readable for `n >= 1` elements at byte stride `s`.
#[inline(always)]
pub(crate) unsafe fn src_run<T: bytemuck::Pod>(n: usize, p: *const u8, s: isize) -> RawSrc<T> {
    if is_contig_run::<T>(n, p, s) {
        RawSrc::Contig(p.cast())
    } else if s == 0 {
        // SAFETY: the run has at least one readable element (caller).
        RawSrc::Splat(unsafe { p.cast::<T>().read_unaligned() })
    } else {
        RawSrc::Strided(p, s)
    }
}

/// A run to be reduced, in its kernel form: contiguous or strided (a
/// broadcast run is reduced as the strided run it is).
#[inline(always)]
pub(crate) fn reduce_run<T>(n: usize, p: *const u8, s: isize) -> RawSrc<T> {
    if is_contig_run::<T>(n, p, s) {
        RawSrc::Contig(p.cast())
    } else {
        RawSrc::Strided(p, s)
    }
}

/// The output run in its kernel form. `stream`: the whole output is larger
/// than the cache, so contiguous runs are written around it (non-temporal
/// stores) even when each run alone is short.
#[inline(always)]
pub(crate) fn dst_run<T>(n: usize, p: *mut u8, s: isize, stream: bool) -> RawDst<T> {
    if is_contig_run::<T>(n, p, s) {
        if stream {
            RawDst::Stream(p.cast())
        } else {
            RawDst::Contig(p.cast())
        }
    } else {
        RawDst::Strided(p, s)
    }
}
