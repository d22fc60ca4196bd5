#!/usr/bin/env bash
# Runs every test: unit tests, the runtime tests and the node's end-to-end tests (which start
# real node processes on loopback ports).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sci-target}"
# One profile (release) for everything: the runtime Wasm, the node and the tests share it.
cargo test --release --workspace "$@"
