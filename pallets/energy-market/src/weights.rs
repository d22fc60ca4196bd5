//! Weights for `pallet_energy_market`, measured with `frame-omni-bencher` (benchmark CLI 64.0.0) by
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
//!   pallet_energy_market
//!   --extrinsic
//!   *
//!   --steps
//!   50
//!   --repeat
//!   20
//!   --template
//!   scripts/benchmark/weight-template.hbs
//!   --output
//!   pallets/energy-market/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_energy_market`.
pub trait WeightInfo {
	fn place_order() -> Weight;
	fn cancel_order() -> Weight;
	fn settle() -> Weight;
	fn set_parameters() -> Weight;
	fn on_initialize_idle() -> Weight;
	fn on_initialize_clear(n: u32, ) -> Weight;
}

/// Measured weights, with the runtime's database weights for storage access.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `DeviceIdentity::Devices` (r:1 w:0)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::Parameters` (r:1 w:0)
	/// Proof: `EnergyMarket::Parameters` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::Clock` (r:1 w:0)
	/// Proof: `EnergyMarket::Clock` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::NextToClear` (r:1 w:0)
	/// Proof: `EnergyMarket::NextToClear` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::AccountOrders` (r:1 w:1)
	/// Proof: `EnergyMarket::AccountOrders` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::NextOrderId` (r:1 w:1)
	/// Proof: `EnergyMarket::NextOrderId` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::PeriodOrders` (r:1 w:1)
	/// Proof: `EnergyMarket::PeriodOrders` (`max_values`: None, `max_size`: Some(1038), added: 3513, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::Orders` (r:0 w:1)
	/// Proof: `EnergyMarket::Orders` (`max_values`: None, `max_size`: Some(102), added: 2577, mode: `MaxEncodedLen`)
	fn place_order() -> Weight {
		// Proof size in bytes: measured `4204`, estimated `4503`.
		// Minimum execution time: 145_964_000 ps.
		Weight::from_parts(172_769_000, 4503)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `EnergyMarket::Orders` (r:1 w:1)
	/// Proof: `EnergyMarket::Orders` (`max_values`: None, `max_size`: Some(102), added: 2577, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::PeriodOrders` (r:1 w:1)
	/// Proof: `EnergyMarket::PeriodOrders` (`max_values`: None, `max_size`: Some(1038), added: 3513, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::AccountOrders` (r:1 w:1)
	/// Proof: `EnergyMarket::AccountOrders` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	fn cancel_order() -> Weight {
		// Proof size in bytes: measured `3680`, estimated `4503`.
		// Minimum execution time: 119_212_000 ps.
		Weight::from_parts(171_760_000, 4503)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Storage: `EnergyMarket::Trades` (r:1 w:1)
	/// Proof: `EnergyMarket::Trades` (`max_values`: None, `max_size`: Some(145), added: 2620, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::DeviceOfKey` (r:1 w:0)
	/// Proof: `DeviceIdentity::DeviceOfKey` (`max_values`: None, `max_size`: Some(56), added: 2531, mode: `MaxEncodedLen`)
	/// Storage: `DeviceIdentity::Devices` (r:1 w:0)
	/// Proof: `DeviceIdentity::Devices` (`max_values`: None, `max_size`: Some(262), added: 2737, mode: `MaxEncodedLen`)
	/// Storage: `Parameters::Parameters` (r:2 w:0)
	/// Proof: `Parameters::Parameters` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:2 w:2)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::Batches` (r:1 w:1)
	/// Proof: `CarbonCredits::Batches` (`max_values`: None, `max_size`: Some(43), added: 2518, mode: `MaxEncodedLen`)
	/// Storage: `CarbonCredits::Credits` (r:1 w:1)
	/// Proof: `CarbonCredits::Credits` (`max_values`: None, `max_size`: Some(68), added: 2543, mode: `MaxEncodedLen`)
	fn settle() -> Weight {
		// Proof size in bytes: measured `1462`, estimated `6254`.
		// Minimum execution time: 213_084_000 ps.
		Weight::from_parts(351_606_000, 6254)
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `EnergyMarket::Parameters` (r:1 w:1)
	/// Proof: `EnergyMarket::Parameters` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::Orders` (r:1 w:0)
	/// Proof: `EnergyMarket::Orders` (`max_values`: None, `max_size`: Some(102), added: 2577, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::NextToClear` (r:1 w:0)
	/// Proof: `EnergyMarket::NextToClear` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::Clock` (r:0 w:1)
	/// Proof: `EnergyMarket::Clock` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn set_parameters() -> Weight {
		// Proof size in bytes: measured `41`, estimated `3567`.
		// Minimum execution time: 14_093_000 ps.
		Weight::from_parts(26_324_000, 3567)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `EnergyMarket::Parameters` (r:1 w:0)
	/// Proof: `EnergyMarket::Parameters` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::NextToClear` (r:1 w:0)
	/// Proof: `EnergyMarket::NextToClear` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::Clock` (r:1 w:0)
	/// Proof: `EnergyMarket::Clock` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	fn on_initialize_idle() -> Weight {
		// Proof size in bytes: measured `68`, estimated `1497`.
		// Minimum execution time: 6_493_000 ps.
		Weight::from_parts(9_255_000, 1497)
			.saturating_add(T::DbWeight::get().reads(3_u64))
	}
	/// Storage: `EnergyMarket::Parameters` (r:1 w:0)
	/// Proof: `EnergyMarket::Parameters` (`max_values`: Some(1), `max_size`: Some(12), added: 507, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::NextToClear` (r:1 w:1)
	/// Proof: `EnergyMarket::NextToClear` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::Clock` (r:1 w:0)
	/// Proof: `EnergyMarket::Clock` (`max_values`: Some(1), `max_size`: Some(8), added: 503, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::PeriodOrders` (r:1 w:1)
	/// Proof: `EnergyMarket::PeriodOrders` (`max_values`: None, `max_size`: Some(1038), added: 3513, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::Orders` (r:128 w:128)
	/// Proof: `EnergyMarket::Orders` (`max_values`: None, `max_size`: Some(102), added: 2577, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::AccountOrders` (r:128 w:128)
	/// Proof: `EnergyMarket::AccountOrders` (`max_values`: None, `max_size`: Some(64), added: 2539, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:64 w:64)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:64 w:64)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(157), added: 2632, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::Clearings` (r:0 w:1)
	/// Proof: `EnergyMarket::Clearings` (`max_values`: None, `max_size`: Some(49), added: 2524, mode: `MaxEncodedLen`)
	/// Storage: `EnergyMarket::Trades` (r:0 w:64)
	/// Proof: `EnergyMarket::Trades` (`max_values`: None, `max_size`: Some(145), added: 2620, mode: `MaxEncodedLen`)
	/// The range of component `n` is `[0, 128]`.
	fn on_initialize_clear(n: u32, ) -> Weight {
		// Proof size in bytes: measured `244 + n * (308 ±0)`, estimated `4503 + n * (2577 ±0)`.
		// Minimum execution time: 20_374_000 ps.
		Weight::from_parts(205_200_748, 4503)
			// Standard error: 375_472
			.saturating_add(Weight::from_parts(42_787_690, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(3_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2577).saturating_mul(n.into()))
	}
}

/// The same figures with RocksDB's database weights, for tests and mock runtimes.
impl WeightInfo for () {
	fn place_order() -> Weight {
		Weight::from_parts(172_769_000, 4503)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn cancel_order() -> Weight {
		Weight::from_parts(171_760_000, 4503)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn settle() -> Weight {
		Weight::from_parts(351_606_000, 6254)
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn set_parameters() -> Weight {
		Weight::from_parts(26_324_000, 3567)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(9_255_000, 1497)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
	}
	fn on_initialize_clear(n: u32, ) -> Weight {
		Weight::from_parts(205_200_748, 4503)
			.saturating_add(Weight::from_parts(42_787_690, 0).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(n.into())))
			.saturating_add(Weight::from_parts(0, 2577).saturating_mul(n.into()))
	}
}
