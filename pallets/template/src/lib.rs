//! # Template pallet
//!
//! The starting point for a new SCI pallet, modelled on polkadot-sdk's solochain template pallet
//! and laid out as SCI's pallets are. Copy the crate, rename it, replace the logic; the guide,
//! `docs/runtime-developers.md`, walks through wiring it into the runtime, benchmarking it and
//! shipping it by a runtime upgrade. This crate is not part of the runtime.
//!
//! Each account may keep one number ([`Something`]). Storage is bounded: at most
//! [`Config::MaxEntries`] accounts hold one at a time ([`Count`] counts them), so the pallet's
//! state, its migration ([`migrations::v1`]) and its invariant check (the `try_state` hook)
//! all stay within known limits.
//!
//! ## Calls
//!
//! * [`Pallet::store`]: keep a number, within the cap.
//! * [`Pallet::increment`]: add one to it, refusing to overflow.
//! * [`Pallet::force_remove`]: [`Config::AdminOrigin`] removes an account's number.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use pallet::*;
pub use weights::WeightInfo;

/// The pallet: its configuration, storage, genesis, events, errors, hooks and calls.
#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	/// The storage layout version this code reads and writes. Version 1 added [`Count`]
	/// ([`crate::migrations::v1`] migrates a version-0 chain).
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// The template pallet.
	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// What the runtime sets for this pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// May remove any account's number ([`Pallet::force_remove`]).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Most accounts holding a number at once. Must not be zero.
		#[pallet::constant]
		type MaxEntries: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// The number each account keeps; at most [`Config::MaxEntries`] entries.
	#[pallet::storage]
	pub type Something<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32>;

	/// Entries in [`Something`] (since storage version 1).
	#[pallet::storage]
	pub type Count<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The pallet's state in the first block.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Numbers kept from genesis: one per account, at most [`Config::MaxEntries`].
		pub entries: Vec<(T::AccountId, u32)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (who, value) in &self.entries {
				assert!(!Something::<T>::contains_key(who), "an account twice in the genesis");
				Something::<T>::insert(who, value);
			}
			let count = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
			assert!(count <= T::MaxEntries::get(), "more genesis entries than MaxEntries");
			Count::<T>::put(count);
		}
	}

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account stored a number.
		Stored {
			/// The account.
			who: T::AccountId,
			/// Its number.
			value: u32,
		},
		/// An account's number went up by one.
		Incremented {
			/// The account.
			who: T::AccountId,
			/// Its new number.
			value: u32,
		},
		/// The admin origin removed an account's number.
		Removed {
			/// The account.
			who: T::AccountId,
		},
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// The account keeps no number.
		NoValue,
		/// The number is `u32::MAX` already.
		Overflow,
		/// [`Config::MaxEntries`] accounts keep a number already.
		TooManyEntries,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxEntries::get() > 0, "MaxEntries must not be zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Keep `value` as the caller's number, replacing the one it kept.
		///
		/// The dispatch origin must be signed ([`DispatchError::BadOrigin`] otherwise). Fails
		/// with [`Error::TooManyEntries`] when the caller keeps no number yet and
		/// [`Config::MaxEntries`] accounts already do; replacing a number always succeeds.
		/// Emits [`Event::Stored`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::store())]
		pub fn store(origin: OriginFor<T>, value: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			if !Something::<T>::contains_key(&who) {
				let count = Count::<T>::get();
				ensure!(count < T::MaxEntries::get(), Error::<T>::TooManyEntries);
				Count::<T>::put(count.saturating_add(1));
			}
			Something::<T>::insert(&who, value);
			Self::deposit_event(Event::Stored { who, value });
			Ok(())
		}

		/// Add one to the caller's number.
		///
		/// The dispatch origin must be signed ([`DispatchError::BadOrigin`] otherwise). Fails
		/// with [`Error::NoValue`] if the caller keeps no number and with [`Error::Overflow`]
		/// if it is `u32::MAX`. Emits [`Event::Incremented`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::increment())]
		pub fn increment(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let value = Something::<T>::get(&who).ok_or(Error::<T>::NoValue)?;
			let value = value.checked_add(1).ok_or(Error::<T>::Overflow)?;
			Something::<T>::insert(&who, value);
			Self::deposit_event(Event::Incremented { who, value });
			Ok(())
		}

		/// Remove `who`'s number, freeing its place under the cap.
		///
		/// The dispatch origin must be [`Config::AdminOrigin`] ([`DispatchError::BadOrigin`]
		/// otherwise). Fails with [`Error::NoValue`] if `who` keeps no number. Emits
		/// [`Event::Removed`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::force_remove())]
		pub fn force_remove(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			ensure!(Something::<T>::contains_key(&who), Error::<T>::NoValue);
			Something::<T>::remove(&who);
			Count::<T>::mutate(|count| *count = count.saturating_sub(1));
			Self::deposit_event(Event::Removed { who });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The pallet's invariants: [`Count`] counts the entries of [`Something`], which are at most
	/// [`Config::MaxEntries`]. The `try_state` hook runs this under `try-runtime`
	/// (`sci-node check-upgrade`), the unit tests after every call.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::Get;
		let entries = Something::<T>::iter_keys().count();
		frame_support::ensure!(
			Count::<T>::get() as usize == entries,
			"Count does not match the entries"
		);
		frame_support::ensure!(
			Count::<T>::get() <= T::MaxEntries::get(),
			"more entries than MaxEntries"
		);
		Ok(())
	}
}
