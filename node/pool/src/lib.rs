//! The transaction pool.
//!
//! Transactions are validated by the runtime (`TaggedTransactionQueue_validate_transaction`) on
//! the best block. Ordering comes from the tags the runtime returns: a transaction is ready when
//! every tag it `requires` is provided by the chain or by a transaction ahead of it (for
//! signed transactions, the sender's previous nonce). The pool is bounded in count and bytes;
//! a transaction found invalid when a block is built is dropped with the runtime's reason.
//!
//! # Driving it
//!
//! [`TransactionPool::new`] takes the chain as a [`PoolChain`] (every `ChainApi` is one).
//! [`TransactionPool::submit`] validates on the best block (again if the pool took in a block
//! meanwhile, whose inclusions the result would not know) and admits; [`TransactionPool::ready`]
//! gives the block builder the ready order as hashes (highest priority first among those whose
//! requirements are met) and [`TransactionPool::extrinsics`] the extrinsics of each batch it
//! takes. [`TransactionPool::on_block_included`] and [`TransactionPool::on_best_changed`] follow
//! the best chain whoever authored it: included transactions leave, dependants are unblocked,
//! stale and expired ones are dropped, and on a re-org the transactions of retracted blocks come
//! back (validated again) unless the new branch includes them. A same-tag replacement needs a
//! higher priority.

use codec::{Decode, Encode};
use foldhash::HashMap;
use parking_lot::Mutex;
use sci_client_api::{ChainApi, ChainApiExt, ClientError, TreeRoute};
use sci_primitives::{BlockNumber, Hash};
use sp_runtime::{
	transaction_validity::{
		TransactionPriority, TransactionSource, TransactionTag, TransactionValidity,
		TransactionValidityError,
	},
	OpaqueExtrinsic,
};
use std::{
	cmp::Ordering,
	collections::{BinaryHeap, HashSet},
	sync::Arc,
};
use tokio::sync::broadcast;

/// Pool bounds.
#[derive(Clone, Copy, Debug)]
pub struct PoolLimits {
	/// Most transactions held.
	pub max_count: usize,
	/// Most encoded bytes held.
	pub max_bytes: usize,
}

impl Default for PoolLimits {
	fn default() -> Self {
		Self { max_count: 65_536, max_bytes: 64 * 1024 * 1024 }
	}
}

/// The chain as the pool sees it: the best block, the runtime's verdict on a transaction, and
/// the blocks a change of best block enters and leaves. Every [`ChainApi`] is one (validation
/// through `TaggedTransactionQueue_validate_transaction`); tests give the pool a chain of
/// their own, so ordering, limits and eviction are tested without Wasm or a database.
pub trait PoolChain: Send + Sync {
	/// The best block's hash and number.
	fn best_block(&self) -> (Hash, BlockNumber);
	/// The runtime's validity of `extrinsic` on top of block `at`.
	fn validate_transaction(
		&self,
		at: Hash,
		source: TransactionSource,
		extrinsic: &OpaqueExtrinsic,
	) -> Result<TransactionValidity, ClientError>;
	/// The route from block `from` to block `to` through their common ancestor.
	fn tree_route(&self, from: Hash, to: Hash) -> Result<TreeRoute, ClientError>;
	/// The number of stored block `hash`.
	fn block_number(&self, hash: Hash) -> Result<BlockNumber, ClientError>;
	/// The extrinsics of stored block `hash`.
	fn block_body(&self, hash: Hash) -> Result<Vec<OpaqueExtrinsic>, ClientError>;
}

impl<C: ChainApi + ?Sized> PoolChain for C {
	fn best_block(&self) -> (Hash, BlockNumber) {
		let info = self.info();
		(info.best_hash, info.best_number)
	}

	fn validate_transaction(
		&self,
		at: Hash,
		source: TransactionSource,
		extrinsic: &OpaqueExtrinsic,
	) -> Result<TransactionValidity, ClientError> {
		self.call_decode(
			at,
			"TaggedTransactionQueue_validate_transaction",
			&(source, extrinsic, at).encode(),
		)
	}

	fn tree_route(&self, from: Hash, to: Hash) -> Result<TreeRoute, ClientError> {
		ChainApi::tree_route(self, from, to)
	}

	fn block_number(&self, hash: Hash) -> Result<BlockNumber, ClientError> {
		Ok(self.expect_header(hash)?.number)
	}

	fn block_body(&self, hash: Hash) -> Result<Vec<OpaqueExtrinsic>, ClientError> {
		Ok(self.body(hash)?.unwrap_or_default())
	}
}

/// Why a transaction was not accepted. The codes are polkadot-sdk's author RPC error codes.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
	/// The bytes are not an extrinsic.
	#[error("Extrinsic has invalid format: {0}")]
	BadFormat(String),
	/// The runtime refused the transaction.
	#[error("Invalid Transaction: {0:?}")]
	Invalid(TransactionValidityError),
	/// The pool already holds it.
	#[error("Transaction Already Imported")]
	AlreadyImported,
	#[error("Priority is too low: ({old} vs {new})")]
	/// A transaction with the same tag and at least this priority is held.
	TooLowPriority {
		/// The held transaction's priority.
		old: TransactionPriority,
		/// This transaction's priority.
		new: TransactionPriority,
	},
	/// The pool is full.
	#[error("Immediately Dropped: the pool is full")]
	ImmediatelyDropped,
	/// The runtime's validity names no tag it provides.
	#[error("Transaction does not provide any tags, so the pool can't identify it")]
	NoTagsProvided,
	/// The chain could not be read to validate it.
	#[error(transparent)]
	Client(#[from] ClientError),
}

impl PoolError {
	/// Whether the bytes were not a transaction at all (not merely invalid now).
	pub fn is_malformed(&self) -> bool {
		matches!(self, PoolError::BadFormat(_))
	}

	/// polkadot-sdk's JSON-RPC error code for this error.
	pub fn code(&self) -> i32 {
		match self {
			PoolError::BadFormat(_) => 1001,
			PoolError::Invalid(_) => 1010,
			PoolError::AlreadyImported => 1013,
			PoolError::TooLowPriority { .. } => 1014,
			PoolError::ImmediatelyDropped => 1016,
			PoolError::NoTagsProvided => 1018,
			PoolError::Client(_) => 1011,
		}
	}
}

/// What happened to a transaction; sent to watchers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TxStatus {
	/// Ready for the next block.
	Ready,
	/// Waiting for a transaction it requires.
	Future,
	/// Included in this block.
	InBlock(Hash),
	/// Included in this finalized block.
	Finalized(Hash),
	/// Replaced by this higher-priority transaction.
	Usurped(Hash),
	/// Dropped (stale, expired or removed).
	Dropped,
	/// Found invalid when a block was built; the runtime's reason.
	Invalid(String),
}

/// A transaction in the pool.
struct PoolTx {
	hash: Hash,
	extrinsic: OpaqueExtrinsic,
	encoded_len: usize,
	priority: TransactionPriority,
	requires: Vec<TransactionTag>,
	provides: Vec<TransactionTag>,
	/// Last block number this transaction may be included in.
	valid_till: BlockNumber,
	/// Arrival order, to break priority ties fairly.
	seq: u64,
}

/// The pool's maps are looked up for every held transaction each time a block is built or
/// imported, so they hash with foldhash (seeded at random per map, which keeps crafted tags
/// from colliding on purpose) rather than SipHash.
#[derive(Default)]
struct Inner {
	txs: HashMap<Hash, PoolTx>,
	provided_by: HashMap<TransactionTag, Hash>,
	bytes: usize,
	seq: u64,
	/// Blocks processed by `on_block_included` so far: a validation that saw this count change
	/// ran against an older block than the pool now reflects.
	blocks_seen: u64,
}

/// How often a transaction is validated again because blocks arrived during its validation;
/// then it is kept as last validated (a block a second makes a second retry rare).
const VALIDATION_ATTEMPTS: u32 = 3;

impl Inner {
	fn remove(&mut self, hash: &Hash) -> Option<PoolTx> {
		let tx = self.txs.remove(hash)?;
		self.bytes -= tx.encoded_len;
		for tag in &tx.provides {
			if self.provided_by.get(tag) == Some(hash) {
				self.provided_by.remove(tag);
			}
		}
		Some(tx)
	}

	/// Whether a held transaction provides every tag `tx` requires (the chain provided the
	/// others: they left `requires` when their block was included). Necessary for `tx` to be
	/// ready, not sufficient: those transactions must be ready too.
	fn requirements_held(&self, tx: &PoolTx) -> bool {
		tx.requires.iter().all(|tag| self.provided_by.contains_key(tag))
	}

	/// Whether `tx` can go into the next block: every tag it requires is provided by a held
	/// transaction that is itself ready. Walks the chain of requirements once (a sender's
	/// earlier nonces).
	fn is_ready(&self, tx: &PoolTx) -> bool {
		let mut pending: Vec<&TransactionTag> = tx.requires.iter().collect();
		let mut visited = HashSet::new();
		while let Some(tag) = pending.pop() {
			let Some(provider) = self.provided_by.get(tag).and_then(|h| self.txs.get(h)) else {
				return false;
			};
			if visited.insert(provider.hash) {
				pending.extend(&provider.requires);
			}
		}
		true
	}
}

/// Heap entry: highest priority first, then earliest arrival.
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

/// The pool.
pub struct TransactionPool {
	chain: Arc<dyn PoolChain>,
	limits: PoolLimits,
	inner: Mutex<Inner>,
	events: broadcast::Sender<(Hash, TxStatus)>,
	/// Transactions submitted to this node, for the network to gossip.
	propagate: broadcast::Sender<Vec<u8>>,
}

impl TransactionPool {
	/// An empty pool.
	pub fn new(chain: Arc<dyn PoolChain>, limits: PoolLimits) -> Arc<Self> {
		Arc::new(Self {
			chain,
			limits,
			inner: Default::default(),
			events: broadcast::channel(65_536).0,
			propagate: broadcast::channel(65_536).0,
		})
	}

	/// Status changes of every transaction.
	pub fn events(&self) -> broadcast::Receiver<(Hash, TxStatus)> {
		self.events.subscribe()
	}

	/// Transactions accepted from local submitters (RPC), to gossip to peers.
	pub fn propagations(&self) -> broadcast::Receiver<Vec<u8>> {
		self.propagate.subscribe()
	}

	fn notify(&self, hash: Hash, status: TxStatus) {
		let _ = self.events.send((hash, status));
	}

	/// Hash of an encoded extrinsic, as the RPC reports it.
	pub fn hash_of(encoded: &[u8]) -> Hash {
		sp_crypto_hashing::blake2_256(encoded).into()
	}

	/// Number of transactions held.
	pub fn len(&self) -> usize {
		self.inner.lock().txs.len()
	}

	/// Whether the pool is empty.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}

	/// Number of transactions ready for the next block.
	pub fn ready_count(&self) -> usize {
		self.ready().len()
	}

	/// Whether a transaction in the pool provides `tag`.
	pub fn is_provided(&self, tag: &[u8]) -> bool {
		self.inner.lock().provided_by.contains_key(tag)
	}

	/// Encoded extrinsics of every transaction held.
	pub fn pending(&self) -> Vec<Vec<u8>> {
		self.inner.lock().txs.values().map(|tx| tx.extrinsic.encode()).collect()
	}

	/// Validate `tx` on the best block; also returns that block's number, which its validity's
	/// longevity counts from.
	fn validate(
		&self,
		source: TransactionSource,
		extrinsic: &OpaqueExtrinsic,
	) -> Result<(TransactionValidity, BlockNumber), ClientError> {
		let (best_hash, best_number) = self.chain.best_block();
		let validity = self.chain.validate_transaction(best_hash, source, extrinsic)?;
		Ok((validity, best_number))
	}

	/// Validate and add an encoded extrinsic submitted to this node; once accepted it is
	/// offered to the network for gossip.
	pub fn submit(&self, source: TransactionSource, encoded: &[u8]) -> Result<Hash, PoolError> {
		let hash = self.import(source, encoded)?;
		let _ = self.propagate.send(encoded.to_vec());
		Ok(hash)
	}

	/// Validate and add an extrinsic a peer gossiped (gossip itself forwards it further).
	pub fn submit_from_peer(&self, encoded: &[u8]) -> Result<Hash, PoolError> {
		self.import(TransactionSource::External, encoded)
	}

	fn import(&self, source: TransactionSource, encoded: &[u8]) -> Result<Hash, PoolError> {
		let extrinsic = OpaqueExtrinsic::decode(&mut &encoded[..])
			.map_err(|e| PoolError::BadFormat(e.to_string()))?;
		if extrinsic.encoded_size() != encoded.len() {
			return Err(PoolError::BadFormat("trailing bytes after the extrinsic".into()));
		}
		let hash = Self::hash_of(encoded);
		if self.inner.lock().txs.contains_key(&hash) {
			return Err(PoolError::AlreadyImported);
		}
		// A block the pool takes in while this transaction is validated may include what it
		// requires; the pool then no longer waits for those tags, so a transaction still
		// requiring them would never become ready. Validate again on the new best block.
		let mut attempts = 0;
		let (valid, best_number, mut inner) = loop {
			let seen = self.inner.lock().blocks_seen;
			let (validity, best_number) = self.validate(source, &extrinsic)?;
			let valid = validity.map_err(PoolError::Invalid)?;
			let inner = self.inner.lock();
			attempts += 1;
			if inner.blocks_seen == seen || attempts == VALIDATION_ATTEMPTS {
				break (valid, best_number, inner);
			}
		};
		if valid.provides.is_empty() {
			return Err(PoolError::NoTagsProvided);
		}
		let valid_till =
			best_number.saturating_add(valid.longevity.min(u64::from(u32::MAX)) as u32);
		if inner.txs.contains_key(&hash) {
			return Err(PoolError::AlreadyImported);
		}
		// A transaction providing the same tag (same sender and nonce) is replaced only by a
		// higher-priority one.
		let mut usurped = Vec::new();
		for tag in &valid.provides {
			if let Some(old) = inner.provided_by.get(tag).and_then(|h| inner.txs.get(h)) {
				if old.priority >= valid.priority {
					return Err(PoolError::TooLowPriority {
						old: old.priority,
						new: valid.priority,
					});
				}
				usurped.push(old.hash);
			}
		}
		let freed: usize =
			usurped.iter().filter_map(|h| inner.txs.get(h)).map(|tx| tx.encoded_len).sum();
		if inner.txs.len() - usurped.len() >= self.limits.max_count
			|| inner.bytes - freed + encoded.len() > self.limits.max_bytes
		{
			return Err(PoolError::ImmediatelyDropped);
		}
		for old in &usurped {
			inner.remove(old);
		}
		inner.seq += 1;
		let tx = PoolTx {
			hash,
			extrinsic,
			encoded_len: encoded.len(),
			priority: valid.priority,
			requires: valid.requires,
			provides: valid.provides,
			valid_till,
			seq: inner.seq,
		};
		for tag in &tx.provides {
			inner.provided_by.insert(tag.clone(), hash);
		}
		let ready = inner.is_ready(&tx);
		inner.bytes += tx.encoded_len;
		inner.txs.insert(hash, tx);
		drop(inner);
		for old in usurped {
			self.notify(old, TxStatus::Usurped(hash));
		}
		self.notify(hash, if ready { TxStatus::Ready } else { TxStatus::Future });
		Ok(hash)
	}

	/// Hashes of the ready transactions in an order that respects their tags: highest priority
	/// first among those whose requirements are met by transactions before them. Hashes only:
	/// a block takes a few thousand of a pool that may hold tens of thousands, and fetches
	/// those it takes with [`Self::extrinsics`].
	pub fn ready(&self) -> Vec<Hash> {
		let inner = self.inner.lock();
		// Requirements not yet met, per transaction, and who waits on which tag.
		let mut missing: HashMap<Hash, usize> = HashMap::default();
		let mut waiting: HashMap<&TransactionTag, Vec<Hash>> = HashMap::default();
		let mut heap = BinaryHeap::new();
		for tx in inner.txs.values() {
			if !inner.requirements_held(tx) {
				continue;
			}
			let pending: Vec<_> =
				tx.requires.iter().filter(|t| inner.provided_by.contains_key(*t)).collect();
			if pending.is_empty() {
				heap.push(Candidate { priority: tx.priority, seq: tx.seq, hash: tx.hash });
			} else {
				missing.insert(tx.hash, pending.len());
				for tag in pending {
					waiting.entry(tag).or_default().push(tx.hash);
				}
			}
		}
		let mut order = Vec::with_capacity(heap.len());
		while let Some(Candidate { hash, .. }) = heap.pop() {
			for tag in &inner.txs[&hash].provides {
				for waiter in waiting.remove(tag).unwrap_or_default() {
					let count = missing.get_mut(&waiter).expect("every waiter has a count");
					*count -= 1;
					if *count == 0 {
						let w = &inner.txs[&waiter];
						heap.push(Candidate { priority: w.priority, seq: w.seq, hash: waiter });
					}
				}
			}
			order.push(hash);
		}
		order
	}

	/// The extrinsics of those of `hashes` the pool still holds, in that order.
	pub fn extrinsics(&self, hashes: &[Hash]) -> Vec<(Hash, OpaqueExtrinsic)> {
		let inner = self.inner.lock();
		hashes
			.iter()
			.filter_map(|hash| inner.txs.get(hash).map(|tx| (*hash, tx.extrinsic.clone())))
			.collect()
	}

	/// Remove transactions on request (`author_removeExtrinsic`); returns those that were held.
	pub fn remove(&self, hashes: &[Hash]) -> Vec<Hash> {
		let mut inner = self.inner.lock();
		let removed: Vec<Hash> =
			hashes.iter().copied().filter(|h| inner.remove(h).is_some()).collect();
		drop(inner);
		for hash in &removed {
			self.notify(*hash, TxStatus::Dropped);
		}
		removed
	}

	/// Drop transactions the runtime declared invalid while building a block.
	pub fn remove_invalid(&self, invalid: &[(Hash, TransactionValidityError)]) {
		let mut inner = self.inner.lock();
		let removed: Vec<_> = invalid.iter().filter(|(h, _)| inner.remove(h).is_some()).collect();
		drop(inner);
		for (hash, error) in removed {
			log::debug!(target: "txpool", "dropped invalid transaction {hash:?}: {error:?}");
			self.notify(*hash, TxStatus::Invalid(format!("{error:?}")));
		}
	}

	/// The best block moved from `old_best` to `new_best`. What the blocks entering the best
	/// chain include leaves the pool; the transactions of blocks that left it (a re-org) come
	/// back, unless the new chain includes them too, and are validated again on the new best
	/// block (those no longer valid are dropped).
	pub fn on_best_changed(&self, old_best: Hash, new_best: Hash) -> Result<(), ClientError> {
		let route = self.chain.tree_route(old_best, new_best)?;
		let mut enacted = Vec::with_capacity(route.enacted.len());
		for hash in &route.enacted {
			let number = self.chain.block_number(*hash)?;
			let body = self.chain.block_body(*hash)?;
			enacted.push((
				*hash,
				number,
				body.iter().map(|xt| Self::hash_of(&xt.encode())).collect::<Vec<_>>(),
			));
		}
		let in_new_chain: HashSet<&Hash> = enacted.iter().flat_map(|(_, _, txs)| txs).collect();
		for hash in &route.retracted {
			for xt in self.chain.block_body(*hash)? {
				let encoded = xt.encode();
				if in_new_chain.contains(&Self::hash_of(&encoded)) {
					continue;
				}
				// Inherents and transactions the new chain made invalid are refused here.
				if let Err(e) = self.import(TransactionSource::InBlock, &encoded) {
					log::debug!(target: "txpool", "not resubmitting a retracted transaction: {e}");
				}
			}
		}
		for (hash, number, included) in enacted {
			self.on_block_included(hash, number, &included);
		}
		Ok(())
	}

	/// A block was added to the best chain: forget what it included, unblock what depended on
	/// it, drop what it made stale or what has outlived its longevity.
	pub fn on_block_included(&self, block_hash: Hash, number: BlockNumber, included: &[Hash]) {
		let mut inner = self.inner.lock();
		inner.blocks_seen += 1;
		let mut provided = HashSet::new();
		let mut in_block = Vec::new();
		for hash in included {
			if let Some(tx) = inner.remove(hash) {
				provided.extend(tx.provides);
				in_block.push(*hash);
			}
		}
		let mut stale = Vec::new();
		for tx in inner.txs.values_mut() {
			if tx.provides.iter().any(|t| provided.contains(t)) || tx.valid_till < number {
				stale.push(tx.hash);
			} else {
				tx.requires.retain(|t| !provided.contains(t));
			}
		}
		for hash in &stale {
			inner.remove(hash);
		}
		drop(inner);
		for hash in in_block {
			self.notify(hash, TxStatus::InBlock(block_hash));
		}
		for hash in stale {
			self.notify(hash, TxStatus::Dropped);
		}
	}
}

#[cfg(test)]
mod tests;
