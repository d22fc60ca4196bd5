//! The energy market and the carbon ledger on the running dev chain: Bob's solar meter offers
//! 100 kWh, Charlie bids for it, the period clears at the midpoint price, Bob's meter reports
//! the delivery (free, from its daily quota), the funds settle with the 1 % fee to the
//! foundation, and Charlie receives green points, retires them against the footprint his own
//! meter recorded, and claims the period's carbon-neutrality certificate.

mod common;

use codec::Encode;
use common::{devices, *};
use pallet_carbon_credits::{NeutralityCertificate, PeriodIndex as FootprintPeriod, GREEN_POINTS};
use pallet_energy_market::{
	Clearing, EnergyTypes, MarketParameters, PeriodIndex, TradeIndex, TradeOf,
};
use sci_primitives::{
	energy::EnergyType,
	units::{MILLI_UNIT, UNIT},
	Balance, BlockNumber,
};
use sci_runtime::{Runtime, RuntimeCall, RuntimeEvent};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

fn market(call: pallet_energy_market::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::EnergyMarket(call)
}

fn carbon(call: pallet_carbon_credits::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::CarbonCredits(call)
}

#[tokio::test(flavor = "multi_thread")]
async fn solar_energy_clears_settles_and_offsets_the_buyers_footprint() {
	let dir = tempfile::tempdir().unwrap();
	let node = Node::start(&["--dev", "--tmp"], dir.path());
	let rpc = node.rpc(Duration::from_secs(20)).await;
	let chain = chain_context(&rpc).await;
	let (alice, bob, charlie) =
		(Sr25519Keyring::Alice.pair(), Sr25519Keyring::Bob.pair(), Sr25519Keyring::Charlie.pair());
	let charlie_account = Sr25519Keyring::Charlie.to_account_id();

	// Bob's solar meter and Charlie's home meter.
	let solar_meter = sr25519::Pair::from_seed(&[21; 32]);
	let home_meter = sr25519::Pair::from_seed(&[22; 32]);
	devices::fund_device(&rpc, &chain, &bob, &solar_meter, MILLI_UNIT * 10).await;
	let solar = devices::register_device(&rpc, &chain, &bob, &solar_meter).await;
	devices::fund_device(&rpc, &chain, &charlie, &home_meter, MILLI_UNIT * 10).await;
	let home = devices::register_device(&rpc, &chain, &charlie, &home_meter).await;

	// Governance shortens the periods to 10 blocks, orders closing 3 blocks before.
	let parameters = MarketParameters { period_length: 10, gate_lead: 3, settlement_timeout: 60 };
	submit_ok(
		&rpc,
		&chain,
		&alice,
		sudo(market(pallet_energy_market::Call::set_parameters { parameters })),
	)
	.await;
	let (period, gate): (PeriodIndex, BlockNumber) =
		state_call::<Option<_>>(&rpc, "EnergyMarketApi_next_period", &[], None).await.unwrap();

	// Bob asks at least 1 mSCI per kWh, Charlie bids at most 3: they clear at 2.
	submit_ok(
		&rpc,
		&chain,
		&bob,
		market(pallet_energy_market::Call::place_ask {
			meter: solar,
			period,
			energy: EnergyType::Solar,
			kwh: 100,
			min_price: MILLI_UNIT,
		}),
	)
	.await;
	submit_ok(
		&rpc,
		&chain,
		&charlie,
		market(pallet_energy_market::Call::place_bid {
			meter: home,
			period,
			kwh: 100,
			max_price: 3 * MILLI_UNIT,
			accepted: EnergyTypes::of(&[EnergyType::Solar, EnergyType::Wind]),
		}),
	)
	.await;
	assert!(best_number(&rpc).await < gate, "both orders before the gate at {gate}");
	wait_until(Duration::from_secs(30), "the clearing", || async {
		best_number(&rpc).await >= gate
	})
	.await;
	let clearing: Clearing<Balance> =
		state_call::<Option<_>>(&rpc, "EnergyMarketApi_clearing", &period.encode(), None)
			.await
			.expect("cleared at the gate");
	assert_eq!((clearing.price, clearing.kwh, clearing.trades), (Some(2 * MILLI_UNIT), 100, 1));
	let trades: Vec<(TradeIndex, TradeOf<Runtime>)> =
		state_call(&rpc, "EnergyMarketApi_trades", &period.encode(), None).await;
	let (index, trade) = trades.into_iter().next().expect("one trade");

	// After the period, Bob's meter reports full delivery; it pays no fee.
	wait_until(Duration::from_secs(30), "the end of the delivery period", || async {
		best_number(&rpc).await >= trade.deliver_from
	})
	.await;
	let bob_before = account(&rpc, &Sr25519Keyring::Bob.to_account_id()).await.unwrap().data;
	let report = market(pallet_energy_market::Call::report_delivery {
		period,
		trade: index,
		delivered_kwh: 100,
	});
	let events = submit_ok(&rpc, &chain, &solar_meter, report).await;
	let payment: Balance = 100 * 2 * MILLI_UNIT;
	let fee = payment / 100;
	assert!(
		events.iter().any(|e| matches!(
			e,
			RuntimeEvent::EnergyMarket(pallet_energy_market::Event::Settled { delivered: 100, paid, fee: f, forfeit: 0, .. })
				if *paid == payment - fee && *f == fee
		)),
		"{events:?}"
	);
	let bob_after = account(&rpc, &Sr25519Keyring::Bob.to_account_id()).await.unwrap().data;
	// Bob received the payment less the fee, and his ask deposit came back from hold.
	assert_eq!(
		bob_after.free + bob_after.reserved,
		bob_before.free + bob_before.reserved + payment - fee
	);
	assert_eq!(bob_before.reserved - bob_after.reserved, UNIT / 10, "the ask deposit");

	// 100 kWh of solar at 400 g/kWh: 40 kg of green points for Charlie.
	let credits: Vec<(u32, u64)> =
		state_call(&rpc, "CarbonApi_credits", &charlie_account.encode(), None).await;
	assert_eq!(credits, vec![(GREEN_POINTS, 40)]);

	// Charlie's meter records 30 kg of emissions; Charlie retires 30 points and is certified.
	submit_ok(
		&rpc,
		&chain,
		&home_meter,
		carbon(pallet_carbon_credits::Call::record_footprint { energy_kwh: 250, emissions_kg: 30 }),
	)
	.await;
	let footprint_period: FootprintPeriod =
		state_call(&rpc, "CarbonApi_current_period", &[], None).await;
	let text = |s: &str| s.as_bytes().to_vec().try_into().unwrap();
	submit_ok(
		&rpc,
		&chain,
		&charlie,
		carbon(pallet_carbon_credits::Call::retire {
			batch: GREEN_POINTS,
			amount: 30,
			period: footprint_period,
			beneficiary: text("Charlie's household"),
			jurisdiction: text("SCI city"),
			reason: text("solar bought on the market"),
		}),
	)
	.await;
	submit_ok(
		&rpc,
		&chain,
		&charlie,
		carbon(pallet_carbon_credits::Call::claim_certificate { period: footprint_period }),
	)
	.await;
	let certificates: Vec<(FootprintPeriod, NeutralityCertificate<BlockNumber>)> =
		state_call(&rpc, "CarbonApi_certificates", &charlie_account.encode(), None).await;
	assert_eq!(certificates.len(), 1);
	assert_eq!(certificates[0].0, footprint_period);
	assert_eq!((certificates[0].1.emissions_kg, certificates[0].1.retired_kg), (30, 30));
	let credits: Vec<(u32, u64)> =
		state_call(&rpc, "CarbonApi_credits", &charlie_account.encode(), None).await;
	assert_eq!(credits, vec![(GREEN_POINTS, 10)]);
}
