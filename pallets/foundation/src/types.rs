//! The foundation's records: budget categories, spend proposals, trail entries and reports.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;

/// Quarters since genesis: quarter `q` is blocks `[q · QuarterLength, (q + 1) · QuarterLength)`.
pub type QuarterIndex = u32;
/// Spend proposals are numbered from 0.
pub type ProposalIndex = u32;

/// What a budget is for.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
pub enum Category {
	/// Software and protocol development.
	Development,
	/// Grants and support for the ecosystem.
	Ecosystem,
	/// Running the foundation.
	Operations,
	/// Marketing and outreach.
	Marketing,
	/// Legal and compliance.
	Legal,
	/// Infrastructure and hosting.
	Infrastructure,
}

impl Category {
	/// Every category.
	pub const ALL: [Category; 6] = [
		Category::Development,
		Category::Ecosystem,
		Category::Operations,
		Category::Marketing,
		Category::Legal,
		Category::Infrastructure,
	];
}

/// A spend waiting for approvals.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxMemo, MaxApprovals))]
pub struct Proposal<AccountId, Balance, BlockNumber, MaxMemo: Get<u32>, MaxApprovals: Get<u32>>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	Balance: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// The signatory that proposed it.
	pub proposer: AccountId,
	/// The budget category it spends from.
	pub category: Category,
	/// Who is to be paid.
	pub beneficiary: AccountId,
	/// How much.
	pub amount: Balance,
	/// What it is for.
	pub memo: BoundedVec<u8, MaxMemo>,
	/// Signatories that approved, the proposer first.
	pub approvals: BoundedVec<AccountId, MaxApprovals>,
	/// The first block at which it can no longer be approved.
	pub expires_at: BlockNumber,
}

/// A movement of the foundation's balance.
#[derive(
	CloneNoBound,
	DebugNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
)]
#[scale_info(skip_type_params(MaxApprovals))]
pub enum Flow<AccountId, Balance, MaxApprovals: Get<u32>>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	Balance: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// The balance grew by `amount` since the last record (emission share, transfers in).
	Inflow {
		/// The growth.
		amount: Balance,
	},
	/// An approved spend was paid.
	Spend {
		/// The proposal that was paid.
		proposal: super::ProposalIndex,
		/// The budget category it spent from.
		category: Category,
		/// Who was paid.
		beneficiary: AccountId,
		/// How much.
		amount: Balance,
		/// The signatories whose approvals executed it.
		approvers: BoundedVec<AccountId, MaxApprovals>,
	},
	/// Burned when a quarter closed.
	Burn {
		/// The amount burned.
		amount: Balance,
	},
	/// The balance fell by `amount` without this pallet (e.g. a governance burn through the
	/// emission pallet).
	OtherOutflow {
		/// The decrease.
		amount: Balance,
	},
}

/// One record of the audit trail.
#[derive(
	CloneNoBound, DebugNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo,
)]
#[scale_info(skip_type_params(MaxApprovals))]
pub struct TrailEntry<AccountId, Balance, BlockNumber, MaxApprovals: Get<u32>>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	Balance: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// The block it happened in.
	pub block: BlockNumber,
	/// The movement.
	pub flow: Flow<AccountId, Balance, MaxApprovals>,
}

/// The foundation's balance when a quarter opened and, once closed, when it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo)]
pub struct QuarterBalance<Balance> {
	/// The balance when the quarter opened.
	pub start: Balance,
	/// The balance when it closed (`None` while open).
	pub end: Option<Balance>,
}

/// A category's figures in a quarter report.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct CategoryReport<Balance> {
	/// The category.
	pub category: Category,
	/// Its budget in the quarter.
	pub budget: Balance,
	/// Spent from it in the quarter.
	pub spent: Balance,
	/// What is left of it.
	pub remaining: Balance,
}

/// The public report of a quarter.
#[derive(CloneNoBound, DebugNoBound, PartialEqNoBound, Encode, Decode, TypeInfo)]
#[scale_info(skip_type_params(MaxApprovals))]
pub struct QuarterReport<AccountId, Balance, BlockNumber, MaxApprovals: Get<u32>>
where
	AccountId: Clone + core::fmt::Debug + PartialEq + Eq,
	Balance: Clone + core::fmt::Debug + PartialEq + Eq,
	BlockNumber: Clone + core::fmt::Debug + PartialEq + Eq,
{
	/// The quarter reported on.
	pub quarter: QuarterIndex,
	/// Budget, spent and remaining of every category.
	pub categories: Vec<CategoryReport<Balance>>,
	/// The quarter's spends, in order.
	pub spends: Vec<TrailEntry<AccountId, Balance, BlockNumber, MaxApprovals>>,
	/// Everything that came in.
	pub inflows: Balance,
	/// Burned at quarter end.
	pub burned: Balance,
	/// The balance when the quarter opened (`None` for a quarter not reached).
	pub balance_start: Option<Balance>,
	/// The balance when it closed (`None` while open).
	pub balance_end: Option<Balance>,
}
