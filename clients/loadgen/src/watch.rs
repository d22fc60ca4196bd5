//! Follows the chain while the load runs: which block includes each extrinsic and when it
//! appeared, and when blocks are finalized.

use crate::rpc;
use anyhow::Result;
use jsonrpsee::{
	core::client::{Subscription, SubscriptionClientT},
	rpc_params,
	ws_client::WsClient,
};
use sci_primitives::Hash;
use std::{
	collections::HashMap,
	sync::Arc,
	time::{Duration, Instant},
};
use tokio::sync::Mutex;

/// What the watcher saw: where each extrinsic was included (a later block of the same number
/// overwrites, as the best chain does) and when blocks were finalized.
#[derive(Default)]
pub(crate) struct Seen {
	/// Extrinsic hash → (block number, when its header was announced).
	pub included: HashMap<Hash, (u32, Instant)>,
	/// `(finalized number, when)`, in order.
	pub finalized: Vec<(u32, Instant)>,
}

fn header_number(header: &serde_json::Value) -> Option<u32> {
	u32::from_str_radix(header["number"].as_str()?.trim_start_matches("0x"), 16).ok()
}

/// A subscription's item; an undecodable one is reported and skipped (the subscription goes on).
fn received(item: Result<serde_json::Value, serde_json::Error>) -> Option<serde_json::Value> {
	item.map_err(|e| eprintln!("watcher: bad header notification: {e}")).ok()
}

/// A block's extrinsics, retried for a few seconds: a loaded node may answer a request with an
/// error or time out. Reported, and `None`, if it never answers, so the run's report shows the
/// block's transfers as not included rather than the watcher silently missing them.
async fn extrinsics_of(client: &WsClient, number: u32) -> Option<Vec<Hash>> {
	let mut error = None;
	for _ in 0..50 {
		match rpc::block_extrinsics(client, number).await {
			Ok(extrinsics) => return Some(extrinsics),
			Err(e) => error = Some(e),
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
	eprintln!("watcher: gave up reading block {number}: {error:?}");
	None
}

/// Follows new best and finalized heads on `client` until the returned handle is aborted.
pub(crate) async fn start(
	client: Arc<WsClient>,
) -> Result<(Arc<Mutex<Seen>>, tokio::task::JoinHandle<()>)> {
	let seen = Arc::new(Mutex::new(Seen::default()));
	let mut heads: Subscription<serde_json::Value> = client
		.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
		.await?;
	let mut finalized: Subscription<serde_json::Value> = client
		.subscribe(
			"chain_subscribeFinalizedHeads",
			rpc_params![],
			"chain_unsubscribeFinalizedHeads",
		)
		.await?;
	let state = seen.clone();
	let task = tokio::spawn(async move {
		// Heads may come faster than we fetch bodies: fetch every block since the last one.
		let mut last: Option<u32> = None;
		loop {
			tokio::select! {
				Some(header) = heads.next() => {
					let at = Instant::now();
					let Some(number) = received(header).as_ref().and_then(header_number) else {
						continue
					};
					let from = last.map_or(number, |l| (l + 1).min(number));
					for n in from..=number {
						if let Some(extrinsics) = extrinsics_of(&client, n).await {
							let mut state = state.lock().await;
							state.included.extend(extrinsics.into_iter().map(|x| (x, (n, at))));
						}
					}
					last = Some(number);
				},
				Some(header) = finalized.next() => {
					if let Some(number) = received(header).as_ref().and_then(header_number) {
						state.lock().await.finalized.push((number, Instant::now()));
					}
				},
				else => break,
			}
		}
	});
	Ok((seen, task))
}
