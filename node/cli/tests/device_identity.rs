//! Device identity on the running dev chain: Alice registers a device with a proof of
//! possession signed here by the device's own key, the device renews its certificate from its
//! free daily quota (no fee), `DeviceApi` read through `state_call` confirms the certificate,
//! and after Alice revokes the device it reports the device and the certificate invalid.

mod common;

use codec::Encode;
use common::*;
use pallet_device_identity::{
	proofs, CertificateStatus, DeviceId, DeviceInfoOf, QuotaUse, Validity,
};
use sci_primitives::{units::UNIT, BlockNumber};
use sci_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

fn devices(call: pallet_device_identity::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::DeviceIdentity(call)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_registered_device_certifies_a_session_key_for_free_until_revoked() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(&["--dev", "--tmp"], dir.path());
	let rpc = node.rpc(Duration::from_secs(20)).await;
	let chain = chain_context(&rpc).await;
	let alice = Sr25519Keyring::Alice.pair();
	let owner = Sr25519Keyring::Alice.to_account_id();

	// The device's long-lived key, made here as the device would make it.
	let device_pair = sr25519::Pair::from_seed(&[42; 32]);
	let device_key = devices::key_of(&device_pair);
	let device_account = device_key.account();
	devices::fund_device(&rpc, &chain, &alice, &device_pair, UNIT).await;
	// Registration, proved by the device key over (owner, genesis, nonce).
	let device = devices::register_device(&rpc, &chain, &alice, &device_pair).await;
	let found: Option<DeviceId> =
		state_call(&rpc, "DeviceApi_device_of_key", &device_key.encode(), None).await;
	assert_eq!(found, Some(device));

	// The device itself publishes a session key, signing the certificate and the transaction.
	let session = sr25519::Pair::from_seed(&[43; 32]);
	let session_key = devices::key_of(&session);
	let expires_at: BlockNumber = best_number(&rpc).await + 3_600;
	let certificate =
		proofs::certificate_payload(&chain.genesis_hash, device, &session_key, &expires_at, 0);
	let issue = devices(pallet_device_identity::Call::issue_certificate {
		device,
		session_key: session_key.clone(),
		expires_at,
		signature: device_pair.sign(&certificate).into(),
	});
	let balance_before = account(&rpc, &device_account).await.unwrap().data.free;
	let events = submit_ok(&rpc, &chain, &device_pair, issue).await;
	assert!(
		events.iter().any(|e| matches!(
			e,
			RuntimeEvent::DeviceIdentity(pallet_device_identity::Event::CertificateIssued { .. })
		)),
		"{events:?}"
	);
	assert!(
		!events.iter().any(|e| matches!(e, RuntimeEvent::TransactionPayment(_))),
		"a free transaction pays no fee: {events:?}"
	);
	let balance_after = account(&rpc, &device_account).await.unwrap().data.free;
	assert_eq!(balance_after, balance_before, "the quota paid for the certificate");
	let (used, quota): (QuotaUse, u32) =
		state_call(&rpc, "DeviceApi_quota", &device.encode(), None).await;
	assert_eq!((used.used, quota), (1, sci_runtime::configs::parameters::DEVICE_DAILY_QUOTA));

	let status: CertificateStatus<BlockNumber> =
		state_call(&rpc, "DeviceApi_certificate", &(device, &session_key).encode(), None).await;
	assert_eq!(status, CertificateStatus::Valid(expires_at));
	let (info, validity): (DeviceInfoOf<Runtime>, Validity) =
		state_call::<Option<_>>(&rpc, "DeviceApi_device", &device.encode(), None)
			.await
			.expect("registered");
	assert_eq!((info.owner, validity), (owner.clone(), Validity::Valid));

	// Alice revokes it: the device and its certificate are no longer valid.
	let revoke = devices(pallet_device_identity::Call::revoke_device { device });
	submit_ok(&rpc, &chain, &alice, revoke).await;
	let status: CertificateStatus<BlockNumber> =
		state_call(&rpc, "DeviceApi_certificate", &(device, &session_key).encode(), None).await;
	assert_eq!(status, CertificateStatus::DeviceInvalid(Validity::Revoked(device)));
	let (info, validity): (DeviceInfoOf<Runtime>, Validity) =
		state_call::<Option<_>>(&rpc, "DeviceApi_device", &device.encode(), None)
			.await
			.expect("still registered");
	assert!(info.revoked_at.is_some());
	assert_eq!(validity, Validity::Revoked(device));
}
