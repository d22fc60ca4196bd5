//! Configuration of every pallet in the runtime.

pub mod governance;
pub mod parameters;
pub mod staking;

use crate::*;
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, Contains, FindAuthor, WithdrawReasons,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, IdentityFee, Weight},
	PalletId,
};
use frame_system::limits::{BlockLength, BlockWeights};
use governance::{FoundationBudgetsOrigin, ParametersOrigin};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use parameters::dynamic_params;
use sci_primitives::{
	time::{DAYS, HOURS, SLOT_DURATION},
	units::*,
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{
	traits::{ConvertInto, One},
	ConsensusEngineId, Perbill,
};

/// Share of a block's weight and length available to normal (non-operational) extrinsics.
/// The rest is kept for operational ones: governance's and equivocation reports, a handful a
/// block. Upstream's 75 % would keep 125 ms of every block for them; 10 % (50 ms, a hundred
/// such calls) still guarantees them room, and normal traffic gets the rest.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(90);
/// Most authorities a network may have in its Aura and GRANDPA sets.
pub const MAX_AUTHORITIES: u32 = 32;

parameter_types! {
	/// Block hashes kept for `frame_system::block_hash`.
	pub const BlockHashCount: BlockNumber = 2400;
	/// The runtime's version.
	pub const Version: RuntimeVersion = VERSION;
	/// Half a second of compute per one-second block: the next author must import a block
	/// (as long again) before its own slot begins. Base weights measured on this machine
	/// (`weights/mod.rs`).
	pub RuntimeBlockWeights: BlockWeights = block_weights(
		Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND / 2, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// 5 MiB blocks; normal extrinsics get `NORMAL_DISPATCH_RATIO` of it.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	/// The SS58 address format of SCI accounts.
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	type DbWeight = weights::db::NodeDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	type SystemWeightInfo = weights::frame_system::WeightInfo<Runtime>;
	type ExtensionsWeightInfo = weights::frame_system_extensions::WeightInfo<Runtime>;
}

/// `BlockWeights::with_sensible_defaults` (the `normal` share for normal extrinsics, the rest
/// reserved for operational ones, 10 % for block initialization) with the block and extrinsic
/// base weights measured here instead of upstream's reference-machine constants.
fn block_weights(max_block: Weight, normal: Perbill) -> BlockWeights {
	let normal_weight = normal * max_block;
	BlockWeights::builder()
		.base_block(weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| {
			class.base_extrinsic = weights::ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |class| class.max_total = Some(normal_weight))
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(max_block);
			class.reserved = Some(max_block - normal_weight);
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic()
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = Session;
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

/// The smallest balance an account may hold: 1 milli-SCI.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = weights::pallet_balances::WeightInfo<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = ConstU32<8>;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// The fee multiplier: fixed at one.
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees and tips: the `FeeBurnShare` parameter (20 %) burned, the rest to the block author.
	type OnChargeTransaction = FungibleAdapter<Balances, pallet_emission::DealWithFees<Runtime>>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

impl pallet_access_refund::Config for Runtime {
	type ChargedAccount = pallet_access_refund::TransferRecipient<Runtime>;
	/// A signed transaction keeps at least its signature check's weight: the check runs on a
	/// second core beside the block's execution and has to keep pace with it.
	type MinimumCharge = weights::SignatureCheckWeight;
	type WeightInfo = pallet_access_refund::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Vested transfers must move at least one SCI.
	pub const MinVestedTransfer: Balance = UNIT;
	/// Meant to let unvested funds pay fees, but pallet-balances ignores lock reasons since its
	/// fungible rework: unvested funds are frozen for every purpose, fees included.
	pub UnvestedFundsAllowedWithdrawReasons: WithdrawReasons =
		WithdrawReasons::except(WithdrawReasons::TRANSFER | WithdrawReasons::RESERVE);
}

impl pallet_vesting::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type BlockNumberToBalance = ConvertInto;
	type MinVestedTransfer = MinVestedTransfer;
	type WeightInfo = pallet_vesting::weights::SubstrateWeight<Runtime>;
	type UnvestedFundsAllowedWithdrawReasons = UnvestedFundsAllowedWithdrawReasons;
	type BlockNumberProvider = System;
	const MAX_VESTING_SCHEDULES: u32 = 28;
}

#[cfg(feature = "upgrade-test")]
impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

/// Blocks between two halvings of the block reward: four years of 365.25 days at one block per
/// second, 126,230,400 blocks.
pub const HALVING_INTERVAL: BlockNumber = 1_461 * DAYS;

parameter_types! {
	/// The hard cap on issuance.
	pub const MaxSupply: Balance = MAX_SUPPLY;
	/// Blocks between reward halvings.
	pub const HalvingInterval: BlockNumber = HALVING_INTERVAL;
	/// Derives the data-mining reward pool account.
	pub const DataMiningPoolId: PalletId = PalletId(*b"sci/mine");
	/// Derives the foundation treasury account.
	pub const TreasuryPalletId: PalletId = PalletId(*b"sci/trsy");
}

/// A quarter of the foundation's books: 91.3125 days (a quarter of 365.25 days) of one-second
/// blocks, 7,889,400 blocks.
pub const QUARTER_LENGTH: BlockNumber = (365 * DAYS + 6 * HOURS) / 4;

parameter_types! {
	/// Blocks in a budget quarter.
	pub const QuarterLength: BlockNumber = QUARTER_LENGTH;
	/// Inflows (the emission share every block) are recorded in the trail hourly.
	pub const FoundationInflowRecordPeriod: BlockNumber = HOURS;
	/// Unexecuted spend proposals expire after two weeks.
	pub const FoundationProposalLifetime: BlockNumber = 14 * DAYS;
	/// Most foundation signatories.
	pub const FoundationMaxSignatories: u32 = 16;
	/// Longest spend memo, in bytes.
	pub const FoundationMaxMemoLength: u32 = 256;
	/// Most spend proposals awaiting approval.
	pub const FoundationMaxPendingProposals: u32 = 64;
	/// Most spends in one quarter.
	pub const FoundationMaxSpendsPerQuarter: u32 = 1_024;
}

impl pallet_foundation::Config for Runtime {
	type Currency = Balances;
	type GovernanceOrigin = FoundationBudgetsOrigin;
	// The treasury account the emission pallet pays the foundation's share into.
	type PalletId = TreasuryPalletId;
	type QuarterLength = QuarterLength;
	type InflowRecordPeriod = FoundationInflowRecordPeriod;
	type ProposalLifetime = FoundationProposalLifetime;
	type MaxSignatories = FoundationMaxSignatories;
	type MaxMemoLength = FoundationMaxMemoLength;
	type MaxPendingProposals = FoundationMaxPendingProposals;
	type MaxSpendsPerQuarter = FoundationMaxSpendsPerQuarter;
	type BurnShare = dynamic_params::foundation::BurnShare;
	type WeightInfo = pallet_foundation::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = parameters::FoundationBenchmarkHelper;
}

parameter_types! {
	/// Held per registered device: covers its record, key index, certificate and quota use.
	pub const DeviceDeposit: Balance = UNIT / 10;
	/// Certificates live at most 30 days.
	pub const MaxCertificateLifetime: BlockNumber = 30 * DAYS;
	/// The free quota resets daily.
	pub const QuotaPeriod: BlockNumber = DAYS;
	/// Most bytes of a device's metadata (a spec hash and a short model name fit).
	pub const DeviceMaxMetadataLength: u32 = 128;
}

/// The device calls a valid device may send free of fees within its daily quota: renewing
/// its certificate, reporting its mining contribution, and a meter's readings (deliveries on
/// the energy market, footprints for the carbon ledger).
pub struct FreeDeviceCalls;

impl Contains<RuntimeCall> for FreeDeviceCalls {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(
			call,
			RuntimeCall::DeviceIdentity(pallet_device_identity::Call::issue_certificate { .. })
				| RuntimeCall::DataMining(pallet_data_mining::Call::submit_report { .. })
				| RuntimeCall::EnergyMarket(pallet_energy_market::Call::report_delivery { .. })
				| RuntimeCall::CarbonCredits(pallet_carbon_credits::Call::record_footprint { .. })
		)
	}
}

impl pallet_device_identity::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	// Registry roles are protocol decisions.
	type AdminOrigin = ParametersOrigin;
	type DeviceDeposit = DeviceDeposit;
	// E.g. district gateway > substation > meter > sensor > sub-sensor.
	type MaxDepth = ConstU32<4>;
	type MaxMetadataLength = DeviceMaxMetadataLength;
	type MaxCertificateLifetime = MaxCertificateLifetime;
	type MaxGrantsPerDevice = ConstU32<32>;
	type QuotaPeriod = QuotaPeriod;
	type FreeCalls = FreeDeviceCalls;
	type DailyQuota = dynamic_params::device_identity::DailyQuota;
	type WeightInfo = pallet_device_identity::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Held per mining report until it is claimed, reaped or slashed.
	pub const ReportDeposit: Balance = UNIT / 10;
	/// Points of the utilisation curve.
	pub const MiningMaxCurvePoints: u32 = 8;
}

impl pallet_data_mining::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Devices = DeviceIdentity;
	type GovernanceOrigin = ParametersOrigin;
	// The pool the emission pallet pays the data-mining share into.
	type PalletId = DataMiningPoolId;
	type ReportDeposit = ReportDeposit;
	type MaxCurvePoints = MiningMaxCurvePoints;
	type MaxAttesters = ConstU32<32>;
	type Scoring = dynamic_params::data_mining::Scoring;
	type EpochShare = dynamic_params::data_mining::EpochShare;
	type WeightInfo = pallet_data_mining::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Held per energy ask until it is cancelled, unmatched or settled.
	pub const AskDeposit: Balance = UNIT / 10;
	/// The market fee goes to the foundation treasury.
	pub FoundationAccount: AccountId =
		sp_runtime::traits::AccountIdConversion::into_account_truncating(&TreasuryPalletId::get());
	/// Footprints are kept per 30-day period.
	pub const FootprintPeriod: BlockNumber = 30 * DAYS;
	/// Most bytes of a project name, beneficiary, jurisdiction or retirement reason.
	pub const CarbonMaxTextLength: u32 = 64;
}

impl pallet_energy_market::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Devices = DeviceIdentity;
	type OnDelivery = CarbonCredits;
	type GovernanceOrigin = ParametersOrigin;
	type FeeAccount = FoundationAccount;
	type AskDeposit = AskDeposit;
	type MaxOrdersPerPeriod = ConstU32<128>;
	type MaxOrdersPerAccount = ConstU32<4>;
	// A day of 15-minute periods.
	type MaxPeriodsAhead = ConstU32<96>;
	type MarketFee = dynamic_params::energy_market::MarketFee;
	type WeightInfo = pallet_energy_market::weights::SubstrateWeight<Runtime>;
}

impl pallet_carbon_credits::Config for Runtime {
	type Devices = DeviceIdentity;
	type GovernanceOrigin = ParametersOrigin;
	type FootprintPeriod = FootprintPeriod;
	type MaxTextLength = CarbonMaxTextLength;
	type GreenFactors = dynamic_params::carbon_credits::GreenFactors;
	type WeightInfo = pallet_carbon_credits::weights::SubstrateWeight<Runtime>;
}

/// The account of the current block's Aura author: the `AccountId32` with the same 32 bytes as
/// the author's sr25519 authority key (so //Alice's Aura key maps to //Alice's account).
pub struct AuraAuthorAccount;

impl FindAuthor<AccountId> for AuraAuthorAccount {
	fn find_author<'a, I>(digests: I) -> Option<AccountId>
	where
		I: 'a + IntoIterator<Item = (ConsensusEngineId, &'a [u8])>,
	{
		let authority = pallet_aura::AuraAuthorId::<Runtime>::find_author(digests)?;
		let raw: [u8; 32] = AsRef::<[u8]>::as_ref(&authority).try_into().ok()?;
		Some(AccountId::new(raw))
	}
}

/// Puts a known authority in the Aura set and an Aura pre-runtime digest in the block, so the
/// `on_initialize` benchmark pays an author.
#[cfg(feature = "runtime-benchmarks")]
pub struct EmissionBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_emission::BenchmarkHelper<AccountId> for EmissionBenchmarkHelper {
	fn set_block_author() -> Option<AccountId> {
		use codec::Encode;
		let raw = [7u8; 32];
		let authority = AuraId::from(sp_core::sr25519::Public::from_raw(raw));
		pallet_aura::Authorities::<Runtime>::put(frame_support::BoundedVec::truncate_from(
			alloc::vec![authority],
		));
		System::deposit_log(sp_runtime::DigestItem::PreRuntime(
			sp_consensus_aura::AURA_ENGINE_ID,
			sp_consensus_aura::Slot::from(0u64).encode(),
		));
		Some(AccountId::new(raw))
	}
}

impl pallet_emission::Config for Runtime {
	type Currency = Balances;
	type Vesting = Vesting;
	type FindAuthor = AuraAuthorAccount;
	type GovernanceOrigin = ParametersOrigin;
	type MaxSupply = MaxSupply;
	type HalvingInterval = HalvingInterval;
	type DataMiningPoolId = DataMiningPoolId;
	type TreasuryId = TreasuryPalletId;
	type RewardShares = dynamic_params::emission::RewardShares;
	type FeeBurnShare = dynamic_params::emission::FeeBurnShare;
	type WeightInfo = pallet_emission::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = EmissionBenchmarkHelper;
}
