//! The SCI runtime rebuilt for tests; never for a public chain.
//!
//! * [`upgrade`]: `spec_version` 102, pallet-utility's calls, and the emission pallet's
//!   storage v1 → v2 migration (a supply checkpoint), with try-runtime checks.
//! * [`broken_upgrade`]: the same, but its migration mints tokens that emission does not
//!   account for, so `try_state` fails and `check-upgrade` must reject it.
//! * [`fast_runtime`]: the current runtime (`spec_version` 101) with the `fast-runtime`
//!   feature: governance periods of a few blocks, for the governance end-to-end tests.
//! * [`trap_runtime`]: the current runtime (`spec_version` 101) whose `initialize_block` traps:
//!   a chain that enacts it stops, for the `codeSubstitutes` and `--wasm-runtime-overrides`
//!   tests.
//!
//! Natively this crate only holds the Wasm blobs; in its Wasm builds it is the runtime.
#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(not(feature = "std"))]
pub use sci_runtime::*;

/// The good test upgrade.
#[cfg(feature = "std")]
#[allow(missing_docs)] // substrate-wasm-builder generates the constants without docs
pub mod upgrade {
	include!(concat!(env!("OUT_DIR"), "/upgrade_wasm.rs"));
}

/// The test upgrade whose migration breaks the emission pallet's issuance invariant.
#[cfg(feature = "std")]
#[allow(missing_docs)] // substrate-wasm-builder generates the constants without docs
pub mod broken_upgrade {
	include!(concat!(env!("OUT_DIR"), "/broken_upgrade_wasm.rs"));
}

/// The current runtime with governance periods of a few blocks.
#[cfg(feature = "std")]
#[allow(missing_docs)] // substrate-wasm-builder generates the constants without docs
pub mod fast_runtime {
	include!(concat!(env!("OUT_DIR"), "/fast_runtime_wasm.rs"));
}

/// The current runtime whose every block initialization traps.
#[cfg(feature = "std")]
#[allow(missing_docs)] // substrate-wasm-builder generates the constants without docs
pub mod trap_runtime {
	include!(concat!(env!("OUT_DIR"), "/trap_runtime_wasm.rs"));
}
