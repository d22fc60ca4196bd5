//! `sci-node benchmark machine` and a validator's start-up check against SCI's reference
//! validator machine (`docs/benchmarks.md`, "Reference machine").

mod common;

use common::{node_binary, Node};
use std::{process::Command, time::Duration};

/// The command with short measurements, disk writes in `dir`.
fn machine(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
	Command::new(node_binary())
		.args(["benchmark", "machine", "-d"])
		.arg(dir)
		.args(["--hash-duration", "0.2", "--verify-duration", "0.2", "--memory-duration", "0.2"])
		.args(["--disk-duration", "0.3"])
		.args(extra)
		.output()
		.expect("running sci-node benchmark machine")
}

/// Every metric is measured and judged; the exit status says whether all passed, unless
/// `--allow-fail`; the scratch files are gone afterwards.
#[test]
fn the_machine_is_measured_against_the_reference() {
	let dir = tempfile::tempdir().unwrap();
	let out = machine(dir.path(), &[]);
	let stdout = String::from_utf8_lossy(&out.stdout);
	let stderr = String::from_utf8_lossy(&out.stderr);
	let rows: Vec<_> =
		stdout.lines().filter(|l| l.contains(" pass (") || l.contains(" FAIL")).collect();
	assert_eq!(rows.len(), 6, "stdout:\n{stdout}\nstderr:\n{stderr}");
	for metric in
		["BLAKE2-256 ", "BLAKE2-256-Parallel-2", "SR25519-Verify", "Copy", "Seq Write", "Rnd Write"]
	{
		assert!(rows.iter().any(|r| r.contains(metric)), "{metric} missing:\n{stdout}");
	}
	let failed = rows.iter().any(|r| r.contains(" FAIL"));
	assert_eq!(out.status.success(), !failed, "stdout:\n{stdout}\nstderr:\n{stderr}");
	if failed {
		assert!(stderr.contains("falls short of SCI's reference validator machine"), "{stderr}");
	} else {
		assert!(stdout.contains("This machine meets SCI's reference validator machine."));
	}
	let allowed = machine(dir.path(), &["--allow-fail"]);
	assert!(allowed.status.success(), "{}", String::from_utf8_lossy(&allowed.stderr));
	assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "scratch files left behind");
	println!("{stdout}");
}

/// Bad input is refused with a clear error, before anything is measured.
#[test]
fn bad_options_are_refused() {
	let dir = tempfile::tempdir().unwrap();
	for (args, expected) in [
		(&["--tolerance", "101"][..], "101 is not in 0..=100"),
		(&["--disk-duration", "0"][..], "give between 0.001 and 3600 seconds"),
		(&["--hash-duration", "forever"][..], "forever"),
	] {
		let out = Command::new(node_binary())
			.args(["benchmark", "machine", "-d"])
			.arg(dir.path())
			.args(args)
			.output()
			.unwrap();
		let stderr = String::from_utf8_lossy(&out.stderr);
		assert!(!out.status.success(), "{args:?} accepted");
		assert!(stderr.contains(expected), "{args:?}: {stderr}");
	}
	// A directory that cannot be made: an error naming it, not a panic.
	let out = machine(std::path::Path::new("/proc/sci-machine-test"), &[]);
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(!out.status.success());
	assert!(
		stderr.contains("creating the directory to measure disk writes in, /proc/sci-machine-test"),
		"{stderr}"
	);
	assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A validator measures its hardware as it starts and logs the verdict; a full node and a
/// validator told `--no-hardware-benchmarks` do not.
#[tokio::test(flavor = "multi_thread")]
async fn a_validator_checks_its_hardware_at_start() {
	let dir = tempfile::tempdir().unwrap();
	let validator = Node::start(&["--dev", "--tmp", "--no-prometheus"], dir.path());
	validator.rpc(Duration::from_secs(60)).await;
	let log = validator.log_text();
	let hardware =
		log.lines().find(|l| l.contains("🏁 Hardware: ")).unwrap_or_else(|| panic!("{log}"));
	for metric in
		["CPU BLAKE2-256 ", "CPU SR25519-Verify", "Memory Copy", "Disk Seq Write", "Disk Rnd Write"]
	{
		assert!(hardware.contains(metric), "{metric} missing: {hardware}");
	}
	assert!(
		log.contains("✅ The hardware meets SCI's reference validator machine")
			|| log.contains("⚠️  The hardware falls short of SCI's reference validator machine"),
		"{log}"
	);
	let skipped =
		Node::start(&["--dev", "--tmp", "--no-prometheus", "--no-hardware-benchmarks"], dir.path());
	let full = Node::start(&["--chain", "dev", "--tmp", "--no-prometheus"], dir.path());
	for node in [&skipped, &full] {
		node.rpc(Duration::from_secs(60)).await;
		let log = node.log_text();
		assert!(!log.contains("Hardware"), "{log}");
	}
}
