#!/usr/bin/env python3
"""NumPy on the cases of `benches/mask.rs` (f32). Prints a markdown table
of median times.

    taskset -c 1 python3 benches/numpy_mask.py
"""
import numpy as np
from timing import median_time

N = 1 << 18
M = 1 << 20


def data(n, salt):
    i = np.arange(n, dtype=np.int64)
    return (((i * 7919 + salt) % 10007).astype(np.float32) - np.float32(5003.0))


def main():
    a, b = data(N, 0), data(N, 17)
    out = np.empty(N, dtype=bool)
    m = a > b
    w = np.empty(N, dtype=np.float32)
    big = data(M, 3)
    rng = np.random.default_rng(1)
    half = rng.random(M) < 0.5
    print(f"NumPy {np.__version__}\n")
    print("| case | NumPy median |")
    print("|---|---:|")
    cases = (
        ("a > b into out, 262144", lambda: np.greater(a, b, out=out)),
        ("count_nonzero(a > 0), 262144", lambda: np.count_nonzero(a > 0)),
        ("where(m, a, b) into out, 262144", lambda: np.where(m, a, b)),
        ("a[mask], 50% random, 1M", lambda: big[half]),
    )
    for name, f in cases:
        print(f"| {name} | {median_time(f) * 1e6:.1f} µs |")


if __name__ == "__main__":
    main()
