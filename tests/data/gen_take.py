#!/usr/bin/env python3
# Generates tests/data/take.json: NumPy's np.take with mode raise / clip /
# wrap, 1-D and N-d index arrays, axis None / positive / negative, and
# np.take_along_axis with broadcasting, on float64 arange inputs: the result
# shape and values, or that NumPy raised. tests/take.rs replays every case.
#
#   python3 tests/data/gen_take.py      (needs NumPy)

import json
import os
import random

import numpy as np


def main():
    rng = random.Random(11)
    cases = []
    while len(cases) < 400:
        nd = rng.randint(1, 3)
        shape = [rng.randint(0, 4) for _ in range(nd)]
        a = np.arange(int(np.prod(shape)), dtype="<f8").reshape(shape) * 1.5
        kind = rng.choice(["take", "take", "along"])
        if kind == "take":
            ishape = [rng.randint(0, 3) for _ in range(rng.randint(0, 2))]
            idx = np.array([rng.randint(-6, 6) for _ in range(int(np.prod(ishape)))], dtype=np.int64).reshape(ishape)
            axis = rng.choice([None, rng.randint(-nd - 1, nd)])
            mode = rng.choice(["raise", "clip", "wrap"])
            case = {"kind": "take", "shape": shape, "idx_shape": ishape, "idx": idx.ravel().tolist(),
                    "axis": axis, "mode": mode}
            call = lambda: np.take(a, idx, axis=axis, mode=mode)  # noqa: E731
        else:
            axis = rng.randint(-nd, nd - 1)
            ishape = [rng.choice([1, s, rng.randint(0, 3)]) for s in shape]
            if rng.random() < 0.1:
                ishape = ishape[:-1]
            n = int(np.prod(ishape)) if ishape else 1
            idx = np.array([rng.randint(-5, 5) for _ in range(n)], dtype=np.int64).reshape(ishape)
            case = {"kind": "along", "shape": shape, "idx_shape": ishape, "idx": idx.ravel().tolist(),
                    "axis": axis}
            call = lambda: np.take_along_axis(a, idx, axis=axis)  # noqa: E731
        try:
            r = call()
            case.update(error=False, out_shape=list(r.shape), values=np.asarray(r).ravel().tolist())
        except Exception:  # noqa: BLE001
            case.update(error=True)
        cases.append(case)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "take.json")
    with open(path, "w") as fh:
        json.dump({"numpy_version": np.__version__, "cases": cases}, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {path}: {len(cases)} cases, {sum(c['error'] for c in cases)} refused")


main()
