//! The pool against a chain of its own: validity follows per-sender nonces as a FRAME runtime's
//! `CheckNonce` does, so ordering, limits, replacement and eviction are tested without Wasm.

use super::*;
use sp_runtime::transaction_validity::{InvalidTransaction, ValidTransaction};

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

	fn encoded(self) -> Vec<u8> {
		let mut payload = self.encode();
		payload.resize(payload.len() + usize::from(self.len), 0);
		OpaqueExtrinsic::from_blob(payload).encode()
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
		let body = txs.iter().map(|tx| OpaqueExtrinsic::from_blob(tx.encode())).collect();
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
		let Ok(tx) = Tx::decode(&mut extrinsic.inner()) else {
			return Ok(Err(InvalidTransaction::Call.into()));
		};
		if tx.bad {
			return Ok(Err(InvalidTransaction::Call.into()));
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

fn submit(pool: &TransactionPool, tx: Tx) -> Result<Hash, PoolError> {
	pool.submit(TransactionSource::External, &tx.encoded())
}

fn block_hash(n: u8) -> Hash {
	Hash::repeat_byte(n)
}

#[test]
fn one_senders_nonces_are_ready_in_order_whatever_the_arrival_order() {
	let (_, pool) = pool();
	let mut events = pool.events();
	submit(&pool, Tx::new(1, 2)).unwrap();
	submit(&pool, Tx::new(1, 1)).unwrap();
	assert_eq!(pool.ready_count(), 0, "nonces 1 and 2 wait for nonce 0");
	assert_eq!(events.try_recv().unwrap(), (Tx::new(1, 2).hash(), TxStatus::Future));
	assert_eq!(events.try_recv().unwrap(), (Tx::new(1, 1).hash(), TxStatus::Future));
	submit(&pool, Tx::new(1, 0)).unwrap();
	assert_eq!(pool.ready_count(), 3);
	let expected: Vec<_> = (0..3).map(|n| Tx::new(1, n).hash()).collect();
	assert_eq!(pool.ready(), expected);
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
fn the_pool_refuses_what_exceeds_its_count() {
	let (_, pool) = pool_with(PoolLimits { max_count: 2, max_bytes: usize::MAX });
	submit(&pool, Tx::new(1, 0)).unwrap();
	submit(&pool, Tx::new(2, 0)).unwrap();
	assert!(matches!(submit(&pool, Tx::new(3, 0)), Err(PoolError::ImmediatelyDropped)));
	assert_eq!(pool.len(), 2);
}

#[test]
fn the_pool_refuses_what_exceeds_its_bytes() {
	let (big, fill) = (Tx { len: 1_000, ..Tx::new(1, 0) }, Tx::new(3, 0));
	let limit = big.encoded().len() + fill.encoded().len();
	let (_, pool) = pool_with(PoolLimits { max_count: usize::MAX, max_bytes: limit });
	submit(&pool, big).unwrap();
	let error = submit(&pool, Tx { len: 100, ..Tx::new(2, 0) }).unwrap_err();
	assert!(matches!(error, PoolError::ImmediatelyDropped));
	// Exactly what is left still fits.
	submit(&pool, fill).unwrap();
	assert_eq!(pool.len(), 2);
}

#[test]
fn a_replacement_must_pay_a_higher_priority() {
	let (_, pool) = pool_with(PoolLimits { max_count: 1, max_bytes: usize::MAX });
	let mut events = pool.events();
	let first = Tx::new(1, 0).priority(5);
	submit(&pool, first).unwrap();
	let same = Tx { len: 1, ..first };
	assert!(matches!(submit(&pool, same), Err(PoolError::TooLowPriority { old: 5, new: 5 })));
	// A full pool still takes a replacement: it frees what it takes.
	let better = Tx { len: 2, ..first.priority(6) };
	submit(&pool, better).unwrap();
	assert_eq!(pool.ready(), vec![better.hash()]);
	let _ = events.try_recv();
	assert_eq!(events.try_recv().unwrap(), (first.hash(), TxStatus::Usurped(better.hash())));
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
fn an_included_block_removes_its_transactions_and_unblocks_their_dependants() {
	let (chain, pool) = pool();
	let mut events = pool.events();
	let (a0, a1, b0) = (Tx::new(1, 0), Tx::new(1, 1), Tx::new(2, 0));
	for tx in [a1, a0, b0] {
		submit(&pool, tx).unwrap();
	}
	// Another transaction of sender 2 with nonce 0 reached the block instead of `b0`: the pool
	// does not know its tags, so `b0` stays until building a block finds it stale.
	let rival = Tx { len: 3, ..b0 };
	chain.import(block_hash(1), 1, &[a0, rival]);
	pool.on_block_included(block_hash(1), 1, &[a0.hash(), rival.hash()]);
	assert_eq!(pool.ready(), vec![a1.hash(), b0.hash()], "a1 no longer waits for a0");
	pool.remove_invalid(&[(b0.hash(), InvalidTransaction::Stale.into())]);
	assert_eq!(pool.ready(), vec![a1.hash()]);
	let statuses: Vec<_> = std::iter::from_fn(|| events.try_recv().ok()).collect();
	assert!(statuses.contains(&(a1.hash(), TxStatus::Future)), "a1 arrived before a0");
	assert!(statuses.contains(&(a0.hash(), TxStatus::InBlock(block_hash(1)))));
	assert!(matches!(statuses.last(), Some((h, TxStatus::Invalid(_))) if *h == b0.hash()));
}

#[test]
fn a_transaction_past_its_longevity_is_dropped() {
	let (_, pool) = pool();
	let short = Tx { longevity: 2, ..Tx::new(1, 0) };
	let long = Tx::new(2, 0);
	submit(&pool, short).unwrap();
	submit(&pool, long).unwrap();
	pool.on_block_included(block_hash(1), 2, &[]);
	assert_eq!(pool.len(), 2, "valid till block 2");
	pool.on_block_included(block_hash(2), 3, &[]);
	assert_eq!(pool.ready(), vec![long.hash()]);
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
