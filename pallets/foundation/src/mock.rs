//! A test runtime with short quarters (`QuarterLength = 100`), inflows recorded every 10 blocks,
//! proposals living 20 blocks, and signatories 1, 2, 3 with a threshold of 2.

use crate as pallet_foundation;
use frame_support::{derive_impl, parameter_types, traits::ConstU64, PalletId};
use frame_system::{EnsureRoot, RunToBlockHooks};
use sp_runtime::{BuildStorage, Permill};

type Block = frame_system::mocking::MockBlock<Test>;
pub(crate) type AccountId = u64;
pub(crate) type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Foundation: pallet_foundation,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

/// Existential deposit of the test runtime.
pub(crate) const ED: Balance = 5;

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<ED>;
}

pub(crate) const ALICE: AccountId = 1;
pub(crate) const BOB: AccountId = 2;
pub(crate) const CHARLIE: AccountId = 3;
/// Not a signatory.
pub(crate) const DAVE: AccountId = 4;
pub(crate) const BENEFICIARY: AccountId = 10;

pub(crate) const QUARTER: u64 = 100;
pub(crate) const LIFETIME: u64 = 20;
/// The foundation's balance at genesis.
pub(crate) const FUNDS: Balance = 100_000;

parameter_types! {
	pub const FoundationId: PalletId = PalletId(*b"sci/trsy");
	pub const MaxSignatories: u32 = 5;
	pub const MaxMemoLength: u32 = 16;
	pub const MaxPendingProposals: u32 = 4;
	pub const MaxSpendsPerQuarter: u32 = 3;
	/// The share of the idle balance burned at quarter end (a protocol parameter); tests may
	/// change it.
	pub static BurnShare: Permill = Permill::zero();
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockBenchmarkHelper {
	fn set_burn_share(share: Permill) {
		BurnShare::set(share);
	}
}

impl pallet_foundation::Config for Test {
	type Currency = Balances;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type PalletId = FoundationId;
	type QuarterLength = ConstU64<QUARTER>;
	type InflowRecordPeriod = ConstU64<10>;
	type ProposalLifetime = ConstU64<LIFETIME>;
	type MaxSignatories = MaxSignatories;
	type MaxMemoLength = MaxMemoLength;
	type MaxPendingProposals = MaxPendingProposals;
	type MaxSpendsPerQuarter = MaxSpendsPerQuarter;
	type BurnShare = BurnShare;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Genesis: the foundation holds [`FUNDS`], signatories 1, 2, 3 need two approvals.
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	// Reset the thread-local parameter a previous test may have changed.
	BurnShare::set(Permill::zero());
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![
			(Foundation::account(), FUNDS),
			(ALICE, 1_000),
			(BOB, 1_000),
			(CHARLIE, 1_000),
			(DAVE, 1_000),
		],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_foundation::GenesisConfig::<Test> {
		signatories: vec![ALICE, BOB, CHARLIE],
		threshold: 2,
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Run blocks up to `n` with the pallet's hooks, checking the invariants after each.
pub(crate) fn run_to_block(n: u64) {
	System::run_to_block_with::<AllPalletsWithSystem>(
		n,
		RunToBlockHooks::default().after_initialize(|_| {
			Foundation::do_try_state().expect("invariants hold");
		}),
	);
}
