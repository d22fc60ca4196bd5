//! Weights for `pallet_transaction_payment`, measured on SCI's executor by `sci-node benchmark pallet`.
//! Generated: rerun `scripts/benchmark.sh` instead of editing. Each function here is the largest
//! of three runs on this machine (`docs/benchmarks.md`); the command is the first run's.
//!
//! DATE: 2026-11-24, STEPS: `50`, REPEAT: `20`, HOST: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//!
//! Command: `/root/.cache/sci-target/release/sci-node benchmark pallet --runtime /root/.cache/sci-bench-target/release/wbuild/sci-runtime/sci_runtime.compact.compressed.wasm --pallet pallet_transaction_payment --steps 50 --repeat 20 --output /tmp/w/run1/pallet_transaction_payment.rs --output-shape runtime`

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
		// Estimated proof size: 0 bytes. Minimum execution time: 24_669_000 ps.
		Weight::from_parts(25_949_000, 0)
	}
}
