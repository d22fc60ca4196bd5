//! Weights for `pallet_foundation`, measured with `frame-omni-bencher` (benchmark CLI 64.0.0) by
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
//!   pallet_foundation
//!   --extrinsic
//!   *
//!   --steps
//!   50
//!   --repeat
//!   20
//!   --template
//!   scripts/benchmark/weight-template.hbs
//!   --output
//!   pallets/foundation/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_foundation`.
pub trait WeightInfo {
	fn on_initialize_inflow() -> Weight;
	fn on_initialize_quarter_end() -> Weight;
	fn set_budget() -> Weight;
	fn set_signatories(s: u32, p: u32, ) -> Weight;
	fn propose_spend() -> Weight;
	fn approve_spend() -> Weight;
	fn approve_spend_execute() -> Weight;
	fn cancel_spend() -> Weight;
	fn remove_expired() -> Weight;
}

/// Measured weights, with the runtime's database weights for storage access.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `System::Account` (r:1 w:0)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::RecordedBalance` (r:1 w:1)
	/// Proof: `Foundation::RecordedBalance` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::TrailLength` (r:1 w:1)
	/// Proof: `Foundation::TrailLength` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Trail` (r:0 w:1)
	/// Proof: `Foundation::Trail` (`max_values`: None, `max_size`: Some(595), added: 3070, mode: `MaxEncodedLen`)
	fn on_initialize_inflow() -> Weight {
		// Proof size in bytes: measured `289`, estimated `3593`.
		// Minimum execution time: 22_107_000 ps.
		Weight::from_parts(38_986_000, 3593)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::RecordedBalance` (r:1 w:1)
	/// Proof: `Foundation::RecordedBalance` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::TrailLength` (r:1 w:1)
	/// Proof: `Foundation::TrailLength` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Parameters::Parameters` (r:1 w:0)
	/// Proof: `Parameters::Parameters` (`max_values`: None, `max_size`: Some(109), added: 2584, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::QuarterBalances` (r:1 w:2)
	/// Proof: `Foundation::QuarterBalances` (`max_values`: None, `max_size`: Some(45), added: 2520, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Trail` (r:0 w:2)
	/// Proof: `Foundation::Trail` (`max_values`: None, `max_size`: Some(595), added: 3070, mode: `MaxEncodedLen`)
	fn on_initialize_quarter_end() -> Weight {
		// Proof size in bytes: measured `358`, estimated `3593`.
		// Minimum execution time: 69_348_000 ps.
		Weight::from_parts(109_970_000, 3593)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Storage: `Foundation::Budgets` (r:0 w:1)
	/// Proof: `Foundation::Budgets` (`max_values`: None, `max_size`: Some(37), added: 2512, mode: `MaxEncodedLen`)
	fn set_budget() -> Weight {
		// Proof size in bytes: measured `0`, estimated `0`.
		// Minimum execution time: 7_630_000 ps.
		Weight::from_parts(14_166_000, 0)
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Foundation::Proposals` (r:65 w:64)
	/// Proof: `Foundation::Proposals` (`max_values`: None, `max_size`: Some(868), added: 3343, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Signatories` (r:0 w:1)
	/// Proof: `Foundation::Signatories` (`max_values`: Some(1), `max_size`: Some(513), added: 1008, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Threshold` (r:0 w:1)
	/// Proof: `Foundation::Threshold` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// The range of component `s` is `[1, 16]`.
	/// The range of component `p` is `[0, 64]`.
	fn set_signatories(s: u32, p: u32, ) -> Weight {
		// Proof size in bytes: measured `144 + p * (875 ±0)`, estimated `4333 + p * (3343 ±0)`.
		// Minimum execution time: 19_979_000 ps.
		Weight::from_parts(22_861_000, 4333)
			// Standard error: 72_669
			.saturating_add(Weight::from_parts(1_234_406, 0).saturating_mul(s.into()))
			// Standard error: 18_159
			.saturating_add(Weight::from_parts(9_365_836, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(2_u64))
			.saturating_add(T::DbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3343).saturating_mul(p.into()))
	}
	/// Storage: `Foundation::Signatories` (r:1 w:0)
	/// Proof: `Foundation::Signatories` (`max_values`: Some(1), `max_size`: Some(513), added: 1008, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::CounterForProposals` (r:1 w:1)
	/// Proof: `Foundation::CounterForProposals` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::NextProposal` (r:1 w:1)
	/// Proof: `Foundation::NextProposal` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Threshold` (r:1 w:0)
	/// Proof: `Foundation::Threshold` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Proposals` (r:1 w:1)
	/// Proof: `Foundation::Proposals` (`max_values`: None, `max_size`: Some(868), added: 3343, mode: `MaxEncodedLen`)
	fn propose_spend() -> Weight {
		// Proof size in bytes: measured `672`, estimated `4333`.
		// Minimum execution time: 22_574_000 ps.
		Weight::from_parts(42_736_000, 4333)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Foundation::Signatories` (r:1 w:0)
	/// Proof: `Foundation::Signatories` (`max_values`: Some(1), `max_size`: Some(513), added: 1008, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Proposals` (r:1 w:1)
	/// Proof: `Foundation::Proposals` (`max_values`: None, `max_size`: Some(868), added: 3343, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Threshold` (r:1 w:0)
	/// Proof: `Foundation::Threshold` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn approve_spend() -> Weight {
		// Proof size in bytes: measured `1495`, estimated `4333`.
		// Minimum execution time: 21_017_000 ps.
		Weight::from_parts(30_663_000, 4333)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Foundation::Signatories` (r:1 w:0)
	/// Proof: `Foundation::Signatories` (`max_values`: Some(1), `max_size`: Some(513), added: 1008, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Proposals` (r:1 w:1)
	/// Proof: `Foundation::Proposals` (`max_values`: None, `max_size`: Some(868), added: 3343, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Threshold` (r:1 w:0)
	/// Proof: `Foundation::Threshold` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Budgets` (r:1 w:0)
	/// Proof: `Foundation::Budgets` (`max_values`: None, `max_size`: Some(37), added: 2512, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Spent` (r:1 w:1)
	/// Proof: `Foundation::Spent` (`max_values`: None, `max_size`: Some(37), added: 2512, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::SpendCount` (r:1 w:1)
	/// Proof: `Foundation::SpendCount` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::RecordedBalance` (r:1 w:1)
	/// Proof: `Foundation::RecordedBalance` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::TrailLength` (r:1 w:1)
	/// Proof: `Foundation::TrailLength` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::CounterForProposals` (r:1 w:1)
	/// Proof: `Foundation::CounterForProposals` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::Trail` (r:0 w:2)
	/// Proof: `Foundation::Trail` (`max_values`: None, `max_size`: Some(595), added: 3070, mode: `MaxEncodedLen`)
	fn approve_spend_execute() -> Weight {
		// Proof size in bytes: measured `1759`, estimated `6196`.
		// Minimum execution time: 120_882_000 ps.
		Weight::from_parts(204_816_000, 6196)
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(10_u64))
	}
	/// Storage: `Foundation::Proposals` (r:1 w:1)
	/// Proof: `Foundation::Proposals` (`max_values`: None, `max_size`: Some(868), added: 3343, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::CounterForProposals` (r:1 w:1)
	/// Proof: `Foundation::CounterForProposals` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn cancel_spend() -> Weight {
		// Proof size in bytes: measured `595`, estimated `4333`.
		// Minimum execution time: 19_948_000 ps.
		Weight::from_parts(32_607_000, 4333)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Foundation::Proposals` (r:1 w:1)
	/// Proof: `Foundation::Proposals` (`max_values`: None, `max_size`: Some(868), added: 3343, mode: `MaxEncodedLen`)
	/// Storage: `Foundation::CounterForProposals` (r:1 w:1)
	/// Proof: `Foundation::CounterForProposals` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	fn remove_expired() -> Weight {
		// Proof size in bytes: measured `595`, estimated `4333`.
		// Minimum execution time: 20_505_000 ps.
		Weight::from_parts(35_065_000, 4333)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

/// The same figures with RocksDB's database weights, for tests and mock runtimes.
impl WeightInfo for () {
	fn on_initialize_inflow() -> Weight {
		Weight::from_parts(38_986_000, 3593)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn on_initialize_quarter_end() -> Weight {
		Weight::from_parts(109_970_000, 3593)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn set_budget() -> Weight {
		Weight::from_parts(14_166_000, 0)
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn set_signatories(s: u32, p: u32, ) -> Weight {
		Weight::from_parts(22_861_000, 4333)
			.saturating_add(Weight::from_parts(1_234_406, 0).saturating_mul(s.into()))
			.saturating_add(Weight::from_parts(9_365_836, 0).saturating_mul(p.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes((1_u64).saturating_mul(p.into())))
			.saturating_add(Weight::from_parts(0, 3343).saturating_mul(p.into()))
	}
	fn propose_spend() -> Weight {
		Weight::from_parts(42_736_000, 4333)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn approve_spend() -> Weight {
		Weight::from_parts(30_663_000, 4333)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn approve_spend_execute() -> Weight {
		Weight::from_parts(204_816_000, 6196)
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(10_u64))
	}
	fn cancel_spend() -> Weight {
		Weight::from_parts(32_607_000, 4333)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn remove_expired() -> Weight {
		Weight::from_parts(35_065_000, 4333)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}
