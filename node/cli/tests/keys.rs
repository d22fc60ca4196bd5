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

#[test]
fn keys_go_to_the_keystore_path_derived_with_the_password() {
	let dir = tempfile::tempdir().unwrap();
	let base = dir.path().join("base");
	let keystore = dir.path().join("elsewhere");
	let password_file = dir.path().join("password");
	std::fs::write(&password_file, "correct horse\n").unwrap();
	let insert = |password: &[&str]| {
		let mut args = vec![
			"insert",
			"--chain",
			"local",
			"-d",
			base.to_str().unwrap(),
			"--keystore-path",
			keystore.to_str().unwrap(),
			"--key-type",
			"aura",
			"--suri",
			"//Alice",
		];
		args.extend(password);
		key(&args)
	};
	insert(&["--password", "correct horse"]);
	// The password is part of the derivation: the stored key is not //Alice's.
	let with_password = sr25519::Pair::from_string("//Alice", Some("correct horse")).unwrap();
	let alice = sr25519::Pair::from_string("//Alice", None).unwrap();
	assert_ne!(with_password.public(), alice.public());
	let name = |public: sr25519::Public| format!("{}{}", hex::encode("aura"), hex::encode(public));
	assert_eq!(
		std::fs::read_to_string(keystore.join(name(with_password.public()))).unwrap(),
		"\"//Alice\""
	);
	assert!(!keystore.join(name(alice.public())).exists());
	assert!(!base.join("chains/local_testnet/keystore").exists(), "the default keystore was used");

	// A password file (its newline ignored) gives the same key.
	std::fs::remove_dir_all(&keystore).unwrap();
	insert(&["--password-filename", password_file.to_str().unwrap()]);
	assert!(keystore.join(name(with_password.public())).exists());
}

fn key_output(args: &[&str]) -> (bool, String, String) {
	let output = Command::new(node_binary()).arg("key").args(args).output().unwrap();
	(
		output.status.success(),
		String::from_utf8_lossy(&output.stdout).into_owned(),
		String::from_utf8_lossy(&output.stderr).into_owned(),
	)
}

/// The value after `label` in `key generate`'s output.
fn field<'a>(text: &'a str, label: &str) -> &'a str {
	text.lines()
		.find_map(|l| l.trim().strip_prefix(label))
		.unwrap_or_else(|| panic!("no {label:?} in {text}"))
		.trim()
}

#[test]
fn generated_keys_sign_and_verify() {
	// A generated phrase is the key it prints.
	let generated = String::from_utf8(key(&["generate", "--words", "24"]).stdout).unwrap();
	let phrase = field(&generated, "Secret phrase:");
	assert_eq!(phrase.split(' ').count(), 24, "{generated}");
	let inspected = String::from_utf8(key(&["inspect", phrase]).stdout).unwrap();
	assert!(inspected.contains(field(&generated, "SS58 Address:")), "{inspected}");
	assert!(!key_output(&["generate", "--words", "13"]).0, "13 words");

	// Signed by //Alice: verifies with her address, her public key or her URI; not with Bob's.
	let alice = sr25519::Pair::from_string("//Alice", None).unwrap().public();
	let signed = key(&["sign", "--suri", "//Alice", "--message", "hello"]);
	let signature = String::from_utf8(signed.stdout).unwrap().trim().to_string();
	let alice_hex = format!("0x{}", hex::encode(alice));
	for public in [alice.to_ss58check(), alice_hex, "//Alice".to_string()] {
		let (ok, out, err) = key_output(&["verify", &signature, &public, "--message", "hello"]);
		assert!(ok && out.contains("verifies correctly"), "{public}: {out}{err}");
	}
	let bob = sr25519::Pair::from_string("//Bob", None).unwrap().public().to_ss58check();
	let (ok, _, err) = key_output(&["verify", &signature, &bob, "--message", "hello"]);
	assert!(!ok && err.contains("Signature invalid"), "{err}");
	let (ok, _, _) =
		key_output(&["verify", &signature, &alice.to_ss58check(), "--message", "hellO"]);
	assert!(!ok, "another message verified");
	// Hex messages and ed25519.
	let signed =
		key(&["sign", "--suri", "//Alice", "--scheme", "ed25519", "--hex", "--message", "0x0102"]);
	let signature = String::from_utf8(signed.stdout).unwrap().trim().to_string();
	let ed = ed25519::Pair::from_string("//Alice", None).unwrap().public();
	let (ok, out, err) = key_output(&[
		"verify",
		&signature,
		&format!("0x{}", hex::encode(ed)),
		"--scheme",
		"ed25519",
		"--hex",
		"--message",
		"0102",
	]);
	assert!(ok, "{out}{err}");
	let (ok, _, err) = key_output(&["verify", "0x1234", "//Alice", "--message", "hello"]);
	assert!(!ok && err.contains("not one of this scheme"), "{err}");
}

#[test]
fn vanity_finds_an_address_with_the_pattern() {
	let found = String::from_utf8(key(&["vanity", "--pattern", "zz"]).stdout).unwrap();
	assert!(field(&found, "SS58 Address:").contains("zz"), "{found}");
	for bad in ["0", "abcde", ""] {
		let (ok, _, err) = key_output(&["vanity", "--pattern", bad]);
		assert!(!ok, "{bad:?}: {err}");
	}
}
