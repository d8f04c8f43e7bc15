#!/usr/bin/env bash
# Builds the kernel crate for aarch64 and runs its tests under QEMU user mode,
# requiring the NEON implementation to be tested. Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=aarch64-unknown-linux-gnu
if ! rustup target list --installed | grep -qx "$TARGET"; then
    rustup target add "$TARGET"
fi
need=()
command -v qemu-aarch64 >/dev/null || need+=(qemu-user)
command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu)
[ -d /usr/aarch64-linux-gnu/lib ] || need+=(libc6-dev-arm64-cross)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"
# On aarch64 the runner must test NEON, never silently skip it.
export STRIDEKIT_REQUIRE_ISAS=neon
# Streaming paths from 1 MiB outputs: the tests sized from the threshold stay
# small under emulation.
export STRIDEKIT_STREAM_MIN_BYTES=1048576
# The slowest kernel tests take rotating subsets of their layouts, data sets
# and windows per length (every length still runs on NEON; the lengths together
# take every item).
export STRIDEKIT_TEST_THIN=1
# No debug info: the cross linker is GNU ld, and line tables double its input.
export CARGO_PROFILE_DEV_DEBUG=false
unset STRIDEKIT_ISA
# cargo-nextest runs the test binaries in parallel (two QEMU processes at
# once); plain cargo test otherwise.
if cargo nextest --version >/dev/null 2>&1; then
    run() { cargo nextest run --no-fail-fast --target "$TARGET" "$@"; }
else
    run() { cargo test --target "$TARGET" "$@"; }
fi
echo "== aarch64 (QEMU): kernel tests with STRIDEKIT_REQUIRE_ISAS=neon"
run -p stridekit-kernels --tests
# The array layer is not built for aarch64: it names no intrinsic, and reaches
# the kernels only through the (pointer, length, byte stride) runs the kernel
# tests above take on every layout; building it under the cross linker cost
# minutes of the CI budget.
for isa in scalar neon; do
    echo "== aarch64 (QEMU): dispatch tests with STRIDEKIT_ISA=$isa"
    STRIDEKIT_ISA=$isa run -p stridekit-kernels --test dispatch
done
