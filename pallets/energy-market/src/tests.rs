//! Unit tests of the energy market on the mock runtime: clearings of hand-computed order books,
//! settlement with full, partial and no delivery, and every refusal. Every test ends by
//! checking the pallet's invariants (held funds match open orders and trades).

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use sci_primitives::energy::EnergyType::{self, *};
use sp_runtime::{DispatchError, DispatchResult, Permill};

fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		EnergyMarket::do_try_state().expect("invariants hold");
	});
}

/// Meter of `who` (see the mock).
fn meter(who: AccountId) -> u64 {
	who - 1
}

/// Meter key account of `who`.
fn meter_account(who: AccountId) -> AccountId {
	10 + meter(who)
}

fn ask(who: AccountId, energy: EnergyType, kwh: u64, min_price: Balance) -> DispatchResult {
	EnergyMarket::place_ask(RuntimeOrigin::signed(who), meter(who), 1, energy, kwh, min_price)
}

fn bid(who: AccountId, kwh: u64, max_price: Balance, accepted: &[EnergyType]) -> DispatchResult {
	EnergyMarket::place_bid(
		RuntimeOrigin::signed(who),
		meter(who),
		1,
		kwh,
		max_price,
		EnergyTypes::of(accepted),
	)
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::EnergyMarket(HoldReason::Order), &who)
}

/// Run to period 1's gate (block 8), where it clears.
fn clear_period_1() -> Clearing<Balance> {
	run_to_block(8);
	Clearings::<Test>::get(1).expect("period 1 cleared at its gate")
}

/// Period 1's unsettled trades, by index.
fn trades() -> Vec<TradeOf<Test>> {
	(0..).map_while(|index| Trades::<Test>::get(1, index)).collect()
}

mod clearing {
	use super::*;

	#[test]
	fn no_overlap_no_trade() {
		run(|| {
			assert_ok!(ask(S1, Solar, 10, 20));
			assert_ok!(bid(B1, 10, 15, &EnergyType::ALL));
			let result = clear_period_1();
			assert_eq!((result.price, result.kwh, result.trades), (None, 0, 0));
			assert_eq!(held(S1) + held(B1), 0, "everything released");
			assert!(Orders::<Test>::iter().next().is_none());
		});
	}

	#[test]
	fn one_side_empty_no_trade() {
		run(|| {
			assert_ok!(ask(S1, Solar, 10, 1));
			assert_ok!(ask(S2, Wind, 10, 1));
			let result = clear_period_1();
			assert_eq!((result.price, result.asks, result.bids), (None, 2, 0));
			assert_eq!(held(S1) + held(S2), 0);
		});
	}

	#[test]
	fn full_fill_at_the_midpoint() {
		run(|| {
			assert_ok!(ask(S1, Solar, 10, 10));
			assert_ok!(bid(B1, 10, 20, &EnergyType::ALL));
			assert_eq!(held(B1), 200);
			let result = clear_period_1();
			System::assert_has_event(
				Event::Cleared { period: 1, price: Some(15), kwh: 10, trades: 1 }.into(),
			);
			assert_eq!((result.price, result.kwh), (Some(15), 10));
			let trade = &trades()[0];
			assert_eq!((trade.seller, trade.buyer, trade.kwh, trade.price), (S1, B1, 10, 15));
			assert_eq!((trade.energy, trade.seller_deposit), (Solar, ASK_DEPOSIT));
			assert_eq!((trade.deliver_from, trade.timeout_at), (20, 25));
			// The buyer keeps price × kWh held; the seller its deposit.
			assert_eq!((held(B1), held(S1)), (150, ASK_DEPOSIT));
		});
	}

	#[test]
	fn partial_fills_in_merit_order() {
		run(|| {
			// Asks 10 @ 10 (solar) and 10 @ 14 (wind); bids 15 @ 20 and 10 @ 12.
			// Curves: 10 kWh at (10, 20), then 5 at (14, 20); 14 > 12 stops: price 17.
			assert_ok!(ask(S1, Solar, 10, 10));
			assert_ok!(ask(S2, Wind, 10, 14));
			assert_ok!(bid(B1, 15, 20, &EnergyType::ALL));
			assert_ok!(bid(B2, 10, 12, &EnergyType::ALL));
			let result = clear_period_1();
			assert_eq!((result.price, result.kwh, result.trades), (Some(17), 15, 2));
			let made: Vec<_> = trades().iter().map(|t| (t.seller, t.buyer, t.kwh)).collect();
			assert_eq!(made, vec![(S1, B1, 10), (S2, B1, 5)]);
			// B2 bid below the price: released. B1 keeps 17 × 15. Both asks keep deposits.
			assert_eq!((held(B1), held(B2)), (255, 0));
			assert_eq!((held(S1), held(S2)), (ASK_DEPOSIT, ASK_DEPOSIT));
		});
	}

	#[test]
	fn equal_prices_go_by_time() {
		run(|| {
			assert_ok!(ask(S2, Solar, 10, 10));
			assert_ok!(ask(S1, Solar, 10, 10));
			assert_ok!(bid(B1, 10, 10, &EnergyType::ALL));
			let result = clear_period_1();
			assert_eq!(result.price, Some(10));
			assert_eq!(trades()[0].seller, S2, "the earlier ask");
			assert_eq!(held(S1), 0);
		});
	}

	#[test]
	fn bids_get_only_types_they_accept() {
		run(|| {
			// Price from the curves: (5, 10) is the marginal pair, 7. Solar is cheaper, but the
			// bid takes only wind, which is also at or below 7.
			assert_ok!(ask(S1, Solar, 10, 5));
			assert_ok!(ask(S2, Wind, 10, 6));
			assert_ok!(bid(B1, 10, 10, &[Wind]));
			let result = clear_period_1();
			assert_eq!((result.price, result.kwh), (Some(7), 10));
			let trade = &trades()[0];
			assert_eq!((trade.seller, trade.energy, trade.kwh), (S2, Wind, 10));
			assert_eq!(held(S1), 0, "the unmatched solar ask is released");
		});
	}

	#[test]
	fn a_split_ask_deposit_adds_up() {
		run(|| {
			// One ask of 9 kWh sold to two bids (6 + 3): deposit 100 split 66 + 34.
			assert_ok!(ask(S1, Hydro, 9, 1));
			assert_ok!(bid(B1, 6, 3, &EnergyType::ALL));
			assert_ok!(bid(B2, 3, 3, &EnergyType::ALL));
			clear_period_1();
			let deposits: Vec<_> = trades().iter().map(|t| t.seller_deposit).collect();
			assert_eq!(deposits, vec![66, 34]);
		});
	}
}

mod settlement {
	use super::*;

	/// S1 sells B1 10 kWh of solar at 15 (see `full_fill_at_the_midpoint`).
	fn one_trade() {
		assert_ok!(ask(S1, Solar, 10, 10));
		assert_ok!(bid(B1, 10, 20, &EnergyType::ALL));
		clear_period_1();
	}

	fn report(kwh: u64) -> DispatchResult {
		EnergyMarket::report_delivery(RuntimeOrigin::signed(meter_account(S1)), 1, 0, kwh)
	}

	#[test]
	fn full_delivery_pays_the_seller_less_the_fee() {
		run(|| {
			one_trade();
			let (s1, b1, foundation) = (
				Balances::free_balance(S1),
				Balances::free_balance(B1),
				Balances::free_balance(FOUNDATION),
			);
			run_to_block(20);
			// 150 paid: 1 % fee is 1 (1.5 rounded down), 149 to the seller.
			assert_ok!(report(10));
			System::assert_last_event(
				Event::Settled {
					period: 1,
					trade: 0,
					delivered: 10,
					paid: 149,
					fee: 1,
					forfeit: 0,
				}
				.into(),
			);
			assert_eq!(Balances::free_balance(S1), s1 + 149 + ASK_DEPOSIT);
			assert_eq!(Balances::free_balance(B1), b1);
			assert_eq!(Balances::free_balance(FOUNDATION), foundation + 1);
			assert_eq!(held(S1) + held(B1), 0);
			assert_eq!(deliveries(), vec![(B1, Solar, 10)]);
			assert!(trades().is_empty());
		});
	}

	#[test]
	fn the_fee_in_force_at_settlement_applies() {
		// Governance changed the fee after the trade was made: 10 % of 150 is 15; none at 0 %.
		for (fee_rate, fee) in [(Permill::from_percent(10), 15), (Permill::zero(), 0)] {
			run(|| {
				one_trade();
				let (s1, foundation) =
					(Balances::free_balance(S1), Balances::free_balance(FOUNDATION));
				run_to_block(20);
				MarketFee::set(fee_rate);
				assert_ok!(report(10));
				System::assert_last_event(
					Event::Settled {
						period: 1,
						trade: 0,
						delivered: 10,
						paid: 150 - fee,
						fee,
						forfeit: 0,
					}
					.into(),
				);
				assert_eq!(Balances::free_balance(S1), s1 + 150 - fee + ASK_DEPOSIT);
				assert_eq!(Balances::free_balance(FOUNDATION), foundation + fee);
			});
		}
	}

	#[test]
	fn partial_delivery_refunds_the_buyer_and_forfeits_part_of_the_deposit() {
		run(|| {
			one_trade();
			let (s1, b1) = (Balances::free_balance(S1), Balances::free_balance(B1));
			run_to_block(22);
			// 4 of 10 kWh: 60 paid (fee 0), 90 refunded; 6/10 of the deposit (60) to the buyer.
			assert_ok!(report(4));
			assert_eq!(Balances::free_balance(S1), s1 + 60 + 40);
			assert_eq!(Balances::free_balance(B1), b1 + 90 + 60);
			assert_eq!(deliveries(), vec![(B1, Solar, 4)]);
		});
	}

	#[test]
	fn an_unreported_trade_expires_as_undelivered() {
		run(|| {
			one_trade();
			let (s1, b1) = (Balances::free_balance(S1), Balances::free_balance(B1));
			run_to_block(24);
			assert_noop!(
				EnergyMarket::expire_trade(RuntimeOrigin::signed(B2), 1, 0),
				Error::<Test>::NotTimedOut
			);
			run_to_block(25);
			assert_noop!(report(10), Error::<Test>::TimedOut);
			assert_ok!(EnergyMarket::expire_trade(RuntimeOrigin::signed(B2), 1, 0));
			assert_eq!(Balances::free_balance(S1), s1);
			assert_eq!(Balances::free_balance(B1), b1 + 150 + ASK_DEPOSIT);
			assert!(deliveries().is_empty());
		});
	}

	#[test]
	fn only_the_sellers_meter_reports_after_the_period() {
		run(|| {
			one_trade();
			run_to_block(19);
			assert_noop!(report(10), Error::<Test>::DeliveryNotDue);
			run_to_block(20);
			assert_noop!(
				EnergyMarket::report_delivery(RuntimeOrigin::signed(meter_account(B1)), 1, 0, 10),
				Error::<Test>::NotSellerMeter
			);
			assert_noop!(
				EnergyMarket::report_delivery(RuntimeOrigin::signed(meter_account(S1)), 1, 7, 10),
				Error::<Test>::UnknownTrade
			);
			// Over-reporting is capped at the trade.
			assert_ok!(report(1_000));
			assert_eq!(deliveries(), vec![(B1, Solar, 10)]);
			assert_noop!(report(10), Error::<Test>::UnknownTrade);
		});
	}
}

mod orders {
	use super::*;

	#[test]
	fn orders_are_checked() {
		run(|| {
			let at =
				|period| EnergyMarket::place_ask(RuntimeOrigin::signed(S1), 0, period, Solar, 1, 1);
			assert_noop!(at(0), Error::<Test>::GateClosed);
			assert_noop!(at(5), Error::<Test>::TooFarAhead);
			assert_ok!(at(4));
			assert_noop!(ask(S1, Solar, 0, 1), Error::<Test>::ZeroEnergy);
			assert_noop!(
				EnergyMarket::place_ask(RuntimeOrigin::signed(S1), 1, 1, Solar, 1, 1),
				Error::<Test>::NotYourMeter
			);
			assert_noop!(bid(B1, 1, 1, &[]), Error::<Test>::NoTypes);
			assert_noop!(bid(B1, 1, FUNDS + 1, &[Solar]), Error::<Test>::InsufficientFunds);
			revoke_device(meter(B2));
			assert_noop!(bid(B2, 1, 1, &[Solar]), Error::<Test>::NotYourMeter);
			run_to_block(8);
			assert_noop!(ask(S1, Solar, 1, 1), Error::<Test>::GateClosed);
		});
	}

	#[test]
	fn orders_are_bounded() {
		run(|| {
			assert_ok!(ask(S1, Solar, 1, 1));
			assert_ok!(ask(S1, Solar, 1, 1));
			assert_noop!(ask(S1, Solar, 1, 1), Error::<Test>::TooManyOrders);
			for who in [S2, B1] {
				assert_ok!(ask(who, Solar, 1, 1));
				assert_ok!(ask(who, Solar, 1, 1));
			}
			assert_noop!(ask(B2, Solar, 1, 1), Error::<Test>::PeriodFull);
		});
	}

	#[test]
	fn cancelling_before_the_gate_releases_the_funds() {
		run(|| {
			assert_ok!(bid(B1, 10, 20, &[Solar]));
			assert_eq!(held(B1), 200);
			assert_noop!(
				EnergyMarket::cancel_order(RuntimeOrigin::signed(B2), 0),
				Error::<Test>::NotOwner
			);
			assert_ok!(EnergyMarket::cancel_order(RuntimeOrigin::signed(B1), 0));
			System::assert_last_event(Event::OrderCancelled { order: 0 }.into());
			assert_eq!(held(B1), 0);
			assert!(PeriodOrders::<Test>::get(1).is_empty());
			assert_eq!(AccountOrders::<Test>::get(1, B1), 0);
			assert_noop!(
				EnergyMarket::cancel_order(RuntimeOrigin::signed(B1), 0),
				Error::<Test>::UnknownOrder
			);
		});
	}

	#[test]
	fn new_timing_needs_an_empty_book_and_numbers_on() {
		run(|| {
			let set =
				|p: MarketParameters<u64>| EnergyMarket::set_parameters(RuntimeOrigin::root(), p);
			assert_noop!(
				set(MarketParameters { period_length: 0, ..parameters() }),
				Error::<Test>::BadParameters
			);
			assert_noop!(
				set(MarketParameters { gate_lead: PERIOD, ..parameters() }),
				Error::<Test>::BadParameters
			);
			assert_noop!(
				EnergyMarket::set_parameters(RuntimeOrigin::signed(S1), parameters()),
				DispatchError::BadOrigin
			);
			assert_ok!(ask(S1, Solar, 1, 1));
			assert_noop!(
				set(MarketParameters { period_length: 20, ..parameters() }),
				Error::<Test>::OrdersOpen
			);
			// The settlement timeout alone may change with orders open.
			assert_ok!(set(MarketParameters { settlement_timeout: TIMEOUT + 1, ..parameters() }));
			assert_eq!(Parameters::<Test>::get().map(|p| p.settlement_timeout), Some(TIMEOUT + 1));
			assert_ok!(EnergyMarket::cancel_order(RuntimeOrigin::signed(S1), 0));
			assert_ok!(set(MarketParameters { period_length: 20, ..parameters() }));
			// Period 1 (the next to clear) now starts at 1 + 2 + 20 and clears 2 blocks before.
			assert_eq!(EnergyMarket::gate(1), Some(21));
			assert_eq!(EnergyMarket::gate(2), Some(41));
		});
	}
}
