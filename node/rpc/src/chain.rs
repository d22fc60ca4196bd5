//! `chain_*`: blocks, headers and head subscriptions.
//!
//! Every method that reads the database runs on the blocking pool under the context's
//! `blocking` permits, as does a head subscription's first read. `chain_getBlockHash` takes
//! at most 1024 block numbers in one list (`crate::params::MAX_LIST`); a longer list is
//! refused with -32602.

use super::{
	client_error,
	params::{Args, List, NumberOrHex, MAX_LIST},
	register_blocking, run_blocking, RpcContext,
};
use jsonrpsee::{
	core::SubscriptionResult, types::ErrorObjectOwned, PendingSubscriptionSink, RpcModule,
	SubscriptionMessage,
};
use sci_client_api::{ChainApi, ChainApiExt};
use sci_primitives::{Hash, Header};
use serde_json::Value;
use sp_runtime::generic::SignedBlock;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// The hash of block `number`, or of the best block when `None`.
fn block_hash(
	client: &dyn ChainApi,
	number: Option<NumberOrHex>,
) -> Result<Value, ErrorObjectOwned> {
	let hash = match number {
		None => Some(client.info().best_hash),
		Some(NumberOrHex(n)) => client.hash(n).map_err(client_error)?,
	};
	Ok(serde_json::to_value(hash).unwrap_or_default())
}

/// Which heads a subscription follows.
#[derive(Clone, Copy)]
enum Heads {
	New,
	All,
	Finalized,
}

async fn follow_heads(
	pending: PendingSubscriptionSink,
	ctx: Arc<RpcContext>,
	which: Heads,
) -> SubscriptionResult {
	let mut imported = ctx.client.import_notifications();
	let mut finalized = ctx.client.finality_notifications();
	let sink = pending.accept().await?;
	let info = ctx.client.info();
	let first = match which {
		Heads::Finalized => info.finalized_hash,
		Heads::New | Heads::All => info.best_hash,
	};
	let client = ctx.client.clone();
	if let Some(header) = run_blocking(&ctx, move || client.header(first)).await?? {
		sink.send(SubscriptionMessage::from_json(&header)?).await?;
	}
	loop {
		let header: Header = tokio::select! {
			_ = sink.closed() => return Ok(()),
			n = imported.recv(), if !matches!(which, Heads::Finalized) => match n {
				Ok(n) if n.is_new_best || matches!(which, Heads::All) => n.header,
				Ok(_) | Err(RecvError::Lagged(_)) => continue,
				Err(RecvError::Closed) => return Ok(()),
			},
			n = finalized.recv(), if matches!(which, Heads::Finalized) => match n {
				Ok(n) => n.header,
				Err(RecvError::Lagged(_)) => continue,
				Err(RecvError::Closed) => return Ok(()),
			},
		};
		sink.send(SubscriptionMessage::from_json(&header)?).await?;
	}
}

pub(crate) fn register(module: &mut RpcModule<RpcContext>) -> anyhow::Result<()> {
	register_blocking(
		module,
		"chain_getBlockHash",
		|params, ctx, _| -> Result<Value, ErrorObjectOwned> {
			let mut args = Args::new(&params);
			if args.next_is_list() {
				let numbers: List<Option<NumberOrHex>, MAX_LIST> = args.required()?;
				numbers
					.0
					.into_iter()
					.map(|n| block_hash(&*ctx.client, n))
					.collect::<Result<Vec<_>, _>>()
					.map(Value::Array)
			} else {
				block_hash(&*ctx.client, args.optional()?)
			}
		},
	)?;
	module.register_alias("chain_getHead", "chain_getBlockHash")?;
	register_blocking(
		module,
		"chain_getHeader",
		|params, ctx, _| -> Result<Option<Header>, ErrorObjectOwned> {
			let at = ctx.at(Args::new(&params).optional()?);
			ctx.client.header(at).map_err(client_error)
		},
	)?;
	register_blocking(
		module,
		"chain_getBlock",
		|params, ctx, _| -> Result<Option<Value>, ErrorObjectOwned> {
			let at = ctx.at(Args::new(&params).optional()?);
			let Some(block) = ctx.client.block(at).map_err(client_error)? else { return Ok(None) };
			let justifications = ctx.client.justifications(at).map_err(client_error)?;
			Ok(serde_json::to_value(SignedBlock { block, justifications }).ok())
		},
	)?;
	module.register_method(
		"chain_getFinalizedHead",
		|_, ctx, _| -> Result<Hash, ErrorObjectOwned> { Ok(ctx.client.info().finalized_hash) },
	)?;
	module.register_alias("chain_getFinalisedHead", "chain_getFinalizedHead")?;

	module.register_subscription(
		"chain_subscribeNewHeads",
		"chain_newHead",
		"chain_unsubscribeNewHeads",
		|_, pending, ctx, _| follow_heads(pending, ctx, Heads::New),
	)?;
	module.register_alias("chain_subscribeNewHead", "chain_subscribeNewHeads")?;
	module.register_alias("subscribe_newHead", "chain_subscribeNewHeads")?;
	module.register_alias("chain_unsubscribeNewHead", "chain_unsubscribeNewHeads")?;
	module.register_alias("unsubscribe_newHead", "chain_unsubscribeNewHeads")?;
	module.register_subscription(
		"chain_subscribeAllHeads",
		"chain_allHead",
		"chain_unsubscribeAllHeads",
		|_, pending, ctx, _| follow_heads(pending, ctx, Heads::All),
	)?;
	module.register_subscription(
		"chain_subscribeFinalizedHeads",
		"chain_finalizedHead",
		"chain_unsubscribeFinalizedHeads",
		|_, pending, ctx, _| follow_heads(pending, ctx, Heads::Finalized),
	)?;
	module.register_alias("chain_subscribeFinalisedHeads", "chain_subscribeFinalizedHeads")?;
	module.register_alias("chain_unsubscribeFinalisedHeads", "chain_unsubscribeFinalizedHeads")?;
	Ok(())
}
