//! The pool against a chain of its own: validity follows per-sender nonces as a FRAME runtime's
//! `CheckNonce` does, so ordering, limits, replacement and eviction are tested without Wasm.

use super::*;
use foldhash::HashMap;
use sp_runtime::transaction_validity::{InvalidTransaction, TransactionTag, ValidTransaction};
use std::time::Duration;

/// What a test transaction says about itself; the mock runtime judges it as FRAME would.
#[derive(Clone, Copy, Encode, Decode)]
struct Tx {
	sender: u8,
	nonce: u32,
	priority: u64,
	longevity: u64,
	/// Padding, to give transactions a size.
	len: u16,
	/// The runtime refuses it whatever the nonce.
	bad: bool,
}

impl Tx {
	fn new(sender: u8, nonce: u32) -> Self {
		Self { sender, nonce, priority: 1, longevity: 64, len: 0, bad: false }
	}

	fn priority(self, priority: u64) -> Self {
		Self { priority, ..self }
	}

	fn size(self, len: u16) -> Self {
		Self { len, ..self }
	}

	/// A signed extrinsic's prefix (format v4, the sender's address), then the fields.
	fn blob(self) -> Vec<u8> {
		let mut blob = vec![0b1000_0100, 0];
		blob.extend([self.sender; 32]);
		self.encode_to(&mut blob);
		blob.resize(blob.len() + usize::from(self.len), 0);
		blob
	}

	fn encoded(self) -> Vec<u8> {
		OpaqueExtrinsic::from_blob(self.blob()).encode()
	}

	fn hash(self) -> Hash {
		TransactionPool::hash_of(&self.encoded())
	}
}

fn tag(sender: u8, nonce: u32) -> TransactionTag {
	(sender, nonce).encode()
}

type Hook = Box<dyn FnOnce() + Send>;

/// A chain whose runtime knows each sender's next nonce on the best block.
#[derive(Default)]
struct MockChain {
	best: Mutex<(Hash, BlockNumber)>,
	nonces: Mutex<HashMap<u8, u32>>,
	blocks: Mutex<HashMap<Hash, (BlockNumber, Vec<OpaqueExtrinsic>)>>,
	routes: Mutex<HashMap<(Hash, Hash), TreeRoute>>,
	validations: Mutex<u32>,
	/// Senders whose transactions the runtime now refuses (their balance is gone).
	broke: Mutex<Vec<u8>>,
	/// Runs inside the next validation: a block arriving meanwhile.
	during_validation: Mutex<Option<Hook>>,
}

impl MockChain {
	/// Block `hash` at `number` including `txs` becomes best.
	fn import(&self, hash: Hash, number: BlockNumber, txs: &[Tx]) {
		let mut nonces = self.nonces.lock();
		for tx in txs {
			nonces.insert(tx.sender, tx.nonce + 1);
		}
		let body = txs.iter().map(|tx| OpaqueExtrinsic::from_blob(tx.blob())).collect();
		self.blocks.lock().insert(hash, (number, body));
		*self.best.lock() = (hash, number);
	}
}

impl PoolChain for MockChain {
	fn best_block(&self) -> (Hash, BlockNumber) {
		*self.best.lock()
	}

	fn validate_transaction(
		&self,
		_at: Hash,
		_source: TransactionSource,
		extrinsic: &OpaqueExtrinsic,
	) -> Result<TransactionValidity, ClientError> {
		*self.validations.lock() += 1;
		if let Some(hook) = self.during_validation.lock().take() {
			hook();
		}
		let Some(Ok(tx)) = extrinsic.inner().get(34..).map(|mut fields| Tx::decode(&mut fields))
		else {
			return Ok(Err(InvalidTransaction::Call.into()));
		};
		if tx.bad {
			return Ok(Err(InvalidTransaction::Call.into()));
		}
		if self.broke.lock().contains(&tx.sender) {
			return Ok(Err(InvalidTransaction::Payment.into()));
		}
		let next = self.nonces.lock().get(&tx.sender).copied().unwrap_or_default();
		if tx.nonce < next {
			return Ok(Err(InvalidTransaction::Stale.into()));
		}
		let requires = if tx.nonce > next { vec![tag(tx.sender, tx.nonce - 1)] } else { vec![] };
		Ok(Ok(ValidTransaction {
			priority: tx.priority,
			requires,
			provides: vec![tag(tx.sender, tx.nonce)],
			longevity: tx.longevity,
			propagate: true,
		}))
	}

	fn tree_route(&self, from: Hash, to: Hash) -> Result<TreeRoute, ClientError> {
		self.routes.lock().get(&(from, to)).cloned().ok_or(ClientError::UnknownBlock(to))
	}

	fn block_number(&self, hash: Hash) -> Result<BlockNumber, ClientError> {
		self.blocks.lock().get(&hash).map(|(n, _)| *n).ok_or(ClientError::UnknownBlock(hash))
	}

	fn block_body(&self, hash: Hash) -> Result<Vec<OpaqueExtrinsic>, ClientError> {
		let blocks = self.blocks.lock();
		blocks.get(&hash).map(|(_, b)| b.clone()).ok_or(ClientError::UnknownBlock(hash))
	}
}

fn pool_with(limits: PoolLimits) -> (Arc<MockChain>, Arc<TransactionPool>) {
	let chain = Arc::new(MockChain::default());
	let pool = TransactionPool::new(chain.clone(), limits);
	(chain, pool)
}

fn pool() -> (Arc<MockChain>, Arc<TransactionPool>) {
	pool_with(PoolLimits::default())
}

/// Limits of `ready` and `future` transactions, counts only.
fn counts(ready: usize, future: usize) -> PoolLimits {
	let mut limits = PoolLimits::unbounded();
	limits.ready.count = ready;
	limits.future.count = future;
	limits.ban_time = Duration::from_secs(60);
	limits
}

fn submit(pool: &TransactionPool, tx: Tx) -> Result<Hash, PoolError> {
	let result = pool.submit(TransactionSource::External, &tx.encoded());
	pool.inner.lock().graph.check();
	result
}

/// Every status `watcher` has received so far.
fn statuses(watcher: &mut Watcher) -> Vec<TxStatus> {
	std::iter::from_fn(|| watcher.try_recv()).collect()
}

fn block_hash(n: u8) -> Hash {
	Hash::repeat_byte(n)
}

#[test]
fn one_senders_nonces_are_ready_in_order_whatever_the_arrival_order() {
	let (_, pool) = pool();
	let mut watchers: Vec<_> = (0..3).map(|n| pool.watch(Tx::new(1, n).hash())).collect();
	submit(&pool, Tx::new(1, 2)).unwrap();
	submit(&pool, Tx::new(1, 1)).unwrap();
	assert_eq!(pool.ready_count(), 0, "nonces 1 and 2 wait for nonce 0");
	assert_eq!(pool.future_count(), 2);
	submit(&pool, Tx::new(1, 0)).unwrap();
	assert_eq!(pool.ready_count(), 3);
	let expected: Vec<_> = (0..3).map(|n| Tx::new(1, n).hash()).collect();
	assert_eq!(pool.ready(), expected);
	assert_eq!(statuses(&mut watchers[0]), vec![TxStatus::Ready]);
	for watcher in &mut watchers[1..] {
		assert_eq!(statuses(watcher), vec![TxStatus::Future, TxStatus::Ready]);
	}
}

#[test]
fn higher_priority_goes_first_and_ties_keep_arrival_order() {
	let (_, pool) = pool();
	let (low, high, tie_a, tie_b) =
		(Tx::new(1, 0), Tx::new(2, 0).priority(9), Tx::new(3, 0).priority(5), Tx::new(4, 0));
	let tie_b = tie_b.priority(5);
	for tx in [low, tie_a, high, tie_b] {
		submit(&pool, tx).unwrap();
	}
	assert_eq!(pool.ready(), vec![high.hash(), tie_a.hash(), tie_b.hash(), low.hash()]);
}

#[test]
fn a_dependent_transaction_follows_its_requirement_even_with_higher_priority() {
	let (_, pool) = pool();
	let first = Tx::new(1, 0);
	let second = Tx::new(1, 1).priority(100);
	let other = Tx::new(2, 0).priority(50);
	for tx in [second, first, other] {
		submit(&pool, tx).unwrap();
	}
	assert_eq!(pool.ready(), vec![other.hash(), first.hash(), second.hash()]);
}

#[test]
fn a_full_pool_refuses_what_is_no_better_than_what_it_holds() {
	let (chain, pool) = pool_with(counts(2, 1));
	submit(&pool, Tx::new(1, 0)).unwrap();
	submit(&pool, Tx::new(2, 0)).unwrap();
	let validations = *chain.validations.lock();
	assert!(matches!(submit(&pool, Tx::new(3, 0)), Err(PoolError::ImmediatelyDropped)));
	assert_eq!(pool.len(), 2);
	// Refused, not thrown out: it may come back when there is room.
	assert!(matches!(submit(&pool, Tx::new(3, 0)), Err(PoolError::ImmediatelyDropped)));
	assert_eq!(*chain.validations.lock(), validations + 2);
}

#[test]
fn the_pool_refuses_what_exceeds_its_bytes() {
	let (big, fill) = (Tx::new(1, 0).size(1_000), Tx::new(3, 0));
	let mut limits = PoolLimits::unbounded();
	limits.ready.bytes = big.encoded().len() + fill.encoded().len();
	let (_, pool) = pool_with(limits);
	submit(&pool, big).unwrap();
	let error = submit(&pool, Tx::new(2, 0).size(100)).unwrap_err();
	assert!(matches!(error, PoolError::ImmediatelyDropped));
	// Exactly what is left still fits.
	submit(&pool, fill).unwrap();
	assert_eq!(pool.len(), 2);
}

#[test]
fn a_better_transaction_evicts_the_worst_with_its_dependants_and_bans_them() {
	let (chain, pool) = pool_with(counts(3, 1));
	let (low0, low1, mid) = (Tx::new(1, 0), Tx::new(1, 1).priority(7), Tx::new(2, 0).priority(5));
	let mut low_watchers = [pool.watch(low0.hash()), pool.watch(low1.hash())];
	for tx in [low0, low1, mid] {
		submit(&pool, tx).unwrap();
	}
	// Sender 1's nonce 0 is the worst; its nonce 1 depends on it, so both go.
	let best = Tx::new(3, 0).priority(9);
	submit(&pool, best).unwrap();
	assert_eq!(pool.ready(), vec![best.hash(), mid.hash()]);
	for watcher in &mut low_watchers {
		assert_eq!(statuses(watcher).last(), Some(&TxStatus::Dropped));
	}
	let validations = *chain.validations.lock();
	assert!(matches!(submit(&pool, low0), Err(PoolError::TemporarilyBanned)));
	assert_eq!(*chain.validations.lock(), validations, "a banned transaction is not validated");
}

#[test]
fn a_sender_squatting_the_future_leaves_room_for_ready_transactions() {
	// One account sends big transactions whose nonces skip its next nonce: never includable,
	// never paying a fee.
	let limits = PoolLimits::new(64, 64, 16, Duration::from_secs(60));
	let (_, pool) = pool_with(limits);
	let squat = |nonce| Tx::new(1, nonce).size(1_000);
	let room = limits.future.bytes / squat(1).encoded().len();
	let mut taken = 0;
	for nonce in 1..=20 {
		match submit(&pool, squat(nonce)) {
			Ok(_) => taken += 1,
			Err(PoolError::ImmediatelyDropped) => {},
			Err(e) => panic!("unexpected {e}"),
		}
	}
	assert_eq!(taken, room, "future transactions get a tenth of the bytes: six of 1 kB");
	assert_eq!(pool.future_count(), room);
	// Another account's ordinary transaction gets in, and is the one a block takes.
	let transfer = Tx::new(2, 0);
	submit(&pool, transfer).unwrap();
	assert_eq!(pool.ready(), vec![transfer.hash()]);
}

#[test]
fn one_sender_holds_at_most_its_limit_but_may_still_replace() {
	let mut limits = PoolLimits::unbounded();
	limits.per_sender = 3;
	let (chain, pool) = pool_with(limits);
	for nonce in 0..3 {
		submit(&pool, Tx::new(1, nonce)).unwrap();
	}
	let error = submit(&pool, Tx::new(1, 3)).unwrap_err();
	assert!(matches!(error, PoolError::SenderLimit(3)));
	assert_eq!(error.code(), 1016);
	// Another sender is not affected, and a replacement frees what it takes.
	submit(&pool, Tx::new(2, 0)).unwrap();
	submit(&pool, Tx::new(1, 2).priority(5).size(1)).unwrap();
	// Once a block includes some, the sender has room again.
	chain.import(block_hash(1), 1, &[Tx::new(1, 0)]);
	pool.on_block_included(block_hash(1), 1, &[Tx::new(1, 0).hash()]);
	submit(&pool, Tx::new(1, 3)).unwrap();
	assert_eq!(pool.len(), 4);
}

#[test]
fn a_replacement_must_pay_a_higher_priority() {
	let (_, pool) = pool_with(counts(1, 1));
	let first = Tx::new(1, 0).priority(5);
	let mut watcher = pool.watch(first.hash());
	submit(&pool, first).unwrap();
	let same = first.size(1);
	assert!(matches!(submit(&pool, same), Err(PoolError::TooLowPriority { old: 5, new: 5 })));
	// A full pool still takes a replacement: it frees what it takes.
	let better = first.priority(6).size(2);
	submit(&pool, better).unwrap();
	assert_eq!(pool.ready(), vec![better.hash()]);
	assert_eq!(statuses(&mut watcher), vec![TxStatus::Ready, TxStatus::Usurped(better.hash())]);
}

#[test]
fn a_replacement_the_pool_cannot_hold_leaves_the_original_in_place() {
	let (first, dependant) = (Tx::new(1, 0).priority(5), Tx::new(1, 1).priority(5));
	let mut limits = PoolLimits::unbounded();
	limits.ready.bytes = first.encoded().len() + dependant.encoded().len() + 10;
	let (_, pool) = pool_with(limits);
	submit(&pool, first).unwrap();
	submit(&pool, dependant).unwrap();
	let mut watcher = pool.watch(first.hash());
	// Better, but bigger than the whole ready room beside its dependant.
	let error = submit(&pool, first.priority(6).size(100)).unwrap_err();
	assert!(matches!(error, PoolError::ImmediatelyDropped));
	assert_eq!(pool.ready(), vec![first.hash(), dependant.hash()]);
	assert_eq!(statuses(&mut watcher), vec![], "nothing happened to the original");
}

#[test]
fn bad_bytes_invalid_and_duplicate_transactions_are_refused() {
	let (chain, pool) = pool();
	let mut trailing = Tx::new(1, 0).encoded();
	trailing.push(0);
	let error = pool.submit(TransactionSource::External, &trailing).unwrap_err();
	assert!(error.is_malformed());
	assert_eq!(error.code(), 1001);
	let error = pool.submit(TransactionSource::External, &[0xff]).unwrap_err();
	assert!(error.is_malformed());
	assert_eq!(*chain.validations.lock(), 0, "malformed bytes never reach the runtime");

	let bad = Tx { bad: true, ..Tx::new(1, 0) };
	assert!(matches!(submit(&pool, bad), Err(PoolError::Invalid(_))));
	submit(&pool, Tx::new(1, 0)).unwrap();
	let validations = *chain.validations.lock();
	assert!(matches!(submit(&pool, Tx::new(1, 0)), Err(PoolError::AlreadyImported)));
	assert_eq!(*chain.validations.lock(), validations, "a known transaction is not validated");
	assert_eq!(pool.len(), 1);
}

#[test]
fn a_removed_transaction_is_banned_until_its_ban_ends() {
	let limits = PoolLimits { ban_time: Duration::from_millis(200), ..PoolLimits::default() };
	let (chain, pool) = pool_with(limits);
	let (first, second) = (Tx::new(1, 0), Tx::new(1, 1));
	submit(&pool, first).unwrap();
	submit(&pool, second).unwrap();
	let (mut first_watcher, mut second_watcher) =
		(pool.watch(first.hash()), pool.watch(second.hash()));
	assert_eq!(pool.remove(&[first.hash(), Hash::repeat_byte(9)]), vec![first.hash()]);
	assert_eq!(statuses(&mut first_watcher), vec![TxStatus::Dropped]);
	assert_eq!(statuses(&mut second_watcher), vec![TxStatus::Future], "it waits for nonce 0 again");
	let validations = *chain.validations.lock();
	assert!(matches!(submit(&pool, first), Err(PoolError::TemporarilyBanned)));
	assert_eq!(*chain.validations.lock(), validations);
	std::thread::sleep(Duration::from_millis(250));
	submit(&pool, first).unwrap();
	assert_eq!(pool.ready(), vec![first.hash(), second.hash()]);
}

#[test]
fn an_included_block_removes_its_transactions_and_unblocks_their_dependants() {
	let (chain, pool) = pool();
	let (a0, a1, b0) = (Tx::new(1, 0), Tx::new(1, 1), Tx::new(2, 0));
	let mut watchers: Vec<_> = [a0, a1, b0].iter().map(|tx| pool.watch(tx.hash())).collect();
	for tx in [a1, a0, b0] {
		submit(&pool, tx).unwrap();
	}
	// Another transaction of sender 2 with nonce 0 reached the block instead of `b0`: the pool
	// does not know its tags, so `b0` stays until building a block finds it stale.
	let rival = b0.size(3);
	chain.import(block_hash(1), 1, &[a0, rival]);
	pool.on_block_included(block_hash(1), 1, &[a0.hash(), rival.hash()]);
	pool.inner.lock().graph.check();
	assert_eq!(pool.ready(), vec![a1.hash(), b0.hash()], "a1 no longer waits for a0");
	pool.remove_invalid(&[(b0.hash(), InvalidTransaction::Stale.into())]);
	assert_eq!(pool.ready(), vec![a1.hash()]);
	assert_eq!(statuses(&mut watchers[0]), vec![TxStatus::Ready, TxStatus::InBlock(block_hash(1))]);
	assert_eq!(statuses(&mut watchers[1]), vec![TxStatus::Future, TxStatus::Ready]);
	assert!(matches!(statuses(&mut watchers[2]).last(), Some(TxStatus::Invalid(_))));
}

#[test]
fn a_block_including_the_head_of_a_queue_leaves_the_rest_ready_and_silent() {
	let (chain, pool) = pool();
	let queue: Vec<Tx> = (0..5).map(|n| Tx::new(1, n)).collect();
	for tx in &queue {
		submit(&pool, *tx).unwrap();
	}
	let mut watchers: Vec<_> = queue[2..].iter().map(|tx| pool.watch(tx.hash())).collect();
	chain.import(block_hash(1), 1, &queue[..2]);
	pool.on_block_included(block_hash(1), 1, &[queue[0].hash(), queue[1].hash()]);
	pool.inner.lock().graph.check();
	assert_eq!(pool.ready(), queue[2..].iter().map(|tx| tx.hash()).collect::<Vec<_>>());
	for watcher in &mut watchers {
		assert_eq!(statuses(watcher), vec![], "still ready: nothing to report");
	}
}

#[test]
fn a_transaction_past_its_longevity_is_dropped() {
	let (_, pool) = pool();
	let short = Tx { longevity: 2, ..Tx::new(1, 0) };
	let long = Tx::new(2, 0);
	let mut watcher = pool.watch(short.hash());
	submit(&pool, short).unwrap();
	submit(&pool, long).unwrap();
	pool.on_block_included(block_hash(1), 2, &[]);
	assert_eq!(pool.len(), 2, "valid till block 2");
	pool.on_block_included(block_hash(2), 3, &[]);
	assert_eq!(pool.ready(), vec![long.hash()]);
	assert_eq!(statuses(&mut watcher), vec![TxStatus::Ready, TxStatus::Dropped]);
}

#[test]
fn revalidation_drops_what_the_chain_made_invalid_and_frees_what_it_unblocked() {
	let (chain, pool) = pool();
	let (spender, waiting) = (Tx::new(1, 0), Tx::new(2, 1));
	let mut watcher = pool.watch(spender.hash());
	submit(&pool, spender).unwrap();
	submit(&pool, waiting).unwrap();
	assert_eq!(pool.ready(), vec![spender.hash()]);
	// A block from another node spends sender 1's balance and includes sender 2's nonce 0,
	// which this pool never saw.
	chain.broke.lock().push(1);
	chain.import(block_hash(1), 1, &[Tx::new(2, 0)]);
	pool.on_block_included(block_hash(1), 1, &[Tx::new(2, 0).hash()]);
	assert_eq!(pool.ready(), vec![spender.hash()], "the pool cannot know without the runtime");
	assert_eq!(pool.revalidate(10), 2);
	pool.inner.lock().graph.check();
	assert_eq!(pool.ready(), vec![waiting.hash()]);
	assert!(matches!(statuses(&mut watcher).last(), Some(TxStatus::Invalid(_))));
	assert_eq!(pool.revalidate(10), 0, "both were validated on this block");
	assert!(matches!(submit(&pool, spender), Err(PoolError::TemporarilyBanned)));
}

#[test]
fn revalidation_takes_the_longest_unvalidated_first() {
	let (chain, pool) = pool();
	submit(&pool, Tx::new(1, 0)).unwrap();
	chain.import(block_hash(1), 1, &[]);
	pool.on_block_included(block_hash(1), 1, &[]);
	submit(&pool, Tx::new(2, 0)).unwrap();
	chain.import(block_hash(2), 2, &[]);
	pool.on_block_included(block_hash(2), 2, &[]);
	chain.broke.lock().extend([1, 2]);
	assert_eq!(pool.revalidate(1), 1);
	assert_eq!(pool.ready(), vec![Tx::new(2, 0).hash()], "validated on genesis, so first");
}

#[test]
fn a_burst_beyond_the_limits_gets_a_refusal_or_a_final_status_for_every_transaction() {
	let limits = PoolLimits::new(1_000, 1_000_000, 64, Duration::from_secs(60));
	let (chain, pool) = pool_with(limits);
	let burst: Vec<Tx> = (0..20_000u32)
		.map(|i| Tx::new((i % 250) as u8, i / 250).priority(u64::from(i % 7)))
		.collect();
	let mut accepted = Vec::new();
	let mut refused = 0;
	for tx in &burst {
		let watcher = pool.watch(tx.hash());
		match pool.submit(TransactionSource::External, &tx.encoded()) {
			Ok(_) => accepted.push(watcher),
			Err(PoolError::ImmediatelyDropped | PoolError::SenderLimit(_)) => refused += 1,
			Err(e) => panic!("unexpected {e}"),
		}
	}
	pool.inner.lock().graph.check();
	assert!(refused > 0 && pool.len() <= 1_100);
	// Blocks of 300 while any is ready; what waits for an evicted nonce then expires.
	let mut number = 0;
	while pool.ready_count() > 0 {
		number += 1;
		let taken: Vec<Hash> = pool.ready().into_iter().take(300).collect();
		let in_block: HashSet<Hash> = taken.iter().copied().collect();
		let txs: Vec<Tx> =
			burst.iter().filter(|tx| in_block.contains(&tx.hash())).copied().collect();
		chain.import(block_hash(number as u8), number, &txs);
		pool.on_block_included(block_hash(number as u8), number, &taken);
		pool.inner.lock().graph.check();
	}
	pool.on_block_included(block_hash(0xff), 1_000, &[]);
	assert!(pool.is_empty());
	let mut finals = 0;
	for mut watcher in accepted {
		let last = statuses(&mut watcher).pop();
		assert!(
			matches!(last, Some(TxStatus::InBlock(_) | TxStatus::Dropped | TxStatus::Usurped(_))),
			"{last:?}"
		);
		finals += 1;
	}
	assert_eq!(finals + refused, 20_000);
	assert_eq!(pool.watchers.watched(), 0, "dropped watchers leave nothing behind");
}

#[test]
fn a_reorg_returns_the_retracted_transactions_the_new_chain_lacks() {
	let (chain, pool) = pool();
	let (a0, b0, c0) = (Tx::new(1, 0), Tx::new(2, 0), Tx::new(3, 0));
	// Block 1a (best, with a0 and b0) is replaced by block 1b (with b0 only).
	chain.import(block_hash(0xa), 1, &[a0, b0]);
	pool.on_block_included(block_hash(0xa), 1, &[a0.hash(), b0.hash()]);
	submit(&pool, c0).unwrap();
	*chain.nonces.lock() = HashMap::default();
	chain.import(block_hash(0xb), 1, &[b0]);
	chain.routes.lock().insert(
		(block_hash(0xa), block_hash(0xb)),
		TreeRoute { retracted: vec![block_hash(0xa)], enacted: vec![block_hash(0xb)] },
	);
	pool.on_best_changed(block_hash(0xa), block_hash(0xb)).unwrap();
	let mut ready = pool.ready();
	ready.sort();
	let mut expected = vec![a0.hash(), c0.hash()];
	expected.sort();
	assert_eq!(ready, expected, "a0 is back, b0 is in the new chain, c0 stays");
}

#[test]
fn an_unknown_route_is_an_error_not_a_panic() {
	let (_, pool) = pool();
	let error = pool.on_best_changed(block_hash(1), block_hash(2)).unwrap_err();
	assert!(matches!(error, ClientError::UnknownBlock(_)));
}

#[test]
fn a_block_arriving_during_validation_does_not_strand_the_transaction() {
	let (chain, pool) = pool();
	let (first, second) = (Tx::new(1, 0), Tx::new(1, 1));
	submit(&pool, first).unwrap();
	// Nonce 1 is validated on genesis (it requires nonce 0); before the pool takes the result
	// in, a block including nonce 0 arrives.
	let (chain_in_hook, pool_in_hook) = (chain.clone(), Arc::downgrade(&pool));
	*chain.during_validation.lock() = Some(Box::new(move || {
		let pool = pool_in_hook.upgrade().expect("the pool outlives its submission");
		chain_in_hook.import(block_hash(1), 1, &[first]);
		pool.on_block_included(block_hash(1), 1, &[first.hash()]);
	}));
	submit(&pool, second).unwrap();
	assert_eq!(*chain.validations.lock(), 3, "validated again on the new best block");
	assert_eq!(pool.ready(), vec![second.hash()], "nonce 1 no longer waits for nonce 0");
}
