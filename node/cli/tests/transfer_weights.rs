//! Weights hold in real time in the worst case a transfer's weight is charged for: blocks of
//! transfers in which every transfer reads and writes two accounts no other one touches (its
//! own endowed sender, a new recipient), imported by a node with cold caches of its own, each
//! within the weight the block records. The throughput test checks the same for the load
//! generator's pattern (200 senders, one recipient) through real node processes.

mod common;

use common::{
	transfers::{run, Accounts},
	LOADED_BLOCK,
};

/// Enough for three blocks filled to the weight limit and the rest in a fourth: the state
/// stays far below ParityDB's 64 MiB log, whose periodic enactment the weights do not cover
/// (`docs/performance.md`, "What bounds it").
const TRANSFERS: usize = 6_000;

#[test]
fn blocks_of_transfers_between_new_accounts_import_within_their_weight() {
	let run = run(TRANSFERS, Accounts::Distinct);
	assert_eq!(run.blocks.iter().map(|b| b.transfers).sum::<usize>(), TRANSFERS);
	let loaded: Vec<_> =
		run.blocks.iter().enumerate().filter(|(_, b)| b.transfers >= LOADED_BLOCK).collect();
	let per_block: Vec<_> = run.blocks.iter().map(|b| b.transfers).collect();
	assert!(loaded.len() >= 3, "transfers per block: {per_block:?}");
	for (i, block) in loaded {
		println!(
			"block {}: {} transfers imported in {:?}, weight {:?}, import time ÷ weight {:.3}",
			i + 1,
			block.transfers,
			block.imported,
			block.weight,
			block.imported.as_secs_f64() / block.weight.as_secs_f64()
		);
		assert!(
			block.imported <= block.weight,
			"{} transfers between new accounts took {:?} to import, their block weighs {:?}",
			block.transfers,
			block.imported,
			block.weight
		);
	}
}
