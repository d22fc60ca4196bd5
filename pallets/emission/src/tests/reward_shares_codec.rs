//! [`RewardShares`] refuses to decode unless its shares sum to exactly 100 %.

use super::*;

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
