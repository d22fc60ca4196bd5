//! How much the database holds, archive against pruned: bytes on disk and trie nodes after a
//! load of transfers, once the pruning window has passed it and after the same load again
//! (ParityDB does not shrink its files, it reuses the space pruning frees), and after a day's
//! worth of empty blocks, all authored and finalized in-process.
//!
//! `cargo bench -p sci-node --bench database_growth`; `SCI_BENCH_TRANSFERS` (100,000),
//! `SCI_BENCH_PER_BLOCK` (1,000), `SCI_BENCH_SENDERS` (1,000 endowed accounts, each sending to
//! the next), `SCI_BENCH_EMPTY_BLOCKS` (86,400: a day of one-second blocks; 0 skips them),
//! `SCI_BENCH_MODES` (`archive,256`).

#[path = "../tests/common/mod.rs"]
mod common;

use common::{
	growth::{disk_bytes, open, stored_state, Load},
	transfers::{dev_spec, generated_pairs},
};
use sci_node::{executor::WasmExecutor, pruning::PruningMode};
use sci_primitives::AccountId;
use sp_core::Pair;
use std::{path::Path, time::Instant};

sci_node::global_allocator!();

fn env(name: &str, default: usize) -> usize {
	std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// Disk bytes, trie nodes and their bytes of the database in `dir` (closed).
fn report(what: &str, dir: &Path, block: u32) -> u64 {
	let disk = disk_bytes(dir);
	let state = stored_state(dir);
	println!(
		"  {what:<34} #{block:<6} disk {:>9.1} MiB   trie nodes {:>8}  ({:.1} MiB)",
		disk as f64 / 1048576.0,
		state.nodes,
		state.bytes as f64 / 1048576.0
	);
	disk
}

fn main() {
	let transfers = env("SCI_BENCH_TRANSFERS", 100_000);
	let per_block = env("SCI_BENCH_PER_BLOCK", 1_000);
	let senders = env("SCI_BENCH_SENDERS", 1_000);
	let empty_blocks = env("SCI_BENCH_EMPTY_BLOCKS", 86_400);
	let modes = std::env::var("SCI_BENCH_MODES").unwrap_or_else(|_| "archive,256".into());
	println!("{transfers} transfers in blocks of {per_block} among {senders} accounts; {empty_blocks} empty blocks");
	for mode in modes.split(',') {
		let mode: PruningMode = mode.parse().unwrap();
		println!("--state-pruning {mode}");

		let pairs = generated_pairs(senders);
		let endowed: Vec<AccountId> = pairs.iter().map(|pair| pair.public().into()).collect();
		let spec = || dev_spec(&WasmExecutor::new().unwrap(), &endowed);
		let dir = tempfile::tempdir().unwrap();
		drop(open(dir.path(), spec(), mode));
		let start = report("genesis", dir.path(), 0);
		let mut client = open(dir.path(), spec(), mode);
		let mut load = Load::new(pairs);
		let started = Instant::now();
		for _ in 0..transfers.div_ceil(per_block) {
			load.block(&client, per_block);
		}
		let loaded = client.info().best_number;
		drop(client);
		let after = report("after the transfers", dir.path(), loaded);
		println!(
			"  {:.0} bytes a transfer, {:.0} a block ({:.0} s)",
			(after - start) as f64 / transfers as f64,
			(after - start) as f64 / f64::from(loaded),
			started.elapsed().as_secs_f64()
		);
		client = open(dir.path(), spec(), mode);
		for _ in 0..300 {
			load.block(&client, 0);
		}
		let best = client.info().best_number;
		drop(client);
		let passed = report("300 empty blocks later", dir.path(), best);
		println!(
			"  {:.0} bytes a transfer once the window has passed",
			(passed - start) as f64 / transfers as f64
		);
		// The same load again: a pruned node reuses the space the first one freed.
		client = open(dir.path(), spec(), mode);
		for _ in 0..transfers.div_ceil(per_block) {
			load.block(&client, per_block);
		}
		let best = client.info().best_number;
		drop(client);
		let again = report("after the same load again", dir.path(), best);
		println!("  {:.0} bytes a transfer", (again - passed) as f64 / transfers as f64);
		if empty_blocks == 0 {
			continue;
		}

		let dir = tempfile::tempdir().unwrap();
		drop(open(dir.path(), spec(), mode));
		let start = report("genesis", dir.path(), 0);
		let client = open(dir.path(), spec(), mode);
		let started = Instant::now();
		for _ in 0..empty_blocks {
			load.block(&client, 0);
		}
		drop(client);
		let day = report("empty blocks", dir.path(), empty_blocks as u32);
		println!(
			"  {:.0} bytes a block ({:.0} s)",
			(day - start) as f64 / empty_blocks as f64,
			started.elapsed().as_secs_f64()
		);
	}
}
