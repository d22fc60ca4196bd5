#!/usr/bin/env bash
# Measure pallet weights on this machine. An SCI pallet's go to its `src/weights.rs` (our
# template); a polkadot-sdk pallet's to `runtime/src/weights/<pallet>.rs` (the runner's own
# template: a `WeightInfo<T>` the runtime's config names).
#
#   scripts/benchmark.sh [pallet_emission ...]      # default: every SCI pallet
#   scripts/benchmark.sh overhead                   # per-block and per-extrinsic base weights
#
# Builds the runtime with `runtime-benchmarks` (in its own target directory, so the normal
# build is untouched) and runs polkadot-sdk's runtime-agnostic benchmark runner,
# `frame-omni-bencher`, on its Wasm with our weight template. The first run installs the runner
# (a long build: it needs protoc and libclang). Steps and repeats: SCI_BENCH_STEPS (50),
# SCI_BENCH_REPEAT (20).
set -euo pipefail
cd "$(dirname "$0")/.."

tools=${SCI_TOOLS_DIR:-$HOME/.cache/sci-tools}
bench_target=${SCI_BENCH_TARGET_DIR:-$HOME/.cache/sci-bench-target}
omni="$tools/bin/frame-omni-bencher"

if [ ! -x "$omni" ]; then
	if ! command -v protoc >/dev/null || ! command -v clang >/dev/null; then
		echo "frame-omni-bencher needs protoc and libclang: apt-get install protobuf-compiler clang libclang-dev" >&2
		exit 1
	fi
	echo "Installing frame-omni-bencher into $tools (one-off)..."
	CARGO_TARGET_DIR="${SCI_TOOLS_TARGET_DIR:-$HOME/.cache/omni-target}" cargo install frame-omni-bencher --locked --root "$tools"
fi

echo "Building the runtime with runtime-benchmarks in $bench_target..."
CARGO_TARGET_DIR="$bench_target" cargo build --release -p sci-runtime --features runtime-benchmarks
wasm="$bench_target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm"

pallets=("$@")
[ ${#pallets[@]} -gt 0 ] || pallets=(pallet_emission pallet_foundation pallet_device_identity
	pallet_data_mining pallet_energy_market pallet_carbon_credits)
for pallet in "${pallets[@]}"; do
	if [ "$pallet" = overhead ]; then
		# An empty block and blocks full of signed remarks: `BlockExecutionWeight` and
		# `ExtrinsicBaseWeight` in runtime/src/weights/{block,extrinsic}_weights.rs.
		echo "Benchmarking the block and extrinsic overhead..."
		"$omni" v1 benchmark overhead \
			--runtime "$wasm" \
			--genesis-builder-preset development \
			--warmup "${SCI_BENCH_WARMUP:-5}" --repeat "${SCI_BENCH_REPEAT:-20}" \
			--weight-path runtime/src/weights
		continue
	fi
	dir="pallets/$(tr _ - <<<"${pallet#pallet_}")"
	if [ -d "$dir" ]; then
		output=(--template scripts/benchmark/weight-template.hbs --output "$dir/src/weights.rs")
	else
		output=(--output "runtime/src/weights/$pallet.rs")
	fi
	echo "Benchmarking $pallet..."
	"$omni" v1 benchmark pallet \
		--runtime "$wasm" \
		--genesis-builder-preset development \
		--pallet "$pallet" --extrinsic '*' \
		--steps "${SCI_BENCH_STEPS:-50}" --repeat "${SCI_BENCH_REPEAT:-20}" \
		"${output[@]}"
done
