#!/usr/bin/env bash
# The README's test command: every test of the workspace (unit, integration and
# doc tests) on the best ISA, with every ISA this CPU has (per /proc/cpuinfo)
# required by the differential runner. Uses cargo-nextest (test binaries run in
# parallel) when it is installed, plain `cargo test` otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
isas=$(bash ci/isas.sh | paste -sd, -)
echo "== ISAs this CPU runs (from /proc/cpuinfo): $isas"
export STRIDEKIT_REQUIRE_ISAS="$isas"
if cargo nextest --version >/dev/null 2>&1; then
    cargo test --workspace --features stridekit/ndarray,stridekit/arrow --doc
    cargo nextest run --workspace --features stridekit/ndarray,stridekit/arrow --no-fail-fast
else
    cargo test --workspace --features stridekit/ndarray,stridekit/arrow
fi
