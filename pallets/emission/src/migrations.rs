//! Storage migrations of the emission pallet.
//!
//! The pattern every SCI pallet follows: a migration is an [`UncheckedOnRuntimeUpgrade`] that
//! changes the layout, wrapped in [`VersionedMigration`] so that it runs exactly once, when the
//! on-chain storage version is the one it migrates from, and then bumps that version. It is
//! therefore idempotent and harmless to leave in the runtime's migration list for a release.
//! Under `try-runtime`, `pre_upgrade` snapshots what the migration must preserve and
//! `post_upgrade` checks it; `check-upgrade` and the try-runtime tooling run both, plus every
//! pallet's `try_state`.
//!
//! [`UncheckedOnRuntimeUpgrade`]: frame_support::traits::UncheckedOnRuntimeUpgrade
//! [`VersionedMigration`]: frame_support::migrations::VersionedMigration

/// v1 → v2, built only into the upgrade-test runtime (feature `upgrade-test`): records a
/// [`Checkpoint`] of the supply at the upgrade in the new `SupplyCheckpoint` item.
///
/// With `upgrade-test-broken` the migration also mints into the treasury without accounting
/// for it, a bug that breaks the pallet's issuance invariant; `check-upgrade` must reject it.
#[cfg(feature = "upgrade-test")]
pub mod v2 {
	use crate::{Config, Pallet, SupplyCheckpoint, TotalBurned, TotalIssued};
	use codec::{Decode, Encode, MaxEncodedLen};
	use core::marker::PhantomData;
	use frame_support::{
		migrations::VersionedMigration,
		traits::{fungible::Inspect, Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	use scale_info::TypeInfo;
	#[cfg(feature = "try-runtime")]
	use {crate::InitialIssuance, alloc::vec::Vec, sp_runtime::TryRuntimeError};

	/// The supply as the migration found it.
	#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
	pub struct Checkpoint<BlockNumber, Balance> {
		/// The last block on the old runtime, i.e. the one that enacted the upgrade (migrations
		/// run before `frame_system` sets the new block's number).
		pub block: BlockNumber,
		/// Total issuance of the native token.
		pub total_issuance: Balance,
		/// Minted by emission so far (`TotalIssued`).
		pub issued: Balance,
		/// Burned by this pallet so far (`TotalBurned`).
		pub burned: Balance,
	}

	/// The layout change itself; use [`MigrateV1ToV2`], which runs it only on a v1 chain.
	pub struct InnerMigrateV1ToV2<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			#[cfg(feature = "upgrade-test-broken")]
			{
				// The deliberate bug: new tokens that emission never accounts for.
				let _ = <T::Currency as frame_support::traits::fungible::Mutate<_>>::mint_into(
					&Pallet::<T>::treasury_account(),
					T::Currency::minimum_balance(),
				);
			}
			SupplyCheckpoint::<T>::put(Checkpoint {
				block: frame_system::Pallet::<T>::block_number(),
				total_issuance: T::Currency::total_issuance(),
				issued: TotalIssued::<T>::get(),
				burned: TotalBurned::<T>::get(),
			});
			T::DbWeight::get().reads_writes(4, 1)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			frame_support::ensure!(
				SupplyCheckpoint::<T>::get().is_none(),
				"a v1 chain has no supply checkpoint"
			);
			Ok((TotalIssued::<T>::get(), TotalBurned::<T>::get(), InitialIssuance::<T>::get())
				.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let (issued, burned, initial): (
				crate::BalanceOf<T>,
				crate::BalanceOf<T>,
				crate::BalanceOf<T>,
			) = Decode::decode(&mut &state[..]).map_err(|_| "bad pre-upgrade state")?;
			let checkpoint = SupplyCheckpoint::<T>::get().ok_or("no supply checkpoint")?;
			frame_support::ensure!(
				checkpoint.issued == issued && checkpoint.burned == burned,
				"the checkpoint does not match the supply counters"
			);
			frame_support::ensure!(
				InitialIssuance::<T>::get() == initial,
				"the migration changed the initial issuance"
			);
			Ok(())
		}
	}

	/// v1 → v2, run once: skipped (with a log line) unless the on-chain version is 1.
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		InnerMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
