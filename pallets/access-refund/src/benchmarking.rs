//! Benchmarks of the access refund pallet (frame-benchmarking v2). The record is never in the
//! database (it is emptied within the block), so its keys are whitelisted: their first read in a
//! block is charged by `on_initialize` instead.

use super::*;
use frame_benchmarking::{benchmarking::add_to_whitelist, v2::*};
use frame_support::traits::Hooks;
use frame_system::pallet_prelude::BlockNumberFor;

/// Sorted distinct accounts, none of them in `except`, `len` of them.
fn accounts<T: Config>(len: u32, except: &[T::AccountId]) -> Bucket<T> {
	let mut all: alloc::vec::Vec<T::AccountId> = (0..len + except.len() as u32)
		.map(|i| account("paid", i, 0))
		.filter(|a| !except.contains(a))
		.take(len as usize)
		.collect();
	all.sort();
	all.dedup();
	Bucket::<T>::try_from(all).expect("at most a bucket's capacity")
}

/// Puts `paid` in `bucket`, whitelisted.
fn fill<T: Config>(bucket: u8, paid: Bucket<T>) {
	PaidFor::<T>::insert(bucket, paid);
	add_to_whitelist(PaidFor::<T>::hashed_key_for(bucket).into());
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A transaction's record in its worst case: the signer and the call's account, neither paid
	/// for yet, each in its own bucket one account short of full (the largest values to read,
	/// search and write back), both recorded.
	#[benchmark]
	fn record_accesses() {
		let signer: T::AccountId = account("signer", 0, 0);
		let other = (0..)
			.map(|i| account::<T::AccountId>("recipient", i, 0))
			.find(|a| Pallet::<T>::bucket(a) != Pallet::<T>::bucket(&signer))
			.expect("accounts spread over buckets");
		let except = [signer.clone(), other.clone()];
		fill::<T>(Pallet::<T>::bucket(&signer), accounts::<T>(BUCKET_CAPACITY - 1, &except));
		fill::<T>(Pallet::<T>::bucket(&other), accounts::<T>(BUCKET_CAPACITY - 1, &except));

		#[block]
		{
			assert!(!Pallet::<T>::record(&signer));
			assert!(!Pallet::<T>::is_paid_for(&other));
			assert!(!Pallet::<T>::record(&other));
		}

		assert!(Pallet::<T>::is_paid_for(&signer) && Pallet::<T>::is_paid_for(&other));
	}

	/// Emptying the record with every bucket full.
	#[benchmark]
	fn on_finalize() {
		for bucket in 0..BUCKETS {
			fill::<T>(bucket as u8, accounts::<T>(BUCKET_CAPACITY, &[]));
		}
		let n: BlockNumberFor<T> = 1u32.into();

		#[block]
		{
			Pallet::<T>::on_finalize(n);
		}

		assert!(PaidFor::<T>::iter_keys().next().is_none());
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
