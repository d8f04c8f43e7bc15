"""stridekit on Dask arrays, chunk by chunk, on a cluster.

``from_npy`` makes a Dask array whose chunks are zero-copy slices of a
memory-mapped ``.npy`` file, each opened by the worker that computes it (no
data travels in the task graph). ``rolling`` runs a stridekit rolling
window per chunk with ``map_overlap``; ``sum`` is ``map_blocks``-style
partial sums combined by a tree reduction.

Exactness. A window's value depends only on its own elements, but
stridekit's O(n) scans group the elements of a line in blocks of ``window``
counted from the line's first element. So that every chunk groups them as
the whole array does, ``rolling`` aligns chunk boundaries to multiples of
``window`` and gives each chunk ``window`` elements of overlap (one more
than the ``window - 1`` the windows need); the result then equals
``stridekit.rolling_*`` on the in-memory array bit for bit, for every op.
Integer sums are exact whatever the chunks; a float sum's chunked order
differs from the single-array order, so it agrees to rounding only.
"""

import numpy as np

import stridekit as _sk

_ROLLING = {
    "sum": _sk.rolling_sum,
    "mean": _sk.rolling_mean,
    "min": _sk.rolling_min,
    "max": _sk.rolling_max,
    "var": _sk.rolling_var,
    "std": _sk.rolling_std,
}


def _load(path, start, stop):
    return _sk.open_npy(path)[start:stop]


def from_npy(path, chunk):
    """A 1-D Dask array over the ``.npy`` file at ``path`` in chunks of
    ``chunk`` elements; each chunk is a memory-mapped slice opened on the
    worker."""
    import dask
    import dask.array as da

    head = np.load(path, mmap_mode="r")
    if head.ndim != 1:
        raise ValueError(f"from_npy takes 1-D files; {path} has shape {head.shape}")
    n, dtype = head.shape[0], head.dtype.newbyteorder("=")
    del head
    parts = [
        da.from_delayed(dask.delayed(_load)(str(path), s, min(s + chunk, n)), (min(s + chunk, n) - s,), dtype)
        for s in range(0, n, chunk)
    ]
    return da.concatenate(parts)


def _window_chunk(block, op, window, ddof, first):
    f = _ROLLING[op]
    out = f(block, window, ddof=ddof) if op in ("var", "std") else f(block, window)
    # Every chunk but the first has `window` elements of the previous one in
    # front; the window starting at its first element belongs to the
    # previous chunk.
    return out if first else out[1:]


def rolling(x, op, window, ddof=0):
    """``stridekit.rolling_<op>(x, window)`` of a 1-D Dask array, chunk by
    chunk: the same bits as the in-memory call."""
    import dask.array as da

    if op not in _ROLLING:
        raise ValueError(f"op must be one of {sorted(_ROLLING)}, not {op!r}")
    n = x.shape[0]
    if window < 1 or window > n:
        raise ValueError(f"window {window} does not fit an axis of length {n}")
    # Chunk boundaries at multiples of `window`, every chunk at least one
    # window long (a short last chunk joins the one before it).
    size = max(2 * window, (max(x.chunks[0]) // window) * window)
    chunks = [size] * (n // size)
    if n % size:
        if n % size < window and chunks:
            chunks[-1] += n % size
        else:
            chunks.append(n % size)
    x = x.rechunk((tuple(chunks),))
    if x.numblocks[0] == 1:
        return x.map_blocks(lambda b: _window_chunk(b, op, window, ddof, True),
                            chunks=((n - window + 1,),), dtype=x.dtype)
    out_chunks = tuple(c - window + 1 if i == 0 else c for i, c in enumerate(x.chunks[0]))
    return da.map_overlap(
        lambda b, block_info=None: _window_chunk(b, op, window, ddof, block_info[0]["chunk-location"][0] == 0),
        x,
        depth={0: (window, 0)},
        boundary="none",
        trim=False,
        chunks=(out_chunks,),
        dtype=x.dtype,
        allow_rechunk=False,
    )


def _chunk_sum(block, axis=None, keepdims=True, **kwargs):
    return np.asarray(_sk.sum(block)).reshape((1,) * block.ndim)


def _combine_sum(parts, axis=None, keepdims=True, **kwargs):
    total = np.asarray(_sk.sum(parts))
    return total.reshape((1,) * parts.ndim) if keepdims else total


def sum(x, split_every=8):
    """``stridekit.sum`` of a Dask array: per-chunk sums (exact int64 for
    integers) combined by a tree reduction of fan-in ``split_every``."""
    import dask.array as da

    dtype = np.asarray(_sk.sum(np.zeros(1, x.dtype))).dtype
    return da.reduction(x, _chunk_sum, _combine_sum, combine=_combine_sum,
                        dtype=dtype, split_every=split_every, concatenate=True)
