//! Weights measured on SCI's 2-vCPU, 24 GiB project machine, an Intel Xeon VM, with
//! `scripts/benchmark.sh`; each file's header records how and when. The transfer path (the
//! transaction extensions, fee payment, balances, the block and extrinsic overhead, the
//! signature check) and the emission pallet, which settles the fees, were measured on SCI's own
//! executor (`sci-node benchmark`, three runs on 2026-11-23, each weight the largest of the
//! three); the other pallets' on polkadot-sdk's `frame-omni-bencher`, and the database's on our
//! node. The polkadot-sdk pallets' weights are here, SCI's own pallets keep theirs in
//! `pallets/<name>/src/weights.rs`.
//!
//! * `block_weights.rs`, `extrinsic_weights.rs`, `signature_check_weights.rs`:
//!   `scripts/benchmark.sh overhead`, an empty block and a block full of signed
//!   `System::remark`s, whose signatures are checked ahead of its execution as a node does;
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
pub mod signature_check_weights;

pub use block_weights::BlockExecutionWeight;
pub use signature_check_weights::SignatureCheckWeight;

use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_NANOS, Weight},
};

/// Execution time of the transaction extensions a fee-paying, immortal signed extrinsic runs,
/// as measured in `frame_system_extensions.rs` and `pallet_transaction_payment.rs` (storage
/// accesses excluded), in nanoseconds: non-zero sender 425; spec version 343; transaction
/// version 355; genesis 1,216; immortal era 2,406; nonce 4,589; block weight 2,024; fee
/// payment 25,949; weight reclaim 584, and the record of the accounts the block paid for
/// (`pallet_access_refund`, around weight reclaim) 5,462.
pub const TX_EXTENSIONS_EXECUTION_NS: u64 =
	425 + 343 + 355 + 1_216 + 2_406 + 4_589 + 2_024 + 25_949 + 584 + 5_462;

parameter_types! {
	/// What every extrinsic pays besides its call and its transaction extensions: the measured
	/// cost of a signed `remark` less the execution of the extensions it ran, which every
	/// extrinsic already pays through their own weights (counting them twice is
	/// polkadot-sdk#9981). Their storage accesses are not subtracted: the overhead benchmark
	/// ran on an in-memory database, the extensions pay them through `DbWeight`. The remark's
	/// signature was checked ahead of the block's execution, as this node checks a block's
	/// signatures on a spare core while it executes (`SignatureCheckWeight` bounds that check;
	/// a runtime test keeps every signed extrinsic charged at least as much), so what is left is
	/// `apply_extrinsic`'s own work: nothing, when the extensions' weights, each benchmarked on
	/// its own, add up to more than the whole remark (on 2026-11-24 they did: 37.9 µs against
	/// 32.3 µs, measured before the record of paid-for accounts added 5.5 µs to both).
	pub ExtrinsicBaseWeight: Weight = extrinsic_weights::ExtrinsicBaseWeight::get()
		.saturating_sub(Weight::from_parts(
			TX_EXTENSIONS_EXECUTION_NS * WEIGHT_REF_TIME_PER_NANOS,
			0,
		));
}
