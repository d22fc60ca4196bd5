//! Weights measured on SCI's 2-vCPU, 24 GiB project machines with `scripts/benchmark.sh`
//! (frame-omni-bencher on the `runtime-benchmarks` Wasm); each file's header records how and
//! on which CPU. The transfer path (extensions, fee payment, balances, the block and
//! extrinsic overhead) and the emission pallet, which settles the fees, were measured together
//! on one machine (AMD EPYC, 2026-11-22); the other pallets' weights and the database's on an
//! Intel Xeon, which runs the same
//! benchmarks 10–40 % slower. The polkadot-sdk pallets' weights are here, SCI's own pallets keep
//! theirs in `pallets/<name>/src/weights.rs`.
//!
//! * `block_weights.rs`, `extrinsic_weights.rs`: `scripts/benchmark.sh overhead`, an empty
//!   block and blocks full of signed `System::remark`s;
//! * `db.rs`: storage reads and writes on our node's database;
//! * one file per pallet (and `frame_system_extensions`: the transaction extensions).

pub mod block_weights;
pub mod db;
pub mod extrinsic_weights;
pub mod frame_system;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_collective;
pub mod pallet_conviction_voting;
pub mod pallet_membership;
pub mod pallet_parameters;
pub mod pallet_preimage;
pub mod pallet_referenda;
pub mod pallet_scheduler;
pub mod pallet_transaction_payment;
pub mod pallet_whitelist;

pub use block_weights::BlockExecutionWeight;

use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight},
};

/// Execution time of the transaction extensions a fee-paying, immortal signed extrinsic runs,
/// as measured in `frame_system_extensions.rs` and `pallet_transaction_payment.rs` (storage
/// accesses excluded), in nanoseconds: non-zero sender 1,021; spec version 711; transaction
/// version 591; genesis 2,324; immortal era 6,680; nonce 13,850; block weight 4,336; fee
/// payment 48,932; weight reclaim 2,494.
pub const TX_EXTENSIONS_EXECUTION_NS: u64 =
	1_021 + 711 + 591 + 2_324 + 6_680 + 13_850 + 4_336 + 48_932 + 2_494;

parameter_types! {
	/// What every extrinsic pays besides its call and its transaction extensions: the measured
	/// cost of a signed `remark` less the execution of the extensions it ran, which every
	/// extrinsic already pays through their own weights (counting them twice is
	/// polkadot-sdk#9981). Their storage accesses are not subtracted: the overhead benchmark
	/// ran on an in-memory database, the extensions pay them through `DbWeight`. What is left
	/// is signature verification and `apply_extrinsic`'s own work.
	pub ExtrinsicBaseWeight: Weight = extrinsic_weights::ExtrinsicBaseWeight::get()
		.saturating_sub(Weight::from_parts(
			TX_EXTENSIONS_EXECUTION_NS * WEIGHT_REF_TIME_PER_NANOS,
			0,
		));
}
