#!/usr/bin/env python3
# Generates the NumPy-written .npy read fixtures for stridekit's tests.
#
#   python3 tests/data/gen.py          (from any directory; needs NumPy)
#
# (Re)creates tests/data/npy/ next to this script: one .npy file per case plus
# npy/manifest.json describing what each file holds (schema below).  Output is
# deterministic (fixed seeds, no timestamps) and only depends on the NumPy
# version.  tests/data/check_written.py validates Rust-written files against a
# manifest in the same schema; npy_manifest.py holds the shared logic.
#
# manifest.json:
#   {"numpy_version": "2.x.y",
#    "files": [
#      {"file": "f8_le.npy", "ok": true, "version": [1, 0],
#       "header_descr": "'<f8'",          # exact descr text in the header
#       "itemsize": 8, "shape": [3, 5], "fortran_order": false,
#       "fields": [                          # one per leaf scalar field
#         {"path": [], "descr": "<f8", "offset": 0, "subshape": [],
#          "hex": "..."}]},                  # values in logical C order, bytes
#                                            # as stored (declared byte order)
#      {"file": "bad_c8.npy", "ok": false, "version": [1, 0],
#       "header_descr": "'<c8'"}]}           # reader must refuse: unsupported

import json
import os
import shutil
import sys
import warnings

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

import npy_manifest as nm  # noqa: E402

OUT = os.path.join(HERE, "npy")
rng = np.random.default_rng(20240607)

# (file name, array, how, ok)  how: "save" | (major, minor) | "fheader"
cases = []


def add(name, a, how="save", ok=True):
    cases.append((name + ".npy", a, how, ok))


# ---------------------------------------------------------------- scalars --
def floats(dt):
    fi = np.finfo(dt)
    vals = [np.nan, np.inf, -np.inf, -0.0, 0.0, fi.smallest_subnormal,
            fi.max, fi.smallest_normal, 1.0, -1.5, 0.1, 3.140625, -1000.25,
            42.0, 2.5e-3]
    return np.array(vals, dtype=np.dtype(dt).newbyteorder("=")) \
        .astype(dt).reshape(3, 5)


def ints(dt):
    ii = np.iinfo(dt)
    mid = 2 if ii.min == 0 else -1
    rnd = rng.integers(ii.min, ii.max, size=2, dtype=np.dtype(dt).newbyteorder("="),
                       endpoint=True)
    vals = [ii.min, ii.max, 0, 1, mid] + [int(x) for x in rnd]
    return np.array(vals, dtype=dt)


add("b1", np.array([True, False, False, True, True, False, True]))
add("u1", ints("|u1"))
add("i1", ints("|i1"))
for t in ("u2", "i2", "u4", "i4", "u8", "i8"):
    add(t + "_le", ints("<" + t))
    add(t + "_be", ints(">" + t))
for t in ("f2", "f4", "f8"):
    add(t + "_le", floats("<" + t))
    add(t + "_be", floats(">" + t))
add("S5", np.array([b"", b"a", b"abcd", b"hello", b"a\x00b", b"\xff\x01"],
                   dtype="|S5").reshape(2, 3))

# ------------------------------------------------------ memory order / nd --
add("fort_f8_2d", np.asfortranarray(np.arange(12, dtype="<f8").reshape(3, 4) / 4))
add("fort_i4_3d", np.asfortranarray(
    np.arange(24, dtype="<i4").reshape(2, 3, 4) * 7 - 80))
add("fort_f4_be_2d", np.asfortranarray(
    (np.arange(12).reshape(3, 4) - 5.5).astype(">f4")))
add("fort_i2_be_3d", np.asfortranarray(
    (np.arange(30).reshape(2, 3, 5) * -1111).astype(">i2")))
add("c_u2_3d", np.arange(24, dtype="<u2").reshape(2, 3, 4) * 2731)

# ---------------------------------------------------------------- versions --
small = np.array([[1.0, -2.0, 0.5], [np.inf, -0.0, 1e-3]], dtype="<f4")
add("ver_1_0", small, (1, 0))
add("ver_2_0", small, (2, 0))
add("ver_3_0", small, (3, 0))
u = np.zeros(3, dtype=[("温度", "<f4"), ("id", "<u2")])
u["温度"] = [21.5, -3.0, 37.0]
u["id"] = [1, 2, 65535]
add("rec_utf8_name", u)                      # np.save picks 3.0
NBIG = 1700  # long names: 1700 fields are enough for a header > 65535 bytes
big = np.zeros(2, dtype=[("field_with_a_long_name_%04d" % i, "u1") for i in range(NBIG)])
bv = big.view(np.uint8).reshape(2, NBIG)
bv[:] = (np.arange(2 * NBIG) * 7 % 251).reshape(2, NBIG)
add("rec_long_header", big)                  # header > 65535 -> 2.0

# ----------------------------------------------------------- 0-d / empty --
add("zerod_f8", np.array(-2.75, dtype="<f8"))
add("zerod_i4", np.array(-123456, dtype="<i4"))
add("empty_f8_0", np.zeros((0,), dtype="<f8"))
add("empty_i4_3x0", np.zeros((3, 0), dtype="<i4"))
# np.save never writes fortran_order=True for empty arrays (they are both C-
# and F-contiguous), so these headers are written with NumPy's header writer.
add("empty_f_0x4", np.zeros((0, 4), dtype="<f8"), "fheader")
add("empty_f_4x0", np.zeros((4, 0), dtype=">i2"), "fheader")

# -------------------------------------------------------------- structured --
people = [(b"Alice", 31, 5250.5), (b"Bob", -1, -0.0),
          (b"exactly-thirty-two-bytes-long!!!", 2147483647, 1e300),
          (b"", -2147483648, np.nan), (b"Zo\xebe", 0, np.inf),
          (b"x\x00y", 42, 1.25)]
flds = [("name", "S32"), ("age", "<i4"), ("salary", "<f8")]
add("rec_packed", np.array(people, dtype=np.dtype(flds)))
al = np.zeros(len(people), dtype=np.dtype(flds, align=True))  # zero padding:
al[...] = people        # np.array(people, dtype=...) leaves it uninitialised
add("rec_aligned", al)
gdt = np.dtype({"names": ["a", "b", "c"], "formats": ["<u2", "<f8", "<i4"],
                "offsets": [0, 3, 16], "itemsize": 24})
g = np.zeros(4, dtype=gdt)
g["a"] = [0, 1, 65535, 4660]
g["b"] = [1.5, -np.inf, 2.0 ** -1074, 1e10]
g["c"] = [-1, 7, 2147483647, -2147483648]
add("rec_offsets", g)
sdt = np.dtype([("id", "<i4"), ("v", "<f4", (3,)), ("m", "<f8", (2, 2))])
s = np.zeros(4, dtype=sdt)
s["id"] = [10, 20, 30, 40]
s["v"] = np.arange(12, dtype="<f4").reshape(4, 3) + 0.5
s["m"] = np.arange(16, dtype="<f8").reshape(4, 2, 2) * -1.25
add("rec_subarray", s)
ndt = np.dtype([("t", "<f8"), ("pos", [("x", "<f4"), ("y", "<f4")]),
                ("flag", "|u1")])
n = np.zeros(5, dtype=ndt)
n["t"] = [0.0, 0.25, 0.5, 0.75, 1.0]
n["pos"]["x"] = [1, 2, 3, 4, 5]
n["pos"]["y"] = [-1, -2, -3, -4, np.nan]
n["flag"] = [0, 1, 255, 128, 7]
add("rec_nested", n)
add("rec_be", np.array([(1, 1.5), (-2, -0.0), (2147483647, np.inf)],
                       dtype=[("a", ">i4"), ("b", ">f8")]))
add("rec_mixed", np.array([(1, 1.5, 0), (-2, -2.5, 255), (305419896, 1e-300, 9)],
                          dtype=[("a", "<i4"), ("b", ">f8"), ("c", "|u1")]))
r2 = np.zeros((2, 3), dtype=[("x", "<i2"), ("y", ">f4"), ("s", "S3")])
r2["x"] = np.arange(6).reshape(2, 3) - 3
r2["y"] = np.arange(6).reshape(2, 3) * 0.5
r2["s"] = np.array([b"a", b"bb", b"ccc", b"", b"d", b"ee"]).reshape(2, 3)
add("rec_2d", r2)
rf = np.zeros((2, 3), dtype=[("id", "<u2"), ("v", ">f4", (2,))])
rf["id"] = np.arange(6).reshape(2, 3) + 100
rf["v"] = np.arange(12).reshape(2, 3, 2) * 1.5
add("rec_2d_f", np.asfortranarray(rf))

# ------------------------------------------------------------- unsupported --
add("bad_c8", np.array([1 + 2j, -0.5j], dtype="<c8"), ok=False)
add("bad_U4", np.array(["ab", "温度", "xyzw"], dtype="<U4"), ok=False)
add("bad_object", np.array([1, "two", None], dtype=object), ok=False)
add("bad_M8", np.array(["2024-01-02T03:04:05", "1970-01-01"],
                       dtype="<M8[s]"), ok=False)


# ------------------------------------------------------------------- write --
def write(path, a, how):
    if how == "save":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "format 2.0/3.0"
            np.save(path, a, allow_pickle=a.dtype.hasobject)
    elif how == "fheader":
        assert a.size == 0
        d = {"descr": np.lib.format.dtype_to_descr(a.dtype),
             "fortran_order": True, "shape": a.shape}
        with open(path, "wb") as f:
            np.lib.format.write_array_header_1_0(f, d)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, a, version=how, allow_pickle=False)


def entry(name, a, how, ok):
    path = os.path.join(OUT, name)
    raw = nm.read_raw(path)
    text = nm.descr_text(raw["header"])
    if not nm.descr_matches(text, a.dtype):
        raise AssertionError("%s: descr text %r mismatch" % (name, text))
    e = {"file": name, "ok": ok, "version": raw["version"],
         "header_descr": text}
    if not ok:
        return e
    shape, fortran, dtype = nm.numpy_header(path, raw["version"])
    b = nm.load(path)
    assert b.shape == a.shape and shape == a.shape and b.dtype == dtype
    assert raw["data_offset"] % 64 == 0, name
    e.update(itemsize=b.dtype.itemsize, shape=list(b.shape),
             fortran_order=bool(fortran), fields=nm.fields(b))
    # cross-checks: from the in-memory array, and from the raw file bytes
    if nm.fields(a) != e["fields"]:
        raise AssertionError("%s: loaded array differs from original" % name)
    if nm.fields_from_raw(raw["data"], shape, fortran, dtype) != e["fields"]:
        raise AssertionError("%s: raw-bytes hex differs" % name)
    return e


def dump(manifest):
    """Readable but compact: one line per field entry."""
    parts = ['{\n "numpy_version": %s,\n "files": [\n'
             % json.dumps(manifest["numpy_version"])]
    files = []
    for e in manifest["files"]:
        head = {k: v for k, v in e.items() if k != "fields"}
        s = "  " + json.dumps(head, ensure_ascii=False)
        if "fields" in e:
            fl = ",\n    ".join(json.dumps(f, ensure_ascii=False,
                                           separators=(",", ":"))
                                for f in e["fields"])
            s = s[:-1] + ', "fields": [\n    ' + fl + "\n  ]}"
        files.append(s)
    parts.append(",\n".join(files))
    parts.append("\n ]\n}\n")
    return "".join(parts)


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    names = [c[0] for c in cases]
    assert len(set(names)) == len(names)
    files = []
    for name, a, how, ok in cases:
        write(os.path.join(OUT, name), a, how)
        files.append(entry(name, a, how, ok))
    text = dump({"numpy_version": np.__version__, "files": files})
    json.loads(text)  # sanity
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf8") as f:
        f.write(text)
    total = sum(os.path.getsize(os.path.join(OUT, x)) for x in os.listdir(OUT))
    print("wrote %d files + manifest.json to %s (%d bytes total)"
          % (len(files), OUT, total))


if __name__ == "__main__":
    main()
