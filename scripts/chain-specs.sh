#!/usr/bin/env bash
# Regenerates the checked-in chain specs from the runtime the node embeds. Run it after every
# runtime change; `node/cli/tests/chain_specs.rs` fails while they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sci-target}"
cargo build --release -p sci-node
node="$CARGO_TARGET_DIR/release/sci-node"
for chain in local staging; do
	"$node" build-spec --chain "$chain" --disable-default-bootnode > "chain-specs/$chain.json"
	"$node" build-spec --chain "$chain" --disable-default-bootnode --raw > "chain-specs/$chain.raw.json"
done
echo "chain-specs/ regenerated"
