//! The records of the carbon ledger.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;

/// Footprint periods are numbered from 0 (block number / `FootprintPeriod`).
pub type PeriodIndex = u32;
/// Projects are numbered from 0.
pub type ProjectId = u32;
/// Batches are numbered from 0; batch 0 is the green points.
pub type BatchId = u32;
/// Retirements are numbered from 0.
pub type RetirementId = u64;

/// An account's energy use and emissions in a period.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Footprint {
	/// Energy used, kWh.
	pub energy_kwh: u64,
	/// Emissions, kg CO2e.
	pub emissions_kg: u64,
}

/// A project whose reductions are credited.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxText))]
pub struct Project<AccountId, MaxText: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// The verifier that registered it and issues its credits.
	pub verifier: AccountId,
	/// Its name.
	pub name: BoundedVec<u8, MaxText>,
	/// The first serial of its next batch.
	pub next_serial: u64,
}

/// A batch of credits.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Batch {
	/// Its project (`None` for the green points).
	pub project: Option<ProjectId>,
	/// The year the reductions happened (0 for the green points).
	pub vintage: u16,
	/// Serials `[first_serial, first_serial + issued)` of its project.
	pub first_serial: u64,
	/// kg CO2e issued (for the green points: awarded so far).
	pub issued: u64,
	/// kg CO2e retired.
	pub retired: u64,
}

/// A retirement: credits burned against an account's emissions.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxText))]
pub struct Retirement<AccountId, BlockNumber, MaxText: Get<u32>>
where
	AccountId: Clone + PartialEq + Eq + core::fmt::Debug,
	BlockNumber: Clone + PartialEq + Eq + core::fmt::Debug,
{
	/// Whose credits.
	pub account: AccountId,
	/// Of which batch.
	pub batch: BatchId,
	/// kg CO2e.
	pub amount: u64,
	/// The footprint period they offset.
	pub period: PeriodIndex,
	/// On whose behalf.
	pub beneficiary: BoundedVec<u8, MaxText>,
	/// Where the claim is made.
	pub jurisdiction: BoundedVec<u8, MaxText>,
	/// Why.
	pub reason: BoundedVec<u8, MaxText>,
	/// Block of retirement.
	pub at: BlockNumber,
}

/// A carbon-neutrality certificate: not transferable, one per account and period.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct NeutralityCertificate<BlockNumber> {
	/// Emissions recorded for the period when it was issued.
	pub emissions_kg: u64,
	/// Credits retired for the period when it was issued.
	pub retired_kg: u64,
	/// Block of issue.
	pub issued_at: BlockNumber,
}
