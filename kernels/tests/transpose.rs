//! Differential tests for the transposing copy: every ISA × tile shapes
//! 0..=19 × 0..=19 (every block remainder of every backend) and some larger
//! ones × row padding × start misalignment × special values (NaN payloads,
//! signed zeros, subnormals travel as bits), bit-exact against `reference`,
//! with guard elements around and between destination rows.

use stridekit_kernels::reference;
use stridekit_kernels::testkit::{assert_bits_eq, guard, isas_under_test, values, Padded};
use stridekit_kernels::{transpose_on, Float, KernelError};

fn check<T: Float>(rows: usize, cols: usize, pad: usize, misalign: usize) {
    let (ss, ds) = (cols + pad, rows + pad);
    let src_len = if rows == 0 { 0 } else { (rows - 1) * ss + cols };
    let dst_len = if cols == 0 { 0 } else { (cols - 1) * ds + rows };
    let seed = (rows * 1000 + cols * 10 + pad) as u64;
    let src = Padded::new(
        &values::<T>(seed, src_len),
        misalign * std::mem::size_of::<T>(),
    );
    let mut want = vec![guard::<T>(); dst_len];
    reference::transpose(rows, cols, src.run(), ss, &mut want, ds);
    for isa in isas_under_test() {
        let mut dst = Padded::new(
            &vec![guard::<T>(); dst_len],
            misalign * std::mem::size_of::<T>(),
        );
        transpose_on(Some(isa), rows, cols, src.run(), ss, dst.run_mut(), ds).unwrap();
        let what = format!(
            "{isa} {} {rows}x{cols} pad {pad} misalign {misalign}",
            T::RUST_NAME
        );
        assert_bits_eq(dst.run(), &want, &what);
        dst.check_guards(&what);
        src.check_guards(&what);
    }
}

fn all<T: Float>() {
    let (max, pads, aligns): (usize, &[usize], &[usize]) = if cfg!(miri) {
        (5, &[0, 3], &[1])
    } else {
        (19, &[0, 1, 5], &[0, 1, 3])
    };
    for rows in 0..=max {
        for cols in 0..=max {
            for &pad in pads {
                for &m in aligns {
                    check::<T>(rows, cols, pad, m);
                }
            }
        }
    }
    if !cfg!(miri) {
        for (r, c) in [(64, 64), (67, 129), (256, 16), (33, 200)] {
            check::<T>(r, c, 7, 1);
        }
    }
}

#[test]
fn transpose_f32_matches_reference_on_every_isa() {
    all::<f32>();
}

#[test]
fn transpose_f64_matches_reference_on_every_isa() {
    all::<f64>();
}

#[test]
fn tiles_that_do_not_fit_are_errors() {
    let src = [0.0f32; 11];
    let mut dst = [0.0f32; 12];
    let e = transpose_on(None, 3, 4, &src, 4, &mut dst, 3).unwrap_err();
    assert!(
        matches!(
            e,
            KernelError::TileOutOfBounds {
                operand: "src",
                needed: 12,
                len: 11,
                ..
            }
        ),
        "{e}"
    );
    let src = [0.0f32; 12];
    let e = transpose_on(None, 3, 4, &src, 4, &mut dst, 2).unwrap_err();
    assert!(
        matches!(e, KernelError::TileOutOfBounds { operand: "dst", .. }),
        "{e}"
    );
    let mut small = [0.0f32; 11];
    assert!(transpose_on(None, 3, 4, &src, 4, &mut small, 3).is_err());
    assert!(transpose_on::<f64>(None, 0, 4, &[], 0, &mut [], 0).is_ok());
}
