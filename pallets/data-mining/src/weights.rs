//! Weights for `pallet_data_mining`, measured with `frame-omni-bencher` (benchmark CLI 64.0.0) by
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
//!   pallet_data_mining
//!   --extrinsic
//!   *
//!   --steps
//!   50
//!   --repeat
//!   20
//!   --template
//!   scripts/benchmark/weight-template.hbs
//!   --output
//!   pallets/data-mining/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_data_mining`.
pub trait WeightInfo {
	fn submit_report() -> Weight;
	fn challenge() -> Weight;
	fn rule() -> Weight;
	fn claim() -> Weight;
	fn reap_report() -> Weight;
	fn set_schedule() -> Weight;
	fn set_attester() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn on_initialize_close_and_release() -> Weight;
}

/// Measured weights, with the runtime's database weights for storage access.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `DeviceIdentity::DeviceOfKey` (r:1 w:0)
	/// Proof: `DeviceIdentity::DeviceOfKey` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::Devices` (r:1 w:0)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::CurrentEpoch` (r:1 w:0)
	/// Proof: `DataMining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Epochs` (r:1 w:1)
	/// Proof: `DataMining::Epochs` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Reports` (r:1 w:1)
	/// Proof: `DataMining::Reports` (`max_values`: None, `max_size`: Some(171), added: 2646, mode: `MaxEncodedLen`)
	/// Storage: `Parameters::Parameters` (r:1 w:0)
	/// Proof: `Parameters::Parameters` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	fn submit_report() -> Weight {
		// Proof size in bytes: measured `817`, estimated `3727`.
		// Minimum execution time: 84_458_000 ps.
		Weight::from_parts(148_268_000, 3727)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `DataMining::Attesters` (r:1 w:0)
	/// Proof: `DataMining::Attesters` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Epochs` (r:1 w:1)
	/// Proof: `DataMining::Epochs` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::CurrentEpoch` (r:1 w:0)
	/// Proof: `DataMining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Reports` (r:1 w:1)
	/// Proof: `DataMining::Reports` (`max_values`: None, `max_size`: Some(171), added: 2646, mode: `MaxEncodedLen`)
	fn challenge() -> Weight {
		// Proof size in bytes: measured `546`, estimated `3636`.
		// Minimum execution time: 30_953_000 ps.
		Weight::from_parts(52_667_000, 3636)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `DataMining::Epochs` (r:1 w:1)
	/// Proof: `DataMining::Epochs` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Reports` (r:1 w:1)
	/// Proof: `DataMining::Reports` (`max_values`: None, `max_size`: Some(171), added: 2646, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn rule() -> Weight {
		// Proof size in bytes: measured `777`, estimated `6196`.
		// Minimum execution time: 71_237_000 ps.
		Weight::from_parts(117_568_000, 6196)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `DeviceIdentity::Devices` (r:1 w:0)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Epochs` (r:1 w:1)
	/// Proof: `DataMining::Epochs` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Reports` (r:1 w:1)
	/// Proof: `DataMining::Reports` (`max_values`: None, `max_size`: Some(171), added: 2646, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::CurrentEpoch` (r:1 w:0)
	/// Proof: `DataMining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Parameters::Parameters` (r:1 w:0)
	/// Proof: `Parameters::Parameters` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Allocated` (r:1 w:1)
	/// Proof: `DataMining::Allocated` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:3 w:3)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	fn claim() -> Weight {
		// Proof size in bytes: measured `5802`, estimated `8799`.
		// Minimum execution time: 253_313_000 ps.
		Weight::from_parts(371_086_000, 8799)
			.saturating_add(T::DbWeight::get().reads(10_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `DataMining::OldestUnreleased` (r:1 w:0)
	/// Proof: `DataMining::OldestUnreleased` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Epochs` (r:1 w:0)
	/// Proof: `DataMining::Epochs` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Reports` (r:1 w:1)
	/// Proof: `DataMining::Reports` (`max_values`: None, `max_size`: Some(171), added: 2646, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	fn reap_report() -> Weight {
		// Proof size in bytes: measured `616`, estimated `3636`.
		// Minimum execution time: 60_231_000 ps.
		Weight::from_parts(93_560_000, 3636)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `DataMining::CurrentEpoch` (r:1 w:1)
	/// Proof: `DataMining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::MiningSchedule` (r:1 w:1)
	/// Proof: `DataMining::MiningSchedule` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Epochs` (r:0 w:1)
	/// Proof: `DataMining::Epochs` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	fn set_schedule() -> Weight {
		// Proof size in bytes: measured `173`, estimated `1497`.
		// Minimum execution time: 14_435_000 ps.
		Weight::from_parts(21_088_000, 1497)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `DataMining::Attesters` (r:1 w:1)
	/// Proof: `DataMining::Attesters` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::CounterForAttesters` (r:1 w:1)
	/// Proof: `DataMining::CounterForAttesters` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn set_attester() -> Weight {
		// Proof size in bytes: measured `178`, estimated `3513`.
		// Minimum execution time: 16_467_000 ps.
		Weight::from_parts(30_222_000, 3513)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `DataMining::CurrentEpoch` (r:1 w:0)
	/// Proof: `DataMining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Epochs` (r:2 w:0)
	/// Proof: `DataMining::Epochs` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::OldestUnreleased` (r:1 w:0)
	/// Proof: `DataMining::OldestUnreleased` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn on_initialize_idle() -> Weight {
		// Proof size in bytes: measured `404`, estimated `6158`.
		// Minimum execution time: 13_483_000 ps.
		Weight::from_parts(23_635_000, 6158)
			.saturating_add(T::DbWeight::get().reads(4_u64))
	}
	/// Storage: `DataMining::CurrentEpoch` (r:1 w:1)
	/// Proof: `DataMining::CurrentEpoch` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Epochs` (r:2 w:3)
	/// Proof: `DataMining::Epochs` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::MiningSchedule` (r:1 w:0)
	/// Proof: `DataMining::MiningSchedule` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `Parameters::Parameters` (r:1 w:0)
	/// Proof: `Parameters::Parameters` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:0)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::Allocated` (r:1 w:1)
	/// Proof: `DataMining::Allocated` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `DataMining::OldestUnreleased` (r:1 w:1)
	/// Proof: `DataMining::OldestUnreleased` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn on_initialize_close_and_release() -> Weight {
		// Proof size in bytes: measured `535`, estimated `6158`.
		// Minimum execution time: 41_014_000 ps.
		Weight::from_parts(68_218_000, 6158)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
}

/// The same figures with RocksDB's database weights, for tests and mock runtimes.
impl WeightInfo for () {
	fn submit_report() -> Weight {
		Weight::from_parts(148_268_000, 3727)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn challenge() -> Weight {
		Weight::from_parts(52_667_000, 3636)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn rule() -> Weight {
		Weight::from_parts(117_568_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn claim() -> Weight {
		Weight::from_parts(371_086_000, 8799)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn reap_report() -> Weight {
		Weight::from_parts(93_560_000, 3636)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn set_schedule() -> Weight {
		Weight::from_parts(21_088_000, 1497)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn set_attester() -> Weight {
		Weight::from_parts(30_222_000, 3513)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(23_635_000, 6158)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
	}
	fn on_initialize_close_and_release() -> Weight {
		Weight::from_parts(68_218_000, 6158)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
}
