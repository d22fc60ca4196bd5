//! The state a pallet benchmark runs on: an in-memory trie that the benchmarking host functions
//! can wipe back to genesis and commit into, and that counts which keys a benchmark read from
//! it and wrote to it (its `DbWeight` charge).
//!
//! Only what reaches the backend is counted (the runtime's overlay answers for the keys it has
//! changed): the first read of a key is a read, later ones are repeat reads; a key is written
//! when a `commit_db` writes it. Whitelisted keys (the block number, the
//! caller's account, ...) are never counted: every block has them in memory already.
//!
//! Reads go through a trie cache that lives until the next commit or wipe, as a block's
//! local cache does on the node: the runtime reads an account several times per transfer, and
//! only the first read is a database read (charged by `DbWeight`, measured on the node's own
//! database); the others are what the benchmark's time should include, at the cache's cost.

use parking_lot::RwLock;
use sci_primitives::{Hash, Hashing};
use sp_core::storage::{ChildInfo, TrackedStorageKey};
use sp_state_machine::{
	Backend, BackendTransaction, ChildStorageCollection, IterArgs, StorageCollection,
	StorageIterator, StorageKey, StorageValue, TrieBackend, TrieBackendBuilder, TrieBackendStorage,
	UsageInfo,
};
use sp_trie::{
	cache::{CacheSize, LocalTrieCache, SharedTrieCache},
	prefixed_key, DBValue, MerkleValue,
};
use std::{
	cell::{Cell, RefCell},
	collections::{BTreeMap, HashMap},
	sync::Arc,
};

/// What is tracked per key: main trie keys under `None`, child trie keys under their trie's
/// storage key.
type TrackedKeys = BTreeMap<(Option<Vec<u8>>, Vec<u8>), TrackedStorageKey>;

/// Trie nodes by prefixed hash, as sp-state-machine's transactions key them: the benchmarks'
/// in-memory database.
#[derive(Clone, Default)]
pub struct Nodes(Arc<RwLock<HashMap<Vec<u8>, DBValue>>>);

impl TrieBackendStorage<Hashing> for Nodes {
	fn get(&self, key: &Hash, prefix: (&[u8], Option<u8>)) -> Result<Option<DBValue>, String> {
		Ok(self.0.read().get(&prefixed_key::<Hashing>(key, prefix)).cloned())
	}
}

impl Nodes {
	/// Store the nodes a state root computation created; returns the keys that were new.
	fn insert(&self, mut transaction: BackendTransaction<Hashing>) -> Vec<Vec<u8>> {
		let mut nodes = self.0.write();
		let mut added = Vec::new();
		for (key, (value, rc)) in transaction.drain() {
			if rc > 0 && nodes.insert(key.clone(), value).is_none() {
				added.push(key);
			}
		}
		added
	}
}

type Trie = TrieBackend<Nodes, Hashing, LocalTrieCache<Hashing>>;

/// A benchmark's state: genesis, then whatever the benchmark committed.
pub struct BenchmarkState {
	nodes: Nodes,
	genesis_root: Hash,
	/// Nodes committed since genesis, removed again by a wipe.
	added: RefCell<Vec<Vec<u8>>>,
	/// Sized zero: local caches are not kept beyond their commit, as upstream's benchmarks.
	cache: SharedTrieCache<Hashing>,
	current: RefCell<Trie>,
	whitelist: RefCell<Vec<TrackedStorageKey>>,
	keys: RefCell<TrackedKeys>,
	tracking: Cell<bool>,
}

impl std::fmt::Debug for BenchmarkState {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "BenchmarkState at {:?}", self.root())
	}
}

impl BenchmarkState {
	/// A state holding `genesis`, counting reads and writes.
	pub fn new(genesis: sp_core::storage::Storage) -> Self {
		let nodes = Nodes::default();
		let empty = sp_trie::empty_trie_root::<sp_trie::LayoutV1<Hashing>>();
		let cache = SharedTrieCache::new(CacheSize::new(0), None);
		let children = genesis.children_default.values().map(|child| {
			(&child.child_info, child.data.iter().map(|(k, v)| (&k[..], Some(&v[..]))))
		});
		let empty_trie = TrieBackendBuilder::new(nodes.clone(), empty).build();
		let (genesis_root, transaction) = empty_trie.full_storage_root(
			genesis.top.iter().map(|(k, v)| (&k[..], Some(&v[..]))),
			children,
			sp_runtime::StateVersion::V1,
		);
		nodes.insert(transaction);
		Self {
			current: RefCell::new(Self::open(&nodes, &cache, genesis_root)),
			nodes,
			genesis_root,
			added: Default::default(),
			cache,
			whitelist: Default::default(),
			keys: Default::default(),
			tracking: Cell::new(true),
		}
	}

	fn open(nodes: &Nodes, cache: &SharedTrieCache<Hashing>, root: Hash) -> Trie {
		TrieBackendBuilder::new(nodes.clone(), root).with_cache(cache.local_cache_trusted()).build()
	}

	/// The current state root.
	pub fn root(&self) -> Hash {
		*self.current.borrow().root()
	}

	/// Whether reads and writes are counted: timed runs leave it off, as counting costs time.
	pub fn set_tracking(&self, tracking: bool) {
		self.tracking.set(tracking);
	}

	/// Forget what was read and written, except that whitelisted keys count as both.
	fn reset_tracking(&self) {
		let mut keys = self.keys.borrow_mut();
		keys.clear();
		for key in self.whitelist.borrow().iter() {
			let mut tracked = key.clone();
			tracked.whitelist();
			keys.insert((key.child_trie_key.clone(), key.key.clone()), tracked);
		}
	}

	fn track(&self, child: Option<&ChildInfo>, key: &[u8], update: fn(&mut TrackedStorageKey)) {
		if !self.tracking.get() {
			return;
		}
		let child = child.map(|c| c.storage_key().to_vec());
		let mut keys = self.keys.borrow_mut();
		let tracked = keys.entry((child.clone(), key.to_vec())).or_insert_with(|| match child {
			Some(child) => TrackedStorageKey::new_child(child, key.to_vec()),
			None => TrackedStorageKey::new(key.to_vec()),
		});
		update(tracked);
	}

	fn read(&self, child: Option<&ChildInfo>, key: &[u8]) {
		self.track(child, key, TrackedStorageKey::add_read)
	}

	fn written(&self, child: Option<&ChildInfo>, key: &[u8]) {
		self.track(child, key, TrackedStorageKey::add_write)
	}

	/// Run `f` on the current trie.
	fn with<R>(&self, f: impl FnOnce(&Trie) -> R) -> R {
		f(&self.current.borrow())
	}

	/// Continue from `root`, with a new cache.
	fn reopen(&self, root: Hash) {
		*self.current.borrow_mut() = Self::open(&self.nodes, &self.cache, root);
	}
}

/// Iterates the current trie, counting every key it yields as read.
pub struct RawIter {
	inner: <Trie as Backend<Hashing>>::RawIter,
	child: Option<ChildInfo>,
}

impl StorageIterator<Hashing> for RawIter {
	type Backend = BenchmarkState;
	type Error = String;

	fn next_key(&mut self, backend: &BenchmarkState) -> Option<Result<StorageKey, String>> {
		let key = backend.with(|state| self.inner.next_key(state));
		if let Some(Ok(key)) = &key {
			backend.read(self.child.as_ref(), key);
		}
		key
	}

	fn next_pair(
		&mut self,
		backend: &BenchmarkState,
	) -> Option<Result<(StorageKey, StorageValue), String>> {
		let pair = backend.with(|state| self.inner.next_pair(state));
		if let Some(Ok((key, _))) = &pair {
			backend.read(self.child.as_ref(), key);
		}
		pair
	}

	fn was_complete(&self) -> bool {
		self.inner.was_complete()
	}
}

impl Backend<Hashing> for BenchmarkState {
	type Error = String;
	type TrieBackendStorage = Nodes;
	type RawIter = RawIter;

	fn storage(&self, key: &[u8]) -> Result<Option<StorageValue>, String> {
		self.read(None, key);
		self.with(|state| state.storage(key))
	}

	fn storage_hash(&self, key: &[u8]) -> Result<Option<Hash>, String> {
		self.read(None, key);
		self.with(|state| state.storage_hash(key))
	}

	fn closest_merkle_value(&self, key: &[u8]) -> Result<Option<MerkleValue<Hash>>, String> {
		self.read(None, key);
		self.with(|state| state.closest_merkle_value(key))
	}

	fn child_closest_merkle_value(
		&self,
		child: &ChildInfo,
		key: &[u8],
	) -> Result<Option<MerkleValue<Hash>>, String> {
		self.read(Some(child), key);
		self.with(|state| state.child_closest_merkle_value(child, key))
	}

	fn child_storage(&self, child: &ChildInfo, key: &[u8]) -> Result<Option<StorageValue>, String> {
		self.read(Some(child), key);
		self.with(|state| state.child_storage(child, key))
	}

	fn child_storage_hash(&self, child: &ChildInfo, key: &[u8]) -> Result<Option<Hash>, String> {
		self.read(Some(child), key);
		self.with(|state| state.child_storage_hash(child, key))
	}

	fn next_storage_key(&self, key: &[u8]) -> Result<Option<StorageKey>, String> {
		self.read(None, key);
		self.with(|state| state.next_storage_key(key))
	}

	fn next_child_storage_key(
		&self,
		child: &ChildInfo,
		key: &[u8],
	) -> Result<Option<StorageKey>, String> {
		self.read(Some(child), key);
		self.with(|state| state.next_child_storage_key(child, key))
	}

	fn storage_root<'a>(
		&self,
		delta: impl Iterator<Item = (&'a [u8], Option<&'a [u8]>)>,
		state_version: sp_runtime::StateVersion,
	) -> (Hash, BackendTransaction<Hashing>) {
		self.with(|state| state.storage_root(delta, state_version))
	}

	fn child_storage_root<'a>(
		&self,
		child: &ChildInfo,
		delta: impl Iterator<Item = (&'a [u8], Option<&'a [u8]>)>,
		state_version: sp_runtime::StateVersion,
	) -> (Hash, bool, BackendTransaction<Hashing>) {
		self.with(|state| state.child_storage_root(child, delta, state_version))
	}

	fn raw_iter(&self, args: IterArgs<'_>) -> Result<RawIter, String> {
		let child = args.child_info.clone();
		Ok(RawIter { inner: self.with(|state| state.raw_iter(args))?, child })
	}

	fn register_overlay_stats(&self, _: &sp_state_machine::StateMachineStats) {}

	fn usage_info(&self) -> UsageInfo {
		UsageInfo::empty()
	}

	fn wipe(&self) -> Result<(), String> {
		let mut nodes = self.nodes.0.write();
		for key in self.added.take() {
			nodes.remove(&key);
		}
		drop(nodes);
		self.reopen(self.genesis_root);
		self.reset_tracking();
		Ok(())
	}

	fn commit(
		&self,
		root: Hash,
		transaction: BackendTransaction<Hashing>,
		main: StorageCollection,
		children: ChildStorageCollection,
	) -> Result<(), String> {
		for (key, _) in &main {
			self.written(None, key);
		}
		for (child, changes) in &children {
			let child = ChildInfo::new_default(child);
			for (key, _) in changes {
				self.written(Some(&child), key);
			}
		}
		self.added.borrow_mut().extend(self.nodes.insert(transaction));
		self.reopen(root);
		Ok(())
	}

	/// Keys read, repeated reads, keys written, repeated writes; whitelisted keys left out.
	fn read_write_count(&self) -> (u32, u32, u32, u32) {
		let (mut reads, mut repeat_reads, mut writes, mut repeat_writes) = (0, 0, 0, 0);
		for tracked in self.keys.borrow().values().filter(|t| !t.whitelisted) {
			if tracked.reads > 0 {
				reads += 1;
				repeat_reads += tracked.reads - 1;
			}
			if tracked.writes > 0 {
				writes += 1;
				repeat_writes += tracked.writes - 1;
			}
		}
		(reads, repeat_reads, writes, repeat_writes)
	}

	fn reset_read_write_count(&self) {
		self.reset_tracking()
	}

	fn get_whitelist(&self) -> Vec<TrackedStorageKey> {
		self.whitelist.borrow().clone()
	}

	fn set_whitelist(&self, whitelist: Vec<TrackedStorageKey>) {
		*self.whitelist.borrow_mut() = whitelist;
	}

	/// A solo chain has no proof of validity to size.
	fn proof_size(&self) -> Option<u32> {
		None
	}

	/// Per storage item (the first 32 bytes of a key: pallet and item prefix), how many of its
	/// keys were read and written, each key counted once; whitelisted keys left out.
	fn get_read_and_written_keys(&self) -> Vec<(Vec<u8>, u32, u32, bool)> {
		let mut items: Vec<(Vec<u8>, u32, u32, bool)> = Vec::new();
		for tracked in self.keys.borrow().values().filter(|t| !t.whitelisted) {
			let prefix = &tracked.key[..tracked.key.len().min(32)];
			let (reads, writes) = (tracked.reads.min(1), tracked.writes.min(1));
			match items.iter_mut().find(|(item, ..)| item == prefix) {
				Some(item) => {
					item.1 += reads;
					item.2 += writes;
				},
				None => items.push((prefix.to_vec(), reads, writes, false)),
			}
		}
		items
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::storage::Storage;
	use sp_externalities::Externalities;
	use sp_state_machine::{Ext, OverlayedChanges};

	fn genesis() -> BenchmarkState {
		let mut storage = Storage::default();
		for key in [&b"alice"[..], b"bob", b"carol"] {
			storage.top.insert(key.to_vec(), b"genesis".to_vec());
		}
		BenchmarkState::new(storage)
	}

	/// Run `f` with externalities over `state`, as a runtime call does.
	fn with_ext<R>(state: &BenchmarkState, f: impl FnOnce(&mut dyn Externalities) -> R) -> R {
		let mut overlay = OverlayedChanges::<Hashing>::default();
		let mut ext = Ext::new(&mut overlay, state, None);
		f(&mut ext)
	}

	/// A key read twice costs one read and one repeat read, a key read and written one read
	/// and one write, a whitelisted key nothing; the counts start over after a reset.
	#[test]
	fn counts_each_key_once_and_leaves_whitelisted_keys_out() {
		let state = genesis();
		with_ext(&state, |ext| {
			ext.set_whitelist(vec![TrackedStorageKey::new(b"carol".to_vec())]);
			ext.reset_read_write_count();
			assert_eq!(ext.storage(b"alice"), Some(b"genesis".to_vec()));
			assert_eq!(ext.storage(b"alice"), Some(b"genesis".to_vec()));
			assert_eq!(ext.storage(b"bob"), Some(b"genesis".to_vec()));
			assert_eq!(ext.storage(b"carol"), Some(b"genesis".to_vec()));
			ext.set_storage(b"bob".to_vec(), b"changed".to_vec());
			ext.set_storage(b"carol".to_vec(), b"changed".to_vec());
			ext.set_storage(b"dave".to_vec(), b"new".to_vec());
			assert_eq!(ext.read_write_count(), (2, 1, 0, 0), "writes count when committed");
			ext.commit();
			assert_eq!(ext.read_write_count(), (2, 1, 2, 0));
			let mut keys = ext.get_read_and_written_keys();
			keys.sort();
			assert_eq!(
				keys,
				vec![
					(b"alice".to_vec(), 1, 0, false),
					(b"bob".to_vec(), 1, 1, false),
					(b"dave".to_vec(), 0, 1, false)
				]
			);
			ext.reset_read_write_count();
			assert_eq!(ext.read_write_count(), (0, 0, 0, 0));
		});
	}

	/// Reads that reach the state again (a new call's overlay is empty) are repeat reads.
	#[test]
	fn a_key_read_again_from_the_state_is_a_repeat_read() {
		let state = genesis();
		for _ in 0..3 {
			with_ext(&state, |ext| assert!(ext.exists_storage(b"alice")));
		}
		assert_eq!(state.read_write_count(), (1, 2, 0, 0));
	}

	/// A commit puts the changes into the state (a new root, the new values readable by the
	/// next call); a wipe takes the state back to genesis and forgets the counts.
	#[test]
	fn commit_changes_the_state_and_wipe_restores_genesis() {
		let state = genesis();
		let genesis_root = state.root();
		with_ext(&state, |ext| {
			ext.set_storage(b"alice".to_vec(), b"changed".to_vec());
			ext.clear_storage(b"bob");
			ext.commit();
		});
		assert_ne!(state.root(), genesis_root);
		with_ext(&state, |ext| {
			assert_eq!(ext.storage(b"alice"), Some(b"changed".to_vec()));
			assert_eq!(ext.storage(b"bob"), None);
		});
		assert_eq!(state.read_write_count(), (2, 0, 2, 0), "a key written, then read");
		with_ext(&state, |ext| ext.wipe());
		assert_eq!(state.root(), genesis_root);
		assert_eq!(state.read_write_count(), (0, 0, 0, 0));
		with_ext(&state, |ext| assert_eq!(ext.storage(b"bob"), Some(b"genesis".to_vec())));
	}

	/// Iterating the state reads every key it passes.
	#[test]
	fn iteration_counts_the_keys_it_yields() {
		let state = genesis();
		let keys: Vec<_> = state.keys(IterArgs::default()).unwrap().map(Result::unwrap).collect();
		assert_eq!(keys, vec![b"alice".to_vec(), b"bob".to_vec(), b"carol".to_vec()]);
		assert_eq!(state.read_write_count(), (3, 0, 0, 0));
	}

	/// Items are counted by the first 32 bytes of their keys, each key once.
	#[test]
	fn read_and_written_keys_are_grouped_by_storage_item() {
		let state = BenchmarkState::new(Storage::default());
		let item = [7u8; 32];
		let key = |account: u8| [&item[..], &[account; 16]].concat();
		with_ext(&state, |ext| {
			ext.storage(&key(1));
			ext.storage(&key(1));
			ext.storage(&key(2));
			ext.set_storage(key(2), vec![1]);
			ext.commit();
		});
		assert_eq!(state.get_read_and_written_keys(), vec![(item.to_vec(), 2, 1, false)]);
	}
}
