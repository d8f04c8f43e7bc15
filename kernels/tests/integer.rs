//! The integer family on every ISA under test against its oracle
//! (`reference_int`, wide arithmetic then truncation): all eight types,
//! every operation, every length of `Lengths::standard()`, operands in the
//! shared layouts (contiguous at odd offsets and bytes, broadcast, steps 2,
//! −1, −2, −3, an odd byte stride) inside guard-byte buffers, the in-place
//! forms, and the edge values (`MIN`, `MAX`, `-1`, `0`, `1`, every shift
//! count from −1 to `BITS + 1`).

use std::mem::size_of;
use stridekit_kernels::testkit::{layout_triple, LaidOut, Lengths, Rng, Runner};
use stridekit_kernels::{
    clip_raw, int_argmax_on, int_argmin_on, int_binary_raw, int_extreme_raw, int_max_on,
    int_min_on, int_prod_raw, int_sum_on, int_sum_raw, int_unary_raw, reference_int, IntBinary,
    IntElement, IntUnary, KernelError, Strided,
};

/// Edge values and small numbers (shift counts, ties, divisors ±1 and 0).
fn ints<T: IntElement + TryFrom<i128> + Into<i128>>(seed: u64, n: usize) -> Vec<T> {
    let mut rng = Rng::new(seed);
    let wide = |v: i128| T::try_from(v).unwrap_or(T::ZERO);
    (0..n)
        .map(|_| match rng.below(6) {
            0 => [T::MIN, T::MAX, wide(-1), wide(1), T::ZERO][rng.below(5)],
            1 => wide(rng.below(T::BITS as usize + 3) as i128 - 1),
            2 => wide(T::MIN.into() + rng.below(3) as i128),
            3 => {
                let bytes = rng.next_u64().to_le_bytes();
                let mut v = T::ZERO;
                bytemuck::bytes_of_mut(&mut v).copy_from_slice(&bytes[..size_of::<T>()]);
                v
            }
            _ => wide(rng.below(9) as i128 - 4),
        })
        .collect()
}

fn lengths() -> Vec<usize> {
    Lengths::standard().and(&[511, 512, 513, 1000]).get()
}

/// Layout triples per length (fewer under Miri).
const TRIPLES: usize = if cfg!(miri) { 1 } else { 4 };

fn check<T: IntElement + TryFrom<i128> + Into<i128>>() {
    let mut runner = Runner::new(format!("integer ops<{}>", T::RUST_NAME));
    let size = size_of::<T>();
    let ops: Vec<IntBinary> = if cfg!(miri) {
        // Miri: one op per behaviour class (wrapping arithmetic, division,
        // shifts), the rest are the same loop.
        vec![
            IntBinary::Mul,
            IntBinary::FloorDivide,
            IntBinary::RightShift,
        ]
    } else {
        IntBinary::ALL.to_vec()
    };
    for isa in runner.isas().to_vec() {
        for &n in &lengths() {
            for k in 0..TRIPLES {
                let [la, lb, lo] = layout_triple(n, k);
                let seed = n as u64 * 31 + k as u64 + size as u64;
                let (mut xa, mut xb) = (
                    LaidOut::with(la, &ints::<T>(seed, n)),
                    LaidOut::with(lb, &ints::<T>(seed ^ 0x5bd1, n)),
                );
                let (a, b): (Vec<T>, Vec<T>) = (xa.read(), xb.read());
                let (pa, sa, pb, sb) = (xa.ptr(), xa.stride(), xb.ptr(), xb.stride());
                for &op in &ops {
                    runner.count(1);
                    let ctx = format!(
                        "{isa} {}<{}> n={n} {la} {lb} -> {lo}",
                        op.name(),
                        T::RUST_NAME
                    );
                    let want: Vec<T> = a
                        .iter()
                        .zip(&b)
                        .map(|(&x, &y)| reference_int::int_binary(op, x, y))
                        .collect();
                    let mut out = LaidOut::new(lo, n, size);
                    let (po, so) = (out.ptr(), out.stride());
                    // SAFETY: every run lies inside its own buffer.
                    unsafe { int_binary_raw::<T>(isa, op, n, pa, sa, pb, sb, po, so) };
                    assert_eq!(out.read::<T>(), want, "{ctx}");
                    out.check_guards(&ctx);
                    // In place: the output is the first input.
                    if !la.is_broadcast() {
                        let mut acc = LaidOut::with(la, &a);
                        let (pc, sc) = (acc.ptr(), acc.stride());
                        // SAFETY: as above; `a` is the output at the same positions.
                        unsafe { int_binary_raw::<T>(isa, op, n, pc, sc, pb, sb, pc, sc) };
                        assert_eq!(acc.read::<T>(), want, "{ctx} in place");
                        acc.check_guards(&ctx);
                    }
                }
                for op in IntUnary::ALL {
                    runner.count(1);
                    let ctx = format!("{isa} {}<{}> n={n} {la} -> {lo}", op.name(), T::RUST_NAME);
                    let want: Vec<T> = a.iter().map(|&x| reference_int::int_unary(op, x)).collect();
                    let mut out = LaidOut::new(lo, n, size);
                    let (po, so) = (out.ptr(), out.stride());
                    // SAFETY: as above.
                    unsafe { int_unary_raw::<T>(isa, op, n, pa, sa, po, so) };
                    assert_eq!(out.read::<T>(), want, "{ctx}");
                    out.check_guards(&ctx);
                }
                // clip with ordered, equal and crossed bounds.
                let (lo_v, hi_v) = (
                    b.first().copied().unwrap_or(T::ZERO),
                    a.last().copied().unwrap_or(T::MAX),
                );
                let mut out = LaidOut::new(lo, n, size);
                let (po, so) = (out.ptr(), out.stride());
                // SAFETY: as above.
                unsafe { clip_raw::<T>(isa, n, pa, sa, lo_v, hi_v, po, so) };
                let want: Vec<T> = a
                    .iter()
                    .map(|&x| reference_int::clip(x, lo_v, hi_v))
                    .collect();
                assert_eq!(
                    out.read::<T>(),
                    want,
                    "{isa} clip<{}> n={n} {la}",
                    T::RUST_NAME
                );
                // Reductions, exact.
                let wide: Vec<i128> = a.iter().map(|&x| x.into()).collect();
                // SAFETY: as above.
                let sum = unsafe { int_sum_raw::<T>(isa, n, pa, sa) };
                let fits = |p: i128| {
                    if T::SIGNED {
                        i64::try_from(p).is_ok()
                    } else {
                        u64::try_from(p).is_ok()
                    }
                };
                let exact_sum = Some(wide.iter().sum::<i128>()).filter(|&s| fits(s));
                assert_eq!(
                    sum.ok().map(|s| s.to_string()),
                    exact_sum.map(|s| s.to_string()),
                    "{isa} sum<{}> n={n} {la}",
                    T::RUST_NAME
                );
                // SAFETY: as above.
                let prod = unsafe { int_prod_raw::<T>(isa, n, pa, sa) };
                let exact = wide.iter().try_fold(1i128, |p, &x| p.checked_mul(x));
                let exact = if wide.contains(&0) { Some(0) } else { exact };
                let exact = exact.filter(|&p| fits(p));
                assert_eq!(
                    prod.ok().map(|p| p.to_string()),
                    exact.map(|p| p.to_string()),
                    "{isa} prod<{}> n={n} {la}",
                    T::RUST_NAME
                );
                for max in [false, true] {
                    // SAFETY: as above.
                    let got = unsafe { int_extreme_raw::<T>(isa, max, n, pa, sa) };
                    let best = if max { a.iter().max() } else { a.iter().min() };
                    let want = best.map(|&v| (a.iter().position(|&x| x == v).unwrap(), v));
                    assert_eq!(
                        got,
                        want,
                        "{isa} extreme(max={max})<{}> n={n} {la}",
                        T::RUST_NAME
                    );
                }
            }
        }
    }
}

#[test]
fn i8_ops_match_the_oracle() {
    check::<i8>();
}
#[test]
fn i16_ops_match_the_oracle() {
    check::<i16>();
}
#[test]
fn i32_ops_match_the_oracle() {
    check::<i32>();
}
#[test]
fn i64_ops_match_the_oracle() {
    check::<i64>();
}
#[test]
fn u8_ops_match_the_oracle() {
    check::<u8>();
}
#[test]
fn u16_ops_match_the_oracle() {
    check::<u16>();
}
#[test]
fn u32_ops_match_the_oracle() {
    check::<u32>();
}
#[test]
fn u64_ops_match_the_oracle() {
    check::<u64>();
}

/// Sums that leave `i64` are errors; the safe entry points agree with the raw ones.
#[test]
fn sums_are_exact_and_overflow_is_an_error() {
    let big = [i64::MAX; 3];
    assert!(matches!(
        int_sum_on(None, &big[..]),
        Err(KernelError::Overflow { .. })
    ));
    assert_eq!(int_sum_on(None, &[i64::MAX, 1, -1][..]), Ok(i64::MAX));
    assert_eq!(int_sum_on(None, &[u64::MAX, 0][..]), Ok(u64::MAX));
    assert_eq!(int_sum_on(None, &[255u8; 1000][..]), Ok(255_000));
    let xs = [3i16, -9, 7, -9, 7];
    assert_eq!(int_min_on(None, &xs[..]), Ok(-9));
    assert_eq!(int_max_on(None, &xs[..]), Ok(7));
    assert_eq!(int_argmin_on(None, &xs[..]), Ok(1));
    assert_eq!(int_argmax_on(None, &xs[..]), Ok(2));
    let every_other = Strided::from_slice(&xs, 0, 2, 3).unwrap();
    assert_eq!(int_sum_on(None, every_other), Ok(3 + 7 + 7));
    assert!(matches!(
        int_min_on::<u32>(None, &[][..]),
        Err(KernelError::Empty { .. })
    ));
}
