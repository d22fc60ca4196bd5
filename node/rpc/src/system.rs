//! `system_*`: node identity, health and account nonces.
//!
//! All but `system_accountNextIndex` read memory only and answer on the async workers;
//! `system_accountNextIndex` calls the runtime, on the blocking pool under the context's
//! `blocking` permits, so a flood of it cannot delay `system_health`.

use super::{
	client_error,
	params::{Args, Text},
	register_blocking, RpcContext,
};
use codec::Encode;
use jsonrpsee::{types::ErrorObjectOwned, RpcModule};
use sci_client_api::ChainApiExt;
use sci_primitives::{AccountId, Nonce};
use serde_json::{json, Value};
use sp_core::crypto::Ss58Codec;

pub(crate) fn register(module: &mut RpcModule<RpcContext>) -> anyhow::Result<()> {
	module.register_method("system_name", |_, ctx, _| ctx.node_name.clone())?;
	module.register_method("system_version", |_, _, _| env!("CARGO_PKG_VERSION").to_string())?;
	module.register_method("system_chain", |_, ctx, _| ctx.client.spec().name.clone())?;
	module.register_method("system_chainType", |_, ctx, _| {
		serde_json::to_value(&ctx.client.spec().chain_type).unwrap_or(Value::Null)
	})?;
	module.register_method("system_properties", |_, ctx, _| -> Result<_, ErrorObjectOwned> {
		Ok(ctx.client.spec().properties())
	})?;
	module.register_method("system_health", |_, ctx, _| {
		let state = ctx.network.state();
		json!({
			"peers": state.peers.len(),
			"isSyncing": state.is_syncing,
			// A single node on a chain of its own has nobody to talk to.
			"shouldHavePeers": ctx.client.spec().chain_type != sci_chain_spec::ChainType::Development,
		})
	})?;
	module.register_method("system_peers", |_, ctx, _| -> Result<_, ErrorObjectOwned> {
		ctx.check_unsafe()?;
		Ok(ctx
			.network
			.state()
			.peers
			.iter()
			.map(|p| {
				json!({
					"peerId": p.peer_id.to_string(),
					"roles": match p.roles {
						Some(r) if r.is_authority() => "AUTHORITY",
						Some(r) if r.is_light() => "LIGHT",
						_ => "FULL",
					},
					"bestHash": p.best_hash,
					"bestNumber": p.best_number,
				})
			})
			.collect::<Vec<_>>())
	})?;
	module.register_method("system_localPeerId", |_, ctx, _| ctx.peer_id.clone())?;
	module.register_method("system_localListenAddresses", |_, ctx, _| {
		let peer = ctx.network.local_peer_id();
		ctx.network
			.state()
			.listen_addrs
			.iter()
			.map(|a| format!("{a}/p2p/{peer}"))
			.collect::<Vec<_>>()
	})?;
	module.register_method("system_nodeRoles", |_, ctx, _| {
		vec![if ctx.is_authority { "Authority" } else { "Full" }]
	})?;
	module.register_method("system_syncState", |_, ctx, _| {
		let info = ctx.client.info();
		let highest = ctx.network.state().highest_block.unwrap_or(info.best_number);
		json!({ "startingBlock": 0, "currentBlock": info.best_number, "highestBlock": highest })
	})?;
	register_blocking(
		module,
		"system_accountNextIndex",
		|params, ctx, _| -> Result<Nonce, ErrorObjectOwned> {
			// An SS58 address is at most a few dozen characters.
			let address: Text<128> = Args::new(&params).required()?;
			let account = AccountId::from_ss58check(&address.0)
				.map_err(|e| super::invalid_params(format!("invalid address: {e:?}")))?;
			let best = ctx.client.info().best_hash;
			let mut nonce: Nonce = ctx
				.client
				.call_decode(best, "AccountNonceApi_account_nonce", &account.encode())
				.map_err(client_error)?;
			// Count the sender's transactions already waiting in the pool (tags of CheckNonce).
			while ctx.pool.is_provided(&(account.clone(), nonce).encode()) {
				nonce += 1;
			}
			Ok(nonce)
		},
	)?;
	module.register_alias("account_nextIndex", "system_accountNextIndex")?;
	Ok(())
}
