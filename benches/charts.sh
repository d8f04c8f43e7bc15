#!/usr/bin/env bash
# Regenerates the per-family charts of docs/benchmarks.md from fresh
# measurements on this machine: the criterion groups (stridekit per ISA, the
# plain loop, the copy/fill limit line), NumPy's series through
# benches/numpy_*.py, then benches/chart.py per group into docs/charts/.
#
#   bash benches/charts.sh            # every family (about 10 minutes)
#   bash benches/charts.sh add sum    # only these families
#
# Families: add, sum, convert, rolling, stream. Benches run pinned to CPU
# $STRIDEKIT_CHART_CPU (default 1); sizes are $STRIDEKIT_CHART_SIZES
# (elements, default 1K to 16M in steps of 4x). NumPy is imported from the
# current python3, or installed into target/chart-venv if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${STRIDEKIT_CHART_SIZES:-1024,4096,16384,65536,262144,1048576,4194304,16777216}
PIN=(taskset -c "${STRIDEKIT_CHART_CPU:-1}")
CRIT=(--warm-up-time 0.3 --measurement-time 1)
FAMILIES=("$@")
[ ${#FAMILIES[@]} -eq 0 ] && FAMILIES=(add sum convert rolling stream)
NP=target/numpy
mkdir -p "$NP"

PY=python3
if ! $PY -c 'import numpy' 2>/dev/null; then
  [ -x target/chart-venv/bin/python ] || python3 -m venv target/chart-venv
  target/chart-venv/bin/pip install -q numpy
  PY=target/chart-venv/bin/python
fi

want() { [[ " ${FAMILIES[*]} " == *" $1 "* ]]; }
bench() { # package bench filter: built unpinned, then run pinned
  cargo bench -q -p "$1" --bench "$2" --no-run
  STRIDEKIT_BENCH_SIZES=$SIZES "${PIN[@]}" cargo bench -q -p "$1" --bench "$2" -- "$3" "${CRIT[@]}"
}

want add && bench stridekit-kernels elementwise '^add/f32/contig/'
want sum && bench stridekit reduce '^sum/f32/'
want convert && bench stridekit-kernels movement '^convert/float16-float32/'
want rolling && bench stridekit-kernels window '^rolling_max/f32/'
if want stream; then
  bench stridekit stream 'stream/outer' # its own sizes (STRIDEKIT_BENCH_MIB)
  "${PIN[@]}" $PY benches/numpy_stream.py --json "$NP/stream-outer.json"
fi
if want add || want sum || want convert || want rolling; then
  "${PIN[@]}" $PY benches/numpy_charts.py "$NP" --sizes "$SIZES"
fi

want add && python3 benches/chart.py add/f32/contig --numpy "$NP/add-f32-contig.json"
want sum && python3 benches/chart.py sum/f32 --numpy "$NP/sum-f32.json"
want convert && python3 benches/chart.py convert/float16-float32 --numpy "$NP/convert-float16-float32.json"
want rolling && python3 benches/chart.py rolling_max/f32 --x param --log-y --numpy "$NP/rolling_max-f32.json"
if want stream; then
  mib=$(cargo run -q --release --example report 2>/dev/null | sed -n 's/.*streaming stores from \([0-9]*\) MiB.*/\1/p' | head -1)
  threshold=${mib:+$((mib << 20))}
  python3 benches/chart.py stream/outer --numpy "$NP/stream-outer.json" \
    ${threshold:+--mark "$threshold:stream threshold"}
fi
echo "charts in docs/charts/"
