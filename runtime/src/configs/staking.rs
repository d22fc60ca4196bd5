//! Validators chosen by stake and removed by vote: sessions on SCI's schedule
//! (`pallet-validators`), nominated proof of stake (`pallet-staking`, elected on chain by
//! sequential Phragmén), offences and their slashes (`pallet-offences`), block authorship for
//! era points (`pallet-authorship`) and the historical session roots that prove key ownership.

use super::*;
use alloc::{vec, vec::Vec};
use frame_election_provider_support::{
	bounds::{ElectionBounds, ElectionBoundsBuilder},
	onchain, SequentialPhragmen,
};
use frame_support::traits::Nothing;
use frame_system::EnsureRoot;
use pallet_session::historical::IdentificationTuple;
use sp_runtime::traits::OpaqueKeys;
use sp_staking::{
	offence::{Kind, Offence, ReportOffence},
	EraIndex, SessionIndex,
};

parameter_types! {
	/// Eras a stake stays bonded after `unbond`: 28 (28 hours at the default schedule).
	pub const BondingDuration: EraIndex = 28;
	/// Eras a slash waits before it is applied, so that governance can cancel it.
	pub const SlashDeferDuration: EraIndex = 27;
	/// Eras of rewards and exposures kept.
	pub const HistoryDepth: u32 = 84;
	/// Nominators paid per page of a validator's exposure.
	pub const MaxExposurePageSize: u32 = 256;
	/// Voters and targets one on-chain election reads: bounds its weight.
	pub ElectionBoundsOnChain: ElectionBounds = ElectionBoundsBuilder::default()
		.voters_count(5_000.into())
		.targets_count(1_000.into())
		.build();
	/// How long a motion to eject a validator stays open: one day.
	pub const MotionDuration: BlockNumber = DAYS;
}

/// Validators an election picks at most: every authority set's bound.
pub type MaxValidatorSet = ConstU32<MAX_AUTHORITIES>;

/// The on-chain election: sequential Phragmén over every bonded voter and candidate.
pub struct OnChainSeqPhragmen;
impl onchain::Config for OnChainSeqPhragmen {
	type Sort = ConstBool<true>;
	type System = Runtime;
	type Solver = SequentialPhragmen<AccountId, Perbill>;
	type DataProvider = Staking;
	type WeightInfo = frame_election_provider_support::weights::SubstrateWeight<Runtime>;
	type MaxBackersPerWinner = ConstU32<512>;
	type MaxWinnersPerPage = MaxValidatorSet;
	type Bounds = ElectionBoundsOnChain;
}

impl pallet_staking::Config for Runtime {
	type OldCurrency = Balances;
	type Currency = Balances;
	type CurrencyBalance = Balance;
	type RuntimeHoldReason = RuntimeHoldReason;
	type UnixTime = Timestamp;
	type CurrencyToVote = sp_staking::currency_to_vote::U128CurrencyToVote;
	type ElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type GenesisElectionProvider = onchain::OnChainExecution<OnChainSeqPhragmen>;
	type NominationsQuota = pallet_staking::FixedNominationsQuota<16>;
	type HistoryDepth = HistoryDepth;
	// No era payout yet: block authors are paid by the emission pallet.
	type RewardRemainder = ();
	type RuntimeEvent = RuntimeEvent;
	// Slashed stake is burned.
	type Slash = ();
	type Reward = ();
	type SessionsPerEra = dynamic_params::staking::SessionsPerEra;
	type BondingDuration = BondingDuration;
	type SlashDeferDuration = SlashDeferDuration;
	type AdminOrigin = EnsureRoot<AccountId>;
	type SessionInterface = Self;
	type EraPayout = ();
	type NextNewSession = Session;
	type MaxExposurePageSize = MaxExposurePageSize;
	type MaxValidatorSet = MaxValidatorSet;
	type VoterList = pallet_staking::UseNominatorsAndValidatorsMap<Self>;
	type TargetList = pallet_staking::UseValidatorsMap<Self>;
	type MaxUnlockingChunks = ConstU32<32>;
	type MaxControllersInDeprecationBatch = ConstU32<100>;
	type EventListeners = ();
	type Filter = Nothing;
	type BenchmarkingConfig = StakingBenchmarkingConfig;
	type WeightInfo = pallet_staking::weights::SubstrateWeight<Runtime>;
}

/// The largest sets the staking benchmarks measure.
pub struct StakingBenchmarkingConfig;
impl pallet_staking::BenchmarkingConfig for StakingBenchmarkingConfig {
	type MaxValidators = ConstU32<1_000>;
	type MaxNominators = ConstU32<1_000>;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = Validators;
	type NextSessionRotation = Validators;
	type SessionManager = pallet_validators::EliminatingSessions<
		Runtime,
		pallet_session::historical::NoteHistoricalRoot<Runtime, Staking>,
	>;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = pallet_session::disabling::UpToLimitWithReEnablingDisablingStrategy;
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = ();
}

impl pallet_session::historical::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type FullIdentification = ();
	type FullIdentificationOf = pallet_staking::UnitIdentificationOf<Self>;
}

impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = Staking;
}

impl pallet_offences::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type IdentificationTuple = IdentificationTuple<Self>;
	type OnOffenceHandler = Staking;
}

impl pallet_validators::Config for Runtime {
	type Validators = Session;
	type Eliminate = StakingElimination;
	type EliminationOrigin = EnsureRoot<AccountId>;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxValidators = MaxValidatorSet;
	type MaxMotions = ConstU32<8>;
	type MotionDuration = MotionDuration;
	type MinSessionLength = ConstU32<10>;
	type MaxSessionLength = ConstU32<DAYS>;
	type WeightInfo = ();
}

/// An ejected validator's slash, reported as an offence: staking defers it by
/// [`SlashDeferDuration`] eras, and governance may cancel it meanwhile.
pub struct EliminationOffence {
	session_index: SessionIndex,
	validator_set_count: u32,
	offender: IdentificationTuple<Runtime>,
	fraction: Perbill,
}

impl Offence<IdentificationTuple<Runtime>> for EliminationOffence {
	const ID: Kind = *b"sci:elimination:";
	type Slot = SessionIndex;

	fn offenders(&self) -> Vec<IdentificationTuple<Runtime>> {
		vec![self.offender.clone()]
	}
	fn session_index(&self) -> SessionIndex {
		self.session_index
	}
	fn validator_set_count(&self) -> u32 {
		self.validator_set_count
	}
	fn slot(&self) -> SessionIndex {
		self.session_index
	}
	fn slash_fraction(&self, _offenders: u32) -> Perbill {
		self.fraction
	}
}

/// What ejecting a validator does: disabled in the session (pallet-session), its candidacy
/// removed (pallet-staking), its slash reported (pallet-offences).
pub struct StakingElimination;
impl pallet_validators::Eliminate<AccountId> for StakingElimination {
	fn disable(who: &AccountId) {
		if let Some(index) = Session::validators().iter().position(|v| v == who) {
			Session::disable_index(index as u32);
		}
	}

	fn chill(who: &AccountId) {
		Staking::do_remove_validator(who);
	}

	fn slash(who: &AccountId, fraction: Perbill) {
		let offence = EliminationOffence {
			session_index: Session::current_index(),
			validator_set_count: Session::validators().len() as u32,
			offender: (who.clone(), ()),
			fraction,
		};
		// The only refusal is a duplicate: this validator's slash for this session is reported.
		let _ = Offences::report_offence(Vec::new(), offence);
	}
}
