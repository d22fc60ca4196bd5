//! One client using safe methods only cannot grow the node's memory or delay other clients:
//! `chainHead_v1` has the spec's limits, list and id parameters are bounded, and the work of
//! the methods runs off the async workers.
//!
//! The client speaks WebSocket through a minimal client of its own (below), so that it can
//! stop reading its socket, which no library client does.

mod common;

use common::*;
use jsonrpsee::core::{client::ClientT, params::ArrayParams};
use serde_json::{json, Value};
use std::{
	collections::VecDeque,
	io::{Read, Write},
	net::TcpStream,
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};

/// A WebSocket JSON-RPC client that can stop reading.
struct Ws {
	stream: TcpStream,
	next_id: u64,
	/// Messages read while waiting for another one.
	unread: VecDeque<Value>,
}

impl Ws {
	fn connect(port: u16) -> Ws {
		let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
		stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
		stream.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
		write!(
			stream,
			"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
			 Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
		)
		.unwrap();
		let mut head = Vec::new();
		let mut byte = [0u8];
		while !head.ends_with(b"\r\n\r\n") {
			stream.read_exact(&mut byte).unwrap();
			head.push(byte[0]);
		}
		let head = String::from_utf8_lossy(&head);
		assert!(head.starts_with("HTTP/1.1 101"), "no WebSocket upgrade: {head}");
		Ws { stream, next_id: 0, unread: VecDeque::new() }
	}

	/// Send a masked text frame.
	fn send_text(&mut self, text: &str) -> std::io::Result<()> {
		let payload = text.as_bytes();
		let mut frame = vec![0x81];
		match payload.len() {
			n if n < 126 => frame.push(0x80 | n as u8),
			n if n < 65536 => {
				frame.push(0x80 | 126);
				frame.extend((n as u16).to_be_bytes());
			},
			n => {
				frame.push(0x80 | 127);
				frame.extend((n as u64).to_be_bytes());
			},
		}
		let mask = [0x37, 0xfa, 0x21, 0x3d];
		frame.extend(mask);
		frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
		self.stream.write_all(&frame)
	}

	/// Send a request without waiting for its answer; returns its id.
	fn request(&mut self, method: &str, params: Value) -> u64 {
		self.next_id += 1;
		let id = self.next_id;
		let call = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
		self.send_text(&call.to_string()).unwrap();
		id
	}

	/// The next message from the server; an error once the connection is closed or nothing
	/// comes within the read timeout.
	fn read(&mut self) -> std::io::Result<Value> {
		let mut message = Vec::new();
		loop {
			let mut head = [0u8; 2];
			self.stream.read_exact(&mut head)?;
			let (fin, opcode) = (head[0] & 0x80 != 0, head[0] & 0x0f);
			let mut len = u64::from(head[1] & 0x7f);
			if len == 126 {
				let mut n = [0u8; 2];
				self.stream.read_exact(&mut n)?;
				len = u16::from_be_bytes(n).into();
			} else if len == 127 {
				let mut n = [0u8; 8];
				self.stream.read_exact(&mut n)?;
				len = u64::from_be_bytes(n);
			}
			let mut payload = vec![0u8; len as usize];
			self.stream.read_exact(&mut payload)?;
			match opcode {
				8 => return Err(std::io::ErrorKind::ConnectionAborted.into()),
				9 | 10 => continue,
				_ => message.extend(payload),
			}
			if fin {
				return Ok(serde_json::from_slice(&message)?);
			}
		}
	}

	/// The first message `matches` accepts, keeping the others for later.
	fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
		if let Some(i) = self.unread.iter().position(&matches) {
			return self.unread.remove(i).unwrap();
		}
		let started = Instant::now();
		loop {
			assert!(started.elapsed() < Duration::from_secs(20), "no {what}");
			let message = self.read().expect("a message from the node");
			if matches(&message) {
				return message;
			}
			self.unread.push_back(message);
		}
	}

	/// Call `method` and return the whole response (`result` or `error`).
	fn call(&mut self, method: &str, params: Value) -> Value {
		let id = self.request(method, params);
		self.wait_for(&format!("answer to {method}"), |m| m["id"] == id)
	}

	/// A `chainHead_v1_followEvent` of `subscription` that `matches` accepts.
	fn event(&mut self, subscription: &str, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
		self.wait_for(what, |m| {
			m["params"]["subscription"] == subscription && matches(&m["params"]["result"])
		})["params"]["result"]
			.clone()
	}

	/// Open a follow subscription; returns its id and its finalized block.
	fn follow(&mut self) -> (String, String) {
		let response = self.call("chainHead_v1_follow", json!([true]));
		let id = response["result"].as_str().unwrap_or_else(|| panic!("{response}")).to_string();
		let initialized = self.event(&id, "initialized", |e| e["event"] == "initialized");
		let hash = initialized["finalizedBlockHashes"][0].as_str().unwrap().to_string();
		(id, hash)
	}
}

fn error_code(response: &Value) -> i64 {
	response["error"]["code"].as_i64().unwrap_or_else(|| panic!("no error in {response}"))
}

/// Query the whole state: every key under the empty prefix, with its value.
fn whole_state() -> Value {
	json!([{ "key": "0x", "type": "descendantsValues" }])
}

/// The node's resident memory in bytes.
fn rss(pid: u32) -> u64 {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
	let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
	line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

/// Each limit, pushed one past: the 5th follow, the 17th operation, an over-long id, an
/// over-long list; and storage results that come a page at a time.
fn hostile_cases(port: u16) {
	let mut ws = Ws::connect(port);
	let follows: Vec<(String, String)> = (0..4).map(|_| ws.follow()).collect();
	let fifth = ws.call("chainHead_v1_follow", json!([true]));
	assert_eq!(error_code(&fifth), -32800, "a 5th follow on one connection: {fifth}");

	let (sub, hash) = &follows[0];
	for n in 0..16 {
		let started = ws.call("chainHead_v1_storage", json!([sub, hash, whole_state(), null]));
		assert_eq!(started["result"]["result"], "started", "operation {n}: {started}");
		assert_eq!(started["result"]["discardedItems"], 0);
	}
	for (method, params) in [
		("chainHead_v1_storage", json!([sub, hash, whole_state(), null])),
		("chainHead_v1_body", json!([sub, hash])),
		("chainHead_v1_call", json!([sub, hash, "Core_version", "0x"])),
	] {
		let response = ws.call(method, params);
		assert_eq!(response["result"]["result"], "limitReached", "17th operation: {response}");
	}
	// A storage call with 3 items while one slot is free gets one and discards two.
	let stopped = ws.call("chainHead_v1_stopOperation", json!([sub, "1"]));
	assert!(stopped["result"].is_null(), "{stopped}");
	let three = json!([whole_state()[0], whole_state()[0], whole_state()[0]]);
	let mut partial = Value::Null;
	for _ in 0..50 {
		partial = ws.call("chainHead_v1_storage", json!([sub, hash, three, null]));
		if partial["result"]["result"] == "started" {
			break;
		}
		std::thread::sleep(Duration::from_millis(20));
	}
	assert_eq!(
		partial["result"]["discardedItems"], 2,
		"a stopped operation frees its slot: {partial}"
	);

	// Operation 0 sent one page of at most 5 items, then waits for `continue`.
	let is_op0 = |e: &Value| e["operationId"] == "0";
	let page = ws.event(sub, "a page", |e| is_op0(e) && e["event"] == "operationStorageItems");
	assert!(page["items"].as_array().unwrap().len() <= 5, "{page}");
	ws.event(sub, "waiting", |e| is_op0(e) && e["event"] == "operationWaitingForContinue");
	let continued = ws.call("chainHead_v1_continue", json!([sub, "0"]));
	assert!(continued["result"].is_null(), "{continued}");
	let next =
		ws.event(sub, "a second page", |e| is_op0(e) && e["event"] == "operationStorageItems");
	assert_ne!(next["items"][0]["key"], page["items"][0]["key"], "the next page");

	// Over-long ids and lists are refused as invalid parameters.
	let long_id = "x".repeat(1024 * 1024);
	let too_many = |item: Value| Value::Array(vec![item; 1025]);
	for (method, params) in [
		("chainHead_v1_stopOperation", json!([sub, long_id])),
		("chainHead_v1_continue", json!([long_id, "0"])),
		("chainHead_v1_storage", json!([long_id, hash, whole_state(), null])),
		("chainHead_v1_unpin", json!([sub, too_many(json!(hash))])),
		("chain_getBlockHash", json!([too_many(json!(0))])),
		("state_queryStorageAt", json!([too_many(json!("0x"))])),
		("state_getReadProof", json!([too_many(json!("0x00"))])),
		("state_subscribeStorage", json!([too_many(json!("0x00"))])),
	] {
		let response = ws.call(method, params);
		assert_eq!(error_code(&response), -32602, "{method}: {response}");
	}
	let hashes = ws.call("chain_getBlockHash", json!([Value::Array(vec![json!(0); 1024])]));
	assert_eq!(hashes["result"].as_array().map(Vec::len), Some(1024), "1024 numbers are fine");
}

/// One client's abuse until `deadline`: whole-state storage queries left unread on four
/// follows, and the runtime code requested over and over on four more, on two connections it
/// never reads again; and on a third connection, which it drains, 10 MB operation ids and
/// million-entry lists.
fn abuse(port: u16, deadline: Instant) {
	// Whole-state queries left unread: each sends one page, then waits for a `continue`.
	let queries = std::thread::spawn(move || {
		let mut ws = Ws::connect(port);
		let follows: Vec<(String, String)> = (0..4).map(|_| ws.follow()).collect();
		while Instant::now() < deadline {
			for (sub, hash) in &follows {
				for _ in 0..16 {
					ws.request("chainHead_v1_storage", json!([sub, hash, whole_state(), null]));
				}
				// The first sixteen operations, nudged on blindly.
				for op in 0..16 {
					ws.request("chainHead_v1_continue", json!([sub, op.to_string()]));
				}
			}
			std::thread::sleep(Duration::from_millis(200));
		}
		ws
	});
	// The biggest value, the runtime code, sixteen times per call, never read.
	let code = std::thread::spawn(move || {
		let mut ws = Ws::connect(port);
		let follows: Vec<(String, String)> = (0..4).map(|_| ws.follow()).collect();
		let code_16 = Value::Array(vec![json!({ "key": hex0x(b":code"), "type": "value" }); 16]);
		while Instant::now() < deadline {
			for (sub, hash) in &follows {
				ws.request("chainHead_v1_storage", json!([sub, hash, code_16, null]));
			}
			std::thread::sleep(Duration::from_millis(200));
		}
		// Now read what the node kept for this connection: its subscriptions were stopped.
		ws.stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
		let mut stopped = 0;
		while stopped < 4 {
			let Ok(message) = ws.read() else { break };
			stopped += usize::from(message["params"]["result"]["event"] == "stop");
		}
		stopped
	});

	let mut ws = Ws::connect(port);
	let (sub, hash) = ws.follow();
	let mut reader = ws.stream.try_clone().unwrap();
	let drained = Arc::new(AtomicU64::new(0));
	let drain = std::thread::spawn({
		let drained = drained.clone();
		move || {
			let mut buf = vec![0u8; 1 << 16];
			while let Ok(n) = reader.read(&mut buf) {
				if n == 0 {
					break;
				}
				drained.fetch_add(n as u64, Ordering::Relaxed);
			}
		}
	});
	let huge_id = "7".repeat(10 * 1024 * 1024);
	let million_numbers = format!("[[{}0]]", "0,".repeat(999_999));
	let many_keys = format!("[[{}\"0x\"]]", "\"0x\",".repeat(999_999));
	let item = r#"{"key":"0x","type":"value"}"#;
	let many_items = format!("[{sub:?}, {hash:?}, [{}]]", [item; 100_000].join(","));
	while Instant::now() < deadline {
		ws.request("chainHead_v1_stopOperation", json!([sub, huge_id]));
		ws.request("chainHead_v1_continue", json!([sub, huge_id]));
		for (method, params) in [
			("chain_getBlockHash", &million_numbers),
			("state_queryStorageAt", &many_keys),
			("state_getReadProof", &many_keys),
			("chainHead_v1_storage", &many_items),
		] {
			ws.next_id += 1;
			let call = format!(
				r#"{{"jsonrpc":"2.0","id":{},"method":"{method}","params":{params}}}"#,
				ws.next_id
			);
			ws.send_text(&call).unwrap();
		}
		std::thread::sleep(Duration::from_millis(100));
	}
	let _ = ws.stream.shutdown(std::net::Shutdown::Both);
	drain.join().unwrap();
	assert!(drained.load(Ordering::Relaxed) > 0, "the drained connection was answered");
	drop(queries.join().unwrap());
	let stopped = code.join().unwrap();
	eprintln!("the unread connection's follow subscriptions stopped: {stopped}");
	assert_eq!(stopped, 4, "every follow of the connection that does not read is stopped");
}

#[tokio::test(flavor = "multi_thread")]
async fn one_client_cannot_grow_memory_or_delay_others() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(&["--dev", "--tmp"], dir.path());
	let rpc = node.rpc(Duration::from_secs(30)).await;
	let port = node.rpc_port();
	let pid = node.pid();

	tokio::task::spawn_blocking(move || hostile_cases(port)).await.unwrap();

	// The hostile cases' connection is closed: its subscriptions and operations are gone.
	tokio::time::sleep(Duration::from_secs(1)).await;
	let before = rss(pid);
	let deadline = Instant::now() + Duration::from_secs(20);
	let abuser = tokio::task::spawn_blocking(move || abuse(port, deadline));
	let peak = Arc::new(AtomicU64::new(before));
	let done = Arc::new(AtomicBool::new(false));
	let sampler = std::thread::spawn({
		let (peak, done) = (peak.clone(), done.clone());
		move || {
			while !done.load(Ordering::Relaxed) {
				peak.fetch_max(rss(pid), Ordering::Relaxed);
				std::thread::sleep(Duration::from_millis(100));
			}
		}
	});
	let mut slowest = Duration::ZERO;
	let mut answered = 0;
	while Instant::now() < deadline {
		let asked = Instant::now();
		let health: Result<Value, _> = tokio::time::timeout(
			Duration::from_secs(10),
			rpc.request("system_health", ArrayParams::new()),
		)
		.await
		.expect("system_health answers within 10 s");
		health.expect("system_health answers");
		slowest = slowest.max(asked.elapsed());
		answered += 1;
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	abuser.await.unwrap();
	done.store(true, Ordering::Relaxed);
	sampler.join().unwrap();
	let peak = peak.load(Ordering::Relaxed);
	let grown = peak.saturating_sub(before);
	eprintln!(
		"RSS before {} MiB, peak {} MiB (+{} MiB); {answered} system_health, slowest {slowest:?}",
		before >> 20,
		peak >> 20,
		grown >> 20
	);
	assert!(slowest < Duration::from_secs(1), "system_health took {slowest:?} under abuse");
	assert!(grown < 128 << 20, "resident memory grew by {} MiB", grown >> 20);
	// Still serving.
	best_number(&rpc).await;
}
