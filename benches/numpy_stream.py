#!/usr/bin/env python3
"""NumPy on the sweep of `benches/stream.rs`: `np.add(col, row, out=out)` with
col (R,1), row (1,2048), f32, out a preallocated C-order (R,2048), for
outputs of 1 MiB to 256 MiB in steps of 2x and one row fewer or more around
each step. Prints a line per size (bytes written, median ms, GB/s); with
--json FILE writes the series `benches/chart.py --numpy FILE` draws.

    taskset -c 1 python3 benches/numpy_stream.py [--json FILE] [--sizes 1,2,4]
"""
import argparse
import json
import platform

import numpy as np

from timing import median_time

COLS = 2048


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    ap.add_argument("--sizes", default=",".join(str(1 << k) for k in range(9)))
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    print(f"NumPy {np.__version__}, Python {platform.python_version()}")
    row = (((np.arange(COLS) * 7 + 3) % 977).astype(np.float32) * np.float32(0.25)).reshape(1, COLS)
    points = []
    for mib in (int(s) for s in a.sizes.split(",")):
        base = mib * (1 << 20) // (COLS * 4)
        for rows in (base - 1, base, base + 1):
            col = ((np.arange(rows) % 1000).astype(np.float32) * np.float32(0.5)).reshape(rows, 1)
            out = np.empty((rows, COLS), np.float32)
            np.add(col, row, out=out)
            assert np.array_equal(out, col + row)
            t = median_time(lambda: np.add(col, row, out=out), min_time=0.2, repeat=a.repeat)
            nbytes = out.nbytes
            points.append([nbytes, t])
            print(f"{nbytes:>11} B  {t * 1e3:9.3f} ms  {nbytes / t / 1e9:6.1f} GB/s")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"series": "numpy", "points": points}, f)


if __name__ == "__main__":
    main()
