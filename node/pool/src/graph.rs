//! The transactions held, how they depend on each other, and which are ready.
//!
//! A transaction is ready when every tag it requires is provided by a ready transaction held
//! (tags the chain provides leave `requires` when their block is included). Readiness is kept
//! up to date on every change, by walking only the dependants of what changed, so the ready
//! and future sets are always known with their sizes, and the worst transaction of each (the
//! one to evict first) is the first of an ordered set.

use crate::limits::{Limit, PoolLimits};
use foldhash::{HashMap, HashSet};
use sci_primitives::{BlockNumber, Hash};
use sp_runtime::{
	transaction_validity::{TransactionPriority, TransactionSource, TransactionTag},
	AccountId32, MultiAddress, OpaqueExtrinsic,
};
use std::{
	cmp::{Ordering, Reverse},
	collections::{BTreeSet, BinaryHeap},
};

/// A signer, as its extrinsics name it.
pub(crate) type Sender = MultiAddress<AccountId32, ()>;

/// A transaction in the pool.
pub(crate) struct PoolTx {
	pub(crate) hash: Hash,
	pub(crate) extrinsic: OpaqueExtrinsic,
	pub(crate) source: TransactionSource,
	pub(crate) encoded_len: usize,
	pub(crate) priority: TransactionPriority,
	pub(crate) requires: Vec<TransactionTag>,
	pub(crate) provides: Vec<TransactionTag>,
	/// Last block number this transaction may be included in.
	pub(crate) valid_till: BlockNumber,
	/// The best block number when the runtime last validated it.
	pub(crate) validated_at: BlockNumber,
	/// Arrival order: breaks priority ties (earlier first into blocks, later first out of a
	/// full pool).
	pub(crate) seq: u64,
	/// Its signer, for the per-sender limit.
	pub(crate) sender: Option<Sender>,
	ready: bool,
}

impl PoolTx {
	/// A transaction not yet placed; the graph decides whether it is ready.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn new(
		hash: Hash,
		extrinsic: OpaqueExtrinsic,
		source: TransactionSource,
		encoded_len: usize,
		validity: sp_runtime::transaction_validity::ValidTransaction,
		valid_till: BlockNumber,
		validated_at: BlockNumber,
		seq: u64,
		sender: Option<Sender>,
	) -> Self {
		Self {
			hash,
			extrinsic,
			source,
			encoded_len,
			priority: validity.priority,
			requires: validity.requires,
			provides: validity.provides,
			valid_till,
			validated_at,
			seq,
			sender,
			ready: false,
		}
	}

	fn rank(&self) -> Rank {
		Rank { priority: self.priority, newest_first: Reverse(self.seq), hash: self.hash }
	}
}

/// Eviction order: lowest priority first, the newest first among equals.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
	priority: TransactionPriority,
	newest_first: Reverse<u64>,
	hash: Hash,
}

/// The ready or the future transactions.
#[derive(Default)]
struct Side {
	ranks: BTreeSet<Rank>,
	bytes: usize,
}

impl Side {
	fn exceeds(&self, limit: Limit) -> bool {
		self.ranks.len() > limit.count || self.bytes > limit.bytes
	}
}

/// Heap entry for the block order: highest priority first, then earliest arrival.
struct Candidate {
	priority: TransactionPriority,
	seq: u64,
	hash: Hash,
}

impl PartialEq for Candidate {
	fn eq(&self, other: &Self) -> bool {
		self.seq == other.seq
	}
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
	fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
		Some(self.cmp(other))
	}
}
impl Ord for Candidate {
	fn cmp(&self, other: &Self) -> Ordering {
		self.priority.cmp(&other.priority).then_with(|| other.seq.cmp(&self.seq))
	}
}

/// The pool's maps are looked up for every held transaction each time a block is built or
/// imported, so they hash with foldhash (seeded at random per map, which keeps crafted tags
/// from colliding on purpose) rather than SipHash.
#[derive(Default)]
pub(crate) struct Graph {
	txs: HashMap<Hash, PoolTx>,
	provided_by: HashMap<TransactionTag, Hash>,
	required_by: HashMap<TransactionTag, HashSet<Hash>>,
	ready: Side,
	future: Side,
	senders: HashMap<Sender, usize>,
	/// Readiness before the first flip since [`Self::take_changes`], per transaction.
	flipped: HashMap<Hash, bool>,
}

impl Graph {
	pub(crate) fn get(&self, hash: &Hash) -> Option<&PoolTx> {
		self.txs.get(hash)
	}

	pub(crate) fn contains(&self, hash: &Hash) -> bool {
		self.txs.contains_key(hash)
	}

	pub(crate) fn len(&self) -> usize {
		self.txs.len()
	}

	pub(crate) fn ready_count(&self) -> usize {
		self.ready.ranks.len()
	}

	pub(crate) fn future_count(&self) -> usize {
		self.future.ranks.len()
	}

	pub(crate) fn is_ready(&self, hash: &Hash) -> bool {
		self.txs.get(hash).is_some_and(|tx| tx.ready)
	}

	pub(crate) fn txs(&self) -> impl Iterator<Item = &PoolTx> {
		self.txs.values()
	}

	/// The held transaction providing `tag`.
	pub(crate) fn provider(&self, tag: &[u8]) -> Option<&PoolTx> {
		self.provided_by.get(tag).and_then(|hash| self.txs.get(hash))
	}

	/// How many transactions `sender` has in the pool.
	pub(crate) fn sender_count(&self, sender: &Sender) -> usize {
		self.senders.get(sender).copied().unwrap_or_default()
	}

	/// Record that the runtime found `hash` valid, unchanged, on block `at`.
	pub(crate) fn set_validated(&mut self, hash: &Hash, at: BlockNumber) {
		if let Some(tx) = self.txs.get_mut(hash) {
			tx.validated_at = at;
		}
	}

	fn side(&mut self, ready: bool) -> &mut Side {
		if ready {
			&mut self.ready
		} else {
			&mut self.future
		}
	}

	fn requirements_ready(&self, tx: &PoolTx) -> bool {
		tx.requires.iter().all(|tag| self.provider(tag).is_some_and(|p| p.ready))
	}

	/// Add `tx`; no held transaction may provide a tag it provides. Returns whether it is ready.
	pub(crate) fn insert(&mut self, mut tx: PoolTx) -> bool {
		let hash = tx.hash;
		for tag in &tx.requires {
			self.required_by.entry(tag.clone()).or_default().insert(hash);
		}
		for tag in &tx.provides {
			self.provided_by.insert(tag.clone(), hash);
		}
		if let Some(sender) = &tx.sender {
			*self.senders.entry(sender.clone()).or_default() += 1;
		}
		tx.ready = self.requirements_ready(&tx);
		let (ready, rank, len) = (tx.ready, tx.rank(), tx.encoded_len);
		let side = self.side(ready);
		side.ranks.insert(rank);
		side.bytes += len;
		self.txs.insert(hash, tx);
		if ready {
			self.promote_dependants(hash);
		}
		ready
	}

	/// Remove `hash`; what depended on it is no longer ready.
	pub(crate) fn remove(&mut self, hash: &Hash) -> Option<PoolTx> {
		self.take(hash, true)
	}

	/// Remove `hash`, which a block included. What depended on it stays as it is: the chain
	/// provides its tags now, and [`Self::provided_by_chain`] takes them out of the dependants'
	/// requirements (demoting a sender's queued nonces only to promote them again would cost a
	/// walk of the queue per included transaction).
	pub(crate) fn remove_included(&mut self, hash: &Hash) -> Option<PoolTx> {
		self.take(hash, false)
	}

	fn take(&mut self, hash: &Hash, demote: bool) -> Option<PoolTx> {
		let tx = self.txs.remove(hash)?;
		let side = self.side(tx.ready);
		side.ranks.remove(&tx.rank());
		side.bytes -= tx.encoded_len;
		for tag in &tx.provides {
			if self.provided_by.get(tag) == Some(hash) {
				self.provided_by.remove(tag);
			}
		}
		for tag in &tx.requires {
			if let Some(waiters) = self.required_by.get_mut(tag) {
				waiters.remove(hash);
				if waiters.is_empty() {
					self.required_by.remove(tag);
				}
			}
		}
		if let Some(sender) = &tx.sender {
			if let Some(count) = self.senders.get_mut(sender) {
				*count -= 1;
				if *count == 0 {
					self.senders.remove(sender);
				}
			}
		}
		if tx.ready && demote {
			self.demote_dependants(&tx.provides);
		}
		Some(tx)
	}

	fn set_ready(&mut self, hash: Hash, ready: bool) {
		let Some(tx) = self.txs.get_mut(&hash) else { return };
		if tx.ready == ready {
			return;
		}
		tx.ready = ready;
		let (rank, len) = (tx.rank(), tx.encoded_len);
		self.flipped.entry(hash).or_insert(!ready);
		let from = self.side(!ready);
		from.ranks.remove(&rank);
		from.bytes -= len;
		let to = self.side(ready);
		to.ranks.insert(rank);
		to.bytes += len;
	}

	fn waiters(&self, tags: &[TransactionTag]) -> Vec<Hash> {
		tags.iter().filter_map(|tag| self.required_by.get(tag)).flatten().copied().collect()
	}

	/// `hash` became ready: so does each dependant whose requirements are all ready now.
	fn promote_dependants(&mut self, hash: Hash) {
		let mut pending = vec![hash];
		while let Some(hash) = pending.pop() {
			let Some(tx) = self.txs.get(&hash) else { continue };
			for waiter in self.waiters(&tx.provides) {
				let promote =
					self.txs.get(&waiter).is_some_and(|w| !w.ready && self.requirements_ready(w));
				if promote {
					self.set_ready(waiter, true);
					pending.push(waiter);
				}
			}
		}
	}

	/// The providers of `tags` left or stopped being ready: their ready dependants are not.
	fn demote_dependants(&mut self, tags: &[TransactionTag]) {
		let mut pending = self.waiters(tags);
		while let Some(hash) = pending.pop() {
			if !self.is_ready(&hash) {
				continue;
			}
			self.set_ready(hash, false);
			if let Some(tx) = self.txs.get(&hash) {
				pending.extend(self.waiters(&tx.provides));
			}
		}
	}

	/// The chain now provides `tags` (a block included their providers): dependants stop
	/// waiting for them, and those with nothing else to wait for become ready.
	pub(crate) fn provided_by_chain(&mut self, tags: &HashSet<TransactionTag>) {
		let mut unblocked = Vec::new();
		for tag in tags {
			for waiter in self.required_by.remove(tag).unwrap_or_default() {
				if let Some(tx) = self.txs.get_mut(&waiter) {
					tx.requires.retain(|t| t != tag);
					unblocked.push(waiter);
				}
			}
		}
		for hash in unblocked {
			let promote =
				self.txs.get(&hash).is_some_and(|tx| !tx.ready && self.requirements_ready(tx));
			if promote {
				self.set_ready(hash, true);
				self.promote_dependants(hash);
			}
		}
	}

	/// Transactions whose readiness differs from what it was at the last call, with what it
	/// is now (a transaction demoted then promoted again is not reported).
	pub(crate) fn take_changes(&mut self) -> Vec<(Hash, bool)> {
		let flipped = std::mem::take(&mut self.flipped);
		flipped
			.into_iter()
			.filter_map(|(hash, was)| {
				let now = self.txs.get(&hash)?.ready;
				(now != was).then_some((hash, now))
			})
			.collect()
	}

	/// `hash` and every transaction that depends on it, directly or not.
	pub(crate) fn subtree(&self, hash: Hash) -> Vec<Hash> {
		let mut seen = HashSet::default();
		let mut pending = vec![hash];
		let mut all = Vec::new();
		while let Some(hash) = pending.pop() {
			let Some(tx) = self.txs.get(&hash) else { continue };
			if seen.insert(hash) {
				all.push(hash);
				pending.extend(self.waiters(&tx.provides));
			}
		}
		all
	}

	/// What to evict, worst first with their dependants, to bring the ready and future sets
	/// within `limits`; `None` when `keep` (the transaction being admitted) would be among
	/// them.
	pub(crate) fn eviction_plan(
		&self,
		limits: &PoolLimits,
		keep: Option<Hash>,
	) -> Option<Vec<Hash>> {
		let mut planned = HashSet::default();
		let mut order = Vec::new();
		let mut left = [
			(self.ready.ranks.len(), self.ready.bytes),
			(self.future.ranks.len(), self.future.bytes),
		];
		for (index, (side, limit)) in
			[(&self.ready, limits.ready), (&self.future, limits.future)].into_iter().enumerate()
		{
			let mut worst_first = side.ranks.iter();
			while left[index].0 > limit.count || left[index].1 > limit.bytes {
				let Some(worst) = worst_first.next() else { break };
				if planned.contains(&worst.hash) {
					continue;
				}
				let subtree = self.subtree(worst.hash);
				if keep.is_some_and(|keep| subtree.contains(&keep)) {
					return None;
				}
				for hash in subtree {
					if planned.insert(hash) {
						let tx = &self.txs[&hash];
						let counts = &mut left[usize::from(!tx.ready)];
						counts.0 -= 1;
						counts.1 -= tx.encoded_len;
						order.push(hash);
					}
				}
			}
		}
		Some(order)
	}

	/// Whether the ready and future sets are within `limits`.
	pub(crate) fn within(&self, limits: &PoolLimits) -> bool {
		!self.ready.exceeds(limits.ready) && !self.future.exceeds(limits.future)
	}

	/// The ready transactions in an order that respects their tags: highest priority first
	/// among those whose requirements are met by transactions before them.
	pub(crate) fn ready_order(&self) -> Vec<Hash> {
		// Requirements not yet met, per transaction, and who waits on which tag.
		let mut missing: HashMap<Hash, usize> = HashMap::default();
		let mut waiting: HashMap<&TransactionTag, Vec<Hash>> = HashMap::default();
		let mut heap = BinaryHeap::new();
		for rank in &self.ready.ranks {
			let tx = &self.txs[&rank.hash];
			if tx.requires.is_empty() {
				heap.push(Candidate { priority: tx.priority, seq: tx.seq, hash: tx.hash });
			} else {
				missing.insert(tx.hash, tx.requires.len());
				for tag in &tx.requires {
					waiting.entry(tag).or_default().push(tx.hash);
				}
			}
		}
		let mut order = Vec::with_capacity(self.ready.ranks.len());
		while let Some(Candidate { hash, .. }) = heap.pop() {
			for tag in &self.txs[&hash].provides {
				for waiter in waiting.remove(tag).unwrap_or_default() {
					let Some(count) = missing.get_mut(&waiter) else { continue };
					*count -= 1;
					if *count == 0 {
						let w = &self.txs[&waiter];
						heap.push(Candidate { priority: w.priority, seq: w.seq, hash: waiter });
					}
				}
			}
			order.push(hash);
		}
		order
	}

	/// Every invariant the graph keeps, checked from scratch (tests).
	#[cfg(test)]
	pub(crate) fn check(&self) {
		let (mut ready, mut future) = ((0, 0), (0, 0));
		for tx in self.txs.values() {
			assert_eq!(tx.ready, self.requirements_ready(tx), "readiness of {:?}", tx.hash);
			let counts = if tx.ready { &mut ready } else { &mut future };
			counts.0 += 1;
			counts.1 += tx.encoded_len;
			for tag in &tx.provides {
				assert_eq!(self.provided_by.get(tag), Some(&tx.hash));
			}
			for tag in &tx.requires {
				assert!(self.required_by[tag].contains(&tx.hash));
			}
		}
		assert_eq!(ready, (self.ready.ranks.len(), self.ready.bytes));
		assert_eq!(future, (self.future.ranks.len(), self.future.bytes));
		let senders: usize = self.senders.values().sum();
		assert_eq!(senders, self.txs.values().filter(|tx| tx.sender.is_some()).count());
	}
}
