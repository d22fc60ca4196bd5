//! Epoch closing, payouts, claims and the return of unclaimed rewards.

use super::*;

#[test]
fn an_epoch_closes_with_its_pool_set_aside() {
	run(|| {
		run_to_block(EPOCH);
		System::assert_has_event(Event::EpochClosed { epoch: 0, pool: 500_000, next: 1 }.into());
		let books = Epochs::<Test>::get(0).unwrap();
		assert_eq!((books.pool, books.window_end, books.claim_end), (500_000, 15, 35));
		assert_eq!(Allocated::<Test>::get(), 500_000);
		assert_eq!(CurrentEpoch::<Test>::get(), 1);
		let next = Epochs::<Test>::get(1).unwrap();
		assert_eq!((next.start, next.end), (EPOCH, 2 * EPOCH));
		// Half of what is not yet set aside.
		run_to_block(2 * EPOCH);
		assert_eq!(Epochs::<Test>::get(1).unwrap().pool, 250_000);
		assert_eq!(Allocated::<Test>::get(), 750_000);
	});
}

#[test]
fn rewards_follow_scores_and_never_exceed_the_payout() {
	run(|| {
		three_reports();
		let pool_before = Balances::free_balance(DataMining::account());
		run_to_block(14);
		assert_noop!(
			DataMining::claim(RuntimeOrigin::signed(ALICE), 0, 0),
			Error::<Test>::WindowOpen
		);
		assert_eq!(DataMining::claimable(0, 0), None);
		run_to_block(15);
		// Payout: 60 % of 500,000. Shares of 395: 300, 65 and 30, rounded down.
		assert_eq!(DataMining::claimable(0, 0), Some(227_848));
		assert_noop!(DataMining::claim(RuntimeOrigin::signed(BOB), 0, 0), Error::<Test>::NotOwner);
		assert_eq!(claimed(0, 0, ALICE), 227_848);
		System::assert_last_event(
			Event::Claimed { epoch: 0, device: 0, owner: ALICE, amount: 227_848 }.into(),
		);
		assert_eq!(claimed(0, 1, ALICE), 49_367);
		assert_eq!(claimed(0, 2, BOB), 22_784);
		let books = Epochs::<Test>::get(0).unwrap();
		assert_eq!(books.payout, Some(300_000));
		assert_eq!(books.paid, 299_999);
		assert!(books.paid <= books.payout.unwrap());
		assert_eq!(Balances::free_balance(DataMining::account()), pool_before - 299_999);
		// The 200,000 the curve did not pay, and the rounding dust, stay unallocated.
		assert_eq!(Allocated::<Test>::get(), 1);
		// Deposits came back; a second claim finds no report.
		assert_eq!(held(DEVICE_0) + held(DEVICE_1) + held(DEVICE_2), 0);
		assert_noop!(
			DataMining::claim(RuntimeOrigin::signed(ALICE), 0, 0),
			Error::<Test>::UnknownReport
		);
	});
}

#[test]
fn the_current_epoch_cannot_be_claimed() {
	run(|| {
		assert_ok!(report(DEVICE_0, full(300)));
		assert_noop!(
			DataMining::claim(RuntimeOrigin::signed(ALICE), 0, 0),
			Error::<Test>::WindowOpen
		);
		assert_noop!(
			DataMining::claim(RuntimeOrigin::signed(ALICE), 7, 0),
			Error::<Test>::UnknownEpoch
		);
	});
}

#[test]
fn unclaimed_rewards_return_after_the_claim_period() {
	run(|| {
		assert_ok!(report(DEVICE_0, full(250)));
		assert_ok!(report(DEVICE_2, full(250)));
		run_to_block(15);
		assert_eq!(claimed(0, 0, ALICE), 150_000);
		assert_noop!(
			DataMining::reap_report(RuntimeOrigin::signed(ALICE), 0, 2),
			Error::<Test>::ClaimsOpen
		);
		// At the claim period's end, before the hook has run.
		run_to_block(34);
		System::set_block_number(35);
		assert_noop!(
			DataMining::claim(RuntimeOrigin::signed(BOB), 0, 2),
			Error::<Test>::ClaimsClosed
		);
		System::set_block_number(34);
		run_to_block(35);
		System::assert_has_event(Event::Released { epoch: 0, returned: 150_000 }.into());
		assert!(Epochs::<Test>::get(0).is_none());
		assert_eq!(OldestUnreleased::<Test>::get(), 1);
		assert_noop!(
			DataMining::claim(RuntimeOrigin::signed(BOB), 0, 2),
			Error::<Test>::UnknownEpoch
		);
		assert_ok!(DataMining::reap_report(RuntimeOrigin::signed(ALICE), 0, 2));
		System::assert_last_event(Event::Reaped { epoch: 0, device: 2 }.into());
		assert_eq!(held(DEVICE_2), 0);
		assert_noop!(
			DataMining::reap_report(RuntimeOrigin::signed(ALICE), 0, 2),
			Error::<Test>::UnknownReport
		);
	});
}

#[test]
fn the_books_balance_over_many_epochs() {
	run(|| {
		for block in 1..120u64 {
			if block % EPOCH == 1 {
				assert_ok!(report(DEVICE_0, full(block)));
				assert_ok!(report(DEVICE_1, middling(3 * block)));
			}
			if block % EPOCH == 6 && block > EPOCH {
				let epoch = (block / EPOCH - 1) as EpochIndex;
				assert_ok!(DataMining::claim(RuntimeOrigin::signed(ALICE), epoch, 0));
			}
			run_to_block(block + 1);
		}
		assert!(OldestUnreleased::<Test>::get() > 5, "old epochs were released");
	});
}
