//! Differential tests: every element-wise kernel × every ISA this CPU runs ×
//! operand forms from the shared layout list × the shared lengths (every
//! length 0..=260 and some large ones) × special values, bit-exact against
//! `reference`, with guard bytes around every output.

use stridekit_kernels::reference;
use stridekit_kernels::testkit::{
    assert_bits_eq, guard, isas_under_test, layouts_named, specials, values, LaidOut, Layout,
    Lengths, Padded,
};
use stridekit_kernels::{
    binary_on, ternary_on, unary_on, BinaryOp, Dst, Float, Isa, Src, StridedMut, TernaryOp, UnaryOp,
};

/// The input layouts (from the shared list): contiguous at two
/// misalignments, broadcast, strided both ways, and a negative byte stride
/// that is no multiple of the element size.
fn ins() -> Vec<Layout> {
    layouts_named(&[
        "contig@0",
        "contig@1",
        "broadcast",
        "step2",
        "step-3",
        "odd-stride",
    ])
}

/// The output layouts: contiguous at two misalignments, reversed with gaps.
fn outs() -> Vec<Layout> {
    layouts_named(&["contig@0", "contig@3", "step-2"])
}

/// An input run and the logical values it presents.
struct Input<T> {
    run: LaidOut,
    logical: Vec<T>,
}

impl<T: Float> Input<T> {
    fn new(form: Layout, data: &[T]) -> Self {
        let run = LaidOut::with(form, data);
        // A broadcast presents its first value everywhere.
        let logical = run.read();
        Input { run, logical }
    }

    fn src(&self) -> Src<'_, T> {
        self.run.src(T::from_f64(1.5))
    }
}

/// An output run full of guard bytes.
struct Output {
    run: LaidOut,
}

impl Output {
    fn new<T: Float>(form: Layout, n: usize) -> Self {
        Output {
            run: LaidOut::new(form, n, std::mem::size_of::<T>()),
        }
    }

    fn dst<T: Float>(&mut self) -> Dst<'_, T> {
        self.run.dst()
    }

    /// The logical result, after checking nothing outside the run changed.
    fn result<T: Float>(&self, context: &str) -> Vec<T> {
        self.run.check_guards(context);
        self.run.read()
    }
}

/// The shared lengths (under Miri: the scalar backend's shapes).
fn lengths() -> Vec<usize> {
    Lengths::standard().get()
}

/// Which input/output form combinations a length gets: all of them for short
/// runs (every tail of every lane count), a rotating subset for long ones.
fn combos(n: usize, arity: usize, salt: usize) -> Vec<(Vec<Layout>, Layout)> {
    let (ins, outs) = (ins(), outs());
    let mut all = Vec::new();
    let k = ins.len();
    let total = k.pow(arity as u32) * outs.len();
    for c in 0..total {
        let mut rest = c;
        let forms = (0..arity)
            .map(|_| {
                let f = ins[rest % k];
                rest /= k;
                f
            })
            .collect();
        all.push((forms, outs[rest % outs.len()]));
    }
    if cfg!(miri) && n == 0 {
        // Miri: the empty run takes every form in every position and every
        // output form (an empty run must not compute an address outside its
        // operands), in `max(forms)` combinations rather than all of them.
        return (0..k.max(outs.len()))
            .map(|c| {
                let forms = (0..arity).map(|p| ins[(c + p) % k]).collect();
                (forms, outs[c % outs.len()])
            })
            .collect();
    }
    let limit = if cfg!(miri) {
        0
    } else if arity == 3 {
        40
    } else {
        80
    };
    if n <= limit {
        return all;
    }
    // The all-contiguous combination, plus a rotating handful.
    let mut picked = vec![all[0].clone()];
    for j in 0..4 {
        picked.push(all[(n * 7 + salt * 13 + j * 31) % total].clone());
    }
    picked
}

fn run_binary<T: Float>(isa: Isa, op: BinaryOp) {
    for n in lengths() {
        let a = values::<T>(n as u64 * 3 + op as u64, n);
        let b = values::<T>(n as u64 * 5 + 1000 + op as u64, n);
        for (ins, out_form) in combos(n, 2, op as usize) {
            let ia = Input::new(ins[0], &a);
            let ib = Input::new(ins[1], &b);
            let mut out = Output::new::<T>(out_form, n);
            let ctx = format!(
                "{isa} {}<{}> n={n} a={} b={} out={out_form}",
                op.name(),
                T::RUST_NAME,
                ins[0],
                ins[1]
            );
            binary_on(Some(isa), op, ia.src(), ib.src(), out.dst()).unwrap();
            let got = out.result(&ctx);
            let mut want = vec![T::default(); n];
            reference::binary_slices(op, &ia.logical, &ib.logical, &mut want);
            assert_bits_eq(&got, &want, &ctx);
        }
    }
}

fn run_unary<T: Float>(isa: Isa, op: UnaryOp) {
    for n in lengths() {
        let a = values::<T>(n as u64 * 11 + op as u64, n);
        for (ins, out_form) in combos(n, 1, op as usize) {
            let ia = Input::new(ins[0], &a);
            let mut out = Output::new::<T>(out_form, n);
            let ctx = format!(
                "{isa} {}<{}> n={n} a={} out={out_form}",
                op.name(),
                T::RUST_NAME,
                ins[0]
            );
            unary_on(Some(isa), op, ia.src(), out.dst()).unwrap();
            let got = out.result(&ctx);
            let mut want = vec![T::default(); n];
            reference::unary_slices(op, &ia.logical, &mut want);
            assert_bits_eq(&got, &want, &ctx);
        }
    }
}

fn run_ternary<T: Float>(isa: Isa, op: TernaryOp) {
    // Three gathered inputs make every Miri case costly: fewer lengths there.
    let lengths = if cfg!(miri) { vec![0, 1, 5] } else { lengths() };
    for n in lengths {
        let a = values::<T>(n as u64 * 13, n);
        let b = values::<T>(n as u64 * 17 + 1, n);
        let c = values::<T>(n as u64 * 19 + 2, n);
        for (ins, out_form) in combos(n, 3, 0) {
            let ia = Input::new(ins[0], &a);
            let ib = Input::new(ins[1], &b);
            let ic = Input::new(ins[2], &c);
            let mut out = Output::new::<T>(out_form, n);
            let ctx = format!(
                "{isa} {}<{}> n={n} forms={}/{}/{} out={out_form}",
                op.name(),
                T::RUST_NAME,
                ins[0],
                ins[1],
                ins[2]
            );
            ternary_on(Some(isa), op, ia.src(), ib.src(), ic.src(), out.dst()).unwrap();
            let got = out.result(&ctx);
            let mut want = vec![T::default(); n];
            reference::ternary_slices(op, &ia.logical, &ib.logical, &ic.logical, &mut want);
            assert_bits_eq(&got, &want, &ctx);
        }
    }
}

/// Every pair of special values, in every lane position.
fn run_special_pairs<T: Float>(isa: Isa) {
    let sp = specials::<T>();
    let mut a = Vec::new();
    let mut b = Vec::new();
    for &x in &sp {
        for &y in &sp {
            a.push(x);
            b.push(y);
        }
    }
    // Rotate so each pair also lands in other lanes and in the tail.
    for rot in 0..3 {
        let a: Vec<T> = a
            .iter()
            .cycle()
            .skip(rot * 5)
            .take(a.len())
            .copied()
            .collect();
        let b: Vec<T> = b
            .iter()
            .cycle()
            .skip(rot * 5)
            .take(b.len())
            .copied()
            .collect();
        let n = a.len();
        for op in BinaryOp::ALL {
            let mut got = vec![T::default(); n];
            binary_on(
                Some(isa),
                op,
                Src::Slice(&a),
                Src::Slice(&b),
                Dst::Slice(&mut got),
            )
            .unwrap();
            let mut want = vec![T::default(); n];
            reference::binary_slices(op, &a, &b, &mut want);
            assert_bits_eq(
                &got,
                &want,
                &format!("{isa} {}<{}> special pairs", op.name(), T::RUST_NAME),
            );
        }
        for op in UnaryOp::ALL {
            let mut got = vec![T::default(); n];
            unary_on(Some(isa), op, Src::Slice(&a), Dst::Slice(&mut got)).unwrap();
            let mut want = vec![T::default(); n];
            reference::unary_slices(op, &a, &mut want);
            assert_bits_eq(
                &got,
                &want,
                &format!("{isa} {}<{}> specials", op.name(), T::RUST_NAME),
            );
        }
        let c: Vec<T> = b.iter().rev().copied().collect();
        let mut got = vec![T::default(); n];
        ternary_on(
            Some(isa),
            TernaryOp::MulAdd,
            Src::Slice(&a),
            Src::Slice(&b),
            Src::Slice(&c),
            Dst::Slice(&mut got),
        )
        .unwrap();
        let mut want = vec![T::default(); n];
        reference::ternary_slices(TernaryOp::MulAdd, &a, &b, &c, &mut want);
        assert_bits_eq(
            &got,
            &want,
            &format!("{isa} mul_add<{}> specials", T::RUST_NAME),
        );
    }
}

/// The in-place form (`Src::Out`) in every operand position.
fn run_in_place<T: Float>(isa: Isa) {
    for n in lengths() {
        let a = values::<T>(n as u64 * 23, n);
        let b = values::<T>(n as u64 * 29 + 7, n);
        for op in BinaryOp::ALL {
            for out_is_a in [true, false] {
                let mut acc = Padded::new(&a, std::mem::size_of::<T>());
                let (x, y) = if out_is_a {
                    (Src::Out, Src::Slice(&b[..]))
                } else {
                    (Src::Slice(&b[..]), Src::Out)
                };
                binary_on(Some(isa), op, x, y, Dst::Slice(acc.run_mut())).unwrap();
                let mut want = vec![T::default(); n];
                if out_is_a {
                    reference::binary_slices(op, &a, &b, &mut want);
                } else {
                    reference::binary_slices(op, &b, &a, &mut want);
                }
                let ctx = format!(
                    "{isa} {}<{}> in place (out is a: {out_is_a}) n={n}",
                    op.name(),
                    T::RUST_NAME
                );
                acc.check_guards(&ctx);
                assert_bits_eq(acc.run(), &want, &ctx);
            }
        }
        // acc = a * b + acc, through a strided output.
        let mut buf = vec![guard::<T>(); 2 * n + 1];
        for i in 0..n {
            buf[2 * i] = a[i];
        }
        let dst = StridedMut::from_slice(&mut buf, 0, 2, n).unwrap();
        ternary_on(
            Some(isa),
            TernaryOp::MulAdd,
            Src::Slice(&b),
            Src::Scalar(T::from_f64(0.75)),
            Src::Out,
            Dst::Strided(dst),
        )
        .unwrap();
        let got: Vec<T> = (0..n).map(|i| buf[2 * i]).collect();
        let want: Vec<T> = (0..n)
            .map(|i| b[i].mul_add(T::from_f64(0.75), a[i]))
            .collect();
        assert_bits_eq(
            &got,
            &want,
            &format!("{isa} mul_add<{}> accumulate in place n={n}", T::RUST_NAME),
        );
    }
}

macro_rules! per_type {
    ($($name:ident: $body:ident;)*) => {$(
        #[test]
        fn $name() {
            for isa in isas_under_test() {
                $body::<f32>(isa);
                $body::<f64>(isa);
            }
        }
    )*};
}

/// Every op natively. Under Miri, which checks memory accesses rather than
/// arithmetic, two ops per arity: every op of an arity runs the same loop and
/// differs only in the vector expression (the native runs check those).
fn ops_under_test<O: Copy>(all: &[O]) -> Vec<O> {
    if cfg!(miri) {
        all.iter().copied().step_by(all.len().div_ceil(2)).collect()
    } else {
        all.to_vec()
    }
}

fn all_binary<T: Float>(isa: Isa) {
    for op in ops_under_test(&BinaryOp::ALL) {
        run_binary::<T>(isa, op);
    }
}
fn all_unary<T: Float>(isa: Isa) {
    for op in ops_under_test(&UnaryOp::ALL) {
        run_unary::<T>(isa, op);
    }
}
fn all_ternary<T: Float>(isa: Isa) {
    for op in TernaryOp::ALL {
        run_ternary::<T>(isa, op);
    }
}

per_type! {
    binary_kernels_match_reference: all_binary;
    unary_kernels_match_reference: all_unary;
    ternary_kernels_match_reference: all_ternary;
    special_value_pairs_match_reference: run_special_pairs;
    in_place_forms_match_reference: run_in_place;
}

/// Outputs of 16 MiB and more take the streaming-store path (aligned head,
/// non-temporal body, masked tail): check it at several output misalignments.
#[test]
#[cfg_attr(miri, ignore = "too large for Miri")]
fn huge_outputs_match_reference() {
    let n = stridekit_kernels::stream_min_bytes() / 4 + 13;
    let a = values::<f32>(91, n);
    let b = values::<f32>(92, n);
    let mut want = vec![0.0f32; n];
    reference::binary_slices(BinaryOp::Add, &a, &b, &mut want);
    for isa in isas_under_test() {
        for misalign in [0usize, 1, 7] {
            let mut out = Padded::new(&vec![guard::<f32>(); n], misalign * 4);
            binary_on(
                Some(isa),
                BinaryOp::Add,
                Src::Slice(&a),
                Src::Slice(&b),
                Dst::Slice(out.run_mut()),
            )
            .unwrap();
            let ctx = format!("{isa} add<f32> huge n={n} misalign={misalign}");
            out.check_guards(&ctx);
            assert_bits_eq(out.run(), &want, &ctx);
        }
        let mut out = vec![0.0f32; n];
        ternary_on(
            Some(isa),
            TernaryOp::MulAdd,
            Src::Slice(&a),
            Src::Scalar(0.5),
            Src::Slice(&b),
            Dst::Slice(&mut out),
        )
        .unwrap();
        let want: Vec<f32> = a.iter().zip(&b).map(|(x, y)| x.mul_add(0.5, *y)).collect();
        assert_bits_eq(&out, &want, &format!("{isa} mul_add<f32> huge"));
    }
}

/// The `Stream` output form (non-temporal stores whatever the length, asked
/// for by the array layer) equals the reference on every ISA, every length
/// 0..=130 and every start misalignment, touching nothing outside the run.
fn run_stream_output<T: Float>(isa: Isa) {
    use stridekit_kernels::{kernels_for, RawDst, RawSrc};
    let k = kernels_for::<T>(isa).unwrap();
    let max = if cfg!(miri) { 9 } else { 130 };
    for n in 0..=max {
        let a = values::<T>(n as u64 + 11, n);
        let b = values::<T>(n as u64 + 29, n);
        for misalign in [0, 1, 3] {
            let e = std::mem::size_of::<T>();
            let mut out = Padded::new(&vec![guard::<T>(); n], misalign * e);
            let mut want = vec![T::ONE; n];
            reference::binary_slices(BinaryOp::Mul, &a, &b, &mut want);
            let po = out.run_mut().as_mut_ptr();
            // SAFETY: `a`, `b` hold n elements; the output run holds n elements
            // and overlaps neither.
            unsafe {
                k.binary_raw(
                    BinaryOp::Mul,
                    n,
                    RawSrc::Contig(a.as_ptr()),
                    RawSrc::Contig(b.as_ptr()),
                    RawDst::Stream(po),
                )
            };
            let what = format!("{isa} {} stream n={n} misalign={misalign}", T::RUST_NAME);
            assert_bits_eq(out.run(), &want, &what);
            out.check_guards(&what);
            let mut want = vec![T::ONE; n];
            reference::unary_slices(UnaryOp::Sqrt, &a, &mut want);
            // SAFETY: as above; the unary and ternary kernels take the same path.
            unsafe {
                k.unary_raw(
                    UnaryOp::Sqrt,
                    n,
                    RawSrc::Contig(a.as_ptr()),
                    RawDst::Stream(po),
                )
            };
            assert_bits_eq(out.run(), &want, &what);
            let mut want = vec![T::ONE; n];
            let c = vec![T::from_f64(0.5); n];
            reference::ternary_slices(TernaryOp::MulAdd, &a, &b, &c, &mut want);
            // SAFETY: as above.
            unsafe {
                k.ternary_raw(
                    TernaryOp::MulAdd,
                    n,
                    RawSrc::Contig(a.as_ptr()),
                    RawSrc::Contig(b.as_ptr()),
                    RawSrc::Splat(T::from_f64(0.5)),
                    RawDst::Stream(po),
                )
            };
            assert_bits_eq(out.run(), &want, &what);
            out.check_guards(&what);
        }
    }
}

#[test]
fn stream_outputs_match_reference_on_every_isa() {
    for isa in isas_under_test() {
        run_stream_output::<f32>(isa);
        run_stream_output::<f64>(isa);
    }
}
