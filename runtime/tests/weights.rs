//! The runtime's base weights are consistent with what was measured: the extrinsic base
//! weight subtracts the extensions' measured execution, and a signed `remark`'s execution as
//! charged still covers the whole measured per-extrinsic overhead; every signed extrinsic pays
//! at least the signature check a node runs ahead of it; and what a transfer is charged, part
//! by part, which bounds the transfers a block holds.

use frame_support::{
	dispatch::GetDispatchInfo,
	weights::{
		constants::{WEIGHT_REF_TIME_PER_MICROS, WEIGHT_REF_TIME_PER_NANOS},
		Weight,
	},
};
use sci_runtime::{
	configs::RuntimeBlockWeights,
	weights::{
		extrinsic_weights, ExtrinsicBaseWeight, SignatureCheckWeight, TX_EXTENSIONS_EXECUTION_PS,
	},
	Runtime, RuntimeCall,
};
use sci_runtime_test_utils::{signed, transfer, ChainContext};
use sp_keyring::Sr25519Keyring::{Alice, Bob};

/// Storage accesses the extensions of a fee-paying extrinsic are charged: the nonce check
/// (one read, one write of the sender's account) and nothing for fee payment (the payer's
/// account is the sender's, already paid for by the nonce check; the fees are settled once per
/// block).
const EXTENSION_READS: u64 = 1;
const EXTENSION_WRITES: u64 = 1;

fn charged(call: RuntimeCall) -> (Weight, Weight) {
	let chain =
		ChainContext { genesis_hash: Default::default(), spec_version: 1, transaction_version: 1 };
	let info = signed(call, &Alice.pair(), 0, &chain).get_dispatch_info();
	(info.call_weight, info.extension_weight)
}

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![] })
}

/// Fee payment's benchmark leaves the payer's account out (`runtime/src/apis.rs`) because the
/// nonce check, which pays for it, runs first on the same account, and the access refund
/// (around weight reclaim) refunds a signer the block paid for because the nonce check wrote
/// it before: that order must hold.
#[test]
fn the_nonce_check_runs_before_fee_payment_and_the_access_refund() {
	use sp_runtime::traits::TransactionExtension;
	let order: Vec<_> = <sci_runtime::TxExtension as TransactionExtension<RuntimeCall>>::metadata()
		.into_iter()
		.map(|extension| extension.identifier)
		.collect();
	let position = |name: &str| {
		order.iter().position(|id| *id == name).unwrap_or_else(|| panic!("{name} in {order:?}"))
	};
	assert!(position("CheckNonce") < position("ChargeTransactionPayment"), "{order:?}");
	assert_eq!(order.last().copied(), Some("WeightReclaim"), "{order:?}");
}

/// The base weight subtracts the extensions' execution as their weights state it.
#[test]
fn the_subtracted_execution_is_the_extensions_weights() {
	let db = <Runtime as frame_system::Config>::DbWeight::get();
	let (_, extensions) = charged(remark());
	let storage = db.reads_writes(EXTENSION_READS, EXTENSION_WRITES).ref_time();
	assert_eq!(
		extensions.ref_time() - storage,
		TX_EXTENSIONS_EXECUTION_PS,
		"the extension weights changed: update TX_EXTENSIONS_EXECUTION_PS in weights/mod.rs"
	);
}

#[test]
fn a_signed_remark_as_charged_covers_its_measured_overhead() {
	let (call, extensions) = charged(remark());
	let base = RuntimeBlockWeights::get()
		.get(frame_support::dispatch::DispatchClass::Normal)
		.base_extrinsic;
	assert_eq!(base, ExtrinsicBaseWeight::get());
	// Execution alone: the measured remark ran on an in-memory state, so the storage the
	// extensions are charged for does not count towards covering it.
	let db = <Runtime as frame_system::Config>::DbWeight::get();
	let storage = db.reads_writes(EXTENSION_READS, EXTENSION_WRITES);
	assert!(
		(base + call + extensions - storage).ref_time()
			>= extrinsic_weights::ExtrinsicBaseWeight::get().ref_time()
	);
}

/// A node checks a block's signatures on a spare core while the block executes, and the
/// execution finds them verified, so `ExtrinsicBaseWeight` leaves the check out. That holds in
/// real time only while the checks keep pace with the execution: every signed extrinsic, whatever
/// its call, must be charged at least its signature check, so that a block's checks take no
/// longer than its weight. The least a signed extrinsic keeps is the base and its extensions,
/// less fee payment's weight, which a device's free transaction gets back after dispatch; the
/// access refund, which runs after it, stops at the signature check (its `MinimumCharge`).
#[test]
fn every_signed_extrinsic_pays_at_least_its_signature_check() {
	use pallet_transaction_payment::WeightInfo as _;
	use sci_runtime::weights::pallet_transaction_payment::WeightInfo;
	let (_, extensions) = charged(remark());
	let fee_payment = WeightInfo::<Runtime>::charge_transaction_payment();
	let least = ExtrinsicBaseWeight::get() + extensions - fee_payment;
	let check = SignatureCheckWeight::get();
	let floor = <Runtime as pallet_access_refund::Config>::MinimumCharge::get();
	assert!(floor.ref_time() >= check.ref_time(), "the access refund may go below the check");
	assert!(
		least.ref_time() >= check.ref_time(),
		"a signed extrinsic may be charged {} ns, its signature check takes {} ns",
		least.ref_time() / WEIGHT_REF_TIME_PER_NANOS,
		check.ref_time() / WEIGHT_REF_TIME_PER_NANOS,
	);
}

#[test]
fn a_block_holds_the_transfers_its_normal_share_pays_for() {
	let weights = RuntimeBlockWeights::get();
	let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
	let (call, extensions) = charged(transfer(&Bob.to_account_id(), 1));
	let per_transfer = normal.base_extrinsic + call + extensions;
	let limit = normal.max_total.expect("normal extrinsics have a limit");
	let transfers = limit.ref_time() / per_transfer.ref_time();
	println!(
		"a transfer weighs {} µs (base {} µs, call {} µs, extensions {} µs): {transfers} per block",
		per_transfer.ref_time() / WEIGHT_REF_TIME_PER_MICROS,
		normal.base_extrinsic.ref_time() / WEIGHT_REF_TIME_PER_MICROS,
		call.ref_time() / WEIGHT_REF_TIME_PER_MICROS,
		extensions.ref_time() / WEIGHT_REF_TIME_PER_MICROS,
	);
	// Real time bounds this from the other side: node/cli/tests/throughput.rs checks that a
	// fresh node imports such blocks within their weight.
	assert!(transfers >= 100, "{transfers} transfers per block");
}

/// The weights every transfer and every block are charged are written the chain's margin above
/// what was measured (`docs/benchmarks.md`, "Reference machine"): a file regenerated with
/// another margin, or without one, fails here.
#[test]
fn the_transfer_paths_weights_carry_the_chains_margin() {
	let margin = format!(
		"//! Margin: {} % above the measured figures (`--margin`).",
		sci_runtime::weights::WEIGHT_MARGIN_PERCENT
	);
	for (file, text) in [
		("frame_system_extensions.rs", include_str!("../src/weights/frame_system_extensions.rs")),
		(
			"pallet_transaction_payment.rs",
			include_str!("../src/weights/pallet_transaction_payment.rs"),
		),
		("pallet_balances.rs", include_str!("../src/weights/pallet_balances.rs")),
		("block_weights.rs", include_str!("../src/weights/block_weights.rs")),
		("extrinsic_weights.rs", include_str!("../src/weights/extrinsic_weights.rs")),
		("signature_check_weights.rs", include_str!("../src/weights/signature_check_weights.rs")),
		("pallet_emission", include_str!("../../pallets/emission/src/weights.rs")),
		("pallet_access_refund", include_str!("../../pallets/access-refund/src/weights.rs")),
	] {
		assert!(
			text.contains(&margin),
			"{file} is not written with the chain's margin: rerun scripts/benchmark.sh \
			 (SCI_BENCH_MARGIN = WEIGHT_MARGIN_PERCENT)"
		);
	}
}
