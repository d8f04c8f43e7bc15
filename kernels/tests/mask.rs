//! The mask family on every ISA under test against its one-element oracle
//! (`reference_mask`): every length of `Lengths::standard()`, operands in
//! the shared layouts (contiguous at odd offsets and bytes, broadcast,
//! steps 2, −1, −2, −3, an odd byte stride) inside guard-byte buffers, and
//! the edge values (NaN of both signs, ±0, ±inf, the smallest normal and
//! subnormal, ties). Layout triples rotate with the length, so every pair of
//! layouts meets many lengths; contiguous operands meet every length.

use bytemuck::Pod;
use stridekit_kernels::testkit::{layout_triple, LaidOut, Lengths, Rng, Runner, LAYOUTS};
use stridekit_kernels::{
    classify_raw, compare_raw, count_nonzero_raw, extract_raw, logical_raw, putmask_raw,
    reference_mask, select_raw, Classify, Compare, Float, Logic,
};

/// Float data: edge values and small integers (so ties are common).
fn floats<T: Float>(seed: u64, n: usize) -> Vec<T> {
    let mut rng = Rng::new(seed);
    let special = [
        T::NAN,
        T::NAN.neg(),
        T::INFINITY,
        T::INFINITY.neg(),
        T::NEG_ZERO,
        T::from_f64(0.0),
        T::MIN_POSITIVE,
        T::min_subnormal(),
        T::MAX,
    ];
    (0..n)
        .map(|_| match rng.below(4) {
            0 => special[rng.below(special.len())],
            _ => T::from_f64(rng.below(5) as f64 - 2.0),
        })
        .collect()
}

/// Mask bytes: 0, 1 and other non-zero values (all true).
fn mask_bytes(seed: u64, n: usize) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| match rng.below(5) {
            0 | 1 => 0,
            2 => 255,
            _ => 1,
        })
        .collect()
}

fn lengths() -> Vec<usize> {
    Lengths::standard()
        .and(&[511, 512, 513, 1000])
        .and_under_miri(&[257])
        .get()
}

/// The layout triples a length gets: five natively (the first all
/// contiguous); under Miri one, contiguous for even lengths and a rotating
/// strided triple for odd ones.
fn triples(n: usize) -> Vec<usize> {
    if cfg!(miri) {
        vec![if n.is_multiple_of(2) { 0 } else { 1 + n % 4 }]
    } else {
        (0..5).collect()
    }
}

fn check_compare<T: Float>() {
    let mut runner = Runner::new(format!("mask compare/classify<{}>", T::RUST_NAME));
    let size = std::mem::size_of::<T>();
    for isa in runner.isas().to_vec() {
        for &n in &lengths() {
            for k in triples(n) {
                let [la, lb, lo] = layout_triple(n, k);
                let xa = LaidOut::with(la, &floats::<T>(n as u64 * 7 + k as u64, n));
                let xb = LaidOut::with(lb, &floats::<T>(n as u64 * 11 + k as u64 + 1, n));
                let (a, b): (Vec<T>, Vec<T>) = (xa.read(), xb.read());
                let (mut xa, mut xb) = (xa, xb);
                let (pa, sa, pb, sb) = (xa.ptr(), xa.stride(), xb.ptr(), xb.stride());
                let _ = size;
                for op in Compare::ALL {
                    runner.count(1);
                    let mut out = LaidOut::new(lo, n, 1);
                    let (po, so) = (out.ptr(), out.stride());
                    // SAFETY: every run lies inside its own buffer.
                    unsafe { compare_raw::<T>(isa, op, n, pa, sa, pb, sb, po, so) };
                    let want: Vec<u8> = a
                        .iter()
                        .zip(&b)
                        .map(|(&x, &y)| u8::from(reference_mask::compare(op, x, y)))
                        .collect();
                    let ctx = format!(
                        "{isa} {}<{}> n={n} {la} {lb} -> {lo}",
                        op.name(),
                        T::RUST_NAME
                    );
                    assert_eq!(out.read::<u8>(), want, "{ctx}");
                    out.check_guards(&ctx);
                }
                for op in Classify::ALL {
                    runner.count(1);
                    let mut out = LaidOut::new(lo, n, 1);
                    let (po, so) = (out.ptr(), out.stride());
                    // SAFETY: as above.
                    unsafe { classify_raw::<T>(isa, op, n, pa, sa, po, so) };
                    let want: Vec<u8> = a
                        .iter()
                        .map(|&x| u8::from(reference_mask::classify(op, x)))
                        .collect();
                    let ctx = format!("{isa} {}<{}> n={n} {la} -> {lo}", op.name(), T::RUST_NAME);
                    assert_eq!(out.read::<u8>(), want, "{ctx}");
                    out.check_guards(&ctx);
                }
            }
        }
    }
}

#[test]
fn comparisons_and_classes_match_the_oracle_f32() {
    check_compare::<f32>();
}

#[test]
fn comparisons_and_classes_match_the_oracle_f64() {
    check_compare::<f64>();
}

#[test]
fn logic_and_counts_match_the_oracle() {
    let mut runner = Runner::new("mask logic/count");
    for isa in runner.isas().to_vec() {
        for &n in &lengths() {
            for k in triples(n) {
                let [la, lb, lo] = layout_triple(n, k);
                let (mut xa, mut xb) = (
                    LaidOut::with(la, &mask_bytes(n as u64 + 3 * k as u64, n)),
                    LaidOut::with(lb, &mask_bytes(n as u64 * 5 + k as u64, n)),
                );
                let (a, b): (Vec<u8>, Vec<u8>) = (xa.read(), xb.read());
                let (pa, sa, pb, sb) = (xa.ptr(), xa.stride(), xb.ptr(), xb.stride());
                for op in Logic::ALL {
                    runner.count(1);
                    let mut out = LaidOut::new(lo, n, 1);
                    let (po, so) = (out.ptr(), out.stride());
                    // SAFETY: every run lies inside its own buffer.
                    unsafe { logical_raw(isa, op, n, pa, sa, pb, sb, po, so) };
                    let want: Vec<u8> = a
                        .iter()
                        .zip(&b)
                        .map(|(&x, &y)| {
                            let (x, y) = (x != 0, y != 0);
                            u8::from(match op {
                                Logic::And => x && y,
                                Logic::Or => x || y,
                                Logic::Xor => x != y,
                                Logic::Not => !x,
                            })
                        })
                        .collect();
                    let ctx = format!("{isa} {op:?} n={n} {la} {lb} -> {lo}");
                    assert_eq!(out.read::<u8>(), want, "{ctx}");
                    out.check_guards(&ctx);
                }
                runner.count(1);
                // SAFETY: as above.
                let got = unsafe { count_nonzero_raw(isa, n, pa, sa) };
                assert_eq!(
                    got,
                    a.iter().filter(|&&x| x != 0).count(),
                    "{isa} count n={n} {la}"
                );
            }
        }
    }
}

fn check_select<T: Pod + PartialEq + std::fmt::Debug>(
    make: impl Fn(u64, usize) -> Vec<T>,
    name: &str,
) {
    let mut runner = Runner::new(format!("mask select/putmask/extract<{name}>"));
    let size = std::mem::size_of::<T>();
    for isa in runner.isas().to_vec() {
        for &n in &lengths() {
            for k in triples(n) {
                let [la, lb, lo] = layout_triple(n, k);
                let lm = LAYOUTS[(7 * n + k) % LAYOUTS.len()];
                let lm = if k == 0 { LAYOUTS[0] } else { lm };
                let mut xm = LaidOut::with(lm, &mask_bytes(n as u64 * 13 + k as u64, n));
                let mut xa = LaidOut::with(la, &make(n as u64 * 17 + k as u64, n));
                let mut xb = LaidOut::with(lb, &make(n as u64 * 19 + k as u64, n));
                let (m, a, b): (Vec<u8>, Vec<T>, Vec<T>) = (xm.read(), xa.read(), xb.read());
                let (pm, sm) = (xm.ptr(), xm.stride());
                let (pa, sa, pb, sb) = (xa.ptr(), xa.stride(), xb.ptr(), xb.stride());
                let ctx = format!("{isa} <{name}> n={n} mask {lm}, a {la}, b {lb}, out {lo}");

                runner.count(3);
                let mut out = LaidOut::new(lo, n, size);
                let (po, so) = (out.ptr(), out.stride());
                // SAFETY: every run lies inside its own buffer.
                unsafe { select_raw::<T>(isa, n, pm, sm, pa, sa, pb, sb, po, so) };
                let want: Vec<T> = (0..n)
                    .map(|i| if m[i] != 0 { a[i] } else { b[i] })
                    .collect();
                assert_eq!(out.read::<T>(), want, "select {ctx}");
                out.check_guards(&ctx);

                let value = make(99, 1)[0];
                let mut out = LaidOut::with(lo, &b);
                let (po, so) = (out.ptr(), out.stride());
                // SAFETY: as above.
                unsafe { putmask_raw::<T>(isa, n, pm, sm, value, po, so) };
                let want: Vec<T> = (0..n)
                    .map(|i| if m[i] != 0 { value } else { b[i] })
                    .collect();
                assert_eq!(out.read::<T>(), want, "putmask {ctx}");
                out.check_guards(&ctx);

                let want: Vec<T> = (0..n).filter(|&i| m[i] != 0).map(|i| a[i]).collect();
                let mut out = LaidOut::new(LAYOUTS[0], want.len(), size);
                let po = out.ptr().cast::<T>();
                // SAFETY: `out` holds exactly `want.len()` elements.
                let written = unsafe { extract_raw::<T>(isa, n, pm, sm, pa, sa, po, want.len()) };
                assert_eq!(written, want.len(), "extract count {ctx}");
                assert_eq!(out.read::<T>(), want, "extract {ctx}");
                out.check_guards(&ctx);
            }
        }
    }
}

#[test]
fn select_putmask_and_extract_match_the_oracle() {
    check_select::<f32>(
        |s, n| {
            floats::<f32>(s, n)
                .iter()
                .map(|x| if x.is_nan() { 7.0 } else { *x })
                .collect()
        },
        "f32",
    );
    check_select::<f64>(
        |s, n| {
            floats::<f64>(s, n)
                .iter()
                .map(|x| if x.is_nan() { 7.0 } else { *x })
                .collect()
        },
        "f64",
    );
    check_select::<i16>(
        |s, n| {
            mask_bytes(s, n)
                .iter()
                .map(|&x| i16::from(x) - 100)
                .collect()
        },
        "i16",
    );
    check_select::<u8>(mask_bytes, "u8");
}
