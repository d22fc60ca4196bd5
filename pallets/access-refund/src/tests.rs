//! Tests of the record and the refund, through the extension as a block applies transactions.

use crate::{mock::*, PaidFor, Pallet as AccessRefund, RefundPaidAccess, BUCKET_CAPACITY};
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo, PostDispatchInfo},
	traits::Hooks,
	weights::Weight,
	BoundedVec,
};
use frame_system::{CheckNonce, CheckWeight, WeightReclaim};
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension},
	DispatchResult,
};

/// As in SCI's runtime: the nonce check (which writes the signer's account) before the refund.
type Extensions =
	(CheckNonce<Test>, CheckWeight<Test>, RefundPaidAccess<Test, WeightReclaim<Test>>);

fn extensions(who: AccountId) -> Extensions {
	(CheckNonce::from(System::account_nonce(who)), CheckWeight::new(), WeightReclaim::new().into())
}

/// A read and a write at the mock's database weights.
const ACCOUNT: u64 = 10 + 100;

fn transfer(dest: AccountId, value: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { dest, value })
}

/// Applies `call` signed by `who` as a block does; the weight it was charged before and after
/// its refund, and the call's result.
fn apply(who: AccountId, call: RuntimeCall) -> (Weight, Weight, DispatchResult) {
	let ext = extensions(who);
	let mut info = call.get_dispatch_info();
	info.extension_weight = ext.weight(&call);
	let result = ext
		.dispatch_transaction(RuntimeOrigin::signed(who), call, &info, 100, 0)
		.expect("valid transaction");
	let (post, result): (PostDispatchInfo, _) = match result {
		Ok(post) => (post, Ok(())),
		Err(err) => (err.post_info, Err(err.error)),
	};
	(info.total_weight(), post.actual_weight.expect("set by the extensions"), result)
}

/// The refund `who` gets for `call`, which must succeed.
fn refund_of(who: AccountId, call: RuntimeCall) -> u64 {
	let (charged, left, result) = apply(who, call);
	assert_eq!(result, Ok(()));
	(charged - left).ref_time()
}

#[test]
fn first_access_to_each_account_is_not_refunded() {
	new_test_ext().execute_with(|| {
		assert_eq!(refund_of(ALICE, transfer(BOB, 10)), 0);
		assert!(AccessRefund::<Test>::is_paid_for(&ALICE));
		assert!(AccessRefund::<Test>::is_paid_for(&BOB));
		assert!(!AccessRefund::<Test>::is_paid_for(&CHARLIE));
	});
}

#[test]
fn a_signer_paid_for_is_refunded_its_account() {
	new_test_ext().execute_with(|| {
		assert_eq!(refund_of(ALICE, transfer(BOB, 10)), 0);
		assert_eq!(refund_of(ALICE, transfer(CHARLIE, 10)), ACCOUNT);
	});
}

#[test]
fn a_recipient_paid_for_is_refunded_its_account() {
	new_test_ext().execute_with(|| {
		assert_eq!(refund_of(ALICE, transfer(BOB, 10)), 0);
		assert_eq!(refund_of(CHARLIE, transfer(BOB, 10)), ACCOUNT);
		// A signer that was only a recipient so far: its account was written, so it is paid.
		assert_eq!(refund_of(BOB, transfer(CHARLIE, 10)), 2 * ACCOUNT);
	});
}

#[test]
fn both_accounts_paid_for_are_both_refunded() {
	new_test_ext().execute_with(|| {
		assert_eq!(refund_of(ALICE, transfer(BOB, 10)), 0);
		assert_eq!(refund_of(ALICE, transfer(BOB, 10)), 2 * ACCOUNT);
	});
}

#[test]
fn a_transfer_to_oneself_is_refunded_the_second_access() {
	new_test_ext().execute_with(|| {
		// The nonce check wrote the signer's account before the call read it again.
		assert_eq!(refund_of(ALICE, transfer(ALICE, 10)), ACCOUNT);
	});
}

#[test]
fn a_failed_call_records_no_recipient() {
	new_test_ext().execute_with(|| {
		let (charged, left, result) = apply(ALICE, transfer(BOB, 5_000));
		assert!(result.is_err());
		assert_eq!(charged, left);
		// The signer's account was still written by the extensions; the recipient's was not.
		assert!(AccessRefund::<Test>::is_paid_for(&ALICE));
		assert!(!AccessRefund::<Test>::is_paid_for(&BOB));
		assert_eq!(refund_of(CHARLIE, transfer(BOB, 10)), 0);
		// A failed call to an account already paid for is still refunded it: it was read
		// from the block's overlay.
		let (charged, left, result) = apply(ALICE, transfer(BOB, 5_000));
		assert!(result.is_err());
		assert_eq!((charged - left).ref_time(), 2 * ACCOUNT);
	});
}

#[test]
fn a_call_without_charged_account_records_only_the_signer() {
	new_test_ext().execute_with(|| {
		// Nothing moves, so the recipient's account is neither read nor written.
		assert_eq!(refund_of(ALICE, transfer(BOB, 0)), 0);
		assert!(!AccessRefund::<Test>::is_paid_for(&BOB));
		assert_eq!(refund_of(CHARLIE, transfer(BOB, 10)), 0);
	});
}

#[test]
fn the_refund_stops_at_the_minimum_charge() {
	new_test_ext().execute_with(|| {
		let call = transfer(BOB, 10);
		assert_eq!(refund_of(ALICE, call.clone()), 0);
		let charged = call.get_dispatch_info().call_weight + extensions(ALICE).weight(&call);
		MinimumCharge::set(charged - Weight::from_parts(ACCOUNT / 2, 0));
		assert_eq!(refund_of(ALICE, call.clone()), ACCOUNT / 2);
		MinimumCharge::set(charged + Weight::from_parts(1, 0));
		assert_eq!(refund_of(ALICE, call), 0);
	});
}

#[test]
fn the_block_gets_the_refund_back() {
	new_test_ext().execute_with(|| {
		let normal = || System::block_weight().get(DispatchClass::Normal).ref_time();
		let empty = normal();
		assert_eq!(refund_of(ALICE, transfer(BOB, 10)), 0);
		let first = normal() - empty;
		assert_eq!(refund_of(ALICE, transfer(BOB, 10)), 2 * ACCOUNT);
		// The same transaction again, less its two accounts.
		assert_eq!(normal() - empty - first, first - 2 * ACCOUNT);
	});
}

#[test]
fn a_full_bucket_records_no_more_accounts() {
	new_test_ext().execute_with(|| {
		// u64 accounts encode little-endian: multiples of 256 share bucket 0.
		let full: BoundedVec<AccountId, _> =
			(1..=BUCKET_CAPACITY as u64).map(|i| i * 256).collect::<Vec<_>>().try_into().unwrap();
		PaidFor::<Test>::insert(0, full.clone());
		let newcomer = 256 * (BUCKET_CAPACITY as u64 + 1);
		assert!(!AccessRefund::<Test>::record(&newcomer));
		assert!(!AccessRefund::<Test>::is_paid_for(&newcomer));
		assert!(!AccessRefund::<Test>::record(&newcomer));
		assert_eq!(PaidFor::<Test>::get(0), full);
		// Accounts already recorded there are still found.
		assert!(AccessRefund::<Test>::record(&256));
	});
}

#[test]
fn the_record_is_emptied_at_the_end_of_the_block() {
	new_test_ext().execute_with(|| {
		assert_eq!(refund_of(ALICE, transfer(BOB, 10)), 0);
		assert!(AccessRefund::<Test>::do_try_state().is_err());
		AccessRefund::<Test>::on_finalize(1);
		assert!(AccessRefund::<Test>::do_try_state().is_ok());
		System::set_block_number(2);
		assert_eq!(refund_of(ALICE, transfer(BOB, 10)), 0);
	});
}

#[test]
fn origins_without_a_signer_record_nothing() {
	new_test_ext().execute_with(|| {
		let call = transfer(BOB, 10);
		let info = call.get_dispatch_info();
		let ext: RefundPaidAccess<Test, WeightReclaim<Test>> = WeightReclaim::new().into();
		assert!(ext.prepare((), &RuntimeOrigin::root(), &call, &info, 100).is_ok());
		assert!(PaidFor::<Test>::iter_keys().next().is_none());
	});
}
