//! Reductions on views against a naive N-d reference: for every output
//! index, the line along the reduced axis is collected by walking indices one
//! at a time and reduced by the kernel layer's scalar reference — bit-exact,
//! whatever the layout (the order is defined per line, not per memory walk).
//! Plus the accuracy test of the issue: 16M uniform f32 values, whole and as
//! the columns of a C-order matrix.

mod common;

use common::{indices, random_shape, RandomLayout, Rng};
use proptest::prelude::*;
use stridekit::kernels::{reference, ArgReduction, Float, KernelError, Reduction};
use stridekit::{s, Array, ArrayView, Error};

fn same<T: Float>(a: T, b: T) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits_u64() == b.to_bits_u64()
}

fn value(rng: &mut Rng) -> f32 {
    match rng.below(20) {
        0 => f32::NAN,
        1 => f32::INFINITY,
        2 => -0.0,
        3 => 0.0,
        _ => (rng.below(20001) as f32 - 10000.0) / 64.0,
    }
}

/// The line of `v` through `idx` (an index of the reduced shape) along `axis`.
fn line(v: &ArrayView<'_, f32>, axis: usize, idx: &[usize]) -> Vec<f32> {
    (0..v.shape()[axis])
        .map(|i| {
            let mut full = idx.to_vec();
            full.insert(axis, i);
            v.get(&full).unwrap()
        })
        .collect()
}

const CASES: u32 = if cfg!(miri) { 3 } else { 256 };

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(stridekit_kernels::testkit::logged_seed()), ..ProptestConfig::default() })]

    #[test]
    fn axis_reductions_match_the_naive_reference(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let shape = random_shape(&mut rng);
        let mut r2 = Rng::new(rng.next_u64());
        let x = RandomLayout::new(&mut rng, &shape, |_| value(&mut r2));
        let v = x.view();
        let axis = rng.below(shape.len());
        let mut reduced = shape.clone();
        reduced.remove(axis);
        for op in Reduction::ALL {
            let got = v.reduce_axis(op, axis, false);
            if shape[axis] == 0 && op.needs_elements() && reduced.iter().product::<usize>() > 0 {
                let empty = matches!(got, Err(Error::Kernel(KernelError::Empty { .. })));
                prop_assert!(empty, "{} of an empty axis", op.name());
                continue;
            }
            let got = got.unwrap();
            prop_assert_eq!(got.shape(), &reduced[..]);
            // Into a strided output with keepdims.
            let mut kept = shape.clone();
            kept[axis] = 1;
            let mut out = RandomLayout::new(&mut rng, &kept, |_| -1.0f32);
            v.reduce_axis_into(op, axis, out.view_mut()).unwrap();
            let o = out.view();
            for idx in indices(&reduced) {
                let want = reference::reduce(op, &line(&v, axis, &idx)).unwrap_or(0.0);
                let g = got.get(&idx).unwrap();
                prop_assert!(same(g, want), "{} axis {} of {:?} (strides {:?}) at {:?}: {:?} vs {:?}",
                    op.name(), axis, shape, v.strides(), idx, g, want);
                let mut k = idx.clone();
                k.insert(axis, 0);
                prop_assert!(same(o.get(&k).unwrap(), want), "into keepdims output at {:?}", idx);
            }
        }
        for op in ArgReduction::ALL {
            let got = v.arg_axis(op, axis, false);
            let lines: Vec<Vec<usize>> = indices(&reduced);
            if lines.is_empty() {
                prop_assert!(got.unwrap().is_empty());
                continue;
            }
            let wants: Vec<Option<usize>> =
                lines.iter().map(|idx| reference::arg(op, &line(&v, axis, idx))).collect();
            if wants.iter().any(|w| w.is_none()) {
                prop_assert!(got.is_err());
                continue;
            }
            let got = got.unwrap();
            for (idx, w) in lines.iter().zip(wants) {
                prop_assert_eq!(got.get(idx), w, "{} axis {} at {:?}", op.name(), axis, idx);
            }
        }
    }

    #[test]
    fn whole_array_reductions_reduce_in_c_order(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let shape = random_shape(&mut rng);
        let mut r2 = Rng::new(rng.next_u64());
        let x = RandomLayout::new(&mut rng, &shape, |_| value(&mut r2));
        let v = x.view();
        let flat = v.to_vec();
        for op in Reduction::ALL {
            match (v.reduce(op), reference::reduce(op, &flat)) {
                (Ok(g), Some(w)) => prop_assert!(same(g, w), "{} of {:?}", op.name(), shape),
                (Err(_), None) => {}
                (g, w) => prop_assert!(false, "{}: {:?} vs {:?}", op.name(), g, w),
            }
        }
        for op in ArgReduction::ALL {
            prop_assert_eq!(v.arg(op).ok(), reference::arg(op, &flat), "{}", op.name());
        }
        let y = v.t().to_contiguous();
        let yt = y.t();
        prop_assert!(same(v.dot(&yt).unwrap(), reference::dot(&flat, &yt.to_vec())));
    }
}

#[test]
fn named_reductions_and_errors() {
    let a = Array::from_vec(vec![3.0f32, -1.0, 4.0, 1.0, -5.0, 9.0], &[2, 3]).unwrap();
    assert_eq!(a.sum().unwrap(), 11.0);
    assert_eq!(a.max().unwrap(), 9.0);
    assert_eq!(a.argmin().unwrap(), 4);
    assert_eq!(a.sum_axis(0).unwrap().to_vec(), vec![4.0, -6.0, 13.0]);
    assert_eq!(a.max_axis(1).unwrap().to_vec(), vec![4.0, 9.0]);
    assert_eq!(a.min_axis(0).unwrap().to_vec(), vec![1.0, -5.0, 4.0]);
    assert_eq!(a.mean_axis(1).unwrap().to_vec(), vec![2.0, 5.0 / 3.0]);
    assert_eq!(
        a.t()
            .arg_axis(ArgReduction::ArgMax, 0, true)
            .unwrap()
            .to_vec(),
        vec![2, 2]
    );
    assert_eq!(a.mean().unwrap(), 11.0 / 6.0);
    assert_eq!(
        a.norm().unwrap(),
        (9.0f32 + 1.0 + 16.0 + 1.0 + 25.0 + 81.0).sqrt()
    );
    let empty = Array::<f32>::zeros(&[0, 3]).unwrap();
    assert_eq!(empty.sum().unwrap(), 0.0);
    assert_eq!(empty.sum_axis(0).unwrap().to_vec(), vec![0.0; 3]);
    assert!(matches!(
        empty.max(),
        Err(Error::Kernel(KernelError::Empty { op: "max" }))
    ));
    assert!(matches!(
        empty.max_axis(0),
        Err(Error::Kernel(KernelError::Empty { .. }))
    ));
    assert_eq!(empty.max_axis(1).unwrap().shape(), &[0]);
    let nan = Array::from_vec(vec![f32::NAN, 1.0, f32::NAN, f32::NAN], &[2, 2]).unwrap();
    assert!(matches!(
        nan.arg_axis(ArgReduction::NanArgMax, 1, false),
        Err(Error::Kernel(KernelError::AllNan { .. }))
    ));
    let half = Array::from_vec(vec![f32::NAN, 1.0, 2.0, f32::NAN], &[2, 2]).unwrap();
    assert_eq!(
        half.arg_axis(ArgReduction::NanArgMax, 0, false)
            .unwrap()
            .to_vec(),
        vec![1, 0]
    );
    assert_eq!(
        half.arg_axis(ArgReduction::ArgMax, 1, false)
            .unwrap()
            .to_vec(),
        vec![0, 1]
    );
    assert!(matches!(
        a.reduce_axis(Reduction::Sum, 2, false),
        Err(Error::AxisOutOfRange { .. })
    ));
    let mut wrong = Array::<f32>::zeros(&[3, 3]).unwrap();
    assert!(matches!(
        a.reduce_axis_into(Reduction::Sum, 0, &mut wrong),
        Err(Error::OutputShape { .. })
    ));
    assert!(matches!(a.dot(&wrong), Err(Error::OutputShape { .. })));
    let col = a.slice(s![.., 1]).unwrap();
    assert_eq!(col.sum().unwrap(), -6.0);
}

/// NumPy's float32 pairwise summation (`pairwise_sum` in its loops): blocks
/// of 128 with 8 accumulators, halving above that.
fn numpy_pairwise(a: &[f32]) -> f32 {
    let n = a.len();
    if n < 8 {
        return a.iter().fold(-0.0f32, |s, &x| s + x);
    }
    if n <= 128 {
        let mut r: [f32; 8] = a[..8].try_into().unwrap();
        let full = n - n % 8;
        for i in (8..full).step_by(8) {
            for j in 0..8 {
                r[j] += a[i + j];
            }
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &x in &a[full..] {
            res += x;
        }
        return res;
    }
    let mut n2 = n / 2;
    n2 -= n2 % 8;
    numpy_pairwise(&a[..n2]) + numpy_pairwise(&a[n2..])
}

fn uniform(n: usize, seed: u64) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| rng.unit() as f32).collect()
}

fn rel(got: f32, exact: f64) -> f64 {
    ((got as f64 - exact) / exact).abs()
}

#[test]
#[cfg_attr(miri, ignore)]
fn sum_of_16m_uniform_f32_is_at_least_as_accurate_as_pairwise() {
    let n = 1 << 24;
    let x = uniform(n, 2024);
    let exact: f64 = x.iter().map(|&v| v as f64).sum();
    let a = Array::from_vec(x.clone(), &[n]).unwrap();
    let ours = rel(a.sum().unwrap(), exact);
    let numpy = rel(numpy_pairwise(&x), exact);
    let naive = rel(x.iter().sum::<f32>(), exact);
    println!("relative error: stridekit {ours:.2e}, NumPy pairwise {numpy:.2e}, naive {naive:.2e}");
    assert!(ours <= numpy, "stridekit {ours:e} vs pairwise {numpy:e}");
    assert!(ours <= 3e-8);

    // The same data as a C-order matrix, summed down the columns (axis 0).
    let m = Array::from_vec(x, &[4096, 4096]).unwrap();
    let cols = m.sum_axis(0).unwrap().to_vec();
    let (mut ours_total, mut numpy_total, mut worst) = (0.0, 0.0, 0.0f64);
    for (c, &got) in cols.iter().enumerate() {
        let column: Vec<f32> = (0..4096).map(|r| m.get(&[r, c]).unwrap()).collect();
        let exact: f64 = column.iter().map(|&v| v as f64).sum();
        let e = rel(got, exact);
        worst = worst.max(e);
        ours_total += e;
        numpy_total += rel(numpy_pairwise(&column), exact);
    }
    let (ours_mean, numpy_mean) = (ours_total / 4096.0, numpy_total / 4096.0);
    println!("axis 0 of 4096x4096: mean relative error stridekit {ours_mean:.2e} (worst {worst:.2e}), NumPy pairwise {numpy_mean:.2e}");
    assert!(ours_mean <= numpy_mean, "{ours_mean:e} vs {numpy_mean:e}");
    assert!(worst <= 1.2e-7);
}

#[test]
fn integer_reductions_on_views() {
    let a = Array::from_vec(
        (0..24).map(|i| i * 1000 - 7000).collect::<Vec<i32>>(),
        &[4, 6],
    )
    .unwrap();
    let t = a.t();
    assert_eq!(
        t.int_sum().unwrap(),
        (0..24).map(|i| (i * 1000 - 7000) as i64).sum::<i64>()
    );
    assert_eq!(
        a.slice(s![.., ..;2]).unwrap().int_max().unwrap(),
        22 * 1000 - 7000
    );
    let bytes = Array::from_vec(vec![255u8; 1000], &[10, 100]).unwrap();
    assert_eq!(bytes.view().int_sum().unwrap(), 255_000u64);
    let big = Array::from_vec(vec![i64::MAX, 5], &[2]).unwrap();
    assert!(matches!(
        big.view().int_sum(),
        Err(Error::Kernel(KernelError::Overflow { .. }))
    ));
    let empty = Array::<u8>::zeros(&[0]).unwrap();
    assert!(empty.view().int_min().is_err());
}
