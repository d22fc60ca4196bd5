//! Scores and the utilisation curve, computed by hand.

use super::*;

#[test]
fn scores_match_hand_computed_values() {
	let scoring = scoring();
	assert_eq!(scoring.score(&full(300)), 300 * 1_000_000_000);
	assert_eq!(scoring.score(&middling(100)), 100 * 650_000_000);
	assert_eq!(scoring.score(&bandwidth_only(100)), 100 * 300_000_000);
	// 1 unit at 33 % quality, 33 kbit/s, pseudonymised:
	// 0.5 · 0.33 + 0.3 · 0.33 + 0.2 · 0.25 = 0.165 + 0.099 + 0.05.
	let odd = Contribution {
		units: 1,
		quality: Percent::from_percent(33),
		bandwidth: 33,
		privacy: PrivacyLevel::Pseudonymised,
		..full(1)
	};
	assert_eq!(scoring.score(&odd), 165_000_000 + 99_000_000 + 50_000_000);
}

#[test]
fn the_curve_interpolates_and_rounds_down() {
	let scoring = scoring();
	let share = |units| scoring.payout_share(units);
	assert_eq!(share(0), Perbill::zero());
	assert_eq!(share(250), Perbill::from_percent(30));
	assert_eq!(share(500), Perbill::from_percent(60));
	assert_eq!(share(750), Perbill::from_percent(80));
	assert_eq!(share(1_000), Perbill::from_percent(100));
	assert_eq!(share(5_000), Perbill::from_percent(100), "beyond capacity");
	// A third of capacity: 0.6 · 333,333,333 / 500,000,000 = 399,999,999.6 ppb.
	let third = Scoring { capacity: 3, ..scoring.clone() };
	assert_eq!(third.payout_share(1), Perbill::from_parts(399_999_999));
	// Per-unit reward falls while the total rises.
	assert!(share(500).deconstruct() / 500 > share(1_000).deconstruct() / 1_000);
}

#[test]
fn scoring_is_checked() {
	let s = scoring();
	assert_eq!(s.check(), Ok(()));
	assert_eq!(Scoring { capacity: 0, ..s.clone() }.check(), Err(ParameterError::Zero));
	assert_eq!(Scoring { reference_bandwidth: 0, ..s.clone() }.check(), Err(ParameterError::Zero));
	let heavy = ScoreWeights { quality: Perbill::from_percent(90), ..s.weights };
	assert_eq!(
		Scoring { weights: heavy, ..s.clone() }.check(),
		Err(ParameterError::WeightsAboveOne)
	);
	assert_eq!(
		Scoring { curve: BoundedVec::new(), ..s.clone() }.check(),
		Err(ParameterError::BadCurve)
	);
}
