//! Storage migrations the next runtime upgrade runs, before the pallets' own
//! `on_runtime_upgrade` hooks (see `docs/runtime-upgrades.md`).
//!
//! Every entry is a pallet's `VersionedMigration`: it runs once, when that pallet's on-chain
//! storage version is the one it migrates from, so a chain that is already migrated skips it.
//! Entries are removed in the release after the one that enacted them.

/// Migrations of the next release. None yet: the chain's pallets are at their first layouts.
#[cfg(not(feature = "upgrade-test"))]
pub type Unreleased = ();

/// The upgrade-test runtime's migrations.
#[cfg(feature = "upgrade-test")]
pub type Unreleased = (pallet_emission::migrations::v2::MigrateV1ToV2<crate::Runtime>,);
