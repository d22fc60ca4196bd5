//! Weights for `pallet_access_refund`, measured on SCI's executor by `sci-node benchmark pallet`.
//! Generated: rerun `scripts/benchmark.sh` instead of editing.
//!
//! DATE: 2026-12-07, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `AMD EPYC`
//! Margin: 40 % above the measured figures (`--margin`).
//! `record_accesses`: the time measured on CPU `AMD EPYC`, larger than this run's (`--keep-larger`).
//! `on_finalize`: the time measured on CPU `AMD EPYC`, larger than this run's (`--keep-larger`).
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark pallet --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --pallet pallet_access_refund --steps 50 --repeat 20 --runs 1 --output pallets/access-refund/src/weights.rs --margin 40 --keep-larger`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_access_refund`.
pub trait WeightInfo {
	fn record_accesses() -> Weight;
	fn on_finalize() -> Weight;
}

/// Measured weights, with the runtime's database weights for storage access.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn record_accesses() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 7_191_000 ps.
		Weight::from_parts(10_824_800, 0)
	}
	fn on_finalize() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 170_174_000 ps.
		Weight::from_parts(385_518_000, 0)
	}
}

/// The same figures with RocksDB's database weights, for tests and mock runtimes.
impl WeightInfo for () {
	fn record_accesses() -> Weight {
		Weight::from_parts(10_824_800, 0)
	}
	fn on_finalize() -> Weight {
		Weight::from_parts(385_518_000, 0)
	}
}
