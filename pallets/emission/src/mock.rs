//! A test runtime with a small halving interval: `HalvingInterval = 10`, emission pool 20,000,
//! so `R0 = 20,000 / (2 · 10) = 1,000`.

use crate as pallet_emission;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU64, FindAuthor, WithdrawReasons},
	PalletId,
};
use frame_system::{EnsureRoot, RunToBlockHooks};
use sp_runtime::{traits::ConvertInto, BuildStorage, ConsensusEngineId, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub(crate) type AccountId = u64;
pub(crate) type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Vesting: pallet_vesting,
		Emission: pallet_emission,
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

parameter_types! {
	pub UnvestedFundsAllowedWithdrawReasons: WithdrawReasons =
		WithdrawReasons::except(WithdrawReasons::TRANSFER | WithdrawReasons::RESERVE);
}

impl pallet_vesting::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type BlockNumberToBalance = ConvertInto;
	type MinVestedTransfer = ConstU64<1>;
	type WeightInfo = ();
	type UnvestedFundsAllowedWithdrawReasons = UnvestedFundsAllowedWithdrawReasons;
	type BlockNumberProvider = System;
	const MAX_VESTING_SCHEDULES: u32 = 8;
}

pub(crate) const ALICE: AccountId = 1;
pub(crate) const BOB: AccountId = 2;
/// Has three vesting batches at genesis.
pub(crate) const TEAM: AccountId = 3;
/// The default block author; has no balance at genesis.
pub(crate) const AUTHOR: AccountId = 10;

pub(crate) const MAX_SUPPLY: Balance = 1_000_000;
pub(crate) const POOL: Balance = 20_000;
pub(crate) const R0: Balance = 1_000;

parameter_types! {
	/// Tests may change it (as a runtime upgrade would).
	pub static HalvingInterval: u64 = 10;
	/// What `MockFindAuthor` reports; tests may change it.
	pub static DigestAuthor: Option<AccountId> = Some(AUTHOR);
	/// The reward split (a protocol parameter); tests may change it.
	pub static Shares: crate::RewardShares = crate::RewardShares::default();
	/// The burned share of fees and tips (a protocol parameter); tests may change it.
	pub static FeeBurnShare: Perbill = crate::DEFAULT_FEE_BURN_SHARE;
	pub const MaxSupply: Balance = MAX_SUPPLY;
	pub const DataMiningPoolId: PalletId = PalletId(*b"minepool");
	pub const TreasuryId: PalletId = PalletId(*b"treasury");
}

/// Reports [`DigestAuthor`], ignoring the digests.
pub struct MockFindAuthor;
impl FindAuthor<AccountId> for MockFindAuthor {
	fn find_author<'a, I>(_digests: I) -> Option<AccountId>
	where
		I: 'a + IntoIterator<Item = (ConsensusEngineId, &'a [u8])>,
	{
		DigestAuthor::get()
	}
}

#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn set_block_author() -> Option<AccountId> {
		DigestAuthor::set(Some(AUTHOR));
		Some(AUTHOR)
	}
}

impl pallet_emission::Config for Test {
	type Currency = Balances;
	type Vesting = Vesting;
	type FindAuthor = MockFindAuthor;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type RewardShares = Shares;
	type FeeBurnShare = FeeBurnShare;
	type MaxSupply = MaxSupply;
	type HalvingInterval = HalvingInterval;
	type DataMiningPoolId = DataMiningPoolId;
	type TreasuryId = TreasuryId;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

pub(crate) fn treasury() -> AccountId {
	Emission::treasury_account()
}

pub(crate) fn data_mining_pool() -> AccountId {
	Emission::data_mining_account()
}

/// Builds the test externalities.
pub(crate) struct ExtBuilder {
	balances: Vec<(AccountId, Balance)>,
	emission_pool: Balance,
	vesting_batches: Vec<(AccountId, u64, Balance)>,
	treasury_balance: Balance,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self {
			balances: vec![(ALICE, 10_000), (BOB, 10_000), (TEAM, 300)],
			emission_pool: POOL,
			vesting_batches: vec![(TEAM, 10, 100), (TEAM, 20, 100), (TEAM, 30, 100)],
			treasury_balance: 1_000,
		}
	}
}

/// Total issuance of the default genesis: the balances plus the treasury's 1,000.
pub(crate) const GENESIS_ISSUANCE: Balance = 10_000 + 10_000 + 300 + 1_000;

impl ExtBuilder {
	pub(crate) fn emission_pool(mut self, pool: Balance) -> Self {
		self.emission_pool = pool;
		self
	}

	/// The treasury's genesis balance; zero: no treasury account.
	pub(crate) fn treasury_balance(mut self, balance: Balance) -> Self {
		self.treasury_balance = balance;
		self
	}

	pub(crate) fn vesting_batches(mut self, batches: Vec<(AccountId, u64, Balance)>) -> Self {
		self.vesting_batches = batches;
		self
	}

	pub(crate) fn build(self) -> sp_io::TestExternalities {
		// Reset the thread-local parameters a previous test may have changed.
		HalvingInterval::set(10);
		DigestAuthor::set(Some(AUTHOR));
		Shares::set(crate::RewardShares::default());
		FeeBurnShare::set(crate::DEFAULT_FEE_BURN_SHARE);
		let mut balances = self.balances;
		if self.treasury_balance > 0 {
			balances.push((treasury(), self.treasury_balance));
		}
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig { balances, ..Default::default() },
			vesting: Default::default(),
			emission: pallet_emission::GenesisConfig {
				emission_pool: self.emission_pool,
				vesting_batches: self.vesting_batches,
			},
		}
		.build_storage()
		.unwrap();
		sp_io::TestExternalities::new(storage)
	}

	pub(crate) fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Emission::do_try_state().expect("try_state holds at the end of the test");
		})
	}
}

/// The default externalities (used by the benchmark test suite).
#[cfg(feature = "runtime-benchmarks")]
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}

/// Finalize the current block and initialize blocks up to `n` (events are those of block `n`),
/// checking the pallet's invariants after every block.
pub(crate) fn run_to_block(n: u64) {
	System::run_to_block_with::<AllPalletsWithSystem>(
		n,
		RunToBlockHooks::default()
			.before_initialize(|_| System::reset_events())
			.after_initialize(|_| Emission::do_try_state().expect("try_state holds")),
	);
}

/// The pallet's events of the current block.
pub(crate) fn emission_events() -> Vec<pallet_emission::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Emission(e) => Some(e),
			_ => None,
		})
		.collect()
}
