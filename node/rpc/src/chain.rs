//! `chain_*`: blocks, headers and head subscriptions.

use super::{arg, client_error, invalid_params, positional, RpcContext};
use jsonrpsee::{
	core::SubscriptionResult, types::ErrorObjectOwned, PendingSubscriptionSink, RpcModule,
	SubscriptionMessage,
};
use sci_client_api::{ChainApi, ChainApiExt};
use sci_primitives::{BlockNumber, Hash, Header};
use serde_json::Value;
use sp_runtime::generic::SignedBlock;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// A block number given as a JSON number or a hex string.
fn parse_number(value: &Value) -> Result<BlockNumber, ErrorObjectOwned> {
	match value {
		Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
		Value::String(s) => u32::from_str_radix(s.trim_start_matches("0x"), 16).ok(),
		_ => None,
	}
	.ok_or_else(|| invalid_params(format!("invalid block number {value}")))
}

fn block_hash(client: &dyn ChainApi, number: Option<&Value>) -> Result<Value, ErrorObjectOwned> {
	let number = match number {
		None | Some(Value::Null) => {
			return Ok(serde_json::to_value(client.info().best_hash).unwrap_or_default())
		},
		Some(v) => parse_number(v)?,
	};
	let hash = client.hash(number).map_err(client_error)?;
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
	if let Some(header) = ctx.client.header(first)? {
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
	module.register_method(
		"chain_getBlockHash",
		|params, ctx, _| -> Result<Value, ErrorObjectOwned> {
			let values = positional(&params)?;
			match values.first() {
				Some(Value::Array(numbers)) => numbers
					.iter()
					.map(|n| block_hash(&*ctx.client, Some(n)))
					.collect::<Result<Vec<_>, _>>()
					.map(Value::Array),
				other => block_hash(&*ctx.client, other),
			}
		},
	)?;
	module.register_alias("chain_getHead", "chain_getBlockHash")?;
	module.register_method(
		"chain_getHeader",
		|params, ctx, _| -> Result<Option<Header>, ErrorObjectOwned> {
			let at = ctx.at(arg(&positional(&params)?, 0)?);
			ctx.client.header(at).map_err(client_error)
		},
	)?;
	module.register_method(
		"chain_getBlock",
		|params, ctx, _| -> Result<Option<Value>, ErrorObjectOwned> {
			let at = ctx.at(arg(&positional(&params)?, 0)?);
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
