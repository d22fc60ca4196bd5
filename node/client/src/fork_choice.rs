//! Fork choice and the canonical chain, over any store of headers.
//!
//! The longest chain wins, as polkadot-sdk's `LongestChain`: a block becomes best when it is
//! higher than the best block; at equal height the block seen first stays best. The canonical
//! index (number → hash) follows the best block: on a re-org the heights of the new branch are
//! rewritten down to the common ancestor, and heights above a shorter new tip are removed.
//! The client applies these decisions to its database in the same commit as the block.

use sci_client_api::{ClientError, TreeRoute};
use sci_primitives::{BlockNumber, Hash, Header};

/// The headers and the canonical index the fork choice reads.
pub trait Headers {
	/// The header of block `hash`, if stored.
	fn header(&self, hash: Hash) -> Result<Option<Header>, ClientError>;
	/// The canonical (best chain's) block at `number`.
	fn canonical(&self, number: BlockNumber) -> Result<Option<Hash>, ClientError>;

	/// The header of block `hash`, which must be stored.
	fn expect_header(&self, hash: Hash) -> Result<Header, ClientError> {
		self.header(hash)?.ok_or(ClientError::UnknownBlock(hash))
	}
}

/// Whether a new block at `candidate` becomes best over the best block at `best`.
pub fn is_new_best(best: BlockNumber, candidate: BlockNumber) -> bool {
	candidate > best
}

/// The changes that make `header` the canonical tip: `(number, Some(hash))` to write and
/// `(number, None)` to remove, from the tip down to the first height that already agrees.
pub fn canonical_changes(
	headers: &impl Headers,
	header: &Header,
) -> Result<Vec<(BlockNumber, Option<Hash>)>, ClientError> {
	let mut changes = vec![(header.number, Some(header.hash()))];
	let mut cursor = header.clone();
	while cursor.number > 0 {
		let (parent_hash, parent_number) = (cursor.parent_hash, cursor.number - 1);
		if headers.canonical(parent_number)? == Some(parent_hash) {
			break;
		}
		changes.push((parent_number, Some(parent_hash)));
		cursor = headers.expect_header(parent_hash)?;
	}
	// A shorter new chain leaves stale heights above its tip.
	let mut above = header.number + 1;
	while headers.canonical(above)?.is_some() {
		changes.push((above, None));
		above += 1;
	}
	Ok(changes)
}

/// The route from block `from` to block `to` through their common ancestor.
pub fn tree_route(headers: &impl Headers, from: Hash, to: Hash) -> Result<TreeRoute, ClientError> {
	let (mut old, mut new) = (headers.expect_header(from)?, headers.expect_header(to)?);
	let mut route = TreeRoute::default();
	while old.number > new.number {
		route.retracted.push(old.hash());
		old = headers.expect_header(old.parent_hash)?;
	}
	while new.number > old.number {
		route.enacted.push(new.hash());
		new = headers.expect_header(new.parent_hash)?;
	}
	while old.hash() != new.hash() {
		route.retracted.push(old.hash());
		route.enacted.push(new.hash());
		old = headers.expect_header(old.parent_hash)?;
		new = headers.expect_header(new.parent_hash)?;
	}
	route.enacted.reverse();
	Ok(route)
}

/// Whether `header` is block `ancestor` (at `ancestor_number`) or one of its descendants.
pub fn is_descendant_of(
	headers: &impl Headers,
	ancestor: Hash,
	ancestor_number: BlockNumber,
	header: &Header,
) -> Result<bool, ClientError> {
	if header.number < ancestor_number {
		return Ok(false);
	}
	let mut cursor = header.clone();
	loop {
		let hash = cursor.hash();
		// On the canonical chain the index answers at once.
		if headers.canonical(cursor.number)? == Some(hash) {
			return Ok(headers.canonical(ancestor_number)? == Some(ancestor));
		}
		if cursor.number == ancestor_number {
			return Ok(hash == ancestor);
		}
		cursor = headers.expect_header(cursor.parent_hash)?;
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::{traits::Header as _, Digest};
	use std::collections::HashMap;

	/// Headers in memory, with a canonical index the tests move as the client would.
	#[derive(Default)]
	struct Chain {
		headers: HashMap<Hash, Header>,
		canonical: HashMap<BlockNumber, Hash>,
	}

	impl Headers for Chain {
		fn header(&self, hash: Hash) -> Result<Option<Header>, ClientError> {
			Ok(self.headers.get(&hash).cloned())
		}
		fn canonical(&self, number: BlockNumber) -> Result<Option<Hash>, ClientError> {
			Ok(self.canonical.get(&number).copied())
		}
	}

	impl Chain {
		/// A chain of only genesis.
		fn new() -> (Self, Hash) {
			let mut chain = Self::default();
			let genesis = chain.add(Hash::zero(), 0, 0);
			chain.canonical.insert(0, genesis);
			(chain, genesis)
		}

		/// Store a child of `parent` (`fork` tells siblings apart) and return its hash.
		fn add(&mut self, parent: Hash, number: BlockNumber, fork: u8) -> Hash {
			let header = Header::new(
				number,
				Hash::zero(),
				Hash::repeat_byte(fork),
				parent,
				Digest::default(),
			);
			let hash = header.hash();
			self.headers.insert(hash, header);
			hash
		}

		/// A branch of `len` blocks on `parent` at `number`.
		fn branch(
			&mut self,
			mut parent: Hash,
			number: BlockNumber,
			len: u32,
			fork: u8,
		) -> Vec<Hash> {
			(1..=len)
				.map(|i| {
					parent = self.add(parent, number + i, fork);
					parent
				})
				.collect()
		}

		/// Make `hash` the best block, as the client does.
		fn set_best(&mut self, hash: Hash) {
			let header = self.headers[&hash].clone();
			for (number, hash) in canonical_changes(self, &header).unwrap() {
				match hash {
					Some(hash) => self.canonical.insert(number, hash),
					None => self.canonical.remove(&number),
				};
			}
		}
	}

	#[test]
	fn the_longer_chain_wins_and_a_tie_keeps_the_first_seen() {
		assert!(is_new_best(5, 6));
		assert!(!is_new_best(5, 5), "a sibling at the best height does not take over");
		assert!(!is_new_best(5, 4));
	}

	#[test]
	fn a_reorg_rewrites_the_index_down_to_the_common_ancestor() {
		let (mut chain, genesis) = Chain::new();
		let a = chain.branch(genesis, 0, 3, 0xa);
		chain.set_best(a[2]);
		let b = chain.branch(a[0], 1, 3, 0xb);
		let changes = canonical_changes(&chain, &chain.headers[&b[2]].clone()).unwrap();
		assert_eq!(changes, vec![(4, Some(b[2])), (3, Some(b[1])), (2, Some(b[0]))]);
		chain.set_best(b[2]);
		assert_eq!(chain.canonical[&1], a[0], "the common ancestor stays");
		assert_eq!(
			(1..=4).map(|n| chain.canonical[&n]).collect::<Vec<_>>(),
			[a[0], b[0], b[1], b[2]]
		);
	}

	#[test]
	fn a_shorter_new_tip_removes_the_heights_above_it() {
		let (mut chain, genesis) = Chain::new();
		let a = chain.branch(genesis, 0, 4, 0xa);
		chain.set_best(a[3]);
		// Finality moving onto a shorter branch makes its tip best.
		let b = chain.branch(genesis, 0, 2, 0xb);
		let changes = canonical_changes(&chain, &chain.headers[&b[1]].clone()).unwrap();
		assert_eq!(changes, vec![(2, Some(b[1])), (1, Some(b[0])), (3, None), (4, None)]);
		chain.set_best(b[1]);
		assert_eq!(chain.canonical.len(), 3, "genesis and the two blocks of the new branch");
	}

	#[test]
	fn extending_the_best_chain_writes_one_height() {
		let (mut chain, genesis) = Chain::new();
		let a = chain.branch(genesis, 0, 2, 0xa);
		chain.set_best(a[0]);
		assert_eq!(
			canonical_changes(&chain, &chain.headers[&a[1]].clone()).unwrap(),
			vec![(2, Some(a[1]))]
		);
	}

	#[test]
	fn the_tree_route_leaves_one_branch_and_enters_the_other() {
		let (mut chain, genesis) = Chain::new();
		let a = chain.branch(genesis, 0, 3, 0xa);
		let b = chain.branch(a[0], 1, 3, 0xb);
		let route = tree_route(&chain, a[2], b[2]).unwrap();
		assert_eq!(route.retracted, vec![a[2], a[1]]);
		assert_eq!(route.enacted, vec![b[0], b[1], b[2]]);
		let back = tree_route(&chain, b[2], a[2]).unwrap();
		assert_eq!(back.retracted, vec![b[2], b[1], b[0]]);
		assert_eq!(back.enacted, vec![a[1], a[2]]);
		assert_eq!(tree_route(&chain, a[2], a[2]).unwrap(), TreeRoute::default());
		let ahead = tree_route(&chain, a[0], a[2]).unwrap();
		assert_eq!((ahead.retracted, ahead.enacted), (vec![], vec![a[1], a[2]]));
	}

	#[test]
	fn descent_is_checked_on_and_off_the_canonical_chain() {
		let (mut chain, genesis) = Chain::new();
		let a = chain.branch(genesis, 0, 3, 0xa);
		chain.set_best(a[2]);
		let b = chain.branch(a[0], 1, 2, 0xb);
		let header = |h: &Hash| chain.headers[h].clone();
		assert!(is_descendant_of(&chain, a[0], 1, &header(&a[2])).unwrap());
		assert!(is_descendant_of(&chain, a[0], 1, &header(&b[1])).unwrap(), "a fork above a[0]");
		assert!(!is_descendant_of(&chain, a[1], 2, &header(&b[1])).unwrap(), "a sibling branch");
		assert!(!is_descendant_of(&chain, a[2], 3, &header(&a[1])).unwrap(), "below the ancestor");
		assert!(is_descendant_of(&chain, b[0], 2, &header(&b[0])).unwrap(), "a block itself");
	}

	#[test]
	fn a_missing_parent_is_an_error_not_a_panic() {
		let (mut chain, genesis) = Chain::new();
		let orphan = chain.add(Hash::repeat_byte(9), 5, 1);
		let error = canonical_changes(&chain, &chain.headers[&orphan].clone()).unwrap_err();
		assert!(matches!(error, ClientError::UnknownBlock(h) if h == Hash::repeat_byte(9)));
		assert!(tree_route(&chain, genesis, orphan).is_err());
	}
}
