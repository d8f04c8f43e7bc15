#!/usr/bin/env python3
# Checks the .npz archives examples/npy_write.rs rewrote (DIR/npz/) against
# the fixtures NumPy wrote (tests/data/npz/): np.load must give every member
# with the same dtype, shape, memory order and values.
#
#   python3 tests/data/check_npz.py DIR

import os
import sys

import numpy as np


def main():
    out = os.path.join(sys.argv[1], "npz")
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "npz")
    checked = 0
    for archive in ("stored.npz", "deflated.npz", "positional.npz"):
        want = np.load(os.path.join(here, archive))
        for tag in ("stored", "deflated"):
            got = np.load(os.path.join(out, f"{tag}_{archive}"))
            assert sorted(got.files) == sorted(want.files), (archive, got.files, want.files)
            for name in want.files:
                g, w = got[name], want[name]
                assert g.dtype == w.dtype and g.shape == w.shape, (archive, name, g.dtype, w.dtype)
                assert g.flags.f_contiguous == w.flags.f_contiguous, (archive, name)
                assert g.tobytes() == w.tobytes(), (archive, name)
                checked += 1
    print(f"NumPy {np.__version__} read {checked} members of the rewritten .npz archives")


main()
