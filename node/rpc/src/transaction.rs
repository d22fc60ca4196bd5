//! The new JSON-RPC spec's transaction methods: `transaction_v1_{broadcast,stop}` and
//! `transactionWatch_v1_{submitAndWatch,unwatch}`.
//!
//! Submitting validates the transaction with a runtime call: it runs on the blocking pool
//! under the context's `blocking` permits.

use super::{
	params::{AnyHex, Args, Text, MAX_ID_BYTES},
	register_blocking,
	watch::{submit_and_watch, Refused, WatchEvent},
	RpcContext,
};
use jsonrpsee::{types::ErrorObjectOwned, RpcModule};
use serde_json::{json, Value};
use sp_runtime::transaction_validity::TransactionSource;

/// `transactionWatch_v1_watchEvent` JSON.
fn watch_event(event: &WatchEvent) -> Option<Value> {
	Some(match event {
		WatchEvent::Pooled { .. } => json!({ "event": "validated" }),
		WatchEvent::InBlock { hash, index } => {
			json!({ "event": "bestChainBlockIncluded", "block": { "hash": hash, "index": index } })
		},
		WatchEvent::Finalized { hash, index } => {
			json!({ "event": "finalized", "block": { "hash": hash, "index": index } })
		},
		WatchEvent::Usurped(by) => {
			json!({ "event": "invalid", "error": format!("replaced by {by:?}") })
		},
		WatchEvent::Dropped => json!({ "event": "dropped", "error": "dropped from the pool" }),
		WatchEvent::Invalid(reason) => json!({ "event": "invalid", "error": reason }),
	})
}

pub(crate) fn register(module: &mut RpcModule<RpcContext>) -> anyhow::Result<()> {
	module.register_subscription(
		"transactionWatch_v1_submitAndWatch",
		"transactionWatch_v1_watchEvent",
		"transactionWatch_v1_unwatch",
		|params, pending, ctx, _| {
			// The spec reports a refused transaction as an `invalid` event, not an RPC error.
			submit_and_watch(params, pending, ctx, watch_event, Refused::ReportInvalid)
		},
	)?;
	register_blocking(
		module,
		"transaction_v1_broadcast",
		|params, ctx, _| -> Result<String, ErrorObjectOwned> {
			let encoded = Args::new(&params).required::<AnyHex>()?.0;
			// Broadcasting reports nothing back: a refused transaction is simply not kept.
			if let Err(e) = ctx.pool.submit(TransactionSource::External, &encoded) {
				log::debug!(target: "rpc", "transaction_v1_broadcast: {e}");
			}
			Ok(format!(
				"{:x}",
				sp_crypto_hashing::blake2_128(&encoded)
					.iter()
					.fold(0u128, |a, b| a << 8 | *b as u128)
			))
		},
	)?;
	module.register_method(
		"transaction_v1_stop",
		|params, _, _| -> Result<(), ErrorObjectOwned> {
			let _: Text<MAX_ID_BYTES> = Args::new(&params).required()?;
			// A broadcast ends as soon as the pool has the transaction; nothing is left to stop.
			Ok(())
		},
	)?;
	Ok(())
}
