//! Fees and tips: collected during the block, part burned and the rest paid out at its end.

use super::*;

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
