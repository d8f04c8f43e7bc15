//! The one summation order: what every sum, dot product and sum of squares
//! computes, on every ISA, for every start alignment and (later) every thread
//! count. The reference and the SIMD kernels share this file, so the order is
//! written down exactly once.
//!
//! # The order
//!
//! * **Lanes.** There are [`lanes`]`::<T>()` accumulators — 256 bytes of them:
//!   64 for `f32`, 32 for `f64` — whatever the vector width. Element `i` of a
//!   block goes to lane `i % lanes`, and each lane adds its elements in
//!   index order, starting from `-0.0` (the additive identity that keeps the
//!   sign of an all-`-0.0` sum).
//! * **Blocks.** The input is cut into blocks of [`block_len`]`::<T>()` =
//!   64 × lanes elements, counted from the first element (never from an
//!   address, so alignment cannot change anything). Each block's lanes are
//!   combined by a fixed halving tree: lane `j` += lane `j + lanes/2`, then
//!   `j + lanes/4`, … ([`lane_tree_sum`]); the levels down to
//!   [`WIDE_LANES`] = 8 lanes add in `T`, the last three in `f64`, and the
//!   block's sum stays an `f64` (for `f32` this removes the largest rounding
//!   errors of the tree — its top levels — for a few scalar adds per block).
//!   On AVX2 the 64 `f32` lanes
//!   are 8 registers (8 independent dependency chains — what makes the loop
//!   fast); on AVX-512 4, on NEON 16; the scalar path keeps 64 scalars. The
//!   levels of the tree that span registers are vector adds, the rest run on
//!   one stored register, and all of them are the same additions.
//! * **Across blocks.** Block sums are combined by a pairwise tree whose shape
//!   depends only on the number of blocks: the left subtree always holds the
//!   largest power of two of blocks below the total ([`Pairwise`], built as a
//!   binary counter, so a later multi-threaded version can hand whole
//!   power-of-two subtrees to threads and get the same bits). Each node holds
//!   an unevaluated sum `hi + lo` of two `f64`s (error-free transformations),
//!   so the cross-block combination is accurate to about 2⁻¹⁰⁶ relative: a
//!   `f32` sum is then rounded once, and a `f64` sum keeps only the error of
//!   its blocks.
//!
//! The result: `f32` sums are, in practice, correctly rounded (each block of
//! 4096 elements contributes an error around 2⁻²⁴ of its own magnitude
//! spread over 64 short lanes, far below the final rounding), and the cost
//! over an unordered 8-accumulator loop is one tree per 4096 elements.
//!
//! Non-finite values: a node whose `hi` is not finite drops its `lo` (the
//! error terms of `inf - inf` would be NaN), so `inf`, `-inf` and NaN come out
//! as IEEE addition gives them. A zero result is `-0.0` only if every block
//! sum was `-0.0` (IEEE round-to-nearest: `x + (-x) = +0`).

use crate::Float;
use std::mem::size_of;

/// Bytes of accumulator lanes every ordered reduction keeps.
pub const LANE_BYTES: usize = 256;
/// Elements each lane takes per block.
pub const LANE_STEPS: usize = 64;

/// Accumulator lanes for `T`: 64 for `f32`, 32 for `f64`.
pub const fn lanes<T>() -> usize {
    LANE_BYTES / size_of::<T>()
}

/// Elements per block for `T`: 4096 for `f32`, 2048 for `f64`.
pub const fn block_len<T>() -> usize {
    lanes::<T>() * LANE_STEPS
}

/// The in-block halving tree over `acc` (a power-of-two length): returns
/// `acc[0]` after `acc[j] = op(acc[j], acc[j + w])` for `w = len/2 … 1`.
#[inline(always)]
pub fn lane_tree<T: Copy>(acc: &mut [T], op: impl Fn(T, T) -> T) -> T {
    let mut w = acc.len() / 2;
    while w >= 1 {
        for j in 0..w {
            acc[j] = op(acc[j], acc[j + w]);
        }
        w /= 2;
    }
    acc[0]
}

/// Lanes left when the lane tree switches from `T` to `f64`.
pub const WIDE_LANES: usize = 8;

/// The sums' lane tree over `acc` (a power-of-two length of at least
/// [`WIDE_LANES`]): halving in `T` down to 8 lanes, then in `f64`.
#[inline(always)]
pub fn lane_tree_sum<T: Float>(acc: &mut [T]) -> f64 {
    let mut w = acc.len() / 2;
    while w >= WIDE_LANES {
        for j in 0..w {
            acc[j] = acc[j].add(acc[j + w]);
        }
        w /= 2;
    }
    let mut wide = [0.0f64; WIDE_LANES];
    for (d, s) in wide.iter_mut().zip(acc.iter()) {
        *d = s.to_f64();
    }
    lane_tree(&mut wide, |a, b| a + b)
}

/// `hi + lo` with `lo` the exact rounding error (Knuth's TwoSum), or `(s, 0)`
/// when the sum is not finite.
#[inline(always)]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    if !s.is_finite() {
        return (s, 0.0);
    }
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// Adds two unevaluated sums `hi + lo`.
#[inline(always)]
fn merge(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let (s, e) = two_sum(a.0, b.0);
    if !s.is_finite() {
        return (s, 0.0);
    }
    let t = (a.1 + b.1) + e;
    let h = s + t;
    if !h.is_finite() {
        return (h, 0.0);
    }
    (h, t - (h - s))
}

/// The cross-block pairwise tree, built incrementally as a binary counter.
///
/// Two trees over consecutive runs of blocks join with [`Pairwise::append`]
/// into exactly the tree of the whole run, when the left one holds a
/// multiple of the right one's size rounded up to a power of two — which is
/// how a reduction is split between threads without changing a bit.
#[derive(Clone, Debug)]
pub struct Pairwise {
    nodes: [(f64, f64); 64],
    levels: [u32; 64],
    len: usize,
    blocks: usize,
    all_neg_zero: bool,
}

impl Default for Pairwise {
    fn default() -> Self {
        Self::new()
    }
}

impl Pairwise {
    /// An empty tree (its sum is `+0.0`).
    pub fn new() -> Self {
        Pairwise {
            nodes: [(0.0, 0.0); 64],
            levels: [0; 64],
            len: 0,
            blocks: 0,
            all_neg_zero: true,
        }
    }

    /// Block sums pushed so far (directly or through [`Pairwise::append`]).
    pub fn blocks(&self) -> usize {
        self.blocks
    }

    /// Appends the next block's sum.
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.all_neg_zero &= x == 0.0 && x.is_sign_negative();
        self.blocks += 1;
        self.push_node((x, 0.0), 0);
    }

    /// Whether [`Pairwise::append`] of `right` keeps the tree's shape: the
    /// blocks already here are a multiple of `right`'s count rounded up to
    /// a power of two (so each of `right`'s subtrees lands on a subtree of
    /// the whole, and carries happen where sequential pushes would make them).
    pub fn can_append(&self, right: &Pairwise) -> bool {
        right.blocks == 0 || self.blocks.is_multiple_of(right.blocks.next_power_of_two())
    }

    /// Joins the tree of the blocks that follow this one's: afterwards the
    /// tree is bit for bit the one sequential pushes of all blocks build.
    ///
    /// # Panics
    /// If `!self.can_append(right)` — a split the caller chose wrongly.
    pub fn append(&mut self, right: &Pairwise) {
        assert!(
            self.can_append(right),
            "Pairwise::append: {} blocks cannot precede a tree of {}",
            self.blocks,
            right.blocks
        );
        for i in 0..right.len {
            self.push_node(right.nodes[i], right.levels[i]);
        }
        self.blocks += right.blocks;
        self.all_neg_zero &= right.all_neg_zero;
    }

    /// Pushes a finished subtree of `2^level` blocks, merging equal levels
    /// (the binary counter's carries).
    #[inline]
    fn push_node(&mut self, node: (f64, f64), level: u32) {
        let (mut node, mut level) = (node, level);
        while self.len > 0 && self.levels[self.len - 1] == level {
            self.len -= 1;
            node = merge(self.nodes[self.len], node);
            level += 1;
        }
        self.nodes[self.len] = node;
        self.levels[self.len] = level;
        self.len += 1;
    }

    /// The sum of everything pushed, rounded once to `f64`.
    pub fn finish(&self) -> f64 {
        if self.len == 0 {
            return 0.0;
        }
        let mut acc = self.nodes[self.len - 1];
        for i in (0..self.len - 1).rev() {
            acc = merge(self.nodes[i], acc);
        }
        let r = acc.0 + acc.1;
        if r == 0.0 {
            if self.all_neg_zero {
                -0.0
            } else {
                0.0
            }
        } else {
            r
        }
    }
}

/// Rounds a finished pairwise sum to `T`.
#[inline]
pub fn finish<T: Float>(p: &Pairwise) -> T {
    T::from_f64(p.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_shape_is_the_power_of_two_split() {
        // Recursive definition: split at the largest power of two below m.
        fn tree(x: &[f64]) -> (f64, f64) {
            if x.len() == 1 {
                return (x[0], 0.0);
            }
            let mut h = 1;
            while h * 2 < x.len() {
                h *= 2;
            }
            merge(tree(&x[..h]), tree(&x[h..]))
        }
        for m in 1..70 {
            let x: Vec<f64> = (0..m).map(|i| 1.0 / (i as f64 + 0.37) * 1e10).collect();
            let mut p = Pairwise::new();
            x.iter().for_each(|&v| p.push(v));
            let t = tree(&x);
            assert_eq!(p.finish().to_bits(), (t.0 + t.1).to_bits(), "m = {m}");
        }
    }

    #[test]
    fn appended_trees_are_the_sequential_tree() {
        // Cubic in the length: short under Miri.
        let len = if cfg!(miri) { 20 } else { 300 };
        let x: Vec<f64> = (0..len)
            .map(|i| ((i * 7919 % 1013) as f64 - 500.0) * 1e13f64.powi(i % 3))
            .collect();
        let tree = |x: &[f64]| {
            let mut p = Pairwise::new();
            x.iter().for_each(|&v| p.push(v));
            p
        };
        for m in 0..x.len() {
            let whole = tree(&x[..m]);
            // Every split the rule allows, in two and in many pieces.
            for chunk in [1usize, 2, 4, 8, 16, 64] {
                let mut p = Pairwise::new();
                for piece in x[..m].chunks(chunk) {
                    p.append(&tree(piece));
                }
                assert_eq!(
                    p.finish().to_bits(),
                    whole.finish().to_bits(),
                    "m {m} chunk {chunk}"
                );
                assert_eq!(p.blocks(), m);
            }
            for cut in 0..=m {
                let (l, r) = (tree(&x[..cut]), tree(&x[cut..m]));
                if l.can_append(&r) {
                    let mut p = l.clone();
                    p.append(&r);
                    assert_eq!(
                        p.finish().to_bits(),
                        whole.finish().to_bits(),
                        "m {m} cut {cut}"
                    );
                }
            }
        }
        // A split against the rule is refused, not silently different.
        let (l, r) = (tree(&x[..3]), tree(&x[3..5]));
        assert!(!l.can_append(&r));
        let mut all_neg_zero = tree(&[-0.0; 4]);
        all_neg_zero.append(&tree(&[-0.0; 4]));
        assert!(all_neg_zero.finish().is_sign_negative());
        all_neg_zero.append(&tree(&[0.0; 8]));
        assert!(!all_neg_zero.finish().is_sign_negative());
    }

    #[test]
    #[should_panic(expected = "cannot precede")]
    fn a_wrong_split_panics() {
        let mut l = Pairwise::new();
        (0..3).for_each(|_| l.push(1.0));
        let mut r = Pairwise::new();
        (0..2).for_each(|_| r.push(1.0));
        l.append(&r);
    }

    #[test]
    fn zeros_and_non_finite_values() {
        let sum = |x: &[f64]| {
            let mut p = Pairwise::new();
            x.iter().for_each(|&v| p.push(v));
            p.finish()
        };
        assert!(sum(&[-0.0, -0.0]).is_sign_negative());
        assert!(!sum(&[-0.0, 0.0]).is_sign_negative());
        assert!(!sum(&[1.0, -1.0]).is_sign_negative());
        assert!(!sum(&[]).is_sign_negative());
        assert_eq!(sum(&[f64::INFINITY, 1.0, 2.0]), f64::INFINITY);
        assert!(sum(&[f64::INFINITY, f64::NEG_INFINITY]).is_nan());
        assert!(sum(&[1.0, f64::NAN, 3.0]).is_nan());
        assert_eq!(sum(&[f64::MAX, f64::MAX]), f64::INFINITY);
        // Error-free: 1e16 + 1 + (-1e16) is 1 exactly.
        assert_eq!(sum(&[1e16, 1.0, -1e16]), 1.0);
    }
}
