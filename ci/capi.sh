#!/usr/bin/env bash
# The C ABI from C and from Python's ctypes: builds capi/ (shared and static
# libraries), compiles capi/examples/check.c with the system C compiler
# against the committed header and the static library, runs it, then runs
# the ctypes script with NumPy (arrays of every layout, checked against NumPy).
set -euo pipefail
cd "$(dirname "$0")/.."
# The test command's build (same profile and features, so nothing is
# rebuilt after ci/test.sh) also links the shared and static libraries; they
# land in target/debug/deps.
cargo test -q --workspace --features stridekit/ndarray,stridekit/arrow --no-run
lib=target/debug/deps
for f in libstridekit_c.a libstridekit_c.so; do
    [ -f "$lib/$f" ] || { echo "capi: $lib/$f was not built" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -std=c11 -O1 -Wall -Wextra -Werror -Icapi/include capi/examples/check.c \
    "$lib/libstridekit_c.a" -lpthread -ldl -lm -o "$work/check"
"$work/check" "$work"
py=$(bash ci/python-venv.sh)
STRIDEKIT_CAPI_LIB="$lib/libstridekit_c.so" "$py" capi/examples/ctypes_check.py
