//! Benchmarks of the foundation pallet (frame-benchmarking v2), each in its worst case.

use super::*;
use crate::Pallet as Foundation;
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Get, Hooks},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};

/// `count` signatories, stored with `threshold`.
fn signatories<T: Config>(count: u32, threshold: u32) -> Vec<T::AccountId> {
	let set: Vec<T::AccountId> = (0..count).map(|i| account("signatory", i, 0)).collect();
	Signatories::<T>::put(BoundedVec::truncate_from(set.clone()));
	Threshold::<T>::put(threshold);
	set
}

/// Fund the foundation generously and give the development budget of this quarter.
fn fund<T: Config>() -> BalanceOf<T> {
	let amount = T::Currency::minimum_balance().saturating_mul(1_000_000u32.into());
	T::Currency::mint_into(&Foundation::<T>::account(), amount.saturating_mul(2u32.into()))
		.expect("minting works");
	Budgets::<T>::insert(Foundation::<T>::current_quarter(), Category::Development, amount);
	amount
}

/// A proposal by `set[0]` approved by the first `approvals` signatories.
fn stored_proposal<T: Config>(
	set: &[T::AccountId],
	approvals: usize,
	amount: BalanceOf<T>,
) -> ProposalIndex {
	let index = NextProposal::<T>::get();
	NextProposal::<T>::put(index + 1);
	let proposal = Proposal {
		proposer: set[0].clone(),
		category: Category::Development,
		beneficiary: account("beneficiary", index, 0),
		amount,
		memo: BoundedVec::truncate_from(vec![0u8; T::MaxMemoLength::get() as usize]),
		approvals: BoundedVec::truncate_from(set[..approvals].to_vec()),
		expires_at: frame_system::Pallet::<T>::block_number()
			.saturating_add(T::ProposalLifetime::get()),
	};
	Proposals::<T>::insert(index, proposal);
	index
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Recording an inflow in a block that is not a quarter's first.
	#[benchmark]
	fn on_initialize_inflow() {
		let n: BlockNumberFor<T> = T::InflowRecordPeriod::get();
		assert!(!(n % T::QuarterLength::get()).is_zero(), "needs a period shorter than a quarter");
		fund::<T>();
		frame_system::Pallet::<T>::set_block_number(n);

		#[block]
		{
			Foundation::<T>::on_initialize(n);
		}

		assert_eq!(TrailLength::<T>::get(Foundation::<T>::quarter_of(n)), 1);
	}

	/// Closing a quarter: an inflow to record and a burn.
	#[benchmark]
	fn on_initialize_quarter_end() {
		let n: BlockNumberFor<T> = T::QuarterLength::get();
		fund::<T>();
		T::BenchmarkHelper::set_burn_share(Permill::from_percent(10));
		assert!(!T::BurnShare::get().is_zero(), "the benchmark needs a non-zero burn share");
		frame_system::Pallet::<T>::set_block_number(n);

		#[block]
		{
			Foundation::<T>::on_initialize(n);
		}

		assert_eq!(TrailLength::<T>::get(0), 2, "an inflow and a burn");
		assert!(QuarterBalances::<T>::get(0).and_then(|b| b.end).is_some());
	}

	#[benchmark]
	fn set_budget() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let amount = T::Currency::minimum_balance();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, Category::Infrastructure, amount);

		assert_eq!(Budgets::<T>::get(0, Category::Infrastructure), amount);
		Ok(())
	}

	/// `s` new signatories; `p` open proposals whose approvals are filtered.
	#[benchmark]
	fn set_signatories(
		s: Linear<1, { T::MaxSignatories::get() }>,
		p: Linear<0, { T::MaxPendingProposals::get() }>,
	) -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let old = signatories::<T>(T::MaxSignatories::get(), T::MaxSignatories::get());
		for _ in 0..p {
			stored_proposal::<T>(&old, old.len(), T::Currency::minimum_balance());
		}
		let new: Vec<T::AccountId> = (0..s).map(|i| account("new", i, 0)).collect();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, new.clone(), s);

		assert_eq!(Signatories::<T>::get().into_inner(), new);
		Ok(())
	}

	/// A proposal that waits for approvals, with the longest memo.
	#[benchmark]
	fn propose_spend() {
		let set = signatories::<T>(T::MaxSignatories::get(), 2);
		let amount = fund::<T>();
		let memo = vec![0u8; T::MaxMemoLength::get() as usize];
		let beneficiary: T::AccountId = account("beneficiary", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(set[0].clone()), Category::Development, beneficiary, amount, memo);

		assert_eq!(Proposals::<T>::count(), 1);
	}

	/// An approval short of the threshold, on a proposal with the most approvals.
	#[benchmark]
	fn approve_spend() {
		let max = T::MaxSignatories::get();
		let set = signatories::<T>(max, max);
		let amount = fund::<T>();
		let index = stored_proposal::<T>(&set, max as usize - 2, amount);
		let approver = set[max as usize - 2].clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(approver), index);

		assert!(Proposals::<T>::contains_key(index));
	}

	/// The approval that pays: an inflow recorded first, a transfer to a new account, the spend
	/// recorded.
	#[benchmark]
	fn approve_spend_execute() {
		let max = T::MaxSignatories::get();
		let set = signatories::<T>(max, max);
		let amount = fund::<T>();
		let index = stored_proposal::<T>(&set, max as usize - 1, amount);
		let approver = set[max as usize - 1].clone();

		#[extrinsic_call]
		approve_spend(RawOrigin::Signed(approver), index);

		assert!(!Proposals::<T>::contains_key(index));
		assert_eq!(Spent::<T>::get(0, Category::Development), amount);
	}

	#[benchmark]
	fn cancel_spend() {
		let set = signatories::<T>(T::MaxSignatories::get(), 2);
		let index = stored_proposal::<T>(&set, 1, T::Currency::minimum_balance());

		#[extrinsic_call]
		_(RawOrigin::Signed(set[0].clone()), index);

		assert!(!Proposals::<T>::contains_key(index));
	}

	#[benchmark]
	fn remove_expired() {
		let set = signatories::<T>(T::MaxSignatories::get(), 2);
		let index = stored_proposal::<T>(&set, 1, T::Currency::minimum_balance());
		let expiry =
			frame_system::Pallet::<T>::block_number().saturating_add(T::ProposalLifetime::get());
		frame_system::Pallet::<T>::set_block_number(expiry);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), index);

		assert!(!Proposals::<T>::contains_key(index));
	}

	impl_benchmark_test_suite!(Foundation, crate::mock::new_test_ext(), crate::mock::Test);
}
