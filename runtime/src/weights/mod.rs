//! Weights measured on SCI's 2-vCPU, 24 GiB project machines with `scripts/benchmark.sh`; each
//! file's header records how and on which CPU. The transfer path (the transaction extensions,
//! fee payment, balances, the block and extrinsic overhead) and the emission pallet, which
//! settles the fees, were measured on SCI's own executor (`sci-node benchmark`) on two machines
//! (AMD EPYC and Intel Xeon, 2026-11-23, three runs each), keeping each weight's largest
//! figure: most are the EPYC's, seven extensions' the Xeon's (their file marks the EPYC's).
//! The other pallets' weights come from polkadot-sdk's `frame-omni-bencher`, and the
//! database's from our node, on the Xeon. The polkadot-sdk pallets' weights are here, SCI's own pallets keep theirs
//! in `pallets/<name>/src/weights.rs`.
//!
//! * `block_weights.rs`, `extrinsic_weights.rs`: `scripts/benchmark.sh overhead`, an empty
//!   block and a block full of signed `System::remark`s;
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
/// accesses excluded), in nanoseconds: non-zero sender 389; spec version 317; transaction
/// version 336; genesis 1,228; immortal era 2,485; nonce 7,090; block weight 3,064; fee
/// payment 30,325; weight reclaim 1,696.
pub const TX_EXTENSIONS_EXECUTION_NS: u64 =
	389 + 317 + 336 + 1_228 + 2_485 + 7_090 + 3_064 + 30_325 + 1_696;

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
