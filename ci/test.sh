#!/usr/bin/env bash
# The README's test command: every test of the workspace, on the best ISA, with
# every ISA this CPU has (per /proc/cpuinfo) required by the differential runner.
set -euo pipefail
cd "$(dirname "$0")/.."
isas=$(bash ci/isas.sh | paste -sd, -)
echo "== ISAs this CPU runs (from /proc/cpuinfo): $isas"
STRIDEKIT_REQUIRE_ISAS="$isas" cargo test --workspace
