//! Weights measured with `scripts/benchmark.sh` on the machines SCI runs on, 2-vCPU, 24 GiB
//! VMs (an Intel Xeon and an AMD EPYC), each figure the larger of the two, then
//! [`WEIGHT_MARGIN_PERCENT`] above it: the reference machine and how to re-measure are in
//! `docs/benchmarks.md`, each file's header records how, when and where. The transfer path (the
//! transaction extensions, fee payment, balances, the block and extrinsic overhead, the
//! signature check), the emission pallet, which settles the fees, and the access refund are
//! measured on SCI's own executor (`sci-node benchmark`, each figure the slowest of three runs);
//! the governance pallets' on polkadot-sdk's `frame-omni-bencher` (the Xeon alone, without the
//! margin), and the database's on our node. The polkadot-sdk pallets' weights are here, SCI's
//! own pallets keep theirs in `pallets/<name>/src/weights.rs`.
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

use frame_support::{parameter_types, weights::Weight};

/// How far above the measured figures the chain's weights are written, in percent: each
/// figure is the larger of those measured on the machines SCI runs on (`--keep-larger`), then
/// this margin (`--margin`, which generated files record in their header and a runtime test
/// checks). It covers the run-to-run spread of a 2-vCPU VM and a validator that
/// `sci-node benchmark machine` finds within its tolerance of the reference machine
/// (`docs/benchmarks.md`, "Reference machine").
pub const WEIGHT_MARGIN_PERCENT: u64 = 40;

/// `measured` nanoseconds with [`WEIGHT_MARGIN_PERCENT`] added, rounded up, as the weight
/// files write their figures.
pub const fn with_margin(measured: u64) -> u64 {
	(measured * (100 + WEIGHT_MARGIN_PERCENT)).div_ceil(100)
}

/// Execution time of the transaction extensions a fee-paying, immortal signed extrinsic runs,
/// as weighed in `frame_system_extensions.rs` and `pallet_transaction_payment.rs` (storage
/// accesses excluded, the margin included), in picoseconds (the unit of a weight's reference
/// time): non-zero sender 595,000; spec version 480,200; transaction version 497,000; genesis
/// 1,702,400; immortal era 3,368,400; nonce 6,813,800; block weight 3,169,600; fee payment
/// 36,328,600; weight reclaim 869,400, and the record of the accounts the block paid for
/// (`pallet_access_refund`, around weight reclaim) 10,824,800.
pub const TX_EXTENSIONS_EXECUTION_PS: u64 = 595_000
	+ 480_200
	+ 497_000
	+ 1_702_400
	+ 3_368_400
	+ 6_813_800
	+ 3_169_600
	+ 36_328_600
	+ 869_400
	+ 10_824_800;

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
	/// its own, add up to more than the whole remark (they do: 64.6 µs against 61.9 µs, both
	/// with the margin, 2026-12-07).
	pub ExtrinsicBaseWeight: Weight = extrinsic_weights::ExtrinsicBaseWeight::get()
		.saturating_sub(Weight::from_parts(TX_EXTENSIONS_EXECUTION_PS, 0));
}
