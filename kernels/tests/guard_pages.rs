//! Every kernel family with its operands flush against a `PROT_NONE` page
//! (after the last element, and before the first): one byte read or written
//! outside an operand faults and fails the test binary, naming nothing less
//! than a bug. Lengths around every lane count and block size, every ISA this
//! CPU runs. (The differential tests prove the values; these prove the reach.)

use stridekit_kernels::testkit::{isas_under_test, values, Guarded, Lengths};
use stridekit_kernels::{
    arith_binary_on, arith_unary_on, binary_on, byteswap_on, compare_on, convert_on, correlate_len,
    correlate_on, count_nonzero_on, extract_on, int_argmax_on, int_binary_on, int_prod_on,
    int_sum_on, int_unary_on, reduce_on, rolling_len, rolling_on, select_on, ternary_on, unary_on,
    BinaryOp, Compare, Dst, Float, IntBinary, IntElement, IntUnary, Mode, Reduction, Rolling, Src,
    Strided, TernaryOp, UnaryOp,
};
use stridekit_kernels::{reference, testkit::assert_bits_eq};

/// The shared lengths; Miri adds two whole scalar blocks.
fn lengths() -> Vec<usize> {
    Lengths::standard().and_under_miri(&[8]).get()
}

/// Both placements of one operand.
fn placements<T: Copy>(data: &[T]) -> [Guarded<T>; 2] {
    [Guarded::after(data), Guarded::before(data)]
}

fn elementwise<T: Float>() {
    for isa in isas_under_test() {
        for n in lengths() {
            let a = values::<T>(n as u64, n);
            let b = values::<T>(n as u64 + 7, n);
            for (ga, gb) in placements(&a).iter().zip(placements(&b).iter()) {
                for mut out in placements(&vec![T::default(); n]) {
                    let isa = Some(isa);
                    for op in BinaryOp::ALL {
                        let (x, y) = (Src::Slice(ga.as_slice()), Src::Slice(gb.as_slice()));
                        binary_on(isa, op, x, y, Dst::Slice(out.as_mut_slice())).unwrap();
                    }
                    for op in UnaryOp::ALL {
                        unary_on(
                            isa,
                            op,
                            Src::Slice(ga.as_slice()),
                            Dst::Slice(out.as_mut_slice()),
                        )
                        .unwrap();
                    }
                    let (x, y) = (Src::Slice(ga.as_slice()), Src::Slice(gb.as_slice()));
                    ternary_on(
                        isa,
                        TernaryOp::MulAdd,
                        x,
                        y,
                        Src::Out,
                        Dst::Slice(out.as_mut_slice()),
                    )
                    .unwrap();
                }
            }
        }
    }
}

fn reductions<T: Float>() {
    for isa in isas_under_test() {
        for n in lengths() {
            let a = values::<T>(n as u64 + 3, n);
            for g in placements(&a) {
                for op in Reduction::ALL {
                    let r = reduce_on(Some(isa), op, g.as_slice());
                    assert!(r.is_ok() || n == 0, "{isa} {} n={n}", op.name());
                }
            }
        }
    }
}

fn windows<T: Float>() {
    for isa in isas_under_test() {
        // Every window of every length is costly (a guard-page mapping each):
        // the lane tails up to 130, then the lengths around 64-element blocks.
        let lengths = lengths().into_iter();
        for n in lengths.filter(|&n| n <= 130 || (n <= 300 && matches!(n % 64, 0 | 1 | 63))) {
            let x = values::<T>(n as u64 + 11, n);
            for gx in placements(&x) {
                for w in (1..=n.min(20)).chain([n / 2, n].into_iter().filter(|&w| w > 20)) {
                    for op in [
                        Rolling::Sum,
                        Rolling::Min,
                        Rolling::Max,
                        Rolling::Var { ddof: 0 },
                    ] {
                        let m = rolling_len(op, n, w).unwrap();
                        for mut out in placements(&vec![T::default(); m]) {
                            rolling_on(Some(isa), op, gx.as_slice(), w, out.as_mut_slice())
                                .unwrap();
                        }
                    }
                    let h = values::<T>(w as u64, w);
                    for gh in placements(&h) {
                        for mode in [Mode::Full, Mode::Same, Mode::Valid] {
                            let m = correlate_len(mode, n, w).unwrap();
                            let mut out = Guarded::after(&vec![T::default(); m]);
                            correlate_on(
                                Some(isa),
                                gx.as_slice(),
                                gh.as_slice(),
                                mode,
                                out.as_mut_slice(),
                            )
                            .unwrap();
                        }
                    }
                }
            }
        }
    }
}

fn movement() {
    for isa in isas_under_test() {
        for n in lengths() {
            let a = values::<f64>(n as u64 + 5, n);
            for g in placements(&a) {
                for mut out in placements(&vec![0.0f64; n]) {
                    byteswap_on(Some(isa), g.as_slice(), out.as_mut_slice()).unwrap();
                }
                for mut out in placements(&vec![0.0f32; n]) {
                    convert_on(Some(isa), g.as_slice(), out.as_mut_slice()).unwrap();
                }
                for mut out in placements(&vec![half::f16::ZERO; n]) {
                    convert_on(Some(isa), g.as_slice(), out.as_mut_slice()).unwrap();
                }
            }
        }
    }
}

fn integers<T: IntElement + TryFrom<u8>>() {
    for isa in isas_under_test() {
        let isa = Some(isa);
        for n in lengths() {
            let a: Vec<T> = (0..n)
                .map(|i| T::try_from((i % 9) as u8 + 1).ok().unwrap())
                .collect();
            for (ga, gb) in placements(&a).iter().zip(placements(&a).iter().rev()) {
                for mut out in placements(&vec![T::ZERO; n]) {
                    for op in IntBinary::ALL {
                        int_binary_on(isa, op, ga.as_slice(), gb.as_slice(), out.as_mut_slice())
                            .unwrap();
                    }
                    for op in IntUnary::ALL {
                        int_unary_on(isa, op, ga.as_slice(), out.as_mut_slice()).unwrap();
                    }
                }
                int_sum_on(isa, ga.as_slice()).unwrap();
                int_prod_on(isa, ga.as_slice()).ok();
                if n > 0 {
                    int_argmax_on(isa, ga.as_slice()).unwrap();
                }
            }
        }
    }
}

fn masks() {
    for isa in isas_under_test() {
        let isa = Some(isa);
        for n in lengths() {
            let a = values::<f32>(n as u64 + 3, n);
            let m: Vec<u8> = (0..n).map(|i| u8::from(i % 3 == 0)).collect();
            for (ga, gm) in placements(&a).iter().zip(placements(&m).iter()) {
                for mut out in placements(&vec![0u8; n]) {
                    compare_on(
                        isa,
                        Compare::Less,
                        ga.as_slice(),
                        ga.as_slice(),
                        out.as_mut_slice(),
                    )
                    .unwrap();
                }
                for mut out in placements(&vec![0.0f32; n]) {
                    select_on(
                        isa,
                        gm.as_slice(),
                        ga.as_slice(),
                        ga.as_slice(),
                        out.as_mut_slice(),
                    )
                    .unwrap();
                }
                let wide: Vec<f64> = a.iter().map(|&x| f64::from(x)).collect();
                for gw in placements(&wide) {
                    for mut out in placements(&vec![0u8; n]) {
                        let w = gw.as_slice();
                        compare_on(isa, Compare::NotEqual, w, w, out.as_mut_slice()).unwrap();
                    }
                }
                count_nonzero_on(isa, gm.as_slice()).unwrap();
                extract_on(isa, gm.as_slice(), ga.as_slice()).unwrap();
            }
        }
    }
}

/// Half floats: chunks widened to `f32`, computed, rounded back.
fn halves() {
    for isa in isas_under_test() {
        for n in lengths() {
            let a: Vec<half::f16> = values::<f32>(n as u64 + 5, n)
                .into_iter()
                .map(half::f16::from_f32)
                .collect();
            for ga in placements(&a) {
                for mut out in placements(&vec![half::f16::ZERO; n]) {
                    let (x, y) = (Src::Slice(ga.as_slice()), Src::Slice(ga.as_slice()));
                    let o = Dst::Slice(out.as_mut_slice());
                    arith_binary_on(Some(isa), BinaryOp::Div, x, y, o).unwrap();
                    let o = Dst::Slice(out.as_mut_slice());
                    arith_unary_on(Some(isa), UnaryOp::Sqrt, Src::Slice(ga.as_slice()), o).unwrap();
                }
            }
        }
    }
}

#[test]
fn half_float_kernels_stay_inside_their_operands() {
    halves();
}

#[test]
fn integer_kernels_stay_inside_their_operands() {
    integers::<i8>();
    integers::<u16>();
    integers::<i64>();
}

#[test]
fn mask_kernels_stay_inside_their_operands() {
    masks();
}

#[test]
fn elementwise_kernels_stay_inside_their_operands() {
    elementwise::<f32>();
    elementwise::<f64>();
}

/// Strided inputs at the small element steps (the backends' load-and-permute
/// forms for -1, 2, 3, 4, and their neighbours that take scalar loads),
/// with the run's first and last element flush against a guard page, must
/// read only their own elements and give the reference's bits.
fn small_steps<T: Float>() {
    let steps: &[isize] = if cfg!(miri) {
        &[-1, 2]
    } else {
        &[-4, -3, -2, -1, 2, 3, 4, 5]
    };
    for isa in isas_under_test() {
        for n in lengths() {
            let b = values::<T>(n as u64 + 3, n);
            for &step in steps {
                let span = n.saturating_sub(1) * step.unsigned_abs() + usize::from(n > 0);
                let data = values::<T>(n as u64 * 31 + step.unsigned_abs() as u64, span);
                let start = if step < 0 { span.saturating_sub(1) } else { 0 };
                let logical: Vec<T> = (0..n)
                    .map(|i| data[(start as isize + i as isize * step) as usize])
                    .collect();
                for a in placements(&data) {
                    let context = format!("{isa:?} step {step} n {n} guard {}", a.is_guarded());
                    let src = || Strided::from_slice(a.as_slice(), start, step, n).unwrap();
                    let mut out = vec![T::default(); n];
                    let (x, y) = (Src::Strided(src()), Src::Slice(&b[..]));
                    binary_on(Some(isa), BinaryOp::Add, x, y, Dst::Slice(&mut out)).unwrap();
                    let want: Vec<T> = (0..n)
                        .map(|i| reference::binary(BinaryOp::Add, logical[i], b[i]))
                        .collect();
                    assert_bits_eq(&out, &want, &format!("add, {context}"));
                    let x = Src::Strided(src());
                    unary_on(Some(isa), UnaryOp::Neg, x, Dst::Slice(&mut out)).unwrap();
                    let want: Vec<T> = logical
                        .iter()
                        .map(|&v| reference::unary(UnaryOp::Neg, v))
                        .collect();
                    assert_bits_eq(&out, &want, &format!("neg, {context}"));
                }
            }
        }
    }
}

#[test]
fn small_strides_stay_inside_their_operands_and_match_the_reference() {
    small_steps::<f32>();
    small_steps::<f64>();
}

#[test]
fn reductions_stay_inside_their_input() {
    reductions::<f32>();
    reductions::<f64>();
}

#[test]
fn window_kernels_stay_inside_their_operands() {
    windows::<f32>();
    windows::<f64>();
}

#[test]
fn data_movement_stays_inside_its_operands() {
    movement();
}

#[test]
fn the_guard_pages_are_real() {
    let g = Guarded::after(&[1.0f64; 3]);
    assert!(
        g.is_guarded() || cfg!(miri),
        "guard pages must protect natively"
    );
    assert_eq!(g.as_slice(), &[1.0; 3]);
}
