//! A chain authored and finalized in-process under a steady load of transfers, and how much
//! its database holds: for the pruning test and the `database_growth` benchmark.

use super::*;
use sci_node::{
	authoring,
	chain_spec::ChainSpec,
	client::{Client, ClientOptions},
	consensus,
	db::Db,
	executor::WasmExecutor,
	pool::{PoolLimits, TransactionPool},
	pruning::PruningMode,
};
use sci_runtime_test_utils::transfer;
use sp_consensus_aura::sr25519::AuthorityPair;
use sp_runtime::transaction_validity::TransactionSource;
use std::sync::Arc;

/// The client of `spec` in `dir` with `--state-pruning mode`.
pub(crate) fn open(dir: &Path, spec: ChainSpec, mode: PruningMode) -> Arc<Client> {
	let options = ClientOptions { state_pruning: Some(mode), ..Default::default() };
	Client::open_with(Db::open(dir).unwrap(), spec, WasmExecutor::new().unwrap(), options).unwrap()
}

/// Senders sending, round by round, to the next sender: accounts that exist, so the chain's
/// state keeps its size and only history grows.
pub(crate) struct Load {
	senders: Vec<sr25519::Pair>,
	nonces: Vec<u32>,
	next: usize,
	sent: u128,
	slot: u64,
}

impl Load {
	pub(crate) fn new(senders: Vec<sr25519::Pair>) -> Self {
		let slot = u64::from(consensus::current_slot(1000)) - 1_000_000;
		Self { nonces: vec![0; senders.len()], senders, next: 0, sent: 0, slot }
	}

	/// Author, commit and finalize one block of `transfers` transfers (none: an empty block,
	/// but for the timestamp) on `client`'s best block.
	pub(crate) fn block(&mut self, client: &Arc<Client>, transfers: usize) {
		let info = client.info();
		let version = client.runtime_version(info.best_hash).unwrap();
		let chain = ChainContext::new(info.genesis_hash, &version);
		let mut txs = Vec::with_capacity(transfers);
		for _ in 0..transfers {
			let from = self.next;
			self.next = (self.next + 1) % self.senders.len();
			let to: AccountId = self.senders[self.next].public().into();
			self.sent += 1;
			let call = transfer(&to, 1_000_000_000 + self.sent);
			txs.push(signed(call, &self.senders[from], self.nonces[from], &chain));
			self.nonces[from] += 1;
		}
		loop {
			let pool = TransactionPool::new(client.clone(), PoolLimits::unbounded());
			for tx in &txs {
				pool.submit(TransactionSource::External, tx).expect("valid transfer");
			}
			self.slot += 1;
			let key = AuthorityPair::from_string("//Alice", None).unwrap();
			let claim = authoring::SlotClaim {
				parent: client.info().best_hash,
				slot: self.slot.into(),
				timestamp_ms: self.slot * 1000,
				key: &key,
				deadline: Instant::now() + Duration::from_secs(60),
				finalize: true,
			};
			let proposal = authoring::propose(client, &pool, claim).unwrap();
			let included = proposal.included.len();
			assert!(proposal.invalid.is_empty(), "{:?}", proposal.invalid);
			client.commit_block(proposal.executed).unwrap();
			if included == transfers {
				return;
			}
			// A session's first block is full before any transaction (pallet-session weighs a
			// rotation as a whole block): the transfers go in the next one.
			assert_eq!(included, 0, "a block took part of the transfers");
		}
	}
}

/// Bytes the files under `dir` take on disk (what `du` reports).
pub(crate) fn disk_bytes(dir: &Path) -> u64 {
	use std::os::unix::fs::MetadataExt;
	std::fs::read_dir(dir)
		.unwrap()
		.map(|entry| entry.unwrap().metadata().unwrap())
		.filter(|meta| meta.is_file())
		.map(|meta| meta.blocks() * 512)
		.sum()
}

/// The database in `dir` (opened anew, so that every commit counts): distinct trie nodes
/// stored and their bytes.
pub(crate) fn stored_state(dir: &Path) -> sci_node::db::StateUsage {
	Db::open(dir).unwrap().state_usage().unwrap()
}
