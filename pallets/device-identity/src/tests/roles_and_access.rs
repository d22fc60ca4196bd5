//! Roles set by governance and senior admins, and access grants to devices' data.

use super::*;

#[test]
fn governance_and_senior_admins_set_roles() {
	run(|| {
		assert_eq!(DeviceIdentity::role(&admin()), Role::SeniorAdmin);
		assert_eq!(DeviceIdentity::role(&alice()), Role::User);
		assert_ok!(DeviceIdentity::set_role(RuntimeOrigin::root(), alice(), Role::SeniorAdmin));
		System::assert_last_event(Event::RoleSet { who: alice(), role: Role::SeniorAdmin }.into());
		assert_ok!(DeviceIdentity::set_role(
			RuntimeOrigin::signed(admin()),
			bob(),
			Role::SecurityAdmin
		));
		// A security admin sets no roles; a senior admin neither makes nor unmakes one.
		assert_noop!(
			DeviceIdentity::set_role(RuntimeOrigin::signed(bob()), charlie(), Role::SecurityAdmin),
			Error::<Test>::InsufficientRole
		);
		assert_noop!(
			DeviceIdentity::set_role(RuntimeOrigin::signed(admin()), charlie(), Role::SeniorAdmin),
			Error::<Test>::SeniorAdminByGovernanceOnly
		);
		assert_noop!(
			DeviceIdentity::set_role(RuntimeOrigin::signed(admin()), alice(), Role::User),
			Error::<Test>::SeniorAdminByGovernanceOnly
		);
		assert_ok!(DeviceIdentity::set_role(RuntimeOrigin::signed(admin()), bob(), Role::User));
		assert_eq!(DeviceIdentity::role(&bob()), Role::User);
		assert!(!Roles::<Test>::contains_key(bob()));
	});
}

#[test]
fn grants_expire_and_are_bounded() {
	run(|| {
		let device = registered(&alice(), &TestKey::sr(1), None);
		let grant = |who: AccountId, until: u64| {
			DeviceIdentity::grant_access(RuntimeOrigin::signed(alice()), device, who, until)
		};
		assert!(DeviceIdentity::has_access(device, &alice()));
		assert!(!DeviceIdentity::has_access(device, &bob()));
		assert_noop!(grant(bob(), 1), Error::<Test>::ExpiryInPast);
		assert_noop!(
			DeviceIdentity::grant_access(RuntimeOrigin::signed(bob()), device, bob(), 20),
			Error::<Test>::NotOwner
		);
		assert_ok!(grant(bob(), 10));
		System::assert_last_event(
			Event::AccessGranted { device, grantee: bob(), expires_at: 10 }.into(),
		);
		// Extending a grant does not take another slot.
		assert_ok!(grant(bob(), 20));
		assert_ok!(grant(charlie(), 20));
		assert_ok!(grant(admin(), 5));
		assert_noop!(grant(TestKey::sr(7).account(), 20), Error::<Test>::TooManyGrants);
		assert_eq!(Devices::<Test>::get(device).unwrap().grants, 3);

		run_to_block(19);
		assert!(DeviceIdentity::has_access(device, &bob()));
		assert!(!DeviceIdentity::has_access(device, &admin()));
		run_to_block(20);
		assert!(!DeviceIdentity::has_access(device, &bob()));

		assert_ok!(DeviceIdentity::revoke_access(RuntimeOrigin::signed(alice()), device, admin()));
		System::assert_last_event(Event::AccessRevoked { device, grantee: admin() }.into());
		assert_noop!(
			DeviceIdentity::revoke_access(RuntimeOrigin::signed(alice()), device, admin()),
			Error::<Test>::UnknownGrant
		);
		assert_ok!(grant(TestKey::sr(7).account(), 30));
	});
}
