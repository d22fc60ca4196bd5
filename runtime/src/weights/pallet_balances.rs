//! Weights for `pallet_balances`, measured on SCI's executor by `sci-node benchmark pallet`.
//! Generated: rerun `scripts/benchmark.sh` instead of editing. Each function here is the largest
//! of three runs on this machine (`docs/benchmarks.md`); the command is the first run's.
//!
//! DATE: 2026-11-24, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark pallet --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --pallet pallet_balances --steps 50 --repeat 20 --output /tmp/w/run1/pallet_balances.rs --output-shape runtime`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions for `pallet_balances`.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_balances::WeightInfo for WeightInfo<T> {
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn transfer_allow_death() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 29_340_000 ps.
		Weight::from_parts(30_758_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn transfer_keep_alive() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 21_974_000 ps.
		Weight::from_parts(23_767_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_set_balance_creating() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 12_907_000 ps.
		Weight::from_parts(13_647_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_set_balance_killing() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 13_352_000 ps.
		Weight::from_parts(13_841_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_transfer() -> Weight {
		// Estimated proof size: 6_196 bytes. Minimum execution time: 29_686_000 ps.
		Weight::from_parts(31_151_000, 6_196)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn transfer_all() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 27_411_000 ps.
		Weight::from_parts(28_354_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_unreserve() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 10_400_000 ps.
		Weight::from_parts(11_371_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1000 w:1000)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `u` is `[1, 1000]`.
	fn upgrade_accounts(u: u32, ) -> Weight {
		// Estimated proof size: 990 + u × 2_603 bytes. Minimum execution time: 9_670_000 ps.
		Weight::from_parts(10_492_000, 990)
			.saturating_add(Weight::from_parts(8_325_837, 0).saturating_mul(u.into()))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(u.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(u.into())))
			.saturating_add(Weight::from_parts(0, 2_603).saturating_mul(u.into()))
	}
	fn force_adjust_total_issuance() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 3_673_000 ps.
		Weight::from_parts(4_049_000, 0)
	}
	fn burn_allow_death() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 17_073_000 ps.
		Weight::from_parts(18_275_000, 0)
	}
	fn burn_keep_alive() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 11_710_000 ps.
		Weight::from_parts(11_981_000, 0)
	}
}
