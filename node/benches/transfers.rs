//! Fills blocks with signed balance transfers through the transaction pool and reports
//! transfers per second, in-process (no RPC): pool validation, block authoring with the
//! node's 2/3-slot time budget, and re-execution by an importing node.
//!
//! `cargo bench -p sci-node --bench transfers` (`SCI_BENCH_TRANSFERS=N` to change the count,
//! `SCI_BENCH_ACCOUNTS=distinct` for the worst case a transfer's weight covers: see
//! [`Accounts`]). Each block's import is timed alone and printed beside the weight it records;
//! `RUST_LOG=import=debug` splits it into execution (with the state root) and commit.

#[path = "../tests/common/mod.rs"]
mod common;

use codec::Decode;
use common::{signed, value_key};
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
use sci_primitives::AccountId;
use sci_runtime_test_utils::{transfer, ChainContext};
use sp_consensus_aura::sr25519::AuthorityPair;
use sp_core::{crypto::Ss58Codec, sr25519, Pair};
use sp_crypto_hashing::blake2_256;
use sp_keyring::Sr25519Keyring;
use sp_runtime::transaction_validity::TransactionSource;
use std::time::{Duration, Instant};

/// Who sends to whom (`SCI_BENCH_ACCOUNTS`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Accounts {
	/// `dev` (the default): the 12 well-known dev accounts send to Ferdie, round by round. Few
	/// accounts, each written many times per block and always in the caches, as under the
	/// load generator (200 senders, one recipient).
	Dev,
	/// `distinct`: each transfer from an account of its own, endowed at genesis, to a new
	/// account of its own. Every transfer reads and writes two accounts that no other one
	/// touches, the case a transfer's weight (two reads, two writes) is charged for.
	Distinct,
}

/// The dev chain, with `endowed` added to its endowed accounts, each funded as the load
/// generator funds its senders (small enough that 100,000 of them stay within the supply cap).
fn dev_spec(executor: &WasmExecutor, endowed: &[AccountId]) -> ChainSpec {
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

fn open(dir: &std::path::Path, spec: ChainSpec, executor: WasmExecutor) -> std::sync::Arc<Client> {
	Client::open(Db::open(dir).unwrap(), spec, executor).unwrap()
}

/// `count` keys from fixed seeds (deriving dev keys from URIs would take a second per
/// thousand).
fn generated_pairs(count: usize) -> Vec<sr25519::Pair> {
	(0..count as u64).map(|i| sr25519::Pair::from_seed(&blake2_256(&i.to_le_bytes()))).collect()
}

fn main() {
	// `RUST_LOG=import=debug` adds each import's phases (execution, commit).
	if let Ok(directives) = std::env::var("RUST_LOG") {
		sci_node::logging::init(&[directives]);
	}
	// `cargo bench` passes `--bench`; nothing else to parse.
	let total: usize =
		std::env::var("SCI_BENCH_TRANSFERS").ok().and_then(|n| n.parse().ok()).unwrap_or(6_000);
	let accounts = match std::env::var("SCI_BENCH_ACCOUNTS").as_deref() {
		Err(_) | Ok("dev") => Accounts::Dev,
		Ok("distinct") => Accounts::Distinct,
		Ok(other) => panic!("SCI_BENCH_ACCOUNTS={other}: expected `dev` or `distinct`"),
	};

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
	let author_node = open(dir_a.path(), spec.clone(), author_executor);
	let importer = open(dir_b.path(), spec, WasmExecutor::new().unwrap());
	// The whole burst is submitted before the first block: room for all of it.
	let defaults = PoolLimits::default();
	let limits = PoolLimits { max_count: defaults.max_count.max(total), ..defaults };
	let pool = TransactionPool::new(author_node.clone(), limits);
	let info = author_node.info();
	let version = author_node.runtime_version(info.best_hash).unwrap();
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
	let mut blocks = Vec::new();
	let mut per_block = Vec::new();
	let started = Instant::now();
	while !pool.is_empty() {
		slot += 1;
		let parent = author_node.info().best_hash;
		let claim = authoring::SlotClaim {
			parent,
			slot: slot.into(),
			timestamp_ms: slot * 1000,
			key: &key,
			deadline: Instant::now() + budget,
			finalize: true,
		};
		let proposal = authoring::propose(&author_node, &pool, claim).unwrap();
		assert!(proposal.invalid.is_empty(), "{:?}", proposal.invalid);
		per_block.push((proposal.included.len(), proposal.build_time));
		let block = proposal.executed.block.clone();
		author_node.commit_block(proposal.executed).unwrap();
		pool.on_block_included(block.header.hash(), block.header.number, &proposal.included);
		blocks.push(block);
	}
	let authoring_time = started.elapsed();

	// Each block's import, timed alone, beside the weight it records.
	let weight_key = value_key("System", "BlockWeight");
	let mut imports = Vec::new();
	for block in &blocks {
		let (hash, block) = (block.header.hash(), block.clone());
		let started = Instant::now();
		importer.import_block(block, None).unwrap();
		let took = started.elapsed();
		let weight =
			importer.storage(hash, &weight_key).unwrap().expect("a block records its weight");
		let weight = frame_system::ConsumedWeight::decode(&mut &weight[..]).unwrap();
		imports.push((took, Duration::from_nanos(weight.total().ref_time() / 1_000)));
	}
	let import_time: Duration = imports.iter().map(|(took, _)| *took).sum();
	assert_eq!(importer.info().best_hash, author_node.info().best_hash);

	let rate = |n: usize, d: Duration| n as f64 / d.as_secs_f64();
	let max_in_block = per_block.iter().map(|(n, _)| *n).max().unwrap_or(0);
	println!(
		"transfers: {total} from {} senders to {} recipients, {} blocks",
		senders.len(),
		recipients.len(),
		blocks.len()
	);
	println!("signing (load generator, not node work): {signing:?}");
	println!("pool validation: {validation:?} = {:.0} transfers/s", rate(total, validation));
	println!(
		"authoring (2/3 s budget per block): {authoring_time:?} = {:.0} transfers/s; most in one block: {max_in_block}",
		rate(total, authoring_time)
	);
	println!(
		"import (re-execution): {import_time:?} = {:.0} transfers/s",
		rate(total, import_time)
	);
	for (i, ((n, built), (imported, weight))) in per_block.iter().zip(&imports).enumerate() {
		println!(
			"  block {}: {n} transfers, built in {} ms, imported in {} ms, weight {} ms",
			i + 1,
			built.as_millis(),
			imported.as_millis(),
			weight.as_millis()
		);
	}
	println!(
		"end to end through the pool (validate + author): {:.0} transfers/s",
		rate(total, validation + authoring_time)
	);
}
