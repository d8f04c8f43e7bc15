//! `take` modes, N-d index arrays and `take_along_axis` against NumPy
//! (`tests/data/take.json`, written by `tests/data/gen_take.py`): the same
//! shape and values, or an error where NumPy raised.

mod common;

use common::fixture::{load, usizes};
use stridekit::{take_along_axis, Array, TakeMode};

#[test]
fn take_modes_and_take_along_axis_match_numpy() {
    let data = load("take.json");
    let cases = data["cases"].as_array().unwrap();
    let mut failures: Vec<String> = Vec::new();
    for case in cases {
        let shape = usizes(&case["shape"]);
        let n: usize = shape.iter().product();
        let a = Array::from_vec((0..n).map(|k| k as f64 * 1.5).collect(), &shape).unwrap();
        let idx_vals: Vec<i64> = case["idx"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_i64().unwrap())
            .collect();
        let idx = Array::from_vec(idx_vals, &usizes(&case["idx_shape"])).unwrap();
        let got = if case["kind"] == "take" {
            let mode = match case["mode"].as_str().unwrap() {
                "clip" => TakeMode::Clip,
                "wrap" => TakeMode::Wrap,
                _ => TakeMode::Raise,
            };
            a.take_nd(&idx, case["axis"].as_i64().map(|k| k as isize), mode)
        } else {
            take_along_axis(&a, &idx, case["axis"].as_i64().unwrap() as isize)
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
                let want: Vec<f64> = case["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_f64().unwrap())
                    .collect();
                if r.shape() != usizes(&case["out_shape"]).as_slice() || r.to_vec() != want {
                    failures.push(format!(
                        "{what}: stridekit gave {:?} {:?}",
                        r.shape(),
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
