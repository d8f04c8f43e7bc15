#!/usr/bin/env bash
# Prints the ISAs this machine can run, one per line, derived from the CPU
# flags in /proc/cpuinfo — independently of stridekit's own detection, so that
# a bug in detection cannot shrink the test matrix unnoticed.
set -euo pipefail
flags=$(grep -m1 -E '^(flags|Features)' /proc/cpuinfo | cut -d: -f2)
has() { for f in "$@"; do grep -qw -- "$f" <<<"$flags" || return 1; done; }
echo scalar
case "$(uname -m)" in
    x86_64)
        # x86-64-v3 as stridekit's table defines it (cpuinfo spells bmi1 "bmi1", lzcnt "abm").
        if has avx avx2 fma f16c bmi1 bmi2 abm popcnt movbe; then
            echo avx2
            if has avx512f avx512bw avx512cd avx512dq avx512vl; then
                echo avx512
            fi
        fi
        ;;
    aarch64)
        has asimd && echo neon
        ;;
esac
