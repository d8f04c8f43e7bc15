#!/usr/bin/env python3
# Writes the .npz read fixtures (tests/data/npz/) with np.savez and
# np.savez_compressed, and npz/manifest.json: for every archive, every
# member's descr (as the .npy header spells it), shape, fortran_order and bytes in C order (hex).
# tests/npz.rs reads each archive with stridekit and compares.
#
#   python3 tests/data/gen_npz.py      (needs NumPy)

import json
import os
import shutil

import numpy as np


def arrays():
    rng = np.random.default_rng(3)
    rec = np.zeros(3, dtype=[("id", "<i4"), ("pos", "<f8", (2,)), ("tag", "S3")])
    rec["id"] = [1, 2, 3]
    rec["pos"] = rng.standard_normal((3, 2))
    rec["tag"] = [b"ab", b"cde", b""]
    return {
        "x": rng.standard_normal((3, 4)),
        "f_order": np.asfortranarray(rng.standard_normal((2, 5)).astype("<f4")),
        "big_endian": np.arange(6, dtype=">i8").reshape(2, 3),
        "scalar": np.array(2.5),
        "empty": np.zeros((0, 3), "<u2"),
        "records": rec,
        "half": np.linspace(-2, 2, 7).astype("<f2"),
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "npz")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    a = arrays()
    np.savez(os.path.join(out, "stored.npz"), **a)
    np.savez_compressed(os.path.join(out, "deflated.npz"), **a)
    np.savez(os.path.join(out, "positional.npz"), a["x"], a["half"])  # arr_0, arr_1
    members = {}
    for name, arr in list(a.items()) + [("arr_0", a["x"]), ("arr_1", a["half"])]:
        members[name] = {"descr": repr(np.lib.format.dtype_to_descr(arr.dtype)), "shape": list(arr.shape),
                         "fortran_order": bool(arr.flags.f_contiguous and not arr.flags.c_contiguous),
                         "hex": np.ascontiguousarray(arr).tobytes().hex()}
    manifest = {"numpy_version": np.__version__,
                "archives": {"stored.npz": list(a), "deflated.npz": list(a),
                             "positional.npz": ["arr_0", "arr_1"]},
                "members": members}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"wrote {out}")


main()
