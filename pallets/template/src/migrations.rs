//! Storage migrations of the template pallet, in the pattern every SCI pallet follows
//! (`pallets/emission/src/migrations.rs`): an [`UncheckedOnRuntimeUpgrade`] that changes the
//! layout, wrapped in [`VersionedMigration`] so that it runs once, only on a chain whose
//! on-chain storage version is the one it migrates from, and then sets the new version. Under
//! `try-runtime`, `pre_upgrade` records what the migration must preserve and `post_upgrade`
//! checks it; `sci-node check-upgrade` runs both, then every pallet's `try_state`.
//!
//! [`UncheckedOnRuntimeUpgrade`]: frame_support::traits::UncheckedOnRuntimeUpgrade
//! [`VersionedMigration`]: frame_support::migrations::VersionedMigration

/// Version 0 → 1: version 0 kept no [`Count`](crate::Count); this one counts the entries of
/// [`Something`](crate::Something) into it.
pub mod v1 {
	use crate::{Config, Count, Pallet, Something};
	use core::marker::PhantomData;
	use frame_support::{
		migrations::VersionedMigration,
		traits::{Get, UncheckedOnRuntimeUpgrade},
		weights::Weight,
	};
	#[cfg(feature = "try-runtime")]
	use {
		alloc::vec::Vec,
		codec::{Decode, Encode},
		sp_runtime::TryRuntimeError,
	};

	/// The layout change itself; use [`MigrateV0ToV1`], which runs it only on a version-0 chain.
	pub struct InnerMigrateV0ToV1<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			// One block may iterate the map because it is capped (`MaxEntries`); an unbounded
			// one would need a migration spread over several blocks.
			let entries = Something::<T>::iter_keys().count();
			Count::<T>::put(u32::try_from(entries).unwrap_or(u32::MAX));
			T::DbWeight::get().reads_writes(entries as u64, 1)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, TryRuntimeError> {
			frame_support::ensure!(!Count::<T>::exists(), "a version-0 chain has no Count");
			Ok((Something::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), TryRuntimeError> {
			let entries = u64::decode(&mut &state[..]).map_err(|_| "bad pre-upgrade state")?;
			frame_support::ensure!(
				u64::from(Count::<T>::get()) == entries,
				"Count does not match the entries before the upgrade"
			);
			Ok(())
		}
	}

	/// Version 0 → 1, run once: skipped (with a log line) unless the on-chain version is 0.
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		InnerMigrateV0ToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
