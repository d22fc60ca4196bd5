//! Challenges by attesters and governance rulings.

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
		System::assert_last_event(Event::Slashed { epoch: 0, device: 2, deposit: DEPOSIT }.into());
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
