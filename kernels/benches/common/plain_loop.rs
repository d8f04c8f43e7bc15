//! The target list every bench's plain baseline loop is compiled for, best
//! first: `multiversion` runs the first target this CPU has, so an AVX-512
//! machine measures the AVX-512 build of the plain loop, not the AVX2 one.
//! Shared by the kernel crate's benches and the array crate's (`#[path]`).

/// `#[multiversion]` with the shared target list, on one function.
macro_rules! plain_loop {
    ($($item:tt)*) => {
        #[multiversion::multiversion(targets(
            "x86_64+avx512f+avx512bw+avx512cd+avx512dq+avx512vl+avx2+fma+f16c+bmi1+bmi2",
            "x86_64+avx2+fma+f16c+bmi1+bmi2",
            "aarch64+neon"
        ))]
        $($item)*
    };
}
