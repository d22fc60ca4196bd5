//! Warp sync on loopback: a fresh full node started with `--sync warp` next to two validators
//! of the local chain proves their finalized head from GRANDPA justifications, downloads its
//! state and follows the chain from there, and fills in the blocks below (headers and bodies,
//! not executed) in the background; a `--sync full` node replays them. Both times are printed.

mod common;

use common::*;
use jsonrpsee::{core::client::ClientT, http_client::HttpClient};
use std::time::{Duration, Instant};

/// Start a full node with `--sync <mode>` and wait until it has finalized `target`; the time
/// from its start, and its RPC.
async fn catch_up(
	mode: &str,
	boot: &str,
	target: u32,
	dir: &std::path::Path,
) -> (Node, HttpClient, Duration) {
	let started = Instant::now();
	let node =
		Node::start(&["--chain", "local", "--tmp", "--sync", mode, "--bootnodes", boot], dir);
	let rpc = node.rpc(Duration::from_secs(30)).await;
	wait_until(
		Duration::from_secs(60),
		&format!("the {mode}-synced node at #{target}"),
		|| async { finalized_head(&rpc).await.0 >= target },
	)
	.await;
	(node, rpc, started.elapsed())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_warp_synced_node_proves_the_head_and_follows_from_there() {
	let dir = tempfile::tempdir().unwrap();
	let (_alice, _bob, boot, rpc) = start_local_validators(dir.path()).await;
	wait_until(Duration::from_secs(90), "finality past #40", || async {
		finalized_head(&rpc).await.0 >= 40
	})
	.await;
	let (target, _) = finalized_head(&rpc).await;

	let (warped, warped_rpc, warp_time) = catch_up("warp", &boot, target, dir.path()).await;
	let (_full, _, full_time) = catch_up("full", &boot, target, dir.path()).await;
	println!("to finalized #{target}: warp sync {warp_time:?}, full sync {full_time:?}");
	let log = warped.log_text();
	assert!(log.contains("Warp sync done"), "{}", warped.log.display());

	// The warp node has the head's state and none of the blocks below it.
	let (number, hash) = finalized_head(&warped_rpc).await;
	let key = value_key("System", "Number");
	let at = |rpc: &HttpClient| {
		let key = key.clone();
		let rpc = rpc.clone();
		async move {
			let value: Option<String> = rpc
				.request(
					"state_getStorage",
					params(vec![hex0x(&key).into(), serde_json::to_value(hash).unwrap()]),
				)
				.await
				.unwrap();
			value
		}
	};
	assert_eq!(at(&warped_rpc).await, at(&rpc).await);
	assert_eq!(block_hash(&rpc, number).await, Some(hash));
	assert!(!log.contains("Imported #1 "), "block #1 was imported");

	// The blocks below the warp block are filled in, whole, without executing them.
	wait_until(Duration::from_secs(60), "the gap below the warp block filled in", || async {
		warped.log_text().contains("the chain is whole")
	})
	.await;
	let log = warped.log_text();
	println!("{}", log.lines().find(|l| l.contains("the chain is whole")).unwrap_or_default());
	for n in 1..=number {
		assert_eq!(block_hash(&warped_rpc, n).await, block_hash(&rpc, n).await, "block #{n}");
	}
	for n in [1, number / 2, number] {
		let hash = serde_json::to_value(block_hash(&rpc, n).await.unwrap()).unwrap();
		let block = |rpc: HttpClient, hash: serde_json::Value| async move {
			let block: serde_json::Value =
				rpc.request("chain_getBlock", params(vec![hash])).await.unwrap();
			block
		};
		let (filled, source) =
			(block(warped_rpc.clone(), hash.clone()).await, block(rpc.clone(), hash).await);
		assert_eq!(filled["block"], source["block"], "block #{n} with its body");
		if n < number {
			// Old blocks' justifications are not kept (their authority sets are not known).
			assert!(filled["justifications"].is_null(), "block #{n}: {filled}");
		}
	}
	assert!(!log.contains("Imported #1 "), "block #1 was executed");
	// Their states were not computed: a read at one of them is an error, not a wrong answer.
	let below = serde_json::to_value(block_hash(&rpc, 1).await.unwrap()).unwrap();
	let read: Result<Option<String>, _> =
		warped_rpc.request("state_getStorage", params(vec![hex0x(&key).into(), below])).await;
	assert!(read.is_err(), "state at a filled-in block: {read:?}");

	// And it follows the chain from there: new blocks are imported and finalized.
	wait_until(Duration::from_secs(30), "the warp node to finalize new blocks", || async {
		finalized_head(&warped_rpc).await.0 >= number + 3
	})
	.await;
	let (later, later_hash) = finalized_head(&warped_rpc).await;
	assert_eq!(block_hash(&rpc, later).await, Some(later_hash));
}
