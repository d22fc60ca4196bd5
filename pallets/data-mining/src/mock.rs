//! A test runtime with the stand-in device registry of `sci_primitives::devices::testing`,
//! epochs of 10 blocks, a 5-block challenge window, 20 blocks to claim, and the protocol
//! parameters (settable per test): half the unallocated pool per epoch ([`EpochShare`]),
//! capacity 1,000 units and the curve (50 % → 60 %, 100 % → 100 %) ([`MiningScoring`]).

use crate as pallet_data_mining;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	BoundedVec, PalletId,
};
use frame_system::{EnsureRoot, RunToBlockHooks};
pub(crate) use sci_primitives::devices::testing::{
	add_device, clear_devices, revoke_device, MockDevices,
};
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub(crate) type AccountId = u64;
pub(crate) type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		DataMining: pallet_data_mining,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Held per report.
pub(crate) const DEPOSIT: Balance = 50;

parameter_types! {
	pub const MiningPoolId: PalletId = PalletId(*b"sci/mine");
	pub const Deposit: Balance = DEPOSIT;
}

parameter_types! {
	/// `Config::Scoring`: [`scoring`] unless a test sets another.
	pub static MiningScoring: crate::ScoringOf<Test> = scoring();
	/// `Config::EpochShare`: 50 % unless a test sets another.
	pub static EpochShare: Perbill = Perbill::from_percent(50);
}

impl pallet_data_mining::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Devices = MockDevices;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type PalletId = MiningPoolId;
	type ReportDeposit = Deposit;
	type MaxCurvePoints = ConstU32<4>;
	type MaxAttesters = ConstU32<2>;
	type Scoring = MiningScoring;
	type EpochShare = EpochShare;
	type WeightInfo = ();
}

/// Owners.
pub(crate) const ALICE: AccountId = 1;
pub(crate) const BOB: AccountId = 2;
/// Device key accounts of devices 0, 1, 2 (0 and 1 Alice's, 2 Bob's).
pub(crate) const DEVICE_0: AccountId = 10;
pub(crate) const DEVICE_1: AccountId = 11;
pub(crate) const DEVICE_2: AccountId = 12;
/// An attester at genesis.
pub(crate) const ATTESTER: AccountId = 20;
/// The pool's balance at genesis.
pub(crate) const POOL: Balance = 1_000_000;

pub(crate) const EPOCH: u64 = 10;
pub(crate) const WINDOW: u64 = 5;
pub(crate) const CLAIM_PERIOD: u64 = 20;

/// The schedule of the test runtime.
pub(crate) fn schedule() -> crate::ScheduleOf<Test> {
	crate::Schedule { epoch_length: EPOCH, challenge_window: WINDOW, claim_period: CLAIM_PERIOD }
}

/// The default scoring of the test runtime: capacity 1,000 units, reference bandwidth
/// 100 kbit/s, weights 50 / 30 / 20 %, the curve (50 % → 60 %, 100 % → 100 %).
pub(crate) fn scoring() -> crate::ScoringOf<Test> {
	crate::Scoring {
		capacity: 1_000,
		reference_bandwidth: 100,
		weights: crate::ScoreWeights {
			quality: Perbill::from_percent(50),
			bandwidth: Perbill::from_percent(30),
			privacy: Perbill::from_percent(20),
		},
		curve: BoundedVec::truncate_from(vec![
			crate::CurvePoint {
				utilisation: Perbill::from_percent(50),
				payout: Perbill::from_percent(60),
			},
			crate::CurvePoint {
				utilisation: Perbill::from_percent(100),
				payout: Perbill::from_percent(100),
			},
		]),
	}
}

/// Genesis: the default protocol parameters, the pool holds [`POOL`], devices 0–2 are
/// registered and funded, [`ATTESTER`] attests, the first epoch starts at block 0; then
/// block 1.
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	MiningScoring::reset();
	EpochShare::reset();
	clear_devices();
	add_device(0, DEVICE_0, ALICE);
	add_device(1, DEVICE_1, ALICE);
	add_device(2, DEVICE_2, BOB);
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(DataMining::account(), POOL),
			(ALICE, 1_000),
			(BOB, 1_000),
			(DEVICE_0, 1_000),
			(DEVICE_1, 1_000),
			(DEVICE_2, 1_000),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_data_mining::GenesisConfig::<Test> {
		schedule: Some(schedule()),
		attesters: vec![ATTESTER],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run blocks up to `n` with the pallet's hook, checking the invariants after each.
pub(crate) fn run_to_block(n: u64) {
	System::run_to_block_with::<AllPalletsWithSystem>(
		n,
		RunToBlockHooks::default().after_initialize(|_| {
			DataMining::do_try_state().expect("invariants hold");
		}),
	);
}
