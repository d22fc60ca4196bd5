//! The transaction pool.
//!
//! Transactions are validated by the runtime (`TaggedTransactionQueue_validate_transaction`) on
//! the best block. Ordering comes from the tags the runtime returns: a transaction is ready when
//! every tag it `requires` is provided by the chain or by a transaction ahead of it (for
//! signed transactions, the sender's previous nonce).
//!
//! # Bounds
//!
//! As polkadot-sdk's pool, ready and future transactions are bounded apart in count and bytes
//! ([`PoolLimits`]: `--pool-limit`, `--pool-kbytes`, future a tenth of each), and one signer
//! holds at most [`PoolLimits::per_sender`] (`--pool-sender-limit`). A full pool evicts its
//! worst transaction (lowest priority, the newest among equals) with everything depending on
//! it to admit a better one, and refuses one that would be the worst. What the pool throws out
//! (invalid, evicted, expired, removed by `author_removeExtrinsic`) is banned for
//! [`PoolLimits::ban_time`] (`--tx-ban-seconds`): resubmitting it costs no validation. After
//! each block [`TransactionPool::revalidate`] validates again the transactions validated
//! longest ago, so those the chain made invalid leave and those it unblocked become ready.
//! Every watcher ([`TransactionPool::watch`]) hears its transaction's fate: `Usurped`,
//! `Dropped`, `Invalid` or `InBlock`; nothing accepted leaves silently.
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

mod ban;
mod error;
mod graph;
mod limits;
mod metrics;
mod sender;
mod watch;

pub use error::PoolError;
pub use limits::{
	Limit, PoolLimits, DEFAULT_BAN_SECONDS, DEFAULT_PER_SENDER, DEFAULT_READY_COUNT,
	DEFAULT_READY_KBYTES,
};
pub use metrics::PoolMetrics;
pub use watch::Watcher;

use ban::BanList;
use codec::{Decode, Encode};
use foldhash::HashSet;
use graph::{Graph, PoolTx};
use parking_lot::Mutex;
use sci_client_api::{ChainApi, ChainApiExt, ClientError, TreeRoute};
use sci_primitives::{BlockNumber, Hash};
use sp_runtime::{
	transaction_validity::{TransactionSource, TransactionValidity, TransactionValidityError},
	OpaqueExtrinsic,
};
use std::{
	sync::{Arc, OnceLock},
	time::Instant,
};
use tokio::sync::broadcast;
use watch::Watchers;

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

/// What happened to a transaction; sent to watchers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TxStatus {
	/// Ready for the next block.
	Ready,
	/// Waiting for a transaction it requires.
	Future,
	/// Included in this block of the best chain.
	InBlock(Hash),
	/// Replaced by this higher-priority transaction.
	Usurped(Hash),
	/// Dropped: evicted for a better transaction, past its longevity, made stale by a block,
	/// or removed by the operator.
	Dropped,
	/// Found invalid when a block was built or on revalidation; the runtime's reason.
	Invalid(String),
}

/// What the pool guards with its lock.
struct Inner {
	graph: Graph,
	bans: BanList,
	seq: u64,
	/// Blocks processed by `on_block_included` so far: a validation that saw this count change
	/// ran against an older block than the pool now reflects.
	blocks_seen: u64,
}

/// How often a transaction is validated again because blocks arrived during its validation;
/// then it is kept as last validated (a block a second makes a second retry rare).
const VALIDATION_ATTEMPTS: u32 = 3;

/// Most bans remembered, whatever the limits: 32 MiB of hashes and instants at most.
const MAX_BANS: usize = 1 << 19;

/// What one change to the pool did to transactions other than the one it was about.
#[derive(Default)]
struct Outcome {
	/// Evicted to make room, or past their longevity.
	dropped: Vec<Hash>,
	/// Found invalid, with the runtime's reason.
	invalid: Vec<(Hash, String)>,
	/// Now ready (`true`) or waiting again (`false`).
	readiness: Vec<(Hash, bool)>,
}

impl Inner {
	/// Evict what the limits no longer hold, banning it; `None` (nothing evicted) when `keep`
	/// would be among it.
	fn enforce(&mut self, limits: &PoolLimits, keep: Option<Hash>) -> Option<Vec<Hash>> {
		if self.graph.within(limits) {
			return Some(Vec::new());
		}
		let plan = self.graph.eviction_plan(limits, keep)?;
		let now = Instant::now();
		for hash in &plan {
			self.graph.remove(hash);
			self.bans.ban(*hash, now);
		}
		Some(plan)
	}
}

/// The pool.
pub struct TransactionPool {
	chain: Arc<dyn PoolChain>,
	limits: PoolLimits,
	inner: Mutex<Inner>,
	watchers: Arc<Watchers>,
	/// Transactions submitted to this node, for the network to gossip.
	propagate: broadcast::Sender<Vec<u8>>,
	/// Prometheus counters, once registered.
	metrics: OnceLock<PoolMetrics>,
}

impl TransactionPool {
	/// An empty pool.
	pub fn new(chain: Arc<dyn PoolChain>, limits: PoolLimits) -> Arc<Self> {
		let bans =
			limits.ready.count.saturating_add(limits.future.count).saturating_mul(2).min(MAX_BANS);
		Arc::new(Self {
			chain,
			limits,
			inner: Mutex::new(Inner {
				graph: Graph::default(),
				bans: BanList::new(limits.ban_time, bans),
				seq: 0,
				blocks_seen: 0,
			}),
			watchers: Default::default(),
			propagate: broadcast::channel(65_536).0,
			metrics: OnceLock::new(),
		})
	}

	/// Count validations in `metrics` from now on (the first registration wins).
	pub fn set_metrics(&self, metrics: PoolMetrics) {
		let _ = self.metrics.set(metrics);
	}

	/// The statuses of transaction `hash` from now on. Watch before submitting, so that no
	/// status is missed.
	pub fn watch(&self, hash: Hash) -> Watcher {
		self.watchers.watch(hash)
	}

	/// Transactions accepted from local submitters (RPC), to gossip to peers.
	pub fn propagations(&self) -> broadcast::Receiver<Vec<u8>> {
		self.propagate.subscribe()
	}

	fn notify(&self, hash: Hash, status: TxStatus) {
		self.watchers.notify(hash, &status);
	}

	fn report(&self, outcome: Outcome) {
		for hash in outcome.dropped {
			self.notify(hash, TxStatus::Dropped);
		}
		for (hash, reason) in outcome.invalid {
			self.notify(hash, TxStatus::Invalid(reason));
		}
		for (hash, ready) in outcome.readiness {
			self.notify(hash, if ready { TxStatus::Ready } else { TxStatus::Future });
		}
	}

	/// Hash of an encoded extrinsic, as the RPC reports it.
	pub fn hash_of(encoded: &[u8]) -> Hash {
		sp_crypto_hashing::blake2_256(encoded).into()
	}

	/// Number of transactions held.
	pub fn len(&self) -> usize {
		self.inner.lock().graph.len()
	}

	/// Whether the pool is empty.
	pub fn is_empty(&self) -> bool {
		self.len() == 0
	}

	/// Number of transactions ready for the next block.
	pub fn ready_count(&self) -> usize {
		self.inner.lock().graph.ready_count()
	}

	/// Number of transactions waiting for one nobody has sent yet.
	pub fn future_count(&self) -> usize {
		self.inner.lock().graph.future_count()
	}

	/// Whether a transaction in the pool provides `tag`.
	pub fn is_provided(&self, tag: &[u8]) -> bool {
		self.inner.lock().graph.provider(tag).is_some()
	}

	/// Encoded extrinsics of every transaction held.
	pub fn pending(&self) -> Vec<Vec<u8>> {
		self.inner.lock().graph.txs().map(|tx| tx.extrinsic.encode()).collect()
	}

	/// Validate `tx` on the best block; also returns that block's number, which its validity's
	/// longevity counts from.
	fn validate(
		&self,
		source: TransactionSource,
		extrinsic: &OpaqueExtrinsic,
	) -> Result<(TransactionValidity, BlockNumber), ClientError> {
		let (best_hash, best_number) = self.chain.best_block();
		let metrics = self.metrics.get();
		if let Some(metrics) = metrics {
			metrics.validations_scheduled.inc();
		}
		let validity = self.chain.validate_transaction(best_hash, source, extrinsic);
		if let Some(metrics) = metrics {
			metrics.validations_finished.inc();
		}
		Ok((validity?, best_number))
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
		let hash = Self::hash_of(encoded);
		{
			let inner = self.inner.lock();
			if inner.graph.contains(&hash) {
				return Err(PoolError::AlreadyImported);
			}
			// What a re-org retracted comes back whatever the bans.
			if source != TransactionSource::InBlock && inner.bans.is_banned(&hash, Instant::now()) {
				return Err(PoolError::TemporarilyBanned);
			}
		}
		let extrinsic = OpaqueExtrinsic::decode(&mut &encoded[..])
			.map_err(|e| PoolError::BadFormat(e.to_string()))?;
		if extrinsic.encoded_size() != encoded.len() {
			return Err(PoolError::BadFormat("trailing bytes after the extrinsic".into()));
		}
		let sender = sender::sender_of(extrinsic.inner());
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
		if inner.graph.contains(&hash) {
			return Err(PoolError::AlreadyImported);
		}
		// A transaction providing the same tag (same sender and nonce) is replaced only by a
		// higher-priority one.
		let mut usurped = Vec::new();
		for tag in &valid.provides {
			if let Some(old) = inner.graph.provider(tag) {
				if old.priority >= valid.priority {
					return Err(PoolError::TooLowPriority {
						old: old.priority,
						new: valid.priority,
					});
				}
				if !usurped.contains(&old.hash) {
					usurped.push(old.hash);
				}
			}
		}
		if let Some(sender) = &sender {
			let replaced = usurped
				.iter()
				.filter(|h| inner.graph.get(h).and_then(|tx| tx.sender.as_ref()) == Some(sender))
				.count();
			let held = inner.graph.sender_count(sender) - replaced;
			if held >= self.limits.per_sender {
				return Err(PoolError::SenderLimit(held));
			}
		}
		inner.seq += 1;
		let tx = PoolTx::new(
			hash,
			extrinsic,
			source,
			encoded.len(),
			valid,
			valid_till,
			best_number,
			inner.seq,
			sender,
		);
		let replaced: Vec<PoolTx> = usurped.iter().filter_map(|h| inner.graph.remove(h)).collect();
		inner.graph.insert(tx);
		let Some(dropped) = inner.enforce(&self.limits, Some(hash)) else {
			// It would be the first to go: put back what it replaced.
			inner.graph.remove(&hash);
			for tx in replaced {
				inner.graph.insert(tx);
			}
			inner.graph.take_changes();
			return Err(PoolError::ImmediatelyDropped);
		};
		let ready = inner.graph.is_ready(&hash);
		let mut readiness = inner.graph.take_changes();
		readiness.retain(|(h, _)| *h != hash);
		drop(inner);
		self.notify(hash, if ready { TxStatus::Ready } else { TxStatus::Future });
		for old in replaced {
			self.notify(old.hash, TxStatus::Usurped(hash));
		}
		self.report(Outcome { dropped, invalid: Vec::new(), readiness });
		Ok(hash)
	}

	/// Hashes of the ready transactions in an order that respects their tags: highest priority
	/// first among those whose requirements are met by transactions before them. Hashes only:
	/// a block takes a few thousand of a pool that may hold tens of thousands, and fetches
	/// those it takes with [`Self::extrinsics`].
	pub fn ready(&self) -> Vec<Hash> {
		self.inner.lock().graph.ready_order()
	}

	/// The extrinsics of those of `hashes` the pool still holds, in that order.
	pub fn extrinsics(&self, hashes: &[Hash]) -> Vec<(Hash, OpaqueExtrinsic)> {
		let inner = self.inner.lock();
		hashes
			.iter()
			.filter_map(|hash| inner.graph.get(hash).map(|tx| (*hash, tx.extrinsic.clone())))
			.collect()
	}

	/// Remove transactions on request (`author_removeExtrinsic`) and ban them; returns those
	/// that were held.
	pub fn remove(&self, hashes: &[Hash]) -> Vec<Hash> {
		let mut inner = self.inner.lock();
		let now = Instant::now();
		let mut removed = Vec::new();
		for hash in hashes {
			inner.bans.ban(*hash, now);
			if inner.graph.remove(hash).is_some() {
				removed.push(*hash);
			}
		}
		let readiness = inner.graph.take_changes();
		drop(inner);
		self.report(Outcome { dropped: removed.clone(), invalid: Vec::new(), readiness });
		removed
	}

	/// Drop and ban transactions the runtime declared invalid while building a block.
	pub fn remove_invalid(&self, invalid: &[(Hash, TransactionValidityError)]) {
		let mut inner = self.inner.lock();
		let now = Instant::now();
		let mut removed = Vec::new();
		for (hash, error) in invalid {
			if inner.graph.remove(hash).is_some() {
				inner.bans.ban(*hash, now);
				log::debug!(target: "txpool", "dropped invalid transaction {hash:?}: {error:?}");
				removed.push((*hash, format!("{error:?}")));
			}
		}
		let readiness = inner.graph.take_changes();
		drop(inner);
		self.report(Outcome { dropped: Vec::new(), invalid: removed, readiness });
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
	/// it, drop (and ban) what it made stale or what has outlived its longevity.
	pub fn on_block_included(&self, block_hash: Hash, number: BlockNumber, included: &[Hash]) {
		let mut inner = self.inner.lock();
		inner.blocks_seen += 1;
		let now = Instant::now();
		inner.bans.expire(now);
		let mut provided = HashSet::default();
		let mut in_block = Vec::new();
		for hash in included {
			if let Some(tx) = inner.graph.remove_included(hash) {
				provided.extend(tx.provides);
				in_block.push(*hash);
			}
		}
		inner.graph.provided_by_chain(&provided);
		let stale: Vec<Hash> = inner
			.graph
			.txs()
			.filter(|tx| tx.valid_till < number || tx.provides.iter().any(|t| provided.contains(t)))
			.map(|tx| tx.hash)
			.collect();
		for hash in &stale {
			inner.graph.remove(hash);
			inner.bans.ban(*hash, now);
		}
		let readiness = inner.graph.take_changes();
		drop(inner);
		for hash in in_block {
			self.notify(hash, TxStatus::InBlock(block_hash));
		}
		self.report(Outcome { dropped: stale, invalid: Vec::new(), readiness });
	}

	/// Validate again, on the best block, up to `max` of the transactions validated longest
	/// ago (not on this block): the invalid ones leave (banned), the others take the runtime's
	/// new verdict (a requirement another node's block met, a new priority). Skipped if a
	/// block arrives meanwhile; the next call takes the same transactions. Returns how many
	/// were validated.
	pub fn revalidate(&self, max: usize) -> usize {
		let (best_hash, best_number) = self.chain.best_block();
		let (seen, batch) = {
			let inner = self.inner.lock();
			let mut due: Vec<&PoolTx> =
				inner.graph.txs().filter(|tx| tx.validated_at < best_number).collect();
			if due.len() > max {
				due.select_nth_unstable_by_key(max, |tx| tx.validated_at);
				due.truncate(max);
			}
			let batch: Vec<_> =
				due.iter().map(|tx| (tx.hash, tx.source, tx.extrinsic.clone())).collect();
			(inner.blocks_seen, batch)
		};
		if batch.is_empty() {
			return 0;
		}
		let results: Vec<_> = batch
			.iter()
			.map(|(hash, source, xt)| {
				(*hash, self.chain.validate_transaction(best_hash, *source, xt))
			})
			.collect();
		let mut inner = self.inner.lock();
		if inner.blocks_seen != seen {
			return 0;
		}
		let now = Instant::now();
		let mut invalid = Vec::new();
		for (hash, result) in results {
			let Some(tx) = inner.graph.get(&hash) else { continue };
			match result {
				Err(e) => log::debug!(target: "txpool", "cannot revalidate {hash:?}: {e}"),
				Ok(Err(error)) => {
					inner.graph.remove(&hash);
					inner.bans.ban(hash, now);
					invalid.push((hash, format!("{error:?}")));
				},
				Ok(Ok(valid)) => {
					let same = valid.priority == tx.priority
						&& valid.requires == tx.requires
						&& valid.provides == tx.provides;
					// Tags another held transaction provides would make two providers.
					let clash = valid
						.provides
						.iter()
						.any(|t| inner.graph.provider(t).is_some_and(|p| p.hash != hash));
					if same || clash || valid.provides.is_empty() {
						inner.graph.set_validated(&hash, best_number);
					} else if let Some(old) = inner.graph.remove(&hash) {
						inner.graph.insert(PoolTx::new(
							hash,
							old.extrinsic,
							old.source,
							old.encoded_len,
							valid,
							old.valid_till,
							best_number,
							old.seq,
							old.sender,
						));
					}
				},
			}
		}
		// Transactions now ready may exceed the ready limit.
		let dropped = inner.enforce(&self.limits, None).unwrap_or_default();
		let readiness = inner.graph.take_changes();
		drop(inner);
		self.report(Outcome { dropped, invalid, readiness });
		batch.len()
	}
}

#[cfg(test)]
mod tests;
