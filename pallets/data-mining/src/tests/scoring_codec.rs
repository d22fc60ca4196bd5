//! `Scoring` refuses to decode when it breaks its rules, so governance cannot set such a value
//! through the parameters pallet.

use super::*;
use codec::{Decode, Encode};

fn decode<S: Encode>(scoring: &S) -> Result<ScoringOf<Test>, codec::Error> {
	ScoringOf::<Test>::decode(&mut &scoring.encode()[..])
}

#[test]
fn a_valid_scoring_round_trips() {
	let s = scoring();
	assert_eq!(decode(&s).ok(), Some(s.clone()));
	let one_point = Scoring { curve: BoundedVec::truncate_from(vec![s.curve[1]]), ..s };
	assert_eq!(decode(&one_point).ok(), Some(one_point));
}

#[test]
fn zero_capacity_or_bandwidth_fails_to_decode() {
	assert!(decode(&Scoring { capacity: 0, ..scoring() }).is_err());
	assert!(decode(&Scoring { reference_bandwidth: 0, ..scoring() }).is_err());
}

#[test]
fn weights_above_one_fail_to_decode() {
	let s = scoring();
	// The test weights add up to exactly 100 %: a billionth more is refused.
	assert!(decode(&s).is_ok());
	let heavy = ScoreWeights { quality: Perbill::from_parts(500_000_001), ..s.weights };
	assert!(decode(&Scoring { weights: heavy, ..s }).is_err());
}

#[test]
fn a_bad_curve_fails_to_decode() {
	let s = scoring();
	assert!(decode(&Scoring { curve: BoundedVec::new(), ..s.clone() }).is_err());
	let mut falling = s.curve.clone();
	falling[1].payout = Perbill::from_percent(50);
	assert!(decode(&Scoring { curve: falling, ..s.clone() }).is_err());
	let mut flat = s.curve.clone();
	flat[1].utilisation = flat[0].utilisation;
	assert!(decode(&Scoring { curve: flat, ..s.clone() }).is_err());
	// More points than `MaxCurvePoints` (4).
	let long: Scoring<frame_support::traits::ConstU32<8>> = Scoring {
		capacity: s.capacity,
		reference_bandwidth: s.reference_bandwidth,
		weights: s.weights,
		curve: BoundedVec::truncate_from(
			(1..=5)
				.map(|i| CurvePoint {
					utilisation: Perbill::from_percent(20 * i),
					payout: Perbill::from_percent(20 * i),
				})
				.collect::<Vec<_>>(),
		),
	};
	assert_eq!(long.check(), Ok(()));
	assert!(decode(&long).is_err());
}
