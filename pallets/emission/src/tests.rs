//! Unit tests in the mock runtime (`HalvingInterval = 10`, pool 20,000, `R0 = 1,000`).

use crate::{mock::*, *};
use codec::{Decode, DecodeAll, Encode, MaxEncodedLen};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Balanced, Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
		Hooks, OnUnbalanced, VestingSchedule,
	},
};
use sp_runtime::{DispatchError, Perbill, TokenError};

/// The scheduled reward of each era (blocks `10k..10k+9`): 1,000 halved, rounded down.
const ERA_REWARD: [Balance; 12] = [1000, 500, 250, 125, 62, 31, 15, 7, 3, 1, 0, 0];

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn issuance() -> Balance {
	<Balances as Inspect<AccountId>>::total_issuance()
}

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

fn shares(author: u32, data_mining: u32, treasury: u32) -> RewardShares {
	RewardShares {
		author: Perbill::from_percent(author),
		data_mining: Perbill::from_percent(data_mining),
		treasury: Perbill::from_percent(treasury),
	}
}

/// Take `fee + tip` from Alice as the transaction-payment adapter does and hand both credits
/// to the fee handler.
fn pay_fee(fee: Balance, tip: Balance) {
	let credit = <Balances as Balanced<AccountId>>::withdraw(
		&ALICE,
		fee + tip,
		Precision::Exact,
		Preservation::Preserve,
		Fortitude::Polite,
	)
	.unwrap();
	let (tip_credit, fee_credit) = credit.split(tip);
	DealWithFees::<Test>::on_unbalanceds([fee_credit, tip_credit].into_iter());
}

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
fn block_reward_is_minted_and_split_with_an_event() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		assert_eq!(free(AUTHOR), 400);
		assert_eq!(free(data_mining_pool()), 400);
		assert_eq!(free(treasury()), 1_000 + 200);
		assert_eq!(TotalIssued::<Test>::get(), 1_000);
		assert_eq!(issuance(), GENESIS_ISSUANCE + 1_000);
		assert_eq!(
			emission_events(),
			vec![Event::RewardMinted {
				block: 1,
				author: Some(AUTHOR),
				to_author: 400,
				to_data_mining: 400,
				to_treasury: 200,
			}]
		);
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
fn shares_split_exactly_and_the_dust_goes_to_the_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(40);
		let (a, p, t) = (free(AUTHOR), free(data_mining_pool()), free(treasury()));
		// Era 4: 62 = 24 (40 % of 62 = 24.8, rounded down) + 24 + 14 (20 % = 12.4, plus dust).
		run_to_block(41);
		assert_eq!(free(AUTHOR) - a, 24);
		assert_eq!(free(data_mining_pool()) - p, 24);
		assert_eq!(free(treasury()) - t, 14);

		// Thirds: 1,000 = 333 + 333 + 334.
		let thirds = RewardShares {
			author: Perbill::from_parts(333_333_333),
			data_mining: Perbill::from_parts(333_333_333),
			treasury: Perbill::from_parts(333_333_334),
		};
		assert_eq!(
			thirds.split(1_000u64),
			RewardSplit { author: 333, data_mining: 333, treasury: 334 }
		);
	});
}

#[test]
fn split_never_loses_or_creates_a_unit() {
	let all = [
		shares(40, 40, 20),
		shares(0, 0, 100),
		shares(100, 0, 0),
		shares(33, 33, 34),
		RewardShares {
			author: Perbill::from_parts(123_456_789),
			data_mining: Perbill::from_parts(876_543_210),
			treasury: Perbill::from_parts(1),
		},
	];
	for s in all {
		assert!(s.is_valid());
		for amount in (0u128..3_000).chain([u128::MAX / 3, u128::MAX]) {
			let split = s.split(amount);
			assert_eq!(split.author + split.data_mining + split.treasury, amount);
			assert_eq!(split.author, s.author.mul_floor(amount));
			assert_eq!(split.data_mining, s.data_mining.mul_floor(amount));
			assert!(split.treasury >= s.treasury.mul_floor(amount));
		}
	}
}

#[test]
fn changed_reward_shares_apply_from_the_next_block() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		// Governance changes the parameter.
		Shares::set(shares(50, 30, 20));
		let (a, p, t) = (free(AUTHOR), free(data_mining_pool()), free(treasury()));
		run_to_block(2);
		assert_eq!(free(AUTHOR) - a, 500);
		assert_eq!(free(data_mining_pool()) - p, 300);
		assert_eq!(free(treasury()) - t, 200);
		assert_eq!(
			emission_events(),
			vec![Event::RewardMinted {
				block: 2,
				author: Some(AUTHOR),
				to_author: 500,
				to_data_mining: 300,
				to_treasury: 200,
			}]
		);
	});
}

#[test]
fn valid_reward_shares_round_trip_through_scale() {
	let thirds = RewardShares {
		author: Perbill::from_parts(333_333_333),
		data_mining: Perbill::from_parts(333_333_333),
		treasury: Perbill::from_parts(333_333_334),
	};
	for s in
		[RewardShares::default(), shares(50, 30, 20), shares(0, 0, 100), shares(100, 0, 0), thirds]
	{
		assert_eq!(s.check(), Ok(()));
		let encoded = s.encode();
		assert_eq!(encoded.len(), RewardShares::max_encoded_len());
		assert_eq!(RewardShares::decode_all(&mut &encoded[..]), Ok(s));
	}
}

#[test]
fn reward_shares_not_summing_to_100_percent_do_not_decode() {
	let one_part_short = RewardShares {
		author: Perbill::from_parts(400_000_000),
		data_mining: Perbill::from_parts(400_000_000),
		treasury: Perbill::from_parts(199_999_999),
	};
	let one_part_over =
		RewardShares { treasury: Perbill::from_parts(200_000_001), ..one_part_short };
	for bad in [
		shares(40, 40, 19),
		shares(40, 40, 21),
		shares(100, 100, 100),
		shares(0, 0, 0),
		one_part_short,
		one_part_over,
	] {
		assert!(bad.check().is_err());
		assert!(!bad.is_valid());
		// `Encode` writes any value; decoding (a call argument, a stored parameter) refuses it.
		assert!(RewardShares::decode(&mut &bad.encode()[..]).is_err(), "{bad:?} decoded");
	}
}

#[test]
fn reward_shares_with_a_share_above_100_percent_or_too_short_do_not_decode() {
	// Each field is a `Perbill` (a `u32` of parts per billion); one above 10^9 is refused even
	// when the three wrap around to 100 % in `u32`.
	let over = (1_000_000_001u32, 0u32, u32::MAX).encode();
	assert!(RewardShares::decode(&mut &over[..]).is_err());
	let over = (2_000_000_000u32, 0u32, 0u32).encode();
	assert!(RewardShares::decode(&mut &over[..]).is_err());
	// Two fields only.
	let short = (500_000_000u32, 500_000_000u32).encode();
	assert!(RewardShares::decode(&mut &short[..]).is_err());
}

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
fn without_an_author_the_author_share_goes_to_the_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		DigestAuthor::set(None);
		run_to_block(1);
		assert_eq!(free(treasury()), 1_000 + 600);
		assert_eq!(free(data_mining_pool()), 400);
		assert_eq!(
			emission_events(),
			vec![Event::RewardMinted {
				block: 1,
				author: None,
				to_author: 0,
				to_data_mining: 400,
				to_treasury: 600,
			}]
		);
	});
}

#[test]
fn an_author_part_below_the_existential_deposit_goes_to_the_treasury() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(79);
		// Era 8: reward 3 = 1 + 1 + 1; a new author cannot be created with 1 < ED.
		DigestAuthor::set(Some(99));
		let (p, t) = (free(data_mining_pool()), free(treasury()));
		run_to_block(80);
		assert_eq!(free(99), 0);
		assert_eq!(free(data_mining_pool()) - p, 1);
		assert_eq!(free(treasury()) - t, 2);
		assert!(emission_events().contains(&Event::RewardMinted {
			block: 80,
			author: None,
			to_author: 0,
			to_data_mining: 1,
			to_treasury: 2,
		}));
	});
}

#[test]
fn block_author_is_cached_for_the_block_only() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		assert_eq!(BlockAuthor::<Test>::get(), Some(AUTHOR));
		Emission::on_finalize(1);
		assert_eq!(BlockAuthor::<Test>::get(), None);
	});
}

/// End the current block: `on_finalize` settles its fees.
fn settle() {
	Emission::on_finalize(System::block_number());
}

/// The current block's fee settlements.
fn fee_events() -> Vec<Event<Test>> {
	emission_events().into_iter().filter(|e| matches!(e, Event::FeesBurned { .. })).collect()
}

#[test]
fn fees_leave_total_issuance_when_charged_and_the_burn_share_stays_out() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		let (author, alice, total) = (free(AUTHOR), free(ALICE), issuance());
		pay_fee(1_000, 100);
		// Out of circulation until the end of the block; nobody paid yet.
		assert_eq!(free(ALICE), alice - 1_100);
		assert_eq!(issuance(), total - 1_100);
		assert_eq!(PendingFees::<Test>::get(), 1_100);
		assert_eq!(free(AUTHOR), author);
		assert!(fee_events().is_empty());

		settle();
		// 20 % of fee and tip (1,100) burned, 80 % to the author.
		assert_eq!(PendingFees::<Test>::get(), 0);
		assert_eq!(issuance(), total - 220);
		assert_eq!(free(AUTHOR), author + 880);
		assert_eq!(TotalBurned::<Test>::get(), 220);
		assert_eq!(
			fee_events(),
			vec![Event::FeesBurned { burned: 220, to_author: 880, to_treasury: 0 }]
		);
	});
}

#[test]
fn a_block_settles_all_its_fees_at_once() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		let (author, total) = (free(AUTHOR), issuance());
		// Three fees of 3: 20 % of each would round down to nothing; of the block's 9, to 1.
		for _ in 0..3 {
			pay_fee(3, 0);
		}
		settle();
		assert_eq!(issuance(), total - 1);
		assert_eq!(free(AUTHOR), author + 8);
		assert_eq!(
			fee_events(),
			vec![Event::FeesBurned { burned: 1, to_author: 8, to_treasury: 0 }]
		);
		// A block without fees settles nothing and says nothing.
		run_to_block(2);
		settle();
		assert!(fee_events().is_empty());
		assert_eq!(TotalBurned::<Test>::get(), 1);
	});
}

#[test]
fn fee_burn_rounds_down_and_the_author_gets_the_remainder() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		let (author, total) = (free(AUTHOR), issuance());
		// 20 % of 7 = 1.4: 1 burned, 6 to the author.
		pay_fee(7, 0);
		settle();
		assert_eq!(issuance(), total - 1);
		assert_eq!(free(AUTHOR), author + 6);
		assert_eq!(TotalBurned::<Test>::get(), 1);
	});
}

#[test]
fn fees_go_to_the_treasury_when_the_author_cannot_take_them() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		// No author in the digest.
		BlockAuthor::<Test>::kill();
		DigestAuthor::set(None);
		let (t, total) = (free(treasury()), issuance());
		pay_fee(1_000, 0);
		settle();
		assert_eq!(free(treasury()), t + 800);
		assert_eq!(issuance(), total - 200);
		// An author account that does not exist and would get less than the ED.
		DigestAuthor::set(Some(99));
		let t = free(treasury());
		pay_fee(5, 0);
		settle();
		assert_eq!(free(99), 0);
		assert_eq!(free(treasury()), t + 4);
		assert_eq!(
			emission_events().last(),
			Some(&Event::FeesBurned { burned: 1, to_author: 0, to_treasury: 4 })
		);
		assert_eq!(TotalBurned::<Test>::get(), 201);
	});
}

#[test]
fn fees_nobody_can_take_stay_burned() {
	ExtBuilder::default().treasury_balance(0).emission_pool(0).build_and_execute(|| {
		run_to_block(1);
		// No rewards, so no treasury account. Neither the new author nor the missing treasury can take 4, below the ED.
		DigestAuthor::set(Some(99));
		BlockAuthor::<Test>::kill();
		let total = issuance();
		pay_fee(5, 0);
		settle();
		assert_eq!((free(99), free(treasury())), (0, 0));
		assert_eq!(issuance(), total - 5);
		assert_eq!(TotalBurned::<Test>::get(), 5);
		assert_eq!(
			emission_events().last(),
			Some(&Event::FeesBurned { burned: 5, to_author: 0, to_treasury: 0 })
		);
	});
}

#[test]
fn unsettled_fees_break_the_invariants() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		pay_fee(10, 0);
		assert_eq!(Emission::do_try_state(), Err("fees left unsettled after the block".into()));
		settle();
		assert_ok!(Emission::do_try_state());
	});
}

#[test]
fn a_changed_fee_burn_share_takes_effect() {
	ExtBuilder::default().build_and_execute(|| {
		run_to_block(1);
		// Governance changes the parameter.
		FeeBurnShare::set(Perbill::one());
		let (author, total) = (free(AUTHOR), issuance());
		pay_fee(1_000, 50);
		settle();
		assert_eq!(issuance(), total - 1_050);
		assert_eq!(free(AUTHOR), author);

		FeeBurnShare::set(Perbill::zero());
		let total = issuance();
		pay_fee(1_000, 0);
		settle();
		assert_eq!(issuance(), total);
		assert_eq!(free(AUTHOR), author + 1_000);
		assert_eq!(TotalBurned::<Test>::get(), 1_050);
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

#[test]
fn try_state_detects_broken_invariants() {
	ExtBuilder::default().build().execute_with(|| {
		run_to_block(3);
		assert_ok!(Emission::do_try_state());
		TotalIssued::<Test>::put(POOL + 1);
		assert_eq!(Emission::do_try_state(), Err("emission minted more than its pool".into()));
		TotalIssued::<Test>::put(0);
		// Only a runtime's own code could supply such a value: it does not decode.
		Shares::set(shares(50, 50, 50));
		assert_eq!(Emission::do_try_state(), Err("reward shares do not sum to 100%".into()));
	});
}
