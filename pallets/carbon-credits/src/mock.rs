//! A test runtime with the stand-in device registry, footprint periods of 100 blocks, and
//! green factors of 500 g/kWh for solar and 0 for the other types (tests change them with
//! `GreenFactors::set`).

use crate as pallet_carbon_credits;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
pub(crate) use sci_primitives::devices::testing::{
	add_device, clear_devices, revoke_device, MockDevices,
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub(crate) type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		CarbonCredits: pallet_carbon_credits,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// Blocks per footprint period.
pub(crate) const PERIOD: u64 = 100;

/// The green factors, unless a test sets [`GreenFactors`]: 500 g/kWh for solar, 0 otherwise.
pub(crate) const FACTORS: sci_primitives::energy::GreenFactors =
	sci_primitives::energy::GreenFactors { solar: 500, wind: 0, biomass: 0, hydro: 0, hydrogen: 0 };

parameter_types! {
	/// The green factors, settable by tests with `GreenFactors::set`.
	pub static GreenFactors: sci_primitives::energy::GreenFactors = FACTORS;
}

impl pallet_carbon_credits::Config for Test {
	type Devices = MockDevices;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type FootprintPeriod = ConstU64<PERIOD>;
	type MaxTextLength = ConstU32<16>;
	type GreenFactors = GreenFactors;
	type WeightInfo = ();
}

/// Accounts: Alice owns meter 0 (key account [`METER`]); [`VERIFIER`] is accredited.
pub(crate) const ALICE: AccountId = 1;
pub(crate) const BOB: AccountId = 2;
pub(crate) const METER: AccountId = 10;
pub(crate) const VERIFIER: AccountId = 20;

/// Genesis as described above; then block 1.
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	GreenFactors::set(FACTORS);
	clear_devices();
	add_device(0, METER, ALICE);
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_carbon_credits::GenesisConfig::<Test> { verifiers: vec![VERIFIER] }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
