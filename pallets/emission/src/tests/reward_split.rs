//! How a block reward is split between the author, the data-mining pool and the treasury.

use super::*;

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
