//! Chain specs: the checked-in ones match the runtime, and `build-spec` output round-trips
//! (plain → raw → a node started from it has the genesis of `--chain local` and makes blocks).

mod common;

use common::*;
use jsonrpsee::core::client::ClientT;
use sci_node::{chain_spec::ChainSpec, client::Client, db::Db, executor::WasmExecutor};
use std::{path::Path, process::Command, time::Duration};

fn build_spec(args: &[&str]) -> String {
	let output = Command::new(node_binary()).arg("build-spec").args(args).output().unwrap();
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	String::from_utf8(output.stdout).unwrap()
}

fn repo_file(path: &str) -> String {
	let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path);
	std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Take the runtime code out of a spec (plain `code` or raw `:code`), hex-decoded.
fn take_code(spec: &mut serde_json::Value) -> Vec<u8> {
	let genesis = &mut spec["genesis"];
	let code = match genesis.get_mut("raw") {
		Some(raw) => raw["top"].as_object_mut().unwrap().remove("0x3a636f6465"),
		None => genesis["runtimeGenesis"].as_object_mut().unwrap().remove("code"),
	};
	hex::decode(code.unwrap().as_str().unwrap().trim_start_matches("0x")).unwrap()
}

/// What a runtime is, independent of where it was built: its version and full metadata.
fn runtime_identity(code: &[u8]) -> (sp_version::RuntimeVersion, Vec<u8>) {
	let executor = WasmExecutor::new().unwrap();
	let mut ext = sp_state_machine::BasicExternalities::new_empty();
	let mut version = executor.runtime_version(&mut ext, code).unwrap();
	// The embedded API list is in the linker's order, which may differ between builds.
	version.apis.to_mut().sort();
	let hash = sp_crypto_hashing::blake2_256(code);
	let metadata =
		executor.call_with_code(&mut ext, &hash, code, None, "Metadata_metadata", &[]).unwrap();
	(version, metadata)
}

/// The checked-in specs equal freshly built ones in everything but the runtime's bytes, which
/// depend on the checkout's path (cargo's crate hashes); the runtime must be the same one:
/// same version and same metadata (calls, storage, events, constants, docs).
#[test]
fn checked_in_specs_match_the_runtime() {
	let stale = "is stale: run scripts/chain-specs.sh and commit the result";
	for (file, args) in [
		("chain-specs/local.json", &["--chain", "local", "--disable-default-bootnode"][..]),
		(
			"chain-specs/local.raw.json",
			&["--chain", "local", "--disable-default-bootnode", "--raw"][..],
		),
		("chain-specs/staging.json", &["--chain", "staging", "--disable-default-bootnode"][..]),
		(
			"chain-specs/staging.raw.json",
			&["--chain", "staging", "--disable-default-bootnode", "--raw"][..],
		),
	] {
		let mut checked_in: serde_json::Value = serde_json::from_str(&repo_file(file)).unwrap();
		let mut fresh: serde_json::Value = serde_json::from_str(&build_spec(args)).unwrap();
		let (old_code, new_code) = (take_code(&mut checked_in), take_code(&mut fresh));
		assert!(checked_in == fresh, "{file} {stale} (genesis differs)");
		assert!(
			runtime_identity(&old_code) == runtime_identity(&new_code),
			"{file} {stale} (runtime differs)"
		);
	}
}

#[test]
fn plain_spec_has_runtime_genesis_and_token_properties() {
	let plain: serde_json::Value =
		serde_json::from_str(&build_spec(&["--chain", "local"])).unwrap();
	assert!(plain["genesis"]["runtimeGenesis"]["code"].as_str().unwrap().starts_with("0x"));
	// The first validators come as session keys and bonded stakes; the Aura and GRANDPA sets
	// follow from them.
	let local = &plain["genesis"]["runtimeGenesis"]["patch"];
	assert_eq!(local["session"]["keys"].as_array().unwrap().len(), 2);
	assert_eq!(local["staking"]["stakers"].as_array().unwrap().len(), 2);
	assert!(local.get("aura").is_none(), "{}", local["aura"]);
	assert_eq!(plain["properties"]["tokenSymbol"], "SCI");
	assert_eq!(plain["properties"]["tokenDecimals"], 12);
	assert_eq!(plain["properties"]["ss58Format"], 42);
	let raw: serde_json::Value =
		serde_json::from_str(&build_spec(&["--chain", "local", "--raw"])).unwrap();
	// `:code` is in the raw top storage.
	assert!(raw["genesis"]["raw"]["top"]["0x3a636f6465"].is_string());

	// Staging is a live-network shape: four authorities and no sudo key.
	let staging: serde_json::Value =
		serde_json::from_str(&build_spec(&["--chain", "staging"])).unwrap();
	assert_eq!(staging["chainType"], "Live");
	let patch = &staging["genesis"]["runtimeGenesis"]["patch"];
	assert_eq!(patch["session"]["keys"].as_array().unwrap().len(), 4);
	assert_eq!(patch["staking"]["validatorCount"], 4);
	assert_eq!(patch["validators"]["sessionLength"], 600);
	assert!(patch["sudo"]["key"].is_null(), "no sudo on staging: {}", patch["sudo"]);
	// Local is governed like a public network too; only the dev chain has sudo.
	assert!(plain["genesis"]["runtimeGenesis"]["patch"]["sudo"]["key"].is_null());
	let dev: serde_json::Value = serde_json::from_str(&build_spec(&["--chain", "dev"])).unwrap();
	assert!(dev["genesis"]["runtimeGenesis"]["patch"]["sudo"]["key"].is_string());
}

#[tokio::test(flavor = "multi_thread")]
async fn build_spec_round_trips_to_a_running_node() {
	let dir = tempfile::tempdir().unwrap();
	let plain = dir.path().join("plain.json");
	std::fs::write(&plain, build_spec(&["--chain", "local"])).unwrap();
	let raw = dir.path().join("raw.json");
	std::fs::write(&raw, build_spec(&["--chain", plain.to_str().unwrap(), "--raw"])).unwrap();

	let executor = WasmExecutor::new().unwrap();
	let local = ChainSpec::load("local", &executor).unwrap();
	let (genesis, _) =
		Client::build_genesis(&Db::open(&dir.path().join("db")).unwrap(), &local, &executor)
			.unwrap();

	let node = Node::start(
		&["--chain", raw.to_str().unwrap(), "--alice", "--tmp", "--no-prometheus"],
		dir.path(),
	);
	let rpc = node.rpc(Duration::from_secs(20)).await;
	let genesis_hash: sp_core::H256 =
		rpc.request("chain_getBlockHash", params(vec![0.into()])).await.unwrap();
	assert_eq!(genesis_hash, sp_runtime::traits::Header::hash(&genesis));
	// Alice has every other slot of the local chain (Alice and Bob).
	wait_until(Duration::from_secs(15), "blocks from the raw spec", || async {
		best_number(&rpc).await >= 2
	})
	.await;
}

/// `build-spec --runtime` builds a built-in chain from another runtime: its code and its preset
/// (here the `fast-runtime` test build, as the governance Zombienet test does).
#[test]
fn build_spec_takes_another_runtime() {
	let wasm = sci_runtime_upgrade_test::fast_runtime::WASM_BINARY.unwrap();
	let dir = tempfile::tempdir().unwrap();
	let path = dir.path().join("fast.wasm");
	std::fs::write(&path, wasm).unwrap();
	let mut spec: serde_json::Value = serde_json::from_str(&build_spec(&[
		"--chain",
		"local",
		"--runtime",
		path.to_str().unwrap(),
	]))
	.unwrap();
	assert_eq!(take_code(&mut spec), wasm);
	let mut embedded: serde_json::Value =
		serde_json::from_str(&build_spec(&["--chain", "local"])).unwrap();
	take_code(&mut embedded);
	// Same preset: the fast build changes governance periods, not genesis.
	assert_eq!(spec, embedded);

	// A spec file already names its runtime: `--runtime` is refused, not ignored.
	let file = dir.path().join("local.json");
	std::fs::write(&file, build_spec(&["--chain", "local"])).unwrap();
	let output = Command::new(node_binary())
		.args(["build-spec", "--chain", file.to_str().unwrap(), "--runtime"])
		.arg(&path)
		.output()
		.unwrap();
	assert!(!output.status.success());
	assert!(String::from_utf8_lossy(&output.stderr).contains("--runtime needs a built-in chain"));
	// A missing file is reported by name.
	let output = Command::new(node_binary())
		.args(["build-spec", "--chain", "local", "--runtime", "/nonexistent.wasm"])
		.output()
		.unwrap();
	assert!(!output.status.success());
	assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent.wasm"));
}
