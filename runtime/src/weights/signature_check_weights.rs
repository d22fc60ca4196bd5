//! `SignatureCheckWeight`: checking a signed `System::remark`'s signature ahead of the block's execution (through the `SignatureCheck` API, as a node does on a spare core), measured on SCI's executor by `sci-node benchmark overhead`
//! on 2026-11-24, host `vm`, CPU `Intel(R) Xeon(R) Processor` (10 warm-up and 100 timed executions).
//! Regenerate with `scripts/benchmark.sh overhead`.
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark overhead --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --weight-path /tmp/w/run1`

use sp_core::parameter_types;
use sp_weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};

parameter_types! {
	/// Checking a signed `System::remark`'s signature ahead of the block's execution (through the `SignatureCheck` API, as a node does on a spare core): the average of the timed executions.
	///
	/// Nanoseconds:
	///   min 42_085, max 50_213, average 44_297, median 44_306, standard deviation 1_204
	///   75th percentile 44_831, 95th 45_753, 99th 48_932
	pub const SignatureCheckWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(44_297), 0);
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
