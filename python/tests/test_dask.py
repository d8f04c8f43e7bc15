"""stridekit on a Dask array, chunk by chunk, on a LocalCluster with worker
processes on loopback: rolling windows (map_overlap) equal the in-memory
result bit for bit, sums (tree reduction) exactly for integers."""

import os

import numpy as np
import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

import stridekit as sk  # noqa: E402
import stridekit.dask as skd  # noqa: E402

SEED = int(os.environ.get("STRIDEKIT_SEED", "20261202"))


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    rng = np.random.default_rng(SEED)
    print(f"test_dask seed {SEED}")
    x = rng.standard_normal(200_003) * 100 + 1e4
    path = tmp_path_factory.mktemp("dask") / "x.npy"
    np.save(path, x)
    return path, x


@pytest.mark.parametrize("op", ["sum", "mean", "min", "max", "var", "std"])
@pytest.mark.parametrize("window", [1, 7, 64])
def test_rolling_equals_the_in_memory_result(client, data, op, window):
    path, x = data
    dx = skd.from_npy(path, chunk=30_000)
    got = skd.rolling(dx, op, window).compute()
    want = getattr(sk, f"rolling_{op}")(x, window)
    assert got.shape == want.shape
    assert got.tobytes() == want.tobytes(), op


def test_sums(client, data, tmp_path):
    path, x = data
    got = skd.sum(skd.from_npy(path, chunk=25_000)).compute()
    np.testing.assert_allclose(got, sk.sum(x), rtol=1e-12)
    ints = np.random.default_rng(SEED).integers(-(2**31), 2**31, 100_001).astype(np.int32)
    p = tmp_path / "i.npy"
    np.save(p, ints)
    assert skd.sum(skd.from_npy(p, chunk=9_999)).compute() == ints.astype(np.int64).sum()


def test_in_memory_dask_arrays(client):
    import dask.array as da

    x = np.arange(1000.0) ** 0.5
    got = skd.rolling(da.from_array(x, chunks=97), "max", 10).compute()
    assert np.array_equal(got, sk.rolling_max(x, 10))
    with pytest.raises(ValueError):
        skd.rolling(da.from_array(x, chunks=97), "median", 10)
