//! Benchmarks of the data-mining pallet (frame-benchmarking v2), each in its worst case.
//! Claims run in an epoch with 1,000 other reports, to show their cost does not depend on it.

use super::*;
use crate::Pallet as DataMining;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, EnsureOrigin, Get, Hooks};
use frame_system::RawOrigin;
use sp_core::H256;
use sp_runtime::Percent;

/// A schedule of `epoch_length`-block epochs, a 10-block challenge window and 100 blocks to
/// claim.
fn schedule<T: Config>(epoch_length: u32) -> ScheduleOf<T> {
	Schedule {
		epoch_length: epoch_length.into(),
		challenge_window: 10u32.into(),
		claim_period: 100u32.into(),
	}
}

/// Start mining afresh at block 0 with `epoch_length`-block epochs, and fund the pool. The
/// scoring and the epoch share are the runtime's (`Config::Scoring`, `Config::EpochShare`).
fn configure<T: Config>(epoch_length: u32) {
	frame_system::Pallet::<T>::set_block_number(Zero::zero());
	MiningSchedule::<T>::kill();
	let origin = T::GovernanceOrigin::try_successful_origin().expect("governance origin");
	DataMining::<T>::set_schedule(origin, schedule::<T>(epoch_length)).expect("valid");
	let pool = T::ReportDeposit::get().saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(&DataMining::<T>::account(), pool);
}

/// A funded valid device `index` of `owner`; returns its account and id.
fn device<T: Config>(owner: &T::AccountId, index: u32) -> (T::AccountId, DeviceId) {
	let account: T::AccountId = account("device", index, 0);
	let funds = T::ReportDeposit::get().saturating_mul(10u32.into());
	T::Currency::set_balance(&account, funds);
	let id = T::Devices::register_for_benchmark(owner, &account);
	(account, id)
}

fn contribution(units: u64) -> Contribution {
	Contribution {
		commitment: H256::repeat_byte(1),
		units,
		quality: Percent::from_percent(90),
		bandwidth: 500,
		privacy: PrivacyLevel::Aggregated,
	}
}

/// Move to block `n`, running the pallet's hook.
fn run_to<T: Config>(n: u32) {
	let n: BlockNumberFor<T> = n.into();
	frame_system::Pallet::<T>::set_block_number(n);
	DataMining::<T>::on_initialize(n);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn submit_report() {
		configure::<T>(100);
		let owner: T::AccountId = account("owner", 0, 0);
		let (who, device) = device::<T>(&owner, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(who), contribution(1_000));

		assert!(Reports::<T>::contains_key(0, device));
	}

	#[benchmark]
	fn challenge() {
		configure::<T>(100);
		let owner: T::AccountId = account("owner", 0, 0);
		let (who, device) = device::<T>(&owner, 0);
		DataMining::<T>::submit_report(RawOrigin::Signed(who).into(), contribution(10))
			.expect("reports");
		let attester: T::AccountId = account("attester", 0, 0);
		Attesters::<T>::insert(&attester, ());

		#[extrinsic_call]
		_(RawOrigin::Signed(attester), 0, device, H256::repeat_byte(2));

		assert_eq!(Epochs::<T>::get(0).map(|e| e.pending_challenges), Some(1));
	}

	/// An upheld challenge: the deposit moves to the pool.
	#[benchmark]
	fn rule() -> Result<(), BenchmarkError> {
		configure::<T>(100);
		let owner: T::AccountId = account("owner", 0, 0);
		let (who, device) = device::<T>(&owner, 0);
		DataMining::<T>::submit_report(RawOrigin::Signed(who).into(), contribution(10))
			.expect("reports");
		let attester: T::AccountId = account("attester", 0, 0);
		Attesters::<T>::insert(&attester, ());
		DataMining::<T>::challenge(RawOrigin::Signed(attester).into(), 0, device, H256::zero())
			.expect("challenges");
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 0, device, true);

		assert_eq!(Reports::<T>::get(0, device).map(|r| r.status), Some(ReportStatus::Slashed));
		Ok(())
	}

	/// The first claim of an epoch (it fixes the payout) among 1,000 reports.
	#[benchmark]
	fn claim() {
		configure::<T>(10);
		let owner: T::AccountId = account("owner", 0, 0);
		let mut first = None;
		for i in 0..1_000 {
			let (who, device) = device::<T>(&owner, i);
			DataMining::<T>::submit_report(RawOrigin::Signed(who).into(), contribution(10))
				.expect("reports");
			first.get_or_insert(device);
		}
		let device = first.expect("1,000 devices");
		run_to::<T>(10);
		run_to::<T>(20);

		#[extrinsic_call]
		_(RawOrigin::Signed(owner), 0, device);

		assert!(Epochs::<T>::get(0).is_some_and(|e| e.payout.is_some() && !e.paid.is_zero()));
	}

	#[benchmark]
	fn reap_report() {
		configure::<T>(10);
		let owner: T::AccountId = account("owner", 0, 0);
		let (who, device) = device::<T>(&owner, 0);
		DataMining::<T>::submit_report(RawOrigin::Signed(who).into(), contribution(10))
			.expect("reports");
		// Epoch 0 closes at 10, its claims at 10 + 10 + 100.
		run_to::<T>(10);
		run_to::<T>(120);
		assert_eq!(OldestUnreleased::<T>::get(), 1);
		let caller: T::AccountId = account("caller", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), 0, device);

		assert!(!Reports::<T>::contains_key(0, device));
	}

	/// The first schedule, which also opens the first epoch.
	#[benchmark]
	fn set_schedule() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let schedule = schedule::<T>(100);
		MiningSchedule::<T>::kill();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, schedule);

		assert_eq!(MiningSchedule::<T>::get(), Some(schedule));
		Ok(())
	}

	#[benchmark]
	fn set_attester() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("attester", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), true);

		assert!(Attesters::<T>::contains_key(&who));
		Ok(())
	}

	/// A block inside an epoch, with an older epoch whose claims are still open.
	#[benchmark]
	fn on_initialize_idle() {
		configure::<T>(10);
		run_to::<T>(10);
		let now: BlockNumberFor<T> = 15u32.into();
		frame_system::Pallet::<T>::set_block_number(now);

		#[block]
		{
			DataMining::<T>::on_initialize(now);
		}

		assert_eq!(CurrentEpoch::<T>::get(), 1);
	}

	/// A block that closes an epoch and releases an expired one.
	#[benchmark]
	fn on_initialize_close_and_release() {
		configure::<T>(110);
		// Epoch 0 closes at 110 (claims end at 220); then epochs of 110 blocks again.
		run_to::<T>(110);
		assert_eq!(CurrentEpoch::<T>::get(), 1);
		let now: BlockNumberFor<T> = 220u32.into();
		frame_system::Pallet::<T>::set_block_number(now);

		#[block]
		{
			DataMining::<T>::on_initialize(now);
		}

		assert_eq!((CurrentEpoch::<T>::get(), OldestUnreleased::<T>::get()), (2, 1));
	}

	impl_benchmark_test_suite!(DataMining, crate::mock::new_test_ext(), crate::mock::Test);
}
