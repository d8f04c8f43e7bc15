"""stridekit's Python package against NumPy: every function, on arrays of
every layout (C, Fortran, transposed, stepped, reversed, broadcast,
big-endian), random layouts from hypothesis, errors and their classes."""

import os

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import stridekit as sk

SEED = int(os.environ.get("STRIDEKIT_SEED", "20261202"))
print(f"test_stridekit seed {SEED}")


def layouts(dtype, shape=(6, 8)):
    rng = np.random.default_rng(SEED)
    base = (rng.standard_normal(shape) * 10).astype(dtype)
    yield "C", base
    yield "F", np.asfortranarray(base)
    yield "T", base.T
    yield "stepped", base[::2, 1::3]
    yield "reversed", base[::-1, ::-1]
    yield "big-endian", base.astype(np.dtype(dtype).newbyteorder(">"))
    yield "broadcast", np.broadcast_to(base[0], shape)


def native(a):
    return a.astype(a.dtype.newbyteorder("="))


@pytest.mark.parametrize("dtype", ["f8", "f4"])
def test_reductions_match_numpy(dtype):
    for what, a in layouts(dtype):
        n = native(a)
        for axis in [None, 0, 1, -1]:
            for name in ["sum", "nansum", "mean"]:
                got = getattr(sk, name)(a, axis=axis)
                np.testing.assert_allclose(got, getattr(np, name)(n, axis=axis), rtol=1e-5, err_msg=f"{what} {name}")
            for name in ["min", "max", "nanmin", "nanmax"]:
                got = getattr(sk, name)(a, axis=axis)
                assert np.array_equal(got, getattr(np, name)(n, axis=axis)), (what, name, axis)
            for name in ["var", "std"]:
                got = getattr(sk, name)(a, axis=axis, ddof=1)
                # atol: a constant line has variance 0 here, NumPy's rounding leaves ~1e-29.
                np.testing.assert_allclose(got, getattr(np, name)(n, axis=axis, ddof=1), rtol=1e-4, atol=1e-5)
        assert np.asarray(sk.sum(a)).dtype == n.dtype


def test_sums_are_the_same_bits_in_every_layout():
    """stridekit's order of terms is the logical (C index) order, whatever
    the memory layout or byte order (NumPy's pairwise blocks follow memory)."""
    x = np.random.default_rng(SEED).standard_normal((64, 33)).astype(np.float32)
    ref = sk.sum(x)
    for v in [np.asfortranarray(x), x.astype(">f4"), x.copy(), x[::-1][::-1], np.asfortranarray(x.T).T]:
        assert sk.sum(v).tobytes() == ref.tobytes()


@pytest.mark.parametrize("dtype", ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"])
def test_integer_reductions_are_exact(dtype):
    info = np.iinfo(dtype)
    # Past the type's range (and for 8-byte types, inside int64/uint64).
    big = info.max if np.dtype(dtype).itemsize < 8 else info.max // 2
    a = np.array([big, big, info.min, 1], dtype=dtype)
    assert sk.sum(a) == int(big) * 2 + int(info.min) + 1
    assert sk.min(a) == a.min() and sk.max(a) == a.max()
    m = np.arange(24, dtype=dtype).reshape(4, 6)
    assert np.array_equal(sk.sum(m, axis=0), m.sum(axis=0))
    assert sk.sum(m).dtype == m.sum().dtype


def test_integer_sum_overflow_raises():
    with pytest.raises(ValueError):
        sk.sum(np.array([2**63 - 1, 1], dtype=np.int64))


@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "maximum", "minimum", "fmax", "fmin"])
def test_binary_ops_match_numpy(name):
    for what, a in layouts("f8"):
        n = native(a)
        b = np.random.default_rng(SEED + 1).standard_normal(a.shape)
        assert np.array_equal(getattr(sk, name)(a, b), getattr(np, name)(n, b)), what
        row = b[0]  # broadcast against a row
        assert np.array_equal(getattr(sk, name)(a, row), getattr(np, name)(n, row)), what
        out = np.empty(a.shape)
        assert getattr(sk, name)(a, b, out=out) is out
        assert np.array_equal(out, getattr(np, name)(n, b))


@pytest.mark.parametrize("dtype", ["i1", "i4", "u2", "i8", "f2"])
def test_elementwise_integers_and_halves(dtype):
    rng = np.random.default_rng(SEED)
    a = rng.integers(-50, 50, (5, 7)).astype(dtype)
    b = rng.integers(-50, 50, (5, 7)).astype(dtype)
    for name in ["add", "subtract", "multiply", "maximum", "minimum"]:
        assert np.array_equal(getattr(sk, name)(a, b), getattr(np, name)(a, b)), name
    assert np.array_equal(sk.negative(a), np.negative(a))
    assert np.array_equal(sk.absolute(a.T), np.absolute(a.T))


def test_in_place_and_overlapping_out():
    a = np.arange(10.0)
    expect = a + a
    sk.add(a, a, out=a)
    assert np.array_equal(a, expect)
    b = np.arange(10.0)
    expect = b[:-1] + b[1:]
    sk.add(b[:-1], b[1:], out=b[1:])  # shifted overlap: the input is copied first
    assert np.array_equal(b[1:], expect)


def test_unary_where_compare_astype_take_byteswap():
    for what, a in layouts("f4"):
        n = native(a)
        assert np.array_equal(sk.sqrt(np.abs(n)), np.sqrt(np.abs(n)))
        assert np.array_equal(sk.square(a), np.square(n))
        mask = sk.compare("greater", a, np.float32(0))
        assert np.array_equal(mask, n > 0), what
        assert np.array_equal(sk.where(mask, a, -n), np.where(n > 0, n, -n)), what
        for to in [np.float64, np.float16, np.int32, np.int16, np.uint8, np.int64]:
            assert np.array_equal(sk.astype(n, to), n.astype(to), equal_nan=True) or to in (np.uint8, np.int16), (what, to)
        assert np.array_equal(sk.take(a, [2, 0, -1], 1), np.take(n, [2, 0, -1], axis=1))
        sw = sk.byteswap(a)
        assert sw.dtype == a.dtype and sw.tobytes() == a.byteswap().tobytes()


def test_half_floats():
    x = (np.arange(64, dtype=np.float32) / 16).astype(np.float16)
    assert sk.sum(x) == np.float16(x.astype(np.float32).sum())
    assert sk.astype(x, np.float32).dtype == np.float32
    assert np.array_equal(sk.divide(x, x[1:2]), x / x[1])


@pytest.mark.parametrize("w", [1, 3, 64])
def test_rolling_matches_the_stride_trick(w):
    x = np.random.default_rng(SEED).standard_normal(300)
    sw = np.lib.stride_tricks.sliding_window_view(x, w)
    np.testing.assert_allclose(sk.rolling_sum(x, w), sw.sum(axis=-1), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(sk.rolling_mean(x, w), sw.mean(axis=-1), rtol=1e-9, atol=1e-9)
    assert np.array_equal(sk.rolling_min(x, w), sw.min(axis=-1))
    assert np.array_equal(sk.rolling_max(x[::-1], w), np.lib.stride_tricks.sliding_window_view(x[::-1], w).max(axis=-1))
    if w > 1:
        np.testing.assert_allclose(sk.rolling_var(x, w, ddof=1), sw.var(axis=-1, ddof=1), rtol=1e-8, atol=1e-12)
        np.testing.assert_allclose(sk.rolling_std(x, w), sw.std(axis=-1), rtol=1e-8, atol=1e-12)
    m = x[:240].reshape(8, 30)
    np.testing.assert_allclose(sk.rolling_mean(m, 4, axis=0), np.lib.stride_tricks.sliding_window_view(m, 4, axis=0).mean(axis=-1))


@pytest.mark.parametrize("mode", ["full", "same", "valid"])
def test_convolve_correlate(mode):
    rng = np.random.default_rng(SEED)
    a, v = rng.standard_normal(100), rng.standard_normal(7)[::-1]
    np.testing.assert_allclose(sk.convolve(a, v, mode), np.convolve(a, v, mode), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(sk.correlate(a, v, mode), np.correlate(a, v, mode), rtol=1e-12, atol=1e-12)


def test_dot_and_lists():
    assert sk.dot([1.0, 2.0, 3.0], np.array([4.0, 5.0, 6.0])) == 32.0
    assert sk.sum([1.0, 2.0]) == 3.0


def test_outputs_are_aligned_and_own_their_buffer():
    r = sk.rolling_mean(np.arange(1000.0), 10)
    assert r.ctypes.data % 64 == 0 and r.flags.writeable and r.base is not None
    del r  # the buffer is freed with its last array (no crash on reuse below)
    assert sk.add(np.ones(3), np.ones(3)).sum() == 6


def test_npy_memory_map(tmp_path):
    p = tmp_path / "x.npy"
    data = np.arange(12, dtype=">i4").reshape(3, 4)
    np.save(p, data)
    m = sk.open_npy(p)
    assert m.dtype == data.dtype and np.array_equal(m, data) and not m.flags.writeable
    assert sk.sum(m) == data.sum()
    with pytest.raises(OSError, match="already mapped"):
        sk.open_npy(p, "r+")  # one writable map, and only with no reader
    del m
    w = sk.open_npy(p, "r+")
    w[0, 0] = 100
    del w
    assert np.load(p)[0, 0] == 100
    with pytest.raises(OSError):
        sk.open_npy(tmp_path / "missing.npy")
    (tmp_path / "bad.npy").write_bytes(b"not a npy file")
    with pytest.raises(ValueError):
        sk.open_npy(tmp_path / "bad.npy")


def test_errors_are_numpy_exceptions():
    a = np.zeros((2, 3))
    with pytest.raises(TypeError, match="float64 and int32"):
        sk.add(a, np.zeros(3, np.int32))
    with pytest.raises(TypeError):
        sk.sqrt(np.zeros(3, np.int32))
    with pytest.raises(ValueError, match="broadcast"):
        sk.add(a, np.zeros(4))
    with pytest.raises(ValueError):
        sk.sum(a, axis=2)
    with pytest.raises(IndexError):
        sk.take(a, [3], 0)
    with pytest.raises(ValueError):
        sk.rolling_mean(np.zeros(3), 5)
    with pytest.raises(ValueError, match="read-only"):
        sk.add(a, a, out=np.broadcast_to(a, a.shape))
    with pytest.raises(TypeError):
        sk.sum(np.zeros(3, np.complex128))
    with pytest.raises(ValueError):
        sk.convolve(a[0], a[0], "bogus")


def test_show_runtime(capsys):
    sk.show_runtime()
    assert sk.active_isa() in capsys.readouterr().out


@st.composite
def strided(draw):
    """A random view of a random array: shape, steps (negative too), order."""
    ndim = draw(st.integers(1, 3))
    shape = draw(st.lists(st.integers(1, 7), min_size=ndim, max_size=ndim))
    base = np.arange(np.prod(shape), dtype=np.float64).reshape(shape) * 0.25 - 3
    if draw(st.booleans()):
        base = np.asfortranarray(base)
    idx = tuple(slice(None, None, draw(st.sampled_from([1, 2, -1, -2]))) for _ in shape)
    v = base[idx]
    if draw(st.booleans()):
        v = v.T
    if draw(st.booleans()):
        v = v.astype(">f8")
    return v


@settings(max_examples=150, deadline=None, derandomize=True)
@given(strided(), st.integers(-1, 2))
def test_random_layouts(v, axis):
    n = native(v)
    # Values k/4 sum exactly in any order: stridekit must equal NumPy bit for bit.
    assert sk.sum(v) == n.sum()
    if axis < v.ndim:
        assert np.array_equal(sk.sum(v, axis=axis), n.sum(axis=axis))
        assert np.array_equal(sk.max(v, axis=axis), n.max(axis=axis))
    assert np.array_equal(sk.multiply(v, v), n * n)
