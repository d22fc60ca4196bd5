//! The access refund in the real runtime: a block charges each account a storage read and
//! write once, whichever transaction touches it first; the fee does not depend on it; the record
//! is gone when the block ends.

use frame_support::{dispatch::DispatchClass, weights::Weight};
use sci_primitives::{units::UNIT, AccountId};
use sci_runtime::{
	genesis_presets, weights::SignatureCheckWeight, AccessRefund, Executive, Runtime, RuntimeEvent,
	System,
};
use sci_runtime_test_utils::{genesis_ext, signed_here, start_block, transfer};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve};

/// The weight a transfer of `amount` from `from` (with `nonce`) to `to` was left with, and its
/// fee, whether the transfer succeeded or failed.
fn apply_transfer_of(
	amount: u128,
	from: sp_keyring::Sr25519Keyring,
	nonce: u32,
	to: &AccountId,
) -> (Weight, u128) {
	System::reset_events();
	let tx = signed_here(transfer(to, amount), &from.pair(), nonce);
	let _dispatched: Result<(), _> = Executive::apply_extrinsic(tx).expect("a valid transaction");
	let mut weight = None;
	let mut fee = None;
	for record in System::events() {
		match record.event {
			RuntimeEvent::System(
				frame_system::Event::ExtrinsicSuccess { dispatch_info }
				| frame_system::Event::ExtrinsicFailed { dispatch_info, .. },
			) => weight = Some(dispatch_info.weight),
			RuntimeEvent::TransactionPayment(
				pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
			) => fee = Some(actual_fee),
			_ => {},
		}
	}
	(weight.expect("applied"), fee.expect("paid"))
}

/// [`apply_transfer_of`] one SCI.
fn apply_transfer(from: sp_keyring::Sr25519Keyring, nonce: u32, to: &AccountId) -> (Weight, u128) {
	apply_transfer_of(UNIT, from, nonce, to)
}

#[test]
fn a_block_pays_for_each_account_once() {
	genesis_ext(genesis_presets::development_config_genesis()).execute_with(|| {
		start_block(1, 1);
		let account = <Runtime as frame_system::Config>::DbWeight::get().reads_writes(1, 1);
		// Time only: the block also counts each extrinsic's length as proof size.
		let normal = || System::block_weight().get(DispatchClass::Normal).ref_time();
		let (bob, charlie) = (Bob.to_account_id(), Charlie.to_account_id());

		let before = normal();
		let (first, fee) = apply_transfer(Alice, 0, &bob);
		assert_eq!(normal() - before, first.ref_time(), "the block is charged what it kept");
		// Alice and Bob paid for: both refunded.
		let (again, again_fee) = apply_transfer(Alice, 1, &bob);
		assert_eq!(again, first - account - account);
		assert!(again.ref_time() >= SignatureCheckWeight::get().ref_time());
		// The fee was computed before the refund: it does not depend on the block's order.
		assert_eq!(again_fee, fee);
		// Charlie is new; Bob is paid for.
		let (third, _) = apply_transfer(Charlie, 0, &bob);
		assert_eq!(third, first - account);
		// Alice paid for; Charlie, so far only a signer, also.
		let (fourth, _) = apply_transfer(Alice, 2, &charlie);
		assert_eq!(fourth, first - account - account);
		assert_eq!(normal() - before, (first + again + third + fourth).ref_time());
		// A transfer that fails writes no recipient: the next one to it pays for it.
		let newcomer = AccountId::from([7; 32]);
		let (failed, _) = apply_transfer_of(u128::MAX / 2, Dave, 0, &newcomer);
		assert_eq!(failed, first, "nothing paid for: Dave and the newcomer are new");
		let (fifth, _) = apply_transfer(Eve, 0, &newcomer);
		assert_eq!(fifth, first);
		// Dave, whose failed transfer's nonce check wrote his account, is paid for.
		let (sixth, _) = apply_transfer(Dave, 1, &newcomer);
		assert_eq!(sixth, first - account - account);

		Executive::finalize_block();
		assert!(!AccessRefund::is_paid_for(&Alice.to_account_id()));
		assert!(pallet_access_refund::PaidFor::<Runtime>::iter_keys().next().is_none());
	});
}
