//! `check-upgrade` refuses candidates that are not runtimes or do not raise `spec_version`,
//! with a readable reason and a non-zero exit, and writes nothing to the database.

mod common;

use sci_node::{
	chain_spec::ChainSpec,
	client::Client,
	db::Db,
	executor::WasmExecutor,
	upgrade_check::{check_upgrade, UpgradeError},
};
use std::process::Command;

#[test]
fn bad_candidates_are_refused_with_reasons() {
	let dir = tempfile::tempdir().unwrap();
	let executor = WasmExecutor::new().unwrap();
	let spec = ChainSpec::load("dev", &executor).unwrap();
	let client = Client::open(Db::open(dir.path()).unwrap(), spec, executor).unwrap();
	let at = client.info().best_hash;

	let err = check_upgrade(&client, at, b"not wasm").unwrap_err();
	assert!(matches!(err, UpgradeError::NotARuntime(_)), "{err}");

	let current = sci_node::runtime_code().unwrap();
	let err = check_upgrade(&client, at, current).unwrap_err();
	let version = sci_runtime::VERSION.spec_version;
	assert!(
		matches!(err, UpgradeError::SpecVersion { current, candidate } if current == version && candidate == version),
		"{err}"
	);
	assert_eq!(client.info().best_hash, at);
}

#[test]
fn cli_exits_non_zero_with_the_reason() {
	let dir = tempfile::tempdir().unwrap();
	let wasm = dir.path().join("candidate.wasm");
	std::fs::write(&wasm, sci_node::runtime_code().unwrap()).unwrap();
	let output = Command::new(common::node_binary())
		.args([
			"check-upgrade",
			"--chain",
			"dev",
			"--base-path",
			dir.path().join("db").to_str().unwrap(),
			"--wasm",
		])
		.arg(&wasm)
		.output()
		.unwrap();
	assert!(!output.status.success());
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(stderr.contains("FAIL: spec_version"), "{stderr}");
}
