#!/usr/bin/env bash
# Runs the Zombienet network tests (zombienet/*.zndsl, or the ones given) with the native
# provider: four or five `sci-node` processes on loopback per test. Expects the release node
# and the upgrade-test runtime to be built (scripts/test.sh builds both).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sci-target}"
release="$CARGO_TARGET_DIR/release"
export PATH="$release:$PATH"
export SCI_UPGRADE_WASM="$release/wbuild/sci-runtime-upgrade-test/upgrade_wasm.rs.compact.compressed.wasm"
for file in "$release/sci-node" "$SCI_UPGRADE_WASM"; do
	[ -f "$file" ] || { echo "missing $file: run cargo build --release first" >&2; exit 1; }
done
cd zombienet
npm install --no-audit --no-fund --loglevel=error
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(*.zndsl)
for test in "${tests[@]}"; do
	echo "=== zombienet: $test"
	# Zombienet ignores the network file's provider: pass it.
	npx zombienet -p native -l text test "$test"
done
