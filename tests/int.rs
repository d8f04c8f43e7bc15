//! Integer arithmetic, comparisons and reductions against NumPy
//! (`tests/data/int.json`, from `tests/data/gen_int.py`): all eight integer
//! types, wrapping, division and remainder for every sign pair and by zero,
//! shifts by every count, broadcasting, the in-place forms, `clip`, exact
//! sums and products (an error where NumPy's wrapped), extremes and their
//! first positions; then the operator traits and the errors.

mod common;

use common::fixture::{elements, load, usizes};
use serde_json::Value;
use stridekit::kernels::{ArgReduction, Arith, BinaryOp, IntBinary, IntUnary, UnaryOp};
use stridekit::{ops, s, Array, ArrayView, Compare, Error, IntElement};

fn array<T: bytemuck::Pod>(v: &Value) -> Array<T> {
    Array::from_vec(elements(v["hex"].as_str().unwrap()), &usizes(&v["shape"])).unwrap()
}

/// The shared (float and integer) operation of an integer one, if any.
fn shared(op: IntBinary) -> Option<BinaryOp> {
    BinaryOp::ALL
        .iter()
        .copied()
        .find(|b| b.name() == op.name())
}

fn check<T: IntElement + Arith + TryFrom<i64>>(data: &Value, dtype: &str) -> usize {
    let mut checked = 0;
    for c in data["cases"].as_array().unwrap() {
        if c["a"]["dtype"] != dtype {
            continue;
        }
        checked += 1;
        let kind = c["kind"].as_str().unwrap();
        let name = c["op"].as_str().unwrap_or("");
        let ctx = format!("{kind} {name} {dtype} {:?}", c["a"]["shape"]);
        let a = array::<T>(&c["a"]);
        match kind {
            "binary" => {
                let (b, want) = (array::<T>(&c["b"]), array::<T>(&c["out"]));
                let op = *IntBinary::ALL.iter().find(|o| o.name() == name).unwrap();
                assert_eq!(ops::int_binary_new(op, &a, &b).unwrap(), want, "{ctx}");
                if let Some(s) = shared(op) {
                    assert_eq!(ops::binary_new(s, &a, &b).unwrap(), want, "{ctx} (shared)");
                }
                if a.shape() == want.shape() {
                    let mut acc = a.clone();
                    ops::int_binary_assign(op, &mut acc, &b).unwrap();
                    assert_eq!(acc, want, "{ctx} in place");
                }
                // Through a reversed, transposed layout: the same values.
                let (rt, rb) = (a.t().to_owned(), b.t().to_owned());
                if rt.ndim() == 2 && rb.shape() == rt.shape() {
                    let mut out = Array::<T>::zeros(rt.shape()).unwrap();
                    ops::int_binary(op, rt.t(), rb.t(), out.t_mut()).unwrap();
                    assert_eq!(out.t().to_owned(), want, "{ctx} transposed");
                }
            }
            "unary" => {
                let want = array::<T>(&c["out"]);
                let op = *IntUnary::ALL.iter().find(|o| o.name() == name).unwrap();
                assert_eq!(ops::int_unary_new(op, &a).unwrap(), want, "{ctx}");
                if let Some(s) = UnaryOp::ALL.iter().find(|u| u.name() == name) {
                    let mut acc = a.clone();
                    ops::unary_assign(*s, &mut acc).unwrap();
                    assert_eq!(acc, want, "{ctx} (shared, in place)");
                }
            }
            "compare" => {
                let (b, want) = (array::<T>(&c["b"]), array::<stridekit::Bool8>(&c["out"]));
                let op = *Compare::ALL.iter().find(|o| o.name() == name).unwrap();
                assert_eq!(a.compare(op, &b).unwrap(), want, "{ctx}");
            }
            "clip" => {
                let bound = |k: &str| T::try_from(c[k].as_i64().unwrap()).ok().unwrap();
                let (lo, hi) = (bound("lo"), bound("hi"));
                let (lo, hi) = (ArrayView::scalar(&lo), ArrayView::scalar(&hi));
                let want = array::<T>(&c["out"]);
                assert_eq!(ops::clip_new(&a, &lo, &hi).unwrap(), want, "{ctx}");
                let mut acc = a.clone();
                ops::clip_assign(acc.t_mut(), &lo, &hi).unwrap();
                assert_eq!(acc, want, "{ctx} in place, transposed");
            }
            "reduce" => {
                let text = |r: stridekit::Result<T::Sum>| r.ok().map(|v| v.to_string());
                let want = |k: &str| c[k].as_str().map(str::to_string);
                assert_eq!(text(a.int_sum()), want("sum"), "{ctx} sum");
                assert_eq!(text(a.int_prod()), want("prod"), "{ctx} prod");
                let small = array::<T>(&c["small"]);
                assert_eq!(
                    text(small.int_prod()),
                    want("small_prod"),
                    "{ctx} small prod"
                );
                if a.is_empty() {
                    assert!(a.int_min().is_err() && a.int_argmax().is_err(), "{ctx}");
                    continue;
                }
                for ax in c["axes"].as_array().unwrap() {
                    let k = ax["axis"].as_i64().unwrap();
                    let strings = |v: &Value| -> Option<Vec<String>> {
                        v.as_array().map(|l| {
                            l.iter()
                                .map(|x| x.as_str().map_or(x.to_string(), str::to_string))
                                .collect()
                        })
                    };
                    let got = a
                        .int_sum_axis(k)
                        .ok()
                        .map(|s| s.iter().map(|v| v.to_string()).collect());
                    assert_eq!(got, strings(&ax["sum"]), "{ctx} sum axis {k}");
                    let got: Vec<String> = a
                        .int_min_axis(k)
                        .unwrap()
                        .iter()
                        .map(|v| v.to_string())
                        .collect();
                    assert_eq!(Some(got), strings(&ax["min"]), "{ctx} min axis {k}");
                    let got: Vec<String> = a
                        .int_argmax_axis(k)
                        .unwrap()
                        .iter()
                        .map(|v| v.to_string())
                        .collect();
                    assert_eq!(Some(got), strings(&ax["argmax"]), "{ctx} argmax axis {k}");
                }
                let num = |k: &str| c[k].to_string();
                assert_eq!(a.int_min().unwrap().to_string(), num("min"), "{ctx}");
                assert_eq!(a.int_max().unwrap().to_string(), num("max"), "{ctx}");
                assert_eq!(a.int_argmin().unwrap().to_string(), num("argmin"), "{ctx}");
                assert_eq!(a.int_argmax().unwrap().to_string(), num("argmax"), "{ctx}");
            }
            _ => panic!("unknown case kind {kind}"),
        }
    }
    checked
}

/// Not under Miri: parsing the half-megabyte fixture alone takes minutes
/// there; the unsafe paths are the kernels' (Miri runs `kernels/tests/integer.rs`)
/// and the view walk's (the tests below).
#[test]
#[cfg_attr(miri, ignore)]
fn integer_ops_match_numpy() {
    let data = load("int.json");
    let counts = [
        check::<i8>(&data, "|i1"),
        check::<i16>(&data, "<i2"),
        check::<i32>(&data, "<i4"),
        check::<i64>(&data, "<i8"),
        check::<u8>(&data, "|u1"),
        check::<u16>(&data, "<u2"),
        check::<u32>(&data, "<u4"),
        check::<u64>(&data, "<u8"),
    ];
    eprintln!(
        "int.json (NumPy {}): {counts:?} cases per type",
        data["numpy"]
    );
    assert!(counts.iter().all(|&n| n > 5), "{counts:?}");
}

/// `f16` arithmetic against NumPy's `float16` ufuncs, bit for bit (NaN:
/// any NaN), contiguous, broadcast and transposed.
#[test]
#[cfg_attr(miri, ignore)]
fn half_float_arithmetic_matches_numpy() {
    use stridekit::f16;
    let data = load("int.json");
    let bits = |a: &Array<f16>| -> Vec<u16> {
        a.iter()
            .map(|x| if x.is_nan() { 0x7e00 } else { x.to_bits() })
            .collect()
    };
    let mut checked = 0;
    for c in data["cases"].as_array().unwrap() {
        let kind = c["kind"].as_str().unwrap();
        if kind != "half" && kind != "half_unary" {
            continue;
        }
        checked += 1;
        let name = c["op"].as_str().unwrap();
        let (a, want) = (array::<f16>(&c["a"]), array::<f16>(&c["out"]));
        let ctx = format!("f16 {name} {:?}", c["a"]["shape"]);
        if kind == "half" {
            let b = array::<f16>(&c["b"]);
            let op = *BinaryOp::ALL.iter().find(|o| o.name() == name).unwrap();
            assert_eq!(
                bits(&ops::binary_new(op, &a, &b).unwrap()),
                bits(&want),
                "{ctx}"
            );
            let (rt, rb) = (a.t().to_owned(), b.t().to_owned());
            if rt.ndim() == 2 && rb.shape() == rt.shape() {
                let mut out = Array::<f16>::zeros(rt.shape()).unwrap();
                ops::binary(op, rt.t(), rb.t(), out.t_mut()).unwrap();
                assert_eq!(bits(&out.t().to_owned()), bits(&want), "{ctx} transposed");
            }
        } else {
            let op = *UnaryOp::ALL.iter().find(|o| o.name() == name).unwrap();
            let mut acc = a.clone();
            ops::unary_assign(op, &mut acc).unwrap();
            assert_eq!(bits(&acc), bits(&want), "{ctx} in place");
        }
    }
    assert!(checked > 40, "{checked}");
}

/// `f16` reductions against NumPy's (accumulated in `f32`, rounded once):
/// whole-array and along every axis, C-order and Fortran-order layouts.
#[test]
#[cfg_attr(miri, ignore)]
fn half_float_reductions_match_numpy() {
    use stridekit::f16;
    let data = load("int.json");
    let bits = |v: f16| if v.is_nan() { 0x7e00 } else { v.to_bits() };
    let all = |a: &Array<f16>| a.iter().map(bits).collect::<Vec<u16>>();
    let mut checked = 0;
    for c in data["cases"].as_array().unwrap() {
        if c["kind"] != "half_reduce" {
            continue;
        }
        checked += 1;
        let a = array::<f16>(&c["a"]);
        let fortran = a.t().to_owned();
        for (layout, v) in [("C", a.view()), ("F", fortran.t())] {
            let ctx = format!("f16 {:?} {layout}", a.shape());
            let want = |k: &str| bits(array::<f16>(&c[k]).iter().next().unwrap());
            assert_eq!(bits(v.sum().unwrap()), want("sum"), "{ctx} sum");
            assert_eq!(bits(v.mean().unwrap()), want("mean"), "{ctx} mean");
            assert_eq!(bits(v.max().unwrap()), want("max"), "{ctx} max");
            assert_eq!(bits(v.min().unwrap()), want("min"), "{ctx} min");
            assert_eq!(bits(v.nanmax().unwrap()), want("nanmax"), "{ctx} nanmax");
            assert_eq!(bits(v.nanmin().unwrap()), want("nanmin"), "{ctx} nanmin");
            assert_eq!(v.argmax().unwrap() as u64, c["argmax"], "{ctx} argmax");
            assert_eq!(v.argmin().unwrap() as u64, c["argmin"], "{ctx} argmin");
            for ax in c["axes"].as_array().unwrap() {
                let k = ax["axis"].as_i64().unwrap() as isize;
                let ctx = format!("{ctx} axis {k}");
                assert_eq!(
                    all(&v.sum_axis(k).unwrap()),
                    all(&array(&ax["sum"])),
                    "{ctx} sum"
                );
                assert_eq!(
                    all(&v.mean_axis(k).unwrap()),
                    all(&array(&ax["mean"])),
                    "{ctx} mean"
                );
                assert_eq!(
                    all(&v.max_axis(k).unwrap()),
                    all(&array(&ax["max"])),
                    "{ctx} max"
                );
                let arg = v.arg_axis(ArgReduction::ArgMax, k, false).unwrap();
                let want: Vec<u64> = ax["argmax"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap())
                    .collect();
                assert_eq!(
                    arg.iter().map(|i| i as u64).collect::<Vec<_>>(),
                    want,
                    "{ctx} argmax"
                );
            }
        }
    }
    assert_eq!(checked, 10);
}

#[test]
fn half_floats_compute_in_every_form() {
    use stridekit::{bf16, f16};
    let a =
        Array::from_shape_fn(&[3, 4], |i| f16::from_f32(i[0] as f32 * 0.1 + i[1] as f32)).unwrap();
    let want = |f: fn(f32) -> f32| -> Vec<f16> {
        a.iter().map(|x| f16::from_f32(f(x.to_f32()))).collect()
    };
    assert_eq!((&a + f16::ONE).unwrap().to_vec(), want(|x| x + 1.0));
    let mut t = a.t().to_owned();
    t *= &a.t();
    assert_eq!(t.t().to_owned().to_vec(), want(|x| x * x));
    assert_eq!(
        ops::clip_new(&a, f16::ONE, f16::from_f32(2.5))
            .unwrap()
            .to_vec(),
        want(|x| x.clamp(1.0, 2.5))
    );
    let b = Array::from_slice(&[bf16::from_f32(1.5), bf16::from_f32(-2.0)], &[2]).unwrap();
    assert_eq!(
        (&b * &b).unwrap().to_vec(),
        [bf16::from_f32(2.25), bf16::from_f32(4.0)]
    );
    assert_eq!(b.less(bf16::ZERO).unwrap().count_nonzero(), 1);
    // Division and square roots by name, operator and scalar on the left.
    assert_eq!(
        (&a / f16::from_f32(3.0)).unwrap().to_vec(),
        want(|x| x / 3.0)
    );
    assert_eq!(
        (f16::ONE / &a.slice(s![.., 1..]).unwrap())
            .unwrap()
            .to_vec(),
        a.slice(s![.., 1..])
            .unwrap()
            .iter()
            .map(|x| f16::from_f32(1.0 / x.to_f32()))
            .collect::<Vec<_>>()
    );
    assert_eq!(ops::sqrt_new(&a).unwrap().to_vec(), want(f32::sqrt));
    // Reductions in f32, rounded once.
    assert_eq!(b.sum().unwrap(), bf16::from_f32(-0.5));
    assert_eq!(b.norm().unwrap(), bf16::from_f32(6.25f32.sqrt()));
    assert_eq!(b.argmin().unwrap(), 1);
}

#[test]
fn operators_and_scalars() {
    let a = Array::from_slice(&[200u8, 100, 7, 0], &[4]).unwrap();
    let b = Array::from_slice(&[100u8, 200, 2, 1], &[4]).unwrap();
    assert_eq!((&a + &b).unwrap().to_vec(), [44, 44, 9, 1]); // wraps
    assert_eq!((&a - 1u8).unwrap().to_vec(), [199, 99, 6, 255]);
    assert_eq!((3u8 * &b).unwrap().to_vec(), [44, 88, 6, 3]);
    assert_eq!((&a % &b).unwrap().to_vec(), [0, 100, 1, 0]);
    assert_eq!((&a & 0x0fu8).unwrap().to_vec(), [8, 4, 7, 0]);
    assert_eq!((&a | &b).unwrap().to_vec(), [236, 236, 7, 1]);
    assert_eq!((&a ^ &a).unwrap().to_vec(), [0; 4]);
    assert_eq!((&a << 1u8).unwrap().to_vec(), [144, 200, 14, 0]);
    assert_eq!((&a >> 9u8).unwrap().to_vec(), [0; 4]);
    assert_eq!((!&a).unwrap().to_vec(), [55, 155, 248, 255]);
    assert_eq!((-&a).unwrap().to_vec(), [56, 156, 249, 0]);
    let mut c = a.clone();
    c += &b;
    assert_eq!(c.to_vec(), [44, 44, 9, 1]);
    assert_eq!(a.greater(100u8).unwrap().count_nonzero(), 1);
    assert_eq!(ops::maximum_new(&a, &b).unwrap().to_vec(), [200, 200, 7, 1]);
    assert_eq!(
        ops::fmax_new(&a, &b).unwrap(),
        ops::maximum_new(&a, &b).unwrap()
    );
}

#[test]
fn integer_errors_are_precise() {
    let a = Array::from_slice(&[1i32, 2, 3], &[3]).unwrap();
    let b = Array::from_slice(&[1i32, 2], &[2]).unwrap();
    assert!(matches!(&a + &b, Err(Error::Broadcast { .. })));
    let e = ops::binary_new(BinaryOp::Div, &a, &a).unwrap_err();
    assert!(
        matches!(
            e,
            Error::NoSuchOp {
                op: "div",
                dtype: "int32",
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("astype"), "{e}");
    assert!(matches!(
        ops::unary_new(UnaryOp::Sqrt, &a),
        Err(Error::NoSuchOp { op: "sqrt", .. })
    ));
    let big = Array::from_slice(&[i64::MAX, 1], &[2]).unwrap();
    let e = big.int_sum().unwrap_err();
    assert!(e.to_string().contains("9223372036854775808"), "{e}");
    assert!(Array::<u16>::zeros(&[0]).unwrap().int_max().is_err());
    assert_eq!(Array::<u16>::zeros(&[0]).unwrap().int_prod().unwrap(), 1);
    let empty_rows = Array::<i8>::zeros(&[3, 0]).unwrap();
    assert_eq!(empty_rows.int_sum_axis(1).unwrap().to_vec(), [0, 0, 0]);
    assert_eq!(empty_rows.int_prod_axis(-1).unwrap().to_vec(), [1, 1, 1]);
    assert!(matches!(empty_rows.int_max_axis(1), Err(Error::Kernel(_))));
    assert_eq!(empty_rows.int_max_axis(0).unwrap().shape(), [0]);
    assert!(matches!(
        empty_rows.int_sum_axis(2),
        Err(Error::AxisOutOfRange { .. })
    ));
    let m = Array::from_slice(&[i64::MAX, 1, 1, 1], &[2, 2]).unwrap();
    assert!(m.int_sum_axis(0).is_err() && m.int_sum_axis(1).is_err());
    let e = m.int_sum_axis(0).unwrap_err().to_string();
    assert!(e.contains("9223372036854775808"), "{e}"); // i64::MAX + 1, the first line
}

/// `clip` with array bounds broadcast against `a` (a column of lower bounds,
/// a row of upper ones) equals `min(max(a, lo), hi)` element by element, on
/// integers and on floats with NaN in `a` and in a bound; `out=` and in place.
#[test]
fn clip_with_array_bounds_broadcasts() {
    let a = Array::from_shape_fn(&[4, 5], |i| (i[0] as i32 * 7 - i[1] as i32 * 5) % 13).unwrap();
    let lo = Array::from_shape_fn(&[4, 1], |i| -(i[0] as i32)).unwrap();
    let hi = Array::from_shape_fn(&[5], |i| i[0] as i32 * 2).unwrap();
    let want = |x: i32, l: i32, h: i32| x.max(l).min(h);
    let got = ops::clip_new(&a, &lo, &hi).unwrap();
    for r in 0..4 {
        for c in 0..5 {
            let w = want(
                a.get(&[r, c]).unwrap(),
                lo.get(&[r, 0]).unwrap(),
                hi.get(&[c]).unwrap(),
            );
            assert_eq!(got.get(&[r, c]), Some(w), "[{r}, {c}]");
        }
    }
    let mut acc = a.t().to_owned();
    ops::clip_assign(acc.t_mut(), &lo, &hi).unwrap();
    assert_eq!(acc.t().to_owned(), got);
    // Scalar and array bounds mixed; broadcast to a larger output.
    let f = Array::from_slice(&[f32::NAN, -3.0, 0.5, 9.0], &[4]).unwrap();
    let fhi = Array::from_slice(&[1.0f32, f32::NAN, 1.0, 2.0], &[4]).unwrap();
    let mut out = Array::<f32>::zeros(&[2, 4]).unwrap();
    ops::clip(&f, 0.0f32, &fhi, &mut out).unwrap();
    for r in 0..2 {
        let row: Vec<f32> = (0..4).map(|c| out.get(&[r, c]).unwrap()).collect();
        assert!(row[0].is_nan() && row[1].is_nan(), "{row:?}");
        assert_eq!(&row[2..], &[0.5, 2.0]);
    }
    assert!(matches!(
        ops::clip_new(&a, &lo, Array::<i32>::zeros(&[3]).unwrap()),
        Err(Error::Broadcast { .. })
    ));
}
