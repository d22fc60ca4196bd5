//! State pruning on the dev chain: under a steady load the database stops growing once the
//! window is full, reads outside the window are refused (in-process and over RPC), and a node
//! killed again and again while it prunes loses nothing and leaks nothing.

mod common;

use common::{
	growth::{disk_bytes, open, stored_state, Load},
	transfers::dev_spec,
	*,
};
use jsonrpsee::core::client::ClientT;
use sci_node::{
	client::{Client, ClientError},
	db::Db,
	executor::WasmExecutor,
	pruning::PruningMode,
};
use sci_primitives::Hash;
use sci_runtime_test_utils::transfer;
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use std::{collections::BTreeSet, num::NonZeroU32, path::Path, time::Duration};

fn keep(n: u32) -> PruningMode {
	PruningMode::Keep(NonZeroU32::new(n).unwrap())
}

fn state_nodes(client: &Client, hash: Hash) -> BTreeSet<Hash> {
	client.trie_nodes(hash).unwrap()
}

/// Distinct trie nodes the database in `dir` holds.
fn stored_nodes(dir: &Path) -> usize {
	stored_state(dir).nodes
}

/// The database at a checkpoint.
struct Sample {
	block: u32,
	/// Distinct trie nodes stored.
	nodes: usize,
	/// Of which the best state holds: the chain's own state grows too (`System::BlockHash`
	/// keeps the last 2,400 block hashes), and only the rest is history.
	live: usize,
	/// Bytes of the database directory on disk (ParityDB's index and log files included).
	bytes: u64,
}

impl Sample {
	/// Trie nodes stored for states other than the best one.
	fn history(&self) -> usize {
		self.nodes - self.live
	}
}

/// Author and finalize blocks of `transfers` transfers on a fresh dev chain with `mode` up to
/// each checkpoint, sampling the database there.
fn load(mode: PruningMode, checkpoints: &[u32], transfers: usize) -> Vec<Sample> {
	let dir = tempfile::tempdir().unwrap();
	let spec = || dev_spec(&WasmExecutor::new().unwrap(), &[]);
	let mut client = open(dir.path(), spec(), mode);
	let mut load = Load::new(Sr25519Keyring::well_known().map(|k| k.pair()).collect());
	let mut samples = Vec::new();
	for &checkpoint in checkpoints {
		while client.info().best_number < checkpoint {
			load.block(&client, transfers);
		}
		let live = state_nodes(&client, client.info().best_hash).len();
		drop(client);
		samples.push(Sample {
			block: checkpoint,
			nodes: stored_nodes(dir.path()),
			live,
			bytes: disk_bytes(dir.path()),
		});
		client = open(dir.path(), spec(), mode);
	}
	if let PruningMode::Keep(window) = mode {
		// Kept states read whole; the next older one is refused.
		let finalized = client.info().finalized_number;
		let oldest = finalized + 1 - window.get();
		for number in [oldest, finalized] {
			state_nodes(&client, client.hash(number).unwrap().unwrap());
		}
		let pruned = client.hash(oldest - 1).unwrap().unwrap();
		assert!(matches!(client.state_at(pruned), Err(ClientError::StateDiscarded { .. })));
		// Exactly the kept states' nodes are stored.
		let mut kept = BTreeSet::new();
		for number in oldest..=finalized {
			kept.extend(state_nodes(&client, client.hash(number).unwrap().unwrap()));
		}
		drop(client);
		assert_eq!(stored_nodes(dir.path()), kept.len(), "trie nodes leaked or lost");
	}
	samples
}

/// `--state-pruning 256` under a load of 40 transfers a block: once the window is full, the
/// trie nodes stored beside the best state stay flat for 300 more blocks, where an archive
/// node's keep growing.
#[test]
fn the_state_stops_growing_once_the_window_is_full() {
	let checkpoints = [300, 450, 600];
	let pruned = load(keep(256), &checkpoints, 40);
	let archive = load(PruningMode::Archive, &checkpoints, 40);
	for (pruned, archive) in pruned.iter().zip(&archive) {
		println!(
			"#{}: pruned {} nodes ({} in the best state), {} KiB; archive {} nodes ({} in the best state), {} KiB",
			pruned.block,
			pruned.nodes,
			pruned.live,
			pruned.bytes / 1024,
			archive.nodes,
			archive.live,
			archive.bytes / 1024
		);
	}
	let base = pruned[0].history() as f64;
	for sample in &pruned[1..] {
		assert!(
			(sample.history() as f64) < base * 1.02,
			"the pruned history grew from {base} to {} nodes by #{}",
			sample.history(),
			sample.block
		);
	}
	// The same load grows an archive node's history: the check above can fail.
	assert!(archive[2].history() as f64 > archive[0].history() as f64 * 1.5);
}

/// A dev node with `--state-pruning 4` under a load of transfers is killed (SIGKILL) ten times,
/// at moments spread over its one-second blocks (each block is pruned right after it is
/// finalized, and a restart finishes what a kill interrupted). Each time it starts again and
/// goes on; at the end, over RPC, reads at kept blocks answer and reads at pruned ones are
/// refused with polkadot-sdk's error, and its database holds exactly the trie nodes of the
/// states it keeps, each whole.
#[tokio::test(flavor = "multi_thread")]
async fn a_node_killed_while_pruning_loses_nothing_and_leaks_nothing() {
	const KILLS: u64 = 10;
	let dir = tempfile::tempdir().unwrap();
	let base = dir.path().join("node");
	let base = base.to_str().unwrap();
	let args = ["--dev", "--base-path", base, "--state-pruning", "4", "-l", "pruning=debug"];
	let alice = Sr25519Keyring::Alice.pair();
	let mut last_best = 0;
	for kill in 0..=KILLS {
		let node = Node::start(&args, dir.path());
		let rpc = node.rpc(Duration::from_secs(60)).await;
		let start = best_number(&rpc).await;
		assert!(start >= last_best, "the chain went back from #{last_best} to #{start}");
		let chain = chain_context(&rpc).await;
		let nonce = next_nonce(&rpc, &alice.public().into()).await;
		for i in 0..30u32 {
			let seed = [kill.to_le_bytes().as_slice(), &i.to_le_bytes()].concat();
			let to: sci_primitives::AccountId = sp_crypto_hashing::blake2_256(&seed).into();
			let tx = signed(transfer(&to, 1_000_000_000_000), &alice, nonce + i, &chain);
			let _: Hash = rpc
				.request("author_submitExtrinsic", params(vec![hex0x(&tx).into()]))
				.await
				.unwrap();
		}
		wait_until(Duration::from_secs(30), "two blocks finalized", || async {
			finalized_number(&rpc).await >= start + 2
		})
		.await;
		if kill == KILLS {
			// Reads over RPC: at a kept block, and at one the window has left.
			let finalized = finalized_number(&rpc).await;
			let key = value_key("System", "Number");
			let kept = block_hash(&rpc, finalized - 3).await.unwrap();
			assert!(storage_at::<u32>(&rpc, &key, Some(kept)).await.is_some());
			let pruned = block_hash(&rpc, finalized - 6).await.unwrap();
			let refused = rpc
				.request::<Option<String>, _>(
					"state_getStorage",
					params(vec![hex0x(&key).into(), hex0x(pruned.as_ref()).into()]),
				)
				.await
				.expect_err("a pruned state was read");
			assert!(refused.to_string().contains("State already discarded"), "{refused}");
			last_best = best_number(&rpc).await;
			assert!(node.terminate().success());
		} else {
			// Anywhere in the next block's second, pruning included.
			tokio::time::sleep(Duration::from_millis(97 * kill % 1000)).await;
			last_best = best_number(&rpc).await;
			node.kill();
		}
	}
	assert!(last_best > 2 * KILLS as u32, "the chain reached only #{last_best}");

	// Offline: every kept state whole, nothing else stored.
	let db_dir = Path::new(base).join("chains/dev/db");
	let executor = WasmExecutor::new().unwrap();
	let spec = sci_node::chain_spec::ChainSpec::load("dev", &executor).unwrap();
	let client = Client::open(Db::open(&db_dir).unwrap(), spec, executor).unwrap();
	let info = client.info();
	let mut kept = BTreeSet::new();
	for number in info.finalized_number - 3..=info.best_number {
		kept.extend(state_nodes(&client, client.hash(number).unwrap().unwrap()));
	}
	drop(client);
	assert_eq!(stored_nodes(&db_dir), kept.len(), "trie nodes leaked or lost");
}
