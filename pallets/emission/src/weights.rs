//! Weights for `pallet_emission`, measured with `frame-omni-bencher` (benchmark CLI 64.0.0) by
//! `scripts/benchmark.sh`. Generated: rerun the script instead of editing.
//!
//! DATE: 2026-11-22, STEPS: `50`, REPEAT: `20`
//! HOSTNAME: `vm`, CPU: `AMD EPYC`
//! WASM-EXECUTION: `Compiled`, DB CACHE: `1024`
//!
//! Command:
//!   /root/.cache/sci-tools/bin/frame-omni-bencher
//!   v1
//!   benchmark
//!   pallet
//!   --runtime
//!   /root/.cache/sci-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm
//!   --genesis-builder-preset
//!   development
//!   --pallet
//!   pallet_emission
//!   --extrinsic
//!   *
//!   --steps
//!   50
//!   --repeat
//!   20
//!   --template
//!   scripts/benchmark/weight-template.hbs
//!   --output
//!   pallets/emission/src/weights.rs

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
	/// Storage: `Aura::Authorities` (r:1 w:0)
	/// Proof: `Aura::Authorities` (`max_values`: Some(1), `max_size`: Some(1025), added: 1520, mode: `MaxEncodedLen`)
	/// Storage: `Emission::EmissionPool` (r:1 w:0)
	/// Proof: `Emission::EmissionPool` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Emission::TotalIssued` (r:1 w:1)
	/// Proof: `Emission::TotalIssued` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Parameters::Parameters` (r:1 w:0)
	/// Proof: `Parameters::Parameters` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:3 w:3)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn on_initialize() -> Weight {
		// Proof size in bytes: measured `328`, estimated `8799`.
		// Minimum execution time: 81_280_000 ps.
		Weight::from_parts(86_528_000, 8799)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Parameters::Parameters` (r:1 w:0)
	/// Proof: `Parameters::Parameters` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Emission::TotalBurned` (r:1 w:1)
	/// Proof: `Emission::TotalBurned` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	fn settle_fees() -> Weight {
		// Proof size in bytes: measured `43`, estimated `3593`.
		// Minimum execution time: 30_104_000 ps.
		Weight::from_parts(32_498_000, 3593)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Emission::TotalBurned` (r:1 w:1)
	/// Proof: `Emission::TotalBurned` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	fn burn() -> Weight {
		// Proof size in bytes: measured `101`, estimated `3593`.
		// Minimum execution time: 27_231_000 ps.
		Weight::from_parts(29_885_000, 3593)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

/// The same figures with RocksDB's database weights, for tests and mock runtimes.
impl WeightInfo for () {
	fn on_initialize() -> Weight {
		Weight::from_parts(86_528_000, 8799)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn settle_fees() -> Weight {
		Weight::from_parts(32_498_000, 3593)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn burn() -> Weight {
		Weight::from_parts(29_885_000, 3593)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}
