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

use common::transfers::{run, Accounts};
use std::time::Duration;

sci_node::global_allocator!();

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
	let run = run(total, accounts);

	let rate = |n: usize, d: Duration| n as f64 / d.as_secs_f64();
	let import_time: Duration = run.blocks.iter().map(|b| b.imported).sum();
	let max_in_block = run.blocks.iter().map(|b| b.transfers).max().unwrap_or(0);
	println!(
		"transfers: {total} from {} senders to {} recipients, {} blocks",
		run.senders,
		run.recipients,
		run.blocks.len()
	);
	println!("signing (load generator, not node work): {:?}", run.signing);
	println!(
		"pool validation: {:?} = {:.0} transfers/s",
		run.validation,
		rate(total, run.validation)
	);
	println!(
		"authoring (2/3 s budget per block): {:?} = {:.0} transfers/s; most in one block: {max_in_block}",
		run.authoring,
		rate(total, run.authoring)
	);
	println!(
		"import (re-execution): {import_time:?} = {:.0} transfers/s",
		rate(total, import_time)
	);
	for (i, block) in run.blocks.iter().enumerate() {
		println!(
			"  block {}: {} transfers, built in {} ms, imported in {} ms, weight {} ms",
			i + 1,
			block.transfers,
			block.built.as_millis(),
			block.imported.as_millis(),
			block.weight.as_millis()
		);
	}
	println!(
		"end to end through the pool (validate + author): {:.0} transfers/s",
		rate(total, run.validation + run.authoring)
	);
}
