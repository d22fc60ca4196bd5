//! Session-key certificates: signatures, lifetimes and expiry.

use super::*;

#[test]
fn valid_until_expiry_and_not_replayable() {
	run(|| {
		let key = TestKey::sr(1);
		let device = registered(&alice(), &key, None);
		let session = TestKey::ed(2);
		let expires_at = 1 + MAX_LIFETIME;
		let signature = key.sign(&proofs::certificate_payload(
			&genesis(),
			device,
			&session.public(),
			&expires_at,
			0,
		));
		let submit = || {
			DeviceIdentity::issue_certificate(
				RuntimeOrigin::signed(charlie()),
				device,
				session.public(),
				expires_at,
				signature.clone(),
			)
		};
		assert_ok!(submit());
		System::assert_last_event(
			Event::CertificateIssued { device, session_key: session.public(), expires_at }.into(),
		);
		// The sequence moved: the same signature does not certify again.
		assert_noop!(submit(), Error::<Test>::BadProof);
		assert_eq!(
			DeviceIdentity::certificate_status(device, &session.public()),
			CertificateStatus::Valid(expires_at)
		);
		assert!(DeviceIdentity::certificate_valid(device, &session.public()));
		assert_eq!(
			DeviceIdentity::certificate_status(device, &TestKey::ed(3).public()),
			CertificateStatus::NotCertified
		);
		run_to_block(expires_at - 1);
		assert!(DeviceIdentity::certificate_valid(device, &session.public()));
		run_to_block(expires_at);
		assert_eq!(
			DeviceIdentity::certificate_status(device, &session.public()),
			CertificateStatus::Expired(expires_at)
		);
	});
}

#[test]
fn lifetime_bounds_and_signer_are_checked() {
	run(|| {
		let key = TestKey::sr(1);
		let device = registered(&alice(), &key, None);
		let session = TestKey::sr(2);
		assert_noop!(certify(device, &key, &session, 1), Error::<Test>::ExpiryInPast);
		assert_noop!(
			certify(device, &key, &session, 2 + MAX_LIFETIME),
			Error::<Test>::LifetimeTooLong
		);
		assert_noop!(certify(device, &session, &session, 10), Error::<Test>::BadProof);
		assert_noop!(certify(9, &key, &session, 10), Error::<Test>::UnknownDevice);
		assert_ok!(certify(device, &key, &session, 1 + MAX_LIFETIME));
	});
}

#[test]
fn a_revoked_device_certifies_nothing() {
	run(|| {
		let key = TestKey::sr(1);
		let device = registered(&alice(), &key, None);
		let session = TestKey::sr(2);
		assert_ok!(certify(device, &key, &session, 50));
		assert_ok!(DeviceIdentity::revoke_device(RuntimeOrigin::signed(alice()), device));
		assert_eq!(
			DeviceIdentity::certificate_status(device, &session.public()),
			CertificateStatus::DeviceInvalid(Validity::Revoked(device))
		);
		assert_noop!(certify(device, &key, &session, 60), Error::<Test>::DeviceInvalid);
	});
}
