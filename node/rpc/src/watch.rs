//! Following one submitted transaction through the pool and the chain, for both
//! `author_submitAndWatchExtrinsic` and `transactionWatch_v1_submitAndWatch`.
//!
//! Submitting (a runtime call) and reading the blocks that include the transaction run on
//! the blocking pool under the context's `blocking` permits.

use super::{
	params::{AnyHex, Args},
	run_blocking, RpcContext,
};
use codec::Encode;
use jsonrpsee::{
	core::SubscriptionResult,
	types::{ErrorObjectOwned, Params},
	PendingSubscriptionSink, SubscriptionMessage,
};
use sci_client_api::ChainApiExt;
use sci_pool::{PoolError, TxStatus};
use sci_primitives::Hash;
use serde_json::Value;
use sp_runtime::transaction_validity::TransactionSource;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// What happened to a watched transaction.
pub(crate) enum WatchEvent {
	/// Validated and waiting in the pool (`ready` when `true`, else `future`).
	Pooled { ready: bool },
	/// In block `hash` of the best chain, at `index`.
	InBlock { hash: Hash, index: usize },
	/// In finalized block `hash`, at `index`.
	Finalized { hash: Hash, index: usize },
	/// Replaced by another transaction with the same tags.
	Usurped(Hash),
	/// Removed from the pool without being included.
	Dropped,
	/// Found invalid.
	Invalid(String),
}

/// How one RPC flavour reports events; `None` skips an event.
pub(crate) type Format = fn(&WatchEvent) -> Option<Value>;

/// Position of the extrinsic with `tx` hash in block `block` (reads the block's body).
async fn index_in_block(ctx: &RpcContext, block: Hash, tx: Hash) -> Option<usize> {
	let client = ctx.client.clone();
	run_blocking(ctx, move || {
		let body = client.body(block).ok()??;
		body.iter().position(|x| sci_pool::TransactionPool::hash_of(&x.encode()) == tx)
	})
	.await
	.ok()?
}

/// A pool error as polkadot-sdk's author RPC reports it.
pub(crate) fn pool_error(e: PoolError) -> ErrorObjectOwned {
	let data = match &e {
		PoolError::Invalid(reason) => Some(format!("{reason:?}")),
		_ => None,
	};
	ErrorObjectOwned::owned(e.code(), e.to_string(), data)
}

/// What to do with a transaction the pool refuses.
#[derive(Clone, Copy)]
pub(crate) enum Refused {
	/// Reject the subscription with the pool's error (legacy RPC).
	RejectSubscription,
	/// Accept the subscription and report an `Invalid` event (new spec).
	ReportInvalid,
}

/// Submit the transaction in `params[0]` and report its fate until it is finalized or gone.
pub(crate) async fn submit_and_watch(
	params: Params<'static>,
	pending: PendingSubscriptionSink,
	ctx: Arc<RpcContext>,
	format: Format,
	refused: Refused,
) -> SubscriptionResult {
	let encoded = Args::new(&params).required::<AnyHex>()?.0;
	// Listen before submitting so no status is missed.
	let mut watcher = ctx.pool.watch(sci_pool::TransactionPool::hash_of(&encoded));
	let mut finalized = ctx.client.finality_notifications();
	let pool = ctx.pool.clone();
	let submitted =
		run_blocking(&ctx, move || pool.submit(TransactionSource::External, &encoded)).await?;
	let hash = match (submitted, refused) {
		(Ok(hash), _) => hash,
		(Err(e), Refused::RejectSubscription) => {
			pending.reject(pool_error(e)).await;
			return Ok(());
		},
		(Err(e), Refused::ReportInvalid) => {
			let sink = pending.accept().await?;
			if let Some(v) = format(&WatchEvent::Invalid(e.to_string())) {
				sink.send(SubscriptionMessage::from_json(&v)?).await?;
			}
			return Ok(());
		},
	};
	let sink = pending.accept().await?;
	let send = |event: WatchEvent| {
		let message = format(&event).map(|v| SubscriptionMessage::from_json(&v));
		let sink = &sink;
		async move {
			match message {
				Some(m) => sink.send(m?).await.map_err(Into::into),
				None => SubscriptionResult::Ok(()),
			}
		}
	};
	let mut in_block: Option<(Hash, u32, usize)> = None;
	loop {
		let finalized_in = tokio::select! {
			_ = sink.closed() => return Ok(()),
			status = watcher.recv() => match status {
				Some(status) => match status {
					TxStatus::Ready | TxStatus::Future => {
						send(WatchEvent::Pooled { ready: status == TxStatus::Ready }).await?;
						continue;
					},
					TxStatus::InBlock(block) => {
						let client = ctx.client.clone();
						let number = run_blocking(&ctx, move || client.expect_header(block)).await??.number;
						let index = index_in_block(&ctx, block, hash).await.unwrap_or_default();
						in_block = Some((block, number, index));
						send(WatchEvent::InBlock { hash: block, index }).await?;
						// Finality may have been announced before the pool's event.
						if ctx.client.info().finalized_number < number {
							continue;
						}
						(block, index)
					},
					TxStatus::Usurped(by) => return send(WatchEvent::Usurped(by)).await,
					TxStatus::Dropped => return send(WatchEvent::Dropped).await,
					TxStatus::Invalid(reason) => return send(WatchEvent::Invalid(reason)).await,
				},
				None => return Ok(()),
			},
			n = finalized.recv(), if in_block.is_some() => match n {
				Ok(n) => {
					let (block, number, index) = in_block.expect("guarded by the select condition");
					let client = ctx.client.clone();
					if n.header.number < number || run_blocking(&ctx, move || client.hash(number)).await?? != Some(block) {
						continue;
					}
					(block, index)
				},
				Err(RecvError::Lagged(_)) => continue,
				Err(RecvError::Closed) => return Ok(()),
			},
		};
		let (block, index) = finalized_in;
		return send(WatchEvent::Finalized { hash: block, index }).await;
	}
}
