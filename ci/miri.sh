#!/usr/bin/env bash
# Miri over the scalar kernel path (the generic kernel loop, operand forms,
# strided runs, transposes, reductions), AlignedBuf, the view layer, the
# iteration engine and reductions on views. Under Miri only the scalar ISA is available,
# and the tests shrink their sizes (cfg(miri)).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal
fi
rustup component add miri rust-src --toolchain nightly
cargo +nightly miri setup
# Deterministic floats: Miri otherwise perturbs float results (observed on the
# f32 -> f16 rounding-tie tests) and NaN payloads, which the bit-exact
# differential tests would report as kernel bugs.
# Isolation off: tests may read their fixture files. Of the .npy/record
# tests only `records` runs here (it reaches the new unsafe code: fills
# without zeroing, strided swaps, dense byte views); the parser has no unsafe
# code and is fuzzed instead — and CI must stay well inside its time limit.
# `parallel` runs a two-thread rayon pool over a few parts (the pool's tasks,
# shared pointers, the join) under Miri's data-race checker, in a run of its
# own: rayon's epoch-based deques cast integers to pointers and break
# Stacked Borrows' rules, so that run uses permissive provenance and Tree
# Borrows, and ignores the pool threads' thread-locals still alive at exit.
export MIRIFLAGS="-Zmiri-strict-provenance -Zmiri-deterministic-floats -Zmiri-disable-isolation"
export STRIDEKIT_REQUIRE_ISAS=scalar
unset STRIDEKIT_ISA
# One run over both crates; with cargo-nextest each test is its own Miri
# process and two run at once (this machine's two cores).
# Only tests that reach unsafe code: `errors`, `split` and `dynamic` (safe
# layers over the typed API, whose unsafe paths the others take) and the
# unit tests of safe modules (layout and axis rules, the literal parser,
# inline axes, the summation order's tree shapes, cache-size parsing, the
# .npy header, the test kit's own bookkeeping) run natively only.
stridekit_tests=(--test views --test ops --test reduce --test movement --test window --test records --test comfort --test mask --test int)
kernel_tests=(--test elementwise --test dispatch --test transpose --test reduce --test movement --test window --test window_memory --test mask --test integer --test half)
if cargo nextest --version >/dev/null 2>&1; then
    safe_units='test(/^(layout|axis|axes|literal|order|cache)::/) | test(/^npy::tests::/) | test(/^testkit::runner::tests::(rotated|lengths|the_runner)/)'
    cargo +nightly miri nextest run -j2 --no-fail-fast -p stridekit -p stridekit-kernels --lib "${stridekit_tests[@]}" "${kernel_tests[@]}" \
        -E "not ($safe_units)"
else
    cargo +nightly miri test -p stridekit --lib "${stridekit_tests[@]}"
    cargo +nightly miri test -p stridekit-kernels --lib "${kernel_tests[@]}"
fi
MIRIFLAGS="-Zmiri-permissive-provenance -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-deterministic-floats -Zmiri-disable-isolation" \
    cargo +nightly miri test -p stridekit --test parallel
