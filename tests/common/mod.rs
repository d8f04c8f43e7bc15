//! Shared helpers for the array-layer tests: a seeded RNG, a naive N-d index
//! walker, and random strided layouts of a given shape.

#![allow(dead_code)]

use stridekit::{Array, ArrayView, ArrayViewMut, SliceArg};

pub use stridekit_kernels::testkit::Rng;

pub mod fixture;

/// Coin flips and shuffles on top of the kit's RNG.
pub trait RngExt {
    fn coin(&mut self) -> bool;
    fn shuffle<T>(&mut self, v: &mut [T]);
}

impl RngExt for Rng {
    fn coin(&mut self) -> bool {
        self.next_u64() & 1 == 1
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// Every index of `shape`, in C order (the naive walk the engine is checked against).
pub fn indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let total: usize = shape.iter().product();
    let mut out = Vec::with_capacity(total);
    if total == 0 {
        return out;
    }
    let mut idx = vec![0usize; shape.len()];
    for _ in 0..total {
        out.push(idx.clone());
        for k in (0..shape.len()).rev() {
            idx[k] += 1;
            if idx[k] < shape[k] {
                break;
            }
            idx[k] = 0;
        }
    }
    out
}

/// A random strided layout of `shape` over a larger base array: the base's
/// axes are a permutation of the view's, each sliced with a random step
/// (negative half the time) and offset.
pub struct RandomLayout<T> {
    pub base: Array<T>,
    args: Vec<SliceArg>,
    perm: Vec<usize>,
}

impl<T: bytemuck::Pod> RandomLayout<T> {
    pub fn new(rng: &mut Rng, shape: &[usize], fill: impl FnMut(usize) -> T) -> Self {
        let nd = shape.len();
        let mut perm: Vec<usize> = (0..nd).collect();
        rng.shuffle(&mut perm);
        // base axis j holds view axis q[j] where q is perm's inverse.
        let mut q = vec![0; nd];
        for (k, &p) in perm.iter().enumerate() {
            q[p] = k;
        }
        let mut base_shape = Vec::with_capacity(nd);
        let mut args = Vec::with_capacity(nd);
        for &view_axis in &q {
            let len = shape[view_axis];
            let step = 1 + rng.below(3) as isize;
            let extra = rng.below(3);
            let span = if len == 0 {
                0
            } else {
                (len - 1) * step as usize + 1
            };
            let dim = span + extra;
            base_shape.push(dim);
            let s0 = rng.below(extra + 1);
            if len == 0 {
                args.push(SliceArg::Range {
                    start: Some(0),
                    stop: Some(0),
                    step,
                });
            } else if rng.coin() {
                args.push(SliceArg::Range {
                    start: Some(s0 as isize),
                    stop: Some((s0 + span) as isize),
                    step,
                });
            } else {
                let start = (dim - 1 - s0) as isize;
                let stop = start - span as isize;
                args.push(SliceArg::Range {
                    start: Some(start),
                    stop: (stop >= 0).then_some(stop),
                    step: -step,
                });
            }
        }
        let n: usize = base_shape.iter().product();
        let mut fill = fill;
        let data: Vec<T> = (0..n).map(&mut fill).collect();
        let base = Array::from_vec(data, &base_shape).unwrap();
        RandomLayout { base, args, perm }
    }

    pub fn view(&self) -> ArrayView<'_, T> {
        self.base
            .slice(&self.args)
            .unwrap()
            .permute_axes(&self.perm)
            .unwrap()
    }

    pub fn view_mut(&mut self) -> ArrayViewMut<'_, T> {
        self.base
            .slice_mut(&self.args)
            .unwrap()
            .permute_axes_mut(&self.perm)
            .unwrap()
    }
}

/// A random shape of 1 to 4 axes (some of length 0 or 1, some long), at
/// most 20 000 elements (96 under Miri).
pub fn random_shape(rng: &mut Rng) -> Vec<usize> {
    let nd = 1 + rng.below(4);
    let mut shape: Vec<usize> = (0..nd)
        .map(|_| match rng.below(6) {
            0 => rng.below(2),
            1 if !cfg!(miri) => 60 + rng.below(80),
            _ => 1 + rng.below(7),
        })
        .collect();
    let cap = if cfg!(miri) { 96 } else { 20_000 };
    while shape.iter().product::<usize>() > cap {
        let big = (0..nd).max_by_key(|&k| shape[k]).unwrap();
        shape[big] /= 2;
    }
    shape
}
