//! Threaded whole-array reductions give the bits of the one-thread pass and
//! of the plain reference, for every thread count, layout and special value;
//! threaded conversions and byte swaps (fresh or into existing views) give
//! every element a plain loop gives, and so do element-wise operations cut
//! into parts. Every thread count runs in a rayon pool of that size.
//!
//! One test function: the thread settings are process-wide, and this binary
//! holds nothing else that could change them in between.

use bytemuck::{Pod, Zeroable};
use stridekit::dtype::{DType, Field, Kind, Record, Scalar};
use stridekit::kernels::order::block_len;
use stridekit::kernels::reference;
use stridekit::kernels::testkit::{same_bits, values, Rng};
use stridekit::kernels::{ArgReduction, Float, Reduction};
use stridekit::{field, parallel, s, Array, ArrayView, ByteOrder, DynView, Order};

/// Inputs of `n` elements: ordinary values of mixed magnitude (whose sums
/// round differently in any other order), specials (NaN, ±inf, ±0,
/// subnormals), all `-0.0`, and one NaN among ordinary values.
fn data_sets<T: Float>(n: usize, seed: u64) -> Vec<(&'static str, Vec<T>)> {
    let mut rng = Rng::new(seed);
    let ordinary: Vec<T> = (0..n)
        .map(|_| T::from_f64((rng.unit() - 0.5) * 10f64.powi(rng.below(12) as i32 - 3)))
        .collect();
    let mut one_nan = ordinary.clone();
    if n > 0 {
        one_nan[rng.below(n)] = T::NAN;
    }
    vec![
        ("ordinary", ordinary),
        ("specials", values::<T>(seed, n)),
        ("neg-zeros", vec![T::NEG_ZERO; n]),
        ("one-nan", one_nan),
    ]
}

/// `f` inside a rayon pool of `t` threads (calls cut their parts for the
/// pool: `parallel::threads()` is `t`).
fn in_pool(t: usize, f: impl FnOnce() + Send) {
    parallel::set_threads(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(t)
        .build()
        .unwrap();
    pool.install(|| {
        assert_eq!(
            parallel::threads(),
            if cfg!(feature = "rayon") { t } else { 1 }
        );
        f()
    });
}

/// Every value reduction of `v` with the current settings, checked against
/// the reference over `data` (the view's elements in C order).
fn check<T: Float>(v: ArrayView<'_, T>, data: &[T], what: &str) {
    let threads = parallel::threads();
    for op in Reduction::ALL {
        let Some(want) = reference::reduce(op, data) else {
            assert!(v.reduce(op).is_err(), "{what}: {} of nothing", op.name());
            continue;
        };
        let got = v.reduce(op).unwrap();
        assert!(
            same_bits(got, want),
            "{what} {} {} threads={threads}: {got:?}, reference {want:?}",
            T::RUST_NAME,
            op.name()
        );
    }
    if !data.is_empty() {
        let (got, want) = (v.dot(&v).unwrap(), reference::dot(data, data));
        assert!(
            same_bits(got, want),
            "{what} {} dot threads={threads}: {got:?}, reference {want:?}",
            T::RUST_NAME
        );
    }
    for op in ArgReduction::ALL {
        let want = reference::arg(op, data);
        assert_eq!(
            v.arg(op).ok(),
            want,
            "{what} {} {} threads={threads}",
            T::RUST_NAME,
            op.name()
        );
    }
}

fn layouts<T: Float>(n: usize, threads: &[usize]) {
    for (set, data) in data_sets::<T>(n, n as u64 * 31 + 7) {
        let a = Array::from_slice(&data, &[n]).unwrap();
        let rev: Vec<T> = data.iter().rev().copied().collect();
        let spread: Vec<T> = data
            .iter()
            .flat_map(|&x| [x, T::NAN, T::INFINITY])
            .collect();
        let spread = Array::from_slice(&spread, &[n * 3]).unwrap();
        // Rows of 5 with a padding column: not one run, reduced from a copy.
        let rows = n.div_ceil(5);
        let mut padded = vec![T::NAN; rows * 6];
        for (i, &x) in data.iter().enumerate() {
            padded[i / 5 * 6 + i % 5] = x;
        }
        let padded = Array::from_slice(&padded, &[rows, 6]).unwrap();
        for &t in threads {
            in_pool(t, || {
                check(a.view(), &data, &format!("{set} contiguous n={n}"));
                let r = Array::from_slice(&rev, &[n]).unwrap();
                check(
                    r.slice(s![..;-1]).unwrap(),
                    &data,
                    &format!("{set} reversed n={n}"),
                );
                check(
                    spread.slice(s![..;3]).unwrap(),
                    &data,
                    &format!("{set} step 3 n={n}"),
                );
                if n.is_multiple_of(5) {
                    let v = padded.slice(s![.., ..5]).unwrap();
                    check(v, &data, &format!("{set} 2-D copy n={n}"));
                }
            });
        }
    }
}

/// Packed records: the `f64` field sits at odd offsets (unaligned, stride 12).
#[derive(Clone, Copy, Pod, Zeroable)]
#[repr(C, packed)]
struct Reading {
    sensor: u32,
    value: f64,
}

fn unaligned_field(n: usize, threads: &[usize]) {
    for (set, data) in data_sets::<f64>(n, 5) {
        let recs: Vec<Reading> = data
            .iter()
            .enumerate()
            .map(|(i, &value)| Reading {
                sensor: i as u32,
                value,
            })
            .collect();
        let arr = Array::from_slice(&recs, &[n]).unwrap();
        let v = field!(arr.view(), Reading, value).unwrap();
        assert!(!v.is_aligned());
        for &t in threads {
            in_pool(t, || {
                check(v.clone(), &data, &format!("{set} record field n={n}"));
            });
        }
    }
}

/// Conversions and byte swaps split long runs between threads: every
/// element is still what one plain loop makes.
fn conversions(n: usize, threads: &[usize]) {
    let x: Vec<f64> = values::<f64>(11, n);
    let a = Array::from_slice(&x, &[n]).unwrap();
    let rev = a.slice(s![..;-1]).unwrap();
    let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    let want_f32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
    let want_i32: Vec<i32> = x.iter().map(|&v| v as i32).collect();
    let want_swapped: Vec<u64> = x.iter().map(|v| v.to_bits().swap_bytes()).collect();
    for &t in threads {
        in_pool(t, || {
            let what = format!("n={n} threads={t}");
            assert_eq!(
                bits(&a.astype::<f32>().unwrap().to_vec()),
                bits(&want_f32),
                "{what}"
            );
            assert_eq!(a.astype::<i32>().unwrap().to_vec(), want_i32, "{what}");
            let back: Vec<f32> = rev.astype::<f32>().unwrap().to_vec();
            let want_back: Vec<f32> = want_f32.iter().rev().copied().collect();
            assert_eq!(bits(&back), bits(&want_back), "reversed {what}");
            let swapped: Vec<u64> = a
                .byteswap()
                .unwrap()
                .to_vec()
                .iter()
                .map(|v| v.to_bits())
                .collect();
            assert_eq!(swapped, want_swapped, "byteswap {what}");
            // Into existing outputs: contiguous, and every other element reversed.
            let mut out = Array::<f32>::zeros(&[n]).unwrap();
            a.astype_into(&mut out).unwrap();
            assert_eq!(bits(&out.to_vec()), bits(&want_f32), "astype_into {what}");
            let mut wide = Array::<f64>::zeros(&[2 * n]).unwrap();
            a.byteswap_into(wide.slice_mut(s![..;-2]).unwrap()).unwrap();
            let wide = wide.to_vec();
            for (i, &w) in want_swapped.iter().enumerate() {
                assert_eq!(
                    wide[2 * n - 1 - 2 * i].to_bits(),
                    w,
                    "byteswap_into {what} at {i}"
                );
                assert_eq!(wide[2 * n - 2 - 2 * i].to_bits(), 0, "gap {what} at {i}");
            }
        });
    }
}

/// Element-wise operations over outputs cut into parts: every element is
/// what one plain loop makes (floats, integers, half floats; `out=`, in
/// place and allocating).
fn elementwise(n: usize, threads: &[usize]) {
    use stridekit::{f16, ops};
    let x: Vec<f32> = values::<f32>(21, n);
    let y: Vec<f32> = values::<f32>(22, n);
    let (a, b) = (
        Array::from_slice(&x, &[n]).unwrap(),
        Array::from_slice(&y, &[n]).unwrap(),
    );
    // Which NaN a product is may differ from the scalar one's: compare NaN as NaN.
    let key = |v: &f32| if v.is_nan() { u32::MAX } else { v.to_bits() };
    let want: Vec<u32> = x.iter().zip(&y).map(|(p, q)| key(&(p * q))).collect();
    let ints: Vec<i16> = (0..n).map(|i| (i as i16).wrapping_mul(7919)).collect();
    let ia = Array::from_slice(&ints, &[n]).unwrap();
    let want_int: Vec<i16> = ints
        .iter()
        .map(|&v| v.wrapping_add(v).clamp(-100, 3000))
        .collect();
    let h: Vec<f16> = x.iter().map(|&v| f16::from_f32(v)).collect();
    let ha = Array::from_slice(&h, &[n]).unwrap();
    let want_h: Vec<u16> = h
        .iter()
        .map(|v| f16::from_f32(v.to_f32() + v.to_f32()).to_bits())
        .collect();
    let nan_key = |v: f16| if v.is_nan() { 0x7e00 } else { v.to_bits() };
    for &t in threads {
        in_pool(t, || {
            let what = format!("n={n} threads={t}");
            let got = ops::mul_new(&a, &b).unwrap().to_vec();
            assert!(got.iter().map(key).eq(want.iter().copied()), "mul {what}");
            let mut acc = a.clone();
            ops::mul_assign(&mut acc, &b).unwrap();
            let acc: Vec<u32> = acc.iter().map(|v| key(&v)).collect();
            assert!(acc == want, "mul_assign {what}");
            let mut s = (&ia + &ia).unwrap();
            ops::clip_assign(&mut s, -100i16, 3000i16).unwrap();
            assert!(s.to_vec() == want_int, "i16 add, clip {what}");
            let hs = (&ha + &ha).unwrap().to_vec();
            let want_keys: Vec<u16> = want_h.iter().map(|&b| nan_key(f16::from_bits(b))).collect();
            assert!(hs.into_iter().map(nan_key).eq(want_keys), "f16 add {what}");
        });
    }
}

/// Axis reductions cut into output pieces: every value and arg reduction
/// along every axis of a 3-d array (C order, transposed, stepped and
/// reversed), and the integer sums and extremes along every axis, have the
/// bits the one-thread call gives (any NaN equal to any NaN), for every
/// thread count.
fn axis_reductions(shape: [usize; 3], threads: &[usize]) {
    let n: usize = shape.iter().product();
    let x: Vec<f64> = values::<f64>(31, n);
    let a = Array::from_slice(&x, &shape).unwrap();
    let ints: Vec<i32> = (0..n as i32).map(|i| i.wrapping_mul(1_000_003)).collect();
    let ia = Array::from_slice(&ints, &shape).unwrap();
    let all_views = [a.view(), a.t(), a.slice(s![..;-1, .., 1..;2]).unwrap()];
    // Miri (rayon under its interpreter is slow): the transposed view, two
    // value reductions and one arg reduction: the pieces, their tasks and
    // the shared pointers are the same for every op.
    let views = if cfg!(miri) {
        &all_views[1..2]
    } else {
        &all_views[..]
    };
    let ops: &[Reduction] = if cfg!(miri) {
        &[Reduction::Sum, Reduction::Max]
    } else {
        &Reduction::ALL
    };
    let args: &[ArgReduction] = if cfg!(miri) {
        &ArgReduction::ALL[..1]
    } else {
        &ArgReduction::ALL
    };
    // Any NaN equals any NaN (which NaN comes out is not specified: the
    // column fold and the line reduction may give different payloads).
    let bits = |r: Array<f64>| {
        r.iter()
            .map(|v| if v.is_nan() { u64::MAX } else { v.to_bits() })
            .collect::<Vec<_>>()
    };
    let run = || {
        let mut got = Vec::new();
        for v in views {
            for axis in 0..3isize {
                for &op in ops {
                    got.push(v.reduce_axis(op, axis, false).map(bits).ok());
                }
                for &op in args {
                    let arg = v.arg_axis(op, axis, false).ok();
                    got.push(arg.map(|r| r.iter().map(|i| i as u64).collect()));
                }
                got.push(
                    ia.t()
                        .int_sum_axis(axis)
                        .ok()
                        .map(|r| r.iter().map(|v| v as u64).collect()),
                );
                got.push(
                    ia.int_max_axis(axis)
                        .ok()
                        .map(|r| r.iter().map(|v| v as u64).collect()),
                );
            }
        }
        got
    };
    parallel::set_threads(1);
    let want = run();
    assert!(want.iter().filter(|w| w.is_some()).count() > if cfg!(miri) { 10 } else { 50 });
    for &t in threads {
        in_pool(t, || {
            assert!(run() == want, "axis reductions of {shape:?}, {t} threads")
        });
    }
}

/// Whole-array integer sums and extremes (exact: any cut gives the plain
/// loop's total and first position), over contiguous and reversed views.
fn integer_reductions(n: usize, threads: &[usize]) {
    let mut rng = Rng::new(n as u64 + 3);
    let ints: Vec<i64> = (0..n)
        .map(|_| (rng.below(1 << 20) as i64 - (1 << 19)) << 40)
        .collect();
    let bytes: Vec<u8> = (0..n).map(|i| (i * 7 % 251) as u8).collect();
    let a = Array::from_slice(&ints, &[n]).unwrap();
    let b = Array::from_slice(&bytes, &[n]).unwrap();
    let want_sum: i128 = ints.iter().map(|&v| i128::from(v)).sum();
    let want_sum = i64::try_from(want_sum).ok();
    let first = |max: bool| {
        let best = if max {
            ints.iter().max()
        } else {
            ints.iter().min()
        };
        best.map(|m| ints.iter().position(|v| v == m).unwrap())
    };
    let last_max = bytes
        .iter()
        .max()
        .map(|m| n - 1 - bytes.iter().rev().position(|v| v == m).unwrap());
    let want_bytes: u64 = bytes.iter().map(|&v| u64::from(v)).sum();
    for &t in threads {
        in_pool(t, || {
            let what = format!("n={n} threads={t}");
            assert_eq!(a.int_sum().ok(), want_sum, "i64 sum {what}");
            assert_eq!(b.int_sum().unwrap(), want_bytes, "u8 sum {what}");
            assert_eq!(a.int_argmax().ok(), first(true), "argmax {what}");
            assert_eq!(a.int_argmin().ok(), first(false), "argmin {what}");
            // Reversed: the first position is the last of the data's.
            let r = b.slice(s![..;-1]).unwrap();
            assert_eq!(
                r.int_argmax().ok(),
                last_max.map(|i| n - 1 - i),
                "reversed {what}"
            );
        });
    }
}

/// Rolling windows, convolutions, gathers, record byte order and `.npy`
/// reads cut into pieces have the one-thread call's bits.
fn window_and_movement(n: usize, threads: &[usize]) {
    use stridekit::{convolve, correlate, Mode, Rolling};
    let x: Vec<f64> = data_sets::<f64>(n, 77).remove(0).1;
    let a = Array::from_slice(&x, &[n]).unwrap();
    let rows = Array::from_slice(&x[..n / 8 * 8], &[8, n / 8]).unwrap();
    let taps: Vec<f64> = (0..37).map(|i| (i as f64 * 0.37).sin()).collect();
    let h = Array::from_slice(&taps, &[taps.len()]).unwrap();
    let mut rng = Rng::new(n as u64);
    let picks: Vec<i64> = (0..n).map(|_| rng.below(n) as i64 - n as i64 / 2).collect();
    let row_picks: Vec<i64> = picks.iter().map(|&p| p % (n / 8) as i64).collect();
    let bits = |r: Array<f64>| r.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    let dir = std::env::temp_dir().join(format!("stridekit-parallel-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("x.npy");
    stridekit::npy::write(&file, &DynView::from_typed(a.view())).unwrap();
    let be = Scalar::new(Kind::Float, 8, ByteOrder::Big).unwrap();
    let rec = Record::new(vec![Field::new("x", 0, be), Field::new("y", 8, be)], 16).unwrap();
    let big: Vec<u8> = x[..n / 2 * 2]
        .iter()
        .flat_map(|v| v.to_be_bytes())
        .collect();
    let records = DynView::new(&big, DType::from(rec), &[n / 2], Order::C).unwrap();
    let run = || {
        let mut got: Vec<Vec<u64>> = Vec::new();
        for op in [Rolling::Sum, Rolling::Max, Rolling::Var { ddof: 1 }] {
            for w in [2, 5, 64, 1000] {
                got.push(a.rolling(op, 0, w).map(bits).unwrap_or_default());
                got.push(
                    rows.rolling(op, 1, w.min(n / 8))
                        .map(bits)
                        .unwrap_or_default(),
                );
                got.push(
                    rows.t()
                        .rolling(op, 0, w.min(n / 8))
                        .map(bits)
                        .unwrap_or_default(),
                );
            }
            got.push(rows.rolling(op, 0, 3).map(bits).unwrap());
        }
        for mode in [Mode::Valid, Mode::Same, Mode::Full] {
            got.push(convolve(&a, &h, mode).map(bits).unwrap());
            got.push(correlate(&a, &h, mode).map(bits).unwrap());
            got.push(
                correlate(&h, a.slice(s![..;-2]).unwrap(), mode)
                    .map(bits)
                    .unwrap(),
            );
        }
        let full = Array::full(&[3, n], -2.5f64).unwrap();
        assert!(full.iter().all(|v| v == -2.5), "full n={n}");
        got.push(bits(full));
        got.push(a.take(0, &picks).map(bits).unwrap());
        got.push(a.take_flat(&picks).map(bits).unwrap());
        got.push(rows.take(1, &row_picks).map(bits).unwrap());
        got.push(rows.t().take(1, &[7i64, 0, -1, 3]).map(bits).unwrap());
        let back = stridekit::npy::read(&file).unwrap();
        got.push(bits(back.view().typed::<f64>().unwrap().to_owned()));
        let native = records.to_native().unwrap();
        got.push(native.as_bytes().iter().map(|&b| u64::from(b)).collect());
        got
    };
    parallel::set_threads(1);
    let want = run();
    for &t in threads {
        in_pool(t, || {
            assert!(run() == want, "windows and gathers n={n}, {t} threads")
        });
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn threaded_reductions_have_the_bits_of_one_pass() {
    parallel::set_min_bytes(0);
    parallel::set_min_bytes_elementwise(0);
    if cfg!(miri) {
        // Two threads over three parts: the join, the pool's tasks and the
        // pointers they share, under Miri's data-race checker.
        let n = 2 * block_len::<f64>() + 3;
        let data: Vec<f64> = (0..n).map(|i| (i as f64 - 700.5) * 1e-3).collect();
        let a = Array::from_slice(&data, &[n]).unwrap();
        in_pool(2, || {
            let want = reference::reduce(Reduction::Sum, &data).unwrap();
            assert_eq!(a.reduce(Reduction::Sum).unwrap().to_bits(), want.to_bits());
        });
        // Miri's element-wise granule is 256 bytes: several parts per type.
        elementwise(3 * 128 + 5, &[2]);
        axis_reductions([3, 2, 4], &[2]);
        return;
    }
    let threads = [1, 2, 3, 4, 7];
    for n in [0, 1, 100, 4095, 4096, 4097, 3 * 4096 + 5, 40_000, 100_005] {
        layouts::<f32>(n, &threads);
        layouts::<f64>(n, &threads);
    }
    unaligned_field(20_000, &threads);
    for n in [0, 1, 8191, 8192, 8193, 100_003] {
        conversions(n, &threads);
    }
    for n in [0, 1, 4095, 4096 * 3 + 5, 100_003] {
        elementwise(n, &threads);
    }
    for shape in [[0, 3, 4], [1, 1, 9], [5, 7, 3], [9, 64, 33]] {
        axis_reductions(shape, &threads);
    }
    for n in [0, 1, 4095, 3 * 4096 + 5, 100_003] {
        integer_reductions(n, &threads);
    }
    for n in [8 * 1000, 8 * 12_345 + 3] {
        window_and_movement(n, &threads);
    }
    // The defaults come back.
    parallel::set_threads(0);
    parallel::set_min_bytes(parallel::DEFAULT_MIN_BYTES);
    parallel::set_min_bytes_elementwise(parallel::DEFAULT_MIN_BYTES_ELEMENTWISE);
    assert!(parallel::threads() >= 1);
}
