#!/usr/bin/env python3
# Generates tests/data/int.json: NumPy's integer semantics for tests/int.rs —
# wrapping add / subtract / multiply, floor_divide and remainder with every
# sign pair, by zero and MIN // -1, bitwise ops, shifts by every count from
# -1 to BITS + 1, negative / absolute / square / invert, clip (crossed bounds
# too), with broadcasting between shapes; comparisons on integers; sums,
# products (exact results where they fit in int64 / uint64), min / max /
# argmin / argmax of every type; float16 arithmetic and reductions. Arrays travel as hex
# of their C-order bytes.
#
#   python3 tests/data/gen_int.py      (needs NumPy)

import json
import os
import random
import warnings

import numpy as np

TYPES = ["<i1", "<i2", "<i4", "<i8", "<u1", "<u2", "<u4", "<u8"]
BINARY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply,
    "floor_divide": np.floor_divide, "remainder": np.remainder,
    "maximum": np.maximum, "minimum": np.minimum,
    "bitwise_and": np.bitwise_and, "bitwise_or": np.bitwise_or, "bitwise_xor": np.bitwise_xor,
}
UNARY = {"neg": np.negative, "abs": np.absolute, "square": np.square, "invert": np.invert}
COMPARE = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal"]


def edge(dt):
    info = np.iinfo(dt)
    vals = [info.min, info.max, 0, 1, 2, 3, 7, info.min + 1, info.max - 1]
    if info.min < 0:
        vals += [-1, -2, -3, -7]
    return vals


def arr(rng, shape, dt):
    vals = edge(dt)
    info = np.iinfo(dt)
    n = int(np.prod(shape))
    xs = [rng.choice(vals) if rng.random() < 0.7 else rng.randint(int(info.min), int(info.max)) for _ in range(n)]
    return np.array(xs, dtype=dt).reshape(shape)


def enc(a):
    a = np.array(a, order="C")
    return {"dtype": a.dtype.str, "shape": list(a.shape), "hex": a.tobytes().hex()}


def main():
    warnings.simplefilter("ignore")
    rng = random.Random(16)
    cases = []
    shapes = [((13,), (13,)), ((3, 1), (4,)), ((2, 3, 4), (3, 1)), ((), (5,)), ((0,), (1,))]
    for dt in TYPES:
        bits = np.dtype(dt).itemsize * 8
        for sa, sb in shapes:
            a, b = arr(rng, sa, dt), arr(rng, sb, dt)
            for op, f in BINARY.items():
                cases.append({"kind": "binary", "op": op, "a": enc(a), "b": enc(b), "out": enc(f(a, b))})
            for op in COMPARE:
                cases.append({"kind": "compare", "op": op, "a": enc(a), "b": enc(b),
                              "out": enc(getattr(np, op)(a, b))})
        # Shifts: every count from -1 (unsigned: its wrapped value) to BITS + 1.
        vals = np.array(edge(dt), dtype=dt)
        counts = np.array([c % (1 << bits) if c < 0 and dt[1] == "u" else c for c in range(-1, bits + 2)], dtype=dt)
        a, b = np.repeat(vals, len(counts)), np.tile(counts, len(vals))
        for op, f in (("left_shift", np.left_shift), ("right_shift", np.right_shift)):
            cases.append({"kind": "binary", "op": op, "a": enc(a), "b": enc(b), "out": enc(f(a, b))})
        # Division and remainder for every sign pair, by zero, MIN // -1.
        a = np.array([v for v in edge(dt) for _ in edge(dt)], dtype=dt)
        b = np.array([w for _ in edge(dt) for w in edge(dt)], dtype=dt)
        for op in ("floor_divide", "remainder", "mul"):
            cases.append({"kind": "binary", "op": op, "a": enc(a), "b": enc(b), "out": enc(BINARY[op](a, b))})
        a = arr(rng, (3, 5), dt)
        for op, f in UNARY.items():
            cases.append({"kind": "unary", "op": op, "a": enc(a), "out": enc(f(a))})
        for lo, hi in ((2, 7), (7, 2), (0, 0)):
            cases.append({"kind": "clip", "a": enc(a), "lo": lo, "hi": hi, "out": enc(np.clip(a, dt_val(dt, lo), dt_val(dt, hi)))})
        # Reductions: exact values (as strings), None when NumPy's int64 /
        # uint64 result wrapped (stridekit reports an overflow there).
        for shape in ((17,), (4, 5), (0,)):
            a = arr(rng, shape, dt)
            exact_sum = sum(int(x) for x in a.ravel())
            exact_prod = 1
            for x in a.ravel():
                exact_prod *= int(x)
            small = np.array([rng.randint(-2, 3) if dt[1] == "i" else rng.randint(0, 3) for _ in range(a.size)], dtype=dt).reshape(shape)
            small_prod = 1
            for x in small.ravel():
                small_prod *= int(x)
            case = {"kind": "reduce", "a": enc(a), "small": enc(small),
                    "sum": str(exact_sum) if fits(dt, exact_sum) else None,
                    "prod": str(exact_prod) if fits(dt, exact_prod) else None,
                    "small_prod": str(small_prod)}
            if a.size:
                case.update({"min": int(a.min()), "max": int(a.max()),
                             "argmin": int(a.argmin()), "argmax": int(a.argmax())})
                axes = []
                for k in range(a.ndim):
                    lines = np.moveaxis(a, k, -1).reshape(-1, a.shape[k])
                    sums = [sum(int(x) for x in line) for line in lines]
                    axes.append({"axis": k - a.ndim if k % 2 else k,
                                 "sum": [str(v) for v in sums] if all(fits(dt, v) for v in sums) else None,
                                 "min": [str(v) for v in np.min(a, axis=k).ravel()],
                                 "argmax": [int(v) for v in np.argmax(a, axis=k).ravel()]})
                case["axes"] = axes
                assert int(np.sum(small)) == sum(int(x) for x in small.ravel())
            cases.append(case)
    # float16 arithmetic (NumPy computes in float32 and rounds once).
    h = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 0.1, 3.0, 65504.0, 6e-8, 1e-4, 2049.0, -7.5]
    for sa, sb in shapes:
        a = np.array([rng.choice(h) for _ in range(int(np.prod(sa)))], dtype="<f2").reshape(sa)
        b = np.array([rng.choice(h) for _ in range(int(np.prod(sb)))], dtype="<f2").reshape(sb)
        for op, f in (("add", np.add), ("sub", np.subtract), ("mul", np.multiply), ("div", np.divide),
                      ("maximum", np.maximum), ("minimum", np.minimum)):
            cases.append({"kind": "half", "op": op, "a": enc(a), "b": enc(b), "out": enc(f(a, b))})
        for op, f in (("sqrt", np.sqrt), ("neg", np.negative), ("abs", np.absolute), ("square", np.square)):
            cases.append({"kind": "half_unary", "op": op, "a": enc(a), "out": enc(f(a))})
    # float16 reductions (NumPy accumulates in float32, rounds once). Values
    # k/16 make every float32 sum exact, so any summation order gives
    # NumPy's bits; one variant holds a NaN.
    for shape in ((7,), (130,), (3, 5), (4, 3, 6), (2, 200)):
        for with_nan in (False, True):
            n = int(np.prod(shape))
            a = (np.array([rng.randint(-256, 256) for _ in range(n)]) / 16).astype("<f2").reshape(shape)
            if with_nan:
                a.flat[rng.randrange(n)] = np.nan
            case = {"kind": "half_reduce", "a": enc(a)}
            for name, f in (("sum", np.sum), ("mean", np.mean), ("max", np.max), ("min", np.min),
                            ("nanmax", np.nanmax), ("nanmin", np.nanmin)):
                case[name] = enc(np.asarray(f(a), dtype="<f2"))
            case["argmax"], case["argmin"] = int(np.argmax(a)), int(np.argmin(a))
            case["axes"] = [{"axis": k - a.ndim if k % 2 else k,
                             "sum": enc(np.sum(a, axis=k)), "mean": enc(np.mean(a, axis=k)),
                             "max": enc(np.max(a, axis=k)),
                             "argmax": [int(v) for v in np.argmax(a, axis=k).ravel()]}
                            for k in range(a.ndim)]
            cases.append(case)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "int.json")
    with open(out, "w") as f:
        json.dump({"numpy": np.__version__, "cases": cases}, f, indent=0)
        f.write("\n")
    print(f"{out}: {len(cases)} cases")


def dt_val(dt, v):
    return np.array(v, dtype=dt)


def fits(dt, v):
    return -(1 << 63) <= v < (1 << 63) if dt[1] == "i" else 0 <= v < (1 << 64)


if __name__ == "__main__":
    main()
