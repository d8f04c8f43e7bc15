//! A misspelt `STRIDEKIT_ISA` is a loud error, never a silent fallback.
//! (Its own test binary: the active ISA is decided once per process.)

use stridekit_kernels::{active_isa, add, IsaError, KernelError};

#[test]
fn misspelt_isa_makes_every_dispatched_call_fail() {
    // SAFETY-free in edition 2021; no other thread of this binary reads the environment yet.
    std::env::set_var("STRIDEKIT_ISA", "avx-2");
    let err = active_isa().unwrap_err();
    assert!(matches!(err, IsaError::Unknown { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("\"avx-2\"") && msg.contains("this CPU runs scalar"),
        "{msg}"
    );
    let mut out = [0.0f32; 3];
    let e = add(&[1.0f32; 3], &[2.0f32; 3], &mut out).unwrap_err();
    assert!(matches!(e, KernelError::Isa(IsaError::Unknown { .. })));
    assert_eq!(out, [0.0; 3], "nothing may be computed after an ISA error");
}
