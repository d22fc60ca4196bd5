#!/usr/bin/env bash
# Starts a dev node on loopback and runs the load generator against it, then stops the node.
#
#   scripts/load.sh [sci-loadgen args]     # default: 20,000 transfers from 200 senders
#
# Expects the release node and load generator to be built (scripts/test.sh builds both; else
# `cargo build --release -p sci-node -p sci-loadgen`). SCI_LOAD_RPC_PORT picks the port (9977).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sci-target}"
release="$CARGO_TARGET_DIR/release"
for bin in sci-node sci-loadgen; do
	[ -x "$release/$bin" ] || { echo "missing $release/$bin: cargo build --release -p $bin" >&2; exit 1; }
done
port="${SCI_LOAD_RPC_PORT:-9977}"
base=$(mktemp -d)
"$release/sci-node" --dev --base-path "$base" --rpc-port "$port" --no-prometheus \
	--listen-addr /ip4/127.0.0.1/tcp/0 > "$base/node.log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null; rm -rf "$base"' EXIT
for _ in $(seq 1 100); do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
	kill -0 $node 2>/dev/null || { cat "$base/node.log" >&2; exit 1; }
	sleep 0.2
done
"$release/sci-loadgen" --url "ws://127.0.0.1:$port" "$@"
