//! Weights for `pallet_transaction_payment`, measured on SCI's executor by `sci-node benchmark pallet`.
//! Generated: rerun `scripts/benchmark.sh` instead of editing.
//!
//! DATE: 2026-12-07, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `AMD EPYC`
//! Margin: 40 % above the measured figures (`--margin`).
//! `charge_transaction_payment`: the time measured on CPU `Intel(R) Xeon(R) Processor`, larger than this run's (`--keep-larger`).
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark pallet --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --pallet pallet_transaction_payment --steps 50 --repeat 20 --runs 1 --output runtime/src/weights/pallet_transaction_payment.rs --output-shape runtime --margin 40 --keep-larger`

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions for `pallet_transaction_payment`.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: frame_system::Config> pallet_transaction_payment::WeightInfo for WeightInfo<T> {
	fn charge_transaction_payment() -> Weight {
		// Estimated proof size: 0 bytes. Minimum execution time: 22_984_000 ps.
		Weight::from_parts(36_328_600, 0)
	}
}
