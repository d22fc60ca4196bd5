//! `author_*` (transaction submission and watching) and `payment_*` (fee queries).

use super::{arg, bytes_param, client_error, hex0x, positional, required, RpcContext};
use crate::pool::{PoolError, TxStatus};
use codec::{Compact, Decode, Encode};
use jsonrpsee::{
	core::SubscriptionResult, types::ErrorObjectOwned, PendingSubscriptionSink, RpcModule,
	SubscriptionMessage,
};
use sci_primitives::{Balance, Hash};
use serde_json::{json, Value};
use sp_runtime::transaction_validity::TransactionSource;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;

fn pool_error(e: PoolError) -> ErrorObjectOwned {
	let data = match &e {
		PoolError::Invalid(reason) => Some(format!("{reason:?}")),
		_ => None,
	};
	ErrorObjectOwned::owned(e.code(), e.to_string(), data)
}

fn status_json(status: &TxStatus) -> Value {
	match status {
		TxStatus::Ready => json!("ready"),
		TxStatus::Future => json!("future"),
		TxStatus::InBlock(h) => json!({ "inBlock": h }),
		TxStatus::Finalized(h) => json!({ "finalized": h }),
		TxStatus::Usurped(h) => json!({ "usurped": h }),
		TxStatus::Dropped => json!("dropped"),
		TxStatus::Invalid(_) => json!("invalid"),
	}
}

async fn submit_and_watch(
	params: jsonrpsee::types::Params<'static>,
	pending: PendingSubscriptionSink,
	ctx: Arc<RpcContext>,
) -> SubscriptionResult {
	let encoded = bytes_param(&required::<String>(&positional(&params)?, 0)?)?;
	// Listen before submitting so no status is missed.
	let mut events = ctx.pool.events();
	let mut finalized = ctx.client.finality_notifications();
	let pool = ctx.pool.clone();
	let submitted =
		tokio::task::spawn_blocking(move || pool.submit(TransactionSource::External, &encoded))
			.await?;
	let hash = match submitted {
		Ok(hash) => hash,
		Err(e) => {
			pending.reject(pool_error(e)).await;
			return Ok(());
		},
	};
	let sink = pending.accept().await?;
	let mut in_block: Option<(Hash, u32)> = None;
	loop {
		tokio::select! {
			_ = sink.closed() => return Ok(()),
			event = events.recv() => match event {
				Ok((h, status)) if h == hash => {
					sink.send(SubscriptionMessage::from_json(&status_json(&status))?).await?;
					match status {
						TxStatus::InBlock(block) => {
							let number = ctx.client.expect_header(block)?.number;
							in_block = Some((block, number));
							if ctx.client.info().finalized_number >= number {
								sink.send(SubscriptionMessage::from_json(&status_json(&TxStatus::Finalized(block)))?).await?;
								return Ok(());
							}
						},
						TxStatus::Ready | TxStatus::Future => {},
						_ => return Ok(()),
					}
				},
				Ok(_) => {},
				Err(RecvError::Lagged(_)) => {},
				Err(RecvError::Closed) => return Ok(()),
			},
			n = finalized.recv(), if in_block.is_some() => match n {
				Ok(n) => {
					let (block, number) = in_block.expect("guarded by the select condition");
					if n.header.number >= number && ctx.client.hash(number)? == Some(block) {
						sink.send(SubscriptionMessage::from_json(&status_json(&TxStatus::Finalized(block)))?).await?;
						return Ok(());
					}
				},
				Err(RecvError::Lagged(_)) => {},
				Err(RecvError::Closed) => return Ok(()),
			},
		}
	}
}

/// `RuntimeDispatchInfo` as the runtime encodes it.
#[derive(Decode)]
struct DispatchInfo {
	ref_time: Compact<u64>,
	proof_size: Compact<u64>,
	class: u8,
	partial_fee: Balance,
}

/// `FeeDetails` as the runtime encodes it.
#[derive(Decode)]
struct FeeDetails {
	inclusion_fee: Option<(Balance, Balance, Balance)>,
	tip: Balance,
}

fn u128_hex(value: Balance) -> String {
	format!("0x{value:x}")
}

fn payment_call<R: Decode>(
	ctx: &RpcContext,
	values: &[Value],
	method: &str,
) -> Result<R, ErrorObjectOwned> {
	let encoded = bytes_param(&required::<String>(values, 0)?)?;
	let at = ctx.at(arg(values, 1)?);
	let extrinsic = sp_runtime::OpaqueExtrinsic::decode(&mut &encoded[..])
		.map_err(|e| pool_error(PoolError::BadFormat(e.to_string())))?;
	let len = encoded.len() as u32;
	ctx.client.call_decode(at, method, &(extrinsic, len).encode()).map_err(client_error)
}

pub fn register(module: &mut RpcModule<RpcContext>) -> anyhow::Result<()> {
	module.register_blocking_method(
		"author_submitExtrinsic",
		|params, ctx, _| -> Result<Hash, ErrorObjectOwned> {
			let encoded = bytes_param(&required::<String>(&positional(&params)?, 0)?)?;
			ctx.pool.submit(TransactionSource::External, &encoded).map_err(pool_error)
		},
	)?;
	module.register_method("author_pendingExtrinsics", |_, ctx, _| -> Vec<String> {
		ctx.pool.pending().iter().map(|e| hex0x(e)).collect()
	})?;
	module.register_subscription(
		"author_submitAndWatchExtrinsic",
		"author_extrinsicUpdate",
		"author_unwatchExtrinsic",
		|params, pending, ctx, _| submit_and_watch(params, pending, ctx),
	)?;
	module.register_blocking_method(
		"payment_queryInfo",
		|params, ctx, _| -> Result<Value, ErrorObjectOwned> {
			let info: DispatchInfo =
				payment_call(&ctx, &positional(&params)?, "TransactionPaymentApi_query_info")?;
			let class = ["normal", "operational", "mandatory"]
				.get(info.class as usize)
				.copied()
				.unwrap_or("normal");
			Ok(json!({
				"weight": { "refTime": info.ref_time.0, "proofSize": info.proof_size.0 },
				"class": class,
				"partialFee": info.partial_fee.to_string(),
			}))
		},
	)?;
	module.register_blocking_method("payment_queryFeeDetails", |params, ctx, _| -> Result<Value, ErrorObjectOwned> {
		let details: FeeDetails = payment_call(&ctx, &positional(&params)?, "TransactionPaymentApi_query_fee_details")?;
		let inclusion = details.inclusion_fee.map(|(base, len, weight)| {
			json!({ "baseFee": u128_hex(base), "lenFee": u128_hex(len), "adjustedWeightFee": u128_hex(weight) })
		});
		Ok(json!({ "inclusionFee": inclusion, "tip": u128_hex(details.tip) }))
	})?;
	Ok(())
}
