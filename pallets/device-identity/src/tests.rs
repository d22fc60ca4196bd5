//! Unit tests of the device registry on the mock runtime. Every test ends by checking the
//! pallet's invariants.

use crate::{mock::*, proofs, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchInfo, GetDispatchInfo},
	traits::fungible::InspectHold,
	BoundedVec,
};
use pallet_transaction_payment::ChargeTransactionPayment;
use sp_core::{ecdsa, ed25519, sr25519, Pair, H256};
use sp_runtime::{
	traits::{DispatchTransaction, Dispatchable, TransactionExtension},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DispatchResult, MultiSignature,
};

/// A device's key pair in one of the three schemes.
#[derive(Clone)]
#[allow(clippy::large_enum_variant)] // a few test keys on the stack
enum TestKey {
	Sr(sr25519::Pair),
	Ed(ed25519::Pair),
	Ec(ecdsa::Pair),
}

impl TestKey {
	fn sr(seed: u8) -> Self {
		Self::Sr(sr25519::Pair::from_seed(&[seed; 32]))
	}
	fn ed(seed: u8) -> Self {
		Self::Ed(ed25519::Pair::from_seed(&[seed; 32]))
	}
	fn ec(seed: u8) -> Self {
		Self::Ec(ecdsa::Pair::from_seed(&[seed; 32]))
	}
	fn public(&self) -> DeviceKey {
		match self {
			Self::Sr(pair) => DeviceKey::Sr25519(pair.public()),
			Self::Ed(pair) => DeviceKey::Ed25519(pair.public()),
			Self::Ec(pair) => DeviceKey::Ecdsa(pair.public()),
		}
	}
	fn sign(&self, payload: &[u8]) -> MultiSignature {
		match self {
			Self::Sr(pair) => pair.sign(payload).into(),
			Self::Ed(pair) => pair.sign(payload).into(),
			Self::Ec(pair) => pair.sign(payload).into(),
		}
	}
	/// The account its transactions come from.
	fn account(&self) -> AccountId {
		self.public().account()
	}
}

fn genesis() -> H256 {
	System::block_hash(0)
}

fn metadata() -> BoundedVec<u8, frame_support::traits::ConstU32<32>> {
	BoundedVec::truncate_from(b"spec:streetlight-v2".to_vec())
}

/// `key`'s proof that `owner` registers it as a root, with nonce 0, on the chain `genesis`.
fn root_proof(genesis: &H256, owner: &AccountId, key: &TestKey) -> MultiSignature {
	key.sign(&proofs::registration_payload(genesis, owner, &key.public(), None, 0))
}

/// Submit `owner`'s registration of `key` with the proofs given.
fn submit_registration(
	owner: &AccountId,
	key: &TestKey,
	parent: Option<DeviceId>,
	proof: MultiSignature,
	parent_proof: Option<MultiSignature>,
) -> DispatchResult {
	DeviceIdentity::register_device(
		RuntimeOrigin::signed(owner.clone()),
		key.public(),
		metadata(),
		parent,
		proof,
		parent_proof,
	)
}

/// `owner`'s registration of `key` under `parent` (with the parent's consent), proofs made
/// for the owner's current nonce.
fn register(
	owner: &AccountId,
	key: &TestKey,
	parent: Option<(DeviceId, &TestKey)>,
) -> DispatchResult {
	let nonce = RegistrationNonce::<Test>::get(owner);
	let proof = key.sign(&proofs::registration_payload(
		&genesis(),
		owner,
		&key.public(),
		parent.map(|(id, _)| id),
		nonce,
	));
	let parent_proof = parent.map(|(id, parent_key)| {
		parent_key.sign(&proofs::child_payload(&genesis(), owner, id, &key.public(), nonce))
	});
	submit_registration(owner, key, parent.map(|(id, _)| id), proof, parent_proof)
}

/// Register and return the new device's id.
fn registered(owner: &AccountId, key: &TestKey, parent: Option<(DeviceId, &TestKey)>) -> DeviceId {
	let id = NextDeviceId::<Test>::get();
	assert_ok!(register(owner, key, parent));
	id
}

/// A certificate of `device` (key `key`) for `session` until `expires_at`, at the device's
/// current sequence.
fn certify(device: DeviceId, key: &TestKey, session: &TestKey, expires_at: u64) -> DispatchResult {
	let sequence = Devices::<Test>::get(device).map_or(0, |info| info.sequence);
	let signature = key.sign(&proofs::certificate_payload(
		&genesis(),
		device,
		&session.public(),
		&expires_at,
		sequence,
	));
	DeviceIdentity::issue_certificate(
		RuntimeOrigin::signed(charlie()),
		device,
		session.public(),
		expires_at,
		signature,
	)
}

/// Run `test` on a fresh chain, then check the invariants.
fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		DeviceIdentity::do_try_state().expect("invariants hold");
	});
}

fn held(who: &AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::DeviceIdentity(HoldReason::DeviceDeposit), who)
}

mod registration {
	use super::*;

	#[test]
	fn holds_the_deposit_indexes_the_key_and_moves_the_nonce() {
		run(|| {
			let key = TestKey::sr(1);
			let device = registered(&alice(), &key, None);
			assert_eq!(device, 0);
			let info = Devices::<Test>::get(device).unwrap();
			assert_eq!(info.owner, alice());
			assert_eq!(info.depth, 0);
			assert_eq!(info.deposit, DEPOSIT);
			assert_eq!(info.metadata, metadata());
			assert_eq!(DeviceOfKey::<Test>::get(key.account()), Some(device));
			assert_eq!(held(&alice()), DEPOSIT);
			assert_eq!(RegistrationNonce::<Test>::get(alice()), 1);
			assert_eq!(DeviceIdentity::validity(device), Validity::Valid);
			System::assert_last_event(
				Event::DeviceRegistered { device, owner: alice(), key: key.public(), parent: None }
					.into(),
			);
		});
	}

	#[test]
	fn every_scheme_registers() {
		run(|| {
			for key in [TestKey::sr(1), TestKey::ed(2), TestKey::ec(3)] {
				let device = registered(&alice(), &key, None);
				assert_eq!(DeviceOfKey::<Test>::get(key.account()), Some(device));
			}
			assert_eq!(held(&alice()), 3 * DEPOSIT);
		});
	}

	#[test]
	fn a_proof_made_for_another_owner_is_refused() {
		run(|| {
			let key = TestKey::sr(1);
			let proof = root_proof(&genesis(), &bob(), &key);
			assert_noop!(
				submit_registration(&alice(), &key, None, proof, None),
				Error::<Test>::BadProof
			);
		});
	}

	#[test]
	fn a_proof_made_for_another_chain_is_refused() {
		run(|| {
			let key = TestKey::ed(1);
			let other_chain = H256::repeat_byte(1);
			let proof = root_proof(&other_chain, &alice(), &key);
			assert_noop!(
				submit_registration(&alice(), &key, None, proof, None),
				Error::<Test>::BadProof
			);
		});
	}

	#[test]
	fn a_replayed_proof_is_refused() {
		run(|| {
			let key = TestKey::ec(1);
			let proof = root_proof(&genesis(), &alice(), &key);
			let call =
				|proof: MultiSignature| submit_registration(&alice(), &key, None, proof, None);
			assert_ok!(call(proof.clone()));
			assert_ok!(DeviceIdentity::deregister_device(RuntimeOrigin::signed(alice()), 0));
			// The device is gone, but its owner's nonce moved on.
			assert_noop!(call(proof), Error::<Test>::BadProof);
		});
	}

	#[test]
	fn a_signature_of_another_scheme_or_key_is_refused() {
		run(|| {
			let key = TestKey::sr(1);
			let payload =
				proofs::registration_payload(&genesis(), &alice(), &key.public(), None, 0);
			let submit =
				|proof: MultiSignature| submit_registration(&alice(), &key, None, proof, None);
			assert_noop!(submit(TestKey::ed(1).sign(&payload)), Error::<Test>::KeyTypeMismatch);
			assert_noop!(submit(TestKey::ec(1).sign(&payload)), Error::<Test>::KeyTypeMismatch);
			assert_noop!(submit(TestKey::sr(2).sign(&payload)), Error::<Test>::BadProof);
		});
	}

	#[test]
	fn a_key_registers_once() {
		run(|| {
			let key = TestKey::sr(1);
			registered(&alice(), &key, None);
			assert_noop!(register(&bob(), &key, None), Error::<Test>::KeyInUse);
		});
	}

	#[test]
	fn a_child_needs_its_parents_signature() {
		run(|| {
			let parent_key = TestKey::sr(1);
			let parent = registered(&alice(), &parent_key, None);
			let child = TestKey::ed(2);
			let proof = child.sign(&proofs::registration_payload(
				&genesis(),
				&bob(),
				&child.public(),
				Some(parent),
				0,
			));
			let submit = |parent: Option<DeviceId>, parent_proof: Option<MultiSignature>| {
				submit_registration(&bob(), &child, parent, proof.clone(), parent_proof)
			};
			assert_noop!(submit(Some(parent), None), Error::<Test>::ParentProofMissing);
			let consent = proofs::child_payload(&genesis(), &bob(), parent, &child.public(), 0);
			// Signed by the child instead of the parent.
			assert_noop!(
				submit(Some(parent), Some(TestKey::sr(2).sign(&consent))),
				Error::<Test>::BadParentProof
			);
			// The root registration's proof binds `parent`, so it fails as a root too.
			assert_noop!(submit(None, None), Error::<Test>::BadProof);
			assert_ok!(submit(Some(parent), Some(parent_key.sign(&consent))));
			assert_eq!(Devices::<Test>::get(parent).unwrap().children, 1);
			assert_eq!(Devices::<Test>::get(1).unwrap().depth, 1);
		});
	}

	#[test]
	fn a_root_takes_no_parent_proof_and_the_parent_must_exist() {
		run(|| {
			let key = TestKey::sr(1);
			let proof = root_proof(&genesis(), &alice(), &key);
			assert_noop!(
				submit_registration(&alice(), &key, None, proof.clone(), Some(proof)),
				Error::<Test>::UnexpectedParentProof
			);
			assert_noop!(
				register(&alice(), &key, Some((7, &TestKey::sr(9)))),
				Error::<Test>::UnknownParent
			);
		});
	}

	#[test]
	fn the_hierarchy_stops_at_max_depth() {
		run(|| {
			let keys: Vec<TestKey> = (1..=4).map(TestKey::sr).collect();
			let root = registered(&alice(), &keys[0], None);
			let child = registered(&alice(), &keys[1], Some((root, &keys[0])));
			let grandchild = registered(&bob(), &keys[2], Some((child, &keys[1])));
			assert_eq!(Devices::<Test>::get(grandchild).unwrap().depth, 2);
			assert_noop!(
				register(&bob(), &keys[3], Some((grandchild, &keys[2]))),
				Error::<Test>::TooDeep
			);
		});
	}

	#[test]
	fn no_child_below_a_revoked_device() {
		run(|| {
			let parent_key = TestKey::sr(1);
			let parent = registered(&alice(), &parent_key, None);
			assert_ok!(DeviceIdentity::revoke_device(RuntimeOrigin::signed(alice()), parent));
			assert_noop!(
				register(&alice(), &TestKey::sr(2), Some((parent, &parent_key))),
				Error::<Test>::ParentInvalid
			);
		});
	}

	#[test]
	fn the_owner_must_afford_the_deposit() {
		run(|| {
			let poor = TestKey::sr(50).account();
			assert_ok!(Balances::force_set_balance(
				RuntimeOrigin::root(),
				poor.clone(),
				DEPOSIT / 2
			));
			assert_noop!(
				register(&poor, &TestKey::sr(1), None),
				Error::<Test>::InsufficientDeposit
			);
		});
	}
}

mod certificates {
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
				Event::CertificateIssued { device, session_key: session.public(), expires_at }
					.into(),
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
}

mod revocation {
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
}

mod rotation {
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
			let payload =
				proofs::rotation_payload(&genesis(), device, &old.public(), &new.public(), 0);
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
}

mod deregistration {
	use super::*;

	#[test]
	fn returns_the_deposit_and_clears_everything() {
		run(|| {
			let key = TestKey::sr(1);
			let device = registered(&alice(), &key, None);
			assert_ok!(certify(device, &key, &TestKey::sr(2), 50));
			assert_ok!(DeviceIdentity::grant_access(
				RuntimeOrigin::signed(alice()),
				device,
				bob(),
				50
			));
			QuotaUsage::<Test>::insert(device, QuotaUse { day: 0, used: 1 });
			let free = Balances::free_balance(alice());

			assert_noop!(
				DeviceIdentity::deregister_device(RuntimeOrigin::signed(bob()), device),
				Error::<Test>::NotOwner
			);
			assert_ok!(DeviceIdentity::deregister_device(RuntimeOrigin::signed(alice()), device));
			System::assert_last_event(
				Event::DeviceDeregistered { device, deposit: DEPOSIT }.into(),
			);
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
}

mod roles_and_access {
	use super::*;

	#[test]
	fn governance_and_senior_admins_set_roles() {
		run(|| {
			assert_eq!(DeviceIdentity::role(&admin()), Role::SeniorAdmin);
			assert_eq!(DeviceIdentity::role(&alice()), Role::User);
			assert_ok!(DeviceIdentity::set_role(RuntimeOrigin::root(), alice(), Role::SeniorAdmin));
			System::assert_last_event(
				Event::RoleSet { who: alice(), role: Role::SeniorAdmin }.into(),
			);
			assert_ok!(DeviceIdentity::set_role(
				RuntimeOrigin::signed(admin()),
				bob(),
				Role::SecurityAdmin
			));
			// A security admin sets no roles; a senior admin neither makes nor unmakes one.
			assert_noop!(
				DeviceIdentity::set_role(
					RuntimeOrigin::signed(bob()),
					charlie(),
					Role::SecurityAdmin
				),
				Error::<Test>::InsufficientRole
			);
			assert_noop!(
				DeviceIdentity::set_role(
					RuntimeOrigin::signed(admin()),
					charlie(),
					Role::SeniorAdmin
				),
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

			assert_ok!(DeviceIdentity::revoke_access(
				RuntimeOrigin::signed(alice()),
				device,
				admin()
			));
			System::assert_last_event(Event::AccessRevoked { device, grantee: admin() }.into());
			assert_noop!(
				DeviceIdentity::revoke_access(RuntimeOrigin::signed(alice()), device, admin()),
				Error::<Test>::UnknownGrant
			);
			assert_ok!(grant(TestKey::sr(7).account(), 30));
		});
	}
}

mod quota {
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
			assert_ok!(Balances::force_set_balance(
				RuntimeOrigin::root(),
				key.account(),
				10 * FUNDS
			));
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
				.test_run(
					RuntimeOrigin::signed(key.account()),
					&child_call,
					&info,
					100,
					0,
					|origin| child_call.clone().dispatch(origin),
				)
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
			assert_eq!(
				extension.weight(&free),
				inner.weight(&free) + <() as WeightInfo>::use_quota()
			);
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
}
