//! `state_*`: storage, metadata, runtime version and runtime calls, with subscriptions.
//!
//! Every method runs on the blocking pool under the context's `blocking` permits, and the
//! subscriptions read storage and runtime versions there too. Bounds (a call over one is
//! refused with -32602 or, for the total size, a client error 4003):
//!
//! * `state_queryStorageAt`, `state_getReadProof` and `state_subscribeStorage` take at most
//!   1024 keys (`crate::params::MAX_LIST`), each at most 2048 bytes;
//! * `state_queryStorageAt` answers at most [`MAX_VALUES_BYTES`] (16 MiB) of values, checked
//!   as it reads them (a key repeated a thousand times is a thousand values);
//! * `state_getKeysPaged` returns at most 1000 keys (polkadot-sdk's limit).

use super::{
	client_error, hex0x, invalid_params,
	params::{AnyHex, Args, Hex, List, MAX_KEY_BYTES, MAX_LIST},
	register_blocking, run_blocking, RpcContext,
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
/// Most bytes of values one `state_queryStorageAt` call answers (polkadot-sdk's response
/// limit is 15 MiB).
pub(crate) const MAX_VALUES_BYTES: usize = 16 * 1024 * 1024;

/// A list of storage keys.
type Keys = List<Hex<MAX_KEY_BYTES>, MAX_LIST>;

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

fn keys_paged(ctx: &RpcContext, args: &mut Args<'_>) -> Result<Vec<String>, ErrorObjectOwned> {
	let prefix = args.optional::<Hex<MAX_KEY_BYTES>>()?.map(|h| h.0).unwrap_or_default();
	let count: u32 = args.required()?;
	if count > MAX_KEYS_PAGE {
		return Err(invalid_params(format!("count exceeds maximum value ({MAX_KEYS_PAGE})")));
	}
	let start = args.optional::<Hex<MAX_KEY_BYTES>>()?.map(|h| h.0);
	let at = ctx.at(args.optional()?);
	let keys = keys_under(ctx, at, &prefix, start.as_deref(), count as usize)?;
	Ok(keys.iter().map(|k| hex0x(k)).collect())
}

/// `[key, value]` pairs of `keys` at `at`, failing past [`MAX_VALUES_BYTES`] of values.
fn query_storage(ctx: &RpcContext, at: Hash, keys: Keys) -> Result<Vec<Value>, ErrorObjectOwned> {
	let mut total = 0usize;
	keys.0
		.into_iter()
		.map(|key| {
			let value = ctx.client.storage(at, &key.0).map_err(client_error)?;
			total = total.saturating_add(value.as_ref().map_or(0, Vec::len));
			if total > MAX_VALUES_BYTES {
				return Err(state_error(format!(
					"the values exceed {MAX_VALUES_BYTES} bytes; query fewer keys"
				)));
			}
			Ok(json!([hex0x(&key.0), value.map(|v| hex0x(&v))]))
		})
		.collect()
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
	let version_at = |at: Hash| {
		let client = ctx.client.clone();
		run_blocking(&ctx, move || client.runtime_version(at))
	};
	let mut current = version_at(ctx.client.info().best_hash).await??;
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
		let version = version_at(best).await??;
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
	let keys: Vec<Vec<u8>> = match Args::new(&params).optional::<Keys>() {
		Ok(keys) => keys.map(|k| k.0.into_iter().map(|k| k.0).collect()).unwrap_or_default(),
		Err(e) => {
			pending.reject(e).await;
			return Ok(());
		},
	};
	if keys.is_empty() {
		pending
			.reject(invalid_params(
				"subscribing to all storage changes is not supported; name the keys",
			))
			.await;
		return Ok(());
	}
	let keys = Arc::new(keys);
	let read = |at: Hash| {
		let (client, keys) = (ctx.client.clone(), keys.clone());
		run_blocking(&ctx, move || {
			keys.iter().map(|k| client.storage(at, k)).collect::<Result<Vec<_>, _>>()
		})
	};
	let mut imported = ctx.client.import_notifications();
	let sink = pending.accept().await?;
	let mut at = ctx.client.info().best_hash;
	let mut last: Vec<Option<Vec<u8>>> = read(at).await??;
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
		for ((key, previous), value) in keys.iter().zip(last.iter_mut()).zip(read(at).await??) {
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
		let mut args = Args::new(&params);
		let key: Hex<MAX_KEY_BYTES> = args.required()?;
		storage_hex(&ctx, ctx.at(args.optional()?), &key.0)
	})?;
	module.register_alias("state_getStorageAt", "state_getStorage")?;
	register_blocking(
		module,
		"state_getStorageHash",
		|params, ctx, _| -> Result<Option<Hash>, ErrorObjectOwned> {
			let mut args = Args::new(&params);
			let key: Hex<MAX_KEY_BYTES> = args.required()?;
			let value =
				ctx.client.storage(ctx.at(args.optional()?), &key.0).map_err(client_error)?;
			Ok(value.map(|v| sp_crypto_hashing::blake2_256(&v).into()))
		},
	)?;
	module.register_alias("state_getStorageHashAt", "state_getStorageHash")?;
	register_blocking(
		module,
		"state_getStorageSize",
		|params, ctx, _| -> Result<Option<u64>, ErrorObjectOwned> {
			let mut args = Args::new(&params);
			let key: Hex<MAX_KEY_BYTES> = args.required()?;
			let value =
				ctx.client.storage(ctx.at(args.optional()?), &key.0).map_err(client_error)?;
			Ok(value.map(|v| v.len() as u64))
		},
	)?;
	module.register_alias("state_getStorageSizeAt", "state_getStorageSize")?;
	register_blocking(module, "state_getKeysPaged", |params, ctx, _| {
		keys_paged(&ctx, &mut Args::new(&params))
	})?;
	module.register_alias("state_getKeysPagedAt", "state_getKeysPaged")?;
	register_blocking(
		module,
		"state_queryStorageAt",
		|params, ctx, _| -> Result<Value, ErrorObjectOwned> {
			let mut args = Args::new(&params);
			let keys: Keys = args.required()?;
			let at = ctx.at(args.optional()?);
			let changes = query_storage(&ctx, at, keys)?;
			Ok(json!([{ "block": at, "changes": changes }]))
		},
	)?;
	register_blocking(
		module,
		"state_getKeys",
		|params, ctx, _| -> Result<Vec<String>, ErrorObjectOwned> {
			// Unbounded: only for trusted callers, like `state_getPairs`.
			ctx.check_unsafe()?;
			let mut args = Args::new(&params);
			let prefix: Hex<MAX_KEY_BYTES> = args.required()?;
			let keys = keys_under(&ctx, ctx.at(args.optional()?), &prefix.0, None, usize::MAX)?;
			Ok(keys.iter().map(|k| hex0x(k)).collect())
		},
	)?;
	register_blocking(
		module,
		"state_getPairs",
		|params, ctx, _| -> Result<Vec<(String, String)>, ErrorObjectOwned> {
			ctx.check_unsafe()?;
			let mut args = Args::new(&params);
			let prefix: Hex<MAX_KEY_BYTES> = args.required()?;
			let at = ctx.at(args.optional()?);
			keys_under(&ctx, at, &prefix.0, None, usize::MAX)?
				.into_iter()
				.map(|k| Ok((hex0x(&k), storage_hex(&ctx, at, &k)?.unwrap_or_default())))
				.collect()
		},
	)?;
	register_blocking(
		module,
		"state_getReadProof",
		|params, ctx, _| -> Result<Value, ErrorObjectOwned> {
			let mut args = Args::new(&params);
			let keys: Keys = args.required()?;
			let at = ctx.at(args.optional()?);
			let state = ctx.client.state_at(at).map_err(client_error)?;
			let proof =
				sp_state_machine::prove_read(state.uncached(), keys.0.into_iter().map(|k| k.0))
					.map_err(|e| state_error(e.to_string()))?;
			let nodes: Vec<String> = proof.into_iter_nodes().map(|n| hex0x(&n)).collect();
			Ok(json!({ "at": at, "proof": nodes }))
		},
	)?;
	register_blocking(module, "state_getMetadata", |params, ctx, _| {
		metadata(&ctx, ctx.at(Args::new(&params).optional()?))
	})?;
	register_blocking(
		module,
		"state_getRuntimeVersion",
		|params, ctx, _| -> Result<sp_version::RuntimeVersion, ErrorObjectOwned> {
			ctx.client.runtime_version(ctx.at(Args::new(&params).optional()?)).map_err(client_error)
		},
	)?;
	module.register_alias("chain_getRuntimeVersion", "state_getRuntimeVersion")?;
	register_blocking(
		module,
		"state_call",
		|params, ctx, _| -> Result<String, ErrorObjectOwned> {
			let mut args = Args::new(&params);
			let method: String = args.required()?;
			let data: AnyHex = args.required()?;
			let at = ctx.at(args.optional()?);
			ctx.client.call_at(at, &method, &data.0).map(|out| hex0x(&out)).map_err(client_error)
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
