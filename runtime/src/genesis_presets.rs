//! Genesis presets: the named starting states a chain spec can be built from.

use crate::{
	AccountId, Balance, BalancesConfig, BlockNumber, DataMiningConfig, DeviceIdentityConfig,
	EmissionConfig, EnergyMarketConfig, FoundationConfig, Runtime, RuntimeGenesisConfig,
	SessionConfig, SessionKeys, StakingConfig, SudoConfig, TechnicalMembershipConfig,
	ValidatorsConfig,
};
use alloc::{vec, vec::Vec};
use frame_support::{build_struct_json_patch, PalletId};
use sci_primitives::{
	time::{DAYS, HOURS, MINUTES},
	units::{MAX_SUPPLY, UNIT},
};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::traits::AccountIdConversion;

/// Balance of each endowed development account: one million SCI.
pub const DEV_ENDOWMENT: u128 = 1_000_000 * UNIT;

// SCI's genesis allocations, as shares of the 2,100,000,000 SCI cap.

/// Emission pool, minted over time by block rewards (not at genesis): 50 %, 1,050,000,000 SCI.
pub const EMISSION_POOL: Balance = MAX_SUPPLY / 2;
/// Ecosystem fund: 20 %, 420,000,000 SCI.
pub const ECOSYSTEM_ALLOCATION: Balance = MAX_SUPPLY / 100 * 20;
/// Team, vested (see [`team_vesting_batches`]): 15 %, 315,000,000 SCI.
pub const TEAM_ALLOCATION: Balance = MAX_SUPPLY / 100 * 15;
/// Foundation, paid into the foundation treasury account: 14 %, 294,000,000 SCI.
pub const FOUNDATION_ALLOCATION: Balance = MAX_SUPPLY / 100 * 14;
/// Not allocated: 1 %, 21,000,000 SCI. The development and test endowments
/// (`DEV_ENDOWMENT` for each of the twelve well-known accounts, 12,000,000 SCI) come out of it.
pub const UNALLOCATED: Balance = MAX_SUPPLY / 100;

/// Derives the ecosystem fund's account.
pub const ECOSYSTEM_PALLET_ID: PalletId = PalletId(*b"sci/ecos");

/// One year of 365.25 days at one block per second: 31,557,600 blocks.
pub const YEAR: BlockNumber = 36_525 * DAYS / 100;
/// Team tokens: nothing is released before the cliff...
pub const TEAM_CLIFF: BlockNumber = YEAR;
/// ...then they are released in this many equal yearly batches, the first at the cliff (one
/// year), the others one and two years later: fully released after three years.
pub const TEAM_BATCHES: u32 = 3;

const _: () = assert!(
	EMISSION_POOL + ECOSYSTEM_ALLOCATION + TEAM_ALLOCATION + FOUNDATION_ALLOCATION + UNALLOCATED
		== MAX_SUPPLY
);
const _: () = assert!(12 * DEV_ENDOWMENT <= UNALLOCATED);

/// A vesting batch `(account, unlock_block, amount)` of the emission pallet's genesis config.
pub type VestingBatch = (AccountId, BlockNumber, Balance);

/// The ecosystem fund's account.
pub fn ecosystem_account() -> AccountId {
	ECOSYSTEM_PALLET_ID.into_account_truncating()
}

/// The foundation treasury account (where the emission pallet pays the treasury share).
pub fn foundation_account() -> AccountId {
	pallet_emission::Pallet::<Runtime>::treasury_account()
}

/// The team accounts of the development and local presets: the well-known `//One` and `//Two`
/// keys, which are not among the endowed development accounts.
pub fn dev_team_accounts() -> Vec<AccountId> {
	vec![Sr25519Keyring::One.to_account_id(), Sr25519Keyring::Two.to_account_id()]
}

/// Vesting batches `(account, unlock_block, amount)` of `total` for `account`: `TEAM_BATCHES`
/// equal batches (the last takes the remainder), released at `TEAM_CLIFF` and then every
/// `YEAR`.
pub fn team_vesting_batches(account: &AccountId, total: Balance) -> Vec<VestingBatch> {
	let batch = total / Balance::from(TEAM_BATCHES);
	(0..TEAM_BATCHES)
		.map(|i| {
			let amount = if i + 1 == TEAM_BATCHES {
				total - batch * Balance::from(TEAM_BATCHES - 1)
			} else {
				batch
			};
			(account.clone(), TEAM_CLIFF + i * YEAR, amount)
		})
		.collect()
}

/// Genesis balances: the development endowments, unchanged, plus the foundation, team and
/// ecosystem allocations (the team split equally between `team`).
fn genesis_balances(
	endowed_accounts: Vec<AccountId>,
	team: &[AccountId],
) -> (Vec<(AccountId, Balance)>, Vec<VestingBatch>) {
	let mut balances: Vec<_> = endowed_accounts.into_iter().map(|a| (a, DEV_ENDOWMENT)).collect();
	balances.push((foundation_account(), FOUNDATION_ALLOCATION));
	balances.push((ecosystem_account(), ECOSYSTEM_ALLOCATION));
	let mut batches = Vec::new();
	let per_member = TEAM_ALLOCATION / team.len() as Balance;
	for (i, member) in team.iter().enumerate() {
		let share = if i + 1 == team.len() {
			TEAM_ALLOCATION - per_member * (team.len() as Balance - 1)
		} else {
			per_member
		};
		balances.push((member.clone(), share));
		batches.extend(team_vesting_batches(member, share));
	}
	(balances, batches)
}

/// The foundation's signatories in the built-in presets: Alice, Bob and Charlie, two of three.
fn foundation_signatories() -> (Vec<AccountId>, u32) {
	let keys = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie];
	(keys.iter().map(|k| k.to_account_id()).collect(), 2)
}

/// The mining schedule of the built-in presets: hourly epochs, an hour to challenge, a week
/// to claim. How contributions score is a protocol parameter (`configs::parameters`).
pub fn mining_schedule() -> pallet_data_mining::Schedule<BlockNumber> {
	pallet_data_mining::Schedule {
		epoch_length: HOURS,
		challenge_window: HOURS,
		claim_period: 7 * DAYS,
	}
}

/// The energy market of the built-in presets: 15-minute delivery periods whose orders close a
/// minute before they start, an hour to report deliveries. The fee is a protocol parameter.
pub fn market_parameters() -> pallet_energy_market::MarketParameters<BlockNumber> {
	pallet_energy_market::MarketParameters {
		period_length: 15 * MINUTES,
		gate_lead: MINUTES,
		settlement_timeout: HOURS,
	}
}

/// The technical committee of the built-in presets: Alice, Bob and Charlie.
pub fn committee() -> Vec<AccountId> {
	[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie]
		.iter()
		.map(|k| k.to_account_id())
		.collect()
}

/// Stake each validator of the built-in presets bonds at genesis: 10,000 SCI of its endowment.
pub const VALIDATOR_BOND: Balance = 10_000 * UNIT;

/// A genesis validator: its stash account and its session keys.
pub struct GenesisValidator {
	/// The stash that bonds [`VALIDATOR_BOND`] (and is the validator's id).
	pub stash: AccountId,
	/// Its Aura key.
	pub aura: AuraId,
	/// Its GRANDPA key.
	pub grandpa: GrandpaId,
}

fn testnet_genesis(
	validators: Vec<GenesisValidator>,
	endowed_accounts: Vec<AccountId>,
	root: Option<AccountId>,
	session_length: BlockNumber,
) -> Value {
	let committee: frame_support::BoundedVec<_, _> =
		frame_support::BoundedVec::truncate_from(committee());
	let (signatories, threshold) = foundation_signatories();
	let (balances, vesting_batches) = genesis_balances(endowed_accounts, &dev_team_accounts());
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		emission: EmissionConfig { emission_pool: EMISSION_POOL, vesting_batches },
		// The Aura and GRANDPA sets come from the session keys of the elected validators.
		staking: StakingConfig {
			validator_count: validators.len() as u32,
			minimum_validator_count: 1,
			stakers: validators
				.iter()
				.map(|v| {
					(
						v.stash.clone(),
						v.stash.clone(),
						VALIDATOR_BOND,
						pallet_staking::StakerStatus::<AccountId>::Validator,
					)
				})
				.collect::<Vec<_>>(),
		},
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| {
					let keys = SessionKeys { aura: v.aura.clone(), grandpa: v.grandpa.clone() };
					(v.stash.clone(), v.stash.clone(), keys)
				})
				.collect::<Vec<_>>(),
		},
		validators: ValidatorsConfig { session_length },
		device_identity: DeviceIdentityConfig {
			// The sudo key (when there is one) starts as the registry's senior admin.
			senior_admins: root.iter().cloned().collect::<Vec<_>>(),
		},
		data_mining: DataMiningConfig { schedule: Some(mining_schedule()) },
		energy_market: EnergyMarketConfig { parameters: Some(market_parameters()) },
		sudo: SudoConfig { key: root },
		// The collective's members are set by the membership pallet's genesis.
		technical_membership: TechnicalMembershipConfig { members: committee },
		foundation: FoundationConfig { signatories, threshold },
	})
}

/// A well-known account as a genesis validator: its sr25519 key authors, its ed25519 key votes.
fn authority(sr: Sr25519Keyring, ed: Ed25519Keyring) -> GenesisValidator {
	GenesisValidator {
		stash: sr.to_account_id(),
		aura: sr.public().into(),
		grandpa: ed.public().into(),
	}
}

/// Sessions of the development chain: 10 blocks (the shortest), so that set changes come
/// quickly: an era (and a GRANDPA set change) every minute.
pub const DEV_SESSION_LENGTH: BlockNumber = 10;
/// Sessions of the local network: a minute, so that its tests see set changes.
pub const LOCAL_SESSION_LENGTH: BlockNumber = MINUTES;
/// Sessions of the staging network (and the suggested length for public ones): 10 minutes.
pub const SESSION_LENGTH: BlockNumber = 10 * MINUTES;

/// Single-validator development chain: Alice authors and finalizes; dev accounts endowed.
pub fn development_config_genesis() -> Value {
	testnet_genesis(
		vec![authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		DEV_SESSION_LENGTH,
	)
}

/// Two-validator local network (Alice and Bob) without sudo: governed like a public network,
/// by referenda and the technical committee.
pub fn local_testnet_genesis() -> Value {
	testnet_genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		None,
		LOCAL_SESSION_LENGTH,
	)
}

/// Name of the staging preset.
pub const STAGING_RUNTIME_PRESET: &str = "staging";

/// Four-validator staging network (Alice, Bob, Charlie, Dave) without sudo: what public networks
/// look like. Operators replace the authorities and the technical committee before launching.
pub fn staging_genesis() -> Value {
	testnet_genesis(
		vec![
			authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			authority(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			authority(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			authority(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect(),
		None,
		SESSION_LENGTH,
	)
}

/// The JSON patch of a named preset, or `None` if there is no such preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		STAGING_RUNTIME_PRESET => staging_genesis(),
		_ => return None,
	};
	// A `serde_json::Value` always serializes.
	serde_json::to_vec(&patch).ok()
}

/// Names of all presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(DEV_RUNTIME_PRESET),
		PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(STAGING_RUNTIME_PRESET),
	]
}
