//! `state_*`: storage, metadata, runtime version and runtime calls, with subscriptions.

use super::{
	arg, bytes_param, client_error, hex0x, invalid_params, positional, register_blocking, required,
	RpcContext,
};
use codec::Decode;
use jsonrpsee::{
	core::SubscriptionResult, types::ErrorObjectOwned, PendingSubscriptionSink, RpcModule,
	SubscriptionMessage,
};
use sci_client_api::ClientError;
use sci_primitives::Hash;
use serde_json::{json, Value};
use sp_state_machine::{Backend, IterArgs};
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

/// Most keys one `state_getKeysPaged` call returns (as polkadot-sdk).
const MAX_KEYS_PAGE: u32 = 1000;

fn storage_hex(ctx: &RpcContext, at: Hash, key: &[u8]) -> Result<Option<String>, ErrorObjectOwned> {
	Ok(ctx.client.storage(at, key).map_err(client_error)?.map(|v| hex0x(&v)))
}

fn state_error(e: String) -> ErrorObjectOwned {
	client_error(ClientError::State(e))
}

/// Keys under `prefix` at `at`, after `start` (exclusive), at most `limit`.
fn keys_under(
	ctx: &RpcContext,
	at: Hash,
	prefix: &[u8],
	start: Option<&[u8]>,
	limit: usize,
) -> Result<Vec<Vec<u8>>, ErrorObjectOwned> {
	let state = ctx.client.state_at(at).map_err(client_error)?;
	let mut args = IterArgs::default();
	args.prefix = Some(prefix);
	args.start_at = start;
	args.start_at_exclusive = true;
	let keys = state.keys(args).map_err(state_error)?;
	keys.take(limit).map(|k| k.map_err(state_error)).collect()
}

fn keys_paged(ctx: &RpcContext, values: &[Value]) -> Result<Vec<String>, ErrorObjectOwned> {
	let prefix = bytes_param(&arg::<String>(values, 0)?.unwrap_or_default())?;
	let count: u32 = required(values, 1)?;
	if count > MAX_KEYS_PAGE {
		return Err(invalid_params(format!("count exceeds maximum value ({MAX_KEYS_PAGE})")));
	}
	let start = arg::<String>(values, 2)?.map(|s| bytes_param(&s)).transpose()?;
	let at = ctx.at(arg(values, 3)?);
	let keys = keys_under(ctx, at, &prefix, start.as_deref(), count as usize)?;
	Ok(keys.iter().map(|k| hex0x(k)).collect())
}

fn metadata(ctx: &RpcContext, at: Hash) -> Result<String, ErrorObjectOwned> {
	let out = ctx.client.call_at(at, "Metadata_metadata", &[]).map_err(client_error)?;
	let bytes = Vec::<u8>::decode(&mut &out[..]).map_err(|e| invalid_params(e.to_string()))?;
	Ok(hex0x(&bytes))
}

async fn follow_runtime_version(
	pending: PendingSubscriptionSink,
	ctx: Arc<RpcContext>,
) -> SubscriptionResult {
	let mut imported = ctx.client.import_notifications();
	let sink = pending.accept().await?;
	let mut current = ctx.client.runtime_version(ctx.client.info().best_hash)?;
	sink.send(SubscriptionMessage::from_json(&current)?).await?;
	loop {
		let best = tokio::select! {
			_ = sink.closed() => return Ok(()),
			n = imported.recv() => match n {
				Ok(n) if n.is_new_best && n.runtime_changed => n.hash,
				Ok(_) => continue,
				// Missed notifications may have carried a change: compare at the best block.
				Err(RecvError::Lagged(_)) => ctx.client.info().best_hash,
				Err(RecvError::Closed) => return Ok(()),
			},
		};
		let version = ctx.client.runtime_version(best)?;
		if version != current {
			sink.send(SubscriptionMessage::from_json(&version)?).await?;
			current = version;
		}
	}
}

async fn follow_storage(
	params: jsonrpsee::types::Params<'static>,
	pending: PendingSubscriptionSink,
	ctx: Arc<RpcContext>,
) -> SubscriptionResult {
	let keys: Vec<String> = arg(&positional(&params)?, 0)?.unwrap_or_default();
	let keys: Vec<Vec<u8>> = keys.iter().map(|k| bytes_param(k)).collect::<Result<_, _>>()?;
	if keys.is_empty() {
		pending
			.reject(invalid_params(
				"subscribing to all storage changes is not supported; name the keys",
			))
			.await;
		return Ok(());
	}
	let mut imported = ctx.client.import_notifications();
	let sink = pending.accept().await?;
	let mut at = ctx.client.info().best_hash;
	let mut last: Vec<Option<Vec<u8>>> =
		keys.iter().map(|k| ctx.client.storage(at, k)).collect::<Result<_, _>>()?;
	let initial: Vec<Value> = keys
		.iter()
		.zip(&last)
		.map(|(k, v)| json!([hex0x(k), v.as_ref().map(|v| hex0x(v))]))
		.collect();
	sink.send(SubscriptionMessage::from_json(&json!({ "block": at, "changes": initial }))?).await?;
	loop {
		tokio::select! {
			_ = sink.closed() => return Ok(()),
			n = imported.recv() => match n {
				Ok(n) if n.is_new_best => at = n.hash,
				Ok(_) | Err(RecvError::Lagged(_)) => continue,
				Err(RecvError::Closed) => return Ok(()),
			},
		}
		let mut changes = Vec::new();
		for (key, previous) in keys.iter().zip(last.iter_mut()) {
			let value = ctx.client.storage(at, key)?;
			if value != *previous {
				changes.push(json!([hex0x(key), value.as_ref().map(|v| hex0x(v))]));
				*previous = value;
			}
		}
		if !changes.is_empty() {
			sink.send(SubscriptionMessage::from_json(&json!({ "block": at, "changes": changes }))?)
				.await?;
		}
	}
}

pub(crate) fn register(module: &mut RpcModule<RpcContext>) -> anyhow::Result<()> {
	register_blocking(module, "state_getStorage", |params, ctx, _| {
		let values = positional(&params)?;
		let key = bytes_param(&required::<String>(&values, 0)?)?;
		storage_hex(&ctx, ctx.at(arg(&values, 1)?), &key)
	})?;
	module.register_alias("state_getStorageAt", "state_getStorage")?;
	register_blocking(
		module,
		"state_getStorageHash",
		|params, ctx, _| -> Result<Option<Hash>, ErrorObjectOwned> {
			let values = positional(&params)?;
			let key = bytes_param(&required::<String>(&values, 0)?)?;
			let value = ctx.client.storage(ctx.at(arg(&values, 1)?), &key).map_err(client_error)?;
			Ok(value.map(|v| sp_crypto_hashing::blake2_256(&v).into()))
		},
	)?;
	module.register_alias("state_getStorageHashAt", "state_getStorageHash")?;
	register_blocking(
		module,
		"state_getStorageSize",
		|params, ctx, _| -> Result<Option<u64>, ErrorObjectOwned> {
			let values = positional(&params)?;
			let key = bytes_param(&required::<String>(&values, 0)?)?;
			let value = ctx.client.storage(ctx.at(arg(&values, 1)?), &key).map_err(client_error)?;
			Ok(value.map(|v| v.len() as u64))
		},
	)?;
	module.register_alias("state_getStorageSizeAt", "state_getStorageSize")?;
	register_blocking(module, "state_getKeysPaged", |params, ctx, _| {
		keys_paged(&ctx, &positional(&params)?)
	})?;
	module.register_alias("state_getKeysPagedAt", "state_getKeysPaged")?;
	register_blocking(
		module,
		"state_queryStorageAt",
		|params, ctx, _| -> Result<Value, ErrorObjectOwned> {
			let values = positional(&params)?;
			let keys: Vec<String> = required(&values, 0)?;
			let at = ctx.at(arg(&values, 1)?);
			let changes = keys
				.iter()
				.map(|k| Ok(json!([k, storage_hex(&ctx, at, &bytes_param(k)?)?])))
				.collect::<Result<Vec<_>, ErrorObjectOwned>>()?;
			Ok(json!([{ "block": at, "changes": changes }]))
		},
	)?;
	register_blocking(
		module,
		"state_getKeys",
		|params, ctx, _| -> Result<Vec<String>, ErrorObjectOwned> {
			// Unbounded: only for trusted callers, like `state_getPairs`.
			ctx.check_unsafe()?;
			let values = positional(&params)?;
			let prefix = bytes_param(&required::<String>(&values, 0)?)?;
			let keys = keys_under(&ctx, ctx.at(arg(&values, 1)?), &prefix, None, usize::MAX)?;
			Ok(keys.iter().map(|k| hex0x(k)).collect())
		},
	)?;
	register_blocking(
		module,
		"state_getPairs",
		|params, ctx, _| -> Result<Vec<(String, String)>, ErrorObjectOwned> {
			ctx.check_unsafe()?;
			let values = positional(&params)?;
			let prefix = bytes_param(&required::<String>(&values, 0)?)?;
			let at = ctx.at(arg(&values, 1)?);
			keys_under(&ctx, at, &prefix, None, usize::MAX)?
				.into_iter()
				.map(|k| Ok((hex0x(&k), storage_hex(&ctx, at, &k)?.unwrap_or_default())))
				.collect()
		},
	)?;
	register_blocking(
		module,
		"state_getReadProof",
		|params, ctx, _| -> Result<Value, ErrorObjectOwned> {
			let values = positional(&params)?;
			let keys: Vec<String> = required(&values, 0)?;
			let keys = keys.iter().map(|k| bytes_param(k)).collect::<Result<Vec<_>, _>>()?;
			let at = ctx.at(arg(&values, 1)?);
			let state = ctx.client.state_at(at).map_err(client_error)?;
			let proof = sp_state_machine::prove_read(state.uncached(), keys)
				.map_err(|e| state_error(e.to_string()))?;
			let nodes: Vec<String> = proof.into_iter_nodes().map(|n| hex0x(&n)).collect();
			Ok(json!({ "at": at, "proof": nodes }))
		},
	)?;
	register_blocking(module, "state_getMetadata", |params, ctx, _| {
		metadata(&ctx, ctx.at(arg(&positional(&params)?, 0)?))
	})?;
	register_blocking(
		module,
		"state_getRuntimeVersion",
		|params, ctx, _| -> Result<sp_version::RuntimeVersion, ErrorObjectOwned> {
			ctx.client.runtime_version(ctx.at(arg(&positional(&params)?, 0)?)).map_err(client_error)
		},
	)?;
	module.register_alias("chain_getRuntimeVersion", "state_getRuntimeVersion")?;
	register_blocking(
		module,
		"state_call",
		|params, ctx, _| -> Result<String, ErrorObjectOwned> {
			let values = positional(&params)?;
			let method: String = required(&values, 0)?;
			let data = bytes_param(&required::<String>(&values, 1)?)?;
			let at = ctx.at(arg(&values, 2)?);
			ctx.client.call_at(at, &method, &data).map(|out| hex0x(&out)).map_err(client_error)
		},
	)?;
	module.register_alias("state_callAt", "state_call")?;
	module.register_subscription(
		"state_subscribeRuntimeVersion",
		"state_runtimeVersion",
		"state_unsubscribeRuntimeVersion",
		|_, pending, ctx, _| follow_runtime_version(pending, ctx),
	)?;
	module.register_alias("chain_subscribeRuntimeVersion", "state_subscribeRuntimeVersion")?;
	module.register_alias("chain_unsubscribeRuntimeVersion", "state_unsubscribeRuntimeVersion")?;
	module.register_subscription(
		"state_subscribeStorage",
		"state_storage",
		"state_unsubscribeStorage",
		|params, pending, ctx, _| follow_storage(params, pending, ctx),
	)?;
	Ok(())
}
