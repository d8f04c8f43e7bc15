#!/usr/bin/env python3
# Generates tests/data/comfort.json: NumPy's arange and linspace (float64 and
# float32, values as hex) and allclose (pairs with their rtol / atol,
# infinities, NaN and broadcasting) for tests/comfort.rs.
#
#   python3 tests/data/gen_comfort.py      (needs NumPy)

import json
import os
import random

import numpy as np


def main():
    rng = random.Random(5)
    ar, ls, close = [], [], []
    for dt in ("<f8", "<f4"):
        for start, stop, step in [(0, 10, 1), (0, 1, 0.1), (1, -1, -0.3), (0.5, 7.25, 0.75),
                                  (3, 3, 1), (5, 0, 1), (-2.5, 2.5, 0.2), (1e8, 1e8 + 5, 0.7)]:
            r = np.arange(start, stop, step, dtype=dt)
            ar.append({"dtype": dt, "start": start, "stop": stop, "step": step, "hex": r.tobytes().hex()})
        for start, stop, num in [(0, 1, 5), (0, 1, 1), (0, 1, 0), (-3, 7, 11), (1, 1, 4), (0.1, 0.7, 7),
                                 (1e-3, 1e3, 50), (2, -2, 9)]:
            r = np.linspace(start, stop, num, dtype=dt)
            ls.append({"dtype": dt, "start": start, "stop": stop, "num": num, "hex": r.tobytes().hex()})
    for _ in range(200):
        n = rng.randint(1, 4)
        a = [rng.choice([1.0, 1e-9, -2.5, 1e6, float("inf"), float("-inf"), float("nan"), 0.0]) for _ in range(n)]
        b = [x * (1 + rng.choice([0, 1e-6, 1e-4, -1e-5])) + rng.choice([0, 1e-9, 1e-7]) if np.isfinite(x) else x
             for x in a]
        if rng.random() < 0.2:
            b = b[:1]  # broadcast
        rtol, atol = rng.choice([(1e-5, 1e-8), (0, 0), (1e-3, 0), (0, 1e-6)])
        close.append({"a": [repr(x) for x in a], "b": [repr(x) for x in b], "rtol": rtol, "atol": atol,
                      "result": bool(np.allclose(np.array(a), np.array(b), rtol=rtol, atol=atol))})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "comfort.json")
    with open(path, "w") as fh:
        json.dump({"numpy_version": np.__version__, "arange": ar, "linspace": ls, "allclose": close}, fh,
                  separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {path}")


main()
