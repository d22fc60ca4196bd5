#!/usr/bin/env bash
# Runs every test: unit and runtime tests, the node's end-to-end tests (which start real node
# processes on loopback ports), the real-client tests (polkadot.js, polkadot-api, Python
# substrate-interface) against dev nodes, the light-client tests (smoldot, and polkadot-api
# through it) against a local validator network, and the Zombienet network tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sci-target}"
# One profile (release) for everything: the runtime Wasm, the node and the tests share it.
cargo test --release --workspace "$@"
# `cargo test` built the node binary the client tests start.
export SCI_NODE_BIN="$CARGO_TARGET_DIR/release/sci-node"
for client in polkadot-js papi light; do
	# `npm install` honours the lockfile; `npm ci` trips over rollup's optional platform packages
	# (npm/cli#4828), which polkadot-api's codegen CLI pulls in.
	(cd "clients/$client" && npm install --no-audit --no-fund --loglevel=error && npm test)
done
python3 -m venv clients/python/.venv
clients/python/.venv/bin/pip install -q -r clients/python/requirements.txt
clients/python/.venv/bin/python -m pytest -q clients/python
bash scripts/zombienet.sh
