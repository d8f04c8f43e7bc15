//! Differential tests for reductions: every reduction × every ISA this CPU
//! runs × the shared lengths (every length 0..=600, lengths around block
//! boundaries) × the shared layouts (misaligned starts, contiguous, strided
//! with positive and negative steps) × data sets (ordinary values, specials mixed in, NaN first / middle / last,
//! only zeros of both signs, huge and tiny magnitudes), bit-exact against
//! `reference` — including the sums, whose order the reference defines.

use stridekit_kernels::reference;
use stridekit_kernels::testkit::{
    element_layouts, isas_under_test, rotated_under_miri, rotated_when_thinned, same_bits,
    specials, thinned, values, with_rows_in_order, LaidOut, Layout, Lengths, Rng, Runner,
};
use stridekit_kernels::{
    arg_on, dot_on, kernels_for, reduce_on, ArgReduction, Float, KernelError, Partial, RawSrc,
    Reduction, Src, Strided,
};

/// The data sets for length `n`.
fn data_sets<T: Float>(n: usize, seed: u64) -> Vec<(&'static str, Vec<T>)> {
    let mut rng = Rng::new(seed);
    let mut ordinary = |scale: f64| -> Vec<T> {
        (0..n)
            .map(|_| T::from_f64((rng.unit() * 2.0 - 1.0) * scale))
            .collect()
    };
    let plain = ordinary(100.0);
    let mut sets = vec![
        ("ordinary", plain.clone()),
        ("huge", ordinary(1e30)),
        ("tiny", ordinary(1e-30)),
        ("specials", values::<T>(seed, n)),
        ("positive", plain.iter().map(|x| x.abs()).collect()),
    ];
    if n > 0 {
        for (name, at) in [("nan-first", 0), ("nan-middle", n / 2), ("nan-last", n - 1)] {
            let mut v = plain.clone();
            v[at] = T::NAN;
            sets.push((name, v));
        }
        let zeros: Vec<T> = (0..n)
            .map(|i| T::from_f64(if i % 3 == 0 { 0.0 } else { -0.0 }))
            .collect();
        sets.push(("zeros", zeros));
        sets.push(("neg-zeros", vec![T::from_f64(-0.0); n]));
        let mut inf = plain.clone();
        inf[n / 3] = T::INFINITY;
        sets.push(("inf", inf));
    }
    sets
}

/// The shared lengths, every length up to 600 (a pairwise block of the
/// widest f32 row is 128 elements: this reaches past four of them), and the
/// lengths around the 2048-element outer blocks. Miri adds lengths past one
/// and two of the scalar backend's 64-element blocks.
fn lengths() -> Vec<usize> {
    Lengths::standard()
        .dense_to(600)
        .and(&[
            2047, 2048, 2049, 4095, 4096, 4097, 8191, 8192, 12289, 40_000,
        ])
        .and_under_miri(&[7, 65, 130])
        .get()
}

/// The shared layouts a typed slice can take (a reduction has no broadcast input).
fn layouts() -> Vec<Layout> {
    element_layouts()
        .into_iter()
        .filter(|l| !l.is_broadcast())
        .collect()
}

fn run<T: Float>() {
    let mut runner = Runner::new(format!("reduce<{}>", T::RUST_NAME));
    let isas = runner.isas().to_vec();
    for (i, n) in lengths().into_iter().enumerate() {
        // Thinned (Miri, QEMU): two of the six layouts per length, rotating,
        // so the lengths together still take every layout.
        let layouts = rotated_when_thinned(&layouts(), i, 2);
        // Thinned: two of the data sets per length too, rotating.
        let sets = data_sets::<T>(n, n as u64 * 7 + 1);
        let keep = if thinned() { 2 } else { sets.len() };
        let step = sets.len().div_ceil(keep);
        let sets = sets
            .into_iter()
            .enumerate()
            .filter(|(k, _)| !thinned() || (k + i) % step == 0)
            .map(|(_, s)| s);
        for (set, data) in sets {
            for &layout in &layouts {
                let buf = LaidOut::with(layout, &data);
                let src = || buf.src(T::from_f64(0.0));
                // Every reduction and arg reduction, dot in two forms, per ISA.
                runner.count(
                    isas.len() as u64 * (Reduction::ALL.len() + ArgReduction::ALL.len() + 2) as u64,
                );
                let what =
                    |isa, op: &str| format!("{isa} {} {op} n={n} {set} {layout}", T::RUST_NAME);
                // Miri: three of the reductions and two of the arg forms per
                // length, rotating (their loops read memory alike).
                for op in rotated_under_miri(&Reduction::ALL, i, 3) {
                    let want = reference::reduce(op, &data);
                    for &isa in &isas {
                        match (reduce_on(Some(isa), op, src()), want) {
                            (Ok(got), Some(w)) => assert!(
                                same_bits(got, w),
                                "{}: got {got:?}, want {w:?}",
                                what(isa, op.name())
                            ),
                            (Err(KernelError::Empty { .. }), None) => {}
                            (got, w) => panic!("{}: got {got:?}, want {w:?}", what(isa, op.name())),
                        }
                    }
                }
                for op in rotated_under_miri(&ArgReduction::ALL, i, 2) {
                    let want = reference::arg(op, &data);
                    for &isa in &isas {
                        let got = arg_on(Some(isa), op, src());
                        match (got, want) {
                            (Ok(g), Some(w)) => assert_eq!(g, w, "{}", what(isa, op.name())),
                            (Err(KernelError::Empty { .. }), None) if n == 0 => {}
                            (Err(KernelError::AllNan { .. }), None) if n > 0 => {}
                            (g, w) => panic!("{}: got {g:?}, want {w:?}", what(isa, op.name())),
                        }
                    }
                }
                // dot against a second operand in every form.
                let other: Vec<T> = data
                    .iter()
                    .rev()
                    .map(|&x| x.mul(T::from_f64(0.75)))
                    .collect();
                let want = reference::dot(&data, &other);
                let k = T::from_f64(-1.5);
                let want_splat = reference::dot(&data, &vec![k; n]);
                for &isa in &isas {
                    let got = dot_on(Some(isa), src(), &other[..]).unwrap();
                    assert!(same_bits(got, want), "{}", what(isa, "dot"));
                    let got = dot_on(Some(isa), Src::Scalar(k), src()).unwrap();
                    assert!(
                        same_bits(got, want_splat),
                        "{}",
                        what(isa, "dot(scalar, x)")
                    );
                }
                buf.check_guards(&format!("{n} {set} {layout}"));
            }
        }
    }
}

#[test]
fn reductions_f32_match_reference_on_every_isa() {
    run::<f32>();
}

#[test]
fn reductions_f64_match_reference_on_every_isa() {
    run::<f64>();
}

/// Column reductions of a matrix: each column bit-identical to the 1-D
/// reduction of it, for every reduction and ISA, across block boundaries.
#[test]
fn fold_rows_matches_columnwise_reference() {
    let shapes: &[(usize, usize)] = if cfg!(miri) {
        &[(0, 3), (3, 0), (5, 9), (70, 3)]
    } else {
        &[
            (0, 5),
            (5, 0),
            (1, 1),
            (7, 13),
            (64, 8),
            (65, 17),
            (300, 33),
            (4097, 9),
            (2, 1100),
            (3, 4200),
            (9000, 3),
        ]
    };
    for &isa in &isas_under_test() {
        for &(rows, cols) in shapes {
            for pad in [0usize, 3] {
                let rs = cols + pad;
                let data = values::<f32>((rows * 31 + cols) as u64, rows * rs);
                let k = kernels_for::<f32>(isa).unwrap();
                // Miri: two of the reductions per shape and pad, rotating.
                // Both walks (Miri: one, alternating).
                let walks = rotated_under_miri(&[false, true], rows + cols + pad, 1);
                for (op, in_order) in rotated_under_miri(&Reduction::ALL, rows + pad, 2)
                    .into_iter()
                    .flat_map(|op| walks.iter().map(move |&w| (op, w)))
                {
                    let mut out = vec![0.0f32; cols];
                    // SAFETY: rows × cols elements at row stride rs fit `data`;
                    // `out` holds cols elements.
                    with_rows_in_order(in_order, || unsafe {
                        k.fold_rows_raw(
                            op,
                            rows,
                            cols,
                            data.as_ptr().cast(),
                            (rs * 4) as isize,
                            out.as_mut_ptr(),
                        )
                    });
                    for c in 0..cols {
                        let col: Vec<f32> = (0..rows).map(|r| data[r * rs + c]).collect();
                        let want = match reference::reduce(op, &col) {
                            Some(w) => w,
                            None => continue, // no identity: the caller errors first
                        };
                        assert!(
                            same_bits(out[c], want),
                            "{isa} {} {rows}x{cols} pad {pad} in order {in_order} column {c}: {:?} vs {want:?}",
                            op.name(),
                            out[c]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn reduction_errors() {
    let empty: [f32; 0] = [];
    assert_eq!(reduce_on(None, Reduction::Sum, &empty[..]), Ok(0.0));
    assert!(!stridekit_kernels::sum(&empty[..])
        .unwrap()
        .is_sign_negative());
    assert_eq!(
        stridekit_kernels::max(&empty[..]),
        Err(KernelError::Empty { op: "max" })
    );
    assert_eq!(
        stridekit_kernels::argmin(&empty[..]),
        Err(KernelError::Empty { op: "argmin" })
    );
    let nans = [f64::NAN; 3];
    assert_eq!(
        stridekit_kernels::nanargmax(&nans[..]),
        Err(KernelError::AllNan { op: "nanargmax" })
    );
    assert!(stridekit_kernels::nanmax(&nans[..]).unwrap().is_nan());
    assert_eq!(
        reduce_on(None, Reduction::Sum, Src::Scalar(1.0f32)),
        Err(KernelError::NoLength { operand: "x" })
    );
    assert!(matches!(
        dot_on(None, &[1.0f32, 2.0][..], &[1.0f32][..]),
        Err(KernelError::LengthMismatch { .. })
    ));
    assert!(stridekit_kernels::mean(&empty[..]).unwrap().is_nan());
    assert_eq!(stridekit_kernels::mean(&[1.0f32, 2.0, 6.0][..]), Ok(3.0));
    assert_eq!(stridekit_kernels::norm(&[3.0f64, 4.0][..]), Ok(5.0));
    // argmax: the first NaN wins; first occurrence of ties, with -0 == +0
    // (NumPy: argmax([-0., 0.]) == 0, argmin([0., -0.]) == 0).
    assert_eq!(
        stridekit_kernels::argmax(&[1.0f32, f32::NAN, 5.0, f32::NAN][..]),
        Ok(1)
    );
    assert_eq!(stridekit_kernels::argmax(&[-0.0f32, 0.0, 0.0][..]), Ok(0));
    assert_eq!(stridekit_kernels::argmin(&[0.0f32, -0.0][..]), Ok(0));
    // Across blocks: the first zero, even when a later block holds +0.
    let mut z = vec![-1.0f64; 5000];
    z[700] = -0.0;
    z[4000] = 0.0;
    assert_eq!(stridekit_kernels::argmax(&z[..]), Ok(700));
    assert_eq!(stridekit_kernels::argmin(&[3.0f32, 1.0, 1.0][..]), Ok(1));
    assert_eq!(
        stridekit_kernels::nanargmin(&[f32::NAN, 2.0, 1.0][..]),
        Ok(2)
    );
    let _ = specials::<f32>();
}

/// Integer sums are exact (wider accumulators) and min/max plain, on every
/// ISA, contiguous and strided, every length 0..=300 and around blocks.
#[test]
fn integer_reductions_are_exact_on_every_isa() {
    use stridekit_kernels::{int_max_on, int_min_on, int_sum_on};
    let mut lens: Vec<usize> = (0..=300).collect();
    if !cfg!(miri) {
        lens.extend([4095, 4096, 4097, 70_000]);
    } else {
        lens.truncate(20);
    }
    let mut rng = Rng::new(99);
    for &n in &lens {
        let a: Vec<i32> = (0..n)
            .map(|k| match k % 7 {
                0 => i32::MAX,
                1 => i32::MIN,
                _ => rng.next_u64() as i32,
            })
            .collect();
        let b: Vec<i64> = (0..n).map(|_| (rng.next_u64() as i64) >> 8).collect();
        let c: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
        for &isa in &isas_under_test() {
            let what = format!("{isa} n={n}");
            assert_eq!(
                int_sum_on(Some(isa), &a[..]),
                Ok(a.iter().map(|&v| v as i64).sum::<i64>()),
                "{what}"
            );
            assert_eq!(
                int_sum_on(Some(isa), &b[..]),
                Ok(b.iter().map(|&v| v as i128).sum::<i128>() as i64),
                "{what}"
            );
            assert_eq!(
                int_sum_on(Some(isa), &c[..]),
                Ok(c.iter().map(|&v| v as u64).sum::<u64>()),
                "{what}"
            );
            let empty_or = |v: Option<i32>| v.ok_or(KernelError::Empty { op: "max" });
            assert_eq!(
                int_max_on(Some(isa), &a[..]),
                empty_or(a.iter().copied().max()),
                "{what}"
            );
            assert_eq!(
                int_min_on(Some(isa), &b[..]).ok(),
                b.iter().copied().min(),
                "{what}"
            );
            assert_eq!(
                int_max_on(Some(isa), &c[..]).ok(),
                c.iter().copied().max(),
                "{what}"
            );
            if n > 2 {
                let every_other = Strided::from_slice(&a, 1, 2, (n - 1) / 2).unwrap();
                let want: i64 = a[1..]
                    .iter()
                    .step_by(2)
                    .take((n - 1) / 2)
                    .map(|&v| v as i64)
                    .sum();
                assert_eq!(
                    int_sum_on(Some(isa), every_other),
                    Ok(want),
                    "{what} strided"
                );
            }
        }
    }
    // An i64 sum that does not fit is an error, not a wrap.
    let big = [i64::MAX, 1];
    assert!(matches!(
        int_sum_on(None, &big[..]),
        Err(KernelError::Overflow { .. })
    ));
    assert_eq!(int_sum_on(None, &[i64::MAX, 1, -1][..]), Ok(i64::MAX));
}

/// Parts of an input reduced separately (as threads do) and joined give the
/// bits of one pass, on every ISA, for every split the rule allows.
fn parts_join_to_the_whole<T: Float>() {
    let b = stridekit_kernels::order::block_len::<T>();
    for n in [0, 1, b - 1, b, b + 1, 2 * b, 3 * b + 5, 8 * b, 13 * b + 77] {
        for (set, data) in data_sets::<T>(n, n as u64 + 3) {
            for &isa in &isas_under_test() {
                let k = kernels_for::<T>(isa).unwrap();
                for op in Reduction::ALL {
                    // SAFETY: `data` holds n readable elements.
                    let whole = unsafe { k.reduce_raw(op, n, RawSrc::Contig(data.as_ptr())) };
                    for blocks in [1, 2, 4] {
                        let mut joined = Partial::new(op);
                        for part in data.chunks(blocks * b) {
                            // SAFETY: `part` is a live slice.
                            let p = unsafe {
                                k.reduce_part_raw(op, part.len(), RawSrc::Contig(part.as_ptr()))
                            };
                            joined.append(&p);
                        }
                        assert_eq!(joined.len(), n);
                        let got = joined.finish();
                        assert!(
                            same_bits(got, whole),
                            "{isa} {} {} n={n} {set} parts of {blocks} blocks: {got:?} vs {whole:?}",
                            T::RUST_NAME,
                            op.name()
                        );
                    }
                }
            }
        }
    }
    // A split against the rule is refused.
    let x = vec![T::from_f64(1.0); 3 * b];
    let k = kernels_for::<T>(isas_under_test()[0]).unwrap();
    // SAFETY: `x` holds 3b readable elements.
    let (l, r) = unsafe {
        (
            k.reduce_part_raw(Reduction::Sum, b + 1, RawSrc::Contig(x.as_ptr())),
            k.reduce_part_raw(Reduction::Sum, b, RawSrc::Contig(x.as_ptr())),
        )
    };
    assert!(!l.can_append(&r));
    assert!(
        !Partial::<T>::new(Reduction::Max).can_append(&r),
        "different reductions"
    );
}

#[test]
#[cfg_attr(
    miri,
    ignore = "multi-block inputs; the threaded sums run under Miri in stridekit's tests"
)]
fn parts_join_to_the_whole_f32() {
    parts_join_to_the_whole::<f32>();
}

#[test]
#[cfg_attr(
    miri,
    ignore = "multi-block inputs; the threaded sums run under Miri in stridekit's tests"
)]
fn parts_join_to_the_whole_f64() {
    parts_join_to_the_whole::<f64>();
}
