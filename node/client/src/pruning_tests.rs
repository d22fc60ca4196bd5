//! State and blocks pruning on a real dev chain: what is kept stays whole, what goes is
//! refused with a clear error, and the database holds exactly the kept states' trie nodes.

use crate::{
	test_chain::{build_block, chain_finalizing, first_slot, open_with},
	Client, ClientError, ClientOptions,
};
use sci_primitives::{opaque::Block, Hash};
use sci_storage::{
	db::Db,
	pruning::{PruningError, PruningMode},
};
use sp_runtime::traits::Block as _;
use std::{collections::BTreeSet, num::NonZeroU32, path::Path, sync::Arc};

fn keep(n: u32) -> PruningMode {
	PruningMode::Keep(NonZeroU32::new(n).unwrap())
}

fn open(dir: &Path, state: Option<PruningMode>, blocks: PruningMode) -> Arc<Client> {
	open_with(
		dir,
		ClientOptions { state_pruning: state, blocks_pruning: blocks, ..Default::default() },
	)
	.unwrap()
}

fn state_nodes(client: &Client, hash: Hash) -> BTreeSet<Hash> {
	client.trie_nodes(hash).unwrap()
}

/// The database in `dir` holds exactly the trie nodes of the states of `kept` (reopened, so
/// that every commit is counted).
fn holds_exactly(dir: &Path, kept: &[Hash]) {
	let client = open(dir, None, PruningMode::ArchiveCanonical);
	let mut nodes = BTreeSet::new();
	for hash in kept {
		nodes.extend(state_nodes(&client, *hash));
	}
	drop(client);
	let db = Db::open(dir).unwrap();
	assert_eq!(db.state_usage().unwrap().nodes, nodes.len(), "nodes leaked or lost");
}

fn discarded(client: &Client, block: &Block) -> bool {
	match client.state_at(block.header().hash()) {
		Err(error @ ClientError::StateDiscarded { .. }) => {
			assert!(error.to_string().starts_with("State already discarded for block #"));
			true
		},
		Err(other) => panic!("{other}"),
		Ok(_) => false,
	}
}

fn hashes(blocks: &[Block]) -> Vec<Hash> {
	blocks.iter().map(|block| block.header().hash()).collect()
}

/// With `--state-pruning 4`, finalizing #10 of 12 keeps the states of #7–#10 and of the
/// unfinalized #11 and #12; older ones are refused and their trie nodes are gone.
#[test]
fn keeps_the_last_n_finalized_states() {
	let dir = tempfile::tempdir().unwrap();
	let client = open(dir.path(), Some(keep(4)), PruningMode::ArchiveCanonical);
	let blocks = chain_finalizing(&client, 12, false);
	client.finalize(blocks[9].header().hash(), None).unwrap();
	for (i, block) in blocks.iter().enumerate() {
		assert_eq!(discarded(&client, block), i < 6, "#{}", i + 1);
	}
	assert!(matches!(
		client.state_at(client.info().genesis_hash),
		Err(ClientError::StateDiscarded { number: 0, .. })
	));
	// A kept state answers reads and runtime calls.
	client.runtime_version(blocks[6].header().hash()).unwrap();
	// Headers and bodies stay (blocks are archive-canonical).
	assert!(client.block(blocks[0].header().hash()).unwrap().is_some());
	drop(client);
	holds_exactly(dir.path(), &hashes(&blocks[6..]));
}

/// A fork's state goes when finality passes its height; its header stays, its body goes
/// (`archive-canonical`), and only the finalized chain's states are left.
#[test]
fn abandoned_forks_are_discarded_at_finality() {
	let dir = tempfile::tempdir().unwrap();
	let client =
		open(dir.path(), Some(PruningMode::ArchiveCanonical), PruningMode::ArchiveCanonical);
	let main = chain_finalizing(&client, 5, false);
	// A fork from #2: #3' and #4' in other slots.
	let slot = first_slot(&client) + 100;
	let fork_3 = build_block(&client, main[1].header().hash(), slot, false);
	let fork_4 = build_block(&client, fork_3.header().hash(), slot + 1, false);
	assert!(!discarded(&client, &fork_4));
	client.finalize(main[3].header().hash(), None).unwrap();
	for fork in [&fork_3, &fork_4] {
		assert!(discarded(&client, fork));
		assert!(client.header(fork.header().hash()).unwrap().is_some());
		assert_eq!(client.body(fork.header().hash()).unwrap(), None);
	}
	for block in &main {
		assert!(!discarded(&client, block));
	}
	let genesis = client.info().genesis_hash;
	drop(client);
	let kept: Vec<Hash> = std::iter::once(genesis).chain(hashes(&main)).collect();
	holds_exactly(dir.path(), &kept);
}

/// `archive` keeps abandoned forks' states and bodies too.
#[test]
fn archive_keeps_forks() {
	let dir = tempfile::tempdir().unwrap();
	let client = open(dir.path(), Some(PruningMode::Archive), PruningMode::Archive);
	let main = chain_finalizing(&client, 4, false);
	let fork = build_block(&client, main[1].header().hash(), first_slot(&client) + 100, false);
	client.finalize(main[3].header().hash(), None).unwrap();
	assert!(!discarded(&client, &fork));
	assert!(client.body(fork.header().hash()).unwrap().is_some());
	assert!(!discarded(&client, &main[0]));
}

/// `--blocks-pruning 2` deletes the bodies of finalized blocks but the last two; headers
/// and the kept states stay.
#[test]
fn blocks_pruning_keeps_the_last_n_bodies() {
	let dir = tempfile::tempdir().unwrap();
	let client = open(dir.path(), Some(PruningMode::ArchiveCanonical), keep(2));
	let blocks = chain_finalizing(&client, 6, true);
	for (i, block) in blocks.iter().enumerate() {
		let hash = block.header().hash();
		assert_eq!(client.body(hash).unwrap().is_some(), i >= 4, "#{}", i + 1);
		assert!(client.header(hash).unwrap().is_some());
		assert!(!discarded(&client, block));
	}
}

/// A node stopped between finality's commit and pruning's finishes pruning when it starts;
/// only the number of kept states may change, as on polkadot-sdk.
#[test]
fn pruning_resumes_at_start_and_modes_are_checked() {
	let dir = tempfile::tempdir().unwrap();
	let client = open(dir.path(), Some(PruningMode::Archive), PruningMode::ArchiveCanonical);
	let blocks = chain_finalizing(&client, 8, false);
	client.finalize(blocks[7].header().hash(), None).unwrap();
	drop(client);
	let refused =
		open_with(dir.path(), ClientOptions { state_pruning: Some(keep(2)), ..Default::default() });
	assert!(matches!(
		refused,
		Err(ClientError::Pruning(PruningError::IncompatibleModes {
			stored: PruningMode::Archive,
			requested: PruningMode::Keep(_)
		}))
	));

	let dir = tempfile::tempdir().unwrap();
	let client = open(dir.path(), Some(keep(100)), PruningMode::ArchiveCanonical);
	let blocks = chain_finalizing(&client, 8, true);
	assert!(!discarded(&client, &blocks[0]));
	drop(client);
	// Fewer kept states: the pruning the new window asks for is done when the node opens.
	let client = open(dir.path(), Some(keep(3)), PruningMode::ArchiveCanonical);
	for (i, block) in blocks.iter().enumerate() {
		assert_eq!(discarded(&client, block), i < 5, "#{}", i + 1);
	}
	drop(client);
	// The mode is kept when the flag is omitted.
	let client = open(dir.path(), None, PruningMode::ArchiveCanonical);
	assert_eq!(client.state_pruning(), keep(3));
	drop(client);
	holds_exactly(dir.path(), &hashes(&blocks[5..]));
}
