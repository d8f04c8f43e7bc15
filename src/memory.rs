//! Whether two views can touch the same bytes: NumPy's `may_share_memory`
//! (conservative, O(ndim)) and `shares_memory` (exact).

use crate::layout;
use crate::view::AsView;
use bytemuck::Pod;
use std::mem::size_of;

/// Conservative: `true` if the byte ranges the two views span intersect
/// (they may still interleave without touching the same element).
pub fn may_share_memory<A: Pod, B: Pod>(a: impl AsView<A>, b: impl AsView<B>) -> bool {
    let (a, b) = (a.as_view(), b.as_view());
    match (a.raw.byte_range(), b.raw.byte_range()) {
        (Some((a0, a1)), Some((b0, b1))) => a0 < b1 && b0 < a1,
        _ => false,
    }
}

/// Exact: `true` iff some byte is part of an element of both views. Costs
/// O(ndim) when the spans are disjoint; otherwise it lists the smaller view's
/// element addresses (sorted) and checks each of the other's against them.
pub fn shares_memory<A: Pod, B: Pod>(a: impl AsView<A>, b: impl AsView<B>) -> bool {
    let (a, b) = (a.as_view(), b.as_view());
    if !may_share_memory(a.clone(), b.clone()) {
        return false;
    }
    let starts = |shape: &[usize], strides: &[isize], base: usize| {
        let mut v = Vec::new();
        layout::for_each_offset(shape, strides, |o| v.push(base.wrapping_add_signed(o)));
        v.sort_unstable();
        v.dedup();
        v
    };
    let ra = (
        a.raw.ptr as usize,
        &a.raw.shape,
        &a.raw.strides,
        size_of::<A>(),
    );
    let rb = (
        b.raw.ptr as usize,
        &b.raw.shape,
        &b.raw.strides,
        size_of::<B>(),
    );
    let (small, big) = if a.len() <= b.len() {
        (ra, rb)
    } else {
        (rb, ra)
    };
    let (small_ptr, small_shape, small_strides, small_size) = small;
    let (big_ptr, big_shape, big_strides, big_size) = big;
    let table = starts(small_shape, small_strides, small_ptr);
    let mut hit = false;
    layout::for_each_offset(big_shape, big_strides, |o| {
        if hit {
            return;
        }
        let lo = big_ptr.wrapping_add_signed(o);
        let hi = lo + big_size;
        // The last element starting before `hi` overlaps iff it ends after `lo`.
        let i = table.partition_point(|&s| s < hi);
        if i > 0 && table[i - 1] + small_size > lo {
            hit = true;
        }
    });
    hit
}
