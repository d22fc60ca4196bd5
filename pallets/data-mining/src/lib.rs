//! # Data-mining pallet
//!
//! Devices earn SCI for the data and work they contribute ("proof of contribution"), scored by
//! quality, bandwidth and privacy protection, with the reward per unit falling as the network's
//! utilisation rises.
//!
//! ## Epochs
//!
//! Time is cut into epochs of [`Schedule::epoch_length`] blocks. During an epoch, each valid
//! device (through [`Config::Devices`], the device registry) may submit one [`Report`] from its
//! key's account: a commitment to its data, units of work, quality, bandwidth and privacy level
//! ([`Pallet::submit_report`]). [`Config::ReportDeposit`] is held from that account.
//!
//! ## Scores and payout
//!
//! A report's score is `units × (w_q · quality + w_b · min(bandwidth / reference, 1) + w_p ·
//! privacy)` ([`Scoring::score`]). When an epoch ends, [`Config::EpochShare`] of the pool
//! account's unallocated balance (fed by the emission pallet) is set aside for it. The share of
//! that pool actually paid out follows the utilisation curve ([`Scoring::payout_share`]) at
//! `total units / capacity`, fixed at the epoch's first claim: the curve rises, so more work
//! always pays more in total, and when it is concave the reward per unit falls as utilisation
//! rises. What the curve does not pay out stays in the pool. Each counted report gets
//! `payout × score / total score`, rounded down, so the sum paid never exceeds the payout.
//!
//! ## Challenges
//!
//! Attesters appointed by governance may challenge a report until
//! [`Schedule::challenge_window`] blocks after its epoch's end ([`Pallet::challenge`]).
//! Governance ([`Config::GovernanceOrigin`]) rules ([`Pallet::rule`]): a false report loses its
//! deposit to the pool and its score and units leave the epoch's totals; otherwise it counts
//! again. An epoch's claims wait until its window has closed and no challenge awaits a ruling.
//!
//! ## Claims
//!
//! Payout is lazy: the device's owner claims ([`Pallet::claim`]), O(1) per claim; the claim
//! releases the report's deposit to the device's account. After [`Schedule::claim_period`]
//! more blocks, what was not claimed returns to the pool (one epoch per block, in
//! `on_initialize`), and anyone may remove the remaining reports of that epoch, returning their
//! deposits ([`Pallet::reap_report`]). No hook ever loops over devices or reports.
//!
//! ## Parameters
//!
//! Governance sets the [`Schedule`] with [`Pallet::set_schedule`] (stored in
//! [`MiningSchedule`]); the first schedule opens the first epoch, and a shorter epoch length
//! also shortens the current epoch. The economics are protocol parameters set by governance
//! through the runtime's parameters pallet and read through [`Config::Scoring`] (capacity,
//! reference bandwidth, score weights, utilisation curve: a [`Scoring`], which refuses to
//! decode when it breaks its rules) and [`Config::EpochShare`]. A new scoring applies to
//! reports submitted after it and to payouts not yet fixed; a new epoch share to the next
//! epoch that closes.
//!
//! ## Runtime API
//!
//! [`runtime_api::MiningApi`]: the current epoch, an epoch's books, a device's report and its
//! claimable reward.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
pub mod runtime_api;
#[cfg(test)]
mod tests;
mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::{
	traits::{
		fungible::{self, Inspect, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Get,
	},
	PalletId,
};
use frame_system::pallet_prelude::BlockNumberFor;
use sci_primitives::devices::{DeviceId, DeviceRegistry};
use sp_runtime::{
	traits::{AccountIdConversion, Saturating, Zero},
	DispatchError, Perbill,
};

/// The balance type of [`Config::Currency`].
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// The epoch schedule of a runtime.
pub type ScheduleOf<T> = Schedule<BlockNumberFor<T>>;
/// The scoring parameters of a runtime.
pub type ScoringOf<T> = Scoring<<T as Config>::MaxCurvePoints>;
/// A report of a runtime.
pub type ReportOf<T> = Report<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// An epoch of a runtime.
pub type EpochOf<T> = Epoch<BlockNumberFor<T>, BalanceOf<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sp_core::H256;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Pays rewards and holds report deposits.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Which accounts are valid devices, and who owns them.
		type Devices: DeviceRegistry<Self::AccountId>;

		/// Sets the schedule, appoints attesters and rules on challenges.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Derives the reward pool account (the one the emission pallet pays the data-mining
		/// share into).
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Held per report until it is claimed, reaped or slashed.
		#[pallet::constant]
		type ReportDeposit: Get<BalanceOf<Self>>;

		/// Most points of the utilisation curve.
		#[pallet::constant]
		type MaxCurvePoints: Get<u32>;

		/// How contributions are scored and how much of an epoch's pool is paid out (capacity,
		/// reference bandwidth, score weights, utilisation curve). A protocol parameter set by
		/// governance through the runtime's parameters pallet.
		type Scoring: Get<ScoringOf<Self>>;

		/// Share of the pool's unallocated balance set aside for an epoch when it closes. A
		/// protocol parameter set by governance through the runtime's parameters pallet.
		type EpochShare: Get<Perbill>;

		/// Most attesters.
		#[pallet::constant]
		type MaxAttesters: Get<u32>;

		/// Weights of this pallet's calls and hook.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a mining report.
		ReportDeposit,
	}

	/// The epoch schedule; mining starts when it is first set.
	#[pallet::storage]
	pub type MiningSchedule<T: Config> = StorageValue<_, ScheduleOf<T>, OptionQuery>;

	/// The epoch reports are being submitted for.
	#[pallet::storage]
	pub type CurrentEpoch<T: Config> = StorageValue<_, EpochIndex, ValueQuery>;

	/// The books of each epoch from its start until its unclaimed rewards return to the pool.
	#[pallet::storage]
	pub type Epochs<T: Config> = StorageMap<_, Twox64Concat, EpochIndex, EpochOf<T>>;

	/// The oldest epoch whose unclaimed rewards have not yet returned to the pool.
	#[pallet::storage]
	pub type OldestUnreleased<T: Config> = StorageValue<_, EpochIndex, ValueQuery>;

	/// Reports per epoch and device.
	#[pallet::storage]
	pub type Reports<T: Config> =
		StorageDoubleMap<_, Twox64Concat, EpochIndex, Twox64Concat, DeviceId, ReportOf<T>>;

	/// The pool's balance set aside for closed epochs and not yet paid or returned.
	#[pallet::storage]
	pub type Allocated<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Accounts that may challenge reports.
	#[pallet::storage]
	pub type Attesters<T: Config> = CountedStorageMap<_, Blake2_128Concat, T::AccountId, ()>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The first schedule; with one, the first epoch starts at genesis.
		pub schedule: Option<ScheduleOf<T>>,
		/// The first attesters.
		pub attesters: alloc::vec::Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Some(schedule) = &self.schedule {
				assert!(schedule.is_valid(), "zero epoch length in the genesis mining schedule");
				MiningSchedule::<T>::put(schedule);
				Pallet::<T>::open_epoch(0, Zero::zero(), schedule.epoch_length);
			}
			assert!(
				self.attesters.len() as u32 <= T::MaxAttesters::get(),
				"more genesis attesters than MaxAttesters"
			);
			for attester in &self.attesters {
				Attesters::<T>::insert(attester, ());
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `device` reported for `epoch`, scoring `score`.
		Reported {
			/// The epoch reported for.
			epoch: EpochIndex,
			/// The reporting device.
			device: DeviceId,
			/// Units of work reported.
			units: u64,
			/// The report's score, in billionths of a unit.
			score: u128,
		},
		/// `epoch` closed with `pool` set aside; `next` started.
		EpochClosed {
			/// The closed epoch.
			epoch: EpochIndex,
			/// The pool's balance set aside for it.
			pool: BalanceOf<T>,
			/// The epoch that started.
			next: EpochIndex,
		},
		/// `attester` challenged `device`'s report for `epoch`, citing `evidence`.
		Challenged {
			/// The report's epoch.
			epoch: EpochIndex,
			/// The report's device.
			device: DeviceId,
			/// The challenging attester.
			attester: T::AccountId,
			/// The hash of the evidence (e.g. of an off-chain dossier).
			evidence: H256,
		},
		/// Governance found `device`'s report for `epoch` false: `deposit` went to the pool.
		Slashed {
			/// The report's epoch.
			epoch: EpochIndex,
			/// The report's device.
			device: DeviceId,
			/// The report's deposit, moved to the pool.
			deposit: BalanceOf<T>,
		},
		/// Governance rejected the challenge of `device`'s report for `epoch`.
		ChallengeRejected {
			/// The report's epoch.
			epoch: EpochIndex,
			/// The report's device.
			device: DeviceId,
		},
		/// `owner` claimed `amount` for `device`'s report for `epoch`.
		Claimed {
			/// The report's epoch.
			epoch: EpochIndex,
			/// The report's device.
			device: DeviceId,
			/// The device's owner, who was paid.
			owner: T::AccountId,
			/// The reward paid.
			amount: BalanceOf<T>,
		},
		/// `epoch`'s claims closed and `returned` went back to the pool.
		Released {
			/// The epoch.
			epoch: EpochIndex,
			/// What it did not pay out, back in the pool's unallocated balance.
			returned: BalanceOf<T>,
		},
		/// An unclaimed report of `epoch` was removed and its deposit returned.
		Reaped {
			/// The report's epoch.
			epoch: EpochIndex,
			/// The report's device.
			device: DeviceId,
		},
		/// A new schedule applies.
		ScheduleSet,
		/// `who` may now challenge reports (`true`) or no longer (`false`).
		AttesterSet {
			/// The account.
			who: T::AccountId,
			/// Whether it is an attester now.
			attester: bool,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller's account is not the key of a valid device.
		NotADevice,
		/// Mining has no schedule yet.
		NotConfigured,
		/// The device already reported for this epoch.
		AlreadyReported,
		/// A report must count at least one unit.
		NoUnits,
		/// The device's account cannot afford the report deposit.
		InsufficientDeposit,
		/// No such epoch (or its claims have closed).
		UnknownEpoch,
		/// No report of this device for this epoch.
		UnknownReport,
		/// Only attesters may challenge.
		NotAttester,
		/// The challenge window of this epoch has closed.
		WindowClosed,
		/// The report is not in the state this needs (accepted to challenge, challenged to rule).
		WrongStatus,
		/// Claims open when the epoch has ended and its challenge window has closed.
		WindowOpen,
		/// The epoch's claim period is over.
		ClaimsClosed,
		/// A challenge in this epoch awaits a ruling.
		ChallengesPending,
		/// The report was slashed.
		ReportSlashed,
		/// Only the device's owner may claim.
		NotOwner,
		/// Reports may be reaped once their epoch's claims have closed.
		ClaimsOpen,
		/// The epoch length is zero.
		ZeroEpochLength,
		/// There are `MaxAttesters` attesters already.
		TooManyAttesters,
		/// A counter reached its maximum.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Close the current epoch at its end, and return one expired epoch's unclaimed
		/// rewards. O(1).
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let closed = Self::close_epoch_if_ended(now);
			let released = Self::release_oldest_if_expired(now);
			match (closed, released) {
				(false, false) => T::WeightInfo::on_initialize_idle(),
				_ => T::WeightInfo::on_initialize_close_and_release(),
			}
		}

		/// The scoring parameters obey their rules.
		fn integrity_test() {
			T::Scoring::get().check().expect("Config::Scoring breaks its rules");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Report the caller's device's `contribution` for the current epoch (once per epoch).
		///
		/// Holds [`Config::ReportDeposit`] from the caller until the report is claimed, reaped
		/// or slashed.
		///
		/// The dispatch origin must be _Signed_ by the account of a valid device's current key
		/// (through [`Config::Devices`]).
		///
		/// Emits [`Event::Reported`].
		///
		/// Errors:
		/// - [`Error::NotADevice`] if the caller is not the key of a valid device;
		/// - [`Error::NotConfigured`] if mining has no schedule yet;
		/// - [`Error::NoUnits`] if `contribution` counts no units;
		/// - [`Error::AlreadyReported`] if the device has reported for the current epoch;
		/// - [`Error::Overflow`] if the epoch's unit, score or report totals would overflow;
		/// - [`Error::InsufficientDeposit`] if the caller cannot afford
		///   [`Config::ReportDeposit`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::submit_report())]
		pub fn submit_report(origin: OriginFor<T>, contribution: Contribution) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let device = T::Devices::device_of(&who).ok_or(Error::<T>::NotADevice)?;
			let epoch_index = CurrentEpoch::<T>::get();
			// The current epoch has books from the first schedule on.
			let mut epoch = Epochs::<T>::get(epoch_index).ok_or(Error::<T>::NotConfigured)?;
			ensure!(contribution.units > 0, Error::<T>::NoUnits);
			ensure!(!Reports::<T>::contains_key(epoch_index, device), Error::<T>::AlreadyReported);
			let score = T::Scoring::get().score(&contribution);
			epoch.total_units =
				epoch.total_units.checked_add(contribution.units).ok_or(Error::<T>::Overflow)?;
			epoch.total_score = epoch.total_score.checked_add(score).ok_or(Error::<T>::Overflow)?;
			epoch.reports = epoch.reports.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let deposit = T::ReportDeposit::get();
			T::Currency::hold(&HoldReason::ReportDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
			let units = contribution.units;
			Reports::<T>::insert(
				epoch_index,
				device,
				Report {
					submitter: who,
					contribution,
					score,
					deposit,
					status: ReportStatus::Accepted,
				},
			);
			Epochs::<T>::insert(epoch_index, epoch);
			Self::deposit_event(Event::Reported { epoch: epoch_index, device, units, score });
			Ok(())
		}

		/// Challenge `device`'s report for `epoch` as false, citing `evidence` (e.g. the hash of
		/// an off-chain dossier). Attesters only, before the epoch's window closes.
		///
		/// The epoch's claims then wait until governance has ruled ([`Pallet::rule`]).
		///
		/// The dispatch origin must be _Signed_ by an attester.
		///
		/// Emits [`Event::Challenged`].
		///
		/// Errors:
		/// - [`Error::NotAttester`] if the caller is not an attester;
		/// - [`Error::UnknownEpoch`] if `epoch` has no books (not started, or its claims have
		///   closed);
		/// - [`Error::WindowClosed`] if the epoch's challenge window has closed;
		/// - [`Error::UnknownReport`] if the device has no report for `epoch`;
		/// - [`Error::WrongStatus`] if the report is already challenged or slashed;
		/// - [`Error::Overflow`] if the epoch's count of pending challenges would overflow.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::challenge())]
		pub fn challenge(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			device: DeviceId,
			evidence: H256,
		) -> DispatchResult {
			let attester = ensure_signed(origin)?;
			ensure!(Attesters::<T>::contains_key(&attester), Error::<T>::NotAttester);
			let mut books = Epochs::<T>::get(epoch).ok_or(Error::<T>::UnknownEpoch)?;
			ensure!(Self::window_open(epoch, &books), Error::<T>::WindowClosed);
			let mut report = Reports::<T>::get(epoch, device).ok_or(Error::<T>::UnknownReport)?;
			ensure!(report.status == ReportStatus::Accepted, Error::<T>::WrongStatus);
			report.status = ReportStatus::Challenged(attester.clone());
			books.pending_challenges =
				books.pending_challenges.checked_add(1).ok_or(Error::<T>::Overflow)?;
			Reports::<T>::insert(epoch, device, report);
			Epochs::<T>::insert(epoch, books);
			Self::deposit_event(Event::Challenged { epoch, device, attester, evidence });
			Ok(())
		}

		/// Rule on the challenge of `device`'s report for `epoch`: `upheld` slashes it (its
		/// deposit goes to the pool, its units and score leave the epoch), otherwise it counts
		/// again.
		///
		/// The dispatch origin must be [`Config::GovernanceOrigin`].
		///
		/// Emits [`Event::Slashed`] if `upheld`, otherwise [`Event::ChallengeRejected`].
		///
		/// Errors:
		/// - [`Error::UnknownEpoch`] if `epoch` has no books;
		/// - [`Error::UnknownReport`] if the device has no report for `epoch`;
		/// - [`Error::WrongStatus`] if the report is not challenged.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::rule())]
		pub fn rule(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			device: DeviceId,
			upheld: bool,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let mut books = Epochs::<T>::get(epoch).ok_or(Error::<T>::UnknownEpoch)?;
			let mut report = Reports::<T>::get(epoch, device).ok_or(Error::<T>::UnknownReport)?;
			ensure!(matches!(report.status, ReportStatus::Challenged(_)), Error::<T>::WrongStatus);
			books.pending_challenges = books.pending_challenges.saturating_sub(1);
			if upheld {
				let deposit = T::Currency::transfer_on_hold(
					&HoldReason::ReportDeposit.into(),
					&report.submitter,
					&Self::account(),
					report.deposit,
					Precision::BestEffort,
					Restriction::Free,
					Fortitude::Force,
				)?;
				books.total_units = books.total_units.saturating_sub(report.contribution.units);
				books.total_score = books.total_score.saturating_sub(report.score);
				report.status = ReportStatus::Slashed;
				report.deposit = Zero::zero();
				Self::deposit_event(Event::Slashed { epoch, device, deposit });
			} else {
				report.status = ReportStatus::Accepted;
				Self::deposit_event(Event::ChallengeRejected { epoch, device });
			}
			Reports::<T>::insert(epoch, device, report);
			Epochs::<T>::insert(epoch, books);
			Ok(())
		}

		/// Pay `device`'s reward for `epoch` to its owner, the caller, and return the report's
		/// deposit to the device's account.
		///
		/// Open from the end of the epoch's challenge window, while no challenge awaits a
		/// ruling, until its claims close. The epoch's first claim fixes its payout.
		///
		/// The dispatch origin must be _Signed_ by the device's owner (through
		/// [`Config::Devices`]).
		///
		/// Emits [`Event::Claimed`].
		///
		/// Errors:
		/// - [`Error::NotOwner`] if the caller does not own the device;
		/// - [`Error::UnknownEpoch`] if `epoch` has no books (not started, or its claims have
		///   closed);
		/// - [`Error::UnknownReport`] if the device has no report for `epoch` (or claimed it);
		/// - [`Error::ReportSlashed`] if the report was slashed;
		/// - [`Error::WindowOpen`] if the epoch has not ended or its challenge window is open;
		/// - [`Error::ClaimsClosed`] if the epoch's claim period is over;
		/// - [`Error::ChallengesPending`] if a challenge in the epoch awaits a ruling.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::claim())]
		pub fn claim(origin: OriginFor<T>, epoch: EpochIndex, device: DeviceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Devices::owner(device).as_ref() == Some(&who), Error::<T>::NotOwner);
			let mut books = Epochs::<T>::get(epoch).ok_or(Error::<T>::UnknownEpoch)?;
			let report = Reports::<T>::get(epoch, device).ok_or(Error::<T>::UnknownReport)?;
			ensure!(report.status != ReportStatus::Slashed, Error::<T>::ReportSlashed);
			let payout = Self::payout(epoch, &books)?;
			if books.payout.is_none() {
				// The first claim fixes the payout; what the curve does not pay returns.
				books.payout = Some(payout);
				Allocated::<T>::mutate(|allocated| {
					*allocated = allocated.saturating_sub(books.pool.saturating_sub(payout))
				});
			}
			let amount = sci_primitives::share_of(payout, report.score, books.total_score);
			if !amount.is_zero() {
				T::Currency::transfer(&Self::account(), &who, amount, Preservation::Expendable)?;
			}
			books.paid = books.paid.saturating_add(amount);
			Allocated::<T>::mutate(|allocated| *allocated = allocated.saturating_sub(amount));
			Self::release_deposit(&report)?;
			Reports::<T>::remove(epoch, device);
			Epochs::<T>::insert(epoch, books);
			Self::deposit_event(Event::Claimed { epoch, device, owner: who, amount });
			Ok(())
		}

		/// Remove `device`'s report for `epoch` once the epoch's claims have closed, returning
		/// its deposit (if not slashed) to the device's account. Anyone may call it.
		///
		/// The dispatch origin must be _Signed_, by any account.
		///
		/// Emits [`Event::Reaped`].
		///
		/// Errors:
		/// - [`Error::ClaimsOpen`] if the epoch's unclaimed rewards have not yet returned to the
		///   pool;
		/// - [`Error::UnknownReport`] if the device has no report left for `epoch`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::reap_report())]
		pub fn reap_report(
			origin: OriginFor<T>,
			epoch: EpochIndex,
			device: DeviceId,
		) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(
				epoch < OldestUnreleased::<T>::get() && !Epochs::<T>::contains_key(epoch),
				Error::<T>::ClaimsOpen
			);
			let report = Reports::<T>::take(epoch, device).ok_or(Error::<T>::UnknownReport)?;
			Self::release_deposit(&report)?;
			Self::deposit_event(Event::Reaped { epoch, device });
			Ok(())
		}

		/// Set the epoch schedule, from now on: the first schedule opens the first epoch;
		/// later, the current epoch ends at most `epoch_length` blocks from now, and an epoch's
		/// window and claim period are fixed when it closes.
		///
		/// The dispatch origin must be [`Config::GovernanceOrigin`].
		///
		/// Emits [`Event::ScheduleSet`].
		///
		/// Errors:
		/// - [`Error::ZeroEpochLength`] if the schedule's epoch length is zero.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_schedule())]
		pub fn set_schedule(origin: OriginFor<T>, schedule: ScheduleOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(schedule.is_valid(), Error::<T>::ZeroEpochLength);
			let now = frame_system::Pallet::<T>::block_number();
			let current = CurrentEpoch::<T>::get();
			if !MiningSchedule::<T>::exists() {
				// The first schedule starts the first epoch.
				Self::open_epoch(current, now, schedule.epoch_length);
			} else {
				// A shorter epoch length also shortens the current epoch.
				Epochs::<T>::mutate_extant(current, |books| {
					books.end = books.end.min(now.saturating_add(schedule.epoch_length))
				});
			}
			MiningSchedule::<T>::put(schedule);
			Self::deposit_event(Event::ScheduleSet);
			Ok(())
		}

		/// Let `who` challenge reports (`attester = true`) or no longer (`false`).
		///
		/// The dispatch origin must be [`Config::GovernanceOrigin`].
		///
		/// Emits [`Event::AttesterSet`].
		///
		/// Errors:
		/// - [`Error::TooManyAttesters`] if `who` would be a new attester and there are
		///   [`Config::MaxAttesters`] already.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_attester())]
		pub fn set_attester(
			origin: OriginFor<T>,
			who: T::AccountId,
			attester: bool,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			if attester {
				if !Attesters::<T>::contains_key(&who) {
					ensure!(
						Attesters::<T>::count() < T::MaxAttesters::get(),
						Error::<T>::TooManyAttesters
					);
					Attesters::<T>::insert(&who, ());
				}
			} else {
				Attesters::<T>::remove(&who);
			}
			Self::deposit_event(Event::AttesterSet { who, attester });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The reward pool account.
	pub fn account() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// What the pool holds beyond what closed epochs have set aside.
	pub fn unallocated() -> BalanceOf<T> {
		T::Currency::reducible_balance(
			&Self::account(),
			Preservation::Expendable,
			Fortitude::Polite,
		)
		.saturating_sub(Allocated::<T>::get())
	}

	/// What `epoch`'s counted reports share, if its claims are open now: fixed at the first
	/// claim, otherwise computed from the pool and the utilisation curve.
	fn payout(epoch: EpochIndex, books: &EpochOf<T>) -> Result<BalanceOf<T>, DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		frame_support::ensure!(
			epoch < CurrentEpoch::<T>::get() && now >= books.window_end,
			Error::<T>::WindowOpen
		);
		frame_support::ensure!(now < books.claim_end, Error::<T>::ClaimsClosed);
		frame_support::ensure!(books.pending_challenges == 0, Error::<T>::ChallengesPending);
		match books.payout {
			Some(payout) => Ok(payout),
			None => Ok(T::Scoring::get().payout_share(books.total_units).mul_floor(books.pool)),
		}
	}

	/// Return `report`'s deposit (if any) to its submitter.
	fn release_deposit(report: &ReportOf<T>) -> Result<(), DispatchError> {
		if !report.deposit.is_zero() {
			T::Currency::release(
				&HoldReason::ReportDeposit.into(),
				&report.submitter,
				report.deposit,
				Precision::BestEffort,
			)?;
		}
		Ok(())
	}

	/// Whether `epoch`'s reports may still be challenged.
	fn window_open(epoch: EpochIndex, books: &EpochOf<T>) -> bool {
		epoch == CurrentEpoch::<T>::get()
			|| frame_system::Pallet::<T>::block_number() < books.window_end
	}

	/// Start epoch `index` at `start`, for `length` blocks.
	fn open_epoch(index: EpochIndex, start: BlockNumberFor<T>, length: BlockNumberFor<T>) {
		CurrentEpoch::<T>::put(index);
		Epochs::<T>::insert(
			index,
			Epoch { start, end: start.saturating_add(length), ..Default::default() },
		);
	}

	/// At the current epoch's end: set its pool aside, fix its window and claim period, and
	/// open the next one.
	fn close_epoch_if_ended(now: BlockNumberFor<T>) -> bool {
		let index = CurrentEpoch::<T>::get();
		let Some(mut books) = Epochs::<T>::get(index) else { return false };
		// Most blocks stop here, without reading the schedule or the epoch share.
		if now < books.end {
			return false;
		}
		let Some(schedule) = MiningSchedule::<T>::get() else { return false };
		let pool = T::EpochShare::get().mul_floor(Self::unallocated());
		Allocated::<T>::mutate(|allocated| *allocated = allocated.saturating_add(pool));
		books.pool = pool;
		books.window_end = books.end.saturating_add(schedule.challenge_window);
		books.claim_end = books.window_end.saturating_add(schedule.claim_period);
		Epochs::<T>::insert(index, books);
		let next = index.saturating_add(1);
		Self::open_epoch(next, now, schedule.epoch_length);
		Self::deposit_event(Event::EpochClosed { epoch: index, pool, next });
		true
	}

	/// If the oldest unreleased closed epoch's claims have closed, return what it did not pay
	/// to the pool and drop its books.
	fn release_oldest_if_expired(now: BlockNumberFor<T>) -> bool {
		let oldest = OldestUnreleased::<T>::get();
		if oldest >= CurrentEpoch::<T>::get() {
			return false;
		}
		let Some(books) = Epochs::<T>::get(oldest) else { return false };
		if now < books.claim_end {
			return false;
		}
		let returned = books.payout.unwrap_or(books.pool).saturating_sub(books.paid);
		Allocated::<T>::mutate(|allocated| *allocated = allocated.saturating_sub(returned));
		Epochs::<T>::remove(oldest);
		OldestUnreleased::<T>::put(oldest.saturating_add(1));
		Self::deposit_event(Event::Released { epoch: oldest, returned });
		true
	}

	/// What `device` could claim for `epoch` now, if anything.
	pub fn claimable(epoch: EpochIndex, device: DeviceId) -> Option<BalanceOf<T>> {
		let books = Epochs::<T>::get(epoch)?;
		let report = Reports::<T>::get(epoch, device)?;
		if report.status == ReportStatus::Slashed {
			return None;
		}
		let payout = Self::payout(epoch, &books).ok()?;
		Some(sci_primitives::share_of(payout, report.score, books.total_score))
	}

	/// Paid ≤ payout ≤ pool per epoch, the allocation matches the books and the balance, and
	/// the schedule and the scoring parameters obey their rules.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::{ensure, traits::fungible::InspectHold};
		let mut allocated = BalanceOf::<T>::zero();
		for (index, books) in Epochs::<T>::iter() {
			let payout = books.payout.unwrap_or(books.pool);
			ensure!(payout <= books.pool, "an epoch pays out more than its pool");
			ensure!(books.paid <= payout, "an epoch paid more than its payout");
			if index < CurrentEpoch::<T>::get() {
				allocated = allocated.saturating_add(payout.saturating_sub(books.paid));
			}
			ensure!(index >= OldestUnreleased::<T>::get(), "books of a released epoch remain");
		}
		ensure!(allocated == Allocated::<T>::get(), "Allocated does not match the books");
		ensure!(
			allocated <= T::Currency::balance(&Self::account()),
			"the pool holds less than it set aside"
		);
		ensure!(
			Attesters::<T>::count() <= T::MaxAttesters::get(),
			"more attesters than MaxAttesters"
		);
		ensure!(
			MiningSchedule::<T>::get().is_none_or(|schedule| schedule.is_valid()),
			"the mining schedule has a zero epoch length"
		);
		ensure!(T::Scoring::get().check().is_ok(), "the scoring parameters break their rules");
		let mut held = alloc::collections::btree_map::BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (_, _, report) in Reports::<T>::iter() {
			let entry = held.entry(report.submitter.clone()).or_default();
			*entry = entry.saturating_add(report.deposit);
		}
		for (who, deposits) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::ReportDeposit.into(), &who) == deposits,
				"a submitter's held deposit is not the sum of its reports' deposits"
			);
		}
		Ok(())
	}
}
