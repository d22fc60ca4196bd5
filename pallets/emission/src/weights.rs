//! Weights for `pallet_emission`, measured on SCI's executor by `sci-node benchmark pallet`.
//! Generated: rerun `scripts/benchmark.sh` instead of editing.
//!
//! DATE: 2026-12-07, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `AMD EPYC`
//! Margin: 40 % above the measured figures (`--margin`).
//! `on_initialize`: the time measured on CPU `AMD EPYC`, larger than this run's (`--keep-larger`).
//! `settle_fees`: the time measured on CPU `AMD EPYC`, larger than this run's (`--keep-larger`).
//! `burn`: the time measured on CPU `AMD EPYC`, larger than this run's (`--keep-larger`).
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark pallet --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --pallet pallet_emission --steps 50 --repeat 20 --runs 1 --output pallets/emission/src/weights.rs --margin 40 --keep-larger`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_emission`.
pub trait WeightInfo {
	fn on_initialize() -> Weight;
	fn settle_fees() -> Weight;
	fn burn() -> Weight;
}

/// Measured weights, with the runtime's database weights for storage access.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `System::Account` (r:3 w:3)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Aura::Authorities` (r:1 w:0)
	/// Proof: `Aura::Authorities` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Emission::TotalIssued` (r:1 w:1)
	/// Proof: `Emission::TotalIssued` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Emission::EmissionPool` (r:1 w:0)
	/// Proof: `Emission::EmissionPool` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Parameters::Parameters` (r:1 w:0)
	/// Proof: `Parameters::Parameters` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	fn on_initialize() -> Weight {
		// Estimated proof size: 8_799 bytes. Minimum execution time: 39_028_000 ps.
		Weight::from_parts(89_566_400, 8_799)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Emission::TotalBurned` (r:1 w:1)
	/// Proof: `Emission::TotalBurned` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Parameters::Parameters` (r:1 w:0)
	/// Proof: `Parameters::Parameters` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	fn settle_fees() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 14_552_000 ps.
		Weight::from_parts(34_294_400, 3_593)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Emission::TotalBurned` (r:1 w:1)
	/// Proof: `Emission::TotalBurned` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	fn burn() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 13_921_000 ps.
		Weight::from_parts(35_557_200, 3_593)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

/// The same figures with RocksDB's database weights, for tests and mock runtimes.
impl WeightInfo for () {
	fn on_initialize() -> Weight {
		Weight::from_parts(89_566_400, 8_799)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn settle_fees() -> Weight {
		Weight::from_parts(34_294_400, 3_593)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn burn() -> Weight {
		Weight::from_parts(35_557_200, 3_593)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}
