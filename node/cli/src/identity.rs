//! The node's peer-to-peer identity: an ed25519 key whose libp2p peer id names the node.
//!
//! `--node-key <64 hex digits>` gives the secret (Zombienet derives it from the node name and
//! puts the matching peer id in bootnode addresses); otherwise the key is read from, or
//! generated into, `<base-path>/chains/<chain id>/network/secret_ed25519` as polkadot-sdk does.

use anyhow::Context;
use libp2p::identity::{ed25519, Keypair, PeerId};
use std::path::Path;

/// The node's identity keypair.
pub fn node_keypair(node_key: Option<&str>, network_dir: Option<&Path>) -> anyhow::Result<Keypair> {
	if let Some(hex_key) = node_key {
		let mut secret =
			hex::decode(hex_key.trim_start_matches("0x")).context("--node-key is not hex")?;
		let secret = ed25519::SecretKey::try_from_bytes(&mut secret)
			.map_err(|e| anyhow::anyhow!("--node-key is not a 32-byte ed25519 secret: {e}"))?;
		return Ok(ed25519::Keypair::from(secret).into());
	}
	let Some(dir) = network_dir else { return Ok(Keypair::generate_ed25519()) };
	let path = dir.join("secret_ed25519");
	if let Ok(mut bytes) = std::fs::read(&path) {
		let secret = ed25519::SecretKey::try_from_bytes(&mut bytes)
			.map_err(|e| anyhow::anyhow!("{}: not an ed25519 secret: {e}", path.display()))?;
		return Ok(ed25519::Keypair::from(secret).into());
	}
	let keypair = ed25519::Keypair::generate();
	std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
	std::fs::write(&path, keypair.secret().as_ref())
		.with_context(|| format!("writing {}", path.display()))?;
	Ok(keypair.into())
}

/// The secret in a node key file, as hex: the file holds 64 hex digits (what
/// `key generate-node-key` writes) or the 32 raw bytes (what the node keeps in its network
/// directory).
pub fn read_node_key_file(path: &Path) -> anyhow::Result<String> {
	let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
	Ok(match std::str::from_utf8(&bytes) {
		Ok(text) if text.trim().len() == 64 => text.trim().to_string(),
		_ => hex::encode(&bytes),
	})
}

/// The libp2p peer id of `keypair`.
pub fn peer_id(keypair: &Keypair) -> PeerId {
	keypair.public().to_peer_id()
}
