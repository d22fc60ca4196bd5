//! `ExtrinsicBaseWeight`: executing a signed `System::remark`, less the block's own cost, measured on SCI's executor by `sci-node benchmark overhead`
//! on 2026-11-23, host `vm`, CPU `AMD EPYC` (10 warm-up and 100 timed executions).
//! Regenerate with `scripts/benchmark.sh overhead`.
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark overhead --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --weight-path /tmp/adopt/run3`

use sp_core::parameter_types;
use sp_weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};

parameter_types! {
	/// Executing a signed `System::remark`, less the block's own cost: the average of the timed executions.
	///
	/// Nanoseconds:
	///   min 83_109, max 121_691, average 98_143, median 93_914, standard deviation 12_127
	///   75th percentile 108_505, 95th 119_030, 99th 121_161
	pub const ExtrinsicBaseWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(98_143), 0);
}

#[cfg(test)]
mod test_weights {
	use sp_weights::constants::WEIGHT_REF_TIME_PER_MICROS;

	/// The measurement is in a plausible range: between 10 and 1000 µs.
	#[test]
	fn sane() {
		let w = super::ExtrinsicBaseWeight::get().ref_time();
		assert!(w >= 10 * WEIGHT_REF_TIME_PER_MICROS, "too small: {w}");
		assert!(w <= 1000 * WEIGHT_REF_TIME_PER_MICROS, "too large: {w}");
	}
}
