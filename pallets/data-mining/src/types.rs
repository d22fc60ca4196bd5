//! Reports, epochs, the schedule, the scoring parameters, and the scoring and payout maths.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_core::H256;
use sp_runtime::{Perbill, Percent};

/// Epochs are numbered from 0.
pub type EpochIndex = u32;

/// How a device protects the privacy of the data it reports, weakest first.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum PrivacyLevel {
	/// Raw data: scores 0 %.
	Raw,
	/// Identifiers replaced by pseudonyms: 25 %.
	Pseudonymised,
	/// Only aggregates leave the device: 50 %.
	Aggregated,
	/// Aggregates with differential-privacy noise: 75 %.
	DifferentialPrivacy,
	/// Only zero-knowledge proofs of properties leave the device: 100 %.
	ZeroKnowledge,
}

impl PrivacyLevel {
	/// The level as a share: 0, 25, 50, 75 or 100 %.
	pub fn share(self) -> Perbill {
		Perbill::from_percent(match self {
			Self::Raw => 0,
			Self::Pseudonymised => 25,
			Self::Aggregated => 50,
			Self::DifferentialPrivacy => 75,
			Self::ZeroKnowledge => 100,
		})
	}
}

/// What a device claims it contributed in an epoch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Contribution {
	/// Commitment to the data (e.g. a merkle root); the data stays off chain.
	pub commitment: H256,
	/// Units of work (e.g. readings or kilobytes served). Must not be zero.
	pub units: u64,
	/// Share of the data that passed the device's quality checks.
	pub quality: Percent,
	/// Bandwidth provided, in kbit/s.
	pub bandwidth: u32,
	/// How the data's privacy is protected.
	pub privacy: PrivacyLevel,
}

/// Where a report stands.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum ReportStatus<AccountId> {
	/// Counted in its epoch.
	Accepted,
	/// Challenged by the attester given; awaiting governance's ruling.
	Challenged(AccountId),
	/// Found false: its deposit went to the pool and its score was removed.
	Slashed,
}

/// A device's report for one epoch.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Report<AccountId, Balance> {
	/// The device's account, which holds the deposit.
	pub submitter: AccountId,
	/// What it reported.
	pub contribution: Contribution,
	/// Its score: units × the weighted parameters, in billionths.
	pub score: u128,
	/// Held from the submitter until the report is claimed or reaped, or slashed.
	pub deposit: Balance,
	/// Where it stands.
	pub status: ReportStatus<AccountId>,
}

/// One epoch's books.
#[derive(
	Clone,
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
pub struct Epoch<BlockNumber, Balance> {
	/// First block.
	pub start: BlockNumber,
	/// First block after the epoch: reports are accepted before it.
	pub end: BlockNumber,
	/// Challenges are accepted before this block; claims open at it. Set when the epoch closes.
	pub window_end: BlockNumber,
	/// Claims are accepted before this block; then unclaimed rewards return to the pool. Set
	/// when the epoch closes.
	pub claim_end: BlockNumber,
	/// Units of the counted (not slashed) reports.
	pub total_units: u64,
	/// Score of the counted reports.
	pub total_score: u128,
	/// Reports submitted.
	pub reports: u32,
	/// Challenges awaiting a ruling; claims wait until there are none.
	pub pending_challenges: u32,
	/// Set aside from the pool when the epoch closed.
	pub pool: Balance,
	/// What the counted reports share, once fixed at the first claim: `pool` scaled by the
	/// utilisation curve.
	pub payout: Option<Balance>,
	/// Paid to claimants so far.
	pub paid: Balance,
}

/// How the parameters of a contribution weigh in its score; at most 100 % together.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub struct ScoreWeights {
	/// Weight of data quality.
	pub quality: Perbill,
	/// Weight of bandwidth (relative to the reference bandwidth, capped at 100 %).
	pub bandwidth: Perbill,
	/// Weight of privacy protection.
	pub privacy: Perbill,
}

/// A point of the utilisation curve: at `utilisation` of capacity, the epoch pays out `payout`
/// of its pool.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
pub struct CurvePoint {
	/// Total units over capacity.
	pub utilisation: Perbill,
	/// Share of the epoch's pool paid out.
	pub payout: Perbill,
}

/// When epochs end and how long their challenge window and claim period last, set by
/// governance with `set_schedule`.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	Serialize,
	Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Schedule<BlockNumber> {
	/// Blocks per epoch. Not zero.
	pub epoch_length: BlockNumber,
	/// Blocks after an epoch's end in which its reports may be challenged.
	pub challenge_window: BlockNumber,
	/// Blocks after the challenge window in which rewards may be claimed.
	pub claim_period: BlockNumber,
}

impl<BlockNumber: sp_runtime::traits::Zero> Schedule<BlockNumber> {
	/// Whether the epoch length is not zero.
	pub fn is_valid(&self) -> bool {
		!self.epoch_length.is_zero()
	}
}

/// How contributions are scored and how much of an epoch's pool is paid out: a protocol
/// parameter set by governance through the runtime's parameters pallet (`Config::Scoring`).
///
/// Valid by construction on chain: decoding refuses a value that breaks the rules stated on
/// the fields ([`Scoring::check`]).
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxPoints))]
pub struct Scoring<MaxPoints: Get<u32>> {
	/// Units at 100 % utilisation. Not zero.
	pub capacity: u64,
	/// Bandwidth, in kbit/s, that scores 100 %. Not zero.
	pub reference_bandwidth: u32,
	/// How quality, bandwidth and privacy weigh in a score. At most 100 % together.
	pub weights: ScoreWeights,
	/// The utilisation curve: points with rising utilisation and non-decreasing payout.
	/// Between points the payout is interpolated linearly; below the first point from (0, 0);
	/// beyond the last it stays at the last point's payout. Not empty.
	pub curve: BoundedVec<CurvePoint, MaxPoints>,
}

/// Why scoring parameters were refused.
#[derive(Debug, PartialEq, Eq)]
pub enum ParameterError {
	/// Capacity or reference bandwidth is zero.
	Zero,
	/// The score weights add up to more than 100 %.
	WeightsAboveOne,
	/// The curve is empty, or its utilisation does not rise, or its payout falls.
	BadCurve,
}

impl<MaxPoints: Get<u32>> Decode for Scoring<MaxPoints> {
	fn decode<I: codec::Input>(input: &mut I) -> Result<Self, codec::Error> {
		let scoring = Self {
			capacity: Decode::decode(input)?,
			reference_bandwidth: Decode::decode(input)?,
			weights: Decode::decode(input)?,
			curve: Decode::decode(input)?,
		};
		scoring.check().map_err(|error| {
			codec::Error::from(match error {
				ParameterError::Zero => "Scoring: zero capacity or reference bandwidth",
				ParameterError::WeightsAboveOne => "Scoring: weights add up to more than 100 %",
				ParameterError::BadCurve => "Scoring: curve empty, not rising or falling payout",
			})
		})?;
		Ok(scoring)
	}
}

impl<MaxPoints: Get<u32>> DecodeWithMemTracking for Scoring<MaxPoints> {}

impl<MaxPoints: Get<u32>> Scoring<MaxPoints> {
	/// Check the rules stated on the fields.
	pub fn check(&self) -> Result<(), ParameterError> {
		if self.capacity == 0 || self.reference_bandwidth == 0 {
			return Err(ParameterError::Zero);
		}
		let weights = self.weights;
		let sum = u64::from(weights.quality.deconstruct())
			+ u64::from(weights.bandwidth.deconstruct())
			+ u64::from(weights.privacy.deconstruct());
		if sum > u64::from(Perbill::one().deconstruct()) {
			return Err(ParameterError::WeightsAboveOne);
		}
		let rising = self.curve.windows(2).all(|pair| {
			pair[0].utilisation < pair[1].utilisation && pair[0].payout <= pair[1].payout
		});
		if self.curve.is_empty() || !rising {
			return Err(ParameterError::BadCurve);
		}
		Ok(())
	}

	/// The score of `contribution`, in billionths of a unit:
	/// `units × (w_q · quality + w_b · min(bandwidth / reference, 1) + w_p · privacy)`.
	/// Exact integer maths; each weighted term rounds down.
	pub fn score(&self, contribution: &Contribution) -> u128 {
		let bandwidth = Perbill::from_rational(
			contribution.bandwidth.min(self.reference_bandwidth),
			self.reference_bandwidth,
		);
		let quality = Perbill::from_percent(u32::from(contribution.quality.deconstruct()));
		let factor = u128::from((self.weights.quality * quality).deconstruct())
			+ u128::from((self.weights.bandwidth * bandwidth).deconstruct())
			+ u128::from((self.weights.privacy * contribution.privacy.share()).deconstruct());
		u128::from(contribution.units) * factor
	}

	/// The share of an epoch's pool paid out when its reports total `units`.
	pub fn payout_share(&self, units: u64) -> Perbill {
		let utilisation = Perbill::from_rational(units.min(self.capacity), self.capacity);
		let mut previous = CurvePoint { utilisation: Perbill::zero(), payout: Perbill::zero() };
		for point in self.curve.iter() {
			if utilisation <= point.utilisation {
				let span = point.utilisation.deconstruct() - previous.utilisation.deconstruct();
				if span == 0 {
					return point.payout;
				}
				let into = utilisation.deconstruct() - previous.utilisation.deconstruct();
				let rise = point.payout.deconstruct().saturating_sub(previous.payout.deconstruct());
				// rise · into / span ≤ rise, rounded down.
				let step = u64::from(rise) * u64::from(into) / u64::from(span);
				return Perbill::from_parts(previous.payout.deconstruct() + step as u32);
			}
			previous = *point;
		}
		previous.payout
	}
}
