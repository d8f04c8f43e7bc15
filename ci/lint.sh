#!/usr/bin/env bash
# Formatting and lints, as every commit must pass them.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --features stridekit/ndarray,stridekit/arrow -- -D warnings
# Without the default rayon feature: everything on the calling thread.
cargo clippy -p stridekit --lib --no-default-features -- -D warnings
# The API docs build without a warning (broken or ambiguous links fail).
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --features stridekit/ndarray,stridekit/arrow --no-deps -q
# The Python extension is its own workspace (maturin builds it): its lints and format.
cargo fmt --manifest-path python/Cargo.toml -- --check
CARGO_TARGET_DIR=target/python cargo clippy -q --manifest-path python/Cargo.toml -- -D warnings
