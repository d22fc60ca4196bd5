//! Benchmarks: each call at its worst, with `v` validators in the set (a motion's votes and the
//! membership checks grow with it).

use super::*;
use crate::Pallet as Validators;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;

fn validators<T: Config>(v: u32) -> Vec<T::AccountId> {
	(0..v).map(|i| account("validator", i, 0)).collect()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The last validator of `v` proposes against the first, with `MaxMotions - 1` motions open.
	#[benchmark]
	fn propose_elimination(v: Linear<4, { T::MaxValidators::get() }>) {
		let set = validators::<T>(v);
		T::Validators::set_validators(set.clone());
		let open = T::MaxMotions::get().saturating_sub(1).min(v - 2);
		for i in 0..open {
			Validators::<T>::propose_elimination(
				RawOrigin::Signed(set[0].clone()).into(),
				set[(i + 1) as usize].clone(),
				Perbill::zero(),
			)
			.expect("the first validator proposes");
		}
		let proposer = set[(v - 1) as usize].clone();
		let target = set[0].clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(proposer), target.clone(), Perbill::from_percent(10));

		assert!(Motions::<T>::contains_key(&target));
	}

	/// The vote that passes a motion with all but one voter in favour.
	#[benchmark]
	fn vote(v: Linear<4, { T::MaxValidators::get() }>) {
		let set = validators::<T>(v);
		T::Validators::set_validators(set.clone());
		let target = set[0].clone();
		Validators::<T>::propose_elimination(
			RawOrigin::Signed(set[1].clone()).into(),
			target.clone(),
			Perbill::from_percent(10),
		)
		.expect("a validator proposes");
		// Ayes up to one short of two thirds of the `v - 1` voters.
		let needed = (2 * (v - 1)).div_ceil(3);
		for voter in set.iter().skip(2).take((needed - 2) as usize) {
			Validators::<T>::vote(RawOrigin::Signed(voter.clone()).into(), target.clone(), true)
				.expect("a validator votes");
		}
		let last = set[needed as usize].clone();

		#[extrinsic_call]
		_(RawOrigin::Signed(last), target.clone(), true);

		assert_eq!(Ejected::<T>::get().len(), 1);
	}

	#[benchmark]
	fn eliminate() -> Result<(), BenchmarkError> {
		let set = validators::<T>(T::MaxValidators::get());
		T::Validators::set_validators(set.clone());
		let origin = T::EliminationOrigin::try_successful_origin()
			.map_err(|_| BenchmarkError::Weightless)?;
		let target = set[0].clone();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, target, Perbill::from_percent(10));

		assert_eq!(Ejected::<T>::get().len(), 1);
		Ok(())
	}

	#[benchmark]
	fn set_session_length() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let length = T::MaxSessionLength::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, length);

		assert_eq!(SessionLength::<T>::get(), length);
		Ok(())
	}

	#[benchmark]
	fn close() {
		let set = validators::<T>(T::MaxValidators::get());
		T::Validators::set_validators(set.clone());
		let target = set[0].clone();
		Validators::<T>::propose_elimination(
			RawOrigin::Signed(set[1].clone()).into(),
			target.clone(),
			Perbill::zero(),
		)
		.expect("a validator proposes");
		let end = Motions::<T>::get(&target).expect("open").end;
		frame_system::Pallet::<T>::set_block_number(end + 1u32.into());
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), target.clone());

		assert!(!Motions::<T>::contains_key(&target));
	}

	impl_benchmark_test_suite!(Validators, crate::mock::new_test_ext(), crate::mock::Test);
}
