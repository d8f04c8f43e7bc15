#!/usr/bin/env python3
# Generates tests/data/views.json: NumPy's shape, byte strides and element-0
# offset for chains of view operations (slicing with steps, indices, newaxis
# and ellipsis; reshape with -1 and without copy; transpose and swapaxes with
# negative axes; broadcast_to; expand_dims; squeeze; flip;
# sliding_window_view), or that NumPy refused the chain. tests/numpy_views.rs
# replays every chain through stridekit and must agree.
#
#   python3 tests/data/gen_views.py      (needs NumPy >= 2.1: reshape(copy=False))
#
# Deterministic: a fixed seed; the output depends only on the NumPy version.

import json
import os
import random

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

ITEM = 8  # float64


def base(shape, order):
    return np.zeros(shape, dtype="<f8", order=order)


def slice_entry(e):
    if e == "newaxis":
        return None
    if e == "ellipsis":
        return Ellipsis
    if "i" in e:
        return e["i"]
    return slice(*e["r"])


def apply(a, op):
    name, args = op[0], op[1:]
    if name == "T":
        return a.T
    if name == "slice":
        index = tuple(slice_entry(e) for e in args[0])
        out = a[index]
        if isinstance(out, np.generic) and Ellipsis not in index:
            out = a[index + (Ellipsis,)]  # the 0-d view, not a scalar copy
        return out
    if name == "reshape":
        return np.reshape(a, args[0], order=args[1], copy=False)
    if name == "broadcast_to":
        return np.broadcast_to(a, args[0])
    if name == "expand_dims":
        return np.expand_dims(a, args[0])
    if name == "squeeze":
        return np.squeeze(a) if not args else np.squeeze(a, axis=args[0])
    if name == "swapaxes":
        return np.swapaxes(a, args[0], args[1])
    if name == "transpose":
        return np.transpose(a, args[0])
    if name == "flip":
        return np.flip(a, args[0])
    if name == "swv":
        return sliding_window_view(a, args[0], axis=args[1])
    raise ValueError(name)


def rand_entry(rng, n):
    r = rng.random()
    if r < 0.15:
        return {"i": rng.randint(-n - 1, n)}
    if r < 0.25:
        return "newaxis"
    if r < 0.3:
        return "ellipsis"
    pick = lambda: rng.choice([None, rng.randint(-n - 2, n + 2)])
    return {"r": [pick(), pick(), rng.choice([None, 1, 2, 3, -1, -2, -3])]}


def rand_op(rng, shape):
    nd = len(shape)
    ax = lambda extra=0: rng.randint(-nd - extra - 1, nd + extra)  # sometimes out of range
    k = rng.randrange(11)
    if k == 0:
        return ["T"]
    if k in (1, 2):
        return ["slice", [rand_entry(rng, shape[min(i, nd - 1)] if nd else 1)
                          for i in range(rng.randint(0, nd + 1))]]
    if k == 3:
        size = int(np.prod(shape))
        dims = []
        rest = size
        for _ in range(rng.randint(0, 3)):
            d = rng.choice([x for x in range(1, 5) if rest % x == 0] or [1])
            dims.append(d)
            rest //= d
        dims.append(rest)
        rng.shuffle(dims)
        if rng.random() < 0.4 and dims:
            dims[rng.randrange(len(dims))] = -1
        return ["reshape", dims, rng.choice("CF")]
    if k == 4:
        target = [rng.choice([n, 3]) if n == 1 else n for n in shape]
        return ["broadcast_to", [rng.randint(1, 3) for _ in range(rng.randint(0, 2))] + target]
    if k == 5:
        return ["expand_dims", ax(1)]
    if k == 6:
        ones = [i for i, n in enumerate(shape) if n == 1]
        if ones and rng.random() < 0.7:
            return ["squeeze", rng.choice(ones) - (nd if rng.random() < 0.5 else 0)]
        return ["squeeze"] if rng.random() < 0.7 else ["squeeze", ax()]
    if k == 7:
        return ["swapaxes", ax(), ax()]
    if k == 8:
        perm = list(range(nd))
        rng.shuffle(perm)
        return ["transpose", [p - nd if rng.random() < 0.3 else p for p in perm]]
    if k == 9:
        return ["flip", ax()]
    if nd == 0:
        return ["T"]
    axis = rng.randrange(nd)
    return ["swv", [rng.randint(0, shape[axis] + 1)], [axis - nd if rng.random() < 0.5 else axis]]


FIXED = [
    # The cases NumPy and stridekit used to disagree on.
    {"base": [[1], "C"], "ops": [["broadcast_to", [1]]]},
    {"base": [[1, 1], "C"], "ops": [["broadcast_to", [1, 3]]]},
    {"base": [[2, 1], "C"], "ops": [["broadcast_to", [2, 3]]]},
    {"base": [[0], "C"], "ops": [["reshape", [0], "C"]]},
    {"base": [[3, 0], "C"], "ops": [["reshape", [0, 3], "C"]]},
    {"base": [[0, 3], "F"], "ops": []},
    {"base": [[2, 1, 3], "C"], "ops": [["expand_dims", -1]]},
    {"base": [[2, 1, 3], "C"], "ops": [["expand_dims", 0]]},
    {"base": [[2, 1, 3], "C"], "ops": [["squeeze"]]},
    {"base": [[2, 1, 3], "C"], "ops": [["slice", ["ellipsis", {"i": 0}]]]},
    {"base": [[2, 1, 3], "C"], "ops": [["slice", ["newaxis"]]]},
    {"base": [[2, 3, 4], "C"], "ops": [["reshape", [3, -1], "C"]]},
    {"base": [[2, 3, 4], "C"], "ops": [["transpose", [-1, 0, 1]]]},
    {"base": [[3, 4], "C"], "ops": [["slice", [{"r": [None, None, None]}, {"r": [1, 2, None]}]], ["reshape", [1, 3], "C"]]},
]


def run(case):
    shape, order = case["base"]
    a = base(shape, order)
    start = a.__array_interface__["data"][0]
    try:
        for op in case["ops"]:
            a = apply(a, op)
    except Exception:
        return {**case, "error": True}
    out = {**case, "error": False, "shape": list(a.shape), "strides": list(a.strides)}
    if a.size:
        out["offset"] = a.__array_interface__["data"][0] - start
    return out


def main():
    rng = random.Random(20261201)
    cases = list(FIXED)
    while len(cases) < 600:
        nd = rng.randint(0, 4)
        shape = [rng.choice([0, 1, 1, 2, 3, 4]) for _ in range(nd)]
        ops, cur = [], base(shape, "C")
        for _ in range(rng.randint(1, 4)):
            op = rand_op(rng, list(cur.shape))
            ops.append(op)
            try:
                cur = apply(cur, op)
            except Exception:
                break
        cases.append({"base": [shape, rng.choice("CF")], "ops": ops})
    out = {"numpy_version": np.__version__, "itemsize": ITEM, "cases": [run(c) for c in cases]}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "views.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=0, separators=(",", ":"))
        f.write("\n")
    errors = sum(c["error"] for c in out["cases"])
    print(f"wrote {path}: {len(out['cases'])} cases, {errors} refused by NumPy")


main()
