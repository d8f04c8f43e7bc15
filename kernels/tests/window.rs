//! Window kernels on every ISA against the literal references
//! (`reference_window`): rolling min/max bit for bit; rolling sum/mean/var
//! within the stated bounds (documented in `window.rs`) and with NumPy's
//! NaN/inf semantics; every ISA bit-identical to every other; correlate /
//! convolve bit for bit in every mode and against the textbook definition.

use stridekit_kernels::reference_window as reference;
use stridekit_kernels::testkit::{isas_under_test, rotated_when_thinned, same_bits, Lengths, Rng};
use stridekit_kernels::{
    convolve_on, correlate_len, correlate_on, rolling_on, Float, KernelError, Mode, Rolling,
};

fn data<T: Float>(kind: &str, n: usize, seed: u64) -> Vec<T> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let u = rng.unit() * 2.0 - 1.0;
            T::from_f64(match kind {
                "ordinary" => u * 100.0,
                "offset" => 1e6 + u,
                "tiny" => u * 1e-39,
                _ => match rng.below(12) {
                    0 => f64::NAN,
                    1 => f64::INFINITY,
                    2 => f64::NEG_INFINITY,
                    3 => -0.0,
                    4 => 0.0,
                    _ => u * 10.0,
                },
            })
        })
        .collect()
}

/// Windows checked for each input length (under Miri, which checks memory
/// rather than arithmetic: the edges and a middle window past 5 elements;
/// thinned natively: six of them past 40 elements, rotating with the length).
fn window_lengths(n: usize) -> Vec<usize> {
    if cfg!(miri) && n > 5 {
        return vec![1, 2, n / 2 + 1, n - 1, n];
    }
    if n <= 40 {
        return (1..=n).collect();
    }
    let mut v = vec![
        1,
        2,
        3,
        4,
        5,
        7,
        8,
        9,
        16,
        31,
        32,
        33,
        63,
        64,
        65,
        n / 2,
        n / 3 + 1,
        n - 1,
        n,
    ];
    v.retain(|&w| w <= n);
    rotated_when_thinned(&v, n, 6)
}

/// The shared lengths, dense up to 300 (past two of the widest vector's
/// 128-element blocks plus a window); Miri adds one length past four
/// scalar blocks.
fn lengths() -> Vec<usize> {
    Lengths::standard()
        .dense_to(300)
        .and_under_miri(&[17])
        .get()
}

fn run<T: Float>(isa: stridekit_kernels::Isa, op: Rolling, x: &[T], w: usize) -> Vec<T> {
    let mut out = vec![T::from_f64(-7777.0); x.len() + 1 - w];
    rolling_on(Some(isa), op, x, w, &mut out).unwrap();
    out
}

fn check_rolling<T: Float>() {
    let u = if size_of::<T>() == 4 {
        2f64.powi(-24)
    } else {
        2f64.powi(-53)
    };
    let isas = isas_under_test();
    for n in lengths() {
        // Thinned (Miri, QEMU): two of the four kinds per length, rotating.
        for kind in rotated_when_thinned(&["ordinary", "offset", "tiny", "specials"], n, 2) {
            let x: Vec<T> = data(kind, n, n as u64 * 7 + kind.len() as u64);
            for w in window_lengths(n) {
                let ctx = |op: &str| format!("{op} {} n={n} w={w} {kind}", T::RUST_NAME);
                let sums = reference::rolling_sum_exact(&x, w);
                let max = reference::rolling_max(&x, w);
                let min = reference::rolling_min(&x, w);
                let mut first: Option<Vec<Vec<T>>> = None;
                for &isa in &isas {
                    let ops = [
                        Rolling::Sum,
                        Rolling::Mean,
                        Rolling::Min,
                        Rolling::Max,
                        Rolling::Var { ddof: 0 },
                        Rolling::Std { ddof: 0 },
                    ];
                    let got: Vec<Vec<T>> = ops.iter().map(|&op| run(isa, op, &x, w)).collect();
                    for (i, (naive, exact, abs)) in sums.iter().enumerate() {
                        for (k, scale) in [(0, 1.0), (1, w as f64)] {
                            let g = got[k][i];
                            if !naive.to_f64().is_finite() {
                                assert!(
                                    same_bits(g, naive.div(T::from_f64(scale))),
                                    "{} on {isa} at {i}: {g:?} vs {naive:?}",
                                    ctx("sum/mean")
                                );
                                continue;
                            }
                            let bound = (w as f64 * u * abs + u * exact.abs()) / scale
                                + u * (exact / scale).abs()
                                + T::min_subnormal().to_f64();
                            let err = (g.to_f64() - exact / scale).abs();
                            assert!(
                                err <= bound,
                                "{} on {isa} at {i}: {g:?} vs {exact} (err {err:e} > {bound:e})",
                                ctx("sum/mean")
                            );
                        }
                        assert!(
                            same_bits(got[2][i], min[i]),
                            "{} on {isa} at {i}",
                            ctx("min")
                        );
                        assert!(
                            same_bits(got[3][i], max[i]),
                            "{} on {isa} at {i}",
                            ctx("max")
                        );
                    }
                    let vars = reference::rolling_var_exact(&x, w, 0);
                    for (i, &(exact, range)) in vars.iter().enumerate() {
                        let g = got[4][i];
                        if exact.is_nan() {
                            assert!(g.is_nan(), "{} on {isa} at {i}: {g:?}", ctx("var"));
                        } else {
                            let bound =
                                8.0 * w as f64 * u * range * range + T::MIN_POSITIVE.to_f64();
                            let err = (g.to_f64() - exact).abs();
                            assert!(
                                err <= bound,
                                "{} on {isa} at {i}: {g:?} vs {exact} (err {err:e} > {bound:e})",
                                ctx("var")
                            );
                        }
                        assert!(
                            same_bits(got[5][i], got[4][i].sqrt()),
                            "{} on {isa}",
                            ctx("std = sqrt(var)")
                        );
                    }
                    // Every ISA gives the same bits.
                    match &first {
                        None => first = Some(got),
                        Some(f) => {
                            for (k, (a, b)) in f.iter().zip(&got).enumerate() {
                                let same = a.iter().zip(b).all(|(&p, &q)| same_bits(p, q));
                                assert!(
                                    same,
                                    "{} on {isa} differs from {}",
                                    ctx(ops[k].name()),
                                    isas[0]
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn rolling_reductions_match_the_literal_windows() {
    check_rolling::<f32>();
    check_rolling::<f64>();
}

/// A long line is computed in chunks that start at multiples of the window
/// (and on threads, the array layer cuts it there too): every run of its
/// outputs starting at a multiple of `w` has the bits of the rolling
/// reduction of just that run's inputs.
#[test]
#[cfg_attr(miri, ignore = "lines past the kernel's chunk are too long for Miri")]
fn long_lines_have_the_bits_of_their_block_aligned_pieces() {
    let n = 70_001;
    let x: Vec<f64> = data("ordinary", n, 99);
    let mut rng = Rng::new(5);
    for isa in isas_under_test() {
        for w in [1, 3, 64, 1000, 16_385] {
            for op in [Rolling::Sum, Rolling::Max, Rolling::Var { ddof: 1 }] {
                if w == 1 && op != Rolling::Sum {
                    continue;
                }
                let whole = run(isa, op, &x, w);
                for _ in 0..4 {
                    let s = rng.below((n - w) / w + 1) * w;
                    let k = (1 + rng.below(3000)).min(n - w + 1 - s);
                    let piece = run(isa, op, &x[s..s + k + w - 1], w);
                    let same = piece
                        .iter()
                        .zip(&whole[s..])
                        .all(|(&p, &q)| same_bits(p, q));
                    assert!(
                        same,
                        "{} on {isa} w={w}: outputs {s}..{} differ",
                        op.name(),
                        s + k
                    );
                }
            }
        }
    }
}

#[test]
fn rolling_var_with_ddof_and_offset_data_stays_accurate() {
    // 1e6 + noise in f32: the running mean would be quantised to 1/16; the
    // shifted scans keep the variance of the noise.
    let n = if cfg!(miri) { 40 } else { 5000 };
    let x: Vec<f32> = data("offset", n, 3);
    for isa in isas_under_test() {
        for (w, ddof) in [(2, 1), (16, 1), (17, 0), (20, 3)] {
            if w > n {
                continue;
            }
            let mut out = vec![0f32; n - w + 1];
            rolling_on(Some(isa), Rolling::Var { ddof }, &x, w, &mut out).unwrap();
            for (i, (exact, _)) in reference::rolling_var_exact(&x, w, ddof)
                .into_iter()
                .enumerate()
            {
                let rel = (out[i] as f64 - exact).abs() / exact.max(1e-3);
                assert!(
                    rel < 5e-3,
                    "{isa} w={w} ddof={ddof} at {i}: {} vs {exact}",
                    out[i]
                );
            }
        }
    }
}

#[test]
fn rolling_errors() {
    let x = [1.0f64, 2.0, 3.0];
    let mut out = [0.0f64; 3];
    for isa in isas_under_test() {
        assert_eq!(
            rolling_on(Some(isa), Rolling::Sum, &x, 4, &mut out[..0]),
            Err(KernelError::Window {
                op: "rolling_sum",
                window: 4,
                len: 3
            })
        );
        assert_eq!(
            rolling_on(Some(isa), Rolling::Max, &x, 0, &mut out),
            Err(KernelError::Window {
                op: "rolling_max",
                window: 0,
                len: 3
            })
        );
        assert_eq!(
            rolling_on(Some(isa), Rolling::Var { ddof: 2 }, &x, 2, &mut out[..2]),
            Err(KernelError::Ddof {
                op: "rolling_var",
                ddof: 2,
                window: 2
            })
        );
        assert!(matches!(
            rolling_on(Some(isa), Rolling::Mean, &x, 2, &mut out),
            Err(KernelError::LengthMismatch { .. })
        ));
    }
}

const MODES: [Mode; 3] = [Mode::Valid, Mode::Same, Mode::Full];

fn check_correlate<T: Float>(na: usize, nv: usize, seed: u64) {
    let mut rng = Rng::new(seed);
    let kind = if rng.below(4) == 0 {
        "specials"
    } else {
        "ordinary"
    };
    let a: Vec<T> = data(kind, na, seed);
    let v: Vec<T> = data("ordinary", nv, seed + 1);
    for isa in isas_under_test() {
        for mode in MODES {
            let len = correlate_len(mode, na, nv).unwrap();
            let mut out = vec![T::from_f64(-7777.0); len];
            correlate_on(Some(isa), &a, &v, mode, &mut out).unwrap();
            let want = reference::correlate(&a, &v, mode);
            let ctx = format!(
                "correlate {} na={na} nv={nv} {mode:?} on {isa}",
                T::RUST_NAME
            );
            assert_eq!(out.len(), want.len(), "{ctx}");
            if let Some(i) = (0..len).find(|&i| !same_bits(out[i], want[i])) {
                panic!("{ctx}: output {i}: {:?} vs {:?}", out[i], want[i]);
            }
            convolve_on(Some(isa), &a, &v, mode, &mut out).unwrap();
            let want = reference::convolve(&a, &v, mode);
            if let Some(i) = (0..len).find(|&i| !same_bits(out[i], want[i])) {
                panic!("convolve {ctx}: output {i}: {:?} vs {:?}", out[i], want[i]);
            }
        }
    }
}

#[test]
fn correlate_and_convolve_match_the_reference_bit_for_bit() {
    let small = if cfg!(miri) { 6 } else { 24 };
    for na in 1..=small {
        for nv in 1..=small {
            check_correlate::<f32>(na, nv, (na * 100 + nv) as u64);
            check_correlate::<f64>(nv, na, (na * 100 + nv) as u64);
        }
    }
    if !cfg!(miri) {
        for (na, nv) in [
            (300, 3),
            (1000, 64),
            (64, 1000),
            (777, 129),
            (5000, 2100),
            (2100, 2100),
            (4099, 1),
        ] {
            check_correlate::<f32>(na, nv, na as u64);
            check_correlate::<f64>(na, nv, nv as u64);
        }
    }
}

/// The modes against NumPy's documented definition of convolution,
/// `full[k] = Σₘ a[m]·v[k − m]`, `same` = the middle `max(M, N)` of it,
/// `valid` = the `max − min + 1` outputs with full overlap — on small
/// integers, where every sum is exact in any order.
#[test]
fn modes_follow_numpys_definitions() {
    let mut rng = Rng::new(9);
    for _ in 0..if cfg!(miri) { 5 } else { 400 } {
        let (na, nv) = (1 + rng.below(12), 1 + rng.below(12));
        let a: Vec<f64> = (0..na).map(|_| rng.below(17) as f64 - 8.0).collect();
        let v: Vec<f64> = (0..nv).map(|_| rng.below(17) as f64 - 8.0).collect();
        let full: Vec<f64> = (0..na + nv - 1)
            .map(|k| {
                (0..na)
                    .filter(|&m| k >= m && k - m < nv)
                    .map(|m| a[m] * v[k - m])
                    .sum()
            })
            .collect();
        let (long, short) = (na.max(nv), na.min(nv));
        let same_start = (short - 1) - short / 2;
        let expect = [
            (Mode::Full, full.clone()),
            (Mode::Same, full[same_start..same_start + long].to_vec()),
            (Mode::Valid, full[short - 1..long].to_vec()),
        ];
        for (mode, want) in expect {
            let mut out = vec![0.0; correlate_len(mode, na, nv).unwrap()];
            for isa in isas_under_test() {
                convolve_on(Some(isa), &a, &v, mode, &mut out).unwrap();
                assert_eq!(out, want, "convolve {mode:?} {a:?} {v:?}");
                // NumPy: convolve(a, v) = correlate(a, v[::-1]) when a is the longer.
                let rv: Vec<f64> = v.iter().rev().copied().collect();
                let mut c = vec![0.0; out.len()];
                correlate_on(Some(isa), &a, &rv, mode, &mut c).unwrap();
                if na >= nv {
                    assert_eq!(c, out, "correlate {mode:?}");
                }
            }
        }
    }
}

#[test]
fn correlate_errors() {
    let mut out = [0.0f32; 4];
    assert_eq!(
        correlate_len(Mode::Full, 0, 3),
        Err(KernelError::EmptyInput {
            op: "correlate",
            operand: "a"
        })
    );
    assert!(matches!(
        correlate_on(
            Some(stridekit_kernels::Isa::Scalar),
            &[1.0f32, 2.0],
            &[1.0],
            Mode::Full,
            &mut out
        ),
        Err(KernelError::LengthMismatch { .. })
    ));
}
