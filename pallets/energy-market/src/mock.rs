//! A test runtime: periods of 10 blocks whose orders close 2 blocks before they start, 5 blocks
//! to report deliveries, a 1 % fee (tests change it with `MarketFee::set`), asks holding 100, at
//! most 6 orders per period and 2 per account, 3 periods ahead. Deliveries are recorded instead
//! of earning carbon points.

use crate as pallet_energy_market;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_system::{EnsureRoot, RunToBlockHooks};
pub(crate) use sci_primitives::devices::testing::{
	add_device, clear_devices, revoke_device, MockDevices,
};
use sci_primitives::energy::{EnergyType, OnGreenDelivery};
use sp_runtime::{BuildStorage, Permill};
use std::cell::RefCell;

type Block = frame_system::mocking::MockBlock<Test>;
pub(crate) type AccountId = u64;
pub(crate) type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		EnergyMarket: pallet_energy_market,
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

thread_local! {
	static DELIVERIES: RefCell<Vec<(AccountId, EnergyType, u64)>> = const { RefCell::new(Vec::new()) };
}

/// Records the green deliveries it is told of.
pub struct RecordDeliveries;

impl OnGreenDelivery<AccountId> for RecordDeliveries {
	fn on_green_delivery(buyer: &AccountId, energy: EnergyType, kwh: u64) {
		DELIVERIES.with(|d| d.borrow_mut().push((*buyer, energy, kwh)));
	}
}

/// The deliveries reported so far.
pub(crate) fn deliveries() -> Vec<(AccountId, EnergyType, u64)> {
	DELIVERIES.with(|d| d.borrow().clone())
}

/// Receives the market fee.
pub(crate) const FOUNDATION: AccountId = 99;
/// Held per ask.
pub(crate) const ASK_DEPOSIT: Balance = 100;

/// The market fee, unless a test sets [`MarketFee`].
pub(crate) const FEE: Permill = Permill::from_percent(1);

parameter_types! {
	pub const Foundation: AccountId = FOUNDATION;
	pub const AskDeposit: Balance = ASK_DEPOSIT;
	/// The market fee, settable by tests with `MarketFee::set`.
	pub static MarketFee: Permill = FEE;
}

impl pallet_energy_market::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Devices = MockDevices;
	type OnDelivery = RecordDeliveries;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type FeeAccount = Foundation;
	type MarketFee = MarketFee;
	type AskDeposit = AskDeposit;
	type MaxOrdersPerPeriod = ConstU32<6>;
	type MaxOrdersPerAccount = ConstU32<2>;
	type MaxPeriodsAhead = ConstU32<3>;
	type WeightInfo = ();
}

/// Sellers and buyers, each with one meter: seller `S1` has meter 0, `S2` meter 1, buyer `B1`
/// meter 2, `B2` meter 3 (meter `m`'s key account is `10 + m`).
pub(crate) const S1: AccountId = 1;
pub(crate) const S2: AccountId = 2;
pub(crate) const B1: AccountId = 3;
pub(crate) const B2: AccountId = 4;
/// Funds of each participant.
pub(crate) const FUNDS: Balance = 1_000_000;

pub(crate) const PERIOD: u64 = 10;
pub(crate) const GATE_LEAD: u64 = 2;
pub(crate) const TIMEOUT: u64 = 5;

/// The parameters of the test runtime.
pub(crate) fn parameters() -> crate::MarketParameters<u64> {
	crate::MarketParameters {
		period_length: PERIOD,
		gate_lead: GATE_LEAD,
		settlement_timeout: TIMEOUT,
	}
}

/// Genesis as described above (period 0 starts at block 0); then block 1, where period 0
/// clears.
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	MarketFee::set(FEE);
	clear_devices();
	DELIVERIES.with(|d| d.borrow_mut().clear());
	for (meter, owner) in [S1, S2, B1, B2].into_iter().enumerate() {
		add_device(meter as u64, 10 + meter as u64, owner);
	}
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(S1, FUNDS), (S2, FUNDS), (B1, FUNDS), (B2, FUNDS), (FOUNDATION, 1)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_energy_market::GenesisConfig::<Test> { parameters: Some(parameters()) }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| run_to_block(1));
	ext
}

/// Run blocks up to `n` with the pallet's hook, checking the invariants after each.
pub(crate) fn run_to_block(n: u64) {
	System::run_to_block_with::<AllPalletsWithSystem>(
		n,
		RunToBlockHooks::default().after_initialize(|_| {
			EnergyMarket::do_try_state().expect("invariants hold");
		}),
	);
}
