//! A node killed with SIGKILL resumes from the same best block and state root on the same
//! `--base-path`; `export-blocks` / `import-blocks` move its chain to a fresh node that reaches
//! the same best block.

mod common;

use common::*;
use jsonrpsee::core::{client::ClientT, params::ArrayParams};
use std::{process::Command, time::Duration};

async fn best_header(rpc: &jsonrpsee::http_client::HttpClient) -> serde_json::Value {
	rpc.request("chain_getHeader", ArrayParams::new()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn restart_resumes_and_blocks_move_between_nodes() {
	let dir = tempfile::tempdir().unwrap();
	let base = dir.path().join("alice");
	let base_arg = base.to_str().unwrap();

	let node = Node::start(&["--dev", "--base-path", base_arg], dir.path());
	let rpc = node.rpc(Duration::from_secs(15)).await;
	wait_until(Duration::from_secs(20), "5 blocks", || async { best_number(&rpc).await >= 5 })
		.await;
	node.kill();

	// Restart without authoring: the best block must be exactly where it was.
	let node = Node::start(&["--chain", "dev", "--base-path", base_arg], dir.path());
	let rpc = node.rpc(Duration::from_secs(15)).await;
	let resumed = best_header(&rpc).await;
	let number = hex_number(&resumed["number"]);
	assert!(number >= 5, "resumed at #{number}");
	let hash: serde_json::Value =
		rpc.request("chain_getBlockHash", params(vec![number.into()])).await.unwrap();
	let by_hash: serde_json::Value =
		rpc.request("chain_getHeader", params(vec![hash.clone()])).await.unwrap();
	assert_eq!(by_hash, resumed);
	drop(rpc);
	let exit = node.terminate();
	assert!(exit.success(), "SIGTERM is a clean shutdown: {exit:?}");

	// And the authoring node carries on from there.
	let node = Node::start(&["--dev", "--base-path", base_arg], dir.path());
	let rpc = node.rpc(Duration::from_secs(15)).await;
	wait_until(Duration::from_secs(10), "a block after the restart", || async {
		best_number(&rpc).await > number
	})
	.await;
	let next_hash: serde_json::Value =
		rpc.request("chain_getBlockHash", params(vec![(number + 1).into()])).await.unwrap();
	let next: serde_json::Value =
		rpc.request("chain_getHeader", params(vec![next_hash])).await.unwrap();
	assert_eq!(next["parentHash"], hash, "the chain continues from the resumed best block");
	drop(rpc);
	node.terminate();

	// export-blocks | import-blocks into a fresh base path.
	let export = dir.path().join("blocks.bin");
	let status = Command::new(node_binary())
		.args(["export-blocks", "--chain", "dev", "--base-path", base_arg, "--binary"])
		.arg(&export)
		.status()
		.unwrap();
	assert!(status.success());
	let fresh = dir.path().join("bob");
	let output = Command::new(node_binary())
		.args([
			"import-blocks",
			"--chain",
			"dev",
			"--base-path",
			fresh.to_str().unwrap(),
			"--binary",
		])
		.arg(&export)
		.output()
		.unwrap();
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

	let original = Node::start(&["--chain", "dev", "--base-path", base_arg], dir.path());
	let copy = Node::start(&["--chain", "dev", "--base-path", fresh.to_str().unwrap()], dir.path());
	let (rpc_a, rpc_b) =
		(original.rpc(Duration::from_secs(15)).await, copy.rpc(Duration::from_secs(15)).await);
	assert_eq!(best_header(&rpc_a).await, best_header(&rpc_b).await);
}
