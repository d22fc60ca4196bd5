//! The epoch schedule set by governance.

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
