//! A test runtime: devices up to 2 levels below a root, certificates of at most 100 blocks,
//! 3 access grants per device, quota days of 10 blocks with 2 free transactions, and
//! `issue_certificate` as the only free call. Accounts are `AccountId32`, as on SCI, so
//! device keys sign as accounts.

use crate as pallet_device_identity;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Contains},
};
use frame_system::{EnsureRoot, RunToBlockHooks};
use pallet_transaction_payment::FungibleAdapter;
use sp_keyring::Sr25519Keyring;
use sp_runtime::{AccountId32, BuildStorage};

type Block = frame_system::mocking::MockBlock<Test>;
pub(crate) type AccountId = AccountId32;
pub(crate) type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		TransactionPayment: pallet_transaction_payment,
		DeviceIdentity: pallet_device_identity,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type ExistentialDeposit = ConstU64<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_transaction_payment::config_preludes::TestDefaultConfig)]
impl pallet_transaction_payment::Config for Test {
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type WeightToFee = frame_support::weights::IdentityFee<Balance>;
	type LengthToFee = frame_support::weights::IdentityFee<Balance>;
}

/// Held per device.
pub(crate) const DEPOSIT: Balance = 100;
/// Longest certificate lifetime.
pub(crate) const MAX_LIFETIME: u64 = 100;
/// Blocks per quota day.
pub(crate) const DAY: u64 = 10;
/// Free transactions per day, unless a test sets [`DailyQuota`].
pub(crate) const QUOTA: u32 = 2;
/// Funds of each test account.
pub(crate) const FUNDS: Balance = 1_000_000_000;

/// `issue_certificate` is free within the quota; nothing else is.
pub struct FreeCalls;
impl Contains<RuntimeCall> for FreeCalls {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(call, RuntimeCall::DeviceIdentity(crate::Call::issue_certificate { .. }))
	}
}

parameter_types! {
	pub const Deposit: Balance = DEPOSIT;
	/// The daily quota, settable by tests with `DailyQuota::set`.
	pub static DailyQuota: u32 = QUOTA;
}

impl pallet_device_identity::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AdminOrigin = EnsureRoot<AccountId>;
	type DeviceDeposit = Deposit;
	type MaxDepth = ConstU32<2>;
	type MaxMetadataLength = ConstU32<32>;
	type MaxCertificateLifetime = ConstU64<MAX_LIFETIME>;
	type MaxGrantsPerDevice = ConstU32<3>;
	type QuotaPeriod = ConstU64<DAY>;
	type FreeCalls = FreeCalls;
	type DailyQuota = DailyQuota;
	type WeightInfo = ();
}

/// Device owners and other accounts.
pub(crate) fn alice() -> AccountId {
	Sr25519Keyring::Alice.to_account_id()
}
pub(crate) fn bob() -> AccountId {
	Sr25519Keyring::Bob.to_account_id()
}
pub(crate) fn charlie() -> AccountId {
	Sr25519Keyring::Charlie.to_account_id()
}
/// A senior admin at genesis.
pub(crate) fn admin() -> AccountId {
	Sr25519Keyring::Ferdie.to_account_id()
}

/// Genesis: Alice, Bob, Charlie and the admin hold [`FUNDS`], the admin is a senior admin, the
/// daily quota is [`QUOTA`]; then block 1.
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	DailyQuota::set(QUOTA);
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(alice(), FUNDS), (bob(), FUNDS), (charlie(), FUNDS), (admin(), FUNDS)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_device_identity::GenesisConfig::<Test> { senior_admins: vec![admin()] }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// [`new_test_ext`] with a keystore, which the benchmarks sign with.
#[cfg(feature = "runtime-benchmarks")]
pub(crate) fn new_bench_ext() -> sp_io::TestExternalities {
	use sp_keystore::{testing::MemoryKeystore, KeystoreExt};
	let mut ext = new_test_ext();
	ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
	ext
}

/// Run blocks up to `n`, checking the invariants after each.
pub(crate) fn run_to_block(n: u64) {
	System::run_to_block_with::<AllPalletsWithSystem>(
		n,
		RunToBlockHooks::default().after_initialize(|_| {
			DeviceIdentity::do_try_state().expect("invariants hold");
		}),
	);
}
