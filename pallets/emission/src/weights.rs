//! Weights for `pallet_emission`
//!
//! PROVISIONAL: THESE NUMBERS ARE NOT MEASURED. They were NOT produced by a benchmark run; they
//! are estimates written by hand in the layout the benchmark CLI generates (the storage
//! accesses listed for each function are the real ones; the ref-time and proof-size constants
//! are guesses). This machine cannot run the benchmark CLI yet. Once the node's benchmark runner
//! exists, regenerate this file with the benchmarks in `src/benchmarking.rs`, e.g.:
//!
//! ```text
//! frame-omni-bencher v1 benchmark pallet \
//!     --runtime <sci_runtime.compact.compressed.wasm> \
//!     --pallet pallet_emission --extrinsic '*' \
//!     --steps 50 --repeat 20 \
//!     --output pallets/emission/src/weights.rs \
//!     --template <weight template>
//! ```
//!
//! DATE: not generated
//! HOSTNAME: none, CPU: none

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]
#![allow(dead_code)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_emission`.
pub trait WeightInfo {
	fn on_initialize() -> Weight;
	fn set_reward_shares() -> Weight;
	fn set_fee_burn_share() -> Weight;
	fn burn() -> Weight;
}

/// Weights for `pallet_emission` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `System::Digest` (r:1 w:0)
	/// Proof: `System::Digest` (`max_values`: Some(1), `max_size`: None, mode: `Measured`)
	/// Storage: `Aura::Authorities` (r:1 w:0)
	/// Proof: `Aura::Authorities` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Emission::EmissionPool` (r:1 w:0)
	/// Proof: `Emission::EmissionPool` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Emission::TotalIssued` (r:1 w:1)
	/// Proof: `Emission::TotalIssued` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Balances::TotalIssuance` (r:1 w:1)
	/// Proof: `Balances::TotalIssuance` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Emission::Shares` (r:1 w:0)
	/// Proof: `Emission::Shares` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:3 w:3)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Emission::BlockAuthor` (r:0 w:1)
	/// Proof: `Emission::BlockAuthor` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	fn on_initialize() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`  (provisional)
		//  Estimated: `8799`  (provisional)
		// Minimum execution time: not measured.
		Weight::from_parts(60_000_000, 8799)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Emission::Shares` (r:0 w:1)
	/// Proof: `Emission::Shares` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	fn set_reward_shares() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`  (provisional)
		//  Estimated: `0`  (provisional)
		// Minimum execution time: not measured.
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Emission::FeeBurnShare` (r:0 w:1)
	/// Proof: `Emission::FeeBurnShare` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_fee_burn_share() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`  (provisional)
		//  Estimated: `0`  (provisional)
		// Minimum execution time: not measured.
		Weight::from_parts(10_000_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::TotalIssuance` (r:1 w:1)
	/// Proof: `Balances::TotalIssuance` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Emission::TotalBurned` (r:1 w:1)
	/// Proof: `Emission::TotalBurned` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	fn burn() -> Weight {
		// Proof Size summary in bytes:
		//  Measured:  `0`  (provisional)
		//  Estimated: `3593`  (provisional)
		// Minimum execution time: not measured.
		Weight::from_parts(40_000_000, 3593)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	/// Storage: `System::Digest` (r:1 w:0)
	/// Storage: `Aura::Authorities` (r:1 w:0)
	/// Storage: `Emission::EmissionPool` (r:1 w:0)
	/// Storage: `Emission::TotalIssued` (r:1 w:1)
	/// Storage: `Balances::TotalIssuance` (r:1 w:1)
	/// Storage: `Emission::Shares` (r:1 w:0)
	/// Storage: `System::Account` (r:3 w:3)
	/// Storage: `Emission::BlockAuthor` (r:0 w:1)
	fn on_initialize() -> Weight {
		Weight::from_parts(60_000_000, 8799)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	/// Storage: `Emission::Shares` (r:0 w:1)
	fn set_reward_shares() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Emission::FeeBurnShare` (r:0 w:1)
	fn set_fee_burn_share() -> Weight {
		Weight::from_parts(10_000_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Balances::TotalIssuance` (r:1 w:1)
	/// Storage: `Emission::TotalBurned` (r:1 w:1)
	fn burn() -> Weight {
		Weight::from_parts(40_000_000, 3593)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
}
