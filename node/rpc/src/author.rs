//! `author_*` (transaction submission and watching) and `payment_*` (fee queries).

use super::params::{Args, List, MAX_LIST};
use super::watch::{pool_error, submit_and_watch, Refused, WatchEvent};
use super::{
	arg, bytes_param, client_error, hex0x, positional, register_blocking, required, RpcContext,
};
use codec::{Compact, Decode, Encode};
use jsonrpsee::{types::ErrorObjectOwned, RpcModule};
use sci_client_api::ChainApiExt;
use sci_pool::PoolError;
use sci_primitives::{Balance, Hash};
use serde_json::{json, Value};
use sp_runtime::transaction_validity::TransactionSource;

/// polkadot-sdk's `TransactionStatus` JSON.
fn legacy_status(event: &WatchEvent) -> Option<Value> {
	Some(match event {
		WatchEvent::Pooled { ready: true } => json!("ready"),
		WatchEvent::Pooled { ready: false } => json!("future"),
		WatchEvent::InBlock { hash, .. } => json!({ "inBlock": hash }),
		WatchEvent::Finalized { hash, .. } => json!({ "finalized": hash }),
		WatchEvent::Usurped(by) => json!({ "usurped": by }),
		WatchEvent::Dropped => json!("dropped"),
		WatchEvent::Invalid(_) => json!("invalid"),
	})
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

pub(crate) fn register(module: &mut RpcModule<RpcContext>) -> anyhow::Result<()> {
	register_blocking(
		module,
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
		|params, pending, ctx, _| {
			submit_and_watch(params, pending, ctx, legacy_status, Refused::RejectSubscription)
		},
	)?;
	register_blocking(
		module,
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
	register_blocking(
		module,
		"payment_queryFeeDetails",
		|params, ctx, _| -> Result<Value, ErrorObjectOwned> {
			let details: FeeDetails = payment_call(
				&ctx,
				&positional(&params)?,
				"TransactionPaymentApi_query_fee_details",
			)?;
			let inclusion = details.inclusion_fee.map(|(base, len, weight)| {
			json!({ "baseFee": u128_hex(base), "lenFee": u128_hex(len), "adjustedWeightFee": u128_hex(weight) })
		});
			Ok(json!({ "inclusionFee": inclusion, "tip": u128_hex(details.tip) }))
		},
	)?;
	Ok(())
}

/// New session keys in the keystore, and the proof that they sign for `owner`: the only
/// runtime call that reaches the keystore (it writes the new keys).
fn generate_session_keys(
	ctx: &RpcContext,
	owner: Vec<u8>,
) -> Result<(Vec<u8>, Vec<u8>), ErrorObjectOwned> {
	let best = ctx.client.info().best_hash;
	let encoded = ctx
		.client
		.call_with_keystore(
			best,
			"SessionKeys_generate_session_keys",
			&(owner, None::<Vec<u8>>).encode(),
			ctx.keystore.clone(),
		)
		.map_err(client_error)?;
	sci_client_api::decode("session keys", &encoded).map_err(client_error)
}

/// `author_removeExtrinsic` names transactions by hash or by their bytes.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
enum ExtrinsicOrHash {
	Hash(Hash),
	Extrinsic(String),
}

/// Key management: `author_insertKey`, `author_hasKey`, `author_rotateKeys`,
/// `author_rotateKeysWithOwner`, `author_hasSessionKeys` (all unsafe), and
/// `author_removeExtrinsic`.
pub(crate) fn register_keys(module: &mut RpcModule<RpcContext>) -> anyhow::Result<()> {
	use sp_core::crypto::KeyTypeId;
	use sp_keystore::Keystore;

	fn key_type(name: &str) -> Result<KeyTypeId, ErrorObjectOwned> {
		KeyTypeId::try_from(name)
			.map_err(|()| super::invalid_params(format!("key type `{name}` is not 4 bytes")))
	}

	module.register_method(
		"author_insertKey",
		|params, ctx, _| -> Result<(), ErrorObjectOwned> {
			ctx.check_unsafe()?;
			let values = positional(&params)?;
			let key_type = key_type(&required::<String>(&values, 0)?)?;
			let suri: String = required(&values, 1)?;
			let public = bytes_param(&required::<String>(&values, 2)?)?;
			ctx.keystore.insert(key_type, &suri, &public).map_err(|()| {
				ErrorObjectOwned::owned(5000, "Keystore operation failed", None::<()>)
			})
		},
	)?;
	module.register_method(
		"author_hasKey",
		|params, ctx, _| -> Result<bool, ErrorObjectOwned> {
			ctx.check_unsafe()?;
			let values = positional(&params)?;
			let public = bytes_param(&required::<String>(&values, 0)?)?;
			let key_type = key_type(&required::<String>(&values, 1)?)?;
			Ok(ctx.keystore.has_keys(&[(public, key_type)]))
		},
	)?;
	register_blocking(
		module,
		"author_rotateKeys",
		|_, ctx, _| -> Result<String, ErrorObjectOwned> {
			ctx.check_unsafe()?;
			let (keys, _proof) = generate_session_keys(&ctx, Vec::new())?;
			Ok(hex0x(&keys))
		},
	)?;
	register_blocking(
		module,
		"author_rotateKeysWithOwner",
		|params, ctx, _| -> Result<Value, ErrorObjectOwned> {
			ctx.check_unsafe()?;
			// The owner is the SCALE-encoded account that will call `session.setKeys`.
			let owner = bytes_param(&required::<String>(&positional(&params)?, 0)?)?;
			let (keys, proof) = generate_session_keys(&ctx, owner)?;
			Ok(json!({ "keys": hex0x(&keys), "proof": hex0x(&proof) }))
		},
	)?;
	register_blocking(
		module,
		"author_hasSessionKeys",
		|params, ctx, _| -> Result<bool, ErrorObjectOwned> {
			ctx.check_unsafe()?;
			let keys = bytes_param(&required::<String>(&positional(&params)?, 0)?)?;
			let best = ctx.client.info().best_hash;
			let decoded: Option<Vec<(Vec<u8>, KeyTypeId)>> = ctx
				.client
				.call_decode(best, "SessionKeys_decode_session_keys", &keys.encode())
				.map_err(client_error)?;
			let decoded = decoded.ok_or_else(|| {
				ErrorObjectOwned::owned(5003, "Session keys are not encoded correctly", None::<()>)
			})?;
			Ok(ctx.keystore.has_keys(&decoded))
		},
	)?;
	module.register_method(
		"author_removeExtrinsic",
		|params, ctx, _| -> Result<Vec<Hash>, ErrorObjectOwned> {
			ctx.check_unsafe()?;
			let targets: List<ExtrinsicOrHash, MAX_LIST> = Args::new(&params).required()?;
			let hashes = targets
				.0
				.into_iter()
				.map(|t| match t {
					ExtrinsicOrHash::Hash(h) => Ok(h),
					ExtrinsicOrHash::Extrinsic(hex) => {
						Ok(sci_pool::TransactionPool::hash_of(&bytes_param(&hex)?))
					},
				})
				.collect::<Result<Vec<_>, ErrorObjectOwned>>()?;
			Ok(ctx.pool.remove(&hashes))
		},
	)?;
	Ok(())
}
