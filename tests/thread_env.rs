//! `STRIDEKIT_THREADS` with an absurd or malformed value: clamped or ignored,
//! and said (`parallel::env_warning`, printed by the dispatch report) — never
//! a crash. Its own test binary: the variable is read once per process.

use stridekit::{parallel, Array};

#[test]
fn a_huge_environment_thread_count_is_clamped_and_reported() {
    // Set before anything in this process reads it (one test in this binary).
    std::env::set_var("STRIDEKIT_THREADS", "4611686018427387904");
    assert_eq!(parallel::threads(), parallel::MAX_THREADS);
    let warning = parallel::env_warning().expect("the clamp is reported");
    assert!(warning.contains("4611686018427387904"), "{warning}");
    parallel::set_min_bytes(0);
    let a =
        Array::from_shape_fn(&[if cfg!(miri) { 300 } else { 100_000 }], |i| i[0] as f64).unwrap();
    let n = a.len() as f64;
    assert_eq!(a.sum().unwrap(), n * (n - 1.0) / 2.0);
}
