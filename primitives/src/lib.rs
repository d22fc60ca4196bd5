//! Chain-wide types shared by the SCI runtime and the SCI node host.
//!
//! The node never links the runtime's logic; it only needs these opaque types to store,
//! hash and move blocks, the units and timing constants to talk about them, and the
//! declarations of the runtime APIs that exist for the node's sake ([`signature_check`],
//! [`block_building`]), and the macros SCI's pallets declare wrapping transaction extensions
//! with ([`mod@wrapped_extension`]).
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod block_building;
pub mod signature_check;
pub mod wrapped_extension;

use sp_runtime::{
	generic,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature, OpaqueExtrinsic,
};

/// Block numbers: `u32` lasts 136 years at one block per second.
pub type BlockNumber = u32;
/// Transaction signatures: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// Account identifiers: 32 bytes, derived from the signer's public key.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balances of the native token SCI, in plancks (10^-12 SCI).
pub type Balance = u128;
/// Per-account transaction counter.
pub type Nonce = u32;
/// Block and state hashes.
pub type Hash = sp_core::H256;
/// The hashing algorithm of headers and the state trie.
pub type Hashing = BlakeTwo256;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Types the node host uses without knowing the runtime's calls.
pub mod opaque {
	use super::*;
	/// A block whose extrinsics are opaque byte strings.
	pub type Block = generic::Block<Header, OpaqueExtrinsic>;
}

/// `amount × part / whole`, rounded down; zero when `whole` is zero. For pro-rata shares that
/// must never add up to more than `amount` (`part ≤ whole`).
pub fn share_of<Balance>(amount: Balance, part: u128, whole: u128) -> Balance
where
	Balance: TryInto<u128> + TryFrom<u128> + sp_runtime::traits::Zero,
{
	if whole == 0 {
		return Balance::zero();
	}
	let amount: u128 = amount.try_into().unwrap_or(u128::MAX);
	sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
		amount,
		part,
		whole,
		sp_runtime::Rounding::Down,
	)
	.and_then(|result| Balance::try_from(result).ok())
	.unwrap_or_else(Balance::zero)
}

/// Units of the native token.
pub mod units {
	use super::Balance;
	/// Token symbol shown by wallets.
	pub const TOKEN_SYMBOL: &str = "SCI";
	/// Decimal places of one SCI.
	pub const TOKEN_DECIMALS: u8 = 12;
	/// One SCI.
	pub const UNIT: Balance = 1_000_000_000_000;
	/// 10^-3 SCI.
	pub const MILLI_UNIT: Balance = UNIT / 1_000;
	/// 10^-6 SCI.
	pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
	/// Hard cap on total issuance: 2.1 billion SCI.
	pub const MAX_SUPPLY: Balance = 2_100_000_000 * UNIT;
	/// SS58 address prefix (generic Substrate until one is registered).
	pub const SS58_PREFIX: u16 = 42;
}

/// Block time.
pub mod time {
	use super::BlockNumber;
	/// Target block time: one second.
	pub const MILLISECS_PER_BLOCK: u64 = 1_000;
	/// One slot per block.
	pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;
	/// Blocks per minute.
	pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
	/// Blocks per hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks per day.
	pub const DAYS: BlockNumber = HOURS * 24;
}

/// Device identity as other pallets see it: the checks they make before accepting a device's
/// report or reading.
pub mod devices {
	/// A registered device, numbered from 0 in order of registration.
	pub type DeviceId = u64;

	/// What a pallet may ask the device registry.
	pub trait DeviceRegistry<AccountId> {
		/// Whether `device` is registered and neither it nor any ancestor is revoked.
		fn is_valid(device: DeviceId) -> bool;
		/// The owner of `device`, if it is registered (valid or not).
		fn owner(device: DeviceId) -> Option<AccountId>;
		/// The valid device whose current long-lived key signs as `account`.
		fn device_of(account: &AccountId) -> Option<DeviceId>;
		/// Whether `who` may read `device`'s data: its owner, or an unexpired grant.
		fn has_access(device: DeviceId, who: &AccountId) -> bool;
		/// Make `device_account` the key account of a new valid device of `owner`, skipping
		/// the proofs: for other pallets' benchmarks only.
		#[cfg(feature = "runtime-benchmarks")]
		fn register_for_benchmark(owner: &AccountId, device_account: &AccountId) -> DeviceId;
	}

	/// A stand-in registry for pallets' mock runtimes (accounts are `u64`).
	#[cfg(feature = "testing")]
	pub mod testing {
		use super::{DeviceId, DeviceRegistry};
		use std::{cell::RefCell, collections::BTreeMap};

		/// A device of the stand-in registry.
		#[derive(Clone)]
		struct Device {
			account: u64,
			owner: u64,
			valid: bool,
		}

		std::thread_local! {
			static DEVICES: RefCell<BTreeMap<DeviceId, Device>> =
				const { RefCell::new(BTreeMap::new()) };
		}

		/// The stand-in registry: devices added by [`add_device`], revoked by
		/// [`revoke_device`]; owners have access to their devices' data.
		pub struct MockDevices;

		impl DeviceRegistry<u64> for MockDevices {
			fn is_valid(device: DeviceId) -> bool {
				DEVICES.with(|d| d.borrow().get(&device).is_some_and(|d| d.valid))
			}
			fn owner(device: DeviceId) -> Option<u64> {
				DEVICES.with(|d| d.borrow().get(&device).map(|d| d.owner))
			}
			fn device_of(account: &u64) -> Option<DeviceId> {
				DEVICES.with(|d| {
					d.borrow()
						.iter()
						.find(|(_, d)| d.account == *account && d.valid)
						.map(|(id, _)| *id)
				})
			}
			fn has_access(device: DeviceId, who: &u64) -> bool {
				Self::owner(device) == Some(*who)
			}
			#[cfg(feature = "runtime-benchmarks")]
			fn register_for_benchmark(owner: &u64, device_account: &u64) -> DeviceId {
				let id = DEVICES.with(|d| d.borrow().keys().next_back().map_or(0, |last| last + 1));
				add_device(id, *device_account, *owner);
				id
			}
		}

		/// Register `device` with key account `account`, owned by `owner`.
		pub fn add_device(device: DeviceId, account: u64, owner: u64) {
			DEVICES.with(|d| d.borrow_mut().insert(device, Device { account, owner, valid: true }));
		}

		/// Revoke `device`.
		pub fn revoke_device(device: DeviceId) {
			DEVICES.with(|d| d.borrow_mut().get_mut(&device).expect("registered").valid = false);
		}

		/// Forget every device (each test starts from an empty registry).
		pub fn clear_devices() {
			DEVICES.with(|d| d.borrow_mut().clear());
		}
	}

	/// Session keys certified by devices.
	pub trait DeviceCertificates<SessionKey> {
		/// Whether `session_key` holds an unexpired certificate of the valid `device`.
		fn certificate_valid(device: DeviceId, session_key: &SessionKey) -> bool;
	}
}

/// Energy as the energy market and the carbon ledger share it.
pub mod energy {
	use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
	use scale_info::TypeInfo;

	/// The renewable sources traded on the market.
	#[derive(
		Clone,
		Copy,
		PartialEq,
		Eq,
		PartialOrd,
		Ord,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
		Debug,
		serde::Serialize,
		serde::Deserialize,
	)]
	pub enum EnergyType {
		/// Photovoltaic.
		Solar,
		/// Wind turbines.
		Wind,
		/// Biomass.
		Biomass,
		/// Hydro power.
		Hydro,
		/// Green hydrogen.
		Hydrogen,
	}

	impl EnergyType {
		/// Every type, in declaration order.
		pub const ALL: [EnergyType; 5] = [
			EnergyType::Solar,
			EnergyType::Wind,
			EnergyType::Biomass,
			EnergyType::Hydro,
			EnergyType::Hydrogen,
		];
	}

	/// Grams of CO2e a kWh of each energy type avoids against grid power: what green energy
	/// bought on the market earns its buyer in green points. A protocol parameter, set by
	/// governance through the runtime's parameters pallet; every value is valid.
	#[derive(
		Clone,
		Copy,
		PartialEq,
		Eq,
		Encode,
		Decode,
		DecodeWithMemTracking,
		MaxEncodedLen,
		TypeInfo,
		Debug,
	)]
	pub struct GreenFactors {
		/// Grams of CO2e avoided per kWh of [`EnergyType::Solar`].
		pub solar: u32,
		/// Grams of CO2e avoided per kWh of [`EnergyType::Wind`].
		pub wind: u32,
		/// Grams of CO2e avoided per kWh of [`EnergyType::Biomass`].
		pub biomass: u32,
		/// Grams of CO2e avoided per kWh of [`EnergyType::Hydro`].
		pub hydro: u32,
		/// Grams of CO2e avoided per kWh of [`EnergyType::Hydrogen`].
		pub hydrogen: u32,
	}

	impl GreenFactors {
		/// Grams of CO2e avoided per kWh of `energy`.
		pub fn grams_per_kwh(&self, energy: EnergyType) -> u32 {
			match energy {
				EnergyType::Solar => self.solar,
				EnergyType::Wind => self.wind,
				EnergyType::Biomass => self.biomass,
				EnergyType::Hydro => self.hydro,
				EnergyType::Hydrogen => self.hydrogen,
			}
		}
	}

	/// Told when green energy bought on the market was delivered.
	pub trait OnGreenDelivery<AccountId> {
		/// `buyer` received `kwh` of `energy`.
		fn on_green_delivery(buyer: &AccountId, energy: EnergyType, kwh: u64);
	}

	impl<AccountId> OnGreenDelivery<AccountId> for () {
		fn on_green_delivery(_: &AccountId, _: EnergyType, _: u64) {}
	}
}

#[cfg(test)]
mod tests {
	use super::energy::{EnergyType, GreenFactors};
	use codec::{Decode, Encode, MaxEncodedLen};

	#[test]
	fn green_factors_give_each_type_its_own_field() {
		let factors = GreenFactors { solar: 1, wind: 2, biomass: 3, hydro: 4, hydrogen: 5 };
		assert_eq!(EnergyType::ALL.map(|energy| factors.grams_per_kwh(energy)), [1, 2, 3, 4, 5]);
	}

	#[test]
	fn green_factors_round_trip() {
		let factors =
			GreenFactors { solar: 400, wind: 450, biomass: 200, hydro: 420, hydrogen: u32::MAX };
		let encoded = factors.encode();
		assert_eq!(encoded.len(), GreenFactors::max_encoded_len());
		assert_eq!(GreenFactors::decode(&mut &encoded[..]).ok(), Some(factors));
	}
}
