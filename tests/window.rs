//! Window operations on views: rolling reductions along every axis of random
//! strided layouts equal the kernel's 1-D result on each line (copied out),
//! bit for bit; convolve / correlate of strided 1-D views equal the
//! contiguous ones; errors for bad windows and non-1-D inputs.

mod common;

use common::{indices, random_shape, RandomLayout, Rng};
use proptest::prelude::*;
use stridekit::kernels::{rolling_on, KernelError, Mode, Rolling};
use stridekit::{convolve, correlate, s, Array, Error};

const CASES: u32 = if cfg!(miri) { 2 } else { 64 };

fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(stridekit_kernels::testkit::logged_seed()), ..ProptestConfig::default() })]

    #[test]
    fn rolling_along_any_axis_equals_the_kernel_on_each_line(seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let shape = random_shape(&mut rng);
        let mut r2 = Rng::new(rng.next_u64());
        let x = RandomLayout::new(&mut rng, &shape, |_| if r2.below(50) == 0 { f64::NAN } else { r2.unit() * 10.0 - 5.0 });
        let v = x.view();
        let axis = rng.below(shape.len());
        let n = shape[axis];
        let w = 1 + rng.below(n.max(1) + 1);
        let ops = [Rolling::Sum, Rolling::Mean, Rolling::Min, Rolling::Max, Rolling::Var { ddof: 0 }, Rolling::Std { ddof: 1 }];
        let op = ops[rng.below(ops.len())];
        let got = v.rolling(op, axis, w);
        let valid = kernels_len(op, n, w);
        match (got, valid) {
            (Err(_), None) => return Ok(()),
            (Ok(got), Some(m)) => {
                let mut want_shape = shape.clone();
                want_shape[axis] = m;
                prop_assert_eq!(got.shape(), &want_shape[..]);
                // Every line along the axis, through the 1-D kernel.
                let mut rest = shape.clone();
                rest[axis] = 1;
                for idx in indices(&rest) {
                    let line: Vec<f64> = (0..n).map(|k| { let mut i = idx.clone(); i[axis] = k; v.get(&i).unwrap() }).collect();
                    let mut want = vec![0.0; m];
                    rolling_on(None, op, &line, w, &mut want).unwrap();
                    for (k, &wv) in want.iter().enumerate() {
                        let mut i = idx.clone();
                        i[axis] = k;
                        prop_assert!(same(got.get(&i).unwrap(), wv), "{:?} at {:?}", op, i);
                    }
                }
            }
            (got, valid) => prop_assert!(false, "{:?} vs {:?}", got.map(|a| a.shape().to_vec()), valid),
        }
    }
}

fn kernels_len(op: Rolling, n: usize, w: usize) -> Option<usize> {
    stridekit::kernels::rolling_len(op, n, w).ok()
}

#[test]
fn convolve_of_strided_views_equals_contiguous() {
    let a = Array::from_shape_fn(&[50], |i| (i[0] as f32 * 0.37).sin()).unwrap();
    let v = Array::from_shape_fn(&[14], |i| 1.0 / (1 + i[0]) as f32).unwrap();
    let a_rev = a.slice(s![..;-2]).unwrap();
    let v_rev = v.slice(s![..;-1]).unwrap();
    for mode in [Mode::Valid, Mode::Same, Mode::Full] {
        let contig_a = a_rev.to_owned();
        let contig_v = v_rev.to_owned();
        assert_eq!(
            convolve(&a_rev, &v_rev, mode).unwrap().to_vec(),
            convolve(&contig_a, &contig_v, mode).unwrap().to_vec()
        );
        assert_eq!(
            correlate(&a_rev, &v_rev, mode).unwrap().to_vec(),
            correlate(&contig_a, &contig_v, mode).unwrap().to_vec()
        );
    }
}

#[test]
fn window_errors() {
    let m = Array::from_shape_fn(&[3, 4], |i| (i[0] + i[1]) as f64).unwrap();
    assert!(matches!(
        m.rolling_sum(1, 5),
        Err(Error::Kernel(KernelError::Window {
            window: 5,
            len: 4,
            ..
        }))
    ));
    assert!(matches!(
        m.rolling_sum(2, 1),
        Err(Error::AxisOutOfRange { axis: 2, ndim: 2 })
    ));
    assert!(matches!(
        m.rolling_var(0, 2, 2),
        Err(Error::Kernel(KernelError::Ddof { .. }))
    ));
    assert!(matches!(
        convolve(&m, &m, Mode::Full),
        Err(Error::Dimensions {
            op: "convolve/correlate input `a`",
            ndim: 2,
            ..
        })
    ));
    let empty = Array::<f64>::zeros(&[0]).unwrap();
    let one = Array::from_vec(vec![1.0f64], &[1]).unwrap();
    assert!(matches!(
        convolve(&empty, &one, Mode::Full),
        Err(Error::Kernel(KernelError::EmptyInput { .. }))
    ));
    let r = m.rolling_max(0, 3).unwrap();
    assert_eq!(r.shape(), &[1, 4]);
    assert_eq!(r.get(&[0, 3]), Some(5.0));
}
