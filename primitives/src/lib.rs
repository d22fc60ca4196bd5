//! Chain-wide types shared by the SCI runtime and the SCI node host.
//!
//! The node never links the runtime's logic; it only needs these opaque types to store,
//! hash and move blocks, and the units and timing constants to talk about them.
#![cfg_attr(not(feature = "std"), no_std)]

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

	/// Session keys certified by devices.
	pub trait DeviceCertificates<SessionKey> {
		/// Whether `session_key` holds an unexpired certificate of the valid `device`.
		fn certificate_valid(device: DeviceId, session_key: &SessionKey) -> bool;
	}
}
