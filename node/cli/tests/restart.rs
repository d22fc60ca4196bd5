//! A node killed with SIGKILL resumes from the same best block and state root on the same
//! `--base-path`; `export-blocks` / `import-blocks` (polkadot-sdk's formats) move its chain to
//! a fresh node that reaches the same best block.

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

	// polkadot-sdk's formats: binary is a u64 count then the blocks; JSON is one block object
	// after another, from #1 to the best block.
	let binary = std::fs::read(&export).unwrap();
	let count = u64::from_le_bytes(binary[..8].try_into().unwrap());
	let json = Command::new(node_binary())
		.args(["export-blocks", "--chain", "dev", "--base-path", base_arg])
		.output()
		.unwrap();
	assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
	let objects: Vec<serde_json::Value> = serde_json::Deserializer::from_slice(&json.stdout)
		.into_iter()
		.collect::<Result<_, _>>()
		.unwrap();
	assert_eq!(objects.len() as u64, count);
	assert_eq!(objects[0]["block"]["header"]["number"], "0x1");
	assert!(objects.iter().all(|o| o.get("justifications").is_some()));
	// A truncated binary file is refused with the block it stopped at.
	let truncated = dir.path().join("truncated.bin");
	std::fs::write(&truncated, &binary[..binary.len() - 10]).unwrap();
	let output = Command::new(node_binary())
		.args(["import-blocks", "--chain", "dev", "--binary", "--base-path"])
		.arg(dir.path().join("carol"))
		.arg(&truncated)
		.output()
		.unwrap();
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(!output.status.success() && stderr.contains(&format!("of {count}")), "{stderr}");

	// chain-info and revert on that copy: the blocks before the cut were imported (unfinalized:
	// import-blocks does not finalize), and revert takes them off down to the finalized block.
	let carol = dir.path().join("carol");
	let chain_info = || {
		let output = Command::new(node_binary())
			.args(["chain-info", "--chain", "dev", "--base-path"])
			.arg(&carol)
			.output()
			.unwrap();
		assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
		serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()
	};
	let revert = |num: &str| {
		let status = Command::new(node_binary())
			.args(["revert", "--chain", "dev", "--base-path"])
			.arg(&carol)
			.arg(num)
			.status()
			.unwrap();
		assert!(status.success());
	};
	// check-block re-executes a stored block (by number or hash); a block it lacks is an error.
	let check_block = |input: &str| {
		Command::new(node_binary())
			.args(["check-block", "--chain", "dev", "--base-path"])
			.arg(&carol)
			.arg(input)
			.output()
			.unwrap()
	};
	let checked = check_block("2");
	let log = String::from_utf8_lossy(&checked.stderr);
	assert!(
		checked.status.success() && log.contains("Block #2 ") && log.contains("checked"),
		"{log}"
	);
	let hash = objects[1]["block"]["header"]["parentHash"].as_str().unwrap().to_string();
	assert!(check_block(&hash).status.success(), "block #1 by hash");
	assert!(!check_block(&(count + 5).to_string()).status.success(), "a block it lacks");
	assert!(!check_block("0xzz").status.success(), "not a hash");
	let info = chain_info();
	assert_eq!(info["best_number"], count - 1, "{info}");
	assert_eq!(info["genesis_hash"], objects[0]["block"]["header"]["parentHash"], "{info}");
	let finalized = info["finalized_number"].as_u64().unwrap();
	revert("2");
	assert_eq!(chain_info()["best_number"], (count - 3).max(finalized), "after reverting 2");
	revert("1000");
	let info = chain_info();
	assert_eq!(info["best_number"], finalized, "{info}");
	assert_eq!(info["best_hash"], info["finalized_hash"], "{info}");

	// export-state: a raw chain spec whose genesis is block #3's state.
	let exported = Command::new(node_binary())
		.args(["export-state", "--chain", "dev", "--base-path", base_arg, "3"])
		.output()
		.unwrap();
	assert!(exported.status.success(), "{}", String::from_utf8_lossy(&exported.stderr));
	let spec: serde_json::Value = serde_json::from_slice(&exported.stdout).unwrap();
	let top = &spec["genesis"]["raw"]["top"];
	assert_eq!(top[hex0x(&value_key("System", "Number"))], "0x03000000", "System.Number of #3");
	assert!(top[hex0x(b":code")].as_str().is_some_and(|code| code.len() > 1000));

	let original = Node::start(&["--chain", "dev", "--base-path", base_arg], dir.path());
	let copy = Node::start(&["--chain", "dev", "--base-path", fresh.to_str().unwrap()], dir.path());
	let (rpc_a, rpc_b) =
		(original.rpc(Duration::from_secs(15)).await, copy.rpc(Duration::from_secs(15)).await);
	assert_eq!(best_header(&rpc_a).await, best_header(&rpc_b).await);
}
