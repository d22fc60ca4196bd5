//! The `key` subcommands: node keys whose peer id the node then uses, and session keys written
//! where the node (and Zombienet) expect them.

mod common;

use common::*;
use jsonrpsee::core::client::ClientT;
use sp_core::{
	crypto::{ByteArray, Ss58Codec},
	ed25519, sr25519, Pair,
};
use std::{process::Command, time::Duration};

fn key(args: &[&str]) -> std::process::Output {
	let output = Command::new(node_binary()).arg("key").args(args).output().unwrap();
	assert!(output.status.success(), "key {args:?}: {}", String::from_utf8_lossy(&output.stderr));
	output
}

#[tokio::test(flavor = "multi_thread")]
async fn a_generated_node_key_names_the_node() {
	let dir = tempfile::tempdir().unwrap();
	let file = dir.path().join("node.key");
	let file_arg = file.to_str().unwrap();
	let generated = key(&["generate-node-key", "--file", file_arg]);
	let peer_id = String::from_utf8(generated.stderr).unwrap().trim().to_string();
	assert!(peer_id.starts_with("12D3KooW"), "{peer_id}");
	assert_eq!(std::fs::read_to_string(&file).unwrap().len(), 64);
	let inspected = key(&["inspect-node-key", "--file", file_arg]);
	assert_eq!(String::from_utf8(inspected.stdout).unwrap().trim(), peer_id);

	let node = Node::start(&["--dev", "--node-key-file", file_arg], dir.path());
	let rpc = node.rpc(Duration::from_secs(15)).await;
	let local: String = rpc.request("system_localPeerId", params(vec![])).await.unwrap();
	assert_eq!(local, peer_id);
	let addrs: Vec<String> =
		rpc.request("system_localListenAddresses", params(vec![])).await.unwrap();
	assert!(
		addrs.iter().all(|a| a.starts_with("/ip4/127.0.0.1/tcp/") && a.ends_with(&peer_id)),
		"{addrs:?}"
	);
	assert!(!addrs.is_empty());
}

#[test]
fn session_keys_are_inserted_where_the_node_reads_them() {
	let dir = tempfile::tempdir().unwrap();
	let base = dir.path().to_str().unwrap();
	for key_type in ["aura", "gran"] {
		key(&[
			"insert",
			"--chain",
			"local",
			"-d",
			base,
			"--key-type",
			key_type,
			"--suri",
			"//Alice",
		]);
	}
	let keystore = dir.path().join("chains/local_testnet/keystore");
	let aura = sr25519::Pair::from_string("//Alice", None).unwrap().public();
	let gran = ed25519::Pair::from_string("//Alice", None).unwrap().public();
	for (key_type, public) in [("aura", aura.to_raw_vec()), ("gran", gran.to_raw_vec())] {
		let name = format!("{}{}", hex::encode(key_type), hex::encode(public));
		let content =
			std::fs::read_to_string(keystore.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
		assert_eq!(content, "\"//Alice\"");
	}

	let inspected = key(&["inspect", "//Alice"]);
	let text = String::from_utf8(inspected.stdout).unwrap();
	assert!(text.contains(&aura.to_ss58check()), "{text}");
	assert!(text.contains(&hex::encode(aura.to_raw_vec())), "{text}");

	let bad = Command::new(node_binary())
		.args([
			"key",
			"insert",
			"--chain",
			"local",
			"-d",
			base,
			"--key-type",
			"grandpa",
			"--suri",
			"//Alice",
		])
		.output()
		.unwrap();
	assert!(!bad.status.success());
	assert!(String::from_utf8_lossy(&bad.stderr).contains("four characters"));
}
