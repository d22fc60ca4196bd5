//! Weights for `pallet_balances`, measured on SCI's executor by `sci-node benchmark pallet`.
//! Generated: rerun `scripts/benchmark.sh` instead of editing.
//!
//! DATE: 2026-12-07, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `AMD EPYC`
//! Margin: 40 % above the measured figures (`--margin`).
//! `transfer_allow_death`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//! `transfer_keep_alive`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//! `force_set_balance_creating`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//! `force_set_balance_killing`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//! `force_transfer`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//! `transfer_all`: the time measured on CPU `AMD EPYC`, larger than this run's (`--keep-larger`).
//! `force_unreserve`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//! `upgrade_accounts`: the time measured on CPU `AMD EPYC`, larger than this run's (`--keep-larger`).
//! `force_adjust_total_issuance`: the time measured on CPU `AMD EPYC`, larger than this run's (`--keep-larger`).
//! `burn_allow_death`: the time measured on CPU `AMD EPYC`, larger than this run's (`--keep-larger`).
//! `burn_keep_alive`: the time measured on CPU `AMD EPYC`, larger than this run's (`--keep-larger`).
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark pallet --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --pallet pallet_balances --steps 50 --repeat 20 --runs 1 --output runtime/src/weights/pallet_balances.rs --output-shape runtime --margin 40 --keep-larger`

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
		// Estimated proof size: 3_593 bytes. Minimum execution time: 28_552_000 ps.
		Weight::from_parts(43_061_200, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn transfer_keep_alive() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 22_073_000 ps.
		Weight::from_parts(33_273_800, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_set_balance_creating() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 11_518_000 ps.
		Weight::from_parts(19_105_800, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_set_balance_killing() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 11_928_000 ps.
		Weight::from_parts(19_377_400, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_transfer() -> Weight {
		// Estimated proof size: 6_196 bytes. Minimum execution time: 29_103_000 ps.
		Weight::from_parts(43_611_400, 6_196)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn transfer_all() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 27_701_000 ps.
		Weight::from_parts(40_619_600, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn force_unreserve() -> Weight {
		// Estimated proof size: 3_593 bytes. Minimum execution time: 9_725_000 ps.
		Weight::from_parts(15_919_400, 3_593)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `System::Account` (r:1000 w:1000)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// The range of component `u` is `[1, 1000]`.
	fn upgrade_accounts(u: u32, ) -> Weight {
		// Estimated proof size: 990 + u × 2_603 bytes. Minimum execution time: 9_223_000 ps.
		Weight::from_parts(14_694_400, 990)
			.saturating_add(Weight::from_parts(17_966_468, 0).saturating_mul(u.into()))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(u.into())))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(u.into())))
			.saturating_add(Weight::from_parts(0, 2_603).saturating_mul(u.into()))
	}
	fn force_adjust_total_issuance() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 3_214_000 ps.
		Weight::from_parts(6_393_800, 0)
	}
	fn burn_allow_death() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 17_506_000 ps.
		Weight::from_parts(26_849_200, 0)
	}
	fn burn_keep_alive() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 11_227_000 ps.
		Weight::from_parts(18_520_600, 0)
	}
}
