//! Half-float arithmetic (`f16`, `bf16` through `Arith`: chunks widened to
//! `f32`, computed by the `f32` kernel, rounded once) on every ISA under
//! test against its definition — `round(op(widen(a), widen(b)))` with the
//! `f32` oracle — bit for bit (any NaN for NaN): every op, lengths across
//! the 256-element chunk boundary, the shared layouts inside guard-byte
//! buffers, the in-place form (`Src::Out`), and edge values (NaN, ±inf,
//! ±0, subnormals, the largest finite value, ties).

use half::{bf16, f16};
use stridekit_kernels::testkit::{layout_triple, LaidOut, Lengths, Rng, Runner};
use stridekit_kernels::{
    arith_binary_on, arith_unary_on, reference, Arith, BinaryOp, Cast, Dst, KernelError, Src,
    UnaryOp,
};

/// A half-float type and its exact conversions.
trait Half: Arith + Cast<f32> {
    fn from_f32(x: f32) -> Self;
    fn wide(self) -> f32;
    fn from_bits(b: u16) -> Self;
    /// The bits, with every NaN as one pattern.
    fn key(self) -> u16;
}

macro_rules! half {
    ($($t:ident)*) => {$(
        impl Half for $t {
            fn from_f32(x: f32) -> Self {
                $t::from_f32(x)
            }
            fn wide(self) -> f32 {
                self.to_f32()
            }
            fn from_bits(b: u16) -> Self {
                $t::from_bits(b)
            }
            fn key(self) -> u16 {
                if self.is_nan() { 0x7fff } else { self.to_bits() }
            }
        }
    )*};
}
half!(f16 bf16);

/// Edge values, random bit patterns and ordinary numbers.
fn halves<H: Half>(seed: u64, n: usize) -> Vec<H> {
    let mut rng = Rng::new(seed);
    let edges = [
        f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        65504.0,
        6e-8,
        2049.0,
        -7.5,
    ];
    (0..n)
        .map(|_| match rng.below(3) {
            0 => H::from_f32(edges[rng.below(edges.len())]),
            1 => H::from_bits(rng.next_u64() as u16),
            _ => H::from_f32((rng.unit() * 64.0 - 32.0) as f32),
        })
        .collect()
}

fn lengths() -> Vec<usize> {
    Lengths::standard()
        .and(&[255, 256, 257, 511, 512, 513, 700])
        .get()
}

const TRIPLES: usize = if cfg!(miri) { 1 } else { 3 };

fn check<H: Half>(name: &str) {
    let mut runner = Runner::new(format!("half-float ops<{name}>"));
    let binary = if cfg!(miri) {
        vec![BinaryOp::Div]
    } else {
        BinaryOp::ALL.to_vec()
    };
    let keys = |v: &[H]| v.iter().map(|x| x.key()).collect::<Vec<u16>>();
    for isa in runner.isas().to_vec() {
        for &n in &lengths() {
            for k in 0..TRIPLES {
                let [la, lb, lo] = layout_triple(n, k);
                let seed = n as u64 * 131 + k as u64;
                let (xa, xb) = (
                    LaidOut::with(la, &halves::<H>(seed, n)),
                    LaidOut::with(lb, &halves::<H>(seed ^ 0x9e37, n)),
                );
                // A broadcast operand is its first element everywhere.
                let (a, b): (Vec<H>, Vec<H>) = (xa.read(), xb.read());
                let zero = H::from_f32(0.0);
                for &op in &binary {
                    runner.count(1);
                    let ctx = format!("{isa} {}<{name}> n={n} {la} {lb} -> {lo}", op.name());
                    let want: Vec<H> = a
                        .iter()
                        .zip(&b)
                        .map(|(&x, &y)| H::from_f32(reference::binary(op, x.wide(), y.wide())))
                        .collect();
                    let mut out = LaidOut::new(lo, n, 2);
                    arith_binary_on(Some(isa), op, xa.src(zero), xb.src(zero), out.dst()).unwrap();
                    assert_eq!(keys(&out.read::<H>()), keys(&want), "{ctx}");
                    out.check_guards(&ctx);
                    // In place: the output is the first operand.
                    let mut acc = LaidOut::with(lo, &a);
                    arith_binary_on(Some(isa), op, Src::Out, xb.src(zero), acc.dst()).unwrap();
                    assert_eq!(keys(&acc.read::<H>()), keys(&want), "{ctx} in place");
                    acc.check_guards(&ctx);
                }
                for op in UnaryOp::ALL {
                    runner.count(1);
                    let ctx = format!("{isa} {}<{name}> n={n} {la} -> {lo}", op.name());
                    let want: Vec<H> = a
                        .iter()
                        .map(|&x| H::from_f32(reference::unary(op, x.wide())))
                        .collect();
                    let mut out = LaidOut::new(lo, n, 2);
                    arith_unary_on(Some(isa), op, xa.src(zero), out.dst()).unwrap();
                    assert_eq!(keys(&out.read::<H>()), keys(&want), "{ctx}");
                    out.check_guards(&ctx);
                }
            }
        }
    }
    assert!(runner.cases() > 0);
}

#[test]
fn f16_ops_match_their_definition_on_every_isa() {
    check::<f16>("f16");
}

#[test]
fn bf16_ops_match_their_definition_on_every_isa() {
    check::<bf16>("bf16");
}

#[test]
fn integers_have_no_division_and_lengths_are_checked() {
    let (a, mut o) = ([1i32, 2], [0i32; 2]);
    let e = arith_binary_on(
        None,
        BinaryOp::Div,
        Src::Slice(&a),
        Src::Slice(&a),
        Dst::Slice(&mut o),
    );
    assert_eq!(
        e.unwrap_err().to_string(),
        "div is not defined for int32 elements"
    );
    let h = [f16::ONE; 3];
    let mut ho = [f16::ZERO; 2];
    assert!(matches!(
        arith_binary_on(
            None,
            BinaryOp::Add,
            Src::Slice(&h),
            Src::Slice(&h[..2]),
            Dst::Slice(&mut ho)
        ),
        Err(KernelError::LengthMismatch { .. })
    ));
}
