//! Devices on a running chain, registered as their owners would register them.

use super::*;
use pallet_device_identity::{proofs, DeviceId, DeviceKey};
use sci_runtime::RuntimeEvent;

/// The device identity of `device`'s sr25519 key.
pub(crate) fn key_of(device: &sr25519::Pair) -> DeviceKey {
	DeviceKey::Sr25519(device.public())
}

/// `owner` registers `device` as a root device, with the proof of possession signed by
/// `device`'s key for the owner's current registration nonce; returns the new device's id.
pub(crate) async fn register_device(
	rpc: &HttpClient,
	chain: &ChainContext,
	owner: &sr25519::Pair,
	device: &sr25519::Pair,
) -> DeviceId {
	let owner_account: AccountId = owner.public().into();
	let nonce_key = account_map_key("DeviceIdentity", "RegistrationNonce", &owner_account);
	let nonce: u64 = storage(rpc, &nonce_key).await.unwrap_or(0);
	let key = key_of(device);
	let payload =
		proofs::registration_payload(&chain.genesis_hash, &owner_account, &key, None, nonce);
	let register = RuntimeCall::DeviceIdentity(pallet_device_identity::Call::register_device {
		key,
		metadata: b"spec:blake2(streetlight-v2)".to_vec().try_into().unwrap(),
		parent: None,
		proof: device.sign(&payload).into(),
		parent_proof: None,
	});
	let events = submit_ok(rpc, chain, owner, register).await;
	events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::DeviceIdentity(pallet_device_identity::Event::DeviceRegistered {
				device,
				..
			}) => Some(*device),
			_ => None,
		})
		.expect("DeviceRegistered")
}

/// `from` sends `amount` to `device`'s key account (a device's account must exist to send
/// transactions).
pub(crate) async fn fund_device(
	rpc: &HttpClient,
	chain: &ChainContext,
	from: &sr25519::Pair,
	device: &sr25519::Pair,
	amount: Balance,
) {
	let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: key_of(device).account().into(),
		value: amount,
	});
	submit_ok(rpc, chain, from, transfer).await;
}
