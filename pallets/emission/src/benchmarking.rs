//! Benchmarks of the emission pallet (frame-benchmarking v2).

use super::*;
use crate::Pallet as Emission;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get, Hooks};
use frame_system::pallet_prelude::BlockNumberFor;

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The block reward in its worst case: a halving block (extra event), an author found in
	/// the digest and credited, and all three accounts credited.
	#[benchmark]
	fn on_initialize() {
		// Let the pool be everything that fits under the cap, so the reward is not zero.
		let room = T::MaxSupply::get().saturating_sub(T::Currency::total_issuance());
		EmissionPool::<T>::put(room);
		TotalIssued::<T>::kill();
		let author = T::BenchmarkHelper::set_block_author();
		let n: BlockNumberFor<T> = T::HalvingInterval::get();
		frame_system::Pallet::<T>::set_block_number(n);
		let expected = Emission::<T>::scheduled_reward(n);
		assert!(!expected.is_zero(), "the benchmark needs a non-zero reward");

		#[block]
		{
			Emission::<T>::on_initialize(n);
		}

		assert_eq!(TotalIssued::<T>::get(), expected);
		if let Some(author) = author {
			assert_eq!(BlockAuthor::<T>::get(), Some(author.clone()));
			assert!(!T::Currency::balance(&author).is_zero());
		}
	}

	/// The block's fee settlement: the burn share read, and the rest minted to an author whose
	/// account does not exist yet (so it is created, the heaviest way to pay it).
	#[benchmark]
	fn settle_fees() {
		let author: T::AccountId = account("author", 0, 0);
		BlockAuthor::<T>::put(&author);
		let fees = T::Currency::minimum_balance().saturating_mul(1_000u32.into());
		PendingFees::<T>::put(fees);
		let burned = TotalBurned::<T>::get();

		#[block]
		{
			Emission::<T>::settle_fees();
		}

		assert!(PendingFees::<T>::get().is_zero());
		let paid = T::Currency::balance(&author);
		assert!(!paid.is_zero(), "the author was paid");
		assert_eq!(TotalBurned::<T>::get().saturating_sub(burned).saturating_add(paid), fees);
	}

	#[benchmark]
	fn burn() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let treasury = Emission::<T>::treasury_account();
		let amount = T::Currency::minimum_balance().saturating_mul(100u32.into());
		T::Currency::set_balance(&treasury, amount.saturating_mul(2u32.into()));
		let burned = TotalBurned::<T>::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, amount);

		assert_eq!(TotalBurned::<T>::get(), burned.saturating_add(amount));
		assert_eq!(T::Currency::balance(&treasury), amount);
		Ok(())
	}

	impl_benchmark_test_suite!(Emission, crate::mock::new_test_ext(), crate::mock::Test);
}
