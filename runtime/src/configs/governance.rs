//! Two-tier governance: token-holder referenda with conviction voting, and the technical
//! committee's veto and fast track. Tracks, origins and periods come from `pallet-governance`;
//! `docs/governance.md` explains every threshold, period and deposit.

use crate::*;
use frame_support::{
	parameter_types,
	traits::{
		fungible::HoldConsideration, tokens::currency::ActiveIssuanceOf, ConstU32, EitherOf,
		EqualPrivilegeOnly, LinearStoragePrice,
	},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_governance::{
	periods::{
		COMMITTEE_MOTION_DURATION, UNDECIDING_TIMEOUT, VOTE_LOCKING_PERIOD,
		WHITELIST_DEFERRED_EXPIRATION,
	},
	EnsureCommitteeMembership, EnsureFoundationBudgets, EnsureParameters, EnsureWhitelistedCaller,
};
use sci_primitives::units::{MILLI_UNIT, UNIT};
use sp_runtime::Perbill;

use super::RuntimeBlockWeights;

/// The technical committee's collective instance.
pub type TechnicalCollective = pallet_collective::Instance1;

/// At least two thirds of the technical committee: may veto (cancel) a referendum and
/// whitelist a call for the fast track.
pub type CommitteeTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, TechnicalCollective, 2, 3>;

/// Root (the root track) or a passed referendum on the parameters track.
pub type ParametersOrigin = EitherOf<EnsureRoot<AccountId>, EnsureParameters>;
/// Root or a passed referendum on the foundation-budgets track.
pub type FoundationBudgetsOrigin = EitherOf<EnsureRoot<AccountId>, EnsureFoundationBudgets>;
/// Root or a passed referendum on the committee-membership track.
pub type CommitteeMembershipOrigin = EitherOf<EnsureRoot<AccountId>, EnsureCommitteeMembership>;

impl pallet_governance::Config for Runtime {}

parameter_types! {
	/// Storing a preimage holds 1 SCI plus 1 milli-SCI per byte.
	pub const PreimageBaseDeposit: Balance = UNIT;
	/// Storing a preimage holds this per byte.
	pub const PreimageByteDeposit: Balance = MILLI_UNIT;
	/// The hold reason of preimage deposits.
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_preimage::WeightInfo<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

parameter_types! {
	/// Scheduled calls (enactments) may use 80 % of a block.
	pub MaximumSchedulerWeight: Weight = Perbill::from_percent(80) *
		RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	// Only referenda (through root) schedule; there is no public scheduling.
	type ScheduleOrigin = EnsureRoot<AccountId>;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = crate::weights::pallet_scheduler::WeightInfo<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	/// Submitting a referendum holds 100 SCI (refunded unless it is killed).
	pub const SubmissionDeposit: Balance = 100 * UNIT;
}

impl pallet_referenda::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_referenda::WeightInfo<Runtime>;
	type Scheduler = Scheduler;
	type Currency = Balances;
	type SubmitOrigin = EnsureSigned<AccountId>;
	// The committee's veto: cancelled referenda refund their deposits.
	type CancelOrigin = EitherOf<EnsureRoot<AccountId>, CommitteeTwoThirds>;
	// Killing (deposits slashed, burned) is for spam and needs the root track.
	type KillOrigin = EnsureRoot<AccountId>;
	type Slash = ();
	type Votes = Balance;
	type Tally = pallet_conviction_voting::TallyOf<Runtime>;
	type SubmissionDeposit = SubmissionDeposit;
	type MaxQueued = ConstU32<100>;
	type UndecidingTimeout = ConstU32<UNDECIDING_TIMEOUT>;
	type AlarmInterval = ConstU32<1>;
	type Tracks = pallet_governance::Tracks<OriginCaller, AccountId>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

impl pallet_conviction_voting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_conviction_voting::WeightInfo<Runtime>;
	type Currency = Balances;
	type Polls = Referenda;
	// Support is measured against the issuance that is not marked inactive.
	type MaxTurnout = ActiveIssuanceOf<Balances, AccountId>;
	type MaxVotes = ConstU32<512>;
	type VoteLockingPeriod = ConstU32<VOTE_LOCKING_PERIOD>;
	type BlockNumberProvider = System;
	type VotingHooks = ();
}

/// Most members of the technical committee.
pub const MAX_COMMITTEE_MEMBERS: u32 = 20;

parameter_types! {
	/// A committee motion may dispatch at most half a block.
	pub MaxCommitteeProposalWeight: Weight = Perbill::from_percent(50) *
		RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<TechnicalCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = ConstU32<COMMITTEE_MOTION_DURATION>;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<MAX_COMMITTEE_MEMBERS>;
	// Members who do not vote count as voting with the prime member.
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	// Membership changes go through `TechnicalMembership`.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCommitteeProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = CommitteeMembershipOrigin;
	type RemoveOrigin = CommitteeMembershipOrigin;
	type SwapOrigin = CommitteeMembershipOrigin;
	type ResetOrigin = CommitteeMembershipOrigin;
	type PrimeOrigin = CommitteeMembershipOrigin;
	type MembershipInitialized = TechnicalCommittee;
	type MembershipChanged = TechnicalCommittee;
	type MaxMembers = ConstU32<MAX_COMMITTEE_MEMBERS>;
	type WeightInfo = crate::weights::pallet_membership::WeightInfo<Runtime>;
}

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	// The fast track: two thirds of the committee vouch for a call...
	type WhitelistOrigin = EitherOf<EnsureRoot<AccountId>, CommitteeTwoThirds>;
	// ...and a referendum on the whitelisted-caller track dispatches it as root.
	type DispatchWhitelistedOrigin = EitherOf<EnsureRoot<AccountId>, EnsureWhitelistedCaller>;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = ConstU32<WHITELIST_DEFERRED_EXPIRATION>;
	type BlockNumberProvider = System;
	type WeightInfo = crate::weights::pallet_whitelist::WeightInfo<Runtime>;
}
