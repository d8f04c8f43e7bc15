#!/usr/bin/env bash
# The forced-ISA matrix: the whole test suite once per ISA this CPU runs, with
# STRIDEKIT_ISA forcing dispatch to it and STRIDEKIT_REQUIRE_ISAS making the
# differential runner fail (not skip) if any of them cannot be tested. The test
# binaries are the ones ci/test.sh built: only the environment changes.
# Streaming stores start at 1 MiB outputs here (STRIDEKIT_STREAM_MIN_BYTES):
# every ISA's streaming paths run on small buffers; ci/test.sh tests the
# threshold the caches choose.
set -euo pipefail
cd "$(dirname "$0")/.."
isas=$(bash ci/isas.sh | paste -sd, -)
if cargo nextest --version >/dev/null 2>&1; then
    run_tests() { cargo nextest run --workspace --features stridekit/ndarray,stridekit/arrow --no-fail-fast --status-level fail --final-status-level fail; }
else
    run_tests() { cargo test --workspace --features stridekit/ndarray,stridekit/arrow --quiet; }
fi
for isa in $(bash ci/isas.sh); do
    echo "== forced ISA: STRIDEKIT_ISA=$isa (required: $isas)"
    STRIDEKIT_ISA=$isa STRIDEKIT_REQUIRE_ISAS="$isas" STRIDEKIT_STREAM_MIN_BYTES=1048576 run_tests
    # The report must agree that the forced ISA is active.
    report=$(STRIDEKIT_ISA=$isa bash ci/example.sh report --no-bench)
    if ! grep -q "active       : $isa" <<<"$report"; then
        echo "$report"
        echo "the dispatch report does not show $isa as active" >&2
        exit 1
    fi
done
