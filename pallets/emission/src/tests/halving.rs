//! The halving schedule, and the clipping of the last reward to the pool and the supply cap.

use super::*;

/// The scheduled reward of each era (blocks `10k..10k+9`): 1,000 halved, rounded down.
const ERA_REWARD: [Balance; 12] = [1000, 500, 250, 125, 62, 31, 15, 7, 3, 1, 0, 0];

/// Run to block `n - 1`, then block `n`; what block `n` minted.
fn minted_in_block(n: u64) -> Balance {
	run_to_block(n - 1);
	assert_eq!(System::block_number(), n - 1);
	let before = TotalIssued::<Test>::get();
	let issuance_before = issuance();
	run_to_block(n);
	let minted = TotalIssued::<Test>::get() - before;
	assert_eq!(issuance() - issuance_before, minted, "issuance rises by exactly the reward");
	minted
}

#[test]
fn rewards_before_at_and_after_every_halving_boundary() {
	ExtBuilder::default().build_and_execute(|| {
		for k in 1..=11u64 {
			let boundary = 10 * k;
			assert_eq!(minted_in_block(boundary - 1), ERA_REWARD[k as usize - 1], "before {k}");
			assert_eq!(minted_in_block(boundary), ERA_REWARD[k as usize], "at halving {k}");
			assert_eq!(minted_in_block(boundary + 1), ERA_REWARD[k as usize], "after {k}");
		}
	});
}

#[test]
fn halving_event_at_each_halving_and_only_there() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(9);
		assert!(!emission_events().iter().any(|e| matches!(e, Event::Halved { .. })));
		run_to_block(10);
		assert!(emission_events().contains(&Event::Halved { halvings: 1, reward: 500 }));
		run_to_block(11);
		assert!(!emission_events().iter().any(|e| matches!(e, Event::Halved { .. })));
		run_to_block(40);
		assert!(emission_events().contains(&Event::Halved { halvings: 4, reward: 62 }));
		// The halving that ends emission is announced with a zero reward.
		run_to_block(100);
		assert_eq!(emission_events(), vec![Event::Halved { halvings: 10, reward: 0 }]);
	});
}

#[test]
fn all_rewards_sum_to_the_schedule_and_never_exceed_the_pool() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(130);
		// Era 0 has blocks 1..=9 (block 0 is genesis), every later era 10 blocks.
		let expected: Balance =
			9 * ERA_REWARD[0] + ERA_REWARD[1..].iter().map(|r| 10 * r).sum::<Balance>();
		assert_eq!(expected, 18_940);
		assert_eq!(TotalIssued::<Test>::get(), expected);
		assert!(TotalIssued::<Test>::get() <= POOL);
		assert_eq!(issuance(), GENESIS_ISSUANCE + expected);
		// Every minted unit is in one of the three accounts.
		assert_eq!(free(AUTHOR) + free(data_mining_pool()) + free(treasury()) - 1_000, expected);
		// Emission has ended: nothing more is minted, and no events say otherwise.
		assert_eq!(Emission::current_reward(), 0);
		assert_eq!(minted_in_block(131), 0);
		assert!(emission_events().is_empty());
	});
}

#[test]
fn final_reward_is_clipped_to_the_rest_of_the_pool() {
	ExtBuilder::default().build_and_execute(|| {
		// As if almost all of the pool had been emitted already.
		TotalIssued::<Test>::put(POOL - 150);
		run_to_block(1);
		assert_eq!(TotalIssued::<Test>::get(), POOL);
		assert_eq!(free(AUTHOR), 60);
		assert_eq!(free(data_mining_pool()), 60);
		assert_eq!(free(treasury()), 1_000 + 30);
		assert!(emission_events().contains(&Event::RewardClipped { scheduled: 1_000, minted: 150 }));
		// Then rewards stop.
		assert_eq!(minted_in_block(2), 0);
		assert!(emission_events().is_empty());
		assert_eq!(Emission::current_reward(), 0);
		assert_eq!(Emission::remaining_emission(), 0);
	});
}

#[test]
fn a_changed_halving_interval_cannot_mint_past_the_pool() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(95);
		assert_eq!(TotalIssued::<Test>::get(), 18_936);
		// A runtime upgrade lengthens the eras to 50 blocks: R0 = 20,000 / 100 = 200, and block
		// 96 is back in era 1 (100 per block), so the schedule now asks for more than the pool
		// has left (1,064).
		HalvingInterval::set(50);
		for n in 96..=99 {
			assert_eq!(minted_in_block(n), 100);
		}
		for n in 100..=112 {
			assert_eq!(minted_in_block(n), 50);
		}
		assert_eq!(minted_in_block(113), 14);
		assert!(emission_events().contains(&Event::RewardClipped { scheduled: 50, minted: 14 }));
		assert_eq!(TotalIssued::<Test>::get(), POOL);
		assert_eq!(minted_in_block(114), 0);
	});
}

#[test]
fn final_reward_is_clipped_at_the_supply_cap() {
	ExtBuilder::default().build().execute_with(|| {
		// Something outside emission (root's `force_set_balance`, say) mints up to 150 below
		// the cap.
		assert_ok!(<Balances as Mutate<AccountId>>::mint_into(
			&ALICE,
			MAX_SUPPLY - GENESIS_ISSUANCE - 150
		));
		System::run_to_block::<AllPalletsWithSystem>(1);
		assert_eq!(issuance(), MAX_SUPPLY);
		assert_eq!(TotalIssued::<Test>::get(), 150);
		assert!(emission_events().contains(&Event::RewardClipped { scheduled: 1_000, minted: 150 }));
		assert_eq!(Emission::remaining_supply(), 0);
		System::run_to_block::<AllPalletsWithSystem>(5);
		assert_eq!(issuance(), MAX_SUPPLY);
		assert_eq!(TotalIssued::<Test>::get(), 150);
		// try_state flags the issuance that did not come from emission.
		assert_eq!(Emission::do_try_state(), Err("total issuance grew outside of emission".into()));
	});
}

#[test]
fn runtime_api_values_follow_the_schedule() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Emission::current_reward(), 1_000);
		assert_eq!(Emission::next_halving_block(), 10);
		assert_eq!(Emission::blocks_until_next_halving(), 10);
		run_to_block(9);
		assert_eq!(Emission::current_reward(), 1_000);
		assert_eq!(Emission::blocks_until_next_halving(), 1);
		run_to_block(10);
		assert_eq!(Emission::current_reward(), 500);
		assert_eq!(Emission::next_halving_block(), 20);
		assert_eq!(Emission::blocks_until_next_halving(), 10);
		assert_eq!(Emission::remaining_emission(), POOL - 9_500);
		assert_eq!(Emission::remaining_supply(), MAX_SUPPLY - GENESIS_ISSUANCE - 9_500);
		assert_eq!(Emission::total_issuance(), GENESIS_ISSUANCE + 9_500);
		run_to_block(37);
		assert_eq!(Emission::current_reward(), 125);
		assert_eq!(Emission::blocks_until_next_halving(), 3);
	});
}
