//! The RPC server under hostile use, against running nodes on loopback: unsafe methods only
//! where polkadot-sdk serves them, `--rpc-external` refused on a validator, the keystore out of
//! reach of safe methods, Host filtering, request, response, subscription and rate limits, the
//! health endpoints and the `substrate_rpc_*` metrics.

mod common;

use codec::Encode;
use common::{
	raw_http::{http, prometheus_addr, sample, Http},
	*,
};
use jsonrpsee::{
	core::{
		client::{ClientT, Error as ClientError, Subscription, SubscriptionClientT},
		params::ArrayParams,
	},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use std::{
	io::{Read, Write},
	path::Path,
	process::{Command, Stdio},
	time::{Duration, Instant},
};

/// POST a JSON-RPC body to `/` with an honest `Host`.
fn post(port: u16, body: &[u8]) -> Http {
	http(port, "POST", "/", &format!("127.0.0.1:{port}"), &[], body)
}

/// A JSON-RPC call as bytes.
fn call(method: &str, params: &str) -> Vec<u8> {
	format!(r#"{{"jsonrpc":"2.0","id":1,"method":"{method}","params":{params}}}"#).into_bytes()
}

/// The JSON-RPC error code in `body` (`None` for a result).
fn error_code(body: &str) -> Option<i64> {
	let json: serde_json::Value =
		serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}"));
	json["error"]["code"].as_i64()
}

/// The code of a JSON-RPC error a client got (`None` for another failure).
fn client_code(error: &ClientError) -> Option<i32> {
	match error {
		ClientError::Call(e) => Some(e.code()),
		_ => None,
	}
}

async fn ws(node: &Node) -> WsClient {
	WsClientBuilder::default()
		.request_timeout(Duration::from_secs(30))
		.build(format!("ws://127.0.0.1:{}", node.rpc_port()))
		.await
		.unwrap()
}

/// The files in the keystore of the chain under `base`.
fn keystore_files(base: &Path) -> usize {
	let chains = base.join("chains");
	let Ok(entries) = std::fs::read_dir(&chains) else { return 0 };
	entries
		.flatten()
		.map(|chain| chain.path().join("keystore"))
		.filter_map(|dir| std::fs::read_dir(dir).ok())
		.map(|files| files.count())
		.sum()
}

/// Run `sci-node <args>` to its exit (within a minute): its status and what it printed.
fn run_to_exit(args: &[&str]) -> (std::process::ExitStatus, String) {
	let mut child = Command::new(node_binary())
		.args(args)
		.args(["--rpc-port", "0", "--no-prometheus", "--listen-addr", "/ip4/127.0.0.1/tcp/0"])
		.stdout(Stdio::piped())
		.stderr(Stdio::piped())
		.spawn()
		.unwrap();
	let started = Instant::now();
	let status = loop {
		if let Some(status) = child.try_wait().unwrap() {
			break status;
		}
		if started.elapsed() > Duration::from_secs(60) {
			let _ = child.kill();
			let _ = child.wait();
			panic!("sci-node {args:?} still running after a minute");
		}
		std::thread::sleep(Duration::from_millis(50));
	};
	let mut output = String::new();
	let _ = child.stdout.take().unwrap().read_to_string(&mut output);
	let _ = child.stderr.take().unwrap().read_to_string(&mut output);
	(status, output)
}

const REFUSED_VALIDATOR: &str =
	"--rpc-external option shouldn't be used if the node is running as a validator";

#[tokio::test(flavor = "multi_thread")]
async fn unsafe_rpc_external_alone_serves_only_safe_methods() {
	let dir = tempfile::tempdir().unwrap();
	let insert = call("author_insertKey", r#"["aura", "//Mallory", "0x00"]"#);

	// All interfaces, default `--rpc-methods auto`: safe methods only, with upstream's warning.
	let node = Node::start(
		&["--dev", "--tmp", "--no-hardware-benchmarks", "--unsafe-rpc-external"],
		dir.path(),
	);
	node.rpc(Duration::from_secs(30)).await;
	assert!(node.log_text().contains("JSON-RPC server: addr=0.0.0.0:"), "{}", node.log_text());
	let refused = post(node.rpc_port(), &insert);
	assert_eq!(error_code(&refused.body), Some(-32601), "{}", refused.body);
	assert!(refused.body.contains("unsafe"), "{}", refused.body);
	assert!(node.log_text().contains("It isn't safe to expose RPC publicly"));
	let has_key = post(node.rpc_port(), &call("author_hasKey", r#"["0x00", "aura"]"#));
	assert_eq!(error_code(&has_key.body), Some(-32601), "{}", has_key.body);
	assert_eq!(error_code(&post(node.rpc_port(), &call("system_name", "[]")).body), None);
	drop(node);

	// `--rpc-methods unsafe` is the explicit way to serve them there.
	let node = Node::start(
		&[
			"--dev",
			"--tmp",
			"--no-hardware-benchmarks",
			"--unsafe-rpc-external",
			"--rpc-methods",
			"unsafe",
		],
		dir.path(),
	);
	node.rpc(Duration::from_secs(30)).await;
	let has_key = post(node.rpc_port(), &call("author_hasKey", r#"["0x00", "aura"]"#));
	assert_eq!(error_code(&has_key.body), None, "{}", has_key.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn rpc_external_on_a_validator_is_refused_without_an_override() {
	for args in [
		&["--chain", "local", "--alice", "--tmp", "--rpc-external"][..],
		&["--dev", "--rpc-external"],
		&["--chain", "local", "--validator", "--tmp", "--rpc-external", "--rpc-methods", "safe"],
	] {
		let (status, output) = run_to_exit(args);
		assert!(!status.success(), "{args:?} started");
		assert!(output.contains(REFUSED_VALIDATOR), "{args:?}: {output}");
	}
	let dir = tempfile::tempdir().unwrap();
	// The overrides start, on all interfaces.
	for args in [
		&["--chain", "local", "--alice", "--tmp", "--rpc-external", "--rpc-methods", "unsafe"][..],
		&["--chain", "local", "--alice", "--tmp", "--unsafe-rpc-external"],
	] {
		let node = Node::start(&[args, &["--no-hardware-benchmarks"]].concat(), dir.path());
		node.rpc(Duration::from_secs(30)).await;
		assert!(node.log_text().contains("JSON-RPC server: addr=0.0.0.0:"), "{args:?}");
	}
	// A full node may use `--rpc-external`: safe methods only.
	let node = Node::start(&["--chain", "local", "--tmp", "--rpc-external"], dir.path());
	node.rpc(Duration::from_secs(30)).await;
	let refused = post(node.rpc_port(), &call("author_rotateKeys", "[]"));
	assert_eq!(error_code(&refused.body), Some(-32601), "{}", refused.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn safe_methods_cannot_touch_the_keystore() {
	let dir = tempfile::tempdir().unwrap();
	let generate = call(
		"state_call",
		&format!(
			r#"["SessionKeys_generate_session_keys", "{}"]"#,
			hex0x(&(Vec::<u8>::new(), None::<Vec<u8>>).encode())
		),
	);

	let base = dir.path().join("safe");
	let base_arg = base.to_str().unwrap();
	let node = Node::start(
		&["--dev", "--base-path", base_arg, "--no-hardware-benchmarks", "--rpc-methods", "safe"],
		dir.path(),
	);
	node.rpc(Duration::from_secs(30)).await;
	let before = keystore_files(&base);
	assert_eq!(before, 2, "Alice's aura and gran keys");
	for _ in 0..3 {
		let answer = post(node.rpc_port(), &generate);
		assert!(error_code(&answer.body).is_some(), "keys generated: {}", answer.body);
	}
	for rotate in
		[call("author_rotateKeys", "[]"), call("author_rotateKeysWithOwner", r#"["0x00"]"#)]
	{
		let rotate = post(node.rpc_port(), &rotate);
		assert_eq!(error_code(&rotate.body), Some(-32601), "{}", rotate.body);
	}
	assert_eq!(keystore_files(&base), before, "the keystore changed through safe methods");
	drop(node);

	// On localhost with unsafe methods, `author_rotateKeys` writes new keys, and still no other
	// call does.
	let base = dir.path().join("auto");
	let node = Node::start(
		&["--dev", "--base-path", base.to_str().unwrap(), "--no-hardware-benchmarks"],
		dir.path(),
	);
	let rpc = node.rpc(Duration::from_secs(30)).await;
	let before = keystore_files(&base);
	let answer = post(node.rpc_port(), &generate);
	assert!(error_code(&answer.body).is_some(), "keys generated by state_call: {}", answer.body);
	assert_eq!(keystore_files(&base), before);
	let keys: String = rpc.request("author_rotateKeys", ArrayParams::new()).await.unwrap();
	assert_eq!(keystore_files(&base), before + 2, "new aura and gran keys");
	let has: bool = rpc.request("author_hasSessionKeys", rpc_params![keys]).await.unwrap();
	assert!(has);

	// With an owner, the keys come with the proof `session.setKeys` checks: each key's
	// signature of the owner.
	let owner = sp_keyring::Sr25519Keyring::Eve.to_account_id().encode();
	let generated: serde_json::Value =
		rpc.request("author_rotateKeysWithOwner", rpc_params![hex0x(&owner)]).await.unwrap();
	assert_eq!(keystore_files(&base), before + 4);
	let field = |name: &str| {
		let text = generated[name].as_str().unwrap_or_else(|| panic!("{name}: {generated}"));
		hex::decode(text.trim_start_matches("0x")).unwrap()
	};
	let keys =
		<sci_runtime::SessionKeys as codec::Decode>::decode(&mut &field("keys")[..]).unwrap();
	let proof = field("proof");
	use sp_runtime::traits::OpaqueKeys;
	assert!(keys.ownership_proof_is_valid(&owner, &proof));
	let other = sp_keyring::Sr25519Keyring::Ferdie.to_account_id().encode();
	assert!(!keys.ownership_proof_is_valid(&other, &proof), "the proof is for its owner only");
	let missing = post(node.rpc_port(), &call("author_rotateKeysWithOwner", "[]"));
	assert!(error_code(&missing.body).is_some(), "{}", missing.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn foreign_host_is_refused_when_cors_is_restricted() {
	let dir = tempfile::tempdir().unwrap();
	// Not `--dev`: the default origins are restricted, so is the Host.
	let node = Node::start(&["--chain", "local", "--tmp"], dir.path());
	node.rpc(Duration::from_secs(30)).await;
	let port = node.rpc_port();
	let name = call("system_name", "[]");
	for host in [
		"attacker.example".to_string(),
		format!("attacker.example:{port}"),
		format!("localhost.attacker.example:{port}"),
		format!("localhost:{}", port.wrapping_add(1)),
		format!("127.0.0.2:{port}"),
	] {
		let answer = http(port, "POST", "/", &host, &[], &name);
		assert_eq!(answer.status, 403, "Host: {host}: {}", answer.body);
		assert!(!answer.body.contains("result"), "{}", answer.body);
		let health = http(port, "GET", "/health", &host, &[], b"");
		assert_eq!(health.status, 403, "GET /health with Host: {host}");
	}
	for host in [
		"localhost".to_string(),
		format!("localhost:{port}"),
		"127.0.0.1".to_string(),
		format!("127.0.0.1:{port}"),
		format!("[::1]:{port}"),
	] {
		let answer = http(port, "POST", "/", &host, &[], &name);
		assert_eq!(answer.status, 200, "Host: {host}");
		assert_eq!(error_code(&answer.body), None, "{}", answer.body);
	}
	// The WebSocket upgrade too.
	let upgrade = [
		"Upgrade: websocket",
		"Connection: Upgrade",
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
		"Sec-WebSocket-Version: 13",
	];
	let upgrade_status = |host: &str| {
		let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
		stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
		let head = format!("GET / HTTP/1.1\r\nHost: {host}\r\n{}\r\n\r\n", upgrade.join("\r\n"));
		stream.write_all(head.as_bytes()).unwrap();
		let mut buffer = [0u8; 512];
		let read = stream.read(&mut buffer).unwrap_or(0);
		String::from_utf8_lossy(&buffer[..read]).split(' ').nth(1).unwrap_or("").to_string()
	};
	assert_eq!(upgrade_status("attacker.example"), "403");
	assert_eq!(upgrade_status(&format!("localhost:{port}")), "101");
	drop(node);

	// With every origin allowed (`--dev`'s default) any Host is served, as polkadot-sdk.
	let node = Node::start(&["--dev", "--tmp", "--no-hardware-benchmarks"], dir.path());
	node.rpc(Duration::from_secs(30)).await;
	let answer = http(node.rpc_port(), "POST", "/", "attacker.example", &[], &name);
	assert_eq!(answer.status, 200, "{}", answer.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn health_and_readiness_endpoints() {
	let dir = tempfile::tempdir().unwrap();
	// A development chain should have no peers: ready alone.
	let node = Node::start(&["--dev", "--tmp", "--no-hardware-benchmarks"], dir.path());
	node.rpc(Duration::from_secs(30)).await;
	let host = format!("127.0.0.1:{}", node.rpc_port());
	let health = http(node.rpc_port(), "GET", "/health", &host, &[], b"");
	assert_eq!(health.status, 200, "{}", health.body);
	assert!(health.head.contains("content-type: application/json"), "{}", health.head);
	let json: serde_json::Value = serde_json::from_str(&health.body).unwrap();
	assert_eq!(
		json,
		serde_json::json!({ "peers": 0, "isSyncing": false, "shouldHavePeers": false })
	);
	assert_eq!(http(node.rpc_port(), "GET", "/health/readiness", &host, &[], b"").status, 200);
	// Other paths and methods are JSON-RPC as before.
	assert_eq!(http(node.rpc_port(), "GET", "/healthz", &host, &[], b"").status, 405);
	let posted = http(node.rpc_port(), "POST", "/health", &host, &[], &call("system_name", "[]"));
	assert_eq!(error_code(&posted.body), None, "{}", posted.body);
	drop(node);

	// A node of a live chain with no peers is healthy but not ready.
	let node = Node::start(&["--chain", "local", "--tmp"], dir.path());
	node.rpc(Duration::from_secs(30)).await;
	let host = format!("localhost:{}", node.rpc_port());
	let health = http(node.rpc_port(), "GET", "/health", &host, &[], b"");
	assert_eq!(health.status, 200);
	let json: serde_json::Value = serde_json::from_str(&health.body).unwrap();
	assert_eq!(json["shouldHavePeers"], true, "{json}");
	assert_eq!(json["peers"], 0, "{json}");
	assert_eq!(http(node.rpc_port(), "GET", "/health/readiness", &host, &[], b"").status, 500);
}

#[tokio::test(flavor = "multi_thread")]
async fn request_response_and_subscription_limits() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(
		&[
			"--dev",
			"--tmp",
			"--no-hardware-benchmarks",
			"--rpc-max-request-size",
			"1",
			"--rpc-max-response-size",
			"1",
			"--rpc-max-subscriptions-per-connection",
			"4",
		],
		dir.path(),
	);
	node.rpc(Duration::from_secs(30)).await;
	let port = node.rpc_port();
	let padded = |bytes: usize| {
		call("system_name", &format!(r#"["{}"]"#, "a".repeat(bytes.saturating_sub(64))))
	};
	let small = post(port, &padded(900 * 1024));
	assert_eq!(small.status, 200, "{}", small.body);
	let large = post(port, &padded(1536 * 1024));
	assert_eq!(large.status, 413, "{}", large.body);
	assert_eq!(error_code(&large.body), Some(-32007), "{}", large.body);

	// The runtime (about 0.6 MiB, 1.3 MiB as hex) does not fit in a 1 MiB response.
	let code = post(port, &call("state_getStorage", r#"["0x3a636f6465"]"#));
	assert_eq!(error_code(&code.body), Some(-32008), "{}", &code.body[..code.body.len().min(200)]);
	let version = post(port, &call("state_getRuntimeVersion", "[]"));
	assert_eq!(error_code(&version.body), None, "{}", version.body);

	// Four subscriptions per connection; the fifth is refused, another connection has its own.
	let first = ws(&node).await;
	let mut held: Vec<Subscription<serde_json::Value>> = Vec::new();
	for _ in 0..4 {
		held.push(
			first
				.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
				.await
				.unwrap(),
		);
	}
	let fifth: Result<Subscription<serde_json::Value>, _> = first
		.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
		.await;
	let Err(error) = fifth else { panic!("a fifth subscription on one connection") };
	assert_eq!(client_code(&error), Some(-32006), "{error}");
	let second = ws(&node).await;
	let other: Subscription<serde_json::Value> = second
		.subscribe(
			"chain_subscribeFinalizedHeads",
			rpc_params![],
			"chain_unsubscribeFinalizedHeads",
		)
		.await
		.unwrap();
	drop((held, other));
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limit_refuses_calls_over_the_quota_per_connection() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(
		&["--dev", "--tmp", "--no-hardware-benchmarks", "--rpc-rate-limit", "10"],
		dir.path(),
	);
	let port = node.rpc_port();
	// The quota is per connection: the helper's own connections do not use this one's.
	let started = Instant::now();
	let client = ws(&node).await;
	let mut answered = 0;
	let mut refused = 0;
	for _ in 0..25 {
		match client.request::<String, _>("system_name", ArrayParams::new()).await {
			Ok(_) => answered += 1,
			Err(e) => {
				assert_eq!(client_code(&e), Some(-32999), "{e}");
				refused += 1;
			},
		}
	}
	// One call comes back every 6 s.
	let refills = (started.elapsed().as_secs() / 6) as usize;
	assert!((10..=10 + refills).contains(&answered), "{answered} answered, {refused} refused");
	assert!(refused >= 15 - refills, "{answered} answered, {refused} refused");

	// A fresh connection has its own quota, also over HTTP, where a batch counts call by call.
	let batch: Vec<serde_json::Value> = (0..15)
		.map(|id| serde_json::json!({ "jsonrpc": "2.0", "id": id, "method": "system_name" }))
		.collect();
	let answer = post(port, serde_json::to_string(&batch).unwrap().as_bytes());
	let answers: Vec<serde_json::Value> = serde_json::from_str(&answer.body).unwrap();
	let limited = answers.iter().filter(|a| a["error"]["code"] == -32999).count();
	let served = answers.iter().filter(|a| a.get("result").is_some()).count();
	assert_eq!((served, limited), (10, 5), "{}", answer.body);
	let fresh = ws(&node).await;
	fresh.request::<String, _>("system_name", ArrayParams::new()).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn rpc_calls_show_up_in_the_metrics() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(&["--dev", "--tmp", "--no-hardware-benchmarks"], dir.path());
	let rpc = node.rpc(Duration::from_secs(30)).await;
	let addr = prometheus_addr(&node).await;
	let port: u16 = addr.rsplit(':').next().unwrap().parse().unwrap();
	let scrape = || {
		let answer = http(port, "GET", "/metrics", &addr, &[], b"");
		assert_eq!(answer.status, 200);
		answer.body
	};

	let _: String = rpc.request("system_chain", ArrayParams::new()).await.unwrap();
	let client = ws(&node).await;
	for _ in 0..3 {
		let _: String = client.request("system_version", ArrayParams::new()).await.unwrap();
	}
	// Junk method names are counted under one label, not one series each.
	for i in 0..40 {
		let junk = post(node.rpc_port(), &call(&format!("junk_{i}"), "[]"));
		assert_eq!(error_code(&junk.body), Some(-32601));
	}
	drop(client);

	let finished = [("is_error", "false"), ("is_rate_limited", "false")];
	wait_until(Duration::from_secs(10), "the WebSocket session to close", || {
		let closed = sample(&scrape(), "substrate_rpc_sessions_closed", &[]) >= Some(1.0);
		async move { closed }
	})
	.await;
	let metrics = scrape();
	let http_chain = [("method", "system_chain"), ("protocol", "http")];
	assert_eq!(sample(&metrics, "substrate_rpc_calls_started", &http_chain), Some(1.0));
	assert_eq!(
		sample(&metrics, "substrate_rpc_calls_finished", &[&http_chain[..], &finished].concat()),
		Some(1.0)
	);
	assert_eq!(sample(&metrics, "substrate_rpc_calls_time_count", &http_chain), Some(1.0));
	let ws_version = [("method", "system_version"), ("protocol", "ws")];
	assert_eq!(sample(&metrics, "substrate_rpc_calls_started", &ws_version), Some(3.0));
	assert_eq!(
		sample(&metrics, "substrate_rpc_calls_finished", &[&ws_version[..], &finished].concat()),
		Some(3.0)
	);
	assert!(sample(&metrics, "substrate_rpc_sessions_opened", &[]) >= Some(1.0), "{metrics}");
	let unknown = [("method", "unknown"), ("is_error", "true")];
	assert_eq!(sample(&metrics, "substrate_rpc_calls_finished", &unknown), Some(40.0));
	assert!(!metrics.contains("junk_"), "a series per junk method name");
}

#[test]
fn server_flags_have_upstreams_defaults() {
	let output = Command::new(node_binary()).arg("--help").output().unwrap();
	let help =
		String::from_utf8_lossy(&output.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
	// A flag's entry: from `--flag <VALUE>` to the next flag.
	let entry = |flag: &str| {
		let at = help.find(&format!("{flag} <")).unwrap_or_else(|| panic!("{flag}: {help}"));
		let rest = &help[at + flag.len()..];
		rest[..rest.find(" --").unwrap_or(rest.len())].to_string()
	};
	assert!(entry("--rpc-max-request-size").contains("[default: 15]"));
	assert!(entry("--rpc-max-response-size").contains("[default: 15]"));
	assert!(entry("--rpc-max-subscriptions-per-connection").contains("[default: 1024]"));
	assert!(entry("--rpc-max-connections").contains("[default: 100]"));
	assert!(!entry("--rpc-rate-limit").contains("[default"), "no rate limit by default");
}
