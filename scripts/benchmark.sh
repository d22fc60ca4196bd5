#!/usr/bin/env bash
# Measure weights on this machine, on SCI's own executor (`sci-node benchmark`, the host that
# executes the runtime). An SCI pallet's go to its `src/weights.rs`; a polkadot-sdk pallet's to
# `runtime/src/weights/<pallet>.rs` (a `WeightInfo<T>` the runtime's config names).
#
#   scripts/benchmark.sh [pallet_emission ...]      # default: every SCI pallet
#   scripts/benchmark.sh overhead                   # per-block and per-extrinsic base weights, signature check
#
# Builds sci-node and the runtime with `runtime-benchmarks` (in its own target directory, so
# the normal build is untouched). Steps and repeats: SCI_BENCH_STEPS (50), SCI_BENCH_REPEAT (20);
# the overhead's executions: SCI_BENCH_WARMUP (10), SCI_BENCH_OVERHEAD_REPEAT (100). Each weight is
# the slowest of SCI_BENCH_RUNS (3) measurements, benchmark by benchmark (`--runs`; not for the
# pallets frame-omni-bencher measures): three times as long as one; SCI_BENCH_RUNS=1 to iterate.
#
# SCI weighs as polkadot-sdk does on reference hardware: each figure is the larger of those
# measured on the machines SCI runs on, then a margin (docs/benchmarks.md, "Reference machine").
# So each file keeps, figure by figure, its earlier figure where that is larger than this
# machine's (`--keep-larger`; SCI_BENCH_KEEP_LARGER=0 to take this machine's alone, as after a
# change to the host), and is written SCI_BENCH_MARGIN (40) percent above (`--margin`; the
# runtime's WEIGHT_MARGIN_PERCENT, which a runtime test checks the files against).
#
# `pallet_scheduler` and `pallet_whitelist` declare proof-size estimation modes, which SCI's
# weight files do not apply yet: they are measured by polkadot-sdk's runner, frame-omni-bencher,
# which the first such run installs (a long build: it needs protoc and libclang).
set -euo pipefail
cd "$(dirname "$0")/.."

node_target=${CARGO_TARGET_DIR:-$HOME/.cache/sci-target}
bench_target=${SCI_BENCH_TARGET_DIR:-$HOME/.cache/sci-bench-target}
tools=${SCI_TOOLS_DIR:-$HOME/.cache/sci-tools}
node="$node_target/release/sci-node"
omni="$tools/bin/frame-omni-bencher"
runs=(--runs "${SCI_BENCH_RUNS:-3}")
written=(--margin "${SCI_BENCH_MARGIN:-40}")
[ "${SCI_BENCH_KEEP_LARGER:-1}" = 0 ] || written+=(--keep-larger)
steps=(--steps "${SCI_BENCH_STEPS:-50}" --repeat "${SCI_BENCH_REPEAT:-20}")

echo "Building sci-node in $node_target..."
CARGO_TARGET_DIR="$node_target" cargo build --release -p sci-node
echo "Building the runtime with runtime-benchmarks in $bench_target..."
CARGO_TARGET_DIR="$bench_target" cargo build --release -p sci-runtime --features runtime-benchmarks
wasm="$bench_target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm"

install_omni() {
	[ -x "$omni" ] && return
	if ! command -v protoc >/dev/null || ! command -v clang >/dev/null; then
		echo "frame-omni-bencher needs protoc and libclang: apt-get install protobuf-compiler clang libclang-dev" >&2
		exit 1
	fi
	echo "Installing frame-omni-bencher into $tools (one-off)..."
	CARGO_TARGET_DIR="${SCI_TOOLS_TARGET_DIR:-$HOME/.cache/omni-target}" cargo install frame-omni-bencher --locked --root "$tools"
}

pallets=("$@")
[ ${#pallets[@]} -gt 0 ] || pallets=(pallet_emission pallet_foundation pallet_device_identity
	pallet_data_mining pallet_energy_market pallet_carbon_credits)
for pallet in "${pallets[@]}"; do
	if [ "$pallet" = overhead ]; then
		# An empty block and a block full of signed remarks, their signatures checked ahead:
		# `BlockExecutionWeight`, `ExtrinsicBaseWeight` and `SignatureCheckWeight` in
		# runtime/src/weights/{block,extrinsic,signature_check}_weights.rs.
		echo "Benchmarking the block and extrinsic overhead..."
		"$node" benchmark overhead --runtime "$wasm" \
			--warmup "${SCI_BENCH_WARMUP:-10}" --repeat "${SCI_BENCH_OVERHEAD_REPEAT:-100}" "${runs[@]}" \
			--weight-path runtime/src/weights "${written[@]}"
		continue
	fi
	echo "Benchmarking $pallet..."
	dir="pallets/$(tr _ - <<<"${pallet#pallet_}")"
	case "$pallet" in
	pallet_scheduler | pallet_whitelist)
		install_omni
		"$omni" v1 benchmark pallet --runtime "$wasm" --genesis-builder-preset development \
			--pallet "$pallet" --extrinsic '*' "${steps[@]}" \
			--output "runtime/src/weights/$pallet.rs"
		;;
	*)
		if [ -d "$dir" ]; then
			output=(--output "$dir/src/weights.rs")
		else
			output=(--output "runtime/src/weights/$pallet.rs" --output-shape runtime)
		fi
		"$node" benchmark pallet --runtime "$wasm" --pallet "$pallet" "${steps[@]}" "${runs[@]}" \
			"${output[@]}" "${written[@]}"
		;;
	esac
done
