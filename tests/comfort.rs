//! Everyday comforts: `arange` / `linspace` / `allclose` against NumPy
//! (`tests/data/comfort.json`, from `tests/data/gen_comfort.py`), `a[[i, j]]`
//! and iteration against `get` on random layouts, equality, scalar
//! operands, the other constructors.

mod common;

use common::fixture::{elements as values, load};
use serde_json::Value;
use stridekit::kernels::Float;
use stridekit::{allclose, array_equal, s, Array, ArrayView};

fn fixture() -> Value {
    load("comfort.json")
}

fn check_ranges<T: Float>(data: &Value, dtype: &str) {
    for c in data["arange"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["dtype"] == dtype)
    {
        let f = |k: &str| c[k].as_f64().unwrap();
        let got = Array::<T>::arange(f("start"), f("stop"), f("step"))
            .unwrap()
            .to_vec();
        let want = values::<T>(c["hex"].as_str().unwrap());
        let bits = |v: &[T]| v.iter().map(|x| x.to_bits_u64()).collect::<Vec<_>>();
        assert_eq!(bits(&got), bits(&want), "arange {c}");
    }
    for c in data["linspace"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["dtype"] == dtype)
    {
        let f = |k: &str| c[k].as_f64().unwrap();
        let n = c["num"].as_u64().unwrap() as usize;
        let got = Array::<T>::linspace(f("start"), f("stop"), n)
            .unwrap()
            .to_vec();
        let want = values::<T>(c["hex"].as_str().unwrap());
        let bits = |v: &[T]| v.iter().map(|x| x.to_bits_u64()).collect::<Vec<_>>();
        assert_eq!(bits(&got), bits(&want), "linspace {c}");
    }
}

#[test]
#[cfg_attr(
    miri,
    ignore = "parses a JSON fixture; the code it checks has no unsafe of its own"
)]
fn arange_linspace_and_allclose_match_numpy() {
    let data = fixture();
    check_ranges::<f64>(&data, "<f8");
    check_ranges::<f32>(&data, "<f4");
    for c in data["allclose"].as_array().unwrap() {
        let parse = |k: &str| -> Vec<f64> {
            c[k].as_array()
                .unwrap()
                .iter()
                .map(|x| match x.as_str().unwrap() {
                    "inf" => f64::INFINITY,
                    "-inf" => f64::NEG_INFINITY,
                    "nan" => f64::NAN,
                    v => v.parse().unwrap(),
                })
                .collect()
        };
        let (a, b) = (parse("a"), parse("b"));
        let (a, b) = (
            Array::from_vec(a.clone(), &[a.len()]).unwrap(),
            Array::from_vec(b.clone(), &[b.len()]).unwrap(),
        );
        let got = allclose(
            &a,
            &b,
            c["rtol"].as_f64().unwrap(),
            c["atol"].as_f64().unwrap(),
        )
        .unwrap();
        assert_eq!(got, c["result"].as_bool().unwrap(), "allclose {c}");
    }
    assert!(Array::<f64>::arange(0.0, 1.0, 0.0).is_err());
    assert!(allclose(
        Array::<f64>::zeros(&[2]).unwrap(),
        Array::<f64>::zeros(&[3]).unwrap(),
        0.0,
        0.0
    )
    .is_err());
}

#[test]
fn indexing_and_iteration_follow_the_index_model() {
    let base = Array::from_shape_fn(&[4, 5, 3], |i| (i[0] * 15 + i[1] * 3 + i[2]) as f64).unwrap();
    let views = [
        base.view(),
        base.t(),
        base.slice(s![1..;2, ..;-2, 1]).unwrap(),
        base.permute_axes(&[1, 2, 0]).unwrap(),
        base.slice(s![.., 2, ..])
            .unwrap()
            .broadcast_to(&[2, 4, 3])
            .unwrap(),
    ];
    for v in &views {
        let shape = v.shape().to_vec();
        let mut index = vec![0usize; shape.len()];
        let mut want = Vec::new();
        for _ in 0..v.len() {
            want.push(v.get(&index).unwrap());
            assert_eq!(v[index.as_slice()], v.get(&index).unwrap());
            for k in (0..shape.len()).rev() {
                index[k] += 1;
                if index[k] < shape[k] {
                    break;
                }
                index[k] = 0;
            }
        }
        assert_eq!(v.iter().collect::<Vec<_>>(), want, "{:?}", v.strides());
        assert_eq!(v.iter().len(), v.len());
        let indexed: Vec<f64> = v
            .indexed_iter()
            .map(|(i, x)| {
                assert_eq!(v.get(&i), Some(x));
                x
            })
            .collect();
        assert_eq!(indexed, want);
    }
    let mut a = base.to_owned();
    a[[1, 2, 0]] = -1.0;
    assert_eq!(a.get(&[1, 2, 0]), Some(-1.0));
    assert_eq!(a[[1, 2, 0]], -1.0);
    let mut m = a.slice_mut(s![.., 0, ..]).unwrap();
    m[[3, 2]] += 100.0;
    assert_eq!(a[[3, 0, 2]], 45.0 + 2.0 + 100.0);
    let r = std::panic::catch_unwind(|| base[[4, 0, 0]]);
    assert!(r.is_err(), "out of bounds panics, as slice indexing");
}

#[test]
fn equality_scalars_and_constructors() {
    let a = Array::from_shape_fn(&[2, 3], |i| (i[0] * 3 + i[1]) as f32).unwrap();
    let b = a.t().to_owned().t().to_owned();
    assert!(a == b && a == b.view() && a != a.t());
    let nan = Array::from_vec(vec![f32::NAN], &[1]).unwrap();
    assert!(nan != nan && array_equal(&nan, &nan, true) && !array_equal(&nan, &nan, false));
    let twice = (&a * 2.0).unwrap();
    assert_eq!(
        twice.to_vec(),
        a.iter().map(|x| x * 2.0).collect::<Vec<_>>()
    );
    let from = (10.0 - &a).unwrap();
    assert_eq!(
        from.to_vec(),
        a.iter().map(|x| 10.0 - x).collect::<Vec<_>>()
    );
    let mut c = a.to_owned();
    c += 1.0;
    c *= 0.5f32;
    assert_eq!(
        c.to_vec(),
        a.iter().map(|x| (x + 1.0) * 0.5).collect::<Vec<_>>()
    );
    let v: ArrayView<'_, f32> = a.view();
    assert_eq!((1.0 / &v).unwrap().get(&[0, 1]), Some(1.0));
    let e = Array::<f64>::eye(3).unwrap();
    assert_eq!(e.sum().unwrap(), 3.0);
    assert_eq!(e.get(&[1, 1]), Some(1.0));
    assert_eq!(e.get(&[0, 1]), Some(0.0));
    assert_eq!(Array::<f32>::ones_like(&a).unwrap().sum().unwrap(), 6.0);
    assert_eq!(Array::zeros_like(&a).unwrap().shape(), &[2, 3]);
    assert_eq!(
        Array::full_like(&a, 7u8.into()).unwrap().to_vec(),
        vec![7.0f32; 6]
    );
}

#[test]
fn raw_parts_retyping_and_a_bounded_debug() {
    let data: Vec<f64> = (0..12).map(f64::from).collect();
    // A transposed, reversed view of foreign memory (element 0 is the last).
    let last = data.as_ptr().wrapping_add(11);
    // SAFETY: every element the layout reaches is inside `data`, which
    // outlives the view and is not written meanwhile.
    let v = unsafe { ArrayView::from_raw_parts(last, &[4, 3], &[-8, -32]) }.unwrap();
    assert_eq!(v.get(&[0, 0]), Some(11.0));
    assert_eq!(v.get(&[3, 2]), Some(0.0));
    assert_eq!(
        v.to_vec(),
        Array::from_vec(data.clone(), &[3, 4])
            .unwrap()
            .t()
            .flip(0)
            .unwrap()
            .flip(1)
            .unwrap()
            .to_vec()
    );
    // Overflowing shapes are errors, not views.
    // SAFETY: refused before any element is reached.
    assert!(
        unsafe { ArrayView::<f64>::from_raw_parts(data.as_ptr(), &[usize::MAX, 2], &[8, 8]) }
            .is_err()
    );
    let mut buf = [0.0f32; 6];
    // SAFETY: a writable view of `buf`, borrowed exclusively; the aliasing
    // layout is refused before it is used.
    let aliasing =
        unsafe { stridekit::ArrayViewMut::from_raw_parts_mut(buf.as_mut_ptr(), &[3, 2], &[4, 4]) };
    assert!(aliasing.is_err());
    // SAFETY: as above; this layout reaches each element once.
    let mut w =
        unsafe { stridekit::ArrayViewMut::from_raw_parts_mut(buf.as_mut_ptr(), &[3, 2], &[4, 12]) }
            .unwrap();
    w[[2, 1]] = 5.0;
    assert_eq!(buf[5], 5.0);

    let a = Array::from_vec(vec![1.0f64, -2.0, 0.5], &[3]).unwrap();
    let halves = a.view_as::<f32>().unwrap();
    assert_eq!(halves.shape(), &[6]);
    let bits = a.view_as::<u64>().unwrap();
    assert_eq!(bits.get(&[1]), Some((-2.0f64).to_bits()));
    assert_eq!(a.view_as::<[u8; 3]>().unwrap().shape(), &[8]);
    assert!(
        a.view_as::<[u8; 5]>().is_err(),
        "24 bytes are no multiple of 5"
    );
    let m = Array::<f32>::zeros(&[4, 4]).unwrap();
    assert!(
        m.t().view_as::<f64>().is_err(),
        "the last axis must be contiguous"
    );
    let bytes = Array::<u8>::zeros(&[9]).unwrap();
    assert!(bytes.slice(s![1..]).unwrap().view_as::<u64>().is_err());

    let n = if cfg!(miri) { 40 } else { 1000 };
    let big = Array::<f32>::zeros(&[n, n]).unwrap();
    let text = format!("{big:?}");
    assert!(text.len() < 300 && text.starts_with("Array {"), "{text}");
    assert!(format!("{:?}", big.t()).starts_with("ArrayView {"));
}

#[test]
fn axis_iterators_and_lanes_follow_the_index_model() {
    let a = Array::from_shape_fn(&[2, 3, 4], |i| (i[0] * 12 + i[1] * 4 + i[2]) as f32).unwrap();
    for axis in 0..3isize {
        let subs: Vec<Vec<f32>> = a.axis_iter(axis).unwrap().map(|v| v.to_vec()).collect();
        let want: Vec<Vec<f32>> = (0..a.shape()[axis as usize])
            .map(|i| a.index_axis(axis, i as isize).unwrap().to_vec())
            .collect();
        assert_eq!(subs, want, "axis_iter({axis})");
        assert_eq!(
            a.axis_iter(axis - 3).unwrap().count(),
            a.shape()[axis as usize]
        );
        let lanes: Vec<Vec<f32>> = a.lanes(axis).unwrap().map(|l| l.to_vec()).collect();
        assert_eq!(lanes.len(), a.len() / a.shape()[axis as usize]);
        for lane in &lanes {
            assert_eq!(lane.len(), a.shape()[axis as usize]);
            let step = [12.0, 4.0, 1.0][axis as usize];
            assert!(
                lane.windows(2).all(|w| w[1] - w[0] == step),
                "lane {lane:?} of axis {axis}"
            );
        }
    }
    let rows: Vec<Vec<f32>> = a.rows().unwrap().map(|r| r.to_vec()).collect();
    assert_eq!(rows.concat(), a.to_vec());
    assert!(Array::<f32>::zeros(&[]).unwrap().rows().is_err());
    assert!(a.axis_iter(3).is_err());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(if cfg!(miri) { 4 } else { 128 }))]

    /// `iter`, `iter_mut`, `map_inplace`, `axis_iter_mut` and `lanes_mut`
    /// against the naive C-order index walk, on random layouts (permuted
    /// axes, steps, reversed axes, offsets, empty and length-1 axes).
    #[test]
    fn iterators_follow_the_index_model_on_random_layouts(
        seed in proptest::prelude::any::<u64>(),
        shape in proptest::collection::vec(0usize..5, 0..4),
        axis in 0usize..4,
    ) {
        let mut rng = common::Rng::new(seed);
        let mut layout = common::RandomLayout::new(&mut rng, &shape, |k| k as f64);
        let order = common::indices(&shape);
        let v = layout.view();
        let want: Vec<f64> = order.iter().map(|i| v.get(i).unwrap()).collect();
        proptest::prop_assert_eq!(v.iter().collect::<Vec<_>>(), want.clone());
        proptest::prop_assert_eq!(v.iter().len(), want.len());

        for (k, x) in layout.view_mut().iter_mut().enumerate() {
            *x = -(k as f64);
        }
        let v = layout.view();
        for (k, i) in order.iter().enumerate() {
            proptest::prop_assert_eq!(v.get(i), Some(-(k as f64)), "iter_mut order at {:?}", i);
        }
        layout.view_mut().map_inplace(|x| 2.0 * x + 1.0);
        for (k, i) in order.iter().enumerate() {
            proptest::prop_assert_eq!(layout.view().get(i), Some(1.0 - 2.0 * k as f64));
        }

        if !shape.is_empty() {
            let axis = axis % shape.len();
            let mut vm = layout.view_mut();
            let subs: Vec<_> = vm.axis_iter_mut(axis).unwrap().collect();
            proptest::prop_assert_eq!(subs.len(), shape[axis]);
            for (p, mut sub) in subs.into_iter().enumerate() {
                sub.fill(p as f64);
            }
            for i in &order {
                proptest::prop_assert_eq!(layout.view().get(i), Some(i[axis] as f64));
            }
            let mut vm = layout.view_mut();
            for (k, mut lane) in vm.lanes_mut(axis).unwrap().enumerate() {
                lane.map_inplace(|x| x + 10.0 * k as f64);
            }
            let others: Vec<usize> = (0..shape.len()).filter(|&a| a != axis).collect();
            let dims: Vec<usize> = others.iter().map(|&a| shape[a]).collect();
            for i in &order {
                let lane_index: Vec<usize> = others.iter().map(|&a| i[a]).collect();
                let k = common::indices(&dims).iter().position(|j| *j == lane_index).unwrap();
                proptest::prop_assert_eq!(layout.view().get(i), Some(i[axis] as f64 + 10.0 * k as f64));
            }
        }
    }
}
