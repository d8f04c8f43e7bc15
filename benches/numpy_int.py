#!/usr/bin/env python3
"""NumPy on the cases of `benches/int.rs`. Prints a markdown table of
median times.

    taskset -c 1 python3 benches/numpy_int.py
"""
import numpy as np
from timing import median_time


def data(n, salt, dt):
    i = np.arange(n, dtype=np.int64)
    return ((i * 7919 + salt) % 127 + 1).astype(dt)


def main():
    print(f"NumPy {np.__version__}\n")
    print("| case | NumPy median |")
    print("|---|---:|")
    cases = []
    for n in (4096, 1 << 18):
        a, b, o = data(n, 0, np.int32), data(n, 17, np.int32), np.empty(n, np.int32)
        cases.append((f"i32 add, {n}", lambda a=a, b=b, o=o: np.add(a, b, out=o)))
    n = 1 << 20
    a, b, o = data(n, 0, np.uint8), data(n, 17, np.uint8), np.empty(n, np.uint8)
    cases.append((f"u8 add, {n}", lambda: np.add(a, b, out=o)))
    n = 1 << 18
    a16, b16, o16 = data(n, 0, np.int16), data(n, 17, np.int16), np.empty(n, np.int16)
    cases.append((f"i16 mul, {n}", lambda: np.multiply(a16, b16, out=o16)))
    a32, b32, o32 = data(n, 0, np.int32), data(n, 17, np.int32), np.empty(n, np.int32)
    cases.append((f"i32 floor_divide, {n}", lambda: np.floor_divide(a32, b32, out=o32)))
    h = (np.arange(n) % 1000 * 0.25).astype(np.float16)
    ho = np.empty(n, np.float16)
    cases.append((f"f16 add, {n}", lambda: np.add(h, h, out=ho)))
    cases.append((f"f16 sum, {n}", lambda: np.sum(h)))
    s = data(n, 5, np.int32)
    cases.append((f"i32 sum, {n}", lambda: np.sum(s)))
    for name, f in cases:
        print(f"| {name} | {median_time(f) * 1e6:.2f} µs |")


if __name__ == "__main__":
    main()
