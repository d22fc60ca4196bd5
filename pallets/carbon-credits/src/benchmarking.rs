//! Benchmarks of the carbon ledger (frame-benchmarking v2), texts at their longest.

use super::*;
use crate::Pallet as CarbonCredits;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::{traits::EnsureOrigin, BoundedVec};
use frame_system::RawOrigin;

fn long_text<T: Config>() -> TextOf<T> {
	BoundedVec::truncate_from(vec![b'x'; T::MaxTextLength::get() as usize])
}

/// An accredited verifier with project 0 and a batch of `amount` to `to`.
fn batch_of<T: Config>(amount: u64, to: &T::AccountId) -> BatchId {
	let verifier: T::AccountId = account("verifier", 0, 0);
	Verifiers::<T>::insert(&verifier, ());
	let origin: T::RuntimeOrigin = RawOrigin::Signed(verifier).into();
	if !Projects::<T>::contains_key(0) {
		CarbonCredits::<T>::register_project(origin.clone(), long_text::<T>()).expect("verifier");
	}
	let batch = NextBatch::<T>::get();
	CarbonCredits::<T>::issue_batch(origin, 0, 2025, amount, to.clone()).expect("issues");
	batch
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn record_footprint() {
		let owner: T::AccountId = account("owner", 0, 0);
		let meter: T::AccountId = account("meter", 0, 0);
		T::Devices::register_for_benchmark(&owner, &meter);

		#[extrinsic_call]
		_(RawOrigin::Signed(meter), 100, 40);

		assert_eq!(
			Footprints::<T>::get(&owner, CarbonCredits::<T>::current_period()).emissions_kg,
			40
		);
	}

	#[benchmark]
	fn set_verifier() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("verifier", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), true);

		assert!(Verifiers::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn register_project() {
		let verifier: T::AccountId = account("verifier", 0, 0);
		Verifiers::<T>::insert(&verifier, ());

		#[extrinsic_call]
		_(RawOrigin::Signed(verifier), long_text::<T>());

		assert!(Projects::<T>::contains_key(0));
	}

	#[benchmark]
	fn issue_batch() {
		let holder: T::AccountId = account("holder", 0, 0);
		batch_of::<T>(1, &holder);
		let verifier: T::AccountId = account("verifier", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(verifier), 0, 2025, 1_000, holder.clone());

		assert_eq!(Credits::<T>::get(NextBatch::<T>::get() - 1, &holder), 1_000);
	}

	/// To an account that already holds some of the batch.
	#[benchmark]
	fn transfer() {
		let from: T::AccountId = account("from", 0, 0);
		let to: T::AccountId = account("to", 0, 0);
		let batch = batch_of::<T>(1_000, &from);
		Credits::<T>::insert(batch, &to, 1);
		Batches::<T>::mutate_extant(batch, |info| info.issued += 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(from), batch, to.clone(), 500);

		assert_eq!(Credits::<T>::get(batch, &to), 501);
	}

	#[benchmark]
	fn retire() {
		let who: T::AccountId = account("holder", 0, 0);
		let batch = batch_of::<T>(1_000, &who);
		let period = CarbonCredits::<T>::current_period();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(who.clone()),
			batch,
			400,
			period,
			long_text::<T>(),
			long_text::<T>(),
			long_text::<T>(),
		);

		assert_eq!(RetiredFor::<T>::get(&who, period), 400);
	}

	#[benchmark]
	fn claim_certificate() {
		let who: T::AccountId = account("holder", 0, 0);
		let period = CarbonCredits::<T>::current_period();
		Footprints::<T>::insert(&who, period, Footprint { energy_kwh: 100, emissions_kg: 40 });
		RetiredFor::<T>::insert(&who, period, 40);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), period);

		assert!(Certificates::<T>::contains_key(&who, period));
	}

	impl_benchmark_test_suite!(CarbonCredits, crate::mock::new_test_ext(), crate::mock::Test);
}
