//! The metric families Substrate dashboards and Zombienet read, each series labelled with the
//! chain: roles, heights (with the sync target), syncing, peers, sync queues, GRANDPA rounds,
//! block import times, pool validations and the state cache, on two `local` validators and a
//! full node that syncs from them.

mod common;

use common::{
	raw_http::{prometheus_addr, sample, scrape},
	*,
};
use sci_runtime_test_utils::transfer;
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn substrate_metric_families_are_served_with_the_chain_label() {
	let dir = tempfile::tempdir().unwrap();
	let (alice, _bob, boot, rpc) = start_local_validators(dir.path()).await;
	wait_until(Duration::from_secs(60), "finality past #5", || async {
		finalized_number(&rpc).await >= 5
	})
	.await;
	let full = Node::start(&["--chain", "local", "--tmp", "--bootnodes", &boot], dir.path());
	let full_rpc = full.rpc(Duration::from_secs(30)).await;
	wait_until(Duration::from_secs(60), "the full node past #5", || async {
		finalized_number(&full_rpc).await >= 5
	})
	.await;

	// One transfer, validated by Alice's pool.
	let context = chain_context(&rpc).await;
	let dave = Sr25519Keyring::Dave.to_account_id();
	let tx = signed(transfer(&dave, 1_000_000), &Sr25519Keyring::Alice.pair(), 0, &context);
	submit_and_watch(&rpc, &tx).await;

	let chain = [("chain", "local_testnet")];
	let (alice_addr, full_addr) = (prometheus_addr(&alice).await, prometheus_addr(&full).await);
	// Heights and rounds are sampled every few seconds: wait for a sample past the start.
	wait_until(Duration::from_secs(30), "GRANDPA rounds and heights in the metrics", || {
		let metrics = scrape(&alice_addr);
		let ready = sample(&metrics, "substrate_finality_grandpa_round", &chain) >= Some(1.0)
			&& sample(&metrics, "substrate_block_height", &[("status", "sync_target")])
				>= Some(5.0);
		async move { ready }
	})
	.await;
	let metrics = scrape(&alice_addr);
	let full_metrics = scrape(&full_addr);
	println!("{metrics}");

	assert_eq!(sample(&metrics, "substrate_node_roles", &chain), Some(4.0), "authority");
	assert_eq!(sample(&full_metrics, "substrate_node_roles", &chain), Some(1.0), "full node");
	assert_eq!(sample(&metrics, "substrate_sub_libp2p_is_major_syncing", &chain), Some(0.0));
	assert!(sample(&metrics, "substrate_sub_libp2p_peers_count", &chain) >= Some(2.0));
	for status in ["best", "finalized", "sync_target"] {
		let labels = [chain[0], ("status", status)];
		assert!(
			sample(&metrics, "substrate_block_height", &labels) >= Some(5.0),
			"block_height{{status={status}}}"
		);
	}
	// The full node imported every block from a peer, each timed.
	assert!(
		sample(&full_metrics, "substrate_block_verification_and_import_time_count", &chain)
			>= Some(5.0),
		"{full_metrics}"
	);
	// Sync: Bob and the full node are full peers; the transfer Alice's pool admitted went
	// out to them; no block waits for import.
	assert!(sample(&metrics, "substrate_sync_peers", &chain) >= Some(2.0), "{metrics}");
	assert!(sample(&metrics, "substrate_sync_propagated_transactions", &chain) >= Some(1.0));
	assert_eq!(sample(&full_metrics, "substrate_sync_queued_blocks", &chain), Some(0.0));
	// The trie cache holds the recent states' nodes.
	assert!(sample(&metrics, "substrate_state_cache_bytes", &chain) > Some(0.0), "{metrics}");
	let scheduled = sample(&metrics, "substrate_sub_txpool_validations_scheduled", &chain);
	assert!(scheduled >= Some(1.0), "{metrics}");
	assert_eq!(sample(&metrics, "substrate_sub_txpool_validations_finished", &chain), scheduled);
	// Every series carries the chain label.
	for line in metrics.lines().filter(|l| l.starts_with("substrate_")) {
		assert!(line.contains("chain=\"local_testnet\""), "{line}");
	}
}
