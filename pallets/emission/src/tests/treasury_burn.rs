//! Governance burns from the treasury.

use super::*;

#[test]
fn bad_origins_are_rejected() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		for origin in [RuntimeOrigin::signed(ALICE), RuntimeOrigin::none()] {
			assert_noop!(Emission::burn(origin, 100), DispatchError::BadOrigin);
		}
	});
}

#[test]
fn governance_burns_from_the_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		let (t, total) = (free(treasury()), issuance());
		assert_ok!(Emission::burn(RuntimeOrigin::root(), 500));
		assert_eq!(free(treasury()), t - 500);
		assert_eq!(issuance(), total - 500);
		assert_eq!(TotalBurned::<Test>::get(), 500);
		assert!(emission_events().contains(&Event::TreasuryBurned { amount: 500 }));
	});
}

#[test]
fn bad_treasury_burns_are_rejected_and_change_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		let t = free(treasury());
		assert_noop!(Emission::burn(RuntimeOrigin::root(), 0), Error::<Test>::ZeroAmount);
		// The treasury keeps the existential deposit.
		assert_noop!(
			Emission::burn(RuntimeOrigin::root(), t - ED + 1),
			Error::<Test>::InsufficientTreasuryBalance
		);
		assert_noop!(
			Emission::burn(RuntimeOrigin::root(), t + 1),
			Error::<Test>::InsufficientTreasuryBalance
		);
		assert_ok!(Emission::burn(RuntimeOrigin::root(), t - ED));
		assert_eq!(free(treasury()), ED);
	});
}
