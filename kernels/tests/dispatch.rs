//! Dispatch, ISA selection and the safe API's error cases.

use stridekit_kernels::testkit::{assert_bits_eq, isas_under_test, values};
use stridekit_kernels::{
    active_isa, add, binary_on, kernels_for, mul_add, report, resolve_isa, BinaryOp, Dst, Isa,
    IsaError, KernelError, Src, Strided, StridedMut,
};

#[test]
fn active_isa_is_the_forced_one_or_the_best() {
    let active = active_isa().expect("a valid STRIDEKIT_ISA (or none) in the test environment");
    match std::env::var("STRIDEKIT_ISA") {
        Ok(name) if !name.trim().is_empty() => {
            assert_eq!(active.name(), name.trim(), "forced ISA not in effect")
        }
        _ => assert_eq!(active, Isa::best()),
    }
    // The dispatched table is the active ISA's.
    assert_eq!(kernels_for::<f32>(active).unwrap().isa(), active);
}

#[test]
fn available_isas_are_consistent() {
    let available = Isa::available();
    assert_eq!(available[0], Isa::Scalar);
    for isa in Isa::ALL {
        assert_eq!(available.contains(isa), isa.is_supported());
        assert_eq!(
            kernels_for::<f64>(*isa).is_ok(),
            isa.is_supported(),
            "{isa}"
        );
        // Every feature an available ISA needs is detected.
        if isa.is_supported() {
            assert!(isa.detected_features().iter().all(|(_, has)| *has));
        }
    }
    assert_eq!(Isa::from_name("avx2"), Some(Isa::Avx2));
    assert_eq!(Isa::from_name("AVX2"), None);
}

#[test]
fn unknown_and_unsupported_isas_are_errors_naming_what_runs() {
    let err = resolve_isa("avx9").unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, IsaError::Unknown { .. }));
    assert!(msg.contains("avx9") && msg.contains("scalar"), "{msg}");
    for isa in Isa::ALL.iter().filter(|i| !i.is_supported()) {
        let err = resolve_isa(isa.name()).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, IsaError::Unsupported { .. }), "{msg}");
        assert!(
            msg.contains(isa.name()) && msg.contains("this CPU runs scalar"),
            "{msg}"
        );
        let mut out = [0.0f32; 2];
        let e = binary_on(
            Some(*isa),
            BinaryOp::Add,
            Src::Scalar(1.0),
            Src::Scalar(2.0),
            Dst::Slice(&mut out),
        );
        assert!(matches!(e, Err(KernelError::Isa(_))));
        assert_eq!(out, [0.0, 0.0], "no kernel may run after an ISA error");
    }
}

#[test]
fn report_names_the_active_isa_and_every_kernel() {
    let r = report();
    let active = active_isa().unwrap();
    assert!(r.contains(&format!("active       : {active}")), "{r}");
    for k in ["add", "maximum", "fmin", "sqrt", "mul_add"] {
        assert!(r.contains(k), "{r}");
    }
}

#[test]
fn dispatched_call_equals_direct_call() {
    let a = values::<f32>(1, 1000);
    let b = values::<f32>(2, 1000);
    let mut dispatched = vec![0.0f32; 1000];
    add(&a, &b, &mut dispatched).unwrap();
    for isa in isas_under_test() {
        let mut direct = vec![0.0f32; 1000];
        binary_on(
            Some(isa),
            BinaryOp::Add,
            Src::Slice(&a),
            Src::Slice(&b),
            Dst::Slice(&mut direct),
        )
        .unwrap();
        assert_bits_eq(&direct, &dispatched, &format!("{isa} vs dispatched"));
    }
}

#[test]
fn length_mismatch_is_an_error_and_writes_nothing() {
    let a = [1.0f64; 5];
    let b = [2.0f64; 4];
    let mut out = [0.0f64; 5];
    let e = add(&a, &b, &mut out).unwrap_err();
    assert_eq!(
        e,
        KernelError::LengthMismatch {
            operand: "b",
            expected: 5,
            found: 4
        }
    );
    assert_eq!(
        e.to_string(),
        "operand `b` has 4 elements but the output has 5"
    );
    assert_eq!(out, [0.0; 5]);
    let s = Strided::from_slice(&a, 0, 2, 3).unwrap();
    let e = mul_add(s, 1.0, Src::Out, &mut out).unwrap_err();
    assert_eq!(
        e,
        KernelError::LengthMismatch {
            operand: "a",
            expected: 5,
            found: 3
        }
    );
}

#[test]
fn strided_runs_are_bounds_checked() {
    let data = [0.0f32; 10];
    assert!(Strided::from_slice(&data, 0, 3, 4).is_ok()); // 0, 3, 6, 9
    assert!(matches!(
        Strided::from_slice(&data, 0, 3, 5),
        Err(KernelError::OutOfBounds { .. })
    ));
    assert!(Strided::from_slice(&data, 9, -3, 4).is_ok()); // 9, 6, 3, 0
    assert!(Strided::from_slice(&data, 8, -3, 4).is_err()); // would reach -1
    assert!(Strided::from_slice(&data, 10, 1, 0).is_ok()); // empty at the end
    assert!(Strided::from_slice(&data, 11, 1, 0).is_err());
    assert!(Strided::from_slice(&data, 4, 0, 1000).is_ok()); // stride 0 reads are fine
    assert!(matches!(
        Strided::from_slice(&data, 0, isize::MAX, 2),
        Err(KernelError::StrideOverflow { .. })
    ));
    let bytes = [0u8; 16];
    assert!(Strided::<f32>::from_bytes(&bytes, 1, 5, 3).is_ok()); // 1..5, 6..10, 11..15
    assert!(Strided::<f32>::from_bytes(&bytes, 2, 5, 3).is_ok()); // last ends at 16
    assert!(Strided::<f32>::from_bytes(&bytes, 3, 5, 3).is_err()); // last ends at 17
    assert!(Strided::<f64>::from_bytes(&bytes, 0, isize::MIN, 2).is_err());
    let e = Strided::<f32>::from_bytes(&bytes, 3, 7, 3).unwrap_err();
    assert_eq!(
        e.to_string(),
        "strided run of 3 elements at byte offset 3 with byte stride 7 does not fit in a buffer of 16 bytes"
    );
}

#[test]
fn writable_runs_may_not_overlap() {
    let mut data = [0.0f32; 10];
    assert!(matches!(
        StridedMut::from_slice(&mut data, 0, 0, 2),
        Err(KernelError::OverlappingOutput { stride: 0, size: 4 })
    ));
    assert!(StridedMut::from_slice(&mut data, 0, 0, 1).is_ok());
    let mut bytes = [0u8; 32];
    assert!(StridedMut::<f32>::from_bytes(&mut bytes, 0, 3, 2).is_err());
    assert!(StridedMut::<f32>::from_bytes(&mut bytes, 0, -4, 2).is_err()); // reaches -4
    assert!(StridedMut::<f32>::from_bytes(&mut bytes, 4, -4, 2).is_ok());
    assert!(StridedMut::<f32>::from_bytes(&mut bytes, 1, 5, 6).is_ok()); // unaligned, ends at 30
}

#[test]
fn unaligned_strided_output_receives_results() {
    let mut bytes = vec![0u8; 64];
    let a = [1.0f32, 2.0, 3.0, 4.0, 5.0];
    {
        let dst = StridedMut::<f32>::from_bytes(&mut bytes, 3, 7, 5).unwrap();
        add(&a, 0.5, dst).unwrap();
    }
    for (k, &x) in a.iter().enumerate() {
        let off = 3 + 7 * k;
        let got = f32::from_le_bytes(bytes[off..off + 4].try_into().unwrap());
        assert_eq!(got, x + 0.5);
    }
}
