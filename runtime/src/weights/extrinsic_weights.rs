//! `ExtrinsicBaseWeight`: executing a signed `System::remark` whose signature was checked ahead, less the block's own cost, measured on SCI's executor by `sci-node benchmark overhead`
//! on 2026-12-07, host `vm`, CPU `AMD EPYC` (10 warm-up and 100 timed executions).
//! Regenerate with `scripts/benchmark.sh overhead`.
//! Margin: 40 % above the measured figures (`--margin`).
//! The weight is the average measured on CPU `AMD EPYC`, 44_220 ns, larger than this run's (`--keep-larger`).
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark overhead --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --warmup 10 --repeat 100 --runs 1 --weight-path runtime/src/weights --margin 40 --keep-larger`

use sp_core::parameter_types;
use sp_weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};

parameter_types! {
	/// Executing a signed `System::remark` whose signature was checked ahead, less the block's own cost: the average of the timed executions, 40 % above.
	///
	/// Nanoseconds:
	///   min 32_278, max 52_203, average 38_485, median 36_161, standard deviation 5_458
	///   75th percentile 41_456, 95th 48_648, 99th 50_305
	pub const ExtrinsicBaseWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(61_908), 0);
}

#[cfg(test)]
mod test_weights {
	use sp_weights::constants::WEIGHT_REF_TIME_PER_MICROS;

	/// The measurement is in a plausible range: between 5 and 1000 µs.
	#[test]
	fn sane() {
		let w = super::ExtrinsicBaseWeight::get().ref_time();
		assert!(w >= 5 * WEIGHT_REF_TIME_PER_MICROS, "too small: {w}");
		assert!(w <= 1000 * WEIGHT_REF_TIME_PER_MICROS, "too large: {w}");
	}
}
