//! Weights for `frame_system_extensions`, measured on SCI's executor by `sci-node benchmark pallet`.
//! Generated: rerun `scripts/benchmark.sh` instead of editing.
//!
//! DATE: 2026-12-07, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `AMD EPYC`
//! Margin: 40 % above the measured figures (`--margin`).
//! `check_genesis`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//! `check_mortality_mortal_transaction`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//! `check_mortality_immortal_transaction`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//! `check_non_zero_sender`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//! `check_nonce`: the time measured on CPU `AMD EPYC`, larger than this run's (`--keep-larger`).
//! `check_spec_version`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//! `check_tx_version`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark pallet --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --pallet frame_system_extensions --steps 50 --repeat 20 --runs 1 --output runtime/src/weights/frame_system_extensions.rs --output-shape runtime --margin 40 --keep-larger`

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
		// Estimated proof size: 0 bytes. Minimum execution time: 821_000 ps.
		Weight::from_parts(1_702_400, 0)
	}
	fn check_mortality_mortal_transaction() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 1_773_000 ps.
		Weight::from_parts(3_416_000, 0)
	}
	fn check_mortality_immortal_transaction() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 1_762_000 ps.
		Weight::from_parts(3_368_400, 0)
	}
	fn check_non_zero_sender() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 290_000 ps.
		Weight::from_parts(595_000, 0)
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn check_nonce() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 3_816_000 ps.
		Weight::from_parts(6_813_800, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn check_spec_version() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 220_000 ps.
		Weight::from_parts(480_200, 0)
	}
	fn check_tx_version() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 200_000 ps.
		Weight::from_parts(497_000, 0)
	}
	fn check_weight() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 2_213_000 ps.
		Weight::from_parts(3_169_600, 0)
	}
	fn weight_reclaim() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 591_000 ps.
		Weight::from_parts(869_400, 0)
	}
}
