#!/usr/bin/env bash
# Runs an example from the test command's build: `ci/example.sh NAME ARGS…`.
# `cargo test --workspace --features …` builds the examples too, so asking
# cargo for that build again is a no-op that names the binary. (A
# `cargo run --example NAME` with other features would build the crate a
# second time.)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: ci/example.sh NAME [ARGS...]}
shift
bin=$(cargo test --workspace --features stridekit/ndarray,stridekit/arrow --no-run \
        --message-format=json 2>/dev/null |
    EXAMPLE="$name" python3 -c '
import json, os, sys
name = os.environ["EXAMPLE"]
for line in sys.stdin:
    m = json.loads(line)
    if (m.get("reason") == "compiler-artifact" and m["target"]["name"] == name
            and "example" in m["target"]["kind"] and m.get("executable")):
        print(m["executable"])
')
if [ -z "$bin" ]; then
    echo "the test build has no example named $name" >&2
    exit 1
fi
exec "$bin" "$@"
