//! Revocation: who may revoke, and how it invalidates descendants.

use super::*;

#[test]
fn revoking_a_grandparent_invalidates_the_grandchild() {
	run(|| {
		let keys: Vec<TestKey> = (1..=3).map(TestKey::sr).collect();
		let root = registered(&alice(), &keys[0], None);
		let child = registered(&bob(), &keys[1], Some((root, &keys[0])));
		let grandchild = registered(&bob(), &keys[2], Some((child, &keys[1])));
		let session = TestKey::ed(9);
		assert_ok!(certify(grandchild, &keys[2], &session, 50));
		assert_eq!(DeviceIdentity::device_of(&keys[2].account()), Some(grandchild));

		assert_ok!(DeviceIdentity::revoke_device(RuntimeOrigin::signed(alice()), root));
		System::assert_last_event(Event::DeviceRevoked { device: root, by: alice() }.into());
		assert_eq!(DeviceIdentity::validity(grandchild), Validity::Revoked(root));
		assert!(!DeviceIdentity::is_valid(child));
		assert_eq!(DeviceIdentity::device_of(&keys[2].account()), None);
		assert!(!DeviceIdentity::certificate_valid(grandchild, &session.public()));
		// The grandchild's own record is untouched: one write revoked the subtree.
		assert_eq!(Devices::<Test>::get(grandchild).unwrap().revoked_at, None);
	});
}

#[test]
fn who_may_revoke() {
	run(|| {
		let keys: Vec<TestKey> = (1..=2).map(TestKey::sr).collect();
		let root = registered(&alice(), &keys[0], None);
		let child = registered(&bob(), &keys[1], Some((root, &keys[0])));
		// A child's owner cannot revoke its parent; a stranger cannot revoke anything.
		assert_noop!(
			DeviceIdentity::revoke_device(RuntimeOrigin::signed(bob()), root),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			DeviceIdentity::revoke_device(RuntimeOrigin::signed(charlie()), child),
			Error::<Test>::NotAuthorised
		);
		assert_noop!(
			DeviceIdentity::revoke_device(RuntimeOrigin::signed(alice()), 7),
			Error::<Test>::UnknownDevice
		);
		// A security admin may revoke any device.
		assert_ok!(DeviceIdentity::set_role(
			RuntimeOrigin::signed(admin()),
			charlie(),
			Role::SecurityAdmin
		));
		assert_ok!(DeviceIdentity::revoke_device(RuntimeOrigin::signed(charlie()), child));
		assert_noop!(
			DeviceIdentity::revoke_device(RuntimeOrigin::signed(alice()), child),
			Error::<Test>::AlreadyRevoked
		);
		// The owner of an ancestor may revoke too.
		let other = registered(&bob(), &TestKey::sr(3), Some((root, &keys[0])));
		assert_ok!(DeviceIdentity::revoke_device(RuntimeOrigin::signed(alice()), other));
	});
}
