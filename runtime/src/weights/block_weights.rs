//! `BlockExecutionWeight`: executing an empty block, measured on SCI's executor by `sci-node benchmark overhead`
//! on 2026-12-07, host `vm`, CPU `AMD EPYC` (10 warm-up and 100 timed executions).
//! Regenerate with `scripts/benchmark.sh overhead`.
//! Margin: 40 % above the measured figures (`--margin`).
//! The weight is the average measured on CPU `AMD EPYC`, 229_921 ns, larger than this run's (`--keep-larger`).
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark overhead --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --warmup 10 --repeat 100 --runs 1 --weight-path runtime/src/weights --margin 40 --keep-larger`

use sp_core::parameter_types;
use sp_weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};

parameter_types! {
	/// Executing an empty block: the average of the timed executions, 40 % above.
	///
	/// Nanoseconds:
	///   min 137_916, max 258_255, average 148_772, median 139_979, standard deviation 21_453
	///   75th percentile 143_464, 95th 196_292, 99th 235_110
	pub const BlockExecutionWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(321_890), 0);
}

#[cfg(test)]
mod test_weights {
	use sp_weights::constants::WEIGHT_REF_TIME_PER_MICROS;

	/// The measurement is in a plausible range: between 100 and 50000 µs.
	#[test]
	fn sane() {
		let w = super::BlockExecutionWeight::get().ref_time();
		assert!(w >= 100 * WEIGHT_REF_TIME_PER_MICROS, "too small: {w}");
		assert!(w <= 50000 * WEIGHT_REF_TIME_PER_MICROS, "too large: {w}");
	}
}
