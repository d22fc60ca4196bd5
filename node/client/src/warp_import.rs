//! Warp sync's last step on the client: store a finalized block whose state was downloaded
//! from peers (`state/2`) rather than computed by executing its ancestors.
//!
//! [`Client::import_warp_state`] takes the block's header (its finality already proven by a
//! GRANDPA warp proof), its justifications and the state's key-value pairs. It rebuilds the
//! trie with the state version of the runtime in that state (`:code`), refuses the state unless
//! its root is the header's, and writes in one database commit the trie nodes, the header, the
//! justifications, the canonical index entry, the best and finalized pointers and the
//! [`WARP_BLOCK_KEY`] marker. A crash leaves the node as it was or at the warp block.
//!
//! # A chain with a gap
//!
//! After the import the node has genesis (its header and state) and the warp block, and
//! nothing in between until those blocks are filled in (`gap_fill`: headers and bodies, not
//! states): no headers, bodies or states, and no canonical index entries (`hash(n)` is
//! `None`). The warp block itself has no body (`body` is `None`) until the filling stores it. Blocks are imported on top of it as usual (the parent's header and
//! state are all an import needs). What reads below it fails with a typed error
//! (`UnknownBlock`), never a panic: a tree route or descent check that crosses the gap, state
//! or runtime calls at blocks in it, and the code substitutes of the chain spec from a block in
//! the gap, which cannot be matched (they apply from the block whose `:code` they replace).

use crate::{empty_trie_root, number_key, state_version, Client, ClientError};
use codec::Encode;
use sci_client_api::{BlockNotification, FinalityNotification, GapCursor, Pairs, WarpImportError};
use sci_primitives::{BlockNumber, Hash, Hashing, Header};
use sci_storage::db::{self, columns, meta};
use sp_core::storage::{well_known_keys, ChildInfo, ChildType, PrefixedStorageKey};
use sp_runtime::Justifications;
use sp_state_machine::{BasicExternalities, OverlayedChanges};
use std::collections::BTreeSet;

/// The `aux` key (see [`Client::aux`]) of the block the node warp-synced to: the SCALE
/// encoding of its `(Hash, BlockNumber)`. The blocks between genesis and it are missing until
/// they are filled in.
pub const WARP_BLOCK_KEY: &[u8] = b"warp_block";

/// The default child trie a `:child_storage:default:<name>` key names.
fn child_info(storage_key: &[u8]) -> Result<ChildInfo, WarpImportError> {
	let prefixed = storage_key.to_vec();
	match ChildType::from_prefixed_key(PrefixedStorageKey::new_ref(&prefixed)) {
		Some((ChildType::ParentKeyId, name)) => Ok(ChildInfo::new_default(name)),
		None => Err(WarpImportError::InvalidChildKey(hex::encode(storage_key))),
	}
}

impl Client {
	/// Store `header` (a finalized block, proven so by a warp proof) with `justifications` and
	/// the state downloaded for it, and make it the best and finalized block. `top` holds the
	/// main trie's pairs (its `:child_storage:default:…` pairs may be included; the child tries'
	/// roots are recomputed from `children`), `children` each child trie's pairs under its
	/// `:child_storage:default:<name>` key. The trie is built with the state version of the
	/// runtime in `top` and must have the header's state root.
	///
	/// The block must be above the finalized block. Heights between the finalized block and it
	/// (and above it, up to the old best block) leave the canonical index: those blocks are
	/// not known to be its ancestors. Import and finality notifications are sent (their
	/// subscribers see a best block whose parent is not stored).
	pub fn import_warp_state(
		&self,
		header: Header,
		justifications: Justifications,
		top: Pairs,
		children: Vec<(Vec<u8>, Pairs)>,
	) -> Result<(), WarpImportError> {
		let hash = header.hash();
		let number = header.number;
		self.check_above_finalized(number)?;

		let code = top
			.iter()
			.find(|(key, _)| key == well_known_keys::CODE)
			.map(|(_, code)| code)
			.ok_or(WarpImportError::NoCode)?;
		// From the version's custom section, as genesis does: no state is needed.
		let version = self
			.executor
			.runtime_version(&mut BasicExternalities::new_empty(), code)
			.map_err(ClientError::from)?;
		let state_version = state_version(&version);

		let mut overlay = OverlayedChanges::<Hashing>::default();
		let mut given = BTreeSet::new();
		for (storage_key, pairs) in children {
			let info = child_info(&storage_key)?;
			for (key, value) in pairs {
				overlay.set_child_storage(&info, key, Some(value));
			}
			given.insert(storage_key);
		}
		for (key, value) in top {
			if well_known_keys::is_child_storage_key(&key) {
				if !given.contains(&key) {
					return Err(WarpImportError::MissingChild(hex::encode(&key)));
				}
				continue;
			}
			overlay.set_storage(key, Some(value));
		}
		let empty = Self::state_backend(&self.db, empty_trie_root(state_version));
		let changes = overlay
			.drain_storage_changes(&empty, state_version)
			.map_err(|e| WarpImportError::Trie(e.to_string()))?;
		if changes.transaction_storage_root != header.state_root {
			return Err(WarpImportError::StateRootMismatch {
				number,
				header: header.state_root,
				computed: changes.transaction_storage_root,
			});
		}

		let key = hash.encode();
		let mut batch = db::trie_node_changes(changes.transaction).insertions();
		batch.push((columns::HEADER, key.clone(), Some(header.encode())));
		if justifications.iter().next().is_some() {
			batch.push((columns::JUSTIFICATION, key.clone(), Some(justifications.encode())));
		}
		batch.push((columns::CANONICAL, number_key(number), Some(key.clone())));
		batch.push((columns::META, meta::BEST.to_vec(), Some(key.clone())));
		batch.push((columns::META, meta::FINALIZED.to_vec(), Some(key)));
		batch.push((columns::META, crate::aux_key(WARP_BLOCK_KEY), Some((hash, number).encode())));
		// The gap is filled from the warp block itself (its body) down to #1.
		batch.push((
			columns::META,
			crate::aux_key(crate::gap_fill::GAP_CURSOR_KEY),
			Some(GapCursor { hash, number }.encode()),
		));

		let guard = self.import_lock.lock();
		// Finality may have moved while the trie was built.
		self.check_above_finalized(number)?;
		let mut info = self.info();
		// Heights this block's ancestry is unknown at: neither finalized before nor this block.
		for stale in (info.finalized_number + 1)..=info.best_number.max(number) {
			if stale != number {
				batch.push((columns::CANONICAL, number_key(stale), None));
			}
		}
		// The sets are read from the new state once it is stored: until then none are.
		batch.push((columns::META, crate::aux_key(crate::grandpa_sets::GRANDPA_SETS_KEY), None));
		self.db.commit(batch).map_err(ClientError::from)?;
		info.best_hash = hash;
		info.best_number = number;
		info.finalized_hash = hash;
		info.finalized_number = number;
		*self.info.write() = info;
		*self.warp_number.write() = number;
		let sets = self.grandpa_sets_from_state(hash)?;
		self.db.commit(vec![self.grandpa_sets_change(&sets)]).map_err(ClientError::from)?;
		*self.grandpa_sets.write() = sets;
		// Blocks stored above the old finalized one are not the warp block's ancestors.
		self.pruner.finalized(number).map_err(ClientError::from)?;
		drop(guard);
		log::info!(
			"⏩ Warp sync: imported the state of #{number} ({}), now the best and finalized block",
			crate::short(&hash)
		);
		let _ = self.imported.send(BlockNotification {
			hash,
			header: header.clone(),
			is_new_best: true,
			runtime_changed: true,
		});
		let _ = self.finalized.send(FinalityNotification { hash, header });
		Ok(())
	}

	/// The block the node warp-synced to, if it did: the blocks between genesis and it may be
	/// missing.
	pub fn warp_block(&self) -> Result<Option<(Hash, BlockNumber)>, ClientError> {
		self.aux(WARP_BLOCK_KEY)?.map(|bytes| crate::decode("warp block", &bytes)).transpose()
	}

	fn check_above_finalized(&self, number: BlockNumber) -> Result<(), WarpImportError> {
		let finalized = self.info().finalized_number;
		if number <= finalized {
			return Err(WarpImportError::NotAboveFinalized { number, finalized });
		}
		Ok(())
	}
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use crate::{
		test_chain::{chain, open},
		ImportOutcome,
	};
	use sp_runtime::traits::{Block as _, Header as _};
	use sp_state_machine::Backend;

	/// A block's state as `state/2` delivers it: the main trie's pairs, and each child trie's.
	pub(crate) fn export(client: &Client, at: Hash) -> (Pairs, Vec<(Vec<u8>, Pairs)>) {
		let state = client.state_at(at).unwrap().uncached();
		let top: Pairs = state.pairs(Default::default()).unwrap().map(Result::unwrap).collect();
		let children = top
			.iter()
			.filter(|(key, _)| well_known_keys::is_child_storage_key(key))
			.map(|(key, _)| {
				let mut args = sp_state_machine::IterArgs::default();
				args.child_info = Some(child_info(key).unwrap());
				(key.clone(), state.pairs(args).unwrap().map(Result::unwrap).collect())
			})
			.collect();
		(top, children)
	}

	pub(crate) fn justifications() -> Justifications {
		Justifications::from((*b"FRNK", vec![1, 2, 3]))
	}

	/// System's `Number`: the block number the state was built for.
	fn system_number_key() -> Vec<u8> {
		[sp_crypto_hashing::twox_128(b"System"), sp_crypto_hashing::twox_128(b"Number")].concat()
	}

	#[test]
	fn a_warp_synced_client_reads_calls_and_imports_on_top() {
		let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
		let source = open(dir_a.path());
		let blocks = chain(&source, 4);
		let warp = blocks[2].header().clone();
		let warp_hash = warp.hash();
		let (top, children) = export(&source, warp_hash);
		assert!(children.is_empty(), "the dev chain has no child tries");

		let fresh = open(dir_b.path());
		let mut imported = fresh.import_notifications();
		let mut finalized = fresh.finality_notifications();
		fresh.import_warp_state(warp.clone(), justifications(), top, children).unwrap();

		let info = fresh.info();
		assert_eq!((info.best_hash, info.best_number), (warp_hash, 3));
		assert_eq!((info.finalized_hash, info.finalized_number), (warp_hash, 3));
		assert_eq!(fresh.header(warp_hash).unwrap(), Some(warp.clone()));
		assert_eq!(fresh.justifications(warp_hash).unwrap(), Some(justifications()));
		assert_eq!(fresh.body(warp_hash).unwrap(), None, "the warp block has no body");
		assert_eq!(fresh.hash(3).unwrap(), Some(warp_hash));
		assert_eq!(fresh.hash(2).unwrap(), None, "the gap");
		assert_eq!(fresh.hash(0).unwrap(), Some(info.genesis_hash));
		assert_eq!(fresh.warp_block().unwrap(), Some((warp_hash, 3)));
		let note = imported.try_recv().unwrap();
		assert!(note.hash == warp_hash && note.is_new_best);
		assert_eq!(finalized.try_recv().unwrap().hash, warp_hash);

		// Reads and runtime calls at the warp block are the source's.
		let number = fresh.storage(warp_hash, &system_number_key()).unwrap().unwrap();
		assert_eq!(number, 3u32.encode());
		assert_eq!(
			fresh.runtime_version(warp_hash).unwrap(),
			source.runtime_version(warp_hash).unwrap()
		);
		for method in ["GrandpaApi_grandpa_authorities", "AuraApi_authorities"] {
			assert_eq!(
				fresh.call_at(warp_hash, method, &[]).unwrap(),
				source.call_at(warp_hash, method, &[]).unwrap(),
				"{method}"
			);
		}

		// What needs the missing ancestors fails with a typed error.
		let parent = warp.parent_hash;
		assert!(matches!(fresh.state_at(parent), Err(ClientError::UnknownBlock(h)) if h == parent));
		assert!(matches!(
			fresh.tree_route(info.genesis_hash, warp_hash),
			Err(ClientError::UnknownBlock(h)) if h == parent
		));
		assert!(fresh.is_descendant_of(info.genesis_hash, 0, &warp).unwrap());

		// The next block imports (seal, execution, state root) on the warp block.
		let next = blocks[3].clone();
		let next_hash = next.header().hash();
		assert_eq!(
			fresh.import_block(next, None).unwrap(),
			ImportOutcome::Imported { hash: next_hash, number: 4, best: true }
		);
		fresh.finalize(next_hash, None).unwrap();
		assert_eq!(fresh.storage(next_hash, &system_number_key()).unwrap(), Some(4u32.encode()));

		// The same height again is refused.
		let (top, children) = export(&source, warp_hash);
		assert!(matches!(
			fresh.import_warp_state(warp, justifications(), top, children),
			Err(WarpImportError::NotAboveFinalized { number: 3, finalized: 4 })
		));

		// A restarted node is at the warp block's descendant.
		drop(fresh);
		let reopened = open(dir_b.path());
		assert_eq!(reopened.info().best_hash, next_hash);
		assert_eq!(reopened.info().finalized_number, 4);
		assert_eq!(reopened.warp_block().unwrap(), Some((warp_hash, 3)));
	}

	#[test]
	fn a_state_of_another_root_is_refused_and_nothing_is_written() {
		let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
		let source = open(dir_a.path());
		let blocks = chain(&source, 2);
		let warp = blocks[1].header().clone();
		let (mut top, children) = export(&source, warp.hash());
		let fresh = open(dir_b.path());
		let before = fresh.info();

		let number_at = top.iter().position(|(k, _)| *k == system_number_key()).unwrap();
		top[number_at].1 = 7u32.encode();
		let error = fresh
			.import_warp_state(warp.clone(), justifications(), top.clone(), children.clone())
			.unwrap_err();
		assert!(
			matches!(error, WarpImportError::StateRootMismatch { number: 2, header, .. } if header == warp.state_root),
			"{error}"
		);
		// A pair missing is refused as well.
		top.remove(number_at);
		assert!(matches!(
			fresh.import_warp_state(warp.clone(), justifications(), top.clone(), children.clone()),
			Err(WarpImportError::StateRootMismatch { .. })
		));
		top.retain(|(key, _)| key != well_known_keys::CODE);
		assert!(matches!(
			fresh.import_warp_state(warp.clone(), justifications(), top, children),
			Err(WarpImportError::NoCode)
		));

		assert_eq!(fresh.info(), before);
		assert_eq!(fresh.header(warp.hash()).unwrap(), None);
		assert_eq!(fresh.hash(2).unwrap(), None);
		assert_eq!(fresh.warp_block().unwrap(), None);
	}

	/// Child tries are rebuilt from their pairs, and the main trie's roots of them must agree.
	#[test]
	fn child_tries_are_rebuilt() {
		let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
		let source = open(dir_a.path());
		let genesis = source.info().genesis_hash;
		let (mut top, _) = export(&source, genesis);
		let version = source.runtime_version(genesis).unwrap();
		// The genesis state plus a child trie, and a header committing to it.
		let child = ChildInfo::new_default(b"warp-test");
		let pairs: Pairs = (0..50u8).map(|i| (vec![i; 3], vec![i; 40])).collect();
		let mut expected = OverlayedChanges::<Hashing>::default();
		for (key, value) in &pairs {
			expected.set_child_storage(&child, key.clone(), Some(value.clone()));
		}
		let state = source.state_at(genesis).unwrap();
		let root = expected.drain_storage_changes(&state, state_version(&version)).unwrap();
		let child_key = child.prefixed_storage_key().into_inner();
		let header = Header::new(
			5,
			Default::default(),
			root.transaction_storage_root,
			Hash::repeat_byte(5),
			Default::default(),
		);
		let fresh = open(dir_b.path());

		// The main trie names the child trie, whose pairs are missing.
		top.push((child_key.clone(), vec![0; 32]));
		assert!(matches!(
			fresh.import_warp_state(header.clone(), justifications(), top.clone(), vec![]),
			Err(WarpImportError::MissingChild(_))
		));
		assert!(matches!(
			fresh.import_warp_state(
				header.clone(),
				justifications(),
				top.clone(),
				vec![(b"not-a-child".to_vec(), pairs.clone())]
			),
			Err(WarpImportError::InvalidChildKey(_))
		));
		fresh
			.import_warp_state(header.clone(), justifications(), top, vec![(child_key, pairs)])
			.unwrap();
		let state = fresh.state_at(header.hash()).unwrap();
		assert_eq!(state.child_storage(&child, &[7; 3]).unwrap(), Some(vec![7; 40]));
		assert_eq!(state.root(), header.state_root);
	}
}
