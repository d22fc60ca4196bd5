#!/usr/bin/env bash
# Builds the node (and the runtime Wasm it embeds) and starts a single-node development chain.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sci-target}"
exec cargo run --release -p sci-node -- --dev "$@"
