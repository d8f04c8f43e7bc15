"""stridekit for NumPy arrays.

Every function takes NumPy arrays of any layout -- C or Fortran order,
transposed, sliced with steps, reversed, broadcast, big-endian -- and reads
them in place through their own strides: nothing is copied on the way in.
Large inputs are worked on with the GIL released. Results are NumPy arrays
over stridekit's 64-byte aligned buffers.

Float sums (``sum``, ``nansum``, ``mean``, ``dot``, ``var``, ``std``) use a
fixed blocked-pairwise order: the same bits on every CPU (AVX-512, AVX2,
NEON, scalar) and any thread count, as accurate as NumPy's pairwise ``np.sum``
(whose result depends on the memory layout). Integer sums are exact in
int64/uint64 (an overflow raises; NumPy wraps). Operands of two dtypes raise
``TypeError``: stridekit does not promote types (convert with ``astype``).
"""

from . import _native
from ._native import (
    GIL_FREE_BYTES,
    absolute,
    active_isa,
    add,
    astype,
    byteswap,
    compare,
    convolve,
    correlate,
    divide,
    dot,
    fmax,
    fmin,
    max,
    maximum,
    mean,
    min,
    minimum,
    multiply,
    nanmax,
    nanmin,
    nansum,
    negative,
    open_npy,
    rolling_max,
    rolling_mean,
    rolling_min,
    rolling_std,
    rolling_sum,
    rolling_var,
    runtime_report,
    sqrt,
    square,
    std,
    subtract,
    sum,
    take,
    var,
    where,
)

__all__ = [name for name in dir(_native) if not name.startswith("_")] + ["show_runtime"]


def show_runtime():
    """Print the dispatch report (like ``numpy.show_runtime()``): the CPU's
    features, the ISA stridekit chose and why, and the kernels per ISA."""
    print(runtime_report())
