//! Weights for `pallet_template`: PLACEHOLDERS in the shape `sci-node benchmark pallet` writes,
//! NOT measured on any machine. The storage comments, reads, writes and proof sizes follow from
//! the calls' code; the times are generous guesses. Regenerate this file before the pallet goes
//! into a runtime (`docs/runtime-developers.md`, "Benchmarks and weights"), the first time
//! without keeping these figures: `SCI_BENCH_KEEP_LARGER=0 scripts/benchmark.sh pallet_template`.
//!
//! DATE: none, STEPS: none, REPEAT: none, HOST: none, CPU: `none (placeholder, not measured)`
//!
//! Command: none (written by hand)

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_template`.
pub trait WeightInfo {
	fn store() -> Weight;
	fn increment() -> Weight;
	fn force_remove() -> Weight;
}

/// Measured weights, with the runtime's database weights for storage access.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Template::Something` (r:1 w:1)
	/// Proof: `Template::Something` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Template::Count` (r:1 w:1)
	/// Proof: `Template::Count` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn store() -> Weight {
		// Estimated proof size: 3_517 bytes. Minimum execution time: not measured.
		Weight::from_parts(30_000_000, 3_517)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Template::Something` (r:1 w:1)
	/// Proof: `Template::Something` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	fn increment() -> Weight {
		// Estimated proof size: 3_517 bytes. Minimum execution time: not measured.
		Weight::from_parts(25_000_000, 3_517)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Template::Something` (r:1 w:1)
	/// Proof: `Template::Something` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Template::Count` (r:1 w:1)
	/// Proof: `Template::Count` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn force_remove() -> Weight {
		// Estimated proof size: 3_517 bytes. Minimum execution time: not measured.
		Weight::from_parts(30_000_000, 3_517)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

/// The same figures with RocksDB's database weights, for tests and mock runtimes.
impl WeightInfo for () {
	fn store() -> Weight {
		Weight::from_parts(30_000_000, 3_517)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn increment() -> Weight {
		Weight::from_parts(25_000_000, 3_517)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn force_remove() -> Weight {
		Weight::from_parts(30_000_000, 3_517)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}
