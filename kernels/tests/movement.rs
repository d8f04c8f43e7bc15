//! Differential tests for the data-movement kernels — conversions (all 81
//! pairs), byte swaps, take and put — on every ISA this CPU runs, against
//! `reference_convert` (which works from exact values, not the kernels'
//! code): every length 0..=260 and a few long ones, start offsets that break
//! every alignment (runs are addressed in bytes), contiguous, strided and
//! negative-stride layouts, with guard bytes proving nothing outside a run is
//! written. Values: every edge of every rule (`testkit_samples`), random bit
//! patterns, rounding ties, and *every* `f16` / `bf16` bit pattern.

use bytemuck::Pod;
use half::{bf16, f16};
use stridekit_kernels::reference_convert as reference;
use stridekit_kernels::testkit::{
    isas_under_test, output_layouts, rotated_under_miri, LaidOut, Layout, Lengths, Rng, Runner,
    LAYOUTS,
};
use stridekit_kernels::testkit_samples::{samples, Sample};
use stridekit_kernels::{
    byteswap_in_place_on, byteswap_on, byteswap_raw, check_convert_raw, convert_on, convert_raw,
    put_on, take_on, take_raw, try_convert_on, Cast, Index, Isa, KernelError,
};

/// A run at byte `offset` past a 64-byte boundary, `step` elements apart
/// (the long streaming tests' placements, outside the shared list).
fn placed(n: usize, size: usize, offset: usize, step: isize) -> LaidOut {
    let layout = Layout {
        name: "placed",
        elems: 0,
        bytes: offset,
        step,
        pad: 0,
    };
    LaidOut::new(layout, n, size)
}

/// Same bits, or (under Miri, whose float casts choose NaN payloads freely)
/// both NaN.
fn same<T: Pod + PartialEq>(a: &T, b: &T) -> bool {
    #[allow(clippy::eq_op)]
    let both_nan = cfg!(miri) && a != a && b != b;
    bytemuck::bytes_of(a) == bytemuck::bytes_of(b) || both_nan
}

#[track_caller]
fn assert_same<T: Pod + PartialEq + std::fmt::Debug, S: std::fmt::Debug>(
    got: &[T],
    want: &[T],
    input: &[S],
    context: &str,
) {
    assert_eq!(got.len(), want.len(), "{context}");
    if let Some(i) = (0..got.len()).find(|&i| !same(&got[i], &want[i])) {
        panic!(
            "{context}: element {i} (input {:?}): got {:?} {:02x?}, want {:?} {:02x?}",
            input[i],
            got[i],
            bytemuck::bytes_of(&got[i]),
            want[i],
            bytemuck::bytes_of(&want[i])
        );
    }
}

/// The shared lengths.
fn lengths() -> Lengths {
    Lengths::standard()
}

/// (source, destination) layout pairs: every shared layout as a source, each
/// against a different output layout (the outputs rotate through all of them).
fn layout_pairs() -> Vec<(Layout, Layout)> {
    let outs = output_layouts();
    LAYOUTS
        .iter()
        .enumerate()
        .map(|(i, &src)| (src, outs[(i * 3) % outs.len()]))
        .collect()
}

/// A salt per checked type pair, so that Miri's thinned cases rotate.
fn next_salt() -> usize {
    static SALT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    SALT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn check_convert<A: Sample + Cast<B>, B: Sample>() {
    let context = format!("{} -> {}", A::NAME, B::NAME);
    let mut runner = Runner::new(format!("convert {context}"));
    let salt = next_salt();
    // Miri: one of the layout pairs and two of the lengths per type pair,
    // rotating, so the type pairs of a test together cover them all.
    let pairs = rotated_under_miri(&layout_pairs(), salt, 1);
    let lengths = lengths().rotated(salt, 2);
    for isa in runner.isas().to_vec() {
        for (li, &(src_layout, dst_layout)) in pairs.iter().enumerate() {
            for &n in &lengths {
                if li > 1 && n % 7 != 3 && n > 40 {
                    continue; // every length contiguous; a rotating subset strided
                }
                runner.count(1);
                let xs: Vec<A> = samples(n as u64 * 31 + li as u64, n);
                let mut src = LaidOut::with(src_layout, &xs);
                let xs: Vec<A> = src.read(); // a broadcast repeats the first
                let want: Vec<B> = xs.iter().map(|&x| reference::convert(x)).collect();
                let mut dst = LaidOut::new(dst_layout, n, size_of::<B>());
                let (sp, sst, dp, dst_stride) = (src.ptr(), src.stride(), dst.ptr(), dst.stride());
                // SAFETY: both runs lie inside their buffers; distinct buffers.
                unsafe { convert_raw::<A, B>(isa, n, sp, sst, dp, dst_stride) };
                let ctx = format!("{context} on {isa}, n={n}, {src_layout} -> {dst_layout}");
                assert_same(&dst.read::<B>(), &want, &xs, &ctx);
                dst.check_guards(&ctx);
                // The checked form agrees with the reference's refusals.
                let first_bad = xs
                    .iter()
                    .position(|&x| reference::try_convert::<A, B>(x).is_none());
                // SAFETY: as above.
                let found = unsafe { check_convert_raw::<A, B>(isa, n, sp, sst) };
                assert_eq!(found, first_bad, "{ctx}: first refused position");
            }
        }
        // The safe slice forms, and the checked form's error and no-write rule.
        let len = if cfg!(miri) { 12 } else { 300 };
        let xs: Vec<A> = samples(7, len);
        let mut out = vec![B::zeroed(); len];
        convert_on(Some(isa), &xs, &mut out).unwrap();
        let want: Vec<B> = xs.iter().map(|&x| reference::convert(x)).collect();
        assert_same(&out, &want, &xs, &context);
        let sentinel = samples::<B>(3, len);
        let mut out = sentinel.clone();
        match xs
            .iter()
            .position(|&x| reference::try_convert::<A, B>(x).is_none())
        {
            None => {
                try_convert_on(Some(isa), &xs, &mut out).unwrap();
                assert_same(&out, &want, &xs, &context);
            }
            Some(p) => {
                let err = try_convert_on(Some(isa), &xs, &mut out).unwrap_err();
                assert_eq!(
                    err,
                    KernelError::Unrepresentable {
                        value: xs[p].to_string(),
                        position: p,
                        from: A::NAME,
                        to: B::NAME
                    },
                    "{context}"
                );
                assert_same(
                    &out,
                    &sentinel,
                    &xs,
                    &format!("{context}: refused call wrote"),
                );
            }
        }
        assert!(matches!(
            convert_on(Some(isa), &xs[1..], &mut out),
            Err(KernelError::LengthMismatch { .. })
        ));
    }
}

/// Every bit pattern of a 16-bit float source, through every ISA.
fn check_all_patterns<A: Sample + Cast<B>, B: Sample>(from_bits: fn(u16) -> A) {
    if cfg!(miri) {
        return;
    }
    let xs: Vec<A> = (0..=u16::MAX).map(from_bits).collect();
    let want: Vec<B> = xs.iter().map(|&x| reference::convert(x)).collect();
    for isa in isas_under_test() {
        let mut out = vec![B::zeroed(); xs.len()];
        convert_on(Some(isa), &xs, &mut out).unwrap();
        assert_same(
            &out,
            &want,
            &xs,
            &format!("all {} patterns -> {} on {isa}", A::NAME, B::NAME),
        );
    }
}

macro_rules! cross {
    ($f:ident; [$($a:ty),*]; $bs:tt) => { $( cross!(@row $f; $a; $bs); )* };
    (@row $f:ident; $a:ty; [$($b:ty),*]) => { $( $f::<$a, $b>(); )* };
}

#[test]
fn conversions_from_floats_match_the_reference() {
    cross!(check_convert; [f64, f32]; [f64, f32, f16, bf16, i64, i32, i16, u16, u8]);
}

#[test]
fn conversions_from_narrow_floats_match_the_reference() {
    cross!(check_convert; [f16, bf16]; [f64, f32, f16, bf16, i64, i32, i16, u16, u8]);
}

#[test]
fn conversions_from_integers_match_the_reference() {
    cross!(check_convert; [i64, i32, i16, u16, u8]; [f64, f32, f16, bf16, i64, i32, i16, u16, u8]);
}

#[test]
fn every_half_and_bfloat_pattern_converts_like_the_reference() {
    fn h(b: u16) -> f16 {
        f16::from_bits(b)
    }
    fn bh(b: u16) -> bf16 {
        bf16::from_bits(b)
    }
    macro_rules! all {
        ($($b:ty),*) => {$(
            check_all_patterns::<f16, $b>(h);
            check_all_patterns::<bf16, $b>(bh);
        )*};
    }
    all!(f64, f32, f16, bf16, i64, i32, i16, u16, u8);
}

/// The reference's own check: its `f32 → f16 / bf16` (exact-significand
/// rounding) agrees with `half`'s independent software conversion on every
/// tie and random value.
#[test]
fn reference_narrowing_agrees_with_half() {
    let xs: Vec<f32> = samples(11, if cfg!(miri) { 50 } else { 200_000 });
    for &x in &xs {
        let h: f16 = reference::convert(x);
        let b: bf16 = reference::convert(x);
        if !x.is_nan() {
            assert_eq!(
                h.to_bits(),
                f16::from_f32_const(x).to_bits(),
                "f16 of {x:e}"
            );
            assert_eq!(
                b.to_bits(),
                bf16::from_f32_const(x).to_bits(),
                "bf16 of {x:e}"
            );
        } else {
            assert!(h.is_nan() && b.is_nan());
        }
    }
}

/// Stated edge facts of the rules, checked on every ISA through the kernels.
#[test]
fn rounding_and_saturation_rules_hold() {
    for isa in isas_under_test() {
        let conv = |xs: &[f32]| -> Vec<f16> {
            let mut out = vec![f16::ZERO; xs.len()];
            convert_on(Some(isa), xs, &mut out).unwrap();
            out
        };
        let got = conv(&[
            65504.0,
            65519.0,
            65520.0,
            1e9,
            -1e9,
            2f32.powi(-24),
            2f32.powi(-25),
            1.5 * 2f32.powi(-24),
            2.5 * 2f32.powi(-24),
            0.75 * 2f32.powi(-24),
        ]);
        let want = [
            f16::MAX,
            f16::MAX,
            f16::INFINITY,
            f16::INFINITY,
            f16::NEG_INFINITY,
            f16::from_bits(1),
            f16::ZERO,
            f16::from_bits(2),
            f16::from_bits(2),
            f16::from_bits(1),
        ];
        assert_eq!(
            got.iter().map(|h| h.to_bits()).collect::<Vec<_>>(),
            want.map(|h| h.to_bits()),
            "{isa}"
        );
        // Quieting: a signalling f32 NaN becomes a quiet f16 NaN with its sign.
        let nan = conv(&[f32::from_bits(0xFF80_2000)])[0].to_bits();
        assert_eq!(nan & 0xFE00, 0xFE00, "{isa}: {nan:#x}");
        let mut ints = [0i32; 6];
        convert_on(
            Some(isa),
            &[f32::NAN, 3e9, -3e9, -2.9, 2.9, -0.0],
            &mut ints,
        )
        .unwrap();
        assert_eq!(ints, [0, i32::MAX, i32::MIN, -2, 2, 0], "{isa}");
        let mut bytes = [0u8; 3];
        convert_on(Some(isa), &[300i32, -1, 255], &mut bytes).unwrap();
        assert_eq!(bytes, [44, 255, 255], "{isa}: int -> int wraps");
        // i64 -> f32 rounds once to nearest-even: 2^24 + 1 ties down to 2^24.
        let mut f = [0f32; 2];
        convert_on(Some(isa), &[(1i64 << 24) + 1, (1i64 << 24) + 3], &mut f).unwrap();
        assert_eq!(f, [16_777_216.0, 16_777_220.0], "{isa}");
        // i64 -> bf16 without double rounding: 2^62 + 2^54 + 1 is just above
        // a bf16 tie; rounding through f64 or f32 first would land on the tie
        // and round to even (down).
        let mut b = [bf16::ZERO];
        convert_on(Some(isa), &[(1i64 << 62) + (1 << 54) + 1], &mut b).unwrap();
        assert_eq!(b[0].to_f64_const(), 2f64.powi(62) + 2f64.powi(55), "{isa}");
    }
}

fn check_byteswap<T: Pod + PartialEq + std::fmt::Debug>(make: fn(u64) -> T) {
    let size = size_of::<T>();
    let mut rng = Rng::new(size as u64);
    let mut runner = Runner::new(format!("byteswap {size} bytes"));
    for isa in runner.isas().to_vec() {
        for (i, n) in lengths().get().into_iter().enumerate() {
            let xs: Vec<T> = (0..n).map(|_| make(rng.next_u64())).collect();
            // Miri: two of the eleven pairs per length, rotating.
            for (src_layout, dst_layout) in rotated_under_miri(&layout_pairs(), i, 2) {
                runner.count(1);
                let ctx =
                    format!("byteswap {size} bytes on {isa}, n={n}, {src_layout} -> {dst_layout}");
                let mut src = LaidOut::with(src_layout, &xs);
                let xs: Vec<T> = src.read(); // a broadcast repeats the first
                let want: Vec<T> = xs.iter().map(|&x| reference::byteswap(x)).collect();
                let mut dst = LaidOut::new(dst_layout, n, size);
                let (sp, sst, dp, dstr) = (src.ptr(), src.stride(), dst.ptr(), dst.stride());
                // SAFETY: runs inside distinct buffers.
                unsafe { byteswap_raw::<T>(isa, n, sp, sst, dp, dstr).unwrap() };
                assert_same(&dst.read::<T>(), &want, &xs, &ctx);
                dst.check_guards(&ctx);
                if src_layout.is_broadcast() {
                    continue; // in place needs distinct elements
                }
                // In place, same layout.
                // SAFETY: the same run as source and destination.
                unsafe { byteswap_raw::<T>(isa, n, sp, sst, sp, sst).unwrap() };
                assert_same(&src.read::<T>(), &want, &xs, &format!("{ctx}, in place"));
                src.check_guards(&ctx);
            }
            let want: Vec<T> = xs.iter().map(|&x| reference::byteswap(x)).collect();
            let mut out = vec![T::zeroed(); n];
            byteswap_on(Some(isa), &xs, &mut out).unwrap();
            assert_same(&out, &want, &xs, "slice form");
            byteswap_in_place_on(Some(isa), &mut out).unwrap();
            assert_same(&out, &xs, &xs, "slice form, swapped back in place");
        }
    }
}

#[test]
fn byteswap_matches_the_reference() {
    check_byteswap::<u8>(|r| r as u8);
    check_byteswap::<u16>(|r| r as u16);
    check_byteswap::<f16>(|r| f16::from_bits(r as u16));
    check_byteswap::<u32>(|r| r as u32);
    check_byteswap::<f32>(|r| f32::from_bits(r as u32));
    check_byteswap::<f64>(f64::from_bits);
    check_byteswap::<i64>(|r| r as i64);
    check_byteswap::<u128>(|r| (r as u128) << 64 | (r.rotate_left(17) as u128));
}

/// The streaming path of a large swap (copy, element-aligned destination),
/// and the non-streaming path when the destination is not element-aligned.
#[test]
fn large_byteswap_streams_correctly() {
    if cfg!(miri) {
        return;
    }
    let n = stridekit_kernels::stream_min_bytes() / 4 + 37;
    let xs: Vec<u32> = (0..n as u32).map(|i| i.wrapping_mul(0x9E37_79B9)).collect();
    for isa in isas_under_test() {
        for offset in [0, 4, 12, 1] {
            let mut src = placed(n, 4, 0, 1);
            src.fill(&xs);
            let mut dst = placed(n, 4, offset, 1);
            let (sp, dp) = (src.ptr(), dst.ptr());
            // SAFETY: runs inside distinct buffers.
            unsafe { byteswap_raw::<u32>(isa, n, sp, 4, dp, 4).unwrap() };
            let got = dst.read::<u32>();
            if let Some(i) = (0..n).find(|&i| got[i] != xs[i].swap_bytes()) {
                panic!("{isa}, offset {offset}: element {i}");
            }
            dst.check_guards("stream");
        }
    }
}

/// The streaming path of the hand-written conversions (an output of at
/// least `stream_min_bytes()`) at aligned, element-misaligned and
/// byte-misaligned destinations.
fn check_streaming<A: Sample + Cast<B>, B: Sample>() {
    let n = stridekit_kernels::stream_min_bytes() / size_of::<B>() + 13;
    let xs: Vec<A> = samples(9, n);
    let want: Vec<B> = xs.iter().map(|&x| reference::convert(x)).collect();
    for isa in isas_under_test() {
        for offset in [0, size_of::<B>(), 1] {
            let mut src = placed(n, size_of::<A>(), 0, 1);
            src.fill(&xs);
            let mut dst = placed(n, size_of::<B>(), offset, 1);
            let (sp, dp, dstr) = (src.ptr(), dst.ptr(), dst.stride());
            // SAFETY: runs inside distinct buffers.
            unsafe { convert_raw::<A, B>(isa, n, sp, src.stride(), dp, dstr) };
            let ctx = format!(
                "streaming {} -> {} on {isa}, offset {offset}",
                A::NAME,
                B::NAME
            );
            assert_same(&dst.read::<B>(), &want, &xs, &ctx);
            dst.check_guards(&ctx);
        }
    }
}

#[test]
fn large_conversions_stream_correctly() {
    if cfg!(miri) {
        return;
    }
    check_streaming::<f32, f64>();
    check_streaming::<f64, f32>();
    check_streaming::<f16, f32>();
    check_streaming::<f32, f16>();
}

#[test]
fn byteswap_rejects_other_widths() {
    let mut x = [[1u8, 2, 3]; 4];
    assert_eq!(
        byteswap_in_place_on(Some(Isa::Scalar), &mut x),
        Err(KernelError::UnsupportedWidth { size: 3 })
    );
    assert_eq!(x, [[1, 2, 3]; 4], "nothing written");
}

/// NumPy's index rule, written out: the element offset or `None`.
fn normalize(i: i128, len: usize) -> Option<usize> {
    let len = len as i128;
    if (0..len).contains(&i) {
        Some(i as usize)
    } else if (-len..0).contains(&i) {
        Some((i + len) as usize)
    } else {
        None
    }
}

fn check_take<T: Pod + PartialEq + std::fmt::Debug, I: Index + std::fmt::Debug>(
    make: fn(u64) -> T,
    index: fn(i128) -> I,
    signed: bool,
) {
    let mut rng = Rng::new(5);
    let data_lens: &[usize] = if cfg!(miri) {
        &[0, 3, 20]
    } else {
        &[0, 1, 2, 7, 300, 5000]
    };
    for isa in isas_under_test() {
        for &len in data_lens {
            let data: Vec<T> = (0..len).map(|_| make(rng.next_u64())).collect();
            let index_counts: &[usize] = if cfg!(miri) {
                &[0, 1, 5, 19]
            } else {
                &[0, 1, 5, 64, 257]
            };
            for &n in index_counts {
                if len == 0 && n > 0 {
                    // Every index is out of bounds for an empty source.
                    let idx = vec![index(0); n];
                    let err =
                        take_on(Some(isa), &data, &idx, &mut vec![T::zeroed(); n]).unwrap_err();
                    assert_eq!(
                        err,
                        KernelError::IndexOutOfBounds {
                            index: 0,
                            position: 0,
                            len: 0
                        }
                    );
                    continue;
                }
                let wide: Vec<i128> = (0..n)
                    .map(|_| {
                        let i = rng.below(len.max(1)) as i128;
                        if signed && rng.below(3) == 0 {
                            i - len as i128
                        } else {
                            i
                        }
                    })
                    .collect();
                let idx: Vec<I> = wide.iter().map(|&i| index(i)).collect();
                let want: Vec<T> = wide
                    .iter()
                    .map(|&i| data[normalize(i, len).unwrap()])
                    .collect();
                let mut out = vec![T::zeroed(); n];
                take_on(Some(isa), &data, &idx, &mut out).unwrap();
                assert_same(
                    &out,
                    &want,
                    &wide,
                    &format!("take on {isa}, len {len}, n {n}"),
                );
                // Strided source (step 2, as if every other element) and a
                // reversed output, through the raw form.
                let spread: Vec<T> = data.iter().flat_map(|&x| [x, make(0)]).collect();
                let mut rev = placed(n, size_of::<T>(), 1, -1);
                let rp = rev.ptr();
                // SAFETY: len elements at stride 2 inside `spread`; n at -1 inside `rev`.
                unsafe {
                    take_raw::<T, I>(
                        isa,
                        spread.as_ptr().cast(),
                        len,
                        2 * size_of::<T>() as isize,
                        &idx,
                        rp,
                        rev.stride(),
                    )
                    .unwrap()
                };
                assert_same(&rev.read::<T>(), &want, &wide, "strided take");
                rev.check_guards("strided take");
                // A bad index: the first one is named, nothing is written.
                if n > 0 {
                    let mut bad = wide.clone();
                    let at = rng.below(n);
                    bad[at] = if signed && rng.below(2) == 0 {
                        -(len as i128) - 1 - rng.below(3) as i128
                    } else {
                        len as i128 + rng.below(3) as i128
                    };
                    if at + 1 < n {
                        bad[n - 1] = len as i128 + 7; // a later bad index is not the one reported
                    }
                    let idx: Vec<I> = bad.iter().map(|&i| index(i)).collect();
                    let mut out = vec![make(1); n];
                    let err = take_on(Some(isa), &data, &idx, &mut out).unwrap_err();
                    assert_eq!(
                        err,
                        KernelError::IndexOutOfBounds {
                            index: bad[at],
                            position: at,
                            len
                        }
                    );
                    assert!(out.iter().all(|x| same(x, &make(1))), "a failed take wrote");
                    let mut dst = data.clone();
                    let err = put_on(Some(isa), &mut dst, &idx, &out).unwrap_err();
                    assert_eq!(
                        err,
                        KernelError::IndexOutOfBounds {
                            index: bad[at],
                            position: at,
                            len
                        }
                    );
                    assert_same(&dst, &data, &wide, "a failed put wrote");
                }
                // put: in order, last write wins, values repeat cyclically.
                for vlen in [n, 1, 3] {
                    if n == 0 || vlen > n {
                        continue;
                    }
                    let values: Vec<T> = (0..vlen).map(|_| make(rng.next_u64())).collect();
                    let mut want = data.clone();
                    for (k, &i) in wide.iter().enumerate() {
                        want[normalize(i, len).unwrap()] = values[k % vlen];
                    }
                    let mut got = data.clone();
                    put_on(Some(isa), &mut got, &idx, &values).unwrap();
                    assert_same(
                        &got,
                        &want,
                        &want,
                        &format!("put on {isa}, len {len}, n {n}, {vlen} values"),
                    );
                }
            }
        }
        let mut d = [1.0f32; 4];
        assert_eq!(
            put_on(Some(isa), &mut d, &[0i64], &[]),
            Err(KernelError::NoValues { indices: 1 })
        );
    }
}

#[test]
fn take_and_put_match_naive_indexing() {
    check_take::<f32, i64>(|r| f32::from_bits(r as u32), |i| i as i64, true);
    check_take::<f64, i32>(f64::from_bits, |i| i as i32, true);
    check_take::<i32, usize>(|r| r as i32, |i| i as usize, false);
    check_take::<i64, i64>(|r| r as i64, |i| i as i64, true);
    check_take::<u8, i32>(|r| r as u8, |i| i as i32, true);
}

#[test]
fn usize_indices_beyond_isize_are_out_of_bounds() {
    let data = [1u8, 2, 3];
    let err = take_on(
        Some(Isa::Scalar),
        &data,
        &[1usize, usize::MAX],
        &mut [0u8; 2],
    )
    .unwrap_err();
    assert_eq!(
        err,
        KernelError::IndexOutOfBounds {
            index: usize::MAX as i128,
            position: 1,
            len: 3
        }
    );
}

/// Every element type's reference is a function of its exact value: a
/// sanity check that the model round-trips (identity conversions).
#[test]
fn reference_identity_round_trips() {
    fn rt<T: Sample>() {
        for x in samples::<T>(1, 500) {
            let y: T = reference::convert(x);
            assert!(same(&x, &y), "{} {x:?}", T::NAME);
            if !(T::IS_FLOAT && x != x) {
                let back = T::from_model(x.to_model());
                assert!(same(&x, &back), "{} model of {x:?}", T::NAME);
            }
        }
    }
    rt::<f64>();
    rt::<f32>();
    rt::<f16>();
    rt::<bf16>();
    rt::<i64>();
    rt::<u8>();
}
