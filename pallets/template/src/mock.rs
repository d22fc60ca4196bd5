//! A test runtime: the template pallet with room for three entries and root as its admin
//! origin; Alice keeps 7 from genesis.

use crate as pallet_template;
use frame_support::{derive_impl, traits::ConstU32, weights::constants::RocksDbWeight};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Template: pallet_template,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	// Price storage access, so that the migration test can check the weight it reports.
	type DbWeight = RocksDbWeight;
}

/// Most accounts keeping a number in the test runtime.
pub(crate) const MAX_ENTRIES: u32 = 3;

pub(crate) const ALICE: u64 = 1;
pub(crate) const BOB: u64 = 2;
pub(crate) const CHARLIE: u64 = 3;
pub(crate) const DAVE: u64 = 4;

impl pallet_template::Config for Test {
	type AdminOrigin = EnsureRoot<u64>;
	type MaxEntries = ConstU32<MAX_ENTRIES>;
	type WeightInfo = ();
}

/// Genesis: Alice keeps 7; the chain is at block 1 (events are recorded from block 1 on).
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		template: pallet_template::GenesisConfig { entries: vec![(ALICE, 7)] },
	}
	.build_storage()
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
