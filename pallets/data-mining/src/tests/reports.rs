//! Report submission by valid devices.

use super::*;

#[test]
fn one_report_per_device_per_epoch() {
	run(|| {
		assert_ok!(report(DEVICE_0, full(300)));
		System::assert_last_event(
			Event::Reported { epoch: 0, device: 0, units: 300, score: 300_000_000_000 }.into(),
		);
		assert_eq!(held(DEVICE_0), DEPOSIT);
		assert_noop!(report(DEVICE_0, full(1)), Error::<Test>::AlreadyReported);
		let books = Epochs::<Test>::get(0).unwrap();
		assert_eq!(
			(books.total_units, books.total_score, books.reports),
			(300, 300_000_000_000, 1)
		);
		run_to_block(EPOCH);
		assert_ok!(report(DEVICE_0, full(1)));
		assert_eq!(Reports::<Test>::get(1, 0).unwrap().contribution.units, 1);
		assert_eq!(held(DEVICE_0), 2 * DEPOSIT);
	});
}

#[test]
fn only_valid_devices_with_work_and_a_deposit_report() {
	run(|| {
		assert_noop!(report(ALICE, full(1)), Error::<Test>::NotADevice);
		revoke_device(1);
		assert_noop!(report(DEVICE_1, full(1)), Error::<Test>::NotADevice);
		assert_noop!(report(DEVICE_0, full(0)), Error::<Test>::NoUnits);
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), DEVICE_2, DEPOSIT / 2));
		assert_noop!(report(DEVICE_2, full(1)), Error::<Test>::InsufficientDeposit);
	});
}
