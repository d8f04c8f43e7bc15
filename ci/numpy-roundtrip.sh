#!/usr/bin/env bash
# The other direction of the .npy fixtures: files stridekit writes must load
# in real NumPy with identical contents. Installs NumPy from PyPI into a
# virtual environment under target/ (the Rust tests themselves need no Python).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v python3 >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv
fi
venv=target/numpy-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -c "import numpy" 2>/dev/null || "$venv/bin/python" -m pip install -q numpy
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bash ci/example.sh npy_write "$out"
"$venv/bin/python" tests/data/check_written.py "$out"
"$venv/bin/python" tests/data/check_npz.py "$out"
