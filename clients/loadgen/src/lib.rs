//! A load generator for SCI nodes: signs balance transfers from many senders in parallel,
//! submits them over WebSocket JSON-RPC and measures what the node makes of them. The
//! `sci-loadgen` binary prints a [`Report`]; tests call [`run`] directly.
//!
//! 1. Derives `senders` keys (`//sci-loadgen//<i>`) and funds each from `funder`.
//! 2. Signs `transfers` `transfer_keep_alive`s (spread over the senders, consecutive nonces),
//!    all to the funder or, with `recipients`, in turn to that many accounts new to the chain,
//!    on every core.
//! 3. Submits them all at once over `connections` WebSocket connections
//!    (`author_submitExtrinsic`, `in_flight` requests outstanding on each), while following
//!    the chain's new and finalized heads and reading each block's extrinsics.
//! 4. Reports transfers per second submitted, included and finalized; latency percentiles
//!    (submit → in block → finalized); transfers per block; pool rejections by reason; and the
//!    machine's CPU use during the run.

pub mod report;
mod rpc;
mod watch;

use anyhow::{ensure, Context, Result};
use codec::Encode;
use futures::{stream, StreamExt};
use jsonrpsee::ws_client::{WsClient, WsClientBuilder};
use sci_primitives::{
	units::{MILLI_UNIT, UNIT},
	AccountId, Balance, Hash,
};
use sci_runtime_test_utils::{signed, transfer, ChainContext};
use sp_core::{sr25519, Pair};
use std::{
	collections::BTreeMap,
	sync::Arc,
	time::{Duration, Instant},
};

/// What to send, where.
#[derive(Clone, Debug)]
pub struct Config {
	/// WebSocket JSON-RPC endpoint of the node.
	pub url: String,
	/// Distinct senders.
	pub senders: u32,
	/// Transfers in the burst.
	pub transfers: u32,
	/// Distinct recipients the transfers go to, in turn; 0: all to the funder.
	pub recipients: u32,
	/// WebSocket connections submitting in parallel.
	pub connections: usize,
	/// Submissions outstanding on each connection.
	pub in_flight: usize,
	/// Secret URI of the account that funds the senders.
	pub funder: String,
	/// How long to wait for funding, inclusion and finality.
	pub timeout: Duration,
}

/// What a run measured.
#[derive(Clone, Debug, Default)]
pub struct Report {
	/// Transfers submitted.
	pub submitted: usize,
	/// Transfers the pool accepted.
	pub accepted: usize,
	/// Refusals by the node's error message.
	pub refused: BTreeMap<String, usize>,
	/// Accepted transfers found in a block.
	pub included: usize,
	/// Accepted transfers found in a finalized block.
	pub finalized: usize,
	/// Time to submit everything.
	pub submit_time: Duration,
	/// Accepted transfers per second while submitting.
	pub accepted_per_second: f64,
	/// Included transfers per second, from the first submission to the last inclusion.
	pub included_per_second: f64,
	/// Finalized transfers per second, from the first submission to the last finality.
	pub finalized_per_second: f64,
	/// Submission → in a block, sorted.
	pub to_block: Vec<Duration>,
	/// Submission → finalized, sorted.
	pub to_final: Vec<Duration>,
	/// Our transfers in each block that held any, by block number.
	pub per_block: BTreeMap<u32, usize>,
	/// Busy share of the machine's CPU (all cores) during the run.
	pub cpu_busy: Option<f64>,
	/// Time to sign all transfers.
	pub signing: Duration,
}

/// What each sender is funded with: fees and amounts of a few hundred transfers.
pub const FUNDING: Balance = 10 * UNIT;
/// The amount of each transfer of the burst.
const AMOUNT: Balance = MILLI_UNIT;

/// The `j`-th of the distinct recipients (`Config::recipients`): an account no key derives,
/// created by its first transfer (`AMOUNT` is the existential deposit).
fn recipient(j: u32) -> AccountId {
	AccountId::from(sp_crypto_hashing::blake2_256(&(b"sci-loadgen-recipient", j).encode()))
}

/// A signed transfer ready to submit.
struct Signed {
	hash: Hash,
	hex: String,
}

fn encode(call_signed: sci_runtime::UncheckedExtrinsic) -> Signed {
	let bytes = call_signed.encode();
	Signed {
		hash: Hash::from(sp_crypto_hashing::blake2_256(&bytes)),
		hex: format!("0x{}", hex::encode(bytes)),
	}
}

/// Runs `work` over `items` on every core, keeping the order.
fn parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
	let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
	let chunk = items.len().div_ceil(threads).max(1);
	std::thread::scope(|scope| {
		let handles: Vec<_> = items
			.chunks(chunk)
			.enumerate()
			.map(|(c, part)| {
				let work = &work;
				scope.spawn(move || {
					part.iter()
						.enumerate()
						.map(|(i, item)| work(c * chunk + i, item))
						.collect::<Vec<R>>()
				})
			})
			.collect();
		handles.into_iter().flat_map(|h| h.join().expect("worker panicked")).collect::<Vec<R>>()
	})
}

async fn connect(url: &str, in_flight: usize) -> Result<WsClient> {
	WsClientBuilder::default()
		.max_request_size(16 * 1024 * 1024)
		.max_response_size(64 * 1024 * 1024)
		.max_concurrent_requests(in_flight.max(16) * 2)
		.request_timeout(Duration::from_secs(120))
		.build(url)
		.await
		.with_context(|| format!("connecting to {url}"))
}

/// Funds every sender from `funder` and waits until the best block shows it.
async fn fund(
	client: &WsClient,
	chain: &ChainContext,
	funder: &sr25519::Pair,
	senders: &[AccountId],
	timeout: Duration,
) -> Result<()> {
	let funder_account: AccountId = funder.public().into();
	let first = rpc::next_nonce(client, &funder_account).await?;
	for (i, sender) in senders.iter().enumerate() {
		let tx = encode(signed(transfer(sender, FUNDING), funder, first + i as u32, chain));
		rpc::submit(client, &tx.hex)
			.await
			.map_err(|e| anyhow::anyhow!("funding sender {i} was refused: {e}"))?;
	}
	let deadline = Instant::now() + timeout;
	for sender in senders {
		while rpc::free_balance(client, sender).await? < FUNDING {
			ensure!(Instant::now() < deadline, "senders not funded within {timeout:?}");
			tokio::time::sleep(Duration::from_millis(250)).await;
		}
	}
	Ok(())
}

/// The outcome of one submission.
struct Submission {
	hash: Hash,
	at: Instant,
	result: Result<(), String>,
}

/// Submits `txs` over `clients`, transaction `i` on connection `i % clients.len()`.
async fn submit_all(
	clients: &[Arc<WsClient>],
	txs: Vec<Signed>,
	in_flight: usize,
) -> Vec<Submission> {
	let mut lanes: Vec<Vec<Signed>> = (0..clients.len()).map(|_| Vec::new()).collect();
	for (i, tx) in txs.into_iter().enumerate() {
		lanes[i % clients.len()].push(tx);
	}
	let tasks = lanes.into_iter().zip(clients).map(|(lane, client)| {
		let client = client.clone();
		tokio::spawn(async move {
			stream::iter(lane)
				.map(|tx| {
					let client = client.clone();
					async move {
						let at = Instant::now();
						let result = rpc::submit(&client, &tx.hex).await.map(|_| ());
						Submission { hash: tx.hash, at, result }
					}
				})
				.buffer_unordered(in_flight)
				.collect::<Vec<_>>()
				.await
		})
	});
	let mut all = Vec::new();
	for task in futures::future::join_all(tasks).await {
		all.extend(task.expect("submission task panicked"));
	}
	all
}

/// Funds the senders, signs and submits the burst, and measures it. Progress goes to stdout.
pub async fn run(config: &Config) -> Result<Report> {
	ensure!(config.senders > 0, "at least one sender is needed");
	ensure!(
		config.connections > 0 && config.in_flight > 0,
		"at least one connection and one submission in flight are needed"
	);
	let timeout = config.timeout;
	let control = Arc::new(connect(&config.url, config.in_flight).await?);
	let chain = rpc::chain_context(&control).await?;
	println!(
		"node {}: spec_version {}, genesis {:?}",
		config.url, chain.spec_version, chain.genesis_hash
	);

	// Deriving a key from its URI takes about a millisecond: on every core.
	let started = Instant::now();
	let ids: Vec<u32> = (0..config.senders).collect();
	let senders: Vec<sr25519::Pair> = parallel(&ids, |_, i| {
		sr25519::Pair::from_string(&format!("//sci-loadgen//{i}"), None).expect("valid URI")
	});
	let funder = sr25519::Pair::from_string(&config.funder, None)
		.map_err(|e| anyhow::anyhow!("funder {}: {e:?}", config.funder))?;
	let accounts: Vec<AccountId> = senders.iter().map(|p| p.public().into()).collect();
	println!("derived {} senders in {:.2?}", senders.len(), started.elapsed());

	let started = Instant::now();
	fund(&control, &chain, &funder, &accounts, timeout).await?;
	println!(
		"funded {} senders with {} SCI each in {:.2?}",
		accounts.len(),
		FUNDING / UNIT,
		started.elapsed()
	);

	// Transfers per sender: the first `transfers % senders` send one more. Their nonces
	// start at what the node reports (0 for fresh senders).
	let base = config.transfers / config.senders;
	let extra = config.transfers % config.senders;
	let mut nonces = Vec::with_capacity(accounts.len());
	for account in &accounts {
		nonces.push(rpc::next_nonce(&control, account).await?);
	}
	let funder_account: AccountId = funder.public().into();
	let started = Instant::now();
	let per_sender: Vec<Vec<Signed>> = parallel(&senders, |i, pair| {
		let count = base + u32::from((i as u32) < extra);
		(0..count)
			.map(|k| {
				// Sender `i`'s `k`-th transfer is the burst's `k * senders + i`-th, in the
				// order they are submitted.
				let to = match config.recipients {
					0 => funder_account.clone(),
					n => recipient(((k * config.senders) + i as u32) % n),
				};
				encode(signed(transfer(&to, AMOUNT), pair, nonces[i] + k, &chain))
			})
			.collect()
	});
	let signing = started.elapsed();
	// Round by round (every sender's first nonce, then every second...), so the pool mostly
	// receives transactions it can include at once.
	let rounds = per_sender.iter().map(Vec::len).max().unwrap_or(0);
	let mut queues: Vec<_> = per_sender.into_iter().map(Vec::into_iter).collect();
	let mut txs = Vec::with_capacity(config.transfers as usize);
	for _ in 0..rounds {
		txs.extend(queues.iter_mut().filter_map(Iterator::next));
	}
	println!("signed {} transfers in {signing:.2?}; submitting", txs.len());

	let mut clients = Vec::new();
	for _ in 0..config.connections {
		clients.push(Arc::new(connect(&config.url, config.in_flight).await?));
	}
	let (seen, watcher) = watch::start(control.clone()).await?;
	let cpu_before = report::cpu_ticks();
	let start = Instant::now();
	let submissions = submit_all(&clients, txs, config.in_flight).await;
	let submit_time = start.elapsed();

	let accepted: Vec<&Submission> = submissions.iter().filter(|s| s.result.is_ok()).collect();
	let mut refused: BTreeMap<String, usize> = BTreeMap::new();
	for s in &submissions {
		if let Err(reason) = &s.result {
			*refused.entry(reason.clone()).or_default() += 1;
		}
	}

	// Wait until every accepted transfer is in a finalized block, or the timeout.
	let deadline = Instant::now() + timeout;
	loop {
		{
			let seen = seen.lock().await;
			let mut highest = None;
			let mut all_in = true;
			for s in &accepted {
				match seen.included.get(&s.hash) {
					Some(&(n, _)) => highest = highest.max(Some(n)),
					None => all_in = false,
				}
			}
			let all_final =
				highest.is_none_or(|h| seen.finalized.last().is_some_and(|(f, _)| *f >= h));
			if (all_in && all_final) || Instant::now() >= deadline {
				break;
			}
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	let cpu_busy = report::cpu_busy(cpu_before, report::cpu_ticks());
	watcher.abort();
	let watch::Seen { included, finalized: finalized_at } = std::mem::take(&mut *seen.lock().await);

	let mut report = Report {
		submitted: submissions.len(),
		accepted: accepted.len(),
		refused,
		submit_time,
		accepted_per_second: accepted.len() as f64 / submit_time.as_secs_f64().max(1e-9),
		cpu_busy,
		signing,
		..Report::default()
	};
	let (mut last_in, mut last_final) = (start, start);
	for s in &accepted {
		let Some(&(number, at)) = included.get(&s.hash) else { continue };
		*report.per_block.entry(number).or_default() += 1;
		report.to_block.push(at.saturating_duration_since(s.at));
		last_in = last_in.max(at);
		if let Some(&(_, at)) = finalized_at.iter().find(|(f, _)| *f >= number) {
			report.to_final.push(at.saturating_duration_since(s.at));
			last_final = last_final.max(at);
		}
	}
	report.to_block.sort();
	report.to_final.sort();
	report.included = report.to_block.len();
	report.finalized = report.to_final.len();
	let rate =
		|n: usize, until: Instant| n as f64 / until.duration_since(start).as_secs_f64().max(1e-9);
	report.included_per_second = rate(report.included, last_in);
	report.finalized_per_second = rate(report.finalized, last_final);
	Ok(report)
}
