//! Registration: proofs of possession, the parent's consent, the hierarchy and the deposit.

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
		let call = |proof: MultiSignature| submit_registration(&alice(), &key, None, proof, None);
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
		let payload = proofs::registration_payload(&genesis(), &alice(), &key.public(), None, 0);
		let submit = |proof: MultiSignature| submit_registration(&alice(), &key, None, proof, None);
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
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), poor.clone(), DEPOSIT / 2));
		assert_noop!(register(&poor, &TestKey::sr(1), None), Error::<Test>::InsufficientDeposit);
	});
}
