//! Authoring with the real runtime and the pool together.

use super::*;
use parking_lot::Mutex;
use sci_chain_spec::ChainSpec;
use sci_client::{ClientError, TreeRoute};
use sci_executor::WasmExecutor;
use sci_pool::{PoolChain, PoolLimits};
use sci_primitives::BlockNumber;
use sci_runtime_test_utils::{signed, transfer, ChainContext};
use sci_storage::db::Db;
use sp_consensus_aura::sr25519::AuthorityPair;
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	transaction_validity::{TransactionSource, TransactionValidity},
	OpaqueExtrinsic,
};
use std::{
	sync::Arc,
	time::{Duration, Instant},
};

/// The client, with a hook that runs inside the next transaction validation.
struct HookedChain {
	client: Arc<Client>,
	during_validation: Mutex<Option<Box<dyn FnOnce() + Send>>>,
}

impl PoolChain for HookedChain {
	fn best_block(&self) -> (Hash, BlockNumber) {
		self.client.best_block()
	}
	fn validate_transaction(
		&self,
		at: Hash,
		source: TransactionSource,
		extrinsic: &OpaqueExtrinsic,
	) -> Result<TransactionValidity, ClientError> {
		let validity = self.client.validate_transaction(at, source, extrinsic);
		if let Some(hook) = self.during_validation.lock().take() {
			hook();
		}
		validity
	}
	fn tree_route(&self, from: Hash, to: Hash) -> Result<TreeRoute, ClientError> {
		PoolChain::tree_route(&*self.client, from, to)
	}
	fn block_number(&self, hash: Hash) -> Result<BlockNumber, ClientError> {
		self.client.block_number(hash)
	}
	fn block_body(&self, hash: Hash) -> Result<Vec<OpaqueExtrinsic>, ClientError> {
		self.client.block_body(hash)
	}
}

/// Author a block on the best block with what `pool` holds, commit it, tell the pool.
fn author_block(client: &Client, pool: &TransactionPool) -> Vec<Hash> {
	let key = AuthorityPair::from_string("//Alice", None).unwrap();
	let slot =
		u64::from(consensus::current_slot(1000)) - 100 + u64::from(client.info().best_number);
	let claim = SlotClaim {
		parent: client.info().best_hash,
		slot: slot.into(),
		timestamp_ms: slot * 1000,
		key: &key,
		deadline: Instant::now() + Duration::from_secs(30),
		finalize: true,
	};
	let proposal = propose(client, pool, claim).unwrap();
	let header = proposal.executed.block.header.clone();
	client.commit_block(proposal.executed).unwrap();
	pool.on_block_included(header.hash(), header.number, &proposal.included);
	proposal.included
}

#[test]
fn a_block_arriving_during_validation_does_not_strand_the_transaction() {
	let dir = tempfile::tempdir().unwrap();
	let executor = WasmExecutor::new().unwrap();
	let spec = ChainSpec::load("dev", &executor).unwrap();
	let client = Client::open(Db::open(dir.path()).unwrap(), spec, executor).unwrap();
	let chain =
		Arc::new(HookedChain { client: client.clone(), during_validation: Mutex::new(None) });
	let pool = TransactionPool::new(chain.clone(), PoolLimits::default());
	let info = client.info();
	let version = client.runtime_version(info.best_hash).unwrap();
	let context = ChainContext::new(info.genesis_hash, &version);
	let alice = Sr25519Keyring::Alice.pair();
	let bob = Sr25519Keyring::Bob.to_account_id();
	let tx = |nonce| signed(transfer(&bob, 1_000_000_000), &alice, nonce, &context).encode();
	let first = pool.submit(TransactionSource::External, &tx(0)).unwrap();

	// Nonce 1 is validated on genesis (it requires nonce 0); before the pool takes the result
	// in, a block including nonce 0 arrives.
	let (client_in_hook, pool_in_hook) = (client.clone(), Arc::downgrade(&pool));
	let included = Arc::new(Mutex::new(Vec::new()));
	let included_in_hook = included.clone();
	*chain.during_validation.lock() = Some(Box::new(move || {
		let pool = pool_in_hook.upgrade().expect("the pool outlives its submission");
		*included_in_hook.lock() = author_block(&client_in_hook, &pool);
	}));
	let second = pool.submit(TransactionSource::External, &tx(1)).unwrap();
	assert_eq!(*included.lock(), vec![first], "the block arrived during validation");
	assert_eq!(client.info().best_number, 1);

	// Validated again on that block, nonce 1 requires nothing: ready, and in the next block.
	assert_eq!(pool.len(), 1);
	assert_eq!(pool.ready_count(), 1, "nonce 1 waits for a tag the chain already provided");
	assert_eq!(author_block(&client, &pool), vec![second]);
	assert!(pool.is_empty());
}
