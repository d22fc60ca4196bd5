//! The pallet's invariants (`try_state`).

use super::*;

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
