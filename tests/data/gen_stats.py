#!/usr/bin/env python3
# Generates tests/data/stats.json: NumPy's results for the statistics
# (var std nanmean nanvar nanstd prod nanprod cumsum cumprod ptp), whole-array
# and along axes 0 and -1, with ddof 0, 1 and beyond the length, on float64
# and float32 inputs including empty, all-NaN, NaN/inf-holding and 0-length
# axes; or that NumPy raised. tests/stats.rs checks stridekit against it.
#
#   python3 tests/data/gen_stats.py      (needs NumPy)
#
# Arrays are stored once ("arrays"), cases refer to them by index; values
# are hex bit patterns (exact). Deterministic (fixed seed).

import json
import os
import warnings

import numpy as np

rng = np.random.default_rng(20261201)


def arrays():
    out = []
    for dt in ("<f8", "<f4"):
        out += [
            ("ordinary-1d", rng.standard_normal(37).astype(dt)),
            ("ordinary-2d", (rng.standard_normal((5, 7)) * 10).astype(dt)),
            ("ordinary-3d", rng.uniform(0.5, 1.5, (3, 4, 5)).astype(dt)),
            ("with-nan", np.where(rng.random((4, 6)) < 0.3, np.nan, rng.standard_normal((4, 6))).astype(dt)),
            ("all-nan", np.full((3, 2), np.nan, dt)),
            ("nan-column", np.array([[1, np.nan], [2, np.nan], [4, np.nan]], dt)),
            ("with-inf", np.array([1.0, np.inf, 2.0, -1.0], dt)),
            ("empty", np.zeros(0, dt)),
            ("empty-axis", np.zeros((3, 0), dt)),
            ("one", np.array([2.5], dt)),
            ("signed-zeros", np.array([-0.0, -0.0, 0.0], dt)),
            ("long", rng.standard_normal(1000).astype(dt)),
        ]
    return out


CALLS = []
for f in ("var", "std", "nanvar", "nanstd"):
    for ddof in (0, 1, 50):
        CALLS.append((f, ddof))
for f in ("nanmean", "prod", "nanprod", "cumsum", "cumprod", "ptp"):
    CALLS.append((f, None))


def call(a, f, ddof, axis):
    fn = getattr(np, f)
    if ddof is not None:
        return fn(a, axis=axis, ddof=ddof)
    return fn(a, axis=axis)


def hexes(x):
    x = np.ascontiguousarray(x)
    return x.tobytes().hex()


def main():
    cases, table = [], []
    for index, (name, a) in enumerate(arrays()):
        table.append({"name": name, "dtype": a.dtype.str, "shape": list(a.shape), "hex": hexes(a)})
        for f, ddof in CALLS:
            for axis in [None] + ([0, -1] if a.ndim else []):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        r = np.asarray(call(a, f, ddof, axis), dtype=a.dtype)
                        res = {"shape": list(r.shape), "hex": hexes(r)}
                    except Exception as e:  # noqa: BLE001
                        res = {"error": type(e).__name__}
                cases.append({"array": index, "f": f, "ddof": ddof, "axis": axis, "result": res})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stats.json")
    with open(path, "w") as fh:
        json.dump({"numpy_version": np.__version__, "arrays": table, "cases": cases}, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {path}: {len(cases)} cases")


main()
