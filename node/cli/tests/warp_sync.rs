//! Warp sync on loopback: a fresh full node started with `--sync warp` next to two validators
//! of the local chain proves their finalized head from GRANDPA justifications, downloads its
//! state and follows the chain from there, without the blocks below; a `--sync full` node
//! replays them. Both times are printed.

mod common;

use common::*;
use jsonrpsee::{core::client::ClientT, http_client::HttpClient};
use sci_primitives::Hash;
use std::time::{Duration, Instant};

async fn finalized(rpc: &HttpClient) -> (u32, Hash) {
	let hash: Hash = rpc.request("chain_getFinalizedHead", params(vec![])).await.unwrap();
	let header: serde_json::Value = rpc
		.request("chain_getHeader", params(vec![serde_json::to_value(hash).unwrap()]))
		.await
		.unwrap();
	(hex_number(&header["number"]), hash)
}

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
		|| async { finalized(&rpc).await.0 >= target },
	)
	.await;
	(node, rpc, started.elapsed())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_warp_synced_node_proves_the_head_and_follows_from_there() {
	let dir = tempfile::tempdir().unwrap();
	let alice = Node::start(&["--chain", "local", "--alice", "--tmp"], dir.path());
	let boot = alice.p2p_addr();
	let _bob =
		Node::start(&["--chain", "local", "--bob", "--tmp", "--bootnodes", &boot], dir.path());
	let rpc = alice.rpc(Duration::from_secs(30)).await;
	wait_until(Duration::from_secs(90), "finality past #40", || async {
		finalized(&rpc).await.0 >= 40
	})
	.await;
	let (target, _) = finalized(&rpc).await;

	let (warped, warped_rpc, warp_time) = catch_up("warp", &boot, target, dir.path()).await;
	let (_full, _, full_time) = catch_up("full", &boot, target, dir.path()).await;
	println!("to finalized #{target}: warp sync {warp_time:?}, full sync {full_time:?}");
	let log = warped.log_text();
	assert!(log.contains("Warp sync done"), "{}", warped.log.display());

	// The warp node has the head's state and none of the blocks below it.
	let (number, hash) = finalized(&warped_rpc).await;
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
	assert_eq!(block_hash(&warped_rpc, 1).await, None, "block #1 was downloaded");
	assert!(!log.contains("Imported #1 "), "block #1 was imported");

	// And it follows the chain from there: new blocks are imported and finalized.
	wait_until(Duration::from_secs(30), "the warp node to finalize new blocks", || async {
		finalized(&warped_rpc).await.0 >= number + 3
	})
	.await;
	let (later, later_hash) = finalized(&warped_rpc).await;
	assert_eq!(block_hash(&rpc, later).await, Some(later_hash));
}
