//! The transaction pool under abuse, end to end over JSON-RPC: one account cannot squat the
//! pool with transactions that never pay, and a burst beyond the pool's limits gets an answer
//! for every transaction (an error, or a final status on its watch).

mod common;

use codec::Encode;
use common::{transfers::generated_pairs, *};
use futures::StreamExt;
use jsonrpsee::{
	core::{
		client::{ClientT, Subscription, SubscriptionClientT},
		params::ArrayParams,
		ClientError,
	},
	ws_client::WsClientBuilder,
};
use sci_node::executor::WasmExecutor;
use sci_primitives::{units::UNIT, AccountId, Hash};
use sci_runtime_test_utils::{remark, signed_in_era, transfer};
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use sp_runtime::generic::Era;
use std::{collections::BTreeMap, time::Duration};

/// The JSON-RPC error code of a refused call, if it was one.
fn refusal_code(error: &ClientError) -> Option<i32> {
	match error {
		ClientError::Call(e) => Some(e.code()),
		_ => None,
	}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_account_squatting_the_pool_with_unpayable_transactions_leaves_room_for_others() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(&["--dev", "--tmp"], dir.path());
	let rpc = node.rpc(Duration::from_secs(60)).await;
	let chain = chain_context(&rpc).await;
	// Bob's 1 MiB remarks skip his next nonce (0): never includable, so never paying a fee.
	let bob = Sr25519Keyring::Bob.pair();
	let (mut accepted, mut refused) = (0, 0);
	for nonce in 1..=70 {
		let squat = hex0x(&signed(remark(vec![7; 1 << 20]), &bob, nonce, &chain));
		match rpc.request::<Hash, _>("author_submitExtrinsic", params(vec![squat.into()])).await {
			Ok(_) => accepted += 1,
			Err(e) if refusal_code(&e) == Some(1016) => refused += 1,
			Err(e) => panic!("remark {nonce}: {e}"),
		}
	}
	// Future transactions get a tenth of the pool's 64 MiB.
	assert_eq!((accepted, refused), (6, 64), "accepted and refused squats");
	// 12.6 MiB of hex: within the node's 15 MiB responses, beyond the client's 10 MiB default.
	let big = jsonrpsee::http_client::HttpClientBuilder::default()
		.max_response_size(15 << 20)
		.build(format!("http://127.0.0.1:{}", node.rpc_port()))
		.unwrap();
	let pending: Vec<String> =
		big.request("author_pendingExtrinsics", ArrayParams::new()).await.unwrap();
	assert_eq!(pending.len(), accepted, "the pool's content fits a response");
	// Charlie's ordinary transfer is admitted and included.
	let charlie = Sr25519Keyring::Charlie.pair();
	let dave = Sr25519Keyring::Dave.to_account_id();
	let (_, events) =
		submit_and_watch(&rpc, &signed(transfer(&dave, UNIT), &charlie, 0, &chain)).await;
	assert!(
		events.iter().any(|e| matches!(
			e,
			sci_runtime::RuntimeEvent::Balances(pallet_balances::Event::Transfer { .. })
		)),
		"the transfer ran: {events:?}"
	);
}

/// One transfer's fate as its watch reported it.
async fn fate(mut watch: Subscription<serde_json::Value>) -> String {
	let deadline = Duration::from_secs(120);
	loop {
		let status = tokio::time::timeout(deadline, watch.next())
			.await
			.expect("every accepted transaction gets a final status within two minutes")
			.expect("the watch ends only after a final status")
			.expect("a status");
		let name = match &status {
			serde_json::Value::String(s) => s.clone(),
			serde_json::Value::Object(o) => o.keys().next().cloned().unwrap_or_default(),
			other => panic!("unexpected status {other}"),
		};
		if ["finalized", "dropped", "usurped", "invalid"].contains(&name.as_str()) {
			return name;
		}
	}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_beyond_the_pool_limits_gets_an_error_or_a_final_status_for_every_transfer() {
	const BURST: usize = 20_000;
	const CONNECTIONS: usize = 25;
	// Each transfer from an account of its own, so that every accepted one can be included
	// whatever was refused.
	let senders = generated_pairs(BURST);
	let endowed: Vec<AccountId> = senders.iter().map(|p| p.public().into()).collect();
	let dir = tempfile::tempdir().unwrap();
	let spec = common::transfers::dev_spec(&WasmExecutor::new().unwrap(), &endowed);
	let spec_path = dir.path().join("spec.json");
	std::fs::write(&spec_path, spec.to_json().unwrap()).unwrap();
	let node = Node::start(
		&["--dev", "--tmp", "--chain", spec_path.to_str().unwrap(), "--pool-limit", "2000"],
		dir.path(),
	);
	let rpc = node.rpc(Duration::from_secs(120)).await;
	let chain = chain_context(&rpc).await;
	let ferdie = Sr25519Keyring::Ferdie.to_account_id();
	// Tips of 0–3 units: a better transfer evicts a worse one from a full pool.
	let txs: Vec<String> = senders
		.iter()
		.enumerate()
		.map(|(i, pair)| {
			let call = transfer(&ferdie, UNIT);
			let tip = (i % 4) as u128 * UNIT / 100;
			let xt = signed_in_era(call, pair, 0, &chain, Era::Immortal, chain.genesis_hash, tip);
			hex0x(&xt.encode())
		})
		.collect();
	let url = format!("ws://127.0.0.1:{}", node.rpc_port());
	let mut clients = Vec::new();
	for _ in 0..CONNECTIONS {
		clients.push(std::sync::Arc::new(
			WsClientBuilder::default()
				.max_concurrent_requests(BURST)
				.max_buffer_capacity_per_subscription(64)
				.build(&url)
				.await
				.unwrap(),
		));
	}
	let outcomes = futures::stream::iter(txs.into_iter().enumerate())
		.map(|(i, tx)| {
			let client = clients[i % CONNECTIONS].clone();
			async move {
				let watch = client
					.subscribe::<serde_json::Value, _>(
						"author_submitAndWatchExtrinsic",
						params(vec![tx.into()]),
						"author_unwatchExtrinsic",
					)
					.await;
				match watch {
					Ok(watch) => fate(watch).await,
					Err(e) => format!("refused {}", refusal_code(&e).expect("a JSON-RPC error")),
				}
			}
		})
		.buffer_unordered(BURST)
		.collect::<Vec<String>>()
		.await;
	let mut tally: BTreeMap<String, usize> = BTreeMap::new();
	for outcome in outcomes {
		*tally.entry(outcome).or_default() += 1;
	}
	eprintln!("{tally:?}");
	assert_eq!(tally.values().sum::<usize>(), BURST);
	assert!(tally.get("refused 1016").is_some_and(|n| *n > 0), "the pool filled: {tally:?}");
	assert!(tally.get("finalized").is_some_and(|n| *n >= 2_000), "{tally:?}");
	let known = ["refused 1016", "finalized", "dropped"];
	assert!(tally.keys().all(|k| known.contains(&k.as_str())), "{tally:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_removed_transaction_is_banned_and_removal_lists_are_bounded() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(&["--dev", "--tmp"], dir.path());
	let rpc = node.rpc(Duration::from_secs(60)).await;
	let chain = chain_context(&rpc).await;
	// Nonce 5 waits for nonces 0–4: it stays in the pool until removed.
	let waiting = hex0x(&signed(remark(vec![1]), &Sr25519Keyring::Eve.pair(), 5, &chain));
	let hash: Hash =
		rpc.request("author_submitExtrinsic", params(vec![waiting.clone().into()])).await.unwrap();
	let removed: Vec<Hash> = rpc
		.request("author_removeExtrinsic", params(vec![serde_json::json!([{ "hash": hash }])]))
		.await
		.unwrap();
	assert_eq!(removed, vec![hash]);
	let again =
		rpc.request::<Hash, _>("author_submitExtrinsic", params(vec![waiting.into()])).await;
	assert_eq!(again.as_ref().err().and_then(refusal_code), Some(1012), "{again:?}");
	// A list past 1,024 entries is refused before any is looked at.
	let many: Vec<_> = (0..1_025).map(|_| serde_json::json!({ "hash": hash })).collect();
	let refused = rpc
		.request::<Vec<Hash>, _>("author_removeExtrinsic", params(vec![many.into()]))
		.await
		.unwrap_err();
	assert_eq!(refusal_code(&refused), Some(-32602), "{refused}");
}
