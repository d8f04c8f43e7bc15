#!/usr/bin/env python3
"""NumPy on the cases of `benches/stats.rs` (f32, 1M elements and a
1024x1024 matrix). Prints a markdown table of median times.

    taskset -c 1 python3 benches/numpy_stats.py
"""
import numpy as np
from timing import median_time

N = 1 << 20


def main():
    i = np.arange(N, dtype=np.int64)
    a = ((i * 7919) % 10007).astype(np.float32) * np.float32(1e-3) - np.float32(5.0)
    m = a.reshape(1024, 1024)
    parts = [a[:10_000] + np.float32(k) for k in range(100)]
    row = a[:1000]

    def append_rows():
        out = np.zeros((0, 1000), np.float32)
        for _ in range(1000):
            out = np.append(out, row[None], axis=0)
        return out

    print(f"NumPy {np.__version__}\n")
    print("| case | NumPy median |")
    print("|---|---:|")
    cases = (
        ("var 1M", lambda: a.var()),
        ("std 1M (ddof=1)", lambda: a.std(ddof=1)),
        ("nanvar 1M", lambda: np.nanvar(a)),
        ("cumsum 1M", lambda: a.cumsum()),
        ("cumsum axis 0, 1024x1024", lambda: m.cumsum(axis=0)),
        ("var axis 0, 1024x1024", lambda: m.var(axis=0)),
        ("prod 1M", lambda: a.prod()),
        ("concatenate 100 x 10,000", lambda: np.concatenate(parts)),
        ("np.append a row, 1000 x 1000 (the loop NumPy warns about)", append_rows),
    )
    for name, f in cases:
        print(f"| {name} | {median_time(f) * 1e6:.1f} µs |")


main()
