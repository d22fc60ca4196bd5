//! Motions, their votes and ends, governance ejection, the session schedule and the session
//! manager.

use crate::{
	mock::{self, *},
	Ejected, EliminatingSessions, Error, Event, Motions, SessionLength, SessionStart,
};
use frame_support::{assert_noop, assert_ok, traits::EstimateNextSessionRotation};
use pallet_session::{SessionManager, ShouldEndSession};
use sp_runtime::{DispatchError, Perbill, Permill};

fn propose(who: AccountId, target: AccountId, slash: Perbill) -> sp_runtime::DispatchResult {
	Validators::propose_elimination(RuntimeOrigin::signed(who), target, slash)
}

fn vote(who: AccountId, target: AccountId, aye: bool) -> sp_runtime::DispatchResult {
	Validators::vote(RuntimeOrigin::signed(who), target, aye)
}

fn check() {
	Validators::do_try_state().unwrap();
}

#[test]
fn two_thirds_of_the_other_validators_eject_one() {
	new_test_ext().execute_with(|| {
		let slash = Perbill::from_percent(10);
		assert_ok!(propose(1, 7, slash));
		System::assert_last_event(Event::MotionProposed { target: 7, proposer: 1, slash }.into());
		// Six voters besides the target: four ayes pass.
		assert_ok!(vote(2, 7, true));
		assert_ok!(vote(3, 7, true));
		assert!(Motions::<Test>::contains_key(7));
		assert!(actions().is_empty());
		check();
		assert_ok!(vote(4, 7, true));
		System::assert_last_event(Event::Ejected { target: 7, slash }.into());
		assert!(!Motions::<Test>::contains_key(7));
		assert_eq!(actions(), vec![Action::Disabled(7)]);
		assert_eq!(Ejected::<Test>::get().into_inner(), vec![(7, slash)]);
		check();
		// A second ejection of the same validator is refused.
		assert_noop!(propose(1, 7, slash), Error::<Test>::AlreadyEjected);
	});
}

#[test]
fn a_motion_fails_once_two_thirds_are_out_of_reach() {
	new_test_ext().execute_with(|| {
		assert_ok!(propose(1, 7, Perbill::zero()));
		assert_ok!(vote(2, 7, false));
		assert_ok!(vote(3, 7, false));
		assert!(Motions::<Test>::contains_key(7));
		// A third nay leaves at most three of six ayes.
		assert_ok!(vote(4, 7, false));
		System::assert_last_event(Event::MotionFailed { target: 7 }.into());
		assert!(!Motions::<Test>::contains_key(7));
		assert!(actions().is_empty());
		assert!(Ejected::<Test>::get().is_empty());
		check();
	});
}

#[test]
fn votes_may_change_but_not_repeat() {
	new_test_ext().execute_with(|| {
		assert_ok!(propose(1, 7, Perbill::zero()));
		assert_noop!(vote(1, 7, true), Error::<Test>::DuplicateVote);
		assert_ok!(vote(2, 7, false));
		assert_noop!(vote(2, 7, false), Error::<Test>::DuplicateVote);
		assert_ok!(vote(2, 7, true));
		let motion = Motions::<Test>::get(7).unwrap();
		assert_eq!(motion.ayes.into_inner(), vec![1, 2]);
		assert!(motion.nays.is_empty());
		check();
	});
}

#[test]
fn who_may_propose_and_vote() {
	new_test_ext().execute_with(|| {
		assert_noop!(propose(9, 7, Perbill::zero()), Error::<Test>::NotValidator);
		assert_noop!(propose(1, 1, Perbill::zero()), Error::<Test>::SelfElimination);
		assert_noop!(propose(1, 9, Perbill::zero()), Error::<Test>::TargetNotValidator);
		assert_noop!(vote(2, 7, true), Error::<Test>::NoMotion);
		assert_ok!(propose(1, 7, Perbill::zero()));
		assert_noop!(propose(2, 7, Perbill::zero()), Error::<Test>::MotionExists);
		assert_noop!(vote(9, 7, true), Error::<Test>::NotValidator);
		assert_noop!(vote(7, 7, false), Error::<Test>::TargetCannotVote);
		assert_noop!(
			Validators::propose_elimination(RuntimeOrigin::root(), 6, Perbill::zero()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn open_motions_are_bounded() {
	new_test_ext().execute_with(|| {
		assert_ok!(propose(1, 6, Perbill::zero()));
		assert_ok!(propose(1, 7, Perbill::zero()));
		assert_noop!(propose(1, 5, Perbill::zero()), Error::<Test>::TooManyMotions);
		check();
	});
}

#[test]
fn motions_lapse_at_their_end() {
	new_test_ext().execute_with(|| {
		assert_ok!(propose(1, 7, Perbill::zero()));
		let end = Motions::<Test>::get(7).unwrap().end;
		assert_eq!(end, 1 + MotionDuration::get());
		System::set_block_number(end);
		assert_noop!(Validators::close(RuntimeOrigin::signed(9), 7), Error::<Test>::MotionOpen);
		assert_ok!(vote(2, 7, true));
		System::set_block_number(end + 1);
		assert_noop!(vote(3, 7, true), Error::<Test>::MotionClosed);
		assert_ok!(Validators::close(RuntimeOrigin::signed(9), 7));
		System::assert_last_event(Event::MotionExpired { target: 7 }.into());
		assert_noop!(Validators::close(RuntimeOrigin::signed(9), 7), Error::<Test>::NoMotion);
		check();
	});
}

#[test]
fn a_lapsed_motion_gives_way_to_a_new_one() {
	new_test_ext().execute_with(|| {
		assert_ok!(propose(1, 7, Perbill::zero()));
		System::set_block_number(2 + MotionDuration::get());
		assert_ok!(propose(2, 7, Perbill::from_percent(5)));
		System::assert_has_event(Event::MotionExpired { target: 7 }.into());
		assert_eq!(Motions::<Test>::get(7).unwrap().proposer, 2);
		assert_eq!(Motions::<Test>::count(), 1);
		check();
	});
}

#[test]
fn votes_of_validators_that_left_do_not_count() {
	new_test_ext().execute_with(|| {
		assert_ok!(propose(1, 7, Perbill::zero()));
		assert_ok!(vote(2, 7, true));
		assert_ok!(vote(3, 7, true));
		// 1, 2 and 3 leave the set: four voters remain besides the target.
		set_validators(&[4, 5, 6, 7, 8]);
		assert_ok!(vote(4, 7, true));
		assert!(Motions::<Test>::contains_key(7), "one aye of four counts");
		assert_ok!(vote(5, 7, true));
		assert_ok!(vote(6, 7, true));
		assert_eq!(Ejected::<Test>::get().len(), 1);
	});
}

#[test]
fn governance_ejects_directly_but_never_the_last_validator() {
	new_test_ext().execute_with(|| {
		set_validators(&[1, 2]);
		assert_noop!(
			Validators::eliminate(RuntimeOrigin::signed(1), 2, Perbill::zero()),
			DispatchError::BadOrigin
		);
		assert_ok!(propose(1, 2, Perbill::zero()));
		// One voter besides the target: the proposer alone is two thirds.
		assert_eq!(Ejected::<Test>::get().into_inner(), vec![(2, Perbill::zero())]);
		assert_noop!(
			Validators::eliminate(RuntimeOrigin::root(), 1, Perbill::zero()),
			Error::<Test>::LastValidator
		);
		assert_noop!(propose(2, 1, Perbill::zero()), Error::<Test>::LastValidator);
		assert_noop!(
			Validators::eliminate(RuntimeOrigin::root(), 9, Perbill::zero()),
			Error::<Test>::TargetNotValidator
		);
	});
}

#[test]
fn governance_ejection_replaces_an_open_motion() {
	new_test_ext().execute_with(|| {
		assert_ok!(propose(1, 7, Perbill::zero()));
		assert_ok!(Validators::eliminate(RuntimeOrigin::root(), 7, Perbill::from_percent(50)));
		System::assert_last_event(
			Event::Ejected { target: 7, slash: Perbill::from_percent(50) }.into(),
		);
		assert!(!Motions::<Test>::contains_key(7));
		assert_eq!(actions(), vec![Action::Disabled(7)]);
		check();
	});
}

#[test]
fn the_next_session_leaves_ejected_validators_out() {
	new_test_ext().execute_with(|| {
		assert_ok!(Validators::eliminate(RuntimeOrigin::root(), 6, Perbill::zero()));
		assert_ok!(Validators::eliminate(RuntimeOrigin::root(), 7, Perbill::from_percent(10)));
		type Sessions = EliminatingSessions<Test, InnerManager>;
		// No election this session: the current set, less the ejected.
		assert_eq!(Sessions::new_session(2), Some(vec![1, 2, 3, 4, 5]));
		assert_eq!(
			actions(),
			vec![
				Action::Disabled(6),
				Action::Disabled(7),
				Action::Chilled(6),
				Action::Chilled(7),
				Action::Slashed(7, Perbill::from_percent(10)),
			]
		);
		System::assert_has_event(
			Event::Eliminated { target: 7, slash: Perbill::from_percent(10) }.into(),
		);
		assert!(Ejected::<Test>::get().is_empty());
		// Nothing ejected: staking's plan (or none) goes through.
		assert_eq!(Sessions::new_session(3), None);
		mock::PLANNED.with(|p| *p.borrow_mut() = Some(vec![1, 2, 3]));
		assert_eq!(Sessions::new_session(4), Some(vec![1, 2, 3]));
		// An election's set loses the ejected too.
		assert_ok!(Validators::eliminate(RuntimeOrigin::root(), 3, Perbill::zero()));
		mock::PLANNED.with(|p| *p.borrow_mut() = Some(vec![1, 2, 3]));
		assert_eq!(Sessions::new_session(5), Some(vec![1, 2]));
	});
}

#[test]
fn sessions_follow_the_schedule() {
	new_test_ext().execute_with(|| {
		assert_eq!(SessionLength::<Test>::get(), 20);
		assert!(!Validators::should_end_session(19));
		assert!(Validators::should_end_session(20));
		assert_eq!(Validators::estimate_next_session_rotation(5).0, Some(20));
		assert_eq!(
			Validators::estimate_current_session_progress(5).0,
			Some(Permill::from_percent(25))
		);
		System::set_block_number(20);
		EliminatingSessions::<Test, InnerManager>::start_session(1);
		assert_eq!(SessionStart::<Test>::get(), 20);
		assert!(!Validators::should_end_session(39));
		assert!(Validators::should_end_session(40));
		assert_ok!(Validators::set_session_length(RuntimeOrigin::root(), 5));
		System::assert_last_event(Event::SessionLengthSet { length: 5 }.into());
		assert!(Validators::should_end_session(25));
		assert_eq!(Validators::average_session_length(), 5);
		assert_noop!(
			Validators::set_session_length(RuntimeOrigin::root(), 4),
			Error::<Test>::SessionLengthOutOfBounds
		);
		assert_noop!(
			Validators::set_session_length(RuntimeOrigin::root(), 1_001),
			Error::<Test>::SessionLengthOutOfBounds
		);
		assert_noop!(
			Validators::set_session_length(RuntimeOrigin::signed(1), 50),
			DispatchError::BadOrigin
		);
		check();
	});
}

#[test]
#[should_panic(expected = "outside the configured bounds")]
fn a_genesis_session_length_out_of_bounds_is_refused() {
	use sp_runtime::BuildStorage;
	let _ = crate::GenesisConfig::<Test> { session_length: 1 }.build_storage();
}
