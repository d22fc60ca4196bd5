//! The node's database: ParityDB under `<base-path>/chains/<chain id>/db`.
//!
//! Columns hold headers, bodies, justifications, the canonical number→hash index, trie nodes
//! of the state (keyed by their hash alone, as polkadot-sdk keys them in ParityDB) and chain
//! metadata. Every imported block is written in one ParityDB commit, so a crash leaves
//! either the whole block or none of it.

use sci_primitives::{Hash, Hashing};
use sp_state_machine::{BackendTransaction, TrieBackendStorage};
use sp_trie::DBValue;
use std::{path::Path, sync::Arc};

/// Database columns.
pub mod columns {
	/// Chain metadata: best, finalized and genesis pointers.
	pub const META: u8 = 0;
	/// Block hash → SCALE-encoded header (with its seal).
	pub const HEADER: u8 = 1;
	/// Block hash → SCALE-encoded list of extrinsics.
	pub const BODY: u8 = 2;
	/// Trie node hash → trie node. Content addressed and never deleted, so a node found at
	/// two places in the trie (or in two states) is stored once, and the column is opened as
	/// ParityDB's `uniform` (keys of exactly 32 bytes, uniformly distributed: a salted SipHash
	/// of them instead of a Blake2b MAC) and `preimage` (a key already present is not
	/// rewritten).
	pub const STATE: u8 = 3;
	/// Big-endian block number → hash of the canonical block at that height.
	pub const CANONICAL: u8 = 4;
	/// Block hash → SCALE-encoded justifications.
	pub const JUSTIFICATION: u8 = 5;
	/// Number of columns.
	pub const COUNT: u8 = 6;
}

/// Keys of the META column.
pub mod meta {
	/// Hash of the best block.
	pub const BEST: &[u8] = b"best";
	/// Hash of the last finalized block.
	pub const FINALIZED: &[u8] = b"finalized";
	/// Hash of the genesis block.
	pub const GENESIS: &[u8] = b"genesis";
}

/// Why the database failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
	/// The database directory could not be created.
	#[error("database directory {path}: {source}")]
	Directory {
		/// The directory.
		path: std::path::PathBuf,
		/// What the file system said.
		#[source]
		source: std::io::Error,
	},
	/// The directory holds a database of another column layout.
	#[error(
		"{path} was written by an older sci-node with another layout; remove the chain's \
		 database (`sci-node purge-chain`) and sync again ({source})"
	)]
	OlderLayout {
		/// The directory.
		path: std::path::PathBuf,
		/// ParityDB's refusal.
		#[source]
		source: parity_db::Error,
	},
	/// ParityDB failed to read or write.
	#[error("database: {0}")]
	ParityDb(#[from] parity_db::Error),
	/// A pointer every initialised database holds is missing (best, finalized or genesis).
	#[error("database: missing chain pointer `{0}`")]
	MissingPointer(String),
}

/// A change to one key: `None` deletes.
pub type Change = (u8, Vec<u8>, Option<Vec<u8>>);

/// The open database. Cheap to clone.
#[derive(Clone)]
pub struct Db {
	inner: Arc<parity_db::Db>,
}

impl Db {
	/// Open (or create) the database in `path`.
	pub fn open(path: &Path) -> Result<Self, DbError> {
		std::fs::create_dir_all(path)
			.map_err(|source| DbError::Directory { path: path.into(), source })?;
		let mut options = parity_db::Options::with_columns(path, columns::COUNT);
		let state = &mut options.columns[usize::from(columns::STATE)];
		state.uniform = true;
		state.preimage = true;
		let inner = parity_db::Db::open_or_create(&options).map_err(|e| match e {
			source @ parity_db::Error::IncompatibleColumnConfig { .. } => {
				DbError::OlderLayout { path: path.into(), source }
			},
			e => e.into(),
		})?;
		Ok(Self { inner: Arc::new(inner) })
	}

	/// Read one value.
	pub fn get(&self, column: u8, key: &[u8]) -> Result<Option<Vec<u8>>, DbError> {
		Ok(self.inner.get(column, key)?)
	}

	/// Write a set of changes atomically.
	pub fn commit(&self, changes: Vec<Change>) -> Result<(), DbError> {
		Ok(self.inner.commit(changes)?)
	}

	/// The trie-node store of the state.
	pub fn state(&self) -> StateDb {
		StateDb { db: self.clone() }
	}
}

/// Trie nodes of the state, read by sp-state-machine's `TrieBackend`.
#[derive(Clone)]
pub struct StateDb {
	db: Db,
}

impl TrieBackendStorage<Hashing> for StateDb {
	fn get(&self, key: &Hash, _prefix: (&[u8], Option<u8>)) -> Result<Option<DBValue>, String> {
		self.db.get(columns::STATE, key.as_ref()).map_err(|e| e.to_string())
	}
}

/// The database changes that store the new trie nodes of a block's state, keyed by their hash.
/// Nodes are content addressed and never deleted: this node keeps every state (archive mode).
/// A node added at two places in one block is set twice; the `preimage` column stores it once.
pub fn trie_node_changes(mut transaction: BackendTransaction<Hashing>) -> Vec<Change> {
	transaction
		.drain()
		.into_iter()
		.filter(|(_, (_, rc))| *rc > 0)
		// The transaction's keys are the node's hash behind its position in the trie
		// (memory-db's `PrefixedKey`): never shorter than the hash.
		.map(|(key, (value, _))| {
			(columns::STATE, key[key.len() - HASH_LEN..].to_vec(), Some(value))
		})
		.collect()
}

/// Length of a trie node's hash, the key of the STATE column.
const HASH_LEN: usize = std::mem::size_of::<Hash>();

#[cfg(test)]
mod tests {
	use super::*;

	/// A database whose STATE column has another layout (prefixed keys, before the column was
	/// keyed by hash) is refused with a way out, not read wrongly.
	#[test]
	fn older_layout_is_refused_with_a_way_out() {
		let dir = tempfile::tempdir().unwrap();
		let old = parity_db::Options::with_columns(dir.path(), columns::COUNT);
		drop(parity_db::Db::open_or_create(&old).unwrap());
		let error = Db::open(dir.path()).err().expect("older layout opened").to_string();
		assert!(error.contains("Invalid column 3 configuration"), "{error}");
		assert!(error.contains("sci-node purge-chain"), "{error}");
		// The current layout opens again.
		let dir = tempfile::tempdir().unwrap();
		drop(Db::open(dir.path()).unwrap());
		Db::open(dir.path()).unwrap();
	}
}
