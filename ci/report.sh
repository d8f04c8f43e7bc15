#!/usr/bin/env bash
# Runs the dispatch report (examples/report.rs) from the test command's build:
# `cargo test --workspace --features …` builds the examples too, so asking
# cargo for that build again is a no-op that names the binary. (A
# `cargo run --example report` with other features would build the crate a
# second time.) Arguments go to the report.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(cargo test --workspace --features stridekit/ndarray,stridekit/arrow --no-run \
        --message-format=json 2>/dev/null |
    python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if (m.get("reason") == "compiler-artifact" and m["target"]["name"] == "report"
            and "example" in m["target"]["kind"] and m.get("executable")):
        print(m["executable"])
')
if [ -z "$bin" ]; then
    echo "the test build has no report example" >&2
    exit 1
fi
exec "$bin" "$@"
