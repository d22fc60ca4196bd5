//! A test runtime: balances, and a transfer's recipient as the call's charged account
//! ([`crate::TransferRecipient`]), as in SCI's runtime. Database weights of 10 (read) and 100 (write) make refunds easy to read;
//! balances' weights charge them too, as the runtime's do.

use crate as pallet_access_refund;
use frame_support::{
	derive_impl, parameter_types,
	traits::ConstU64,
	weights::{RuntimeDbWeight, Weight},
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub(crate) type AccountId = u64;
pub(crate) type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		AccessRefund: pallet_access_refund,
	}
);

parameter_types! {
	pub const TestDbWeight: RuntimeDbWeight = RuntimeDbWeight { read: 10, write: 100 };
	/// Tests may change it.
	pub static MinimumCharge: Weight = Weight::zero();
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
	type DbWeight = TestDbWeight;
	type ExtensionsWeightInfo = frame_system::SubstrateExtensionsWeight<Test>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<ED>;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Test>;
}

impl crate::Config for Test {
	type ChargedAccount = crate::TransferRecipient<Test>;
	type MinimumCharge = MinimumCharge;
	type WeightInfo = ();
}

/// Existential deposit of the test runtime.
pub(crate) const ED: Balance = 5;
pub(crate) const ALICE: AccountId = 1;
pub(crate) const BOB: AccountId = 2;
pub(crate) const CHARLIE: AccountId = 3;

/// Alice, Bob and Charlie with 1,000 each, at block 1.
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, 1_000), (BOB, 1_000), (CHARLIE, 1_000)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
