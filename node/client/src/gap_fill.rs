//! Filling the gap a warp sync leaves: the blocks from the warp block down to #1, stored whole
//! (header, body, canonical index entry) without executing them.
//!
//! They need no execution because each is proven by the one above it: the warp block is
//! finalized (a verified warp proof), and a block whose hash is the parent hash of a stored
//! block is that block's parent. A body is checked against its header's extrinsics root. What
//! the gap awaits next is a [`GapCursor`] stored beside the chain and moved in the same
//! database commit as the blocks, so a restart resumes where the filling stopped.
//!
//! Their states are not stored (they would have to be computed from genesis), nor their
//! justifications (their authority sets are not known without those states): runtime calls
//! and state reads at them fail with `StateUnavailable`, and block requests are answered with
//! headers and bodies.

use crate::{number_key, Client, ClientError};
use codec::Encode;
use sci_client_api::{GapCursor, GapImportError};
use sci_primitives::{opaque::Block, Hashing};
use sci_storage::db::{columns, Change};
use sp_runtime::{traits::Hash as _, StateVersion};

/// The `aux` key of the [`GapCursor`]; absent when there is no gap.
pub const GAP_CURSOR_KEY: &[u8] = b"gap_cursor";

/// Whether `block`'s body makes its header's extrinsics root. The runtime computes the root
/// with its state version, which a block without state does not tell: either version's root is
/// a commitment to the body, so a match under either proves it.
fn body_matches(block: &Block) -> bool {
	let encoded: Vec<Vec<u8>> = block.extrinsics.iter().map(Encode::encode).collect();
	[StateVersion::V1, StateVersion::V0].into_iter().any(|version| {
		Hashing::ordered_trie_root(encoded.clone(), version) == block.header.extrinsics_root
	})
}

impl Client {
	/// The block the gap below the warp block awaits next, if there is a gap.
	pub fn gap_cursor(&self) -> Result<Option<GapCursor>, ClientError> {
		self.aux(GAP_CURSOR_KEY)?.map(|bytes| crate::decode("gap cursor", &bytes)).transpose()
	}

	/// Store `blocks` (highest first) into the gap: the first must be the awaited block, each
	/// next one its parent, and each body must match its header. All or nothing: a block that
	/// does not fit refuses the whole batch. Returns what the gap awaits next, `None` once
	/// block #1 (whose parent must be genesis) is stored.
	pub fn import_gap_blocks(
		&self,
		blocks: Vec<Block>,
	) -> Result<Option<GapCursor>, GapImportError> {
		// One filler at a time: the cursor is read, checked against and moved.
		let _guard = self.gap_lock.lock();
		let mut next = Some(self.gap_cursor()?.ok_or(GapImportError::NoGap)?);
		let mut batch: Vec<Change> = Vec::with_capacity(blocks.len() * 3 + 1);
		for block in blocks {
			// Blocks below #1 do not exist: the rest of the batch is ignored.
			let Some(expected) = next else { break };
			let (hash, number) = (block.header.hash(), block.header.number);
			if (hash, number) != (expected.hash, expected.number) {
				return Err(GapImportError::NotAwaited { number, hash, expected });
			}
			if !body_matches(&block) {
				return Err(GapImportError::BodyMismatch(number));
			}
			let key = hash.encode();
			batch.push((columns::HEADER, key.clone(), Some(block.header.encode())));
			batch.push((columns::BODY, key.clone(), Some(block.extrinsics.encode())));
			batch.push((columns::CANONICAL, number_key(number), Some(key)));
			next = if number > 1 {
				Some(GapCursor { hash: block.header.parent_hash, number: number - 1 })
			} else if block.header.parent_hash == self.info().genesis_hash {
				None
			} else {
				return Err(GapImportError::NotOnGenesis(block.header.parent_hash));
			};
		}
		if batch.is_empty() {
			return Ok(next);
		}
		batch.push((columns::META, crate::aux_key(GAP_CURSOR_KEY), next.map(|c| c.encode())));
		self.db.commit(batch).map_err(ClientError::from)?;
		Ok(next)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		test_chain::{chain, open},
		warp_import::tests::{export, justifications},
	};
	use sci_primitives::Hash;
	use sp_runtime::traits::Block as _;
	use std::sync::Arc;

	/// A fresh client warp-synced to block `warp` of a `len`-block source chain.
	fn warp_synced(len: u64, warp: usize) -> (Vec<Block>, Arc<Client>, [tempfile::TempDir; 2]) {
		let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
		let source = open(dirs[0].path());
		let blocks = chain(&source, len);
		let header = blocks[warp - 1].header().clone();
		let (top, children) = export(&source, header.hash());
		let fresh = open(dirs[1].path());
		fresh.import_warp_state(header, justifications(), top, children).unwrap();
		(blocks, fresh, dirs)
	}

	#[test]
	fn the_gap_fills_down_to_genesis_across_restarts() {
		let (blocks, fresh, dirs) = warp_synced(6, 5);
		let cursor = |i: usize| GapCursor { hash: blocks[i].header().hash(), number: i as u32 + 1 };
		assert_eq!(fresh.gap_cursor().unwrap(), Some(cursor(4)), "the warp block's body first");

		// The warp block and its parent, highest first.
		let next = fresh.import_gap_blocks(vec![blocks[4].clone(), blocks[3].clone()]).unwrap();
		assert_eq!(next, Some(cursor(2)));
		assert_eq!(
			fresh.body(blocks[4].header().hash()).unwrap(),
			Some(blocks[4].extrinsics.clone())
		);
		assert_eq!(fresh.hash(4).unwrap(), Some(blocks[3].header().hash()));
		assert_eq!(
			fresh.header(blocks[3].header().hash()).unwrap().as_ref(),
			Some(blocks[3].header())
		);
		assert_eq!(fresh.hash(3).unwrap(), None, "not filled yet");

		// A restart resumes at the cursor.
		drop(fresh);
		let reopened = open(dirs[1].path());
		assert_eq!(reopened.gap_cursor().unwrap(), Some(cursor(2)));
		let rest = vec![blocks[2].clone(), blocks[1].clone(), blocks[0].clone()];
		assert_eq!(reopened.import_gap_blocks(rest).unwrap(), None, "the gap is closed");
		assert_eq!(reopened.gap_cursor().unwrap(), None);
		for (i, block) in blocks[..5].iter().enumerate() {
			let hash = block.header().hash();
			assert_eq!(reopened.hash(i as u32 + 1).unwrap(), Some(hash));
			assert_eq!(reopened.body(hash).unwrap(), Some(block.extrinsics.clone()));
		}
		// Filled blocks have no state: calls at them fail with a typed error.
		let filled = blocks[2].header().hash();
		assert!(matches!(
			reopened.state_at(filled),
			Err(ClientError::StateUnavailable { hash, number: 3 }) if hash == filled
		));
		assert!(reopened.call_at(filled, "Core_version", &[]).is_err());
		assert!(matches!(
			reopened.import_gap_blocks(vec![blocks[0].clone()]),
			Err(GapImportError::NoGap)
		));
	}

	#[test]
	fn blocks_that_do_not_fit_are_refused_and_nothing_is_written() {
		let (blocks, fresh, _dirs) = warp_synced(4, 4);
		let awaited = GapCursor { hash: blocks[3].header().hash(), number: 4 };

		// Not the awaited block (a valid block of the chain, but the wrong height).
		let error = fresh.import_gap_blocks(vec![blocks[2].clone()]).unwrap_err();
		assert!(
			matches!(error, GapImportError::NotAwaited { number: 3, expected, .. } if expected == awaited),
			"{error}"
		);
		// The awaited block, then a block that is not its parent: the whole batch is refused.
		let error =
			fresh.import_gap_blocks(vec![blocks[3].clone(), blocks[1].clone()]).unwrap_err();
		assert!(matches!(error, GapImportError::NotAwaited { number: 2, .. }), "{error}");
		assert_eq!(fresh.body(blocks[3].header().hash()).unwrap(), None);
		// A body that is not the header's.
		let mut forged = blocks[3].clone();
		forged.extrinsics.push(forged.extrinsics[0].clone());
		assert!(matches!(
			fresh.import_gap_blocks(vec![forged]),
			Err(GapImportError::BodyMismatch(4))
		));
		let mut emptied = blocks[3].clone();
		emptied.extrinsics.clear();
		assert!(matches!(
			fresh.import_gap_blocks(vec![emptied]),
			Err(GapImportError::BodyMismatch(4))
		));
		assert_eq!(fresh.gap_cursor().unwrap(), Some(awaited));
		assert_eq!(fresh.import_gap_blocks(vec![]).unwrap(), Some(awaited));
	}

	#[test]
	fn block_one_must_sit_on_genesis() {
		let (blocks, fresh, _dirs) = warp_synced(1, 1);
		// A header numbered 1 with another parent cannot have the awaited hash; the check on
		// genesis still guards a cursor that names such a block.
		let mut header = blocks[0].header().clone();
		header.parent_hash = Hash::repeat_byte(9);
		let stray = Block::new(header.clone(), blocks[0].extrinsics.clone());
		let cursor = GapCursor { hash: header.hash(), number: 1 };
		fresh
			.db
			.commit(vec![(columns::META, crate::aux_key(GAP_CURSOR_KEY), Some(cursor.encode()))])
			.unwrap();
		assert!(matches!(
			fresh.import_gap_blocks(vec![stray]),
			Err(GapImportError::NotOnGenesis(h)) if h == Hash::repeat_byte(9)
		));
	}
}
