//! The state of one block: sp-state-machine's trie backend over the database and the trie
//! cache, with a cheaper way to the state root after a block's changes.
//!
//! Reads, iteration and child tries are the trie backend's. The state root is computed by the
//! same `sp_trie::delta_trie_root` over the same cache, so it is the same root; what differs is
//! where the new trie nodes go. sp-state-machine looks every node it reads up in its (still
//! empty) map of written nodes first, records each replaced node as a removal, and then copies
//! the whole map into another one: three SipHashes or more per node and two rounds of growth.
//! Here reads go straight to the cache and database while nothing is written, and only the new
//! nodes are recorded, once: the root per written key is about 10 % cheaper through the trie
//! cache and 30 % without it (`docs/log/performance-log.md`, 2026-11-23). The root reads
//! nodes through the trie cache but does not put the nodes it creates in it ([`NodesOnly`]).
//! Replaced nodes are recorded as removals (count -1), as sp-state-machine records them, for
//! pruning ([`crate::pruning`]).

use crate::db::StateDb;
use hash_db::{AsHashDB, HashDB, HashDBRef, Prefix};
use sci_primitives::{BlockNumber, Hash, Hashing};
use sp_core::storage::{ChildInfo, StateVersion};
use sp_state_machine::{
	Backend, BackendTransaction, IterArgs, StorageIterator, StorageKey, StorageValue, TrieBackend,
	TrieBackendBuilder, TrieBackendStorage, TrieCacheProvider, UsageInfo,
};
use sp_trie::{
	cache::{LocalTrieCache, TrieCache},
	recorder::Recorder,
	DBValue, LayoutV0, LayoutV1, MerkleValue, RandomState,
};
use std::sync::{Arc, LazyLock};

/// A block's local trie cache, shared by the trie backend (reads, and child tries' roots, which
/// cache the nodes they create) and the top trie's root (which only reads nodes from it). It
/// merges into the node's shared cache when the last handle is dropped.
#[derive(Clone)]
pub struct LocalCache(Arc<LocalTrieCache<Hashing>>);

impl TrieCacheProvider<Hashing> for LocalCache {
	type Cache<'a> = TrieCache<'a, Hashing>;

	fn as_trie_db_cache(&self, storage_root: Hash) -> TrieCache<'_, Hashing> {
		self.0.as_trie_db_cache(storage_root)
	}

	fn as_trie_db_mut_cache(&self) -> TrieCache<'_, Hashing> {
		self.0.as_trie_db_mut_cache()
	}

	fn merge<'a>(&'a self, other: TrieCache<'a, Hashing>, new_root: Hash) {
		other.merge_into(&self.0, new_root)
	}
}

type Trie = TrieBackend<StateDb, Hashing, LocalCache>;

/// The trie cache as the state root uses it: the nodes on the changed keys' paths are read
/// from it, but the nodes the root creates are not put in it. trie-db would decode each node
/// it has just encoded back into an owned node and cache it with the values under it, so that
/// the next block finds them: 13–15 µs per written key at a million keys, more than the next
/// block's reads of them save (those come from the database once and are cached as they are
/// read): blocks of transfers between new accounts build and import faster without it
/// (`docs/log/performance-log.md`, 2026-11-24).
struct NodesOnly<'a>(TrieCache<'a, Hashing>);

impl trie_db::TrieCache<sp_trie::NodeCodec<Hashing>> for NodesOnly<'_> {
	fn lookup_value_for_key(&mut self, key: &[u8]) -> Option<&trie_db::CachedValue<Hash>> {
		self.0.lookup_value_for_key(key)
	}

	fn cache_value_for_key(&mut self, _key: &[u8], _value: trie_db::CachedValue<Hash>) {}

	/// Only `TrieDBMut`'s commit asks this, to cache a node (or value) it has just written,
	/// and it takes an error as "not cached": declining spares decoding the node back. (A
	/// trie-db that passed the error on would fail the state root, and the tests below.)
	fn get_or_insert_node(
		&mut self,
		hash: Hash,
		_fetch_node: &mut dyn FnMut() -> trie_db::Result<
			trie_db::node::NodeOwned<Hash>,
			Hash,
			sp_trie::Error<Hash>,
		>,
	) -> trie_db::Result<&trie_db::node::NodeOwned<Hash>, Hash, sp_trie::Error<Hash>> {
		Err(Box::new(trie_db::TrieError::IncompleteDatabase(hash)))
	}

	fn get_node(&mut self, hash: &Hash) -> Option<&trie_db::node::NodeOwned<Hash>> {
		self.0.get_node(hash)
	}
}

/// The state of one block, read from the database through the trie cache.
pub struct StateBackend {
	trie: Trie,
	cache: Option<LocalCache>,
	/// The number of the block whose state this is, when known: which code runs on it may
	/// depend on it (a chain spec's code substitutes apply from a block number on).
	block_number: Option<BlockNumber>,
}

impl StateBackend {
	/// The state with root `root` in `storage`, read through `cache` if there is one.
	pub fn new(storage: StateDb, root: Hash, cache: Option<LocalTrieCache<Hashing>>) -> Self {
		let cache = cache.map(|cache| LocalCache(Arc::new(cache)));
		let trie =
			TrieBackendBuilder::new(storage, root).with_optional_cache(cache.clone()).build();
		Self { trie, cache, block_number: None }
	}

	/// This state, known to be that of block number `number`.
	pub fn at_block(mut self, number: BlockNumber) -> Self {
		self.block_number = Some(number);
		self
	}

	/// The number of the block whose state this is, if it was given ([`Self::at_block`]).
	pub fn block_number(&self) -> Option<BlockNumber> {
		self.block_number
	}

	/// The state root.
	pub fn root(&self) -> Hash {
		*self.trie.root()
	}

	/// The same state through the trie cache, recording every trie node its reads walk.
	pub fn recording(&self, recorder: Recorder<Hashing>) -> impl Backend<Hashing> {
		TrieBackendBuilder::new(self.trie.backend_storage().clone(), self.root())
			.with_optional_cache(self.cache.clone())
			.with_recorder(recorder)
			.build()
	}

	/// The same state without the trie cache, recording every trie node its reads walk: the
	/// proof of a runtime call made on it, for a light client to re-execute.
	pub fn proving(&self, recorder: Recorder<Hashing>) -> Self {
		let trie = TrieBackendBuilder::new(self.trie.backend_storage().clone(), self.root())
			.with_optional_cache(None::<LocalCache>)
			.with_recorder(recorder)
			.build();
		Self { trie, cache: None, block_number: self.block_number }
	}

	/// The same state without the trie cache, as sp-state-machine's own trie backend type,
	/// which its proof functions (`prove_read`) take.
	pub fn uncached(&self) -> TrieBackend<StateDb, Hashing> {
		TrieBackendBuilder::new(self.trie.backend_storage().clone(), self.root()).build()
	}
}

impl std::fmt::Debug for StateBackend {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "StateBackend at {:?}", self.root())
	}
}

/// The nodes a state root computation writes, over the nodes it reads.
struct NewNodes<'a> {
	storage: &'a StateDb,
	written: BackendTransaction<Hashing>,
	any_written: bool,
}

/// The hash of the empty trie's node, the root of an empty state.
static EMPTY_TRIE: LazyLock<Hash> = LazyLock::new(sp_trie::empty_trie_root::<LayoutV1<Hashing>>);

impl HashDB<Hashing, DBValue> for NewNodes<'_> {
	fn get(&self, key: &Hash, prefix: Prefix<'_>) -> Option<DBValue> {
		// The trie reads every node it replaces before it writes any: the map of written nodes
		// is looked up only once it holds more than the empty trie's node (which it answers).
		if self.any_written || *key == *EMPTY_TRIE {
			if let Some(value) = HashDB::get(&self.written, key, prefix) {
				return Some(value);
			}
		}
		self.storage.get(key, prefix).unwrap_or_else(|error| {
			log::warn!(target: "state", "Failed to read a trie node: {error}");
			None
		})
	}

	fn contains(&self, key: &Hash, prefix: Prefix<'_>) -> bool {
		HashDB::get(self, key, prefix).is_some()
	}

	fn insert(&mut self, prefix: Prefix<'_>, value: &[u8]) -> Hash {
		self.any_written = true;
		HashDB::insert(&mut self.written, prefix, value)
	}

	fn emplace(&mut self, key: Hash, prefix: Prefix<'_>, value: DBValue) {
		self.any_written = true;
		HashDB::emplace(&mut self.written, key, prefix, value)
	}

	/// A node of the parent's state that the new state no longer holds at this place: pruning
	/// releases its reference once the parent's state leaves the window.
	fn remove(&mut self, key: &Hash, prefix: Prefix<'_>) {
		HashDB::remove(&mut self.written, key, prefix)
	}
}

impl HashDBRef<Hashing, DBValue> for NewNodes<'_> {
	fn get(&self, key: &Hash, prefix: Prefix<'_>) -> Option<DBValue> {
		HashDB::get(self, key, prefix)
	}

	fn contains(&self, key: &Hash, prefix: Prefix<'_>) -> bool {
		HashDB::contains(self, key, prefix)
	}
}

impl AsHashDB<Hashing, DBValue> for NewNodes<'_> {
	fn as_hash_db(&self) -> &dyn HashDB<Hashing, DBValue> {
		self
	}

	fn as_hash_db_mut<'b>(&'b mut self) -> &'b mut (dyn HashDB<Hashing, DBValue> + 'b) {
		self
	}
}

/// An empty set of trie node changes, as sp-state-machine makes one.
fn new_transaction() -> BackendTransaction<Hashing> {
	BackendTransaction::with_hasher(RandomState::default())
}

/// Iterates a [`StateBackend`] by iterating its trie backend.
pub struct RawIter(<Trie as Backend<Hashing>>::RawIter);

impl StorageIterator<Hashing> for RawIter {
	type Backend = StateBackend;
	type Error = String;

	fn next_key(&mut self, backend: &StateBackend) -> Option<Result<StorageKey, String>> {
		self.0.next_key(&backend.trie)
	}

	fn next_pair(
		&mut self,
		backend: &StateBackend,
	) -> Option<Result<(StorageKey, StorageValue), String>> {
		self.0.next_pair(&backend.trie)
	}

	fn was_complete(&self) -> bool {
		self.0.was_complete()
	}
}

impl Backend<Hashing> for StateBackend {
	type Error = String;
	type TrieBackendStorage = StateDb;
	type RawIter = RawIter;

	fn storage(&self, key: &[u8]) -> Result<Option<StorageValue>, String> {
		self.trie.storage(key)
	}

	fn storage_hash(&self, key: &[u8]) -> Result<Option<Hash>, String> {
		self.trie.storage_hash(key)
	}

	fn closest_merkle_value(&self, key: &[u8]) -> Result<Option<MerkleValue<Hash>>, String> {
		self.trie.closest_merkle_value(key)
	}

	fn child_closest_merkle_value(
		&self,
		child: &ChildInfo,
		key: &[u8],
	) -> Result<Option<MerkleValue<Hash>>, String> {
		self.trie.child_closest_merkle_value(child, key)
	}

	fn child_storage(&self, child: &ChildInfo, key: &[u8]) -> Result<Option<StorageValue>, String> {
		self.trie.child_storage(child, key)
	}

	fn child_storage_hash(&self, child: &ChildInfo, key: &[u8]) -> Result<Option<Hash>, String> {
		self.trie.child_storage_hash(child, key)
	}

	fn next_storage_key(&self, key: &[u8]) -> Result<Option<StorageKey>, String> {
		self.trie.next_storage_key(key)
	}

	fn next_child_storage_key(
		&self,
		child: &ChildInfo,
		key: &[u8],
	) -> Result<Option<StorageKey>, String> {
		self.trie.next_child_storage_key(child, key)
	}

	fn storage_root<'a>(
		&self,
		delta: impl Iterator<Item = (&'a [u8], Option<&'a [u8]>)>,
		state_version: StateVersion,
	) -> (Hash, BackendTransaction<Hashing>) {
		let parent = self.root();
		let mut nodes = NewNodes {
			storage: self.trie.backend_storage(),
			written: new_transaction(),
			any_written: false,
		};
		let mut cache = self.cache.as_ref().map(|cache| NodesOnly(cache.0.as_trie_db_mut_cache()));
		let cache_ref = cache.as_mut().map(|cache| cache as &mut dyn sp_trie::TrieCache<_>);
		let root = match state_version {
			StateVersion::V0 => sp_trie::delta_trie_root::<LayoutV0<Hashing>, _, _, _, _, _>(
				&mut nodes, parent, delta, None, cache_ref,
			),
			StateVersion::V1 => sp_trie::delta_trie_root::<LayoutV1<Hashing>, _, _, _, _, _>(
				&mut nodes, parent, delta, None, cache_ref,
			),
		};
		match root {
			Ok(root) => (root, nodes.written),
			Err(error) => {
				// As sp-state-machine does: the runtime sees the parent's root, and the block's
				// state root check refuses the block.
				log::warn!(target: "state", "Failed to write to the trie: {error}");
				(parent, nodes.written)
			},
		}
	}

	fn child_storage_root<'a>(
		&self,
		child: &ChildInfo,
		delta: impl Iterator<Item = (&'a [u8], Option<&'a [u8]>)>,
		state_version: StateVersion,
	) -> (Hash, bool, BackendTransaction<Hashing>) {
		self.trie.child_storage_root(child, delta, state_version)
	}

	/// As the default, except that the top trie's nodes are not copied into a new map when no
	/// child trie changed (a block's usual case): that copy cost a fifth of the root.
	fn full_storage_root<'a>(
		&self,
		delta: impl Iterator<Item = (&'a [u8], Option<&'a [u8]>)>,
		child_deltas: impl Iterator<
			Item = (&'a ChildInfo, impl Iterator<Item = (&'a [u8], Option<&'a [u8]>)>),
		>,
		state_version: StateVersion,
	) -> (Hash, BackendTransaction<Hashing>) {
		let mut children: Option<BackendTransaction<Hashing>> = None;
		let mut child_roots = Vec::new();
		for (child, child_delta) in child_deltas {
			let (root, empty, nodes) = self.child_storage_root(child, child_delta, state_version);
			children.get_or_insert_with(new_transaction).consolidate(nodes);
			let root = (!empty).then(|| codec::Encode::encode(&root));
			child_roots.push((child.prefixed_storage_key().into_inner(), root));
		}
		let (root, mut nodes) = self.storage_root(
			// Re-borrowed to the shorter lifetime of the child roots.
			delta
				.map(|(key, value)| (key, value.as_ref().map(|value| &value[..])))
				.chain(child_roots.iter().map(|(key, root)| (&key[..], root.as_deref()))),
			state_version,
		);
		if let Some(children) = children {
			nodes.consolidate(children);
		}
		(root, nodes)
	}

	fn raw_iter(&self, args: IterArgs<'_>) -> Result<RawIter, String> {
		self.trie.raw_iter(args).map(RawIter)
	}

	fn register_overlay_stats(&self, stats: &sp_state_machine::StateMachineStats) {
		self.trie.register_overlay_stats(stats)
	}

	fn usage_info(&self) -> UsageInfo {
		self.trie.usage_info()
	}

	fn wipe(&self) -> Result<(), String> {
		self.trie.wipe()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::db::{columns::STATE, trie_node_changes, Db};
	use sp_core::storage::well_known_keys;
	use sp_state_machine::{OverlayedChanges, StorageChanges};
	use sp_trie::cache::{CacheSize, SharedTrieCache};
	use std::collections::BTreeMap;

	/// A round of changes: most of 300 keys rewritten (values above and below the 32 bytes at
	/// which V1 stores a value as its own node), some deleted, a child trie on some rounds.
	fn changes(round: u8) -> OverlayedChanges<Hashing> {
		let mut overlay = OverlayedChanges::default();
		for i in 0..300u16 {
			let key = sp_crypto_hashing::twox_128(&i.to_le_bytes()).to_vec();
			let value = match (i + u16::from(round)) % 7 {
				0 => None,
				1 => Some(vec![round; 8]),
				_ => Some(vec![round; 40 + usize::from(i % 3)]),
			};
			overlay.set_storage(key, value);
		}
		if round % 2 == 1 {
			let child = ChildInfo::new_default(b"child");
			for i in 0..20u8 {
				let value = (i != round).then(|| vec![i; 50]);
				overlay.set_child_storage(&child, vec![i; 3], value);
			}
		}
		overlay
	}

	/// Added nodes (hash → value) and removed ones (hash → `None`), each with its count.
	fn nodes(changes: StorageChanges<Hashing>) -> BTreeMap<Vec<u8>, (Option<Vec<u8>>, usize)> {
		let changes = trie_node_changes(changes.transaction);
		let mut nodes = BTreeMap::new();
		for (hash, value) in changes.inserted {
			nodes.entry(hash.as_ref().to_vec()).or_insert((Some(value), 0)).1 += 1;
		}
		for hash in changes.removed {
			nodes.entry(hash.as_ref().to_vec()).or_insert((None, 0)).1 += 1;
		}
		nodes
	}

	/// Block after block, the node's state root is sp-state-machine's, and the nodes it adds
	/// and removes are sp-state-machine's, with the same counts. Applying each round's
	/// removals at once (pruning that keeps one state) leaves the last state whole, and no
	/// node it does not hold.
	fn same_roots_and_nodes_as_sp_state_machine(version: StateVersion) {
		let dir = tempfile::tempdir().unwrap();
		let db = Db::open(dir.path()).unwrap();
		let cache = SharedTrieCache::new(CacheSize::new(1 << 24), None);
		let mut root = sp_trie::empty_trie_root::<LayoutV1<Hashing>>();
		let mut expected = BTreeMap::new();
		for round in 0..6 {
			let ours = StateBackend::new(db.state(), root, Some(cache.local_cache_trusted()));
			let ours = changes(round).drain_storage_changes(&ours, version).unwrap();
			let theirs = TrieBackendBuilder::new(db.state(), root).build();
			let theirs = changes(round).drain_storage_changes(&theirs, version).unwrap();
			assert_eq!(ours.transaction_storage_root, theirs.transaction_storage_root);
			assert_ne!(ours.transaction_storage_root, root);
			root = ours.transaction_storage_root;
			for (key, value) in &ours.main_storage_changes {
				expected.insert(key.clone(), value.clone());
			}

			let (ours, theirs) = (nodes(ours), nodes(theirs));
			if round > 0 {
				assert!(theirs.values().any(|(value, _)| value.is_none()), "round {round}");
			}
			assert_eq!(ours, theirs, "round {round}");
			let mut changes = Vec::new();
			for (key, (value, count)) in ours {
				changes.extend(std::iter::repeat_n((STATE, key, value), count));
			}
			db.commit(changes).unwrap();
		}
		// The last state reads back whole through the node's backend, uncached.
		let state = StateBackend::new(db.state(), root, None);
		for (key, value) in &expected {
			assert_eq!(&state.storage(key).unwrap(), value);
		}
		let child = ChildInfo::new_default(b"child");
		assert_eq!(state.child_storage(&child, &[0; 3]).unwrap(), Some(vec![0; 50]));
		// And nothing else is left.
		drop(state);
		drop(db);
		let db = Db::open(dir.path()).unwrap();
		let state = StateBackend::new(db.state(), root, None);
		let recorder = sp_trie::recorder::Recorder::<Hashing>::default();
		let proving = state.recording(recorder.clone());
		for (key, _) in proving.pairs(Default::default()).unwrap().map(Result::unwrap) {
			if well_known_keys::is_child_storage_key(&key) {
				let mut args = IterArgs::default();
				args.child_info = Some(child.clone());
				proving.pairs(args).unwrap().for_each(drop);
			}
		}
		let held = recorder.drain_storage_proof().into_iter_nodes().count();
		assert_eq!(db.state_usage().unwrap().nodes, held);
	}

	#[test]
	fn state_root_v1_is_sp_state_machines() {
		same_roots_and_nodes_as_sp_state_machine(StateVersion::V1);
	}

	#[test]
	fn state_root_v0_is_sp_state_machines() {
		same_roots_and_nodes_as_sp_state_machine(StateVersion::V0);
	}
}
