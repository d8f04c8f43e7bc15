//! Thread counts far beyond any machine (set in code or in the environment)
//! are clamped, never a division by zero or an overflow, and the result keeps
//! its bits. One test function: the settings are process-wide.

use stridekit::{parallel, Array};

#[test]
fn absurd_thread_counts_are_clamped() {
    let n = if cfg!(miri) { 600 } else { 1 << 20 }; // 4 MiB of f32 natively
    let a = Array::from_shape_fn(&[n], |i| (i[0] % 1000) as f32 * 0.25 - 3.0).unwrap();
    parallel::set_min_bytes(0);
    parallel::set_threads(1);
    let want = a.sum().unwrap();
    for t in [1usize << 62, usize::MAX, parallel::MAX_THREADS + 1] {
        parallel::set_threads(t);
        assert_eq!(parallel::threads(), parallel::MAX_THREADS);
        assert_eq!(a.sum().unwrap().to_bits(), want.to_bits(), "threads {t}");
        assert_eq!(a.max().unwrap(), 246.75);
    }
    parallel::set_threads(0);
    assert!(parallel::threads() >= 1);
    assert!(parallel::threads() <= parallel::MAX_THREADS);
}
