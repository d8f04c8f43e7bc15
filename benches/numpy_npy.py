#!/usr/bin/env python3
"""NumPy on the cases of `benches/npy.rs`, same files and sizes: open a
memory-mapped .npy (1 MiB, 256 MiB), open + sum of a 256 MiB f32 file (mmap
and np.load), a 256 MiB big-endian f64 file to native (`astype('<f8')`, and
`np.copyto` into an existing array), and
the mean of the `salary` field of 10M packed 44-byte records. Prints a
markdown table of medians. Run `cargo bench --bench npy` first (it makes the
files in target/stridekit-bench-data), or this script makes them.

    python3 benches/numpy_npy.py
"""
import os
import numpy as np
from timing import median_time

MIB = 1 << 20
DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "stridekit-bench-data")


def f32_file(size):
    path = os.path.join(DIR, f"f32_{size // MIB}MiB.npy")
    if not os.path.exists(path):
        n = size // 4
        np.save(path, (np.arange(n) % 1000).astype(np.float32) / np.float32(8))
    return path


def be_f64_file(size):
    path = os.path.join(DIR, f"f64_be_{size // MIB}MiB.npy")
    if not os.path.exists(path):
        n = size // 8
        np.save(path, (np.arange(n) * 0.5 - 7.0).astype(">f8"))
    return path


def main():
    os.makedirs(DIR, exist_ok=True)
    print(f"NumPy {np.__version__}\n")
    print("| case | NumPy median |")
    print("|---|---:|")
    rows = []
    for size in (MIB, 256 * MIB):
        p = f32_file(size)
        rows.append((f"mmap_open/{size // MIB}MiB", median_time(lambda: np.load(p, mmap_mode="r"))))
    p = f32_file(256 * MIB)
    rows.append(("open_sum_f32/mmap/256MiB", median_time(lambda: np.load(p, mmap_mode="r").sum(), repeat=5)))
    rows.append(("open_sum_f32/read/256MiB", median_time(lambda: np.load(p).sum(), repeat=5)))
    q = be_f64_file(256 * MIB)
    rows.append(("big_endian_to_native/256MiB", median_time(lambda: np.load(q, mmap_mode="r").astype("<f8"), repeat=5)))
    out = np.zeros(256 * MIB // 8)
    rows.append(("big_endian_to_native/into/256MiB", median_time(lambda: np.copyto(out, np.load(q, mmap_mode="r")), repeat=5)))
    n = 10_000_000
    data = np.zeros(n, dtype=[("name", "S32"), ("age", "<i4"), ("salary", "<f8")])
    data["age"] = np.arange(n) % 50
    data["salary"] = (np.arange(n) % 1000) * 10.0
    rows.append(("field_mean/10M", median_time(lambda: data["salary"].mean(), repeat=5)))
    for name, t in rows:
        unit, scale = ("ms", 1e3) if t >= 1e-3 else ("µs", 1e6)
        print(f"| {name} | {t * scale:.3g} {unit} |")


if __name__ == "__main__":
    main()
