//! The statistics against NumPy's own results (`tests/data/stats.json`,
//! written by `tests/data/gen_stats.py`): `cumsum` / `cumprod` bit for bit
//! (NumPy's sequential order), the rest within a few units of rounding (the
//! sums' fixed order differs from NumPy's pairwise one), NaN and infinities
//! exactly where NumPy has them, and an error where NumPy raised.

mod common;

use common::fixture::{elements as values, load, usizes};
use serde_json::Value;
use stridekit::kernels::Float;
use stridekit::{Array, Result};

fn run<T: Float>(a: &Array<T>, f: &str, ddof: usize, axis: Option<isize>) -> Result<Array<T>> {
    let scalar = |x: Result<T>| x.and_then(|v| Array::from_vec(vec![v], &[]));
    match (f, axis) {
        ("var", None) => scalar(a.var(ddof)),
        ("std", None) => scalar(a.std(ddof)),
        ("nanvar", None) => scalar(a.nanvar(ddof)),
        ("nanstd", None) => scalar(a.nanstd(ddof)),
        ("nanmean", None) => scalar(a.nanmean()),
        ("prod", None) => scalar(a.prod()),
        ("nanprod", None) => scalar(a.nanprod()),
        ("ptp", None) => scalar(a.ptp()),
        ("cumsum", None) => a.cumsum(),
        ("cumprod", None) => a.cumprod(),
        ("var", Some(k)) => a.var_axis(k, ddof),
        ("std", Some(k)) => a.std_axis(k, ddof),
        ("nanvar", Some(k)) => a.nanvar_axis(k, ddof),
        ("nanstd", Some(k)) => a.nanstd_axis(k, ddof),
        ("nanmean", Some(k)) => a.nanmean_axis(k),
        ("prod", Some(k)) => a.prod_axis(k),
        ("nanprod", Some(k)) => a.nanprod_axis(k),
        ("ptp", Some(k)) => a.ptp_axis(k),
        ("cumsum", Some(k)) => a.cumsum_axis(k),
        ("cumprod", Some(k)) => a.cumprod_axis(k),
        _ => panic!("unknown statistic {f}"),
    }
}

fn close<T: Float>(got: T, want: T, exact: bool) -> bool {
    if got.is_nan() || want.is_nan() {
        return got.is_nan() && want.is_nan();
    }
    if exact || got.to_f64().is_infinite() || want.to_f64().is_infinite() {
        return got.to_bits_u64() == want.to_bits_u64() || got.to_f64() == want.to_f64();
    }
    let tol = if std::mem::size_of::<T>() == 4 {
        2e-5
    } else {
        1e-12
    };
    let (g, w) = (got.to_f64(), want.to_f64());
    (g - w).abs() <= tol * w.abs().max(1e-300) || (g - w).abs() < 1e-300
}

fn check<T: Float>(data: &Value, dtype: &str) -> usize {
    let arrays = data["arrays"].as_array().unwrap();
    let mut checked = 0;
    let mut failures: Vec<String> = Vec::new();
    for case in data["cases"].as_array().unwrap() {
        let spec = &arrays[case["array"].as_u64().unwrap() as usize];
        if spec["dtype"] != dtype {
            continue;
        }
        let shape = usizes(&spec["shape"]);
        let a = Array::from_vec(values::<T>(spec["hex"].as_str().unwrap()), &shape).unwrap();
        let f = case["f"].as_str().unwrap();
        let ddof = case["ddof"].as_u64().unwrap_or(0) as usize;
        let axis = case["axis"].as_i64().map(|k| k as isize);
        let what = format!("{} {dtype} {f} ddof={ddof} axis={axis:?}", spec["name"]);
        let result = &case["result"];
        match (run(&a, f, ddof, axis), result.get("error")) {
            (Err(_), Some(_)) => {}
            (Ok(_), Some(e)) => {
                failures.push(format!("{what}: NumPy raised {e}, stridekit did not"))
            }
            (Err(e), None) => failures.push(format!("{what}: stridekit refused: {e}")),
            (Ok(got), None) => {
                let want_shape = usizes(&result["shape"]);
                let want = values::<T>(result["hex"].as_str().unwrap());
                let exact = f.starts_with("cum");
                let got_v = got.to_vec();
                if got.shape() != want_shape.as_slice() {
                    failures.push(format!(
                        "{what}: shape {:?}, NumPy {want_shape:?}",
                        got.shape()
                    ));
                } else if let Some(i) = (0..want.len()).find(|&i| !close(got_v[i], want[i], exact))
                {
                    failures.push(format!(
                        "{what}: element {i}: {:?}, NumPy {:?}",
                        got_v[i], want[i]
                    ));
                }
            }
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    checked
}

#[test]
fn statistics_match_numpy() {
    let data = load("stats.json");
    let n = check::<f64>(&data, "<f8") + check::<f32>(&data, "<f4");
    eprintln!("{n} statistics agree with NumPy {}", data["numpy_version"]);
    assert!(n > 1000);
}

/// Long inputs go through the chunked passes: the bits must equal the
/// definitions computed by the ISA-free oracle (`kernels::reference`) — so
/// the forced-ISA matrix, which reruns this binary per ISA, proves every ISA
/// gives the same bits — on contiguous, strided and transposed layouts.
#[test]
fn statistics_have_the_oracles_bits_on_every_isa() {
    use stridekit::kernels::{reference, Reduction};
    let oracle = |op, xs: &[f32]| reference::reduce(op, xs).unwrap();
    let n = if cfg!(miri) { 300 } else { 70_001 }; // several chunks, and a tail
    let xs: Vec<f32> = (0..2 * n)
        .map(|i| ((i * 7919) % 10007) as f32 * 1e-3 - 5.0)
        .collect();
    let base = Array::from_vec(xs, &[2 * n]).unwrap();
    let strided = base.slice(stridekit::s![..;2]).unwrap();
    let m = Array::from_vec(base.to_vec()[..n - 1].to_vec(), &[1, n - 1]).unwrap();
    for v in [base.slice(stridekit::s![..n]).unwrap(), strided, m.t()] {
        let vals = v.to_vec();
        let mean = oracle(Reduction::Sum, &vals) / vals.len() as f32;
        assert_eq!(v.mean().unwrap().to_bits(), mean.to_bits(), "mean");
        let dev: Vec<f32> = vals.iter().map(|&x| x - mean).collect();
        let want = oracle(Reduction::SumSquares, &dev) / vals.len() as f32;
        assert_eq!(
            v.var(0).unwrap().to_bits(),
            want.to_bits(),
            "var of {:?}",
            v.strides()
        );
        let mut with_nan = v.to_owned();
        with_nan.set(&vec![0; v.ndim()], f32::NAN).unwrap();
        let vals = with_nan.to_vec();
        let nm = oracle(Reduction::NanSum, &vals) / (vals.len() - 1) as f32;
        assert_eq!(
            with_nan.nanmean().unwrap().to_bits(),
            nm.to_bits(),
            "nanmean"
        );
        let terms: Vec<f32> = vals
            .iter()
            .map(|&x| if x.is_nan() { 0.0 } else { (x - nm) * (x - nm) })
            .collect();
        let want = oracle(Reduction::Sum, &terms) / (vals.len() - 1) as f32;
        assert_eq!(
            with_nan.nanvar(0).unwrap().to_bits(),
            want.to_bits(),
            "nanvar"
        );
        // cumsum: NumPy's sequential order, whatever the ISA.
        let mut s = 0.0f32;
        let running: Vec<u32> = v
            .to_vec()
            .iter()
            .map(|&x| {
                s += x;
                s.to_bits()
            })
            .collect();
        let got: Vec<u32> = v
            .cumsum()
            .unwrap()
            .to_vec()
            .iter()
            .map(|x| x.to_bits())
            .collect();
        assert!(got == running, "cumsum");
    }
}
