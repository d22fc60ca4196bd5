//! Unit tests of data mining on the mock runtime, with payouts computed by hand. Every test ends
//! by checking the pallet's invariants.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use sp_core::H256;
use sp_runtime::{DispatchError, DispatchResult, Perbill, Percent};

/// Run `test` on a fresh chain, then check the invariants.
fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		DataMining::do_try_state().expect("invariants hold");
	});
}

/// 300 units at full quality, bandwidth and privacy: factor 1.0, score 300 · 10^9.
fn full(units: u64) -> Contribution {
	Contribution {
		commitment: H256::repeat_byte(1),
		units,
		quality: Percent::from_percent(100),
		bandwidth: 100,
		privacy: PrivacyLevel::ZeroKnowledge,
	}
}

/// Factor 0.5 · 80 % + 0.3 · 50 % + 0.2 · 50 % = 0.65.
fn middling(units: u64) -> Contribution {
	Contribution {
		commitment: H256::repeat_byte(2),
		units,
		quality: Percent::from_percent(80),
		bandwidth: 50,
		privacy: PrivacyLevel::Aggregated,
	}
}

/// Factor 0.3: no quality, no privacy, bandwidth above the reference (capped at 100 %).
fn bandwidth_only(units: u64) -> Contribution {
	Contribution {
		commitment: H256::repeat_byte(3),
		units,
		quality: Percent::from_percent(0),
		bandwidth: 250,
		privacy: PrivacyLevel::Raw,
	}
}

fn report(account: AccountId, contribution: Contribution) -> DispatchResult {
	DataMining::submit_report(RuntimeOrigin::signed(account), contribution)
}

/// Devices 0, 1, 2 report 300 full, 100 middling and 100 bandwidth-only units in epoch 0:
/// 500 units (50 % utilisation, 60 % payout), scores 300, 65 and 30 (·10^9).
fn three_reports() {
	assert_ok!(report(DEVICE_0, full(300)));
	assert_ok!(report(DEVICE_1, middling(100)));
	assert_ok!(report(DEVICE_2, bandwidth_only(100)));
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::DataMining(HoldReason::ReportDeposit), &who)
}

fn claimed(epoch: EpochIndex, device: DeviceId, owner: AccountId) -> Balance {
	let before = Balances::free_balance(owner);
	assert_ok!(DataMining::claim(RuntimeOrigin::signed(owner), epoch, device));
	Balances::free_balance(owner) - before
}

mod maths {
	use super::*;

	#[test]
	fn scores_match_hand_computed_values() {
		let scoring = scoring();
		assert_eq!(scoring.score(&full(300)), 300 * 1_000_000_000);
		assert_eq!(scoring.score(&middling(100)), 100 * 650_000_000);
		assert_eq!(scoring.score(&bandwidth_only(100)), 100 * 300_000_000);
		// 1 unit at 33 % quality, 33 kbit/s, pseudonymised:
		// 0.5 · 0.33 + 0.3 · 0.33 + 0.2 · 0.25 = 0.165 + 0.099 + 0.05.
		let odd = Contribution {
			units: 1,
			quality: Percent::from_percent(33),
			bandwidth: 33,
			privacy: PrivacyLevel::Pseudonymised,
			..full(1)
		};
		assert_eq!(scoring.score(&odd), 165_000_000 + 99_000_000 + 50_000_000);
	}

	#[test]
	fn the_curve_interpolates_and_rounds_down() {
		let scoring = scoring();
		let share = |units| scoring.payout_share(units);
		assert_eq!(share(0), Perbill::zero());
		assert_eq!(share(250), Perbill::from_percent(30));
		assert_eq!(share(500), Perbill::from_percent(60));
		assert_eq!(share(750), Perbill::from_percent(80));
		assert_eq!(share(1_000), Perbill::from_percent(100));
		assert_eq!(share(5_000), Perbill::from_percent(100), "beyond capacity");
		// A third of capacity: 0.6 · 333,333,333 / 500,000,000 = 399,999,999.6 ppb.
		let third = Scoring { capacity: 3, ..scoring.clone() };
		assert_eq!(third.payout_share(1), Perbill::from_parts(399_999_999));
		// Per-unit reward falls while the total rises.
		assert!(share(500).deconstruct() / 500 > share(1_000).deconstruct() / 1_000);
	}

	#[test]
	fn scoring_is_checked() {
		let s = scoring();
		assert_eq!(s.check(), Ok(()));
		assert_eq!(Scoring { capacity: 0, ..s.clone() }.check(), Err(ParameterError::Zero));
		assert_eq!(
			Scoring { reference_bandwidth: 0, ..s.clone() }.check(),
			Err(ParameterError::Zero)
		);
		let heavy = ScoreWeights { quality: Perbill::from_percent(90), ..s.weights };
		assert_eq!(
			Scoring { weights: heavy, ..s.clone() }.check(),
			Err(ParameterError::WeightsAboveOne)
		);
		assert_eq!(
			Scoring { curve: BoundedVec::new(), ..s.clone() }.check(),
			Err(ParameterError::BadCurve)
		);
	}
}

/// `Scoring` refuses to decode when it breaks its rules, so governance cannot set such a value
/// through the parameters pallet.
mod scoring_codec {
	use super::*;
	use codec::{Decode, Encode};

	fn decode<S: Encode>(scoring: &S) -> Result<ScoringOf<Test>, codec::Error> {
		ScoringOf::<Test>::decode(&mut &scoring.encode()[..])
	}

	#[test]
	fn a_valid_scoring_round_trips() {
		let s = scoring();
		assert_eq!(decode(&s).ok(), Some(s.clone()));
		let one_point = Scoring { curve: BoundedVec::truncate_from(vec![s.curve[1]]), ..s };
		assert_eq!(decode(&one_point).ok(), Some(one_point));
	}

	#[test]
	fn zero_capacity_or_bandwidth_fails_to_decode() {
		assert!(decode(&Scoring { capacity: 0, ..scoring() }).is_err());
		assert!(decode(&Scoring { reference_bandwidth: 0, ..scoring() }).is_err());
	}

	#[test]
	fn weights_above_one_fail_to_decode() {
		let s = scoring();
		// The test weights add up to exactly 100 %: a billionth more is refused.
		assert!(decode(&s).is_ok());
		let heavy = ScoreWeights { quality: Perbill::from_parts(500_000_001), ..s.weights };
		assert!(decode(&Scoring { weights: heavy, ..s }).is_err());
	}

	#[test]
	fn a_bad_curve_fails_to_decode() {
		let s = scoring();
		assert!(decode(&Scoring { curve: BoundedVec::new(), ..s.clone() }).is_err());
		let mut falling = s.curve.clone();
		falling[1].payout = Perbill::from_percent(50);
		assert!(decode(&Scoring { curve: falling, ..s.clone() }).is_err());
		let mut flat = s.curve.clone();
		flat[1].utilisation = flat[0].utilisation;
		assert!(decode(&Scoring { curve: flat, ..s.clone() }).is_err());
		// More points than `MaxCurvePoints` (4).
		let long: Scoring<frame_support::traits::ConstU32<8>> = Scoring {
			capacity: s.capacity,
			reference_bandwidth: s.reference_bandwidth,
			weights: s.weights,
			curve: BoundedVec::truncate_from(
				(1..=5)
					.map(|i| CurvePoint {
						utilisation: Perbill::from_percent(20 * i),
						payout: Perbill::from_percent(20 * i),
					})
					.collect::<Vec<_>>(),
			),
		};
		assert_eq!(long.check(), Ok(()));
		assert!(decode(&long).is_err());
	}
}

mod schedules {
	use super::*;

	#[test]
	fn the_schedule_is_checked() {
		run(|| {
			let set = |s: ScheduleOf<Test>| DataMining::set_schedule(RuntimeOrigin::root(), s);
			assert_noop!(
				set(Schedule { epoch_length: 0, ..schedule() }),
				Error::<Test>::ZeroEpochLength
			);
			assert_noop!(
				DataMining::set_schedule(RuntimeOrigin::signed(ALICE), schedule()),
				DispatchError::BadOrigin
			);
			let new = Schedule { epoch_length: 20, challenge_window: 0, claim_period: 1 };
			assert_ok!(set(new));
			System::assert_last_event(Event::ScheduleSet.into());
			assert_eq!(MiningSchedule::<Test>::get(), Some(new));
		});
	}

	#[test]
	fn the_first_schedule_opens_the_first_epoch() {
		run(|| {
			MiningSchedule::<Test>::kill();
			Epochs::<Test>::remove(0);
			assert_noop!(report(DEVICE_0, full(1)), Error::<Test>::NotConfigured);
			run_to_block(3);
			assert_ok!(DataMining::set_schedule(RuntimeOrigin::root(), schedule()));
			let books = Epochs::<Test>::get(0).unwrap();
			assert_eq!((books.start, books.end), (3, 3 + EPOCH));
			assert_ok!(report(DEVICE_0, full(1)));
		});
	}

	#[test]
	fn a_shorter_epoch_length_shortens_the_current_epoch() {
		run(|| {
			run_to_block(3);
			assert_ok!(DataMining::set_schedule(
				RuntimeOrigin::root(),
				Schedule { epoch_length: 4, ..schedule() }
			));
			assert_eq!(Epochs::<Test>::get(0).unwrap().end, 7);
			// A longer one leaves it alone.
			assert_ok!(DataMining::set_schedule(RuntimeOrigin::root(), schedule()));
			assert_eq!(Epochs::<Test>::get(0).unwrap().end, 7);
			run_to_block(7);
			assert_eq!(CurrentEpoch::<Test>::get(), 1);
			assert_eq!(Epochs::<Test>::get(1).unwrap().end, 7 + EPOCH);
		});
	}

	#[test]
	fn a_new_window_and_claim_period_apply_when_the_epoch_closes() {
		run(|| {
			assert_ok!(DataMining::set_schedule(
				RuntimeOrigin::root(),
				Schedule { challenge_window: 2, claim_period: 3, ..schedule() }
			));
			// The epoch's end is unchanged.
			assert_eq!(Epochs::<Test>::get(0).unwrap().end, EPOCH);
			run_to_block(EPOCH);
			let books = Epochs::<Test>::get(0).unwrap();
			assert_eq!((books.window_end, books.claim_end), (EPOCH + 2, EPOCH + 5));
		});
	}
}

mod reports {
	use super::*;

	#[test]
	fn one_report_per_device_per_epoch() {
		run(|| {
			assert_ok!(report(DEVICE_0, full(300)));
			System::assert_last_event(
				Event::Reported { epoch: 0, device: 0, units: 300, score: 300_000_000_000 }.into(),
			);
			assert_eq!(held(DEVICE_0), DEPOSIT);
			assert_noop!(report(DEVICE_0, full(1)), Error::<Test>::AlreadyReported);
			let books = Epochs::<Test>::get(0).unwrap();
			assert_eq!(
				(books.total_units, books.total_score, books.reports),
				(300, 300_000_000_000, 1)
			);
			run_to_block(EPOCH);
			assert_ok!(report(DEVICE_0, full(1)));
			assert_eq!(Reports::<Test>::get(1, 0).unwrap().contribution.units, 1);
			assert_eq!(held(DEVICE_0), 2 * DEPOSIT);
		});
	}

	#[test]
	fn only_valid_devices_with_work_and_a_deposit_report() {
		run(|| {
			assert_noop!(report(ALICE, full(1)), Error::<Test>::NotADevice);
			revoke_device(1);
			assert_noop!(report(DEVICE_1, full(1)), Error::<Test>::NotADevice);
			assert_noop!(report(DEVICE_0, full(0)), Error::<Test>::NoUnits);
			assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), DEVICE_2, DEPOSIT / 2));
			assert_noop!(report(DEVICE_2, full(1)), Error::<Test>::InsufficientDeposit);
		});
	}
}

mod epochs_and_claims {
	use super::*;

	#[test]
	fn an_epoch_closes_with_its_pool_set_aside() {
		run(|| {
			run_to_block(EPOCH);
			System::assert_has_event(
				Event::EpochClosed { epoch: 0, pool: 500_000, next: 1 }.into(),
			);
			let books = Epochs::<Test>::get(0).unwrap();
			assert_eq!((books.pool, books.window_end, books.claim_end), (500_000, 15, 35));
			assert_eq!(Allocated::<Test>::get(), 500_000);
			assert_eq!(CurrentEpoch::<Test>::get(), 1);
			let next = Epochs::<Test>::get(1).unwrap();
			assert_eq!((next.start, next.end), (EPOCH, 2 * EPOCH));
			// Half of what is not yet set aside.
			run_to_block(2 * EPOCH);
			assert_eq!(Epochs::<Test>::get(1).unwrap().pool, 250_000);
			assert_eq!(Allocated::<Test>::get(), 750_000);
		});
	}

	#[test]
	fn rewards_follow_scores_and_never_exceed_the_payout() {
		run(|| {
			three_reports();
			let pool_before = Balances::free_balance(DataMining::account());
			run_to_block(14);
			assert_noop!(
				DataMining::claim(RuntimeOrigin::signed(ALICE), 0, 0),
				Error::<Test>::WindowOpen
			);
			assert_eq!(DataMining::claimable(0, 0), None);
			run_to_block(15);
			// Payout: 60 % of 500,000. Shares of 395: 300, 65 and 30, rounded down.
			assert_eq!(DataMining::claimable(0, 0), Some(227_848));
			assert_noop!(
				DataMining::claim(RuntimeOrigin::signed(BOB), 0, 0),
				Error::<Test>::NotOwner
			);
			assert_eq!(claimed(0, 0, ALICE), 227_848);
			System::assert_last_event(
				Event::Claimed { epoch: 0, device: 0, owner: ALICE, amount: 227_848 }.into(),
			);
			assert_eq!(claimed(0, 1, ALICE), 49_367);
			assert_eq!(claimed(0, 2, BOB), 22_784);
			let books = Epochs::<Test>::get(0).unwrap();
			assert_eq!(books.payout, Some(300_000));
			assert_eq!(books.paid, 299_999);
			assert!(books.paid <= books.payout.unwrap());
			assert_eq!(Balances::free_balance(DataMining::account()), pool_before - 299_999);
			// The 200,000 the curve did not pay, and the rounding dust, stay unallocated.
			assert_eq!(Allocated::<Test>::get(), 1);
			// Deposits came back; a second claim finds no report.
			assert_eq!(held(DEVICE_0) + held(DEVICE_1) + held(DEVICE_2), 0);
			assert_noop!(
				DataMining::claim(RuntimeOrigin::signed(ALICE), 0, 0),
				Error::<Test>::UnknownReport
			);
		});
	}

	#[test]
	fn the_current_epoch_cannot_be_claimed() {
		run(|| {
			assert_ok!(report(DEVICE_0, full(300)));
			assert_noop!(
				DataMining::claim(RuntimeOrigin::signed(ALICE), 0, 0),
				Error::<Test>::WindowOpen
			);
			assert_noop!(
				DataMining::claim(RuntimeOrigin::signed(ALICE), 7, 0),
				Error::<Test>::UnknownEpoch
			);
		});
	}

	#[test]
	fn unclaimed_rewards_return_after_the_claim_period() {
		run(|| {
			assert_ok!(report(DEVICE_0, full(250)));
			assert_ok!(report(DEVICE_2, full(250)));
			run_to_block(15);
			assert_eq!(claimed(0, 0, ALICE), 150_000);
			assert_noop!(
				DataMining::reap_report(RuntimeOrigin::signed(ALICE), 0, 2),
				Error::<Test>::ClaimsOpen
			);
			// At the claim period's end, before the hook has run.
			run_to_block(34);
			System::set_block_number(35);
			assert_noop!(
				DataMining::claim(RuntimeOrigin::signed(BOB), 0, 2),
				Error::<Test>::ClaimsClosed
			);
			System::set_block_number(34);
			run_to_block(35);
			System::assert_has_event(Event::Released { epoch: 0, returned: 150_000 }.into());
			assert!(Epochs::<Test>::get(0).is_none());
			assert_eq!(OldestUnreleased::<Test>::get(), 1);
			assert_noop!(
				DataMining::claim(RuntimeOrigin::signed(BOB), 0, 2),
				Error::<Test>::UnknownEpoch
			);
			assert_ok!(DataMining::reap_report(RuntimeOrigin::signed(ALICE), 0, 2));
			System::assert_last_event(Event::Reaped { epoch: 0, device: 2 }.into());
			assert_eq!(held(DEVICE_2), 0);
			assert_noop!(
				DataMining::reap_report(RuntimeOrigin::signed(ALICE), 0, 2),
				Error::<Test>::UnknownReport
			);
		});
	}

	#[test]
	fn the_books_balance_over_many_epochs() {
		run(|| {
			for block in 1..120u64 {
				if block % EPOCH == 1 {
					assert_ok!(report(DEVICE_0, full(block)));
					assert_ok!(report(DEVICE_1, middling(3 * block)));
				}
				if block % EPOCH == 6 && block > EPOCH {
					let epoch = (block / EPOCH - 1) as EpochIndex;
					assert_ok!(DataMining::claim(RuntimeOrigin::signed(ALICE), epoch, 0));
				}
				run_to_block(block + 1);
			}
			assert!(OldestUnreleased::<Test>::get() > 5, "old epochs were released");
		});
	}
}

mod challenges {
	use super::*;

	fn challenge(who: AccountId, epoch: EpochIndex, device: DeviceId) -> DispatchResult {
		DataMining::challenge(RuntimeOrigin::signed(who), epoch, device, H256::repeat_byte(9))
	}

	#[test]
	fn an_upheld_challenge_slashes_the_report() {
		run(|| {
			three_reports();
			run_to_block(12);
			assert_noop!(challenge(ALICE, 0, 2), Error::<Test>::NotAttester);
			assert_noop!(challenge(ATTESTER, 0, 9), Error::<Test>::UnknownReport);
			assert_noop!(
				DataMining::rule(RuntimeOrigin::root(), 0, 2, true),
				Error::<Test>::WrongStatus
			);
			assert_ok!(challenge(ATTESTER, 0, 2));
			assert_noop!(challenge(ATTESTER, 0, 2), Error::<Test>::WrongStatus);
			run_to_block(15);
			assert_noop!(
				DataMining::claim(RuntimeOrigin::signed(ALICE), 0, 0),
				Error::<Test>::ChallengesPending
			);
			assert_noop!(
				DataMining::rule(RuntimeOrigin::signed(ATTESTER), 0, 2, true),
				DispatchError::BadOrigin
			);
			let pool = Balances::free_balance(DataMining::account());
			assert_ok!(DataMining::rule(RuntimeOrigin::root(), 0, 2, true));
			System::assert_last_event(
				Event::Slashed { epoch: 0, device: 2, deposit: DEPOSIT }.into(),
			);
			assert_eq!(Balances::free_balance(DataMining::account()), pool + DEPOSIT);
			assert_eq!(held(DEVICE_2), 0);
			assert_noop!(
				DataMining::claim(RuntimeOrigin::signed(BOB), 0, 2),
				Error::<Test>::ReportSlashed
			);
			// 400 units: 40 % utilisation, 48 % of 500,000; shares of 365: 300 and 65.
			assert_eq!(claimed(0, 0, ALICE), 197_260);
			assert_eq!(claimed(0, 1, ALICE), 42_739);
			assert_eq!(Epochs::<Test>::get(0).unwrap().payout, Some(240_000));
		});
	}

	#[test]
	fn a_rejected_challenge_counts_again() {
		run(|| {
			three_reports();
			assert_ok!(challenge(ATTESTER, 0, 1));
			assert_ok!(DataMining::rule(RuntimeOrigin::root(), 0, 1, false));
			System::assert_last_event(Event::ChallengeRejected { epoch: 0, device: 1 }.into());
			run_to_block(15);
			assert_eq!(claimed(0, 1, ALICE), 49_367);
		});
	}

	#[test]
	fn the_window_closes() {
		run(|| {
			assert_ok!(report(DEVICE_0, full(10)));
			run_to_block(14);
			assert_ok!(challenge(ATTESTER, 0, 0));
			assert_ok!(DataMining::rule(RuntimeOrigin::root(), 0, 0, false));
			run_to_block(15);
			assert_noop!(challenge(ATTESTER, 0, 0), Error::<Test>::WindowClosed);
		});
	}

	#[test]
	fn governance_appoints_a_bounded_set_of_attesters() {
		run(|| {
			assert_noop!(
				DataMining::set_attester(RuntimeOrigin::signed(ALICE), BOB, true),
				DispatchError::BadOrigin
			);
			assert_ok!(DataMining::set_attester(RuntimeOrigin::root(), BOB, true));
			System::assert_last_event(Event::AttesterSet { who: BOB, attester: true }.into());
			assert_ok!(DataMining::set_attester(RuntimeOrigin::root(), BOB, true));
			assert_noop!(
				DataMining::set_attester(RuntimeOrigin::root(), ALICE, true),
				Error::<Test>::TooManyAttesters
			);
			assert_ok!(DataMining::set_attester(RuntimeOrigin::root(), ATTESTER, false));
			assert_ok!(report(DEVICE_0, full(10)));
			assert_noop!(challenge(ATTESTER, 0, 0), Error::<Test>::NotAttester);
			assert_ok!(challenge(BOB, 0, 0));
		});
	}
}

/// The protocol parameters governance sets through the runtime's parameters pallet.
mod protocol_parameters {
	use super::*;

	#[test]
	fn a_new_epoch_share_applies_when_the_next_epoch_closes() {
		run(|| {
			EpochShare::set(Perbill::from_percent(20));
			run_to_block(EPOCH);
			System::assert_has_event(
				Event::EpochClosed { epoch: 0, pool: 200_000, next: 1 }.into(),
			);
			assert_eq!(Allocated::<Test>::get(), 200_000);
			// 20 % of the 800,000 not yet set aside.
			run_to_block(2 * EPOCH);
			assert_eq!(Epochs::<Test>::get(1).unwrap().pool, 160_000);
		});
	}

	#[test]
	fn a_new_scoring_applies_to_later_reports_and_to_payouts_not_yet_fixed() {
		run(|| {
			assert_ok!(report(DEVICE_0, full(300)));
			// From now on only quality counts: a middling report scores 80 % a unit.
			MiningScoring::mutate(|s| {
				s.weights = ScoreWeights {
					quality: Perbill::one(),
					bandwidth: Perbill::zero(),
					privacy: Perbill::zero(),
				}
			});
			assert_ok!(report(DEVICE_1, middling(200)));
			assert_eq!(Reports::<Test>::get(0, 0).unwrap().score, 300 * 1_000_000_000);
			assert_eq!(Reports::<Test>::get(0, 1).unwrap().score, 200 * 800_000_000);
			// Twice the capacity before the first claim: 500 units are 25 % utilisation, which
			// pays 30 % of the 500,000 pool. Shares of 460: 300 and 160, rounded down.
			run_to_block(15);
			MiningScoring::mutate(|s| s.capacity = 2_000);
			assert_eq!(DataMining::claimable(0, 0), Some(97_826));
			assert_eq!(claimed(0, 0, ALICE), 97_826);
			assert_eq!(Epochs::<Test>::get(0).unwrap().payout, Some(150_000));
			// The first claim fixed the payout.
			MiningScoring::set(scoring());
			assert_eq!(claimed(0, 1, ALICE), 52_173);
			assert_eq!(Epochs::<Test>::get(0).unwrap().payout, Some(150_000));
		});
	}
}
