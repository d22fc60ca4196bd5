//! The SCI runtime rebuilt for the runtime-upgrade tests; never for a chain.
//!
//! * [`upgrade`]: `spec_version` 102, pallet-utility's calls, and the emission pallet's
//!   storage v1 → v2 migration (a supply checkpoint), with try-runtime checks.
//! * [`broken_upgrade`]: the same, but its migration mints tokens that emission does not
//!   account for, so `try_state` fails and `check-upgrade` must reject it.
//!
//! Natively this crate only holds the Wasm blobs; in its Wasm builds it is the runtime.
#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(not(feature = "std"))]
pub use sci_runtime::*;

/// The good test upgrade.
#[cfg(feature = "std")]
pub mod upgrade {
	include!(concat!(env!("OUT_DIR"), "/upgrade_wasm.rs"));
}

/// The test upgrade whose migration breaks the emission pallet's issuance invariant.
#[cfg(feature = "std")]
pub mod broken_upgrade {
	include!(concat!(env!("OUT_DIR"), "/broken_upgrade_wasm.rs"));
}
