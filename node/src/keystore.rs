//! The keystore: `<base-path>/chains/<chain id>/keystore/<hex key type><hex public key>` files
//! holding the secret URI as a JSON string (the layout polkadot-sdk and Zombienet use).

use parking_lot::RwLock;
use sp_consensus_aura::sr25519::AuthorityPair;
use sp_core::{crypto::KeyTypeId, Pair};
use std::path::PathBuf;

/// Key type of block-authoring keys.
pub const AURA: KeyTypeId = KeyTypeId(*b"aura");

/// Why a key could not be loaded or stored.
#[derive(Debug, thiserror::Error)]
pub enum KeystoreError {
	#[error("keystore {0}: {1}")]
	Io(String, std::io::Error),
	#[error("invalid secret URI in {0}")]
	BadSecret(String),
}

/// Authoring keys held by this node.
pub struct Keystore {
	dir: Option<PathBuf>,
	aura: RwLock<Vec<AuthorityPair>>,
}

impl Keystore {
	/// Open the keystore in `dir` (created if missing), or an in-memory one.
	pub fn open(dir: Option<PathBuf>) -> Result<Self, KeystoreError> {
		let keystore = Self { dir: dir.clone(), aura: RwLock::new(Vec::new()) };
		let Some(dir) = dir else { return Ok(keystore) };
		std::fs::create_dir_all(&dir)
			.map_err(|e| KeystoreError::Io(dir.display().to_string(), e))?;
		let entries =
			std::fs::read_dir(&dir).map_err(|e| KeystoreError::Io(dir.display().to_string(), e))?;
		for entry in entries.flatten() {
			let name = entry.file_name().to_string_lossy().to_string();
			if !name.starts_with(&hex::encode(AURA.0)) {
				continue;
			}
			let text = std::fs::read_to_string(entry.path())
				.map_err(|e| KeystoreError::Io(name.clone(), e))?;
			let suri: String =
				serde_json::from_str(&text).map_err(|_| KeystoreError::BadSecret(name.clone()))?;
			let pair = AuthorityPair::from_string(&suri, None)
				.map_err(|_| KeystoreError::BadSecret(name.clone()))?;
			keystore.aura.write().push(pair);
		}
		Ok(keystore)
	}

	/// Add an authoring key from a secret URI (e.g. `//Alice`), persisting it if on disk.
	pub fn insert_aura(&self, suri: &str) -> Result<(), KeystoreError> {
		let pair = AuthorityPair::from_string(suri, None)
			.map_err(|_| KeystoreError::BadSecret(suri.to_string()))?;
		if let Some(dir) = &self.dir {
			let path = dir.join(format!("{}{}", hex::encode(AURA.0), hex::encode(pair.public())));
			let json = serde_json::to_string(suri).expect("a string always serializes");
			std::fs::write(&path, json)
				.map_err(|e| KeystoreError::Io(path.display().to_string(), e))?;
		}
		let mut keys = self.aura.write();
		if !keys.iter().any(|k| k.public() == pair.public()) {
			keys.push(pair);
		}
		Ok(())
	}

	/// The authoring keys.
	pub fn aura_keys(&self) -> Vec<AuthorityPair> {
		self.aura.read().clone()
	}
}
