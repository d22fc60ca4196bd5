//! The way back from a runtime that stops the chain. A dev-like chain started from a raw chain
//! spec enacts a runtime whose `initialize_block` traps (`sudo(set_code_without_checks)`) and
//! authors no more blocks. Restarted on the same database with the spec plus
//! `codeSubstitutes` {the stopped block: the good runtime}, it authors again, with the
//! trapping code still on chain, until an on-chain upgrade ends the substitution. Restarted
//! instead with the good runtime in a `--wasm-runtime-overrides` directory (it reports the
//! trapping runtime's version), it authors again too. Bad substitutes and override files are
//! start-up errors that name the culprit, never panics.

mod common;

use common::*;
use jsonrpsee::{core::client::ClientT, http_client::HttpClient};
use sci_runtime::{RuntimeCall, RuntimeEvent};
use sp_core::{sr25519, Pair};
use std::{
	path::{Path, PathBuf},
	process::{Command, Stdio},
	sync::atomic::{AtomicUsize, Ordering},
	time::{Duration, Instant},
};

/// The runtime whose every block initialization traps (`spec_version` as the good one's).
fn trap_runtime() -> Vec<u8> {
	sci_runtime_upgrade_test::trap_runtime::WASM_BINARY.unwrap().to_vec()
}

/// The node's own runtime: the good one.
fn good_runtime() -> Vec<u8> {
	sci_node::runtime_code().unwrap().to_vec()
}

/// The raw `dev` chain spec, as `build-spec --chain dev --raw` prints it.
fn raw_dev_spec() -> serde_json::Value {
	let output = Command::new(node_binary())
		.args(["build-spec", "--chain", "dev", "--raw"])
		.output()
		.unwrap();
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	serde_json::from_slice(&output.stdout).unwrap()
}

/// Write `spec` to `dir/name`; its path.
fn write_spec(dir: &Path, name: &str, spec: &serde_json::Value) -> PathBuf {
	let path = dir.join(name);
	std::fs::write(&path, serde_json::to_vec_pretty(spec).unwrap()).unwrap();
	path
}

/// `spec` with `codeSubstitutes` {`block`: `code`}.
fn with_substitute(spec: &serde_json::Value, block: &str, code: &str) -> serde_json::Value {
	let mut spec = spec.clone();
	spec["codeSubstitutes"] = serde_json::json!({ block: code });
	spec
}

/// Alice authoring the chain of `spec` on `base`, with `extra` arguments.
fn start(spec: &Path, base: &Path, extra: &[&str], logs: &Path) -> Node {
	let mut args = vec![
		"--chain",
		spec.to_str().unwrap(),
		"--alice",
		"--base-path",
		base.to_str().unwrap(),
		"--no-hardware-benchmarks",
		"--no-prometheus",
	];
	args.extend_from_slice(extra);
	Node::start(&args, logs)
}

/// Put the trapping runtime on the chain of `spec` in `base` and check that the chain stops
/// there; returns the number of the last block, whose state holds the trapping code.
async fn stop_the_chain(spec: &Path, base: &Path, logs: &Path) -> u32 {
	let node = start(spec, base, &[], logs);
	let rpc = node.rpc(Duration::from_secs(30)).await;
	wait_until(Duration::from_secs(30), "two blocks", || async { best_number(&rpc).await >= 2 })
		.await;
	let chain = chain_context(&rpc).await;
	let alice = sr25519::Pair::from_string("//Alice", None).unwrap();
	// `sudo_unchecked_weight`: setting the code books a whole block, more than `sudo` allows.
	let call = RuntimeCall::Sudo(pallet_sudo::Call::sudo_unchecked_weight {
		call: Box::new(RuntimeCall::System(frame_system::Call::set_code_without_checks {
			code: trap_runtime(),
		})),
		weight: Default::default(),
	});
	let nonce = next_nonce(&rpc, &alice.public().into()).await;
	let (block, events) = submit_and_watch(&rpc, &signed(call, &alice, nonce, &chain)).await;
	assert!(
		events
			.iter()
			.any(|e| matches!(e, RuntimeEvent::System(frame_system::Event::CodeUpdated { .. }))),
		"{events:?}"
	);
	let header: serde_json::Value =
		rpc.request("chain_getHeader", params(vec![hex0x(block.as_ref()).into()])).await.unwrap();
	let stopped_at = hex_number(&header["number"]);

	// Five slots later, still no block on top of it: each attempt traps.
	tokio::time::sleep(Duration::from_secs(5)).await;
	assert_eq!(best_number(&rpc).await, stopped_at, "the trapping runtime built a block");
	let log = node.log_text();
	assert!(log.contains("block authoring failed"), "{log}");
	assert!(log.contains("trap-initialize-block"), "the runtime's panic is reported: {log}");
	drop(rpc);
	assert!(node.terminate().success());
	stopped_at
}

/// Wait until the node authors past `stopped_at`; its RPC client.
async fn resumes(node: &Node, stopped_at: u32) -> HttpClient {
	let rpc = node.rpc(Duration::from_secs(30)).await;
	let started = Instant::now();
	while best_number(&rpc).await < stopped_at + 2 {
		assert!(
			started.elapsed() < Duration::from_secs(30),
			"no blocks past #{stopped_at}; log:\n{}",
			node.log_text()
		);
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	rpc
}

/// The on-chain `:code` at the best block.
async fn onchain_code(rpc: &HttpClient) -> String {
	rpc.request("state_getStorage", params(vec![hex0x(b":code").into()])).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chain_stopped_by_a_trapping_runtime_resumes_from_a_spec_with_code_substitutes() {
	let dir = tempfile::tempdir().unwrap();
	let base = dir.path().join("base");
	let spec = raw_dev_spec();
	let spec_path = write_spec(dir.path(), "spec.json", &spec);
	let stopped_at = stop_the_chain(&spec_path, &base, dir.path()).await;

	// Restarted on the same database as it was: still stopped.
	let node = start(&spec_path, &base, &[], dir.path());
	let rpc = node.rpc(Duration::from_secs(30)).await;
	tokio::time::sleep(Duration::from_secs(3)).await;
	assert_eq!(best_number(&rpc).await, stopped_at);
	drop(rpc);
	node.terminate();

	// The same spec with the good runtime substituted from the stopped block on.
	let substituted = with_substitute(&spec, &stopped_at.to_string(), &hex0x(&good_runtime()));
	let substituted_path = write_spec(dir.path(), "substituted.json", &substituted);
	let node = start(&substituted_path, &base, &[], dir.path());
	let rpc = resumes(&node, stopped_at).await;
	let log = node.log_text();
	assert!(log.contains(&format!("Code substitute from block #{stopped_at}: sci v101")), "{log}");
	assert!(log.contains("Running the chain spec's code substitute"), "{log}");
	// Substituted, not upgraded: the chain still holds the trapping code.
	assert_eq!(onchain_code(&rpc).await, hex0x(&trap_runtime()));

	// An upgrade on chain ends the substitution: the blocks after it run the new code.
	let chain = chain_context(&rpc).await;
	let alice = sr25519::Pair::from_string("//Alice", None).unwrap();
	let upgrade = sci_runtime_upgrade_test::upgrade::WASM_BINARY.unwrap().to_vec();
	let call = RuntimeCall::Sudo(pallet_sudo::Call::sudo_unchecked_weight {
		call: Box::new(RuntimeCall::System(frame_system::Call::set_code { code: upgrade.clone() })),
		weight: Default::default(),
	});
	let nonce = next_nonce(&rpc, &alice.public().into()).await;
	let (block, _) = submit_and_watch(&rpc, &signed(call, &alice, nonce, &chain)).await;
	let header: serde_json::Value =
		rpc.request("chain_getHeader", params(vec![hex0x(block.as_ref()).into()])).await.unwrap();
	let upgraded_at = hex_number(&header["number"]);
	wait_until(Duration::from_secs(20), "blocks on the upgraded runtime", || async {
		best_number(&rpc).await >= upgraded_at + 2
	})
	.await;
	assert_eq!(onchain_code(&rpc).await, hex0x(&upgrade));
	let version: serde_json::Value =
		rpc.request("state_getRuntimeVersion", params(vec![])).await.unwrap();
	assert_eq!(version["specVersion"], sci_runtime::VERSION.spec_version + 1);
	assert!(!node.log_text().contains("panicked"), "{}", node.log_text());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_chain_stopped_by_a_trapping_runtime_resumes_with_a_wasm_runtime_override() {
	let dir = tempfile::tempdir().unwrap();
	let base = dir.path().join("base");
	let spec_path = write_spec(dir.path(), "spec.json", &raw_dev_spec());
	let stopped_at = stop_the_chain(&spec_path, &base, dir.path()).await;

	// The good runtime reports the trapping one's version (`sci` 101), so it runs instead.
	let overrides = dir.path().join("overrides");
	std::fs::create_dir(&overrides).unwrap();
	std::fs::write(overrides.join("sci-101.wasm"), good_runtime()).unwrap();
	std::fs::write(overrides.join("README.txt"), "not a runtime: ignored").unwrap();
	let node = start(
		&spec_path,
		&base,
		&["--wasm-runtime-overrides", overrides.to_str().unwrap()],
		dir.path(),
	);
	let rpc = resumes(&node, stopped_at).await;
	let log = node.log_text();
	assert!(log.contains("WASM runtime override") && log.contains("sci-101.wasm"), "{log}");
	assert!(log.contains("Running ") && log.contains("sci-101.wasm (sci v101) instead"), "{log}");
	assert_eq!(onchain_code(&rpc).await, hex0x(&trap_runtime()), "overridden, not upgraded");
	assert!(!log.contains("panicked"), "{log}");
}

/// Run `sci-node <args>` until it exits (within 60 s); its exit status and output.
fn run_to_exit(args: &[&str], dir: &Path) -> (std::process::ExitStatus, String) {
	static RUNS: AtomicUsize = AtomicUsize::new(0);
	let out = dir.join(format!("exit-{}.log", RUNS.fetch_add(1, Ordering::Relaxed)));
	let file = std::fs::File::create(&out).unwrap();
	let mut child = Command::new(node_binary())
		.args(args)
		.args(["--rpc-port", "0", "--listen-addr", "/ip4/127.0.0.1/tcp/0", "--no-prometheus"])
		.stdout(Stdio::from(file.try_clone().unwrap()))
		.stderr(Stdio::from(file))
		.spawn()
		.unwrap();
	let started = Instant::now();
	loop {
		if let Some(status) = child.try_wait().unwrap() {
			return (status, std::fs::read_to_string(&out).unwrap());
		}
		if started.elapsed() > Duration::from_secs(60) {
			let _ = child.kill();
			let _ = child.wait();
			panic!("the node did not exit: {}", std::fs::read_to_string(&out).unwrap());
		}
		std::thread::sleep(Duration::from_millis(100));
	}
}

#[test]
fn bad_substitutes_and_override_files_are_clear_start_up_errors() {
	let dir = tempfile::tempdir().unwrap();
	let spec = raw_dev_spec();
	let tmp = ["--tmp", "--alice", "--no-hardware-benchmarks"];
	let refused = |args: &[&str], expected: &str| {
		let (status, output) = run_to_exit(args, dir.path());
		assert!(!status.success(), "{output}");
		assert!(output.contains(expected), "expected {expected:?} in:\n{output}");
		assert!(!output.contains("panicked"), "{output}");
	};

	let path = write_spec(dir.path(), "bad-key.json", &with_substitute(&spec, "0x12", "0x00"));
	refused(
		&[&["--chain", path.to_str().unwrap()][..], &tmp].concat(),
		"codeSubstitutes: `0x12` is not a block number",
	);
	let path = write_spec(dir.path(), "not-runtime.json", &with_substitute(&spec, "5", "0x0102"));
	refused(
		&[&["--chain", path.to_str().unwrap()][..], &tmp].concat(),
		"codeSubstitutes: the substitute for block #5 is not a runtime",
	);

	let missing = dir.path().join("missing");
	refused(
		&[&["--dev", "--wasm-runtime-overrides", missing.to_str().unwrap()][..], &tmp].concat(),
		"is not a directory",
	);
	let garbage = dir.path().join("garbage");
	std::fs::create_dir(&garbage).unwrap();
	std::fs::write(garbage.join("broken.wasm"), b"not wasm").unwrap();
	refused(
		&[&["--dev", "--wasm-runtime-overrides", garbage.to_str().unwrap()][..], &tmp].concat(),
		"broken.wasm is not a runtime",
	);
	let twice = dir.path().join("twice");
	std::fs::create_dir(&twice).unwrap();
	std::fs::write(twice.join("a.wasm"), good_runtime()).unwrap();
	std::fs::write(twice.join("b.wasm"), trap_runtime()).unwrap();
	refused(
		&[&["--dev", "--wasm-runtime-overrides", twice.to_str().unwrap()][..], &tmp].concat(),
		"are both sci v101",
	);
}
