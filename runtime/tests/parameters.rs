//! The protocol parameters in the real runtime: each pallet reads its value from the
//! parameters pallet, a key never set reads as its default, `set_parameter` changes what the
//! pallet applies and `None` restores the default; values that break their type's invariant
//! cannot even be decoded as a call.

use codec::{Decode, Encode};
use frame_support::{assert_noop, assert_ok, traits::Get};
use sci_primitives::energy::{EnergyType, GreenFactors};
use sci_runtime::{
	configs::parameters::{
		default_scoring,
		dynamic_params::{
			carbon_credits, data_mining, device_identity, emission, energy_market, foundation,
			staking,
		},
		RuntimeParameters, RuntimeParametersKey, RuntimeParametersValue, DEVICE_DAILY_QUOTA,
	},
	genesis_presets, Parameters, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, System,
};
use sci_runtime_test_utils::genesis_ext;
use sp_keyring::Sr25519Keyring::Alice;
use sp_runtime::{DispatchError, Perbill, Permill};

fn local_ext() -> sp_io::TestExternalities {
	let mut ext = genesis_ext(genesis_presets::local_testnet_genesis());
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn set(key_value: RuntimeParameters) {
	assert_ok!(Parameters::set_parameter(RuntimeOrigin::root(), key_value));
}

fn fee_burn_share(value: Option<Perbill>) -> RuntimeParameters {
	RuntimeParameters::Emission(emission::Parameters::FeeBurnShare(emission::FeeBurnShare, value))
}

/// What each pallet applies, read through its own `Config`.
fn applied() -> (Perbill, pallet_emission::RewardShares, Permill, u32, Perbill, Permill, u32, u32) {
	(
		<Runtime as pallet_emission::Config>::FeeBurnShare::get(),
		<Runtime as pallet_emission::Config>::RewardShares::get(),
		<Runtime as pallet_foundation::Config>::BurnShare::get(),
		sci_runtime::DeviceIdentity::daily_quota(),
		<Runtime as pallet_data_mining::Config>::EpochShare::get(),
		<Runtime as pallet_energy_market::Config>::MarketFee::get(),
		<Runtime as pallet_carbon_credits::Config>::GreenFactors::get()
			.grams_per_kwh(EnergyType::Wind),
		<Runtime as pallet_staking::Config>::SessionsPerEra::get(),
	)
}

#[test]
fn defaults_apply_until_set_and_again_after_a_reset() {
	local_ext().execute_with(|| {
		let defaults = (
			Perbill::from_percent(20),
			pallet_emission::RewardShares::default(),
			Permill::zero(),
			DEVICE_DAILY_QUOTA,
			Perbill::from_percent(50),
			Permill::from_percent(1),
			450,
			6,
		);
		assert_eq!(applied(), defaults);
		assert_eq!(<Runtime as pallet_data_mining::Config>::Scoring::get(), default_scoring());
		assert_eq!(pallet_parameters::Parameters::<Runtime>::iter().count(), 0);

		let factors = GreenFactors { solar: 1, wind: 2, biomass: 3, hydro: 4, hydrogen: 5 };
		let mut scoring = default_scoring();
		scoring.capacity = 42;
		let changes = [
			fee_burn_share(Some(Perbill::from_percent(35))),
			RuntimeParameters::Foundation(foundation::Parameters::BurnShare(
				foundation::BurnShare,
				Some(Permill::from_percent(5)),
			)),
			RuntimeParameters::DeviceIdentity(device_identity::Parameters::DailyQuota(
				device_identity::DailyQuota,
				Some(7),
			)),
			RuntimeParameters::DataMining(data_mining::Parameters::EpochShare(
				data_mining::EpochShare,
				Some(Perbill::from_percent(25)),
			)),
			RuntimeParameters::DataMining(data_mining::Parameters::Scoring(
				data_mining::Scoring,
				Some(scoring.clone()),
			)),
			RuntimeParameters::EnergyMarket(energy_market::Parameters::MarketFee(
				energy_market::MarketFee,
				Some(Permill::from_percent(3)),
			)),
			RuntimeParameters::CarbonCredits(carbon_credits::Parameters::GreenFactors(
				carbon_credits::GreenFactors,
				Some(factors),
			)),
			RuntimeParameters::Staking(staking::Parameters::SessionsPerEra(
				staking::SessionsPerEra,
				Some(3),
			)),
		];
		for change in changes.clone() {
			set(change);
		}
		assert_eq!(
			applied(),
			(
				Perbill::from_percent(35),
				pallet_emission::RewardShares::default(),
				Permill::from_percent(5),
				7,
				Perbill::from_percent(25),
				Permill::from_percent(3),
				2,
				3,
			)
		);
		assert_eq!(<Runtime as pallet_data_mining::Config>::Scoring::get(), scoring);

		// Every change is an event with the old and the new value.
		let updates = System::events()
			.into_iter()
			.filter(|record| {
				matches!(
					record.event,
					RuntimeEvent::Parameters(pallet_parameters::Event::Updated { .. })
				)
			})
			.count();
		assert_eq!(updates, changes.len());

		// `None` removes the stored value: the default applies again.
		for change in changes {
			let (key, _) =
				frame_support::traits::dynamic_params::AggregatedKeyValue::into_parts(change);
			set(reset(key));
		}
		assert_eq!(applied(), defaults);
		assert_eq!(pallet_parameters::Parameters::<Runtime>::iter().count(), 0);
	});
}

/// The `None` (reset) update of `key`.
fn reset(key: RuntimeParametersKey) -> RuntimeParameters {
	use RuntimeParametersKey as K;
	match key {
		K::Emission(emission::ParametersKey::FeeBurnShare(k)) => {
			RuntimeParameters::Emission(emission::Parameters::FeeBurnShare(k, None))
		},
		K::Emission(emission::ParametersKey::RewardShares(k)) => {
			RuntimeParameters::Emission(emission::Parameters::RewardShares(k, None))
		},
		K::Foundation(foundation::ParametersKey::BurnShare(k)) => {
			RuntimeParameters::Foundation(foundation::Parameters::BurnShare(k, None))
		},
		K::DeviceIdentity(device_identity::ParametersKey::DailyQuota(k)) => {
			RuntimeParameters::DeviceIdentity(device_identity::Parameters::DailyQuota(k, None))
		},
		K::DataMining(data_mining::ParametersKey::Scoring(k)) => {
			RuntimeParameters::DataMining(data_mining::Parameters::Scoring(k, None))
		},
		K::DataMining(data_mining::ParametersKey::EpochShare(k)) => {
			RuntimeParameters::DataMining(data_mining::Parameters::EpochShare(k, None))
		},
		K::EnergyMarket(energy_market::ParametersKey::MarketFee(k)) => {
			RuntimeParameters::EnergyMarket(energy_market::Parameters::MarketFee(k, None))
		},
		K::CarbonCredits(carbon_credits::ParametersKey::GreenFactors(k)) => {
			RuntimeParameters::CarbonCredits(carbon_credits::Parameters::GreenFactors(k, None))
		},
		K::Staking(staking::ParametersKey::SessionsPerEra(k)) => {
			RuntimeParameters::Staking(staking::Parameters::SessionsPerEra(k, None))
		},
	}
}

#[test]
fn a_signed_account_may_not_set_a_parameter() {
	local_ext().execute_with(|| {
		assert_noop!(
			Parameters::set_parameter(
				RuntimeOrigin::signed(Alice.to_account_id()),
				fee_burn_share(Some(Perbill::zero()))
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn reward_shares_that_do_not_sum_to_one_hundred_percent_do_not_decode() {
	let valid = pallet_emission::RewardShares::default();
	let call = RuntimeCall::Parameters(pallet_parameters::Call::set_parameter {
		key_value: RuntimeParameters::Emission(emission::Parameters::RewardShares(
			emission::RewardShares,
			Some(valid),
		)),
	});
	let mut bytes = call.encode();
	assert_eq!(RuntimeCall::decode(&mut &bytes[..]).as_ref(), Ok(&call));

	// The value is encoded last: three `Perbill`s (author, data mining, treasury). Raise the
	// author's share by one part per billion, to a total of 100 % + 1.
	let author = bytes.len() - 12;
	let raised = Perbill::from_percent(40).deconstruct() + 1;
	bytes[author..author + 4].copy_from_slice(&raised.to_le_bytes());
	assert!(RuntimeCall::decode(&mut &bytes[..]).is_err());

	// A stored value is checked the same way when it is read back.
	let value = RuntimeParametersValue::Emission(emission::ParametersValue::RewardShares(valid));
	let mut stored = value.encode();
	let len = stored.len();
	stored[len - 12..len - 8].copy_from_slice(&raised.to_le_bytes());
	assert!(RuntimeParametersValue::decode(&mut &stored[..]).is_err());
}
