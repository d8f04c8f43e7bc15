#!/usr/bin/env python3
"""NumPy on the five cases of `benches/views.rs`: `np.add(a, b, out=out)` into
a preallocated C-order output, f32, same shapes and same input values.

Prints the NumPy version and a markdown table: case, median time of one call
(ms) and output elements per nanosecond. Each repeat of `timeit.repeat` times
a loop of calls sized to ~0.1 s; the median is over the repeats.

    python3 benches/numpy_views.py [--repeat N] [--min-time SECONDS]

Needs NumPy only (`pip install numpy`); the crate's own tests and benches do
not use Python. Before timing, each case's result is checked against the
value computed from the indices (the same formulas as the Rust bench).
"""
import argparse
import platform
import timeit

import numpy as np

N = 2048  # side of the square cases
R = 100_000  # rows of the (R, 3) + (3,) case


def va(i):
    """Deterministic, non-trivial inputs (as `va` in views.rs)."""
    return (i % 1000).astype(np.float32) * np.float32(0.5)


def vb(i):
    """The second input pattern (as `vb` in views.rs)."""
    return ((i * 7 + 3) % 977).astype(np.float32) * np.float32(0.25)


def cases():
    """(group name, a, b, out, expected) per case, as in views.rs."""
    i = np.arange(N * N, dtype=np.int64)
    m = va(i).reshape(N, N)
    r, c = np.divmod(i, N)
    yield "view/m+m", m, m, np.zeros((N, N), np.float32), va(i) + va(i)
    yield "view/m+m.T", m, m.T, np.zeros((N, N), np.float32), va(i) + va(c * N + r)

    col = va(np.arange(N)).reshape(N, 1)
    row = vb(np.arange(N)).reshape(1, N)
    yield "view/outer", col, row, np.zeros((N, N), np.float32), va(r) + vb(c)

    j = np.arange(R * 3, dtype=np.int64)
    b3 = np.array([1.5, -2.25, 3.0], np.float32)
    a3 = va(j).reshape(R, 3)
    yield "view/100000x3+3", a3, b3, np.zeros((R, 3), np.float32), va(j) + b3[j % 3]

    big = va(np.arange(N * 2 * N, dtype=np.int64)).reshape(N, 2 * N)
    b = vb(i).reshape(N, N)
    yield (
        "view/colslice2+contig",
        big[:, ::2],
        b,
        np.zeros((N, N), np.float32),
        va(r * 2 * N + c * 2) + vb(i),
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15, help="timed repeats (median taken)")
    ap.add_argument("--min-time", type=float, default=0.1, help="seconds per repeat, about")
    args = ap.parse_args()

    print(f"NumPy {np.__version__}, Python {platform.python_version()}, {platform.machine()}")
    print()
    print("| case | NumPy median ms | elements/ns |")
    print("|---|---:|---:|")
    for name, a, b, out, expected in cases():
        assert a.dtype == b.dtype == out.dtype == np.float32
        np.add(a, b, out=out)
        if not np.array_equal(out.reshape(-1), expected.astype(np.float32)):
            raise SystemExit(f"{name}: NumPy result differs from the expected values")

        def call(a=a, b=b, out=out):
            np.add(a, b, out=out)

        # Calls per repeat: enough for about --min-time seconds.
        one = min(timeit.repeat(call, number=1, repeat=3))
        number = max(1, int(args.min_time / max(one, 1e-9)))
        times = timeit.repeat(call, number=number, repeat=args.repeat)
        median = float(np.median(times)) / number
        n = out.size
        print(f"| {name} | {median * 1e3:.3f} | {n / (median * 1e9):.3f} |")


if __name__ == "__main__":
    main()
