//! The genesis build: the emission pool, the initial issuance and the vested allocations.

use super::*;

#[test]
fn genesis_sets_pool_and_initial_issuance() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(EmissionPool::<Test>::get(), POOL);
		assert_eq!(InitialIssuance::<Test>::get(), GENESIS_ISSUANCE);
		assert_eq!(issuance(), GENESIS_ISSUANCE);
		// The mock's parameters start at the defaults.
		assert_eq!(Shares::get(), shares(40, 40, 20));
		assert_eq!(RewardShares::default(), shares(40, 40, 20));
		assert_eq!(FeeBurnShare::get(), Perbill::from_percent(20));
		assert_eq!(DEFAULT_FEE_BURN_SHARE, Perbill::from_percent(20));
		assert_eq!(Emission::initial_reward(), R0);
		assert_eq!(TotalIssued::<Test>::get(), 0);
		assert_eq!(TotalBurned::<Test>::get(), 0);
	});
}

#[test]
fn team_batches_are_locked_until_the_cliff_then_released_one_by_one() {
	ExtBuilder::default().build_and_execute(|| {
		let reducible =
			|| Balances::reducible_balance(&TEAM, Preservation::Expendable, Fortitude::Polite);
		// The genesis lock covers all three batches, not only the last one.
		assert_eq!(Vesting::vesting_balance(&TEAM), Some(300));
		assert_eq!(pallet_balances::Locks::<Test>::get(TEAM)[0].amount, 300);
		assert_eq!(reducible(), 0);

		// The cliff: nothing is released before block 10.
		run_to_block(9);
		assert_ok!(Vesting::vest(RuntimeOrigin::signed(TEAM)));
		assert_eq!(reducible(), 0);
		assert_noop!(
			Balances::transfer_allow_death(RuntimeOrigin::signed(TEAM), BOB, 1),
			TokenError::Frozen
		);

		// Then one batch per period.
		for (block, released) in [(10, 100), (20, 200), (30, 300)] {
			run_to_block(block - 1);
			assert_eq!(Vesting::vesting_balance(&TEAM), Some(300 - released + 100));
			run_to_block(block);
			assert_ok!(Vesting::vest(RuntimeOrigin::signed(TEAM)));
			assert_eq!(reducible(), released - (300 - free(TEAM)));
			// Spend what was released, and not a unit more.
			assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(TEAM), BOB, 100));
			if released < 300 {
				assert_noop!(
					Balances::transfer_allow_death(RuntimeOrigin::signed(TEAM), BOB, 1),
					TokenError::Frozen
				);
			}
		}
		assert_eq!(free(TEAM), 0);
		assert_eq!(Vesting::vesting_balance(&TEAM), None);
	});
}

#[test]
#[should_panic(expected = "genesis issuance plus the emission pool exceeds the supply cap")]
fn genesis_rejects_a_pool_above_the_cap() {
	ExtBuilder::default().emission_pool(MAX_SUPPLY - GENESIS_ISSUANCE + 1).build();
}

#[test]
#[should_panic(expected = "vesting batches exceed an account's genesis balance")]
fn genesis_rejects_vesting_above_the_balance() {
	ExtBuilder::default().vesting_batches(vec![(TEAM, 10, 200), (TEAM, 20, 101)]).build();
}
