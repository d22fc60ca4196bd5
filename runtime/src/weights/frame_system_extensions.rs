//! Weights for `frame_system_extensions`, measured on SCI's executor by `sci-node benchmark pallet`.
//! Generated: rerun `scripts/benchmark.sh` instead of editing. Each function here is the largest
//! of three runs on this machine (`docs/benchmarks.md`); the command is the first run's.
//!
//! DATE: 2026-11-24, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `Intel(R) Xeon(R) Processor`
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
		// Estimated proof size: 0 bytes. Minimum execution time: 1_142_000 ps.
		Weight::from_parts(1_216_000, 0)
	}
	fn check_mortality_mortal_transaction() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 2_318_000 ps.
		Weight::from_parts(2_440_000, 0)
	}
	fn check_mortality_immortal_transaction() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 2_216_000 ps.
		Weight::from_parts(2_406_000, 0)
	}
	fn check_non_zero_sender() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 395_000 ps.
		Weight::from_parts(425_000, 0)
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn check_nonce() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 4_388_000 ps.
		Weight::from_parts(4_589_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	fn check_spec_version() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 306_000 ps.
		Weight::from_parts(343_000, 0)
	}
	fn check_tx_version() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 284_000 ps.
		Weight::from_parts(355_000, 0)
	}
	fn check_weight() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 1_914_000 ps.
		Weight::from_parts(2_024_000, 0)
	}
	fn weight_reclaim() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 547_000 ps.
		Weight::from_parts(584_000, 0)
	}
}
