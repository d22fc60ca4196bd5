//! A test runtime: the validators are a list the tests set, and ejection is recorded.

use crate as pallet_validators;
use core::cell::RefCell;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub(crate) type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Validators: pallet_validators,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// What the runtime did to ejected validators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Action {
	Disabled(AccountId),
	Chilled(AccountId),
	Slashed(AccountId, Perbill),
}

thread_local! {
	pub(crate) static SET: RefCell<Vec<AccountId>> = const { RefCell::new(Vec::new()) };
	pub(crate) static ACTIONS: RefCell<Vec<Action>> = const { RefCell::new(Vec::new()) };
	/// What the inner session manager (staking) plans next, if anything.
	pub(crate) static PLANNED: RefCell<Option<Vec<AccountId>>> = const { RefCell::new(None) };
}

pub(crate) fn set_validators(set: &[AccountId]) {
	SET.with(|s| *s.borrow_mut() = set.to_vec());
}

pub(crate) fn actions() -> Vec<Action> {
	ACTIONS.with(|a| a.borrow().clone())
}

pub struct TestValidators;
impl crate::CurrentValidators<AccountId> for TestValidators {
	fn validators() -> Vec<AccountId> {
		SET.with(|s| s.borrow().clone())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set_validators(validators: Vec<AccountId>) {
		set_validators(&validators)
	}
}

pub struct TestEliminate;
impl crate::Eliminate<AccountId> for TestEliminate {
	fn disable(who: &AccountId) {
		ACTIONS.with(|a| a.borrow_mut().push(Action::Disabled(*who)));
	}
	fn chill(who: &AccountId) {
		ACTIONS.with(|a| a.borrow_mut().push(Action::Chilled(*who)));
	}
	fn slash(who: &AccountId, fraction: Perbill) {
		ACTIONS.with(|a| a.borrow_mut().push(Action::Slashed(*who, fraction)));
	}
}

/// Staking's place: plans `PLANNED` once, records starts.
pub(crate) struct InnerManager;
impl pallet_session::SessionManager<AccountId> for InnerManager {
	fn new_session(_: u32) -> Option<Vec<AccountId>> {
		PLANNED.with(|p| p.borrow_mut().take())
	}
	fn end_session(_: u32) {}
	fn start_session(_: u32) {}
}

parameter_types! {
	pub const MotionDuration: u64 = 10;
	pub const MinSessionLength: u64 = 5;
	pub const MaxSessionLength: u64 = 1_000;
}

impl crate::Config for Test {
	type Validators = TestValidators;
	type Eliminate = TestEliminate;
	type EliminationOrigin = EnsureRoot<AccountId>;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxValidators = ConstU32<8>;
	type MaxMotions = ConstU32<2>;
	type MotionDuration = MotionDuration;
	type MinSessionLength = MinSessionLength;
	type MaxSessionLength = MaxSessionLength;
	type WeightInfo = ();
}

/// Validators 1 to 7, sessions of 20 blocks, at block 1.
pub(crate) fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_validators::GenesisConfig::<Test> { session_length: 20 }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		set_validators(&[1, 2, 3, 4, 5, 6, 7]);
		ACTIONS.with(|a| a.borrow_mut().clear());
		PLANNED.with(|p| *p.borrow_mut() = None);
	});
	ext
}
