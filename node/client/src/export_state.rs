//! `export-state`: the whole state of a block, child tries included, as chain-spec genesis
//! storage (a new chain can start from it).

use crate::{Client, ClientError};
use sci_primitives::{Hash, Hashing};
use sp_core::storage::{ChildInfo, ChildType, PrefixedStorageKey, Storage, StorageChild};
use sp_runtime::traits::Hash as _;
use sp_state_machine::{Backend, IterArgs};
use std::collections::BTreeSet;

/// Every pair of `state`, child tries included: `f` gets the child trie (`None` for the main
/// one), the key and the value. A child trie's key in the main trie is given too.
fn walk<B: Backend<Hashing, Error = String>>(
	state: &B,
	mut f: impl FnMut(Option<&ChildInfo>, Vec<u8>, Vec<u8>),
) -> Result<(), ClientError> {
	let each = |args: IterArgs<'_>, f: &mut dyn FnMut(Vec<u8>, Vec<u8>)| {
		for pair in state.pairs(args).map_err(ClientError::State)? {
			let (key, value) = pair.map_err(ClientError::State)?;
			f(key, value);
		}
		Ok::<_, ClientError>(())
	};
	let mut children = Vec::new();
	each(IterArgs::default(), &mut |key, value| {
		if let Some((ChildType::ParentKeyId, name)) =
			ChildType::from_prefixed_key(PrefixedStorageKey::new_ref(&key))
		{
			children.push(ChildInfo::new_default(name));
		}
		f(None, key, value)
	})?;
	for child in children {
		let mut args = IterArgs::default();
		args.child_info = Some(child.clone());
		each(args, &mut |key, value| f(Some(&child), key, value))?;
	}
	Ok(())
}

impl Client {
	/// Every key-value pair of block `hash`'s state; default child tries under
	/// `children_default` by their (unprefixed) storage key, as genesis storage holds them.
	pub fn export_state(&self, hash: Hash) -> Result<Storage, ClientError> {
		let mut storage = Storage::default();
		walk(&self.state_at(hash)?.uncached(), |child, key, value| match child {
			Some(child_info) => {
				storage
					.children_default
					.entry(child_info.storage_key().to_vec())
					.or_insert_with(|| StorageChild {
						data: Default::default(),
						child_info: child_info.clone(),
					})
					.data
					.insert(key, value);
			},
			None if ChildType::from_prefixed_key(PrefixedStorageKey::new_ref(&key)).is_some() => {},
			None => {
				storage.top.insert(key, value);
			},
		})?;
		Ok(storage)
	}

	/// The hashes of every trie node block `hash`'s state holds, walked without the trie
	/// cache (a missing node fails the walk): what a pruned database must hold exactly, for
	/// its tests and measurements.
	pub fn trie_nodes(&self, hash: Hash) -> Result<BTreeSet<Hash>, ClientError> {
		let recorder = sp_trie::recorder::Recorder::<Hashing>::default();
		walk(&self.state_at(hash)?.proving(recorder.clone()), |_, _, _| {})?;
		Ok(recorder
			.drain_storage_proof()
			.into_iter_nodes()
			.map(|node| Hashing::hash(&node))
			.collect())
	}
}

#[cfg(test)]
mod tests {
	use crate::test_chain::{chain, open};
	use sp_core::storage::well_known_keys;
	use sp_runtime::traits::Block as _;
	use sp_state_machine::Backend as _;

	#[test]
	fn the_exported_state_rebuilds_the_blocks_state_root() {
		let dir = tempfile::tempdir().unwrap();
		let client = open(dir.path());
		let blocks = chain(&client, 2);
		let header = blocks[1].header().clone();
		let storage = client.export_state(header.hash()).unwrap();
		assert!(storage.top.contains_key(well_known_keys::CODE));
		let version = crate::state_version(&client.runtime_version(header.hash()).unwrap());
		let backend =
			sp_state_machine::InMemoryBackend::<sci_primitives::Hashing>::from((storage, version));
		let (root, _) = backend.storage_root(std::iter::empty(), version);
		assert_eq!(root, header.state_root);
	}
}
