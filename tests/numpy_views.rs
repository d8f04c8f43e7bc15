//! Every chain of view operations in `tests/data/views.json` (written by
//! NumPy through `tests/data/gen_views.py`) replayed through stridekit: the
//! same shape, byte strides and element-0 offset, or an error where NumPy
//! raised one.

mod common;

use common::fixture::{load, usizes};
use serde_json::Value;
use stridekit::{AlignedBuf, Array, ArrayView, Order, SliceArg};

fn ints(v: &Value) -> Vec<i64> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|x| x.as_i64().expect("an integer"))
        .collect()
}

fn entry(e: &Value) -> SliceArg {
    match e {
        Value::String(s) if s == "newaxis" => SliceArg::NewAxis,
        Value::String(s) if s == "ellipsis" => SliceArg::Ellipsis,
        Value::Object(m) if m.contains_key("i") => {
            SliceArg::Index(m["i"].as_i64().unwrap() as isize)
        }
        Value::Object(m) => {
            let r = m["r"].as_array().unwrap();
            let opt = |v: &Value| v.as_i64().map(|x| x as isize);
            SliceArg::Range {
                start: opt(&r[0]),
                stop: opt(&r[1]),
                step: opt(&r[2]).unwrap_or(1),
            }
        }
        other => panic!("unknown slice entry {other}"),
    }
}

fn apply<'a>(v: ArrayView<'a, f64>, op: &[Value]) -> stridekit::Result<ArrayView<'a, f64>> {
    let name = op[0].as_str().unwrap();
    let axis = |k: usize| op[k].as_i64().unwrap() as isize;
    match name {
        "T" => Ok(v.t()),
        "slice" => {
            let args: Vec<SliceArg> = op[1].as_array().unwrap().iter().map(entry).collect();
            v.slice(args)
        }
        "reshape" => {
            let order = if op[2] == "F" { Order::F } else { Order::C };
            let dims: Vec<isize> = ints(&op[1]).into_iter().map(|d| d as isize).collect();
            v.reshape_with_order(&dims, order)
        }
        "broadcast_to" => v.broadcast_to(&usizes(&op[1])),
        "expand_dims" => v.expand_dims(axis(1)),
        "squeeze" if op.len() == 1 => Ok(v.squeeze()),
        "squeeze" => v.squeeze_axis(axis(1)),
        "swapaxes" => v.swap_axes(axis(1), axis(2)),
        "transpose" => {
            let axes: Vec<isize> = ints(&op[1]).into_iter().map(|d| d as isize).collect();
            v.permute_axes(&axes)
        }
        "flip" => v.flip(axis(1)),
        "swv" => {
            let axes: Vec<isize> = ints(&op[2]).into_iter().map(|d| d as isize).collect();
            // NumPy refuses a negative window; as a usize it is too large.
            let window: Vec<usize> = ints(&op[1]).into_iter().map(|w| w as usize).collect();
            v.sliding_window_view(&window, Some(&axes))
        }
        other => panic!("unknown op {other}"),
    }
}

#[test]
fn view_chains_match_numpy() {
    let data = load("views.json");
    let cases = data["cases"].as_array().unwrap();
    let step = if cfg!(miri) { 29 } else { 1 };
    let mut checked = 0;
    let mut failures: Vec<String> = Vec::new();
    for case in cases.iter().step_by(step) {
        let shape = usizes(&case["base"][0]);
        let order = if case["base"][1] == "F" {
            Order::F
        } else {
            Order::C
        };
        let n: usize = shape.iter().product();
        let buf = AlignedBuf::try_filled(0.0f64, n).unwrap();
        let base = Array::from_buf_with_order(buf, &shape, order).unwrap();
        let start = base.as_ptr() as isize;
        let mut v = Ok(base.view());
        for op in case["ops"].as_array().unwrap() {
            v = v.and_then(|v| apply(v, op.as_array().unwrap()));
        }
        let what = format!("{case}");
        match (v, case["error"].as_bool().unwrap()) {
            (Err(_), true) => {}
            (Ok(v), true) => failures.push(format!(
                "{what}: NumPy refused, stridekit gave {:?} {:?}",
                v.shape(),
                v.strides()
            )),
            (Err(e), false) => failures.push(format!("{what}: stridekit refused: {e}")),
            (Ok(v), false) => {
                let strides: Vec<isize> = ints(&case["strides"])
                    .into_iter()
                    .map(|s| s as isize)
                    .collect();
                let offset = case.get("offset").map(|o| o.as_i64().unwrap() as isize);
                let got_offset = v.as_ptr() as isize - start;
                if v.shape() != usizes(&case["shape"]).as_slice()
                    || v.strides() != strides.as_slice()
                    || offset.is_some_and(|o| o != got_offset)
                {
                    failures.push(format!(
                        "{what}: stridekit gave {:?} {:?} offset {got_offset}",
                        v.shape(),
                        v.strides()
                    ));
                }
            }
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} chains differ from NumPy:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!(
        "{checked} view chains agree with NumPy {}",
        data["numpy_version"]
    );
    assert!(checked > 0);
}
