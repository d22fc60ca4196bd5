//! Validators in the real runtime: the genesis set bonded and in session, a newcomer that
//! bonds, sets its keys and is elected at the next era (a GRANDPA change signalled in the
//! header), the elimination motion passing and failing, and no issuance beyond the emission
//! pallet's.

use codec::Encode;
use frame_support::traits::fungible::Inspect;
use sci_primitives::{units::UNIT, AccountId};
use sci_runtime::{
	genesis_presets::{self, *},
	Balances, Executive, Grandpa, Runtime, RuntimeOrigin, Session, SessionKeys, Staking, System,
	Validators,
};
use sci_runtime_test_utils::{genesis_ext, start_block};
use sp_consensus_grandpa::{ConsensusLog, GRANDPA_ENGINE_ID};
use sp_core::crypto::key_types;
use sp_keyring::Sr25519Keyring;
use sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt};
use sp_runtime::{traits::Header as _, DigestItem, Perbill};

fn staging() -> sp_io::TestExternalities {
	staging_with(MemoryKeystore::new())
}

/// The staging preset's chain, with `keystore` for the runtime's signing.
fn staging_with(keystore: MemoryKeystore) -> sp_io::TestExternalities {
	let mut ext = genesis_ext(genesis_presets::staging_genesis());
	ext.register_extension(KeystoreExt::new(keystore));
	ext
}

fn account(key: Sr25519Keyring) -> AccountId {
	key.to_account_id()
}

/// Build blocks up to `to`, each in the next slot whose author is not disabled (a disabled
/// validator's node does not author: the runtime would refuse its block), returning the
/// GRANDPA logs of their headers.
fn run_to(to: u32) -> Vec<(u32, ConsensusLog<u32>)> {
	let mut logs = Vec::new();
	let from = System::block_number() + 1;
	let mut slot = u64::from(pallet_aura::CurrentSlot::<Runtime>::get()) + 1;
	for number in from..=to {
		let authorities = pallet_aura::Authorities::<Runtime>::get().len() as u64;
		while Session::disabled_validators().contains(&((slot % authorities) as u32)) {
			slot += 1;
		}
		start_block(number, slot);
		slot += 1;
		let header = Executive::finalize_block();
		logs.extend(header.digest().logs().iter().filter_map(|item| match item {
			DigestItem::Consensus(GRANDPA_ENGINE_ID, data) => {
				Some((number, codec::Decode::decode(&mut &data[..]).unwrap()))
			},
			_ => None,
		}));
	}
	logs
}

fn stashes(keys: &[Sr25519Keyring]) -> Vec<AccountId> {
	keys.iter().map(|k| account(*k)).collect()
}

const FOUR: [Sr25519Keyring; 4] =
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave];

#[test]
fn the_genesis_validators_are_bonded_and_in_session() {
	staging().execute_with(|| {
		let mut validators = Session::validators();
		validators.sort();
		let mut expected = stashes(&FOUR);
		expected.sort();
		assert_eq!(validators, expected);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(Grandpa::grandpa_authorities().len(), 4);
		for key in FOUR {
			let ledger = Staking::ledger(sp_staking::StakingAccount::Stash(account(key))).unwrap();
			assert_eq!(ledger.active, VALIDATOR_BOND);
			// The bond is held, not spent: the endowment is whole.
			assert_eq!(Balances::total_balance(&account(key)), DEV_ENDOWMENT);
			assert_eq!(Balances::free_balance(account(key)), DEV_ENDOWMENT - VALIDATOR_BOND);
		}
		assert_eq!(pallet_validators::SessionLength::<Runtime>::get(), SESSION_LENGTH);
	});
}

#[test]
fn a_new_validator_bonds_sets_its_keys_and_is_elected_at_the_next_era() {
	let keystore = MemoryKeystore::new();
	let aura = keystore.sr25519_generate_new(key_types::AURA, Some("//Eve")).unwrap();
	let grandpa = keystore.ed25519_generate_new(key_types::GRANDPA, Some("//Eve")).unwrap();
	staging_with(keystore).execute_with(|| {
		let eve = account(Sr25519Keyring::Eve);
		let mut keys = SessionKeys { aura: aura.into(), grandpa: grandpa.into() };
		// What `author_rotateKeys` gives with Eve as the owner: her keys' signatures of her account.
		let proof = keys
			.create_ownership_proof(&eve.encode())
			.expect("the keystore holds Eve's keys")
			.encode();

		let eve_origin = RuntimeOrigin::signed(eve.clone());
		assert!(
			pallet_session::Pallet::<Runtime>::set_keys(
				eve_origin.clone(),
				keys.clone(),
				vec![0; 10]
			)
			.is_err(),
			"a forged proof is refused"
		);
		assert_eq!(
			Staking::bond(
				eve_origin.clone(),
				50_000 * UNIT,
				pallet_staking::RewardDestination::Staked
			),
			Ok(())
		);
		assert_eq!(Staking::validate(eve_origin.clone(), Default::default()), Ok(()));
		assert_eq!(
			pallet_session::Pallet::<Runtime>::set_keys(eve_origin, keys.clone(), proof),
			Ok(())
		);
		// Ferdie backs Eve.
		let ferdie = RuntimeOrigin::signed(account(Sr25519Keyring::Ferdie));
		assert_eq!(
			Staking::bond(ferdie.clone(), 20_000 * UNIT, pallet_staking::RewardDestination::Staked),
			Ok(())
		);
		assert_eq!(Staking::nominate(ferdie, vec![eve.clone().into()]), Ok(()));
		// Five seats from now on.
		assert_eq!(Staking::set_validator_count(RuntimeOrigin::root(), 5), Ok(()));

		// Eras of six 10-minute sessions: Eve is elected when the next era is planned and
		// sits from the session after.
		let era = SESSION_LENGTH * 6;
		let logs = run_to(era + SESSION_LENGTH + 1);
		assert!(Session::validators().contains(&eve), "Eve is in the set");
		assert_eq!(Session::validators().len(), 5);
		assert!(pallet_aura::Authorities::<Runtime>::get().iter().any(|a| a == &keys.aura));
		let exposure = Staking::eras_stakers(Staking::current_era().unwrap(), &eve);
		// Eve's 50,000 and Ferdie's 20,000, less Phragmén's rounding.
		assert!((69_999 * UNIT..=70_000 * UNIT).contains(&exposure.total), "{}", exposure.total);
		// The change of the GRANDPA set was signalled in a header, with no delay.
		let change = logs
			.iter()
			.find_map(|(number, log)| log.clone().try_into_change().map(|change| (number, change)))
			.expect("a scheduled change");
		assert_eq!(change.1.delay, 0);
		assert_eq!(change.1.next_authorities.len(), 5);
		assert!(change.1.next_authorities.iter().any(|(id, _)| id == &keys.grandpa));
		assert_eq!(Grandpa::grandpa_authorities().len(), 5);
	});
}

#[test]
fn two_thirds_of_the_validators_eject_one_at_the_next_session() {
	staging().execute_with(|| {
		run_to(1);
		let dave = account(Sr25519Keyring::Dave);
		let slash = Perbill::from_percent(10);
		assert_eq!(
			Validators::propose_elimination(
				RuntimeOrigin::signed(account(Sr25519Keyring::Alice)),
				dave.clone(),
				slash
			),
			Ok(())
		);
		// Three voters besides Dave: two ayes pass.
		assert_eq!(
			Validators::vote(
				RuntimeOrigin::signed(account(Sr25519Keyring::Bob)),
				dave.clone(),
				true
			),
			Ok(())
		);
		let index = Session::validators().iter().position(|v| v == &dave).unwrap() as u32;
		assert!(
			pallet_session::DisabledValidators::<Runtime>::get().iter().any(|(i, _)| *i == index),
			"disabled at once"
		);
		// Planned at the end of the next session, out of the set one session later.
		run_to(SESSION_LENGTH * 2 + 1);
		assert!(!Session::validators().contains(&dave));
		assert_eq!(Session::validators().len(), 3);
		assert!(!pallet_staking::Validators::<Runtime>::contains_key(&dave), "chilled");
		// The slash waits for governance (deferred), reported as an offence.
		assert_eq!(pallet_offences::Reports::<Runtime>::iter().count(), 1);
	});
}

#[test]
fn a_motion_without_two_thirds_fails() {
	staging().execute_with(|| {
		run_to(1);
		let dave = account(Sr25519Keyring::Dave);
		assert_eq!(
			Validators::propose_elimination(
				RuntimeOrigin::signed(account(Sr25519Keyring::Alice)),
				dave.clone(),
				Perbill::zero()
			),
			Ok(())
		);
		for voter in [Sr25519Keyring::Bob, Sr25519Keyring::Charlie] {
			assert_eq!(
				Validators::vote(RuntimeOrigin::signed(account(voter)), dave.clone(), false),
				Ok(())
			);
		}
		assert!(!pallet_validators::Motions::<Runtime>::contains_key(&dave));
		run_to(SESSION_LENGTH * 2 + 1);
		assert!(Session::validators().contains(&dave));
		// A stranger can neither propose nor vote.
		assert!(Validators::propose_elimination(
			RuntimeOrigin::signed(account(Sr25519Keyring::Ferdie)),
			dave,
			Perbill::zero()
		)
		.is_err());
	});
}

#[test]
fn eras_issue_nothing_beyond_the_emission() {
	staging().execute_with(|| {
		let before = Balances::total_issuance();
		let issued_before = pallet_emission::TotalIssued::<Runtime>::get();
		run_to(SESSION_LENGTH * 7);
		assert!(Staking::current_era().unwrap_or_default() >= 1, "an era passed");
		let issued = pallet_emission::TotalIssued::<Runtime>::get() - issued_before;
		assert!(issued > 0);
		// Fees are burned or paid out of existing balances: only the emission adds.
		assert_eq!(Balances::total_issuance(), before + issued);
	});
}
