#!/usr/bin/env python3
# Generates tests/data/mask.json: NumPy's comparisons (NaN, signed zeros,
# infinities, broadcasting), isnan / isinf / isfinite / signbit, logical
# operations, count_nonzero (whole and per axis), where with broadcasting,
# a[mask] on transposed and sliced arrays (C order), putmask, argwhere, nonzero, any/all per axis,
# for tests/mask.rs. Arrays travel as hex of their C-order bytes.
#
#   python3 tests/data/gen_mask.py      (needs NumPy)

import json
import os
import random

import numpy as np

SPECIAL = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 2.0, 1e-310]


def arr(rng, shape, dt):
    n = int(np.prod(shape))
    return np.array([rng.choice(SPECIAL) for _ in range(n)], dtype=dt).reshape(shape)


def enc(a):
    a = np.array(a, order="C")  # keeps 0-d (ascontiguousarray would make it 1-d)
    return {"dtype": a.dtype.str, "shape": list(a.shape), "hex": a.tobytes().hex()}


def main():
    rng = random.Random(3)
    cases = []
    shapes = [((7,), (7,)), ((3, 1), (4,)), ((2, 3, 4), (3, 1)), ((), (5,)), ((0,), (1,)), ((4, 4), ())]
    for dt in ("<f4", "<f8"):
        for sa, sb in shapes:
            a, b = arr(rng, sa, dt), arr(rng, sb, dt)
            for op in ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal"):
                cases.append({"kind": "compare", "op": op, "a": enc(a), "b": enc(b),
                              "out": enc(getattr(np, op)(a, b))})
        a = arr(rng, (5, 6), dt)
        for op in ("isnan", "isinf", "isfinite", "signbit"):
            cases.append({"kind": "classify", "op": op, "a": enc(a), "out": enc(getattr(np, op)(a))})
        # where with broadcasting: mask (3, 1), a (4,), b scalar array.
        m = np.array([[True], [False], [True]])
        a, b = arr(rng, (4,), dt), np.array(7.5, dtype=dt)
        cases.append({"kind": "where", "m": enc(m), "a": enc(a), "b": enc(b), "out": enc(np.where(m, a, b))})
        m = np.array([rng.random() < 0.5 for _ in range(24)]).reshape(2, 3, 4)
        a, b = arr(rng, (3, 4), dt), arr(rng, (2, 1, 4), dt)
        cases.append({"kind": "where", "m": enc(m), "a": enc(a), "b": enc(b), "out": enc(np.where(m, a, b))})
        # a[mask] from a transposed view and a reversed slice: C index order.
        base = np.arange(60, dtype=dt).reshape(5, 12)
        for view, name in ((base.T, "T"), (base[::-1, 1::3], "rev-step"), (base, "plain")):
            m = np.array([rng.random() < 0.5 for _ in range(view.size)]).reshape(view.shape)
            cases.append({"kind": "extract", "view": name, "m": enc(m), "out": enc(view[m])})
            v = view.copy()
            np.putmask(v, m, -1.0)
            cases.append({"kind": "putmask", "view": name, "m": enc(m), "value": -1.0, "out": enc(v)})
    for shape in ((7,), (3, 4), (2, 3, 5), (), (0, 3)):
        m = np.array([rng.random() < 0.4 for _ in range(int(np.prod(shape)))], dtype=bool).reshape(shape)
        n = np.array([rng.random() < 0.6 for _ in range(int(np.prod(shape)))], dtype=bool).reshape(shape)
        per_axis = [enc(np.count_nonzero(m, axis=k).astype("<i8")) for k in range(m.ndim)]
        cases.append({"kind": "mask", "m": enc(m), "n": enc(n), "count": int(np.count_nonzero(m)),
                      "any": bool(m.any()), "all": bool(m.all()), "count_axis": per_axis,
                      "and": enc(m & n), "or": enc(m | n), "xor": enc(m ^ n), "not": enc(~m),
                      "argwhere": enc(np.argwhere(m).astype("<i8")),
                      "any_axis": [enc(np.any(m, axis=k)) for k in range(m.ndim)],
                      "all_axis": [enc(np.all(m, axis=k)) for k in range(m.ndim)],
                      "nonzero": [enc(i.astype("<i8")) for i in np.nonzero(m)] if m.ndim else None})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mask.json")
    with open(path, "w") as fh:
        json.dump({"numpy_version": np.__version__, "cases": cases}, fh, indent=0)


if __name__ == "__main__":
    main()
