#!/usr/bin/env bash
# Runs the Zombienet network tests (zombienet/*.zndsl, or the ones given) with the native
# provider: four or five `sci-node` processes on loopback per test. Expects the release node
# and the test runtimes to be built (scripts/test.sh builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/sci-target}"
release="$CARGO_TARGET_DIR/release"
export PATH="$release:$PATH"
export SCI_UPGRADE_WASM="$release/wbuild/sci-runtime-upgrade-test/upgrade_wasm.rs.compact.compressed.wasm"
fast_wasm="$release/wbuild/sci-runtime-upgrade-test/fast_runtime_wasm.rs.compact.compressed.wasm"
for file in "$release/sci-node" "$SCI_UPGRADE_WASM" "$fast_wasm"; do
	[ -f "$file" ] || { echo "missing $file: run cargo build --release first" >&2; exit 1; }
done
# The governance network (governance.toml): the local preset on the fast-runtime build.
spec_dir=$(mktemp -d)
trap 'rm -rf "$spec_dir"' EXIT
export SCI_GOVERNANCE_SPEC="$spec_dir/governance-local.json"
"$release/sci-node" build-spec --chain local --runtime "$fast_wasm" --disable-default-bootnode \
	> "$SCI_GOVERNANCE_SPEC"
cd zombienet
npm install --no-audit --no-fund --loglevel=error
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(*.zndsl)
for test in "${tests[@]}"; do
	echo "=== zombienet: $test"
	# Zombienet ignores the network file's provider: pass it.
	npx zombienet -p native -l text test "$test"
done
