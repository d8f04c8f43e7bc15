//! A misspelt `STRIDEKIT_ISA` makes every operation on views return the
//! kernel layer's error (its own process: dispatch is decided once).

use stridekit::kernels::{IsaError, KernelError};
use stridekit::{ops, Array, Error};

#[test]
fn a_bad_forced_isa_is_an_error_not_a_fallback() {
    // This binary has one test, and nothing has read the variable yet.
    std::env::set_var("STRIDEKIT_ISA", "avx9000");
    let a = Array::from_vec(vec![1.0f32, 2.0], &[2]).unwrap();
    let mut out = Array::<f32>::zeros(&[2]).unwrap();
    let e = ops::add(&a, &a, &mut out).unwrap_err();
    assert!(
        matches!(e, Error::Kernel(KernelError::Isa(IsaError::Unknown { ref name, .. })) if name == "avx9000"),
        "{e}"
    );
    assert_eq!(out.to_vec(), vec![0.0, 0.0]);
    assert!((&a + &a).is_err());
}
