//! `export-state`: the whole state of a block, child tries included, as chain-spec genesis
//! storage (a new chain can start from it).

use crate::{Client, ClientError};
use sci_primitives::Hash;
use sp_core::storage::{ChildInfo, ChildType, PrefixedStorageKey, Storage, StorageChild};
use sp_state_machine::{Backend, IterArgs};

impl Client {
	/// Every key-value pair of block `hash`'s state; default child tries under
	/// `children_default` by their (unprefixed) storage key, as genesis storage holds them.
	pub fn export_state(&self, hash: Hash) -> Result<Storage, ClientError> {
		let state = self.state_at(hash)?.uncached();
		let read = |args: IterArgs<'_>| -> Result<sci_client_api::Pairs, ClientError> {
			state
				.pairs(args)
				.map_err(ClientError::State)?
				.map(|pair| pair.map_err(ClientError::State))
				.collect()
		};
		let mut storage = Storage::default();
		for (key, value) in read(IterArgs::default())? {
			match ChildType::from_prefixed_key(PrefixedStorageKey::new_ref(&key)) {
				Some((ChildType::ParentKeyId, name)) => {
					let child_info = ChildInfo::new_default(name);
					let mut args = IterArgs::default();
					args.child_info = Some(child_info.clone());
					let data = read(args)?.into_iter().collect();
					storage
						.children_default
						.insert(name.to_vec(), StorageChild { data, child_info });
				},
				None => {
					storage.top.insert(key, value);
				},
			}
		}
		Ok(storage)
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
