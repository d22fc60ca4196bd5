//! The referendum tracks: which origin a referendum commands, and what it takes to pass.
//!
//! Approval is the share of conviction-weighted aye votes; support the share of the active
//! issuance voting aye (without conviction). Both must stay above their curve, which falls over
//! the decision period, for the whole confirm period. Thresholds, periods and deposits are
//! explained in `docs/governance.md`.

use crate::{
	periods::{blocks, FAST_PREPARE, PREPARE},
	Origin,
};
use alloc::borrow::Cow;
use core::marker::PhantomData;
use pallet_referenda::{Curve, Track, TrackInfo, TracksInfo};
use sci_primitives::{
	time::{DAYS, HOURS, MINUTES},
	units::UNIT,
	Balance, BlockNumber,
};
use sp_runtime::Perbill;

/// A track's identifier.
pub type TrackId = u16;

/// Runtime code and anything else only root may do.
pub const ROOT: TrackId = 0;
/// Calls the technical committee whitelisted, dispatched as root.
pub const WHITELISTED_CALLER: TrackId = 1;
/// Protocol parameters.
pub const PARAMETERS: TrackId = 2;
/// The foundation's budgets and signatories.
pub const FOUNDATION_BUDGETS: TrackId = 3;
/// Technical committee membership.
pub const COMMITTEE_MEMBERSHIP: TrackId = 4;

/// A track name padded to the 25 bytes `pallet-referenda` stores.
const fn name(text: &str) -> [u8; 25] {
	let bytes = text.as_bytes();
	let mut out = [0u8; 25];
	let mut i = 0;
	while i < bytes.len() {
		out[i] = bytes[i];
		i += 1;
	}
	out
}

/// Falls linearly from `ceil` to `floor` (percent) over `length` percent of the decision
/// period, then stays at `floor`.
const fn linear(length: u32, ceil: u32, floor: u32) -> Curve {
	Curve::LinearDecreasing {
		length: Perbill::from_percent(length),
		floor: Perbill::from_percent(floor),
		ceil: Perbill::from_percent(ceil),
	}
}

/// Every track, sorted by id.
pub const TRACKS: [Track<TrackId, Balance, BlockNumber>; 5] = [
	Track {
		id: ROOT,
		info: TrackInfo {
			name: name("root"),
			// One upgrade at a time.
			max_deciding: 1,
			decision_deposit: 100_000 * UNIT,
			prepare_period: blocks(2 * HOURS, 2),
			decision_period: blocks(14 * DAYS, 40),
			confirm_period: blocks(DAYS, 4),
			min_enactment_period: blocks(DAYS, 2),
			// A simple majority at the end; support falls from half to 5 % of the issuance.
			min_approval: linear(100, 100, 50),
			min_support: linear(100, 50, 5),
		},
	},
	Track {
		id: WHITELISTED_CALLER,
		info: TrackInfo {
			name: name("whitelisted_caller"),
			max_deciding: 10,
			decision_deposit: 10_000 * UNIT,
			prepare_period: FAST_PREPARE,
			decision_period: blocks(7 * DAYS, 40),
			confirm_period: blocks(10 * MINUTES, 2),
			min_enactment_period: blocks(10 * MINUTES, 1),
			// The committee vetted the call: a majority and 1 % support from halfway on.
			min_approval: linear(50, 100, 50),
			min_support: linear(50, 5, 1),
		},
	},
	Track {
		id: PARAMETERS,
		info: TrackInfo {
			name: name("parameters"),
			max_deciding: 10,
			decision_deposit: 10_000 * UNIT,
			prepare_period: PREPARE,
			decision_period: blocks(7 * DAYS, 40),
			confirm_period: blocks(3 * HOURS, 4),
			min_enactment_period: blocks(DAYS, 2),
			min_approval: linear(100, 100, 50),
			min_support: linear(100, 20, 2),
		},
	},
	Track {
		id: FOUNDATION_BUDGETS,
		info: TrackInfo {
			name: name("foundation_budgets"),
			max_deciding: 5,
			decision_deposit: 20_000 * UNIT,
			prepare_period: PREPARE,
			decision_period: blocks(14 * DAYS, 40),
			confirm_period: blocks(DAYS, 4),
			min_enactment_period: blocks(DAYS, 2),
			min_approval: linear(100, 100, 50),
			min_support: linear(100, 30, 3),
		},
	},
	Track {
		id: COMMITTEE_MEMBERSHIP,
		info: TrackInfo {
			name: name("committee_membership"),
			max_deciding: 5,
			decision_deposit: 10_000 * UNIT,
			prepare_period: PREPARE,
			decision_period: blocks(7 * DAYS, 40),
			confirm_period: blocks(DAYS, 4),
			min_enactment_period: blocks(DAYS, 2),
			min_approval: linear(100, 100, 50),
			min_support: linear(100, 30, 3),
		},
	},
];

/// [`TRACKS`] for `pallet-referenda`, with the track of each origin. `PalletsOrigin` is the
/// runtime's `OriginCaller`, `AccountId` its account type.
pub struct Tracks<PalletsOrigin, AccountId>(PhantomData<(PalletsOrigin, AccountId)>);

impl<PalletsOrigin, AccountId> TracksInfo<Balance, BlockNumber> for Tracks<PalletsOrigin, AccountId>
where
	PalletsOrigin: Clone
		+ TryInto<frame_system::RawOrigin<AccountId>, Error = PalletsOrigin>
		+ TryInto<Origin, Error = PalletsOrigin>,
{
	type Id = TrackId;
	type RuntimeOrigin = PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<TrackId, Balance, BlockNumber>>> {
		TRACKS.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &PalletsOrigin) -> Result<TrackId, ()> {
		if let Ok(frame_system::RawOrigin::Root) =
			TryInto::<frame_system::RawOrigin<AccountId>>::try_into(origin.clone())
		{
			return Ok(ROOT);
		}
		match TryInto::<Origin>::try_into(origin.clone()) {
			Ok(Origin::WhitelistedCaller) => Ok(WHITELISTED_CALLER),
			Ok(Origin::Parameters) => Ok(PARAMETERS),
			Ok(Origin::FoundationBudgets) => Ok(FOUNDATION_BUDGETS),
			Ok(Origin::CommitteeMembership) => Ok(COMMITTEE_MEMBERSHIP),
			Err(_) => Err(()),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// A stand-in for the runtime's `OriginCaller`.
	#[derive(Clone)]
	enum Caller {
		System(frame_system::RawOrigin<u64>),
		Governance(Origin),
	}

	impl TryFrom<Caller> for frame_system::RawOrigin<u64> {
		type Error = Caller;
		fn try_from(c: Caller) -> Result<Self, Caller> {
			match c {
				Caller::System(o) => Ok(o),
				other => Err(other),
			}
		}
	}

	impl TryFrom<Caller> for Origin {
		type Error = Caller;
		fn try_from(c: Caller) -> Result<Self, Caller> {
			match c {
				Caller::Governance(o) => Ok(o),
				other => Err(other),
			}
		}
	}

	type T = Tracks<Caller, u64>;

	#[test]
	fn tracks_are_sorted_and_named() {
		assert_eq!(<T as TracksInfo<_, _>>::check_integrity(), Ok(()));
		let names: alloc::vec::Vec<_> = TRACKS
			.iter()
			.map(|t| core::str::from_utf8(&t.info.name).unwrap().trim_end_matches('\0').to_owned())
			.collect();
		assert_eq!(
			names,
			[
				"root",
				"whitelisted_caller",
				"parameters",
				"foundation_budgets",
				"committee_membership"
			]
		);
	}

	#[test]
	fn each_origin_has_its_track_and_others_none() {
		let track = |c: Caller| T::track_for(&c);
		assert_eq!(track(Caller::System(frame_system::RawOrigin::Root)), Ok(ROOT));
		assert_eq!(track(Caller::Governance(Origin::WhitelistedCaller)), Ok(WHITELISTED_CALLER));
		assert_eq!(track(Caller::Governance(Origin::Parameters)), Ok(PARAMETERS));
		assert_eq!(track(Caller::Governance(Origin::FoundationBudgets)), Ok(FOUNDATION_BUDGETS));
		assert_eq!(
			track(Caller::Governance(Origin::CommitteeMembership)),
			Ok(COMMITTEE_MEMBERSHIP)
		);
		assert_eq!(track(Caller::System(frame_system::RawOrigin::Signed(1))), Err(()));
		assert_eq!(track(Caller::System(frame_system::RawOrigin::None)), Err(()));
	}

	#[test]
	fn curves_end_at_a_majority_and_support_floor() {
		for track in &TRACKS {
			let info = &track.info;
			// Approval never drops below a simple majority.
			assert!(info.min_approval.threshold(Perbill::one()) >= Perbill::from_percent(50));
			// Support falls over the period, never rises.
			assert!(
				info.min_support.threshold(Perbill::zero())
					>= info.min_support.threshold(Perbill::one())
			);
			assert!(info.decision_deposit > 0);
			assert!(info.confirm_period > 0 && info.min_enactment_period > 0);
		}
	}
}
