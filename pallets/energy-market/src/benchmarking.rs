//! Benchmarks of the energy market (frame-benchmarking v2), each in its worst case: a full
//! period for placing and cancelling, a clearing of `n` crossing orders, settlement with a
//! partial delivery (every transfer, and the carbon points).

use super::*;
use crate::Pallet as EnergyMarket;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Hooks};
use frame_system::RawOrigin;

/// A funded participant `index` with a valid meter.
fn participant<T: Config>(index: u32) -> (T::AccountId, DeviceId, T::AccountId) {
	let who: T::AccountId = account("participant", index, 0);
	let meter_account: T::AccountId = account("meter", index, 0);
	let funds = T::AskDeposit::get().saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(&who, funds);
	T::Currency::set_balance(&meter_account, T::AskDeposit::get());
	T::Currency::set_balance(&T::FeeAccount::get(), T::AskDeposit::get());
	let meter = T::Devices::register_for_benchmark(&who, &meter_account);
	(who, meter, meter_account)
}

/// Market timing from block 0 (with an empty book): periods of 100 blocks, gates 10 blocks
/// ahead; returns the next period to clear.
fn market<T: Config>() -> PeriodIndex {
	frame_system::Pallet::<T>::set_block_number(0u32.into());
	let origin = T::GovernanceOrigin::try_successful_origin().expect("governance origin");
	EnergyMarket::<T>::set_parameters(
		origin,
		MarketParameters {
			period_length: 100u32.into(),
			gate_lead: 10u32.into(),
			settlement_timeout: 50u32.into(),
		},
	)
	.expect("valid parameters");
	NextToClear::<T>::get()
}

/// `n` orders for `period` by distinct participants, alternately asks at 10 and bids at 20, all
/// crossing.
fn orders<T: Config>(period: PeriodIndex, n: u32) {
	for i in 0..n {
		let (who, meter, _) = participant::<T>(i);
		let origin = RawOrigin::Signed(who).into();
		if i % 2 == 0 {
			EnergyMarket::<T>::place_ask(origin, meter, period, EnergyType::Solar, 10, 10u32.into())
		} else {
			EnergyMarket::<T>::place_bid(
				origin,
				meter,
				period,
				10,
				20u32.into(),
				EnergyTypes::all(),
			)
		}
		.expect("order placed");
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A bid into a period with all but one place taken.
	#[benchmark]
	fn place_order() {
		let period = market::<T>();
		orders::<T>(period, T::MaxOrdersPerPeriod::get() - 1);
		let (who, meter, _) = participant::<T>(T::MaxOrdersPerPeriod::get());

		#[extrinsic_call]
		place_bid(RawOrigin::Signed(who), meter, period, 10, 20u32.into(), EnergyTypes::all());

		assert_eq!(PeriodOrders::<T>::get(period).len() as u32, T::MaxOrdersPerPeriod::get());
	}

	/// The last order of a full period.
	#[benchmark]
	fn cancel_order() {
		let period = market::<T>();
		orders::<T>(period, T::MaxOrdersPerPeriod::get());
		let last = NextOrderId::<T>::get() - 1;
		let owner = Orders::<T>::get(last).expect("placed").owner;

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), last);

		assert!(!Orders::<T>::contains_key(last));
	}

	/// A partial delivery: payment, fee, refund, forfeit, release and carbon points.
	#[benchmark]
	fn settle() {
		let period = market::<T>();
		orders::<T>(period, 2);
		let gate = EnergyMarket::<T>::gate(period).expect("configured");
		frame_system::Pallet::<T>::set_block_number(gate);
		EnergyMarket::<T>::on_initialize(gate);
		let trade = Trades::<T>::get(period, 0).expect("the orders crossed");
		frame_system::Pallet::<T>::set_block_number(trade.deliver_from);
		let meter_account: T::AccountId = account("meter", 0, 0);

		#[extrinsic_call]
		report_delivery(RawOrigin::Signed(meter_account), period, 0, 4);

		assert!(!Trades::<T>::contains_key(period, 0));
	}

	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let parameters = MarketParameters {
			period_length: 200u32.into(),
			gate_lead: 20u32.into(),
			settlement_timeout: 50u32.into(),
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, parameters.clone());

		assert_eq!(Parameters::<T>::get(), Some(parameters));
		Ok(())
	}

	#[benchmark]
	fn on_initialize_idle() {
		let period = market::<T>();
		let gate = EnergyMarket::<T>::gate(period).expect("configured");
		let now = gate.saturating_sub(1u32.into());
		frame_system::Pallet::<T>::set_block_number(now);

		#[block]
		{
			EnergyMarket::<T>::on_initialize(now);
		}

		assert_eq!(NextToClear::<T>::get(), period);
	}

	/// Clearing `n` crossing orders (half asks, half bids).
	#[benchmark]
	fn on_initialize_clear(n: Linear<0, { T::MaxOrdersPerPeriod::get() }>) {
		let period = market::<T>();
		orders::<T>(period, n);
		let gate = EnergyMarket::<T>::gate(period).expect("configured");
		frame_system::Pallet::<T>::set_block_number(gate);

		#[block]
		{
			EnergyMarket::<T>::on_initialize(gate);
		}

		assert_eq!(Clearings::<T>::get(period).map(|c| c.trades), Some(n / 2));
	}

	impl_benchmark_test_suite!(EnergyMarket, crate::mock::new_test_ext(), crate::mock::Test);
}
