"""A rolling mean and a sum of a memory-mapped .npy (256 MiB by default) on
a Dask LocalCluster of 1 and then 2 worker processes, checked against the
in-memory result, with the wall time of each.

    python python/examples/dask_rolling.py [--mib 256] [--window 64]
"""

import argparse
import tempfile
import time
from pathlib import Path

import distributed
import numpy as np

import stridekit as sk
import stridekit.dask as skd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mib", type=int, default=256)
    ap.add_argument("--window", type=int, default=64)
    ap.add_argument("--chunk-mib", type=int, default=16)
    args = ap.parse_args()
    n = args.mib * 2**20 // 8
    chunk = args.chunk_mib * 2**20 // 8
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.npy"
        x = np.lib.format.open_memmap(path, "w+", np.float64, (n,))
        x[:] = np.random.default_rng(1).standard_normal(n)
        x.flush()
        del x
        mapped = sk.open_npy(path)
        t = time.perf_counter()
        want = sk.rolling_mean(mapped, args.window)
        t_local = time.perf_counter() - t
        want_sum = sk.sum(mapped)
        print(f"{args.mib} MiB f64, window {args.window}, chunks of {args.chunk_mib} MiB; "
              f"stridekit in-process rolling_mean: {t_local * 1e3:.0f} ms")
        for workers in [1, 2]:
            with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                          host="127.0.0.1", dashboard_address=None) as cluster, \
                    distributed.Client(cluster):
                dx = skd.from_npy(path, chunk)
                skd.sum(dx).compute()  # warm the workers (imports, page cache)
                best = {}
                for name, job in [("rolling_mean", lambda: skd.rolling(dx, "mean", args.window)),
                                  ("sum", lambda: skd.sum(dx))]:
                    times = []
                    for _ in range(3):
                        t = time.perf_counter()
                        r = job().compute()
                        times.append(time.perf_counter() - t)
                    best[name] = sorted(times)[1]
                    if name == "rolling_mean":
                        assert r.tobytes() == want.tobytes(), "chunked result differs"
                    else:
                        np.testing.assert_allclose(r, want_sum, rtol=1e-12)
                print(f"{workers} worker(s): rolling_mean {best['rolling_mean'] * 1e3:.0f} ms (bit-identical), "
                      f"sum {best['sum'] * 1e3:.0f} ms (median of 3)")


if __name__ == "__main__":
    main()
