//! Blocks full of signed balance transfers, in-process (no RPC): submitted to the node's pool,
//! authored with the node's 2/3-slot time budget, then imported by a second node with an
//! executor of its own, each import timed alone beside the weight the block records. The
//! `transfers` benchmark reports it; the `transfer_weights` test holds weights to it.

use super::*;
use sci_loadgen::FUNDING;
use sci_node::{
	authoring,
	chain_spec::{ChainSpec, Genesis},
	client::Client,
	consensus,
	db::Db,
	executor::WasmExecutor,
	pool::{PoolLimits, TransactionPool},
};
use sci_runtime_test_utils::transfer;
use sp_consensus_aura::sr25519::AuthorityPair;
use sp_core::crypto::Ss58Codec;
use sp_crypto_hashing::blake2_256;
use sp_keyring::Sr25519Keyring;
use sp_runtime::transaction_validity::TransactionSource;
use std::sync::Arc;

/// Who sends to whom (the bench's `SCI_BENCH_ACCOUNTS`: `dev`, the default, or `distinct`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Accounts {
	/// The 12 well-known dev accounts send to Ferdie, round by round. Few accounts, each
	/// written many times per block and always in the caches, as under the load generator
	/// (200 senders, one recipient).
	Dev,
	/// Each transfer from an account of its own, endowed at genesis, to a new account of its
	/// own. Every transfer reads and writes two accounts that no other one touches, the case a
	/// transfer's weight (two reads, two writes) is charged for.
	Distinct,
}

/// One block of the run.
pub(crate) struct Block {
	/// Transfers it includes.
	pub transfers: usize,
	/// How long the author took to build it.
	pub built: Duration,
	/// How long the second node took to import it (execution, state root, commit).
	pub imported: Duration,
	/// The weight the block records (`System::BlockWeight`, all classes).
	pub weight: Duration,
}

/// What a run measured.
pub(crate) struct Run {
	pub senders: usize,
	pub recipients: usize,
	/// Signing every transfer (load generator work, not the node's).
	pub signing: Duration,
	/// Submitting every transfer to the pool, which validates each.
	pub validation: Duration,
	/// Authoring blocks until the pool is empty.
	pub authoring: Duration,
	pub blocks: Vec<Block>,
}

/// The dev chain, with `endowed` added to its endowed accounts, each funded as the load
/// generator funds its senders (small enough that 100,000 of them stay within the supply cap).
pub(crate) fn dev_spec(executor: &WasmExecutor, endowed: &[AccountId]) -> ChainSpec {
	let mut spec = ChainSpec::load("dev", executor).unwrap();
	let Genesis::RuntimeGenesis(genesis) = &mut spec.genesis else {
		panic!("the built-in dev spec is a runtime genesis")
	};
	let balances = genesis
		.patch
		.as_mut()
		.and_then(|patch| patch.pointer_mut("/balances/balances"))
		.and_then(|balances| balances.as_array_mut())
		.expect("the dev preset endows accounts");
	balances.extend(endowed.iter().map(|who| serde_json::json!([who.to_ss58check(), FUNDING])));
	spec
}

fn open(dir: &Path, spec: ChainSpec, executor: WasmExecutor) -> Arc<Client> {
	Client::open(Db::open(dir).unwrap(), spec, executor).unwrap()
}

/// `count` keys from fixed seeds (deriving dev keys from URIs would take a second per
/// thousand).
pub(crate) fn generated_pairs(count: usize) -> Vec<sr25519::Pair> {
	(0..count as u64).map(|i| sr25519::Pair::from_seed(&blake2_256(&i.to_le_bytes()))).collect()
}

/// Submits `total` transfers between `accounts`, authors blocks until the pool is empty, and
/// imports each block on a second node; panics if either node rejects anything or the two
/// chains differ.
pub(crate) fn run(total: usize, accounts: Accounts) -> Run {
	// Keys are derived once up front: deriving one per transfer would be timed as pool work.
	let (senders, recipients, endowed): (Vec<_>, Vec<AccountId>, Vec<AccountId>) = match accounts {
		Accounts::Dev => (
			Sr25519Keyring::well_known().map(|k| k.pair()).collect(),
			vec![Sr25519Keyring::Ferdie.to_account_id()],
			vec![],
		),
		Accounts::Distinct => {
			let senders = generated_pairs(total);
			let endowed = senders.iter().map(|pair| pair.public().into()).collect();
			let recipients =
				(0..total as u64).map(|i| blake2_256(&(u64::MAX - i).to_le_bytes()).into());
			(senders, recipients.collect(), endowed)
		},
	};
	// The importer gets an executor of its own: no help from the author's signature cache.
	let author_executor = WasmExecutor::new().unwrap();
	let spec = dev_spec(&author_executor, &endowed);
	let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
	let author = open(dir_a.path(), spec.clone(), author_executor);
	let importer = open(dir_b.path(), spec, WasmExecutor::new().unwrap());
	// The whole burst is submitted before the first block: room for all of it, from any
	// sender.
	let pool = TransactionPool::new(author.clone(), PoolLimits::unbounded());
	let info = author.info();
	let version = author.runtime_version(info.best_hash).unwrap();
	let chain = ChainContext::new(info.genesis_hash, &version);

	let started = Instant::now();
	let txs: Vec<Vec<u8>> = (0..total)
		.map(|i| {
			let nonce = (i / senders.len()) as u32;
			signed(
				transfer(&recipients[i % recipients.len()], 1_000_000_000 + i as u128),
				&senders[i % senders.len()],
				nonce,
				&chain,
			)
		})
		.collect();
	let signing = started.elapsed();

	let started = Instant::now();
	for tx in &txs {
		pool.submit(TransactionSource::External, tx).expect("valid transfer");
	}
	let validation = started.elapsed();
	assert_eq!(pool.len(), total);

	let key = AuthorityPair::from_string("//Alice", None).unwrap();
	let budget = Duration::from_millis(666);
	let mut slot = u64::from(consensus::current_slot(1000)) - 10_000;
	let mut authored = Vec::new();
	let started = Instant::now();
	while !pool.is_empty() {
		slot += 1;
		let parent = author.info().best_hash;
		let claim = authoring::SlotClaim {
			parent,
			slot: slot.into(),
			timestamp_ms: slot * 1000,
			key: &key,
			deadline: Instant::now() + budget,
			finalize: true,
		};
		let proposal = authoring::propose(&author, &pool, claim).unwrap();
		assert!(proposal.invalid.is_empty(), "{:?}", proposal.invalid);
		let block = proposal.executed.block.clone();
		author.commit_block(proposal.executed).unwrap();
		pool.on_block_included(block.header.hash(), block.header.number, &proposal.included);
		authored.push((block, proposal.included.len(), proposal.build_time));
	}
	let authoring = started.elapsed();

	let weight_key = value_key("System", "BlockWeight");
	let blocks = authored
		.into_iter()
		.map(|(block, transfers, built)| {
			let hash = block.header.hash();
			let started = Instant::now();
			importer.import_block(block, None).unwrap();
			let imported = started.elapsed();
			let weight =
				importer.storage(hash, &weight_key).unwrap().expect("a block records its weight");
			let weight = weight_time(&Decode::decode(&mut &weight[..]).unwrap());
			Block { transfers, built, imported, weight }
		})
		.collect();
	assert_eq!(importer.info().best_hash, author.info().best_hash);
	Run {
		senders: senders.len(),
		recipients: recipients.len(),
		signing,
		validation,
		authoring,
		blocks,
	}
}
