//! The emission pallet in the real runtime: genesis allocations of the presets, team vesting
//! (cliff and yearly batches), the block reward and the fee burn through `Executive` and
//! pallet-transaction-payment, and the `EmissionApi` runtime API.

use codec::Decode;
use frame_support::traits::{
	fungible::Inspect,
	tokens::{Fortitude, Preservation},
};
use sci_primitives::{
	units::{MAX_SUPPLY, UNIT},
	AccountId,
};
use sci_runtime::{
	configs::HALVING_INTERVAL,
	genesis_presets::{self, *},
	Balance, Balances, BlockNumber, Emission, Executive, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, System, Vesting,
};
use sci_runtime_test_utils::{genesis_ext, signed_here as signed, start_block};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Header as _, Perbill, TokenError};

/// `R0 = EMISSION_POOL / (2 · HALVING_INTERVAL)` = 1,050,000,000 SCI / 252,460,800.
const R0: Balance = 4_159_061_525_591;

fn dev_ext() -> sp_io::TestExternalities {
	genesis_ext(genesis_presets::development_config_genesis())
}

fn free(who: &AccountId) -> Balance {
	Balances::free_balance(who)
}

fn issuance() -> Balance {
	<Balances as Inspect<AccountId>>::total_issuance()
}

/// Call a runtime API function the way the node does (by name, SCALE in and out).
fn runtime_api<T: Decode>(method: &str) -> T {
	let out = sci_runtime::apis::api::dispatch(method, &[])
		.unwrap_or_else(|| panic!("no runtime API function {method}"));
	T::decode(&mut &out[..]).unwrap()
}

#[test]
fn presets_keep_dev_endowments_and_add_the_allocations_within_the_cap() {
	for patch in
		[genesis_presets::development_config_genesis(), genesis_presets::local_testnet_genesis()]
	{
		genesis_ext(patch).execute_with(|| {
			for account in Sr25519Keyring::well_known() {
				// Validators hold their bond out of it.
				assert_eq!(
					Balances::total_balance(&account.to_account_id()),
					DEV_ENDOWMENT,
					"{account}"
				);
			}
			assert_eq!(free(&foundation_account()), 294_000_000 * UNIT);
			assert_eq!(free(&foundation_account()), FOUNDATION_ALLOCATION);
			assert_eq!(free(&ecosystem_account()), 420_000_000 * UNIT);
			let team = dev_team_accounts();
			assert_eq!(team.len(), 2);
			for member in &team {
				assert_eq!(free(member), 157_500_000 * UNIT);
			}
			assert_eq!(TEAM_ALLOCATION, 315_000_000 * UNIT);
			assert_eq!(EMISSION_POOL, 1_050_000_000 * UNIT);

			let genesis_issuance =
				12 * DEV_ENDOWMENT + FOUNDATION_ALLOCATION + ECOSYSTEM_ALLOCATION + TEAM_ALLOCATION;
			assert_eq!(issuance(), genesis_issuance);
			assert!(issuance() + EMISSION_POOL <= MAX_SUPPLY);
			assert_eq!(pallet_emission::EmissionPool::<Runtime>::get(), EMISSION_POOL);
			assert_eq!(pallet_emission::InitialIssuance::<Runtime>::get(), genesis_issuance);
			assert_eq!(Emission::initial_reward(), R0);
			assert_eq!(HALVING_INTERVAL, 126_230_400);
		});
	}
}

#[test]
fn team_tokens_are_locked_for_a_year_then_released_in_three_yearly_batches() {
	dev_ext().execute_with(|| {
		let member = Sr25519Keyring::One.to_account_id();
		let origin = || RuntimeOrigin::signed(member.clone());
		let share = TEAM_ALLOCATION / 2;
		let batch = share / 3;
		let dest = Sr25519Keyring::Alice.to_account_id();
		let spendable =
			|| Balances::reducible_balance(&member, Preservation::Expendable, Fortitude::Polite);
		assert_eq!(YEAR, 31_557_600);

		// The genesis lock covers the whole share (all three batches).
		let locks = pallet_balances::Locks::<Runtime>::get(&member);
		assert_eq!(locks.len(), 1);
		assert_eq!(locks[0].amount, share);
		assert_eq!(pallet_vesting::Vesting::<Runtime>::get(&member).unwrap().len(), 3);
		assert_eq!(spendable(), 0);

		// The last block of the cliff: still nothing.
		System::set_block_number(YEAR - 1);
		Vesting::vest(origin()).unwrap();
		assert_eq!(spendable(), 0);
		assert_eq!(
			Balances::transfer_allow_death(origin(), dest.clone().into(), UNIT),
			Err(TokenError::Frozen.into())
		);

		for (year, released) in [(1, batch), (2, 2 * batch), (3, share)] {
			// The block before the anniversary releases nothing new.
			System::set_block_number(year * YEAR - 1);
			Vesting::vest(origin()).unwrap();
			assert_eq!(spendable(), released - batch - (share - free(&member)));
			System::set_block_number(year * YEAR);
			Vesting::vest(origin()).unwrap();
			let available = released - (share - free(&member));
			assert_eq!(spendable(), available, "year {year}");
			Balances::transfer_allow_death(origin(), dest.clone().into(), available).unwrap();
			if released < share {
				assert_eq!(
					Balances::transfer_allow_death(origin(), dest.clone().into(), 1),
					Err(TokenError::Frozen.into())
				);
			}
		}
		assert_eq!(free(&member), 0);
		assert!(pallet_vesting::Vesting::<Runtime>::get(&member).is_none());
	});
}

#[test]
fn blocks_mint_the_reward_to_the_aura_author_and_fees_are_partly_burned() {
	dev_ext().execute_with(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		let bob = Sr25519Keyring::Bob.to_account_id();
		let pool = Emission::data_mining_account();
		let treasury = Emission::treasury_account();
		let genesis_issuance = issuance();

		// Block 1, slot 1: the dev chain's only authority, //Alice, authors it.
		start_block(1, 1);
		let to_author = Perbill::from_percent(40).mul_floor(R0);
		assert_eq!(to_author, 1_663_624_610_236);
		// Alice, the dev chain's validator, holds her bond out of her endowment.
		assert_eq!(free(&alice), DEV_ENDOWMENT - VALIDATOR_BOND + to_author);
		assert_eq!(free(&pool), to_author);
		// The treasury's 20 % plus the rounding dust of the two other shares.
		assert_eq!(free(&treasury), FOUNDATION_ALLOCATION + R0 - 2 * to_author);
		assert_eq!(free(&treasury), FOUNDATION_ALLOCATION + 831_812_305_119);
		assert_eq!(issuance(), genesis_issuance + R0);
		assert_eq!(pallet_emission::TotalIssued::<Runtime>::get(), R0);

		// A signed transfer by Bob: its fee is 20 % burned, 80 % to Alice, at the block's end.
		let recipient: AccountId =
			sr25519::Pair::from_string("//SciFeeTest", None).unwrap().public().into();
		let tx = signed(
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: recipient.clone().into(),
				value: UNIT,
			}),
			&Sr25519Keyring::Bob.pair(),
			0,
		);
		let (alice_before, bob_before, issuance_before) = (free(&alice), free(&bob), issuance());
		Executive::apply_extrinsic(tx).unwrap().unwrap();
		let fee = System::events()
			.into_iter()
			.find_map(|r| match r.event {
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { actual_fee, .. },
				) => Some(actual_fee),
				_ => None,
			})
			.expect("a fee was paid");
		assert!(fee > 0);
		assert_eq!(free(&bob), bob_before - UNIT - fee);
		assert_eq!(free(&recipient), UNIT);
		// Out of circulation until the block's fees are settled at its end.
		assert_eq!(issuance(), issuance_before - fee);
		assert_eq!(pallet_emission::PendingFees::<Runtime>::get(), fee);
		assert_eq!(free(&alice), alice_before);
		let header = Executive::finalize_block();
		assert_eq!(*header.number(), 1);
		let burned = Perbill::from_percent(20).mul_floor(fee);
		assert_eq!(pallet_emission::PendingFees::<Runtime>::get(), 0);
		assert_eq!(issuance(), issuance_before - burned);
		assert_eq!(free(&alice), alice_before + fee - burned);
		assert_eq!(pallet_emission::TotalBurned::<Runtime>::get(), burned);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Emission(pallet_emission::Event::FeesBurned {
				burned,
				to_author: fee - burned,
				to_treasury: 0
			})));

		// The runtime API, called by name as the node does.
		assert_eq!(runtime_api::<Balance>("EmissionApi_current_reward"), R0);
		assert_eq!(runtime_api::<Balance>("EmissionApi_total_issued"), R0);
		assert_eq!(runtime_api::<Balance>("EmissionApi_total_burned"), burned);
		assert_eq!(runtime_api::<Balance>("EmissionApi_total_issuance"), issuance());
		assert_eq!(
			runtime_api::<Balance>("EmissionApi_remaining_supply"),
			MAX_SUPPLY - genesis_issuance - R0 + burned
		);
		assert_eq!(runtime_api::<Balance>("EmissionApi_remaining_emission"), EMISSION_POOL - R0);
		assert_eq!(runtime_api::<BlockNumber>("EmissionApi_next_halving_block"), HALVING_INTERVAL);
		assert_eq!(
			runtime_api::<BlockNumber>("EmissionApi_blocks_until_next_halving"),
			HALVING_INTERVAL - 1
		);

		// Block 2: the same again, and the block author is not kept in state between blocks.
		assert!(pallet_emission::BlockAuthor::<Runtime>::get().is_none());
		start_block(2, 2);
		assert_eq!(free(&pool), 2 * to_author);
		assert_eq!(pallet_emission::TotalIssued::<Runtime>::get(), 2 * R0);
		Executive::finalize_block();
	});
}

#[test]
fn the_reward_halves_after_four_years_of_blocks() {
	dev_ext().execute_with(|| {
		// Jump to the last block of the first era (as if it had been reached block by block).
		System::set_block_number(HALVING_INTERVAL - 2);
		let issued_before = pallet_emission::TotalIssued::<Runtime>::get();
		start_block(HALVING_INTERVAL - 1, 1);
		assert_eq!(pallet_emission::TotalIssued::<Runtime>::get() - issued_before, R0);
		assert_eq!(runtime_api::<BlockNumber>("EmissionApi_blocks_until_next_halving"), 1);
		Executive::finalize_block();
		start_block(HALVING_INTERVAL, 2);
		assert_eq!(pallet_emission::TotalIssued::<Runtime>::get() - issued_before, R0 + R0 / 2);
		assert!(System::events().iter().any(|r| r.event
			== RuntimeEvent::Emission(pallet_emission::Event::Halved {
				halvings: 1,
				reward: R0 / 2
			})));
		assert_eq!(runtime_api::<Balance>("EmissionApi_current_reward"), R0 / 2);
		Executive::finalize_block();
	});
}

#[test]
fn governance_burns_from_the_treasury_and_only_root_may() {
	dev_ext().execute_with(|| {
		System::set_block_number(1);
		let treasury = Emission::treasury_account();
		let before = (free(&treasury), issuance());
		let alice = RuntimeOrigin::signed(Sr25519Keyring::Alice.to_account_id());
		assert!(Emission::burn(alice, 10 * UNIT).is_err());
		Emission::burn(RuntimeOrigin::root(), 10 * UNIT).unwrap();
		assert_eq!(free(&treasury), before.0 - 10 * UNIT);
		assert_eq!(issuance(), before.1 - 10 * UNIT);
		assert_eq!(runtime_api::<Balance>("EmissionApi_total_burned"), 10 * UNIT);
	});
}

/// The benchmark helper of the runtime makes the Aura-based `FindAuthor` find an author, so the
/// `on_initialize` benchmark measures the path that pays one. (The benchmarks themselves run in
/// the pallet's test suite; the `Benchmark` runtime API needs a host database that can commit,
/// which `TestExternalities` cannot.) Only with `--features runtime-benchmarks`.
#[cfg(feature = "runtime-benchmarks")]
#[test]
fn benchmark_helper_sets_an_author_that_gets_paid() {
	use frame_support::traits::Hooks;
	use pallet_emission::BenchmarkHelper;
	dev_ext().execute_with(|| {
		System::set_block_number(1);
		let author = sci_runtime::configs::EmissionBenchmarkHelper::set_block_author()
			.expect("the runtime helper names an author");
		Emission::on_initialize(1);
		assert_eq!(pallet_emission::BlockAuthor::<Runtime>::get(), Some(author.clone()));
		assert_eq!(free(&author), Perbill::from_percent(40).mul_floor(R0));
	});
}
