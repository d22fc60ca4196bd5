//! # SCI governance
//!
//! SCI is governed in two tiers. Token holders decide by referenda (`pallet-referenda`, votes
//! with conviction locks from `pallet-conviction-voting`); a technical committee
//! (`pallet-collective` with `pallet-membership`) vetoes and fast-tracks. This crate holds only
//! what SCI adds to those pallets:
//!
//! * [`Origin`]: the origins a referendum can command besides root, one per kind of decision:
//!   protocol [`Origin::Parameters`], [`Origin::FoundationBudgets`],
//!   [`Origin::CommitteeMembership`], and [`Origin::WhitelistedCaller`] for calls the committee
//!   has whitelisted. Each domain pallet accepts the origin of its kind (see the runtime's
//!   `configs/governance.rs`), so a referendum decides exactly what its track allows.
//! * [`tracks::Tracks`]: the referendum track of each origin, with its deposits, periods and
//!   approval and support curves ([`tracks::TRACKS`]); the root track enacts runtime upgrades
//!   (`System::authorize_upgrade`).
//! * [`periods`]: the other governance periods (vote locks, committee motions), in one place.
//!
//! The rules tying the tiers together are the runtime's choice of origins: a two-thirds
//! committee majority may cancel a referendum (the veto) or whitelist a call, which the
//! whitelisted-caller track then passes with a lower bar and shorter periods (the fast track).
//!
//! With the `fast-runtime` feature every period is a few blocks, for end-to-end tests only
//! (as Polkadot's `fast-runtime`); never build a network's runtime with it.
//!
//! The pallet has no calls or storage, so it has no weights to benchmark.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod periods;
pub mod tracks;

pub use pallet::*;
pub use tracks::Tracks;

#[frame_support::pallet]
pub mod pallet {
	use frame_support::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// Nothing to configure: the pallet only contributes its [`Origin`] to the runtime.
	#[pallet::config]
	pub trait Config: frame_system::Config {}

	/// The origins a passed referendum dispatches with, besides root. Each is the origin of one
	/// referendum track and is accepted only by the calls that decide its kind of matter.
	#[derive(
		PartialEq, Eq, Clone, MaxEncodedLen, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug,
	)]
	#[pallet::origin]
	pub enum Origin {
		/// Protocol parameters: fee burn and reward shares, mining, market and carbon
		/// parameters, the device quota and registry roles, mining rulings.
		Parameters,
		/// The foundation's quarterly budgets and its signatories.
		FoundationBudgets,
		/// Membership of the technical committee.
		CommitteeMembership,
		/// A call the technical committee whitelisted (`pallet-whitelist`): dispatched as root
		/// through `Whitelist::dispatch_whitelisted_call*` after a fast-track referendum.
		WhitelistedCaller,
	}
}

/// Defines `EnsureOrigin` for each [`Origin`] variant: a unit struct that accepts exactly that
/// origin and, in benchmarks, can produce it.
macro_rules! ensure_origins {
	($($(#[$doc:meta])* $name:ident => $variant:ident,)+) => {$(
		$(#[$doc])*
		pub struct $name;

		impl<O> frame_support::traits::EnsureOrigin<O> for $name
		where
			O: Clone + From<Origin> + Into<Result<Origin, O>>,
		{
			type Success = ();

			fn try_origin(o: O) -> Result<(), O> {
				match o.clone().into() {
					Ok(Origin::$variant) => Ok(()),
					_ => Err(o),
				}
			}

			#[cfg(feature = "runtime-benchmarks")]
			fn try_successful_origin() -> Result<O, ()> {
				Ok(O::from(Origin::$variant))
			}
		}
	)+};
}

ensure_origins! {
	/// A passed referendum on the parameters track.
	EnsureParameters => Parameters,
	/// A passed referendum on the foundation-budgets track.
	EnsureFoundationBudgets => FoundationBudgets,
	/// A passed referendum on the committee-membership track.
	EnsureCommitteeMembership => CommitteeMembership,
	/// A passed referendum on the whitelisted-caller track.
	EnsureWhitelistedCaller => WhitelistedCaller,
}
