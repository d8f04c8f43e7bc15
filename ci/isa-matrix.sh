#!/usr/bin/env bash
# The forced-ISA matrix: the whole test suite once per ISA this CPU runs, with
# STRIDEKIT_ISA forcing dispatch to it and STRIDEKIT_REQUIRE_ISAS making the
# differential runner fail (not skip) if any of them cannot be tested.
set -euo pipefail
cd "$(dirname "$0")/.."
isas=$(bash ci/isas.sh | paste -sd, -)
for isa in $(bash ci/isas.sh); do
    echo "== forced ISA: STRIDEKIT_ISA=$isa (required: $isas)"
    STRIDEKIT_ISA=$isa STRIDEKIT_REQUIRE_ISAS="$isas" cargo test --workspace
    # The report must agree that the forced ISA is active.
    report=$(STRIDEKIT_ISA=$isa cargo run -q --release --example report -- --no-bench)
    if ! grep -q "active       : $isa" <<<"$report"; then
        echo "$report"
        echo "the dispatch report does not show $isa as active" >&2
        exit 1
    fi
done
