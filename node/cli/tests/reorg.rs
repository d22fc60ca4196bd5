//! In process: a transaction included in a block that a re-org drops returns to the pool, and
//! the route between the two chains is what the re-org crossed.

use codec::Encode;
use sci_node::{
	authoring::{self, SlotClaim},
	chain_spec::ChainSpec,
	client::{Client, TreeRoute},
	consensus,
	db::Db,
	executor::WasmExecutor,
	pool::{PoolLimits, TransactionPool},
};
use sci_primitives::{units::UNIT, Hash};
use sci_runtime_test_utils::{signed, transfer, ChainContext};
use sp_consensus_aura::sr25519::AuthorityPair;
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use sp_runtime::transaction_validity::TransactionSource;
use std::time::Instant;

/// Author a block on `parent` in `slot` with what the pool holds, and store it.
fn author(client: &Client, pool: &TransactionPool, parent: Hash, slot: u64) -> (Hash, usize) {
	let key = AuthorityPair::from_string("//Alice", None).unwrap();
	let claim = SlotClaim {
		parent,
		slot: slot.into(),
		timestamp_ms: slot * 1_000,
		key: &key,
		deadline: Instant::now() + std::time::Duration::from_millis(500),
		finalize: false,
	};
	let proposal = authoring::propose(client, pool, claim).unwrap();
	let hash = proposal.executed.block.header.hash();
	let count = proposal.included.len();
	client.commit_block(proposal.executed).unwrap();
	(hash, count)
}

#[test]
fn a_reorg_returns_the_dropped_blocks_transactions_to_the_pool() {
	let dir = tempfile::tempdir().unwrap();
	let executor = WasmExecutor::new().unwrap();
	let spec = ChainSpec::load("dev", &executor).unwrap();
	let client = Client::open(Db::open(&dir.path().join("db")).unwrap(), spec, executor).unwrap();
	let pool = TransactionPool::new(client.clone(), PoolLimits::default());
	let genesis = client.info().genesis_hash;
	let version = client.runtime_version(genesis).unwrap();
	let chain = ChainContext::new(genesis, &version);
	let tx = signed(
		transfer(&Sr25519Keyring::Bob.to_account_id(), UNIT),
		&Sr25519Keyring::Alice.pair(),
		0,
		&chain,
	)
	.encode();
	let tx_hash = pool.submit(TransactionSource::External, &tx).unwrap();

	let slot = u64::from(consensus::current_slot(1_000));
	let (a1, included) = author(&client, &pool, genesis, slot);
	assert_eq!(included, 1);
	pool.on_best_changed(genesis, a1).unwrap();
	assert!(pool.is_empty(), "included, so gone from the pool");

	// A competing branch on genesis, without the transaction, grows longer.
	let empty = TransactionPool::new(client.clone(), PoolLimits::default());
	let (b1, included) = author(&client, &empty, genesis, slot + 1);
	assert_eq!(included, 0);
	assert_eq!(client.info().best_hash, a1, "same height: the first block stays best");
	let (b2, _) = author(&client, &empty, b1, slot + 2);
	assert_eq!(client.info().best_hash, b2, "the longer branch wins");

	assert_eq!(
		client.tree_route(a1, b2).unwrap(),
		TreeRoute { retracted: vec![a1], enacted: vec![b1, b2] }
	);
	pool.on_best_changed(a1, b2).unwrap();
	assert_eq!(pool.len(), 1, "the transaction came back");
	assert_eq!(pool.ready().first(), Some(&tx_hash));

	// Going back to a chain that includes it removes it again.
	let (a2, _) = author(&client, &empty, a1, slot + 3);
	let (a3, _) = author(&client, &empty, a2, slot + 4);
	assert_eq!(client.info().best_hash, a3);
	pool.on_best_changed(b2, a3).unwrap();
	assert!(pool.is_empty(), "{} left", pool.len());
}
