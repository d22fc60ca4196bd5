//! Weights for `pallet_access_refund`, measured on SCI's executor by `sci-node benchmark pallet`.
//! Generated: rerun `scripts/benchmark.sh` instead of editing. Each function is the slowest of 3 runs (`--runs`).
//!
//! DATE: 2026-11-24, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark pallet --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --pallet pallet_access_refund --steps 50 --repeat 20 --runs 3 --output pallets/access-refund/src/weights.rs`

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
		// Estimated proof size: 0 bytes. Minimum execution time: 5_053_000 ps.
		Weight::from_parts(5_462_000, 0)
	}
	fn on_finalize() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 154_598_000 ps.
		Weight::from_parts(156_901_000, 0)
	}
}

/// The same figures with RocksDB's database weights, for tests and mock runtimes.
impl WeightInfo for () {
	fn record_accesses() -> Weight {
		Weight::from_parts(5_462_000, 0)
	}
	fn on_finalize() -> Weight {
		Weight::from_parts(156_901_000, 0)
	}
}
