//! Helpers shared by the node's integration tests and benchmarks: node processes on loopback,
//! a JSON-RPC client, and transactions built and signed the way a wallet does.
#![allow(dead_code)]

pub(crate) mod devices;
pub(crate) mod growth;
pub(crate) mod raw_http;
pub(crate) mod transfers;

use codec::{Decode, Encode};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	http_client::{HttpClient, HttpClientBuilder},
};
use sci_primitives::{AccountId, Balance, Hash, Nonce};
use sci_runtime::RuntimeCall;
use sci_runtime_test_utils::ChainContext;
use sp_core::{sr25519, Pair};
use std::{
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::{
		atomic::{AtomicUsize, Ordering},
		Mutex, OnceLock,
	},
	time::{Duration, Instant},
};

/// Blocks of fewer transfers are mostly fixed costs: the real-time weight checks skip them.
pub(crate) const LOADED_BLOCK: usize = 100;

/// The time a block's recorded weight claims (its reference time is in picoseconds).
pub(crate) fn weight_time(weight: &frame_system::ConsumedWeight) -> Duration {
	Duration::from_nanos(weight.total().ref_time() / 1_000)
}

/// Path of the node binary cargo built for these tests.
pub(crate) fn node_binary() -> &'static str {
	env!("CARGO_BIN_EXE_sci-node")
}

/// A node process, killed when dropped.
///
/// Its RPC, Prometheus and P2P ports are chosen by the operating system (port 0); the RPC
/// and P2P ones are read back from its log. A port picked by the test and released before the
/// node binds it may be taken meanwhile (another node's outgoing connection draws from the
/// same ephemeral range).
pub(crate) struct Node {
	child: Mutex<Child>,
	rpc_port: OnceLock<u16>,
	pub log: PathBuf,
}

impl Node {
	/// Start `sci-node <args>`, logging to `log_dir`.
	pub(crate) fn start(args: &[&str], log_dir: &Path) -> Node {
		static STARTED: AtomicUsize = AtomicUsize::new(0);
		let log = log_dir.join(format!("node-{}.log", STARTED.fetch_add(1, Ordering::Relaxed)));
		let file = std::fs::File::create(&log).unwrap();
		let mut command = Command::new(node_binary());
		command.args(args).args(["--rpc-port", "0"]);
		// Tests run in parallel: never the default P2P port.
		if !args.iter().any(|a| a.starts_with("--port") || a.starts_with("--listen-addr")) {
			command.args(["--listen-addr", "/ip4/127.0.0.1/tcp/0"]);
		}
		if !args.contains(&"--no-prometheus") {
			command.args(["--prometheus-port", "0"]);
		}
		let child = command
			.stdout(Stdio::from(file.try_clone().unwrap()))
			.stderr(Stdio::from(file))
			.spawn()
			.expect("starting sci-node");
		Node { child: Mutex::new(child), rpc_port: OnceLock::new(), log }
	}

	/// The port the node's RPC server bound, once it has logged it.
	pub(crate) fn rpc_port(&self) -> u16 {
		*self.rpc_port.get_or_init(|| {
			let addr = self.logged("Running JSON-RPC server: addr=");
			addr.parse::<std::net::SocketAddr>().expect("the RPC server's address").port()
		})
	}

	/// The node's P2P address with its peer id (`/ip4/…/tcp/…/p2p/…`), once it listens.
	pub(crate) fn p2p_addr(&self) -> String {
		self.logged("Listening on ")
	}

	/// The word following `marker` on a complete line of the node's log, waiting up to two
	/// minutes for it; a node that exits first fails the test at once.
	fn logged(&self, marker: &str) -> String {
		let started = Instant::now();
		loop {
			let log = self.log_text();
			let complete = &log[..log.rfind('\n').map_or(0, |end| end + 1)];
			if let Some((_, rest)) = complete.split_once(marker) {
				return rest.split_whitespace().next().unwrap_or_default().to_string();
			}
			let exited = self.child.lock().unwrap().try_wait().unwrap();
			assert!(
				exited.is_none(),
				"the node exited ({exited:?}) before logging {marker:?}; log:\n{log}"
			);
			assert!(
				started.elapsed() < Duration::from_secs(120),
				"the node never logged {marker:?}; log:\n{log}"
			);
			std::thread::sleep(Duration::from_millis(50));
		}
	}

	/// An RPC client, once the server answers (within `timeout`).
	pub(crate) async fn rpc(&self, timeout: Duration) -> HttpClient {
		let client = HttpClientBuilder::default()
			.request_timeout(Duration::from_secs(60))
			.build(format!("http://127.0.0.1:{}", self.rpc_port()))
			.unwrap();
		let started = Instant::now();
		loop {
			if client.request::<String, _>("system_name", ArrayParams::new()).await.is_ok() {
				return client;
			}
			assert!(
				started.elapsed() < timeout,
				"node RPC not up within {timeout:?}; log:\n{}",
				self.log_text()
			);
			tokio::time::sleep(Duration::from_millis(100)).await;
		}
	}

	/// The process id (for `/proc/<pid>/…`).
	pub(crate) fn pid(&self) -> u32 {
		self.child.lock().unwrap().id()
	}

	/// The node's log so far.
	pub(crate) fn log_text(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}

	/// Kill the process at once (as a crash would).
	pub(crate) fn kill(mut self) {
		let child = self.child.get_mut().unwrap();
		let _ = child.kill();
		let _ = child.wait();
	}

	/// Ask the process to stop (SIGTERM) and wait for it.
	pub(crate) fn terminate(mut self) -> std::process::ExitStatus {
		let child = self.child.get_mut().unwrap();
		let _ = Command::new("kill").arg(child.id().to_string()).status();
		child.wait().unwrap()
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		let child = self.child.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner());
		let _ = child.kill();
		let _ = child.wait();
	}
}

/// `[a, b, …]` positional parameters.
pub(crate) fn params(values: Vec<serde_json::Value>) -> ArrayParams {
	let mut p = ArrayParams::new();
	for v in values {
		p.insert(v).unwrap();
	}
	p
}

/// Best block number over RPC.
pub(crate) async fn best_number(rpc: &HttpClient) -> u32 {
	let header: serde_json::Value =
		rpc.request("chain_getHeader", ArrayParams::new()).await.unwrap();
	hex_number(&header["number"])
}

/// The hash of block `number` on the node's best chain (`None` above its best block).
pub(crate) async fn block_hash(rpc: &HttpClient, number: u32) -> Option<Hash> {
	rpc.request("chain_getBlockHash", params(vec![number.into()])).await.unwrap()
}

/// The finalized head's number and hash over RPC.
pub(crate) async fn finalized_head(rpc: &HttpClient) -> (u32, Hash) {
	let hash: Hash = rpc.request("chain_getFinalizedHead", ArrayParams::new()).await.unwrap();
	let header: serde_json::Value = rpc
		.request("chain_getHeader", params(vec![serde_json::to_value(hash).unwrap()]))
		.await
		.unwrap();
	(hex_number(&header["number"]), hash)
}

/// The finalized head's number over RPC.
pub(crate) async fn finalized_number(rpc: &HttpClient) -> u32 {
	finalized_head(rpc).await.0
}

/// Start the `staging` validator `who` (`--alice`, `--bob`, …) with `extra` arguments (a
/// temporary database unless they name a base path), bootstrapping from `boot` if given.
pub(crate) fn start_staging_validator(
	who: &str,
	boot: Option<&str>,
	extra: &[&str],
	log_dir: &Path,
) -> Node {
	let mut args = vec!["--chain", "staging", who, "--no-hardware-benchmarks"];
	if !extra.contains(&"--base-path") {
		args.push("--tmp");
	}
	args.extend(extra);
	if let Some(boot) = boot {
		args.extend(["--bootnodes", boot]);
	}
	Node::start(&args, log_dir)
}

/// `local`'s two validators, Bob bootstrapping from Alice, with temporary databases; returns
/// them, Alice's P2P address and an RPC client of hers (once it answers).
pub(crate) async fn start_local_validators(log_dir: &Path) -> (Node, Node, String, HttpClient) {
	let alice = Node::start(&["--chain", "local", "--alice", "--tmp"], log_dir);
	let boot = alice.p2p_addr();
	let bob = Node::start(&["--chain", "local", "--bob", "--tmp", "--bootnodes", &boot], log_dir);
	let rpc = alice.rpc(Duration::from_secs(30)).await;
	(alice, bob, boot, rpc)
}

/// A block number as the RPC writes it (`"0x1a"`).
pub(crate) fn hex_number(value: &serde_json::Value) -> u32 {
	u32::from_str_radix(value.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

/// A runtime API call through `state_call` with SCALE-encoded `args`, at `at` (or the best
/// block), decoding the result.
pub(crate) async fn state_call<R: Decode>(
	rpc: &HttpClient,
	method: &str,
	args: &[u8],
	at: Option<Hash>,
) -> R {
	let mut values = vec![method.into(), hex0x(args).into()];
	if let Some(at) = at {
		values.push(serde_json::to_value(at).unwrap());
	}
	let out: String = rpc.request("state_call", params(values)).await.unwrap();
	R::decode(&mut &hex::decode(out.trim_start_matches("0x")).unwrap()[..]).unwrap()
}

/// `0x…` hex.
pub(crate) fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Storage key of a pallet's storage value (or a map's prefix): `twox128(pallet) ++
/// twox128(item)`.
pub(crate) fn value_key(pallet: &str, item: &str) -> Vec<u8> {
	[sp_crypto_hashing::twox_128(pallet.as_bytes()), sp_crypto_hashing::twox_128(item.as_bytes())]
		.concat()
}

/// Storage key of `pallet::item(who)` in a map keyed by account (`Blake2_128Concat`).
pub(crate) fn account_map_key(pallet: &str, item: &str, who: &AccountId) -> Vec<u8> {
	let mut key = value_key(pallet, item);
	key.extend(sp_crypto_hashing::blake2_128(who.as_ref()));
	key.extend(who.encode());
	key
}

/// Storage key of `System::Account(who)`.
pub(crate) fn account_key(who: &AccountId) -> Vec<u8> {
	account_map_key("System", "Account", who)
}

/// The value under `key` at the best block, decoded.
pub(crate) async fn storage<R: Decode>(rpc: &HttpClient, key: &[u8]) -> Option<R> {
	storage_at(rpc, key, None).await
}

/// The value under `key` at block `at` (or the best block), decoded.
pub(crate) async fn storage_at<R: Decode>(
	rpc: &HttpClient,
	key: &[u8],
	at: Option<Hash>,
) -> Option<R> {
	let mut values = vec![hex0x(key).into()];
	if let Some(at) = at {
		values.push(serde_json::to_value(at).unwrap());
	}
	let raw: Option<String> = rpc.request("state_getStorage", params(values)).await.unwrap();
	raw.map(|h| {
		let bytes = hex::decode(h.trim_start_matches("0x")).unwrap();
		R::decode(&mut &bytes[..]).expect("storage decodes")
	})
}

/// Account info as stored by frame-system.
pub(crate) type AccountInfo =
	frame_system::AccountInfo<Nonce, pallet_balances::AccountData<Balance>>;

/// Decode `System::Account` from raw storage (`None`: account does not exist).
pub(crate) fn decode_account(raw: Option<Vec<u8>>) -> Option<AccountInfo> {
	raw.map(|r| AccountInfo::decode(&mut &r[..]).expect("valid AccountInfo"))
}

/// `System::Account(who)` over RPC, at the best block.
pub(crate) async fn account(rpc: &HttpClient, who: &AccountId) -> Option<AccountInfo> {
	let raw: Option<String> = rpc
		.request("state_getStorage", params(vec![hex0x(&account_key(who)).into()]))
		.await
		.unwrap();
	decode_account(raw.map(|h| hex::decode(h.trim_start_matches("0x")).unwrap()))
}

/// Read what a signer must know about the chain over RPC.
pub(crate) async fn chain_context(rpc: &HttpClient) -> ChainContext {
	let genesis_hash: Hash =
		rpc.request("chain_getBlockHash", params(vec![0.into()])).await.unwrap();
	let version: serde_json::Value =
		rpc.request("state_getRuntimeVersion", ArrayParams::new()).await.unwrap();
	ChainContext {
		genesis_hash,
		spec_version: version["specVersion"].as_u64().unwrap() as u32,
		transaction_version: version["transactionVersion"].as_u64().unwrap() as u32,
	}
}

/// An immortal signed extrinsic of `call` from `signer` with `nonce`, encoded.
pub(crate) fn signed(
	call: RuntimeCall,
	signer: &sr25519::Pair,
	nonce: Nonce,
	chain: &ChainContext,
) -> Vec<u8> {
	sci_runtime_test_utils::signed(call, signer, nonce, chain).encode()
}

/// Wait until `check` holds, polling every 100 ms, or fail after `timeout`.
pub(crate) async fn wait_until<F, Fut>(timeout: Duration, what: &str, mut check: F)
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = bool>,
{
	let started = Instant::now();
	while !check().await {
		assert!(started.elapsed() < timeout, "timed out after {timeout:?} waiting for {what}");
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
}

/// The account's next nonce, counting its transactions in the pool.
pub(crate) async fn next_nonce(rpc: &HttpClient, who: &AccountId) -> Nonce {
	rpc.request("system_accountNextIndex", params(vec![who.to_string().into()])).await.unwrap()
}

/// Submit an encoded extrinsic and wait (up to 30 s) for a block that includes it; returns
/// that block's hash and the events the extrinsic emitted.
pub(crate) async fn submit_and_watch(
	rpc: &HttpClient,
	extrinsic: &[u8],
) -> (Hash, Vec<sci_runtime::RuntimeEvent>) {
	let encoded = hex0x(extrinsic);
	let mut number = best_number(rpc).await + 1;
	let _: Hash =
		rpc.request("author_submitExtrinsic", params(vec![encoded.clone().into()])).await.unwrap();
	let started = Instant::now();
	loop {
		assert!(started.elapsed() < Duration::from_secs(30), "extrinsic not included in 30 s");
		if best_number(rpc).await < number {
			tokio::time::sleep(Duration::from_millis(100)).await;
			continue;
		}
		let hash: Hash =
			rpc.request("chain_getBlockHash", params(vec![number.into()])).await.unwrap();
		let block: serde_json::Value =
			rpc.request("chain_getBlock", params(vec![hex0x(hash.as_ref()).into()])).await.unwrap();
		let extrinsics = block["block"]["extrinsics"].as_array().unwrap();
		if let Some(index) = extrinsics.iter().position(|x| x.as_str() == Some(&encoded)) {
			let events = events_at(rpc, hash)
				.await
				.into_iter()
				.filter(|record| record.phase == frame_system::Phase::ApplyExtrinsic(index as u32))
				.map(|record| record.event)
				.collect();
			return (hash, events);
		}
		number += 1;
	}
}

/// Sign `call` by `signer` with its next nonce, submit it, wait for its block and check that it
/// succeeded; returns its events.
pub(crate) async fn submit_ok(
	rpc: &HttpClient,
	chain: &ChainContext,
	signer: &sr25519::Pair,
	call: RuntimeCall,
) -> Vec<sci_runtime::RuntimeEvent> {
	let nonce = next_nonce(rpc, &signer.public().into()).await;
	let (_, events) = submit_and_watch(rpc, &signed(call, signer, nonce, chain)).await;
	assert!(
		events.iter().any(|e| matches!(
			e,
			sci_runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. })
		)),
		"{events:?}"
	);
	events
}

/// Every event of block `at` (`System::Events`).
pub(crate) async fn events_at(
	rpc: &HttpClient,
	at: Hash,
) -> Vec<frame_system::EventRecord<sci_runtime::RuntimeEvent, Hash>> {
	let key = value_key("System", "Events");
	let raw: Option<String> = rpc
		.request("state_getStorage", params(vec![hex0x(&key).into(), hex0x(at.as_ref()).into()]))
		.await
		.unwrap();
	let raw = hex::decode(raw.unwrap_or_default().trim_start_matches("0x")).unwrap();
	Decode::decode(&mut &raw[..]).expect("events decode with the native runtime's types")
}
