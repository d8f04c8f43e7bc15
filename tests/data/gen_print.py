#!/usr/bin/env python3
# Generates tests/data/print.json: NumPy's str() and repr() of a set of
# arrays (integers, floats with NaN/inf, tiny and huge magnitudes, float16 /
# float32, bool, bytes, 0-d, empty, 3-d, wide rows that wrap, summarised
# arrays of more than 1,000 elements), some at precision 3, for tests/print.rs.
# Each case carries the C-order bytes (hex), the dtype and the shape.
#
#   python3 tests/data/gen_print.py      (needs NumPy)

import json
import os
import random

import numpy as np


def cases(rng):
    nan, inf = float("nan"), float("inf")
    yield np.array([1.0, 2.5, -3.0])
    yield np.array([0.1, 1 / 3, 1e-5], dtype=np.float32)
    yield np.array([0.1, 1 / 3, 1e-5])
    yield np.array([2.0 ** -9, 1.0])
    yield np.array([0.125, 0.375, 1.0])
    yield np.array([nan, -inf, 1.5])
    yield np.array([nan, inf])
    yield np.array([nan])
    yield np.array([-inf, 1e300, 1e-300])
    yield np.array([-0.0, 0.0, 1.0])
    yield np.array([1e8, 1.0])
    yield np.array([99999999.0, 1.0])
    yield np.array([1e6, 2.0], dtype=np.float32)
    yield np.array([999999.0, 2.0], dtype=np.float32)
    yield np.array([1e-4, 0.5])
    yield np.array([9.9e-5, 0.5])
    yield np.array([1.0, 1000.0])
    yield np.array([1.0, 1000.1])
    yield np.array([5e-324, 1.7976931348623157e308])
    yield np.array([1.1, 22.25, 333.125, -4444.0625])
    yield np.array([123456.789, 0.001])
    yield np.array([0.1, 0.25, 1000.0, 2.5, 65504.0], dtype=np.float16)
    yield np.array([0.1, 0.2, 0.3], dtype=np.float16)
    yield np.array([6e-8, 1.0], dtype=np.float16)
    yield np.array([1.0000001, 3.14159265358979, 2.718281828459045])
    yield np.array([1e16, 1.5e16, 0.5])
    yield np.arange(12.0).reshape(3, 4) / 7
    yield np.arange(24.0).reshape(2, 3, 4) - 11.5
    yield np.arange(60).reshape(3, 4, 5) * 1000 - 30000
    yield np.arange(40.0) * 1.5
    yield np.arange(100) ** 3 - 500000
    yield np.arange(1001.0)
    yield np.arange(2000).reshape(40, 50)
    yield (np.arange(3000.0).reshape(10, 30, 10) / 9) ** 2
    yield np.arange(1500, dtype=np.int8)
    yield np.arange(1200.0).reshape(1200, 1)
    yield np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max])
    yield np.array([0, np.iinfo(np.uint64).max], dtype=np.uint64)
    yield np.array([-128, 0, 127], dtype=np.int8)
    yield np.array([1, 2, 3], dtype=np.uint8)
    yield np.array([-40000, 7], dtype=np.int32)
    yield np.array([65535, 0], dtype=np.uint16)
    yield np.array([-5, 5], dtype=np.int16)
    yield np.array([5, 6], dtype=np.uint32)
    yield np.array([True, False, True])
    yield np.array([[True], [False]])
    yield np.array([b"ab", b"c", b"it's", b"\x00\x01"], dtype="S4")
    yield np.array(1.5)
    yield np.array(1e-5)
    yield np.array(1e16)
    yield np.array(-0.0)
    yield np.array(nan)
    yield np.array(np.float32(0.1))
    yield np.array(np.float32(1e16))
    yield np.array(np.float16(0.1))
    yield np.array(7, dtype=np.int32)
    yield np.array(-7)
    yield np.array(True)
    yield np.array(123456789.0)
    yield np.zeros(0)
    yield np.zeros((0, 3))
    yield np.zeros((2, 0, 4), dtype=np.float32)
    yield np.zeros(0, dtype=np.int8)
    yield np.zeros((1, 1, 1))
    yield np.array([[1.5, nan], [-inf, 2.0]])
    for n in (7, 30, 200):
        yield np.array([rng.uniform(-1000, 1000) for _ in range(n)])
        yield np.array([rng.uniform(-1, 1) * 10.0 ** rng.randint(-8, 8) for _ in range(n)], dtype=np.float32)
        yield np.array([rng.randint(-10 ** 9, 10 ** 9) for _ in range(n)])
    yield np.array([rng.choice([1.0, -2.25, 1e-3, 7.0, 123.5]) for _ in range(80)]).reshape(4, 20)
    # Described data (DynView): records, sub-array fields, non-native order.
    ab = [("a", "<i4"), ("b", "<f8")]
    yield np.array([(1, 2.5), (-30, 1e-5)], dtype=ab)
    yield np.array([(1, 2.5), (-30, 7.0), (4, nan)], dtype=ab)
    yield np.array((1, 2.5), dtype=ab)
    yield np.array([(0.5,), (1.25,)], dtype=[("x", "<f4")])
    yield np.array([(b"ann", True, 7), (b"bo", False, 65535)], dtype=[("name", "S5"), ("ok", "?"), ("v", "<u2")])
    yield np.array([((1.5, -2.0), 3), ((0.25, 8.0), -4)], dtype=[("p", "<f8", (2,)), ("id", "<i2")])
    yield np.array([[(1, 2.0), (3, 4.0)], [(5, 6.0), (7, 8.5)]], dtype=[("i", "<i8"), ("f", ">f8")])
    yield np.array([(k, k / 3) for k in range(1200)], dtype=ab)
    yield np.array([1.5, 2.0, -3.25], dtype=">f8")
    yield np.array([1, 300, -2], dtype=">i2")


def main():
    rng = random.Random(11)
    out = []
    for a in cases(rng):
        precisions = (8, 3) if a.dtype.kind in "fV" else (8,)
        for p in precisions:
            with np.printoptions(precision=p):
                described = a.dtype.names is not None or not a.dtype.isnative
                descr = repr(np.lib.format.dtype_to_descr(a.dtype)) if described else None
                out.append({"dtype": a.dtype.str, "descr": descr, "shape": list(a.shape), "precision": p,
                            "hex": np.ascontiguousarray(a).tobytes().hex(), "str": str(a), "repr": repr(a)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "print.json")
    with open(path, "w") as fh:
        json.dump({"numpy_version": np.__version__, "cases": out}, fh, indent=0)


if __name__ == "__main__":
    main()
