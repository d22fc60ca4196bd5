//! Key rotation by the owner with the old and the new key's signatures.

use super::*;

/// Rotate `device` from `old` to `new`, the two signatures made by the signers given.
fn rotate(
	device: DeviceId,
	(old, signer_of_old): (&TestKey, &TestKey),
	(new, signer_of_new): (&TestKey, &TestKey),
) -> DispatchResult {
	let sequence = Devices::<Test>::get(device).map_or(0, |info| info.sequence);
	let payload =
		proofs::rotation_payload(&genesis(), device, &old.public(), &new.public(), sequence);
	DeviceIdentity::rotate_key(
		RuntimeOrigin::signed(alice()),
		device,
		new.public(),
		signer_of_old.sign(&payload),
		signer_of_new.sign(&payload),
	)
}

#[test]
fn both_keys_sign_and_the_index_and_certificate_follow() {
	run(|| {
		let old = TestKey::sr(1);
		let new = TestKey::ec(2);
		let device = registered(&alice(), &old, None);
		let session = TestKey::ed(3);
		assert_ok!(certify(device, &old, &session, 50));

		let stranger = TestKey::ec(4);
		assert_noop!(rotate(device, (&old, &old), (&new, &stranger)), Error::<Test>::BadProof);
		assert_noop!(
			rotate(device, (&old, &old), (&new, &TestKey::sr(2))),
			Error::<Test>::KeyTypeMismatch
		);
		assert_noop!(
			rotate(device, (&old, &TestKey::sr(5)), (&new, &new)),
			Error::<Test>::BadProof
		);
		assert_ok!(rotate(device, (&old, &old), (&new, &new)));
		System::assert_last_event(Event::KeyRotated { device, key: new.public() }.into());

		assert_eq!(DeviceOfKey::<Test>::get(new.account()), Some(device));
		assert_eq!(DeviceOfKey::<Test>::get(old.account()), None);
		assert_eq!(Devices::<Test>::get(device).unwrap().key, new.public());
		assert_eq!(
			DeviceIdentity::certificate_status(device, &session.public()),
			CertificateStatus::NotCertified
		);
		// The new key certifies; the old one no longer does.
		assert_noop!(certify(device, &old, &session, 50), Error::<Test>::KeyTypeMismatch);
		assert_ok!(certify(device, &new, &session, 50));
	});
}

#[test]
fn only_the_owner_rotates_to_a_free_key() {
	run(|| {
		let old = TestKey::sr(1);
		let taken = TestKey::sr(2);
		let device = registered(&alice(), &old, None);
		registered(&bob(), &taken, None);
		assert_noop!(rotate(device, (&old, &old), (&taken, &taken)), Error::<Test>::KeyInUse);
		let new = TestKey::sr(3);
		let payload = proofs::rotation_payload(&genesis(), device, &old.public(), &new.public(), 0);
		assert_noop!(
			DeviceIdentity::rotate_key(
				RuntimeOrigin::signed(bob()),
				device,
				new.public(),
				old.sign(&payload),
				new.sign(&payload)
			),
			Error::<Test>::NotOwner
		);
	});
}
