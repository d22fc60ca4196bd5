//! `sci-node --dev --tmp` as a process: it authors blocks on 1 s slots, finalizes them after
//! import (not in the same instant: clients see each block as best before they see it
//! finalized), includes a signed transfer with the exact balance change, and rejects bad
//! transactions with the runtime's reasons while it keeps running.

mod common;

use common::*;
use jsonrpsee::{
	core::{
		client::{ClientT, Subscription, SubscriptionClientT},
		params::ArrayParams,
		ClientError,
	},
	rpc_params,
	ws_client::WsClientBuilder,
};
use sci_runtime_test_utils::transfer;
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::time::{Duration, Instant};

/// The code and message of an RPC error.
fn rpc_error(result: Result<serde_json::Value, ClientError>) -> (i32, String) {
	match result {
		Err(ClientError::Call(e)) => {
			(e.code(), format!("{} {}", e.message(), e.data().map(|d| d.get()).unwrap_or("")))
		},
		other => panic!("expected an RPC error, got {other:?}"),
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_chain_authors_blocks_includes_transfers_and_rejects_bad_ones() {
	let logs = tempfile::tempdir().unwrap();
	let started = Instant::now();
	let node = Node::start(&["--dev", "--tmp"], logs.path());
	let rpc = node.rpc(Duration::from_secs(15)).await;

	// At least 10 blocks within 15 s of starting the process.
	while best_number(&rpc).await < 10 {
		assert!(
			started.elapsed() < Duration::from_secs(15),
			"fewer than 10 blocks in 15 s; log:\n{}",
			node.log_text()
		);
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	assert!(node.log_text().contains("🏆 Imported #"), "informant lines");

	// Finality trails import: when a new best block is announced, the finalized block is still
	// an older one (GRANDPA finalizes it a round later), and finality keeps up.
	let ws = WsClientBuilder::default()
		.build(format!("ws://127.0.0.1:{}", node.rpc_port()))
		.await
		.unwrap();
	let mut heads: Subscription<serde_json::Value> = ws
		.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
		.await
		.unwrap();
	let finalized_number = || async {
		let hash: sp_core::H256 =
			ws.request("chain_getFinalizedHead", rpc_params![]).await.unwrap();
		let header: serde_json::Value =
			ws.request("chain_getHeader", rpc_params![hash]).await.unwrap();
		hex_number(&header["number"])
	};
	// The first notification is the best block when subscribing, imported a while ago.
	heads.next().await.unwrap().unwrap();
	let mut lags = Vec::new();
	for _ in 0..5 {
		let best = hex_number(&heads.next().await.unwrap().unwrap()["number"]);
		lags.push((best, finalized_number().await));
	}
	// A finality round may end a moment after an import, before our question: allow one.
	let lagging = lags.iter().filter(|(best, finalized)| finalized < best).count();
	assert!(lagging >= 4, "(best, finalized) at new heads: {lags:?}");
	let last = lags.last().unwrap().0;
	wait_until(Duration::from_secs(10), "finality to reach the last head", || async {
		finalized_number().await >= last
	})
	.await;

	// A signed transfer to a fresh account changes its free balance by exactly the amount.
	let chain = chain_context(&rpc).await;
	let alice = Sr25519Keyring::Alice.pair();
	let recipient = sr25519::Pair::from_string("//SciTestRecipient", None).unwrap().public().into();
	assert!(account(&rpc, &recipient).await.is_none());
	let amount = 12_345_678_900_000u128;
	let tx = signed(transfer(&recipient, amount), &alice, 0, &chain);
	let hash: sp_core::H256 =
		rpc.request("author_submitExtrinsic", params(vec![hex0x(&tx).into()])).await.unwrap();
	assert_eq!(hash, sp_core::H256(sp_crypto_hashing::blake2_256(&tx)));
	wait_until(Duration::from_secs(10), "the transfer to be included", || async {
		account(&rpc, &recipient).await.is_some()
	})
	.await;
	assert_eq!(account(&rpc, &recipient).await.unwrap().data.free, amount);
	let next_index: u32 = rpc
		.request(
			"system_accountNextIndex",
			params(vec![Sr25519Keyring::Alice.to_account_id().to_string().into()]),
		)
		.await
		.unwrap();
	assert_eq!(next_index, 1);

	// Garbage: a clear error, not a crash.
	let (code, message) =
		rpc_error(rpc.request("author_submitExtrinsic", params(vec!["0x0badc0de".into()])).await);
	assert!(code == 1001 || code == 1002, "{code} {message}");
	let (code, _) =
		rpc_error(rpc.request("author_submitExtrinsic", params(vec!["0xzz".into()])).await);
	assert_eq!(code, jsonrpsee::types::error::INVALID_PARAMS_CODE);

	// A bad signature: signed by Bob, claiming to be Alice.
	let mut forged = signed(transfer(&recipient, amount), &Sr25519Keyring::Bob.pair(), 1, &chain);
	let alice_id = Sr25519Keyring::Alice.to_account_id();
	let bob_id = Sr25519Keyring::Bob.to_account_id();
	let at = forged.windows(32).position(|w| w == AsRef::<[u8]>::as_ref(&bob_id)).unwrap();
	forged[at..at + 32].copy_from_slice(alice_id.as_ref());
	let (code, message) =
		rpc_error(rpc.request("author_submitExtrinsic", params(vec![hex0x(&forged).into()])).await);
	assert_eq!(code, 1010, "{message}");
	assert!(message.contains("BadProof"), "{message}");

	// A stale nonce (0 was used by the transfer above).
	let stale = signed(transfer(&recipient, 1), &alice, 0, &chain);
	let (code, message) =
		rpc_error(rpc.request("author_submitExtrinsic", params(vec![hex0x(&stale).into()])).await);
	assert_eq!(code, 1010, "{message}");
	assert!(message.contains("Stale"), "{message}");

	// A future nonce waits in the pool (as in polkadot-sdk) and is not included until the gap
	// is filled; then both go in.
	let future = signed(transfer(&recipient, 1_000_000_000), &alice, 2, &chain);
	let _: sp_core::H256 =
		rpc.request("author_submitExtrinsic", params(vec![hex0x(&future).into()])).await.unwrap();
	let before = best_number(&rpc).await;
	wait_until(Duration::from_secs(10), "two more blocks", || async {
		best_number(&rpc).await >= before + 2
	})
	.await;
	assert_eq!(
		account(&rpc, &recipient).await.unwrap().data.free,
		amount,
		"future nonce not applied"
	);
	let pending: Vec<String> =
		rpc.request("author_pendingExtrinsics", ArrayParams::new()).await.unwrap();
	assert_eq!(pending, vec![hex0x(&future)]);
	let gap = signed(transfer(&recipient, 1_000_000_000), &alice, 1, &chain);
	let _: sp_core::H256 =
		rpc.request("author_submitExtrinsic", params(vec![hex0x(&gap).into()])).await.unwrap();
	wait_until(Duration::from_secs(10), "both transfers to be included", || async {
		account(&rpc, &recipient).await.unwrap().data.free == amount + 2_000_000_000
	})
	.await;

	// Still producing blocks after all of that.
	let now = best_number(&rpc).await;
	wait_until(Duration::from_secs(5), "another block", || async { best_number(&rpc).await > now })
		.await;
	assert!(!node.log_text().contains("panicked"), "{}", node.log_text());
}
