//! Printing against NumPy: `{}` is `str(a)` and `{:#}` is `repr(a)`, at
//! NumPy's default precision and at `{:.3}`, for every case of
//! `tests/data/print.json` (from `tests/data/gen_print.py`). Every failing
//! case is listed, not just the first.

mod common;

use common::fixture::{elements, load, unhex, usizes};
use serde_json::Value;
use stridekit::dtype::DType;
use stridekit::{f16, Array, Bool8, DynView, NpyScalar, Order};

/// Formats the case's array as `str` and `repr`.
fn print<T: NpyScalar>(c: &Value) -> (String, String) {
    let data: Vec<T> = elements(c["hex"].as_str().unwrap());
    let a = Array::from_slice(&data, &usizes(&c["shape"])).unwrap();
    let p = c["precision"].as_u64().unwrap() as usize;
    (format!("{a:.p$}"), format!("{a:#.p$}"))
}

/// Formats the case's described data (records, non-native order) as `str` and `repr`.
fn print_described(c: &Value, descr: &str) -> (String, String) {
    let bytes = unhex(c["hex"].as_str().unwrap());
    let dtype = DType::parse_descr(descr).unwrap();
    let v = DynView::new(&bytes, dtype, &usizes(&c["shape"]), Order::C).unwrap();
    let p = c["precision"].as_u64().unwrap() as usize;
    (format!("{v:.p$}"), format!("{v:#.p$}"))
}

/// Formats a typed case (`Array<T>` of the case's dtype).
fn print_typed(c: &Value, dtype: &str) -> (String, String) {
    match dtype {
        "<f8" => print::<f64>(c),
        "<f4" => print::<f32>(c),
        "<f2" => print::<f16>(c),
        "<i8" => print::<i64>(c),
        "<i4" => print::<i32>(c),
        "<i2" => print::<i16>(c),
        "|i1" => print::<i8>(c),
        "<u8" => print::<u64>(c),
        "<u4" => print::<u32>(c),
        "<u2" => print::<u16>(c),
        "|u1" => print::<u8>(c),
        "|b1" => print::<Bool8>(c),
        "|S4" => print::<[u8; 4]>(c),
        other => panic!("no element type for {other}"),
    }
}

#[test]
fn str_and_repr_match_numpy() {
    let data = load("print.json");
    let cases = data["cases"].as_array().unwrap();
    let mut failures = Vec::new();
    for c in cases {
        let (s, r) = match (c["descr"].as_str(), c["dtype"].as_str().unwrap()) {
            (Some(descr), _) => print_described(c, descr),
            (None, dtype) => print_typed(c, dtype),
        };
        for (what, got, key) in [("str", s, "str"), ("repr", r, "repr")] {
            let want = c[key].as_str().unwrap();
            if got != want {
                failures.push(format!(
                    "{what} of {} {:?} at precision {}:\n--- NumPy\n{want}\n--- stridekit\n{got}\n",
                    c["dtype"], c["shape"], c["precision"]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        2 * cases.len(),
        failures.join("\n")
    );
    println!(
        "{} str/repr cases match NumPy {}",
        2 * cases.len(),
        data["numpy_version"]
    );
}
