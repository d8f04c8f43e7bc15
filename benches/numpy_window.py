#!/usr/bin/env python3
"""NumPy on the cases of `kernels/benches/window.rs` (1M float32 values):
sliding_window_view(x, w).sum(axis=1) / .mean / .max / .var for
w in {4, 64, 1024}, and np.convolve(x, h, 'valid') for taps in {3, 64, 1024}.
Prints a markdown table of median times. Needs NumPy only.

    taskset -c 1 python3 benches/numpy_window.py
"""
import numpy as np
from timing import median_time
from numpy.lib.stride_tricks import sliding_window_view




def main():
    n = 1 << 20
    i = np.arange(n, dtype=np.int64)
    x = ((i * 7919) % 10007).astype(np.float32) * np.float32(1e-3) - np.float32(5.0)
    print(f"NumPy {np.__version__}\n")
    print("| case | w / taps | NumPy median | elements/ns |")
    print("|---|---:|---:|---:|")
    for w in (4, 64, 1024):
        v = sliding_window_view(x, w)
        for name, f in (
            ("window sum", lambda: v.sum(axis=1)),
            ("window mean", lambda: v.mean(axis=1)),
            ("window max", lambda: v.max(axis=1)),
            ("window var", lambda: v.var(axis=1)),
        ):
            t = median_time(f, repeat=3 if w == 1024 else 5)
            print(f"| {name} | {w} | {t * 1e3:.3f} ms | {n / t / 1e9:.3f} |")
    for taps in (3, 64, 1024):
        h = (1.0 / np.arange(1, taps + 1)).astype(np.float32)
        t = median_time(lambda: np.convolve(x, h, "valid"))
        print(f"| np.convolve valid | {taps} | {t * 1e3:.3f} ms | {n / t / 1e9:.3f} |")


if __name__ == "__main__":
    main()
