//! Property tests: random lengths, byte strides (negative, zero, unaligned),
//! offsets and operations, every ISA against the reference.

use proptest::prelude::*;
use stridekit_kernels::reference;
use stridekit_kernels::testkit::{assert_bits_eq, isas_under_test, values};
use stridekit_kernels::{
    binary_on, ternary_on, BinaryOp, Dst, Src, Strided, StridedMut, TernaryOp,
};

/// A strided f64 input over a random byte buffer: (offset, stride) chosen so it fits.
fn strided_input(
    bytes: &[u8],
    n: usize,
    stride: isize,
    shift: usize,
) -> (Strided<'_, f64>, Vec<f64>) {
    let span = if n == 0 {
        0
    } else {
        (n - 1) * stride.unsigned_abs()
    };
    let offset = if stride >= 0 { shift } else { shift + span };
    let s = Strided::<f64>::from_bytes(bytes, offset, stride, n).unwrap();
    let logical = (0..n).map(|k| s.get(k).unwrap()).collect();
    (s, logical)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: if cfg!(miri) { 4 } else { 96 }, rng_seed: proptest::test_runner::RngSeed::Fixed(stridekit_kernels::testkit::logged_seed()), ..ProptestConfig::default() })]

    #[test]
    fn strided_binary_matches_reference(
        n in 0usize..300,
        stride_a in -40isize..40,
        stride_out in prop_oneof![8isize..40, -40isize..-8],
        shift in 0usize..8,
        op in 0usize..BinaryOp::ALL.len(),
        seed in any::<u64>(),
    ) {
        let op = BinaryOp::ALL[op];
        let data = values::<f64>(seed, 2000);
        let bytes: Vec<u8> = bytemuck::cast_slice(&data).to_vec();
        let (a, la) = strided_input(&bytes, n, stride_a, shift);
        let b = values::<f64>(seed ^ 1, n);
        for isa in isas_under_test() {
            let mut out_bytes = vec![0u8; n * stride_out.unsigned_abs() + 16];
            let span = if n == 0 { 0 } else { (n - 1) * stride_out.unsigned_abs() };
            let off = if stride_out > 0 { 3 } else { 3 + span };
            let dst = StridedMut::<f64>::from_bytes(&mut out_bytes, off, stride_out, n).unwrap();
            binary_on(Some(isa), op, Src::Strided(a), Src::Slice(&b), Dst::Strided(dst)).unwrap();
            let dst = StridedMut::<f64>::from_bytes(&mut out_bytes, off, stride_out, n).unwrap();
            let got: Vec<f64> = (0..n).map(|k| dst.get(k).unwrap()).collect();
            let mut want = vec![0.0; n];
            reference::binary_slices(op, &la, &b, &mut want);
            assert_bits_eq(&got, &want, &format!("{isa} {} n={n} stride_a={stride_a} stride_out={stride_out}", op.name()));
        }
    }

    #[test]
    fn mixed_form_mul_add_matches_reference(
        n in 0usize..300,
        stride in -64isize..64,
        scalar in any::<f32>(),
        seed in any::<u64>(),
    ) {
        let data = values::<f32>(seed, 5000);
        let bytes: Vec<u8> = bytemuck::cast_slice(&data).to_vec();
        let span = if n == 0 { 0 } else { (n - 1) * stride.unsigned_abs() };
        let offset = if stride >= 0 { 1 } else { 1 + span };
        let a = Strided::<f32>::from_bytes(&bytes, offset, stride, n).unwrap();
        let la: Vec<f32> = (0..n).map(|k| a.get(k).unwrap()).collect();
        let c = values::<f32>(seed ^ 7, n);
        for isa in isas_under_test() {
            let mut out = vec![0.0f32; n];
            ternary_on(Some(isa), TernaryOp::MulAdd, Src::Strided(a), Src::Scalar(scalar), Src::Slice(&c), Dst::Slice(&mut out)).unwrap();
            let want: Vec<f32> = (0..n).map(|k| la[k].mul_add(scalar, c[k])).collect();
            assert_bits_eq(&out, &want, &format!("{isa} mul_add n={n} stride={stride}"));
        }
    }
}
