//! The free daily quota: the [`DeviceQuota`] transaction extension.

use super::*;

type Extension = DeviceQuota<Test, ChargeTransactionPayment<Test>>;

/// A certificate call of `device` (whitelisted), signed afresh for its current sequence.
fn certificate_call(device: DeviceId, key: &TestKey) -> RuntimeCall {
	let session = TestKey::ed(99);
	let expires_at = System::block_number() + 5;
	let sequence = Devices::<Test>::get(device).unwrap().sequence;
	let signature = key.sign(&proofs::certificate_payload(
		&genesis(),
		device,
		&session.public(),
		&expires_at,
		sequence,
	));
	RuntimeCall::DeviceIdentity(Call::issue_certificate {
		device,
		session_key: session.public(),
		expires_at,
		signature,
	})
}

/// Apply `call` from `who` through the fee extension; returns the fee paid.
fn apply(who: &AccountId, call: RuntimeCall) -> Result<Balance, TransactionValidityError> {
	let before = Balances::free_balance(who);
	let info = call.get_dispatch_info();
	let result = Extension::from(ChargeTransactionPayment::from(0)).test_run(
		RuntimeOrigin::signed(who.clone()),
		&call,
		&info,
		100,
		0,
		|origin| call.clone().dispatch(origin),
	)?;
	assert_ok!(result);
	Ok(before - Balances::free_balance(who))
}

/// A device whose key account holds funds.
fn funded_device() -> (DeviceId, TestKey) {
	let key = TestKey::sr(1);
	let device = registered(&alice(), &key, None);
	assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), key.account(), FUNDS));
	(device, key)
}

#[test]
fn free_within_the_quota_then_fees_then_free_again_next_day() {
	run(|| {
		let (device, key) = funded_device();
		assert_eq!(apply(&key.account(), certificate_call(device, &key)), Ok(0));
		assert_eq!(apply(&key.account(), certificate_call(device, &key)), Ok(0));
		assert_eq!(DeviceIdentity::quota_use(device), QuotaUse { day: 0, used: 2 });
		let fee = apply(&key.account(), certificate_call(device, &key)).unwrap();
		assert!(fee > 0, "beyond the quota the normal fee applies");
		assert_eq!(DeviceIdentity::quota_use(device).used, 2);

		run_to_block(DAY);
		assert_eq!(DeviceIdentity::quota_use(device), QuotaUse { day: 1, used: 0 });
		assert_eq!(apply(&key.account(), certificate_call(device, &key)), Ok(0));
		assert_eq!(DeviceIdentity::quota_use(device).used, 1);
	});
}

#[test]
fn a_new_quota_takes_effect_at_once() {
	run(|| {
		let (device, key) = funded_device();
		// Enough for the three paid certificates below.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), key.account(), 10 * FUNDS));
		DailyQuota::set(1);
		assert_eq!(DeviceIdentity::daily_quota(), 1);
		assert_eq!(apply(&key.account(), certificate_call(device, &key)), Ok(0));
		assert!(apply(&key.account(), certificate_call(device, &key)).unwrap() > 0);
		assert_eq!(DeviceIdentity::quota_use(device).used, 1);

		// Raised the same day: the device has free transactions left again.
		DailyQuota::set(3);
		assert_eq!(apply(&key.account(), certificate_call(device, &key)), Ok(0));
		assert_eq!(apply(&key.account(), certificate_call(device, &key)), Ok(0));
		assert!(apply(&key.account(), certificate_call(device, &key)).unwrap() > 0);
		assert_eq!(DeviceIdentity::quota_use(device).used, 3);

		// Zero: nothing is free, even on a new day.
		DailyQuota::set(0);
		run_to_block(DAY);
		assert!(apply(&key.account(), certificate_call(device, &key)).unwrap() > 0);
		assert_eq!(DeviceIdentity::quota_use(device).used, 0);
	});
}

#[test]
fn not_for_other_accounts_other_calls_or_invalid_devices() {
	run(|| {
		let (device, key) = funded_device();
		// Another account sending the whitelisted call pays.
		assert!(apply(&bob(), certificate_call(device, &key)).unwrap() > 0);
		// The device sending another call pays.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1; 8] });
		assert!(apply(&key.account(), remark).unwrap() > 0);
		assert_eq!(DeviceIdentity::quota_use(device).used, 0);
		// A revoked device pays.
		assert_ok!(DeviceIdentity::revoke_device(RuntimeOrigin::signed(alice()), device));
		let child_call = certificate_call(device, &key);
		let info = child_call.get_dispatch_info();
		let before = Balances::free_balance(key.account());
		let result = Extension::from(ChargeTransactionPayment::from(0))
			.test_run(RuntimeOrigin::signed(key.account()), &child_call, &info, 100, 0, |origin| {
				child_call.clone().dispatch(origin)
			})
			.unwrap();
		assert!(result.is_err(), "the call itself fails: the device is revoked");
		assert!(Balances::free_balance(key.account()) < before);
	});
}

#[test]
fn a_device_without_funds_is_limited_to_its_quota() {
	run(|| {
		let key = TestKey::sr(1);
		let device = registered(&alice(), &key, None);
		assert_eq!(Balances::free_balance(key.account()), 0);
		assert_eq!(apply(&key.account(), certificate_call(device, &key)), Ok(0));
		assert_eq!(apply(&key.account(), certificate_call(device, &key)), Ok(0));
		assert_eq!(
			apply(&key.account(), certificate_call(device, &key)),
			Err(InvalidTransaction::Payment.into())
		);
	});
}

#[test]
fn the_pool_check_counts_nothing_and_the_weight_still_counts() {
	run(|| {
		let (device, key) = funded_device();
		let call = certificate_call(device, &key);
		let info: DispatchInfo = call.get_dispatch_info();
		let extension = Extension::from(ChargeTransactionPayment::from(0));
		let (valid, _, _) = extension
			.validate_only(
				RuntimeOrigin::signed(key.account()),
				&call,
				&info,
				100,
				sp_runtime::transaction_validity::TransactionSource::External,
				0,
			)
			.unwrap();
		assert_eq!(valid.priority, 0);
		assert_eq!(DeviceIdentity::quota_use(device).used, 0);

		// With the block-weight check in front, as in the runtime.
		let before = System::block_weight().total();
		let checked = (frame_system::CheckWeight::<Test>::new(), extension);
		assert_ok!(checked
			.test_run(RuntimeOrigin::signed(key.account()), &call, &info, 100, 0, |origin| {
				call.clone().dispatch(origin)
			})
			.unwrap());
		assert!(
			System::block_weight().total().ref_time()
				>= before.ref_time() + info.call_weight.ref_time()
		);
		assert_eq!(DeviceIdentity::quota_use(device).used, 1);
	});
}

#[test]
fn only_free_calls_weigh_the_quota_check() {
	run(|| {
		let (device, key) = funded_device();
		let inner = ChargeTransactionPayment::<Test>::from(0);
		let extension = Extension::from(inner.clone());
		let free = certificate_call(device, &key);
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		assert_eq!(extension.weight(&free), inner.weight(&free) + <() as WeightInfo>::use_quota());
		assert_eq!(extension.weight(&remark), inner.weight(&remark));
	});
}

#[test]
fn the_extension_is_invisible_to_clients() {
	use scale_info::TypeInfo;
	assert_eq!(
		<Extension as TransactionExtension<RuntimeCall>>::IDENTIFIER,
		"ChargeTransactionPayment"
	);
	assert_eq!(Extension::type_info(), ChargeTransactionPayment::<Test>::type_info());
	let extension = Extension::from(ChargeTransactionPayment::from(7));
	assert_eq!(
		codec::Encode::encode(&extension),
		codec::Encode::encode(&ChargeTransactionPayment::<Test>::from(7))
	);
}
