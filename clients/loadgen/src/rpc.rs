//! The node queries the load generator needs, over the standard Substrate JSON-RPC.

use anyhow::{anyhow, Context, Result};
use codec::Decode;
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use sci_primitives::{AccountId, Balance, Hash, Nonce};
use sci_runtime_test_utils::ChainContext;
use sp_core::crypto::Ss58Codec;

/// Genesis hash and runtime versions, for signing.
pub(crate) async fn chain_context(client: &WsClient) -> Result<ChainContext> {
	let genesis_hash: Hash = client
		.request("chain_getBlockHash", rpc_params![0u32])
		.await
		.context("chain_getBlockHash(0)")?;
	let version: serde_json::Value =
		client.request("state_getRuntimeVersion", rpc_params![]).await?;
	let field = |name: &str| {
		version[name]
			.as_u64()
			.map(|v| v as u32)
			.ok_or_else(|| anyhow!("state_getRuntimeVersion has no {name}: {version}"))
	};
	Ok(ChainContext {
		genesis_hash,
		spec_version: field("specVersion")?,
		transaction_version: field("transactionVersion")?,
	})
}

/// The next nonce of `who`, counting its transactions in the pool.
pub(crate) async fn next_nonce(client: &WsClient, who: &AccountId) -> Result<Nonce> {
	Ok(client.request("system_accountNextIndex", rpc_params![who.to_ss58check()]).await?)
}

/// The storage key of `who`'s `System.Account` entry.
fn account_key(who: &AccountId) -> String {
	use sp_crypto_hashing::{blake2_128, twox_128};
	let mut key = twox_128(b"System").to_vec();
	key.extend(twox_128(b"Account"));
	key.extend(blake2_128(who.as_ref()));
	key.extend(AsRef::<[u8]>::as_ref(who));
	format!("0x{}", hex::encode(key))
}

/// `who`'s free balance at the best block (0 if the account does not exist).
pub(crate) async fn free_balance(client: &WsClient, who: &AccountId) -> Result<Balance> {
	let value: Option<String> =
		client.request("state_getStorage", rpc_params![account_key(who)]).await?;
	let Some(value) = value else { return Ok(0) };
	let bytes = hex::decode(value.trim_start_matches("0x"))?;
	let info = frame_system::AccountInfo::<Nonce, pallet_balances::AccountData<Balance>>::decode(
		&mut &bytes[..],
	)?;
	Ok(info.data.free)
}

/// Submits an encoded extrinsic; the node answers with its hash once the pool accepted it.
pub(crate) async fn submit(client: &WsClient, hex_extrinsic: &str) -> Result<Hash, String> {
	client.request::<Hash, _>("author_submitExtrinsic", rpc_params![hex_extrinsic]).await.map_err(
		|e| match e {
			jsonrpsee::core::client::Error::Call(call) => call.message().to_string(),
			other => other.to_string(),
		},
	)
}

/// The hashes of the extrinsics in block `number` of the best chain.
pub(crate) async fn block_extrinsics(client: &WsClient, number: u32) -> Result<Vec<Hash>> {
	let hash: Option<Hash> = client.request("chain_getBlockHash", rpc_params![number]).await?;
	let hash = hash.ok_or_else(|| anyhow!("no block {number}"))?;
	let block: serde_json::Value = client.request("chain_getBlock", rpc_params![hash]).await?;
	block["block"]["extrinsics"]
		.as_array()
		.ok_or_else(|| anyhow!("block {number} has no extrinsics list"))?
		.iter()
		.map(|x| {
			let bytes = hex::decode(x.as_str().unwrap_or_default().trim_start_matches("0x"))?;
			Ok(Hash::from(sp_crypto_hashing::blake2_256(&bytes)))
		})
		.collect()
}
