//! Weights for `pallet_balances`, measured on SCI's executor by `sci-node benchmark pallet`.
//! Generated: rerun `scripts/benchmark.sh` instead of editing.
//!
//! DATE: 2026-11-23, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `AMD EPYC`
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark pallet --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --pallet pallet_balances --output /tmp/adopt/run1/pallet_balances.rs --output-shape runtime`

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
		// Estimated proof size: 3_593 bytes. Minimum execution time: 37_445_000 ps.
		Weight::from_parts(47_440_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn transfer_keep_alive() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 31_097_000 ps.
		Weight::from_parts(46_118_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_set_balance_creating() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 19_899_000 ps.
		Weight::from_parts(28_833_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_set_balance_killing() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 17_035_000 ps.
		Weight::from_parts(20_430_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_transfer() -> Weight {
		// Estimated proof size: 6_196 bytes. Minimum execution time: 40_420_000 ps.
		Weight::from_parts(53_439_000, 6_196)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn transfer_all() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 33_670_000 ps.
		Weight::from_parts(36_995_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_unreserve() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 13_250_000 ps.
		Weight::from_parts(13_780_000, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:979 w:979)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `u` is `[1, 1000]`.
	fn upgrade_accounts(u: u32, ) -> Weight {
		// Estimated proof size: 990 + u × 2_603 bytes. Minimum execution time: 12_248_000 ps.
		Weight::from_parts(12_799_000, 990)
			.saturating_add(Weight::from_parts(11_313_098, 0).saturating_mul(u.into()))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(u.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(u.into())))
			.saturating_add(Weight::from_parts(0, 2_603).saturating_mul(u.into()))
	}
	fn force_adjust_total_issuance() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 5_378_000 ps.
		Weight::from_parts(5_869_000, 0)
	}
	fn burn_allow_death() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 21_452_000 ps.
		Weight::from_parts(22_273_000, 0)
	}
	fn burn_keep_alive() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 14_402_000 ps.
		Weight::from_parts(14_692_000, 0)
	}
}
