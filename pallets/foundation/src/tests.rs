use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate as _, BoundedVec};
use sp_runtime::{DispatchError, Permill};

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn budget(category: Category, amount: Balance) {
	assert_ok!(Foundation::set_budget(root(), Foundation::current_quarter(), category, amount));
}

/// Alice proposes `amount` for development to the beneficiary; returns the proposal index.
fn propose(amount: Balance) -> ProposalIndex {
	let index = NextProposal::<Test>::get();
	assert_ok!(Foundation::propose_spend(
		signed(ALICE),
		Category::Development,
		BENEFICIARY,
		amount,
		b"servers".to_vec()
	));
	index
}

fn trail(quarter: QuarterIndex) -> Vec<FlowOf<Test>> {
	(0..TrailLength::<Test>::get(quarter))
		.map(|i| Trail::<Test>::get(quarter, i).expect("dense trail").flow)
		.collect()
}

#[test]
fn a_spend_executes_exactly_once_at_the_threshold() {
	new_test_ext().execute_with(|| {
		budget(Category::Development, 5_000);
		let index = propose(3_000);
		assert!(Proposals::<Test>::contains_key(index), "one approval of two: waiting");
		assert_eq!(Balances::free_balance(BENEFICIARY), 0);

		assert_ok!(Foundation::approve_spend(signed(BOB), index));
		assert_eq!(Balances::free_balance(BENEFICIARY), 3_000);
		assert_eq!(Balances::free_balance(Foundation::account()), FUNDS - 3_000);
		assert_eq!(Spent::<Test>::get(0, Category::Development), 3_000);
		assert_eq!(Foundation::remaining(0, Category::Development), 2_000);
		assert!(!Proposals::<Test>::contains_key(index));
		System::assert_has_event(
			Event::SpendExecuted {
				index,
				quarter: 0,
				category: Category::Development,
				beneficiary: BENEFICIARY,
				amount: 3_000,
			}
			.into(),
		);
		assert_eq!(
			trail(0),
			vec![Flow::Spend {
				proposal: index,
				category: Category::Development,
				beneficiary: BENEFICIARY,
				amount: 3_000,
				approvers: BoundedVec::truncate_from(vec![ALICE, BOB]),
			}]
		);
		// The third signatory is too late: the spend is gone, nothing is paid twice.
		assert_noop!(
			Foundation::approve_spend(signed(CHARLIE), index),
			Error::<Test>::UnknownProposal
		);
		assert_eq!(Balances::free_balance(BENEFICIARY), 3_000);
	});
}

#[test]
fn a_threshold_of_one_pays_at_the_proposal() {
	new_test_ext().execute_with(|| {
		assert_ok!(Foundation::set_signatories(root(), vec![ALICE, BOB], 1));
		budget(Category::Legal, 100);
		assert_ok!(Foundation::propose_spend(
			signed(ALICE),
			Category::Legal,
			BENEFICIARY,
			100,
			vec![]
		));
		assert_eq!(Balances::free_balance(BENEFICIARY), 100);
		assert_eq!(Proposals::<Test>::count(), 0);
	});
}

#[test]
fn a_spend_over_the_remaining_budget_fails_and_can_be_approved_later() {
	new_test_ext().execute_with(|| {
		budget(Category::Development, 1_000);
		let index = propose(1_500);
		assert_noop!(
			Foundation::approve_spend(signed(BOB), index),
			Error::<Test>::InsufficientBudget
		);
		// The failed approval left no trace.
		assert_eq!(Proposals::<Test>::get(index).unwrap().approvals.to_vec(), vec![ALICE]);
		budget(Category::Development, 2_000);
		assert_ok!(Foundation::approve_spend(signed(BOB), index));
		assert_eq!(Balances::free_balance(BENEFICIARY), 1_500);
		// Other categories have their own budgets.
		assert_eq!(Foundation::remaining(0, Category::Marketing), 0);
	});
}

#[test]
fn only_signatories_propose_and_approve_and_only_once() {
	new_test_ext().execute_with(|| {
		budget(Category::Development, 5_000);
		assert_noop!(
			Foundation::propose_spend(signed(DAVE), Category::Development, DAVE, 10, vec![]),
			Error::<Test>::NotSignatory
		);
		let index = propose(10);
		assert_noop!(Foundation::approve_spend(signed(DAVE), index), Error::<Test>::NotSignatory);
		assert_noop!(
			Foundation::approve_spend(signed(ALICE), index),
			Error::<Test>::AlreadyApproved
		);
		assert_noop!(Foundation::approve_spend(signed(BOB), 99), Error::<Test>::UnknownProposal);
	});
}

#[test]
fn proposals_are_checked_and_bounded() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Foundation::propose_spend(signed(ALICE), Category::Development, BENEFICIARY, 0, vec![]),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Foundation::propose_spend(
				signed(ALICE),
				Category::Development,
				BENEFICIARY,
				1,
				vec![0; 17]
			),
			Error::<Test>::MemoTooLong
		);
		for _ in 0..MaxPendingProposals::get() {
			propose(1);
		}
		assert_noop!(
			Foundation::propose_spend(signed(ALICE), Category::Development, BENEFICIARY, 1, vec![]),
			Error::<Test>::TooManyProposals
		);
	});
}

#[test]
fn a_quarter_has_at_most_max_spends() {
	new_test_ext().execute_with(|| {
		budget(Category::Development, 5_000);
		for _ in 0..MaxSpendsPerQuarter::get() {
			let index = propose(10);
			assert_ok!(Foundation::approve_spend(signed(BOB), index));
		}
		let index = propose(10);
		assert_noop!(Foundation::approve_spend(signed(BOB), index), Error::<Test>::TooManySpends);
		// The next quarter starts afresh.
		run_to_block(QUARTER);
		budget(Category::Development, 5_000);
		let index = propose(10);
		assert_ok!(Foundation::approve_spend(signed(BOB), index));
		assert_eq!(SpendCount::<Test>::get(1), 1);
	});
}

#[test]
fn the_foundation_account_stays_alive() {
	new_test_ext().execute_with(|| {
		budget(Category::Development, FUNDS);
		let index = propose(FUNDS);
		assert_noop!(
			Foundation::approve_spend(signed(BOB), index),
			Error::<Test>::InsufficientFunds
		);
	});
}

#[test]
fn proposals_expire_and_can_be_cancelled_by_their_proposer() {
	new_test_ext().execute_with(|| {
		budget(Category::Development, 5_000);
		let expiring = propose(10);
		let cancelled = propose(20);
		assert_noop!(Foundation::remove_expired(signed(DAVE), expiring), Error::<Test>::NotExpired);
		assert_noop!(Foundation::cancel_spend(signed(BOB), cancelled), Error::<Test>::NotProposer);
		assert_ok!(Foundation::cancel_spend(signed(ALICE), cancelled));
		System::assert_has_event(Event::SpendCancelled { index: cancelled }.into());
		assert!(!Proposals::<Test>::contains_key(cancelled));

		run_to_block(1 + LIFETIME);
		assert_noop!(Foundation::approve_spend(signed(BOB), expiring), Error::<Test>::Expired);
		assert_ok!(Foundation::remove_expired(signed(DAVE), expiring));
		System::assert_has_event(Event::SpendExpired { index: expiring }.into());
		assert_eq!(Proposals::<Test>::count(), 0);
		assert_eq!(Balances::free_balance(BENEFICIARY), 0);
	});
}

#[test]
fn governance_sets_budgets_for_current_and_future_quarters_only() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Foundation::set_budget(signed(ALICE), 0, Category::Development, 1),
			DispatchError::BadOrigin
		);
		assert_ok!(Foundation::set_budget(root(), 3, Category::Ecosystem, 7));
		System::assert_last_event(
			Event::BudgetSet { quarter: 3, category: Category::Ecosystem, amount: 7 }.into(),
		);
		run_to_block(QUARTER);
		assert_noop!(
			Foundation::set_budget(root(), 0, Category::Development, 1),
			Error::<Test>::PastQuarter
		);
	});
}

#[test]
fn unspent_budget_lapses_when_the_quarter_rolls_over() {
	new_test_ext().execute_with(|| {
		budget(Category::Development, 5_000);
		run_to_block(QUARTER - 5);
		let index = propose(100);
		run_to_block(QUARTER);
		assert_eq!(Foundation::current_quarter(), 1);
		assert_eq!(Foundation::remaining(1, Category::Development), 0);
		assert_noop!(
			Foundation::approve_spend(signed(BOB), index),
			Error::<Test>::InsufficientBudget
		);
		assert_eq!(Foundation::remaining(0, Category::Development), 5_000, "history is kept");
	});
}

#[test]
fn changing_signatories_mid_quarter_drops_approvals_of_removed_ones() {
	new_test_ext().execute_with(|| {
		budget(Category::Development, 5_000);
		let index = propose(100);
		assert_ok!(Foundation::set_signatories(root(), vec![BOB, CHARLIE, DAVE], 2));
		System::assert_last_event(
			Event::SignatoriesSet { signatories: vec![BOB, CHARLIE, DAVE], threshold: 2 }.into(),
		);
		assert!(Proposals::<Test>::get(index).unwrap().approvals.is_empty());
		assert_noop!(Foundation::approve_spend(signed(ALICE), index), Error::<Test>::NotSignatory);
		assert_ok!(Foundation::approve_spend(signed(BOB), index));
		assert_eq!(Balances::free_balance(BENEFICIARY), 0, "Alice's approval no longer counts");
		assert_ok!(Foundation::approve_spend(signed(DAVE), index));
		assert_eq!(Balances::free_balance(BENEFICIARY), 100);
	});
}

#[test]
fn invalid_signatory_sets_are_refused() {
	new_test_ext().execute_with(|| {
		for (set, threshold) in [
			(vec![], 1),
			(vec![ALICE, ALICE], 1),
			(vec![ALICE, BOB], 0),
			(vec![ALICE, BOB], 3),
			(vec![1, 2, 3, 4, 5, 6], 2),
		] {
			assert_noop!(
				Foundation::set_signatories(root(), set, threshold),
				Error::<Test>::InvalidSignatories
			);
		}
	});
}

#[test]
fn inflows_and_other_outflows_are_recorded_from_the_balance() {
	new_test_ext().execute_with(|| {
		// Transfers in (as the emission share is paid every block).
		assert_ok!(Balances::transfer_allow_death(signed(DAVE), Foundation::account(), 300));
		run_to_block(9);
		assert!(trail(0).is_empty(), "inflows are recorded every 10 blocks");
		run_to_block(10);
		assert_eq!(trail(0), vec![Flow::Inflow { amount: 300 }]);
		// A decrease this pallet did not make (a governance burn elsewhere).
		assert_ok!(<Balances as frame_support::traits::fungible::Mutate<_>>::burn_from(
			&Foundation::account(),
			50,
			frame_support::traits::tokens::Preservation::Preserve,
			frame_support::traits::tokens::Precision::Exact,
			frame_support::traits::tokens::Fortitude::Polite,
		));
		run_to_block(20);
		assert_eq!(trail(0)[1], Flow::OtherOutflow { amount: 50 });
		assert_eq!(RecordedBalance::<Test>::get(), FUNDS + 300 - 50);
		// Before a spend the pending inflow is recorded first, so the order is exact.
		Balances::mint_into(&Foundation::account(), 70).unwrap();
		budget(Category::Development, 1_000);
		let index = propose(10);
		assert_ok!(Foundation::approve_spend(signed(BOB), index));
		let flows = trail(0);
		assert_eq!(flows[2], Flow::Inflow { amount: 70 });
		assert!(matches!(flows[3], Flow::Spend { amount: 10, .. }));
	});
}

#[test]
fn the_quarter_report_matches_the_trail_and_the_balance() {
	new_test_ext().execute_with(|| {
		// Governance sets the burn share parameter.
		BurnShare::set(Permill::from_percent(10));
		budget(Category::Development, 5_000);
		budget(Category::Operations, 1_000);
		let first = propose(2_000);
		assert_ok!(Foundation::approve_spend(signed(BOB), first));
		assert_ok!(Foundation::propose_spend(
			signed(BOB),
			Category::Operations,
			CHARLIE,
			400,
			vec![]
		));
		assert_ok!(Foundation::approve_spend(signed(CHARLIE), 1));
		Balances::mint_into(&Foundation::account(), 1_400).unwrap();
		run_to_block(QUARTER);

		let report = Foundation::quarter_report(0);
		let start = FUNDS;
		let idle = FUNDS - 2_000 - 400 + 1_400;
		let burned = idle / 10;
		assert_eq!(report.balance_start, Some(start));
		assert_eq!(report.inflows, 1_400);
		assert_eq!(report.burned, burned);
		assert_eq!(report.balance_end, Some(idle - burned));
		assert_eq!(Balances::free_balance(Foundation::account()), idle - burned);
		let spent: Balance = report
			.spends
			.iter()
			.map(|e| match e.flow {
				Flow::Spend { amount, .. } => amount,
				_ => unreachable!("only spends"),
			})
			.sum();
		assert_eq!(spent, 2_400);
		assert_eq!(
			report.balance_start.unwrap() + report.inflows - spent - report.burned,
			report.balance_end.unwrap()
		);
		let development =
			report.categories.iter().find(|c| c.category == Category::Development).unwrap();
		assert_eq!(
			(development.budget, development.spent, development.remaining),
			(5_000, 2_000, 3_000)
		);
		let operations =
			report.categories.iter().find(|c| c.category == Category::Operations).unwrap();
		assert_eq!((operations.budget, operations.spent, operations.remaining), (1_000, 400, 600));
		assert_eq!(report.categories.len(), Category::ALL.len());
		System::assert_has_event(
			Event::QuarterClosed { quarter: 0, balance: idle - burned, burned }.into(),
		);
		// The next quarter opened with the closing balance and is still open.
		let next = Foundation::quarter_report(1);
		assert_eq!((next.balance_start, next.balance_end), (Some(idle - burned), None));
		// A quarter not reached has no balances.
		assert_eq!(Foundation::quarter_report(7).balance_start, None);
	});
}

#[test]
fn a_changed_burn_share_applies_at_the_next_quarter_end() {
	new_test_ext().execute_with(|| {
		// The mock's default share burns nothing.
		run_to_block(QUARTER);
		System::assert_has_event(
			Event::QuarterClosed { quarter: 0, balance: FUNDS, burned: 0 }.into(),
		);
		assert!(trail(0).is_empty());
		assert_eq!(Foundation::quarter_report(0).burned, 0);

		// Governance sets the burn share parameter: the next close burns that share of the idle
		// balance.
		BurnShare::set(Permill::from_percent(25));
		run_to_block(2 * QUARTER);
		let burned = FUNDS / 4;
		System::assert_has_event(
			Event::QuarterClosed { quarter: 1, balance: FUNDS - burned, burned }.into(),
		);
		assert_eq!(trail(1), vec![Flow::Burn { amount: burned }]);
		assert_eq!(Foundation::quarter_report(1).burned, burned);
		assert_eq!(Balances::free_balance(Foundation::account()), FUNDS - burned);
	});
}
