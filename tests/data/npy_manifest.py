# Shared helpers for the .npy fixture manifest (used by gen.py and
# check_written.py; not meant to be run directly).
#
# Manifest schema: see gen.py.  Everything that decides what a manifest entry
# contains (header parsing, descr text extraction, leaf-field walking, hex of
# field values) lives here so the generator and the checker cannot drift.

import ast
import io
import struct

import numpy as np

try:  # public in NumPy 1.x, private module in NumPy 2.x
    from numpy.lib.format import _read_array_header
except ImportError:  # pragma: no cover
    from numpy.lib._format_impl import _read_array_header

MAGIC = b"\x93NUMPY"
# Large enough for the >64 KiB header fixture (NumPy's default limit is 10000).
MAX_HEADER = 1 << 24


def read_raw(path):
    """Parse the container of an .npy file by hand.

    Returns dict(version=[major, minor], header=str, data_offset=int,
    data=bytes, buf=bytes)."""
    with open(path, "rb") as f:
        buf = f.read()
    if buf[:6] != MAGIC:
        raise ValueError("bad magic %r" % buf[:6])
    major, minor = buf[6], buf[7]
    if major == 1:
        (hlen,) = struct.unpack("<H", buf[8:10])
        start = 10
    elif major in (2, 3):
        (hlen,) = struct.unpack("<I", buf[8:12])
        start = 12
    else:
        raise ValueError("unknown format version %d.%d" % (major, minor))
    enc = "utf8" if major == 3 else "latin1"
    header = buf[start:start + hlen].decode(enc)
    off = start + hlen
    return dict(version=[major, minor], header=header, data_offset=off,
                data=buf[off:], buf=buf)


def descr_text(header):
    """Exact text of the 'descr' value in the header dict.

    NumPy writes keys sorted, so it is what lies between "'descr': " and the
    following ", 'fortran_order': " (rfind: only fortran_order and shape
    follow it, so field names cannot confuse this)."""
    key = "'descr': "
    i = header.index(key) + len(key)
    j = header.rindex(", 'fortran_order': ")
    if j < i:
        raise ValueError("descr is not the first key")
    return header[i:j]


def numpy_header(path, version):
    """(shape, fortran_order, dtype) as NumPy's own header reader sees it."""
    with open(path, "rb") as f:
        v = np.lib.format.read_magic(f)
        if list(v) != list(version):
            raise ValueError("read_magic gave %r" % (v,))
        return _read_array_header(f, v, max_header_size=MAX_HEADER)


def load(path, allow_pickle=False):
    return np.load(path, allow_pickle=allow_pickle, max_header_size=MAX_HEADER)


def leaves(dt, path=(), base=0):
    """Yield (path, descr, offset, subshape) for each leaf scalar field of
    dtype `dt`, depth first in dtype order.  Padding is not a field."""
    if dt.names is None:
        if dt.subdtype is not None:
            raise NotImplementedError("top-level sub-array dtype")
        yield list(path), dt.str, base, []
        return
    for name in dt.names:
        fdt, off = dt.fields[name][:2]
        sub = []
        if fdt.subdtype is not None:
            fdt, shp = fdt.subdtype
            sub = list(shp)
            if fdt.names is not None or fdt.subdtype is not None:
                raise NotImplementedError("sub-array of structured/sub-array")
        if fdt.names is not None:
            yield from leaves(fdt, tuple(path) + (name,), base + off)
        else:
            yield list(path) + [name], fdt.str, base + off, sub


def leaf_hex(a, path, descr, subshape):
    """Hex of one leaf's values: logical C order over the array, then C order
    over the sub-array, each scalar's bytes as stored (declared byte order)."""
    v = a
    for name in path:
        v = v[name]
    c = np.ascontiguousarray(v)
    if c.dtype.str != descr:
        raise AssertionError("leaf %r: dtype changed %s -> %s"
                             % (path, descr, c.dtype.str))
    want = a.size * int(np.prod(subshape, dtype=np.int64)) * c.dtype.itemsize
    if c.nbytes != want:
        raise AssertionError("leaf %r: %d bytes, expected %d"
                             % (path, c.nbytes, want))
    return c.tobytes().hex()


def fields(a):
    """Manifest 'fields' list for array `a`."""
    out = []
    for path, descr, off, sub in leaves(a.dtype):
        out.append({"path": path, "descr": descr, "offset": off,
                    "subshape": sub, "hex": leaf_hex(a, path, descr, sub)})
    return out


def fields_from_raw(data, shape, fortran_order, dtype):
    """Same as fields() but computed straight from the file's data bytes,
    independently of NumPy's array machinery (cross-check)."""
    n = int(np.prod(shape, dtype=np.int64))
    isz = dtype.itemsize
    if len(data) != n * isz:
        raise AssertionError("data is %d bytes, expected %d"
                             % (len(data), n * isz))
    # storage position of each element, listed in logical C order
    pos = np.arange(n).reshape(shape, order="F" if fortran_order else "C")
    pos = pos.ravel(order="C")
    out = []
    for path, descr, off, sub in leaves(dtype):
        width = np.dtype(descr).itemsize * int(np.prod(sub, dtype=np.int64))
        buf = io.BytesIO()
        for p in pos:
            s = int(p) * isz + off
            buf.write(data[s:s + width])
        out.append({"path": path, "descr": descr, "offset": off,
                    "subshape": sub, "hex": buf.getvalue().hex()})
    return out


def descr_matches(text, dtype):
    """True if the header descr text evaluates to dtype_to_descr(dtype)."""
    return ast.literal_eval(text) == np.lib.format.dtype_to_descr(dtype)
