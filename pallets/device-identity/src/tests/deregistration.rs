//! Deregistration: what is removed and when a parent may go.

use super::*;

#[test]
fn returns_the_deposit_and_clears_everything() {
	run(|| {
		let key = TestKey::sr(1);
		let device = registered(&alice(), &key, None);
		assert_ok!(certify(device, &key, &TestKey::sr(2), 50));
		assert_ok!(DeviceIdentity::grant_access(RuntimeOrigin::signed(alice()), device, bob(), 50));
		QuotaUsage::<Test>::insert(device, QuotaUse { day: 0, used: 1 });
		let free = Balances::free_balance(alice());

		assert_noop!(
			DeviceIdentity::deregister_device(RuntimeOrigin::signed(bob()), device),
			Error::<Test>::NotOwner
		);
		assert_ok!(DeviceIdentity::deregister_device(RuntimeOrigin::signed(alice()), device));
		System::assert_last_event(Event::DeviceDeregistered { device, deposit: DEPOSIT }.into());
		assert_eq!(Balances::free_balance(alice()), free + DEPOSIT);
		assert_eq!(held(&alice()), 0);
		assert!(Devices::<Test>::get(device).is_none());
		assert!(DeviceOfKey::<Test>::get(key.account()).is_none());
		assert!(Certificates::<Test>::get(device).is_none());
		assert!(QuotaUsage::<Test>::get(device).is_none());
		assert!(!DeviceIdentity::has_access(device, &bob()));
		assert_eq!(DeviceIdentity::validity(device), Validity::Unknown);
	});
}

#[test]
fn a_parent_goes_after_its_children_or_once_revoked() {
	run(|| {
		let keys: Vec<TestKey> = (1..=3).map(TestKey::sr).collect();
		let root = registered(&alice(), &keys[0], None);
		let child = registered(&bob(), &keys[1], Some((root, &keys[0])));
		let grandchild = registered(&bob(), &keys[2], Some((child, &keys[1])));
		assert_noop!(
			DeviceIdentity::deregister_device(RuntimeOrigin::signed(bob()), child),
			Error::<Test>::HasChildren
		);
		assert_ok!(DeviceIdentity::revoke_device(RuntimeOrigin::signed(bob()), child));
		assert_ok!(DeviceIdentity::deregister_device(RuntimeOrigin::signed(bob()), child));
		assert_eq!(Devices::<Test>::get(root).unwrap().children, 0);
		// The orphan stays invalid for good.
		assert_eq!(DeviceIdentity::validity(grandchild), Validity::AncestorRemoved(child));
		assert_ok!(DeviceIdentity::deregister_device(RuntimeOrigin::signed(bob()), grandchild));
		assert_ok!(DeviceIdentity::deregister_device(RuntimeOrigin::signed(alice()), root));
		assert_eq!(held(&alice()) + held(&bob()), 0);
	});
}
