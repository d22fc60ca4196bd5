//! The flags polkadot-sdk operators' unit files and Helm charts pass: a dev node started with
//! them runs, says what the compatibility-only ones do, and applies the rest (keystore path,
//! trie cache size, log format).

mod common;

use common::*;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn a_node_started_with_polkadot_sdk_flags_runs_and_applies_them() {
	let dir = tempfile::tempdir().unwrap();
	let keystore = dir.path().join("keystore");
	let node = Node::start(
		&[
			"--dev",
			"--tmp",
			"--no-hardware-benchmarks",
			"--keystore-path",
			keystore.to_str().unwrap(),
			"--db-cache",
			"1024",
			"--trie-cache-size",
			"67108864",
			"--execution",
			"wasm",
			"--telemetry-url",
			"wss://telemetry.polkadot.io/submit/ 0",
			"--detailed-log-output",
			"--disable-log-color",
		],
		dir.path(),
	);
	let rpc = node.rpc(Duration::from_secs(30)).await;
	wait_until(Duration::from_secs(30), "blocks authored", || async {
		finalized_number(&rpc).await >= 2
	})
	.await;
	let log = node.log_text();
	for said in [
		"--telemetry-url: this node sends no telemetry",
		"--db-cache: ParityDB sizes its own caches",
		"--execution is deprecated and has no effect",
	] {
		assert!(log.contains(said), "{said:?} not in the log:\n{log}");
	}
	// Alice's dev keys went to --keystore-path (and blocks were authored with them).
	let keys = std::fs::read_dir(&keystore).unwrap().count();
	assert_eq!(keys, 2, "aura and gran keys in {}", keystore.display());
	// Detailed output: level, thread and target on every line; no colour codes.
	assert!(!log.contains('\u{1b}'), "colour codes in the log");
	let line = log.lines().find(|l| l.contains("Imported #1 ")).unwrap();
	let fields: Vec<&str> = line.split_whitespace().collect();
	assert_eq!(fields[1..4], ["INFO", "tokio-rt-worker", "sci_node::service"], "{line}");
}
