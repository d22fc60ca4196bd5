//! Benchmarks of the template pallet (frame-benchmarking v2), each call in its worst case.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_system::RawOrigin;

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A new entry: the counter is read and written as well as the map.
	#[benchmark]
	fn store() {
		let caller: T::AccountId = whitelisted_caller();
		assert!(Something::<T>::get(&caller).is_none());
		let count = Count::<T>::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 42);

		assert_eq!(Something::<T>::get(&caller), Some(42));
		assert_eq!(Count::<T>::get(), count + 1);
	}

	#[benchmark]
	fn increment() {
		let caller: T::AccountId = whitelisted_caller();
		Something::<T>::insert(&caller, 1);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()));

		assert_eq!(Something::<T>::get(&caller), Some(2));
	}

	#[benchmark]
	fn force_remove() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("who", 0, 0);
		Something::<T>::insert(&who, 1);
		Count::<T>::mutate(|count| *count += 1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Something::<T>::contains_key(&who));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
