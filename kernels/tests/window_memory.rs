//! The window kernels' memory claim, measured: a counting global allocator
//! records the bytes allocated during each call. `sum`, `mean`, `min`, `max`
//! allocate nothing; `var`/`std` one buffer of `w` values; `convolve` one
//! copy of the shorter input; `correlate` nothing — never anything of size
//! n·w. (One test function, so no other test thread allocates meanwhile.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use stridekit_kernels::{convolve, correlate, rolling, Mode, Rolling};

struct Counting;

static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's layout contract, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: ptr came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocated_by(f: impl FnOnce()) -> usize {
    let before = BYTES.load(Ordering::Relaxed);
    f();
    BYTES.load(Ordering::Relaxed) - before
}

#[test]
fn window_kernels_allocate_at_most_o_of_w() {
    let n = if cfg!(miri) { 70 } else { 1 << 20 };
    let x: Vec<f64> = (0..n).map(|i| (i % 97) as f64).collect();
    // Resolve the active ISA once (its first call caches an environment read).
    let mut warm = vec![0.0; n];
    rolling(Rolling::Sum, &x, 1, &mut warm).unwrap();
    for w in [1usize, 7, 64, 257].into_iter().filter(|&w| w <= n) {
        let mut out = vec![0.0; n - w + 1];
        for op in [Rolling::Sum, Rolling::Mean, Rolling::Min, Rolling::Max] {
            let bytes = allocated_by(|| rolling(op, &x, w, &mut out).unwrap());
            assert_eq!(bytes, 0, "{op:?} w={w} allocated {bytes} bytes");
        }
        for op in [Rolling::Var { ddof: 0 }, Rolling::Std { ddof: 0 }] {
            let bytes = allocated_by(|| rolling(op, &x, w, &mut out).unwrap());
            assert!(
                bytes <= w * 8,
                "{op:?} w={w} allocated {bytes} bytes (> w values)"
            );
        }
        let h: Vec<f64> = (0..w).map(|k| k as f64).collect();
        let mut out = vec![0.0; n + w - 1];
        let bytes = allocated_by(|| convolve(&x, &h, Mode::Full, &mut out).unwrap());
        assert!(bytes <= w * 8, "convolve w={w} allocated {bytes} bytes");
        let bytes = allocated_by(|| correlate(&x, &h, Mode::Full, &mut out).unwrap());
        assert_eq!(bytes, 0, "correlate w={w} allocated {bytes} bytes");
    }
}
