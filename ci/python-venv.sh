#!/usr/bin/env bash
# The one Python environment of CI (target/numpy-venv): NumPy for the
# fixtures and the round trip, and for the C ABI's ctypes script, the Python
# package's tests and the Dask example: maturin, pytest, hypothesis, dask.
# Prints the interpreter's path; installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v python3 >/dev/null; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >&2
fi
venv=target/numpy-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
"$venv/bin/python" -c "import numpy, pytest, hypothesis, maturin, dask.array, distributed" 2>/dev/null ||
    "$venv/bin/python" -m pip install -q --disable-pip-version-check \
        numpy pytest hypothesis maturin "dask[array,distributed]" >&2
echo "$PWD/$venv/bin/python"
