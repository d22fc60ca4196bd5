//! Weights for `pallet_carbon_credits`, measured with `frame-omni-bencher` (benchmark CLI 64.0.0) by
//! `scripts/benchmark.sh`. Generated: rerun the script instead of editing.
//!
//! DATE: 2026-11-22, STEPS: `50`, REPEAT: `20`
//! HOSTNAME: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//! WASM-EXECUTION: `Compiled`, DB CACHE: `1024`
//!
//! Command:
//!   /root/.cache/sci-tools/bin/frame-omni-bencher
//!   v1
//!   benchmark
//!   pallet
//!   --runtime
//!   /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm
//!   --genesis-builder-preset
//!   development
//!   --pallet
//!   pallet_carbon_credits
//!   --extrinsic
//!   *
//!   --steps
//!   50
//!   --repeat
//!   20
//!   --template
//!   scripts/benchmark/weight-template.hbs
//!   --output
//!   pallets/carbon-credits/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_carbon_credits`.
pub trait WeightInfo {
	fn record_footprint() -> Weight;
	fn set_verifier() -> Weight;
	fn register_project() -> Weight;
	fn issue_batch() -> Weight;
	fn transfer() -> Weight;
	fn retire() -> Weight;
	fn claim_certificate() -> Weight;
}

/// Measured weights, with the runtime's database weights for storage access.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `DeviceIdentity::DeviceOfKey` (r:1 w:0)
	/// Proof: `DeviceIdentity::DeviceOfKey` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::Devices` (r:1 w:0)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::Footprints` (r:1 w:1)
	/// Proof: `CarbonCredits::Footprints` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	fn record_footprint() -> Weight {
		// Proof size in bytes: measured `564`, estimated `3727`.
		// Minimum execution time: 26_478_000 ps.
		Weight::from_parts(44_735_000, 3727)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `CarbonCredits::Verifiers` (r:0 w:1)
	/// Proof: `CarbonCredits::Verifiers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	fn set_verifier() -> Weight {
		// Proof size in bytes: measured `0`, estimated `0`.
		// Minimum execution time: 6_866_000 ps.
		Weight::from_parts(10_378_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `CarbonCredits::Verifiers` (r:1 w:0)
	/// Proof: `CarbonCredits::Verifiers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::NextProject` (r:1 w:1)
	/// Proof: `CarbonCredits::NextProject` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::Projects` (r:0 w:1)
	/// Proof: `CarbonCredits::Projects` (`max_values`: None, `max_size`: Some(118), added: 2593, mode: `MaxEncodedLen`)
	fn register_project() -> Weight {
		// Proof size in bytes: measured `211`, estimated `3513`.
		// Minimum execution time: 16_878_000 ps.
		Weight::from_parts(28_438_000, 3513)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `CarbonCredits::Verifiers` (r:1 w:0)
	/// Proof: `CarbonCredits::Verifiers` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::Projects` (r:1 w:1)
	/// Proof: `CarbonCredits::Projects` (`max_values`: None, `max_size`: Some(118), added: 2593, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::NextBatch` (r:1 w:1)
	/// Proof: `CarbonCredits::NextBatch` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::Batches` (r:0 w:1)
	/// Proof: `CarbonCredits::Batches` (`max_values`: None, `max_size`: Some(43), added: 2518, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::Credits` (r:0 w:1)
	/// Proof: `CarbonCredits::Credits` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn issue_batch() -> Weight {
		// Proof size in bytes: measured `408`, estimated `3583`.
		// Minimum execution time: 25_511_000 ps.
		Weight::from_parts(39_993_000, 3583)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `CarbonCredits::Batches` (r:1 w:0)
	/// Proof: `CarbonCredits::Batches` (`max_values`: None, `max_size`: Some(43), added: 2518, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::Credits` (r:2 w:2)
	/// Proof: `CarbonCredits::Credits` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn transfer() -> Weight {
		// Proof size in bytes: measured `453`, estimated `6076`.
		// Minimum execution time: 26_053_000 ps.
		Weight::from_parts(44_019_000, 6076)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `CarbonCredits::Batches` (r:1 w:1)
	/// Proof: `CarbonCredits::Batches` (`max_values`: None, `max_size`: Some(43), added: 2518, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::Credits` (r:1 w:1)
	/// Proof: `CarbonCredits::Credits` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::RetiredFor` (r:1 w:1)
	/// Proof: `CarbonCredits::RetiredFor` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::NextRetirement` (r:1 w:1)
	/// Proof: `CarbonCredits::NextRetirement` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::Retirements` (r:0 w:1)
	/// Proof: `CarbonCredits::Retirements` (`max_values`: None, `max_size`: Some(266), added: 2741, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::AccountRetirements` (r:0 w:1)
	/// Proof: `CarbonCredits::AccountRetirements` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	fn retire() -> Weight {
		// Proof size in bytes: measured `425`, estimated `3533`.
		// Minimum execution time: 34_347_000 ps.
		Weight::from_parts(54_618_000, 3533)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `CarbonCredits::Certificates` (r:1 w:1)
	/// Proof: `CarbonCredits::Certificates` (`max_values`: None, `max_size`: Some(80), added: 2555, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::Footprints` (r:1 w:0)
	/// Proof: `CarbonCredits::Footprints` (`max_values`: None, `max_size`: Some(76), added: 2551, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::RetiredFor` (r:1 w:0)
	/// Proof: `CarbonCredits::RetiredFor` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn claim_certificate() -> Weight {
		// Proof size in bytes: measured `329`, estimated `3545`.
		// Minimum execution time: 25_060_000 ps.
		Weight::from_parts(42_391_000, 3545)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

/// The same figures with RocksDB's database weights, for tests and mock runtimes.
impl WeightInfo for () {
	fn record_footprint() -> Weight {
		Weight::from_parts(44_735_000, 3727)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_verifier() -> Weight {
		Weight::from_parts(10_378_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn register_project() -> Weight {
		Weight::from_parts(28_438_000, 3513)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn issue_batch() -> Weight {
		Weight::from_parts(39_993_000, 3583)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn transfer() -> Weight {
		Weight::from_parts(44_019_000, 6076)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn retire() -> Weight {
		Weight::from_parts(54_618_000, 3533)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn claim_certificate() -> Weight {
		Weight::from_parts(42_391_000, 3545)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
