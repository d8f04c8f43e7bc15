#!/usr/bin/env python3
# Checks .npy files written by stridekit against NumPy.
#
#   python3 tests/data/check_written.py DIR
#
# DIR holds the .npy files plus DIR/manifest.json in the schema documented in
# gen.py (header_descr = the descr text the writer put in the header).  Every
# entry with "ok": true is loaded with np.load(allow_pickle=False) and checked
# (version bytes, shape, fortran_order, descr, itemsize, 64-byte data
# alignment, per-field hex).  Prints "ok  NAME" / "FAIL NAME: reason" per file;
# exits 1 if anything failed or the manifest lists no files.

import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import npy_manifest as nm  # noqa: E402


def check(path, e):
    raw = nm.read_raw(path)
    if raw["version"] != list(e["version"]):
        return "version %r in file, manifest says %r" % (raw["version"],
                                                         e["version"])
    if raw["data_offset"] % 64:
        return "data offset %d is not a multiple of 64" % raw["data_offset"]
    text = nm.descr_text(raw["header"])
    if text != e["header_descr"]:
        return "header descr text %r != manifest %r" % (text, e["header_descr"])
    shape, fortran, dtype = nm.numpy_header(path, raw["version"])
    a = nm.load(path)
    if a.shape != tuple(e["shape"]):
        return "shape %r != %r" % (a.shape, tuple(e["shape"]))
    if bool(fortran) != e["fortran_order"]:
        return "fortran_order %r != %r" % (fortran, e["fortran_order"])
    if not nm.descr_matches(e["header_descr"], a.dtype):
        return "dtype_to_descr %r != %r" % (
            np.lib.format.dtype_to_descr(a.dtype), e["header_descr"])
    if a.dtype.itemsize != e["itemsize"]:
        return "itemsize %d != %d" % (a.dtype.itemsize, e["itemsize"])
    got = nm.fields(a)
    want = e["fields"]
    if len(got) != len(want):
        return "%d leaf fields, manifest has %d" % (len(got), len(want))
    for g, w in zip(got, want):
        for k in ("path", "descr", "offset", "subshape", "hex"):
            if g[k] != w[k]:
                gv, wv = g[k], w[k]
                if k == "hex":
                    gv, wv = gv[:64] + "...", wv[:64] + "..."
                return "field %r: %s %r != manifest %r" % (w["path"], k, gv, wv)
    # independent of NumPy's array code: the same hex from the raw data bytes
    if nm.fields_from_raw(raw["data"], shape, fortran, dtype) != got:
        return "raw data bytes disagree with np.load"
    return None


def main(argv):
    if len(argv) != 2:
        print("usage: check_written.py DIR", file=sys.stderr)
        return 2
    d = argv[1]
    with open(os.path.join(d, "manifest.json"), encoding="utf8") as f:
        man = json.load(f)
    files = man.get("files", [])
    failed = 0
    checked = 0
    for e in files:
        name = e.get("file", "?")
        if not e.get("ok"):
            print("skip %s (ok=false)" % name)
            continue
        checked += 1
        try:
            why = check(os.path.join(d, name), e)
        except Exception as ex:  # noqa: BLE001 - report, keep going
            why = "%s: %s" % (type(ex).__name__, ex)
        if why is None:
            print("ok  %s" % name)
        else:
            failed += 1
            print("FAIL %s: %s" % (name, why))
    if not files:
        print("FAIL manifest lists zero files")
        return 1
    print("%d checked, %d failed, %d skipped"
          % (checked, failed, len(files) - checked))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
