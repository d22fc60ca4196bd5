//! The protocol parameters governance sets through the runtime's parameters pallet.

use super::*;

#[test]
fn a_new_epoch_share_applies_when_the_next_epoch_closes() {
	run(|| {
		EpochShare::set(Perbill::from_percent(20));
		run_to_block(EPOCH);
		System::assert_has_event(Event::EpochClosed { epoch: 0, pool: 200_000, next: 1 }.into());
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
