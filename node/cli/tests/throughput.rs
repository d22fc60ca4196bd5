//! The short throughput check CI runs (issue 12): a burst of signed transfers from many senders,
//! submitted over WebSocket by the load generator to a dev node, must all be accepted, included
//! and finalized, at no less than `FLOOR` transfers per second; then a fresh node syncs the
//! chain from it, re-executing every block, and must arrive at the same blocks (so the same
//! state roots: import checks each against its header); last, with both nodes stopped, another
//! fresh node imports those blocks (`import-blocks`) and must import each full block within the
//! weight the block claims. `docs/performance.md` has the full benchmark and what bounds it.

mod common;

use common::*;
use jsonrpsee::core::client::ClientT;
use std::time::Duration;

/// Transfers in the burst: enough for several full blocks, so the first block (submission
/// starts mid-slot) and the last (what is left) weigh little in the rate.
const TRANSFERS: usize = 10_000;

/// The floor for this check, above the 1,000/s and under the measured rate with room
/// for a slower machine: this burst ran at 3,442–3,722/s in blocks of 4,454 (2026-12-07, AMD
/// EPYC, the reference machine's weights with their 40 % margin); without the refund of storage
/// a block already paid for (`pallet-access-refund`) a block holds 1,230, so it also fails then.
const FLOOR: f64 = 2_500.0;

#[tokio::test(flavor = "multi_thread")]
async fn a_dev_node_finalizes_a_burst_above_the_floor_and_a_fresh_node_replays_it() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(&["--dev", "--tmp", "--no-prometheus"], dir.path());
	let rpc = node.rpc(Duration::from_secs(30)).await;
	let config = sci_loadgen::Config {
		url: format!("ws://127.0.0.1:{}", node.rpc_port()),
		senders: 100,
		transfers: TRANSFERS as u32,
		recipients: 0,
		connections: 2,
		in_flight: 128,
		funder: "//Alice".into(),
		timeout: Duration::from_secs(120),
	};
	let report = sci_loadgen::run(&config).await.unwrap();
	assert!(report.refused.is_empty(), "refused: {:?}", report.refused);
	assert_eq!(
		(report.accepted, report.included, report.finalized),
		(TRANSFERS, TRANSFERS, TRANSFERS),
		"per block: {:?}; node log tail:\n{}",
		report.per_block,
		log_tail(&node.log_text())
	);
	// Each transfer is in exactly one block.
	assert_eq!(report.per_block.values().sum::<usize>(), TRANSFERS);
	println!(
		"{:.0} transfers/s finalized; per block: {:?}",
		report.finalized_per_second, report.per_block
	);
	assert!(
		report.finalized_per_second >= FLOOR,
		"{:.0} finalized transfers/s, floor {FLOOR}",
		report.finalized_per_second
	);

	// Replay: a fresh full node syncs every block of the run and re-executes it.
	let height = best_number(&rpc).await;
	let best = block_hash(&rpc, height).await;
	let bootnode = node.p2p_addr();
	let replay = Node::start(
		&[
			"--chain",
			"dev",
			"--tmp",
			"--no-prometheus",
			"--bootnodes",
			&bootnode,
			"-l",
			"import=debug",
		],
		dir.path(),
	);
	let replay_rpc = replay.rpc(Duration::from_secs(30)).await;
	wait_until(Duration::from_secs(120), &format!("the fresh node imports #{height}"), || async {
		best_number(&replay_rpc).await >= height
	})
	.await;
	let replayed = block_hash(&replay_rpc, height).await;
	assert!(best.is_some());
	assert_eq!(replayed, best, "the replayed chain differs; log:\n{}", replay.log_text());

	// What each block weighs, and the blocks themselves (as `chain_getBlock` serves them, the
	// format `import-blocks` reads), before the nodes stop.
	let mut weights = std::collections::BTreeMap::new();
	let mut blocks = Vec::new();
	for number in 1..=height {
		let hash = block_hash(&replay_rpc, number).await;
		let weight: frame_system::ConsumedWeight =
			storage_at(&replay_rpc, &value_key("System", "BlockWeight"), hash)
				.await
				.expect("every block records its weight");
		weights.insert(number, weight_time(&weight).as_micros() as u64);
		let block: serde_json::Value = replay_rpc
			.request("chain_getBlock", params(vec![serde_json::to_value(hash).unwrap()]))
			.await
			.unwrap();
		blocks.push(block);
	}
	let network_log = replay.log_text();
	drop((replay, node));

	// Weights hold in real time: a fresh node, alone on the machine as a validator is, re-executes
	// each block of transfers (cold caches, every signature checked, on a second thread ahead of
	// execution or by execution itself, state root and commit included) within the weight the
	// block claims. The network replay above shared the two cores with the node serving it its
	// blocks; its times are printed for comparison.
	// polkadot-sdk's JSON stream: one block after another.
	let file = dir.path().join("blocks.json");
	let stream: Vec<u8> = blocks.iter().flat_map(|b| serde_json::to_vec(b).unwrap()).collect();
	std::fs::write(&file, stream).unwrap();
	let fresh = dir.path().join("fresh");
	let out = std::process::Command::new(node_binary())
		.args(["import-blocks", "--chain", "dev", "-l", "import=debug", "-d"])
		.arg(&fresh)
		.arg(&file)
		.output()
		.expect("running sci-node import-blocks");
	let log =
		format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	assert!(out.status.success(), "import-blocks failed:\n{log}");
	let mut checked = 0;
	for (&number, &transfers) in report.per_block.iter().filter(|(_, &n)| n >= LOADED_BLOCK) {
		let (taken, ahead) = import_micros(&log, number)
			.unwrap_or_else(|| panic!("no import time for #{number} in the import log:\n{log}"));
		// A second thread checks the signatures while the block executes.
		assert!(ahead > 0, "#{number}: no signature checked ahead of execution");
		let claimed = weights[&number];
		let over_network = import_micros(&network_log, number).map_or(0, |(micros, _)| micros);
		println!(
			"#{number}: {transfers} transfers, imported in {taken} µs ({ahead} signatures \
			 checked ahead), weight {claimed} µs, import time ÷ weight {:.3} (while syncing \
			 beside the serving node: {over_network} µs, {:.3})",
			taken as f64 / claimed as f64,
			over_network as f64 / claimed as f64
		);
		assert!(
			taken <= claimed,
			"#{number} ({transfers} transfers) took {taken} µs to import, its weight is {claimed} µs"
		);
		checked += 1;
	}
	assert!(checked > 0, "no block held {LOADED_BLOCK} transfers: {:?}", report.per_block);
}

/// How long the node took to import block `number`, and how many of its extrinsics' signatures
/// were checked ahead of execution, from its `import=debug` log line.
fn import_micros(log: &str, number: u32) -> Option<(u64, usize)> {
	let prefix = format!("#{number} imported in ");
	let (_, rest) = log.lines().find_map(|line| line.split_once(&prefix))?;
	let (micros, rest) = rest.split_once(" µs: ")?;
	let (_, rest) = rest.split_once(" (")?;
	let (ahead, _) = rest.split_once(" of ")?;
	Some((micros.parse().ok()?, ahead.parse().ok()?))
}

/// The last lines of a node log, enough to see why a run stalled.
fn log_tail(log: &str) -> String {
	let lines: Vec<_> = log.lines().collect();
	lines[lines.len().saturating_sub(60)..].join("\n")
}
