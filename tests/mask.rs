//! Comparisons, masks and selection against NumPy (`tests/data/mask.json`,
//! from `tests/data/gen_mask.py`): NaN / ±0 / ±inf comparisons with
//! broadcasting, the float classes, logical operations, counts (whole and
//! per axis), `where` with three-way broadcasting, `a[mask]` from transposed
//! and reversed views in C order, `putmask`, `argwhere`; then the errors.

mod common;

use common::fixture::{elements, load, usizes};
use serde_json::Value;
use stridekit::kernels::Float;
use stridekit::{s, select, Array, ArrayView, Bool8, Classify, Compare, Error};

fn array<T: bytemuck::Pod>(v: &Value) -> Array<T> {
    Array::from_vec(elements(v["hex"].as_str().unwrap()), &usizes(&v["shape"])).unwrap()
}

fn mask(v: &Value) -> Array<Bool8> {
    array::<Bool8>(v)
}

/// The views the fixture names, over `np.arange(60).reshape(5, 12)`.
fn view<'a, T: Float>(base: &'a Array<T>, name: &str) -> ArrayView<'a, T> {
    match name {
        "T" => base.t(),
        "rev-step" => base.slice(s![..;-1, 1..;3]).unwrap(),
        _ => base.view(),
    }
}

fn compare_op(name: &str) -> Compare {
    *Compare::ALL.iter().find(|c| c.name() == name).unwrap()
}

fn bits<T: Float>(a: &Array<T>) -> Vec<u64> {
    a.iter().map(|x| x.to_bits_u64()).collect()
}

fn check<T: Float>(data: &Value, dtype: &str) -> usize {
    let mut checked = 0;
    let base = Array::from_shape_fn(&[5, 12], |i| T::from_f64((i[0] * 12 + i[1]) as f64)).unwrap();
    let step = if cfg!(miri) { 3 } else { 1 };
    for c in data["cases"].as_array().unwrap().iter().step_by(step) {
        let kind = c["kind"].as_str().unwrap();
        let this_type = [&c["a"], &c["out"]].iter().any(|v| v["dtype"] == dtype);
        if kind == "mask" || !this_type {
            continue;
        }
        checked += 1;
        let ctx = format!("{kind} {} {dtype}", c["op"]);
        match kind {
            "compare" => {
                let (a, b) = (array::<T>(&c["a"]), array::<T>(&c["b"]));
                let got = a
                    .compare(compare_op(c["op"].as_str().unwrap()), &b)
                    .unwrap();
                assert_eq!(got, mask(&c["out"]), "{ctx}");
            }
            "classify" => {
                let a = array::<T>(&c["a"]);
                let op = *Classify::ALL.iter().find(|k| k.name() == c["op"]).unwrap();
                assert_eq!(a.classify(op).unwrap(), mask(&c["out"]), "{ctx}");
            }
            "where" => {
                let (m, a, b) = (mask(&c["m"]), array::<T>(&c["a"]), array::<T>(&c["b"]));
                let got = select(&m, &a, &b).unwrap();
                let want = array::<T>(&c["out"]);
                assert_eq!(got.shape(), want.shape(), "{ctx}");
                assert_eq!(bits(&got), bits(&want), "{ctx}");
            }
            "extract" => {
                let v = view(&base, c["view"].as_str().unwrap());
                let got = v.extract(mask(&c["m"])).unwrap();
                assert_eq!(
                    bits(&got),
                    bits(&array::<T>(&c["out"])),
                    "{ctx} {}",
                    c["view"]
                );
            }
            "putmask" => {
                let mut copy = base.clone();
                let mut v = match c["view"].as_str().unwrap() {
                    "T" => copy.t_mut(),
                    "rev-step" => copy.slice_mut(s![..;-1, 1..;3]).unwrap(),
                    _ => copy.view_mut(),
                };
                v.putmask(mask(&c["m"]), T::from_f64(c["value"].as_f64().unwrap()))
                    .unwrap();
                let got = v.to_owned();
                assert_eq!(
                    bits(&got),
                    bits(&array::<T>(&c["out"])),
                    "{ctx} {}",
                    c["view"]
                );
            }
            other => panic!("unknown case kind {other}"),
        }
    }
    checked
}

#[test]
fn comparisons_classes_where_and_selection_match_numpy() {
    let data = load("mask.json");
    let n = check::<f32>(&data, "<f4") + check::<f64>(&data, "<f8");
    eprintln!("{n} float cases agree with NumPy {}", data["numpy_version"]);
    assert!(n > 80 / if cfg!(miri) { 3 } else { 1 }, "{n}");
}

#[test]
#[cfg_attr(
    miri,
    ignore = "parsing the fixture dominates; the kernels' mask tests run the same code under Miri"
)]
fn mask_counts_logic_and_argwhere_match_numpy() {
    let data = load("mask.json");
    let mut checked = 0;
    for c in data["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "mask")
    {
        checked += 1;
        let (m, n) = (mask(&c["m"]), mask(&c["n"]));
        let ctx = format!("mask of shape {:?}", m.shape());
        assert_eq!(
            m.count_nonzero() as u64,
            c["count"].as_u64().unwrap(),
            "{ctx}"
        );
        assert_eq!(m.any(), c["any"].as_bool().unwrap(), "{ctx}");
        assert_eq!(m.all(), c["all"].as_bool().unwrap(), "{ctx}");
        for (axis, want) in c["count_axis"].as_array().unwrap().iter().enumerate() {
            assert_eq!(
                m.count_nonzero_axis(axis as isize).unwrap(),
                array::<i64>(want),
                "{ctx} axis {axis}"
            );
        }
        assert_eq!((&m & &n).unwrap(), mask(&c["and"]), "{ctx}");
        assert_eq!((&m | &n).unwrap(), mask(&c["or"]), "{ctx}");
        assert_eq!((&m ^ &n).unwrap(), mask(&c["xor"]), "{ctx}");
        assert_eq!((!&m).unwrap(), mask(&c["not"]), "{ctx}");
        assert_eq!(m.argwhere().unwrap(), array::<i64>(&c["argwhere"]), "{ctx}");
        for axis in 0..m.ndim() {
            let k = axis as isize - if axis % 2 == 1 { m.ndim() as isize } else { 0 };
            assert_eq!(
                m.any_axis(k).unwrap(),
                mask(&c["any_axis"][axis]),
                "{ctx} any {k}"
            );
            assert_eq!(
                m.all_axis(k).unwrap(),
                mask(&c["all_axis"][axis]),
                "{ctx} all {k}"
            );
        }
        match c["nonzero"].as_array() {
            Some(want) => {
                let got = m.nonzero().unwrap();
                assert_eq!(got.len(), want.len(), "{ctx}");
                for (g, w) in got.iter().zip(want) {
                    assert_eq!(*g, array::<i64>(w), "{ctx} nonzero");
                }
            }
            None => assert!(matches!(
                m.nonzero(),
                Err(Error::Dimensions { ndim: 0, .. })
            )),
        }
    }
    assert_eq!(checked, 5);
}

#[test]
fn masks_refuse_bad_shapes_with_errors() {
    let a = Array::from_vec(vec![1.0f32, 2.0, 3.0], &[3]).unwrap();
    let b = Array::from_vec(vec![1.0f32, 2.0], &[2]).unwrap();
    assert!(matches!(
        a.less(&b),
        Err(Error::Broadcast { .. }) | Err(Error::OutputShape { .. })
    ));
    let m = a.greater(1.5).unwrap();
    let short = Array::from_vec(vec![Bool8(1); 2], &[2]).unwrap();
    assert!(matches!(a.extract(&short), Err(Error::MaskShape { .. })));
    let m2 = Array::from_vec(vec![Bool8(1); 6], &[2, 3]).unwrap();
    assert!(matches!(a.extract(&m2), Err(Error::MaskShape { .. })));
    assert!(select(&m2, &a, &b).is_err());
    let mut out = Array::<Bool8>::zeros(&[2]).unwrap();
    assert!(stridekit::compare_into(Compare::Less, &a, &a, &mut out).is_err());
    assert_eq!(a.extract(&m).unwrap().to_vec(), [2.0, 3.0]);
    assert!(m.count_nonzero_axis(1).is_err());
}
