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

mod certificates;
mod deregistration;
mod quota;
mod registration;
mod revocation;
mod roles_and_access;
mod rotation;

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
