//! `revert`: taking the newest blocks of the best chain back off the node, as polkadot-sdk's
//! `revert` does, never the finalized block or those below it (other nodes may have built on
//! them, and GRANDPA votes are cast on them).

use crate::{number_key, Client, ClientError};
use codec::Encode;
use sci_primitives::BlockNumber;
use sci_storage::db::{columns, meta, Change};

impl Client {
	/// Remove up to `count` of the newest blocks of the best chain, stopping at the finalized
	/// block: their headers, bodies, justifications and index entries go in one database commit,
	/// with their states (the trie nodes they added), and the newest block kept becomes the
	/// best. Returns how many were removed. Blocks built on them on other forks stay stored
	/// until finality passes their height, which discards them.
	pub fn revert(&self, count: BlockNumber) -> Result<BlockNumber, ClientError> {
		let _guard = self.import_lock.lock();
		let mut info = self.info();
		let target = info.best_number.saturating_sub(count).max(info.finalized_number);
		let mut batch: Vec<Change> = Vec::new();
		let mut header = self.expect_header(info.best_hash)?;
		while header.number > target {
			batch.extend(self.pruner.discard_changes(header.number, &header.hash())?);
			let key = header.hash().encode();
			for column in [columns::HEADER, columns::BODY, columns::JUSTIFICATION] {
				batch.push((column, key.clone(), None));
			}
			batch.push((columns::CANONICAL, number_key(header.number), None));
			header = self.expect_header(header.parent_hash)?;
		}
		let reverted = info.best_number - header.number;
		if reverted == 0 {
			return Ok(0);
		}
		let hash = header.hash();
		batch.push((columns::META, meta::BEST.to_vec(), Some(hash.encode())));
		self.db.commit(batch)?;
		info.best_hash = hash;
		info.best_number = header.number;
		*self.info.write() = info;
		Ok(reverted)
	}
}

#[cfg(test)]
mod tests {
	use crate::{
		test_chain::{chain_finalizing, open},
		ImportOutcome,
	};
	use sp_runtime::traits::Block as _;

	#[test]
	fn reverts_unfinalized_blocks_only_and_can_import_them_again() {
		let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
		let source = open(dir_a.path());
		let blocks = chain_finalizing(&source, 6, false);
		let client = open(dir_b.path());
		for block in &blocks {
			client.import_block(block.clone(), None).unwrap();
		}
		client.finalize(blocks[1].header().hash(), None).unwrap();
		assert_eq!(client.info().best_number, 6);

		assert_eq!(client.revert(3).unwrap(), 3);
		let info = client.info();
		assert_eq!((info.best_number, info.best_hash), (3, blocks[2].header().hash()));
		for gone in &blocks[3..] {
			assert_eq!(client.header(gone.header().hash()).unwrap(), None);
		}
		assert_eq!(client.hash(4).unwrap(), None);
		// Never past the finalized block (#2).
		assert_eq!(client.revert(100).unwrap(), 1);
		assert_eq!(client.info().best_number, 2);
		assert_eq!(client.revert(1).unwrap(), 0);
		assert_eq!(client.info().finalized_number, 2);

		// A restart sees the reverted chain, and the blocks import again (executed anew).
		drop(client);
		let reopened = open(dir_b.path());
		assert_eq!(reopened.info().best_number, 2);
		for block in &blocks[2..] {
			assert!(matches!(
				reopened.import_block(block.clone(), None).unwrap(),
				ImportOutcome::Imported { .. }
			));
		}
		assert_eq!(reopened.info().best_hash, blocks[5].header().hash());
	}
}
