#!/usr/bin/env python3
"""NumPy's series for the per-family charts (`benches/charts.sh`): the same
operation, element type and sizes as the criterion group each chart draws,
timed with the median of `timing.median_time`. Writes one JSON file per
group into OUT_DIR, in the form `benches/chart.py --numpy FILE` reads:
{"series": "numpy", "points": [[x, units, seconds], ...]}, where `units` is
the bytes (or elements) one call moves, as in the criterion group.

    taskset -c 1 python3 benches/numpy_charts.py OUT_DIR [--sizes 1024,4096]

Groups:
  add/f32/contig          np.add(a, b, out=out)              bytes 12 n
  sum/f32                 np.add.reduce(x)                   bytes 4 n
  convert/float16-float32 np.copyto(out_f32, a_f16)          bytes 6 n
  rolling_max/f32         sliding_window_view(x, w).max(axis=1, out=out),
                          n = 2^20, x = w                    elements n
"""
import argparse
import json
import os
import platform

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from timing import median_time

DEFAULT_SIZES = [1 << k for k in range(10, 25, 2)]
WINDOW_N = 1 << 20
WINDOWS = [4, 64, 1024]


def data(n, seed):
    return (((np.arange(n) * 7919 + seed) % 10007).astype(np.float32) * np.float32(1e-4))


def write(out_dir, group, points):
    path = os.path.join(out_dir, group.replace("/", "-") + ".json")
    with open(path, "w") as f:
        json.dump({"series": "numpy", "points": points}, f)
    print(f"wrote {path}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir")
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    sizes = [int(s) for s in a.sizes.split(",")]
    print(f"NumPy {np.__version__}, Python {platform.python_version()}")

    def timed(f):
        return median_time(f, min_time=0.2, repeat=a.repeat)

    add, total, convert = [], [], []
    for n in sizes:
        x, y, out = data(n, 1), data(n, 2), np.empty(n, np.float32)
        add.append([n, 12 * n, timed(lambda: np.add(x, y, out=out))])
        total.append([n, 4 * n, timed(lambda: np.add.reduce(x))])
        h = x.astype(np.float16)
        convert.append([n, 6 * n, timed(lambda: np.copyto(out, h))])
        print(f"n={n:>9}  add {add[-1][2] * 1e6:10.2f} us  sum {total[-1][2] * 1e6:10.2f} us"
              f"  f16->f32 {convert[-1][2] * 1e6:10.2f} us")
    write(a.out_dir, "add/f32/contig", add)
    write(a.out_dir, "sum/f32", total)
    write(a.out_dir, "convert/float16-float32", convert)

    x = data(WINDOW_N, 1)
    rolling = []
    for w in WINDOWS:
        out = np.empty(WINDOW_N - w + 1, np.float32)
        view = sliding_window_view(x, w)
        rolling.append([w, WINDOW_N, timed(lambda: view.max(axis=1, out=out))])
        print(f"w={w:>5}  rolling max {rolling[-1][2] * 1e3:9.3f} ms")
    write(a.out_dir, "rolling_max/f32", rolling)


if __name__ == "__main__":
    main()
