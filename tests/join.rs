//! Joining and growing: every case of `tests/data/join.json` (NumPy's
//! `concatenate` / `stack` / `hstack` / `vstack`, written by
//! `tests/data/gen_join.py`) with NumPy's shape, byte strides and values, or
//! an error where NumPy raised; and `push_row` / `extend_rows` against the
//! concatenation they replace.

mod common;

use common::fixture::{elements, load, usizes};
use serde_json::Value;
use stridekit::{concatenate, hstack, stack, vstack, Array, ArrayView, Order};

fn make(spec: &Value, start: f64) -> Array<f64> {
    let shape = usizes(&spec[0]);
    let n: usize = shape.iter().product();
    let order = if spec[1] == "F" { Order::F } else { Order::C };
    // np.arange(n).reshape(shape, order=order): element k of `order`'s walk is k.
    let c = Array::from_vec((0..n).map(|k| k as f64 + start).collect(), &[n]).unwrap();
    c.reshape_with_order(&shape, order)
        .unwrap()
        .to_owned_with_order(order)
}

#[test]
fn joins_match_numpy() {
    let data = load("join.json");
    let mut failures: Vec<String> = Vec::new();
    let cases = data["cases"].as_array().unwrap();
    for case in cases {
        let owned: Vec<Array<f64>> = case["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, s)| make(s, 100.0 * i as f64))
            .collect();
        let views: Vec<ArrayView<'_, f64>> = owned
            .iter()
            .zip(case["inputs"].as_array().unwrap())
            .map(|(a, s)| {
                let v = match s[2].as_str().unwrap() {
                    "T" => a.view().t(),
                    "step" if a.ndim() > 0 => a.view().slice(stridekit::s![..., ..;2]).unwrap(),
                    _ => a.view(),
                };
                v
            })
            .collect();
        let axis = case["axis"].as_i64().unwrap() as isize;
        let got = match case["f"].as_str().unwrap() {
            "concatenate" => concatenate(&views, axis),
            "stack" => stack(&views, axis),
            "hstack" => hstack(&views),
            _ => vstack(&views),
        };
        let what = format!("{case}");
        match (got, case["error"].as_bool().unwrap()) {
            (Err(_), true) => {}
            (Ok(r), true) => failures.push(format!(
                "{what}: NumPy raised, stridekit gave {:?}",
                r.shape()
            )),
            (Err(e), false) => failures.push(format!("{what}: stridekit refused: {e}")),
            (Ok(r), false) => {
                let strides: Vec<isize> = case["strides"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_i64().unwrap() as isize)
                    .collect();
                if r.shape() != usizes(&case["shape"]).as_slice()
                    || r.strides() != strides.as_slice()
                    || r.to_vec() != elements::<f64>(case["hex"].as_str().unwrap())
                {
                    failures.push(format!(
                        "{what}: stridekit gave {:?} {:?} {:?}",
                        r.shape(),
                        r.strides(),
                        r.to_vec()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn rows_grow_in_amortised_constant_time_and_stay_aligned() {
    let mut a = Array::<f32>::zeros(&[0, 3]).unwrap();
    let mut want = Vec::new();
    let mut capacity_changes = 0;
    let mut last_ptr = a.as_ptr();
    for i in 0..1000 {
        let row = [i as f32, i as f32 + 0.5, -(i as f32)];
        a.push_row(ArrayView::from_slice(&row, &[3]).unwrap())
            .unwrap();
        want.extend_from_slice(&row);
        if a.as_ptr() != last_ptr {
            capacity_changes += 1;
            last_ptr = a.as_ptr();
        }
        assert_eq!(a.as_ptr() as usize % 64, 0, "64-byte aligned after row {i}");
    }
    assert_eq!(a.shape(), &[1000, 3]);
    assert_eq!(a.to_vec(), want);
    assert!(
        capacity_changes <= 16,
        "{capacity_changes} reallocations for 1000 rows"
    );
    let block = Array::from_shape_fn(&[2, 3], |i| (i[0] * 3 + i[1]) as f32).unwrap();
    a.extend_rows(&block).unwrap();
    assert_eq!(a.shape(), &[1002, 3]);
    assert_eq!(
        a.slice(stridekit::s![1000.., ..]).unwrap().to_vec(),
        block.to_vec()
    );
    assert!(a
        .push_row(ArrayView::from_slice(&[1.0f32, 2.0], &[2]).unwrap())
        .is_err());
    assert!(a
        .extend_rows(Array::<f32>::zeros(&[2, 4]).unwrap())
        .is_err());
    // An F-order array is made C-order first, keeping its elements.
    let mut f = Array::from_shape_fn(&[2, 2], |i| (i[0] * 2 + i[1]) as f32)
        .unwrap()
        .t()
        .to_owned_with_order(Order::F);
    f.push_row(ArrayView::from_slice(&[9.0f32, 9.0], &[2]).unwrap())
        .unwrap();
    assert_eq!(f.to_vec(), vec![0.0, 2.0, 1.0, 3.0, 9.0, 9.0]);
    assert!(Array::<f32>::zeros(&[])
        .unwrap()
        .push_row(ArrayView::from_slice(&[1.0f32], &[]).unwrap())
        .is_err());
}
