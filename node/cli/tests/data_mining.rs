//! Data mining on the running dev chain: governance (sudo) shortens the epochs and appoints Bob
//! as attester, two of Alice's devices report their contribution (free, from their daily
//! quota), Bob challenges the second and governance slashes it, and Alice claims the first
//! device's reward: exactly what the utilisation curve pays out of the epoch's pool, as
//! `MiningApi` predicted.

mod common;

use codec::Encode;
use common::{devices, *};
use pallet_data_mining::{
	Contribution, CurvePoint, EpochIndex, EpochOf, PrivacyLevel, Schedule, ScoreWeights, Scoring,
};
use pallet_device_identity::DeviceId;
use sci_primitives::{units::UNIT, Balance};
use sci_runtime::{
	configs::parameters::{dynamic_params::data_mining, RuntimeParameters},
	Runtime, RuntimeCall, RuntimeEvent,
};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{Perbill, Percent};
use std::time::Duration;

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

fn mining(call: pallet_data_mining::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::DataMining(call)
}

fn contribution(units: u64, quality: u8) -> Contribution {
	Contribution {
		commitment: H256::repeat_byte(quality),
		units,
		quality: Percent::from_percent(quality),
		bandwidth: 80,
		privacy: PrivacyLevel::Aggregated,
	}
}

async fn current_epoch(
	rpc: &jsonrpsee::http_client::HttpClient,
) -> (EpochIndex, Option<EpochOf<Runtime>>) {
	state_call(rpc, "MiningApi_current_epoch", &[], None).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slashed_report_earns_nothing_and_the_honest_device_claims_the_payout() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(&["--dev", "--tmp"], dir.path());
	let rpc = node.rpc(Duration::from_secs(20)).await;
	let chain = chain_context(&rpc).await;
	let alice = Sr25519Keyring::Alice.pair();
	let bob = Sr25519Keyring::Bob.pair();

	// Epochs of 12 blocks, 6 to challenge; capacity 1,000 units; payout 60 % at half capacity;
	// half the pool per epoch (the default epoch share).
	let schedule = Schedule { epoch_length: 12, challenge_window: 6, claim_period: 600 };
	let scoring = Scoring {
		capacity: 1_000,
		reference_bandwidth: 100,
		weights: ScoreWeights {
			quality: Perbill::from_percent(50),
			bandwidth: Perbill::from_percent(30),
			privacy: Perbill::from_percent(20),
		},
		curve: vec![
			CurvePoint {
				utilisation: Perbill::from_percent(50),
				payout: Perbill::from_percent(60),
			},
			CurvePoint {
				utilisation: Perbill::from_percent(100),
				payout: Perbill::from_percent(100),
			},
		]
		.try_into()
		.unwrap(),
	};
	submit_ok(
		&rpc,
		&chain,
		&alice,
		sudo(RuntimeCall::Parameters(pallet_parameters::Call::set_parameter {
			key_value: RuntimeParameters::DataMining(data_mining::Parameters::Scoring(
				data_mining::Scoring,
				Some(scoring.clone()),
			)),
		})),
	)
	.await;
	submit_ok(
		&rpc,
		&chain,
		&alice,
		sudo(mining(pallet_data_mining::Call::set_schedule { schedule })),
	)
	.await;
	let attester = Sr25519Keyring::Bob.to_account_id();
	submit_ok(
		&rpc,
		&chain,
		&alice,
		sudo(mining(pallet_data_mining::Call::set_attester { who: attester, attester: true })),
	)
	.await;

	let honest = sr25519::Pair::from_seed(&[7; 32]);
	let cheat = sr25519::Pair::from_seed(&[8; 32]);
	let mut ids: Vec<DeviceId> = Vec::new();
	for device in [&honest, &cheat] {
		devices::fund_device(&rpc, &chain, &alice, device, UNIT).await;
		ids.push(devices::register_device(&rpc, &chain, &alice, device).await);
	}

	// Both report in the same epoch: wait for a fresh one so they fit in it.
	let (start_epoch, _) = current_epoch(&rpc).await;
	wait_until(Duration::from_secs(30), "a new epoch", || async {
		current_epoch(&rpc).await.0 > start_epoch
	})
	.await;
	let (epoch, _) = current_epoch(&rpc).await;
	for (device, units) in [(&honest, 300u64), (&cheat, 200)] {
		let before = account(&rpc, &devices::key_of(device).account()).await.unwrap().data;
		let report = RuntimeCall::DataMining(pallet_data_mining::Call::submit_report {
			contribution: contribution(units, 90),
		});
		let events = submit_ok(&rpc, &chain, device, report).await;
		assert!(
			events.iter().any(|e| matches!(
				e,
				RuntimeEvent::DataMining(pallet_data_mining::Event::Reported { epoch: e, .. }) if *e == epoch
			)),
			"{events:?}"
		);
		let after = account(&rpc, &devices::key_of(device).account()).await.unwrap().data;
		assert_eq!(after.free + after.reserved, before.free + before.reserved, "no fee paid");
		assert_eq!(after.reserved - before.reserved, UNIT / 10, "the report deposit is held");
	}

	// The epoch closes; Bob challenges the cheat within the window and governance slashes it.
	wait_until(Duration::from_secs(30), "the epoch to close", || async {
		current_epoch(&rpc).await.0 > epoch
	})
	.await;
	let challenge = RuntimeCall::DataMining(pallet_data_mining::Call::challenge {
		epoch,
		device: ids[1],
		evidence: H256::repeat_byte(0xee),
	});
	submit_ok(&rpc, &chain, &bob, challenge).await;
	let events = submit_ok(
		&rpc,
		&chain,
		&alice,
		sudo(mining(pallet_data_mining::Call::rule { epoch, device: ids[1], upheld: true })),
	)
	.await;
	assert!(events
		.iter()
		.any(|e| matches!(e, RuntimeEvent::DataMining(pallet_data_mining::Event::Slashed { .. }))));

	// After the window, the honest device's owner claims: the whole payout, since it is the
	// only report left, of 60 % · 300 / 500 = 36 % of the epoch's pool.
	let books: EpochOf<Runtime> =
		state_call::<Option<_>>(&rpc, "MiningApi_epoch", &epoch.encode(), None).await.unwrap();
	assert_eq!(books.total_units, 300);
	wait_until(Duration::from_secs(30), "the challenge window to close", || async {
		best_number(&rpc).await >= books.window_end
	})
	.await;
	let expected: Balance = Perbill::from_percent(36).mul_floor(books.pool);
	assert_eq!(scoring.payout_share(300), Perbill::from_percent(36));
	let predicted: Option<Balance> =
		state_call(&rpc, "MiningApi_claimable", &(epoch, ids[0]).encode(), None).await;
	assert_eq!(predicted, Some(expected));
	let none: Option<Balance> =
		state_call(&rpc, "MiningApi_claimable", &(epoch, ids[1]).encode(), None).await;
	assert_eq!(none, None, "a slashed report earns nothing");

	let events = submit_ok(
		&rpc,
		&chain,
		&alice,
		RuntimeCall::DataMining(pallet_data_mining::Call::claim { epoch, device: ids[0] }),
	)
	.await;
	let paid = events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::DataMining(pallet_data_mining::Event::Claimed { amount, .. }) => {
				Some(*amount)
			},
			_ => None,
		})
		.expect("Claimed");
	assert_eq!(paid, expected);
	assert!(paid > 0);
}
