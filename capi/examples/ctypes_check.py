"""stridekit's C ABI from Python through ctypes, as the NumPy guide's
"interfacing with C" section does: descriptors are filled from NumPy arrays
(`arr.ctypes.data`, `arr.shape`, `arr.strides`, the dtype's code and byte
order) with no copy, for C-order, transposed, reversed, broadcast
(zero-stride) and big-endian arrays, and every result is checked against
NumPy. Run by ci/capi.sh; STRIDEKIT_CAPI_LIB names the shared library."""

import ctypes as C
import os
import sys

import numpy as np

lib = C.CDLL(os.environ.get("STRIDEKIT_CAPI_LIB", "target/debug/libstridekit_c.so"))
I64P = C.POINTER(C.c_int64)


class Array(C.Structure):
    _fields_ = [
        ("data", C.c_void_p),
        ("ndim", C.c_int32),
        ("shape", I64P),
        ("strides", I64P),
        ("dtype", C.c_int32),
        ("byteorder", C.c_int32),
        ("writeable", C.c_int32),
    ]


CODES = {"b1": 1, "i1": 2, "i2": 3, "i4": 4, "i8": 5, "u1": 6, "u2": 7, "u4": 8, "u8": 9,
         "f2": 10, "f4": 11, "f8": 12}
ALL_AXES = -(2**31)
P = C.POINTER(Array)
for name, args in {
    "stridekit_binary": [C.c_char_p, P, P, P],
    "stridekit_unary": [C.c_char_p, P, P],
    "stridekit_reduce": [C.c_char_p, P, C.c_int32, C.c_int64, P],
    "stridekit_rolling": [C.c_char_p, P, C.c_int32, C.c_int64, C.c_int64, P],
    "stridekit_convolve": [P, P, C.c_char_p, P],
    "stridekit_correlate": [P, P, C.c_char_p, P],
    "stridekit_byteswap": [P, P],
    "stridekit_astype": [P, P],
    "stridekit_take": [P, C.c_int32, P, P],
}.items():
    f = getattr(lib, name)
    f.argtypes, f.restype = args, C.c_int32
lib.stridekit_last_error.restype = C.c_char_p
lib.stridekit_active_isa.restype = C.c_char_p


def describe(a, writeable=False):
    """A descriptor of `a`'s own memory; the arrays it points to are kept
    alive on the returned structure."""
    shape = (C.c_int64 * max(a.ndim, 1))(*a.shape)
    strides = (C.c_int64 * max(a.ndim, 1))(*a.strides)
    order = {"=": 0, "|": 0, "<": 1, ">": 2}[a.dtype.byteorder]
    d = Array(a.ctypes.data, a.ndim, shape, strides, CODES[a.dtype.str[1:]], order, int(writeable))
    d._keep = (a, shape, strides)
    return C.byref(d)


def ok(status):
    if status != 0:
        raise AssertionError(f"status {status}: {lib.stridekit_last_error().decode()}")


def layouts(rng, dtype):
    base = rng.standard_normal((6, 8)).astype(dtype)
    yield "C order", base
    yield "transposed", base.T
    yield "reversed", base[::-1, ::-2]
    be = base.astype(np.dtype(dtype).newbyteorder(">"))
    yield "big-endian", be
    yield "big-endian transposed", be.T


def main():
    seed = int(os.environ.get("STRIDEKIT_SEED", "20261202"))
    print(f"ctypes check: seed {seed}, ISA {lib.stridekit_active_isa().decode()}")
    rng = np.random.default_rng(seed)
    checked = 0
    for dtype in ["f8", "f4"]:
        for what, a in layouts(rng, dtype):
            native = a.astype(a.dtype.newbyteorder("="))
            b = rng.standard_normal(a.shape).astype(native.dtype)
            out = np.empty(a.shape, native.dtype)
            ok(lib.stridekit_binary(b"multiply", describe(a), describe(b), describe(out, True)))
            assert np.array_equal(out, native * b), what
            # Broadcast: a row with a zero stride.
            row = np.broadcast_to(b[0], a.shape)
            ok(lib.stridekit_binary(b"add", describe(a), describe(row), describe(out, True)))
            assert np.array_equal(out, native + row), what
            for axis in [0, 1, -1]:
                s = np.empty(np.delete(a.shape, axis), native.dtype)
                ok(lib.stridekit_reduce(b"max", describe(a), axis, 0, describe(s, True)))
                assert np.array_equal(s, native.max(axis=axis)), (what, axis)
                ok(lib.stridekit_reduce(b"sum", describe(a), axis, 0, describe(s, True)))
                np.testing.assert_allclose(s, native.sum(axis=axis), rtol=1e-5)
            total = np.empty((), native.dtype)
            ok(lib.stridekit_reduce(b"std", describe(a), ALL_AXES, 1, describe(total, True)))
            np.testing.assert_allclose(total, native.std(ddof=1), rtol=1e-5)
            w = 3
            r = np.empty((a.shape[0], a.shape[1] - w + 1), native.dtype)
            ok(lib.stridekit_rolling(b"min", describe(a), 1, w, 0, describe(r, True)))
            sw = np.lib.stride_tricks.sliding_window_view(native, w, axis=1)
            assert np.array_equal(r, sw.min(axis=-1)), what
            swapped = np.empty(a.shape, a.dtype)
            ok(lib.stridekit_byteswap(describe(a), describe(swapped, True)))
            assert np.array_equal(swapped, a.byteswap()), what
            ints = np.empty(a.shape, np.int32)
            ok(lib.stridekit_astype(describe(a * 100), describe(ints, True)))
            assert np.array_equal(ints, (native * 100).astype(np.int32)), what
            idx = np.array([3, 0, -1, 2], np.int64)
            t = np.empty((a.shape[0], 4), a.dtype)
            ok(lib.stridekit_take(describe(a), 1, describe(idx), describe(t, True)))
            assert np.array_equal(t, np.take(a, idx, axis=1)), what
            checked += 1
    x = rng.standard_normal(50)
    for mode in ["full", "same", "valid"]:
        v = rng.standard_normal(5)[::-1]  # a reversed kernel: negative stride
        out = np.empty(np.convolve(x, v, mode).shape)
        ok(lib.stridekit_convolve(describe(x), describe(v), mode.encode(), describe(out, True)))
        np.testing.assert_allclose(out, np.convolve(x, v, mode), rtol=1e-12, atol=1e-12)
        ok(lib.stridekit_correlate(describe(x), describe(v), mode.encode(), describe(out, True)))
        np.testing.assert_allclose(out, np.correlate(x, v, mode), rtol=1e-12, atol=1e-12)
    i32 = np.array([2**31 - 1] * 4, np.int32)
    s = np.empty((), np.int64)
    ok(lib.stridekit_reduce(b"sum", describe(i32), ALL_AXES, 0, describe(s, True)))
    assert s == 4 * (2**31 - 1) == i32.sum()
    # Errors carry a status and a message.
    f = np.zeros(4)
    assert lib.stridekit_binary(b"add", describe(f), describe(np.zeros(4, np.int32)), describe(f, True)) == 2
    assert b"float64 and int32" in lib.stridekit_last_error()
    assert lib.stridekit_unary(b"sqrt", describe(f), describe(f)) == 1  # read-only out
    assert lib.stridekit_take(describe(f), 0, describe(np.array([7])), describe(np.empty(1), True)) == 3
    print(f"ctypes check: {checked} layouts x families and the errors agree with NumPy")


if __name__ == "__main__":
    sys.exit(main())
