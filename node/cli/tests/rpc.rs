//! RPC hygiene against a running node: malformed requests get JSON-RPC errors and the node
//! keeps serving; unsafe methods are refused on `--rpc-methods safe`; `rpc_methods` lists the
//! legacy and new-spec methods; read proofs verify against the block's state root.

mod common;

use common::*;
use jsonrpsee::core::{client::ClientT, params::ArrayParams};
use std::{
	io::{Read, Write},
	time::Duration,
};

/// POST `body` to the node's RPC port; returns the HTTP status and the body.
fn post(port: u16, body: &[u8]) -> (u16, String) {
	let (status, _, body) = http(port, "POST", &[], body);
	(status, body)
}

/// An HTTP request to the RPC port; returns status, raw headers and body.
fn http(port: u16, method: &str, headers: &[&str], body: &[u8]) -> (u16, String, String) {
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
	stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
	let extra: String = headers.iter().map(|h| format!("{h}\r\n")).collect();
	let head = format!(
		"{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
		body.len()
	);
	stream.write_all(head.as_bytes()).unwrap();
	// The server may answer (413) before reading a huge body: a failed write is fine then.
	let _ = stream.write_all(body);
	let mut response = String::new();
	let _ = stream.read_to_string(&mut response);
	let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
	let (head, body) = response.split_once("\r\n\r\n").unwrap_or_default();
	(status, head.to_ascii_lowercase(), body.to_string())
}

fn error_code(body: &str) -> i64 {
	let json: serde_json::Value =
		serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
	json["error"]["code"].as_i64().unwrap_or_else(|| panic!("no error in {body}"))
}

fn call(method: &str, params: &str) -> Vec<u8> {
	format!(r#"{{"jsonrpc":"2.0","id":1,"method":"{method}","params":{params}}}"#).into_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_requests_get_errors_and_unsafe_methods_are_refused() {
	let dir = tempfile::tempdir().unwrap();
	// Zombienet's node key for "alice": sha256("alice").
	let node_key = "2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90";
	let node = Node::start(
		&["--dev", "--tmp", "--rpc-methods", "safe", "--node-key", node_key],
		dir.path(),
	);
	let rpc = node.rpc(Duration::from_secs(20)).await;
	let port = node.rpc_port();

	assert_eq!(error_code(&post(port, b"{not json").1), -32700);
	assert_eq!(error_code(&post(port, &call("no_such_method", "[]")).1), -32601);
	assert_eq!(error_code(&post(port, &call("chain_getBlockHash", r#"[{"x":1}]"#)).1), -32602);
	assert_eq!(error_code(&post(port, &call("state_getStorage", r#"["0xzz"]"#)).1), -32602);
	assert_eq!(error_code(&post(port, &call("state_getStorage", "[42]")).1), -32602);
	assert_eq!(error_code(&post(port, &call("state_call", r#"["NoSuchApi_call", "0x"]"#)).1), 4003);
	assert_eq!(
		error_code(&post(port, &call("chainHead_v1_unpin", r#"["x", ["0x00"]]"#)).1),
		-32602
	);
	let huge = vec![b'a'; 16 * 1024 * 1024];
	assert_eq!(post(port, &huge).0, 413, "request over the 15 MiB limit");
	for unsafe_call in [
		call("author_rotateKeys", "[]"),
		call("author_insertKey", r#"["aura", "//Alice", "0x00"]"#),
		call("state_getPairs", r#"["0x"]"#),
	] {
		let (_, body) = post(port, &unsafe_call);
		assert_eq!(error_code(&body), -32601, "{body}");
		assert!(body.contains("unsafe"), "{body}");
	}

	// The peer id is libp2p's for that ed25519 secret.
	let peer_id: String = rpc.request("system_localPeerId", ArrayParams::new()).await.unwrap();
	let mut secret = hex::decode(node_key).unwrap();
	let expected = libp2p::identity::Keypair::from(libp2p::identity::ed25519::Keypair::from(
		libp2p::identity::ed25519::SecretKey::try_from_bytes(&mut secret).unwrap(),
	))
	.public()
	.to_peer_id();
	assert_eq!(peer_id, expected.to_string());
	assert!(peer_id.starts_with("12D3KooW"), "{peer_id}");

	// Still serving, and listing both API generations.
	let methods: serde_json::Value = rpc.request("rpc_methods", ArrayParams::new()).await.unwrap();
	let methods: Vec<&str> =
		methods["methods"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
	for expected in [
		"chain_subscribeNewHeads",
		"state_getReadProof",
		"author_submitAndWatchExtrinsic",
		"payment_queryInfo",
		"chainHead_v1_follow",
		"transactionWatch_v1_submitAndWatch",
		"chainSpec_v1_genesisHash",
		"rpc_methods",
	] {
		assert!(methods.contains(&expected), "rpc_methods lacks {expected}");
	}

	// A read proof of Alice's account verifies against the state root of its block.
	let alice = sp_keyring::Sr25519Keyring::Alice.to_account_id();
	let key = account_key(&alice);
	let best: sp_core::H256 = rpc.request("chain_getBlockHash", ArrayParams::new()).await.unwrap();
	let proof: serde_json::Value = rpc
		.request(
			"state_getReadProof",
			params(vec![vec![hex0x(&key)].into(), serde_json::to_value(best).unwrap()]),
		)
		.await
		.unwrap();
	let nodes: Vec<Vec<u8>> = proof["proof"]
		.as_array()
		.unwrap()
		.iter()
		.map(|n| hex::decode(n.as_str().unwrap().trim_start_matches("0x")).unwrap())
		.collect();
	let header: sci_primitives::Header = serde_json::from_value(
		rpc.request("chain_getHeader", params(vec![serde_json::to_value(best).unwrap()]))
			.await
			.unwrap(),
	)
	.unwrap();
	let proven = sp_state_machine::read_proof_check::<sp_runtime::traits::BlakeTwo256, _>(
		header.state_root,
		sp_trie::StorageProof::new(nodes),
		[&key],
	)
	.unwrap();
	let raw: Option<String> = rpc
		.request(
			"state_getStorage",
			params(vec![hex0x(&key).into(), serde_json::to_value(best).unwrap()]),
		)
		.await
		.unwrap();
	let raw = hex::decode(raw.unwrap().trim_start_matches("0x")).unwrap();
	assert_eq!(proven.get(&key).cloned().flatten(), Some(raw));
	wait_until(Duration::from_secs(10), "a block after the bad requests", || async {
		best_number(&rpc).await > 0
	})
	.await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cors_allows_only_the_configured_origins() {
	let dir = tempfile::tempdir().unwrap();
	let node =
		Node::start(&["--chain", "local", "--tmp", "--rpc-cors", "http://localhost:*"], dir.path());
	node.rpc(Duration::from_secs(20)).await;
	let preflight = |origin: &str| {
		let origin = format!("Origin: {origin}");
		http(node.rpc_port(), "OPTIONS", &[&origin, "Access-Control-Request-Method: POST"], b"").1
	};
	assert!(preflight("http://localhost:3000")
		.contains("access-control-allow-origin: http://localhost:3000"));
	assert!(!preflight("https://evil.example").contains("access-control-allow-origin"));
	let (_, headers, body) = http(
		node.rpc_port(),
		"POST",
		&["Origin: http://localhost:8080"],
		&call("system_name", "[]"),
	);
	assert!(headers.contains("access-control-allow-origin: http://localhost:8080"), "{headers}");
	assert!(body.contains("result"), "{body}");
}
