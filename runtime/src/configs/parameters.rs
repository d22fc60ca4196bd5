//! The protocol parameters, in one place: `pallet-parameters` stores the values governance set,
//! each domain pallet reads its own through a `Get` in its `Config`, and a key never set reads
//! as the default written here. `Parameters::set_parameter` changes one value (or, with `None`,
//! restores its default) and emits `Parameters::Updated` with the old and new value.
//!
//! Who may set a key: the foundation's burn share is a budget decision (root or the
//! foundation-budgets track); every other key is a protocol parameter (root or the parameters
//! track). Values whose types carry an invariant (reward shares summing to 100 %, a valid
//! scoring curve) cannot even be decoded when invalid, as an out-of-range `Perbill` cannot.
//!
//! Schedules with side effects on running state stay with their pallets' own validated
//! setters: the mining epoch schedule (`DataMining::set_schedule`) and the energy market's
//! periods (`EnergyMarket::set_parameters`).

use super::governance::{FoundationBudgetsOrigin, ParametersOrigin};
use crate::*;
use frame_support::{
	dynamic_params::{dynamic_pallet_params, dynamic_params},
	traits::{EnsureOrigin, EnsureOriginWithArg},
};

#[dynamic_params(RuntimeParameters, pallet_parameters::Parameters::<Runtime>)]
pub mod dynamic_params {
	use super::*;

	/// How the emission pallet splits block rewards and fees.
	#[dynamic_pallet_params]
	#[codec(index = 0)]
	pub mod emission {
		/// Shares of each block reward: 40 % author, 40 % data-mining pool, 20 % treasury.
		#[codec(index = 0)]
		pub static RewardShares: pallet_emission::RewardShares =
			pallet_emission::RewardShares::default();
		/// Share of every fee and tip burned; the rest goes to the block author.
		#[codec(index = 1)]
		pub static FeeBurnShare: sp_runtime::Perbill = pallet_emission::DEFAULT_FEE_BURN_SHARE;
	}

	/// The foundation treasury.
	#[dynamic_pallet_params]
	#[codec(index = 1)]
	pub mod foundation {
		/// Share of the treasury's idle balance burned when a quarter closes.
		#[codec(index = 0)]
		pub static BurnShare: sp_runtime::Permill = sp_runtime::Permill::zero();
	}

	/// The device registry.
	#[dynamic_pallet_params]
	#[codec(index = 2)]
	pub mod device_identity {
		/// Free device transactions per device and day.
		#[codec(index = 0)]
		pub static DailyQuota: u32 = crate::configs::parameters::DEVICE_DAILY_QUOTA;
	}

	/// Data-mining rewards.
	#[dynamic_pallet_params]
	#[codec(index = 3)]
	pub mod data_mining {
		/// How contributions score: capacity 1,000,000 units an hour; quality weighs 50 %,
		/// bandwidth (against 10 Mbit/s) and privacy 25 % each; the payout rises to 70 % at
		/// half capacity and 100 % at capacity, so the reward per unit falls above half capacity.
		#[codec(index = 0)]
		pub static Scoring: pallet_data_mining::ScoringOf<Runtime> =
			crate::configs::parameters::default_scoring();
		/// Share of the pool's unallocated balance set aside for each epoch when it closes.
		#[codec(index = 1)]
		pub static EpochShare: sp_runtime::Perbill = sp_runtime::Perbill::from_percent(50);
	}

	/// The P2P energy market.
	#[dynamic_pallet_params]
	#[codec(index = 4)]
	pub mod energy_market {
		/// Share of each energy payment that goes to the foundation.
		#[codec(index = 0)]
		pub static MarketFee: sp_runtime::Permill = sp_runtime::Permill::from_percent(1);
	}

	/// Carbon credits.
	#[dynamic_pallet_params]
	#[codec(index = 5)]
	pub mod carbon_credits {
		/// Grams of CO2e a kWh of each type avoids against grid power, for the green points:
		/// starting values for governance to refine.
		#[codec(index = 0)]
		pub static GreenFactors: sci_primitives::energy::GreenFactors =
			sci_primitives::energy::GreenFactors {
				solar: 400,
				wind: 450,
				biomass: 200,
				hydro: 420,
				hydrogen: 300,
			};
	}

	/// Validator elections.
	#[dynamic_pallet_params]
	#[codec(index = 6)]
	pub mod staking {
		/// Sessions per era: the validator set is elected once an era.
		#[codec(index = 0)]
		pub static SessionsPerEra: sp_staking::SessionIndex = 6;
	}
}

/// Free device transactions per device and day until governance sets another quota.
pub const DEVICE_DAILY_QUOTA: u32 = 100;

/// The default scoring of data-mining contributions (see `dynamic_params::data_mining::Scoring`).
pub fn default_scoring() -> pallet_data_mining::ScoringOf<Runtime> {
	use sp_runtime::Perbill;
	let point = |utilisation, payout| pallet_data_mining::CurvePoint {
		utilisation: Perbill::from_percent(utilisation),
		payout: Perbill::from_percent(payout),
	};
	pallet_data_mining::Scoring {
		capacity: 1_000_000,
		reference_bandwidth: 10_000,
		weights: pallet_data_mining::ScoreWeights {
			quality: Perbill::from_percent(50),
			bandwidth: Perbill::from_percent(25),
			privacy: Perbill::from_percent(25),
		},
		curve: frame_support::BoundedVec::truncate_from(alloc::vec![
			point(50, 70),
			point(100, 100)
		]),
	}
}

/// Who may set each parameter: see the module documentation.
pub struct ParameterAdmin;

impl EnsureOriginWithArg<RuntimeOrigin, RuntimeParametersKey> for ParameterAdmin {
	type Success = ();

	fn try_origin(
		origin: RuntimeOrigin,
		key: &RuntimeParametersKey,
	) -> Result<Self::Success, RuntimeOrigin> {
		// Every group is named, so a new one needs a decision here.
		match key {
			RuntimeParametersKey::Foundation(_) => {
				FoundationBudgetsOrigin::try_origin(origin).map(|_| ())
			},
			RuntimeParametersKey::Emission(_)
			| RuntimeParametersKey::DeviceIdentity(_)
			| RuntimeParametersKey::DataMining(_)
			| RuntimeParametersKey::EnergyMarket(_)
			| RuntimeParametersKey::CarbonCredits(_)
			| RuntimeParametersKey::Staking(_) => ParametersOrigin::try_origin(origin).map(|_| ()),
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(_key: &RuntimeParametersKey) -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::root())
	}
}

/// The key the `set_parameter` benchmark writes.
#[cfg(feature = "runtime-benchmarks")]
impl Default for RuntimeParameters {
	fn default() -> Self {
		RuntimeParameters::DataMining(dynamic_params::data_mining::Parameters::Scoring(
			dynamic_params::data_mining::Scoring,
			Some(default_scoring()),
		))
	}
}

/// Sets the foundation's burn share for its quarter-end benchmark (the default burns nothing).
#[cfg(feature = "runtime-benchmarks")]
pub struct FoundationBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_foundation::BenchmarkHelper for FoundationBenchmarkHelper {
	fn set_burn_share(share: sp_runtime::Permill) {
		use dynamic_params::foundation::{BurnShare, ParametersKey, ParametersValue};
		pallet_parameters::Parameters::<Runtime>::insert(
			RuntimeParametersKey::Foundation(ParametersKey::BurnShare(BurnShare)),
			RuntimeParametersValue::Foundation(ParametersValue::BurnShare(share)),
		);
	}
}

impl pallet_parameters::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeParameters = RuntimeParameters;
	type AdminOrigin = ParameterAdmin;
	type WeightInfo = crate::weights::pallet_parameters::WeightInfo<Runtime>;
}
