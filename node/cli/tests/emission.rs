//! Emission on the running dev chain: after N blocks without transactions, the author's, the
//! data-mining pool's and the treasury's balances and `EmissionApi` agree with the formula
//! R0 = E / (2 · HalvingInterval), E = half the cap, split 40/40/20 (treasury takes the
//! rounding remainder).

mod common;

use codec::Decode;
use common::*;
use jsonrpsee::{core::client::ClientT, http_client::HttpClient};
use sci_primitives::{units::MAX_SUPPLY, AccountId, Balance, BlockNumber, Hash};
use sp_runtime::traits::AccountIdConversion;
use std::time::Duration;

async fn call<R: Decode>(rpc: &HttpClient, method: &str, at: Hash) -> R {
	state_call(rpc, method, &[], Some(at)).await
}

async fn free(rpc: &HttpClient, who: &AccountId, at: Hash) -> Balance {
	let raw: Option<String> = rpc
		.request(
			"state_getStorage",
			params(vec![hex0x(&account_key(who)).into(), serde_json::to_value(at).unwrap()]),
		)
		.await
		.unwrap();
	decode_account(raw.map(|h| hex::decode(h.trim_start_matches("0x")).unwrap()))
		.map_or(0, |a| a.data.free)
}

#[tokio::test(flavor = "multi_thread")]
async fn block_rewards_follow_the_formula_on_the_dev_chain() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(&["--dev", "--tmp"], dir.path());
	let rpc = node.rpc(Duration::from_secs(20)).await;
	wait_until(Duration::from_secs(20), "4 blocks", || async { best_number(&rpc).await >= 4 })
		.await;
	let n: BlockNumber = 4;
	let at: Hash = rpc.request("chain_getBlockHash", params(vec![n.into()])).await.unwrap();
	let genesis: Hash = rpc.request("chain_getBlockHash", params(vec![0.into()])).await.unwrap();

	let halving_interval: BlockNumber = sci_runtime::configs::HalvingInterval::get();
	assert_eq!(halving_interval, 126_230_400, "four years of one-second blocks");
	let r0: Balance = (MAX_SUPPLY / 2) / (2 * Balance::from(halving_interval));
	let (author_part, pool_part) = (r0 * 40 / 100, r0 * 40 / 100);
	let treasury_part = r0 - author_part - pool_part;

	assert_eq!(call::<Balance>(&rpc, "EmissionApi_current_reward", at).await, r0);
	assert_eq!(call::<Balance>(&rpc, "EmissionApi_total_issued", at).await, Balance::from(n) * r0);
	assert_eq!(call::<Balance>(&rpc, "EmissionApi_total_burned", at).await, 0);
	assert_eq!(
		call::<BlockNumber>(&rpc, "EmissionApi_next_halving_block", at).await,
		halving_interval
	);
	let issuance = |at| call::<Balance>(&rpc, "EmissionApi_total_issuance", at);
	assert_eq!(issuance(at).await - issuance(genesis).await, Balance::from(n) * r0);
	let remaining = call::<Balance>(&rpc, "EmissionApi_remaining_supply", at).await;
	assert_eq!(remaining, MAX_SUPPLY - issuance(at).await);

	let alice = sp_keyring::Sr25519Keyring::Alice.to_account_id();
	let pool: AccountId = sci_runtime::configs::DataMiningPoolId::get().into_account_truncating();
	let treasury: AccountId =
		sci_runtime::configs::TreasuryPalletId::get().into_account_truncating();
	for (who, part, name) in [
		(&alice, author_part, "author"),
		(&pool, pool_part, "data-mining pool"),
		(&treasury, treasury_part, "treasury"),
	] {
		let gained = free(&rpc, who, at).await - free(&rpc, who, genesis).await;
		assert_eq!(gained, Balance::from(n) * part, "{name} after {n} blocks");
	}
}
