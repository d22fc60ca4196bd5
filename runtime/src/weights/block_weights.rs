//! `BlockExecutionWeight`: executing an empty block, measured on SCI's executor by `sci-node benchmark overhead`
//! on 2026-11-24, host `vm`, CPU `Intel(R) Xeon(R) Processor` (10 warm-up and 100 timed executions).
//! Regenerate with `scripts/benchmark.sh overhead`.
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark overhead --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --weight-path /tmp/w/run2`

use sp_core::parameter_types;
use sp_weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};

parameter_types! {
	/// Executing an empty block: the average of the timed executions.
	///
	/// Nanoseconds:
	///   min 138_730, max 261_610, average 154_916, median 144_264, standard deviation 25_187
	///   75th percentile 153_687, 95th 205_358, 99th 259_489
	pub const BlockExecutionWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(154_916), 0);
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
