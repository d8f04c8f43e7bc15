#!/usr/bin/env python3
"""NumPy on the cases of `kernels/benches/movement.rs`: in-place byteswap of
u32, astype f32->f64, f64->f32, f16->f32, f32->f16 at 4K / 256K / 16M
elements, and take of 4K / 1M random int64 indices from a 16M float32
array. Prints a markdown table of median times and GB/s (bytes read +
written). Needs NumPy only; the crate's tests do not.

    taskset -c 1 python3 benches/numpy_movement.py
"""
import numpy as np
from timing import median_time




def val(n):
    i = np.arange(n, dtype=np.int64)
    return ((i * 7919) % 10007).astype(np.float32) * np.float32(0.37) - np.float32(1000.0)


def main():
    print(f"NumPy {np.__version__}\n")
    print("| case | n | NumPy median | GB/s |")
    print("|---|---:|---:|---:|")
    for n in (4096, 262_144, 1 << 24):
        u = np.arange(n, dtype=np.uint32)
        f32 = val(n)
        f64 = f32.astype(np.float64) * 1.0000001
        f16 = f32.astype(np.float16)
        cases = (
            ("byteswap u32 in place", lambda: u.byteswap(inplace=True), 8 * n),
            ("astype f32->f64", lambda: f32.astype(np.float64), 12 * n),
            ("astype f64->f32", lambda: f64.astype(np.float32), 12 * n),
            ("astype f16->f32", lambda: f16.astype(np.float32), 6 * n),
            ("astype f32->f16", lambda: f32.astype(np.float16), 6 * n),
        )
        for name, f, nbytes in cases:
            t = median_time(f)
            print(f"| {name} | {n} | {t * 1e6:.2f} µs | {nbytes / t / 1e9:.1f} |")
    data = np.arange(1 << 24, dtype=np.float32)
    rng = np.random.default_rng(42)
    for n in (4096, 1 << 20):
        idx = rng.integers(0, 1 << 24, size=n, dtype=np.int64)
        t = median_time(lambda: np.take(data, idx))
        print(f"| take f32 by i64 | {n} | {t * 1e6:.2f} µs | {n / t / 1e9:.3f} G elem/s |")


if __name__ == "__main__":
    main()
