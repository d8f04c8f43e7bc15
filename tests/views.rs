//! View operations against a naive model.
//!
//! The base array holds each element's own buffer position (`data[i] = i`),
//! so a view's contents say exactly which buffer element every index reaches.
//! The model applies NumPy's semantics by walking indices one at a time; the
//! view must agree both through `get` (strides) and `to_vec` (the engine),
//! must never copy (every element it reaches is inside the base buffer), and
//! writes through mutable views must land exactly where the model says.

mod common;

use common::{indices, Rng, RngExt};
use proptest::prelude::*;
use stridekit::{s, shares_memory, Array, ArrayView, Error, NewAxis, SliceArg};

/// NumPy's semantics, one index at a time: `pos` in C order of `shape`.
#[derive(Clone, Debug)]
struct Model {
    shape: Vec<usize>,
    pos: Vec<f64>,
}

impl Model {
    fn at(&self, idx: &[usize]) -> f64 {
        let mut flat = 0;
        for (k, &i) in idx.iter().enumerate() {
            flat = flat * self.shape[k] + i;
        }
        self.pos[flat]
    }

    fn from_fn(shape: Vec<usize>, f: impl Fn(&[usize]) -> f64) -> Model {
        let pos = indices(&shape).iter().map(|i| f(i)).collect();
        Model { shape, pos }
    }
}

fn check(view: &ArrayView<'_, f64>, model: &Model, base: &Array<f64>, what: &str) {
    assert_eq!(view.shape(), &model.shape[..], "{what}: shape");
    let n = base.len() as f64;
    for idx in indices(&model.shape) {
        let got = view.get(&idx).unwrap();
        assert_eq!(got, model.at(&idx), "{what}: element {idx:?}");
        assert!(got >= 0.0 && got < n, "{what}: outside the base buffer");
    }
    assert_eq!(view.to_vec(), model.pos, "{what}: to_vec (engine walk)");
    if !model.pos.is_empty() {
        assert!(shares_memory(view, base), "{what}: must share the buffer");
    }
}

/// One random view step, applied to the view and to the model.
fn step<'a>(
    rng: &mut Rng,
    v: &ArrayView<'a, f64>,
    m: &Model,
) -> Option<(ArrayView<'a, f64>, Model, String)> {
    let nd = m.shape.len();
    match rng.below(9) {
        0 if nd > 0 => {
            // Slicing with steps, indices and new axes.
            let mut args = Vec::new();
            let mut map: Vec<(char, isize, isize)> = Vec::new(); // (kind, first, step)
            let mut shape = Vec::new();
            for &n in &m.shape {
                if rng.below(4) == 0 {
                    args.push(SliceArg::NewAxis);
                    shape.push(1);
                    map.push(('n', 0, 0));
                }
                if n > 0 && rng.below(4) == 0 {
                    let i = rng.below(n) as isize;
                    let neg = rng.coin();
                    args.push(SliceArg::Index(if neg { i - n as isize } else { i }));
                    map.push(('i', i, 0));
                    continue;
                }
                let step = (1 + rng.below(3) as isize) * if rng.coin() { 1 } else { -1 };
                let r = |rng: &mut Rng| -> Option<isize> {
                    match rng.below(3) {
                        0 => None,
                        1 => Some(rng.below(n + 3) as isize - 1),
                        _ => Some(-(rng.below(n + 2) as isize)),
                    }
                };
                let (start, stop) = (r(rng), r(rng));
                args.push(SliceArg::Range { start, stop, step });
                // Python's slice.indices, written out plainly.
                let ni = n as isize;
                let norm = |x: isize| if x < 0 { x + ni } else { x };
                let (first, len) = if step > 0 {
                    let a = start.map_or(0, |x| norm(x).clamp(0, ni));
                    let b = stop.map_or(ni, |x| norm(x).clamp(0, ni));
                    (a, (a..b).step_by(step as usize).count())
                } else {
                    let a = start.map_or(ni - 1, |x| norm(x).clamp(-1, ni - 1));
                    let b = stop.map_or(-1, |x| norm(x).clamp(-1, ni - 1));
                    let mut c = 0;
                    let mut x = a;
                    while x > b {
                        c += 1;
                        x += step;
                    }
                    (a, c)
                };
                shape.push(len);
                map.push(('r', first, step));
            }
            let nv = v.slice(&args).unwrap();
            let nm = Model::from_fn(shape, |idx| {
                let mut src = Vec::new();
                let mut k = 0;
                for &(kind, first, st) in &map {
                    match kind {
                        'n' => k += 1,
                        'i' => src.push(first as usize),
                        _ => {
                            src.push((first + idx[k] as isize * st) as usize);
                            k += 1;
                        }
                    }
                }
                m.at(&src)
            });
            Some((nv, nm, format!("slice {args:?}")))
        }
        1 => {
            let mut axes: Vec<usize> = (0..nd).collect();
            rng.shuffle(&mut axes);
            let nv = v.permute_axes(&axes).unwrap();
            let shape = axes.iter().map(|&a| m.shape[a]).collect();
            let nm = Model::from_fn(shape, |idx| {
                let mut src = vec![0; nd];
                for (k, &a) in axes.iter().enumerate() {
                    src[a] = idx[k];
                }
                m.at(&src)
            });
            Some((nv, nm, format!("permute {axes:?}")))
        }
        2 if nd > 0 => {
            let ax = rng.below(nd);
            let nv = v.flip(ax).unwrap();
            let nm = Model::from_fn(m.shape.clone(), |idx| {
                let mut src = idx.to_vec();
                src[ax] = m.shape[ax] - 1 - idx[ax];
                m.at(&src)
            });
            Some((nv, nm, format!("flip {ax}")))
        }
        3 => {
            let nv = v.t();
            let shape = m.shape.iter().rev().copied().collect();
            let nm = Model::from_fn(shape, |idx| {
                m.at(&idx.iter().rev().copied().collect::<Vec<_>>())
            });
            Some((nv, nm, "t".into()))
        }
        4 => {
            // Reshape into a random factorisation of the size.
            let size: usize = m.shape.iter().product();
            let mut shape = Vec::new();
            let mut rest = size;
            while rest > 1 && shape.len() < 4 {
                let divs: Vec<usize> = (2..=rest).filter(|d| rest.is_multiple_of(*d)).collect();
                let d = divs[rng.below(divs.len())];
                shape.push(d);
                rest /= d;
                if rng.below(3) == 0 {
                    shape.push(1);
                }
            }
            if rest > 1 {
                shape.push(rest);
            }
            if size == 0 {
                shape = vec![0, 1 + rng.below(3)];
            }
            rng.shuffle(&mut shape);
            let nm = Model {
                shape: shape.clone(),
                pos: m.pos.clone(),
            };
            match v.reshape(&shape) {
                Ok(nv) => Some((nv, nm, format!("reshape {shape:?}"))),
                Err(Error::ReshapeNeedsCopy { .. }) => {
                    // Then no strides can express it: the positions are not
                    // an affine function of the new index.
                    assert!(
                        !affine(&nm),
                        "reshape {:?} (strides {:?}) -> {shape:?} refused but a view exists",
                        v.shape(),
                        v.strides()
                    );
                    assert_eq!(v.reshape_copy(&shape).unwrap().to_vec(), nm.pos);
                    None
                }
                Err(e) => panic!("reshape: {e}"),
            }
        }
        5 => {
            // Broadcast: maybe new leading axes, stretch length-1 axes.
            let mut shape: Vec<usize> = (0..rng.below(3)).map(|_| 1 + rng.below(3)).collect();
            let lead = shape.len();
            for &n in &m.shape {
                shape.push(if n == 1 && rng.coin() {
                    1 + rng.below(4)
                } else {
                    n
                });
            }
            let nv = v.broadcast_to(&shape).unwrap();
            let nm = Model::from_fn(shape.clone(), |idx| {
                let src: Vec<usize> = (0..nd)
                    .map(|k| if m.shape[k] == 1 { 0 } else { idx[lead + k] })
                    .collect();
                m.at(&src)
            });
            Some((nv, nm, format!("broadcast_to {shape:?}")))
        }
        6 if nd > 0 => {
            let count = 1 + rng.below(2);
            let axes: Vec<usize> = (0..count).map(|_| rng.below(nd)).collect();
            let mut cur = m.shape.clone();
            let mut window = Vec::new();
            for &a in &axes {
                let w = rng.below(cur[a] + 1);
                cur[a] = cur[a] + 1 - w;
                window.push(w);
            }
            // Half the time the same axes counted from the end.
            let signed: Vec<isize> = axes
                .iter()
                .map(|&a| {
                    if rng.below(2) == 0 {
                        a as isize
                    } else {
                        a as isize - nd as isize
                    }
                })
                .collect();
            let nv = v.sliding_window_view(&window, Some(&signed)).unwrap();
            let mut shape = cur;
            shape.extend(&window);
            let nm = Model::from_fn(shape, |idx| {
                let mut src = idx[..nd].to_vec();
                for (j, &a) in axes.iter().enumerate() {
                    src[a] += idx[nd + j];
                }
                m.at(&src)
            });
            Some((nv, nm, format!("windows {window:?} on {axes:?}")))
        }
        7 if nd >= 2 => {
            let (a, b) = (rng.below(nd), rng.below(nd));
            let nv = v.swap_axes(a, b).unwrap();
            let mut shape = m.shape.clone();
            shape.swap(a, b);
            let nm = Model::from_fn(shape, |idx| {
                let mut src = idx.to_vec();
                src.swap(a, b);
                m.at(&src)
            });
            Some((nv, nm, format!("swap {a} {b}")))
        }
        8 => {
            let mut args = vec![SliceArg::ALL; rng.below(nd + 1)];
            args.push(NewAxis.into());
            let at = args.len() - 1;
            let nv = v.slice(&args).unwrap();
            let mut shape = m.shape.clone();
            shape.insert(at, 1);
            let nm = Model::from_fn(shape, |idx| {
                let mut src = idx.to_vec();
                src.remove(at);
                m.at(&src)
            });
            Some((nv, nm, format!("new axis at {at}")))
        }
        _ => None,
    }
}

/// Whether `pos` is base + Σ idx_k · st_k for some strides (a view could exist).
fn affine(m: &Model) -> bool {
    if m.pos.is_empty() {
        return true;
    }
    let zero = vec![0; m.shape.len()];
    let base = m.at(&zero);
    let st: Vec<f64> = (0..m.shape.len())
        .map(|k| {
            if m.shape[k] < 2 {
                return 0.0;
            }
            let mut i = zero.clone();
            i[k] = 1;
            m.at(&i) - base
        })
        .collect();
    indices(&m.shape).iter().all(|idx| {
        let want: f64 = base
            + idx
                .iter()
                .zip(&st)
                .map(|(&i, &s)| i as f64 * s)
                .sum::<f64>();
        m.at(idx) == want
    })
}

fn random_base(rng: &mut Rng) -> Array<f64> {
    let nd = rng.below(5);
    let shape: Vec<usize> = (0..nd)
        .map(|_| rng.below(5) + usize::from(rng.below(6) != 0))
        .collect();
    let n: usize = shape.iter().product();
    Array::from_vec((0..n).map(|i| i as f64).collect(), &shape).unwrap()
}

const CASES: u32 = if cfg!(miri) { 4 } else { 512 };

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(stridekit_kernels::testkit::logged_seed()), ..ProptestConfig::default() })]

    #[test]
    fn view_chains_match_the_model(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let base = random_base(&mut rng);
        let mut v = base.view();
        let mut m = Model { shape: base.shape().to_vec(), pos: base.to_vec() };
        let mut trail = String::new();
        for _ in 0..if cfg!(miri) { 3 } else { 6 } {
            if let Some((nv, nm, what)) = step(&mut rng, &v, &m) {
                trail += &format!(" -> {what}");
                check(&nv, &nm, &base, &trail);
                v = nv;
                m = nm;
            }
        }
    }

    #[test]
    fn writes_through_mutable_views_land_where_the_model_says(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let mut base = random_base(&mut rng);
        let before = base.to_vec();
        let nd = base.ndim();
        // A writable chain: slice, permute, flip (no broadcast, no windows).
        let mut args = Vec::new();
        for &n in base.shape() {
            let step = (1 + rng.below(2) as isize) * if rng.coin() { 1 } else { -1 };
            if n > 0 && rng.below(5) == 0 {
                args.push(SliceArg::Index(rng.below(n) as isize));
            } else {
                args.push(SliceArg::ALL.step(step));
            }
        }
        let mut axes: Vec<usize> = (0..args.iter().filter(|a| matches!(a, SliceArg::Range { .. })).count()).collect();
        rng.shuffle(&mut axes);
        let positions = base.slice(&args).unwrap().permute_axes(&axes).unwrap().to_vec();
        let _ = nd;
        let mut w = base.slice_mut(&args).unwrap().permute_axes_mut(&axes).unwrap();
        let shape = w.shape().to_vec();
        let src: Vec<f64> = (0..positions.len()).map(|i| -1.0 - i as f64).collect();
        w.assign(ArrayView::from_slice(&src, &shape).unwrap()).unwrap();
        let after = base.to_vec();
        let mut expect = before.clone();
        for (i, &p) in positions.iter().enumerate() {
            expect[p as usize] = src[i];
        }
        prop_assert_eq!(after, expect);
    }
}

#[test]
fn slicing_macro_matches_numpy_examples() {
    let a = Array::from_vec((0..24).map(|i| i as f32).collect(), &[4, 6]).unwrap();
    let v = a.slice(s![1..;2, ..;-2]).unwrap();
    assert_eq!(v.shape(), &[2, 3]);
    assert_eq!(v.to_vec(), vec![11.0, 9.0, 7.0, 23.0, 21.0, 19.0]);
    assert_eq!(a.slice(s![-1, 2..4]).unwrap().to_vec(), vec![20.0, 21.0]);
    assert_eq!(a.slice(s![.., NewAxis, 0]).unwrap().shape(), &[4, 1]);
    assert_eq!(a.slice(s![..0]).unwrap().shape(), &[0, 6]);
    // Zero copy: the view starts inside the array's buffer.
    let p = a.slice(s![2.., 3..]).unwrap().as_ptr();
    assert_eq!(p, a.as_ptr().wrapping_add(2 * 6 + 3));
}

#[test]
fn contiguity_flags_follow_numpy() {
    let a = Array::<f32>::zeros(&[3, 4]).unwrap();
    assert!(a.is_c_contiguous() && !a.is_f_contiguous());
    assert!(a.t().is_f_contiguous() && !a.t().is_c_contiguous());
    // Length-1 axes do not matter; empty arrays are both.
    // A single row is both (NumPy: only axes longer than 1 count).
    let row = a.slice(s![1..2, ..]).unwrap();
    assert!(row.is_c_contiguous() && row.is_f_contiguous());
    let col = a.slice(s![.., 1..2]).unwrap();
    assert!(!col.is_c_contiguous());
    let one = a.slice(s![1..2, 1..2]).unwrap();
    assert!(one.is_c_contiguous() && one.is_f_contiguous());
    let empty = a.slice(s![..0, ..;2]).unwrap();
    assert!(empty.is_c_contiguous() && empty.is_f_contiguous());
    assert!(a.is_aligned() && a.slice(s![.., ..;3]).unwrap().is_aligned());
    assert_eq!(a.as_ptr() as usize % stridekit::ALIGN, 0);
}

#[test]
fn zero_d_and_high_dimensional_views() {
    let x = 7.5f64;
    let s0 = ArrayView::scalar(&x);
    assert_eq!((s0.ndim(), s0.len(), s0.get(&[])), (0, 1, Some(7.5)));
    assert_eq!(s0.broadcast_to(&[2, 3]).unwrap().to_vec(), vec![7.5; 6]);
    let shape = vec![1usize; 33];
    let a = Array::from_vec(vec![3.0f64], &shape).unwrap();
    let mut axes: Vec<usize> = (0..33).collect();
    axes.reverse();
    let v = a.permute_axes(&axes).unwrap().reshape(&[1; 40]).unwrap();
    assert_eq!((v.ndim(), v.to_vec()), (40, vec![3.0]));
}

#[test]
fn as_strided_is_checked() {
    let a = Array::from_vec((0..10).map(|i| i as f32).collect(), &[10]).unwrap();
    // Sliding windows by hand: shape (8, 3), strides (4, 4).
    let w = a.as_strided(&[8, 3], &[4, 4]).unwrap();
    assert_eq!(w.get(&[7, 2]), Some(9.0));
    // Reaching one element past the end is an error, not UB.
    assert!(matches!(
        a.as_strided(&[9, 3], &[4, 4]),
        Err(Error::OutOfBounds { .. })
    ));
    // From an interior view, negative strides may reach back to the buffer start.
    let mid = a.slice(s![5..]).unwrap();
    assert_eq!(
        mid.as_strided(&[6], &[-4]).unwrap().to_vec(),
        vec![5.0, 4.0, 3.0, 2.0, 1.0, 0.0]
    );
    assert!(mid.as_strided(&[7], &[-4]).is_err());
    assert!(matches!(
        a.as_strided(&[2], &[2]),
        Err(Error::Misaligned {
            axis: 0,
            stride: 2,
            align: 4
        })
    ));
    // Zero strides are fine read-only, rejected writable.
    assert_eq!(a.as_strided(&[3], &[0]).unwrap().to_vec(), vec![0.0; 3]);
    let mut b = a.clone();
    assert!(matches!(
        b.as_strided_mut(&[3], &[0]),
        Err(Error::ZeroStride { axis: 0, len: 3 })
    ));
    assert!(matches!(
        b.as_strided_mut(&[4, 3], &[8, 4]),
        Err(Error::SelfOverlap { .. })
    ));
    // Interleaved but disjoint layouts are accepted (exact overlap test).
    let mut w = b.as_strided_mut(&[2, 2], &[4, 12]).unwrap();
    w.fill(-1.0);
    assert_eq!(b.to_vec()[..5], [-1.0, -1.0, 2.0, -1.0, -1.0]);
    // Overflowing shapes are an error.
    assert!(matches!(
        a.as_strided(&[usize::MAX, 2], &[0, 0]),
        Err(Error::SizeOverflow { .. })
    ));
}

#[test]
fn shares_memory_is_exact() {
    let a = Array::from_vec((0..12).map(|i| i as f32).collect(), &[12]).unwrap();
    let even = a.slice(s![..;2]).unwrap();
    let odd = a.slice(s![1..;2]).unwrap();
    assert!(stridekit::may_share_memory(&even, &odd));
    assert!(!shares_memory(&even, &odd));
    assert!(shares_memory(&even, a.slice(s![4..5]).unwrap()));
    let other = Array::<f32>::zeros(&[12]).unwrap();
    assert!(!stridekit::may_share_memory(&a, &other));
}
