//! `sci-loadgen`: measures how many signed balance transfers an SCI node takes per second, end
//! to end, as wallets would send them (see the library's documentation for the steps).
//!
//! With `--min-tps`, exits with status 1 if finalized throughput is below it, or if any transfer
//! was refused or not finalized.

use anyhow::{bail, Result};
use clap::Parser;
use sci_loadgen::{report, run, Config};
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(name = "sci-loadgen", about = "Signed-transfer load generator for SCI nodes")]
struct Args {
	/// WebSocket JSON-RPC endpoint of the node.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// Distinct senders, derived as `//sci-loadgen//<i>` and funded by `--funder` first.
	#[arg(long, default_value_t = 200)]
	senders: u32,
	/// Transfers in the burst, spread evenly over the senders.
	#[arg(long, default_value_t = 20_000)]
	transfers: u32,
	/// Distinct recipients, each new to the chain, the transfers go to in turn (as many as
	/// `--transfers`: every transfer creates an account); 0: every transfer to the funder.
	#[arg(long, default_value_t = 0)]
	recipients: u32,
	/// WebSocket connections submitting in parallel.
	#[arg(long, default_value_t = 4)]
	connections: usize,
	/// Submissions outstanding on each connection.
	#[arg(long, default_value_t = 128)]
	in_flight: usize,
	/// Secret URI of the account that funds the senders (10 SCI each).
	#[arg(long, default_value = "//Alice")]
	funder: String,
	/// Seconds to wait for funding, inclusion and finality before giving up.
	#[arg(long, default_value_t = 300)]
	timeout: u64,
	/// Fail (exit status 1) below this many finalized transfers per second, or if any transfer
	/// is refused or not finalized.
	#[arg(long)]
	min_tps: Option<f64>,
}

#[tokio::main]
async fn main() -> Result<()> {
	let args = Args::parse();
	let config = Config {
		url: args.url,
		senders: args.senders,
		transfers: args.transfers,
		recipients: args.recipients,
		connections: args.connections,
		in_flight: args.in_flight,
		funder: args.funder,
		timeout: Duration::from_secs(args.timeout),
	};
	let r = run(&config).await?;
	println!(
		"submitted {} in {:.2?}: {:.0}/s accepted by the pool",
		r.submitted, r.submit_time, r.accepted_per_second
	);
	println!(
		"refused: {}",
		if r.refused.is_empty() { "none".to_string() } else { format!("{:?}", r.refused) }
	);
	println!(
		"included: {} of {} accepted, {:.0}/s (first submission to last inclusion)",
		r.included, r.accepted, r.included_per_second
	);
	println!(
		"finalized: {} of {} accepted, {:.0}/s (first submission to last finality)",
		r.finalized, r.accepted, r.finalized_per_second
	);
	println!("submit -> in block: {}", report::percentiles(&r.to_block));
	println!("submit -> finalized: {}", report::percentiles(&r.to_final));
	let mut counts: Vec<usize> = r.per_block.values().copied().collect();
	counts.sort();
	if let (Some(min), Some(max)) = (counts.first(), counts.last()) {
		println!(
			"blocks: {} (#{}..#{}), transfers per block: min {min}, median {}, max {max}",
			counts.len(),
			r.per_block.keys().next().unwrap_or(&0),
			r.per_block.keys().last().unwrap_or(&0),
			counts[counts.len() / 2]
		);
	}
	if let Some(busy) = r.cpu_busy {
		println!(
			"CPU: {:.0} % of {} cores busy (whole machine, load generator included)",
			busy * 100.0,
			std::thread::available_parallelism().map_or(1, |n| n.get())
		);
	}
	if let Some(min) = args.min_tps {
		if !r.refused.is_empty() {
			bail!("{} transfers were refused", r.submitted - r.accepted);
		}
		if r.finalized < r.accepted {
			bail!("{} transfers were not finalized in time", r.accepted - r.finalized);
		}
		if r.finalized_per_second < min {
			bail!(
				"{:.0} finalized transfers/s is below the floor of {min}",
				r.finalized_per_second
			);
		}
	}
	Ok(())
}
