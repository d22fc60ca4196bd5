//! `SignatureCheckWeight`: checking a signed `System::remark`'s signature ahead of the block's execution (through the `SignatureCheck` API, as a node does on a spare core), measured on SCI's executor by `sci-node benchmark overhead`
//! on 2026-11-23, host `vm`, CPU `Intel(R) Xeon(R) Processor` (10 warm-up and 100 timed executions).
//! Regenerate with `scripts/benchmark.sh overhead`.
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark overhead --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --weight-path /tmp/w/run2`

use sp_core::parameter_types;
use sp_weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};

parameter_types! {
	/// Checking a signed `System::remark`'s signature ahead of the block's execution (through the `SignatureCheck` API, as a node does on a spare core): the average of the timed executions.
	///
	/// Nanoseconds:
	///   min 41_087, max 47_211, average 44_006, median 44_114, standard deviation 1_075
	///   75th percentile 44_780, 95th 45_090, 99th 47_113
	pub const SignatureCheckWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(44_006), 0);
}

#[cfg(test)]
mod test_weights {
	use sp_weights::constants::WEIGHT_REF_TIME_PER_MICROS;

	/// The measurement is in a plausible range: between 5 and 1000 µs.
	#[test]
	fn sane() {
		let w = super::SignatureCheckWeight::get().ref_time();
		assert!(w >= 5 * WEIGHT_REF_TIME_PER_MICROS, "too small: {w}");
		assert!(w <= 1000 * WEIGHT_REF_TIME_PER_MICROS, "too large: {w}");
	}
}
