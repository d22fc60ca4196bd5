//! # Carbon-credits pallet
//!
//! Tracks the city's carbon effects: footprints recorded by meters, credits issued by
//! accredited verifiers, their retirement against emissions, and carbon-neutrality
//! certificates.
//!
//! ## Footprints
//!
//! A valid meter device (through [`Config::Devices`]) records its owner's energy use and
//! emissions (kg CO2e) for the current footprint period of [`Config::FootprintPeriod`] blocks
//! ([`Pallet::record_footprint`]); records add up.
//!
//! ## Credits
//!
//! Governance accredits verifiers ([`Pallet::set_verifier`]). A verifier registers projects and
//! issues credit batches for them (project, vintage, amount in kg CO2e), each batch taking the
//! next serial range of its project ([`Pallet::issue_batch`]). Credits are balances per batch,
//! transferable ([`Pallet::transfer`]).
//!
//! Batch 0 holds *green points*: [`OnGreenDelivery`] (called by the energy market when green
//! energy is delivered) mints `kWh × factor / 1000` kg of it to the buyer, where the factor is
//! the energy type's grams of CO2e avoided per kWh in [`Config::GreenFactors`], a protocol
//! parameter set by governance through the runtime's parameters pallet.
//!
//! ## Retirement and certificates
//!
//! Retiring burns credits of a batch for a footprint period, with a beneficiary, jurisdiction
//! and reason, kept as a [`Retirement`] record ([`Pallet::retire`]). An account whose retired
//! credits for a period cover its recorded emissions for it claims a non-transferable
//! carbon-neutrality certificate ([`Pallet::claim_certificate`]).
//!
//! ## Runtime API
//!
//! [`runtime_api::CarbonApi`]: an account's footprint, credits, retirements and certificates.
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

use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use sci_primitives::{
	devices::DeviceRegistry,
	energy::{EnergyType, OnGreenDelivery},
};
use sp_runtime::traits::UniqueSaturatedInto;

/// The batch of green points earned on the energy market.
pub const GREEN_POINTS: BatchId = 0;

/// A retirement record of a runtime.
pub type RetirementOf<T> = Retirement<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::MaxTextLength,
>;
/// A project of a runtime.
pub type ProjectOf<T> =
	Project<<T as frame_system::Config>::AccountId, <T as Config>::MaxTextLength>;
/// Free text of a runtime.
pub type TextOf<T> = frame_support::BoundedVec<u8, <T as Config>::MaxTextLength>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Which accounts are valid meters, and who owns them.
		type Devices: DeviceRegistry<Self::AccountId>;

		/// Accredits verifiers: the `GovernanceOrigin` configured by the runtime (in SCI:
		/// `ParametersOrigin`, root or a passed referendum on the parameters track).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Blocks per footprint period. Must not be zero.
		#[pallet::constant]
		type FootprintPeriod: Get<BlockNumberFor<Self>>;

		/// Most bytes of a project name, beneficiary, jurisdiction or reason.
		#[pallet::constant]
		type MaxTextLength: Get<u32>;

		/// Grams of CO2e avoided per kWh of each energy type bought on the market, which set the
		/// green points: a protocol parameter, set by governance through the runtime's
		/// parameters pallet.
		type GreenFactors: Get<sci_primitives::energy::GreenFactors>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Energy use and emissions per account and footprint period.
	#[pallet::storage]
	pub type Footprints<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		PeriodIndex,
		Footprint,
		ValueQuery,
	>;

	/// Accounts accredited to register projects and issue credits.
	#[pallet::storage]
	pub type Verifiers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, ()>;

	/// Registered projects.
	#[pallet::storage]
	pub type Projects<T: Config> = StorageMap<_, Twox64Concat, ProjectId, ProjectOf<T>>;

	/// The id the next project gets.
	#[pallet::storage]
	pub type NextProject<T: Config> = StorageValue<_, ProjectId, ValueQuery>;

	/// Issued batches; batch 0 is the green points.
	#[pallet::storage]
	pub type Batches<T: Config> = StorageMap<_, Twox64Concat, BatchId, Batch>;

	/// The id the next batch gets (batch 0 is the green points).
	#[pallet::storage]
	pub type NextBatch<T: Config> = StorageValue<_, BatchId, ValueQuery>;

	/// Credits (kg CO2e) per batch and account.
	#[pallet::storage]
	pub type Credits<T: Config> =
		StorageDoubleMap<_, Twox64Concat, BatchId, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	/// Retirement records.
	#[pallet::storage]
	pub type Retirements<T: Config> = StorageMap<_, Twox64Concat, RetirementId, RetirementOf<T>>;

	/// The id the next retirement gets.
	#[pallet::storage]
	pub type NextRetirement<T: Config> = StorageValue<_, RetirementId, ValueQuery>;

	/// Each account's retirements, for lookups.
	#[pallet::storage]
	pub type AccountRetirements<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, RetirementId, ()>;

	/// Credits retired per account and footprint period.
	#[pallet::storage]
	pub type RetiredFor<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		PeriodIndex,
		u64,
		ValueQuery,
	>;

	/// Carbon-neutrality certificates per account and footprint period.
	#[pallet::storage]
	pub type Certificates<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		PeriodIndex,
		NeutralityCertificate<BlockNumberFor<T>>,
	>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The first verifiers.
		pub verifiers: alloc::vec::Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for verifier in &self.verifiers {
				Verifiers::<T>::insert(verifier, ());
			}
			Pallet::<T>::ensure_green_points_batch();
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `meter` recorded `energy_kwh` and `emissions_kg` for `account` in `period`.
		FootprintRecorded {
			/// The meter's owner, whose footprint it is.
			account: T::AccountId,
			/// The recording meter.
			meter: sci_primitives::devices::DeviceId,
			/// The footprint period.
			period: PeriodIndex,
			/// Energy use added, in kWh.
			energy_kwh: u64,
			/// Emissions added, in kg CO2e.
			emissions_kg: u64,
		},
		/// `who` may now register projects and issue credits (`true`), or no longer.
		VerifierSet {
			/// The account.
			who: T::AccountId,
			/// Whether it is an accredited verifier now.
			verifier: bool,
		},
		/// `verifier` registered `project`.
		ProjectRegistered {
			/// The new project's id.
			project: ProjectId,
			/// The verifier that registered it.
			verifier: T::AccountId,
		},
		/// `batch` of `project` issued `amount` kg with serials `[first_serial, first_serial +
		/// amount)` to `to`.
		BatchIssued {
			/// The new batch's id.
			batch: BatchId,
			/// Its project.
			project: ProjectId,
			/// The year the reductions happened.
			vintage: u16,
			/// The first serial of the batch.
			first_serial: u64,
			/// Credits issued, in kg CO2e.
			amount: u64,
			/// Who received them.
			to: T::AccountId,
		},
		/// `amount` of `batch` moved from `from` to `to`.
		Transferred {
			/// The batch.
			batch: BatchId,
			/// The sender.
			from: T::AccountId,
			/// The recipient.
			to: T::AccountId,
			/// Credits moved, in kg CO2e.
			amount: u64,
		},
		/// `account` retired `amount` of `batch` for `period` (record `retirement`).
		Retired {
			/// The retirement record's id.
			retirement: RetirementId,
			/// The account whose credits were retired.
			account: T::AccountId,
			/// The batch.
			batch: BatchId,
			/// Credits retired, in kg CO2e.
			amount: u64,
			/// The footprint period they were retired for.
			period: PeriodIndex,
		},
		/// `account` is carbon neutral in `period`.
		CertificateIssued {
			/// The certified account.
			account: T::AccountId,
			/// The footprint period.
			period: PeriodIndex,
		},
		/// `buyer` earned `points` green points for `kwh` of `energy`.
		PointsAwarded {
			/// The buyer of the energy.
			buyer: T::AccountId,
			/// The energy type delivered.
			energy: EnergyType,
			/// The kWh delivered.
			kwh: u64,
			/// Green points minted (batch 0), in kg CO2e.
			points: u64,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller's account is not the key of a valid meter device.
		NotAMeter,
		/// Only accredited verifiers may do this.
		NotVerifier,
		/// No such project.
		UnknownProject,
		/// Only the verifier that registered the project issues its credits.
		NotProjectVerifier,
		/// No such batch.
		UnknownBatch,
		/// Not enough credits of the batch.
		InsufficientCredits,
		/// Nothing to do with zero credits.
		ZeroAmount,
		/// The period has not started yet.
		FuturePeriod,
		/// No emissions are recorded for the period.
		NoFootprint,
		/// The retired credits do not cover the period's emissions.
		NotCovered,
		/// The account already holds the period's certificate.
		AlreadyCertified,
		/// A counter or total reached its maximum.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				!sp_runtime::traits::Zero::is_zero(&T::FootprintPeriod::get()),
				"FootprintPeriod must not be zero"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Record the caller's meter's owner's `energy_kwh` and `emissions_kg` in the current
		/// footprint period (added to what is recorded). The caller is a valid meter's key.
		///
		/// The dispatch origin must be _Signed_ by the account of a valid device's current key
		/// (through [`Config::Devices`]); the footprint is its owner's.
		///
		/// Emits [`Event::FootprintRecorded`].
		///
		/// Errors:
		/// - [`Error::NotAMeter`] if the caller is not the key of a valid device;
		/// - [`Error::Overflow`] if the owner's energy or emissions for the period would
		///   overflow.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::record_footprint())]
		pub fn record_footprint(
			origin: OriginFor<T>,
			energy_kwh: u64,
			emissions_kg: u64,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let meter = T::Devices::device_of(&who).ok_or(Error::<T>::NotAMeter)?;
			let account = T::Devices::owner(meter).ok_or(Error::<T>::NotAMeter)?;
			let period = Self::current_period();
			Footprints::<T>::try_mutate(&account, period, |footprint| -> DispatchResult {
				footprint.energy_kwh =
					footprint.energy_kwh.checked_add(energy_kwh).ok_or(Error::<T>::Overflow)?;
				footprint.emissions_kg =
					footprint.emissions_kg.checked_add(emissions_kg).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
			Self::deposit_event(Event::FootprintRecorded {
				account,
				meter,
				period,
				energy_kwh,
				emissions_kg,
			});
			Ok(())
		}

		/// Accredit `who` as a verifier (`verifier = true`) or withdraw it.
		///
		/// A withdrawn verifier's projects and credits stay; it may no longer issue credits.
		///
		/// The dispatch origin must be [`Config::GovernanceOrigin`].
		///
		/// Emits [`Event::VerifierSet`].
		///
		/// Errors: none of this pallet's; another origin gets `BadOrigin`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_verifier())]
		pub fn set_verifier(
			origin: OriginFor<T>,
			who: T::AccountId,
			verifier: bool,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			if verifier {
				Verifiers::<T>::insert(&who, ());
			} else {
				Verifiers::<T>::remove(&who);
			}
			Self::deposit_event(Event::VerifierSet { who, verifier });
			Ok(())
		}

		/// Register a project named `name`, verified by the caller.
		///
		/// The dispatch origin must be _Signed_ by an accredited verifier.
		///
		/// Emits [`Event::ProjectRegistered`].
		///
		/// Errors:
		/// - [`Error::NotVerifier`] if the caller is not an accredited verifier;
		/// - [`Error::Overflow`] if the project id would overflow.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_project())]
		pub fn register_project(origin: OriginFor<T>, name: TextOf<T>) -> DispatchResult {
			let verifier = ensure_signed(origin)?;
			ensure!(Verifiers::<T>::contains_key(&verifier), Error::<T>::NotVerifier);
			let project = NextProject::<T>::get();
			NextProject::<T>::put(project.checked_add(1).ok_or(Error::<T>::Overflow)?);
			Projects::<T>::insert(
				project,
				Project { verifier: verifier.clone(), name, next_serial: 0 },
			);
			Self::deposit_event(Event::ProjectRegistered { project, verifier });
			Ok(())
		}

		/// Issue `amount` kg of credits of `project` from `vintage` to `to`, as a new batch with
		/// the project's next serials. The project's verifier only, while accredited.
		///
		/// The dispatch origin must be _Signed_ by the verifier that registered `project`,
		/// while it is accredited.
		///
		/// Emits [`Event::BatchIssued`].
		///
		/// Errors:
		/// - [`Error::NotVerifier`] if the caller is not an accredited verifier;
		/// - [`Error::UnknownProject`] if no project has the id `project`;
		/// - [`Error::NotProjectVerifier`] if another verifier registered the project;
		/// - [`Error::ZeroAmount`] if `amount` is zero;
		/// - [`Error::Overflow`] if the project's serials or the batch id would overflow.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::issue_batch())]
		pub fn issue_batch(
			origin: OriginFor<T>,
			project: ProjectId,
			vintage: u16,
			amount: u64,
			to: T::AccountId,
		) -> DispatchResult {
			let verifier = ensure_signed(origin)?;
			ensure!(Verifiers::<T>::contains_key(&verifier), Error::<T>::NotVerifier);
			let mut info = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			ensure!(info.verifier == verifier, Error::<T>::NotProjectVerifier);
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			let first_serial = info.next_serial;
			info.next_serial = first_serial.checked_add(amount).ok_or(Error::<T>::Overflow)?;
			let batch = NextBatch::<T>::get();
			NextBatch::<T>::put(batch.checked_add(1).ok_or(Error::<T>::Overflow)?);
			Projects::<T>::insert(project, info);
			Batches::<T>::insert(
				batch,
				Batch { project: Some(project), vintage, first_serial, issued: amount, retired: 0 },
			);
			Credits::<T>::insert(batch, &to, amount);
			Self::deposit_event(Event::BatchIssued {
				batch,
				project,
				vintage,
				first_serial,
				amount,
				to,
			});
			Ok(())
		}

		/// Send `amount` of the caller's credits of `batch` to `to`.
		///
		/// The dispatch origin must be _Signed_ by the holder of the credits.
		///
		/// Emits [`Event::Transferred`].
		///
		/// Errors:
		/// - [`Error::UnknownBatch`] if no batch has the id `batch`;
		/// - [`Error::ZeroAmount`] if `amount` is zero;
		/// - [`Error::InsufficientCredits`] if the caller holds less than `amount` of the batch;
		/// - [`Error::Overflow`] if the recipient's credits of the batch would overflow.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::transfer())]
		pub fn transfer(
			origin: OriginFor<T>,
			batch: BatchId,
			to: T::AccountId,
			amount: u64,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			ensure!(Batches::<T>::contains_key(batch), Error::<T>::UnknownBatch);
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			Self::debit(batch, &from, amount)?;
			Credits::<T>::try_mutate(batch, &to, |balance| -> DispatchResult {
				*balance = balance.checked_add(amount).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
			Self::deposit_event(Event::Transferred { batch, from, to, amount });
			Ok(())
		}

		/// Burn `amount` of the caller's credits of `batch` against its emissions in `period`
		/// (current or past), for `beneficiary` in `jurisdiction`, because of `reason`.
		///
		/// Keeps a [`Retirement`] record and counts the amount towards the caller's retired
		/// credits for `period` ([`Pallet::claim_certificate`]).
		///
		/// The dispatch origin must be _Signed_ by the holder of the credits.
		///
		/// Emits [`Event::Retired`].
		///
		/// Errors:
		/// - [`Error::FuturePeriod`] if `period` is after the current footprint period;
		/// - [`Error::ZeroAmount`] if `amount` is zero;
		/// - [`Error::UnknownBatch`] if no batch has the id `batch`;
		/// - [`Error::InsufficientCredits`] if the caller holds less than `amount` of the batch;
		/// - [`Error::Overflow`] if the batch's retired total, the caller's retired credits for
		///   `period` or the retirement id would overflow.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::retire())]
		pub fn retire(
			origin: OriginFor<T>,
			batch: BatchId,
			amount: u64,
			period: PeriodIndex,
			beneficiary: TextOf<T>,
			jurisdiction: TextOf<T>,
			reason: TextOf<T>,
		) -> DispatchResult {
			let account = ensure_signed(origin)?;
			ensure!(period <= Self::current_period(), Error::<T>::FuturePeriod);
			ensure!(amount > 0, Error::<T>::ZeroAmount);
			let mut info = Batches::<T>::get(batch).ok_or(Error::<T>::UnknownBatch)?;
			Self::debit(batch, &account, amount)?;
			info.retired = info.retired.checked_add(amount).ok_or(Error::<T>::Overflow)?;
			Batches::<T>::insert(batch, info);
			RetiredFor::<T>::try_mutate(&account, period, |retired| -> DispatchResult {
				*retired = retired.checked_add(amount).ok_or(Error::<T>::Overflow)?;
				Ok(())
			})?;
			let retirement = NextRetirement::<T>::get();
			NextRetirement::<T>::put(retirement.checked_add(1).ok_or(Error::<T>::Overflow)?);
			Retirements::<T>::insert(
				retirement,
				Retirement {
					account: account.clone(),
					batch,
					amount,
					period,
					beneficiary,
					jurisdiction,
					reason,
					at: frame_system::Pallet::<T>::block_number(),
				},
			);
			AccountRetirements::<T>::insert(&account, retirement, ());
			Self::deposit_event(Event::Retired { retirement, account, batch, amount, period });
			Ok(())
		}

		/// Claim the caller's carbon-neutrality certificate for `period`: its retired credits
		/// for the period must cover its recorded emissions.
		///
		/// The dispatch origin must be _Signed_ by the account to certify.
		///
		/// Emits [`Event::CertificateIssued`].
		///
		/// Errors:
		/// - [`Error::AlreadyCertified`] if the caller holds the period's certificate already;
		/// - [`Error::NoFootprint`] if no emissions are recorded for the caller in `period`;
		/// - [`Error::NotCovered`] if the caller's retired credits for `period` are less than
		///   its recorded emissions.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::claim_certificate())]
		pub fn claim_certificate(origin: OriginFor<T>, period: PeriodIndex) -> DispatchResult {
			let account = ensure_signed(origin)?;
			ensure!(
				!Certificates::<T>::contains_key(&account, period),
				Error::<T>::AlreadyCertified
			);
			let emissions = Footprints::<T>::get(&account, period).emissions_kg;
			ensure!(emissions > 0, Error::<T>::NoFootprint);
			let retired = RetiredFor::<T>::get(&account, period);
			ensure!(retired >= emissions, Error::<T>::NotCovered);
			Certificates::<T>::insert(
				&account,
				period,
				NeutralityCertificate {
					emissions_kg: emissions,
					retired_kg: retired,
					issued_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			Self::deposit_event(Event::CertificateIssued { account, period });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The footprint period of the current block.
	pub fn current_period() -> PeriodIndex {
		(frame_system::Pallet::<T>::block_number() / T::FootprintPeriod::get())
			.unique_saturated_into()
	}

	/// Take `amount` of `batch` from `who`.
	fn debit(batch: BatchId, who: &T::AccountId, amount: u64) -> Result<(), Error<T>> {
		Credits::<T>::try_mutate_exists(batch, who, |balance| {
			let left =
				balance.unwrap_or(0).checked_sub(amount).ok_or(Error::<T>::InsufficientCredits)?;
			*balance = (left > 0).then_some(left);
			Ok(())
		})
	}

	/// Create batch 0, the green points, if it does not exist.
	fn ensure_green_points_batch() {
		if !Batches::<T>::contains_key(GREEN_POINTS) {
			Batches::<T>::insert(
				GREEN_POINTS,
				Batch { project: None, vintage: 0, first_serial: 0, issued: 0, retired: 0 },
			);
			NextBatch::<T>::mutate(|next| *next = (*next).max(GREEN_POINTS + 1));
		}
	}

	/// Every batch's issued amount is its holdings plus what was retired; retirement records
	/// add up to the per-period totals; certificates are covered.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::ensure;
		for (batch, info) in Batches::<T>::iter() {
			let held: u128 = Credits::<T>::iter_prefix_values(batch).map(u128::from).sum::<u128>();
			ensure!(
				held + u128::from(info.retired) == u128::from(info.issued),
				"a batch's holdings and retirements do not add up to its issue"
			);
			ensure!(batch < NextBatch::<T>::get(), "a batch id is not below NextBatch");
		}
		let mut retired = BTreeMap::<(T::AccountId, PeriodIndex), u64>::new();
		for (id, record) in Retirements::<T>::iter() {
			ensure!(
				AccountRetirements::<T>::contains_key(&record.account, id),
				"a retirement is not indexed by its account"
			);
			*retired.entry((record.account, record.period)).or_default() += record.amount;
		}
		for (account, period, total) in RetiredFor::<T>::iter() {
			ensure!(
				retired.get(&(account, period)).copied() == Some(total),
				"retirement records do not add up to RetiredFor"
			);
		}
		for (account, period, certificate) in Certificates::<T>::iter() {
			ensure!(
				RetiredFor::<T>::get(&account, period) >= certificate.emissions_kg,
				"a certificate is not covered"
			);
		}
		Ok(())
	}
}

/// Green energy delivered on the market earns its buyer green points (batch 0).
impl<T: Config> OnGreenDelivery<T::AccountId> for Pallet<T> {
	fn on_green_delivery(buyer: &T::AccountId, energy: EnergyType, kwh: u64) {
		let grams = u128::from(kwh) * u128::from(T::GreenFactors::get().grams_per_kwh(energy));
		let points = u64::try_from(grams / 1_000).unwrap_or(u64::MAX);
		if points == 0 {
			return;
		}
		Self::ensure_green_points_batch();
		Batches::<T>::mutate_extant(GREEN_POINTS, |batch| {
			batch.issued = batch.issued.saturating_add(points)
		});
		Credits::<T>::mutate(GREEN_POINTS, buyer, |balance| {
			*balance = balance.saturating_add(points)
		});
		Self::deposit_event(Event::PointsAwarded { buyer: buyer.clone(), energy, kwh, points });
	}
}
