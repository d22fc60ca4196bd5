//! `SignatureCheckWeight`: checking a signed `System::remark`'s signature ahead of the block's execution (through the `SignatureCheck` API, as a node does on a spare core), measured on SCI's executor by `sci-node benchmark overhead`
//! on 2026-12-07, host `vm`, CPU `AMD EPYC` (10 warm-up and 100 timed executions).
//! Regenerate with `scripts/benchmark.sh overhead`.
//! Margin: 40 % above the measured figures (`--margin`).
//! The weight is the average measured on CPU `AMD EPYC`, 45_922 ns, larger than this run's (`--keep-larger`).
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark overhead --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --warmup 10 --repeat 100 --runs 1 --weight-path runtime/src/weights --margin 40 --keep-larger`

use sp_core::parameter_types;
use sp_weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight};

parameter_types! {
	/// Checking a signed `System::remark`'s signature ahead of the block's execution (through the `SignatureCheck` API, as a node does on a spare core): the average of the timed executions, 40 % above.
	///
	/// Nanoseconds:
	///   min 38_605, max 48_077, average 41_866, median 41_197, standard deviation 2_033
	///   75th percentile 43_376, 95th 45_175, 99th 46_895
	pub const SignatureCheckWeight: Weight =
		Weight::from_parts(WEIGHT_REF_TIME_PER_NANOS.saturating_mul(64_291), 0);
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
