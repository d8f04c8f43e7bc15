#!/usr/bin/env python3
"""NumPy on the cases of `benches/reduce.rs` (f32, same input values):
sum, dot, max, argmax at 4K / 256K / 16M elements, and sum(axis=0) /
sum(axis=1) of a 2048x2048 C-order matrix. Prints a markdown table of median
times and GB/s (bytes read). Needs NumPy only; the crate's tests do not.

    python3 benches/numpy_reduce.py
"""
import numpy as np
from timing import median_time


def data(n):
    i = np.arange(n, dtype=np.int64)
    return (((i * 7919) % 10007).astype(np.float32) * np.float32(1e-4)).astype(np.float32)




def main():
    print(f"NumPy {np.__version__}\n")
    print("| case | n | NumPy median | GB/s |")
    print("|---|---:|---:|---:|")
    for n in (4096, 262_144, 1 << 24):
        x = data(n)
        y = data(n + 3)[3:].copy()
        for name, f, nbytes in (
            ("sum", lambda: x.sum(), 4 * n),
            ("dot", lambda: np.dot(x, y), 8 * n),
            ("max", lambda: x.max(), 4 * n),
            ("argmax", lambda: x.argmax(), 4 * n),
        ):
            t = median_time(f)
            print(f"| {name} | {n} | {t * 1e6:.2f} µs | {nbytes / t / 1e9:.1f} |")
    m = data(2048 * 2048).reshape(2048, 2048)
    for axis in (0, 1):
        t = median_time(lambda: m.sum(axis=axis))
        print(f"| sum(axis={axis}) 2048² | {m.size} | {t * 1e6:.2f} µs | {m.nbytes / t / 1e9:.1f} |")


if __name__ == "__main__":
    main()
