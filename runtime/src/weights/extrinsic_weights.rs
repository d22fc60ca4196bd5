//! `ExtrinsicBaseWeight`: executing a signed `System::remark` whose signature was checked ahead, less the block's own cost, measured on SCI's executor by `sci-node benchmark overhead`
//! on 2026-11-24, host `vm`, CPU `Intel(R) Xeon(R) Processor` (10 warm-up and 100 timed executions).
//! Regenerate with `scripts/benchmark.sh overhead`.
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark overhead --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --weight-path /tmp/w/run1`

use sp_core::parameter_types;
use sp_weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};

parameter_types! {
	/// Executing a signed `System::remark` whose signature was checked ahead, less the block's own cost: the average of the timed executions.
	///
	/// Nanoseconds:
	///   min 29_853, max 45_924, average 32_283, median 32_205, standard deviation 1_559
	///   75th percentile 32_585, 95th 33_255, 99th 34_319
	pub const ExtrinsicBaseWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(32_283), 0);
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
