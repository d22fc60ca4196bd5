//! Rejected runtime upgrades are harmless: garbage code, another chain's runtime (different
//! `spec_name`), a `spec_version` that does not increase, nothing authorized and code whose
//! hash was not authorized each fail with the matching `frame_system` error, through
//! `set_code` and through `authorize_upgrade` + `apply_authorized_upgrade`, and the dev chain
//! goes on producing blocks on its old runtime. Then `set_code` with a valid runtime enacts it.

mod common;

use common::*;
use jsonrpsee::core::client::ClientT;
use sci_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use sp_core::{sr25519, Pair};
use sp_runtime::{DispatchError, ModuleError};
use std::time::Duration;

/// `frame_system::Error` as a dispatch error, for comparison with decoded events (whose
/// `message` is not encoded).
fn system_error(error: frame_system::Error<Runtime>) -> (u8, [u8; 4]) {
	match DispatchError::from(error) {
		DispatchError::Module(ModuleError { index, error, .. }) => (index, error),
		other => panic!("not a module error: {other:?}"),
	}
}

fn module_error(error: &DispatchError) -> Option<(u8, [u8; 4])> {
	match error {
		DispatchError::Module(ModuleError { index, error, .. }) => Some((*index, *error)),
		_ => None,
	}
}

/// The error of the `ExtrinsicFailed` event among `events`.
fn extrinsic_failed(events: &[RuntimeEvent]) -> Option<(u8, [u8; 4])> {
	events.iter().find_map(|event| match event {
		RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }) => {
			module_error(dispatch_error)
		},
		_ => None,
	})
}

/// The error of the call that `Sudo::sudo*` dispatched.
fn sudo_error(events: &[RuntimeEvent]) -> Option<(u8, [u8; 4])> {
	events.iter().find_map(|event| match event {
		RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(e) }) => module_error(e),
		_ => None,
	})
}

/// The upgrade-test runtime with its embedded `spec_name` changed from `sci` to `xyz`: what a
/// runtime of another chain looks like to `can_set_code` (which reads the embedded version).
fn other_chains_runtime() -> Vec<u8> {
	let compressed = sci_runtime_upgrade_test::upgrade::WASM_BINARY.unwrap();
	let mut code = sp_maybe_compressed_blob::decompress(compressed, 50 << 20).unwrap().into_owned();
	let section = wasmparser::Parser::new(0)
		.parse_all(&code)
		.find_map(|payload| match payload.unwrap() {
			wasmparser::Payload::CustomSection(s) if s.name() == "runtime_version" => {
				Some(s.data_offset()..s.data_offset() + s.data().len())
			},
			_ => None,
		})
		.expect("a runtime_version section");
	// The section starts with `spec_name`: compact length 3, then "sci".
	assert_eq!(&code[section.start..section.start + 4], b"\x0csci");
	code[section.start + 1..section.start + 4].copy_from_slice(b"xyz");
	sp_maybe_compressed_blob::compress_weakly(&code, 50 << 20).unwrap()
}

#[tokio::test]
async fn rejected_upgrades_leave_the_chain_on_its_runtime_and_set_code_enacts_a_valid_one() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(&["--dev", "--tmp"], dir.path());
	let rpc = node.rpc(Duration::from_secs(30)).await;
	let chain = chain_context(&rpc).await;
	let (alice, bob) = (
		sr25519::Pair::from_string("//Alice", None).unwrap(),
		sr25519::Pair::from_string("//Bob", None).unwrap(),
	);
	let current_code = sci_node::runtime_code().unwrap().to_vec();
	let upgrade = sci_runtime_upgrade_test::upgrade::WASM_BINARY.unwrap().to_vec();

	// Signed by `signer` at its next nonce; the events it emitted.
	let submit = |call: RuntimeCall, signer: sr25519::Pair| {
		let rpc = rpc.clone();
		async move {
			let nonce = next_nonce(&rpc, &signer.public().into()).await;
			submit_and_watch(&rpc, &signed(call, &signer, nonce, &chain)).await
		}
	};
	// `sudo_unchecked_weight`: `set_code` books a whole block, more than `sudo` may include.
	let sudo = |call: RuntimeCall| {
		RuntimeCall::Sudo(pallet_sudo::Call::sudo_unchecked_weight {
			call: Box::new(call),
			weight: Default::default(),
		})
	};
	let authorize = |code: &[u8]| {
		sudo(RuntimeCall::System(frame_system::Call::authorize_upgrade {
			code_hash: sp_crypto_hashing::blake2_256(code).into(),
		}))
	};
	let apply =
		|code: Vec<u8>| RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code });

	// Nothing authorized yet.
	let (_, events) = submit(apply(upgrade.clone()), bob.clone()).await;
	assert_eq!(
		extrinsic_failed(&events),
		Some(system_error(frame_system::Error::NothingAuthorized))
	);

	// Garbage through `set_code`.
	let garbage = RuntimeCall::System(frame_system::Call::set_code { code: b"garbage".to_vec() });
	let (_, events) = submit(sudo(garbage), alice.clone()).await;
	assert_eq!(
		sudo_error(&events),
		Some(system_error(frame_system::Error::FailedToExtractRuntimeVersion)),
		"{events:?}"
	);

	// A valid upgrade, but not the code that was authorized.
	submit(authorize(&current_code), alice.clone()).await;
	let (_, events) = submit(apply(upgrade.clone()), bob.clone()).await;
	assert_eq!(extrinsic_failed(&events), Some(system_error(frame_system::Error::Unauthorized)));

	// Authorized code that fails the version checks: the call succeeds (the caller is not at
	// fault and pays nothing), reports why, and the authorization is used up.
	let other = other_chains_runtime();
	let cases = [
		(current_code.clone(), frame_system::Error::SpecVersionNeedsToIncrease),
		(other, frame_system::Error::InvalidSpecName),
		(b"garbage".to_vec(), frame_system::Error::FailedToExtractRuntimeVersion),
	];
	for (index, (code, expected)) in cases.into_iter().enumerate() {
		if index > 0 {
			let (_, events) = submit(authorize(&code), alice.clone()).await;
			assert!(
				events.iter().any(|e| matches!(
					e,
					RuntimeEvent::System(frame_system::Event::UpgradeAuthorized { .. })
				)),
				"{events:?}"
			);
		}
		let (_, events) = submit(apply(code), bob.clone()).await;
		let rejected = events.iter().find_map(|event| match event {
			RuntimeEvent::System(frame_system::Event::RejectedInvalidAuthorizedUpgrade {
				error,
				..
			}) => module_error(error),
			_ => None,
		});
		assert_eq!(rejected, Some(system_error(expected)), "{events:?}");
		assert_eq!(extrinsic_failed(&events), None);
		let authorized: Option<String> = rpc
			.request(
				"state_getStorage",
				params(vec![hex0x(&value_key("System", "AuthorizedUpgrade")).into()]),
			)
			.await
			.unwrap();
		assert_eq!(authorized, None, "the authorization is used up");
	}

	// Still the old runtime, still producing blocks.
	let version: serde_json::Value =
		rpc.request("state_getRuntimeVersion", params(vec![])).await.unwrap();
	assert_eq!(version["specVersion"], sci_runtime::VERSION.spec_version);
	let code: String =
		rpc.request("state_getStorage", params(vec![hex0x(b":code").into()])).await.unwrap();
	assert_eq!(code, hex0x(&current_code));
	let now = best_number(&rpc).await;
	wait_until(Duration::from_secs(10), "three more blocks", || async {
		best_number(&rpc).await >= now + 3
	})
	.await;

	// Finally the one-call path with a valid runtime: `set_code` enacts it.
	let set_code = RuntimeCall::System(frame_system::Call::set_code { code: upgrade.clone() });
	let (block, events) = submit(sudo(set_code), alice.clone()).await;
	assert!(
		events.iter().any(|e| matches!(
			e,
			RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Ok(_) })
		)),
		"{events:?}"
	);
	assert!(
		events.iter().any(|e| matches!(e, RuntimeEvent::System(frame_system::Event::CodeUpdated { hash }) if hash.as_ref() == sp_crypto_hashing::blake2_256(&upgrade))),
		"{events:?}"
	);
	let code: String = rpc
		.request(
			"state_getStorage",
			params(vec![hex0x(b":code").into(), hex0x(block.as_ref()).into()]),
		)
		.await
		.unwrap();
	assert_eq!(code, hex0x(&upgrade));
	let number = best_number(&rpc).await;
	wait_until(Duration::from_secs(20), "blocks on the new runtime", || async {
		best_number(&rpc).await >= number + 2
	})
	.await;
	let version: serde_json::Value =
		rpc.request("state_getRuntimeVersion", params(vec![])).await.unwrap();
	assert_eq!(version["specVersion"], sci_runtime::VERSION.spec_version + 1);
}
