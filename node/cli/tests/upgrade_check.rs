//! `check-upgrade` passes the upgrade-test runtime (its migration's try-runtime checks and
//! `try_state` hold), refuses candidates that are not runtimes, do not raise `spec_version` or
//! whose migration breaks an invariant, with a readable reason and a non-zero exit, and writes
//! nothing to the database.

mod common;

use sci_node::{
	chain_spec::ChainSpec,
	client::Client,
	db::Db,
	executor::WasmExecutor,
	upgrade_check::{check_upgrade, Mode, UpgradeError},
};
use sci_runtime_upgrade_test::{broken_upgrade, upgrade};
use std::{path::Path, process::Command};

/// A dev chain's client on a fresh database in `dir`.
fn dev_client(dir: &Path) -> std::sync::Arc<Client> {
	let executor = WasmExecutor::new().unwrap();
	let spec = ChainSpec::load("dev", &executor).unwrap();
	Client::open(Db::open(dir).unwrap(), spec, executor).unwrap()
}

/// `sci-node check-upgrade --chain dev` of `code` on a fresh database in `dir`.
fn check_upgrade_cli(dir: &Path, code: &[u8]) -> std::process::Output {
	let wasm = dir.join("candidate.wasm");
	std::fs::write(&wasm, code).unwrap();
	Command::new(common::node_binary())
		.args(["check-upgrade", "--chain", "dev", "--base-path", dir.join("db").to_str().unwrap()])
		.arg("--wasm")
		.arg(&wasm)
		.output()
		.unwrap()
}

#[test]
fn bad_candidates_are_refused_with_reasons() {
	let dir = tempfile::tempdir().unwrap();
	let client = dev_client(dir.path());
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
fn the_test_upgrade_passes_with_its_migration_checks() {
	let dir = tempfile::tempdir().unwrap();
	let client = dev_client(dir.path());
	let at = client.info().best_hash;

	let report = check_upgrade(&client, at, upgrade::WASM_BINARY.unwrap()).unwrap();
	assert_eq!(report.mode, Mode::TryRuntime, "the test runtime carries the try-runtime API");
	assert_eq!(report.current.spec_version, sci_runtime::VERSION.spec_version);
	assert_eq!(report.candidate.spec_version, sci_runtime::VERSION.spec_version + 1);
	assert!(report.weight.0 > 0, "the migration books weight: {:?}", report.weight);
	// `:code`, the emission pallet's storage version and its new `SupplyCheckpoint`, at least.
	assert!(report.keys_changed >= 3, "{} keys changed", report.keys_changed);
	assert!(report.proof_size > 0);
	// A dry run: the database is as it was.
	assert_eq!(client.info().best_hash, at);
	assert_eq!(
		client.storage(at, &common::value_key("Emission", "SupplyCheckpoint")).unwrap(),
		None
	);
}

#[test]
fn a_migration_that_breaks_an_invariant_is_refused() {
	let dir = tempfile::tempdir().unwrap();
	let client = dev_client(dir.path());
	let at = client.info().best_hash;
	// FRAME's error only says that `try_state` checks failed; the runtime logs which and why,
	// and `check_upgrade` appends those lines (printing nothing here: the filter is `off`).
	sci_logging::init(&["off".to_string()]);
	let err = check_upgrade(&client, at, broken_upgrade::WASM_BINARY.unwrap()).unwrap_err();
	let expected =
		r#""Emission" try_state checks failed: Other("total issuance grew outside of emission")"#;
	assert!(
		matches!(&err, UpgradeError::Migration(reason)
			if reason.contains("errors while executing `try_state` checks") && reason.contains(expected)),
		"{err}"
	);
	assert_eq!(
		client.storage(at, &common::value_key("Emission", "SupplyCheckpoint")).unwrap(),
		None
	);
}

#[test]
fn cli_reports_pass_and_exits_non_zero_with_the_reason() {
	let dir = tempfile::tempdir().unwrap();
	let output = check_upgrade_cli(dir.path(), upgrade::WASM_BINARY.unwrap());
	let stdout = String::from_utf8_lossy(&output.stdout);
	assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
	assert!(stdout.contains("PASS: sci v101 → sci v102"), "{stdout}");
	assert!(stdout.contains("pre/post checks and try_state)"), "{stdout}");

	let output = check_upgrade_cli(dir.path(), sci_node::runtime_code().unwrap());
	assert!(!output.status.success());
	let stderr = String::from_utf8_lossy(&output.stderr);
	assert!(stderr.contains("FAIL: spec_version"), "{stderr}");

	let output = check_upgrade_cli(dir.path(), broken_upgrade::WASM_BINARY.unwrap());
	assert!(!output.status.success());
	let stderr = String::from_utf8_lossy(&output.stderr);
	// The failure line is followed by the runtime's reasons.
	let fail: Vec<_> = stderr.lines().skip_while(|l| !l.starts_with("Error: FAIL")).collect();
	assert!(fail.first().is_some_and(|l| l.contains("migration failed")), "{stderr}");
	assert!(fail.iter().any(|l| l.contains("total issuance grew outside of emission")), "{stderr}");
}
