"""stridekit vs NumPy from Python, same process, same arrays (timeit,
median of 7 repeats): call overhead, rolling means, byteswap, a big sum.

    taskset -c 1 python python/examples/bench.py     # one core
"""

import timeit

import numpy as np

import stridekit as sk


def t(stmt, number):
    runs = timeit.repeat(stmt, number=number, repeat=7, globals=globals())
    return sorted(runs)[3] / number


def row(what, ours, theirs, name="NumPy"):
    print(f"| {what} | {ours * 1e6:,.2f} µs | {theirs * 1e6:,.2f} µs ({name}) | {theirs / ours:.2f}× |")


rng = np.random.default_rng(1)
small = rng.standard_normal(16)
x = rng.standard_normal(1 << 20)
big = rng.standard_normal(8 << 20)  # 64 MiB of f64
f32 = rng.standard_normal(16 << 20).astype(np.float32)
box = np.ones(64) / 64
swv = np.lib.stride_tricks.sliding_window_view

print(f"ISA {sk.active_isa()}; NumPy {np.__version__}")
print("| case | stridekit | other | ratio |")
print("|---|---:|---:|---:|")
row("sum of 16 f64 (call overhead)", t(lambda: sk.sum(small), 20000), t(lambda: np.sum(small), 20000), "np.sum")
row("sum of 16 f64 (call overhead)", t(lambda: sk.sum(small), 20000), t(lambda: small.sum(), 20000), "a.sum()")
ours = t(lambda: sk.rolling_mean(x, 64), 5)
row("rolling_mean 1M f64, w=64", ours, t(lambda: swv(x, 64).mean(axis=1), 1), "sliding_window_view")
row("rolling_mean 1M f64, w=64", ours, t(lambda: np.convolve(x, box, "valid"), 3), "np.convolve")
c = np.cumsum(np.concatenate(([0.0], x)))
row("rolling_mean 1M f64, w=64", ours, t(lambda: (lambda c: (c[64:] - c[:-64]) / 64)(np.cumsum(np.concatenate(([0.0], x)))), 5), "cumsum")
row("byteswap 64 MiB f64", t(lambda: sk.byteswap(big), 3), t(lambda: big.byteswap(), 3), "a.byteswap()")
row("sum 16M f32", t(lambda: sk.sum(f32), 5), t(lambda: np.sum(f32), 5), "np.sum")
