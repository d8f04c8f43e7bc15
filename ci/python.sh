#!/usr/bin/env bash
# The Python package on a fresh environment, as the README installs it
# (`pip install ./python`: maturin builds the extension in release mode),
# then pytest over it (NumPy comparisons, hypothesis layouts) and the Dask
# test (a LocalCluster of two worker processes on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
py=$(bash ci/python-venv.sh)
venv=$(dirname "$(dirname "$py")")
"$py" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps ./python
# From the repository root: `import stridekit` must find the installed package,
# not the sources under python/.
"$venv/bin/pytest" -q -p no:cacheprovider python/tests
