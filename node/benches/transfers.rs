//! Fills blocks with signed balance transfers through the transaction pool and reports
//! transfers per second, in-process (no RPC): pool validation, block authoring with the
//! node's 2/3-slot time budget, and re-execution by an importing node.
//!
//! `cargo bench -p sci-node --bench transfers` (`SCI_BENCH_TRANSFERS=N` to change the count).

#[path = "../tests/common/mod.rs"]
mod common;

use common::signed;
use sci_node::{
	authoring,
	chain_spec::ChainSpec,
	client::Client,
	consensus,
	db::Db,
	executor::WasmExecutor,
	pool::{PoolLimits, TransactionPool},
};
use sci_runtime_test_utils::{transfer, ChainContext};
use sp_consensus_aura::sr25519::AuthorityPair;
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use sp_runtime::transaction_validity::TransactionSource;
use std::time::{Duration, Instant};

fn open_dev(dir: &std::path::Path) -> std::sync::Arc<Client> {
	let executor = WasmExecutor::new().unwrap();
	let spec = ChainSpec::load("dev", &executor).unwrap();
	Client::open(Db::open(dir).unwrap(), spec, executor).unwrap()
}

fn main() {
	// `cargo bench` passes `--bench`; nothing else to parse.
	let total: usize =
		std::env::var("SCI_BENCH_TRANSFERS").ok().and_then(|n| n.parse().ok()).unwrap_or(6_000);
	let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
	let author_node = open_dev(dir_a.path());
	let importer = open_dev(dir_b.path());
	let pool = TransactionPool::new(author_node.clone(), PoolLimits::default());
	let info = author_node.info();
	let version = author_node.runtime_version(info.best_hash).unwrap();
	let chain = ChainContext::new(info.genesis_hash, &version);

	// Deriving a dev key from its URI is slow: do it once per sender.
	let senders: Vec<_> = Sr25519Keyring::well_known().map(|k| k.pair()).collect();
	let recipient = Sr25519Keyring::Ferdie.to_account_id();
	let started = Instant::now();
	let txs: Vec<Vec<u8>> = (0..total)
		.map(|i| {
			let nonce = (i / senders.len()) as u32;
			signed(
				transfer(&recipient, 1_000_000_000 + i as u128),
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

	let started = Instant::now();
	for block in &blocks {
		importer.import_block(block.clone(), None).unwrap();
	}
	let import_time = started.elapsed();
	assert_eq!(importer.info().best_hash, author_node.info().best_hash);

	let rate = |n: usize, d: Duration| n as f64 / d.as_secs_f64();
	let max_in_block = per_block.iter().map(|(n, _)| *n).max().unwrap_or(0);
	println!("transfers: {total} from {} senders, {} blocks", senders.len(), blocks.len());
	println!("signing (load generator, not node work): {signing:?}");
	println!("pool validation: {validation:?} = {:.0} transfers/s", rate(total, validation));
	println!(
		"authoring (2/3 s budget per block): {authoring_time:?} = {:.0} transfers/s; most in one block: {max_in_block}",
		rate(total, authoring_time)
	);
	for (i, (n, t)) in per_block.iter().enumerate() {
		println!("  block {}: {n} transfers in {} ms", i + 1, t.as_millis());
	}
	println!(
		"import (re-execution): {import_time:?} = {:.0} transfers/s",
		rate(total, import_time)
	);
	println!(
		"end to end through the pool (validate + author): {:.0} transfers/s",
		rate(total, validation + authoring_time)
	);
}
