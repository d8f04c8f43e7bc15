#!/usr/bin/env python3
# Generates tests/data/join.json: NumPy's concatenate / stack / hstack /
# vstack on float64 inputs in C, F, transposed and strided layouts, along
# positive and negative axes: the result's shape, byte strides and values
# (hex), or that NumPy raised. tests/join.rs replays every case.
#
#   python3 tests/data/gen_join.py      (needs NumPy)

import json
import os
import random

import numpy as np


def make(spec, start):
    shape, order, view = spec
    n = int(np.prod(shape))
    a = (np.arange(n, dtype="<f8") + start).reshape(shape, order=order)
    if view == "T":
        a = a.T
    elif view == "step" and a.ndim:
        a = a[..., ::2]
    return a


def main():
    rng = random.Random(7)
    cases = []
    while len(cases) < 300:
        f = rng.choice(["concatenate", "stack", "hstack", "vstack"])
        nd = rng.randint(0, 3)
        base = [rng.randint(0, 3) for _ in range(nd)]
        count = rng.randint(1, 3)
        specs = []
        for _ in range(count):
            shape = list(base)
            if nd and f != "stack" and rng.random() < 0.6:
                k = rng.randrange(nd)
                shape[k] = rng.randint(0, 3)
            if rng.random() < 0.1 and nd:
                shape = shape[:-1]  # a mismatched ndim
            specs.append([shape, rng.choice("CF"), rng.choice(["plain", "plain", "T", "step"])])
        axis = rng.randint(-nd - 1, nd)
        arrays, start = [], 0
        for s in specs:
            arrays.append(make(s, start))
            start += 100
        case = {"f": f, "inputs": specs, "axis": axis}
        try:
            if f == "concatenate":
                r = np.concatenate(arrays, axis=axis)
            elif f == "stack":
                r = np.stack(arrays, axis=axis)
            elif f == "hstack":
                r = np.hstack(arrays)
            else:
                r = np.vstack(arrays)
            case.update(error=False, shape=list(r.shape), strides=list(r.strides),
                        hex=np.ascontiguousarray(r).tobytes().hex())
        except Exception:  # noqa: BLE001
            case.update(error=True)
        cases.append(case)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "join.json")
    with open(path, "w") as fh:
        json.dump({"numpy_version": np.__version__, "cases": cases}, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {path}: {len(cases)} cases, {sum(c['error'] for c in cases)} refused")


main()
