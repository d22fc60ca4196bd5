//! The foundation treasury on the running dev chain: governance (sudo) sets a budget, a
//! two-of-three spend is proposed by Alice and paid at Bob's approval, and
//! `FoundationApi::quarter_report`, read through `state_call`, shows it.

mod common;

use codec::Encode;
use common::*;
use pallet_foundation::{Category, Flow, QuarterReportOf};
use sci_primitives::{units::UNIT, AccountId, Balance};
use sci_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

fn foundation(call: pallet_foundation::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Foundation(call)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_budgeted_two_of_three_spend_shows_in_the_quarter_report() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(&["--dev", "--tmp"], dir.path());
	let rpc = node.rpc(Duration::from_secs(20)).await;
	let chain = chain_context(&rpc).await;
	let quarter: u32 = state_call(&rpc, "FoundationApi_current_quarter", &[], None).await;
	assert_eq!(quarter, 0);

	let budget: Balance = 1_000 * UNIT;
	let set_budget = foundation(pallet_foundation::Call::set_budget {
		quarter,
		category: Category::Development,
		amount: budget,
	});
	let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(set_budget) });
	submit_ok(&rpc, &chain, &Sr25519Keyring::Alice.pair(), sudo).await;

	let beneficiary: AccountId = Sr25519Keyring::Ferdie.to_account_id();
	let before = account(&rpc, &beneficiary).await.map_or(0, |a| a.data.free);
	let amount: Balance = 250 * UNIT;
	let propose = foundation(pallet_foundation::Call::propose_spend {
		category: Category::Development,
		beneficiary: beneficiary.clone(),
		amount,
		memo: b"street-light firmware audit".to_vec(),
	});
	submit_ok(&rpc, &chain, &Sr25519Keyring::Alice.pair(), propose).await;
	let approve = foundation(pallet_foundation::Call::approve_spend { index: 0 });
	let events = submit_ok(&rpc, &chain, &Sr25519Keyring::Bob.pair(), approve).await;
	assert!(
		events.iter().any(|e| matches!(
			e,
			RuntimeEvent::Foundation(pallet_foundation::Event::SpendExecuted { amount: a, .. }) if *a == amount
		)),
		"{events:?}"
	);
	let after = account(&rpc, &beneficiary).await.unwrap().data.free;
	assert_eq!(after - before, amount);

	let report: QuarterReportOf<Runtime> =
		state_call(&rpc, "FoundationApi_quarter_report", &quarter.encode(), None).await;
	let development =
		report.categories.iter().find(|c| c.category == Category::Development).unwrap();
	assert_eq!((development.budget, development.spent), (budget, amount));
	assert_eq!(development.remaining, budget - amount);
	assert_eq!(report.spends.len(), 1);
	let Flow::Spend { beneficiary: paid, amount: spent, approvers, .. } = &report.spends[0].flow
	else {
		panic!("a spend: {:?}", report.spends[0]);
	};
	assert_eq!((paid, *spent), (&beneficiary, amount));
	let signers = [Sr25519Keyring::Alice, Sr25519Keyring::Bob].map(|k| k.to_account_id());
	assert_eq!(approvers.to_vec(), signers.to_vec());
	// The emission share flows in every block; the report's opening balance is genesis's.
	assert!(report.balance_start.unwrap() > 0);
	assert_eq!(report.balance_end, None, "the quarter is open");
}
