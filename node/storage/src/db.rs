//! The node's database: ParityDB under `<base-path>/chains/<chain id>/db`.
//!
//! Columns hold headers, bodies, justifications, the canonical number→hash index, trie nodes
//! of the state (keyed by their hash alone, as polkadot-sdk keys them in ParityDB, and
//! reference counted so that pruning can delete them), the pruning journal and chain
//! metadata. Every imported block is written in one ParityDB commit, so a crash leaves either
//! the whole block or none of it.
//!
//! # Layouts
//!
//! [`LAYOUT`] 2 is the current one. A database of layout 1 (six columns, trie nodes never
//! deleted) is upgraded in place when it is opened: the two new columns are added (a metadata
//! change, instant) and the layout-1 trie nodes stay where they are, read-only and never
//! deleted ([`columns::ARCHIVED_STATE`]): a later release of a reference can then never free a
//! node a kept state still holds, and states written after the upgrade are pruned. (Reads at
//! blocks older than the pruning window are refused by the client, as for any state.) An older layout (trie nodes keyed by their position)
//! is refused with a way out.

use codec::{Decode, Encode};
use sci_primitives::{Hash, Hashing};
use sp_state_machine::{BackendTransaction, TrieBackendStorage};
use sp_trie::DBValue;
use std::{path::Path, sync::Arc};

/// The database layout this node writes.
pub const LAYOUT: u32 = 2;

/// Database columns.
pub mod columns {
	/// Chain metadata: best, finalized and genesis pointers, pruning cursors, `aux` values.
	pub const META: u8 = 0;
	/// Block hash → SCALE-encoded header (with its seal).
	pub const HEADER: u8 = 1;
	/// Block hash → SCALE-encoded list of extrinsics.
	pub const BODY: u8 = 2;
	/// Trie nodes written by layout 1, which kept every state: read-only and never deleted
	/// (their references were never counted). Empty in a database created with layout 2.
	pub const ARCHIVED_STATE: u8 = 3;
	/// Big-endian block number → hash of the canonical block at that height.
	pub const CANONICAL: u8 = 4;
	/// Block hash → SCALE-encoded justifications.
	pub const JUSTIFICATION: u8 = 5;
	/// Trie node hash → trie node, reference counted: every block that adds a node adds a
	/// reference (once per place in the trie), and pruning removes them (`pruning`). Opened
	/// as ParityDB's `uniform` (keys of exactly 32 bytes, uniformly distributed: a salted
	/// SipHash of them instead of a Blake2b MAC), `preimage` (a key already present is not
	/// rewritten, its count goes up) and `ref_counted`, as polkadot-sdk opens its state column.
	pub const STATE: u8 = 6;
	/// The pruning journal, ordered by block: which trie nodes each block added and removed
	/// (`pruning::journal_key`).
	pub const JOURNAL: u8 = 7;
	/// Number of columns.
	pub const COUNT: u8 = 8;
	/// Number of columns of layout 1.
	pub(crate) const LAYOUT_1_COUNT: u8 = 6;
}

/// Keys of the META column.
pub mod meta {
	/// Hash of the best block.
	pub const BEST: &[u8] = b"best";
	/// Hash of the last finalized block.
	pub const FINALIZED: &[u8] = b"finalized";
	/// Hash of the genesis block.
	pub const GENESIS: &[u8] = b"genesis";
	/// SCALE `u32`: the layout the database was written with ([`super::LAYOUT`]). Absent in
	/// layout 1.
	pub const LAYOUT: &[u8] = b"layout";
	/// Present when the database was upgraded from layout 1: trie nodes are then looked up in
	/// [`super::columns::ARCHIVED_STATE`] too.
	pub const UPGRADED_FROM_1: &[u8] = b"upgraded_from_1";
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
	/// A stored value does not decode.
	#[error("database: `{key}` does not decode: {error}")]
	Corrupt {
		/// Its key.
		key: String,
		/// What the decoder said.
		#[source]
		error: codec::Error,
	},
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
	/// Whether trie nodes are looked up in [`columns::ARCHIVED_STATE`] too.
	archived_state: bool,
}

impl Db {
	/// Open (or create) the database in `path`, upgrading an older layout in place.
	pub fn open(path: &Path) -> Result<Self, DbError> {
		std::fs::create_dir_all(path)
			.map_err(|source| DbError::Directory { path: path.into(), source })?;
		let options = options(path, columns::COUNT);
		let stored = parity_db::Options::load_metadata(path)?;
		if let Some(stored) = stored.filter(|stored| stored.columns.len() < columns::COUNT.into()) {
			upgrade_from_layout_1(path, stored.columns.len())?;
		}
		let inner = parity_db::Db::open_or_create(&options).map_err(older_layout(path))?;
		let db = Self { inner: Arc::new(inner), archived_state: false };
		let archived_state = db.get(columns::META, meta::UPGRADED_FROM_1)?.is_some();
		if db.get(columns::META, meta::LAYOUT)?.is_none() {
			db.commit(vec![(columns::META, meta::LAYOUT.to_vec(), Some(LAYOUT.encode()))])?;
		}
		Ok(Self { archived_state, ..db })
	}

	/// Read one value.
	pub fn get(&self, column: u8, key: &[u8]) -> Result<Option<Vec<u8>>, DbError> {
		Ok(self.inner.get(column, key)?)
	}

	/// Write a set of changes atomically. In [`columns::STATE`], a value adds a reference to
	/// its key and `None` removes one (the node goes with its last reference).
	pub fn commit(&self, changes: Vec<Change>) -> Result<(), DbError> {
		Ok(self.inner.commit(changes)?)
	}

	/// The entries of the ordered column `column` (only [`columns::JOURNAL`]) from `from` on,
	/// in key order, for as long as `f` returns `true`.
	pub fn iter_from(
		&self,
		column: u8,
		from: &[u8],
		mut f: impl FnMut(&[u8], Vec<u8>) -> Result<bool, DbError>,
	) -> Result<(), DbError> {
		let mut iter = self.inner.iter(column)?;
		iter.seek(from)?;
		while let Some((key, value)) = iter.next()? {
			if !f(&key, value)? {
				break;
			}
		}
		Ok(())
	}

	/// A SCALE-encoded value of the META column.
	pub fn meta<T: Decode>(&self, key: &[u8]) -> Result<Option<T>, DbError> {
		self.get(columns::META, key)?
			.map(|bytes| {
				T::decode(&mut &bytes[..]).map_err(|error| DbError::Corrupt {
					key: String::from_utf8_lossy(key).into_owned(),
					error,
				})
			})
			.transpose()
	}

	/// What [`columns::STATE`] holds, walking the whole column: for tests and measurements.
	/// Recent commits may not be counted yet (reopen first).
	pub fn state_usage(&self) -> Result<StateUsage, DbError> {
		let mut usage = StateUsage::default();
		self.inner.iter_column_while(columns::STATE, |entry| {
			usage.nodes += 1;
			usage.bytes += entry.value.len() as u64;
			true
		})?;
		Ok(usage)
	}

	/// The trie-node store of the state.
	pub fn state(&self) -> StateDb {
		StateDb { db: self.clone() }
	}
}

/// ParityDB's refusal of our column options as a layout this node cannot upgrade.
fn older_layout(path: &Path) -> impl Fn(parity_db::Error) -> DbError + '_ {
	move |error| match error {
		source @ parity_db::Error::IncompatibleColumnConfig { .. } => {
			DbError::OlderLayout { path: path.into(), source }
		},
		error => error.into(),
	}
}

/// ParityDB options of the first `count` columns of the current layout.
fn options(path: &Path, count: u8) -> parity_db::Options {
	let mut options = parity_db::Options::with_columns(path, count);
	for column in [columns::ARCHIVED_STATE, columns::STATE] {
		if let Some(state) = options.columns.get_mut(usize::from(column)) {
			state.uniform = true;
			state.preimage = true;
			state.ref_counted = column == columns::STATE;
		}
	}
	if let Some(journal) = options.columns.get_mut(usize::from(columns::JOURNAL)) {
		journal.btree_index = true;
	}
	options
}

/// Add the columns layout 2 has beyond layout 1's (`present` of them exist: a crash may have
/// stopped an earlier upgrade between two columns) and mark the database as upgraded. Each
/// step rewrites ParityDB's metadata file, so the upgrade takes no time whatever the size.
fn upgrade_from_layout_1(path: &Path, present: usize) -> Result<(), DbError> {
	if present < usize::from(columns::LAYOUT_1_COUNT) {
		return Err(DbError::OlderLayout {
			path: path.into(),
			source: parity_db::Error::InvalidConfiguration(format!("{present} columns")),
		});
	}
	log::info!("⚙️  Upgrading the database in {} to layout {LAYOUT}", path.display());
	for count in present as u8..columns::COUNT {
		let mut current = options(path, count);
		// The layout-1 state column has its layout-1 options.
		let next = options(path, count + 1).columns.pop().expect("count + 1 > 0 columns");
		parity_db::Db::add_column(&mut current, next).map_err(older_layout(path))?;
		log::info!("⚙️  Column {count} added ({} of {})", count + 1, columns::COUNT);
	}
	let db = parity_db::Db::open(&options(path, columns::COUNT))?;
	db.commit(vec![
		(columns::META, meta::UPGRADED_FROM_1.to_vec(), Some(Vec::new())),
		(columns::META, meta::LAYOUT.to_vec(), Some(LAYOUT.encode())),
	])?;
	log::info!(
		"⚙️  Database upgraded to layout {LAYOUT}: the states stored so far stay, later ones \
		 are pruned as --state-pruning says"
	);
	Ok(())
}

/// What the state column holds ([`Db::state_usage`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StateUsage {
	/// Distinct trie nodes.
	pub nodes: usize,
	/// Their bytes (values only, uncompressed).
	pub bytes: u64,
}

/// Trie nodes of the state, read by sp-state-machine's `TrieBackend`.
#[derive(Clone)]
pub struct StateDb {
	db: Db,
}

impl TrieBackendStorage<Hashing> for StateDb {
	fn get(&self, key: &Hash, _prefix: (&[u8], Option<u8>)) -> Result<Option<DBValue>, String> {
		self.get_node(key).map_err(|e| e.to_string())
	}
}

impl StateDb {
	/// The trie node `hash`, from the reference-counted column or, in an upgraded database,
	/// from the archived one.
	pub fn get_node(&self, hash: &Hash) -> Result<Option<DBValue>, DbError> {
		match self.db.get(columns::STATE, hash.as_ref())? {
			None if self.db.archived_state => self.db.get(columns::ARCHIVED_STATE, hash.as_ref()),
			found => Ok(found),
		}
	}
}

/// The trie nodes a block's state adds and removes, keyed by their hash, once per place in
/// the trie: a node found at two places is added (or removed) twice, so that its count in
/// [`columns::STATE`] is the number of places that hold it.
#[derive(Debug, Default)]
pub struct TrieNodeChanges {
	/// Nodes added, with their value.
	pub inserted: Vec<(Hash, DBValue)>,
	/// Nodes of the parent's state the block's state no longer holds.
	pub removed: Vec<Hash>,
}

impl TrieNodeChanges {
	/// The database changes that add the inserted nodes' references.
	pub fn insertions(&self) -> Vec<Change> {
		self.inserted
			.iter()
			.map(|(hash, value)| (columns::STATE, hash.as_ref().to_vec(), Some(value.clone())))
			.collect()
	}
}

/// Split a state change's trie node transaction into the nodes added and removed.
pub fn trie_node_changes(mut transaction: BackendTransaction<Hashing>) -> TrieNodeChanges {
	let mut changes = TrieNodeChanges::default();
	for (key, (value, count)) in transaction.drain() {
		// The transaction's keys are the node's hash behind its position in the trie
		// (memory-db's `PrefixedKey`): never shorter than the hash.
		let hash = Hash::from_slice(&key[key.len() - HASH_LEN..]);
		if count > 0 {
			for _ in 1..count {
				changes.inserted.push((hash, value.clone()));
			}
			changes.inserted.push((hash, value));
		} else {
			changes.removed.extend(std::iter::repeat_n(hash, count.unsigned_abs() as usize));
		}
	}
	changes
}

/// Length of a trie node's hash, the key of the STATE column.
const HASH_LEN: usize = std::mem::size_of::<Hash>();

#[cfg(test)]
mod tests {
	use super::*;
	use hash_db::Hasher;

	/// A database whose state column has another layout (prefixed keys, before the column was
	/// keyed by hash) is refused with a way out, not read wrongly.
	#[test]
	fn older_layout_is_refused_with_a_way_out() {
		let dir = tempfile::tempdir().unwrap();
		let old = parity_db::Options::with_columns(dir.path(), columns::LAYOUT_1_COUNT);
		drop(parity_db::Db::open_or_create(&old).unwrap());
		let error = Db::open(dir.path()).err().expect("older layout opened").to_string();
		assert!(error.contains("Invalid column 3 configuration"), "{error}");
		assert!(error.contains("sci-node purge-chain"), "{error}");
		// The current layout opens again.
		let dir = tempfile::tempdir().unwrap();
		drop(Db::open(dir.path()).unwrap());
		let db = Db::open(dir.path()).unwrap();
		assert_eq!(db.meta::<u32>(meta::LAYOUT).unwrap(), Some(LAYOUT));
	}

	/// A layout-1 database opens upgraded: its trie nodes stay readable (and are never
	/// removed), new ones are reference counted, and its other columns are untouched.
	#[test]
	fn layout_1_is_upgraded_in_place() {
		let dir = tempfile::tempdir().unwrap();
		let (old_node, new_node) = (b"a layout-1 trie node".to_vec(), b"a new trie node".to_vec());
		let (old_hash, new_hash) = (Hashing::hash(&old_node), Hashing::hash(&new_node));
		{
			let layout_1 = options(dir.path(), columns::LAYOUT_1_COUNT);
			let db = parity_db::Db::open_or_create(&layout_1).unwrap();
			db.commit(vec![
				(columns::ARCHIVED_STATE, old_hash.as_ref().to_vec(), Some(old_node.clone())),
				(columns::META, meta::BEST.to_vec(), Some(vec![7])),
			])
			.unwrap();
		}
		let db = Db::open(dir.path()).unwrap();
		assert_eq!(db.meta::<u32>(meta::LAYOUT).unwrap(), Some(LAYOUT));
		assert_eq!(db.get(columns::META, meta::BEST).unwrap(), Some(vec![7]));
		assert_eq!(db.state().get_node(&old_hash).unwrap(), Some(old_node.clone()));
		// Removing an archived node's reference (a later block replaced it) leaves it readable.
		db.commit(vec![
			(columns::STATE, old_hash.as_ref().to_vec(), None),
			(columns::STATE, new_hash.as_ref().to_vec(), Some(new_node.clone())),
		])
		.unwrap();
		drop(db);
		let db = Db::open(dir.path()).unwrap();
		assert_eq!(db.state().get_node(&old_hash).unwrap(), Some(old_node));
		assert_eq!(db.state().get_node(&new_hash).unwrap(), Some(new_node));
		db.commit(vec![(columns::STATE, new_hash.as_ref().to_vec(), None)]).unwrap();
		// (A removal shows once ParityDB has written it: after a reopen here.)
		drop(db);
		let db = Db::open(dir.path()).unwrap();
		assert_eq!(db.state().get_node(&new_hash).unwrap(), None);
	}

	/// A node added twice in one commit needs two removals to go.
	#[test]
	fn state_nodes_are_reference_counted() {
		let dir = tempfile::tempdir().unwrap();
		let db = Db::open(dir.path()).unwrap();
		let node = b"a trie node at two places".to_vec();
		let key = Hashing::hash(&node).as_ref().to_vec();
		db.commit(vec![
			(columns::STATE, key.clone(), Some(node.clone())),
			(columns::STATE, key.clone(), Some(node.clone())),
		])
		.unwrap();
		db.commit(vec![(columns::STATE, key.clone(), None)]).unwrap();
		drop(db);
		// Counts survive a restart.
		let db = Db::open(dir.path()).unwrap();
		assert_eq!(db.get(columns::STATE, &key).unwrap(), Some(node));
		db.commit(vec![(columns::STATE, key.clone(), None)]).unwrap();
		drop(db);
		let db = Db::open(dir.path()).unwrap();
		assert_eq!(db.get(columns::STATE, &key).unwrap(), None);
	}
}
